"""The Réclamations sheet: complaints, difficulties and incidents, and how each was handled.

A share of the complaints come from unsatisfied appraisals (channel "Enquête de
satisfaction"), the rest from sessions or from no session at all. Most are acknowledged
and answered within the contract's delays, some late (warnings, as in real workbooks);
recent ones may still be open. Actions opened from a complaint are linked back to it
by the improvement plan (`actions`), hence the empty `actions` list set here.
"""

from __future__ import annotations

from operator import itemgetter

from qualixl import schema
from qualixl.demo.context import GenerationContext, id_width, weighted_table
from qualixl.demo.sessions import Session
from qualixl.demo.settings import APPRAISALS_PER_COMPLAINT, MIN_COMPLAINTS
from qualixl.demo.texts_complaints import (
    CANAUX,
    COMPLAINT_SHARE,
    COMPLAINTS,
    EMETTEURS,
    GRAVITES,
    NATURES,
    VIOLENCE_COMPLAINT,
)
from qualixl.demo.texts_provider import STAFF
from qualixl.demo.vocabulary import CLOTUREE, OUVERTE, TRAITEMENT


def make_complaints(ctx: GenerationContext, sessions: list[Session], apps: list[tuple],
                    unsat: list[int]) -> list[dict]:
    """Complaints sorted by date of receipt, with their IDs (REC-YYYY-001); `unsat` indexes unhappy appraisals."""
    rng, rnd, t = ctx.rng, ctx.rng.random, ctx.t
    count = max(MIN_COMPLAINTS, ctx.rows // APPRAISALS_PER_COMPLAINT)
    types = weighted_table(COMPLAINT_SHARE)
    emitters = {k: weighted_table(v) for k, v in EMETTEURS.items()}
    canaux, gravites = weighted_table(CANAUX), weighted_table(GRAVITES)
    by_cat = {
        (kind, cat): [c for c in texts if c[5] in (None, cat)]
        for kind, texts in COMPLAINTS.items() for cat in (*schema.CATEGORIES, None)
    }
    from_apps = rng.sample(unsat, min(len(unsat), round(count * 0.15)))
    out = []
    for j in from_apps:
        a = apps[j]
        session = a[10]
        received = min(t, a[0] + ctx.between(0, 2))
        cat = session.cat if session is not None else None
        c = {"kind": "Réclamation", "received": received, "canal": "Enquête de satisfaction", "emitter": a[2],
             "session": session, "cat": cat, "app": j, "text": ctx.pick(by_cat[("Réclamation", cat)])}
        out.append(c)
    while len(out) < count:
        kind = ctx.pick(types)
        if rnd() < 0.85 and sessions:
            session = ctx.pick(sessions)
            last = min(t, (session.end if session.end is not None else t) + (30 if kind == "Réclamation" else 0))
            first = max(session.start, ctx.start)
            received = ctx.between(first, max(last, first))
            received = min(received, t)
            cat = session.cat
        else:
            session, cat = None, None
            received = ctx.between(ctx.start, t)
        out.append({"kind": kind, "received": received, "canal": ctx.pick(canaux),
                    "emitter": ctx.pick(emitters[kind]), "session": session, "cat": cat, "app": None,
                    "text": ctx.pick(by_cat[(kind, cat)])})
    for c in out:
        c["gravite"] = ctx.pick(gravites)
        c["responsable"] = ctx.pick(STAFF[:4])
        c["nature"] = NATURES[c["text"][0]]
        _complaint_timeline(ctx, c)
    _ensure_statuses(out)
    violence = _violence_complaint(ctx, sessions)
    if violence is not None:
        out[-1] = violence  # in place of a drawn complaint: the register keeps its size
    out.sort(key=itemgetter("received"))
    width = id_width(count, 3)
    for c, cid in zip(out, ctx.ids("REC", [c["received"] for c in out], width), strict=True):
        c["id"] = cid
        c["actions"] = []
    return out


def _violence_complaint(ctx: GenerationContext, sessions: list[Session]) -> dict | None:
    """One situation of violence (indicator 12, V10), reported four months ago and handled to closure."""
    received = ctx.t - 120
    cohort = next((s for s in reversed(sessions) if s.cat == schema.CATEGORIES[3] and s.start <= received
                   and (s.end is None or s.end >= received)), None)
    if received < ctx.start or cohort is None:
        return None
    return {"kind": schema.COMPLAINT_TYPES[0], "received": received, "canal": "Entretien", "emitter": "Bénéficiaire",
            "session": cohort, "cat": cohort.cat, "app": None, "text": VIOLENCE_COMPLAINT,
            "gravite": "Critique", "responsable": STAFF[0], "nature": schema.VIOLENCE,
            "ack": received, "resp": received + 6, "close": received + 20, "status": CLOTUREE}


def _complaint_timeline(ctx: GenerationContext, c: dict) -> None:
    """Acknowledgement, response and closure dates, and the status they imply at `today`."""
    rnd, t, r = ctx.rng.random, ctx.t, c["received"]
    late_ack = rnd() < 0.12
    ack = r + (ctx.between(ctx.ack_delay + 1, ctx.ack_delay + 6) if late_ack else ctx.between(0, ctx.ack_delay))
    late = rnd() < 0.15
    resp = r + (ctx.between(ctx.response_delay + 1, ctx.response_delay + 25) if late
                else ctx.between(1, ctx.response_delay))
    resp = max(resp, ack)
    close = resp + ctx.between(0, 12)
    if close <= t and rnd() < 0.97:
        status = CLOTUREE
    elif resp <= t:
        status, close = TRAITEMENT, None
    elif ack <= t:
        status, resp, close = (TRAITEMENT if rnd() < 0.7 else OUVERTE), None, None
    else:
        status, ack, resp, close = OUVERTE, None, None, None
    c.update(ack=ack, resp=resp, close=close, status=status)


def _ensure_statuses(complaints: list[dict]) -> None:
    """Every status occurs: a recent complaint is still open or in progress, an old one closed."""
    recent = sorted(complaints, key=itemgetter("received"), reverse=True)
    for status in (OUVERTE, TRAITEMENT, CLOTUREE):
        counts = {s: sum(1 for c in complaints if c["status"] == s) for s in schema.COMPLAINT_STATUSES}
        if counts[status]:
            continue
        pool = reversed(recent) if status == CLOTUREE else recent
        c = next(c for c in pool if counts[c["status"]] > 1)
        if status == OUVERTE:
            c.update(status=OUVERTE, resp=None, close=None)
        elif status == TRAITEMENT:
            c.update(status=TRAITEMENT, close=None, ack=c["ack"] if c["ack"] is not None else c["received"])
        else:
            ack = c["ack"] if c["ack"] is not None else c["received"]
            resp = c["resp"] if c["resp"] is not None else ack
            c.update(status=CLOTUREE, ack=ack, resp=resp, close=resp)


def complaint_row(ctx: GenerationContext, c: dict) -> tuple:
    """The sheet row of a complaint (after the plan has linked its actions)."""
    d = ctx.date
    objet, analyse, reponse, _action, _critere, _cat = c["text"]
    handled = c["status"] != OUVERTE
    return (
        c["id"], c["kind"], d(c["received"]), c["canal"], c["emitter"],
        c["session"].id if c["session"] is not None else None, c["cat"], c["nature"], c["gravite"], objet,
        d(c["ack"]),
        c["responsable"], analyse if handled else None, reponse if c["resp"] is not None else None,
        d(c["resp"]), c["status"], d(c["close"]), "; ".join(a["id"] for a in c["actions"]) or None,
        f"Qualité/Réclamations/{c['id']}.pdf" if c["status"] == CLOTUREE else None,
    )
