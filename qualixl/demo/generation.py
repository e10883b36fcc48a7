"""`generate()`: every input sheet of the demo workbook, drawn in one fixed order from one seed.

The order of the steps is the order of the random draws, so it is part of the output:
sessions, surveys and their response counts (retried with more sessions when too few
people were surveyed), appraisals, review dates, complaints, actions, then the rows.
References are written as IDs only once every sheet is numbered, and the appraisals
take their final form last, in place, so that a million working rows and their final
form never coexist.
"""

from __future__ import annotations

import datetime as dt
import gc

from qualixl import schema
from qualixl.demo.actions import action_rows, make_actions
from qualixl.demo.appraisals import make_appraisals
from qualixl.demo.complaints import complaint_row, make_complaints
from qualixl.demo.context import GenerationContext, id_width
from qualixl.demo.reviews import review_dates, review_rows
from qualixl.demo.risks import risk_rows
from qualixl.demo.sessions import Session, make_sessions, session_rows
from qualixl.demo.settings import APPRAISALS_PER_SESSION, MIN_SESSIONS
from qualixl.demo.surveys import allocate_responses, make_solicitations, solicitation_rows
from qualixl.demo.teaching import restitution_dates


def generate(rows: int = 2000, *, seed: int = 2026, today: dt.date | None = None) -> dict[str, list[tuple]]:
    """The input sheets of the demo workbook, as row tuples in the contract's column order.

    `rows` is the number of appraisals; sessions, surveys, complaints and actions scale
    with it. Same arguments, same data. No fact is dated after `today`.
    """
    if rows < 0:
        raise ValueError("rows must be >= 0")
    # Millions of fresh tuples would trigger full cyclic collections again and again; the
    # builder makes no reference cycles, so the collector can rest meanwhile (-35 % at 1M).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(GenerationContext(rows, seed, today or dt.date.today()))
    finally:
        if collecting:
            gc.enable()


def headers(sheet: str) -> list[str]:
    """Column headers of an input sheet, in the order of the tuples `generate` returns."""
    return [c.header for c in schema.SHEETS_BY_NAME[sheet].columns]


def _build(ctx: GenerationContext) -> dict[str, list[tuple]]:
    factor = 1.0
    while True:
        count = max(MIN_SESSIONS, round(ctx.rows / APPRAISALS_PER_SESSION * factor))
        sessions = make_sessions(ctx, count)
        sols = make_solicitations(ctx, sessions)
        counts = allocate_responses(ctx, sols)
        if counts is not None:
            break
        factor *= 1.25  # not enough people surveyed for that many responses
    sol_ids = ctx.ids("SOL", [s[0] for s in sols], id_width(len(sols), 3))
    apps = make_appraisals(ctx, sols, counts)
    app_ids = ctx.ids("APP", [a[0] for a in apps], id_width(len(apps), 4))
    # The evaluation of teaching (indicator 33) is not a satisfaction survey: it leads to no complaint.
    unsat = [j for j, a in enumerate(apps)
             if a[9] <= 2 and a[4] != schema.NO_OPINION and a[3] != schema.TEACHING_EVALUATION]
    reviews = sorted(review_dates(ctx) + restitution_dates(ctx, sols))
    complaints = make_complaints(ctx, sessions, apps, unsat)
    actions = make_actions(ctx, sessions, sols, apps, unsat, complaints, reviews)

    def ref(x) -> str:
        """The ID of an action's reference: ("app"|"sol", index), a session, or a complaint or action."""
        if isinstance(x, tuple):
            return app_ids[x[1]] if x[0] == "app" else sol_ids[x[1]]
        return x.id if isinstance(x, Session) else x["id"]

    follow: dict[int, list[str]] = {}  # appraisal index -> complaints and actions it led to
    for c in complaints:
        if c["app"] is not None:
            follow.setdefault(c["app"], []).append(c["id"])
    for a in actions:
        for j in a.get("apps_linked", ()):
            follow.setdefault(j, []).append(a["id"])
    data = {
        schema.SESSIONS: session_rows(ctx, sessions),
        schema.SOLLICITATIONS: solicitation_rows(ctx, sols, sol_ids),
        schema.APPRECIATIONS: apps,
        schema.RECLAMATIONS: [complaint_row(ctx, c) for c in complaints],
        schema.PLAN: action_rows(ctx, actions, ref),
        schema.REVUES: review_rows(ctx, reviews, apps, complaints, actions),  # draws: after the other rows
        schema.RISQUES: risk_rows(ctx, reviews, actions),
    }
    # Last, and in place, so that a million working rows and their final form never coexist.
    dates, lo = ctx.dates, ctx.lo
    for j, (aid, a) in enumerate(zip(app_ids, apps, strict=True)):
        apps[j] = (aid, dates[a[0] - lo], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8],
                   "; ".join(follow[j]) if j in follow else None, None)  # typed in, not imported: no Réf. export
    return data
