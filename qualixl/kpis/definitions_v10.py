"""Contributions of the KPIs RNQ V10 brought: RISQUES_CRITIQUES (32), ENS_EVAL_COUVERTURE (33), VIOLENCES_NB (12).

Same shape as definitions.py. Which risk is critical and unmanaged, which session the
apprentices' evaluation of teaching reached, which complaint is a violence situation and
whether it is closed: the facts decide (facts.risks, facts.teaching, facts.violences).
"""

from __future__ import annotations

import pandas as pd

from qualixl import schema
from qualixl.facts import CATEGORY_CODES, NO_CATEGORY
from qualixl.kpis.definitions import Context, undated

APPRENTICESHIP = CATEGORY_CODES["Apprentissage"]


def risk_contributions(ctx: Context, r: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """RISQUES_CRITIQUES: Actif risks of criticité ≥ 9 with neither measure nor action, at the as-of date."""
    sheet = schema.RISQUES
    ok = ctx.dated(sheet, r)
    return {"RISQUES_CRITIQUES": ctx.contributions(sheet, r, NO_CATEGORY, 1.0, 1.0, ok & r["unmanaged"])}


def teaching_contributions(ctx: Context, s: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """ENS_EVAL_COUVERTURE: Apprentissage sessions ended on or before the as-of date, by their Date de fin;
    num 1 when the evaluation of teaching reached the session."""
    ended = s[(s["cat"] == APPRENTICESHIP) & s["ended"]]
    rows = ended.assign(date=ended["end"])
    counted = pd.Series(True, index=rows.index)
    return {"ENS_EVAL_COUVERTURE": ctx.contributions(schema.SESSIONS, rows, APPRENTICESHIP,
                                                     rows["teaching_evaluated"].astype("float64"), 1.0, counted)}


def violence_contributions(ctx: Context, v: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """VIOLENCES_NB: violence situations received (den) and those closed at the as-of date (num)."""
    sheet = schema.RECLAMATIONS
    counted = v["violence"] & v["dated"]
    return {"VIOLENCES_NB": ctx.contributions(sheet, v, v["cat"], v["closed"].astype("float64"), 1.0, counted,
                                              v["violence"] & undated(v))}


def presented_contributions(ctx: Context, s: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """PRESENTES_TAUX, the share presented beside CERTIF_TAUX (indicators 2 and 3): Σ Présentés ÷ Σ Inscrits
    over the sessions where both are filled; a session whose counts contradict each other is excluded."""
    sheet = schema.SESSIONS
    ok = ctx.dated(sheet, s)
    both = s["presented"].notna() & s["enrolled"].notna()
    bad = s["cert_bad"] | s["drop_bad"] | (s["presented"] > s["enrolled"])
    return {"PRESENTES_TAUX": ctx.contributions(sheet, s, s["cat"], s["presented"], s["enrolled"],
                                                ok & both & ~bad, (ok & both & bad) | (undated(s) & both))}


def v10_contributions(ctx: Context) -> dict[str, pd.DataFrame]:
    f = ctx.facts
    out: dict[str, pd.DataFrame] = {}
    if f.risks is not None:
        out.update(risk_contributions(ctx, f.risks))
    if f.sessions is not None:
        out.update(presented_contributions(ctx, f.sessions))
    if f.sessions is not None and f.appraisals is not None:
        out.update(teaching_contributions(ctx, f.sessions))
    if f.violences is not None:
        out.update(violence_contributions(ctx, f.violences))
    return out
