"""`diagnose`: the requirements of the référentiel in force (V9 or V10) on one workbook at one date.

Every rule module returns its lines; the version applied (referentiel/, chosen by
Paramètres « Référentiel » and the as-of date) keeps those of its indicators that apply
to the provider's categories, in its own order. Forcing a version other than the one in
force is said in a line of its own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from qualixl.diagnostic import (
    results,
    rules_2_methods,
    rules_12_violences,
    rules_30,
    rules_30_coverage,
    rules_31,
    rules_32,
    rules_32_activity,
    rules_32_risks,
    rules_33,
)
from qualixl.diagnostic.model import (
    A_SURVEILLER,
    INDICATORS,
    DiagContext,
    DiagnosticLine,
    as_timestamp,
    typography,
)
from qualixl.reading import Dataset, read_workbook

RULES = (*rules_30.RULES, *rules_30_coverage.RULES, *rules_31.RULES, *rules_32_activity.RULES, *rules_32.RULES, *rules_32_risks.RULES,
         *rules_33.RULES, *results.RULES, *rules_2_methods.RULES, *rules_12_violences.RULES)


def _requirements(ctx: DiagContext) -> dict[str, tuple[int, int]]:
    """Code → (indicator rank, requirement rank) of every requirement the version applies here."""
    categories = ctx.params.categories or ("Formation",)
    order = {indicator: i for i, indicator in enumerate(INDICATORS)}
    out = {}
    for indicator in ctx.referentiel.indicators:
        if indicator.applies_to(categories):
            for rank, code in enumerate(indicator.requirements):
                out[code] = (order[indicator.number], rank)
    return out


def _forced_line(ctx: DiagContext) -> DiagnosticLine:
    return DiagnosticLine(0, typography(f"Référentiel appliqué : {ctx.referentiel.label}."), A_SURVEILLER, "",
                          typography(ctx.chosen.note()),
                          typography("Remettez « auto » dans Paramètres « Référentiel » pour préparer l'audit "
                                     f"selon le {ctx.chosen.in_force.name}."), "0-referentiel")


def diagnose(source: Dataset | Path | str, as_of: dt.date | None = None,
             kpis: pd.DataFrame | None = None) -> list[DiagnosticLine]:
    """One DiagnosticLine per requirement of the référentiel applied, grouped by indicator.

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
    wanted = _requirements(ctx)
    lines = [line for line in (rule(ctx) for rule in RULES) if line.code in wanted]
    lines.sort(key=lambda line: wanted[line.code])
    return ([_forced_line(ctx)] if ctx.chosen.differs else []) + lines
