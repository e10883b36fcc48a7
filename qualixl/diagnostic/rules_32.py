"""Indicator 32: improvement actions come out of appraisals and complaints, and are followed through.

The auditor looks for a closed loop: unsatisfied appraisals and complaints lead to
actions; every action has an owner and a deadline, is done on time and its effect is
checked; dropouts are understood; quality reviews are held regularly.
"""

from __future__ import annotations

import pandas as pd

from qualixl import schema
from qualixl.diagnostic.model import (
    A_SURVEILLER,
    CONFORME,
    NON_CONFORME,
    DiagContext,
    DiagnosticLine,
    day,
    has_refs,
    plural,
    row_ids,
    sample,
)
from qualixl.figures import excluded_note, percent

REVIEW_DATES_SHOWN = 6


def _actions(ctx: DiagContext) -> pd.DataFrame:
    return ctx.required(schema.PLAN).values


def unsatisfied(ctx: DiagContext) -> pd.Series:
    """Appraisals of the window that are unsatisfied (facts: a low note or a « Points à améliorer »)."""
    f = ctx.facts.appraisals
    if f is None:
        return pd.Series(dtype=bool)
    return ctx.in_window(f["date"]) & f["unsatisfied"]


def loop_appraisals(ctx: DiagContext) -> DiagnosticLine:
    code = "32-boucle-appreciations"
    requirement = "Des actions d'amélioration sont issues de l'analyse des appréciations."
    plan = ctx.required(schema.PLAN)
    acts = ctx.in_window(plan.values["Date d'ouverture"]) & (plan.values["Origine"] == "Appréciations")
    app = ctx.required(schema.APPRECIATIONS)
    linked = ctx.in_window(app.values["Date"]) & ctx.facts.resolves(app.values["Suite donnée"], (schema.PLAN,))
    if acts.any() or linked.any():
        ids = row_ids(plan, acts)
        evidence = f"{plural(len(ids), 'action')} d'origine « Appréciations » sur 12 mois"
        evidence += f" ({sample(ids)})" if ids else ""
        evidence += f", {plural(int(linked.sum()), 'appréciation')} renvoyant à une action."
        return ctx.line(code, requirement, CONFORME, evidence,
                        "Continuez : présentez ces actions et leurs résultats en revue qualité.")
    low = unsatisfied(ctx)
    if low.any():
        return ctx.line(code, requirement, NON_CONFORME,
                        f"Aucune action issue des appréciations sur 12 mois, alors que "
                        f"{plural(int(low.sum()), 'appréciation')} exprime(nt) une insatisfaction "
                        f"({sample(row_ids(app, low))}).",
                        "Analysez les appréciations insatisfaites, ouvrez les actions utiles (Origine = "
                        "Appréciations, Références = ID des appréciations).", rows=row_ids(app, low))
    return ctx.line(code, requirement, A_SURVEILLER, "Aucune action issue des appréciations sur 12 mois.",
                    "Même quand tout va bien, tirez des appréciations au moins une piste d'amélioration "
                    "et tracez-la dans le plan.")


def loop_complaints(ctx: DiagContext) -> DiagnosticLine:
    code, requirement = "32-boucle-reclamations", "Les réclamations donnent lieu à des actions d'amélioration."
    rec = ctx.required(schema.RECLAMATIONS)
    v, f = rec.values, ctx.facts.complaints
    if f is None or not (f["is_complaint"] & ctx.in_window(f["date"])).any():
        return ctx.line(code, requirement, CONFORME, "Sans objet : aucune réclamation sur 12 mois.", "Rien à faire.")
    complaints = f["is_complaint"] & ctx.in_window(f["date"])
    plan = _actions(ctx)
    cited = ctx.facts.cited(plan["Références"])
    linked = complaints & (has_refs(v["Action"]) | ctx.facts.keys(schema.RECLAMATIONS).isin(cited))
    from_complaints = ctx.in_window(plan["Date d'ouverture"]) & (plan["Origine"] == "Réclamation")
    # A complaint still inside its answer delay is not yet expected to have its action (facts `handling_due`).
    uncovered = complaints & ~linked & f["handling_due"]
    evidence = (f"{plural(int(complaints.sum()), 'réclamation')} sur 12 mois, {int(linked.sum())} liée(s) à une "
                f"action ; {plural(int(from_complaints.sum()), 'action')} d'origine « Réclamation »")
    if not linked.any() and not from_complaints.any():
        return ctx.line(code, requirement, NON_CONFORME, evidence + ".",
                        "Pour chaque réclamation, décidez d'une action corrective (Origine = Réclamation) "
                        "et reportez son ID dans la colonne Action de la réclamation.")
    if uncovered.any():
        return ctx.line(code, requirement, A_SURVEILLER,
                        evidence + f" ; sans action : {sample(row_ids(rec, uncovered))}.",
                        "Liez chaque réclamation à une action, ou notez dans l'Analyse pourquoi aucune "
                        "action n'est nécessaire.", rows=row_ids(rec, uncovered))
    return ctx.line(code, requirement, CONFORME, evidence + ".", "Continuez.")


