"""The Sollicitations sheet: the surveys sent, and how many of their recipients answer each.

Beneficiaries are surveyed at the end of a session (à chaud) and two or three months
later (à froid, six months for a bilan), apprentices and their tutors during the course,
trainers and client companies after it, funders and companies once a year in December.
`allocate_responses` then spreads the requested number of appraisals over these surveys
by their response rates, never beyond a survey's Destinataires.
"""

from __future__ import annotations

import datetime as dt
from operator import itemgetter

from qualixl.demo.context import GenerationContext
from qualixl.demo.satisfaction import RESPONSE_RATES
from qualixl.demo.sessions import Session
from qualixl.demo.vocabulary import (
    A_CHAUD,
    A_FROID,
    ANNUEL,
    APPRENTISSAGE,
    BENEFICIAIRE,
    BILAN,
    EN_COURS,
    ENSEIGNEMENTS,
    ENTREPRISE,
    FINANCEUR,
    FORMATION,
    INTERVENANT,
    SIX_MOIS,
)


def make_solicitations(ctx: GenerationContext, sessions: list[Session]) -> list[list]:
    """Rows [send, session, pp, temps, dest, relance, profile, tier] (session None for annual surveys)."""
    rnd, t = ctx.rng.random, ctx.t
    sols: list[list] = []

    def add(send, session, pp, temps, dest, profile, tier, relance_p=0.0):
        if send < ctx.start:  # before the first exercise shown
            return
        relance = None
        if rnd() < relance_p:
            r = send + ctx.between(5, 9)
            relance = r if r <= t else None
        sols.append([send, session, pp, temps, dest, relance, profile, tier])

    for s in sessions:
        remaining = s.inscrits - s.abandons
        if s.cat == APPRENTISSAGE:  # mid-course surveys
            stop = s.end if s.end is not None else t
            for offset in (ctx.between(110, 140), ctx.between(470, 500)):
                send = s.start + offset
                if send <= stop and remaining:
                    add(send, s, BENEFICIAIRE, EN_COURS, remaining, s.cat, s.tier, 0.3)
                    add(send, s, ENTREPRISE, EN_COURS, remaining, ENTREPRISE, s.tier, 0.5)  # the tutors
                    # Indicator 33 (V10): the apprentices evaluate contents and teaching each semester.
                    add(send, s, BENEFICIAIRE, ENSEIGNEMENTS, remaining, s.cat, s.tier, 0.3)
            if s.end is not None and remaining and s.end - 10 >= s.start:
                add(s.end - 10, s, BENEFICIAIRE, ENSEIGNEMENTS, remaining, s.cat, s.tier, 0.3)
        if s.end is None:
            continue
        if remaining:
            add(s.end, s, BENEFICIAIRE, A_CHAUD, remaining, s.cat, s.tier, 0.25)
            if s.cat == BILAN:
                send = s.end + ctx.between(180, 190)
                if send <= t:
                    add(send, s, BENEFICIAIRE, SIX_MOIS, remaining, s.cat, s.tier, 0.5)
            else:
                send = s.end + ctx.between(60, 90)
                if send <= t:
                    add(send, s, BENEFICIAIRE, A_FROID, remaining, s.cat, s.tier, 0.55)
        if s.cat in (FORMATION, APPRENTISSAGE) and rnd() < 0.6:
            add(s.end, s, INTERVENANT, A_CHAUD, 1, INTERVENANT, s.tier)
        if s.entreprise is not None and rnd() < 0.7:
            send = s.end + ctx.between(60, 90)
            if send <= t:
                add(send, s, ENTREPRISE, A_FROID, ctx.between(1, 2), ENTREPRISE, s.tier, 0.3)
    # Annual surveys of funders and client companies, each December.
    for year in range(dt.date.fromordinal(ctx.start).year, ctx.today.year + 1):
        send = dt.date(year, 12, 1).toordinal() + ctx.between(0, 9)
        if send <= t:
            add(send, None, FINANCEUR, ANNUEL, max(12, len(sessions) // 25), FINANCEUR, 0, 1.0)
            add(send, None, ENTREPRISE, ANNUEL, max(15, len(sessions) // 15), ENTREPRISE, 0, 1.0)
    sols.sort(key=itemgetter(0))
    return sols


def allocate_responses(ctx: GenerationContext, sols: list[list]) -> list[int] | None:
    """Responses per survey: `rows` in all, never more than its Destinataires (None: not enough)."""
    dests = [s[4] for s in sols]
    if sum(dests) < ctx.rows:
        return None
    rnd = ctx.rng.random
    wanted = [s[4] * RESPONSE_RATES[(s[2], s[3])] * (0.7 + 0.5 * rnd()) for s in sols]
    total = sum(wanted) or 1.0
    factor = ctx.rows / total
    counts = [min(d, int(w * factor)) for d, w in zip(dests, wanted, strict=True)]
    left = ctx.rows - sum(counts)
    while left > 0:
        room = [i for i, (c, d) in enumerate(zip(counts, dests, strict=True)) if c < d]
        ctx.rng.shuffle(room)
        for i in room[:left]:
            counts[i] += 1
        left -= min(left, len(room))
    return counts


def solicitation_rows(ctx: GenerationContext, sols: list[list], sol_ids: list[str]) -> list[tuple]:
    """The Sollicitations sheet, in the contract's column order, each survey with its filed copy."""
    d = ctx.date
    return [
        (sid, s[1].id if s[1] is not None else None, s[2], s[3], d(s[0]), s[4], d(s[5]),
         f"Qualité/Enquêtes/{ctx.year(s[0])}/{sid}.pdf")
        for sid, s in zip(sol_ids, sols, strict=True)
    ]
