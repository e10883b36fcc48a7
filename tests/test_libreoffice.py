"""LibreOffice, the other spreadsheet application, opens our workbooks, prints them and saves them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from qualixl import schema
from qualixl.schema import Kind
from qualixl.template import EXPLANATION, README_SHEET, TEMPLATE_PATH, build_workbook, init_workbook

pytestmark = pytest.mark.libreoffice

EXPECTED_SHEETS = [README_SHEET, *(s.name for s in schema.SHEETS)]


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, Path]:
    """The shipped template, an init-ed workbook and one with rows, side by side."""
    folder = tmp_path_factory.mktemp("lo-src")
    inited = folder / "initialise.xlsx"
    init_workbook(inited, organisme="Forma Plus")
    with_rows = folder / "lignes.xlsx"
    build_workbook(with_rows, rows={schema.APPRECIATIONS: [appraisal_row()]})
    return {"template": TEMPLATE_PATH, "init": inited, "rows": with_rows}


def appraisal_row() -> tuple:
    values = {"ID": "APP-2026-0001", "Date": dt.date(2026, 3, 9), "Partie prenante": "Financeur",
              "Note globale": 4, "Points à améliorer": "=1+1"}
    return tuple(values.get(c.header) for c in schema.SHEETS_BY_NAME[schema.APPRECIATIONS].columns)


def headers(sheet: schema.Sheet) -> list[str]:
    columns = (*sheet.columns, EXPLANATION) if sheet.name == schema.PARAMETRES else sheet.columns
    return [c.header for c in columns]


@pytest.mark.parametrize("which", ["template", "init"])
def test_converts_to_pdf(libreoffice, workbooks, which, tmp_path):
    pdf = libreoffice(workbooks[which], "pdf", tmp_path)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 1000


@pytest.mark.parametrize("which", ["template", "init", "rows"])
def test_resaved_xlsx_is_readable(libreoffice, workbooks, which, tmp_path):
    resaved = libreoffice(workbooks[which], "xlsx", tmp_path)

    book = python_calamine.CalamineWorkbook.from_path(str(resaved))
    try:
        assert list(book.sheet_names) == EXPECTED_SHEETS
        grids = {name: book.get_sheet_by_name(name).to_python() for name in EXPECTED_SHEETS}
    finally:
        book.close()
    for sheet in schema.SHEETS:
        assert grids[sheet.name][0][: len(headers(sheet))] == headers(sheet), sheet.name

    wb = openpyxl.load_workbook(resaved)
    assert wb.sheetnames == EXPECTED_SHEETS
    for sheet in schema.SHEETS:
        ws = wb[sheet.name]
        assert [c.value for c in ws[1]][: len(headers(sheet))] == headers(sheet), sheet.name
        lists = {dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
        for column in sheet.columns:
            if column.kind is Kind.CHOICE:
                assert '"' + ",".join(column.choices) + '"' in lists, (sheet.name, column.header)

    params = {row[0]: row[1] for row in grids[schema.PARAMETRES][1:]}
    assert params["Organisme"] == ("Forma Plus" if which == "init" else "")
    if which == "rows":
        row = grids[schema.APPRECIATIONS][1]
        assert row[0] == "APP-2026-0001"
        assert row[1] == dt.date(2026, 3, 9)
        assert row[8] == "=1+1"  # still text after LibreOffice re-saved it
