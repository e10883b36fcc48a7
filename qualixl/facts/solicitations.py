"""Facts of each Sollicitations row: the day it was sent, its session, whether it can count, and whether
a reminder is due (sent at least REMINDER_AFTER_DAYS days before the as-of date)."""

from __future__ import annotations

import pandas as pd

from qualixl.facts.cells import day
from qualixl.facts.ids import first_ref
from qualixl.reading import SheetData

REMINDER_AFTER_DAYS = 7  # a survey younger than this needs no reminder yet


def solicitation_facts(data: SheetData, as_of: pd.Timestamp, session_cat) -> pd.DataFrame:
    v = data.values
    date = day(data, "Date d'envoi")
    out = pd.DataFrame(index=v.index)
    out["date"] = date
    out["dated"] = date.notna() & (date <= as_of)
    out["after"] = date > as_of
    out["session"] = first_ref(v["Session"])
    out["cat"] = session_cat(out["session"])
    out["pp"] = v["Partie prenante"]
    out["temps"] = v["Temps"]
    out["dest"] = v["Destinataires"]
    out["bad"] = out["dest"].isna() | out["pp"].isna() | out["temps"].isna()
    out["reminded"] = v["Date de relance"].notna()
    out["reminder_due"] = date + pd.Timedelta(days=REMINDER_AFTER_DAYS) <= as_of
    return out
