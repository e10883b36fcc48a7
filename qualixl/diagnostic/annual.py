"""The annual quality report (Bilan annuel): what one exercise year shows, next to the previous one.

`build_annual` gathers, for the current exercise and the previous one when the workbook
has data for it: the headline KPIs beside the year before, complaints by category,
actions carried out and their effectiveness, actions still open (next year's axes) and
the quality reviews held. Rendering (render/annual.py) only lays these figures out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qualixl import schema
from qualixl.diagnostic.rates import RateEstimate, estimate_from_record
from qualixl.facts import as_timestamp, facts_of
from qualixl.kpis import Target, exercise_label, read_targets
from qualixl.kpis.periods import between_days
from qualixl.reading import Dataset

NOT_EVALUATED = "Non évaluée"
NO_CATEGORY = "Non renseignée"
# Actions listed one by one per list and exercise. Every action is counted (totals, table by origin);
# the Boucle d'amélioration lists them all with their sources: a provider with 100,000 appraisals
# carries out some 1,500 actions a year, which the annual report summarises instead of repeating.
LISTED_ACTIONS = 100
HEADLINE_CODES = tuple(k.code for k in schema.KPIS if not k.stock)


@dataclass(frozen=True)
class Headline:
    """One KPI of an exercise beside the previous exercise (values None when not computed)."""

    code: str
    label: str
    rnq: str
    unit: str
    value: float | None
    n: int
    previous: float | None
    previous_n: int
    target: float
    direction: str
    status: str | None
    estimate: RateEstimate | None = None  # rates only
    excluded: int = 0  # rows the record left out for an invalid cell


@dataclass(frozen=True)
class ActionRow:
    id: str
    action: str
    origin: str
    owner: str
    due: dt.date | None
    status: str
    done: dt.date | None = None
    effectiveness: str | None = None
    days_late: int | None = None
    evaluate_from: dt.date | None = None  # réalisation + the evaluation delay of Paramètres
    evaluation_due: bool = False  # facts at the exercise's cutoff: the evaluation delay has passed
    done_after_cutoff: bool = False  # Réalisée, but after the cutoff: still running then


@dataclass(frozen=True)
class ReviewRow:
    date: dt.date
    type: str
    participants: str
    decisions: str
    actions: str


@dataclass
class ExerciseReport:
    label: str
    previous_label: str
    start: dt.date
    end: dt.date
    cutoff: dt.date  # the last day counted: the exercise end, or the as-of date while it runs
    headlines: list[Headline] = field(default_factory=list)
    complaints: list[tuple[str, dict[str, int]]] = field(default_factory=list)  # category → {Type: count}
    done_actions: list[ActionRow] = field(default_factory=list)  # the most recent LISTED_ACTIONS, sheet order
    done_total: int = 0  # every action realised in the exercise
    effectiveness: dict[str, int] = field(default_factory=dict)  # Efficacité (or Non évaluée) → count
    done_by_origin: list[tuple[str, dict[str, int]]] = field(default_factory=list)  # Origine → same counts
    open_actions: list[ActionRow] = field(default_factory=list)  # the LISTED_ACTIONS due first
    open_total: int = 0  # every action running at the cutoff
    open_late: int = 0  # of which late at the cutoff (the facts' `late`)
    reviews: list[ReviewRow] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return self.cutoff < self.end


@dataclass
class AnnualReport:
    as_of: dt.date
    exercises: list[ExerciseReport]  # the current exercise first


def build_annual(dataset: Dataset, kpis: pd.DataFrame, as_of: dt.date | None = None) -> AnnualReport:
    """The annual report at `as_of` (default today) from a dataset and its `compute_kpis` table."""
    as_of = as_timestamp(as_of).date()
    start_month = dataset.parameters.exercise_start_month
    labels = set(kpis["period"].unique()) if kpis is not None and len(kpis) else set()
    current = exercise_start(as_of, start_month)
    previous = exercise_start(current - dt.timedelta(days=1), start_month)
    starts = [current] + ([previous] if exercise_label(previous, start_month) in labels else [])
    targets = read_targets(dataset)
    records = _overall_records(kpis)
    exercises = []
    for start in starts:
        end = _shift_year(start) - dt.timedelta(days=1)
        report = ExerciseReport(
            label=exercise_label(start, start_month),
            previous_label=exercise_label(start - dt.timedelta(days=1), start_month),
            start=start,
            end=end,
            cutoff=min(end, as_of),
        )
        report.headlines = _headlines(records, report, targets)
        _fill_sheets(dataset, report, as_of)
        exercises.append(report)
    return AnnualReport(as_of, exercises)


def exercise_start(day: dt.date, start_month: int) -> dt.date:
    """First day of the exercise containing `day` (exercises start on the 1st of `start_month`)."""
    return dt.date(day.year if day.month >= start_month else day.year - 1, start_month, 1)


def _shift_year(day: dt.date) -> dt.date:
    return dt.date(day.year + 1, day.month, day.day)


def _overall_records(kpis: pd.DataFrame | None) -> dict[tuple[str, str], dict]:
    """(code, period) → the KPI row over all categories, indexed once (filtering per headline cost 0.2 s)."""
    if kpis is None or not len(kpis):
        return {}
    records: dict[tuple[str, str], dict] = {}
    for r in kpis[kpis["category"].isna()].to_dict("records"):
        records.setdefault((r["code"], r["period"]), r)
    return records


def _value(record: dict | None) -> tuple[float | None, int]:
    if record is None:
        return None, 0
    value = record.get("value")
    n = record.get("n")
    value = None if value is None or pd.isna(value) else float(value)
    return value, 0 if n is None or pd.isna(n) else int(n)


def _headlines(records: dict[tuple[str, str], dict], report: ExerciseReport,
               targets: dict[str, Target]) -> list[Headline]:
    out = []
    for code in HEADLINE_CODES:
        spec = schema.KPIS_BY_CODE[code]
        now, before = records.get((code, report.label)), records.get((code, report.previous_label))
        value, n = _value(now)
        previous, previous_n = _value(before)
        target = targets.get(code) or Target(float(spec.target), float(spec.alert), spec.direction)
        status = now.get("status") if now else None
        estimate = estimate_from_record(now) if now is not None and spec.unit == "taux" and n else None
        out.append(Headline(code, spec.label, spec.rnq, spec.unit, value, n, previous, previous_n,
                            float(target.target), target.direction, status if isinstance(status, str) else None,
                            estimate, int(now.get("excluded") or 0) if now else 0))
    return out


def _within(days: pd.Series, report: ExerciseReport) -> pd.Series:
    """Days (facts dates) of the exercise up to its cutoff."""
    return between_days(days, report.start, report.cutoff)


def _date(value) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _refs(value) -> str:
    return "; ".join(value) if isinstance(value, tuple) else ""


def _fill_sheets(dataset: Dataset, report: ExerciseReport, as_of: dt.date) -> None:
    """The exercise's rows, judged by the facts at its cutoff (an ended exercise at its last day).

    The actions realised in it are judged at the report's as-of date: their evaluation is
    what is known now (as ACT_EFFICACITE's record of that exercise counts it), and one
    whose delay has passed since is « Non évaluée », not « À évaluer à partir du … ».
    """
    facts, now = facts_of(dataset, report.cutoff), facts_of(dataset, as_of)
    rec = dataset.get(schema.RECLAMATIONS)
    if rec is not None and len(rec):
        v = rec.values[_within(facts.complaints["date"], report).to_numpy()]
        category = v["Catégorie"].where(v["Catégorie"].notna(), NO_CATEGORY)
        table = pd.crosstab(category, v["Type"].where(v["Type"].notna(), schema.COMPLAINT_TYPES[0]))
        order = [c for c in (*schema.CATEGORIES, NO_CATEGORY) if c in table.index]
        report.complaints = [(c, {t: int(table.loc[c, t]) for t in table.columns}) for c in order]
    plan = dataset.get(schema.PLAN)
    if plan is not None and len(plan):
        _fill_actions(plan.values, facts.actions, now.actions, report, dataset.parameters.evaluation_delay)
    reviews = dataset.get(schema.REVUES)
    if reviews is not None and len(reviews):
        v = reviews.values[_within(facts.reviews["date"], report).to_numpy()].sort_values("Date", kind="stable")
        report.reviews = [
            ReviewRow(_date(r["Date"]), _text(r["Type"]), _text(r["Participants"]), _text(r["Décisions"]),
                      _refs(r["Actions"]))
            for r in v.to_dict("records")
        ]


def _fill_actions(v: pd.DataFrame, f: pd.DataFrame, now: pd.DataFrame, report: ExerciseReport,
                  evaluation_delay: int) -> None:
    """Actions realised in the exercise (counted, by origin, the most recent listed) and those still
    running at its cutoff (counted, the soonest due listed). `f` are the facts at the cutoff, `now`
    at the as-of date (an evaluation is what is known now)."""
    done = f["realised"] & _within(f["done_at"], report)
    evaluated = v["Efficacité"].where(now["evaluated"])[done].fillna(NOT_EVALUATED)
    report.done_total = int(done.sum())
    counts = evaluated.value_counts()
    report.effectiveness = {k: int(counts.get(k, 0)) for k in (*schema.EFFECTIVENESS, NOT_EVALUATED)}
    if report.done_total:
        origin = v["Origine"][done].where(v["Origine"][done].notna(), NO_CATEGORY)
        table = pd.crosstab(origin, evaluated)
        order = [o for o in (*schema.ACTION_ORIGINS, NO_CATEGORY) if o in table.index]
        report.done_by_origin = [(o, {k: int(table.loc[o].get(k, 0)) for k in report.effectiveness}) for o in order]
    # Most recent first; on the same day, the later row first (reversed, then a stable sort).
    listed = f.loc[done, "done_at"].sort_index(ascending=False).sort_values(ascending=False, kind="stable")
    chosen = v.index.isin(listed.index[:LISTED_ACTIONS])
    delay = dt.timedelta(days=evaluation_delay)
    effects, due = evaluated.to_dict(), now["evaluation_due"].to_dict()
    report.done_actions = [
        _action(r, row, effect=effects[row], delay=delay, evaluation_due=due[row]) for row, r in _rows(v, chosen)
    ]
    running = f["open"]
    report.open_total, report.open_late = int(running.sum()), int((running & f["late"]).sum())
    soonest = f.loc[running, "due"].sort_values(kind="stable", na_position="last").index[:LISTED_ACTIONS]
    late, after = f["days_late"].to_dict(), f["done_later"].to_dict()
    report.open_actions = [_action(r, row, days_late=late[row], done_after_cutoff=after[row])
                           for row, r in _rows(v, v.index.isin(soonest))]
    report.open_actions.sort(key=lambda a: (a.due is None, a.due or dt.date.max))


def _rows(v: pd.DataFrame, selected):
    """(Excel row number, {header: value}) of the selected rows, in sheet order.

    One conversion for all the rows, of the columns an ActionRow shows: a `v.loc[row]`
    per action cost ~0.3 s for 3,000 actions.
    """
    return v.loc[np.asarray(selected, dtype=bool), list(ACTION_COLUMNS)].to_dict("index").items()


ACTION_COLUMNS = ("ID", "Action", "Origine", "Responsable", "Échéance", "Statut", "Date de réalisation")


def _action(r: dict, row: int, effect=None, days_late=None, delay: dt.timedelta | None = None,
            evaluation_due: bool = False, done_after_cutoff: bool = False) -> ActionRow:
    """One action as the report lists it; `days_late` is the facts' (NaN when not late)."""
    due = _date(r["Échéance"])
    done = _date(r["Date de réalisation"])
    late = None if days_late is None or pd.isna(days_late) else int(days_late)
    return ActionRow(
        id=_text(r["ID"]) or f"ligne {row}",
        action=_text(r["Action"]),
        origin=_text(r["Origine"]),
        owner=_text(r["Responsable"]),
        due=due,
        status=_text(r["Statut"]),
        done=done,
        effectiveness=effect if isinstance(effect, str) and effect != NOT_EVALUATED else None,
        days_late=late,
        evaluate_from=done + delay if done is not None and delay is not None else None,
        evaluation_due=bool(evaluation_due),
        done_after_cutoff=bool(done_after_cutoff),
    )
