"""What the provider publishes (V10 indicator 2): per category of action, the last closed exercise and
the 12 months to the as-of date, its satisfaction, dropout, objectives and certification results.

Every figure is the KPI record of `compute_kpis` (code, period, category): same value,
same n, same rounding as everywhere. A small sample is published with its n and a note,
never hidden; a period without data says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from qualixl import figures, schema
from qualixl.kpis import ROLLING, period_labels, record_index
from qualixl.publication.methods import method
from qualixl.reading import Dataset

PUBLISHED = ("SAT_TAUX", "ABANDON_TAUX", "OBJECTIFS_TAUX", "CERTIF_TAUX", "PRESENTES_TAUX")
CERTIFICATION = ("CERTIF_TAUX", "PRESENTES_TAUX")  # published where Présentés is filled
SMALL_SAMPLE = 10  # below this n, a rate is published with a caution (as the diagnostic says)
ALL_CATEGORIES = "Toutes catégories"


@dataclass(frozen=True)
class PublishedRow:
    """One published figure: its KPI record's keys and values, and the texts shown beside it."""

    code: str
    category: str | None  # None: all categories together
    period: str  # the KPI record's period: an exercise label or 12M
    period_text: str  # "Exercice 2025 (du 01/01/2025 au 31/12/2025)"
    label: str
    value: float | None
    numerator: float | None
    denominator: float | None
    n: int
    method: str
    note: str

    @property
    def category_text(self) -> str:
        return self.category or ALL_CATEGORIES

    @property
    def value_text(self) -> str:
        return "—" if self.value is None else figures.percent(self.value)


def _categories(dataset: Dataset) -> list[str | None]:
    sessions = dataset.get(schema.SESSIONS)
    if sessions is None or not len(sessions):
        return [None]
    present = set(sessions.values["Catégorie"].dropna())
    return [c for c in schema.CATEGORIES if c in present] or [None]


def _exercise_bounds(label: str, start_month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(int(label[:4]), start_month, 1)
    following = dt.date(first.year + 1, start_month, 1)
    return first, following - dt.timedelta(days=1)


def _number(value) -> float | None:
    return None if figures.missing(value) else float(value)


def _note(n: int, value: float | None) -> str:
    if value is None or n == 0:
        return "Aucune donnée sur la période."
    if n < SMALL_SAMPLE:
        return f"Effectif faible (n = {n}, moins de {SMALL_SAMPLE})\u00a0: résultat publié à titre indicatif."
    return ""


def published_rows(dataset: Dataset, kpis: pd.DataFrame, as_of: dt.date) -> list[PublishedRow]:
    """Rows per category (schema order), then per period (last closed exercise, then 12 months), then KPI."""
    params = dataset.parameters
    labels = period_labels(as_of, params.exercise_start_month)
    periods = (
        (labels.previous_exercise, f"Exercice {labels.previous_exercise}", *_exercise_bounds(labels.previous_exercise,
                                                                                              params.exercise_start_month)),
        (ROLLING, "12 derniers mois", labels.rolling_start + dt.timedelta(days=1), as_of),
    )
    records = record_index(kpis)
    out = []
    for category in _categories(dataset):
        with_presented = any(
            (r := records.get(("CERTIF_TAUX", period, category))) is not None and r["n"] > 0
            for period, *_ in periods
        )
        for period, title, first, last in periods:
            for code in PUBLISHED:
                if code in CERTIFICATION and not with_presented:
                    continue
                kpi = schema.KPIS_BY_CODE[code]
                record = records.get((code, period, category)) or {}
                value = _number(record.get("value"))
                n = int(record.get("n") or 0)
                out.append(PublishedRow(
                    code, category, period, f"{title} (du {first:%d/%m/%Y} au {last:%d/%m/%Y})", kpi.label, value,
                    _number(record.get("numerator")), _number(record.get("denominator")), n,
                    method(kpi, params, first, last, category), _note(n, value),
                ))
    return out
