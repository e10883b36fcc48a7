"""Indicator 32: the improvement plan is alive — actions were opened in the last twelve months.

Links from old appraisals or complaints to old actions are not enough: an auditor asks
what was improved this year. The count is ACT_NB's record over 12 months; actions born
of the teaching evaluation (indicator 33) are named apart, since 33 judges them.
"""

from __future__ import annotations

from qualixl import schema
from qualixl.diagnostic.model import CONFORME, NON_CONFORME, DiagContext, DiagnosticLine, plural


def recent_actions(ctx: DiagContext) -> DiagnosticLine:
    code = "32-actions-recentes"
    requirement = "Des actions d'amélioration ont été ouvertes au cours des 12 derniers mois."
    record = ctx.record("ACT_NB")
    f = ctx.facts.actions
    plan = ctx.required(schema.PLAN).values
    opened = f["dated"] & ctx.in_window(f["date"]) if f is not None else plan["ID"].isna() & False
    teaching = opened & (plan["Origine"] == schema.TEACHING_EVALUATION)
    loop = int(opened.sum()) - int(teaching.sum())
    evidence = f"{plural(int(opened.sum()), 'action ouverte', 'actions ouvertes')} {ctx.window_text()}"
    if teaching.any():
        evidence += f", dont {int(teaching.sum())} issue(s) de l'évaluation des enseignements"
    if loop:
        return ctx.line(code, requirement, CONFORME, evidence + ".", "Continuez.", figures=[record])
    return ctx.line(code, requirement, NON_CONFORME, evidence + " : aucune action d'amélioration récente.",
                    "Ouvrez les actions que décident vos revues qualité, vos appréciations et vos réclamations, et "
                    "inscrivez-les au plan d'amélioration avec leur date d'ouverture.", figures=[record])


RULES = (recent_actions,)
