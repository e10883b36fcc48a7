"""Facts of each Sessions row: the day it is attributed to, its category, and which counts can be used.

A session is attributed to its Date de fin, else its Date de début (a Date de fin that
is filled but unreadable leaves it undated). A count that cannot be read, a numerator
without its denominator, or counts that contradict each other (Abandons > Inscrits,
Objectifs atteints > Inscrits − Abandons, Certifiés > Présentés) make the row unusable
for the rate concerned (`*_bad`). `cold_due_on` and `six_months_due_on` are the days its
follow-ups fall due.
"""

from __future__ import annotations

import pandas as pd

from qualixl import schema
from qualixl.facts.cells import attributed, day, unusable
from qualixl.reading import SheetData

# Follow-ups fall due this many months after a session's Date de fin: « à froid » and, for a
# skills assessment, the six-month follow-up.
COLD_AFTER_MONTHS = 3
FOLLOW_UP_MONTHS = 6
NO_CATEGORY = -1
CATEGORY_CODES = {c: i for i, c in enumerate(schema.CATEGORIES)}


def category_codes(choices: pd.Series) -> pd.Series:
    """Each Catégorie as its position in the contract's list (NO_CATEGORY when empty)."""
    return choices.map(CATEGORY_CODES).fillna(NO_CATEGORY).astype("int64")


def session_facts(data: SheetData, as_of: pd.Timestamp) -> pd.DataFrame:
    v = data.values
    end, start = day(data, "Date de fin"), day(data, "Date de début")
    date = end.where(end.notna() | unusable(data, "Date de fin"), start)
    out = attributed(v.index, date, as_of)
    out["start"] = start
    out["end"] = end
    out["ended"] = end.notna() & (end <= as_of)
    out["started"] = start.notna() & (start <= as_of)
    out["cold_due_on"] = end + pd.DateOffset(months=COLD_AFTER_MONTHS)
    out["six_months_due_on"] = end + pd.DateOffset(months=FOLLOW_UP_MONTHS)
    out["cat"] = category_codes(v["Catégorie"])
    enrolled, dropped_cell = v["Inscrits"], v["Abandons"]
    dropped = dropped_cell.fillna(0.0)
    out["enrolled"] = enrolled
    out["dropped"] = dropped
    out["drop_bad"] = unusable(data, "Inscrits", "Abandons") | (dropped > enrolled) | (enrolled.isna() & dropped_cell.notna())
    reached, stayed = v["Objectifs atteints"], enrolled - dropped
    out["reached"] = reached
    out["stayed"] = stayed
    out["goal_bad"] = (out["drop_bad"] | unusable(data, "Objectifs atteints") | (reached > stayed)
                       | (reached.notna() & enrolled.isna()))
    sat, passed_cell = v["Présentés à la certification"], v["Certifiés"]
    passed = passed_cell.fillna(0.0)
    out["presented"] = sat
    out["certified"] = passed
    out["cert_bad"] = (unusable(data, "Présentés à la certification", "Certifiés") | (passed > sat)
                       | (sat.isna() & passed_cell.notna()))
    return out
