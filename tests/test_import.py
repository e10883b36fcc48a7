"""`qualixl import`: each export format lands in Appréciations once, and only once, nothing else touched."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import exports
import pytest
import python_calamine
from click.testing import CliRunner
from lxml import etree
from workbooks import AS_OF

from qualixl import schema
from qualixl.checks import check
from qualixl.cli import main
from qualixl.importing import import_export
from qualixl.ooxml.model import Model
from qualixl.ooxml.package import Package
from qualixl.reading import read_workbook

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
FIRST_NEW_ROW = 6  # the host's Appréciations holds a header and four rows


@pytest.fixture
def plan(tmp_path) -> Path:
    return exports.host_workbook(tmp_path / "plan.xlsx")


def appraisals(path: Path) -> list[dict]:
    """Rows of Appréciations as header -> value dicts (row 2 first)."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        grid = book.get_sheet_by_name(schema.APPRECIATIONS).to_python(skip_empty_area=False)
    finally:
        book.close()
    return [dict(zip(grid[0], row, strict=False)) for row in grid[1:]]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def owned_parts(path: Path) -> tuple[str, str]:
    """The Appréciations worksheet part and its table part: the only parts an import may change."""
    with Package(path) as pkg:
        model = Model(pkg)
        sheet = next(s.part for s in model.sheets if s.name == schema.APPRECIATIONS)
        table = next(t for r, t in model.rels_of(sheet).targets() if r.type.endswith("/table"))
    return sheet, table


def new_row_elements(path: Path, first: int) -> list[etree._Element]:
    sheet, _ = owned_parts(path)
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read(sheet))
    return [row for row in root.iter(f"{MAIN}row") if int(row.get("r")) >= first]


def test_google_csv_rows_land_in_the_right_cells(plan, tmp_path):
    report = import_export(plan, exports.google_csv(tmp_path / "google.csv"))

    assert (report.read, report.added, report.already_present, report.incomplete) == (3, 3, 0, 0)
    assert report.source == "google" and report.written and report.rows == (FIRST_NEW_ROW, FIRST_NEW_ROW + 2)
    rows = appraisals(plan)
    assert len(rows) == 4 + 3
    first, second, third = rows[4:]
    assert first["ID"] == report.ids[0] and first["ID"].startswith("IMP-") and len(first["ID"]) == 14
    assert first["Date"] == dt.date(2026, 3, 9)
    assert first["Session"] == "SES-2026-001"  # "Excel initiation" is that session's Intitulé
    assert first["Partie prenante"] == "Bénéficiaire"
    assert first["Note globale"] == 4.5  # 9 on 10 -> on the workbook's 5
    assert first[exports.CRITERION] == 5
    assert first["Recommandation"] == "Oui"
    assert first["Points forts"] == "Formatrice claire, exemples concrets"
    assert first["Points à améliorer"] == '=HYPERLINK("http://x") rien'
    assert (second["Note globale"], second["Recommandation"], second["Points forts"]) == (3, "Non", "")
    assert second["Points à améliorer"] == "Salle trop petite\net bruyante"
    assert (third["Recommandation"], third["Points forts"], third["Points à améliorer"]) == ("Oui", "+ tout", "-")
    assert any("Supports" in item for item in report.not_imported)
    assert any("× 0,5" in item for item in report.conversions)


def test_user_text_is_an_inline_string_never_a_formula(plan, tmp_path):
    import_export(plan, exports.google_csv(tmp_path / "google.csv"))

    rows = new_row_elements(plan, FIRST_NEW_ROW)
    assert len(rows) == 3
    assert not [c for row in rows for c in row.iter(f"{MAIN}f")]
    texts = {c.findtext(f"{MAIN}is/{MAIN}t"): c.get("t") for row in rows for c in row.iter(f"{MAIN}c") if c.get("t")}
    for text in ('=HYPERLINK("http://x") rien', "+ tout", "-"):
        assert texts[text] == "inlineStr"


def test_dates_take_the_column_style_and_numbers_stay_numbers(plan, tmp_path):
    import_export(plan, exports.google_csv(tmp_path / "google.csv"))

    data = read_workbook(plan).sheets[schema.APPRECIATIONS]
    date_letter, note_letter = data.letters["Date"], data.letters["Note globale"]
    cells = {c.get("r"): c for row in new_row_elements(plan, FIRST_NEW_ROW) for c in row}
    date_cell = cells[f"{date_letter}{FIRST_NEW_ROW}"]
    assert date_cell.get("t") is None and date_cell.findtext(f"{MAIN}v") == "46090"  # 9 March 2026
    with zipfile.ZipFile(plan) as zf:
        sheet = etree.fromstring(zf.read(owned_parts(plan)[0]))
    previous = next(c for c in sheet.iter(f"{MAIN}c") if c.get("r") == f"{date_letter}5")
    assert date_cell.get("s") == previous.get("s") is not None
    assert cells[f"{note_letter}{FIRST_NEW_ROW}"].findtext(f"{MAIN}v") == "4.5"


