"""Rates with their sample size and 95 % interval, read from the KPI table.

Shared by the diagnostic, the annual report and (through `rate_estimates`) the
dashboard: a rate on fewer than SMALL_SAMPLE answers is flagged "échantillon faible",
so nobody reads 100 % on two answers as a result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from qualixl import figures, schema
from qualixl.diagnostic.wilson import wilson_interval

SMALL_SAMPLE = 10
SMALL_SAMPLE_LABEL = "échantillon faible"
RATE_CODES = tuple(k.code for k in schema.KPIS if k.unit == "taux")


@dataclass(frozen=True)
class RateEstimate:
    """One rate of the KPI table: successes out of n, its value and its Wilson interval."""

    code: str
    period: str
    category: str | None
    successes: float
    n: int
    value: float | None
    low: float | None
    high: float | None
    status: str | None = None  # atteint / alerte / non atteint, as compute_kpis graded it

    @property
    def small(self) -> bool:
        return self.n < SMALL_SAMPLE

    @property
    def interval_text(self) -> str:
        """"[70,1 % ; 90,2 %]", or "" when there is nothing to bound."""
        if self.low is None or self.high is None:
            return ""
        return f"[{percent(self.low)} ; {percent(self.high)}]"

    def text(self) -> str:
        """French one-liner: "82,5 % (33/40, IC 95 % [68,0 % ; 91,3 %])", flagged when small."""
        if self.value is None or self.n == 0:
            return "aucune donnée"
        counts = f"{self.successes:g}/{self.n}"
        out = f"{percent(self.value)} ({counts}, IC 95 % {self.interval_text})"
        return f"{out} — {SMALL_SAMPLE_LABEL}" if self.small else out


percent = figures.percent  # the one French percentage (qualixl.figures)


def _number(value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def estimate_from_record(record: dict) -> RateEstimate:
    """The estimate of one KPI row (a dict with the columns of compute_kpis)."""
    successes = _number(record.get("numerator")) or 0.0
    n = int(_number(record.get("denominator")) or 0)
    bounds = wilson_interval(min(successes, n), n) if n else None
    category = record.get("category")
    status = record.get("status")
    return RateEstimate(
        code=str(record["code"]),
        period=str(record["period"]),
        category=category if isinstance(category, str) else None,
        successes=successes,
        n=n,
        value=_number(record.get("value")) if n else None,
        low=bounds[0] if bounds else None,
        high=bounds[1] if bounds else None,
        status=status if isinstance(status, str) else None,
    )


def rate_estimate(kpis: pd.DataFrame | None, code: str, period: str,
                  category: str | None = None) -> RateEstimate | None:
    """The estimate of rate `code` for (period, category), or None when the KPI table lacks it."""
    if kpis is None or not len(kpis):
        return None
    rows = kpis[(kpis["code"] == code) & (kpis["period"] == period)]
    if category is None:
        rows = rows[rows["category"].isna()]
    else:
        rows = rows[rows["category"] == category]
    if not len(rows):
        return None
    return estimate_from_record(rows.iloc[0].to_dict())


def rate_estimates(kpis: pd.DataFrame | None, period: str = "12M") -> dict[str, RateEstimate]:
    """Every rate KPI of `period` (all categories together), by code: ready for a dashboard column."""
    out = {}
    for code in RATE_CODES:
        found = rate_estimate(kpis, code, period)
        if found is not None:
            out[code] = found
    return out
