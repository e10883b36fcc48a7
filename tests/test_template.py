"""The template: built from schema.py, committed up to date, and shaped as WORKBOOK.md says."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from xlsxwriter.utility import xl_col_to_name

from qualixl import schema
from qualixl.docs import readme_sheet_table, sheet_section, update_readme
from qualixl.schema import Kind
from qualixl.template import (
    EMPTY_TABLE_ROWS,
    EXPLANATION,
    README_SHEET,
    TEMPLATE_PATH,
    build_workbook,
    sheet_part,
    table_name,
)

ROOT = Path(__file__).resolve().parent.parent
MAX_ROW = 1_048_576


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "fresh.xlsx"
    build_workbook(path)
    return path


@pytest.fixture(scope="module")
def book():
    """The committed template, loaded once with openpyxl (validations, tables, formats)."""
    return openpyxl.load_workbook(TEMPLATE_PATH)


def calamine_grids(path: Path) -> dict[str, list[list[object]]]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    finally:
        book.close()


def validations(ws) -> list[tuple]:
    return sorted(
        (str(dv.sqref), dv.type or "", dv.formula1 or "", dv.promptTitle or "", dv.prompt or "")
        for dv in ws.data_validations.dataValidation
    )


def list_values(formula1: str) -> list[str]:
    assert formula1.startswith('"') and formula1.endswith('"'), formula1
    return formula1[1:-1].split(",")


def sheet_columns(sheet: schema.Sheet) -> tuple[schema.Column, ...]:
    return (*sheet.columns, EXPLANATION) if sheet.name == schema.PARAMETRES else sheet.columns


def sheet_xml(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(sheet_part(zf, name)).decode("utf-8")


# --- the committed file is up to date -------------------------------------------------


def test_committed_template_exists():
    assert TEMPLATE_PATH.is_file(), "run: python scripts/build_template.py"


def test_top_level_template_is_the_packaged_one_byte_for_byte():
    """templates/plan_amelioration.xlsx (DESIGN.md's layout) and the package data are one file twice."""
    top = Path(__file__).resolve().parents[1] / "templates" / TEMPLATE_PATH.name
    assert top.is_file(), "run: python scripts/build_template.py"
    assert top.read_bytes() == TEMPLATE_PATH.read_bytes(), "run: python scripts/build_template.py"


def test_committed_template_equals_fresh_build(fresh, book):
    """Compares what a user sees, not zip bytes: rebuild with scripts/build_template.py."""
    assert calamine_grids(TEMPLATE_PATH) == calamine_grids(fresh)
    other = openpyxl.load_workbook(fresh)
    assert book.sheetnames == other.sheetnames
    for name in book.sheetnames:
        assert validations(book[name]) == validations(other[name]), name
        assert sorted(book[name].tables.items()) == sorted(other[name].tables.items()), name


def test_build_is_deterministic(fresh, tmp_path):
    again = tmp_path / "again.xlsx"
    build_workbook(again)
    assert again.read_bytes() == fresh.read_bytes()


def test_all_strings_are_inline(fresh):
    """No sharedStrings part: the table trick must not leak header names into one."""
    with zipfile.ZipFile(fresh) as zf:
        assert "xl/sharedStrings.xml" not in zf.namelist()


# --- shape of the sheets --------------------------------------------------------------


def test_sheet_order(book):
    assert book.sheetnames == [README_SHEET, *(s.name for s in schema.SHEETS)]


def test_headers_in_row_one_in_schema_order(book):
    for sheet in schema.SHEETS:
        ws = book[sheet.name]
        row = [cell.value for cell in ws[1]]
        assert row == [c.header for c in sheet_columns(sheet)], sheet.name


def test_input_sheets_are_tables_with_frozen_header(book):
    for sheet in schema.SHEETS:
        ws = book[sheet.name]
        assert ws.freeze_panes == "A2", sheet.name
        tables = ws.tables.items()
        assert len(tables) == 1, sheet.name
        name, ref = tables[0]
        assert name == table_name(sheet.name)
        last_col = xl_col_to_name(len(sheet_columns(sheet)) - 1)
        if sheet.name == schema.PARAMETRES:
            rows = len(schema.PARAMETERS)
        elif sheet.name == schema.INDICATEURS:
            rows = len(schema.KPIS)
        else:
            rows = EMPTY_TABLE_ROWS
        assert ref == f"A1:{last_col}{rows + 1}", sheet.name


def test_table_names_are_unique_and_valid():
    names = [table_name(s.name) for s in schema.SHEETS]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"tbl_[A-Za-z0-9]+", n) for n in names)


