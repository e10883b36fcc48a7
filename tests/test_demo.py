"""The demo generator: deterministic, realistic, consistent, and written as a sound workbook.

Consistency is recomputed here from the rows themselves, with the contract's columns
and reference targets taken from schema.py, not from the generator's own bookkeeping.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import posixpath
import re
import time
import zipfile
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path

import pytest
import python_calamine
from click.testing import CliRunner
from lxml import etree

from qualixl import demo, schema
from qualixl.errors import QualixlError
from qualixl.schema import Kind

TODAY = dt.date(2026, 11, 25)
ROWS = 2000
ROOT = Path(__file__).resolve().parent.parent
REF_SPLIT = re.compile(r"\s*[;,]\s*")
ID_PATTERNS = {
    schema.SESSIONS: r"SES-\d{4}-\d{3,}",
    schema.SOLLICITATIONS: r"SOL-\d{4}-\d{3,}",
    schema.APPRECIATIONS: r"APP-\d{4}-\d{4,}",
    schema.RECLAMATIONS: r"REC-\d{4}-\d{3,}",
    schema.PLAN: r"ACT-\d{4}-\d{3,}",
    schema.RISQUES: r"RIS-\d{4}-\d{3}",
}
INPUT_SHEETS = (schema.SESSIONS, schema.SOLLICITATIONS, schema.APPRECIATIONS, schema.RECLAMATIONS,
                schema.PLAN, schema.REVUES, schema.RISQUES)


def records(data: dict, sheet: str) -> list[dict]:
    headers = [c.header for c in schema.SHEETS_BY_NAME[sheet].columns]
    out = []
    for row in data[sheet]:
        assert len(row) == len(headers), f"{sheet}: {len(row)} values for {len(headers)} columns"
        out.append(dict(zip(headers, row, strict=True)))
    return out


def refs(cell) -> list[str]:
    return [p for p in REF_SPLIT.split(cell) if p] if cell else []


@pytest.fixture(scope="module")
def data() -> dict:
    return demo.generate(ROWS, seed=2026, today=TODAY)


@pytest.fixture(scope="module")
def sheets(data) -> dict[str, list[dict]]:
    return {name: records(data, name) for name in INPUT_SHEETS}


# --------------------------------------------------------------------------- determinism


def test_same_arguments_give_the_same_data(data):
    assert demo.generate(ROWS, seed=2026, today=TODAY) == data


def test_another_seed_or_day_gives_other_data(data):
    assert demo.generate(ROWS, seed=2027, today=TODAY) != data
    assert demo.generate(ROWS, seed=2026, today=TODAY - dt.timedelta(days=30)) != data


def test_returns_the_input_sheets_in_contract_order(data):
    order = [s.name for s in schema.SHEETS]
    assert list(data) == sorted(data, key=order.index)
    assert set(data) == set(INPUT_SHEETS)


def test_today_defaults_to_the_real_today():
    today = dt.date.today()
    generated = demo.generate(200, seed=3)
    dates = [v for rows in generated.values() for row in rows for v in row if isinstance(v, dt.date)]
    appraisal_dates = [r[1] for r in generated[schema.APPRECIATIONS]]
    assert max(appraisal_dates) <= today
    assert max(appraisal_dates) >= today - dt.timedelta(days=30)
    assert min(dates) >= today - dt.timedelta(days=3 * 366)


def test_negative_rows_are_refused():
    with pytest.raises(ValueError):
        demo.generate(-1)


# --------------------------------------------------------------------------- sizes and variety


def test_counts_at_demo_size(sheets):
    assert len(sheets[schema.APPRECIATIONS]) == ROWS
    assert len(sheets[schema.SESSIONS]) >= 150
    assert len(sheets[schema.RECLAMATIONS]) >= 40
    assert len(sheets[schema.PLAN]) >= 60
    assert len(sheets[schema.REVUES]) >= 8  # quarterly over two exercises, plus yearly reviews


def test_every_enumerated_value_of_the_story_occurs(sheets):
    def values(sheet, header):
        return {r[header] for r in sheets[sheet]}

    assert values(schema.SESSIONS, "Catégorie") == set(schema.CATEGORIES)
    assert values(schema.PLAN, "Statut") == set(schema.ACTION_STATUSES)
    assert values(schema.PLAN, "Origine") == set(schema.ACTION_ORIGINS)
    assert values(schema.PLAN, "Type") == set(schema.ACTION_TYPES)
    assert values(schema.PLAN, "Efficacité") - {None} == set(schema.EFFECTIVENESS)
    assert values(schema.RECLAMATIONS, "Statut") == set(schema.COMPLAINT_STATUSES)
    assert values(schema.RECLAMATIONS, "Type") == set(schema.COMPLAINT_TYPES)
    assert values(schema.RECLAMATIONS, "Gravité") == set(schema.COMPLAINT_SEVERITIES)
    assert values(schema.RECLAMATIONS, "Catégorie") - {None} == set(schema.CATEGORIES)
    assert {"Revue qualité", "Revue de direction"} <= values(schema.REVUES, "Type")


def test_appraisals_look_like_real_surveys(sheets):
    apps = sheets[schema.APPRECIATIONS]
    stakeholders = Counter(r["Partie prenante"] for r in apps)
    assert {"Bénéficiaire", "Financeur", "Entreprise", "Intervenant"} <= set(stakeholders)
    assert stakeholders["Bénéficiaire"] > ROWS / 2
    moments = Counter((r["Temps"]) for r in apps)
    assert {"À chaud", "À froid", "Six mois"} <= set(moments)
    sessions = {s["ID"]: s for s in sheets[schema.SESSIONS]}
    six_months = {sessions[r["Session"]]["Catégorie"] for r in apps if r["Temps"] == "Six mois"}
    assert six_months == {"Bilan de compétences"}
    notes = Counter(r["Note globale"] for r in apps)
    assert set(schema.LIKERT_LABELS) | {schema.NO_OPINION} <= set(notes)
    numbers = [n for n in notes.elements() if isinstance(n, (int, float))]
    assert len(numbers) > ROWS * 0.7
    assert all(1 <= n <= 5 for n in numbers)
    satisfied = sum(1 for n in numbers if n >= 4) / len(numbers)
    assert 0.7 < satisfied < 0.97
    assert {r["Recommandation"] for r in apps} == {"Oui", "Non", None}
    assert sum(1 for r in apps if r["Thème"]) > ROWS / 4
    forts = {r["Points forts"] for r in apps if r["Points forts"]}
    ameliorer = {r["Points à améliorer"] for r in apps if r["Points à améliorer"]}
    assert len(forts) > 50 and len(ameliorer) > 50


def test_some_verbatims_look_like_formulas(sheets):
    texts = [r[h] for r in sheets[schema.APPRECIATIONS] for h in ("Points forts", "Points à améliorer") if r[h]]
    for first in "=-+":
        assert any(t.startswith(first) for t in texts), first


def test_unsatisfied_answers_are_followed_up(sheets):
    followed = [r for r in sheets[schema.APPRECIATIONS] if r["Suite donnée"]]
    assert len(followed) >= 5
    targets = Counter(ref[:3] for r in followed for ref in refs(r["Suite donnée"]))
    assert targets["REC"] and targets["ACT"]


def test_sizes_scale_with_rows_and_ids_widen():
    big = demo.generate(60_000, seed=5, today=TODAY)
    assert len(big[schema.APPRECIATIONS]) == 60_000
    assert len(big[schema.RECLAMATIONS]) == 60_000 // 50
    assert len(big[schema.PLAN]) == 60_000 // 33
    assert 60_000 / 14 < len(big[schema.SESSIONS]) < 60_000 / 10
    ids = [r[0] for r in big[schema.APPRECIATIONS]]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"APP-\d{4}-\d{5}", i) for i in ids)


def test_tiny_sizes_still_tell_the_whole_story():
    for rows in (0, 1, 15):
        small = demo.generate(rows, seed=11, today=TODAY)
        assert len(small[schema.APPRECIATIONS]) == rows
        plan = records(small, schema.PLAN)
        assert {r["Statut"] for r in plan} == set(schema.ACTION_STATUSES)
        assert {r["Origine"] for r in plan} == set(schema.ACTION_ORIGINS)
        check_consistency({name: records(small, name) for name in INPUT_SHEETS}, TODAY)


# --------------------------------------------------------------------------- consistency


def check_consistency(sheets: dict[str, list[dict]], today: dt.date) -> None:
    """Every rule of WORKBOOK.md whose breach is an error, recomputed from the rows."""
    ids = {}
    for name, rows in sheets.items():
        sheet = schema.SHEETS_BY_NAME[name]
        for row in rows:
            for header in sheet.required_headers:
                assert row[header] not in (None, ""), f"{name}: {header} empty in {row}"
            for col in sheet.columns:
                value = row[col.header]
                if value is None:
                    continue
                if col.kind is Kind.CHOICE:
                    assert value in col.choices, (name, col.header, value)
                elif col.kind is Kind.DATE:
                    assert type(value) is dt.date, (name, col.header, value)
                elif col.kind is Kind.INTEGER:
                    assert type(value) is int and value >= 0, (name, col.header, value)
                elif col.kind is Kind.SCORE:
                    assert value in schema.LIKERT_LABELS or value == schema.NO_OPINION or (
                        isinstance(value, (int, float)) and 1 <= value <= 5), value
                else:
                    assert type(value) is str and value.strip() == value and value, (name, col.header, value)
        if sheet.key == "ID":
            column = [r["ID"] for r in rows]
            assert len(set(column)) == len(column), f"{name}: duplicate IDs"
            assert all(re.fullmatch(ID_PATTERNS[name], i) for i in column), name
            ids[name] = set(column)
    # Every reference resolves into one of the sheets its column names.
    for name, rows in sheets.items():
        for col in schema.SHEETS_BY_NAME[name].columns:
            if col.kind is not Kind.REFS:
                continue
            known = set().union(*(ids.get(t, set()) for t in col.targets))
            for row in rows:
                for ref in refs(row[col.header]):
                    assert ref in known, f"{name}.{col.header}: {ref} not found"
    # No fact after today (an action's Échéance is a plan, not a fact).
    for name, rows in sheets.items():
        for row in rows:
            for header, value in row.items():
                if isinstance(value, dt.date) and header != "Échéance":
                    assert value <= today, (name, header, value)
    for s in sheets[schema.SESSIONS]:
        assert s["Date de fin"] is None or s["Date de début"] <= s["Date de fin"]
        assert s["Inscrits"] >= 1 and s["Abandons"] <= s["Inscrits"]
        assert (s["Motifs d'abandon"] is not None) == (s["Abandons"] > 0)
        remaining = s["Inscrits"] - s["Abandons"]
        for header in ("Objectifs atteints", "Présentés à la certification", "En emploi à 6 mois"):
            assert s[header] is None or s[header] <= remaining, (header, s)
        if s["Certifiés"] is not None:
            assert s["Certifiés"] <= s["Présentés à la certification"]
        assert s["Ruptures de contrat"] is None or s["Ruptures de contrat"] <= s["Inscrits"]
    for c in sheets[schema.RECLAMATIONS]:
        chain = [c[h] for h in ("Date de réception", "Date d'accusé de réception", "Date de réponse",
                                "Date de clôture") if c[h] is not None]
        assert chain == sorted(chain), c
        closed = c["Statut"] == "Clôturée"
        assert closed == (c["Date de clôture"] is not None), c
        if closed:
            assert c["Réponse apportée"] and c["Date de réponse"], c
        assert (c["Réponse apportée"] is None) == (c["Date de réponse"] is None), c
    for a in sheets[schema.PLAN]:
        done = a["Statut"] == "Réalisée"
        assert done == (a["Date de réalisation"] is not None), a
        if done:
            assert a["Date de réalisation"] >= a["Date d'ouverture"]
        assert (a["Efficacité"] is None) == (a["Date d'évaluation"] is None), a
        if a["Efficacité"]:
            assert done and a["Date d'évaluation"] >= a["Date de réalisation"], a
        assert a["Échéance"] >= a["Date d'ouverture"]


def test_every_rule_of_the_contract_holds(sheets):
    check_consistency(sheets, TODAY)


@pytest.mark.parametrize("seed, today", [(1, dt.date(2027, 1, 2)), (7, dt.date(2024, 2, 29)),
                                         (42, dt.date(2025, 7, 1))])
def test_consistency_holds_for_other_seeds_and_days(seed, today):
    other = demo.generate(3000, seed=seed, today=today)
    check_consistency({name: records(other, name) for name in INPUT_SHEETS}, today)


def test_references_point_back_in_time(sheets):
    """A follow-up is never older than what it follows up."""
    by_id = {r["ID"]: r for name in (schema.APPRECIATIONS, schema.RECLAMATIONS, schema.SESSIONS, schema.PLAN,
                                     schema.SOLLICITATIONS) for r in sheets[name]}

    def when(row):
        for header in ("Date", "Date de réception", "Date d'ouverture", "Date d'envoi", "Date de début"):
            if header in row:
                return row[header]
        raise AssertionError(row)

    for a in sheets[schema.APPRECIATIONS]:
        for ref in refs(a["Suite donnée"]):
            assert when(by_id[ref]) >= a["Date"], (a["ID"], ref)
    for c in sheets[schema.RECLAMATIONS]:
        for ref in refs(c["Action"]):
            assert by_id[ref]["Date d'ouverture"] >= c["Date de réception"]
        if c["Session"]:
            assert c["Date de réception"] >= by_id[c["Session"]]["Date de début"]
            assert c["Catégorie"] == by_id[c["Session"]]["Catégorie"]
    for a in sheets[schema.PLAN]:
        for ref in refs(a["Références"]):
            assert when(by_id[ref]) <= a["Date d'ouverture"], (a["ID"], ref)
    for r in sheets[schema.REVUES]:
        for ref in refs(r["Actions"]):
            assert by_id[ref]["Date d'ouverture"] == r["Date"]


def test_surveys_match_sessions_and_responses(sheets):
    sessions = {s["ID"]: s for s in sheets[schema.SESSIONS]}
    sent = defaultdict(int)
    first_sent = {}
    for s in sheets[schema.SOLLICITATIONS]:
        assert s["Destinataires"] >= 1
        assert s["Date de relance"] is None or s["Date de relance"] > s["Date d'envoi"]
        key = (s["Session"], s["Partie prenante"], s["Temps"])
        sent[key] += s["Destinataires"]
        first_sent[key] = min(first_sent.get(key, s["Date d'envoi"]), s["Date d'envoi"])
        if s["Session"] is None:
            assert s["Temps"] == "Annuel"
            continue
        session = sessions[s["Session"]]
        assert s["Date d'envoi"] >= session["Date de début"]
        if s["Temps"] in ("À chaud", "À froid", "Six mois"):
            assert session["Date de fin"] is not None and s["Date d'envoi"] >= session["Date de fin"]
        if (s["Partie prenante"], s["Temps"]) == ("Bénéficiaire", "À chaud"):
            assert s["Destinataires"] == session["Inscrits"] - session["Abandons"]
    answered = Counter((a["Session"], a["Partie prenante"], a["Temps"]) for a in sheets[schema.APPRECIATIONS])
    for key, n in answered.items():
        assert n <= sent[key], key  # never more responses than people asked
    for a in sheets[schema.APPRECIATIONS]:
        assert a["Date"] >= first_sent[(a["Session"], a["Partie prenante"], a["Temps"])]


def test_quality_reviews_are_quarterly_and_decide_actions(sheets):
    period = schema.PARAMETERS_BY_NAME["Périodicité des revues qualité"].default
    dates = sorted(r["Date"] for r in sheets[schema.REVUES] if r["Type"] == "Revue qualité")
    assert all((b - a).days <= period for a, b in pairwise(dates))
    assert (TODAY - dates[-1]).days <= period
    origins = {a["ID"]: a["Origine"] for a in sheets[schema.PLAN]}
    decided = {r["Type"]: {origins[ref] for ref in refs(r["Actions"])} for r in sheets[schema.REVUES] if r["Actions"]}
    assert decided == {"Revue qualité": {"Revue qualité"},
                       schema.TEAM_RESTITUTION: {schema.TEACHING_EVALUATION}}


def test_apprentices_evaluate_teaching_and_the_results_are_shared(sheets):
    """V10 indicator 33: a teaching evaluation, distinct from satisfaction, restituted, with actions."""
    sessions = {s["ID"]: s for s in sheets[schema.SESSIONS]}
    evaluations = [a for a in sheets[schema.APPRECIATIONS] if a["Temps"] == schema.TEACHING_EVALUATION]
    assert evaluations and {sessions[a["Session"]]["Catégorie"] for a in evaluations} == {"Apprentissage"}
    restitutions = [r["Date"] for r in sheets[schema.REVUES] if r["Type"] == schema.TEAM_RESTITUTION]
    assert restitutions and all(any(0 <= (r - a["Date"]).days <= 60 for a in evaluations) for r in restitutions)


def test_risks_and_one_violence_situation_handled(sheets):
    risks = sheets[schema.RISQUES]
    assert len(risks) >= 5 and {r["Statut"] for r in risks} <= set(schema.RISK_STATUSES)
    critical = [r for r in risks if int(r["Probabilité"]) * int(r["Gravité"]) >= schema.CRITICAL_RISK]
    assert critical and all(r["Mesures de maîtrise"] or r["Actions"] for r in critical)
    (violence,) = [c for c in sheets[schema.RECLAMATIONS] if c["Nature"] == schema.VIOLENCE]
    assert violence["Gravité"] == "Critique" and violence["Statut"] == "Clôturée"
    assert violence["Analyse"] and violence["Action"] and violence["Date de clôture"]
    assert {c["Nature"] for c in sheets[schema.RECLAMATIONS]} <= set(schema.COMPLAINT_NATURES)


def test_warnings_are_realistic_but_errors_absent(sheets):
    """Some late acknowledgements and overdue actions, as in a real register."""
    ack = schema.PARAMETERS_BY_NAME["Délai cible d'accusé de réception"].default
    late_ack = [c for c in sheets[schema.RECLAMATIONS] if c["Date d'accusé de réception"]
                and (c["Date d'accusé de réception"] - c["Date de réception"]).days > ack]
    overdue = [a for a in sheets[schema.PLAN] if a["Statut"] in ("À lancer", "En cours") and a["Échéance"] < TODAY]
    assert late_ack
    assert len(overdue) < len(sheets[schema.PLAN]) / 4
    big = demo.generate(20_000, seed=2026, today=TODAY)
    assert any(a[11] in ("À lancer", "En cours") and a[10] < TODAY for a in big[schema.PLAN])


# --------------------------------------------------------------------------- the workbook


def sheet_xml(path: Path, sheet_name: str) -> bytes:
    """The worksheet part of `sheet_name`, found through the workbook's relationships."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    pkg = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    with zipfile.ZipFile(path) as zf:
        book = etree.fromstring(zf.read("xl/workbook.xml"), parser)
        rid = next(s.get(f"{rel}id") for s in book.iter(f"{main}sheet") if s.get("name") == sheet_name)
        rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"), parser)
        target = next(r.get("Target") for r in rels.iter(f"{pkg}Relationship") if r.get("Id") == rid)
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        return zf.read(part)


