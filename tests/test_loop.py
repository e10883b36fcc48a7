"""Boucle d'amélioration: every action with the rows it stems from, and every source still without action."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import pytest
import python_calamine
from kpi_workbooks import (
    APPRECIATIONS,
    PLAN,
    RECLAMATIONS,
    action,
    complaint,
    make_dataset,
    response,
    write_book,
)

from qualixl import refresh
from qualixl.diagnostic.loop import AWAITING_ACTION, build_loop
from qualixl.render import GENERATED_SHEETS, render_workbook
from qualixl.render.context import LOOP

D = dt.date
AS_OF = D(2026, 6, 30)


def sheets() -> dict:
    return {
        APPRECIATIONS: [
            response(D(2026, 2, 1), 2, ID="APP-1", **{"Points à améliorer": "Salle trop froide"}),
            response(D(2026, 2, 2), 2, ID="APP-2", **{"Points à améliorer": "Support illisible",
                                                      "Suite donnée": "act-1 "}),
            response(D(2026, 2, 3), 5, ID="APP-3", **{"Points à améliorer": "Rien à redire"}),
            response(D(2026, 2, 4), 2, ID="APP-4"),  # low, but nothing to improve written
            response(D(2026, 2, 5), 1, ID="APP-5", **{"Points à améliorer": "Trop de théorie"}),
        ],
        RECLAMATIONS: [
            complaint(D(2026, 1, 10), "Clôturée", ID="REC-1", answered=D(2026, 1, 12), closed=D(2026, 1, 13),
                      Objet="Convocation reçue la veille"),
            complaint(D(2026, 1, 20), "Clôturée", ID="REC-2", answered=D(2026, 1, 22), closed=D(2026, 1, 23),
                      Objet="Attestation manquante", Action="ACT-1"),
            complaint(D(2026, 3, 1), "Ouverte", ID="REC-3", Objet="Salle inaccessible"),
        ],
        PLAN: [
            action(D(2026, 1, 25), D(2026, 3, 1), "Réalisée", done=D(2026, 2, 20), effect="Efficace",
                   evaluated=D(2026, 5, 20), ID="ACT-1", Références="REC-2",
                   **{"Critère d'efficacité": "Zéro attestation manquante en mars"}),
            action(D(2026, 2, 10), D(2026, 9, 1), ID="ACT-2", Références="app-5 ; XYZ-9"),
            action(D(2026, 4, 1), D(2026, 9, 1), ID="ACT-3", Origine="Veille"),
        ],
    }


@pytest.fixture(scope="module")
def report():
    return build_loop(make_dataset(sheets()), AS_OF)


def ids(sources) -> list[str]:
    return [s.id for s in sources]


def test_every_action_with_its_resolved_sources(report):
    by_id = {a.id: a for a in report.actions}
    assert list(by_id) == ["ACT-1", "ACT-2", "ACT-3"]
    # Références and the sources naming the action (Action, Suite donnée), once each, oldest first.
    assert ids(by_id["ACT-1"].sources) == ["REC-2", "APP-2"]
    rec = by_id["ACT-1"].sources[0]
    assert (rec.sheet, rec.date, rec.extract) == (RECLAMATIONS, D(2026, 1, 20), "Attestation manquante")
    assert by_id["ACT-1"].criterion == "Zéro attestation manquante en mars"
    assert (by_id["ACT-1"].effectiveness, by_id["ACT-1"].evaluated) == ("Efficace", D(2026, 5, 20))
    # An ID matches whatever its case and spaces; a reference to nothing is said, not dropped.
    assert ids(by_id["ACT-2"].sources) == ["APP-5"] and by_id["ACT-2"].unresolved == ["XYZ-9"]
    assert by_id["ACT-3"].sources == [] and by_id["ACT-3"].origin == "Veille"


def test_every_source_without_action(report):
    # REC-1 closed without action; APP-1 below the threshold, a point to improve and no Suite donnée.
    # Not listed: APP-2 (Suite donnée), APP-3 (satisfied), APP-4 (nothing to improve), APP-5 (cited by
    # ACT-2), REC-2 (has an action), REC-3 (still open).
    assert ids(report.unlinked) == ["REC-1", "APP-1"]
    assert report.unlinked[0].reason == "Réclamation clôturée sans action"
    assert report.unlinked[1].reason == AWAITING_ACTION
    assert report.unlinked[1].extract == "Salle trop froide"


def test_the_threshold_of_the_workbook_decides_what_is_below_it():
    dataset = make_dataset(sheets(), parameters={"Organisme": "Test", "Seuil de satisfaction": 2})
    assert ids(build_loop(dataset, AS_OF).unlinked) == ["REC-1"]  # a 2 is satisfied at threshold 2


def test_the_sheet_links_each_id_to_its_row(tmp_path):
    path = write_book(tmp_path / "plan.xlsx", sheets())
    out = tmp_path / "generated.xlsx"
    render_workbook(out, refresh(path, as_of=AS_OF, dry_run=True).context)
    assert GENERATED_SHEETS.index(LOOP) == GENERATED_SHEETS.index("Bilan annuel") + 1
    book = python_calamine.CalamineWorkbook.from_path(str(out))
    rows = book.get_sheet_by_name(LOOP).to_python(skip_empty_area=False)
    header = next(i for i, r in enumerate(rows) if r[0] == "ID action")
    first = rows[header + 1]
    assert first[:5] == ["ACT-1", "Réalisée", "REC-2", dt.date(2026, 1, 20), "Attestation manquante"]
    assert first[10] == "Efficace (évaluée le 20/05/2026)"
    assert rows[header + 2][:3] == ["ACT-1", "", "APP-2"]  # second source of the same action
    act2 = next(r for r in rows if r[0] == "ACT-2" and r[1])
    assert "Référence(s) introuvable(s) : XYZ-9" in act2[4]
    act3 = next(r for r in rows if r[0] == "ACT-3")
    assert act3[2] == "—" and act3[4] == "Aucune source citée dans les Références (origine : Veille)."
    # Sources without action, by reason (complaints first): the reason and what to do said once, then
    # one line per source.
    headings = [i for i, r in enumerate(rows) if r[0] in ("Réclamation clôturée sans action — 1 ligne(s)",
                                                          f"{AWAITING_ACTION} — 1 ligne(s)")]
    assert len(headings) == 2 and rows[headings[0]][0].startswith("Réclamation")
    assert rows[headings[0] + 1][0].startswith("À faire : Ouvrir une action qui cite cette réclamation")
    assert rows[headings[0] + 2][:3] == ["Source", "Date", "Extrait de la source"]
    complaint, appraisal = rows[headings[0] + 3], rows[headings[1] + 3]
    assert complaint[0] == "REC-1" and appraisal[:3] == ["APP-1", dt.date(2026, 2, 1), "Salle trop froide"]
    with zipfile.ZipFile(out) as package:
        index = GENERATED_SHEETS.index(LOOP) + 1
        xml = package.read(f"xl/worksheets/sheet{index}.xml").decode()
    links = dict(re.findall(r'<hyperlink ref="(\w+)" location="([^"]+)"', xml))
    assert links[f"A{header + 2}"] == "'Plan d''amélioration'!A2"
    assert links[f"C{header + 2}"] == "'Réclamations'!A3"
    assert links[f"A{headings[1] + 4}"] == "'Appréciations'!A2"


def test_a_long_list_of_sources_without_action_shows_the_most_recent_and_says_how_to_find_the_rest(
        tmp_path, monkeypatch):
    from qualixl.diagnostic import loop

    monkeypatch.setattr(loop, "LISTED_PER_REASON", 2)
    records = sheets()
    records[APPRECIATIONS] += [
        response(D(2026, 3, day), 1, ID=f"APP-M{day}", **{"Points à améliorer": f"Point {day}"}) for day in (3, 9, 6)
    ]
    report = build_loop(make_dataset(records), AS_OF)
    # APP-1 (01/02) and the three of March await an action: the two most recent are listed, all four counted.
    assert ids(report.unlinked) == ["REC-1", "APP-M9", "APP-M6"]
    assert report.unlinked_counts == {(RECLAMATIONS, "Réclamation clôturée sans action"): 1,
                                      (APPRECIATIONS, AWAITING_ACTION): 4}
    path = write_book(tmp_path / "plan.xlsx", records)
    out = tmp_path / "generated.xlsx"
    render_workbook(out, refresh(path, as_of=AS_OF, dry_run=True).context)
    rows = python_calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_name(LOOP).to_python()
    first = [r[0] for r in rows]
    assert "2. Sources sans action — 5 ligne(s)" in " ".join(str(c) for c in first)
    heading = first.index(f"{AWAITING_ACTION} — 4 ligne(s), les 2 plus récentes ci-dessous")
    assert [r[0] for r in rows[heading + 3: heading + 5]] == ["APP-M9", "APP-M6"]
    assert rows[heading + 5][0].startswith("… et 2 plus ancienne(s), non listée(s) ici : filtrez Appréciations")
