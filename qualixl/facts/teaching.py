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


RESTITUTION_DUE_DAYS = 30  # a round's results are expected to be shared with the teams within a month


def rounds_due(answers: pd.Series, as_of: pd.Timestamp) -> list[pd.Timestamp]:
    """The last answer of each month of teaching evaluations, for the rounds whose restitution is due."""
    if not len(answers):
        return []
    rounds = sorted(answers.groupby(answers.dt.to_period("M")).max())
    return [r for r in rounds if r + pd.Timedelta(days=RESTITUTION_DUE_DAYS) <= as_of]


def restitutions_held(dates: pd.Series, types: pd.Series, as_of: pd.Timestamp) -> pd.Series:
    """Days of the Revues qualité rows « Restitution aux équipes pédagogiques » held by the as-of date."""
    from qualixl import schema

    days = dates.dt.normalize()
    return days[(types == schema.TEAM_RESTITUTION) & days.notna() & (days <= as_of)]
