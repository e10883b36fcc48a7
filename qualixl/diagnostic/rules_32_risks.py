"""Indicator 32 under V10: an analysis of the risks on the quality of the training delivered.

The auditor expects a register (the Risques sheet) covering the steps of the service,
its critical risks under control (a measure or an action) and a register kept alive
(reviewed within a year). Criticité, critical, unmanaged and stale are facts (facts.risks).
"""

from __future__ import annotations

from qualixl import schema
from qualixl.diagnostic.model import (
    A_SURVEILLER,
    CONFORME,
    NON_CONFORME,
    DiagContext,
    DiagnosticLine,
    plural,
    sample,
)

ADD = ("Ajoutez la feuille Risques (modèle qualixl) : pour chaque étape de la prestation, les risques sur la "
       "qualité, leur probabilité et leur gravité (1 à 4), les mesures de maîtrise et les actions.")


def _ids(ctx: DiagContext, mask) -> list[str]:
    data = ctx.sheet(schema.RISQUES)
    return [str(i) for i in data.values["ID"][mask.to_numpy(dtype=bool)].fillna("sans ID")]


def analysis_kept(ctx: DiagContext) -> DiagnosticLine:
    code, requirement = "32-risques-analyse", ("Une analyse des risques sur la qualité des formations délivrées est "
                                               "tenue (feuille Risques, risques actifs sur les étapes de la prestation).")
    r = ctx.facts.risks
    if r is None:
        return ctx.line(code, requirement, NON_CONFORME, "Feuille Risques absente : aucune analyse des risques.", ADD)
    data = ctx.sheet(schema.RISQUES)
    active = r["active"]
    if not active.any():
        return ctx.line(code, requirement, NON_CONFORME,
                        f"{plural(int(r['dated'].sum()), 'risque')} dans la feuille Risques, aucun actif.", ADD)
    steps = sorted(set(data.values["Étape"][active.to_numpy()].dropna()), key=list(schema.RISK_STEPS).index)
    evidence = (f"{plural(int(active.sum()), 'risque actif', 'risques actifs')} sur "
                f"{plural(len(steps), 'étape')}" + (f" ({', '.join(steps)})." if steps else "."))
    if len(steps) < 2:
        return ctx.line(code, requirement, A_SURVEILLER, evidence,
                        "Étendez l'analyse aux autres étapes (information, analyse du besoin, conception, "
                        "réalisation, évaluation, accessibilité, sous-traitance).")
    return ctx.line(code, requirement, CONFORME, evidence, "Revoyez le registre à chaque revue qualité.")


def critical_controlled(ctx: DiagContext) -> DiagnosticLine:
    code = "32-risques-critiques"
    requirement = (f"Les risques critiques (criticité ≥ {schema.CRITICAL_RISK}) ont une mesure de maîtrise ou une "
                   "action.")
    r = ctx.facts.risks
    record = ctx.stock("RISQUES_CRITIQUES")
    if r is None:
        return ctx.line(code, requirement, NON_CONFORME, "Feuille Risques absente : criticité inconnue.", ADD)
    critical = int(r["critical"].sum())
    ids = _ids(ctx, r["unmanaged"])
    if not ids:
        return ctx.line(code, requirement, CONFORME,
                        f"{plural(critical, 'risque critique actif', 'risques critiques actifs')}, tous maîtrisés.",
                        "Continuez ; vérifiez l'efficacité des mesures en revue qualité.", figures=[record])
    return ctx.line(code, requirement, NON_CONFORME,
                    f"{plural(len(ids), 'risque critique')} sur {critical} sans mesure de maîtrise ni action : "
                    f"{sample(ids)}.",
                    "Pour chacun, décrivez la mesure en place ou ouvrez une action du plan (Origine = Risque) et "
                    "reportez son ID dans la colonne Actions du risque.", figures=[record], rows=ids)


def reviewed(ctx: DiagContext) -> DiagnosticLine:
    code = "32-risques-revue"
    requirement = f"Le registre des risques est revu depuis moins de {schema.RISK_REVIEW_DAYS} jours."
    r = ctx.facts.risks
    if r is None or not r["active"].any():
        return ctx.line(code, requirement, NON_CONFORME, "Aucun risque actif à revoir (feuille Risques absente "
                        "ou vide).", ADD)
    ids = _ids(ctx, r["stale"])
    last = r["reviewed"][r["active"]].max()
    evidence = f"Dernière revue d'un risque actif le {last:%d/%m/%Y}"
    if not ids:
        return ctx.line(code, requirement, CONFORME, evidence + ", aucun risque actif non revu depuis plus d'un an.",
                        "Revoyez le registre au moins une fois par an (par exemple en revue de direction).")
    return ctx.line(code, requirement, A_SURVEILLER,
                    evidence + f" ; {plural(len(ids), 'risque actif')} non revu(s) depuis plus de "
                    f"{schema.RISK_REVIEW_DAYS} jours : {sample(ids)}.",
                    "Réexaminez ces risques (probabilité, gravité, mesures) et notez la Date de revue.", rows=ids)


RULES = (analysis_kept, critical_controlled, reviewed)
