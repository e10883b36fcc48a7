"""Re-open the written workbook before it replaces the original: is every new value there?

The same standard as refresh (DESIGN.md, promise 3): ooxml.verify_package (relationships
resolve, parts are typed, python-calamine reads every worksheet), then each appended
value is read back from its cell, typed as it was meant (text as text, a date as a
date). Otherwise atomic_write removes the temporary file and the original stays as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import python_calamine

from qualixl.addresses import column_letter
from qualixl.errors import QualixlError
from qualixl.ooxml import verify_package
from qualixl.ooxml.append_rows import Appended, Row


def verify_appended(path: Path, appended: Appended, rows: Sequence[Row], source: Path | None = None) -> None:
    """QualixlError unless `path` is a sound package whose new rows hold `rows`.

    `source` is the workbook the rows were appended to: a flaw it already had is not the import's.
    """
    verify_package(path, source=source, label=None if source is None else Path(source).name)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        try:  # skip_empty_area=False: the grid starts at A1, so grid[r - 1] is row r
            grid = book.get_sheet_by_name(appended.sheet).to_python(skip_empty_area=False)
        finally:
            book.close()
    except Exception as exc:  # any parser failure means the written package is unsound
        raise QualixlError(f"Le classeur écrit est illisible ({exc}) : l'original n'a pas été modifié.") from exc
    _check_rows(grid, appended, rows)


def _check_rows(grid: list[list], appended: Appended, rows: Sequence[Row]) -> None:
    if len(grid) < appended.last_row:
        raise QualixlError(
            f"Vérification : les lignes ajoutées à « {appended.sheet} » sont introuvables ; l'original n'a pas été modifié."
        )
    for offset, expected in enumerate(rows):
        cells = grid[appended.first_row - 1 + offset]
        for col, value in expected.items():
            got = cells[col] if col < len(cells) else ""
            if not _same(value, got):
                raise QualixlError(
                    f"Vérification : la cellule {column_letter(col)}{appended.first_row + offset} de « {appended.sheet} » "
                    f"contient {got!r} au lieu de {value!r} ; l'original n'a pas été modifié."
                )


def _same(value: object, got: object) -> bool:
    if value is None or (isinstance(value, float) and value != value):
        return got in ("", None)
    if isinstance(value, dt.datetime) and isinstance(got, dt.datetime):
        return abs((got - value.replace(tzinfo=None)).total_seconds()) < 1
    if isinstance(value, dt.date):
        if isinstance(got, str):
            return got == value.strftime("%d/%m/%Y")
        return isinstance(got, dt.date) and (got.year, got.month, got.day) == (value.year, value.month, value.day)
    if isinstance(value, (bool, str)):
        return got == value
    return isinstance(got, (int, float)) and abs(float(got) - float(value)) <= 1e-9 * max(1.0, abs(float(value)))
