"""SAT_TAUX, SAT_MOY and REPONSE_TAUX per training (the session's Intitulé) and per trainer (its Intervenant).

The same contributions as the workbook-wide KPIs (definitions.py, from the same facts),
with the category code of each row replaced by the code of its session's group: a
training's rate is what SAT_TAUX would be if the workbook held only that training's
sessions. Rows tied to no session, or to a session without an Intitulé / Intervenant,
form the group None. Over the rolling 12 months only (WORKBOOK.md, Par formation), so
that the groups' numerators and denominators add up to the 12M record of compute_kpis.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from qualixl import schema
from qualixl.facts import NO_CATEGORY, facts_of
from qualixl.kpis import definitions as d
from qualixl.kpis import periods as p
from qualixl.kpis.compute import SHAPES
from qualixl.kpis.targets import read_targets, statuses
from qualixl.reading import Dataset

GROUP_CODES = ("SAT_TAUX", "SAT_MOY", "REPONSE_TAUX")
BY_TRAINING, BY_TRAINER = "Intitulé", "Intervenant"
COLUMNS = ("code", "period", "by", "group", "value", "numerator", "denominator", "n", "excluded", "status")


def group_kpis(dataset: Dataset, as_of: dt.date | None = None, by: str = BY_TRAINING) -> pd.DataFrame:
    """One record per (code, group) over the 12 months to `as_of`, by Sessions' `by` column.

    Columns: code, period ("12M"), by, group (the Intitulé or Intervenant; None for the rows
    tied to none), value, numerator, denominator (rates only), n, excluded, status.
    Empty when Appréciations or Sessions is absent.
    """
    return group_kpis_by(dataset, as_of, (by,))[by]


def group_kpis_by(dataset: Dataset, as_of: dt.date | None = None,
                  bys: tuple[str, ...] = (BY_TRAINING, BY_TRAINER)) -> dict[str, pd.DataFrame]:
    """`group_kpis` for several Sessions columns at once: {by: its records}.

    The contributions (and the matching of responses to sollicitations, the costly part)
    are computed once, each row's category being one code that combines its groups; they
    add up, so summing them per group of one column gives exactly that column's records.
    """
    facts = facts_of(dataset, as_of)
    sessions = dataset.get(schema.SESSIONS)
    out = {by: pd.DataFrame(columns=list(COLUMNS)) for by in bys}
    present = [by for by in bys if facts.appraisals is not None and sessions is not None and by in sessions.values]
    if not present:
        return out
    combined = pd.Series(0, index=sessions.values.index, dtype="int64")
    labels, widths = {}, {}
    for by in present:
        names = sessions.values[by].map(lambda v: " ".join(v.split()) if isinstance(v, str) and v.strip() else None)
        codes, labels[by] = pd.factorize(names, use_na_sentinel=True)
        widths[by] = len(labels[by]) + 1  # code + 1: 0 for a session without this column
        combined = combined * widths[by] + (codes + 1)

    def grouped(frame: pd.DataFrame) -> pd.DataFrame:
        index = facts.ids.get(schema.SESSIONS)
        if index is None or not len(frame):
            return frame.assign(cat=NO_CATEGORY)
        return frame.assign(cat=index.lookup(frame["session"], combined).fillna(NO_CATEGORY).astype("int64"))

    ctx = d.Context(facts)
    contributions, responses = d.appraisal_contributions(ctx, grouped(facts.appraisals))
    if facts.solicitations is not None:
        contributions["REPONSE_TAUX"] = d.response_rate_contributions(ctx, grouped(facts.solicitations), responses)
    as_of_day = facts.as_of.date()
    windows = {code: frame[p.in_rolling_window(frame["date"], as_of_day).to_numpy(dtype=bool)]
               for code in GROUP_CODES if (frame := contributions.get(code)) is not None}
    targets = read_targets(dataset)
    for by in present:
        rows = []
        for code, window in windows.items():
            sums = window.groupby(_code_of(window["cat"], by, present, widths))[["num", "den", "excl"]].sum()
            for cat, (num, den, excl) in sums.iterrows():
                rows.append((code, int(cat), float(num), float(den), int(excl)))
        frame = pd.DataFrame(rows, columns=["code", "cat", "num", "den", "excl"])
        out[by] = _finish(frame, labels[by], by, targets)
    return out


def _code_of(combined: pd.Series, by: str, order: list[str], widths: dict[str, int]) -> np.ndarray:
    """The `by` group code (NO_CATEGORY for none) inside combined category codes."""
    values = combined.to_numpy()
    code = values.copy()
    for later in reversed(order[order.index(by) + 1:]):
        code //= widths[later]
    code = code % widths[by] - 1
    return np.where(values == NO_CATEGORY, NO_CATEGORY, code)


def _finish(frame: pd.DataFrame, labels, by: str, targets) -> pd.DataFrame:
    if not len(frame):
        return pd.DataFrame(columns=list(COLUMNS))
    rate = (frame["code"].map(SHAPES) == "rate").to_numpy()
    value = frame["num"] / frame["den"].where(frame["den"] > 0)
    names = np.array([None, *labels], dtype=object)
    out = pd.DataFrame({
        "code": frame["code"].astype(object),
        "period": p.ROLLING,
        "by": by,
        "group": pd.Series(names[frame["cat"].to_numpy() + 1], dtype=object),
        "value": value.astype("float64"),
        "numerator": np.where(rate, frame["num"], np.nan),
        "denominator": np.where(rate, frame["den"], np.nan),
        "n": frame["den"].astype("int64"),
        "excluded": frame["excl"].astype("int64"),
    })
    out["status"] = statuses(out["value"], out["code"], targets)
    return out[list(COLUMNS)]
