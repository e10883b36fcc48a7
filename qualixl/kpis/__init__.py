"""Result indicators (KPIs) of the contract, per period and category.

`compute_kpis` is the entry point; `period_labels` gives a renderer the labels it
needs (current exercise, last months…); `format_kpis` and `kpi_records` turn a result
into a French table or JSON records.
"""

from qualixl.kpis.compute import COLUMNS, compute_kpis
from qualixl.kpis.formatting import format_kpis, format_notes, format_value, kpi_records
from qualixl.kpis.groups import group_kpis
from qualixl.kpis.lookup import record_index
from qualixl.kpis.periods import (
    ROLLING,
    PeriodLabels,
    exercise_label,
    month_labels,
    period_kind,
    period_labels,
    rolling_window,
)
from qualixl.kpis.targets import Target, read_targets

__all__ = [
    "COLUMNS",
    "ROLLING",
    "PeriodLabels",
    "Target",
    "compute_kpis",
    "exercise_label",
    "format_kpis",
    "format_notes",
    "format_value",
    "group_kpis",
    "kpi_records",
    "month_labels",
    "period_kind",
    "period_labels",
    "read_targets",
    "record_index",
    "rolling_window",
]
