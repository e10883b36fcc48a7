"""Indicator 30: appraisals collected from every stakeholder, traced and followed up.

The auditor asks for appraisals of the beneficiaries of every category delivered, of
funders and companies (at least solicited, even when they seldom answer), proof of
reminders, known response rates, "à froid" surveys and, for skills assessments, the
six-month follow-up.
"""

from __future__ import annotations

import pandas as pd

from qualixl import schema
from qualixl.diagnostic.model import (
    A_SURVEILLER,
    CONFORME,
    MINOR,
    NON_CONFORME,
    DiagContext,
    DiagnosticLine,
    day,
    plural,
    row_ids,
    sample,
)
from qualixl.diagnostic.results import rate_line
from qualixl.facts.sessions import COLD_AFTER_MONTHS, FOLLOW_UP_MONTHS
from qualixl.facts.solicitations import REMINDER_AFTER_DAYS

BILAN = "Bilan de compétences"
NO_SESSIONS = "Feuille Sessions absente : les prestations réalisées ne sont pas connues."
ADD_SESSIONS = "Ajoutez la feuille Sessions (une ligne par prestation réalisée, avec sa Date de fin)."


def _covered_sessions(ctx: DiagContext, temps: str) -> set[str]:
    """Folded IDs of the sessions named by a Sollicitation or an Appréciation of this Temps."""
    out: set[str] = set()
    for f in (ctx.facts.solicitations, ctx.facts.appraisals):
        if f is not None and len(f):
            out |= set(f["session"][f["temps"] == temps].dropna())
    return out


def beneficiaries_per_category(ctx: DiagContext) -> DiagnosticLine:
    code, requirement = "30-categories", (
        "Appréciations des bénéficiaires recueillies dans chaque catégorie d'action réalisée sur 12 mois."
    )
    sessions = ctx.sheet(schema.SESSIONS)
    if sessions is None:
        return ctx.line(code, requirement, A_SURVEILLER, NO_SESSIONS, ADD_SESSIONS)
    v = sessions.values
    ended = v[ctx.in_window(v["Date de fin"]) & v["Catégorie"].notna()]
    if not len(ended):
        return ctx.line(code, requirement, A_SURVEILLER,
                        f"Aucune session terminée {ctx.window_text()}.",
                        "Renseignez la Date de fin des sessions réalisées ; sans session terminée, "
                        "préparez le questionnaire qui sera remis aux premiers bénéficiaires.")
    delivered = ended["Catégorie"].value_counts()
    f = ctx.facts.appraisals
    benef = f[ctx.in_window(f["date"]) & (f["pp"] == "Bénéficiaire") & ~f["teaching"]]
    # The category of each answer's session, as the facts resolved it (folded IDs).
    answer_cats = benef["cat"].map(dict(enumerate(schema.CATEGORIES)))
    answers = answer_cats.value_counts()
    untied = int(answer_cats.isna().sum())
    parts = [f"{c} : {plural(int(n), 'session terminée', 'sessions terminées')}, "
             f"{plural(int(answers.get(c, 0)), 'réponse')}" for c, n in delivered.items()]
    evidence = " ; ".join(parts) + "."
    if untied:
        evidence += f" {plural(untied, 'réponse')} de bénéficiaires sans session rattachée."
    missing = [c for c in delivered.index if answers.get(c, 0) == 0]
    if not missing:
        return ctx.line(code, requirement, CONFORME, evidence,
                        "Continuez : une enquête à chaud à la fin de chaque session.")
    examples = sample(row_ids(sessions, ctx.in_window(v["Date de fin"]) & v["Catégorie"].isin(missing)))
    if untied:
        return ctx.line(code, requirement, A_SURVEILLER, evidence,
                        f"Renseignez la colonne Session des appréciations pour montrer que {', '.join(missing)} "
                        f"est évalué (sessions {examples}).")
    return ctx.line(code, requirement, NON_CONFORME,
                    evidence + f" Aucune appréciation de bénéficiaire pour : {', '.join(missing)}.",
                    f"Recueillez les appréciations des bénéficiaires de {', '.join(missing)} (sessions {examples}) "
                    "et saisissez-les dans Appréciations avec l'ID de la session.")


