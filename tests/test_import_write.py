"""An import is one write: the rows, the generated sheets and the Journal line land together or not at all."""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import exports
import pytest
from test_import import appraisals, owned_parts
from test_import_identity import journal_rows

from qualixl.importing import import_export
from qualixl.refresh import refresh
from qualixl.render.labels import OPERATIONS

X14_EXT = (
    b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    b'<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    b'<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>\'Suivi interne\'!$A$2:$A$4</xm:f>'
    b"</x14:formula1><xm:sqref>K2:K1000</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>"
)


@pytest.fixture
def plan(tmp_path) -> Path:
    """The host workbook, its Appréciations sheet carrying an x14 drop-down as Excel writes them."""
    path = exports.host_workbook(tmp_path / "plan.xlsx")
    part = owned_parts(path)[0]
    with zipfile.ZipFile(path) as zf:
        data = {info.filename: zf.read(info) for info in zf.infolist()}
    data[part] = data[part].replace(b"</worksheet>", X14_EXT + b"</worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in data.items():
            zf.writestr(name, content)
    return path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_staff_parts_are_those_a_refresh_keeps_and_the_sheet_only_grows(plan, tmp_path):
    before = parts(plan)
    alone = tmp_path / "refreshed.xlsx"
    shutil.copy2(plan, alone)
    refresh(alone, backup=False)
    kept_by_refresh = {n for n, data in parts(alone).items() if before.get(n) == data}
    sheet, table = owned_parts(plan)

    import_export(plan, exports.google_csv(tmp_path / "google.csv"), backup=False)

    after = parts(plan)
    kept = {n for n, data in after.items() if before.get(n) == data}
    assert kept == kept_by_refresh - {sheet, table}
    head, tail = before[sheet].split(b"</sheetData>")
    assert after[sheet].endswith(b"</sheetData>" + tail) and X14_EXT in tail  # x14, validations, comments, table kept
    new_head = after[sheet][: len(head)]
    assert re.sub(rb'<dimension ref="[^"]*"', b"", new_head) == re.sub(rb'<dimension ref="[^"]*"', b"", head)
    assert after[table] == before[table].replace(b'ref="A1:M5"', b'ref="A1:M8"')
    for kept_feature in (b"<conditionalFormatting", b"<dataValidations", b"<legacyDrawing", b"<tableParts"):
        assert kept_feature in after[sheet]


def test_rows_generated_sheets_and_journal_line_in_a_single_replace(plan, tmp_path, monkeypatch):
    replaced = []
    real = os.replace

    def counting(src, dst, *args, **kwargs):
        replaced.append(Path(dst).name)
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", counting)

    report = import_export(plan, exports.google_csv(tmp_path / "google.csv"), backup=False)

    assert replaced.count(plan.name) == 1 and report.journal and report.written
    rows = journal_rows(plan)
    assert [r["Opération"] for r in rows] == [OPERATIONS["import"], OPERATIONS["refresh"]]
    assert "3 lues, 3 ajoutées, 0 déjà présentes, 0 modifiées" in rows[0]["Détail"]
    assert rows[0]["Détail"].endswith("lignes 6 à 8") and report.rows == (6, 8)
    assert rows[1]["Lignes Appréciations"] == 7
    assert not list(tmp_path.glob(".qualixl-*"))  # the staged copy is gone


class Killed(BaseException):
    """Stands for the process stopping at that point (not an error qualixl could catch and handle)."""


STEPS = [
    "qualixl.importing.run.append_rows",
    "qualixl.importing.run.verify_appended",
    "qualixl.render.render_workbook",
    "qualixl.ooxml.graft_sheets",
    "qualixl.ooxml.verify_package",
    "qualixl.backup.make_backup",
    "qualixl.safe_write._flush_to_disk",
]


@pytest.mark.parametrize("step", STEPS, ids=[s.rsplit(".", 1)[1] for s in STEPS])
def test_a_stop_at_any_step_leaves_the_original_then_a_rerun_completes(plan, tmp_path, monkeypatch, step):
    export = exports.google_csv(tmp_path / "google.csv")
    before = digest(plan)

    def stop(*_args, **_kwargs):
        raise Killed(step)

    module, name = step.rsplit(".", 1)
    with monkeypatch.context() as patch:
        patch.setattr(importlib.import_module(module), name, stop)  # `qualixl.refresh` is also a function's name
        with pytest.raises(Killed):
            import_export(plan, export)

    assert digest(plan) == before
    assert not list(tmp_path.glob(".qualixl-*.xlsx"))
    again = import_export(plan, export, backup=False)
    assert again.added == 3 and again.journal
    assert [r["Opération"] for r in journal_rows(plan)] == [OPERATIONS["import"], OPERATIONS["refresh"]]


KILLER = """
import os, signal, sys
import qualixl.ooxml
from qualixl.importing import import_export

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

qualixl.ooxml.graft_sheets = die
import_export(sys.argv[1], sys.argv[2])
"""


def test_a_process_killed_between_append_and_graft_leaves_the_original(plan, tmp_path):
    export = exports.google_csv(tmp_path / "google.csv")
    before = digest(plan)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}

    done = subprocess.run([sys.executable, "-c", KILLER, str(plan), str(export)], env=env, capture_output=True, timeout=300)

    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    assert digest(plan) == before
    again = import_export(plan, export, backup=False)
    assert (again.added, again.already_present) == (3, 0) and again.journal
    assert len(appraisals(plan)) == 7


def test_imported_text_starting_like_a_formula_stays_text_after_the_refresh(plan, tmp_path):
    import_export(plan, exports.surveymonkey_csv(tmp_path / "sm.csv"), backup=False)

    sheet, _ = owned_parts(plan)
    xml = parts(plan)[sheet]
    assert b"<f>" not in xml and b"<f " not in xml
    assert b'<is><t>=SOMME(A1:A3) est mon astuce</t></is>' in xml and b"<is><t>-trop de th" in xml
