"""Every response once: identical answers kept apart, repeats and retitled downloads recognised, edits reported."""

from __future__ import annotations

import datetime as dt
import hashlib

import exports
import pytest
import python_calamine
from click.testing import CliRunner
from test_import import appraisals

from qualixl import schema
from qualixl.cli import main
from qualixl.importing import import_export
from qualixl.render.labels import OPERATIONS


@pytest.fixture
def plan(tmp_path):
    return exports.host_workbook(tmp_path / "plan.xlsx")


def journal_rows(path) -> list[dict]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        grid = book.get_sheet_by_name("Journal").to_python(skip_empty_area=False)
    finally:
        book.close()
    header = next(i for i, row in enumerate(grid) if row[0] == "Date et heure")
    return [dict(zip(grid[header], r, strict=True)) for r in grid[header + 1 :] if any(v != "" for v in r)]


def test_identical_responses_are_kept_apart_and_counted_by_rank(plan, tmp_path):
    first = import_export(plan, exports.identical_csv(tmp_path / "j1.csv", 11), backup=False)
    assert (first.read, first.added) == (11, 11)
    refs = [r[schema.EXPORT_REF] for r in appraisals(plan)[4:]]
    assert len(set(refs)) == 11 and refs[1].split(" ~")[0].endswith("#2")

    again = import_export(plan, exports.identical_csv(tmp_path / "j2.csv", 11), backup=False)
    later = import_export(plan, exports.identical_csv(tmp_path / "j3.csv", 12), backup=False)

    assert (again.added, again.already_present, again.written) == (0, 11, False)
    assert (later.added, later.already_present) == (1, 11)
    assert len(appraisals(plan)) == 4 + 12


def google_later(rows: list[list[str]]) -> list[list[str]]:
    return [*rows, ["2026/03/11 18:00:00 UTC+1", "dan@example.fr", "Excel initiation", "7", "4", "4", "Oui", "Le rythme", ""],
            ["2026/03/12 09:30:00 UTC+1", "eve@example.fr", "Excel initiation", "8", "5", "4", "Oui", "", ""]]


@pytest.mark.parametrize("email", [True, False], ids=["e-mail collected", "anonymous"])
def test_retitled_question_and_staff_column_change_no_identity(plan, tmp_path, email):
    """The second download renames a question and has a staff column in the middle: only the 2 new rows come in."""
    headers, rows = list(exports.GOOGLE_HEADERS), exports.google_rows()
    if not email:
        headers.pop(1)
        rows = [[r[0], *r[2:]] for r in rows]
    exports.write_csv(tmp_path / "first.csv", headers, rows)
    first = import_export(plan, tmp_path / "first.csv", backup=False)
    later = google_later(exports.google_rows())
    if not email:
        later = [[r[0], *r[2:]] for r in later]
    renamed = [h.replace("Globalement, êtes-vous satisfait(e) de la formation ?",
                         "Dans l'ensemble, êtes-vous satisfait(e) de cette formation ?") for h in headers]
    renamed.insert(3, "Traité par")  # a column staff added in the linked Google Sheet
    later = [[*r[:3], "Julie" if i % 2 else "", *r[3:]] for i, r in enumerate(later)]
    exports.write_csv(tmp_path / "second.csv", renamed, later)

    second = import_export(plan, tmp_path / "second.csv", backup=False)

    assert first.added == 3 and (second.read, second.added, second.already_present, second.modified) == (5, 2, 3, [])
    assert len(appraisals(plan)) == 4 + 5


def test_a_response_edited_in_microsoft_forms_is_reported_not_added_again(plan, tmp_path):
    import_export(plan, exports.microsoft_xlsx(tmp_path / "v1.xlsx"), backup=False)
    rows = exports.microsoft_rows()
    rows[1][5] = dt.datetime(2026, 3, 13, 8, 0, 0)  # Last modified time
    rows[1][6], rows[1][9] = "Satisfait", "Le rythme, mais ça s'est amélioré"
    rows.append([4, dt.datetime(2026, 3, 14, 10, 0), dt.datetime(2026, 3, 14, 10, 3), "anonymous", "", None,
                 "Très satisfait", 9, "Tout", ""])

    report = import_export(plan, exports.microsoft_xlsx(tmp_path / "v2.xlsx", rows), backup=False)

    assert (report.read, report.added, report.already_present, report.modified) == (4, 1, 2, [7])
    assert report.read == report.added + report.already_present + len(report.modified) + report.incomplete
    assert appraisals(plan)[5]["Note globale"] == "Peu satisfait"  # row 7 as imported, staff decide
    text = "1 réponse(s) modifiée(s) depuis leur import, non réimportée(s) (feuille Appréciations, ligne(s) 7)"
    assert text in report.summary()
    assert text in journal_rows(plan)[-2]["Détail"] and journal_rows(plan)[-2]["Opération"] == OPERATIONS["import"]


