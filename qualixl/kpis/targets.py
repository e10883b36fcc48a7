"""Targets of the Indicateurs sheet and the status of a value against them.

A code missing from the sheet (or the sheet itself) takes the contract's defaults
(schema.KPIS). A rate target typed as a percentage number (85) is read as 0.85.
An empty or unreadable Cible keeps the default target and alert; a Cible typed without
a Seuil d'alerte has no alert band (a value is then atteint or non atteint). An empty
Sens keeps the contract's direction (the reader fills "≥" into empty cells, so the raw
cell is looked at, not the typed default).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qualixl import schema
from qualixl.parsing import TEXT_DATE, is_empty
from qualixl.reading import Dataset

# Tolerance of comparisons with a target (a rate of 17/20 is 0.85 to the last bit,
# but a mean of scores may not be).
EPSILON = 1e-9


@dataclass(frozen=True)
class Target:
    target: float
    alert: float | None
    direction: str  # "≥" or "≤"


def default_targets() -> dict[str, Target]:
    return {k.code: Target(float(k.target), float(k.alert), k.direction) for k in schema.KPIS}


def _scaled(value: float, unit: str) -> float:
    return value / 100.0 if unit == "taux" and value > 1 else value


def read_targets(dataset: Dataset) -> dict[str, Target]:
    """Targets per KPI code, from the Indicateurs sheet, else the contract's defaults."""
    targets = default_targets()
    sheet = dataset.get(schema.INDICATEURS)
    if sheet is None or not len(sheet):
        return targets
    values, problems = sheet.values, sheet.problems

    def usable(header: str) -> pd.Series:
        if header not in problems:
            return pd.Series(True, index=values.index)
        return problems[header].isna() | (problems[header] == TEXT_DATE)

    codes = values["Code"].where(values["Code"].notna(), "").astype(str).str.strip().str.upper()
    sens_typed = ~is_empty(sheet.raw["Sens"]) & usable("Sens") if "Sens" in sheet.raw else pd.Series(False, index=values.index)
    seen: set[str] = set()
    # One row per KPI: a loop over this small configuration sheet, not over data rows.
    for row in values.index:
        code = codes[row]
        kpi = schema.KPIS_BY_CODE.get(code)
        if kpi is None or code in seen:
            continue
        seen.add(code)
        default = targets[code]
        cible = values.at[row, "Cible"]
        direction = values.at[row, "Sens"] if sens_typed[row] else kpi.direction
        if pd.isna(cible) or not usable("Cible")[row]:
            targets[code] = Target(default.target, default.alert, direction)
            continue
        alert = values.at[row, "Seuil d'alerte"] if "Seuil d'alerte" in values else np.nan
        alert_ok = not pd.isna(alert) and bool(usable("Seuil d'alerte")[row])
        targets[code] = Target(
            _scaled(float(cible), kpi.unit),
            _scaled(float(alert), kpi.unit) if alert_ok else None,
            direction,
        )
    return targets


def statuses(values: pd.Series, codes: pd.Series, targets: dict[str, Target]) -> pd.Series:
    """Status of each value against its code's target; None where the value is missing.

    For "≥": value ≥ cible → atteint; else value ≥ seuil d'alerte → alerte; else non
    atteint. For "≤" the same with ≤.
    """
    target = codes.map({c: t.target for c, t in targets.items()}).astype("float64")
    alert = codes.map({c: (np.nan if t.alert is None else t.alert) for c, t in targets.items()}).astype("float64")
    higher = codes.map({c: t.direction == "≥" for c, t in targets.items()}).astype(bool)
    met = np.where(higher, values >= target - EPSILON, values <= target + EPSILON)
    warn = alert.notna() & np.where(higher, values >= alert - EPSILON, values <= alert + EPSILON)
    out = np.where(met, schema.STATUS_MET, np.where(warn, schema.STATUS_ALERT, schema.STATUS_MISSED)).astype(object)
    out[values.isna().to_numpy()] = None
    return pd.Series(out, index=values.index, dtype=object)
