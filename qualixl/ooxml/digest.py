"""Digests that recognise a generated sheet: its XML bytes, and its cell values.

The values digest is computed from what python-calamine reads, so it does not change
when Excel or LibreOffice re-save the workbook (shared instead of inline strings,
other attribute order, renamed parts) but does change when someone types in the sheet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import python_calamine

DIGITS = 16


def part_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:DIGITS]


def _canonical(value: object) -> str:
    if value.__class__ is str:  # nearly every cell of a generated sheet
        return f"s{value}"
    if isinstance(value, bool):
        return f"b{int(value)}"
    if isinstance(value, (int, float)):
        number = float(value)
        return f"n{int(number)}" if number.is_integer() else f"n{number!r}"
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return f"d{value.isoformat()}"
    if isinstance(value, dt.timedelta):
        return f"t{value.total_seconds()!r}"
    return f"s{value}"


def values_digests(path: Path, names: list[str]) -> dict[str, str]:
    """{sheet name: digest of its non-empty cells} for the sheets of `path` named in `names`."""
    result: dict[str, str] = {}
    if not names:
        return result
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        for name in names:
            try:
                sheet = workbook.get_sheet_by_name(name)
                rows = sheet.to_python(skip_empty_area=False)  # rows from A1
            except Exception:  # a chartsheet or an unreadable sheet: no values to compare
                rows = []
            # One update with every line: the same digest as a line per update, hashed at once.
            lines = [
                f"{r},{c}\t{_canonical(value)}\n"
                for r, row in enumerate(rows)
                for c, value in enumerate(row)
                if value != "" and value is not None
            ]
            result[name] = hashlib.sha256("".join(lines).encode()).hexdigest()[:DIGITS]
    finally:
        workbook.close()
    return result
