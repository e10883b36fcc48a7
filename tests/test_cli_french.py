"""The command speaks French throughout: click's own texts, OS errors, dates, overwrites."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from workbooks import write_minimal

from qualixl.cli import main

# What click (or the system) says when left in English.
ENGLISH = ("Usage:", "Error:", "Show this message", "Show the version", "Missing argument", "Missing option",
           "Did you mean", "No such option", "No such command", "Invalid value", "is not a valid", "is not one of",
           "Try '", "Commands:", "Got unexpected", "requires an argument", "does not exist",
           "is not in the range", "Permission denied", "No such file", "No space", "Traceback", "WORKBOOK",
           "COMMAND ", "[ARGS]", "TEXT\n", "TEXT ", "INTEGER", "PATH", "default:", "Aborted")

COMMANDS = ("init", "demo", "check", "kpi", "refresh", "diagnostic", "import")
BAD_ARGUMENTS = [
    [], ["--bogus"], ["refrsh"], ["--help"],
    *[[c, "--help"] for c in COMMANDS],
    *[[c, "--bogus"] for c in COMMANDS],
    *[[c] for c in ("init", "check", "kpi", "refresh", "diagnostic", "import")],
    ["check", "a.xlsx", "b.xlsx"], ["import", "plan.xlsx"],
    ["demo", "--rows", "beaucoup"], ["demo", "--rows", "-3"], ["demo", "--seed"],
    ["import", "plan.xlsx", "export.csv", "--source", "typeform"],
    ["kpi", "plan.xlsx", "--period", "hier"], ["refresh", "plan.xlsx", "--as-of", "31/02/2026"],
    ["check", "plan.xlsx", "--as-of", "demain"], ["refresh", "plan.xlsx", "--outptu", "x.xlsx"],
    ["init", "--organisme"],
]


def english_in(text: str) -> list[str]:
    return [fragment for fragment in ENGLISH if fragment in text]


@pytest.mark.parametrize("args", BAD_ARGUMENTS, ids=[" ".join(a) or "(rien)" for a in BAD_ARGUMENTS])
def test_every_command_answers_bad_arguments_in_french(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = CliRunner().invoke(main, args, prog_name="qualixl")
    assert run.exit_code in (0, 2), run.output
    assert not english_in(run.output), run.output
    if run.exit_code == 2 and "--help" not in args:
        assert "Erreur : " in run.output or "Utilisation : qualixl" in run.output


def test_a_typo_in_a_command_is_suggested_in_french():
    run = CliRunner().invoke(main, ["refrsh", "plan.xlsx"], prog_name="qualixl")
    assert run.exit_code == 2 and "Vouliez-vous dire 'refresh' ?" in run.output
    assert "Utilisation : qualixl [OPTIONS] COMMANDE [ARGUMENTS]..." in run.output


def test_os_errors_are_french_with_the_full_path(tmp_path, monkeypatch):
    if os.geteuid() == 0:
        pytest.skip("root lit et écrit tout : pas d'accès refusé à provoquer")
    plan = write_minimal(tmp_path / "plan.xlsx")
    os.chmod(plan, 0)
    run = CliRunner().invoke(main, ["check", str(plan)], prog_name="qualixl")
    assert run.exit_code == 2 and "accès refusé" in run.output and str(plan) in run.output


def test_a_folder_that_cannot_be_written_is_named_in_full(tmp_path, monkeypatch):
    plan = write_minimal(tmp_path / "plan.xlsx")
    monkeypatch.chdir(tmp_path)

    import tempfile

    real_mkstemp = tempfile.mkstemp

    def refuse(*args, **kwargs):
        if str(kwargs.get("prefix", "")).startswith(".qualixl-"):  # the workbook's folder, not TMPDIR
            raise PermissionError(13, "Permission denied", ".")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    run = CliRunner().invoke(main, ["refresh", "plan.xlsx", "--as-of", "30/06/2026"], prog_name="qualixl")
    assert run.exit_code == 2, run.output
    assert f"Impossible d'écrire dans le dossier {tmp_path} : accès refusé" in run.output
    assert not english_in(run.output)
    assert plan.exists()


@pytest.mark.parametrize("text", ["30/06/2026", "2026-06-30", " 30/06/2026 "])
def test_as_of_accepts_french_and_iso_dates(text, tmp_path):
    plan = write_minimal(tmp_path / "plan.xlsx")
    run = CliRunner().invoke(main, ["kpi", str(plan), "--as-of", text, "--json"], prog_name="qualixl")
    assert run.exit_code == 0, run.output
    assert '"2026-06-30"' in run.output


def test_an_empty_file_is_called_empty(tmp_path):
    empty = tmp_path / "plan.xlsx"
    empty.write_bytes(b"")
    run = CliRunner().invoke(main, ["check", str(empty)], prog_name="qualixl")
    assert run.exit_code == 2 and "est vide" in run.output and "texte" not in run.output


def test_refresh_output_needs_force_over_an_existing_file_and_a_workbook_extension(tmp_path):
    plan = write_minimal(tmp_path / "plan.xlsx")
    existing = tmp_path / "copie.xlsx"
    existing.write_bytes(b"someone's file")
    run = CliRunner().invoke(main, ["refresh", str(plan), "-o", str(existing)], prog_name="qualixl")
    assert run.exit_code == 2 and "--force" in run.output and existing.read_bytes() == b"someone's file"
    report = tmp_path / "rapport.csv"
    report.write_text("a;b\n")
    run = CliRunner().invoke(main, ["refresh", str(plan), "-o", str(report), "--force"], prog_name="qualixl")
    assert run.exit_code == 2 and ".xlsx ou .xlsm" in run.output and report.read_text() == "a;b\n"
    run = CliRunner().invoke(main, ["refresh", str(plan), "-o", str(existing), "--force", "--as-of", "30/06/2026"],
                             prog_name="qualixl")
    assert run.exit_code in (0, 1), run.output
    assert existing.read_bytes().startswith(b"PK")


def test_demo_needs_force_over_an_existing_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "demo.xlsx").write_bytes(b"my own demo")
    run = CliRunner().invoke(main, ["demo", "--rows", "20"], prog_name="qualixl")
    assert run.exit_code == 2 and "--force" in run.output
    assert (tmp_path / "demo.xlsx").read_bytes() == b"my own demo"
    run = CliRunner().invoke(main, ["demo", "--rows", "20", "--force", "--today", "25/11/2026"], prog_name="qualixl")
    assert run.exit_code == 0, run.output
    assert (tmp_path / "demo.xlsx").read_bytes().startswith(b"PK")
