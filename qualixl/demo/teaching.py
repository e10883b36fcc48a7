"""V10 indicator 33 in the demo: each round of the apprentices' evaluation of teaching is shared with the teams.

A round is the month in which teaching evaluations were sent; its results are presented
to the teaching teams three weeks after the last sending of that month (a Revues qualité
row of type « Restitution aux équipes pédagogiques »), where improvement actions are
decided. No random draw here: the rounds follow from the surveys already drawn.
"""

from __future__ import annotations

import datetime as dt

from qualixl import schema
from qualixl.demo.context import GenerationContext

RESTITUTION_AFTER_DAYS = 21


def restitution_dates(ctx: GenerationContext, sols: list[list]) -> list[tuple[int, str]]:
    """(date, Restitution aux équipes pédagogiques) for every round whose restitution is due by today."""
    last_of_month: dict[tuple[int, int], int] = {}
    for send, _session, _pp, temps, *_rest in sols:
        if temps == schema.TEACHING_EVALUATION:
            day = dt.date.fromordinal(send)
            key = (day.year, day.month)
            last_of_month[key] = max(last_of_month.get(key, send), send)
    dates = sorted(o + RESTITUTION_AFTER_DAYS for o in last_of_month.values())
    return [(o, schema.TEAM_RESTITUTION) for o in dates if o <= ctx.t]


def round_solicitations(sols: list[list], restitution: int) -> list[int]:
    """Indexes of the teaching evaluations a restitution presents (sent in the 60 days before it)."""
    return [i for i, s in enumerate(sols)
            if s[3] == schema.TEACHING_EVALUATION and restitution - 60 <= s[0] <= restitution]