def column_dims(ws) -> dict[int, object]:
    """openpyxl's column dimensions by 1-based index (it groups equal neighbours in one)."""
    out = {}
    for dim in ws.column_dimensions.values():
        for index in range(dim.min, dim.max + 1):
            out[index] = dim
    return out


def test_column_widths_and_date_formats(book):
    for sheet in schema.SHEETS:
        dims = column_dims(book[sheet.name])
        for index, column in enumerate(sheet_columns(sheet), start=1):
            dim = dims[index]
            assert int(dim.width) == column.width, (sheet.name, column.header)  # plus Excel's padding
            if column.kind is Kind.DATE:
                assert dim.number_format == "dd/mm/yyyy", (sheet.name, column.header)


def test_choice_columns_have_whole_column_drop_downs(book):
    for sheet in schema.SHEETS:
        ws = book[sheet.name]
        by_range = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
        for index, column in enumerate(sheet.columns):
            letter = xl_col_to_name(index)
            dv = by_range.get(f"{letter}2:{letter}{MAX_ROW}")
            if column.kind is Kind.CHOICE:
                assert dv is not None and dv.type == "list", (sheet.name, column.header)
                assert list_values(dv.formula1) == list(column.choices)
                assert dv.showErrorMessage and dv.error
            elif column.kind is Kind.SCORE:
                assert dv is not None and dv.type in (None, "none"), (sheet.name, column.header)
                assert dv.prompt == column.help
            else:
                assert dv is None, (sheet.name, column.header)


def test_header_cells_carry_input_messages(book):
    for sheet in schema.SHEETS:
        ws = book[sheet.name]
        by_range = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
        for index, column in enumerate(sheet_columns(sheet)):
            dv = by_range[f"{xl_col_to_name(index)}1"]
            assert dv.showInputMessage, (sheet.name, column.header)
            assert dv.prompt == column.help
            assert dv.promptTitle == column.header[:32]


def test_parameters_hold_defaults(book):
    ws = book[schema.PARAMETRES]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [p.name for p in schema.PARAMETERS]
    for row, param in zip(rows, schema.PARAMETERS, strict=True):
        assert (row[1] if row[1] is not None else "") == param.default, param.name
        assert row[2] == param.help


def test_fiscal_year_start_has_month_drop_down(book):
    ws = book[schema.PARAMETRES]
    row = 2 + [p.name for p in schema.PARAMETERS].index("Début d'exercice")
    dv = next(dv for dv in ws.data_validations.dataValidation if str(dv.sqref) == f"B{row}")
    assert dv.type == "list"
    assert list_values(dv.formula1) == list(schema.MONTHS)


def test_referentiel_has_its_drop_down(book):
    ws = book[schema.PARAMETRES]
    row = 2 + [p.name for p in schema.PARAMETERS].index("Référentiel")
    dv = next(dv for dv in ws.data_validations.dataValidation if str(dv.sqref) == f"B{row}")
    assert list_values(dv.formula1) == ["auto", "V9", "V10"]
    assert ws[f"B{row}"].value == "auto"


