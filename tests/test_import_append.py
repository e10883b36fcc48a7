"""ooxml.append_rows: rows appended at the part level, streamed, on any producer's worksheet."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
import python_calamine
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from ooxml_hosts import EXCEL_MADE_FILES, excel_made

from qualixl.errors import QualixlError
from qualixl.importing.verify import verify_appended
from qualixl.ooxml import append_rows as ar
from qualixl.ooxml.append_rows import append_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def grid(path: Path, sheet: str) -> list[list]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    finally:
        book.close()


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def small_book(path: Path, **options) -> Path:
    book = xlsxwriter.Workbook(str(path), options)
    sheet = book.add_worksheet("Données")
    sheet.write_row(0, 0, ["Nom", "Date", "Note"])
    sheet.write_string(1, 0, "Ana")
    sheet.write_datetime(1, 1, dt.datetime(2026, 1, 5), book.add_format({"num_format": "dd/mm/yyyy"}))
    sheet.write_number(1, 2, 4)
    book.add_worksheet("Vide")
    book.close()
    return path


def rewrite_part(path: Path, part: str, change) -> None:
    data = parts(path)
    data[part] = change(data[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in data.items():
            zf.writestr(name, content)


# --- streaming is independent of chunk boundaries ----------------------------------


def sheet_xml(rows: int, prefix: str, with_r: bool) -> bytes:
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    cells = []
    for i in range(1, rows + 1):
        row_r, cell_r = (f' r="{i}"', f' r="A{i}"') if with_r else ("", "")
        cells.append(f'<{p}row{row_r} spans="1:2"><{p}c{cell_r} s="{i % 3}"><{p}v>{i}</{p}v></{p}c></{p}row>')
    body = "".join(cells)
    data = f"<{p}sheetData>{body}</{p}sheetData>" if rows else f"<{p}sheetData/>"
    return (f'<?xml version="1.0"?>\n<{p}worksheet {ns}><{p}dimension ref="A1:A{max(rows, 1)}"/>'
            f'<{p}cols><{p}col min="1" max="1" style="7"/></{p}cols>{data}<{p}pageMargins left="0.7"/></{p}worksheet>').encode()


def chunked(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in zip(points, points[1:], strict=False)]


@settings(max_examples=150, deadline=None)
@given(rows=st.integers(0, 12), prefix=st.sampled_from(["", "x"]), with_r=st.booleans(),
       cuts=st.lists(st.integers(0, 5000), max_size=40))
def test_scan_and_splice_do_not_depend_on_chunking(rows, prefix, with_r, cuts):
    data = sheet_xml(rows, prefix, with_r)
    whole = ar._scan([data], "test")
    pieces = ar._scan(chunked(data, cuts), "test")
    assert pieces == whole
    assert whole.last_r == rows
    assert whole.prefix == (f"{prefix}:".encode() if prefix else b"")
    edits = ar._sheet_edits(whole, b"<NEW/>", 2, rows + 1)
    expected = data
    for start, end, replacement in sorted(edits, reverse=True):
        expected = expected[:start] + replacement + expected[end:]
    assert b"".join(ar._splice(chunked(data, cuts), edits, "test")) == expected
    styles = ar._column_styles(whole, "test", header_row=0)
    assert styles[0] == [(1, 1, 7)]
    assert styles[1] == ({0: rows % 3} if rows else {})


def test_widen_dimension():
    assert ar._widen("A1:K5", 3, 9) == "A1:K9"
    assert ar._widen("B2:C3", 11, 9) == "B2:L9"
    assert ar._widen("A1", 2, 1) == "A1:C1"
    assert ar._widen("garbage", 0, 4) == "A1:A4"


# --- cells -------------------------------------------------------------------------


def test_values_round_trip_as_typed(tmp_path):
    src = small_book(tmp_path / "in.xlsx")
    texts = ["=1+1", "+33 6 00", "-", "@home", "  espaces  ", "a_x0041_b", "ctrl\x01char", "ligne\nsuite", "x\ry",
             "<b>&amp;</b>"]
    rows = [{0: t, 1: dt.date(2026, 3, i + 1), 2: i + 0.5} for i, t in enumerate(texts)]

    done = append_rows(src, tmp_path / "out.xlsx", "Données", 1, rows)
    verify_appended(tmp_path / "out.xlsx", done, rows)

    assert (done.first_row, done.last_row) == (3, 2 + len(texts))
    got = grid(tmp_path / "out.xlsx", "Données")[2:]
    assert [r[0] for r in got] == texts
    assert [r[1] for r in got] == [dt.date(2026, 3, i + 1) for i in range(len(texts))]
    assert [r[2] for r in got] == [i + 0.5 for i in range(len(texts))]
    sheet = parts(tmp_path / "out.xlsx")["xl/worksheets/sheet1.xml"]
    assert b"<f>" not in sheet and sheet.count(b't="inlineStr"') == len(texts)


def test_empty_sheet_data_and_1904_dates(tmp_path):
    src = small_book(tmp_path / "in.xlsx", date_1904=True)
    assert b"<sheetData/>" in parts(src)["xl/worksheets/sheet2.xml"]
    rows = [{0: "premier", 2: dt.date(2026, 3, 9)}]

    done = append_rows(src, tmp_path / "out.xlsx", "Vide", 0, rows)
    verify_appended(tmp_path / "out.xlsx", done, rows)

    assert done.first_row == 1
    got = grid(tmp_path / "out.xlsx", "Vide")
    assert got[0][0] == "premier"
    assert got[0][2] == dt.date(2026, 3, 9)  # the workbook's only date style, in the 1904 system


def test_date_without_any_date_style_is_french_text(tmp_path):
    book = xlsxwriter.Workbook(str(tmp_path / "in.xlsx"))
    book.add_worksheet("S").write_row(0, 0, ["Date"])
    book.close()

    done = append_rows(tmp_path / "in.xlsx", tmp_path / "out.xlsx", "S", 1, [{0: dt.date(2026, 3, 9)}])

    assert grid(tmp_path / "out.xlsx", "S")[done.first_row - 1][0] == "09/03/2026"


def test_prefixed_namespace_and_rows_without_numbers(tmp_path):
    src = small_book(tmp_path / "in.xlsx")

    def prefixed(data: bytes) -> bytes:
        text = data.decode()
        text = re.sub(r'xmlns="[^"]+"', f'xmlns:x="{MAIN}"', text, count=1)
        text = re.sub(r"<(/?)(?!\?)([A-Za-z]+)", r"<\1x:\2", text)
        return re.sub(r' r="[A-Z]*\d+"', "", text).encode()

    rewrite_part(src, "xl/worksheets/sheet1.xml", prefixed)
    assert b"<x:row" in parts(src)["xl/worksheets/sheet1.xml"]
    rows = [{0: "Bea", 2: 3}]

    done = append_rows(src, tmp_path / "out.xlsx", "Données", 1, rows)
    verify_appended(tmp_path / "out.xlsx", done, rows)

    assert done.first_row == 3
    assert b'<x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:t>Bea</x:t>' in parts(tmp_path / "out.xlsx")["xl/worksheets/sheet1.xml"]


def test_unknown_sheet_and_chartsheet_are_refused(tmp_path):
    src = small_book(tmp_path / "in.xlsx")
    with pytest.raises(QualixlError, match="introuvable"):
        append_rows(src, tmp_path / "out.xlsx", "Absente", 1, [{0: "x"}])


# --- workbooks saved by Excel itself ---------------------------------------------------

@pytest.mark.parametrize("name", EXCEL_MADE_FILES or ["button07.xlsm"])
def test_excel_made_workbooks_keep_every_other_part(tmp_path, name):
    src = excel_made(name)
    book = python_calamine.CalamineWorkbook.from_path(str(src))
    sheet = next(m.name for m in book.sheets_metadata if str(m.typ).endswith("WorkSheet"))
    book.close()
    rows = [{0: "=SUM(A1:A2)", 1: 42, 3: dt.date(2026, 3, 9)}, {1: "deux"}]

    if name == "comment03.xlsx":  # a comment in Excel's very last row: nothing can go below it
        with pytest.raises(QualixlError, match="dernière ligne d'Excel"):
            append_rows(src, tmp_path / name, sheet, 1, rows)
        return
    done = append_rows(src, tmp_path / name, sheet, 1, rows)
    verify_appended(tmp_path / name, done, rows)

    before, after = parts(src), parts(tmp_path / name)
    assert list(before) == list(after)
    changed = {n for n in before if before[n] != after[n]}
    assert changed <= {done.part, done.table}
    assert grid(tmp_path / name, sheet)[done.first_row - 1][:2] == ["=SUM(A1:A2)", 42]
    dims = etree.fromstring(after[done.part]).find(f"{{{MAIN}}}dimension")
    if dims is not None:
        assert dims.get("ref").endswith(str(done.last_row))


def test_table_with_a_totals_row_is_refused(tmp_path):
    with pytest.raises(QualixlError, match="ligne de total"):
        append_rows(excel_made("table10.xlsx"), tmp_path / "out.xlsx", "Sheet1", 3, [{1: "x"}])
