"""Turn a column of raw cell values into typed values, vectorised, remembering what failed.

python-calamine gives Python objects ('' for an empty cell, float for numbers,
date/datetime for date-formatted cells, str, bool). Each parser returns the typed
Series and a Series of problem codes (None where the cell is fine); the checks turn
problem codes into findings, the KPIs simply see NaN/NaT for unusable cells.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qualixl import schema
from qualixl.schema import Kind

# Problem codes, shared with checks.py.
WRONG_KIND = "type"
TEXT_DATE = "date_texte"
NOT_IN_LIST = "liste"
OUT_OF_SCALE = "echelle"

# The largest count a cell may hold (people enrolled, recipients…): far above any real session.
MAX_COUNT = 10_000_000
# Dates pandas can hold (datetime64[ns]); a date outside, such as a typo 01/01/3026, is WRONG_KIND.
_FIRST_DATE = dt.datetime(1678, 1, 1)
_LAST_DATE = dt.datetime(2262, 1, 1)
_FRENCH_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_NUMBER_TEXT = re.compile(r"^\s*[-+]?\d+(?:[.,]\d+)?\s*%?\s*$")
_REF_SPLIT = re.compile(r"\s*[;,]\s*")
# Cells repeat the same few list values: fold each distinct text once (100k rows: ~1.5 s saved).
_fold = functools.lru_cache(maxsize=65536)(schema.normalize)


@dataclass(frozen=True)
class ScoreScale:
    """What a score cell is read against: the workbook's scale and satisfaction threshold."""

    maximum: float = 5.0
    threshold: float = 4.0


@dataclass(frozen=True)
class Cells:
    """A column as its distinct cell values and, for each row, which one it holds.

    Columns repeat a few values (a stakeholder, a session, a day, a score): typing each
    distinct value once and spreading the results with `codes` costs a hash per cell
    instead of a Python call per cell, and equal texts share one string object, which
    decides whether a workbook at Excel's row limit refreshes within 2 GiB.
    `distinct` ends with '' (the empty cell), which code -1 designates.
    """

    codes: np.ndarray
    distinct: np.ndarray

    @classmethod
    def of(cls, values: np.ndarray) -> Cells:
        """Group calamine's cell values; None, and text made only of spaces, become ''.

        A space typed alone in a required cell must count as empty. Python holds
        True == 1.0, so a boolean cell is kept apart from the number it equals.
        """
        codes, uniques = pd.factorize(values)
        codes, uniques = _split_booleans(values, codes, uniques)
        blanked = ["" if u.__class__ is str and u.isspace() else u for u in uniques]
        distinct = np.empty(len(blanked) + 1, dtype=object)
        distinct[:-1] = blanked
        distinct[-1] = ""
        return cls(codes, distinct)

    def values(self) -> np.ndarray:
        """One value per row (shared objects)."""
        return self.distinct[self.codes]

    def keep(self, rows: np.ndarray) -> Cells:
        """The rows selected by the boolean mask `rows`."""
        return Cells(self.codes[rows], self.distinct)

    def spread(self, typed: pd.Series, index: pd.Index) -> pd.Series:
        """Per-row Series from `typed`, a result computed for each of `distinct`."""
        return pd.Series(typed.to_numpy()[self.codes], index=index, dtype=typed.dtype)


def _split_booleans(values: np.ndarray, codes: np.ndarray, found: np.ndarray) -> tuple[np.ndarray, list]:
    """Give boolean cells their own codes where factorize merged them with 0 or 1 (True == 1.0).

    Only rows holding a 0/1 are looked at, their types compared in C; the Python loop runs
    over the rare rows whose type differs from the value factorize kept for them.
    """
    uniques = found.tolist()
    maybe = np.flatnonzero((found == 0) | (found == 1))  # compared in C; a text never equals a number
    suspects = [i for i in maybe if uniques[i].__class__ in (bool, float, int)]
    if not suspects:
        return codes, uniques
    rows = np.flatnonzero(np.isin(codes, suspects))
    is_bool = np.fromiter(map(type, values[rows]), dtype=object, count=len(rows)) == bool  # noqa: E721 (elementwise, in C)
    kept_bool = np.isin(codes[rows], [i for i in suspects if uniques[i].__class__ is bool])
    added: dict[tuple[bool, object], int] = {}
    for row in rows[is_bool != kept_bool]:
        value = values[row]
        key = (value.__class__ is bool, value)
        if key not in added:
            added[key] = len(uniques)
            uniques.append(value)
        codes[row] = added[key]
    return codes, uniques


