"""The improvement loop end to end (Boucle d'amélioration): source → action → effectiveness.

The auditor follows it from a complaint or an appraisal to the action it led to, its
completion and its evaluation; the quality officer closes it. `build_loop` gathers, for
every action of the plan, the rows it stems from — those its Références name, and those
whose Action (complaints) or Suite donnée (appraisals) name it — and then the sources
that led to no action yet. Which source awaits an action is a row fact
(qualixl.facts: `closed_without_action`, `awaiting_action`); an action's Références
citing it closes the gap. Rendering (render/loop.py) only lays this out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qualixl import schema
from qualixl.facts import IdIndex, facts_of, fold_refs
from qualixl.reading import Dataset

EXTRACT_LENGTH = 110
# Where a source's short extract is read, in order of preference.
EXTRACT_COLUMNS = {
    schema.APPRECIATIONS: ("Points à améliorer", "Points forts"),
    schema.RECLAMATIONS: ("Objet", "Analyse"),
    schema.REVUES: ("Décisions", "Sujets analysés"),
    "Risques": ("Risque",),
}
DATE_COLUMNS = {schema.APPRECIATIONS: "Date", schema.RECLAMATIONS: "Date de réception", schema.REVUES: "Date",
                "Risques": "Date d'identification"}
AWAITING_ACTION = "Appréciation sous le seuil, points à améliorer sans suite donnée"
# Sources without action listed per reason, the most recent first: the list is a working list and the
# evidence that the gap is seen, and past a few hundred lines it is read through a filter of the sheet
# (a provider with 100,000 appraisals may have thousands below the threshold).
LISTED_PER_REASON = 300


@dataclass(frozen=True)
class Source:
    """A row an action stems from (or should): its sheet, ID, Excel row, date and a short extract."""

    sheet: str  # the contract's name
    spelled: str  # the sheet's name as the workbook spells it (for the hyperlink)
    id: str
    row: int
    date: dt.date | None
    extract: str
    reason: str = ""  # for a source without action: why it is listed


@dataclass(frozen=True)
class LoopAction:
    id: str
    row: int
    sources: list[Source]
    unresolved: list[str]  # references that name no row
    origin: str
    constat: str
    action: str
    status: str
    due: dt.date | None
    done: dt.date | None
    criterion: str
    evaluated: dt.date | None
    effectiveness: str


@dataclass(frozen=True)
class UnlinkedGroup:
    """The sources without action of one sheet and reason: all counted, the most recent listed."""

    sheet: str
    reason: str
    total: int
    sources: list[Source]  # at most LISTED_PER_REASON, the most recent first


@dataclass
class LoopReport:
    spelled_plan: str = schema.PLAN
    actions: list[LoopAction] = field(default_factory=list)
    unlinked_groups: list[UnlinkedGroup] = field(default_factory=list)  # complaints first

    @property
    def unlinked(self) -> list[Source]:
        """The sources without action listed, group after group."""
        return [source for group in self.unlinked_groups for source in group.sources]

    @property
    def unlinked_counts(self) -> dict[tuple[str, str], int]:
        """(sheet, reason) → how many sources without action, listed or not."""
        return {(group.sheet, group.reason): group.total for group in self.unlinked_groups}


def build_loop(dataset: Dataset, as_of: dt.date | None = None) -> LoopReport:
    """The loop at `as_of` (default today): every action with its sources, then the sources without action."""
    facts = facts_of(dataset, as_of)
    report = LoopReport(dataset.spelled.get(schema.PLAN, schema.PLAN))
    rows = _Rows(dataset, facts.ids)
    plan = dataset.get(schema.PLAN)
    cited: set[str] = set()
    if plan is not None and len(plan):
        backward = _backward_links(dataset, rows)
        v = plan.values
        refs = fold_refs(v["Références"])
        column = _Columns(v)
        for row, key, references, original in zip(v.index, facts.keys(schema.PLAN), refs, v["Références"], strict=True):
            if key is None:
                continue
            found, unresolved = [], []
            for ref, typed in zip(references, _originals(original), strict=False):
                cited.add(ref)
                source = rows.source(ref)
                if source is not None:
                    found.append(source)
                elif not _is_known(facts, ref):
                    unresolved.append(typed)
            found += [s for s in backward.get(key, []) if s not in found]
            report.actions.append(LoopAction(
                id=column.text(row, "ID"), row=int(row), sources=sorted(found, key=_order),
                unresolved=unresolved, origin=column.text(row, "Origine"), constat=column.text(row, "Constat"),
                action=column.text(row, "Action"), status=column.text(row, "Statut"),
                due=column.day(row, "Échéance"), done=column.day(row, "Date de réalisation"),
                criterion=column.text(row, "Critère d'efficacité"), evaluated=column.day(row, "Date d'évaluation"),
                effectiveness=column.text(row, "Efficacité"),
            ))
    report.unlinked_groups = _unlinked(facts, rows, cited)
    return report


def _order(source: Source):
    return (source.date or dt.date.max, source.sheet, source.id)


def _originals(cell) -> list[str]:
    return [str(x).strip() for x in cell] if isinstance(cell, tuple) else []


def _is_known(facts, ref: str) -> bool:
    return any(ref in index for index in facts.ids.values())


class _Columns:
    """A sheet's cells read by (Excel row, column) from plain lists: the loop quotes thousands of
    rows, and a pandas lookup per cell costs a hundred times a list's."""

    def __init__(self, values: pd.DataFrame):
        self.values = values
        self.position = {row: i for i, row in enumerate(values.index)}
        self.lists: dict[str, np.ndarray | None] = {}
        self.days: dict[str, list | None] = {}

    def get(self, row: int, column: str):
        if column not in self.lists:
            self.lists[column] = self.values[column].to_numpy() if column in self.values else None
        cells = self.lists[column]
        return None if cells is None else cells[self.position[row]]

    def text(self, row: int, column: str) -> str:
        return _text(self.get(row, column))

    def day(self, row: int, column: str) -> dt.date | None:
        if column not in self.days:  # a date column converted at once (C speed), not cell by cell
            data = self.values[column] if column in self.values else None
            if data is not None and pd.api.types.is_datetime64_any_dtype(data):
                self.days[column] = [None if d is pd.NaT else d for d in data.dt.date.to_numpy(dtype=object)]
            else:
                self.days[column] = None
        days = self.days[column]
        return _day(self.get(row, column)) if days is None else days[self.position[row]]


