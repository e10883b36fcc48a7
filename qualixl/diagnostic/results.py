"""Result rates that feed the loop (indicators 2, 3, 12, and 30's response rate).

A rate is shown with n and its Wilson interval; on fewer than SMALL_SAMPLE answers it is
"à surveiller" whatever its value, since two answers prove nothing either way. A rate
below its target (or in its alert band) is "à surveiller" too: it is not a
non-conformity by itself, but the auditor expects it to be analysed (indicator 32).
"""

from __future__ import annotations

from qualixl import schema
from qualixl.diagnostic.model import A_SURVEILLER, CONFORME, NON_CONFORME, DiagContext, DiagnosticLine
from qualixl.diagnostic.rates import SMALL_SAMPLE, SMALL_SAMPLE_LABEL, percent, rate_estimate
from qualixl.kpis import ROLLING, Target, read_targets


def rate_line(ctx: DiagContext, code: str, requirement: str, kpi: str, label: str,
              empty: tuple[str, str, str]) -> DiagnosticLine:
    """The line of one rate over the rolling 12 months; `empty` = (status, evidence, action) without data."""
    estimate = rate_estimate(ctx.kpis, kpi, ROLLING)
    if estimate is None or estimate.n == 0:
        return ctx.line(code, requirement, *empty)
    evidence = f"{label} sur 12 mois : {estimate.text()}."
    if estimate.small:
        return ctx.line(code, requirement, A_SURVEILLER, evidence,
                        f"{SMALL_SAMPLE_LABEL.capitalize()} (moins de {SMALL_SAMPLE}) : élargissez le recueil "
                        "(relances, enquête en fin de session) avant d'en tirer une conclusion.", estimate)
    if estimate.status in (schema.STATUS_MISSED, schema.STATUS_ALERT):
        spec = schema.KPIS_BY_CODE[kpi]
        target = read_targets(ctx.dataset).get(kpi) or Target(spec.target, spec.alert, spec.direction)
        band = " (zone d'alerte)" if estimate.status == schema.STATUS_ALERT else ""
        return ctx.line(code, requirement, A_SURVEILLER,
                        evidence + f" Cible {target.direction} {percent(target.target)} non atteinte{band}.",
                        "Analysez l'écart en revue qualité et ouvrez une action d'amélioration (indicateur 32).",
                        estimate)
    return ctx.line(code, requirement, CONFORME, evidence, "Publiez ce résultat et suivez-le chaque mois.", estimate)


def satisfaction(ctx: DiagContext) -> DiagnosticLine:
    return rate_line(ctx, "2-satisfaction", "Taux de satisfaction mesuré et publiable.", "SAT_TAUX",
                     "Taux de satisfaction",
                     (NON_CONFORME, "Aucune réponse notée sur 12 mois : pas de taux de satisfaction à publier.",
                      "Recueillez une note globale dans chaque enquête et saisissez-la dans Appréciations."))


def objectives(ctx: DiagContext) -> DiagnosticLine:
    return rate_line(ctx, "2-objectifs", "Taux d'atteinte des objectifs mesuré.", "OBJECTIFS_TAUX",
                     "Taux d'atteinte des objectifs",
                     (A_SURVEILLER, "Objectifs atteints non renseignés dans Sessions sur 12 mois.",
                      "Renseignez Inscrits, Abandons et Objectifs atteints pour chaque session terminée."))


PRESENTED, CERTIFIED = "Présentés à la certification", "Certifiés"


def certification(ctx: DiagContext) -> DiagnosticLine:
    """Missing data is never « sans objet »: absent or empty Présentés and Certifiés columns read
    « non renseigné » (à surveiller); the line is produced only where indicator 3 applies (référentiel)."""
    code, requirement = "3-certification", "Taux d'obtention des certifications mesuré (actions certifiantes)."
    sessions = ctx.sheet(schema.SESSIONS)
    absent = [h for h in (PRESENTED, CERTIFIED) if sessions is None or h not in sessions.letters]
    if absent:
        where = "Feuille Sessions absente" if sessions is None else \
            f"Colonne(s) {', '.join(f'« {h} »' for h in absent)} absente(s) de Sessions"
        return ctx.line(code, requirement, A_SURVEILLER,
                        f"{where} : taux de certification non renseigné — à surveiller.",
                        "Ajoutez les colonnes Présentés à la certification et Certifiés à Sessions et renseignez-les "
                        "pour chaque session certifiante terminée.")
    return rate_line(ctx, code, requirement, "CERTIF_TAUX", "Taux de certification",
                     (A_SURVEILLER, "Présentés à la certification non renseignés sur 12 mois : taux de certification "
                      "non renseigné — à surveiller.",
                      "Renseignez Présentés et Certifiés pour chaque session certifiante terminée ; si aucune de vos "
                      "actions ne prépare à une certification, notez-le dans la revue qualité."))


def dropouts(ctx: DiagContext) -> DiagnosticLine:
    if ctx.sheet(schema.SESSIONS) is None:
        return ctx.line("12-abandons", "Taux d'abandon mesuré.", A_SURVEILLER,
                        "Feuille Sessions absente : les abandons ne sont pas mesurés.",
                        "Ajoutez la feuille Sessions avec Inscrits et Abandons.")
    return rate_line(ctx, "12-abandons", "Taux d'abandon mesuré.", "ABANDON_TAUX", "Taux d'abandon",
                     (A_SURVEILLER, "Inscrits non renseignés dans Sessions sur 12 mois : taux d'abandon inconnu.",
                      "Renseignez Inscrits et Abandons pour chaque session terminée."))


RULES = (satisfaction, objectives, certification, dropouts)
