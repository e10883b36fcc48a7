"""Issue 12 — « One figure, one truth »: the cases that once disagreed between views, as named regressions.

Each test builds its workbook in code, runs the public API or the CLI, and asserts what a
quality officer or an auditor reads: the finding, the KPI record, the diagnostic line, the
sheet cell, the exit code.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from kpi_workbooks import D, action, complaint, make_dataset, response, session, solicitation, write_book
from python_calamine import CalamineWorkbook

from qualixl import figures
from qualixl.checks import run_checks
from qualixl.cli import main
from qualixl.diagnostic import diagnose
from qualixl.diagnostic.annual import build_annual
from qualixl.kpis import compute_kpis
from qualixl.refresh import refresh
from qualixl.schema import APPRECIATIONS, PLAN, RECLAMATIONS, SESSIONS, SOLLICITATIONS

AS_OF = D(2026, 3, 31)


def record(kpis, code, period="12M", category=None):
    rows = kpis[(kpis["code"] == code) & (kpis["period"] == period)]
    rows = rows[rows["category"].isna()] if category is None else rows[rows["category"] == category]
    assert len(rows) == 1, (code, period, category)
    return rows.iloc[0].to_dict()


def line(lines, code):
    return next(x for x in lines if x.code == code)


def test_a_time_of_day_never_changes_a_delay():
    """Received 20/01 09:00, acknowledged 23/01 08:00, target 2 days: 3 calendar days, late for every view."""
    sheets = {RECLAMATIONS: [complaint(dt.datetime(2026, 1, 20, 9), status="Clôturée",
                                       ack=dt.datetime(2026, 1, 23, 8), answered=D(2026, 1, 25),
                                       closed=D(2026, 1, 26), ID="REC-2026-001", **{"Réponse apportée": "Oui"})]}
    dataset = make_dataset(sheets)
    findings = [f for f in run_checks(dataset, AS_OF) if f.rule == "accuse_tardif"]
    assert len(findings) == 1 and "3 jours après la réception du 20/01/2026" in findings[0].message
    kpis = compute_kpis(dataset, AS_OF)
    ack = record(kpis, "REC_AR_DELAI")
    assert (ack["numerator"], ack["denominator"]) == (0, 1)
    diag = line(diagnose(dataset, AS_OF, kpis=kpis), "31-accuse")
    assert diag.status == "à surveiller" and "REC-2026-001 (3 j)" in diag.evidence
    assert {"kpi": "REC_AR_DELAI", "period": "12M", "category": None, "numerator": 0, "denominator": 1} in diag.figures


def test_a_complaint_received_on_new_years_eve_afternoon_is_in_that_year_everywhere():
    """31/12/2025 15:00 counts in the 2025 headline and in the 2025 table of Bilan annuel alike."""
    sheets = {RECLAMATIONS: [complaint(dt.datetime(2025, 12, 31, 15), ID="REC-2025-009")],
              PLAN: [action(D(2025, 6, 1), D(2025, 7, 1), status="Réalisée", done=D(2025, 6, 20))]}
    dataset = make_dataset(sheets)
    kpis = compute_kpis(dataset, D(2026, 6, 30))
    assert record(kpis, "REC_NB", "2025")["value"] == 1
    report = build_annual(dataset, kpis, D(2026, 6, 30))
    year_2025 = next(e for e in report.exercises if e.label == "2025")
    assert sum(sum(c.values()) for _, c in year_2025.complaints) == 1


def test_identifiers_match_whatever_their_case_in_every_view():
    """`ses-2026-001 ` names SES-2026-001 for check, REPONSE_TAUX and the diagnostic alike."""
    def sheets(ref):
        return {
            SESSIONS: [session("SES-2026-001", "Formation", D(2026, 1, 5), D(2026, 1, 9), inscrits=10)],
            SOLLICITATIONS: [solicitation(D(2026, 1, 9), 10, session="SES-2026-001")],
            APPRECIATIONS: [response(D(2026, 1, 10 + i), 5, session=ref, temps="À chaud") for i in range(4)],
        }
    same = make_dataset(sheets("SES-2026-001"))
    folded = make_dataset(sheets("ses-2026-001 "))
    assert [f for f in run_checks(folded, AS_OF) if f.rule == "reference_inconnue"] == []
    rate_same = record(compute_kpis(same, AS_OF), "REPONSE_TAUX")
    rate_folded = record(compute_kpis(folded, AS_OF), "REPONSE_TAUX")
    assert rate_folded["value"] == rate_same["value"] == pytest.approx(0.4)
    assert line(diagnose(folded, AS_OF), "30-categories").status == line(diagnose(same, AS_OF), "30-categories").status
    assert "Formation\u00a0: 1 session terminée, 4 réponses" in line(diagnose(folded, AS_OF), "30-categories").evidence


def test_an_unreadable_status_is_counted_as_excluded_and_said_on_the_dashboard(tmp_path):
    """« Terminée » is not a Statut: REC_OUVERTES says it left one row out, and the tile says so."""
    path = write_book(tmp_path / "plan.xlsx", {RECLAMATIONS: [
        complaint(D(2026, 3, 1), status="Terminée", ID="REC-2026-001"),
        complaint(D(2026, 3, 2), status="Ouverte", ID="REC-2026-002"),
    ]})
    kpis = compute_kpis(path, AS_OF)
    stock = record(kpis, "REC_OUVERTES", "2026-03-31")
    assert (stock["value"], stock["excluded"]) == (1, 1)
    result = refresh(path, AS_OF, backup=False)
    assert result.errors >= 1
    book = CalamineWorkbook.from_path(str(path))
    dashboard = book.get_sheet_by_name("Tableau de bord").to_python()
    tile = next(r for r in dashboard if r[0] == "Réclamations non clôturées")
    assert "dont 1 ligne non prise en compte" in tile
    assert any("erreur" in str(c) for c in dashboard[3])  # the header counts the findings
    controls = book.get_sheet_by_name("Contrôles").to_python()
    message = next(r[4] for r in controls if len(r) > 4 and "Terminée" in str(r[4]))
    assert "Ligne non prise en compte dans : " in message and "Réclamations non clôturées" in message


def test_a_parameter_nan_is_an_error_at_its_cell_and_the_default_applies():
    sheets = {APPRECIATIONS: [response(D(2026, 3, 1), 5), response(D(2026, 3, 2), 3)]}
    dataset = make_dataset(sheets, parameters={"Organisme": "Test", "Seuil de satisfaction": "nan"})
    finding = next(f for f in run_checks(dataset, AS_OF) if f.rule == "parametre_invalide")
    assert finding.cell == "B3" and "« nan »" in finding.message and "« 4 »" in finding.message
    assert record(compute_kpis(dataset, AS_OF), "SAT_TAUX")["value"] == 0.5


def test_a_delay_of_200000_days_is_refused_and_every_command_still_runs(tmp_path):
    path = write_book(tmp_path / "plan.xlsx", {RECLAMATIONS: [complaint(D(2026, 3, 1))]},
                      parameters={"Organisme": "Test", "Délai cible de réponse": 200000})
    runner = CliRunner()
    checked = runner.invoke(main, ["check", str(path), "--as-of", "2026-03-31"])
    assert checked.exit_code == 1 and "entre 0 et 3650" in checked.output
    assert runner.invoke(main, ["kpi", str(path), "--as-of", "2026-03-31"]).exit_code == 0
    refreshed = runner.invoke(main, ["refresh", str(path), "--as-of", "2026-03-31", "--no-backup"])
    assert refreshed.exit_code == 1 and "Traceback" not in refreshed.output  # written, with errors


def test_a_count_of_1e20_is_an_error_and_never_overflows_n():
    sheets = {SOLLICITATIONS: [solicitation(D(2026, 3, 1), 1e20), solicitation(D(2026, 3, 2), 10)],
              APPRECIATIONS: [response(D(2026, 3, 3), 5, temps="À chaud")]}
    dataset = make_dataset(sheets)
    assert any(f.rule == "type" and "Destinataires" in f.message for f in run_checks(dataset, AS_OF))
    rate = record(compute_kpis(dataset, AS_OF), "REPONSE_TAUX")
    assert (rate["denominator"], rate["excluded"]) == (10, 1)


def test_an_unexpected_failure_exits_3_with_a_french_line(tmp_path, monkeypatch):
    path = write_book(tmp_path / "plan.xlsx", {})

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("qualixl.checks.run_checks", broken)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 3
    assert "Erreur interne de qualixl" in result.output and "Traceback" not in result.output
    debug = CliRunner().invoke(main, ["--debug", "check", str(path)])
    assert debug.exit_code == 3 and "ZeroDivisionError: boom" in debug.output


def test_kpi_json_carries_excluded(tmp_path):
    path = write_book(tmp_path / "plan.xlsx", {APPRECIATIONS: [response(D(2026, 3, 1), 5),
                                                                response(D(2026, 3, 2), "bof")]})
    result = CliRunner().invoke(main, ["kpi", str(path), "--as-of", "2026-03-31", "--json"])
    records = json.loads(result.stdout)
    sat = next(r for r in records if r["code"] == "SAT_TAUX" and r["period"] == "12M" and r["category"] is None)
    assert (sat["n"], sat["excluded"]) == (1, 1)


def test_a_mean_is_rounded_alike_in_the_cli_and_on_the_sheet():
    assert figures.kpi_value("SAT_MOY", 4.125) == "4,13" and figures.shown("SAT_MOY", 4.125) == 4.13


def test_a_closed_exercise_says_not_evaluated_once_the_delay_has_passed_since():
    """Issue 15: a 2025 action realised on 22/11/2025 is « Non évaluée » in a report dated 01/12/2026."""
    sheets = {PLAN: [action(D(2025, 10, 1), D(2025, 12, 1), status="Réalisée", done=D(2025, 11, 22), ID="ACT-2025-001")]}
    dataset = make_dataset(sheets)
    as_of = D(2026, 12, 1)
    report = build_annual(dataset, compute_kpis(dataset, as_of), as_of)
    year_2025 = next(e for e in report.exercises if e.label == "2025")
    row = next(a for a in year_2025.done_actions if a.id == "ACT-2025-001")
    assert row.evaluation_due and row.effectiveness is None
