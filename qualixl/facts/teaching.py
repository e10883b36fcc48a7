"""Which sessions the apprentices' evaluation of teaching (V10 indicator 33) reached.

A session is `teaching_evaluated` when at least one Appréciation of Temps « Évaluation des
enseignements », dated on or before the as-of date, names it (first ID of its Session
cell, folded as every identifier is).
"""

from __future__ import annotations

import pandas as pd

from qualixl.facts.ids import fold_ids


def teaching_evaluated(session_ids: pd.Series, appraisals: pd.DataFrame | None) -> pd.Series:
    """One boolean per session row; `appraisals` are the Appréciations facts (None: sheet absent)."""
    if appraisals is None:
        return pd.Series(False, index=session_ids.index)
    named = appraisals.loc[(appraisals["teaching"] & appraisals["dated"]).to_numpy(), "session"]
    evaluated = set(named.dropna())
    return fold_ids(session_ids).isin(evaluated)
