"""`qualixl check` on the command line: text or JSON, exit codes, and a workbook left untouched."""

from __future__ import annotations

import hashlib
import json
import os

import pytest
from click.testing import CliRunner
from workbooks import AS_OF, minimal_rows, set_value, write_workbook

from qualixl.cli import main
from qualixl.schema import APPRECIATIONS, PLAN, RECLAMATIONS, SESSIONS

KEYS = ["severity", "sheet", "cell", "rule", "message", "indicator"]


def invoke(*args: str):
    return CliRunner().invoke(main, ["check", *map(str, args)])


@pytest.fixture
def clean(tmp_path):
    return write_workbook(tmp_path / "plan.xlsx", minimal_rows())


@pytest.fixture
def faulty(tmp_path):
    sheets = minimal_rows()
    set_value(sheets, RECLAMATIONS, "Statut", "Fini")
    set_value(sheets, PLAN, "Type", "Autre", 2)
    set_value(sheets, APPRECIATIONS, "Date", "15/01/2026")
    return write_workbook(tmp_path / "plan.xlsx", sheets)


def test_clean_workbook_exits_0(clean):
    result = invoke(clean, "--as-of", AS_OF.isoformat())
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Aucune anomalie."


def test_warnings_only_exit_0(clean):
    result = invoke(clean, "--as-of", "2026-10-01")  # ACT-2026-002 is then overdue
    assert result.exit_code == 0, result.output
    assert "Plan d'amélioration — 1 avertissement" in result.output
    assert result.output.strip().endswith("Total : aucune erreur, 1 avertissement.")


def test_errors_exit_1_and_text_groups_by_sheet_with_counts(faulty):
    result = invoke(faulty, "--as-of", AS_OF.isoformat())
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    headings = [line for line in lines if " — " in line and not line.startswith(" ")]
    assert headings == ["Réclamations — 1 erreur", "Plan d'amélioration — 1 erreur", "Appréciations — 1 avertissement"]
    assert lines[-1] == "Total : 2 erreurs, 1 avertissement."
    statut = next(line for line in lines if "« Fini »" in line)
    assert statut.split()[:2] == ["P2", "erreur"]
    assert "[liste, indicateur 31]" in statut


def test_json_has_exactly_the_six_keys_and_keeps_accents(faulty):
    result = invoke(faulty, "--json", "--as-of", AS_OF.isoformat())
    assert result.exit_code == 1
    records = json.loads(result.output)
    assert [list(r) for r in records] == [KEYS] * 3
    assert records[0] == {
        "severity": "erreur",
        "sheet": "Réclamations",
        "cell": "P2",  # Statut, after the Nature column
        "rule": "liste",
        "message": "« Statut » vaut « Fini » : valeurs permises : Ouverte, En cours, Clôturée.",
        "indicator": "31",
    }
    assert "Réclamations" in result.output  # ensure_ascii=False
    assert [r["severity"] for r in records] == ["erreur", "erreur", "avertissement"]


def test_json_of_a_clean_workbook_is_an_empty_list(clean):
    result = invoke(clean, "--json", "--as-of", AS_OF.isoformat())
    assert result.exit_code == 0
    assert json.loads(result.output) == []


def test_unreadable_workbook_exits_2(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_text("pas un classeur", encoding="utf-8")
    result = invoke(path, "--json")
    assert result.exit_code == 2
    assert result.output.startswith("Erreur : ")


def test_bad_as_of_is_a_usage_error(clean):
    result = invoke(clean, "--as-of", "31/06/2026")  # JJ/MM/AAAA is accepted, a day that does not exist is not
    assert result.exit_code == 2
    assert "AAAA-MM-JJ" in result.output


def test_missing_optional_sheets_are_named(tmp_path):
    sheets = minimal_rows()
    del sheets[SESSIONS]
    for row in range(1, 5):
        set_value(sheets, APPRECIATIONS, "Session", None, row)
    set_value(sheets, RECLAMATIONS, "Session", None)
    del sheets["Sollicitations"]
    path = write_workbook(tmp_path / "plan.xlsx", sheets)
    result = invoke(path, "--as-of", AS_OF.isoformat())
    assert result.exit_code == 0, result.output
    assert "Feuilles facultatives absentes : Sessions, Sollicitations" in result.output


def test_check_leaves_the_workbook_byte_identical(faulty):
    old = os.stat(faulty).st_mtime_ns - 10_000_000_000
    os.utime(faulty, ns=(old, old))
    before = hashlib.sha256(faulty.read_bytes()).hexdigest()
    for args in ((), ("--json",)):
        invoke(faulty, *args)
    assert hashlib.sha256(faulty.read_bytes()).hexdigest() == before
    assert os.stat(faulty).st_mtime_ns == old
    assert sorted(p.name for p in faulty.parent.iterdir()) == ["plan.xlsx"]
