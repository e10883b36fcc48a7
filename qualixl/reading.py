"""Read the workbook once with python-calamine into typed DataFrames that remember their cells.

Every later command (check, kpi, refresh) starts from `read_workbook`. Columns are
found by header text, never by position; each frame is indexed by the Excel row
number, and `SheetData.letters` gives each column's letter, so every value can be
traced back to the cell a user sees (`D14`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import python_calamine

from qualixl import schema
from qualixl.addresses import column_letter
from qualixl.collector import cycle_collector_paused
from qualixl.errors import QualixlError
from qualixl.fileformat import ensure_xlsx
from qualixl.grids import SheetGrids
from qualixl.parameters import Parameters, read_parameters
from qualixl.parsing import Cells, ScoreScale, parse_cells, parse_column
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
    spelled: dict[str, str] = field(default_factory=dict)  # contract sheet name → the workbook's spelling
    # What later layers derive once from this dataset (qualixl.facts keeps its facts here per as-of date).
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    def get(self, name: str) -> SheetData | None:
        return self.sheets.get(name)


def read_workbook(path: Path | str, grids: SheetGrids | None = None) -> Dataset:
    """Open `path` once and read every input sheet of the contract.

    The sheets are parsed on worker threads (qualixl.grids) while this thread types
    those already parsed. `grids`, when given, is a SheetGrids the caller started on
    the same file earlier (the CLI starts it before importing pandas); it is closed here.
    """
    path = Path(path)
    if grids is None:
        grids = SheetGrids(path)
    with grids, cycle_collector_paused():
        ensure_xlsx(path)
        try:
            book = python_calamine.CalamineWorkbook.from_path(str(path))
        except python_calamine.PasswordError as exc:
            raise QualixlError(f"Le classeur {path.name} est protégé par un mot de passe.") from exc
        except Exception as exc:  # calamine raises several types for a damaged package
            raise QualixlError(f"{path.name} est illisible ou endommagé : {exc}") from exc
        try:
            return read_book(book, path, grids)
        finally:
            book.close()


def read_book(book: python_calamine.CalamineWorkbook, path: Path | None = None,
              grids: SheetGrids | None = None) -> Dataset:
    """Type the contract sheets of an opened workbook.

    With `grids` (a SheetGrids parsing the same file), each sheet is typed as soon as
    its parse finishes; without (a stand-in workbook in tests), one after the other
    from `book`.
    """
    names = list(book.sheet_names)
    present = schema.find_sheets(names)
    missing_required = [s.name for s in schema.SHEETS if s.required and s.name not in present]
    if missing_required:
        raise QualixlError(
            f"Feuille(s) obligatoire(s) absente(s) : {', '.join(missing_required)}. "
            f"Feuilles présentes : {', '.join(names) or 'aucune'}."
        )
    if grids is None:
        grids = _SerialGrids(book)
    parameters = read_parameters(grids.take(present[schema.PARAMETRES]) if schema.PARAMETRES in present else None)
    scale = ScoreScale(parameters.scale, parameters.threshold)
    contract_name = {actual: name for name, actual in present.items()}
    inputs = [actual for name, actual in present.items() if name != schema.PARAMETRES]
    # Sheets arrive in the order their parses finish; a user's error is reported for the
    # first faulty sheet in contract order, as a one-by-one read would, whatever the timing.
    outcome: dict[str, SheetData | QualixlError] = {}
    for actual in grids.in_ready_order(inputs):
        sheet = schema.SHEETS_BY_NAME[contract_name[actual]]
        try:
            outcome[sheet.name] = read_sheet(sheet, grids.take(actual), scale)
        except QualixlError as exc:
            outcome[sheet.name] = exc
    sheets = {}
    for name in (s.name for s in schema.SHEETS if s.name in outcome):
        if isinstance(outcome[name], QualixlError):
            raise outcome[name]
        sheets[name] = outcome[name]
    missing = tuple(s.name for s in schema.SHEETS if s.name not in present)
    return Dataset(path, names, sheets, parameters, missing, spelled=present)


class _SerialGrids:
    """The SheetGrids interface over a workbook read in this thread, one sheet after the other."""

    def __init__(self, book):
        self.book = book

    def take(self, name: str) -> list[list]:
        try:
            return self.book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise QualixlError(f"La feuille « {name} » est illisible : {exc}") from exc

    def in_ready_order(self, names: Iterable[str]) -> Iterator[str]:
        return iter(names)


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
    # The row lists (a million of them at Excel's limit, ~150 MB) are no longer needed once
    # the grid holds the cells: free them before the columns are grouped, when memory peaks.
    del rows, body
    empty_column = Cells(np.full(len(grid), -1, dtype=np.intp), np.array([""], dtype=object))
    cells = {header: Cells.of(grid[col].to_numpy()) if col in grid.columns else empty_column
             for header, col in all_columns.items()}
    del grid  # equal cells now share one object in `cells`: the other copies go with the grid
    index = pd.RangeIndex(header_index + 2, header_index + 2 + len(empty_column.codes))
    raw = pd.DataFrame({h: c.values() for h, c in cells.items()}, index=index, columns=order, dtype=object)
    if len(raw):
        kept = ~_empty_rows(raw)
        if not kept.all():
            raw = raw[kept]
            cells = {h: c.keep(kept) for h, c in cells.items()}
    values, problems = {}, {}
    no_opinion = None
    for header in order:
        spec = sheet.column(header) if header in columns else Column(header, Kind.SCORE)
        typed, problem, opinion = parse_cells(
            spec.kind, cells.pop(header), raw.index, choices=spec.choices, default=spec.default, scale=scale
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


def _empty_rows(raw: pd.DataFrame) -> np.ndarray:
    """True for the rows whose every cell is empty (`parsing.is_empty`).

    Each column is tested only on the rows still empty in the columns before it: after
    the first one (usually the ID) few are left, so a 100,000-row sheet costs about one
    column's test instead of one per column.
    """
    empty = np.ones(len(raw), dtype=bool)
    for header in raw.columns:
        rows = np.flatnonzero(empty)
        if not len(rows):
            break
        cells = raw[header].to_numpy(dtype=object)[rows]
        empty[rows] = (cells == "") | pd.isna(cells)
    return empty


_DTYPES = {Kind.DATE: "datetime64[ns]", Kind.INTEGER: "float64", Kind.NUMBER: "float64", Kind.SCORE: "float64"}


def empty_sheet(name: str) -> SheetData:
    """A sheet of the contract with its columns and no rows (for a Dataset built without it)."""
    spec = schema.SHEETS_BY_NAME[name]
    values = pd.DataFrame({c.header: pd.Series(dtype=_DTYPES.get(c.kind, object)) for c in spec.columns})
    raw = pd.DataFrame({c.header: pd.Series(dtype=object) for c in spec.columns})
    return SheetData(spec, 1, {}, raw, values, raw.copy())
