"""Refresh, save in LibreOffice, refresh again: LibreOffice is a first-class client.

LibreOffice renumbers sheetIds, rewrites every number with 15 significant digits, turns
inline strings into shared strings and renames nothing else; the generated sheets must
still be recognised (mark + name + banner), the Journal must keep every row, and every
staff part of the re-saved file must come out of the next refresh byte for byte.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import python_calamine
from conftest import convert_with_libreoffice
from ooxml_hosts import (
    PACKAGE_WIDE,
    TAB_SELECTED,
    contents,
    raw_bytes,
    reachable,
    sheets,
    without_tab_selected,
)

from qualixl import ooxml
from qualixl.demo import write_demo
from qualixl.refresh import refresh
from qualixl.render.context import GENERATED_SHEETS, JOURNAL, NOTICE
from qualixl.render.journal import HEADER_ROW

pytestmark = pytest.mark.libreoffice

AS_OF = dt.date(2026, 11, 25)


def journal_rows(path: Path) -> list[list]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        grid = book.get_sheet_by_name(JOURNAL).to_python(skip_empty_area=False)
    finally:
        book.close()
    return [row for row in grid[HEADER_ROW + 1:] if any(v not in ("", None) for v in row)]


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def assert_staff_parts_kept(host: Path, out: Path) -> None:
    """Every part of `host` but its generated sheets' and the package-wide ones, byte for byte in `out`."""
    names = [n for n, _ in sheets(host)]
    generated = reachable(host, [part for name, part in sheets(host) if name in GENERATED_SHEETS])
    owned = PACKAGE_WIDE | generated
    before = contents(host)
    after = contents(out)
    staff = [n for n in before if n not in owned]
    assert len(staff) > 10 and names[: len(GENERATED_SHEETS)] == list(GENERATED_SHEETS)
    for name in staff:
        assert name in after, f"{name} disappeared"
        if name.startswith("xl/worksheets/") and TAB_SELECTED.search(before[name]):
            assert after[name] == without_tab_selected(before[name]), name
        else:
            assert raw_bytes(out, name) == raw_bytes(host, name), name


def test_refresh_libreoffice_refresh_libreoffice_refresh(tmp_path):
    plan = tmp_path / "plan.xlsx"
    write_demo(plan, rows=300, today=AS_OF)
    refresh(plan, AS_OF, backup=False)
    fingerprints = [journal_rows(plan)[-1][-2]]
    for round_ in (1, 2):
        resaved = convert_with_libreoffice(plan, "xlsx", tmp_path / f"lo{round_}")
        shutil.copy(resaved, plan)
        assert [i.edited_by_hand for i in ooxml.inspect_generated(plan, NOTICE)] == [False] * len(GENERATED_SHEETS)
        messages: list[str] = []
        result = refresh(plan, AS_OF, backup=False, progress=messages.append)
        assert result.written and result.edited_by_hand == []
        assert not any("Attention" in m for m in messages)
        names = [n for n, _ in sheets(plan)]
        assert names[: len(GENERATED_SHEETS)] == list(GENERATED_SHEETS)
        assert len(names) == len(set(names))  # no duplicate sheet
        assert_staff_parts_kept(resaved, plan)
        rows = journal_rows(plan)
        assert len(rows) == round_ + 1  # every earlier row kept, one more
        assert all(isinstance(row[0], dt.datetime) for row in rows)
        assert [_day(row[2]) for row in rows] == [AS_OF] * (round_ + 1)
        fingerprints.append(rows[-1][-2])
    assert len(set(fingerprints)) == 1  # the input values survived LibreOffice's saves
