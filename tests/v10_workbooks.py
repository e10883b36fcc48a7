"""Compliant workbooks at a V9 and a V10 as-of date, for planting one gap at a time.

`compliant(as_of)` is `diagnostic_workbooks.healthy()` moved in time so that its as-of
date becomes `as_of` (every date shifted alike), plus what V10 asks: an apprenticeship
session whose apprentices evaluate the teaching (two rounds, each restituted to the
teams, an improvement action evaluated effective), a risk register, the violence
prevention procedure and one violence complaint handled to closure.
"""

from __future__ import annotations

import datetime as dt

from diagnostic_workbooks import AS_OF, healthy, set_parameter

from qualixl import schema
from qualixl.schema import APPRECIATIONS, PLAN, RECLAMATIONS, REVUES, RISQUES, SESSIONS, SOLLICITATIONS

D = dt.date
V9_AS_OF = D(2026, 10, 15)
V10_AS_OF = D(2026, 11, 30)
TEACHING = schema.TEACHING_EVALUATION
VIOLENCE_PROCEDURE = "Procédure de prévention des violences"


def _v10_extras(records: dict) -> dict:
    set_parameter(records, "Catégories d'actions", "Formation; Bilan de compétences; Apprentissage")
    set_parameter(records, VIOLENCE_PROCEDURE, "https://intranet.example/prevention-violences.pdf")
    records[SESSIONS].append({
        "ID": "SES-2025-030", "Catégorie": "Apprentissage", "Intitulé": "BTS MCO", "Date de début": D(2025, 9, 1),
        "Date de fin": D(2026, 5, 29), "Financeur": "OPCO EP", "Inscrits": 10, "Abandons": 0,
        "Objectifs atteints": 9, "Présentés à la certification": 10, "Certifiés": 9})
    for sid, temps, sent in (("SOL-2026-020", TEACHING, D(2026, 2, 10)), ("SOL-2026-021", TEACHING, D(2026, 5, 20)),
                             ("SOL-2026-022", "À chaud", D(2026, 5, 29))):
        records[SOLLICITATIONS].append({"ID": sid, "Session": "SES-2025-030", "Partie prenante": "Bénéficiaire",
                                        "Temps": temps, "Date d'envoi": sent, "Destinataires": 10,
                                        "Date de relance": sent + dt.timedelta(days=7)})
    for n, (temps, date, note) in enumerate([(TEACHING, D(2026, 2, 12), 4)] * 8 + [(TEACHING, D(2026, 5, 22), 3)] * 7
                                            + [("À chaud", D(2026, 5, 30), 5)] * 9):
        records[APPRECIATIONS].append({"ID": f"APP-APP-{n + 1:03d}", "Date": date, "Session": "SES-2025-030",
                                       "Partie prenante": "Bénéficiaire", "Temps": temps, "Note globale": note,
                                       "Recommandation": "Oui"})
    for date in (D(2026, 3, 1), D(2026, 6, 10)):
        records[REVUES].append({"Date": date, "Type": schema.TEAM_RESTITUTION, "Participants": "Formateurs du CFA",
                                "Sujets analysés": "Évaluation des enseignements", "Décisions": "Cas pratiques revus",
                                "Actions": "ACT-2026-010" if date.month == 3 else None})
    records[PLAN] += [
        {"ID": "ACT-2026-010", "Date d'ouverture": D(2026, 3, 1), "Origine": TEACHING, "Références": "SOL-2026-020",
         "Constat": "Module de gestion jugé trop théorique", "Action": "Cas pratiques avec les tuteurs",
         "Responsable": "Camille Petit", "Échéance": D(2026, 3, 31), "Statut": "Réalisée",
         "Date de réalisation": D(2026, 3, 20), "Date d'évaluation": D(2026, 6, 20), "Efficacité": "Efficace"},
        {"ID": "ACT-2026-011", "Date d'ouverture": D(2026, 4, 3), "Origine": "Réclamation", "Références": "REC-2026-003",
         "Constat": "Propos sexistes d'un apprenti", "Action": "Sensibilisation de chaque promotion",
         "Responsable": "Julie Roux", "Échéance": D(2026, 5, 15), "Statut": "Réalisée",
         "Date de réalisation": D(2026, 4, 30)},
    ]
    records[RECLAMATIONS].append({
        "ID": "REC-2026-003", "Type": "Réclamation", "Date de réception": D(2026, 4, 1), "Émetteur": "Bénéficiaire",
        "Session": "SES-2025-030", "Catégorie": "Apprentissage", "Nature": schema.VIOLENCE, "Gravité": "Critique",
        "Objet": "Propos sexistes d'un apprenti", "Date d'accusé de réception": D(2026, 4, 1),
        "Responsable": "Julie Roux", "Analyse": "Faits confirmés par deux témoins", "Réponse apportée": "Entretiens",
        "Date de réponse": D(2026, 4, 5), "Statut": "Clôturée", "Date de clôture": D(2026, 4, 20),
        "Action": "ACT-2026-011"})
    records[RISQUES] = [
        {"ID": "RIS-2026-001", "Date d'identification": D(2026, 1, 10), "Étape": "Réalisation",
         "Risque": "Formateur indisponible", "Probabilité": 3, "Gravité": 3,
         "Mesures de maîtrise": "Vivier de remplaçants", "Date de revue": D(2026, 6, 1), "Statut": "Actif"},
        {"ID": "RIS-2026-002", "Date d'identification": D(2026, 1, 10), "Étape": "Conception",
         "Risque": "Supports obsolètes", "Probabilité": 2, "Gravité": 2, "Date de revue": D(2026, 6, 1),
         "Statut": "Actif"},
        {"ID": "RIS-2026-003", "Date d'identification": D(2026, 1, 10), "Étape": "Ressources",
         "Risque": "Salle de repli inadaptée", "Probabilité": 2, "Gravité": 4, "Mesures de maîtrise": "Grille",
         "Statut": "Maîtrisé"},
    ]
    return records


def shifted(records: dict, days: int) -> dict:
    """Every date of every sheet moved by `days` (their order and gaps unchanged)."""
    delta = dt.timedelta(days=days)
    for rows in records.values():
        for row in rows:
            for key, value in row.items():
                if isinstance(value, dt.date):
                    row[key] = value + delta
    return records


def compliant(as_of: dt.date) -> dict:
    """Records with no non conforme line at `as_of`, under the version in force that day."""
    return shifted(_v10_extras(healthy()), (as_of - AS_OF).days)

