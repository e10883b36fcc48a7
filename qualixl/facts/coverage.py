"""When a session's beneficiaries were first asked or first answered (indicator 30, per session).

`beneficiary_contact`: the first day, on or before the as-of date, of a Sollicitation or an
Appréciation of Partie prenante « Bénéficiaire » naming the session (first ID of its
Session cell, folded), the teaching evaluation of indicator 33 aside (it is not an
appraisal of the service); NaT when there is none.
"""

from __future__ import annotations

import pandas as pd

from qualixl.facts.ids import fold_ids

BENEFICIARY = "Bénéficiaire"


def beneficiary_contact(session_ids: pd.Series, *sources: pd.DataFrame | None) -> pd.Series:
    """One date per session row; `sources` are the Sollicitations and Appréciations facts (None if absent)."""
    firsts = []
    for f in sources:
        if f is None or not len(f):
            continue
        usable = f["dated"] & (f["pp"] == BENEFICIARY) & ~f["teaching"] & f["session"].notna()
        firsts.append(f.loc[usable.to_numpy(), ["session", "date"]])
    keys = fold_ids(session_ids)
    if not firsts:
        return pd.Series(pd.NaT, index=session_ids.index, dtype="datetime64[ns]")
    first = pd.concat(firsts).groupby("session")["date"].min()
    out = pd.Series(pd.NaT, index=session_ids.index, dtype="datetime64[ns]")
    known = keys.isin(first.index)
    if known.any():
        out[known] = pd.to_datetime(keys[known].map(first))
    return out


def asked_due(sessions: pd.DataFrame, delay: int, as_of: pd.Timestamp) -> pd.Series:
    """Sessions ended at least `delay` days before the as-of date whose beneficiaries remained (Inscrits −
    Abandons > 0, or unknown): by then their beneficiaries are expected to have been asked."""
    stayed = sessions["enrolled"].isna() | (sessions["enrolled"] - sessions["dropped"] > 0)
    return (sessions["end"] + pd.Timedelta(days=delay) <= as_of) & stayed
