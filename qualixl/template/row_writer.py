"""Stream data rows into an input sheet, fast enough for a million-row demo.

Rows arrive as plain tuples in schema column order. Plain str/int/float/date values take
the fast branches of `write_rows`; anything else (styled cells, booleans, pandas/numpy
scalars, str subclasses) goes through the slower `write_value`. Text is always written
with write_string, never as a formula, whatever its first character.
"""

from __future__ import annotations

import datetime as dt
import numbers
from collections.abc import Sequence
from dataclasses import dataclass

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from qualixl.render.printing import row_height


@dataclass(frozen=True)
class Styled:
    """A cell value with its own format, for the few pre-filled cells that need one.

    It is not one of the plain types of the fast path, so wrapping costs nothing on the
    million-row sheets that never use it.
    """

    value: object
    fmt: Format


def write_rows(ws: Worksheet, rows: Sequence[Sequence[object]], width: int, date_fmt: Format,
               sheet_name: str, wrapped: Sequence[tuple[int, float]] = ()) -> None:
    """Stream data rows from row 2 down; the hot loop of a million-row demo.

    Plain str/int/float/date values take the fast branches; anything else goes through
    `write_value`. Strings always go through write_string, never as formulas. A row
    whose text in a `wrapped` (column, width) column runs over one line is given the
    height of its lines: neither Excel nor LibreOffice grows it when printing, and the
    lines would overlap the next row.
    """
    write_string = ws.write_string
    write_number = ws.write_number
    write_datetime = ws.write_datetime
    date_types = (dt.date, dt.datetime)
    for r, row in enumerate(rows, start=1):
        if len(row) > width:
            raise ValueError(f"{sheet_name}: row {r + 1} has {len(row)} values for {width} columns")
        if wrapped:
            _size_row(ws, r, row, wrapped)
        for c, value in enumerate(row):
            kind = type(value)
            if kind is str:
                if value:
                    write_string(r, c, value)
            elif value is None:
                continue
            elif kind is float or kind is int:
                if value == value:  # NaN is an empty cell
                    write_number(r, c, value)
            elif kind in date_types:
                write_datetime(r, c, value, date_fmt)
            else:
                write_value(ws, r, c, value, None, date_fmt)


def _size_row(ws: Worksheet, r: int, row: Sequence[object], wrapped: Sequence[tuple[int, float]]) -> None:
    cells = [(value, width) for col, width in wrapped if col < len(row)
             for value in (row[col].value if isinstance(row[col], Styled) else row[col],)
             if isinstance(value, str) and (len(value) > width or "\n" in value)]
    if cells:
        ws.set_row(r, row_height(cells))


def write_value(ws: Worksheet, r: int, c: int, value: object, fmt: Format | None, date_fmt: Format) -> None:
    """The slow path: styled cells, booleans, pandas/numpy scalars, str subclasses."""
    if isinstance(value, Styled):
        if value.value is None:
            ws.write_blank(r, c, None, value.fmt)
        else:
            write_value(ws, r, c, value.value, value.fmt, date_fmt)
    elif value is None or value != value:  # None, NaN, NaT
        return
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value, fmt)
    elif isinstance(value, str):
        ws.write_string(r, c, str(value), fmt)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(r, c, value.replace(tzinfo=None), fmt or date_fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, value, fmt or date_fmt)
    elif isinstance(value, numbers.Real):
        ws.write_number(r, c, float(value), fmt)
    else:
        raise TypeError(f"Cannot write {type(value).__name__} value {value!r} at row {r + 1}, column {c + 1}")