def test_v10_values_are_offered(book):
    """Risques with its 1-to-4 scales and statuses; the new Temps, Origines, review type and Nature help."""
    ws = book[schema.RISQUES]
    assert [c.value for c in ws[1]][:4] == ["ID", "Date d'identification", "Étape", "Risque"]
    lists = {str(dv.sqref).split(":")[0][:-1]: list_values(dv.formula1)
             for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert lists["G"] == lists["H"] == ["1", "2", "3", "4"] and lists["M"] == ["Actif", "Maîtrisé", "Clos"]
    assert "Évaluation des enseignements" in schema.SHEETS_BY_NAME[schema.SOLLICITATIONS].column("Temps").choices
    assert {"Risque", "Évaluation des enseignements"} <= set(schema.SHEETS_BY_NAME[schema.PLAN].column("Origine").choices)
    assert "Restitution aux équipes pédagogiques" in schema.SHEETS_BY_NAME[schema.REVUES].column("Type").choices
    nature = next(dv for dv in book[schema.RECLAMATIONS].data_validations.dataValidation
                  if str(dv.sqref) == "H1")
    assert "Violences, harcèlement, discrimination" in nature.prompt


def test_indicators_hold_kpi_defaults(book):
    ws = book[schema.INDICATEURS]
    sheet = schema.SHEETS_BY_NAME[schema.INDICATEURS]
    headers = [c.header for c in sheet.columns]
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == len(schema.KPIS)
    for row, kpi in zip(rows, schema.KPIS, strict=True):
        cell = dict(zip(headers, row, strict=True))
        assert cell["Code"].value == kpi.code
        assert cell["Libellé"].value == kpi.label
        assert cell["Indicateur Qualiopi"].value == kpi.rnq
        assert cell["Cible"].value == pytest.approx(kpi.target)
        assert cell["Seuil d'alerte"].value == pytest.approx(kpi.alert)
        assert cell["Sens"].value == kpi.direction
        if kpi.unit == "taux":
            assert cell["Cible"].number_format == "0%"
            assert cell["Seuil d'alerte"].number_format == "0%"


def test_readme_sheet_explains_every_sheet(book):
    text = "\n".join(
        str(v) for row in book[README_SHEET].iter_rows(values_only=True) for v in row if v is not None
    )
    for sheet in schema.SHEETS:
        assert sheet.name in text
        assert sheet.purpose in text
    for phrase in ("qualixl refresh plan.xlsx", "qualixl check plan.xlsx", "Collecter", "Analyser",
                   "Décider", "Agir", "Vérifier", "réécrites"):
        assert phrase in text


# --- rows ------------------------------------------------------------------------------


def appraisal(i: int, **overrides) -> tuple:
    sheet = schema.SHEETS_BY_NAME[schema.APPRECIATIONS]
    values = {
        "ID": f"APP-2026-{i:04d}",
        "Date": dt.date(2026, 1, 1) + dt.timedelta(days=i % 300),
        "Partie prenante": "Bénéficiaire",
        "Note globale": i % 5 + 1,
        "Points forts": "Très bien",
        **overrides,
    }
    return tuple(values.get(c.header) for c in sheet.columns)


def test_rows_are_written_as_typed_values(tmp_path):
    path = tmp_path / "rows.xlsx"
    rows = [
        appraisal(1),
        appraisal(2, **{"Note globale": "Très satisfait", "Date": dt.datetime(2026, 2, 3, 14, 30)}),
        appraisal(3, **{"Note globale": 3.5, "Recommandation": "Oui"}),
    ]
    build_workbook(path, rows={schema.APPRECIATIONS: rows}, parameters={"Organisme": "Forma Plus"})
    grids = calamine_grids(path)
    grid = grids[schema.APPRECIATIONS]
    assert grid[1][:4] == ["APP-2026-0001", dt.date(2026, 1, 2), "", "Bénéficiaire"]
    assert grid[1][5] == 2
    assert grid[2][1] == dt.datetime(2026, 2, 3, 14, 30)
    assert grid[2][5] == "Très satisfait"
    assert grid[3][5] == 3.5 and grid[3][6] == "Oui"
    params = {row[0]: row[1] for row in grids[schema.PARAMETRES][1:]}
    assert params["Organisme"] == "Forma Plus"
    ws = openpyxl.load_workbook(path)[schema.APPRECIATIONS]
    assert ws["B2"].number_format == "dd/mm/yyyy"
    assert ws.tables.items() == [(table_name(schema.APPRECIATIONS), "A1:L4")]
    assert ws["L1"].value == schema.EXPORT_REF and ws.column_dimensions["L"].width < 6  # import's column, narrow


@pytest.mark.parametrize("text", ["=1+1", "+33 6 12 34 56 78", "-pas terrible", "@moi", "=HYPERLINK(\"x\")"])
def test_user_text_is_never_a_formula(tmp_path, text):
    path = tmp_path / "text.xlsx"
    build_workbook(path, rows={schema.APPRECIATIONS: [appraisal(1, **{"Points à améliorer": text})]})
    xml = sheet_xml(path, schema.APPRECIATIONS)
    assert "<f>" not in xml and "<f " not in xml
    assert calamine_grids(path)[schema.APPRECIATIONS][1][8] == text


def test_nan_and_none_are_empty_cells(tmp_path):
    path = tmp_path / "nan.xlsx"
    build_workbook(path, rows={schema.APPRECIATIONS: [appraisal(1, **{"Note globale": float("nan")})]})
    assert calamine_grids(path)[schema.APPRECIATIONS][1][5] == ""


def test_many_rows_keep_table_and_validations(tmp_path):
    path = tmp_path / "many.xlsx"
    n = 5_000
    build_workbook(path, rows={schema.APPRECIATIONS: [appraisal(i) for i in range(n)]})
    ws = openpyxl.load_workbook(path, read_only=False)[schema.APPRECIATIONS]
    assert ws.tables.items() == [(table_name(schema.APPRECIATIONS), f"A1:L{n + 1}")]
    assert ws.freeze_panes == "A2"
    ranges = {str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert f"D2:D{MAX_ROW}" in ranges and "A1" in ranges
    assert ws.cell(n + 1, 1).value == f"APP-2026-{n - 1:04d}"


def test_indicator_rows_can_be_replaced(tmp_path):
    path = tmp_path / "kpi.xlsx"
    build_workbook(path, rows={schema.INDICATEURS: [("SAT_TAUX", None, None, 0.9, 0.8, "≥")]})
    grid = calamine_grids(path)[schema.INDICATEURS]
    assert len(grid) == 2 and grid[1][0] == "SAT_TAUX"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"parameters": {"Organisation": "X"}},
        {"rows": {"Feuille inconnue": []}},
        {"rows": {schema.PARAMETRES: [("Organisme", "X")]}},
        {"rows": {schema.REVUES: [tuple(range(20))]}},
    ],
)
def test_programming_errors_are_refused(tmp_path, kwargs):
    with pytest.raises(ValueError):
        build_workbook(tmp_path / "bad.xlsx", **kwargs)
    assert not (tmp_path / "bad.xlsx").exists()


