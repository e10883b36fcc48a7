"""KPIs on small hand-built workbooks; every expected figure is worked out by hand here."""

from __future__ import annotations

import json
import math
import time

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kpi_workbooks import (
    APPRECIATIONS,
    PLAN,
    RECLAMATIONS,
    REVUES,
    SESSIONS,
    SOLLICITATIONS,
    D,
    action,
    complaint,
    make_dataset,
    response,
    review,
    session,
    solicitation,
    write_book,
)

from qualixl import schema
from qualixl.cli import main
from qualixl.kpis import COLUMNS, compute_kpis, format_kpis, kpi_records, period_kind

AS_OF = D(2026, 3, 31)
MET, ALERT, MISSED = schema.STATUS_MET, schema.STATUS_ALERT, schema.STATUS_MISSED


def get(df: pd.DataFrame, code: str, period: str, category: str | None = None) -> dict:
    cat = df["category"].map(lambda c: c if isinstance(c, str) else None)
    rows = df[(df["code"] == code) & (df["period"] == period) & (cat == category if category else cat.isna())]
    assert len(rows) == 1, f"{code} {period} {category}: {len(rows)} rows"
    return rows.iloc[0].to_dict()


def absent(df: pd.DataFrame, code: str, period: str, category: str | None = None) -> bool:
    cat = df["category"].map(lambda c: c if isinstance(c, str) else None)
    rows = df[(df["code"] == code) & (df["period"] == period) & (cat == category if category else cat.isna())]
    return rows.empty


def is_null(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


TWO_SESSIONS = [
    session("S1", "Formation", D(2026, 1, 5), D(2026, 1, 30)),
    session("S2", "Bilan de compétences", D(2026, 2, 1)),
]


# --------------------------------------------------------------------------- satisfaction


@pytest.fixture(scope="module")
def satisfaction():
    sheets = {
        SESSIONS: TWO_SESSIONS,
        APPRECIATIONS: [
            response(D(2026, 1, 10), 5, session="S1"),
            response(D(2026, 1, 20), 3, session="S1"),
            response(D(2026, 2, 5), "Très satisfait", session="S2"),  # 5 (top of the scale)
            response(D(2026, 2, 6), "satisfait", session="S2"),  # 4 (the threshold), case tolerated
            response(D(2026, 2, 7), "Peu satisfait", session="S2"),  # (1 + 4) / 2 = 2.5
            response(D(2026, 2, 8), "Sans opinion", session="S2"),  # not a note, not an exclusion
            response(D(2026, 3, 1), 4),  # no session: no category
            response(D(2026, 4, 2), 1),  # after as_of
            response("hier", 5),  # unreadable date: excluded and counted
            response(D(2026, 3, 15), 9),  # outside the 1..5 scale: excluded and counted
        ],
    }
    return compute_kpis(make_dataset(sheets), AS_OF)


def test_columns_exactly(satisfaction):
    assert tuple(satisfaction.columns) == COLUMNS == (
        "code", "period", "category", "value", "numerator", "denominator", "n", "excluded", "status")


def test_sat_taux_by_month_and_exercise(satisfaction):
    df = satisfaction
    jan = get(df, "SAT_TAUX", "2026-01")  # 5 ≥ 4 yes, 3 no
    assert (jan["numerator"], jan["denominator"], jan["n"], jan["value"]) == (1, 2, 2, 0.5)
    feb = get(df, "SAT_TAUX", "2026-02")  # 5 yes, 4 yes, 2.5 no; Sans opinion left out
    assert (feb["numerator"], feb["denominator"]) == (2, 3)
    assert feb["value"] == pytest.approx(2 / 3)
    year = get(df, "SAT_TAUX", "2026")  # 1 + 2 + 1 (March, 4) of 2 + 3 + 1
    assert (year["numerator"], year["denominator"]) == (4, 6)
    assert year["status"] == MISSED  # 0.667 < alert 0.80
    assert get(df, "SAT_TAUX", "2026-T1")["denominator"] == 6
    assert get(df, "SAT_TAUX", "12M")["denominator"] == 6
    assert jan["status"] is None  # no status on months


def test_sat_moy_with_likert_labels(satisfaction):
    df = satisfaction
    assert get(df, "SAT_MOY", "2026-01")["value"] == pytest.approx((5 + 3) / 2)
    feb = get(df, "SAT_MOY", "2026-02")
    assert feb["value"] == pytest.approx((5 + 4 + 2.5) / 3) and feb["n"] == 3
    assert is_null(feb["numerator"]) and is_null(feb["denominator"])
    year = get(df, "SAT_MOY", "2026")
    assert year["value"] == pytest.approx((5 + 3 + 5 + 4 + 2.5 + 4) / 6) and year["n"] == 6
    assert year["status"] == ALERT  # 23.5 / 6 = 3.917: below the target 4.0, at least the alert 3.8


def test_sat_categories_through_the_session(satisfaction):
    df = satisfaction
    formation = get(df, "SAT_TAUX", "2026", "Formation")  # S1: 5, 3
    assert (formation["numerator"], formation["denominator"]) == (1, 2)
    bilan = get(df, "SAT_TAUX", "2026-02", "Bilan de compétences")  # S2: 5, 4, 2.5
    assert (bilan["numerator"], bilan["denominator"]) == (2, 3)
    assert absent(df, "SAT_TAUX", "2026-01", "Bilan de compétences")  # no data: no row
    assert absent(df, "SAT_TAUX", "2026", "VAE")


def test_bad_and_late_rows_are_counted(satisfaction):
    assert satisfaction.attrs["excluded"][APPRECIATIONS] == 2  # "hier" and the 9
    assert satisfaction.attrs["after_as_of"][APPRECIATIONS] == 1  # 2026-04-02
    assert absent(satisfaction, "SAT_TAUX", "2026-04")


def test_denominator_zero_is_null():
    sheets = {REVUES: [review(D(2025, 11, 20))], APPRECIATIONS: [response(D(2026, 1, 10), 2)]}
    df = compute_kpis(make_dataset(sheets), AS_OF)
    empty = get(df, "SAT_TAUX", "2025-12")  # months run continuously from the review (2025-11)
    assert is_null(empty["value"]) and (empty["numerator"], empty["denominator"], empty["n"]) == (0, 0, 0)
    assert is_null(get(df, "SAT_MOY", "2025")["value"]) and get(df, "SAT_MOY", "2025")["n"] == 0
    assert get(df, "SAT_MOY", "2025")["status"] is None  # no status without a value
    assert get(df, "REC_NB", "2025-12")["value"] == 0  # a count is 0
    assert get(df, "SAT_TAUX", "2026")["value"] == 0.0  # 0 of 1: a real 0, not null
    months = [x for x in df["period"].unique() if period_kind(x) == "mois"]
    assert months == ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]


