"""Issue 12's cross-view property: every view of a figure is the one KPI record, every verdict the one fact.

Hypothesis builds workbooks of a few dozen rows with valid and invalid cells, dates with
a time of day, identifiers in random case and optional sheets present or not; each is
refreshed for real. Then, for every KPI record, the dashboard, Évolution, Bilan annuel,
the diagnostic's figures and the CLI summary show that record; `check`'s verdict on each
row is the fact the KPIs count; `excluded` is the number of invalid rows the indicator
would have counted, recounted here from the generated rows themselves.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kpi_workbooks import action, complaint, response, session, solicitation, write_book
from python_calamine import CalamineWorkbook

from qualixl import figures, schema
from qualixl.checks import run_checks
from qualixl.diagnostic.model import figure
from qualixl.facts import facts_of
from qualixl.kpis.periods import in_rolling_window
from qualixl.refresh import HEADLINES, refresh, summary
from qualixl.schema import APPRECIATIONS, PLAN, RECLAMATIONS, SESSIONS, SOLLICITATIONS

AS_OF = dt.date(2026, 6, 30)
FIRST = dt.date(2025, 1, 1)
SPAN = (AS_OF - FIRST).days + 20  # a few rows fall after the as-of date

pytestmark = pytest.mark.slow


def _when(draw, hour=True):
    day = FIRST + dt.timedelta(days=draw(st.integers(0, SPAN)))
    if hour and draw(st.booleans()):
        return dt.datetime.combine(day, dt.time(draw(st.integers(0, 23)), draw(st.integers(0, 59))))
    return day


def _later(draw, start, most=40):
    if draw(st.integers(0, 5)) == 0:
        return None
    base = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
    return base + dt.timedelta(days=draw(st.integers(0, most)), hours=draw(st.integers(0, 20)))


def _case(draw, text):
    return "".join(c.lower() if draw(st.booleans()) else c for c in text) + draw(st.sampled_from(["", " "]))


@st.composite
def workbooks(draw):
    session_ids = [f"SES-2026-{i:03d}" for i in range(draw(st.integers(0, 4)))]
    with_sessions = bool(session_ids) and draw(st.booleans())
    sheets = {}
    if with_sessions:
        sheets[SESSIONS] = [
            session(sid, draw(st.sampled_from(schema.CATEGORIES)), start := _when(draw, hour=False),
                    start + dt.timedelta(days=draw(st.integers(0, 20))),
                    inscrits=(enrolled := draw(st.integers(1, 15))),
                    abandons=draw(st.sampled_from([0, 1, 2, enrolled + 1, "deux"])))
            for sid in session_ids]
        sheets[SOLLICITATIONS] = [
            solicitation(_when(draw, hour=False), draw(st.sampled_from([5, 10, 20, "dix"])),
                         session=_case(draw, draw(st.sampled_from(session_ids))))
            for _ in range(draw(st.integers(0, 4)))]
    refs = [None, "SES-9999-999", *session_ids]
    sheets[APPRECIATIONS] = [
        response(_when(draw), draw(st.sampled_from([1, 2, 3, 4, 5, "Satisfait", "Sans opinion", "bof", None])),
                 session=(lambda r: _case(draw, r) if r else None)(draw(st.sampled_from(refs))), temps="À chaud",
                 ID=f"APP-{i:04d}")
        for i in range(draw(st.integers(0, 30)))]
    complaints = []
    for i in range(draw(st.integers(0, 15))):
        received = _when(draw)
        complaints.append(complaint(
            received, status=draw(st.sampled_from(["Ouverte", "En cours", "Clôturée", "Terminée"])),
            kind=draw(st.sampled_from(["Réclamation", "Réclamation", "Difficulté", "Aléa"])),
            ack=_later(draw, received, 6), answered=_later(draw, received, 30), ID=f"REC-{i:03d}"))
    sheets[RECLAMATIONS] = complaints
    actions = []
    for i in range(draw(st.integers(0, 15))):
        opened = _when(draw, hour=False)
        status = draw(st.sampled_from(["À lancer", "En cours", "Réalisée", "Abandonnée", "Finie"]))
        done = opened + dt.timedelta(days=draw(st.integers(0, 200))) if status == "Réalisée" else None
        actions.append(action(opened, opened + dt.timedelta(days=draw(st.integers(0, 120))), status=status, done=done,
                              effect=draw(st.sampled_from([None, "Efficace", "Non efficace", "Top"])) if done else None,
                              evaluated=done + dt.timedelta(days=95) if done else None, ID=f"ACT-{i:03d}"))
    sheets[PLAN] = actions
    return sheets


def _grid(book, name):
    return book.get_sheet_by_name(name).to_python()


def _record(kpis, code, period, category=None):
    rows = kpis[(kpis["code"] == code) & (kpis["period"] == period)]
    rows = rows[rows["category"].isna()] if category is None else rows[rows["category"] == category]
    return None if not len(rows) else rows.iloc[0].to_dict()


def _shown(code, record):
    value = None if record is None else record["value"]
    return None if figures.missing(value) else figures.shown(code, value)


def _cell(value):
    return None if value in ("", "—") else value


def _rows_of(findings, rule, sheet_cells):
    return {int("".join(ch for ch in f.cell if ch.isdigit())) for f in findings if f.rule == rule} & sheet_cells


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(sheets=workbooks())
def test_every_view_shows_the_one_record_and_every_verdict_is_the_one_fact(tmp_path_factory, sheets):
    folder = tmp_path_factory.mktemp("cross")
    path = write_book(folder / "plan.xlsx", sheets)
    result = refresh(path, AS_OF, backup=False, keep_dataset=True)
    kpis, dataset = result.context.kpis, result.dataset
    book = CalamineWorkbook.from_path(str(path))
    exercise, stock = result.context.exercise, AS_OF.isoformat()

    # Dashboard tiles: value and n of the exercise and of the 12 months (the as-of date for stocks).
    tiles = {r[0]: r for r in _grid(book, "Tableau de bord") if r and r[0] in {k.label for k in schema.KPIS}}
    for kpi in schema.KPIS:
        year = _record(kpis, kpi.code, stock if kpi.stock else exercise)
        rolling = _record(kpis, kpi.code, stock if kpi.stock else "12M")
        row = tiles[kpi.label]
        assert _cell(row[2]) == _shown(kpi.code, year) and _cell(row[4]) == _shown(kpi.code, rolling), kpi.code
        for col, rec in ((3, year), (5, rolling)):
            assert row[col] == (rec["n"] if rec else 0), kpi.code
        lost = int(rolling["excluded"]) if rolling else 0
        assert row[10] == figures.excluded_note(lost), kpi.code

    # Évolution: the exercise rows.
    trends = _grid(book, "Évolution")
    header = next(r for r in trends if r and r[0] == "Période")
    ex_row = next(r for r in trends if r and r[0] == f"Exercice {exercise}")
    for kpi in (k for k in schema.KPIS if not k.stock):
        col = next(i for i, h in enumerate(header) if isinstance(h, str) and h.startswith(kpi.label))
        rec = _record(kpis, kpi.code, exercise)
        assert _cell(ex_row[col]) == _shown(kpi.code, rec), kpi.code
        assert _cell(ex_row[col + 1]) == (rec["n"] if rec else None), kpi.code

    # Bilan annuel: the headlines of the current exercise.
    annual = _grid(book, "Bilan annuel")
    first = next(i for i, r in enumerate(annual) if r and r[0] == "RNQ")
    for r in annual[first + 1:]:
        if not r or not r[1]:
            break
        if r[0] == "RNQ":  # the table carried over a page: its header repeated
            continue
        kpi = next((k for k in schema.KPIS if r[1].startswith(k.label)), None)
        assert kpi is not None, r
        rec = _record(kpis, kpi.code, exercise)
        assert _cell(r[2]) == _shown(kpi.code, rec) and r[3] == (rec["n"] if rec else 0), kpi.code

    # Diagnostic: every figure a line quotes is its record.
    for line in result.context.diagnostic:
        for quoted in line.figures:
            rec = _record(kpis, quoted["kpi"], quoted["period"], quoted["category"])
            assert rec is not None and dict(figure(rec)) == quoted, (line.code, quoted)

    # CLI summary: the headline KPIs as figures formats their record.
    text = summary(result)
    for code, period, _label in HEADLINES:
        rec = _record(kpis, code, stock if period is None else period)
        if rec is not None and not figures.missing(rec["value"]):
            assert figures.kpi_value(code, rec["value"]) in text, code

    # check's verdicts are the facts the KPIs count.
    facts = facts_of(dataset, AS_OF)
    findings = run_checks(dataset, AS_OF)
    actions, complaints = facts.actions, facts.complaints
    plan_rows = set(actions.index)
    assert _rows_of(findings, "action_en_retard", plan_rows) == set(actions.index[actions["late"]])
    retard = _record(kpis, "ACT_RETARD", stock)
    assert retard["value"] == int((actions["late"] & actions["dated"]).sum())
    rec_rows = set(complaints.index)
    acks = complaints["is_complaint"] & (complaints["ack_late"] | complaints["ack_overdue"])
    assert _rows_of(findings, "accuse_tardif", rec_rows) == set(complaints.index[acks])

    # An independent recount from the generated rows: late actions, and what each KPI left out.
    as_of = dt.datetime.combine(AS_OF, dt.time())

    def day(value):
        return dt.datetime.combine(value.date() if isinstance(value, dt.datetime) else value, dt.time())

    late = sum(1 for a in sheets[PLAN]
               if a["Statut"] in ("À lancer", "En cours") or (a["Statut"] == "Réalisée" and day(a["Date de réalisation"]) > as_of)
               if day(a["Date d'ouverture"]) <= as_of and day(a["Échéance"]) < as_of)
    assert retard["value"] == late
    def in_12m(value):
        return bool(in_rolling_window(pd.Series([pd.Timestamp(day(value))]), AS_OF).iloc[0])

    bad_notes = sum(1 for a in sheets[APPRECIATIONS] if a["Note globale"] in ("bof", None) and in_12m(a["Date"]))
    assert _record(kpis, "SAT_TAUX", "12M")["excluded"] == bad_notes
    unreadable = sum(1 for c in sheets[RECLAMATIONS] if c["Statut"] == "Terminée" and day(c["Date de réception"]) <= as_of)
    assert _record(kpis, "REC_OUVERTES", stock)["excluded"] == unreadable
