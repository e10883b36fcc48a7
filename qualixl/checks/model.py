"""The vocabulary of the checks: Finding records, Rule objects and the context rules read.

In the spirit of pandera, a rule is data: a stable code, a severity, the RNQ indicator it
protects and a function that returns every failing cell at once (masks computed with
pandas over the sheet's frames; Python only builds a record for each failing cell).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pandas as pd

from qualixl import schema
from qualixl.addresses import column_index
from qualixl.facts import Facts, facts_of
from qualixl.facts import day as day_of
from qualixl.figures import day, plural  # noqa: F401  (the rules' French helpers)
from qualixl.parameters import Parameters
from qualixl.parsing import is_empty
from qualixl.reading import Dataset, SheetData


@dataclass(frozen=True)
class Finding:
    """One failing cell: what is wrong, where, and which Qualiopi indicator it puts at risk."""

    severity: str  # schema.ERROR or schema.WARNING
    sheet: str  # the sheet's name as the workbook spells it
    cell: str  # "C5", as Excel shows it
    rule: str  # the rule's stable code, e.g. "liste"
    message: str  # French: quotes the bad value and says what is expected
    indicator: str  # RNQ indicator(s), e.g. "31" or "2, 30"


@dataclass(frozen=True)
class Hit:
    """A failing cell as a rule reports it; the engine adds severity, indicator and sheet spelling."""

    sheet: str  # the contract's sheet name
    cell: str
    message: str


@dataclass(frozen=True)
class Rule:
    """One check: `find(context)` yields a Hit for every failing cell.

    `indicator` None means "the indicators of the sheet the cell is on" (used by the
    rules that apply to every sheet, such as a required cell left empty).
    """

    code: str
    severity: str
    indicator: str | None
    description: str
    find: Callable[[Context], Iterable[Hit]]


@dataclass
class Context:
    """What the rules read: the dataset, the as-of date, and cached per-column masks."""

    dataset: Dataset
    as_of: dt.date
    _memo: dict[tuple, object] = field(default_factory=dict, repr=False)

    @property
    def parameters(self) -> Parameters:
        return self.dataset.parameters

    @property
    def today(self) -> pd.Timestamp:
        return pd.Timestamp(self.as_of).normalize()

    @property
    def facts(self) -> Facts:
        """The rows' facts at the as-of date (qualixl.facts): the rules read them, never re-derive them."""
        return facts_of(self.dataset, self.as_of)

    def sheet(self, name: str) -> SheetData | None:
        return self.dataset.get(name)

    def sheets(self) -> Iterator[SheetData]:
        """The input sheets present, in contract order."""
        for spec in schema.SHEETS:
            data = self.dataset.get(spec.name)
            if data is not None:
                yield data

    def blank(self, data: SheetData, header: str) -> pd.Series:
        """True where the cell holds nothing (or the column is absent from the sheet)."""

        def compute() -> pd.Series:
            if header in data.raw.columns:
                return is_empty(data.raw[header])
            return pd.Series(True, index=data.raw.index)

        return self.memo(("blank", data.name, header), compute)

    def memo(self, key: tuple, compute: Callable[[], object]):
        """`compute()` once per check run for `key` (several rules share a column's masks)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


def hits(
    data: SheetData,
    mask: pd.Series,
    header: str,
    message: Callable[[int], str],
    fallback: str | None = None,
) -> Iterator[Hit]:
    """A Hit at column `header` (or `fallback` when the sheet lacks it) for each row where `mask` holds."""
    column = header if header in data.letters else fallback
    if column is None or column not in data.letters:
        return
    mask = mask.fillna(False).astype(bool)
    for row in mask.index[mask.to_numpy()]:
        yield Hit(data.name, data.cell(column, int(row)), message(int(row)))


def show(value: object) -> str:
    """A cell value as a user would recognise it in Excel, for quoting in a message."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",") if not value.is_integer() else str(int(value))
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = " ".join(str(value).split())
    return text if len(text) <= 80 else text[:79] + "…"


def quote(value: object) -> str:
    return f"« {show(value)} »"


dates = day_of  # the day of each date of a column (facts.cells.day)


_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def cell_position(cell: str) -> tuple[int, int]:
    """'C5' → (5, 3): row then column number, for sorting findings as they sit in the sheet."""
    match = _CELL.match(cell)
    if not match:
        return (0, 0)
    return int(match.group(2)), column_index(match.group(1)) + 1
