"""Reporting periods: months, calendar quarters, exercise years, the rolling 12 months.

Periods are handled as integer keys (vectorised, cheap to group on) and turned into
labels only for the few distinct keys of a result:

- month: ``year * 12 + month - 1``, label ``AAAA-MM``;
- quarter: ``month_key // 3``, label ``AAAA-T1`` … ``AAAA-T4`` (calendar quarters);
- exercise: the calendar year in which the exercise starts, label ``AAAA`` when the
  exercise starts in January, else ``AAAA-AAAA`` (September 2025 → ``2025-2026``);
- rolling: ``12M``, the twelve months ending at the as-of date (see `rolling_window`);
- stock: the as-of date itself, ``AAAA-MM-JJ``, for KPIs measured at a date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

ROLLING = "12M"

# Kinds of period, in the order results are listed.
MONTH = "mois"
QUARTER = "trimestre"
EXERCISE = "exercice"
ROLLING_KIND = "12 mois glissants"
STOCK = "arrêté"
KINDS = (MONTH, QUARTER, EXERCISE, ROLLING_KIND, STOCK)

_PATTERNS = (
    (re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"), MONTH),
    (re.compile(r"^\d{4}-T[1-4]$"), QUARTER),
    (re.compile(r"^\d{4}$"), EXERCISE),
    (re.compile(r"^(\d{4})-(\d{4})$"), EXERCISE),
    (re.compile(r"^12M$"), ROLLING_KIND),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), STOCK),
)


def month_keys(dates: pd.Series) -> pd.Series:
    """Month key of each (non-missing) date: ``year * 12 + month - 1``."""
    return (dates.dt.year * 12 + dates.dt.month - 1).astype("int64")


def month_key(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def quarter_of_month(keys):
    """Calendar quarter key of month keys (works on ints, arrays and Series)."""
    return keys // 3


def exercise_of_month(keys, start_month: int):
    """Exercise key (the year the exercise starts) of month keys."""
    return (keys - (start_month - 1)) // 12


def month_label(key: int) -> str:
    key = int(key)
    return f"{key // 12:04d}-{key % 12 + 1:02d}"


def quarter_label(key: int) -> str:
    key = int(key)
    return f"{key // 4:04d}-T{key % 4 + 1}"


def exercise_key_label(start_year: int, start_month: int) -> str:
    """Label of the exercise starting in `start_year`: AAAA, or AAAA-AAAA when not in January."""
    start_year = int(start_year)
    return f"{start_year:04d}" if start_month == 1 else f"{start_year:04d}-{start_year + 1:04d}"


def exercise_label(day: dt.date, start_month: int = 1) -> str:
    """Label of the exercise containing `day` (September 2025, start in September → 2025-2026)."""
    return exercise_key_label(exercise_of_month(month_key(day), start_month), start_month)


def month_labels(as_of: dt.date, count: int = 12) -> list[str]:
    """The `count` month labels ending with as_of's month, oldest first."""
    current = month_key(as_of)
    return [month_label(k) for k in range(current - count + 1, current + 1)]


def stock_label(as_of: dt.date) -> str:
    return as_of.isoformat()


def rolling_window(as_of: dt.date) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The rolling twelve months: dates d with ``start < d <= end`` (``end`` is as_of).

    ``start`` is as_of one year earlier (29 February → 28 February). When as_of is the
    last day of its month, ``start`` is the last day of the same month a year earlier,
    so the window is exactly the twelve calendar months ending with as_of's month; this
    differs from the plain "one year earlier" only for 28 February following a leap
    year (start 29 February instead of 28 February).
    """
    end = pd.Timestamp(as_of).normalize()
    start = end - pd.DateOffset(years=1)
    if (end + pd.Timedelta(days=1)).day == 1:
        start = start + pd.offsets.MonthEnd(0)
    return start, end


def between_days(days: pd.Series, first: dt.date, last: dt.date) -> pd.Series:
    """Days from `first` to `last`, both included (an exercise up to its cutoff)."""
    return (days >= pd.Timestamp(first)) & (days <= pd.Timestamp(last))


def in_rolling_window(dates: pd.Series, as_of: dt.date) -> pd.Series:
    start, end = rolling_window(as_of)
    return (dates > start) & (dates <= end)


def period_kind(label: str) -> str | None:
    """The kind of a period label (MONTH, QUARTER, …), or None if it is not one."""
    for pattern, kind in _PATTERNS:
        match = pattern.match(label)
        if match:
            if kind == EXERCISE and match.lastindex == 2 and int(match.group(2)) != int(match.group(1)) + 1:
                return None
            if kind == STOCK:
                try:
                    dt.date.fromisoformat(label)
                except ValueError:
                    return None
            return kind
    return None


def month_range(first: int, last: int) -> np.ndarray:
    return np.arange(first, last + 1, dtype="int64")


@dataclass(frozen=True)
class PeriodLabels:
    """The labels a report around `as_of` needs (e.g. a dashboard)."""

    as_of: dt.date
    exercise_start_month: int
    month: str  # month containing as_of
    quarter: str  # calendar quarter containing as_of
    exercise: str  # exercise containing as_of
    previous_exercise: str
    rolling: str  # "12M"
    stock: str  # as_of, AAAA-MM-JJ: the period of stock KPIs
    last_12_months: tuple[str, ...]  # oldest first, ending with as_of's month
    last_24_months: tuple[str, ...]
    exercise_months: tuple[str, ...]  # months of the current exercise up to as_of's month
    rolling_start: dt.date  # the rolling window is (rolling_start, as_of]


def period_labels(as_of: dt.date, exercise_start_month: int = 1) -> PeriodLabels:
    """Labels of the periods around `as_of`, as `compute_kpis` writes them."""
    current = month_key(as_of)
    exercise = exercise_of_month(current, exercise_start_month)
    first_month = exercise * 12 + exercise_start_month - 1
    start, _ = rolling_window(as_of)
    return PeriodLabels(
        as_of=as_of,
        exercise_start_month=exercise_start_month,
        month=month_label(current),
        quarter=quarter_label(quarter_of_month(current)),
        exercise=exercise_key_label(exercise, exercise_start_month),
        previous_exercise=exercise_key_label(exercise - 1, exercise_start_month),
        rolling=ROLLING,
        stock=stock_label(as_of),
        last_12_months=tuple(month_labels(as_of, 12)),
        last_24_months=tuple(month_labels(as_of, 24)),
        exercise_months=tuple(month_label(k) for k in range(first_month, current + 1)),
        rolling_start=start.date(),
    )
