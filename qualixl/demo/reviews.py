"""The Revues qualité sheet: quarterly quality reviews, a yearly management review and steering committee.

Review dates are drawn before complaints and actions (actions are decided at reviews);
the rows are written last, because a review quotes the figures of the period it looks
back on (appraisals, complaints) and lists the actions it decided.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from itertools import accumulate

from qualixl import schema
from qualixl.demo.context import GenerationContext
from qualixl.demo.texts_reviews import (
    DECISIONS,
    PARTICIPANTS,
    RESTITUTION_DECISIONS,
    RESTITUTION_PARTICIPANTS,
)


def review_dates(ctx: GenerationContext) -> list[tuple[int, str]]:
    """Quarterly reviews at most 91 days apart, plus a yearly management review and steering committee."""
    out = []
    o = ctx.start + ctx.between(10, 20)
    while o <= ctx.t:
        out.append((o, "Revue qualité"))
        o += ctx.between(86, 91)
    for year in range(dt.date.fromordinal(ctx.start).year, ctx.today.year + 1):
        for month, day, kind in ((1, 25, "Revue de direction"), (6, 20, "Comité de pilotage")):
            o = dt.date(year, month, day).toordinal() + ctx.between(0, 6)
            if ctx.start <= o <= ctx.t:
                out.append((o, kind))
    out.sort()
    return out


def review_rows(ctx: GenerationContext, reviews: list[tuple[int, str]], apps: list[tuple], complaints: list[dict],
                actions: list[dict]) -> list[tuple]:
    """Reviews quote the figures of the period they look back on, and the actions they decided."""
    app_dates = [a[0] for a in apps]
    satisfied = list(accumulate((1 if a[9] >= 4 and a[4] != schema.NO_OPINION else 0 for a in apps), initial=0))
    rated = list(accumulate((0 if a[4] == schema.NO_OPINION else 1 for a in apps), initial=0))
    received = [c["received"] for c in complaints]
    decided: dict[int, list[str]] = {}
    for a in actions:
        if a.get("review") is not None:
            decided.setdefault(a["review"], []).append(a["id"])
    rows = []
    previous = ctx.start
    teaching = [a[0] for a in apps if a[3] == schema.TEACHING_EVALUATION]
    for o, kind in reviews:
        if kind == schema.TEAM_RESTITUTION:
            ids = decided.get(o, [])
            answers = bisect_left(teaching, o) - bisect_left(teaching, o - 60)
            decisions = RESTITUTION_DECISIONS + (f" ; {len(ids)} action(s) décidée(s)" if ids else "")
            rows.append((ctx.date(o), kind, RESTITUTION_PARTICIPANTS,
                         f"Évaluation des contenus et des enseignements par les apprentis : {answers} réponse(s)",
                         decisions, "; ".join(ids) or None,
                         f"Qualité/Revues/{ctx.date(o):%Y-%m-%d} restitution enseignements.pdf"))
            continue
        lo, hi = bisect_left(app_dates, previous), bisect_left(app_dates, o)
        n = rated[hi] - rated[lo]
        rate = f"{round(100 * (satisfied[hi] - satisfied[lo]) / n)} %" if n else "sans réponse"
        recs = bisect_left(received, o) - bisect_left(received, previous)
        topics = (f"Appréciations depuis le {ctx.date(previous):%d/%m/%Y} : {n} réponses, {rate} satisfaits ; "
                  f"{recs} réclamation(s) reçue(s) ; suivi du plan d'amélioration")
        ids = decided.get(o, []) if kind == "Revue qualité" else []
        decisions = ctx.pick(DECISIONS)
        if ids:
            decisions += f" ; {len(ids)} action(s) décidée(s)"
        rows.append((ctx.date(o), kind, ctx.pick(PARTICIPANTS), topics, decisions, "; ".join(ids) or None,
                     f"Qualité/Revues/{ctx.date(o):%Y-%m-%d} compte rendu.pdf"))
        if kind == "Revue qualité":
            previous = o
    return rows
