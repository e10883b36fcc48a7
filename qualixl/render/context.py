"""What the generated sheets show, gathered before any of them is written.

Rendering knows nothing of the host package nor of how figures are computed: it
receives this context and lays it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from qualixl.kpis.lookup import record_index

# Titles of the generated sheets, in the order they are placed in the workbook.
DASHBOARD = "Tableau de bord"
DIAGNOSTIC = "Diagnostic Qualiopi"
TRENDS = "Évolution"
ANNUAL = "Bilan annuel"
LOOP = "Boucle d'amélioration"
BY_TRAINING_SHEET = "Par formation"
PUBLISHED = "Indicateurs publiés"
CONTROLS = "Contrôles"
JOURNAL = "Journal"
GENERATED_SHEETS = (DASHBOARD, DIAGNOSTIC, TRENDS, ANNUAL, LOOP, BY_TRAINING_SHEET, PUBLISHED, CONTROLS, JOURNAL)

NOTICE = (
    "Feuille générée par qualixl — ne pas modifier : vos saisies seraient remplacées au prochain refresh."
)


@dataclass
class RenderContext:
    organisme: str
    as_of: dt.date
    version: str
    exercise: str  # label of the exercise containing as_of
    months: list[str]  # last 24 month labels, oldest first
    exercises: list[str]  # exercise labels with data, oldest first
    kpis: pd.DataFrame  # code, period, category, value, numerator, denominator, n, status
    findings: list  # checks.Finding records, errors first
    targets: dict[str, float] = field(default_factory=dict)  # KPI code → Cible of Indicateurs
    action_status: dict[str, int] = field(default_factory=dict)
    action_origin: dict[str, int] = field(default_factory=dict)
    journal_rows: list[list] = field(default_factory=list)  # previous rows, then this refresh's
    diagnostic: list = field(default_factory=list)  # diagnostic.DiagnosticLine records
    annual: object = None  # diagnostic.annual.AnnualReport
    # (sheet as the workbook spells it, Excel row) → labels of the KPIs that row is left out of.
    dropped_from: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    loop: object = None  # diagnostic.loop.LoopReport
    groups: dict = field(default_factory=dict)  # Intitulé / Intervenant → kpis.group_kpis records
    referentiel: str = ""  # the RNQ version used, e.g. "V10"
    published: list = field(default_factory=list)  # publication.PublishedRow records (Indicateurs publiés)

    def kpi(self, code: str, period: str, category: str | None = None) -> dict | None:
        """The KPI row for (code, period, category), or None when not computed."""
        return self._index.get((code, period, category))

    def __post_init__(self) -> None:
        self._index = record_index(self.kpis)

    @property
    def stock_period(self) -> str:
        return self.as_of.isoformat()
