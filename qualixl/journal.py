"""The rows of the Journal sheet: earlier rows as they were, plus one per operation.

A refresh adds its row (rows per sheet, findings, headline KPIs and a fingerprint of
the input values); an import adds its own (the export's SHA-256 and its counts) just
before the refresh row that follows it. Earlier rows are read back from the Journal
placed by the last refresh, by header name, so a column added in a later version of
qualixl never shifts what an older row said. They are read from whatever the office
suite last wrote (LibreOffice's 15-digit numbers, shared strings, a date whose format
was lost and that comes back as a serial number): each is kept, a date as a date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import numpy as np
import python_calamine

from qualixl import ooxml, schema
from qualixl.parsing import Cells
from qualixl.reading import Dataset
from qualixl.render.context import JOURNAL, RenderContext
from qualixl.render.journal import HEADERS

INPUT_SHEETS = tuple(s.name for s in schema.SHEETS if s.name not in (schema.PARAMETRES, schema.INDICATEURS))
REFRESH = "refresh"


DATE_HEADERS = ("Date et heure", "Date d'arrêté")
EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug included)


def previous_rows(path: Path, generated: list[str] | None = None) -> list[list]:
    """Rows of the Journal placed by the last refresh, in today's column order.

    `generated` is the list of sheets the last refresh placed, when the caller has it.
    """
    if generated is None:
        from qualixl.render.context import NOTICE

        generated = ooxml.generated_sheet_names(path, signature=NOTICE)
    if JOURNAL not in generated:
        return []
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        grid = book.get_sheet_by_name(JOURNAL).to_python(skip_empty_area=False)
    finally:
        book.close()
    start = next((i for i, r in enumerate(grid) if r and r[0] == HEADERS[0]), None)
    if start is None:
        return []
    position = {header: col for col, header in enumerate(grid[start]) if header in HEADERS}
    rows = []
    for values in grid[start + 1 :]:
        if all(v in ("", None) for v in values):
            break
        rows.append([_as_read(h, values[position[h]]) if h in position else "" for h in HEADERS])
    return rows


def _as_read(header: str, value):
    """A date column's serial number back to a date-time (to the second); other values as they are."""
    if header in DATE_HEADERS and isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 2958466:
        moment = EXCEL_EPOCH + dt.timedelta(days=float(value))
        moment = (moment + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
        return moment.date() if header == "Date d'arrêté" and moment.time() == dt.time() else moment
    return value


def event_row(operation: str, detail: str, context: RenderContext) -> list:
    """A row for an operation other than the refresh itself (an import, for instance)."""
    row = dict.fromkeys(HEADERS, "")
    row.update({
        "Date et heure": _now(),
        "Opération": operation,
        "Date d'arrêté": context.as_of,
        "Version qualixl": context.version,
        "Détail": detail,
    })
    return list(row.values())


def refresh_row(dataset: Dataset, context: RenderContext) -> list:
    """This refresh: what it read, what it found, the headline figures, the data's fingerprint."""

    def headline(code: str, period: str):
        record = context.kpi(code, period)
        value = None if record is None else record.get("value")
        return None if value is None or value != value else value

    errors = sum(1 for f in context.findings if f.severity == schema.ERROR)
    row = {
        "Date et heure": _now(),
        "Opération": REFRESH,
        "Date d'arrêté": context.as_of,
        "Version qualixl": context.version,
        **{f"Lignes {name}": len(dataset.sheets[name]) if name in dataset.sheets else 0 for name in INPUT_SHEETS},
        "Erreurs": errors,
        "Avertissements": len(context.findings) - errors,
        "Satisfaction 12 mois": headline("SAT_TAUX", "12M"),
        "Réclamations 12 mois": headline("REC_NB", "12M"),
        "Actions en retard": headline("ACT_RETARD", context.stock_period),
        "Empreinte SHA-256 des saisies": fingerprint(dataset),
        "Détail": "",
    }
    return [row[h] for h in HEADERS]


def fingerprint(dataset: Dataset) -> str:
    """SHA-256 of the input sheets' cell values (not their formatting): changes when the data does."""
    digest = hashlib.sha256()
    digest.update(repr(sorted(dataset.parameters.values.items(), key=lambda kv: kv[0])).encode())
    for name in sorted(dataset.sheets):
        raw = dataset.sheets[name].raw
        digest.update(f"\x1d{name}\x1e".encode())
        digest.update("\x1f".join(map(str, raw.index)).encode())  # Excel row numbers
        for column in raw.columns:
            digest.update(f"\x1e{column}\x1f".encode())
            digest.update(_joined(raw[column].to_numpy(dtype=object)).encode())
    return digest.hexdigest()


def _joined(cells: np.ndarray) -> str:
    """str() of each cell, joined by \x1f; each distinct value is turned into text once."""
    try:
        return "\x1f".join(cells.tolist())  # a column of texts joins as it is
    except TypeError:
        grouped = Cells.of(cells)  # keeps TRUE apart from 1, which factorize alone would merge
        texts = np.array([str(v) for v in grouped.distinct], dtype=object)
        return "\x1f".join(texts[grouped.codes].tolist())


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)
