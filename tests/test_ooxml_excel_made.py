"""Graft into workbooks saved by Microsoft Excel itself (../shared/excel-made/).

Another producer's part names, relationship ids and conventions: every part qualixl
does not own must come out byte for byte, the result must verify, and a second graft
must change nothing (styles.xml does not grow).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import python_calamine
from ooxml_hosts import (
    CONTROLS,
    DASHBOARD,
    EXCEL_MADE_FILES,
    assert_no_orphans,
    assert_staff_parts_untouched,
    build_generated,
    contents,
    defined_names,
    entries,
    excel_made,
    raw_bytes,
    sheets,
    style_lists,
    tab_selected,
)

from qualixl.ooxml import generated_sheet_names, graft_sheets, verify_package

FILES = EXCEL_MADE_FILES
MACRO_TYPE = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return build_generated(tmp_path_factory.mktemp("gen") / "generated.xlsx")


def test_all_excel_workbooks_are_there():
    excel_made("table10.xlsx")
    assert len(FILES) == 14, FILES


@pytest.mark.parametrize("name", FILES)
def test_graft_into_excel_workbook(name, generated, tmp_path):
    host = excel_made(name)
    once, twice = tmp_path / f"once{host.suffix}", tmp_path / f"twice{host.suffix}"
    graft_sheets(host, generated, once)
    verify_package(once)
    assert_staff_parts_untouched(host, once, 2)
    assert_no_orphans(once)
    assert defined_names(once) == defined_names(host)
    assert tab_selected(once) == [DASHBOARD]
    before, after = style_lists(host), style_lists(once)
    assert all(after[k][: len(before[k])] == before[k] for k in before)
    assert [n for n, _ in sheets(once)] == [DASHBOARD, CONTROLS] + [n for n, _ in sheets(host)]

    result = graft_sheets(once, generated, twice)
    verify_package(twice)
    assert result.replaced == [DASHBOARD, CONTROLS] and result.edited_by_hand == []
    assert contents(twice) == contents(once)  # idempotent, styles.xml included
    assert generated_sheet_names(twice) == [DASHBOARD, CONTROLS]


@pytest.mark.parametrize("name", [n for n in FILES if n.endswith(".xlsm")])
def test_macros_are_kept(name, generated, tmp_path):
    host = excel_made(name)
    out = tmp_path / name
    graft_sheets(host, generated, out)
    assert MACRO_TYPE in contents(out)["[Content_Types].xml"]
    assert raw_bytes(out, "xl/vbaProject.bin") == raw_bytes(host, "xl/vbaProject.bin")


def test_tricky_sheet_names_and_their_charts(generated, tmp_path):
    host = excel_made("quote_name01.xlsx")
    out = tmp_path / "quote.xlsx"
    graft_sheets(host, generated, out)
    names = [n for n, _ in sheets(out)]
    assert names[2:] == ["Sheet 1", "Sheet 2", "Sheet!3", 'Sheet"4', "Sheet#5", "Sheet$6", "Sheet%7", "Sheet&8"]
    for i in range(1, 9):
        assert contents(out)[f"xl/charts/chart{i}.xml"] == contents(host)[f"xl/charts/chart{i}.xml"]
    book = python_calamine.CalamineWorkbook.from_path(str(out))
    assert book.get_sheet_by_name("Sheet&8").to_python()[0] == [1.0, 2.0, 3.0]
    book.close()


def test_calc_chain_that_names_no_removed_sheet_is_kept(generated, tmp_path):
    host = excel_made("table10.xlsx")
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    graft_sheets(host, generated, once)
    result = graft_sheets(once, generated, twice)
    assert not result.calc_chain_dropped
    assert raw_bytes(twice, "xl/calcChain.xml") == raw_bytes(host, "xl/calcChain.xml")


def test_chartsheet_is_kept_and_not_selected(generated, tmp_path):
    host = excel_made("chartsheet01.xlsx")
    out = tmp_path / "chartsheet.xlsx"
    result = graft_sheets(host, generated, out)
    assert result.deselected == ["Chart1"]
    assert entries(out)["xl/chartsheets/sheet1.xml"].file_size < entries(host)["xl/chartsheets/sheet1.xml"].file_size
