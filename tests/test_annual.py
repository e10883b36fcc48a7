"""The annual report (Bilan annuel): figures per exercise beside the previous one, and the printable sheet."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from diagnostic_workbooks import (
    AS_OF,
    PLAN,
    REVUES,
    change,
    context,
    grid,
    healthy,
    render,
    set_parameter,
    write,
)

from qualixl.diagnostic import build_annual
from qualixl.diagnostic.annual import NOT_EVALUATED
from qualixl.kpis import compute_kpis
from qualixl.reading import read_workbook
from qualixl.render.annual import ANNUAL, write_annual

D = dt.date


def annual_of(folder, records, as_of=AS_OF):
    dataset = read_workbook(write(folder, records))
    return dataset, build_annual(dataset, compute_kpis(dataset, as_of), as_of)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return annual_of(tmp_path_factory.mktemp("annual"), healthy())[1]


def test_current_exercise_first_then_the_previous_one(report):
    assert [e.label for e in report.exercises] == ["2026", "2025"]
    current, previous = report.exercises
    assert (current.start, current.end, current.cutoff, current.running) == (D(2026, 1, 1), D(2026, 12, 31), AS_OF, True)
    assert (previous.cutoff, previous.running, previous.previous_label) == (D(2025, 12, 31), False, "2024")


def test_headlines_put_the_previous_year_beside(report):
    current = report.exercises[0]
    sat = next(h for h in current.headlines if h.code == "SAT_TAUX")
    assert (sat.n, sat.previous_n) == (28, 15)
    assert sat.value == pytest.approx(27 / 28) and sat.previous == pytest.approx(1.0)
    assert sat.target == 0.85 and sat.direction == "≥" and sat.status == "atteint"
    assert sat.estimate.low < sat.value < sat.estimate.high and not sat.estimate.small
    effective = next(h for h in current.headlines if h.code == "ACT_EFFICACITE")
    assert effective.estimate.small  # one evaluated action
    assert {h.code for h in current.headlines}.isdisjoint({"REC_OUVERTES", "ACT_RETARD"})  # stocks, not yearly


def test_complaints_actions_and_reviews_of_the_current_exercise(report):
    current = report.exercises[0]
    assert current.complaints == [("Formation", {"Aléa": 1, "Réclamation": 1})]
    assert [a.id for a in current.done_actions] == ["ACT-2026-001", "ACT-2026-002"]
    assert [a.effectiveness for a in current.done_actions] == ["Efficace", None]
    assert current.effectiveness == {"Efficace": 1, "Partiellement efficace": 0, "Non efficace": 0, NOT_EVALUATED: 1}
    assert [(a.id, a.owner, a.due) for a in current.open_actions] == [("ACT-2026-003", "Marc Petit", D(2026, 9, 30))]
    assert [r.date for r in current.reviews] == [D(2026, 3, 5), D(2026, 6, 1)]
    assert current.reviews[1].actions == "ACT-2026-003"


def test_previous_exercise_is_seen_at_its_own_end(tmp_path):
    records = healthy()
    change(records, PLAN, "ACT-2025-001", **{"Date de réalisation": D(2026, 1, 10)})  # done after the year ended
    previous = annual_of(tmp_path, records)[1].exercises[1]
    assert previous.done_actions == []
    assert [(a.id, a.done, a.days_late) for a in previous.open_actions] == [("ACT-2025-001", D(2026, 1, 10), 31)]
    assert [r.date for r in previous.reviews] == [D(2025, 9, 15), D(2025, 12, 10)]
    assert previous.complaints == []


def test_no_previous_exercise_without_its_data(tmp_path):
    _dataset, report = annual_of(tmp_path, healthy(), as_of=D(2025, 12, 31))
    assert [e.label for e in report.exercises] == ["2025"]
    assert report.exercises[0].running is False


def test_exercise_starting_in_september(tmp_path):
    records = healthy()
    set_parameter(records, "Début d'exercice", "septembre")
    current = annual_of(tmp_path, records)[1].exercises[0]
    assert (current.label, current.start, current.end) == ("2025-2026", D(2025, 9, 1), D(2026, 8, 31))
    assert [r.date for r in current.reviews][0] == D(2025, 9, 15)


def test_annual_sheet_lays_out_every_section(tmp_path, report):
    path = render(tmp_path / "annual.xlsx", context(report), write_annual)
    rows = grid(path, ANNUAL)
    assert rows[0][0] == "Bilan annuel — =Formations Diagnostic"
    firsts = [r[0] for r in rows]
    titles = [t for t in firsts[4:] if isinstance(t, str) and t.startswith("Exercice ")]
    assert titles == ["Exercice 2026 (du 01/01/2026 au 31/12/2026) — en cours, arrêté au 30/06/2026",
                      "Exercice 2025 (du 01/01/2025 au 31/12/2025) — clos"]
    for section in ("1. Indicateurs clés", "2. Réclamations", "3. Actions réalisées", "4. Actions en cours",
                    "5. Revues qualité"):
        assert sum(1 for t in firsts if isinstance(t, str) and t.startswith(section)) == 2, section
    header = rows[firsts.index("RNQ")]
    assert header == ["RNQ", "Indicateur", "Exercice 2026", "n", "IC 95 %", "Exercice 2025", "n", "Cible", "Statut"]
    sat = next(r for r in rows if r[1] == "Taux de satisfaction")
    assert sat[2] == 0.964 and sat[3] == 28 and sat[5] == 1.0 and sat[6] == 15  # 27/28 written as shown (96,4 %)
    assert sat[7] == "≥ 85,0\u00a0%" and sat[8] == "atteint"
    open_row = next(r for r in rows if r[0] == "ACT-2026-003")
    assert open_row[1] == "Relance téléphonique à J+7" and open_row[4] == "Marc Petit"
    done = next(r for r in rows if r[0] == "ACT-2026-002")
    assert done[6] == "À évaluer à partir du 23/08/2026"  # réalisée le 25/05/2026 + 90 jours


def test_annual_sheet_is_set_up_for_printing(tmp_path, report):
    path = render(tmp_path / "annual.xlsx", context(report), write_annual)
    sheet = openpyxl.load_workbook(path)[ANNUAL]
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and setup.paperSize in (9, "9")
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert setup.fitToWidth in (None, 1, "1")  # 1 is the default, left out of the XML
    assert setup.fitToHeight in (0, "0")  # as many pages tall as needed
    # The page header names the organisme, the sheet and the as-of date; the footer the page.
    assert "&A" in sheet.oddHeader.center.text and "arrêté au" in sheet.oddHeader.right.text
    assert "&P / &N" in sheet.oddFooter.right.text
    assert str(sheet.print_area).startswith("'Bilan annuel'!$A$1:$I$")
    breaks = [b.id for b in sheet.row_breaks.brk]
    rows = grid(path, ANNUAL)
    # Before the actions of 2026, before exercise 2025, before its actions; a heading that would end a
    # page without its table starts the next one; a table carried over a page starts it with its header.
    starts = [rows[b][0] for b in breaks]
    headings = [t for t in starts if t != "RNQ"]
    assert [t[:14] for t in headings if not t[:1].isdigit() or t.startswith("3.")] == [
        "3. Actions réa", "Exercice 2025 ", "3. Actions réa"]
    assert all(t.startswith(("Exercice", "1.", "2.", "3.", "4.", "5.", "Actions réalisées par", "Détail")) for t in headings)
    for b in breaks:
        if rows[b][0] == "RNQ":  # the key figures' table carried over: its header row, then its rows
            assert rows[b][1] == "Indicateur" and rows[b + 1][0] not in ("", None)


def test_annual_sheet_without_report(tmp_path):
    path = render(tmp_path / "annual.xlsx", context(None), write_annual)
    assert grid(path, ANNUAL)[4][0] == "Bilan annuel non calculé."


def test_user_text_is_never_a_formula(tmp_path):
    records = healthy()
    change(records, PLAN, "ACT-2026-003", Action="=HYPERLINK(\"http://x\")", Responsable="+33 6 12")
    records[REVUES][-1]["Décisions"] = "=1+1"
    _dataset, report = annual_of(tmp_path, records)
    path = render(tmp_path / "annual.xlsx", context(report), write_annual)
    import zipfile

    with zipfile.ZipFile(path) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    rows = grid(path, ANNUAL)
    assert any(r[1] == '=HYPERLINK("http://x")' and r[4] == "+33 6 12" for r in rows)


def test_actions_are_all_counted_by_origin_and_the_most_recent_listed(tmp_path, monkeypatch):
    """A large plan is summed up, not repeated: every action counted by origin and effectiveness, the
    most recent listed, and the sheet says where all of them are (the Boucle d'amélioration)."""
    import qualixl.diagnostic.annual as annual

    monkeypatch.setattr(annual, "LISTED_ACTIONS", 1)
    dataset, report = annual_of(tmp_path, healthy())
    current = report.exercises[0]
    assert current.done_total == 2 and [a.id for a in current.done_actions] == ["ACT-2026-002"]  # done 25/05
    assert current.done_by_origin == [
        ("Appréciations", {"Efficace": 0, "Partiellement efficace": 0, "Non efficace": 0, NOT_EVALUATED: 1}),
        ("Réclamation", {"Efficace": 1, "Partiellement efficace": 0, "Non efficace": 0, NOT_EVALUATED: 0}),
    ]
    assert sum(sum(c.values()) for _, c in current.done_by_origin) == current.done_total
    assert (current.open_total, current.open_late) == (1, 0) and len(current.open_actions) == 1
    path = render(tmp_path / "annual.xlsx", context(report), write_annual)
    rows = grid(path, ANNUAL)
    firsts = [r[0] for r in rows]
    detail = firsts.index("Détail des actions réalisées")
    assert firsts[detail + 1] == ("Ci-dessous, les 1 plus récentes sur 2 ; toutes, avec leurs sources, sont dans "
                                  "la feuille « Boucle d'amélioration ».")
    by_origin = rows[firsts.index("Origine") + 1]
    assert by_origin[0] == "Appréciations" and by_origin[2:8] == [1, 0, 0, 0, 1, ""]
    assert "ACT-2026-001" not in firsts and "ACT-2026-002" in firsts
