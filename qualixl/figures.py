"""French figures, formatted once for every sheet, the diagnostic and the CLI.

One rounding (half away from zero, as Excel displays) and one set of decimals per unit:
a mean shown 4,13 on the dashboard is 4,13 in `qualixl kpi` and in the diagnostic.
Sheets write `shown(...)` — the value already rounded as displayed — with the number
format of `NUMBER_FORMATS`, so that Excel and LibreOffice show the same digits.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from qualixl import schema

NBSP = "\u00a0"
# Decimals shown per KPI unit: a rate's are those of its percentage.
DECIMALS = {"taux": 1, "moyenne": 2, "jours": 1, "nombre": 0}
NUMBER_FORMATS = {"taux": "0.0%", "moyenne": "0.00", "jours": "0.0", "nombre": "0"}
_UNITS = {k.code: k.unit for k in schema.KPIS}


def missing(value: object) -> bool:
    """None, NA, NaN and NaT: nothing to show."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def rounded(value: float, decimals: int) -> float:
    """`value` rounded half away from zero (4.125 → 4.13), on its decimal writing, not its binary one."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def number(value: float, decimals: int = 0) -> str:
    """1234.5 → "1 234,5" with a non-breaking thousands separator."""
    text = f"{rounded(value, decimals):,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",")


def percent(value: float) -> str:
    """0.825 → "82,5 %" (one decimal, French comma, non-breaking space)."""
    return f"{number(float(value) * 100, 1)}{NBSP}%"


def unit_of(code: str) -> str:
    return _UNITS.get(code, "nombre")


def shown(code: str, value: float) -> float:
    """The KPI value rounded exactly as it is displayed (what a sheet writes as a number)."""
    if unit_of(code) == "taux":  # 0.9642857 → 0.964, shown 96,4 %
        return rounded(float(value), DECIMALS["taux"] + 2)
    return rounded(float(value), DECIMALS[unit_of(code)])


def kpi_value(code: str, value: object) -> str:
    """A KPI value in French: rates as %, means and days with their decimals, counts as integers."""
    if missing(value):
        return "—"
    unit = unit_of(code)
    if unit == "taux":
        return percent(float(value))
    return number(float(value), DECIMALS[unit])


def target(value: float, unit: str) -> str:
    """A target, shown like the figures it is compared with: 0.8 → "80,0 %", 4 → "4"."""
    if unit == "taux":
        return percent(value)
    return f"{float(value):g}".replace(".", ",")


def day(value: object) -> str:
    """A date (Timestamp, datetime or date) as jj/mm/aaaa."""
    return pd.Timestamp(value).strftime("%d/%m/%Y")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'0 erreur', '1 erreur', '2 erreurs', '1 577 erreurs' (French: zero and one take the singular)."""
    word = singular if abs(count) < 2 else (plural_form or singular + "s")
    return f"{number(count)} {word}"


def excluded_note(count: int) -> str:
    """« dont 3 lignes non prises en compte » beside a figure that left rows out ("" when none)."""
    if not count:
        return ""
    if count == 1:
        return "dont 1 ligne non prise en compte"
    return f"dont {count} lignes non prises en compte"

