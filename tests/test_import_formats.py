"""`qualixl import` reads each survey tool's export as the tool writes it, into the contract's values."""

from __future__ import annotations

import datetime as dt

import exports
import pytest
from test_import import FIRST_NEW_ROW, appraisals
from workbooks import AS_OF

from qualixl import schema
from qualixl.checks import check
from qualixl.errors import QualixlError
from qualixl.importing import import_export


@pytest.fixture
def plan(tmp_path):
    return exports.host_workbook(tmp_path / "plan.xlsx")


def test_surveymonkey_second_header_row_is_a_header_not_a_response(plan, tmp_path):
    report = import_export(plan, exports.surveymonkey_csv(tmp_path / "sm.csv"), backup=False)

    assert report.source == "surveymonkey" and (report.read, report.added) == (2, 2)
    new = appraisals(plan)[4:]
    assert [r["Date"] for r in new] == [dt.date(2026, 3, 15), dt.date(2026, 3, 16)]  # US dates, month first
    assert [r["Note globale"] for r in new] == ["Très satisfait", "Peu satisfait"]
    assert [r[exports.CRITERION] for r in new] == [5, 2]  # the matrix row « Animation » of the second header
    assert [r["Recommandation"] for r in new] == ["Oui", "Non"]
    assert new[0]["Points forts"] == "=SOMME(A1:A3) est mon astuce" and new[1]["Points à améliorer"] == "-trop de théorie"
    assert new[0][schema.EXPORT_REF].startswith("surveymonkey:114011234567 ~")
    assert any("Supports" in item for item in report.not_imported)


def test_typeform_tokens_partial_responses_and_nps_kept_apart(plan, tmp_path):
    report = import_export(plan, exports.typeform_csv(tmp_path / "typeform.csv"), backup=False)

    assert report.source == "typeform" and (report.read, report.added, report.incomplete) == (3, 2, 1)
    mapping = dict(report.mapping)
    assert "dans son ensemble" in mapping["Note globale"] and "recommandiez" in mapping["Recommandation"]
    assert "Qu'avez-vous particulièrement apprécié ?" in mapping["Points forts"]
    new = appraisals(plan)[4:]
    assert [r["Date"] for r in new] == [dt.date(2026, 3, 17)] * 2
    assert [r["Note globale"] for r in new] == [4, 3]  # « de 0 à 10 » read in the question: 8 and 6 on 5
    assert [r["Recommandation"] for r in new] == ["Oui", "Non"]  # 9 and 5 as a Net Promoter Score
    assert new[0]["Points forts"] == "@tous les exemples"
    assert any("réponses sur 10 (échelle lue dans la question)" in c for c in report.conversions)


def test_google_form_direct_download_with_pm_timestamps(plan, tmp_path):
    report = import_export(plan, exports.google_direct_csv(tmp_path / "direct.csv"), backup=False)

    assert report.source == "google" and report.added == 2
    new = appraisals(plan)[4:]
    assert [r["Date"] for r in new] == [dt.date(2026, 3, 9)] * 2
    assert [r["Note globale"] for r in new] == [4.5, 3]


def test_google_us_account_reads_month_first(plan, tmp_path):
    report = import_export(plan, exports.google_us_sheet_csv(tmp_path / "us.csv"), backup=False)

    assert report.source == "google" and report.added == 2
    new = appraisals(plan)[4:]
    assert [r["Date"] for r in new] == [dt.date(2026, 3, 9), dt.date(2026, 3, 10)]  # not 3 September, 3 October
    assert [r["Note globale"] for r in new] == [5, 3]
    assert [r["Points forts"] for r in new] == ["Clear trainer", ""]


def test_google_sheet_xlsx_responses_found_behind_a_staff_tab(plan, tmp_path):
    report = import_export(plan, exports.google_sheet_xlsx(tmp_path / "sheet.xlsx"), backup=False)

    assert report.source == "google" and report.added == 3 and report.sheet_name == "Réponses au formulaire 1"
    assert "feuille « Réponses au formulaire 1 »" in report.summary()
    again = import_export(plan, exports.google_csv(tmp_path / "same.csv"), backup=False)
    assert (again.added, again.already_present) == (0, 3)  # the same responses, as CSV


def test_microsoft_forms_english_headers(plan, tmp_path):
    export = exports.microsoft_xlsx(tmp_path / "forms-en.xlsx", headers=exports.MICROSOFT_ENGLISH_HEADERS)

    report = import_export(plan, export, backup=False)

    assert report.source == "microsoft" and report.added == 3
    assert [r["Note globale"] for r in appraisals(plan)[4:]] == ["Très satisfait", "Peu satisfait", "Satisfait"]
    assert [r["Recommandation"] for r in appraisals(plan)[4:]] == ["Oui", "Non", ""]