def test_table_and_dimension_grow_and_every_other_part_is_byte_identical(plan, tmp_path):
    before = {}
    with zipfile.ZipFile(plan) as zf:
        order = zf.namelist()
        for info in zf.infolist():
            before[info.filename] = (zf.read(info), info.CRC, info.compress_size, info.compress_type)
    sheet, table = owned_parts(plan)

    report = import_export(plan, exports.google_csv(tmp_path / "google.csv"), journal=False)

    with zipfile.ZipFile(plan) as zf:
        assert zf.namelist() == order
        for info in zf.infolist():
            if info.filename in (sheet, table):
                continue
            assert (zf.read(info), info.CRC, info.compress_size, info.compress_type) == before[info.filename], info.filename
        table_xml = etree.fromstring(zf.read(table))
        sheet_xml = etree.fromstring(zf.read(sheet))
    assert table_xml.get("ref") == "A1:M8" and report.rows == (6, 8) and report.written and not report.journal
    assert table_xml.find(f"{MAIN}autoFilter").get("ref") == "A1:M8"
    assert sheet_xml.find(f"{MAIN}dimension").get("ref") == "A1:M8"
    old_table = before[table][0]
    assert zipfile.ZipFile(plan).read(table) == old_table.replace(b'ref="A1:M5"', b'ref="A1:M8"')
    for kept in ("conditionalFormatting", "dataValidations", "legacyDrawing", "tableParts"):
        assert sheet_xml.find(f"{MAIN}{kept}") is not None, kept


def test_reimport_adds_nothing_and_leaves_the_file_untouched(plan, tmp_path):
    export = exports.google_csv(tmp_path / "google.csv")
    import_export(plan, export)
    stamp = (digest(plan), plan.stat().st_mtime_ns)

    again = import_export(plan, export)

    assert (again.read, again.added, again.already_present) == (3, 0, 3)
    assert not again.written and again.export_sha256 == hashlib.sha256(export.read_bytes()).hexdigest()
    assert (digest(plan), plan.stat().st_mtime_ns) == stamp
    assert len(appraisals(plan)) == 7


def test_overlapping_export_adds_only_the_new_responses(plan, tmp_path):
    rows = exports.google_rows()
    import_export(plan, exports.google_csv(tmp_path / "first.csv", rows[:2]))
    later = [*rows, ["2026/03/11 18:00:00 UTC+1", "dan@example.fr", "Excel initiation", "7", "4", "4", "Oui", "Le rythme", ""]]

    report = import_export(plan, exports.google_csv(tmp_path / "second.csv", later))

    assert (report.read, report.added, report.already_present) == (4, 2, 2)
    ids = [r["ID"] for r in appraisals(plan)]
    assert len(ids) == len(set(ids)) == 4 + 4


def test_same_google_responses_as_xlsx_are_already_present(plan, tmp_path):
    """A CSV and an xlsx download of the same responses give the same fingerprints."""
    import_export(plan, exports.google_csv(tmp_path / "google.csv"))
    rows = []
    for row in exports.google_rows():
        when = dt.datetime.strptime(row[0][:19], "%Y/%m/%d %H:%M:%S")
        rows.append([when, row[1], row[2], int(row[3]), int(row[4]), int(row[5]), *row[6:]])
    xlsx = exports.microsoft_xlsx(tmp_path / "google.xlsx", rows, headers=exports.GOOGLE_HEADERS)

    report = import_export(plan, xlsx)

    assert report.source == "google" and (report.added, report.already_present) == (0, 3)


def test_french_excel_csv_cp1252_semicolons(plan, tmp_path):
    report = import_export(plan, exports.french_excel_csv(tmp_path / "excel.csv"))

    assert (report.read, report.added) == (3, 3)
    new = appraisals(plan)[4:]
    assert [r["Date"] for r in new] == [dt.date(2026, 3, 12), dt.date(2026, 3, 13), dt.date(2026, 3, 14)]
    assert [r["Partie prenante"] for r in new] == ["Bénéficiaire", "Entreprise", "Financeur"]
    assert [r["Note globale"] for r in new] == [4.25, 3.5, 2]
    assert new[0]["Points forts"] == "L’écoute du formateur"  # cp1252's curly apostrophe
    assert new[2]["Points à améliorer"] == "Délais de facturation ; relances"


