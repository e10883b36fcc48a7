"""Digests that recognise a generated sheet: its XML bytes, and its cell values.

The values digest is computed from what python-calamine reads, so it does not change
when Excel or LibreOffice re-save the workbook (shared instead of inline strings,
other attribute order, renamed parts) but does change when someone types in the sheet.

Version 2 of the digest also survives LibreOffice's rewriting of numbers: it stores
them with 15 significant digits, rounded its own way (0.6956521739130435 becomes
0.695652173913044, where Python's 15 digits say ...043), and date-times as day
fractions that come back a few microseconds off. Numbers are therefore hashed with 6
significant digits (a boundary between two 6-digit values lies within 1e-15 of a
number about once in a billion) and date-times to the nearest second; a hand edit
changes far more than that. Version 1 marks, written by earlier releases, are still
compared with their own digest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

DIGITS = 16
VERSIONS = ("1", "2")
HEAD_ROWS = 6  # rows searched for a sheet's signature text (the banner)


def part_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:DIGITS]


def _canonical_v1(value: object) -> str:
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


def _canonical_v2(value: object) -> str:
    if value.__class__ is str:
        return f"s{value}"
    if isinstance(value, bool):
        return f"b{int(value)}"
    if isinstance(value, (int, float)):
        return f"n{float(value):.6g}"
    if isinstance(value, dt.datetime):
        seconds = round(value.microsecond / 1_000_000)
        return f"d{(value.replace(microsecond=0) + dt.timedelta(seconds=seconds)).isoformat()}"
    if isinstance(value, (dt.date, dt.time)):
        return f"d{value.isoformat()}"
    if isinstance(value, dt.timedelta):
        return f"t{round(value.total_seconds())}"
    return f"s{value}"


_CANONICAL = {"1": _canonical_v1, "2": _canonical_v2}


@dataclass
class SheetValues:
    """A sheet as python-calamine reads it: its values digest per version, and its first rows' texts."""

    digests: dict[str, str] = field(default_factory=dict)
    head: set[str] = field(default_factory=set)


def sheet_values(path: Path, names: list[str], versions: tuple[str, ...] = VERSIONS) -> dict[str, SheetValues]:
    """{sheet name: SheetValues} for the sheets of `path` named in `names`, read in one pass, with the
    digests of `versions` (all by default: a previous graft may be of any)."""
    result: dict[str, SheetValues] = {}
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
            cells = [(r, c, value) for r, row in enumerate(rows) for c, value in enumerate(row)
                     if value != "" and value is not None]
            found = SheetValues(head={v for r, _, v in cells if r < HEAD_ROWS and isinstance(v, str)})
            for version in versions:
                canonical = _CANONICAL[version]
                # One update with every line: the same digest as a line per update, hashed at once.
                text = "".join([f"{r},{c}\t{canonical(value)}\n" for r, c, value in cells])
                found.digests[version] = hashlib.sha256(text.encode()).hexdigest()[:DIGITS]
            result[name] = found
    finally:
        workbook.close()
    return result


def values_digests(path: Path, names: list[str], version: str = VERSIONS[-1]) -> dict[str, str]:
    """{sheet name: digest of its non-empty cells} for the sheets of `path` named in `names`."""
    return {name: found.digests[version] for name, found in sheet_values(path, names, (version,)).items()}