@pytest.mark.parametrize("builder", ["limesurvey_full_text_csv", "limesurvey_xlsx"])
def test_limesurvey_full_text_and_excel_exports(plan, tmp_path, builder):
    report = import_export(plan, getattr(exports, builder)(tmp_path / f"lime-{builder}"), backup=False)

    assert report.source == "limesurvey" and report.added == 2
    new = appraisals(plan)[4:]
    assert [(r["Date"], r["Partie prenante"], r["Note globale"]) for r in new] == [
        (dt.date(2026, 3, 15), "Entreprise", 4), (dt.date(2026, 3, 16), "Bénéficiaire", 5)]
    assert new[0][schema.EXPORT_REF].startswith("limesurvey:1@2026-03-15T16:10:00 ~")


@pytest.mark.parametrize("builder", ["surveymonkey_csv", "typeform_csv", "google_direct_csv", "google_us_sheet_csv",
                                     "google_sheet_xlsx", "limesurvey_full_text_csv", "limesurvey_xlsx"])
def test_check_finds_no_error_in_imported_rows(plan, tmp_path, builder):
    import_export(plan, getattr(exports, builder)(tmp_path / f"export-{builder}"), session="SES-2026-001",
                  temps="À chaud", backup=False)

    errors = [f for f in check(plan, AS_OF) if f.severity == schema.ERROR]
    assert errors == [], errors


def test_encodings_utf8_with_bom_and_cp1252(plan, tmp_path):
    headers = ["Date", "Note globale", "Points forts"]
    rows = [["12/03/2026", "4", "L’écoute, très appréciée"]]
    bom = exports.write_csv(tmp_path / "bom.csv", headers, rows, encoding="utf-8-sig", delimiter=";")
    ansi = exports.write_csv(tmp_path / "ansi.csv", headers, [["13/03/2026", "3", "Café « froid »"]], encoding="cp1252")

    first, second = import_export(plan, bom, backup=False), import_export(plan, ansi, backup=False)

    assert (first.added, second.added) == (1, 1)
    assert [r["Points forts"] for r in appraisals(plan)[4:]] == ["L’écoute, très appréciée", "Café « froid »"]


def test_a_verbatim_longer_than_the_csv_modules_limit(plan, tmp_path):
    long = "très bien " * 20_000  # 200,000 characters: above the csv module's default 131,072
    export = exports.write_csv(tmp_path / "long.csv", ["Date", "Note globale", "Points forts"], [["12/03/2026", "5", long]])

    report = import_export(plan, export, backup=False)

    assert report.added == 1 and any("tronqué" in w for w in report.warnings)
    assert len(appraisals(plan)[FIRST_NEW_ROW - 2]["Points forts"]) == 32_767


def test_a_workbook_that_is_no_export_is_called_an_xlsx_file(plan, tmp_path):
    other = exports.microsoft_xlsx(tmp_path / "budget.xlsx", rows=[["Loyer", 900]], headers=["Poste", "Montant"])

    with pytest.raises(QualixlError) as caught:
        import_export(plan, other)

    message = str(caught.value)
    assert "budget.xlsx (fichier xlsx)" in message and "(CSV)" not in message


def test_google_french_sheet_csv_and_the_forms_download_are_the_same_responses(plan, tmp_path):
    """The linked Sheet (French account: `09/03/2026 10:15:32`) then the form's own CSV: nothing twice."""
    french = [[dt.datetime.strptime(r[0][:19], "%Y/%m/%d %H:%M:%S").strftime("%d/%m/%Y %H:%M:%S"), *r[1:]]
              for r in exports.google_rows()]
    first = import_export(plan, exports.google_csv(tmp_path / "sheet.csv", french), backup=False)

    again = import_export(plan, exports.google_csv(tmp_path / "form.csv"), backup=False)

    assert first.added == 3 and (again.added, again.already_present) == (0, 3)
    assert [r["Date"] for r in appraisals(plan)[4:]] == [dt.date(2026, 3, 9), dt.date(2026, 3, 9), dt.date(2026, 3, 10)]


def test_a_damaged_xlsx_export_gets_a_french_message_not_the_readers(plan, tmp_path):
    import zipfile

    export = exports.microsoft_xlsx(tmp_path / "forms.xlsx")
    with zipfile.ZipFile(export) as zf:
        data = {info.filename: zf.read(info) for info in zf.infolist()}
    data["xl/worksheets/sheet1.xml"] = data["xl/worksheets/sheet1.xml"][:300]  # a download cut short
    with zipfile.ZipFile(export, "w") as zf:
        for name, content in data.items():
            zf.writestr(name, content)

    with pytest.raises(QualixlError) as caught:
        import_export(plan, export)

    assert str(caught.value).startswith("L'export forms.xlsx est illisible (classeur xlsx endommagé ou incomplet)")
    assert "Xml" not in str(caught.value) and "error" not in str(caught.value).lower()