def test_microsoft_forms_xlsx_with_french_headers(plan, tmp_path):
    report = import_export(plan, exports.microsoft_xlsx(tmp_path / "forms.xlsx"))

    assert report.source == "microsoft" and report.added == 3
    new = appraisals(plan)[4:]
    assert [r["Date"] for r in new] == [dt.date(2026, 3, 11), dt.date(2026, 3, 11), dt.date(2026, 3, 12)]
    assert [r["Note globale"] for r in new] == ["Très satisfait", "Peu satisfait", "Satisfait"]  # the contract reads labels
    assert [r["Recommandation"] for r in new] == ["Oui", "Non", ""]  # 10, 5, 8 read as a Net Promoter Score
    assert new[2]["Points forts"] == "@formateur très bien"
    assert ("Heure de fin" in dict(report.mapping)["Date"]) and any("Très satisfait" in c for c in report.conversions)


def test_limesurvey_skips_and_counts_unfinished_responses(plan, tmp_path):
    report = import_export(plan, exports.limesurvey_csv(tmp_path / "lime.csv"))

    assert (report.read, report.added, report.already_present, report.incomplete) == (3, 2, 0, 1)
    assert report.read == report.added + report.already_present + report.incomplete
    new = appraisals(plan)[4:]
    assert [(r["Date"], r["Partie prenante"], r["Note globale"]) for r in new] == [
        (dt.date(2026, 3, 15), "Entreprise", 4),
        (dt.date(2026, 3, 16), "Bénéficiaire", 5),
    ]


@pytest.mark.parametrize("builder", ["google_csv", "french_excel_csv", "microsoft_xlsx", "limesurvey_csv"])
def test_check_finds_no_error_in_imported_rows(plan, tmp_path, builder):
    report = import_export(plan, getattr(exports, builder)(tmp_path / f"export-{builder}"), session="SES-2026-001",
                           temps="À chaud")

    errors = [f for f in check(plan, AS_OF) if f.severity == schema.ERROR]
    assert errors == [], errors
    assert {r["Session"] for r in appraisals(plan)[4:]} == {"SES-2026-001"} and report.added


def test_dry_run_writes_nothing(plan, tmp_path):
    before = digest(plan)

    report = import_export(plan, exports.google_csv(tmp_path / "google.csv"), dry_run=True)

    assert report.dry_run and not report.written and report.added == 3 and len(report.ids) == 3
    assert digest(plan) == before and "Simulation" in report.summary()


def test_template_workbook_gets_rows_inside_its_table(tmp_path):
    from qualixl.template import build_workbook

    plan = tmp_path / "modele.xlsx"
    session = {"ID": "SES-X", "Catégorie": "Formation", "Intitulé": "Excel", "Date de début": dt.date(2026, 3, 2)}
    build_workbook(plan, rows={schema.SESSIONS: [tuple(session.get(c.header) for c in schema.SHEETS_BY_NAME[schema.SESSIONS].columns)]})

    report = import_export(plan, exports.google_csv(tmp_path / "google.csv"), session="SES-X")

    assert report.rows == (2, 4)
    assert [r["Note globale"] for r in appraisals(plan)] == [4.5, 3, 5]
    with zipfile.ZipFile(plan) as zf:
        table = etree.fromstring(zf.read(owned_parts(plan)[1]))
    assert table.get("ref").endswith("11")  # the template's ten empty table rows already cover them
    assert not [f for f in check(plan, AS_OF) if f.severity == schema.ERROR and f.sheet == schema.APPRECIATIONS]


def test_cli_import_prints_the_mapping_and_the_counts(plan, tmp_path):
    export = exports.google_csv(tmp_path / "google.csv")

    result = CliRunner().invoke(main, ["import", str(plan), str(export)])

    assert result.exit_code == 0, result.output
    assert "Note globale ← « Globalement, êtes-vous satisfait(e) de la formation ? »" in result.output
    assert "Réponses lues : 3 — ajoutées : 3, déjà présentes : 0, modifiées : 0, incomplètes ignorées : 0" in result.output
    again = CliRunner().invoke(main, ["import", str(plan), str(export)])
    assert again.exit_code == 0 and "ajoutées : 0, déjà présentes : 3" in again.output