# --------------------------------------------------------------------------- response rate


def test_reponse_taux_matching_and_cap():
    sheets = {
        SESSIONS: TWO_SESSIONS,
        SOLLICITATIONS: [
            solicitation(D(2026, 1, 5), 4, "Bénéficiaire", "À chaud", "S1"),
            solicitation(D(2026, 2, 1), 2, "Entreprise", "À froid", "S1"),
            solicitation(D(2026, 1, 10), 3, "Financeur", "Annuel"),  # no session
            solicitation(D(2025, 1, 10), 2, "Financeur", "Annuel"),  # last year's annual survey
            solicitation(D(2026, 2, 10), 1, "Bénéficiaire", "À chaud", "S2"),
            solicitation(D(2026, 2, 11), None, "Bénéficiaire", "À chaud", "S2"),  # no Destinataires
        ],
        APPRECIATIONS: [
            *[response(D(2026, 1, d), 4, "Bénéficiaire", "S1", "À chaud") for d in (8, 9, 10)],
            response(D(2026, 2, 3), 4, "Entreprise", "S1"),  # no Temps: (S1, Entreprise) has only À froid
            response(D(2026, 1, 20), 4, "Financeur", temps="Annuel"),  # → the 2026 annual survey
            response(D(2025, 6, 1), 4, "Financeur", temps="Annuel"),  # → the 2025 annual survey
            *[response(D(2026, 2, 11), 4, "Bénéficiaire", "S2", "À chaud") for _ in range(3)],  # 3 for 1
            response(D(2026, 1, 9), 4, "Bénéficiaire", "S1", "À froid"),  # nothing sent: unmatched
        ],
    }
    df = compute_kpis(make_dataset(sheets), AS_OF)
    jan = get(df, "REPONSE_TAUX", "2026-01")  # S1 chaud 3/4 + annual 1/3
    assert (jan["numerator"], jan["denominator"]) == (3 + 1, 4 + 3)
    feb = get(df, "REPONSE_TAUX", "2026-02")  # S1 froid 1/2 + S2 min(3, 1)/1
    assert (feb["numerator"], feb["denominator"]) == (1 + 1, 2 + 1)
    year = get(df, "REPONSE_TAUX", "2026")
    assert (year["numerator"], year["denominator"]) == (6, 10) and year["status"] == MET  # 0.60 ≥ 0.60
    last_year = get(df, "REPONSE_TAUX", "2025-01")  # attributed to the sending month
    assert (last_year["numerator"], last_year["denominator"]) == (1, 2)
    formation = get(df, "REPONSE_TAUX", "2026", "Formation")  # 3/4 + 1/2
    assert (formation["numerator"], formation["denominator"]) == (4, 6)
    bilan = get(df, "REPONSE_TAUX", "2026", "Bilan de compétences")
    assert (bilan["numerator"], bilan["denominator"]) == (1, 1)
    assert df.attrs["excluded"][SOLLICITATIONS] == 1


