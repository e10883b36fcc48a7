"""Indicator 33 (V10, apprenticeship): the apprentices evaluate contents and teaching, apart from satisfaction.

Four requirements, as the référentiel words them: an evaluation distinct from the general
satisfaction survey (Temps « Évaluation des enseignements », counted by ENS_EVAL_COUVERTURE),
its results shared with the teaching teams (a Revues qualité row « Restitution aux équipes
pédagogiques » after each round), a formalised improvement approach (actions of Origine
« Évaluation des enseignements ») whose effectiveness is measured periodically.
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
from qualixl.facts import CATEGORY_CODES
from qualixl.facts.teaching import RESTITUTION_DUE_DAYS, restitutions_held, rounds_due
from qualixl.kpis import ROLLING

TEACHING = schema.TEACHING_EVALUATION
APPRENTICESHIP = "Apprentissage"


def _answers(ctx: DiagContext) -> pd.Series:
    f = ctx.facts.appraisals
    return f["date"][ctx.in_window(f["date"]) & f["teaching"]]


def distinct_evaluation(ctx: DiagContext) -> DiagnosticLine:
    code = "33-evaluation-distincte"
    requirement = ("Les apprentis évaluent les contenus et les enseignements, distinctement de la satisfaction "
                   f"(Temps « {TEACHING} »).")
    record = ctx.record("ENS_EVAL_COUVERTURE", ROLLING, APPRENTICESHIP)
    answers = _answers(ctx)
    s = ctx.facts.sessions
    if not len(answers):
        return ctx.line(code, requirement, NON_CONFORME,
                        f"Aucune réponse « {TEACHING} » {ctx.window_text()}.",
                        "Mettez en place un questionnaire d'évaluation des contenus et des enseignements par les "
                        f"apprentis, distinct de l'enquête de satisfaction, et saisissez les réponses avec Temps = "
                        f"« {TEACHING} ».", figures=[record])
    evidence = f"{plural(len(answers), 'réponse')} « {TEACHING} » sur 12 mois"
    if record is None or not record.get("denominator"):
        return ctx.line(code, requirement, CONFORME, evidence + " ; aucune session d'apprentissage terminée sur "
                        "la période.", "Continuez à chaque semestre.", figures=[record])
    evidence += (f" ; {int(record['numerator'])} session(s) d'apprentissage terminée(s) évaluée(s) sur "
                 f"{int(record['denominator'])}")
    if record["numerator"] >= record["denominator"]:
        return ctx.line(code, requirement, CONFORME, evidence + ".", "Continuez à chaque semestre.", figures=[record])
    sessions = ctx.sheet(schema.SESSIONS)
    missing = (s["cat"] == CATEGORY_CODES[APPRENTICESHIP]) & s["ended"] & ctx.in_window(s["end"]) & \
        ~s["teaching_evaluated"]
    ids = [str(i) for i in sessions.values["ID"][missing.to_numpy()].fillna("sans ID")]
    return ctx.line(code, requirement, A_SURVEILLER, evidence + f" ; sans évaluation : {sample(ids)}.",
                    "Faites évaluer les enseignements par les apprentis de ces sessions.", figures=[record], rows=ids)


def shared_with_teams(ctx: DiagContext) -> DiagnosticLine:
    code = "33-restitution"
    requirement = ("Les résultats de chaque évaluation sont partagés avec les équipes pédagogiques (revue « "
                   f"{schema.TEAM_RESTITUTION} »).")
    answers = _answers(ctx)
    due = rounds_due(answers, ctx.as_of)
    if not due:
        return ctx.line(code, requirement, CONFORME if not len(answers) else A_SURVEILLER,
                        "Aucun résultat d'évaluation des enseignements à restituer encore." if not len(answers) else
                        "Évaluations trop récentes pour que leur restitution soit attendue.",
                        "Présentez les résultats aux équipes pédagogiques et tracez la restitution dans Revues "
                        "qualité.")
    reviews = ctx.sheet(schema.REVUES)
    held = pd.Series(dtype="datetime64[ns]")
    if reviews is not None:
        held = restitutions_held(reviews.values["Date"], reviews.values["Type"], ctx.as_of)
    later = [nxt for nxt in due[1:]] + [ctx.as_of + pd.Timedelta(days=1)]
    shared = [bool(((held >= r) & (held < nxt + pd.Timedelta(days=RESTITUTION_DUE_DAYS))).any())
              for r, nxt in zip(due, later, strict=True)]
    missing = [f"{r:%m/%Y}" for r, ok in zip(due, shared, strict=True) if not ok]
    evidence = (f"{plural(len(due), 'campagne')} d'évaluation des enseignements sur 12 mois, "
                f"{plural(len(held[held > ctx.start]), 'restitution')} aux équipes pédagogiques")
    if not missing:
        return ctx.line(code, requirement, CONFORME, evidence + ", chaque campagne restituée.", "Continuez.")
    status = NON_CONFORME if len(missing) == len(due) else A_SURVEILLER
    return ctx.line(code, requirement, status, evidence + f" ; sans restitution : {', '.join(missing)}.",
                    f"Présentez les résultats aux formateurs et tracez la séance dans Revues qualité (Type = "
                    f"« {schema.TEAM_RESTITUTION} », décisions prises).")


def _actions(ctx: DiagContext) -> pd.Series:
    plan = ctx.required(schema.PLAN).values
    return ctx.in_window(plan["Date d'ouverture"]) & (plan["Origine"] == TEACHING)


def improvement(ctx: DiagContext) -> DiagnosticLine:
    code = "33-amelioration"
    requirement = f"Les évaluations donnent lieu à des actions d'amélioration formalisées (Origine « {TEACHING} »)."
    acts = _actions(ctx)
    plan = ctx.required(schema.PLAN)
    ids = [str(i) for i in plan.values["ID"][acts.to_numpy()].fillna("sans ID")]
    if ids:
        return ctx.line(code, requirement, CONFORME, f"{plural(len(ids), 'action')} d'origine « {TEACHING} » sur "
                        f"12 mois : {sample(ids)}.", "Continuez : présentez-les aux équipes pédagogiques.", rows=ids)
    status = NON_CONFORME if len(_answers(ctx)) else A_SURVEILLER
    return ctx.line(code, requirement, status, f"Aucune action d'origine « {TEACHING} » sur 12 mois.",
                    f"Tirez des évaluations des enseignements des actions d'amélioration et inscrivez-les au plan "
                    f"(Origine = « {TEACHING} »).")


def effectiveness(ctx: DiagContext) -> DiagnosticLine:
    code = "33-efficacite"
    requirement = "L'efficacité de cette démarche est mesurée périodiquement."
    acts, f = _actions(ctx), ctx.facts.actions
    if f is None or not acts.any():
        return ctx.line(code, requirement, A_SURVEILLER, f"Aucune action d'origine « {TEACHING} » à évaluer.",
                        "Fixez un critère d'efficacité à chaque action issue des évaluations des enseignements.")
    due = acts & f["evaluation_due"]
    evaluated = acts & f["evaluated"]
    plan = ctx.required(schema.PLAN)
    missing = [str(i) for i in plan.values["ID"][(due & ~f["evaluated"]).to_numpy()].fillna("sans ID")]
    evidence = (f"{plural(int(acts.sum()), 'action')} d'origine « {TEACHING} », {int(evaluated.sum())} évaluée(s), "
                f"{int(due.sum())} dont l'évaluation est due")
    if missing:
        return ctx.line(code, requirement, A_SURVEILLER, evidence + f" ; à évaluer : {sample(missing)}.",
                        "Évaluez ces actions (Efficacité, Date d'évaluation), par exemple à l'évaluation suivante.",
                        rows=missing)
    if not evaluated.any():
        return ctx.line(code, requirement, A_SURVEILLER, evidence + ".",
                        "Mesurez l'efficacité des actions à la campagne d'évaluation suivante.")
    return ctx.line(code, requirement, CONFORME, evidence + ".", "Continuez.")


RULES = (distinct_evaluation, shared_with_teams, improvement, effectiveness)