class _Rows:
    """Source rows built on demand, by folded ID (the facts' ID indexes) or by (sheet, Excel row): a big
    Appréciations sheet is never walked row by row, only the rows the loop quotes."""

    def __init__(self, dataset: Dataset, ids: dict[str, IdIndex]):
        self.dataset = dataset
        self.index = {sheet: ids[sheet] for sheet in EXTRACT_COLUMNS if sheet in ids}
        self.columns = {sheet: _Columns(dataset.sheets[sheet].values) for sheet in EXTRACT_COLUMNS
                        if sheet in dataset.sheets}
        self.built: dict[tuple[str, int], Source] = {}

    def source(self, key: str | None) -> Source | None:
        for sheet, index in self.index.items():
            row = index.row_of(key)
            if row is not None:
                return self.at(sheet, row)
        return None

    def at(self, sheet: str, row: int, reason: str = "") -> Source:
        if (sheet, row) not in self.built:
            cells = self.columns[sheet]
            self.built[(sheet, row)] = Source(
                sheet, self.dataset.spelled.get(sheet, sheet), cells.text(row, "ID"), int(row),
                cells.day(row, DATE_COLUMNS[sheet]),
                _extract(cells.get(row, c) for c in EXTRACT_COLUMNS[sheet]),
            )
        source = self.built[(sheet, row)]
        return Source(**{**source.__dict__, "reason": reason}) if reason else source


def _backward_links(dataset: Dataset, rows: _Rows) -> dict[str, list[Source]]:
    """Actions named by a complaint's Action or an appraisal's Suite donnée: folded action ID → sources."""
    out: dict[str, list[Source]] = {}
    for sheet, column in ((schema.RECLAMATIONS, "Action"), (schema.APPRECIATIONS, "Suite donnée")):
        data = dataset.get(sheet)
        if data is None:
            continue
        refs = fold_refs(data.values[column])
        named = refs[refs.map(len).to_numpy(dtype=bool)] if len(refs) else refs
        for row, ids in named.items():
            for ref in ids:
                out.setdefault(ref, []).append(rows.at(sheet, row))
    return out


def _unlinked(facts, rows: _Rows, cited: set[str]) -> list[UnlinkedGroup]:
    """The sources awaiting an action (the row facts) that no action's Références cite, by reason."""
    groups: dict[tuple[str, str], list[tuple[dt.date | None, int]]] = {}
    for sheet, frame, column in (
        (schema.RECLAMATIONS, facts.complaints, "closed_without_action"),
        (schema.APPRECIATIONS, facts.appraisals, "awaiting_action"),
    ):
        if frame is None or column not in frame:
            continue
        index = rows.index.get(sheet)
        cells = rows.columns[sheet]
        listed = frame.index[frame[column].to_numpy(dtype=bool)]
        keys = index.keys.loc[listed] if index is not None else [None] * len(listed)
        for row, key in zip(listed, keys, strict=True):
            if key is not None and key in cited:
                continue
            if sheet == schema.RECLAMATIONS:
                reason = f"{cells.text(row, 'Type') or 'Réclamation'} clôturée sans action"
            else:
                reason = AWAITING_ACTION
            groups.setdefault((sheet, reason), []).append((cells.day(row, DATE_COLUMNS[sheet]), int(row)))
    out = []
    for (sheet, reason), found in sorted(groups.items(), key=lambda item: item[0][0] != schema.RECLAMATIONS):
        recent = sorted(found, key=lambda f: (f[0] or dt.date.min, f[1]), reverse=True)[:LISTED_PER_REASON]
        out.append(UnlinkedGroup(sheet, reason, len(found), [rows.at(sheet, row, reason) for _, row in recent]))
    return out


def _extract(texts) -> str:
    """The first text written, on one line, cut at EXTRACT_LENGTH characters."""
    for value in texts:
        text = _text(value)
        if text:
            text = " ".join(text.split())
            return text if len(text) <= EXTRACT_LENGTH else text[: EXTRACT_LENGTH - 1].rstrip() + "…"
    return ""


def _text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, tuple):
        return " ; ".join(str(v) for v in value)
    return str(value).strip()


def _day(value) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else value.astype("datetime64[D]").item()
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None