def owner_and_deadline(ctx: DiagContext) -> DiagnosticLine:
    code, requirement = "32-pilotage", "Chaque action a un responsable et une échéance."
    plan = ctx.required(schema.PLAN)
    v, f = plan.values, ctx.facts.actions
    live = ~f["abandoned"] & ~f["after"] if f is not None else pd.Series(dtype=bool)
    no_owner = live & v["Responsable"].isna()
    no_due = live & v["Échéance"].isna()
    if not no_owner.any() and not no_due.any():
        count = int(live.sum())
        evidence = (f"{plural(count, 'action')}, toutes avec responsable et échéance." if count
                    else "Aucune action dans le plan.")
        return ctx.line(code, requirement, CONFORME, evidence, "Continuez.")
    parts = []
    if no_owner.any():
        parts.append(f"sans responsable : {sample(row_ids(plan, no_owner))}")
    if no_due.any():
        parts.append(f"sans échéance : {sample(row_ids(plan, no_due))}")
    return ctx.line(code, requirement, NON_CONFORME, "Actions " + " ; ".join(parts) + ".",
                    "Nommez un responsable et fixez une échéance réaliste pour chaque action.",
                    rows=row_ids(plan, no_owner | no_due))


def overdue(ctx: DiagContext) -> DiagnosticLine:
    code, requirement = "32-retards", "Les actions sont réalisées à leur échéance."
    plan = ctx.required(schema.PLAN)
    f = ctx.facts.actions
    record = ctx.stock("ACT_RETARD")
    if f is None:
        return ctx.line(code, requirement, CONFORME, "Aucune action en cours.", "Continuez.")
    # The rows ACT_RETARD counts: open and late (facts), with a readable Date d'ouverture.
    still_open, late = f["open"] & f["dated"], f["late"] & f["dated"]
    lost = f" ({excluded_note(int(record['excluded']))}.)" if record and record.get("excluded") else ""
    if not late.any():
        count = int(still_open.sum())
        evidence = (f"{plural(count, 'action en cours', 'actions en cours')}, aucune en retard." if count
                    else "Aucune action en cours.")
        return ctx.line(code, requirement, CONFORME, evidence + lost, "Continuez.", figures=[record])
    listed = [f"{i} ({int(d)} j)" for i, d in zip(row_ids(plan, late), f["days_late"][late], strict=True)]
    count = int(record["value"]) if record else int(late.sum())
    return ctx.line(code, requirement, A_SURVEILLER,
                    f"{count} action(s) en retard sur {int(still_open.sum())} en cours : {sample(listed)}.{lost}",
                    "Réalisez ces actions, ou reportez l'échéance en notant pourquoi (revue qualité).",
                    figures=[record], rows=row_ids(plan, late))


def effectiveness(ctx: DiagContext) -> DiagnosticLine:
    """ACT_EVALUEES over the 12 months (actions opened then, realised more than the delay ago)."""
    delay = ctx.params.evaluation_delay
    code = "32-efficacite"
    requirement = f"L'efficacité des actions réalisées est évaluée (après {plural(delay, 'jour')})."
    plan = ctx.required(schema.PLAN)
    f = ctx.facts.actions
    record, effective = ctx.record("ACT_EVALUEES"), ctx.record("ACT_EFFICACITE")
    due = (f["evaluation_due"] & ctx.in_window(f["date"])) if f is not None else pd.Series(dtype=bool)
    if not due.any():
        return ctx.line(code, requirement, CONFORME,
                        f"Aucune action ouverte sur 12 mois et réalisée depuis plus de {plural(delay, 'jour')} : "
                        "rien à évaluer encore.",
                        "Prévoyez un critère d'efficacité pour chaque action.", figures=[record])
    missing = due & ~f["evaluated"]
    evaluated, matured = (int(record["numerator"]), int(record["denominator"])) if record else (0, 0)
    evidence = (f"{evaluated} évaluée(s) sur {matured} réalisée(s) depuis plus de {delay} jours "
                "parmi les actions ouvertes sur 12 mois")
    if effective and effective.get("denominator"):
        evidence += (f" ; efficaces : {percent(effective['value'])} des actions évaluées "
                     f"({int(effective['numerator'])}/{int(effective['denominator'])})")
    if not missing.any():
        return ctx.line(code, requirement, CONFORME, evidence + ".",
                        "Continuez ; relancez une action quand l'efficacité est partielle ou nulle.",
                        figures=[record, effective])
    return ctx.line(code, requirement, A_SURVEILLER,
                    evidence + f" ; à évaluer : {sample(row_ids(plan, missing))}.",
                    "Évaluez ces actions au regard de leur critère d'efficacité et notez Efficacité et "
                    "Date d'évaluation.", figures=[record, effective], rows=row_ids(plan, missing))


