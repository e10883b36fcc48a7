"""The Diagnostic Qualiopi and Bilan annuel sheets, written by XlsxWriter and printed by LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess

import openpyxl
import pytest
from conftest import convert_with_libreoffice
from diagnostic_workbooks import (
    AS_OF,
    PLAN,
    PROCEDURE,
    change,
    context,
    grid,
    healthy,
    render,
    set_parameter,
    write,
)

from qualixl.diagnostic import build_annual, diagnose
from qualixl.kpis import compute_kpis
from qualixl.reading import read_workbook
from qualixl.render.annual import ANNUAL, write_annual
from qualixl.render.diagnostic import DIAGNOSTIC, HEADERS, STATUS_COLOURS, row_height, write_diagnostic


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    """Both sheets rendered from a workbook with one non-conformity and one point to watch."""
    folder = tmp_path_factory.mktemp("render")
    records = healthy()
    set_parameter(records, PROCEDURE, None)
    change(records, PLAN, "ACT-2026-003", Échéance=AS_OF.replace(day=1))
    dataset = read_workbook(write(folder, records))
    kpis = compute_kpis(dataset, AS_OF)
    ctx = context(build_annual(dataset, kpis, AS_OF), diagnose(dataset, AS_OF, kpis=kpis))
    return render(folder / "generated.xlsx", ctx, write_diagnostic, write_annual), ctx


def test_diagnostic_sheet_has_summary_and_one_row_per_requirement(sheets):
    path, ctx = sheets
    rows = grid(path, DIAGNOSTIC)
    assert rows[0][0] == "Diagnostic Qualiopi — =Formations Diagnostic"
    assert rows[4][0] == "1 non conforme, 1 à surveiller, 27 conformes."
    assert tuple(rows[7][:6]) == HEADERS
    body = rows[8 : 8 + len(ctx.diagnostic)]
    assert [(r[0], r[2]) for r in body] == [(float(line.indicator), line.status) for line in ctx.diagnostic]
    late = next(r for r in body if r[1].startswith("Les actions sont réalisées"))
    assert "ACT-2026-003 (29\u00a0j)" in late[4] or "ACT-2026-003 (29 j)" in late[4]


def test_diagnostic_status_colours_and_print_setup(sheets):
    path, _ctx = sheets
    sheet = openpyxl.load_workbook(path)[DIAGNOSTIC]
    fills = {}
    for row in sheet.iter_rows(min_row=9, min_col=3, max_col=3):
        cell = row[0]
        if cell.value:
            fills[cell.value] = cell.fill.fgColor.rgb[-6:]
    assert fills == {status: bg[1:] for status, (bg, _fg) in STATUS_COLOURS.items()}
    assert sheet["E9"].alignment.wrap_text
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight in (0, "0")
    assert sheet.print_title_rows.replace("$", "") == "8:8"
    assert sheet.freeze_panes == "A9"
    assert sheet.row_dimensions[9].height >= 28  # wrapped evidence gets room


def test_row_height_grows_with_text():
    assert row_height([("court", 40)]) == row_height([]) == 15.0
    assert row_height([("x" * 100, 20)]) == 13.0 * 5 + 2.0
    assert row_height([("a\nb\nc", 40)]) == 13.0 * 3 + 2.0


@pytest.mark.libreoffice
def test_libreoffice_prints_both_sheets_one_page_wide(sheets, tmp_path):
    path, _ctx = sheets
    pdf = convert_with_libreoffice(path, "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    tools = [shutil.which("pdftoppm"), shutil.which("pdftotext")]
    if not all(tools):
        message = "pdftoppm / pdftotext (poppler-utils) introuvables"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    pages = subprocess.run([tools[1], "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = pages.split("\f")
    annual = [p for p in pages if "Bilan annuel" in p]
    diagnostic = [p for p in pages if "Diagnostic Qualiopi" in p]
    assert diagnostic and annual
    # One page wide: the last column's header is on the same page as the first one.
    assert all("Statut" in p for p in annual if "RNQ" in p)
    assert all("À faire" in p for p in diagnostic if "Indicateur" in p)
    # Each exercise starts a page; so do its actions.
    assert sum(1 for p in annual if "1. Indicateurs clés" in p) == 2
    assert all("1. Indicateurs" not in p for p in annual if "3. Actions réalisées" in p)
    first_annual = pages.index(annual[0]) + 1
    png = tmp_path / "bilan"
    subprocess.run([tools[0], "-png", "-r", "60", "-f", str(first_annual), "-l", str(first_annual), str(pdf), str(png)],
                   check=True)
    images = list(tmp_path.glob("bilan*.png"))
    assert len(images) == 1 and images[0].stat().st_size > 5000
    assert ANNUAL in annual[0]
