"""Indicator 12 under V10: prevention and handling of violence, harassment and discrimination.

A written procedure (Paramètres « Procédure de prévention des violences ») and every
situation reported as such (Réclamations, Nature « Violences, harcèlement,
discrimination ») analysed, actioned and closed once its answer delay has passed —
which complaints are due and untreated is a fact (facts.violences).
"""

from __future__ import annotations

from qualixl import schema
from qualixl.diagnostic.model import CONFORME, NON_CONFORME, DiagContext, DiagnosticLine, plural, sample

PROCEDURE = "Procédure de prévention des violences"


def procedure(ctx: DiagContext) -> DiagnosticLine:
    code = "12-violences-procedure"
    requirement = ("Une procédure de prévention et de traitement des violences (dont sexistes et sexuelles), du "
                   "harcèlement et des discriminations est écrite et accessible.")
    return ctx.procedure_line(
        code, requirement, PROCEDURE,
        check="Vérifiez que bénéficiaires et intervenants la connaissent (livret d'accueil, affichage).",
        write="prévention, signalement, écoute, traitement, sanctions, référent")


def handled(ctx: DiagContext) -> DiagnosticLine:
    code = "12-violences-traitement"
    requirement = ("Chaque situation de violence, de harcèlement ou de discrimination signalée est analysée, suivie "
                   "d'une action et clôturée.")
    v, data = ctx.facts.violences, ctx.sheet(schema.RECLAMATIONS)
    record = ctx.record("VIOLENCES_NB")
    if v is None:
        return ctx.line(code, requirement, NON_CONFORME, "Feuille Réclamations absente.",
                        "Ajoutez la feuille Réclamations, avec sa colonne Nature.")
    received = v["violence"] & v["dated"] & ctx.in_window(v["date"])
    if not received.any():
        return ctx.line(code, requirement, CONFORME,
                        f"Aucune situation de nature « {schema.VIOLENCE} » enregistrée {ctx.window_text()}.",
                        f"Enregistrez toute situation signalée dans Réclamations (Nature = « {schema.VIOLENCE} », "
                        "Gravité = Critique).", figures=[record])
    untreated = v["untreated"] & v["dated"]
    ids = [str(i) for i in data.values["ID"][untreated.to_numpy()].fillna("sans ID")]
    evidence = (f"{plural(int(received.sum()), 'situation')} signalée(s) sur 12 mois, "
                f"{int((received & v['closed']).sum())} clôturée(s)")
    if not ids:
        pending = int((received & ~v["due"] & ~v["closed"]).sum())
        evidence += f", {pending} encore dans le délai de réponse." if pending else ", toutes traitées."
        return ctx.line(code, requirement, CONFORME, evidence,
                        "Présentez ces situations et les mesures prises en revue qualité.", figures=[record])
    parts = []
    for row_id, row in zip(ids, v[untreated].itertuples(), strict=True):
        lacking = [name for flag, name in ((row.no_analysis, "analyse"), (row.no_action, "action"),
                                           (row.not_closed, "clôture")) if flag]
        parts.append(f"{row_id} (sans {', '.join(lacking)})")
    return ctx.line(code, requirement, NON_CONFORME,
                    evidence + f" ; non traitée(s) après le délai de réponse : {sample(parts)}.",
                    "Analysez chaque situation, décidez des mesures (action du plan), informez les personnes "
                    "concernées et clôturez-la avec sa date.", figures=[record], rows=ids)


RULES = (procedure, handled)
