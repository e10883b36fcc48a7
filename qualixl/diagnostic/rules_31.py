"""Indicator 31: complaints, difficulties and hazards are recorded, acknowledged, answered, analysed.

The register must exist even when empty, the written procedure must be reachable, and
every complaint must be handled within the delays the provider set itself (Paramètres):
the auditor compares what was promised with what the register shows.
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
    row_ids,
    sample,
)
from qualixl.figures import excluded_note

PROCEDURE = "Procédure de traitement des réclamations"


def register(ctx: DiagContext) -> DiagnosticLine:
    code, requirement = "31-registre", "Un registre des réclamations, difficultés et aléas est tenu (même vide)."
    data = ctx.sheet(schema.RECLAMATIONS)
    if data is None:
        return ctx.line(code, requirement, NON_CONFORME, "Feuille Réclamations absente.",
                        "Ajoutez la feuille Réclamations : elle sert de registre, même sans réclamation.")
    v = data.values
    recent = v[ctx.in_window(v["Date de réception"])]
    if not len(v):
        return ctx.line(code, requirement, CONFORME,
                        "Registre présent et vide : aucune réclamation enregistrée.",
                        "Enregistrez toute réclamation, difficulté ou aléa, y compris orale, dès sa réception.")
    by_type = recent["Type"].value_counts()
    detail = ", ".join(f"{plural(int(n), t.lower())}" for t, n in by_type.items())
    return ctx.line(code, requirement, CONFORME,
                    f"Registre tenu : {plural(len(v), 'ligne')}, dont {len(recent)} sur 12 mois"
                    + (f" ({detail})." if detail else "."),
                    "Continuez à tout enregistrer, y compris les réclamations orales.")


def procedure(ctx: DiagContext) -> DiagnosticLine:
    code, requirement = "31-procedure", "La procédure de traitement des réclamations est écrite et accessible."
    return ctx.procedure_line(
        code, requirement, PROCEDURE,
        check="Vérifiez que le lien fonctionne et que la procédure est connue de l'équipe.",
        write="réception, accusé, analyse, réponse, suivi")


def _delay(ctx: DiagContext, code: str, requirement: str, prefix: str, kpi: str, header: str, delay: int,
           verb: str, action_missing: str) -> DiagnosticLine:
    """A delay line: the KPI record of the rate, and the late and overdue complaints named from the facts."""
    data = ctx.sheet(schema.RECLAMATIONS)
    if data is None:
        return ctx.line(code, requirement, NON_CONFORME, "Feuille Réclamations absente.",
                        "Ajoutez la feuille Réclamations.")
    f = ctx.facts.complaints
    rate, count = ctx.record(kpi), ctx.record("REC_NB")
    complaints = f["is_complaint"] & ctx.in_window(f["date"])
    if not complaints.any():
        return ctx.line(code, requirement, CONFORME, f"Aucune réclamation reçue {ctx.window_text()}.",
                        f"Gardez le délai cible de {plural(delay, 'jour')} (Paramètres).", figures=[count])
    late = complaints & f[f"{prefix}_late"]
    missing = complaints & f[f"{prefix}_overdue"]
    pending = complaints & f[f"{prefix}_pending"]
    on_time = int(rate["numerator"]) if rate else 0
    judged = int(rate["denominator"]) if rate else 0
    total = int(count["value"]) if count else int(complaints.sum())
    parts = [f"{plural(total, 'réclamation')} sur 12 mois : {plural(on_time, verb)} dans le délai de "
             f"{plural(delay, 'jour')} sur {judged} à juger"]
    if late.any():
        late_ids = [f"{i} ({int(d)} j)" for i, d in zip(row_ids(data, late), f[f"{prefix}_days"][late], strict=True)]
        parts.append(f"{int(late.sum())} en retard ({sample(late_ids)})")
    if missing.any():
        parts.append(f"{int(missing.sum())} sans {header.lower()} après le délai ({sample(row_ids(data, missing))})")
    if pending.any():
        parts.append(f"{int(pending.sum())} encore dans le délai")
    evidence = ", ".join(parts) + "."
    if rate and rate.get("excluded"):
        evidence += f" ({excluded_note(int(rate['excluded']))}.)"
    rows = row_ids(data, late | missing)
    if missing.any():
        return ctx.line(code, requirement, NON_CONFORME, evidence, action_missing, figures=[count, rate], rows=rows)
    if late.any():
        return ctx.line(code, requirement, A_SURVEILLER, evidence,
                        f"Analysez les retards et tenez le délai cible de {plural(delay, 'jour')}, "
                        "ou ajustez-le dans Paramètres s'il est irréaliste.", figures=[count, rate], rows=rows)
    return ctx.line(code, requirement, CONFORME, evidence, "Continuez.", figures=[count, rate])


def acknowledged(ctx: DiagContext) -> DiagnosticLine:
    delay = ctx.params.ack_delay
    return _delay(ctx, "31-accuse", "Chaque réclamation reçoit un accusé de réception dans le délai cible.",
                  "ack", "REC_AR_DELAI", "Date d'accusé de réception", delay, "accusée",
                  "Accusez réception sans attendre des réclamations en souffrance et notez la date "
                  "dans « Date d'accusé de réception ».")


def answered(ctx: DiagContext) -> DiagnosticLine:
    delay = ctx.params.response_delay
    return _delay(ctx, "31-reponse", "Chaque réclamation reçoit une réponse dans le délai cible.",
                  "answer", "REC_REPONSE_DELAI", "Date de réponse", delay, "répondue",
                  "Répondez aux réclamations en souffrance, notez la réponse apportée et sa date.")


def analysed(ctx: DiagContext) -> DiagnosticLine:
    code, requirement = "31-analyse", "Chaque réclamation, difficulté ou aléa est catégorisé et analysé."
    data = ctx.sheet(schema.RECLAMATIONS)
    if data is None:
        return ctx.line(code, requirement, NON_CONFORME, "Feuille Réclamations absente.",
                        "Ajoutez la feuille Réclamations.")
    v, f = data.values, ctx.facts.complaints
    # The analysis is due once the row is closed or its answer delay has passed (facts `handling_due`).
    due = ctx.in_window(f["date"]) & f["handling_due"]
    if not due.any():
        return ctx.line(code, requirement, CONFORME, f"Aucune ligne à analyser {ctx.window_text()}.",
                        "Renseignez Catégorie et Analyse pour chaque nouvelle ligne.")
    no_analysis = due & v["Analyse"].isna()
    no_category = due & v["Catégorie"].isna()
    evidence = f"{plural(int(due.sum()), 'ligne')} sur 12 mois"
    if not no_analysis.any() and not no_category.any():
        return ctx.line(code, requirement, CONFORME, evidence + ", toutes catégorisées et analysées.",
                        "Continuez : présentez la synthèse des causes en revue qualité.")
    if no_analysis.any():
        evidence += f", {int(no_analysis.sum())} sans analyse ({sample(row_ids(data, no_analysis))})"
    if no_category.any():
        evidence += f", {int(no_category.sum())} sans catégorie ({sample(row_ids(data, no_category))})"
    evidence += "."
    rows = row_ids(data, no_analysis | no_category)
    if no_analysis.any():
        return ctx.line(code, requirement, NON_CONFORME, evidence,
                        "Analysez les causes de chaque réclamation (colonne Analyse) et classez-la (Catégorie).",
                        rows=rows)
    return ctx.line(code, requirement, A_SURVEILLER, evidence,
                    "Renseignez la Catégorie pour suivre les réclamations par type d'action.", rows=rows)


def open_too_long(ctx: DiagContext) -> DiagnosticLine:
    code = "31-ouvertes"
    delay = ctx.params.response_delay
    requirement = f"Aucune réclamation ouverte depuis plus que le délai de réponse ({plural(delay, 'jour')})."
    data = ctx.sheet(schema.RECLAMATIONS)
    if data is None:
        return ctx.line(code, requirement, NON_CONFORME, "Feuille Réclamations absente.",
                        "Ajoutez la feuille Réclamations.")
    f = ctx.facts.complaints
    stock = ctx.stock("REC_OUVERTES")
    opened = int(stock["value"]) if stock else int(f["open"].sum())
    old = f["open"] & (f["age_days"] > delay)
    lost = f" ({excluded_note(int(stock['excluded']))}.)" if stock and stock.get("excluded") else ""
    if not old.any():
        evidence = (f"{plural(opened, 'ligne ouverte', 'lignes ouvertes')}, aucune au-delà de {plural(delay, 'jour')}."
                    if opened else "Aucune ligne ouverte.")
        return ctx.line(code, requirement, CONFORME, evidence + lost, "Continuez.", figures=[stock])
    listed = [f"{i} ({int(a)} j)" for i, a in zip(row_ids(data, old), f["age_days"][old], strict=True)]
    return ctx.line(code, requirement, A_SURVEILLER,
                    f"{int(old.sum())} ligne(s) non clôturée(s) depuis plus de {plural(delay, 'jour')}, sur "
                    f"{plural(opened, 'ligne ouverte', 'lignes ouvertes')} : {sample(listed)}.{lost}",
                    "Terminez le traitement (réponse, action) puis passez le Statut à Clôturée avec la date.",
                    figures=[stock], rows=row_ids(data, old))


RULES = (register, procedure, acknowledged, answered, analysed, open_too_long)
