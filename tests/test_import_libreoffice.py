"""LibreOffice opens a workbook after an import, prints it, and reads the imported rows back."""

from __future__ import annotations

import datetime as dt

import exports
import pytest
import python_calamine
from conftest import convert_with_libreoffice

from qualixl import schema
from qualixl.importing import import_export

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lo-import")
    plan = exports.host_workbook(folder / "plan.xlsx")
    import_export(plan, exports.google_csv(folder / "google.csv"), backup=False)
    import_export(plan, exports.microsoft_xlsx(folder / "forms.xlsx"), backup=False)
    return plan


def test_imported_workbook_converts_to_pdf(imported, tmp_path):
    pdf = convert_with_libreoffice(imported, "pdf", tmp_path)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 1000


def test_libreoffice_reads_the_imported_rows(imported, tmp_path):
    resaved = convert_with_libreoffice(imported, "xlsx", tmp_path)

    book = python_calamine.CalamineWorkbook.from_path(str(resaved))
    try:
        assert exports.STAFF_SHEET in book.sheet_names
        grid = book.get_sheet_by_name(schema.APPRECIATIONS).to_python()
    finally:
        book.close()
    rows = [dict(zip(grid[0], row, strict=False)) for row in grid[1:]]
    assert len(rows) == 4 + 3 + 3
    assert rows[4]["Date"] in (dt.date(2026, 3, 9), dt.datetime(2026, 3, 9))
    assert rows[4]["Points à améliorer"] == '=HYPERLINK("http://x") rien'  # still text, not a formula
    assert rows[4]["Note globale"] == 4.5 and rows[7]["Note globale"] == "Très satisfait"  # a label stays a label
