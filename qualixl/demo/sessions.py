"""The Sessions sheet: what the provider ran over the two exercises, and how each session went.

Each session gets a hidden quality tier (most are good, a few are not) that later drives
its drop-outs, results and the satisfaction of its appraisals, so that the figures of a
weak session agree across sheets. Sessions that have not ended yet have no Date de fin
and no results.
"""

from __future__ import annotations

import datetime as dt

from qualixl import schema
from qualixl.demo.context import GenerationContext, id_width, weighted_table
from qualixl.demo.satisfaction import TIERS
from qualixl.demo.texts_provider import (
    APPRENTISSAGES,
    BILANS,
    CONSULTANTS,
    ENTREPRISES,
    FINANCEURS,
    FORMATEURS,
    FORMATIONS,
    MOTIFS,
    VAES,
)
from qualixl.demo.vocabulary import APPRENTISSAGE, BILAN, FORMATION, VAE

_FINANCEUR_TABLES = {cat: weighted_table(pairs, 200) for cat, pairs in FINANCEURS.items()}


class Session:
    """A session being generated; `tier` (0 good .. 2 weak) is never written, only felt."""

    __slots__ = ("id", "cat", "title", "start", "end", "intervenant", "financeur", "entreprise", "inscrits",
                 "abandons", "motifs", "objectifs", "presentes", "certifies", "emploi", "ruptures", "tier",
                 "certifying")


def make_sessions(ctx: GenerationContext, count: int) -> list[Session]:
    """`count` sessions sorted by start date, with their IDs (SES-YYYY-001)."""
    rng, t = ctx.rng, ctx.t
    cats = rng.choices(schema.CATEGORIES, weights=(60, 12, 14, 14), k=count)
    for i, cat in enumerate(schema.CATEGORIES):  # every category is present
        if cat not in cats:
            cats[i] = cat
    tiers = weighted_table(TIERS)
    out = []
    for cat in cats:
        s = Session()
        s.cat = cat
        s.tier = ctx.pick(tiers)
        s.entreprise = s.financeur = None
        if cat == FORMATION:
            s.title, s.certifying, length = ctx.pick(FORMATIONS)
            start = ctx.between(ctx.start, t)
            wd = (start - 1) % 7
            if wd >= 5:  # sessions start on a weekday
                start = start + (7 - wd) if start + (7 - wd) <= t else start - (wd - 4)
            end = start + length - 1 + (2 if length <= 5 and (start - 1) % 7 + length - 1 > 4 else 0)
            s.intervenant = ctx.pick(FORMATEURS)
            intra = rng.random() < 0.4
            if intra:
                s.entreprise = ctx.pick(ENTREPRISES)
                if rng.random() < 0.5:
                    s.financeur = "Plan de développement de l'entreprise"
            s.inscrits = ctx.between(5, 14) if intra else ctx.between(6, 16)
            drop = 0.02 if length <= 5 else 0.08
        elif cat == APPRENTISSAGE:
            s.title, years = ctx.pick(APPRENTISSAGES)
            s.certifying = True
            first = dt.date.fromordinal(ctx.start).year - 1
            candidates = [y for y in range(first, ctx.today.year + 1) if dt.date(y, 9, 1).toordinal() <= t]
            y = ctx.pick(candidates)
            start = min(t, dt.date(y, 9, 1).toordinal() + ctx.between(0, 40))
            end = dt.date(y + years, 6, 15).toordinal() + ctx.between(0, 25)
            s.intervenant = ctx.pick(FORMATEURS)
            s.inscrits = ctx.between(10, 22)
            drop = 0.12
        elif cat == BILAN:
            s.title, s.certifying = ctx.pick(BILANS), False
            start = ctx.between(ctx.start, t)
            end = start + ctx.between(42, 110)
            s.intervenant = ctx.pick(CONSULTANTS)
            s.inscrits = 1
            drop = 0.05
        else:
            s.title, s.certifying = ctx.pick(VAES), True
            start = ctx.between(ctx.start, t)
            end = start + ctx.between(150, 330)
            s.intervenant = ctx.pick(CONSULTANTS)
            s.inscrits = 1 if rng.random() < 0.8 else ctx.between(2, 6)
            drop = 0.2
        if s.financeur is None:
            s.financeur = ctx.pick(_FINANCEUR_TABLES[cat])
        ended = end <= t
        s.start, s.end = start, (end if ended else None)
        drop *= (1.0, 1.6, 2.5)[s.tier] * (1.0 if ended else 0.5)
        s.abandons = ctx.binomial(s.inscrits, drop)
        if s.abandons:
            motifs = MOTIFS[cat]
            picked = [ctx.pick(motifs) for _ in range(min(2, s.abandons))]
            s.motifs = "; ".join(dict.fromkeys(picked))
        else:
            s.motifs = None
        s.ruptures = ctx.binomial(s.abandons, 0.6) if cat == APPRENTISSAGE else None
        s.objectifs = s.presentes = s.certifies = s.emploi = None
        if ended:
            remaining = s.inscrits - s.abandons
            quality = (1.0, 0.93, 0.82)[s.tier]
            p_obj = {FORMATION: 0.93, APPRENTISSAGE: 0.86, BILAN: 0.97, VAE: 0.85}[cat] * quality
            s.objectifs = ctx.binomial(remaining, p_obj)
            if s.certifying:
                s.presentes = ctx.binomial(remaining, 0.96)
                p_cert = {FORMATION: 0.92, APPRENTISSAGE: 0.85, VAE: 0.78}[cat] * quality
                s.certifies = ctx.binomial(s.presentes, p_cert)
            if cat == APPRENTISSAGE and end + 183 <= t:
                s.emploi = ctx.binomial(remaining, 0.78)
        out.append(s)
    out.sort(key=lambda s: s.start)
    width = id_width(count, 3)
    for s, sid in zip(out, ctx.ids("SES", [s.start for s in out], width), strict=True):
        s.id = sid
    return out


def session_rows(ctx: GenerationContext, sessions: list[Session]) -> list[tuple]:
    """The Sessions sheet, in the contract's column order."""
    d = ctx.date
    return [
        (s.id, s.cat, s.title, d(s.start), d(s.end), s.intervenant, s.financeur, s.entreprise, s.inscrits,
         s.abandons, s.motifs, s.objectifs, s.presentes, s.certifies, s.emploi, s.ruptures)
        for s in sessions
    ]