def test_reponse_before_the_sending_goes_to_the_next_one():
    sheets = {
        SOLLICITATIONS: [solicitation(D(2026, 2, 1), 5, "Entreprise", "Six mois")],
        APPRECIATIONS: [response(D(2026, 1, 28), 3, "Entreprise", temps="Six mois")],
    }
    df = compute_kpis(make_dataset(sheets), AS_OF)
    feb = get(df, "REPONSE_TAUX", "2026-02")
    assert (feb["numerator"], feb["denominator"]) == (1, 5)
    assert get(df, "REPONSE_TAUX", "2026-01")["denominator"] == 0


# --------------------------------------------------------------------------- stakeholders


def test_pp_couverture_and_12m_boundaries():
    sheets = {
        APPRECIATIONS: [
            response(D(2025, 3, 31), 4, "Entreprise"),  # as_of − 1 year: just outside 12M
            response(D(2025, 4, 1), 4, "Financeur"),  # first day inside
            response(D(2026, 2, 1), 4, "Bénéficiaire"),
            response(D(2026, 3, 31), "Sans opinion", "Bénéficiaire"),  # as_of itself: inside; still a response
        ],
    }
    df = compute_kpis(make_dataset(sheets), AS_OF)
    rolling = get(df, "PP_COUVERTURE", "12M")  # {Financeur, Bénéficiaire}, 3 responses
    assert (rolling["value"], rolling["n"]) == (2, 3) and rolling["status"] == ALERT  # 2 < 3, ≥ alert 2
    assert (get(df, "PP_COUVERTURE", "2025")["value"], get(df, "PP_COUVERTURE", "2025")["n"]) == (2, 2)
    assert (get(df, "PP_COUVERTURE", "2026")["value"], get(df, "PP_COUVERTURE", "2026")["n"]) == (1, 2)
    assert absent(df, "PP_COUVERTURE", "2026-02") and absent(df, "PP_COUVERTURE", "2026-T1")
    assert get(df, "SAT_TAUX", "12M")["denominator"] == 2  # Financeur + Bénéficiaire (Sans opinion out)


def test_12m_mid_month_window():
    sheets = {RECLAMATIONS: [complaint(D(2025, 3, 15)), complaint(D(2025, 3, 16)), complaint(D(2026, 3, 15)),
                             complaint(D(2026, 3, 16))]}
    df = compute_kpis(make_dataset(sheets), D(2026, 3, 15))
    assert get(df, "REC_NB", "12M")["value"] == 2  # 2025-03-16 and 2026-03-15
    assert df.attrs["after_as_of"][RECLAMATIONS] == 1


# --------------------------------------------------------------------------- complaints


@pytest.fixture(scope="module")
def complaints():
    sheets = {
        SESSIONS: TWO_SESSIONS,
        RECLAMATIONS: [
            # C1: ack 2 days (on time, ≤ 2), answer 10 days (on time, ≤ 15), closed
            complaint(D(2026, 1, 5), "Clôturée", ack=D(2026, 1, 7), answered=D(2026, 1, 15), category="Formation"),
            # C2: ack 5 days (late), answer 31 days (late), category through S2
            complaint(D(2026, 1, 10), "En cours", ack=D(2026, 1, 15), answered=D(2026, 2, 10), session="S2"),
            # C3: empty Type (→ Réclamation), received the day before as_of: delays not due yet
            complaint(D(2026, 3, 30), "Ouverte", kind=None),
            # C4: nothing done a month later: overdue for both delays
            complaint(D(2026, 3, 1), "Ouverte", category="Formation"),
            # C5: a Difficulté: not in REC_NB, but not closed
            complaint(D(2026, 2, 1), "Ouverte", kind="Difficulté"),
            # C6: ack before reception (excluded from AR), answer 5 days, closed after as_of (open then)
            complaint(D(2026, 2, 15), "Clôturée", ack=D(2026, 2, 14), answered=D(2026, 2, 20),
                      closed=D(2026, 4, 5)),
            # C7: after as_of
            complaint(D(2026, 4, 2), "Ouverte"),
        ],
    }
    return compute_kpis(make_dataset(sheets), AS_OF)


