"""The vocabulary of the diagnostic: a line per requirement and the context rules read.

A rule looks at the typed sheets over the rolling twelve months ending at the as-of
date (the auditor's usual look-back) and always returns one DiagnosticLine, passing or
not, so the provider sees what is fine as well as what is at risk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

import pandas as pd

from qualixl import schema
from qualixl.diagnostic.rates import RateEstimate
from qualixl.kpis import rolling_window
from qualixl.parsing import per_distinct
from qualixl.reading import Dataset, SheetData
from qualixl.schema import Kind

CONFORME = "conforme"
A_SURVEILLER = "à surveiller"
NON_CONFORME = "non conforme"
STATUSES = (NON_CONFORME, A_SURVEILLER, CONFORME)  # worst first

# Indicators in the order they are reported: the criterion-7 loop, then the results feeding it.
INDICATORS = (30, 31, 32, 2, 3, 12)
INDICATOR_TITLES = {
    30: "Recueil des appréciations des parties prenantes",
    31: "Traitement des difficultés, réclamations et aléas",
    32: "Mesures d'amélioration continue",
    2: "Indicateurs de résultats",
    3: "Taux d'obtention des certifications",
    12: "Engagement des bénéficiaires et prévention des abandons",
}

# What a non-conformity costs, as the RNQ grades it: 31 and 32 can only be major; the
# others may be minor (partial) or major. For new entrants, 2, 3 and 32 are audited on
# the written process at the initial audit, their implementation at the surveillance audit.
_NEW_ENTRANT = " Nouvel entrant : seul le processus formalisé est vérifié à l'audit initial."
_GRADED = "Non-conformité mineure (prise en compte partielle) ou majeure (exigence non prise en compte)."
RISKS = {
    30: _GRADED,
    31: "Non-conformité majeure (seul niveau possible pour l'indicateur 31).",
    32: "Non-conformité majeure (seul niveau possible pour l'indicateur 32)." + _NEW_ENTRANT,
    2: _GRADED + _NEW_ENTRANT,
    3: _GRADED + _NEW_ENTRANT,
    12: _GRADED,
}

JSON_KEYS = ("indicator", "requirement", "status", "risk", "evidence", "action")
ID_SAMPLE = 5


@dataclass(frozen=True)
class DiagnosticLine:
    """One requirement: where the workbook stands and what to do about it (French texts)."""

    indicator: int
    requirement: str
    status: str
    risk: str
    evidence: str
    action: str
    code: str = ""  # stable rule code, e.g. "30-categories"
    rate: RateEstimate | None = field(default=None, compare=False)

    def as_dict(self) -> dict:
        data = asdict(self)
        return {key: data[key] for key in JSON_KEYS}


@dataclass
class DiagContext:
    """The dataset, the as-of date, the KPI table and the rolling window (start, as_of]."""

    dataset: Dataset
    as_of: pd.Timestamp
    kpis: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        self.params = self.dataset.parameters
        self.start, _ = rolling_window(self.as_of.date())

    def sheet(self, name: str) -> SheetData | None:
        return self.dataset.get(name)

    def required(self, name: str) -> SheetData:
        """A sheet the reader guarantees (Appréciations, Réclamations, Plan); empty if a caller built a
        Dataset without it, so that every rule still reports instead of failing."""
        data = self.dataset.get(name)
        return empty_sheet(name) if data is None else data

    def in_window(self, dates: pd.Series) -> pd.Series:
        return (dates > self.start) & (dates <= self.as_of)

    def window_text(self) -> str:
        return f"du {day(self.start + pd.Timedelta(days=1))} au {day(self.as_of)}"

    def line(self, code: str, requirement: str, status: str, evidence: str, action: str,
             rate: RateEstimate | None = None) -> DiagnosticLine:
        indicator = int(code.split("-", 1)[0])
        requirement, risk, evidence, action = (typography(t) for t in (requirement, RISKS[indicator], evidence, action))
        return DiagnosticLine(indicator, requirement, status, risk, evidence, action, code, rate)

    def activity_start(self) -> pd.Timestamp:
        """The first date the workbook records (activity may have begun inside the window)."""
        columns = {
            schema.SESSIONS: "Date de début", schema.SOLLICITATIONS: "Date d'envoi",
            schema.APPRECIATIONS: "Date", schema.RECLAMATIONS: "Date de réception",
            schema.PLAN: "Date d'ouverture", schema.REVUES: "Date",
        }
        firsts = []
        for name, header in columns.items():
            data = self.sheet(name)
            if data is not None and len(data):
                dates = data.values[header]
                dates = dates[dates <= self.as_of]
                if dates.notna().any():
                    firsts.append(dates.min())
        return min(firsts) if firsts else self.as_of


Rule = Callable[[DiagContext], DiagnosticLine]

_DTYPES = {Kind.DATE: "datetime64[ns]", Kind.INTEGER: "float64", Kind.NUMBER: "float64", Kind.SCORE: "float64"}


def empty_sheet(name: str) -> SheetData:
    """A sheet of the contract with its columns and no rows."""
    spec = schema.SHEETS_BY_NAME[name]
    values = pd.DataFrame({c.header: pd.Series(dtype=_DTYPES.get(c.kind, object)) for c in spec.columns})
    raw = pd.DataFrame({c.header: pd.Series(dtype=object) for c in spec.columns})
    return SheetData(spec, 1, {}, raw, values, raw.copy())


def typography(text: str) -> str:
    """French spacing: no line break inside « … » nor before : ; ! ? (non-breaking spaces)."""
    for plain, tied in (("« ", "«\u00a0"), (" »", "\u00a0»"), (" :", "\u00a0:"), (" ;", "\u00a0;"),
                        (" ?", "\u00a0?"), (" !", "\u00a0!")):
        text = text.replace(plain, tied)
    return text


def day(value) -> str:
    """A date as French users read it: 05/03/2026."""
    return pd.Timestamp(value).strftime("%d/%m/%Y")


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count in (0, 1) else (words or word + 's')}"


def row_ids(data: SheetData, mask: pd.Series) -> list[str]:
    """The IDs of the rows where `mask` holds (or "ligne N" when the ID cell is empty)."""
    selected = data.values.loc[mask.to_numpy(dtype=bool)]
    if "ID" not in selected:
        return [f"ligne {r}" for r in selected.index]
    ids = selected["ID"].to_numpy()
    return [v if isinstance(v, str) else f"ligne {r}" for r, v in zip(selected.index, ids, strict=True)]


def sample(ids: Iterable[str], limit: int = ID_SAMPLE) -> str:
    """"A, B, C" or, beyond `limit`, the first ones and the count: "A, B, C, D, E… (12 au total)"."""
    ids = list(ids)
    if len(ids) <= limit:
        return ", ".join(ids)
    return f"{', '.join(ids[:limit])}… ({len(ids)} au total)"


def referenced(refs: pd.Series) -> set[str]:
    """Every identifier named in a REFS column (tuples of IDs)."""
    out: set[str] = set()
    for value in pd.unique(refs.to_numpy(dtype=object)):
        if isinstance(value, tuple):
            out.update(value)
    return out


def refers_to(refs: pd.Series, ids: set[str]) -> pd.Series:
    """True where a REFS cell names at least one of `ids`."""
    return _holds(refs, lambda v: isinstance(v, tuple) and not ids.isdisjoint(v))


def has_refs(refs: pd.Series) -> pd.Series:
    return _holds(refs, lambda v: isinstance(v, tuple) and len(v) > 0)


def filled(values: pd.Series) -> pd.Series:
    """True where a text cell holds something."""
    return _holds(values, lambda v: not (isinstance(v, str) and not v.strip()))


def _holds(values: pd.Series, predicate) -> pd.Series:
    """`predicate` of each cell, evaluated once per distinct cell (False for None and NaN)."""
    return per_distinct(values, predicate, missing=False).astype(bool)


def as_timestamp(as_of: dt.date | None) -> pd.Timestamp:
    as_of = as_of or dt.date.today()
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    return pd.Timestamp(as_of)