def is_empty(raw: pd.Series) -> pd.Series:
    """True where a cell holds nothing ('' once read through `Cells`, or None)."""
    values = raw.to_numpy(dtype=object)
    if values.size == 0:
        return pd.Series(False, index=raw.index, dtype=bool)
    return pd.Series((values == "") | pd.isna(values), index=raw.index, dtype=bool)


def map_objects(series: pd.Series, func) -> pd.Series:
    """Apply `func` to each value, keeping an object Series.

    pandas 3 infers a string dtype from `Series.map` results, which turns None into
    NaN; the readers need None and tuples to stay as they are.
    """
    return pd.Series([func(v) for v in series.to_numpy()], index=series.index, dtype=object)


def _types(raw: pd.Series) -> pd.Series:
    return map_objects(raw, type)


def _no_problem(raw: pd.Series) -> pd.Series:
    return pd.Series(None, index=raw.index, dtype=object)


def _to_text(value: object) -> object:
    """Text of a non-string cell; a whole number loses its '.0' (an ID typed as 12 is '12')."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    return None if value is None else str(value)


def parse_text(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Any value is text, stripped; an empty cell is None."""
    # Strings are nearly every cell of a text column: keep them off the slow path.
    texts = [
        (v.strip() or None) if v.__class__ is str else _to_text(v) for v in raw.to_numpy(dtype=object)
    ]
    return pd.Series(texts, index=raw.index, dtype=object), _no_problem(raw)


