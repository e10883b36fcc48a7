"""Lay out the input sheets: widths, header table, frozen header, validations, rows.

This is the one place that knows how an input sheet looks in Excel; everything it writes
is derived from `qualixl.schema`, so the template cannot drift from the contract.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from qualixl import schema
from qualixl.schema import Column, Kind
from qualixl.template.constant_memory_table import add_header_table
from qualixl.template.formats import Formats, print_setup
from qualixl.template.parameters_sheet import EXPLANATION, add_parameter_lists, parameter_rows
from qualixl.template.row_writer import Styled, write_rows
from qualixl.template.validations import add_column_validations

EMPTY_TABLE_ROWS = 10  # empty rows shown inside each table of the blank template
HEADER_HEIGHT = 32


def write_input_sheet(wb: xlsxwriter.Workbook, fm: Formats, sheet: schema.Sheet,
                      parameters: Mapping[str, object], rows: Mapping[str, Sequence[Sequence[object]]]) -> None:
    """Write one input sheet; the two pre-filled sheets get their default rows."""
    columns = sheet.columns
    if sheet.name == schema.PARAMETRES:
        columns = (*columns, EXPLANATION)
        data = parameter_rows(fm, parameters)
    elif sheet.name == schema.INDICATEURS and sheet.name not in rows:
        data = indicator_rows(fm, sheet)
    else:
        data = rows.get(sheet.name, ())
    ws = start_input_sheet(wb, fm, sheet.name, columns, len(data))
    wrapped = [(col, column.width) for col, column in enumerate(columns) if is_wrapped(column)]
    write_rows(ws, data, len(columns), fm.date, sheet.name, wrapped)
    if sheet.name == schema.PARAMETRES:
        add_parameter_lists(ws)


def indicator_rows(fm: Formats, sheet: schema.Sheet) -> list[tuple]:
    """One row per KPI with its default target, rates formatted as percentages."""
    out = []
    for kpi in schema.KPIS:
        unit_fmt = fm.by_unit.get(kpi.unit, fm.by_unit["nombre"])
        values = {
            "Code": kpi.code,
            "Libellé": kpi.label,
            "Indicateur Qualiopi": kpi.rnq,
            "Cible": Styled(kpi.target, unit_fmt),
            "Seuil d'alerte": Styled(kpi.alert, unit_fmt),
            "Sens": kpi.direction,
        }
        out.append(in_column_order(sheet, values))
    return out


def in_column_order(sheet: schema.Sheet, values: Mapping[str, object]) -> tuple:
    """Place values by header, so a reordering of the schema's columns cannot shift them."""
    for header in values:
        sheet.column(header)  # KeyError if the schema renamed a column
    return tuple(values.get(col.header) for col in sheet.columns)


def start_input_sheet(wb: xlsxwriter.Workbook, fm: Formats, name: str, columns: Sequence[Column],
                      n_rows: int) -> Worksheet:
    """Lay out a sheet before any data row: widths, header table, frozen row, validations."""
    ws = wb.add_worksheet(name)
    for col, column in enumerate(columns):
        ws.set_column(col, col, column.width, column_format(fm, column))
    ws.set_row(0, HEADER_HEIGHT)
    add_header_table(ws, name, columns, n_rows or EMPTY_TABLE_ROWS, fm)
    ws.freeze_panes(1, 0)
    print_setup(ws, [c.width for c in columns])
    ws.repeat_rows(0)
    for col, column in enumerate(columns):
        add_column_validations(ws, col, column)
    return ws


def column_format(fm: Formats, column: Column) -> Format:
    """The format of a column's empty cells, so dates typed later show as jj/mm/aaaa."""
    if column.kind is Kind.DATE:
        return fm.date
    if column.kind is Kind.INTEGER:
        return fm.integer
    if is_wrapped(column):
        return fm.wrap
    return fm.top


def is_wrapped(column: Column) -> bool:
    """Long text columns wrap inside their width (and their rows are sized for it)."""
    return column.width >= 28 and column.kind is Kind.TEXT
