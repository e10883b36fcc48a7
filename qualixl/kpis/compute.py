"""Aggregate the KPI facts by period and category: one groupby per period kind.

Facts (definitions.py) are grouped once by (KPI, month, category); quarters and
exercises are unions of months and are summed from that small monthly table; the
rolling 12 months, which need not start on a month boundary, are grouped from the
facts directly. The all-categories row of every KPI is emitted for every period from
the first dated row of the workbook to the as-of date (counts 0, rates and means
without a value), so trends have no gaps; a category row only where the category has
facts for that KPI in that period.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from qualixl import schema
from qualixl.facts import NO_CATEGORY, facts_of
from qualixl.kpis import definitions as d
from qualixl.kpis import definitions_v10 as d10
from qualixl.kpis import periods as p
from qualixl.kpis.targets import read_targets, statuses
from qualixl.reading import Dataset, read_workbook

COLUMNS = ("code", "period", "category", "value", "numerator", "denominator", "n", "excluded", "status")
CODES = tuple(k.code for k in schema.KPIS)
CODE_INDEX = {c: i for i, c in enumerate(CODES)}
# How a KPI's (num, den) become value, numerator, denominator and n.
# TALLY: a count (value and n = den) shown with the part of it that is settled (numerator = num).
RATE, MEAN, COUNT, DISTINCT, TALLY = "rate", "mean", "count", "distinct", "tally"
_SPECIAL_SHAPES = {"PP_COUVERTURE": DISTINCT, "VIOLENCES_NB": TALLY}
SHAPES = {
    k.code: _SPECIAL_SHAPES.get(k.code) or {"taux": RATE, "moyenne": MEAN, "jours": MEAN}.get(k.unit, COUNT)
    for k in schema.KPIS
}
KIND_INDEX = {kind: i for i, kind in enumerate(p.KINDS)}
STATUS_KINDS = (p.EXERCISE, p.ROLLING_KIND, p.STOCK)
_CATEGORY_NAMES = np.array([None, *schema.CATEGORIES], dtype=object)


def compute_kpis(source: Dataset | Path | str, as_of: dt.date | None = None) -> pd.DataFrame:
    """Every KPI of the contract, per period and category, with its target status.

    `source` is a workbook path or a `reading.Dataset`; `as_of` defaults to today.
    Returns one row per (code, period, category) with the columns
    code, period, category, value, numerator, denominator, n, status:

    - period: ``AAAA-MM``, ``AAAA-Tn``, the exercise (``AAAA`` or ``AAAA-AAAA``), ``12M``
      (dates d with as_of − 1 year < d ≤ as_of, see periods.rolling_window), and for the
      stock KPIs (REC_OUVERTES, ACT_RETARD) only the as-of date ``AAAA-MM-JJ``;
      PP_COUVERTURE only for exercises and 12M;
    - category: None for all categories together, else the Catégorie;
    - rates: value = numerator ÷ denominator (None when the denominator is 0), n =
      denominator; means: value and n, no numerator/denominator; counts: value = n;
    - status (atteint / alerte / non atteint) for exercises, 12M and stock rows, against
      the Indicateurs sheet's targets (not for per-category counts).

    Each KPI's exact rule (which rows, which date, what is excluded) is in the docstring
    of its builder in definitions.py; REPONSE_TAUX in particular is attributed to the
    month the Sollicitation was sent, with responses matched on (Session, Partie
    prenante, Temps) and capped at the Destinataires of each sending.

    - excluded: the rows the KPI would count there but whose needed cell is invalid (an
      undated one counts at the as-of date).

    `attrs` holds: as_of (ISO), exercise_start_month, excluded ({sheet: rows left out of
    at least one KPI because their date or a value the KPI needs is unusable}),
    excluded_rows ({code: {"sheet", "rows"}}: the Excel rows each KPI left out),
    after_as_of ({sheet: rows dated after as_of}), skipped ({code: absent sheet}),
    targets ({code: {"target", "alert", "direction"}} as read from Indicateurs).
    """
    dataset = source if isinstance(source, Dataset) else read_workbook(source)
    as_of = as_of or dt.date.today()
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    ctx = d.Context(facts_of(dataset, as_of))
    flow, distinct, stock, skipped = _build_contributions(ctx)
    lost_rows = {code: {"sheet": d.NEEDS[code][0], "rows": [int(r) for r in frame.index[frame["excl"].to_numpy() > 0]]}
                 for code, frame in {**flow, **stock}.items() if (frame["excl"].to_numpy() > 0).any()}
    start_month = dataset.parameters.exercise_start_month
    last = p.month_key(as_of)
    first = min([p.month_key(t) for t in ctx.first_dates] + [last])
    months = p.month_range(first, last)
    parts = [
        _flow_rows(flow, months, start_month, as_of),
        _distinct_rows(distinct, months, start_month, as_of),
        _stock_rows(stock, as_of),
    ]
    targets = read_targets(dataset)
    result = _finish(pd.concat([x for x in parts if len(x)], ignore_index=True), targets)
    result.attrs = {
        "as_of": as_of.isoformat(),
        "exercise_start_month": start_month,
        "excluded": {name: int(mask.sum()) for name, mask in ctx.excluded.items()},
        "after_as_of": {name: int(mask.sum()) for name, mask in ctx.after.items()},
        "excluded_rows": lost_rows,
        "skipped": skipped,
        "targets": {c: {"target": t.target, "alert": t.alert, "direction": t.direction} for c, t in targets.items()},
    }
    return result


def _build_contributions(ctx: d.Context):
    f = ctx.facts
    sheets = f.dataset.sheets
    facts: dict[str, pd.DataFrame] = {}
    responses = None
    if schema.APPRECIATIONS in sheets:
        sat, responses = d.appraisal_contributions(ctx, f.appraisals)
        facts.update(sat)
    if schema.SOLLICITATIONS in sheets and responses is not None:
        facts["REPONSE_TAUX"] = d.response_rate_contributions(ctx, f.solicitations, responses)
    if schema.RECLAMATIONS in sheets:
        facts.update(d.complaint_contributions(ctx, f.complaints))
    if schema.PLAN in sheets:
        facts.update(d.action_contributions(ctx, f.actions))
    if schema.SESSIONS in sheets:
        facts.update(d.session_contributions(ctx, f.sessions))
    if schema.REVUES in sheets:
        facts.update(d.review_contributions(ctx, f.reviews))
    facts.update(d10.v10_contributions(ctx))
    skipped = {
        code: next(s for s in needs if s not in sheets)
        for code, needs in d.NEEDS.items()
        if any(s not in sheets for s in needs)
    }
    for kpi in schema.KPIS:
        if not kpi.by_category and kpi.code in facts:
            facts[kpi.code] = facts[kpi.code].assign(cat=NO_CATEGORY)
    stock = {k.code: facts.pop(k.code) for k in schema.KPIS if k.stock and k.code in facts}
    return facts, responses if "PP_COUVERTURE" not in skipped else None, stock, skipped


def _with_totals(grouped: pd.DataFrame, codes: list[int], keys, kind: str, label) -> pd.DataFrame:
    """Category rows (cat ≥ 0) and the all-categories rows reindexed on every (code, key)."""
    keys = np.unique(np.asarray(keys, dtype="int64"))
    totals = grouped.groupby(["code", "key"])[["num", "den", "excl"]].sum()
    totals = totals.reindex(pd.MultiIndex.from_product([codes, keys], names=["code", "key"]), fill_value=0.0)
    totals = totals.reset_index().assign(cat=NO_CATEGORY)
    cats = grouped[grouped["cat"] != NO_CATEGORY]
    frame = pd.concat([totals, cats], ignore_index=True)
    labels = {k: label(k) for k in keys}
    return frame.assign(kind=KIND_INDEX[kind], period=frame["key"].map(labels))


def _flow_rows(flow: dict[str, pd.DataFrame], months: np.ndarray, start_month: int, as_of: dt.date) -> pd.DataFrame:
    codes = [CODE_INDEX[c] for c in CODES if c in flow]
    if not codes:
        return pd.DataFrame()
    frames = [f.assign(code=CODE_INDEX[c]) for c, f in flow.items() if len(f)]
    if frames:
        facts = pd.concat(frames, ignore_index=True)
    else:
        facts = pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "cat": 0, "num": 0.0, "den": 0.0, "excl": 0.0,
                              "code": 0})
    facts["key"] = p.month_keys(facts["date"]) if len(facts) else pd.Series(dtype="int64")
    by = ["code", "key", "cat"]
    monthly = facts.groupby(by, sort=False)[["num", "den", "excl"]].sum().reset_index()

    def regroup(keys) -> pd.DataFrame:
        return monthly.assign(key=keys).groupby(by, sort=False)[["num", "den", "excl"]].sum().reset_index()

    window = facts[p.in_rolling_window(facts["date"], as_of)].assign(key=0)
    rolling = window.groupby(by, sort=False)[["num", "den", "excl"]].sum().reset_index()
    exercise_label = lambda k: p.exercise_key_label(k, start_month)  # noqa: E731
    return pd.concat(
        [
            _with_totals(monthly, codes, months, p.MONTH, p.month_label),
            _with_totals(regroup(p.quarter_of_month(monthly["key"])), codes, p.quarter_of_month(months), p.QUARTER,
                         p.quarter_label),
            _with_totals(regroup(p.exercise_of_month(monthly["key"], start_month)), codes,
                         p.exercise_of_month(months, start_month), p.EXERCISE, exercise_label),
            _with_totals(rolling, codes, [0], p.ROLLING_KIND, lambda _k: p.ROLLING),
        ],
        ignore_index=True,
    )


def _distinct_rows(responses: pd.DataFrame | None, months, start_month: int, as_of: dt.date) -> pd.DataFrame:
    """PP_COUVERTURE: distinct Partie prenante (num) and responses (den), exercises and 12M."""
    if responses is None:
        return pd.DataFrame()
    ex = p.exercise_of_month(p.month_keys(responses["date"]), start_month) if len(responses) else responses["date"]
    keys = np.unique(p.exercise_of_month(months, start_month))
    by_ex = responses.assign(key=ex).groupby("key")["pp"].agg(["nunique", "size"]).reindex(keys, fill_value=0)
    window = responses["pp"][p.in_rolling_window(responses["date"], as_of)]
    frame = pd.DataFrame(
        {
            "key": [*keys, 0],
            "num": [*by_ex["nunique"], window.nunique()],
            "den": [*by_ex["size"], len(window)],
            "kind": [KIND_INDEX[p.EXERCISE]] * len(keys) + [KIND_INDEX[p.ROLLING_KIND]],
            "period": [p.exercise_key_label(k, start_month) for k in keys] + [p.ROLLING],
        }
    )
    return frame.assign(code=CODE_INDEX["PP_COUVERTURE"], cat=NO_CATEGORY, excl=0.0).astype(
        {"num": "float64", "den": "float64"})


def _stock_rows(stock: dict[str, pd.DataFrame], as_of: dt.date) -> pd.DataFrame:
    frames = []
    for code, f in stock.items():
        per_cat = f.groupby("cat")[["num", "den", "excl"]].sum().reset_index()
        total = pd.DataFrame({"cat": [NO_CATEGORY], "num": [f["num"].sum()], "den": [f["den"].sum()],
                              "excl": [f["excl"].sum()]})
        frames.append(pd.concat([total, per_cat[per_cat["cat"] != NO_CATEGORY]]).assign(code=CODE_INDEX[code]))
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True).assign(
        key=0, kind=KIND_INDEX[p.STOCK], period=p.stock_label(as_of)
    ).astype({"num": "float64", "den": "float64", "excl": "float64"})


def _finish(frame: pd.DataFrame, targets) -> pd.DataFrame:
    """Turn (code, kind, key, cat, num, den) into the public columns, sorted, with statuses."""
    frame = frame.sort_values(["code", "kind", "key", "cat"], kind="stable", ignore_index=True)
    codes = pd.Series(np.asarray(CODES, dtype=object)[frame["code"].to_numpy()], dtype=object)
    shape = codes.map(SHAPES)
    num, den = frame["num"].astype("float64"), frame["den"].astype("float64")
    ratio = num / den.where(den > 0)
    rate, mean, tally = (shape == RATE).to_numpy(), (shape == MEAN).to_numpy(), (shape == TALLY).to_numpy()
    value = np.where(rate | mean, ratio, np.where(tally, den, num))
    n = np.where(rate | mean | tally | (shape == DISTINCT).to_numpy(), den, num)
    out = pd.DataFrame(
        {
            "code": codes,
            "period": frame["period"].astype(object),
            "category": pd.Series(_CATEGORY_NAMES[frame["cat"].to_numpy() + 1], dtype=object),
            "value": value.astype("float64"),
            "numerator": np.where(rate | tally, num, np.nan),
            "denominator": np.where(rate | tally, den, np.nan),
            "n": n.astype("int64"),
            "excluded": frame["excl"].fillna(0.0).astype("int64"),
        }
    )
    with_status = frame["kind"].isin([KIND_INDEX[k] for k in STATUS_KINDS]) & (
        (frame["cat"] == NO_CATEGORY) | shape.isin([RATE, MEAN])
    )
    status = statuses(out["value"], codes, targets)
    out["status"] = status.where(with_status, None).astype(object)
    return out[list(COLUMNS)]