def _stakeholder(ctx: DiagContext, who: str, code: str, plural_name: str, requirement: str,
                 optional: bool, risk: str | None = None) -> DiagnosticLine:
    """`risk` replaces the indicator's grading on a non-conformity the guide names minor. The
    teaching evaluation of indicator 33 is not an appraisal of the service: it counts nowhere here."""
    sent = answered = 0
    last = None
    sol = ctx.facts.solicitations
    if sol is not None and len(sol):
        asked = sol[ctx.in_window(sol["date"]) & (sol["pp"] == who) & ~sol["teaching"]]
        sent = len(asked)
        last = asked["date"].max() if sent else None
    app = ctx.facts.appraisals
    if app is not None and len(app):
        answered = int((ctx.in_window(app["date"]) & (app["pp"] == who) & ~app["teaching"]).sum())
    if sent or answered:
        evidence = f"{plural(sent, 'sollicitation')}"
        if last is not None:
            evidence += f" (dernière le {day(last)})"
        evidence += f" et {plural(answered, 'réponse')} ({who}) {ctx.window_text()}."
        return ctx.line(code, requirement, CONFORME, evidence,
                        f"Continuez à solliciter les {plural_name} et tracez chaque envoi dans Sollicitations.")
    sessions = ctx.sheet(schema.SESSIONS)
    named: list[str] = []
    if sessions is not None and len(sessions):
        v, f = sessions.values, ctx.facts.sessions
        recent = f["started"] & ~(f["end"] <= ctx.start)
        named = sorted({str(x) for x in v[who][recent].dropna()})
    if optional and sessions is not None and not named:
        return ctx.line(code, requirement, CONFORME,
                        f"Sans objet : aucune session des 12 derniers mois ne mentionne d'{who.lower()}.",
                        f"Si des {plural_name} interviennent, renseignez-les dans Sessions et sollicitez-les.")
    evidence = f"Aucune sollicitation ni appréciation « {who} » {ctx.window_text()}."
    if named:
        evidence += f" {plural_name.capitalize()} des sessions : {sample(named)}."
    return ctx.line(code, requirement, NON_CONFORME, evidence,
                    f"Envoyez au moins une enquête aux {plural_name}, même s'ils répondent peu, et tracez l'envoi "
                    f"dans Sollicitations (Partie prenante = {who}).", risk=risk)


def funders(ctx: DiagContext) -> DiagnosticLine:
    """V10 names funders « le cas échéant »: only where Sessions name a Financeur. Funders never
    solicited is the guide's example of a minor non-conformity."""
    requirement = ("Financeurs sollicités au moins une fois sur 12 mois, le cas échéant." if ctx.v10 else
                   "Financeurs sollicités au moins une fois sur 12 mois.")
    return _stakeholder(ctx, "Financeur", "30-financeurs", "financeurs", requirement, optional=ctx.v10,
                        risk=MINOR)


def companies(ctx: DiagContext) -> DiagnosticLine:
    return _stakeholder(ctx, "Entreprise", "30-entreprises", "entreprises",
                        "Entreprises sollicitées au moins une fois sur 12 mois.", optional=True)


def reminders(ctx: DiagContext) -> DiagnosticLine:
    code, requirement = "30-relances", "Les enquêtes envoyées sont relancées (relance tracée)."
    sol = ctx.sheet(schema.SOLLICITATIONS)
    if sol is None:
        return ctx.line(code, requirement, A_SURVEILLER,
                        "Feuille Sollicitations absente : ni les envois ni les relances ne sont tracés.",
                        "Ajoutez la feuille Sollicitations : une ligne par envoi, avec sa Date de relance.")
    f = ctx.facts.solicitations
    due = ctx.in_window(f["date"]) & f["reminder_due"]
    if not due.any():
        return ctx.line(code, requirement, A_SURVEILLER,
                        f"Aucune enquête envoyée depuis plus de {REMINDER_AFTER_DAYS} jours, {ctx.window_text()}.",
                        "Tracez chaque envoi d'enquête dans Sollicitations, puis sa relance.")
    missing = due & ~f["reminded"]
    total = int(due.sum())
    if not missing.any():
        return ctx.line(code, requirement, CONFORME,
                        f"{plural(total, 'envoi')} sur 12 mois, tous relancés.",
                        "Continuez à relancer les non-répondants.")
    return ctx.line(code, requirement, A_SURVEILLER,
                    f"{int(missing.sum())} envoi(s) sur {total} sans relance : {sample(row_ids(sol, missing))}.",
                    "Relancez les non-répondants (par exemple à J+7) et notez la Date de relance.")


