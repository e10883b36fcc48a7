"""Declare an Excel table on a sheet written in XlsxWriter's constant_memory mode.

The builder streams rows with constant_memory so a million-row demo never sits in memory,
but XlsxWriter refuses tables in that mode; this module holds the workaround, in one place,
because it reaches into XlsxWriter internals (constant_memory, str_table, tables).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from xlsxwriter.sharedstrings import SharedStringTable
from xlsxwriter.utility import xl_range
from xlsxwriter.worksheet import Worksheet

from qualixl import schema
from qualixl.schema import Column
from qualixl.template.formats import Formats

TABLE_STYLE = "Table Style Medium 2"


def add_header_table(ws: Worksheet, name: str, columns: Sequence[Column], data_rows: int,
                     fm: Formats) -> None:
    """Declare the Excel table over the header and `data_rows` rows, in constant_memory mode.

    XlsxWriter refuses add_table() in constant_memory mode, and on a full-size range it
    records every cell of the range in a dict (gigabytes for a million rows). So the table
    is declared over the header and one row with constant_memory briefly off and a scratch
    shared-string table (the header names must not leak into the workbook's
    sharedStrings part), the header is then written again as ordinary inline strings, and
    the table's range is stretched to its real size. Called before any other cell is written.
    """
    last_col = len(columns) - 1
    options = {
        "name": table_name(name),
        "style": TABLE_STYLE,
        "columns": [{"header": column.header} for column in columns],
    }
    saved = ws.constant_memory, ws.str_table
    ws.constant_memory, ws.str_table = False, SharedStringTable()
    try:
        status = ws.add_table(0, 0, 1, last_col, options)
    finally:
        ws.constant_memory, ws.str_table = saved
    if status != 0:
        raise RuntimeError(f"add_table() failed ({status}) on sheet {name!r}")
    table = ws.tables[-1]
    table["range"] = xl_range(0, 0, data_rows, last_col)
    table["a_range"] = table["range"]
    table["autofilter"] = table["range"]
    for col, column in enumerate(columns):
        ws.write_string(0, col, column.header, fm.header_required if column.required else fm.header_optional)


def table_name(sheet_name: str) -> str:
    """An Excel table name for a sheet: ASCII letters only, e.g. tbl_PlanDAmelioration."""
    words = re.split(r"[^0-9a-z]+", schema.normalize(sheet_name))
    return "tbl_" + "".join(word.capitalize() for word in words if word)