def dropout_causes(ctx: DiagContext) -> DiagnosticLine:
    code, requirement = "32-abandons", "Les causes des abandons sont analysées (voir aussi l'indicateur 12)."
    sessions = ctx.sheet(schema.SESSIONS)
    if sessions is None:
        return ctx.line(code, requirement, A_SURVEILLER,
                        "Feuille Sessions absente : les abandons et leurs causes ne sont pas suivis.",
                        "Ajoutez la feuille Sessions avec Abandons et Motifs d'abandon.")
    v, f = sessions.values, ctx.facts.sessions
    record = ctx.record("ABANDON_TAUX")
    # The sessions ABANDON_TAUX counts (facts: dated, Inscrits and Abandons usable) that had dropouts.
    counted = ctx.in_window(f["date"]) & f["enrolled"].notna() & ~f["drop_bad"]
    with_dropouts = counted & (f["dropped"] > 0)
    if not with_dropouts.any():
        return ctx.line(code, requirement, CONFORME, "Aucun abandon enregistré sur 12 mois.",
                        "Continuez à renseigner les abandons session par session.", figures=[record])
    missing = with_dropouts & v["Motifs d'abandon"].isna()
    total = int(record["numerator"]) if record else int(f["dropped"][with_dropouts].sum())
    evidence = f"{plural(total, 'abandon')} dans {plural(int(with_dropouts.sum()), 'session')} sur 12 mois"
    if record and record.get("denominator"):
        evidence += f" (taux d'abandon {percent(record['value'])}, {total}/{int(record['denominator'])} inscrits)"
    if not missing.any():
        return ctx.line(code, requirement, CONFORME, evidence + ", motifs renseignés partout.",
                        "Analysez les motifs récurrents en revue qualité.", figures=[record])
    return ctx.line(code, requirement, A_SURVEILLER,
                    evidence + f" ; motifs absents : {sample(row_ids(sessions, missing))}.",
                    "Contactez les bénéficiaires concernés, notez les Motifs d'abandon et décidez des mesures "
                    "de prévention.", figures=[record], rows=row_ids(sessions, missing))


def reviews(ctx: DiagContext) -> DiagnosticLine:
    period = ctx.params.review_period
    code = "32-revues"
    requirement = f"Des revues qualité sont tenues au moins tous les {period} jours."
    data = ctx.sheet(schema.REVUES)
    if data is None:
        return ctx.line(code, requirement, A_SURVEILLER,
                        "Feuille Revues qualité absente : l'analyse des résultats n'est pas tracée.",
                        "Ajoutez la feuille Revues qualité et tenez une revue à la périodicité fixée.")
    dates = ctx.facts.reviews["date"]
    record = ctx.record("REVUES_NB")
    held = sorted(dates[ctx.in_window(dates)].dropna().unique())
    if not held:
        return ctx.line(code, requirement, NON_CONFORME, f"Aucune revue qualité {ctx.window_text()}.",
                        "Tenez une revue qualité (résultats, appréciations, réclamations, actions) et "
                        "consignez ses décisions.", figures=[record])
    start = max(ctx.start, ctx.activity_start())
    bounds = [pd.Timestamp(start), *(pd.Timestamp(d) for d in held), ctx.as_of]
    gaps = [((b - a).days, a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    widest = max(gaps, key=lambda g: g[0])
    listed = ", ".join(day(d) for d in held[-REVIEW_DATES_SHOWN:])
    count = int(record["value"]) if record else len(held)
    evidence = f"{plural(count, 'revue')} sur 12 mois ({listed}) ; plus grand écart : {widest[0]} jours"
    if widest[0] <= period:
        return ctx.line(code, requirement, CONFORME, evidence + ".", "Continuez.", figures=[record])
    return ctx.line(code, requirement, A_SURVEILLER,
                    evidence + f" (du {day(widest[1])} au {day(widest[2])}), au-delà de la périodicité de "
                    f"{period} jours.",
                    f"Planifiez les revues à l'avance (au plus {period} jours d'écart) ; "
                    "tenez la prochaine sans tarder.", figures=[record])



def unsatisfied_followed(ctx: DiagContext) -> DiagnosticLine:
    code, requirement = "32-suites", "Chaque appréciation insatisfaite reçoit une suite (réclamation ou action)."
    app = ctx.required(schema.APPRECIATIONS)
    low = unsatisfied(ctx)
    if not low.any():
        return ctx.line(code, requirement, CONFORME, "Aucune appréciation insatisfaite sur 12 mois.", "Continuez.")
    cited = ctx.facts.cited(_actions(ctx)["Références"])
    followed = has_refs(app.values["Suite donnée"]) | ctx.facts.keys(schema.APPRECIATIONS).isin(cited)
    missing = low & ~followed
    evidence = (f"{plural(int(low.sum()), 'appréciation insatisfaite', 'appréciations insatisfaites')} "
                "ou avec points à améliorer sur 12 mois")
    if not missing.any():
        return ctx.line(code, requirement, CONFORME, evidence + ", toutes suivies.", "Continuez.")
    return ctx.line(code, requirement, A_SURVEILLER,
                    evidence + f", {int(missing.sum())} sans suite : {sample(row_ids(app, missing))}.",
                    "Pour chacune, notez dans « Suite donnée » l'ID de la réclamation ou de l'action ouverte, "
                    "ou regroupez-les dans une action du plan.", rows=row_ids(app, missing))


RULES = (loop_appraisals, loop_complaints, owner_and_deadline, overdue, effectiveness, dropout_causes, reviews,
         unsatisfied_followed)
