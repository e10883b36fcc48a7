"""`qualixl diagnostic`: French text grouped by indicator, JSON for scripts, exit codes; the demo workbook."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from diagnostic_workbooks import (
    AS_OF,
    PLAN,
    PROCEDURE,
    REVUES,
    change,
    drop,
    healthy,
    plain,
    set_parameter,
    write,
)

from qualixl.cli import main
from qualixl.diagnostic import (
    A_SURVEILLER,
    CONFORME,
    NON_CONFORME,
    counts,
    diagnose,
    format_diagnostic,
    summary,
)
from qualixl.diagnostic.model import JSON_KEYS


def mixed(records):
    """A realistic workbook: a few things slipped (procedure link, a late action, a missed review)."""
    set_parameter(records, PROCEDURE, None)
    change(records, PLAN, "ACT-2026-003", Échéance=dt.date(2026, 6, 1))
    drop(records, REVUES, lambda r: r["Date"] == dt.date(2025, 12, 10))
    return records


@pytest.fixture
def workbook(tmp_path):
    return write(tmp_path, mixed(healthy()))


def test_human_output_groups_by_indicator_and_counts_statuses(workbook):
    result = CliRunner().invoke(main, ["diagnostic", str(workbook), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    out = plain(result.output)
    assert out.startswith("Diagnostic Qualiopi — Formations Diagnostic — référentiel RNQ V9 — arrêté au 30/06/2026")
    assert "1 non conforme, 2 à surveiller, 26 conformes." in out
    headings = [line for line in out.splitlines() if line.startswith("Indicateur ")]
    assert [h.split(" — ")[0] for h in headings] == [f"Indicateur {i}" for i in (30, 31, 32, 2, 3, 12)]
    assert "[non conforme] La procédure de traitement des réclamations est écrite et accessible." in out
    assert "À faire : Rédigez la procédure" in out
    assert "Risque : Non-conformité majeure" in out


def test_json_output_has_the_documented_keys(workbook):
    result = CliRunner().invoke(main, ["diagnostic", str(workbook), "--as-of", "2026-06-30", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert (document["referentiel"], document["as_of"]) == ("V9", "2026-06-30")
    records = document["lines"]
    assert len(records) == 29  # the V9 requirements (no apprenticeship, so no 33)
    assert all(tuple(r) == JSON_KEYS for r in records)
    assert {r["status"] for r in records} == {CONFORME, A_SURVEILLER, NON_CONFORME}
    late = next(r for r in records if r["requirement"].startswith("Les actions sont réalisées"))
    assert late["indicator"] == 32 and "ACT-2026-003 (29 j)" in late["evidence"]


def test_exit_code_2_on_an_unreadable_workbook(tmp_path):
    bad = tmp_path / "plan.xlsx"
    bad.write_text("pas un classeur")
    result = CliRunner().invoke(main, ["diagnostic", str(bad)])
    assert result.exit_code == 2
    assert "Erreur :" in result.output and "Traceback" not in result.output


def test_bad_as_of_is_refused(workbook):
    result = CliRunner().invoke(main, ["diagnostic", str(workbook), "--as-of", "2026-06-31"])
    assert result.exit_code == 2
    assert "AAAA-MM-JJ" in result.output


def test_summary_and_counts(workbook):
    lines = diagnose(workbook, AS_OF)
    assert counts(lines) == {NON_CONFORME: 1, A_SURVEILLER: 2, CONFORME: 26}
    assert summary(lines) == "1 non conforme, 2 à surveiller, 26 conformes."
    assert summary([]) == "Aucune exigence évaluée."
    text = format_diagnostic(lines)
    assert text.splitlines()[0] == "Diagnostic Qualiopi"


def test_demo_workbook_gives_a_realistic_mix(tmp_path):
    demo = pytest.importorskip("qualixl.demo", reason="qualixl.demo (write_demo) is not written yet")
    path = tmp_path / "demo.xlsx"
    demo.write_demo(path)
    lines = diagnose(path)
    assert {line.indicator for line in lines} == {30, 31, 32, 33, 2, 3, 12}  # V10, with apprenticeship
    statuses = {line.status for line in lines}
    assert CONFORME in statuses and len(statuses) >= 2, [(line.code, line.status) for line in lines]
    for line in lines:
        assert line.evidence and line.action