def test_rec_nb(complaints):
    df = complaints
    assert get(df, "REC_NB", "2026")["value"] == 5  # C1 C2 C3 C4 C6
    assert [get(df, "REC_NB", m)["value"] for m in ("2026-01", "2026-02", "2026-03")] == [2, 1, 2]
    assert get(df, "REC_NB", "2026")["status"] == MET  # 5 ≤ 10
    assert get(df, "REC_NB", "2026-01", "Formation")["value"] == 1  # C1 (own category)
    assert get(df, "REC_NB", "2026-01", "Bilan de compétences")["value"] == 1  # C2 via S2
    assert get(df, "REC_NB", "2026", "Formation")["status"] is None  # no status on per-category counts


def test_rec_delays(complaints):
    df = complaints
    ar = get(df, "REC_AR_DELAI", "2026")  # den C1 C2 C4 (C3 not due, C6 excluded); on time C1
    assert (ar["numerator"], ar["denominator"]) == (1, 3) and ar["status"] == MISSED
    rep = get(df, "REC_REPONSE_DELAI", "2026")  # den C1 C2 C6 (answered) + C4 (1/3 + 15 < 31/3); on time C1 C6
    assert (rep["numerator"], rep["denominator"]) == (2, 4) and rep["status"] == MISSED
    mean = get(df, "REC_DELAI_MOY", "2026")  # answered: 10, 31, 5 days
    assert mean["value"] == pytest.approx((10 + 31 + 5) / 3) and mean["n"] == 3
    assert mean["status"] == ALERT  # 15.33 > 15, ≤ 20
    assert get(df, "REC_AR_DELAI", "2026-03")["denominator"] == 1  # C4 only (C3 within its delay)
    assert get(df, "REC_AR_DELAI", "2026", "Formation")["denominator"] == 2  # C1, C4
    assert df.attrs["excluded"][RECLAMATIONS] == 1  # C6


def test_rec_delays_wait_for_the_delay_to_pass():
    sheets = {RECLAMATIONS: [complaint(D(2026, 3, 29))]}  # 29/3 + 2 days = 31/3: not passed on 31/3
    on_the_day = compute_kpis(make_dataset(sheets), AS_OF)
    assert get(on_the_day, "REC_AR_DELAI", "2026")["denominator"] == 0
    assert is_null(get(on_the_day, "REC_AR_DELAI", "2026")["value"])
    next_day = compute_kpis(make_dataset(sheets), D(2026, 4, 1))
    assert (get(next_day, "REC_AR_DELAI", "2026")["numerator"], get(next_day, "REC_AR_DELAI", "2026")["denominator"]) == (0, 1)


def test_rec_ouvertes_stock(complaints):
    df = complaints
    stock = get(df, "REC_OUVERTES", "2026-03-31")  # C2 C3 C4 C5 C6 (C1 closed, C7 not yet received)
    assert stock["value"] == 5 and stock["n"] == 5
    assert stock["status"] == ALERT  # 5 > 3 but ≤ 5
    assert get(df, "REC_OUVERTES", "2026-03-31", "Formation")["value"] == 1  # C4
    assert get(df, "REC_OUVERTES", "2026-03-31", "Bilan de compétences")["value"] == 1  # C2
    assert set(df[df["code"] == "REC_OUVERTES"]["period"]) == {"2026-03-31"}


# --------------------------------------------------------------------------- actions


@pytest.fixture(scope="module")
def actions():
    sheets = {
        PLAN: [
            # A1 done on time 15/11, evaluated Efficace; 15/11/2025 + 90 d = 13/02/2026 ≤ as_of
            action(D(2025, 10, 1), D(2025, 11, 30), "Réalisée", D(2025, 11, 15), "Efficace", D(2026, 3, 1)),
            # A2 done late 10/12 (due 30/11), not evaluated; 10/12/2025 + 90 d = 10/03/2026 ≤ as_of
            action(D(2025, 10, 15), D(2025, 11, 30), "Réalisée", D(2025, 12, 10)),
            action(D(2026, 1, 10), D(2026, 2, 28), "En cours"),  # A3 overdue
            action(D(2026, 2, 1), D(2026, 6, 30), "À lancer"),  # A4 not due
            action(D(2026, 1, 20), D(2026, 1, 31), "Abandonnée"),  # A5 abandoned: never late
            # A6 done on time, Non efficace; 10/03 + 90 d is after as_of
            action(D(2026, 2, 15), D(2026, 3, 15), "Réalisée", D(2026, 3, 10), "Non efficace", D(2026, 3, 20)),
            action(D(2026, 3, 1), D(2026, 3, 20), "Réalisée"),  # A7 Réalisée without date: excluded
            action(D(2026, 2, 20), D(2026, 3, 10), "Réalisée", D(2026, 4, 5)),  # A8 done after as_of: late then
        ],
    }
    return compute_kpis(make_dataset(sheets), AS_OF)


