"""The KPIs RNQ V10 brought (RISQUES_CRITIQUES, ENS_EVAL_COUVERTURE, VIOLENCES_NB), worked out by hand.

And the rule that goes with indicator 33: an « Évaluation des enseignements » response or
solicitation counts in no satisfaction KPI.
"""

from __future__ import annotations

from kpi_workbooks import (
    APPRECIATIONS,
    RECLAMATIONS,
    SESSIONS,
    SOLLICITATIONS,
    D,
    complaint,
    make_dataset,
    response,
    solicitation,
)
from kpi_workbooks import session as session_row
from test_kpis import absent, get

from qualixl import schema
from qualixl.kpis import compute_kpis

AS_OF = D(2026, 11, 30)
RISQUES = schema.RISQUES
TEACHING = schema.TEACHING_EVALUATION


def risk(id_, p, g, status="Actif", measures=None, actions=None, identified=None) -> dict:
    return {"ID": id_, "Date d'identification": identified or D(2026, 2, 1), "Risque": f"Risque {id_}", "Probabilité": p,
            "Gravité": g, "Statut": status, "Mesures de maîtrise": measures, "Actions": actions}


def test_critical_risks_without_measure_nor_action_are_counted_at_the_as_of_date():
    risks = [
        risk("R1", 3, 3),  # 9, Actif, nothing: counted
        risk("R2", 4, 4, measures="Double contrôle"),  # measured
        risk("R3", 3, 4, status="Maîtrisé"),  # not Actif
        risk("R4", 2, 4),  # 8: below the critical level
        risk("R5", "4", "3", identified=D(2026, 12, 5)),  # identified after the as-of date
        risk("R6", 4, 3),  # counted
    ]
    kpis = compute_kpis(make_dataset({RISQUES: risks}), AS_OF)
    row = get(kpis, "RISQUES_CRITIQUES", "2026-11-30")
    assert (row["value"], row["n"], row["status"]) == (2, 2, schema.STATUS_MISSED)
    assert absent(kpis, "RISQUES_CRITIQUES", "12M")


def test_without_the_risques_sheet_the_kpi_is_skipped():
    kpis = compute_kpis(make_dataset({}), AS_OF)
    assert kpis.attrs["skipped"]["RISQUES_CRITIQUES"] == RISQUES


def test_teaching_evaluation_coverage_of_apprenticeship_sessions():
    sheets = {
        SESSIONS: [
            session_row("A1", "Apprentissage", D(2025, 9, 1), D(2026, 6, 30)),
            session_row("A2", "Apprentissage", D(2025, 9, 1), D(2026, 7, 15)),
            session_row("A3", "Apprentissage", D(2026, 9, 1), D(2027, 6, 30)),  # not ended at the as-of date
            session_row("F1", "Formation", D(2026, 3, 1), D(2026, 3, 5)),
        ],
        APPRECIATIONS: [
            response(D(2026, 6, 20), 4, session=" a1 ", temps=TEACHING),  # case and spaces ignored
            response(D(2026, 7, 10), 4, session="A2", temps="À chaud"),  # a satisfaction survey: no
            response(D(2026, 3, 5), 4, session="F1", temps=TEACHING),  # not apprenticeship
        ],
    }
    kpis = compute_kpis(make_dataset(sheets), AS_OF)
    row = get(kpis, "ENS_EVAL_COUVERTURE", "12M", "Apprentissage")
    assert (row["numerator"], row["denominator"], row["value"]) == (1, 2, 0.5)
    assert get(kpis, "ENS_EVAL_COUVERTURE", "2026-06")["value"] == 1.0
    assert get(kpis, "ENS_EVAL_COUVERTURE", "2026-07")["value"] == 0.0


def test_teaching_evaluations_count_in_no_satisfaction_kpi():
    base = {
        SESSIONS: [session_row("A1", "Apprentissage", D(2025, 9, 1), D(2026, 6, 30))],
        SOLLICITATIONS: [solicitation(D(2026, 6, 30), 10, session="A1")],
        APPRECIATIONS: [response(D(2026, 7, 1), 5, session="A1", temps="À chaud"),
                        response(D(2026, 7, 2), 2, session="A1", temps="À chaud")],
    }
    with_teaching = {
        SESSIONS: base[SESSIONS],
        SOLLICITATIONS: [*base[SOLLICITATIONS], solicitation(D(2026, 6, 10), 10, session="A1", temps=TEACHING)],
        APPRECIATIONS: [*base[APPRECIATIONS],
                        *(response(D(2026, 6, 12), 1, pp="Intervenant", session="A1", temps=TEACHING) for _ in range(3))],
    }
    before, after = (compute_kpis(make_dataset(s), AS_OF) for s in (base, with_teaching))
    for code in ("SAT_TAUX", "SAT_MOY", "REPONSE_TAUX", "PP_COUVERTURE"):
        first, second = get(before, code, "12M"), get(after, code, "12M")
        assert (first["value"], first["n"]) == (second["value"], second["n"]), code
    assert get(after, "SAT_TAUX", "12M")["n"] == 2
    assert get(after, "PP_COUVERTURE", "12M")["value"] == 1  # the Intervenant answered only the teaching evaluation


def test_violence_situations_received_and_closed():
    violence = schema.VIOLENCE
    complaints = [
        complaint(D(2026, 8, 1), status="Clôturée", closed=D(2026, 8, 20), Nature=violence, category="Formation"),
        complaint(D(2026, 11, 1), status="En cours", Nature="violences, harcèlement, discrimination"),
        complaint(D(2026, 9, 1), status="Clôturée", closed=D(2026, 12, 5), Nature=violence),  # closed later
        complaint(D(2026, 9, 1), Nature="Pédagogie"),
    ]
    kpis = compute_kpis(make_dataset({RECLAMATIONS: complaints}), AS_OF)
    row = get(kpis, "VIOLENCES_NB", "12M")
    assert (row["value"], row["numerator"], row["denominator"], row["n"]) == (3, 1, 3, 3)
    assert get(kpis, "VIOLENCES_NB", "12M", "Formation")["value"] == 1
    assert get(kpis, "VIOLENCES_NB", "2026-10")["value"] == 0
