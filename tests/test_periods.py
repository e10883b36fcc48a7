"""Period keys, labels and the rolling twelve-month window."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualixl.kpis import periods as p

D = dt.date


def test_month_quarter_labels():
    key = p.month_key(D(2026, 3, 15))
    assert key == 2026 * 12 + 2
    assert p.month_label(key) == "2026-03"
    assert p.quarter_label(p.quarter_of_month(key)) == "2026-T1"
    assert p.quarter_label(p.quarter_of_month(p.month_key(D(2025, 12, 31)))) == "2025-T4"
    assert p.quarter_label(p.quarter_of_month(p.month_key(D(2025, 7, 1)))) == "2025-T3"


@pytest.mark.parametrize(
    ("day", "start", "label"),
    [
        (D(2026, 3, 31), 1, "2026"),
        (D(2026, 1, 1), 1, "2026"),
        (D(2025, 12, 31), 1, "2025"),
        (D(2025, 9, 1), 9, "2025-2026"),  # exercise starting September 2025
        (D(2026, 8, 31), 9, "2025-2026"),
        (D(2025, 8, 31), 9, "2024-2025"),
        (D(2026, 7, 1), 7, "2026-2027"),
        (D(2026, 6, 30), 7, "2025-2026"),
        (D(2026, 12, 1), 12, "2026-2027"),
        (D(2026, 11, 30), 12, "2025-2026"),
    ],
)
def test_exercise_label(day, start, label):
    assert p.exercise_label(day, start) == label


def test_rolling_window_mid_month():
    start, end = p.rolling_window(D(2026, 3, 15))
    assert (start, end) == (pd.Timestamp("2025-03-15"), pd.Timestamp("2026-03-15"))
    dates = pd.Series(pd.to_datetime(["2025-03-15", "2025-03-16", "2026-03-15", "2026-03-16"]))
    assert p.in_rolling_window(dates, D(2026, 3, 15)).tolist() == [False, True, True, False]


def test_rolling_window_month_end_is_twelve_calendar_months():
    assert p.rolling_window(D(2026, 3, 31))[0] == pd.Timestamp("2025-03-31")
    assert p.rolling_window(D(2026, 4, 30))[0] == pd.Timestamp("2025-04-30")
    # 29 February → 28 February a year earlier (the month end, as plain "one year earlier")
    assert p.rolling_window(D(2028, 2, 29))[0] == pd.Timestamp("2027-02-28")
    # 28 February after a leap year: the window starts after 29 February, not 28 February,
    # so that it is exactly March 2028 … February 2029.
    assert p.rolling_window(D(2029, 2, 28))[0] == pd.Timestamp("2028-02-29")
    # not a month end: plain one year earlier (29 Feb 2028 − 1 year = 28 Feb 2027)
    assert p.rolling_window(D(2028, 2, 28))[0] == pd.Timestamp("2027-02-28")


@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2200, 12, 31)))
def test_month_end_window_is_the_last_twelve_months(as_of):
    """For a month-end as_of, a day is in 12M iff its month is one of the 12 months ending with as_of's."""
    last_day = (pd.Timestamp(as_of) + pd.offsets.MonthEnd(0)).date()
    start, end = p.rolling_window(last_day)
    first_month = p.month_key(last_day) - 11
    assert (start + pd.Timedelta(days=1)).date() == D(first_month // 12, first_month % 12 + 1, 1)
    assert end.date() == last_day


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("2026-03", p.MONTH),
        ("2026-T4", p.QUARTER),
        ("2026", p.EXERCISE),
        ("2025-2026", p.EXERCISE),
        ("12M", p.ROLLING_KIND),
        ("2026-03-31", p.STOCK),
        ("2026-13", None),
        ("2026-T5", None),
        ("2025-2027", None),
        ("2026-02-30", None),
        ("12m", None),
        ("mars", None),
    ],
)
def test_period_kind(label, kind):
    assert p.period_kind(label) == kind


def test_period_labels_for_a_dashboard():
    labels = p.period_labels(D(2026, 3, 31), 9)
    assert labels.exercise == "2025-2026"
    assert labels.previous_exercise == "2024-2025"
    assert labels.month == "2026-03"
    assert labels.quarter == "2026-T1"
    assert labels.rolling == "12M"
    assert labels.stock == "2026-03-31"
    assert labels.last_12_months[0] == "2025-04" and labels.last_12_months[-1] == "2026-03"
    assert len(labels.last_24_months) == 24 and labels.last_24_months[0] == "2024-04"
    assert labels.exercise_months == ("2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03")
    assert labels.rolling_start == D(2025, 3, 31)
    assert p.month_labels(D(2026, 1, 10), 3) == ["2025-11", "2025-12", "2026-01"]


def test_exercise_keys_group_months():
    months = p.month_range(p.month_key(D(2025, 8, 1)), p.month_key(D(2026, 9, 1)))
    labels = [p.exercise_key_label(k, 9) for k in p.exercise_of_month(months, 9)]
    assert labels == ["2024-2025"] + ["2025-2026"] * 12 + ["2026-2027"]