def test_act_nb(actions):
    assert get(actions, "ACT_NB", "2025")["value"] == 2
    assert get(actions, "ACT_NB", "2026")["value"] == 6
    assert get(actions, "ACT_NB", "2025-11")["value"] == 0
    assert get(actions, "ACT_NB", "2026")["status"] == MET  # 6 ≥ 6
    assert not actions["category"].map(lambda c: isinstance(c, str)).any()  # the plan has no category


def test_act_realisees_a_temps(actions):
    assert (get(actions, "ACT_REALISEES_A_TEMPS", "2025")["numerator"],
            get(actions, "ACT_REALISEES_A_TEMPS", "2025")["denominator"]) == (1, 2)  # A1 yes, A2 no
    assert (get(actions, "ACT_REALISEES_A_TEMPS", "2026")["numerator"],
            get(actions, "ACT_REALISEES_A_TEMPS", "2026")["denominator"]) == (1, 1)  # A6; A7 out; A8 not yet
    assert get(actions, "ACT_REALISEES_A_TEMPS", "12M")["value"] == pytest.approx(2 / 3)
    assert actions.attrs["excluded"][PLAN] == 1  # A7


def test_act_efficacite_and_evaluees(actions):
    eff = get(actions, "ACT_EFFICACITE", "12M")  # A1 Efficace, A6 Non efficace
    assert (eff["numerator"], eff["denominator"]) == (1, 2) and eff["status"] == MISSED
    ev25 = get(actions, "ACT_EVALUEES", "2025")  # matured A1, A2; evaluated A1
    assert (ev25["numerator"], ev25["denominator"]) == (1, 2)
    ev26 = get(actions, "ACT_EVALUEES", "2026")  # A6 not matured: nothing to evaluate
    assert ev26["denominator"] == 0 and is_null(ev26["value"]) and ev26["status"] is None


def test_act_retard_stock(actions):
    late = get(actions, "ACT_RETARD", "2026-03-31")  # A3, A8
    assert late["value"] == 2 and late["status"] == ALERT  # > 0, ≤ 3


# --------------------------------------------------------------------------- sessions


@pytest.fixture(scope="module")
def sessions():
    sheets = {
        SESSIONS: [
            session("S1", "Formation", D(2026, 1, 5), D(2026, 1, 30), inscrits=10, abandons=1, objectifs=8,
                    presentes=9, certifies=7),
            session("S2", "Bilan de compétences", D(2026, 2, 1), inscrits=4),  # by its start; 0 abandons
            session("S3", "Formation", D(2025, 12, 1), D(2026, 2, 15), inscrits=6, abandons=2, objectifs=4,
                    presentes=4),  # Certifiés empty → 0
            session("S4", "Formation", D(2026, 3, 1), D(2026, 3, 10), inscrits=5, abandons=7, presentes=0,
                    certifies=0),  # abandons > inscrits: excluded from ABANDON (and counted)
            session("S5", "VAE", D(2026, 4, 1), D(2026, 5, 1), inscrits=3),  # after as_of
        ],
    }
    return compute_kpis(make_dataset(sheets), AS_OF)


def test_abandon_taux(sessions):
    year = get(sessions, "ABANDON_TAUX", "2026")  # (1 + 0 + 2) / (10 + 4 + 6)
    assert (year["numerator"], year["denominator"]) == (3, 20) and year["status"] == ALERT  # 0.15 ≤ 0.15
    assert (get(sessions, "ABANDON_TAUX", "2026-02")["numerator"],
            get(sessions, "ABANDON_TAUX", "2026-02")["denominator"]) == (2, 10)  # S2 0/4 + S3 2/6
    assert is_null(get(sessions, "ABANDON_TAUX", "2026-03")["value"])  # S4 excluded
    formation = get(sessions, "ABANDON_TAUX", "2026", "Formation")
    assert (formation["numerator"], formation["denominator"]) == (3, 16)
    assert absent(sessions, "ABANDON_TAUX", "2026", "VAE")
    assert sessions.attrs["excluded"][SESSIONS] == 1
    assert sessions.attrs["after_as_of"][SESSIONS] == 1


def test_objectifs_and_certif(sessions):
    obj = get(sessions, "OBJECTIFS_TAUX", "2026")  # S1 8 / (10 − 1), S3 4 / (6 − 2)
    assert (obj["numerator"], obj["denominator"]) == (8 + 4, 9 + 4) and obj["status"] == MET
    cert = get(sessions, "CERTIF_TAUX", "2026")  # S1 7/9, S3 0/4, S4 0/0
    assert (cert["numerator"], cert["denominator"]) == (7, 13) and cert["status"] == MISSED


