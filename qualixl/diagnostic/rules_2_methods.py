"""Indicator 2 under V10: the published results state how they are computed.

qualixl derives each method from the KPI's definition (publication/); the line checks
that there are results to publish with their method, and says how to publish them.
"""

from __future__ import annotations

from qualixl.diagnostic.model import A_SURVEILLER, CONFORME, DiagContext, DiagnosticLine, plural


def methods(ctx: DiagContext) -> DiagnosticLine:
    from qualixl.publication import published_rows

    code = "2-methodes"
    requirement = "Les indicateurs de résultats publiés précisent leurs modalités de calcul."
    rows = published_rows(ctx.dataset, ctx.kpis, ctx.as_of.date()) if ctx.kpis is not None else []
    with_data = [r for r in rows if r.value is not None]
    if not with_data:
        return ctx.line(code, requirement, A_SURVEILLER, "Aucun résultat à publier : ni appréciation notée ni "
                        "session renseignée sur les périodes publiées.",
                        "Renseignez les sessions et les appréciations, puis publiez avec « qualixl publier ».")
    small = sum(1 for r in with_data if r.note)
    evidence = (f"{plural(len(with_data), 'résultat')} publiable(s) avec leur effectif et leur méthode de calcul "
                "(feuille Indicateurs publiés)")
    evidence += f", dont {small} à faible effectif signalé(s)." if small else "."
    figures = [ctx.record(r.code, r.period, r.category) for r in with_data]
    return ctx.line(code, requirement, CONFORME, evidence,
                    "Mettez en ligne la page produite par « qualixl publier » (ou son CSV) et mettez-la à jour à "
                    "chaque exercice.", figures=figures)


RULES = (methods,)
