"""Indicator 30, session by session and stakeholder by stakeholder (V9 and V10).

An auditor samples sessions: every session ended long enough ago must show its
beneficiaries were asked; collection spread over the year, not gathered in one
quarter before the audit; the teaching teams (Intervenant) asked too, as the
référentiel names them. Whether a session has a beneficiary contact is a fact
(facts.coverage); this module only judges.
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
    plural,
    sample,
)
from qualixl.diagnostic.rules_30 import ADD_SESSIONS, NO_SESSIONS, _stakeholder
from qualixl.facts.coverage import asked_due

DEFAULT_DELAY = 30  # days after its end by which a session's beneficiaries are expected to have been asked
LONGEST_DELAY = 183
QUARTER_DAYS = 92


def expected_delay(sessions: pd.DataFrame) -> int:
    """N: the longest delay in use between a session's end and its first beneficiary contact (at least 30
    days, at most six months), so that a provider who surveys later is judged on its own practice."""
    late = (sessions["beneficiary_contact"] - sessions["end"]).dt.days
    late = late[late > 0]
    return int(min(LONGEST_DELAY, max(DEFAULT_DELAY, late.max() if len(late) else 0)))


def sessions_without_beneficiary(ctx: DiagContext) -> DiagnosticLine:
    code = "30-beneficiaires-sessions"
    sessions = ctx.sheet(schema.SESSIONS)
    if sessions is None:
        return ctx.line(code, "Chaque session terminée a été évaluée par ses bénéficiaires.", A_SURVEILLER,
                        NO_SESSIONS, ADD_SESSIONS)
    f = ctx.facts.sessions
    delay = expected_delay(f)
    requirement = (f"Chaque session terminée depuis plus de {delay} jours a sollicité ou recueilli l'appréciation "
                   "de ses bénéficiaires.")
    due = ctx.in_window(f["end"]) & asked_due(f, delay, ctx.as_of)
    if not due.any():
        return ctx.line(code, requirement, CONFORME,
                        f"Sans objet : aucune session terminée depuis plus de {delay} jours {ctx.window_text()}.",
                        "Rien à faire pour l'instant.")
    missing = due & f["beneficiary_contact"].isna()
    ids = [str(i) for i in sessions.values["ID"][missing].fillna("sans ID")]
    evidence = f"{plural(int(due.sum()), 'session terminée', 'sessions terminées')} depuis plus de {delay} jours"
    if not ids:
        return ctx.line(code, requirement, CONFORME, evidence + ", toutes avec une sollicitation ou une réponse "
                        "de bénéficiaires.", "Continuez : une enquête à la fin de chaque session.")
    status = NON_CONFORME if len(ids) >= 2 else A_SURVEILLER
    return ctx.line(code, requirement, status,
                    evidence + f", dont {plural(len(ids), 'session')} sans aucune sollicitation ni appréciation de "
                    f"bénéficiaires : {sample(ids)}.",
                    "Interrogez les bénéficiaires de ces sessions (enquête à froid si la fin est passée), tracez "
                    "l'envoi dans Sollicitations et les réponses dans Appréciations avec l'ID de la session.",
                    rows=ids)


def spread_collection(ctx: DiagContext) -> DiagnosticLine:
    code = "30-collecte-etalee"
    requirement = "Les appréciations sont recueillies au fil des sessions, pas en une seule campagne."
    f, s = ctx.facts.appraisals, ctx.facts.sessions
    answers = f[ctx.in_window(f["date"]) & (f["pp"] == "Bénéficiaire") & ~f["teaching"]]["date"]
    if not len(answers):
        return ctx.line(code, requirement, A_SURVEILLER, f"Aucune réponse de bénéficiaire {ctx.window_text()}.",
                        "Remettez une enquête à la fin de chaque session.")
    first, last = answers.min(), answers.max()
    ended = s["end"][ctx.in_window(s["end"])] if s is not None else pd.Series(dtype="datetime64[ns]")
    outside = ended[(ended < first - pd.Timedelta(days=QUARTER_DAYS)) | (ended > last + pd.Timedelta(days=1))]
    span = (last - first).days
    evidence = (f"{plural(len(answers), 'réponse')} de bénéficiaires du {first:%d/%m/%Y} au {last:%d/%m/%Y} "
                f"({span} jours)")
    if span <= QUARTER_DAYS and len(outside) >= 2:
        return ctx.line(code, requirement, A_SURVEILLER,
                        evidence + f", alors que {plural(len(outside), 'session a pris fin', 'sessions ont pris fin')} "
                        "hors de cette période : le recueil ressemble à une campagne unique.",
                        "Recueillez les appréciations à la fin de chaque session (à chaud), pas une fois par an ; "
                        "l'auditeur qui choisit une session doit y trouver ses réponses.")
    return ctx.line(code, requirement, CONFORME, evidence + ".", "Continuez à recueillir au fil des sessions.")


def teaching_teams(ctx: DiagContext) -> DiagnosticLine:
    """The référentiel names « équipes pédagogiques »: the Intervenant stakeholder, in V9 and V10 alike."""
    return _stakeholder(ctx, "Intervenant", "30-equipes-pedagogiques", "équipes pédagogiques (intervenants)",
                        "Équipes pédagogiques (intervenants) sollicitées au moins une fois sur 12 mois.",
                        optional=False)


RULES = (sessions_without_beneficiary, spread_collection, teaching_teams)