# --------------------------------------------------------------------------- reviews, exercises


def test_revues_nb():
    sheets = {REVUES: [review(D(2025, 11, 20)), review(D(2026, 1, 15)), review(D(2026, 3, 31)),
                       review(D(2026, 4, 1)), review("T1")]}
    df = compute_kpis(make_dataset(sheets), AS_OF)
    assert [get(df, "REVUES_NB", m)["value"] for m in ("2025-11", "2025-12", "2026-01", "2026-02", "2026-03")] \
        == [1, 0, 1, 0, 1]
    assert get(df, "REVUES_NB", "2026")["value"] == 2 and get(df, "REVUES_NB", "2026")["status"] == MISSED
    assert get(df, "REVUES_NB", "2025-T4")["value"] == 1
    assert df.attrs["excluded"][REVUES] == 1 and df.attrs["after_as_of"][REVUES] == 1


def test_exercise_starting_in_september():
    sheets = {REVUES: [review(D(2025, 8, 31)), review(D(2025, 9, 1)), review(D(2026, 3, 1))]}
    df = compute_kpis(make_dataset(sheets, parameters={"Organisme": "T", "Début d'exercice": "septembre"}), AS_OF)
    assert get(df, "REVUES_NB", "2024-2025")["value"] == 1
    assert get(df, "REVUES_NB", "2025-2026")["value"] == 2
    assert get(df, "REVUES_NB", "2025-2026")["status"] == MISSED  # 2 < alert 3
    assert get(df, "REVUES_NB", "2024-2025")["status"] == MISSED
    assert absent(df, "REVUES_NB", "2025")
    assert "Exercice 2025-2026" in format_kpis(df)


# --------------------------------------------------------------------------- targets


def test_targets_from_the_indicateurs_sheet():
    sheets = {
        APPRECIATIONS: [response(D(2026, 1, d), n) for d, n in ((1, 5), (2, 5), (3, 5), (4, 5), (5, 2))],
        RECLAMATIONS: [complaint(D(2026, 1, 1)) for _ in range(3)],
    }
    indicateurs = [
        {"Code": "SAT_TAUX", "Cible": 85, "Seuil d'alerte": 75},  # percent numbers → 0.85, 0.75
        {"Code": "sat_moy", "Cible": 4.5},  # lower case code; no alert band
        {"Code": "REC_NB", "Cible": 2, "Seuil d'alerte": 4},  # empty Sens keeps ≤
        {"Code": "REC_OUVERTES", "Cible": 5, "Seuil d'alerte": 1, "Sens": "≥"},  # the sheet's Sens wins
    ]
    df = compute_kpis(make_dataset(sheets, indicateurs=indicateurs), AS_OF)
    assert get(df, "SAT_TAUX", "2026")["value"] == 0.8 and get(df, "SAT_TAUX", "2026")["status"] == ALERT
    assert get(df, "SAT_MOY", "2026")["value"] == pytest.approx(22 / 5)  # 4.4 < 4.5, no alert band
    assert get(df, "SAT_MOY", "2026")["status"] == MISSED
    assert get(df, "REC_NB", "2026")["status"] == ALERT  # 3 > 2, ≤ 4
    assert get(df, "REC_OUVERTES", "2026-03-31")["status"] == ALERT  # 3 < 5, ≥ 1
    assert df.attrs["targets"]["SAT_TAUX"] == {"target": 0.85, "alert": 0.75, "direction": "≥"}
    assert df.attrs["targets"]["ACT_NB"]["target"] == 6  # schema default


def test_status_when_met_with_defaults():
    sheets = {APPRECIATIONS: [response(D(2026, 1, 1), 4), response(D(2026, 1, 2), 5)]}
    df = compute_kpis(make_dataset(sheets), AS_OF)
    assert get(df, "SAT_TAUX", "12M")["status"] == MET
    assert get(df, "SAT_MOY", "12M")["status"] == MET  # 4.5 ≥ 4.0


def test_missing_optional_sheets_are_skipped():
    df = compute_kpis(make_dataset({APPRECIATIONS: [response(D(2026, 1, 1), 4)]}), AS_OF)
    assert df.attrs["skipped"]["REPONSE_TAUX"] == SOLLICITATIONS
    assert df.attrs["skipped"]["ABANDON_TAUX"] == SESSIONS
    assert not df["code"].isin(["REPONSE_TAUX", "ABANDON_TAUX", "REVUES_NB"]).any()
    assert "Sessions" in format_kpis(df)