def response_rate(ctx: DiagContext) -> DiagnosticLine:
    code, requirement = "30-taux-reponse", "Les taux de réponse aux enquêtes sont connus (sollicitations tracées)."
    if ctx.sheet(schema.SOLLICITATIONS) is None:
        return ctx.line(code, requirement, A_SURVEILLER,
                        "Feuille Sollicitations absente : le taux de réponse ne peut pas être calculé.",
                        "Ajoutez la feuille Sollicitations (envois et nombre de destinataires).")
    return rate_line(ctx, code, requirement, "REPONSE_TAUX", "Taux de réponse",
                     empty=(A_SURVEILLER, "Aucune sollicitation exploitable sur 12 mois : taux de réponse inconnu.",
                            "Notez chaque envoi d'enquête et son nombre de destinataires dans Sollicitations."))


def _follow_up(ctx: DiagContext, code: str, requirement: str, temps: str, months: int, bilan: bool,
               action: str) -> DiagnosticLine:
    sessions = ctx.sheet(schema.SESSIONS)
    if sessions is None:
        if bilan and BILAN not in ctx.params.categories:
            return ctx.line(code, requirement, CONFORME, "Sans objet : pas de bilan de compétences déclaré.",
                            "Rien à faire.")
        return ctx.line(code, requirement, A_SURVEILLER, NO_SESSIONS, ADD_SESSIONS)
    v, f = sessions.values, ctx.facts.sessions
    kind = (v["Catégorie"] == BILAN) if bilan else (v["Catégorie"] != BILAN)
    # Sessions whose follow-up fell due within the window (facts: the day it falls due).
    eligible = kind & ctx.in_window(f["six_months_due_on" if bilan else "cold_due_on"])
    word, words = ("bilan", "bilans") if bilan else ("session", "sessions")
    if not eligible.any():
        return ctx.line(code, requirement, CONFORME,
                        f"Sans objet : aucun {word} terminé depuis plus de {months} mois sur la période."
                        if bilan else
                        f"Sans objet : aucune session terminée depuis plus de {months} mois sur la période.",
                        "Rien à faire pour l'instant.")
    covered = _covered_sessions(ctx, temps)
    keys = ctx.facts.ids[schema.SESSIONS].keys[eligible.to_numpy(dtype=bool)] if schema.SESSIONS in ctx.facts.ids \
        else pd.Series([None] * int(eligible.sum()), dtype=object)
    ids = row_ids(sessions, eligible)
    missing = [i for i, key in zip(ids, keys, strict=True) if key not in covered]
    total = len(ids)
    if not missing:
        return ctx.line(code, requirement, CONFORME,
                        f"Suivi « {temps} » tracé pour {plural(total, word, words)} sur {total}.", "Continuez.")
    return ctx.line(code, requirement, A_SURVEILLER,
                    f"{plural(len(missing), word, words)} sur {total} sans suivi « {temps} » : {sample(missing)}.",
                    action, rows=missing)


def cold(ctx: DiagContext) -> DiagnosticLine:
    return _follow_up(ctx, "30-a-froid", "Appréciations à froid recueillies pour les sessions terminées depuis "
                      "plus de trois mois.", "À froid", COLD_AFTER_MONTHS, False,
                      "Envoyez une enquête à froid (bénéficiaires, entreprises) et tracez-la dans Sollicitations "
                      "(Temps = À froid, avec l'ID de la session).")


def six_months(ctx: DiagContext) -> DiagnosticLine:
    return _follow_up(ctx, "30-six-mois", "Bilans de compétences : suivi à six mois réalisé.", "Six mois",
                      FOLLOW_UP_MONTHS, True,
                      "Contactez les bénéficiaires six mois après leur bilan et tracez ce suivi (Temps = Six mois).")


RULES = (beneficiaries_per_category, funders, companies, reminders, response_rate, cold, six_months)
