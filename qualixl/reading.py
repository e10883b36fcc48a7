"""Read the workbook once with python-calamine into typed DataFrames that remember their cells.

Every later command (check, kpi, refresh) starts from `read_workbook`. Columns are
found by header text, never by position; each frame is indexed by the Excel row
number, and `SheetData.letters` gives each column's letter, so every value can be
traced back to the cell a user sees (`D14`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import python_calamine

from qualixl import schema
from qualixl.addresses import column_letter
from qualixl.errors import QualixlError
from qualixl.fileformat import ensure_xlsx
from qualixl.parameters import Parameters, read_parameters
from qualixl.parsing import ScoreScale, blank_out, is_empty, parse_column
from qualixl.schema import Column, Kind

HEADER_SEARCH_ROWS = 10


@dataclass
class SheetData:
    """One input sheet: typed values, the raw cells and where each one sits.

    `values` and `raw` share the same index (Excel row numbers) and columns (the
    contract's headers present in the sheet, then criterion columns `Note : …`).
    `problems` holds a parsing problem code per cell (None where fine).
    """

    sheet: schema.Sheet
    header_row: int
    letters: dict[str, str]
    raw: pd.DataFrame
    values: pd.DataFrame
    problems: pd.DataFrame
    no_opinion: pd.Series | None = None
    criteria: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.sheet.name

    def cell(self, header: str, row: int) -> str:
        return f"{self.letters[header]}{row}"

    def column_spec(self, header: str) -> Column:
        if header in self.criteria:
            return Column(header, Kind.SCORE)
        return self.sheet.column(header)

    def __len__(self) -> int:
        return len(self.values)


@dataclass
class Dataset:
    """Everything read from one workbook, ready for checks and KPIs."""

    path: Path | None
    sheet_names: list[str]
    sheets: dict[str, SheetData]
    parameters: Parameters
    missing_optional: tuple[str, ...] = field(default=())

    def get(self, name: str) -> SheetData | None:
        return self.sheets.get(name)


def read_workbook(path: Path | str) -> Dataset:
    """Open `path` once and read every input sheet of the contract."""
    path = Path(path)
    ensure_xlsx(path)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError as exc:
        raise QualixlError(f"Le classeur {path.name} est protégé par un mot de passe.") from exc
    except Exception as exc:  # calamine raises several types for a damaged package
        raise QualixlError(f"{path.name} est illisible ou endommagé : {exc}") from exc
    try:
        return read_book(book, path)
    finally:
        book.close()


def read_book(book: python_calamine.CalamineWorkbook, path: Path | None = None) -> Dataset:
    names = list(book.sheet_names)
    by_folded = {}
    for name in names:
        by_folded.setdefault(schema.normalize(name), name)

    def grid(sheet: schema.Sheet) -> list[list] | None:
        actual = by_folded.get(schema.normalize(sheet.name))
        if actual is None:
            return None
        try:
            return book.get_sheet_by_name(actual).to_python(skip_empty_area=False)
        except Exception as exc:
            raise QualixlError(f"La feuille « {actual} » est illisible : {exc}") from exc

    missing_required = [s.name for s in schema.SHEETS if s.required and schema.normalize(s.name) not in by_folded]
    if missing_required:
        raise QualixlError(
            f"Feuille(s) obligatoire(s) absente(s) : {', '.join(missing_required)}. "
            f"Feuilles présentes : {', '.join(names) or 'aucune'}."
        )
    params_grid = grid(schema.SHEETS_BY_NAME[schema.PARAMETRES])
    parameters = read_parameters(params_grid)
    scale = ScoreScale(parameters.scale, parameters.threshold)
    sheets: dict[str, SheetData] = {}
    missing: list[str] = []
    for sheet in schema.SHEETS:
        if sheet.name == schema.PARAMETRES:
            continue
        rows = grid(sheet)
        if rows is None:
            missing.append(sheet.name)
            continue
        sheets[sheet.name] = read_sheet(sheet, rows, scale)
    if params_grid is None:
        missing.insert(0, schema.PARAMETRES)
    return Dataset(path, names, sheets, parameters, tuple(missing))


def find_header(sheet: schema.Sheet, rows: list[list]) -> tuple[int, dict[str, int], dict[str, int]]:
    """Locate the header row and map each known header (and `Note :` criterion) to its column index."""
    required = {schema.normalize(h) for h in sheet.required_headers}
    known = {schema.normalize(c.header): c.header for c in sheet.columns}
    prefix = schema.normalize(schema.CRITERION_PREFIX)
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        folded = [schema.normalize(v) if isinstance(v, str) else "" for v in row]
        if not required <= set(folded):
            continue
        columns: dict[str, int] = {}
        criteria: dict[str, int] = {}
        for col, text in enumerate(folded):
            if text in known and known[text] not in columns:
                columns[known[text]] = col
            elif text.startswith(prefix) and len(text) > len(prefix):
                header = " ".join(str(row[col]).split())
                criteria.setdefault(header, col)
        return index, columns, criteria
    found = [str(v).strip() for v in (rows[0] if rows else []) if str(v).strip()]
    best = max(rows[:HEADER_SEARCH_ROWS], key=lambda r: sum(1 for v in r if isinstance(v, str) and v.strip()), default=[])
    found = [str(v).strip() for v in best if isinstance(v, str) and v.strip()] or found
    absent = sorted(
        {h for h in sheet.required_headers} - {known.get(schema.normalize(v), "") for v in found},
        key=sheet.required_headers.index,
    )
    raise QualixlError(
        f"Feuille « {sheet.name} » : colonne(s) obligatoire(s) absente(s) : {', '.join(absent)}. "
        f"En-têtes trouvés : {', '.join(found) or 'aucun'}."
    )


def read_sheet(sheet: schema.Sheet, rows: list[list], scale: ScoreScale) -> SheetData:
    """Typed frame of one input sheet; fully empty rows are skipped, Excel row numbers kept."""
    header_index, columns, criteria = find_header(sheet, rows)
    all_columns = {**columns, **criteria}
    order = list(all_columns)
    body = rows[header_index + 1 :]
    width = max(all_columns.values(), default=-1) + 1
    grid = pd.DataFrame(body, dtype=object) if body and width else pd.DataFrame()
    raw = pd.DataFrame(
        {
            header: blank_out(grid[col].to_numpy()) if col in grid.columns else np.full(len(grid), "", dtype=object)
            for header, col in all_columns.items()
        },
        index=pd.RangeIndex(header_index + 2, header_index + 2 + len(grid)),
        columns=order,
        dtype=object,
    )
    if len(raw):
        empty = pd.concat([is_empty(raw[c]) for c in order], axis=1).all(axis=1)
        raw = raw[~empty]
    values, problems = {}, {}
    no_opinion = None
    for header in order:
        spec = sheet.column(header) if header in columns else Column(header, Kind.SCORE)
        typed, problem, opinion = parse_column(
            spec.kind, raw[header], choices=spec.choices, default=spec.default, scale=scale
        )
        values[header], problems[header] = typed, problem
        if header == "Note globale":
            no_opinion = opinion
    # Optional columns absent from the sheet read as empty, so later code needs no guards.
    for col in sheet.columns:
        if col.header not in values:
            empty_raw = pd.Series("", index=raw.index, dtype=object)
            values[col.header], _, _ = parse_column(col.kind, empty_raw, choices=col.choices, default=col.default, scale=scale)
    letters = {h: column_letter(i) for h, i in all_columns.items()}
    return SheetData(
        sheet=sheet,
        header_row=header_index + 1,
        letters=letters,
        raw=raw,
        values=pd.DataFrame(values, index=raw.index),
        problems=pd.DataFrame(problems, index=raw.index, dtype=object),
        no_opinion=no_opinion,
        criteria=tuple(criteria),
    )