# --- README ----------------------------------------------------------------------------


def test_readme_sheet_table_is_in_sync():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert sheet_section(readme) == readme_sheet_table(), "run: python scripts/update_readme.py"
    assert update_readme(readme) == readme


def test_readme_starts_with_the_quick_start():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ")
    body = [line for line in lines[1:] if line.strip()]
    assert body[:4] == ["```", "pip install . && qualixl demo", 'pip install ".[test]" && pytest', "```"]


def test_readme_table_lists_every_sheet_and_required_column():
    table = readme_sheet_table()
    for sheet in schema.SHEETS:
        assert sheet.name in table
        for header in sheet.required_headers:
            assert header in table


def test_wide_input_sheets_print_legibly_on_pages_across(book):
    """Plan d'amélioration does not squeeze into one unreadable page: two across, the ID on each."""
    plan = book[schema.PLAN]
    assert plan.page_setup.orientation == "landscape"
    assert plan.page_setup.fitToWidth == 2 and plan.print_title_cols == "$A:$A"
    assert plan.print_title_rows == "$1:$1"
    assert "&A" in plan.oddFooter.left.text and "&P / &N" in plan.oddFooter.right.text
    narrow = book[schema.REVUES]
    assert narrow.page_setup.fitToWidth in (None, 1, "1") and narrow.print_title_cols is None


def test_rows_with_long_text_are_as_tall_as_their_lines(tmp_path):
    plan = schema.SHEETS_BY_NAME[schema.PLAN]
    long_text = "Relance automatique à J+7 et enquête raccourcie, puis bilan en comité de pilotage " * 2
    values = {c.header: None for c in plan.columns} | {"ID": "ACT-1", "Constat": long_text, "Action": "Court"}
    path = tmp_path / "rows.xlsx"
    build_workbook(path, rows={schema.PLAN: [tuple(values[c.header] for c in plan.columns)]})
    ws = openpyxl.load_workbook(path)[schema.PLAN]
    constat = next(c for c in plan.columns if c.header == "Constat")
    lines = -(-len(long_text) // int(constat.width * 1.05))
    assert ws.row_dimensions[2].height >= 13 * lines  # the help and text lines no longer overlap the next row
    assert ws.row_dimensions[3].height is None  # an empty row keeps the default height
