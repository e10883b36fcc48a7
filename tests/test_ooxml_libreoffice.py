"""LibreOffice as the other producer and the other client of a grafted workbook."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import python_calamine
from ooxml_hosts import (
    CONTROLS,
    DASHBOARD,
    LISTS_SHEET,
    STAFF_SHEET,
    assert_no_orphans,
    assert_staff_parts_untouched,
    build_generated,
    build_staff_host,
    contents,
    excel_made,
    first_page_gray,
    sheets,
    tab_selected,
)

from qualixl.ooxml import generated_sheet_names, graft_sheets, inspect_generated, verify_package

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lo")
    return build_staff_host(folder / "plan.xlsx"), build_generated(folder / "generated.xlsx")


def test_graft_into_a_host_saved_by_libreoffice(libreoffice, sources, tmp_path):
    host, gen = sources
    resaved = libreoffice(host, "xlsx", tmp_path / "lo")
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    graft_sheets(resaved, gen, once)
    verify_package(once)
    assert_staff_parts_untouched(resaved, once, 2)
    assert_no_orphans(once)
    assert tab_selected(once) == [DASHBOARD]
    result = graft_sheets(once, gen, twice)
    assert result.replaced == [DASHBOARD, CONTROLS]
    assert contents(twice) == contents(once)


def test_the_mark_survives_a_libreoffice_save(libreoffice, sources, tmp_path):
    """LibreOffice renumbers sheetIds: the staff sheets now carry the ids qualixl recorded."""
    host, gen = sources
    once = tmp_path / "once.xlsx"
    graft_sheets(host, gen, once)
    resaved = libreoffice(once, "xlsx", tmp_path / "lo")
    assert [i.name for i in inspect_generated(resaved)] == [DASHBOARD, CONTROLS]
    assert not any(i.edited_by_hand for i in inspect_generated(resaved))
    again = tmp_path / "again.xlsx"
    result = graft_sheets(resaved, gen, again)
    assert result.replaced == [DASHBOARD, CONTROLS]
    assert [n for n, _ in sheets(again)] == [DASHBOARD, CONTROLS, STAFF_SHEET, LISTS_SHEET]
    assert generated_sheet_names(again) == [DASHBOARD, CONTROLS]
    before = python_calamine.CalamineWorkbook.from_path(str(host))
    after = python_calamine.CalamineWorkbook.from_path(str(again))
    try:
        assert after.get_sheet_by_name(STAFF_SHEET).to_python() == before.get_sheet_by_name(STAFF_SHEET).to_python()
    finally:
        before.close()
        after.close()


def test_libreoffice_prints_the_dashboard(libreoffice, sources, tmp_path):
    host, gen = sources
    out = tmp_path / "plan.xlsx"
    graft_sheets(host, gen, out)
    pdf = libreoffice(out, "pdf", tmp_path / "pdf")
    width, height, pixels = first_page_gray(pdf, tmp_path)
    dark = sum(1 for p in pixels if p < 200)
    assert width * height > 10_000
    assert dark > 0.002 * width * height, f"page 1 is blank ({dark} dark pixels)"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                              text=True, timeout=60).stdout
        assert "Indicateurs fusionnés" in text


@pytest.mark.parametrize("name", ["chartsheet01.xlsx", "quote_name01.xlsx", "button07.xlsm", "table10.xlsx"])
def test_libreoffice_opens_grafted_excel_workbooks(libreoffice, sources, name, tmp_path):
    out = tmp_path / name
    graft_sheets(excel_made(name), sources[1], out)
    pdf = libreoffice(out, "pdf", tmp_path / "pdf")
    _, _, pixels = first_page_gray(pdf, tmp_path)
    assert sum(1 for p in pixels if p < 200) > 100