def test_empty_workbook_still_has_the_current_periods():
    df = compute_kpis(make_dataset({}), AS_OF)
    assert set(df["period"]) == {"2026-03", "2026-T1", "2026", "12M", "2026-03-31"}
    assert get(df, "REC_NB", "12M")["value"] == 0 and get(df, "ACT_RETARD", "2026-03-31")["value"] == 0


# --------------------------------------------------------------------------- properties

dates = st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 6, 30))
maybe_date = st.one_of(st.none(), dates)
notes = st.one_of(st.integers(0, 6), st.sampled_from(["Très satisfait", "Satisfait", "Peu satisfait",
                                                       "Pas du tout satisfait", "Sans opinion", "bof"]))
categories = st.one_of(st.none(), st.sampled_from(schema.CATEGORIES))
SESSION_IDS = ("S1", "S2", "S3")


@st.composite
def datasets(draw):
    counts = st.one_of(st.none(), st.integers(0, 12))
    sessions_ = [session(s, draw(st.sampled_from(schema.CATEGORIES)), draw(dates), draw(maybe_date),
                         inscrits=draw(counts), abandons=draw(counts), objectifs=draw(counts),
                         presentes=draw(counts), certifies=draw(counts)) for s in SESSION_IDS]
    ref = st.one_of(st.none(), st.sampled_from(SESSION_IDS))
    pp = st.sampled_from(schema.PARTIES_PRENANTES)
    temps = st.one_of(st.none(), st.sampled_from(schema.TEMPS[:3]))
    return {
        SESSIONS: sessions_,
        SOLLICITATIONS: draw(st.lists(st.builds(solicitation, dates, st.integers(0, 5), pp,
                                                st.sampled_from(schema.TEMPS[:3]), ref), max_size=6)),
        APPRECIATIONS: draw(st.lists(st.builds(response, dates, notes, pp, ref, temps), max_size=12)),
        RECLAMATIONS: draw(st.lists(st.builds(
            complaint, dates, st.sampled_from(schema.COMPLAINT_STATUSES),
            st.sampled_from(["Réclamation", "Difficulté", None]), maybe_date, maybe_date, maybe_date,
            categories, ref), max_size=8)),
        PLAN: draw(st.lists(st.builds(
            action, dates, dates, st.sampled_from(schema.ACTION_STATUSES), maybe_date,
            st.one_of(st.none(), st.sampled_from(schema.EFFECTIVENESS)), maybe_date), max_size=8)),
        REVUES: draw(st.lists(st.builds(review, dates), max_size=4)),
    }


as_ofs = st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 9, 30))
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(datasets(), as_ofs, st.sampled_from([1, 4, 9]))
def test_rates_and_sums(sheets, as_of, start):
    months = schema.MONTHS
    df = compute_kpis(make_dataset(sheets, parameters={"Organisme": "T", "Début d'exercice": months[start - 1]}),
                      as_of)
    rates = df[df["code"].map(lambda c: schema.KPIS_BY_CODE[c].unit == "taux")]
    valued = rates[rates["value"].notna()]
    assert ((valued["value"] >= 0) & (valued["value"] <= 1)).all()
    assert (rates["numerator"] <= rates["denominator"]).all()
    assert rates["value"].isna().eq(rates["denominator"] == 0).all()
    total = df[df["category"].isna()]
    kinds = total["period"].map(period_kind)
    for code in ("REC_NB", "ACT_NB", "REVUES_NB"):
        rows = total[total["code"] == code].set_index("period")["value"]
        month_rows = rows[kinds[total["code"] == code].to_numpy() == "mois"]
        exercises = rows[kinds[total["code"] == code].to_numpy() == "exercice"]
        assert month_rows.sum() == exercises.sum()  # every month belongs to one exercise
        for label, value in exercises.items():
            first = pd.Timestamp(int(label[:4]), start, 1)
            members = [m for m in month_rows.index
                       if first <= pd.Timestamp(m + "-01") < first + pd.DateOffset(years=1)]
            assert month_rows[members].sum() == value
    # a category row never exceeds the all-categories row
    merged = df[df["category"].notna()].merge(total, on=["code", "period"], suffixes=("", "_all"))
    assert (merged["n"] <= merged["n_all"]).all()


@PROPERTY
@given(datasets(), as_ofs)
def test_rolling_12m_is_the_sum_of_its_months_at_a_month_end(sheets, day):
    as_of = (pd.Timestamp(day) + pd.offsets.MonthEnd(0)).date()
    df = compute_kpis(make_dataset(sheets), as_of)
    last = pd.Period(as_of, "M")
    window = [str(last - i) for i in range(12)]
    total = df[df["category"].isna()]
    for code in ("REC_NB", "ACT_NB", "REVUES_NB"):
        rows = total[total["code"] == code].set_index("period")["value"]
        assert rows["12M"] == rows.reindex(window, fill_value=0).sum()


