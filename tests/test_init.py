"""`qualixl init`: a copy of the packaged template, with only the Organisme cell filled in."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import python_calamine
from click.testing import CliRunner

from qualixl import schema
from qualixl.cli import main
from qualixl.errors import QualixlError
from qualixl.template import README_SHEET, TEMPLATE_PATH, init_workbook, sheet_part

EXPECTED_SHEETS = [README_SHEET, *(s.name for s in schema.SHEETS)]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def organisme(path: Path) -> object:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        rows = book.get_sheet_by_name(schema.PARAMETRES).to_python()
    finally:
        book.close()
    return next(row[1] for row in rows if row[0] == "Organisme")


def sheet_names(path: Path) -> list[str]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return list(book.sheet_names)
    finally:
        book.close()


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def parameters_part() -> str:
    with zipfile.ZipFile(TEMPLATE_PATH) as zf:
        return sheet_part(zf, schema.PARAMETRES)


def test_init_fills_organisme_and_keeps_every_other_part(tmp_path):
    target = tmp_path / "x.xlsx"
    result = run("init", str(target), "--organisme", "Forma Plus")
    assert result.exit_code == 0, result.output
    assert sheet_names(target) == EXPECTED_SHEETS
    assert organisme(target) == "Forma Plus"
    new, old = entries(target), entries(TEMPLATE_PATH)
    assert list(new) == list(old)
    part = parameters_part()
    changed = [name for name in old if new[name] != old[name]]
    assert changed == [part]
    with zipfile.ZipFile(target) as zf:
        assert [i.compress_type for i in zf.infolist()] == [
            i.compress_type for i in zipfile.ZipFile(TEMPLATE_PATH).infolist()
        ]


def test_init_without_organisme_is_a_plain_copy(tmp_path):
    target = tmp_path / "vierge.xlsx"
    assert run("init", str(target)).exit_code == 0
    assert target.read_bytes() == TEMPLATE_PATH.read_bytes()
    assert organisme(target) == ""


def test_init_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "x.xlsx"
    assert run("init", str(target), "--organisme", "Premier").exit_code == 0
    before = target.read_bytes()
    result = run("init", str(target), "--organisme", "Second")
    assert result.exit_code == 2
    assert "existe déjà" in result.output and "--force" in result.output
    assert "Traceback" not in result.output
    assert target.read_bytes() == before
    result = run("init", str(target), "--organisme", "Second", "--force")
    assert result.exit_code == 0, result.output
    assert organisme(target) == "Second"


def test_init_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "x.xlsx"
    run("init", str(target), "--organisme", "Forma Plus")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.xlsx"]


@pytest.mark.parametrize("text", ["=1+1", "+33", "@SUM(A1)", "-x", "A & B <Formation> \"L'Atelier\"",
                                  "_x0041_ littéral", "tab\tinside", "Ünïcödé ✓ 漢字"])
def test_organisme_stays_text(tmp_path, text):
    target = tmp_path / "x.xlsx"
    assert run("init", str(target), "--organisme", text).exit_code == 0
    assert organisme(target) == text
    with zipfile.ZipFile(target) as zf:
        xml = zf.read(parameters_part()).decode("utf-8")
    assert "<f>" not in xml and "<f " not in xml


def test_organisme_is_trimmed(tmp_path):
    target = tmp_path / "x.xlsx"
    init_workbook(target, organisme="  Forma Plus \n")
    assert organisme(target) == "Forma Plus"


def test_init_creates_missing_folders(tmp_path):
    target = tmp_path / "qualite" / "2026" / "plan.xlsx"
    result = run("init", str(target), "--organisme", "Forma Plus")
    assert result.exit_code == 0, result.output
    assert organisme(target) == "Forma Plus"


def test_init_refuses_a_folder_it_cannot_create(tmp_path):
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier")
    result = run("init", str(blocker / "plan.xlsx"))
    assert result.exit_code == 2
    assert "Impossible de créer le dossier" in result.output


@pytest.mark.parametrize("name", ["plan.xls", "plan.ods", "plan", "plan.xlsm"])
def test_init_refuses_other_extensions(tmp_path, name):
    result = run("init", str(tmp_path / name))
    assert result.exit_code == 2
    assert ".xlsx" in result.output
    assert not (tmp_path / name).exists()


def test_init_refuses_a_workbook_open_in_excel(tmp_path):
    target = tmp_path / "plan.xlsx"
    init_workbook(target)
    (tmp_path / "~$plan.xlsx").write_bytes(b"lock")
    with pytest.raises(QualixlError, match="ouvert"):
        init_workbook(target, organisme="X", force=True)


def test_init_refuses_a_directory(tmp_path):
    folder = tmp_path / "dossier.xlsx"
    folder.mkdir()
    with pytest.raises(QualixlError, match="dossier"):
        init_workbook(folder, force=True)


def test_help_lists_commands():
    result = run("--help")
    assert result.exit_code == 0
    assert "init" in result.output and "demo" in result.output
