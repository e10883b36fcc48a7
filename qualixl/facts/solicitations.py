"""Facts of each Sollicitations row: the day it was sent, its session, whether it can count, and whether
a reminder is due (sent at least REMINDER_AFTER_DAYS days before the as-of date)."""

from __future__ import annotations

import pandas as pd

from qualixl import schema
from qualixl.facts.cells import attributed, day
from qualixl.facts.ids import first_ref
from qualixl.reading import SheetData

REMINDER_AFTER_DAYS = 7  # a survey younger than this needs no reminder yet


def survey_rows(data: SheetData, date_header: str, as_of: pd.Timestamp, session_cat) -> pd.DataFrame:
    """What a survey sent and a response share: their day, session (folded), category, stakeholder, time."""
    v = data.values
    out = attributed(v.index, day(data, date_header), as_of)
    out["session"] = first_ref(v["Session"])
    out["cat"] = session_cat(out["session"])
    out["pp"] = v["Partie prenante"]
    out["temps"] = v["Temps"]
    return out


def solicitation_facts(data: SheetData, as_of: pd.Timestamp, session_cat) -> pd.DataFrame:
    v = data.values
    out = survey_rows(data, "Date d'envoi", as_of, session_cat)
    out["dest"] = v["Destinataires"]
    out["bad"] = out["dest"].isna() | out["pp"].isna() | out["temps"].isna()
    out["reminded"] = v["Date de relance"].notna()
    out["reminder_due"] = out["date"] + pd.Timedelta(days=REMINDER_AFTER_DAYS) <= as_of
    # V10 indicator 33's evaluation of teaching: not a satisfaction survey, no response rate.
    out["teaching"] = (v["Temps"] == schema.TEACHING_EVALUATION).astype(bool)
    return out
