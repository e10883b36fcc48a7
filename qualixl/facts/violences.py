"""Facts of the complaints about violence, harassment or discrimination (V10 indicator 12).

A complaint is such a situation (`violence`) when its Nature is « Violences, harcèlement,
discrimination » (as `schema.normalize` folds it). It should be graded Critique
(`not_critical` otherwise); once its answer delay (Paramètres « Délai cible de réponse »)
has passed at the as-of date (`due`), it must have an Analyse, an Action and a Date de
clôture not after the as-of date (`untreated` otherwise, with `no_analysis`, `no_action`,
`not_closed` saying which is missing). A violence complaint still inside its delay is not due.
"""

from __future__ import annotations

import pandas as pd

from qualixl import schema
from qualixl.facts.cells import day
from qualixl.parameters import Parameters
from qualixl.parsing import per_distinct
from qualixl.reading import SheetData

_VIOLENCE = schema.normalize(schema.VIOLENCE)


def _written(values: pd.Series) -> pd.Series:
    return per_distinct(values, lambda v: isinstance(v, str) and bool(v.strip()), missing=False).astype(bool)


def known_nature(natures: pd.Series, params: Parameters) -> pd.Series:
    """True where the Nature is empty or one of Paramètres' Natures de réclamation."""
    allowed = {schema.normalize(n) for n in params.natures}
    return per_distinct(natures, lambda v: not str(v).strip() or schema.normalize(v) in allowed,
                        missing=True).astype(bool)


def violence_facts(data: SheetData, params: Parameters, as_of: pd.Timestamp) -> pd.DataFrame:
    v = data.values
    out = pd.DataFrame(index=v.index)
    received = day(data, "Date de réception")
    out["date"] = received
    out["dated"] = received.notna() & (received <= as_of)
    out["after"] = received > as_of
    out["violence"] = per_distinct(v["Nature"], lambda n: schema.normalize(n) == _VIOLENCE, missing=False).astype(bool)
    out["not_critical"] = out["violence"] & (v["Gravité"] != "Critique")
    due = out["violence"] & out["dated"] & (received + pd.Timedelta(days=params.response_delay) < as_of)
    closure = day(data, "Date de clôture")
    closed = closure.notna() & (closure <= as_of)
    analysed, actioned = _written(v["Analyse"]), per_distinct(v["Action"], bool, missing=False).astype(bool)
    out["due"] = due
    out["no_analysis"] = due & ~analysed
    out["no_action"] = due & ~actioned
    out["not_closed"] = due & ~closed
    out["untreated"] = due & ~(analysed & actioned & closed)
    out["closed"] = out["violence"] & out["dated"] & closed
    return out
