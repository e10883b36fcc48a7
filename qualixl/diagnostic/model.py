"""The vocabulary of the diagnostic: a line per requirement and the context rules read.

A rule looks at the typed sheets over the rolling twelve months ending at the as-of
date (the auditor's usual look-back) and always returns one DiagnosticLine, passing or
not, so the provider sees what is fine as well as what is at risk.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

import pandas as pd

from qualixl.diagnostic.rates import RateEstimate
from qualixl.facts import as_timestamp, facts_of  # noqa: F401  (as_timestamp: re-exported for the rules)
from qualixl.figures import day, plural  # noqa: F401  (the rules' French helpers)
from qualixl.kpis import ROLLING, record_index, rolling_window
from qualixl.kpis.periods import in_rolling_window
from qualixl.parsing import per_distinct
from qualixl.reading import Dataset, SheetData, empty_sheet
from qualixl.referentiel import MAJOR_ONLY, V9, V10, Referentiel, choose

CONFORME = "conforme"
A_SURVEILLER = "à surveiller"
NON_CONFORME = "non conforme"
STATUSES = (NON_CONFORME, A_SURVEILLER, CONFORME)  # worst first

# Indicators in the order they are reported: the référentiel applied (0, only when forced), the
# criterion-7 loop, then the results feeding it. Titles come from the version in force (referentiel/).
INDICATORS = (0, 30, 31, 32, 33, 2, 3, 12)
INDICATOR_TITLES = {0: "Référentiel appliqué", 33: V10.indicator(33).title,
                    **{i.number: i.title for i in V9.indicators}}

# What a non-conformity costs, as the version's grading says (referentiel/): a major-only
# indicator, or minor (partial) or major. For new entrants, the indicators so marked are
# audited on the written process at the initial audit, their implementation at the surveillance audit.
_NEW_ENTRANT = " Nouvel entrant : seul le processus formalisé est vérifié à l'audit initial."
_GRADED = "Non-conformité mineure (prise en compte partielle) ou majeure (exigence non prise en compte)."
MINOR = "Non-conformité mineure (le guide de lecture classe ce cas en mineure)."


def risk_of(version: Referentiel, number: int) -> str:
    """The French risk text of an indicator under `version` (its grading, and the new entrants' case)."""
    indicator = version.indicator(number)
    if indicator is None:
        return ""
    text = (f"Non-conformité majeure (seul niveau possible pour l'indicateur {number})."
            if indicator.grading == MAJOR_ONLY else _GRADED)
    return text + (_NEW_ENTRANT if indicator.new_entrant_process_only else "")

JSON_KEYS = ("code", "indicator", "requirement", "status", "risk", "evidence", "action", "figures", "rows")
FIGURE_KEYS = ("kpi", "period", "category", "numerator", "denominator")
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
    # Every KPI record the line quotes, as {kpi, period, category, numerator, denominator}: the
    # figures shown are these records, never a recount. `rows`: the IDs the line is about.
    figures: tuple[dict, ...] = ()
    rows: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        data = asdict(self)
        data["figures"], data["rows"] = [dict(f) for f in self.figures], list(self.rows)
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
        self.facts = facts_of(self.dataset, self.as_of)
        self._records: dict[tuple, dict] | None = None
        self.chosen = choose(self.params.referentiel, self.as_of.date())
        self.referentiel = self.chosen.version

    @property
    def v10(self) -> bool:
        """True when the version applied has V10's requirements (indicator 33 exists)."""
        return self.referentiel.indicator(33) is not None

    def record(self, code: str, period: str = ROLLING, category: str | None = None) -> dict | None:
        """The KPI record (code, period, category) of the KPI table, as a dict; None when absent."""
        if self._records is None:
            self._records = record_index(self.kpis)
        return self._records.get((code, period, category))

    def stock(self, code: str) -> dict | None:
        """The record of a stock KPI (ACT_RETARD, REC_OUVERTES) at the as-of date."""
        return self.record(code, self.as_of.strftime("%Y-%m-%d"))

    def sheet(self, name: str) -> SheetData | None:
        return self.dataset.get(name)

    def required(self, name: str) -> SheetData:
        """A sheet the reader guarantees (Appréciations, Réclamations, Plan); empty if a caller built a
        Dataset without it, so that every rule still reports instead of failing."""
        data = self.dataset.get(name)
        return empty_sheet(name) if data is None else data

    def in_window(self, dates: pd.Series) -> pd.Series:
        """Dates of the rolling 12 months (the KPIs' 12M window), as days: a time of day never moves a row out."""
        return in_rolling_window(dates.dt.normalize(), self.as_of.date())

    def window_text(self) -> str:
        return f"du {day(self.start + pd.Timedelta(days=1))} au {day(self.as_of)}"

    def procedure_line(self, code: str, requirement: str, parameter: str, *, check: str,
                       write: str) -> DiagnosticLine:
        """A written procedure: conforme when Paramètres `parameter` names it (`check` says what to
        verify next), else non conforme at its cell (`write` says what the procedure covers)."""
        value = str(self.params.values.get(parameter) or "").strip()
        if value:
            return self.line(code, requirement, CONFORME, f"Procédure : {value}.", check)
        cell = self.params.cells.get(parameter)
        where = f" (Paramètres, cellule {cell})" if cell else " (absent de Paramètres)"
        return self.line(code, requirement, NON_CONFORME, f"Paramètre « {parameter} » vide{where}.",
                         f"Rédigez la procédure ({write}) et indiquez son lien ou chemin dans Paramètres.")

    def line(self, code: str, requirement: str, status: str, evidence: str, action: str,
             rate: RateEstimate | None = None, figures: Iterable[dict | None] = (),
             rows: Iterable[str] = (), risk: str | None = None) -> DiagnosticLine:
        """One line; `figures` are the KPI records it quotes (a rate's record is added for it); `risk`
        replaces the indicator's grading when the guide names the case (a minor non-conformity)."""
        indicator = int(code.split("-", 1)[0])
        risk = risk_of(self.referentiel, indicator) if risk is None else risk
        requirement, risk, evidence, action = (typography(t) for t in (requirement, risk, evidence, action))
        records = list(figures)
        if rate is not None:
            records.insert(0, self.record(rate.code, rate.period, rate.category))
        quoted = tuple(dict.fromkeys(figure(r) for r in records if r is not None))
        return DiagnosticLine(indicator, requirement, status, risk, evidence, action, code, rate,
                              tuple(dict(f) for f in quoted), tuple(rows))

    def activity_start(self) -> pd.Timestamp:
        """The first date the workbook records (activity may have begun inside the window)."""
        f = self.facts
        firsts = [rows["date"][rows["dated"]].min() for rows in
                  (f.solicitations, f.appraisals, f.complaints, f.actions, f.reviews) if rows is not None and len(rows)]
        if f.sessions is not None and len(f.sessions):
            firsts.append(f.sessions["start"][f.sessions["started"]].min())
        firsts = [d for d in firsts if not pd.isna(d)]
        return min(firsts) if firsts else self.as_of


Rule = Callable[[DiagContext], DiagnosticLine]

def figure(record: dict) -> tuple:
    """A KPI record as the diagnostic quotes it: (key, value) pairs of FIGURE_KEYS, hashable."""
    def number(value):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return int(value) if float(value).is_integer() else float(value)

    category = record.get("category")
    values = {
        "kpi": record["code"], "period": record["period"],
        "category": category if isinstance(category, str) else None,
        "numerator": number(record.get("numerator")),
        "denominator": number(record.get("denominator")),
    }
    if values["denominator"] is None:  # a count or a mean: its value, over its n
        values["numerator"], values["denominator"] = number(record.get("value")), number(record.get("n"))
    return tuple((key, values[key]) for key in FIGURE_KEYS)


def typography(text: str) -> str:
    """French spacing: no line break inside « … » nor before : ; ! ? (non-breaking spaces)."""
    for plain, tied in (("« ", "«\u00a0"), (" »", "\u00a0»"), (" :", "\u00a0:"), (" ;", "\u00a0;"),
                        (" ?", "\u00a0?"), (" !", "\u00a0!")):
        text = text.replace(plain, tied)
    return text




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


