"""Cell-level helpers of the facts: the day a date names, and whether a cell could be read."""

from __future__ import annotations

import pandas as pd

from qualixl.parsing import TEXT_DATE
from qualixl.reading import SheetData


def day(data: SheetData, header: str) -> pd.Series:
    """The calendar day of each date of a column, the time of day dropped (NaT where empty or unreadable).

    WORKBOOK.md: every delay is counted in calendar days, the time of day ignored,
    everywhere. Every fact that compares dates starts from here.
    """
    return data.values[header].dt.normalize()


def days(later: pd.Series | pd.Timestamp, earlier: pd.Series | pd.Timestamp) -> pd.Series:
    """Whole calendar days from `earlier` to `later`, both days (NaN where either is missing)."""
    return (later - earlier).dt.days


def after(data: SheetData, header: str, as_of: pd.Timestamp) -> pd.Series:
    """True where the column's day is after the as-of date (not known yet then, or mistyped)."""
    return day(data, header) > as_of


def unusable(data: SheetData, *headers: str) -> pd.Series:
    """True where one of the cells is filled but could not be read (a text date jj/mm/aaaa is read)."""
    bad = pd.Series(False, index=data.values.index)
    for header in headers:
        if header in data.problems:
            problem = data.problems[header]
            bad |= problem.notna() & (problem != TEXT_DATE)
    return bad


def attributed(index: pd.Index, date: pd.Series, as_of: pd.Timestamp) -> pd.DataFrame:
    """The start of every fact frame: the row's attribution `date` (a day), `dated` (readable and
    not after the as-of date) and `after` (dated after it: not known yet, counted nowhere)."""
    return pd.DataFrame({"date": date, "dated": date.notna() & (date <= as_of), "after": date > as_of}, index=index)
