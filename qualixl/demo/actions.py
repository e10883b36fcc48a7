"""The Plan d'amélioration sheet: actions opened from every source a Qualiopi audit looks for.

The plan is split by origin (`ORIGIN_SHARE`): complaints being handled, unfavourable
appraisals (grouped by session, quoting a verbatim that says something), sessions with
drop-outs or weak results, quality reviews, audits, regulatory watch, funders and the
team. Each action keeps references (`refs`) to the rows it comes from, written as IDs
by `generate` once every sheet is numbered.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from operator import itemgetter

from qualixl import schema
from qualixl.demo.action_lifecycle import ensure_action_statuses, link_follow_ups, unfold_action
from qualixl.demo.appraisals import VAGUE_IMPROVEMENTS
from qualixl.demo.context import GenerationContext, id_width
from qualixl.demo.sessions import Session
from qualixl.demo.settings import APPRAISALS_PER_ACTION, MIN_ACTIONS
from qualixl.demo.teaching import round_solicitations
from qualixl.demo.texts_actions import (
    ABANDON_ACTIONS,
    ACTION_TEXTS,
    ORIGIN_SHARE,
    RESULT_ACTIONS,
    THEME_ACTIONS,
)
from qualixl.demo.texts_provider import STAFF
from qualixl.demo.vocabulary import AMELIORATION, ANNUEL, CORRECTIVE, FINANCEUR, OUVERTE, PREVENTIVE


def make_actions(ctx: GenerationContext, sessions: list[Session], sols: list[list], apps: list[tuple],
                 unsat: list[int], complaints: list[dict], reviews: list[tuple[int, str]]) -> list[dict]:
    """Actions sorted by opening date, with their IDs (ACT-YYYY-001), linked to their complaints."""
    rng, t = ctx.rng, ctx.t
    count = max(MIN_ACTIONS, ctx.rows // APPRAISALS_PER_ACTION)
    total = sum(w for _, w in ORIGIN_SHARE)
    quota = {o: max(1, round(count * w / total)) for o, w in ORIGIN_SHARE}
    quota["Équipe"] += count - sum(quota.values())
    quality_reviews = [o for o, kind in reviews if kind == "Revue qualité"] or [t]
    cap = 40 * len(quality_reviews)  # keeps a review's Actions cell readable
    if quota["Revue qualité"] > cap:
        quota["Appréciations"] += quota["Revue qualité"] - cap
        quota["Revue qualité"] = cap
    out: list[dict] = []

    def new(origin, opened, refs, constat, cause, action, critere, kind, indicators, **extra):
        a = {"origin": origin, "opened": min(opened, t), "refs": refs, "constat": constat, "cause": cause,
             "action": action, "critere": critere, "type": kind, "indicators": indicators,
             "responsable": ctx.pick(STAFF), "comment": None}
        a.update(extra)
        out.append(a)
        return a

    # From complaints being (or already) handled.
    handled = [c for c in complaints if c["status"] != OUVERTE]
    handled.sort(key=lambda c: (c["nature"] != schema.VIOLENCE, c["gravite"] == "Mineure", rng.random()))
    taken = handled[: quota["Réclamation"]]
    quota["Équipe"] += quota["Réclamation"] - len(taken)
    for c in taken:
        objet, analyse, _resp, action, critere, _cat = c["text"]
        start = c["ack"] if c["ack"] is not None else c["received"]
        refs = [c]
        if c["session"] is not None and rng.random() < 0.3:
            refs.append(c["session"])
        a = new("Réclamation", start + ctx.between(0, 8), refs, objet, analyse, action, critere,
                CORRECTIVE if rng.random() < 0.8 else PREVENTIVE, "31; 32", complaint=c)
        c["actions"].append(a)
    # From unfavourable appraisals, grouped by session.
    by_session: dict[str, list[int]] = {}
    for j in unsat:
        by_session.setdefault(apps[j][1] or "", []).append(j)
    used: set[int] = set()
    telling = [j for j in unsat if apps[j][7] is not None and apps[j][7] not in VAGUE_IMPROVEMENTS]
    candidates = telling or list(unsat)
    rng.shuffle(candidates)
    for _ in range(quota["Appréciations"]):
        while candidates and candidates[-1] in used:
            candidates.pop()
        if not candidates:
            group = []
        else:
            first = candidates.pop()
            peers = [j for j in by_session.get(apps[first][1] or "", ()) if j != first and j not in used][:2]
            group = [first, *peers]
            used.update(group)
        theme = next((apps[j][8] for j in group if apps[j][8]), None) or ctx.pick(tuple(THEME_ACTIONS))
        verbatim = next((apps[j][7] for j in group if apps[j][7] and apps[j][7] not in VAGUE_IMPROVEMENTS), None)
        opened = max((apps[j][0] for j in group), default=ctx.between(ctx.start, t)) + ctx.between(2, 25)
        constat = f"Appréciations défavorables ({theme.lower()})" + (f" : « {verbatim} »" if verbatim else "")
        action, critere = THEME_ACTIONS[theme]
        new("Appréciations", opened, [("app", j) for j in group], constat,
            "Analyse des verbatims avec l'intervenant", action, critere,
            CORRECTIVE if rng.random() < 0.7 else AMELIORATION, "30; 32", apps_linked=group)
    # From drop-outs and results of sessions.
    dropped = [s for s in sessions if s.abandons >= 2 or (s.abandons and s.abandons * 5 >= s.inscrits)]
    dropped = dropped or [s for s in sessions if s.abandons] or sessions
    for s in rng.sample(dropped, min(len(dropped), quota["Abandons"])):
        base = s.end if s.end is not None else min(t, s.start + 60)
        action, critere, _cat = ctx.pick([x for x in ABANDON_ACTIONS if x[2] in (None, s.cat)])
        new("Abandons", base + ctx.between(3, 30), [s],
            f"{s.title} : {s.abandons} abandon(s) sur {s.inscrits} inscrits" + (f" ({s.motifs})" if s.motifs else ""),
            "Entretiens avec les bénéficiaires concernés", action, critere,
            PREVENTIVE if rng.random() < 0.6 else CORRECTIVE, "12; 32")
    ended = [s for s in sessions if s.end is not None]
    weak = [s for s in ended if s.presentes and s.certifies * 4 < s.presentes * 3]
    weak = weak or [s for s in ended if s.presentes] or ended or sessions
    for s in rng.sample(weak, min(len(weak), quota["Résultats"])):
        base = s.end if s.end is not None else s.start
        if s.presentes:
            constat = f"{s.certifies} certifié(s) sur {s.presentes} présenté(s) : {s.title}"
        else:
            constat = f"Objectifs atteints en dessous de la cible : {s.title}"
        action, critere = ctx.pick(RESULT_ACTIONS)
        new("Résultats", base + ctx.between(7, 40), [s], constat, "Analyse des résultats par épreuve",
            action, critere, CORRECTIVE, "2; 3; 32")
    # Decided at quality reviews (some about the response rate of a survey).
    sent = [s[0] for s in sols]
    for i in range(quota["Revue qualité"]):
        review = quality_reviews[i % len(quality_reviews)]
        constat, cause, action, critere, kind, ind = ctx.pick(ACTION_TEXTS["Revue qualité"])
        refs = []
        if constat.startswith("Taux de réponse") and sols:
            lo, hi = bisect_left(sent, review - 120), bisect_right(sent, review)
            if hi > lo:
                refs = [("sol", ctx.between(lo, hi - 1))]
        new("Revue qualité", review, refs, constat, cause, action, critere, kind, ind, review=review)
    # Audits (initial then surveillance), regulatory watch, funders, the team.
    # Evaluation of teaching (indicator 33): decided at a restitution to the teaching teams.
    restitutions = [o for o, kind in reviews if kind == schema.TEAM_RESTITUTION] or [t]
    for i in range(quota[schema.TEACHING_EVALUATION]):
        review = restitutions[-1 - i % len(restitutions)]  # the latest rounds: the demo shows a live loop
        constat, cause, action, critere, kind, ind = ctx.pick(ACTION_TEXTS[schema.TEACHING_EVALUATION])
        evaluated = round_solicitations(sols, review)
        new(schema.TEACHING_EVALUATION, review, [("sol", j) for j in evaluated[-2:]], constat, cause, action,
            critere, kind, ind, review=review)
    audits = list(range(ctx.start + 150, t + 1, 365)) or [ctx.start]
    annual_funders = [i for i, s in enumerate(sols) if s[2] == FINANCEUR and s[3] == ANNUEL]
    for origin in ("Audit", "Veille", "Financeur", "Équipe", "Risque"):
        for _ in range(quota[origin]):
            constat, cause, action, critere, kind, ind = ctx.pick(ACTION_TEXTS[origin])
            opened = (ctx.pick(audits) + ctx.between(0, 15)) if origin == "Audit" else ctx.between(ctx.start, t)
            refs = []
            if origin == "Financeur" and annual_funders and rng.random() < 0.5:
                before = [i for i in annual_funders if sols[i][0] <= opened]
                if before:
                    refs = [("sol", before[-1])]
            new(origin, opened, refs, constat, cause, action, critere, kind, ind)
    for a in out:
        unfold_action(ctx, a)
    ensure_action_statuses(ctx, out)
    out.sort(key=itemgetter("opened"))
    width = id_width(len(out), 3)
    for a, aid in zip(out, ctx.ids("ACT", [a["opened"] for a in out], width), strict=True):
        a["id"] = aid
    link_follow_ups(out)
    return out


def action_rows(ctx: GenerationContext, actions: list[dict], ref: Callable[[object], str]) -> list[tuple]:
    """The Plan d'amélioration sheet, in the contract's column order; `ref` turns a reference into an ID."""
    d = ctx.date
    return [
        (a["id"], d(a["opened"]), a["origin"], "; ".join(ref(x) for x in a["refs"]) or None,
         a["indicators"], a["constat"], a["cause"], a["action"], a["type"], a["responsable"], d(a["due"]),
         a["status"], d(a["done"]), a["critere"], d(a["evaluated"]), a["effect"],
         f"Qualité/Plan/{a['id']}.pdf" if a["done"] is not None else None, a["comment"])
        for a in actions
    ]