def test_cli_unmappable_export_exits_2_and_leaves_the_file(plan, tmp_path):
    before = (digest(plan), plan.stat().st_mtime_ns)

    result = CliRunner().invoke(main, ["import", str(plan), str(exports.unmappable_csv(tmp_path / "x.csv"))])

    assert result.exit_code == 2
    message = result.output
    assert "Impossible de reconnaître ni la date de réponse ni la note globale" in message
    assert "« Prénom », « Couleur préférée », « Animal »" in message
    assert "--mapping correspondance.toml" in message and "[colonnes]" in message
    assert "Traceback" not in message
    assert (digest(plan), plan.stat().st_mtime_ns) == before
    assert not list(tmp_path.glob(".qualixl-*"))


def test_refuses_while_the_workbook_is_open_in_excel(plan, tmp_path):
    (tmp_path / ("~$" + plan.name)).write_bytes(b"owner")
    before = digest(plan)

    result = CliRunner().invoke(main, ["import", str(plan), str(exports.google_csv(tmp_path / "g.csv"))])

    assert result.exit_code == 2 and "fermez-le" in result.output
    assert digest(plan) == before


def test_import_between_two_refreshes(plan, tmp_path):
    from qualixl.refresh import refresh

    refresh(plan, AS_OF, backup=False)
    report = import_export(plan, exports.google_csv(tmp_path / "google.csv"), backup=False)
    result = refresh(plan, AS_OF, backup=False)

    assert report.added == 3 and result.written and result.errors == 0
    assert not result.edited_by_hand
    assert len(appraisals(plan)) == 7


def test_columns_are_found_by_header_below_a_title_and_after_an_empty_column(tmp_path):
    from workbooks import write_minimal

    plan = write_minimal(tmp_path / "plan.xlsx", header_row=3, first_column=1)

    report = import_export(plan, exports.limesurvey_csv(tmp_path / "lime.csv"), session="SES-2026-001")

    assert report.rows == (8, 9)  # title in row 1, header in row 3, four appraisals in rows 4-7
    data = read_workbook(plan).sheets[schema.APPRECIATIONS]
    assert list(data.values.index[-2:]) == [8, 9]
    assert list(data.values["Note globale"].iloc[-2:]) == [4, 5]
    assert list(data.values["Partie prenante"].iloc[-2:]) == ["Entreprise", "Bénéficiaire"]
    assert data.letters["ID"] == "B"
    assert not [f for f in check(plan, AS_OF) if f.severity == schema.ERROR]


def test_import_is_logged_in_the_journal_with_the_export_sha256_and_counts(plan, tmp_path):
    export = exports.google_csv(tmp_path / "google.csv")
    report = import_export(plan, export, backup=False)
    assert report.journal
    book = python_calamine.CalamineWorkbook.from_path(str(plan))
    grid = book.get_sheet_by_name("Journal").to_python(skip_empty_area=False)
    header = next(i for i, row in enumerate(grid) if row[0] == "Date et heure")
    rows = [dict(zip(grid[header], r, strict=True)) for r in grid[header + 1 :] if any(v != "" for v in r)]
    assert [r["Opération"] for r in rows] == ["Import d'un export", "Actualisation"]  # shown in French
    detail = rows[0]["Détail"]
    assert hashlib.sha256(export.read_bytes()).hexdigest() in detail
    assert "3 lues, 3 ajoutées, 0 déjà présentes, 0 modifiées, 0 incomplètes ignorées" in detail
    assert rows[1]["Lignes Appréciations"] == 7.0


def test_import_says_a_generated_sheet_was_edited_by_hand_and_keeps_it_in_its_backup(plan, tmp_path):
    from ooxml_hosts import contents, rezip, sheets

    from qualixl.refresh import refresh
    from qualixl.render.context import JOURNAL

    refresh(plan, AS_OF, backup=False)
    part = dict(sheets(plan))[JOURNAL]
    data = contents(plan)[part]
    edited = rezip(plan, tmp_path / "edited.xlsx", {part: data.replace(b"<t>Journal", b"<t>Journal de Paul", 1)})
    plan.write_bytes(edited.read_bytes())

    report = import_export(plan, exports.google_csv(tmp_path / "google.csv"))

    text = report.summary()
    assert "modifiée(s) à la main" in text and "« Journal »" in text and "sauvegarde" in text
    assert b"Journal de Paul" in contents(report.backup)[part]