def body_rows(book: python_calamine.CalamineWorkbook, name: str) -> list[list]:
    grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return [row for row in grid[1:] if any(v not in ("", None) for v in row)]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    pytest.importorskip("qualixl.template")
    path = tmp_path_factory.mktemp("demo") / "demo.xlsx"
    assert demo.write_demo(path, rows=ROWS, seed=2026, today=TODAY) == path
    return path


def test_cli_demo_writes_the_demo_workbook(tmp_path):
    pytest.importorskip("qualixl.template")
    from qualixl.cli import main

    out = tmp_path / "démo.xlsx"
    result = CliRunner().invoke(main, ["demo", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out.resolve()) in result.output
    expected = demo.generate()  # the command's defaults: 2000 appraisals, seed 2026, today
    book = python_calamine.CalamineWorkbook.from_path(str(out))
    try:
        assert set(schema.SHEETS_BY_NAME) <= set(book.sheet_names)
        for name in INPUT_SHEETS:
            assert len(body_rows(book, name)) == len(expected[name]), name
        params = {row[0]: row[1] for row in body_rows(book, schema.PARAMETRES)}
        assert params["Organisme"] == demo.ORGANISME
        assert params["Catégories d'actions"] == "; ".join(schema.CATEGORIES)
    finally:
        book.close()
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_workbook_reads_back_as_generated(workbook, data):
    book = python_calamine.CalamineWorkbook.from_path(str(workbook))
    try:
        for name in INPUT_SHEETS:
            grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            assert grid[0][: len(data[name][0])] == [c.header for c in schema.SHEETS_BY_NAME[name].columns]
            body = body_rows(book, name)
            assert len(body) == len(data[name])
            for got, want in zip(body[:50], data[name][:50], strict=True):
                for g, w in zip(got[: len(want)], want, strict=True):
                    if w is None:
                        assert g in ("", None)
                    elif isinstance(w, dt.date):
                        assert (g.date() if isinstance(g, dt.datetime) else g) == w
                    else:
                        assert g == w
    finally:
        book.close()


def test_formula_like_verbatims_are_stored_as_text(workbook, data):
    xml = sheet_xml(workbook, schema.APPRECIATIONS)
    assert b"<f>" not in xml and b"<f " not in xml
    assert b"=&gt; bien" in xml or b"=bien" in xml
    book = python_calamine.CalamineWorkbook.from_path(str(workbook))
    try:
        body = body_rows(book, schema.APPRECIATIONS)
    finally:
        book.close()
    columns = [c.header for c in schema.SHEETS_BY_NAME[schema.APPRECIATIONS].columns]
    forts, ameliorer = columns.index("Points forts"), columns.index("Points à améliorer")
    checked = 0
    for got, want in zip(body, data[schema.APPRECIATIONS], strict=True):
        for col in (forts, ameliorer):
            if want[col] and want[col][0] in "=+-@":
                assert got[col] == want[col]
                checked += 1
    assert checked >= 10


def test_demo_workbook_passes_the_checks(workbook):
    checks = pytest.importorskip("qualixl.checks")
    findings = checks.check(workbook, TODAY)
    errors = [f for f in findings if f.severity == schema.ERROR]
    assert errors == [], checks.format_findings(errors)
    assert len(findings) > 0  # realistic warnings: late answers, overdue actions


def test_write_refuses_a_workbook_open_in_excel(tmp_path):
    pytest.importorskip("qualixl.template")
    target = tmp_path / "demo.xlsx"
    target.write_bytes(b"previous")
    (tmp_path / "~$demo.xlsx").write_bytes(b"")
    with pytest.raises(QualixlError):
        demo.write_demo(target, rows=10, today=TODAY)
    assert target.read_bytes() == b"previous"


def test_failed_write_leaves_the_previous_file(tmp_path, monkeypatch):
    template = pytest.importorskip("qualixl.template")
    target = tmp_path / "demo.xlsx"
    target.write_bytes(b"previous")

    def broken(path, **_kwargs):
        Path(path).write_bytes(b"half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(template, "build_workbook", broken)
    with pytest.raises(QualixlError, match="Impossible d'écrire .*demo.xlsx"):
        demo.write_demo(target, rows=10, today=TODAY)
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.xlsx"]


def test_make_workbook_script(tmp_path, capsys):
    pytest.importorskip("qualixl.template")
    spec = importlib.util.spec_from_file_location("make_workbook", ROOT / "scripts" / "make_workbook.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    out = tmp_path / "plan.xlsx"
    assert script.main(["--rows", "500", "--output", str(out), "--seed", "9", "--today", "2026-11-25"]) == 0
    printed = capsys.readouterr().out
    assert "génération" in printed and "écriture" in printed and "Mio" in printed
    book = python_calamine.CalamineWorkbook.from_path(str(out))
    try:
        assert len(body_rows(book, schema.APPRECIATIONS)) == 500
    finally:
        book.close()
    with pytest.raises(SystemExit):
        script.main(["--rows", "10", "--output", str(out), "--today", "25/11/2026"])


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("QUALIXL_SLOW"), reason="set QUALIXL_SLOW=1 to generate a million rows")
def test_a_million_appraisals_in_reasonable_time():
    started = time.perf_counter()
    big = demo.generate(1_000_000, seed=2026, today=TODAY)
    elapsed = time.perf_counter() - started
    assert len(big[schema.APPRECIATIONS]) == 1_000_000
    assert elapsed < 20, f"{elapsed:.1f} s"
