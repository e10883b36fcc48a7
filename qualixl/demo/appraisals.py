"""The Appréciations sheet: the responses to the surveys, with notes and verbatims that ring true.

A response's satisfaction level follows its session's quality tier (and sags a little
à froid); the note is written as people write it (mostly a number, sometimes words, a
half point or "Sans avis"), and verbatims come spelled the ways people type them,
including the "RAS" that say nothing and the "- trop long" that look like formulas.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter

from qualixl import schema
from qualixl.demo.context import GenerationContext, weighted_table
from qualixl.demo.satisfaction import LEVELS_BY_TIER, P_BAD_TEXT, P_GOOD_TEXT, P_RECOMMEND, RESPONSE_DELAYS
from qualixl.demo.texts_appraisals import (
    FORMULA_LIKE_BAD,
    FORMULA_LIKE_GOOD,
    GENERIC_BAD,
    GENERIC_GOOD,
    VERBATIMS,
)
from qualixl.demo.vocabulary import A_FROID, LIKERT_BY_LEVEL, SIX_MOIS


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _verbatim_pool(base: Sequence[tuple[str, str | None]], generic, special) -> tuple[list[str], list]:
    """Spellings people really use: the phrase, lower-cased, with a full stop or an exclamation."""
    texts: list[str] = []
    themes: list = []
    for text, theme in (*base, *generic):
        for variant in (text, text, _lower_first(text), text + ".", text + " !", text + " merci"):
            texts.append(variant)
            themes.append(theme)
    for text, theme in special:  # about 3 % of the answers
        for _ in range(max(1, len(texts) // (33 * len(special)))):
            texts.append(text)
            themes.append(theme)
    return texts, themes


def _pools() -> dict[str, tuple[tuple[list[str], list], tuple[list[str], list]]]:
    """Per profile, the (texts, themes) of its points forts and of its points à améliorer.

    Only beneficiaries get the generic and formula-like answers: trainers, companies
    and funders write full sentences.
    """
    pools = {}
    for profile, (good, bad) in VERBATIMS.items():
        beneficiary = profile in schema.CATEGORIES
        pools[profile] = (
            _verbatim_pool(good, GENERIC_GOOD if beneficiary else (), FORMULA_LIKE_GOOD if beneficiary else ()),
            _verbatim_pool(bad, GENERIC_BAD if beneficiary else (), FORMULA_LIKE_BAD if beneficiary else ()),
        )
    return pools


_POOLS = _pools()
# Improvement verbatims that say nothing ("RAS", "Rien"): no action is worth quoting them.
VAGUE_IMPROVEMENTS = frozenset(
    text for (_, (bt, bth)) in _POOLS.values() for text, th in zip(bt, bth, strict=True) if th is None
)


def make_appraisals(ctx: GenerationContext, sols: list[list], counts: list[int]) -> list[tuple]:
    """The responses as working rows sorted by date; `generate` makes them sheet rows last, in place.

    A row is (date, session id, pp, temps, note, reco, forts, améliorer, theme, level, session).
    This is the hot loop of a million-row workbook: lookups and one `rnd()` per decision.
    """
    rnd, t = ctx.rng.random, ctx.t
    level_tables = [weighted_table(p) for p in LEVELS_BY_TIER]
    delay_tables = {k: weighted_table(v) for k, v in RESPONSE_DELAYS.items()}
    p_good = [0.0] + [P_GOOD_TEXT[lv] for lv in range(1, 6)]
    p_bad = [0.0] + [P_BAD_TEXT[lv] for lv in range(1, 6)]
    p_no_reco = 0.1
    p_yes = [0.0] + [p_no_reco + (1 - p_no_reco) * P_RECOMMEND[lv] for lv in range(1, 6)]
    likert = [None] + [LIKERT_BY_LEVEL[lv] for lv in range(1, 6)]
    no_opinion = schema.NO_OPINION
    out: list[tuple] = []
    append = out.append
    for (send, session, pp, temps, _dest, relance, profile, tier), k in zip(sols, counts, strict=True):
        if not k:
            continue
        sid = session.id if session is not None else None
        levels = level_tables[tier]
        nl = len(levels)
        delays = delay_tables[temps]
        nd = len(delays)
        (gt, gth), (bt, bth) = _POOLS[profile]
        ng, nb = len(gt), len(bt)
        cold = 1 if temps in (A_FROID, SIX_MOIS) else 0
        for _ in range(k):
            base = relance if (relance is not None and rnd() < 0.3) else send
            o = base + delays[int(rnd() * nd)]
            if o > t:
                o = t
            lv = levels[int(rnd() * nl)]
            if cold and lv > 1 and rnd() < 0.08:
                lv -= 1
            r = rnd()
            if r < 0.02:
                note: object = no_opinion
            elif r < 0.14:
                note = likert[lv]
            elif r < 0.16 and lv < 5:
                note = lv + 0.5
            else:
                note = lv
            r = rnd()
            reco = None if r < p_no_reco else ("Oui" if r < p_yes[lv] else "Non")
            theme = good = bad = None
            if rnd() < p_good[lv]:
                j = int(rnd() * ng)
                good, theme = gt[j], gth[j]
            if rnd() < p_bad[lv]:
                j = int(rnd() * nb)
                bad, theme = bt[j], bth[j] or theme
            append((o, sid, pp, temps, note, reco, good, bad, theme, lv, session))
    out.sort(key=itemgetter(0))
    return out
