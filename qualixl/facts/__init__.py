"""The facts layer: every rule on a row decided once, from the typed sheets, the parameters and the as-of date.

Checks turn facts into findings, KPIs aggregate them per period and category, the
diagnostic and the annual report read KPI records and facts; none of them compares a
status or a date to decide whether a row is late, in time, open, evaluated or
satisfied, nor folds an identifier itself. A rule changes here, in one edit, and every
view follows.

    facts = facts_of(dataset, as_of)     # computed once per dataset and date
    facts.actions["late"]                # one boolean per Plan d'amélioration row
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from qualixl import schema
from qualixl.facts.actions import action_facts
from qualixl.facts.appraisals import appraisal_facts
from qualixl.facts.cells import attributed, day, days, unusable
from qualixl.facts.complaints import complaint_facts
from qualixl.facts.coverage import beneficiary_contact
from qualixl.facts.ids import IdIndex, first_ref, fold_id, fold_ids, fold_refs
from qualixl.facts.risks import risk_facts
from qualixl.facts.sessions import CATEGORY_CODES, NO_CATEGORY, category_codes, session_facts
from qualixl.facts.solicitations import solicitation_facts
from qualixl.facts.teaching import teaching_evaluated
from qualixl.facts.violences import violence_facts
from qualixl.parsing import per_distinct
from qualixl.reading import Dataset, empty_sheet

__all__ = [
    "CATEGORY_CODES",
    "NO_CATEGORY",
    "Facts",
    "IdIndex",
    "as_timestamp",
    "category_codes",
    "day",
    "days",
    "facts_of",
    "first_ref",
    "fold_id",
    "fold_ids",
    "fold_refs",
    "unusable",
]


def as_timestamp(as_of: dt.date | None) -> pd.Timestamp:
    """The as-of date (default today) as a midnight Timestamp, whatever was passed."""
    as_of = as_of or dt.date.today()
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    return pd.Timestamp(as_of)


@dataclass
class Facts:
    """The facts of every input sheet present (None for an absent sheet), and the ID index of each."""

    dataset: Dataset
    as_of: pd.Timestamp
    ids: dict[str, IdIndex] = field(default_factory=dict)
    sessions: pd.DataFrame | None = None
    solicitations: pd.DataFrame | None = None
    appraisals: pd.DataFrame | None = None
    complaints: pd.DataFrame | None = None
    actions: pd.DataFrame | None = None
    reviews: pd.DataFrame | None = None
    risks: pd.DataFrame | None = None  # V10 indicator 32
    violences: pd.DataFrame | None = None  # V10 indicator 12, one row per Réclamations row

    def __post_init__(self) -> None:
        params, as_of = self.dataset.parameters, self.as_of
        # The reader guarantees the required sheets; a Dataset built without one gets its facts empty.
        data = {**{s.name: empty_sheet(s.name) for s in schema.SHEETS if s.required and s.name not in self.dataset.sheets},
                **self.dataset.sheets}
        # The ID indexes do not depend on the as-of date: built once per dataset, shared by every date.
        shared = self.dataset.derived.setdefault("ids", {})
        for sheet in schema.SHEETS:
            if sheet.key and sheet.name in data and sheet.key in data[sheet.name].values:
                if sheet.name not in shared:
                    shared[sheet.name] = IdIndex(data[sheet.name].values[sheet.key])
                self.ids[sheet.name] = shared[sheet.name]
        if schema.SESSIONS in data:
            self.sessions = session_facts(data[schema.SESSIONS], as_of)
        if schema.SOLLICITATIONS in data:
            self.solicitations = solicitation_facts(data[schema.SOLLICITATIONS], as_of, self.session_category)
        if schema.APPRECIATIONS in data:
            self.appraisals = appraisal_facts(data[schema.APPRECIATIONS], params, as_of, self.session_category)
        if schema.RECLAMATIONS in data:
            complaints = complaint_facts(data[schema.RECLAMATIONS], params, as_of)
            own = category_codes(data[schema.RECLAMATIONS].values["Catégorie"])
            session_cat = self.session_category(first_ref(data[schema.RECLAMATIONS].values["Session"]))
            complaints["cat"] = own.where(own != NO_CATEGORY, session_cat)
            self.complaints = complaints
        if schema.PLAN in data:
            self.actions = action_facts(data[schema.PLAN], params, as_of)
        if schema.SESSIONS in data:
            ids = data[schema.SESSIONS].values["ID"]
            self.sessions["teaching_evaluated"] = teaching_evaluated(ids, self.appraisals)
            self.sessions["beneficiary_contact"] = beneficiary_contact(ids, self.solicitations, self.appraisals)
        if schema.RECLAMATIONS in data:
            self.violences = violence_facts(data[schema.RECLAMATIONS], params, as_of).assign(cat=complaints["cat"])
        if schema.RISQUES in data:
            self.risks = risk_facts(data[schema.RISQUES], as_of)
        if schema.REVUES in data:
            reviews = data[schema.REVUES]
            self.reviews = attributed(reviews.values.index, day(reviews, "Date"), as_of)

    def session_category(self, keys: pd.Series) -> pd.Series:
        """Category code of the session each folded key names (NO_CATEGORY when it names none)."""
        index = self.ids.get(schema.SESSIONS)
        if index is None or self.sessions is None or not len(keys):
            return pd.Series(NO_CATEGORY, index=keys.index, dtype="int64")
        return index.lookup(keys, self.sessions["cat"]).fillna(NO_CATEGORY).astype("int64")

    def keys(self, sheet: str) -> pd.Series:
        """The folded ID of each row of `sheet` (None where it has none), as its ID index holds it;
        empty for a sheet absent or without its ID column."""
        index = self.ids.get(sheet)
        return index.keys if index is not None else pd.Series(dtype=object)

    def resolves(self, refs: pd.Series, sheets: tuple[str, ...]) -> pd.Series:
        """True where a reference cell names at least one row of `sheets` (folded IDs)."""
        indexes = [self.ids[s] for s in sheets if s in self.ids]
        return per_distinct(refs, lambda ids: any(fold_id(i) in x for i in ids for x in indexes),
                            missing=False).astype(bool)

    def cited(self, refs: pd.Series) -> set[str]:
        """Every folded ID that a reference column names."""
        out: set[str] = set()
        for ids in pd.unique(fold_refs(refs).to_numpy(dtype=object)):
            out.update(ids)
        return out


def facts_of(dataset: Dataset, as_of: dt.date | pd.Timestamp | None = None) -> Facts:
    """The facts of `dataset` at `as_of` (default today), derived once and kept on the dataset."""
    when = as_timestamp(as_of.date() if isinstance(as_of, pd.Timestamp) else as_of)
    cache = dataset.derived.setdefault("facts", {})
    if when not in cache:
        cache[when] = Facts(dataset, when)
    return cache[when]
