"""The installed command as a real process: exit codes and complete output through `cli.run`.

`run` ends the process without unwinding the interpreter (os._exit), so what it printed
must be flushed first and its exit code must be the command's.
"""

from __future__ import annotations

import json
import subprocess
import sys

from workbooks import minimal_rows, set_value, write_workbook

from qualixl import schema


def qualixl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qualixl", *args], capture_output=True, text=True, timeout=120)


def test_clean_workbook_exits_0_with_its_whole_report(tmp_path):
    path = write_workbook(tmp_path / "plan.xlsx", minimal_rows())
    done = qualixl("refresh", str(path), "--as-of", "2026-11-25", "--no-backup")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Classeur mis à jour")
    assert done.stdout.rstrip().splitlines()[-1].startswith("  Contrôles : 0 erreur")  # the last line arrived


def test_errors_found_exit_1_and_every_finding_is_printed(tmp_path):
    sheets = minimal_rows()
    set_value(sheets, schema.APPRECIATIONS, "Note globale", "peut-être", row=1)
    path = write_workbook(tmp_path / "plan.xlsx", sheets)
    done = qualixl("check", str(path), "--as-of", "2026-11-25", "--json")
    assert done.returncode == 1
    findings = json.loads(done.stdout)  # the JSON document arrived whole
    assert any(f["cell"] == "F2" and "peut-être" in f["message"] for f in findings)


def test_unreadable_workbook_exits_2_with_a_french_message(tmp_path):
    done = qualixl("refresh", str(tmp_path / "absent.xlsx"))
    assert done.returncode == 2
    assert "Erreur : Fichier introuvable" in done.stderr
    assert "Traceback" not in done.stderr


def test_usage_error_keeps_clicks_exit_code():
    done = qualixl("refresh")
    assert done.returncode == 2
    assert "Argument manquant 'CLASSEUR'" in done.stderr