def test_two_microsoft_forms_numbering_their_responses_alike_lose_nothing(plan, tmp_path):
    """Every form numbers its responses from 1: the start time tells response 1 of one from response 1 of the other."""
    import_export(plan, exports.microsoft_xlsx(tmp_path / "chaud.xlsx"), backup=False)
    other = [[r[0], r[1] + dt.timedelta(days=60), r[2] + dt.timedelta(days=60), *r[3:]] for r in exports.microsoft_rows()]

    report = import_export(plan, exports.microsoft_xlsx(tmp_path / "froid.xlsx", other), backup=False)

    assert (report.added, report.already_present, report.modified) == (3, 0, [])


def test_staff_moving_and_renumbering_rows_keep_the_reference(plan, tmp_path):
    """The identity lives in « Réf. export »: an import recognises rows whose ID staff changed."""
    import_export(plan, exports.typeform_csv(tmp_path / "tf.csv"), journal=False, backup=False)
    import zipfile

    data = {}
    with zipfile.ZipFile(plan) as zf:
        for info in zf.infolist():
            data[info.filename] = zf.read(info)
    from test_import import owned_parts

    part = owned_parts(plan)[0]
    ids = [r["ID"] for r in appraisals(plan)[4:]]
    for n, old in enumerate(ids, start=1):
        data[part] = data[part].replace(old.encode(), f"APP-2026-{n:04d}".encode())
    with zipfile.ZipFile(plan, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in data.items():
            zf.writestr(name, content)

    again = import_export(plan, exports.typeform_csv(tmp_path / "tf2.csv"), backup=False)

    assert (again.added, again.already_present) == (0, 2)


def test_cli_says_nothing_new_and_writes_nothing(plan, tmp_path):
    export = exports.typeform_csv(tmp_path / "tf.csv")
    CliRunner().invoke(main, ["import", str(plan), str(export), "--no-backup"])
    before = (hashlib.sha256(plan.read_bytes()).hexdigest(), plan.stat().st_mtime_ns)

    result = CliRunner().invoke(main, ["import", str(plan), str(export), "--no-backup"])

    assert result.exit_code == 0, result.output
    assert "Aucune nouvelle réponse dans tf.csv : le classeur n'a pas été modifié." in result.output
    assert "déjà présentes : 2" in result.output
    assert (hashlib.sha256(plan.read_bytes()).hexdigest(), plan.stat().st_mtime_ns) == before
    assert not (tmp_path / ".qualixl").exists()  # --no-backup: no copy kept


def test_no_backup_option_and_backup_by_default(plan, tmp_path):
    result = CliRunner().invoke(main, ["import", str(plan), str(exports.typeform_csv(tmp_path / "tf.csv")), "--no-backup"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / ".qualixl").exists()

    result = CliRunner().invoke(main, ["import", str(plan), str(exports.surveymonkey_csv(tmp_path / "sm.csv"))])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / ".qualixl").glob("plan-*.xlsx"))) == 1 and "Copie de l'original" in result.output


def test_unknown_training_is_left_out_with_a_session_hint(plan, tmp_path):
    rows = [[*r[:2], "Management d'équipe", *r[3:]] for r in exports.google_rows()]

    report = import_export(plan, exports.google_csv(tmp_path / "g.csv", rows), backup=False)

    assert {r["Session"] for r in appraisals(plan)[4:]} == {""}
    assert any("« Management d'équipe » (3)" in w and "--session" in w for w in report.warnings)
    assert report.refresh_errors == 0
