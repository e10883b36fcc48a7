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

import pandas as pd

from qualixl import schema
from qualixl.facts import IdIndex, facts_of, fold_id, fold_refs
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


@dataclass
class LoopReport:
    spelled_plan: str = schema.PLAN
    actions: list[LoopAction] = field(default_factory=list)
    unlinked: list[Source] = field(default_factory=list)


def build_loop(dataset: Dataset, as_of: dt.date | None = None) -> LoopReport:
    """The loop at `as_of` (default today): every action with its sources, then the sources without action."""
    facts = facts_of(dataset, as_of)
    report = LoopReport(dataset.spelled.get(schema.PLAN, schema.PLAN))
    rows = _Rows(dataset)
    plan = dataset.get(schema.PLAN)
    cited: set[str] = set()
    if plan is not None and len(plan):
        backward = _backward_links(dataset, rows)
        v = plan.values
        refs = fold_refs(v["Références"])
        for row in v.index:
            key = fold_id(v.at[row, "ID"])
            if key is None:
                continue
            found, unresolved = [], []
            for ref, original in zip(refs[row], _originals(v.at[row, "Références"]), strict=False):
                cited.add(ref)
                source = rows.source(ref)
                if source is not None:
                    found.append(source)
                elif not _is_known(facts, ref):
                    unresolved.append(original)
            found += [s for s in backward.get(key, []) if s not in found]
            report.actions.append(LoopAction(
                id=str(v.at[row, "ID"]).strip(), row=int(row), sources=sorted(found, key=_order),
                unresolved=unresolved, origin=_cell(v, row, "Origine"), constat=_text(v.at[row, "Constat"]), action=_text(v.at[row, "Action"]),
                status=_text(v.at[row, "Statut"]), due=_day(v.at[row, "Échéance"]),
                done=_day(v.at[row, "Date de réalisation"]), criterion=_cell(v, row, "Critère d'efficacité"),
                evaluated=_day(v.at[row, "Date d'évaluation"]) if "Date d'évaluation" in v else None,
                effectiveness=_cell(v, row, "Efficacité"),
            ))
    report.unlinked = sorted(_unlinked(dataset, facts, rows, cited), key=_order)
    return report


def _cell(values: pd.DataFrame, row, column: str) -> str:
    return _text(values.at[row, column]) if column in values else ""


def _order(source: Source):
    return (source.date or dt.date.max, source.sheet, source.id)


def _originals(cell) -> list[str]:
    return [str(x).strip() for x in cell] if isinstance(cell, tuple) else []


def _is_known(facts, ref: str) -> bool:
    return any(ref in index for index in facts.ids.values())


class _Rows:
    """Source rows built on demand, by folded ID or by (sheet, Excel row): a big Appréciations sheet
    is never walked row by row, only the rows the loop quotes."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.index = {}
        for sheet in EXTRACT_COLUMNS:
            data = dataset.get(sheet)
            if data is not None and "ID" in data.values:
                self.index[sheet] = IdIndex(data.values["ID"])
        self.built: dict[tuple[str, int], Source] = {}

    def source(self, key: str | None) -> Source | None:
        for sheet, index in self.index.items():
            row = index.row_of(key)
            if row is not None:
                return self.at(sheet, row)
        return None

    def at(self, sheet: str, row: int) -> Source:
        if (sheet, row) not in self.built:
            v = self.dataset.sheets[sheet].values
            date_column = DATE_COLUMNS[sheet]
            self.built[(sheet, row)] = Source(
                sheet, self.dataset.spelled.get(sheet, sheet), _text(v.at[row, "ID"]), int(row),
                _day(v.at[row, date_column]) if date_column in v else None,
                _extract([v.at[row, c] for c in EXTRACT_COLUMNS[sheet] if c in v]),
            )
        return self.built[(sheet, row)]


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


def _unlinked(dataset: Dataset, facts, rows: _Rows, cited: set[str]) -> list[Source]:
    out = []
    for sheet, frame, column in (
        (schema.RECLAMATIONS, facts.complaints, "closed_without_action"),
        (schema.APPRECIATIONS, facts.appraisals, "awaiting_action"),
    ):
        if frame is None or column not in frame:
            continue
        v = dataset.sheets[sheet].values
        for row in frame.index[frame[column].to_numpy(dtype=bool)]:
            if fold_id(v.at[row, "ID"]) in cited:
                continue
            source = rows.at(sheet, row)
            if sheet == schema.RECLAMATIONS:
                reason = f"{_text(v.at[row, 'Type']) or 'Réclamation'} clôturée sans action"
            else:
                reason = AWAITING_ACTION
            out.append(Source(**{**source.__dict__, "reason": reason}))
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
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None