def parse_date(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Real Excel dates; French `jj/mm/aaaa` text accepted (problem TEXT_DATE); else WRONG_KIND."""
    kinds = _types(raw)
    empty = is_empty(raw)
    real = kinds.isin([dt.date, dt.datetime, pd.Timestamp])
    values = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    if real.any():
        values[real] = pd.to_datetime(map_objects(raw[real], _as_datetime)).astype("datetime64[ns]")
    texts = kinds.isin([str]) & ~empty
    parsed_text = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    if texts.any():
        parsed_text[texts] = pd.to_datetime(
            map_objects(raw[texts], _french_date), errors="coerce"
        ).astype("datetime64[ns]")
    text_ok = texts & parsed_text.notna()
    values[text_ok] = parsed_text[text_ok]
    problems = _no_problem(raw)
    problems[text_ok] = TEXT_DATE
    problems[~empty & ~(real & values.notna()) & ~text_ok] = WRONG_KIND
    return values, problems


def _as_datetime(value: object) -> dt.datetime | None:
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return value if _FIRST_DATE <= value < _LAST_DATE else None


def _french_date(text: str) -> object:
    match = _FRENCH_DATE.match(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        value = dt.datetime(year, month, day)
    except ValueError:
        return None
    return value if _FIRST_DATE <= value < _LAST_DATE else None


def _numbers(raw: pd.Series, empty: pd.Series) -> pd.Series:
    """Numeric value of each cell: numbers as they are, numeric text with a French comma or %."""
    kinds = _types(raw)
    numeric = kinds.isin([float, int, np.float64, np.int64])
    values = pd.Series(np.nan, index=raw.index, dtype="float64")
    if numeric.any():
        values[numeric] = raw[numeric].astype("float64")
    texts = kinds.isin([str]) & ~empty
    if texts.any():
        values[texts] = map_objects(raw[texts], _number_from_text).astype("float64")
    return values


def _number_from_text(text: str) -> float:
    if not _NUMBER_TEXT.match(text):
        return np.nan
    cleaned = text.strip().replace(",", ".")
    if cleaned.endswith("%"):
        return float(cleaned[:-1].strip()) / 100.0
    return float(cleaned)


def parse_number(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    empty = is_empty(raw)
    values = _numbers(raw, empty)
    problems = _no_problem(raw)
    problems[~empty & values.isna()] = WRONG_KIND
    return values, problems


def parse_integer(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Counts: whole numbers from 0 to MAX_COUNT; anything else is WRONG_KIND and becomes NaN.

    The bound keeps a typing slip (1E20 recipients) from overflowing the 64-bit sums behind every n.
    """
    empty = is_empty(raw)
    values = _numbers(raw, empty)
    bad = ~empty & (values.isna() | (values < 0) | (values % 1 != 0) | (values > MAX_COUNT))
    values[bad] = np.nan
    problems = _no_problem(raw)
    problems[bad] = WRONG_KIND
    return values, problems


def parse_score(raw: pd.Series, scale: ScoreScale) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Scores on 0..maximum or French Likert labels; returns values, problems, no-opinion mask."""
    empty = is_empty(raw)
    values = _numbers(raw, empty)
    texts = _types(raw).isin([str]) & ~empty & values.isna()
    folded = map_objects(raw[texts], _fold)
    no_opinion = pd.Series(False, index=raw.index)
    no_opinion[texts] = folded == schema.normalize(schema.NO_OPINION)
    if texts.any():
        positions = {v: schema.likert_score(v, scale.maximum, scale.threshold) for v in set(folded)}
        labels = map_objects(folded, positions.get)
        values[texts] = labels.astype("float64")
    problems = _no_problem(raw)
    problems[~empty & values.isna() & ~no_opinion] = WRONG_KIND
    outside = values.notna() & ((values < 0) | (values > scale.maximum))
    problems[outside] = OUT_OF_SCALE
    values[outside] = np.nan
    return values, problems, no_opinion


def per_distinct(texts: pd.Series, func, missing: object = None) -> pd.Series:
    """`func(value)` for each cell of `texts` (texts, tuples of IDs, or None), computed once per distinct value.

    List and reference columns repeat a few values; pd.factorize groups them in C, which
    at 100,000 cells is several times faster than a dict lookup per cell. None cells
    get `missing`.
    """
    codes, uniques = pd.factorize(texts.to_numpy(dtype=object))
    results = np.empty(len(uniques) + 1, dtype=object)
    for i, text in enumerate(uniques):
        results[i] = func(text)
    results[-1] = missing  # code -1: a None cell
    return pd.Series(results[codes], index=texts.index, dtype=object)


def parse_choice(raw: pd.Series, choices: tuple[str, ...], default: str | None) -> tuple[pd.Series, pd.Series]:
    """Map each value to its canonical spelling in the list, tolerant of case and accents."""
    canonical = {schema.normalize(c): c for c in choices}
    empty = is_empty(raw)
    texts, _ = parse_text(raw)
    values = per_distinct(texts, lambda text: canonical.get(_fold(text)))
    problems = _no_problem(raw)
    problems[~empty & values.isna()] = NOT_IN_LIST
    if default is not None:
        values[empty] = default
    return values, problems


def parse_refs(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """One or more IDs separated by ';' or ','; an empty cell is an empty tuple."""
    texts, problems = parse_text(raw)
    values = per_distinct(texts, lambda text: tuple(p for p in _REF_SPLIT.split(text) if p), missing=())
    return values, problems


def parse_column(kind: Kind, raw: pd.Series, *, choices=(), default=None, scale: ScoreScale | None = None):
    """Dispatch on the column's kind; returns (values, problems, no_opinion or None)."""
    if kind is Kind.DATE:
        return (*parse_date(raw), None)
    if kind is Kind.INTEGER:
        return (*parse_integer(raw), None)
    if kind is Kind.NUMBER:
        return (*parse_number(raw), None)
    if kind is Kind.SCORE:
        return parse_score(raw, scale or ScoreScale())
    if kind is Kind.CHOICE:
        return (*parse_choice(raw, choices, default), None)
    if kind is Kind.REFS:
        return (*parse_refs(raw), None)
    return (*parse_text(raw), None)


def parse_cells(kind: Kind, cells: Cells, index: pd.Index, *, choices=(), default=None,
                scale: ScoreScale | None = None):
    """`parse_column` computed once per distinct value, then spread over the rows of `index`."""
    typed = parse_column(kind, pd.Series(cells.distinct, dtype=object), choices=choices, default=default, scale=scale)
    return tuple(None if part is None else cells.spread(part, index) for part in typed)