# --------------------------------------------------------------------------- formatting and CLI


def test_format_kpis_french_table(complaints):
    text = format_kpis(complaints)
    assert "Réclamations reçues" in text and "Exercice 2026" in text and "12 mois glissants" in text
    assert "Au 31/03/2026" in text
    assert "33,3\u00a0%" in text and "1/3" in text  # REC_AR_DELAI
    assert "15,3 " in text  # REC_DELAI_MOY, one decimal as on the sheets
    assert "Lignes écartées (date ou valeur inutilisable) : Réclamations 1." in text
    month = format_kpis(complaints, period="2026-01")
    assert "2026-01" in month and "Exercice" not in month


def test_kpi_records_json_ready(complaints):
    records = kpi_records(complaints)
    assert all(list(r) == list(COLUMNS) for r in records)
    json.dumps(records, allow_nan=False)  # no NaN left


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    sheets = {
        SESSIONS: TWO_SESSIONS,
        APPRECIATIONS: [response(D(2026, 1, 10), 5, session="S1"), response(D(2026, 2, 10), 2),
                        response("hier", 4)],
        RECLAMATIONS: [complaint(D(2026, 1, 12), ack=D(2026, 1, 13))],
        PLAN: [action(D(2026, 1, 5), D(2026, 2, 1))],
    }
    return write_book(tmp_path_factory.mktemp("kpi") / "plan.xlsx", sheets)


def test_cli_json(book):
    result = CliRunner().invoke(main, ["kpi", str(book), "--as-of", "2026-03-31", "--json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert records and all(set(r) == set(COLUMNS) for r in records)
    sat = next(r for r in records if (r["code"], r["period"], r["category"]) == ("SAT_TAUX", "2026", None))
    assert (sat["numerator"], sat["denominator"], sat["value"], sat["status"]) == (1, 2, 0.5, MISSED)
    feb = next(r for r in records if (r["code"], r["period"]) == ("SAT_TAUX", "2026-02") and r["category"] is None)
    assert feb["status"] is None
    empty = next(r for r in records if (r["code"], r["period"]) == ("ACT_EVALUEES", "2026"))
    assert empty["value"] is None and empty["denominator"] == 0
    assert "Appréciations 1" in result.stderr  # the bad date, reported beside the figures


def test_cli_period_filter(book):
    result = CliRunner().invoke(main, ["kpi", str(book), "--as-of", "2026-03-31", "--json", "--period", "12m"])
    assert result.exit_code == 0
    assert {r["period"] for r in json.loads(result.stdout)} == {"12M"}
    table = CliRunner().invoke(main, ["kpi", str(book), "--as-of", "2026-03-31", "--period", "2026-T1"])
    assert table.exit_code == 0 and "2026-T1" in table.output and "Taux de satisfaction" in table.output
    default = CliRunner().invoke(main, ["kpi", str(book), "--as-of", "2026-03-31"])
    assert default.exit_code == 0 and "Exercice 2026" in default.output
    assert "Lignes écartées" in default.output and "Appréciations 1" in default.output


def test_cli_errors(book, tmp_path):
    bad_period = CliRunner().invoke(main, ["kpi", str(book), "--period", "T1-2026"])
    assert bad_period.exit_code == 2 and "n'est pas une période" in bad_period.output
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    broken = CliRunner().invoke(main, ["kpi", str(tmp_path / "broken.xlsx")])
    assert broken.exit_code == 2 and "Erreur" in broken.output and "Traceback" not in broken.output
    missing = CliRunner().invoke(main, ["kpi", str(tmp_path / "absent.xlsx")])
    assert missing.exit_code == 2


# --------------------------------------------------------------------------- benchmark (report only)


@pytest.mark.slow
def test_benchmark_100k(tmp_path, capsys):
    """Timing of compute_kpis on 100 000 appraisals; printed, not asserted (run with -s -m slow)."""
    import os

    if not os.environ.get("QUALIXL_BENCH"):
        pytest.skip("set QUALIXL_BENCH=1 to run the benchmark")
    from kpi_workbooks import write_large_book

    from qualixl.reading import read_workbook

    path = write_large_book(tmp_path / "big.xlsx", 100_000)
    t0 = time.perf_counter()
    dataset = read_workbook(path)
    t1 = time.perf_counter()
    compute_kpis(dataset, D(2026, 6, 30))
    t2 = time.perf_counter()
    compute_kpis(path, D(2026, 6, 30))
    t3 = time.perf_counter()
    with capsys.disabled():
        print(f"\nread {t1 - t0:.2f} s, compute_kpis {t2 - t1:.3f} s, end to end {t3 - t2:.2f} s")
