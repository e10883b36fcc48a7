"""`diagnose`: every rule of indicators 30, 31, 32 (and 2, 3, 12) on one workbook at one date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from qualixl.diagnostic import results, rules_30, rules_31, rules_32
from qualixl.diagnostic.model import INDICATORS, DiagContext, DiagnosticLine, as_timestamp
from qualixl.reading import Dataset, read_workbook

RULES = (*rules_30.RULES, *rules_31.RULES, *rules_32.RULES, *results.RULES)


def diagnose(source: Dataset | Path | str, as_of: dt.date | None = None,
             kpis: pd.DataFrame | None = None) -> list[DiagnosticLine]:
    """One DiagnosticLine per requirement, grouped by indicator (30, 31, 32, then 2, 3, 12).

    `source` is a workbook path or a `reading.Dataset`; `as_of` defaults to today. Pass the
    `kpis` table of `compute_kpis(dataset, as_of)` when already computed (refresh does),
    to avoid computing it twice.
    """
    dataset = source if isinstance(source, Dataset) else read_workbook(source)
    when = as_timestamp(as_of)
    if kpis is None:
        from qualixl.kpis import compute_kpis

        kpis = compute_kpis(dataset, when.date())
    ctx = DiagContext(dataset, when, kpis)
    lines = [rule(ctx) for rule in RULES]
    order = {indicator: i for i, indicator in enumerate(INDICATORS)}
    return sorted(lines, key=lambda line: order[line.indicator])
