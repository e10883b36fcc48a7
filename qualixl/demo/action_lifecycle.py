"""How an improvement action unfolds once opened: due date, realisation, evaluation, follow-up.

Most actions are done in time, some late, a few abandoned; a done action is evaluated
after the contract's delay, and one judged ineffective is taken up again at the next
quality review, so that the plan shows the loop Qualiopi asks for (indicator 32).
"""

from __future__ import annotations

from bisect import bisect_left
from operator import itemgetter

from qualixl import schema
from qualixl.demo.context import GenerationContext, weighted_table
from qualixl.demo.texts_actions import ABANDONED_BECAUSE, EFFECTIVENESS
from qualixl.demo.vocabulary import A_LANCER, ABANDONNEE, ACT_EN_COURS, CORRECTIVE, REALISEE

_EFFECT_TABLE = weighted_table(EFFECTIVENESS, 100)


def unfold_action(ctx: GenerationContext, a: dict) -> None:
    """Due date, status, realisation and evaluation of action `a` as they stand at `today`."""
    rnd, t, o = ctx.rng.random, ctx.t, a["opened"]
    length = ctx.pick((15, 30, 30, 45, 60, 60, 90, 120))
    a["due"] = o + length
    a.update(done=None, evaluated=None, effect=None)
    if o < t - 20 and rnd() < 0.04:
        a["status"] = ABANDONNEE
        a["comment"] = ctx.pick(ABANDONED_BECAUSE)
        return
    factor = 0.3 + 0.7 * rnd() if rnd() < 0.78 else 1.0 + 0.9 * rnd()
    done = o + max(1, int(length * factor))
    if done <= t:
        a["status"], a["done"] = REALISEE, done
        ev = done + ctx.between(ctx.eval_delay - 30, ctx.eval_delay + 20)
        if ev <= t and rnd() < 0.85:
            a["evaluated"], a["effect"] = ev, ctx.pick(_EFFECT_TABLE)
        return
    a["status"] = A_LANCER if (t - o < 20 and rnd() < 0.6) or rnd() < 0.05 else ACT_EN_COURS


def ensure_action_statuses(ctx: GenerationContext, actions: list[dict]) -> None:
    """Every status occurs at least once, whatever the seed and size."""
    by_date = sorted(actions, key=itemgetter("opened"))
    for status in (REALISEE, ABANDONNEE, ACT_EN_COURS, A_LANCER):
        if any(a["status"] == status for a in actions):
            continue
        counts = {s: sum(1 for a in actions if a["status"] == s) for s in schema.ACTION_STATUSES}
        pool = by_date if status in (REALISEE, ABANDONNEE) else list(reversed(by_date))
        a = next(a for a in pool if counts[a["status"]] > 1)
        a.update(status=status, done=None, evaluated=None, effect=None, comment=None)
        if status == REALISEE:
            a["done"] = min(ctx.t, a["opened"] + 10)
        elif status == ABANDONNEE:
            a["comment"] = ctx.pick(ABANDONED_BECAUSE)


def link_follow_ups(actions: list[dict]) -> None:
    """An ineffective action is taken up again at the next quality review (a reference to the plan)."""
    reviewed = [a for a in actions if a["origin"] == "Revue qualité" and not a["refs"]]
    opened = [a["opened"] for a in reviewed]
    taken: set[int] = set()
    for a in actions:
        if a["effect"] != schema.EFFECTIVENESS[2]:
            continue
        i = bisect_left(opened, a["evaluated"])
        while i < len(reviewed) and i in taken:
            i += 1
        if i < len(reviewed):
            taken.add(i)
            reviewed[i].update(
                refs=[a], constat=f"Action {a['id']} jugée non efficace : {a['constat']}",
                cause="Action insuffisante au regard du critère d'efficacité",
                action=f"Reprendre et renforcer : {a['action']}", critere=a["critere"], type=CORRECTIVE,
                indicators=a["indicators"], comment=f"Reprise de l'action {a['id']}",
            )
