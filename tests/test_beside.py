"""The refresh's second process (qualixl.beside): the same workbook with or without it, a failed child
costs only time, and the graft of its package puts every sheet and print setting in its place."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
import shutil
import sys
import time
import zipfile
from pathlib import Path

import pytest
import python_calamine

from qualixl.beside import DISABLE, Beside
from qualixl.refresh import refresh
from qualixl.render import render_workbook
from qualixl.render.context import BY_TRAINING_SHEET, GENERATED_SHEETS, JOURNAL, LOOP

AS_OF = dt.date(2026, 11, 25)
refresh_module = importlib.import_module("qualixl.refresh")
forking = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the second process is forked on Linux only")


def grids(path: Path, names=GENERATED_SHEETS) -> dict[str, list[list]]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return {name: book.get_sheet_by_name(name).to_python() for name in names if name != JOURNAL}
    finally:
        book.close()


def sheet_parts(path: Path) -> dict[str, bytes]:
    """The generated sheets' XML, by sheet name (Journal left out: it carries the time of the run)."""
    with zipfile.ZipFile(path) as package:
        workbook = package.read("xl/workbook.xml").decode()
        rels = package.read("xl/_rels/workbook.xml.rels").decode()
        targets = dict(re.findall(r'Id="([^"]+)" Type="[^"]+/worksheet" Target="([^"]+)"', rels))
        out = {}
        for name, rel in re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="([^"]+)"', workbook):
            name = name.replace("&apos;", "'")
            if name in GENERATED_SHEETS and name != JOURNAL:
                out[name] = package.read("xl/" + targets[rel].lstrip("/").removeprefix("xl/"))
        return out


@forking
def test_the_second_process_changes_nothing_in_the_workbook(plan, tmp_path, monkeypatch):
    alone = tmp_path / "alone.xlsx"
    shutil.copy(plan, alone)
    refresh(plan, as_of=AS_OF, backup=False)
    monkeypatch.setenv(DISABLE, "1")
    refresh(alone, as_of=AS_OF, backup=False)
    assert sheet_parts(plan) == sheet_parts(alone)  # byte for byte, styles included
    assert set(sheet_parts(plan)) == set(GENERATED_SHEETS) - {JOURNAL}


def test_the_split_render_shows_what_one_package_would(plan, tmp_path):
    """Two packages grafted (the row sheets rendered apart) show the values of one package of every sheet."""
    whole = tmp_path / "whole.xlsx"
    render_workbook(whole, refresh(plan, as_of=AS_OF, dry_run=True).context)
    refresh(plan, as_of=AS_OF, backup=False)
    assert grids(plan) == grids(whole)
    book = python_calamine.CalamineWorkbook.from_path(str(plan))
    assert book.sheet_names[: len(GENERATED_SHEETS)] == list(GENERATED_SHEETS)


def test_print_areas_and_titles_name_their_own_sheet_after_the_graft(plan):
    refresh(plan, as_of=AS_OF, backup=False)
    with zipfile.ZipFile(plan) as package:
        workbook = package.read("xl/workbook.xml").decode()
    sheets = [n.replace("&apos;", "'") for n in re.findall(r'<sheet name="([^"]+)"', workbook)]
    names = re.findall(r'<definedName name="(_xlnm\.[^"]+)" localSheetId="(\d+)">([^<]+)</definedName>', workbook)
    placed = {(kind, sheets[int(local)]) for kind, local, _ in names}
    assert {("_xlnm.Print_Area", LOOP), ("_xlnm.Print_Area", BY_TRAINING_SHEET)} <= placed
    for _kind, local, text in names:
        quoted = sheets[int(local)].replace("'", "''")
        assert text.replace("&apos;", "'").startswith((f"'{quoted}'!", f"{quoted}!")), (sheets[int(local)], text)


@forking
def test_a_failed_second_process_is_redone_here(plan, tmp_path, monkeypatch):
    parent = os.getpid()
    real = refresh_module.render_row_sheets

    def failing_in_the_child(path, dataset, as_of):
        if os.getpid() != parent:
            raise MemoryError("the child ran out of memory")
        real(path, dataset, as_of)

    reference = tmp_path / "reference.xlsx"
    shutil.copy(plan, reference)
    refresh(reference, as_of=AS_OF, backup=False)
    monkeypatch.setattr(refresh_module, "render_row_sheets", failing_in_the_child)
    result = refresh(plan, as_of=AS_OF, backup=False)
    assert result.written
    assert grids(plan, (LOOP, BY_TRAINING_SHEET)) == grids(reference, (LOOP, BY_TRAINING_SHEET))


@forking
def test_work_runs_in_a_child_and_its_file_is_there_after_join(tmp_path, monkeypatch):
    monkeypatch.setenv(DISABLE, "0")  # "0" leaves the second process on
    out = tmp_path / "pid"
    with Beside(lambda: out.write_text(str(os.getpid()))) as beside:
        assert beside.forked
        beside.join()
    assert out.read_text() != str(os.getpid())


def test_without_fork_the_work_runs_at_join(tmp_path, monkeypatch):
    monkeypatch.setenv(DISABLE, "1")
    out = tmp_path / "pid"
    with Beside(lambda: out.write_text(str(os.getpid()))) as beside:
        assert not beside.forked and not out.exists()
        beside.join()
    assert out.read_text() == str(os.getpid())


@forking
def test_an_error_in_the_child_is_raised_here_by_the_same_work(tmp_path):
    def fails():
        raise OSError(28, "No space left on device")

    with Beside(fails) as beside, pytest.raises(OSError, match="No space left"):
        beside.join()


@forking
def test_a_parent_that_stops_early_kills_and_reaps_its_child():
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt), Beside(lambda: time.sleep(30)) as beside:
        pid = beside._pid
        raise KeyboardInterrupt
    assert time.monotonic() - start < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no zombie left


def test_no_second_process_without_memory_for_its_copy(tmp_path, monkeypatch):
    """The child's pages are copied as it reads them: with too little memory available, the work runs here."""
    import qualixl.beside as beside_module

    monkeypatch.setattr(beside_module, "room_for_a_copy", lambda: False)
    out = tmp_path / "pid"
    with Beside(lambda: out.write_text(str(os.getpid()))) as beside:
        assert not beside.forked
        beside.join()
    assert out.read_text() == str(os.getpid())
