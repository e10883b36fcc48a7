"""The reader: headers found by text, cells addressed as Excel shows them, bad files told apart."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from click.testing import CliRunner
from workbooks import (
    add_column,
    add_row,
    cell_of,
    drop_column,
    minimal_rows,
    param_row,
    set_value,
    write_workbook,
)

from qualixl import check
from qualixl.cli import main
from qualixl.errors import QualixlError
from qualixl.ooxml.package import ENCRYPTION_STREAM, OLE_SIGNATURE
from qualixl.reading import read_workbook
from qualixl.schema import APPRECIATIONS, PARAMETRES, PLAN, RECLAMATIONS, REVUES, SESSIONS

D = dt.date


def test_title_row_and_empty_first_column_give_the_addresses_excel_shows(tmp_path):
    sheets = set_value(minimal_rows(), APPRECIATIONS, "Date", "hier", 2)
    path = write_workbook(tmp_path / "plan.xlsx", sheets, header_row=3, first_column=1, title="Suivi qualité 2026")
    data = read_workbook(path).get(APPRECIATIONS)
    assert data.header_row == 3
    assert data.letters["ID"] == "B" and data.letters["Date"] == "C"
    assert list(data.values.index) == [4, 5, 6, 7]
    assert data.cell("Date", 5) == "C5"
    (finding,) = check(path, dt.date(2026, 6, 30))
    assert (finding.sheet, finding.cell, finding.rule) == (APPRECIATIONS, "C5", "type")
    assert finding.cell == cell_of(sheets, APPRECIATIONS, "Date", 2, header_row=3, first_column=1)


def test_parameters_are_found_below_a_title_and_right_of_an_empty_column(tmp_path):
    path = write_workbook(tmp_path / "plan.xlsx", minimal_rows(), header_row=4, first_column=2)
    params = read_workbook(path).parameters
    assert params.organisme == "Formations Exemple"
    assert params.cells["Organisme"] == "D5"


@pytest.mark.parametrize(
    ("typed", "header"),
    [
        ("date de reception", "Date de réception"),
        ("DATE DE RÉCEPTION", "Date de réception"),
        ("  Date   de\nréception ", "Date de réception"),
        ("Date d’accusé de réception", "Date d'accusé de réception"),
        ("date d‘accuse de\r\nreception", "Date d'accusé de réception"),
        ("emetteur", "Émetteur"),
    ],
)
def test_headers_tolerate_case_accents_spaces_line_breaks_and_curly_apostrophes(tmp_path, typed, header):
    sheets = minimal_rows()
    table = sheets[RECLAMATIONS]
    table[0][table[0].index(header)] = typed
    data = read_workbook(write_workbook(tmp_path / "plan.xlsx", sheets)).get(RECLAMATIONS)
    assert header in data.letters
    expected = minimal_rows()[RECLAMATIONS][1][minimal_rows()[RECLAMATIONS][0].index(header)]
    got = data.values.at[2, header]
    assert (got.date() if hasattr(got, "date") else got) == expected


def test_staff_columns_are_ignored_and_column_order_is_free(tmp_path):
    sheets = minimal_rows()
    add_column(sheets, PLAN, "Notes internes", ["à revoir", "ok"])
    table = sheets[PLAN]
    sheets[PLAN] = [list(reversed(r)) for r in table]
    data = read_workbook(write_workbook(tmp_path / "plan.xlsx", sheets)).get(PLAN)
    assert "Notes internes" not in data.values.columns
    assert data.letters["ID"] == "S" and data.letters["Commentaire"] == "B"
    assert list(data.values["ID"]) == ["ACT-2026-001", "ACT-2026-002"]
    assert list(data.values["Statut"]) == ["Réalisée", "En cours"]
    assert check(tmp_path / "plan.xlsx", dt.date(2026, 6, 30)) == []


def test_optional_columns_may_be_absent(tmp_path):
    sheets = minimal_rows()
    for header in ("Temps", "Recommandation", "Points forts", "Suite donnée"):
        drop_column(sheets, APPRECIATIONS, header)
    data = read_workbook(write_workbook(tmp_path / "plan.xlsx", sheets)).get(APPRECIATIONS)
    assert "Temps" not in data.letters
    assert data.values["Temps"].isna().all()
    assert data.values["Suite donnée"].map(len).eq(0).all()


def test_fully_empty_rows_are_skipped_and_rows_below_the_table_count(tmp_path):
    sheets = minimal_rows()
    table = sheets[APPRECIATIONS]
    table.insert(3, [None] * len(table[0]))
    table.insert(3, ["   ", None, "", None])
    add_row(sheets, APPRECIATIONS, {"ID": "APP-2026-0099", "Date": D(2026, 5, 2), "Partie prenante": "Autre",
                                    "Note globale": 3})
    path = write_workbook(tmp_path / "plan.xlsx", sheets, tables={APPRECIATIONS: 2})
    data = read_workbook(path).get(APPRECIATIONS)
    assert list(data.values.index) == [2, 3, 6, 7, 8]
    assert data.values.at[8, "ID"] == "APP-2026-0099"
    assert len(data) == 5


def test_likert_labels_and_no_opinion(tmp_path):
    sheets = minimal_rows()
    labels = ["Très satisfait", "satisfait", "PEU SATISFAIT", "Pas du tout satisfait", "Sans opinion", "sans  opinion"]
    for i, label in enumerate(labels, start=1):
        set_value(sheets, APPRECIATIONS, "Note globale", label, i)
        if i > 4:
            set_value(sheets, APPRECIATIONS, "ID", f"APP-2026-{i:04d}", i)
            set_value(sheets, APPRECIATIONS, "Date", D(2026, 5, 1), i)
            set_value(sheets, APPRECIATIONS, "Partie prenante", "Autre", i)
    data = read_workbook(write_workbook(tmp_path / "plan.xlsx", sheets)).get(APPRECIATIONS)
    scores = data.values["Note globale"].tolist()
    assert scores[:4] == [5.0, 4.0, 2.5, 1.0]
    assert data.values["Note globale"].iloc[4:].isna().all()
    assert data.no_opinion.tolist() == [False, False, False, False, True, True]
    assert data.problems["Note globale"].isna().all()


def test_likert_labels_follow_the_scale_parameter(tmp_path):
    sheets = set_value(minimal_rows(), PARAMETRES, "Valeur", 10, param_row("Échelle de notation"))
    set_value(sheets, PARAMETRES, "Valeur", 7, param_row("Seuil de satisfaction"))
    set_value(sheets, APPRECIATIONS, "Note globale", 9, 3)
    data = read_workbook(write_workbook(tmp_path / "plan.xlsx", sheets)).get(APPRECIATIONS)
    assert data.values["Note globale"].tolist()[:3] == [5.0, 7.0, 9.0]


def test_criterion_columns_are_read_as_scores(tmp_path):
    sheets = minimal_rows()
    add_column(sheets, APPRECIATIONS, "Note : Animation", [5, "Satisfait", 12])
    add_column(sheets, APPRECIATIONS, "note :   Contenu\npédagogique", [3, None, "bof"])
    add_column(sheets, APPRECIATIONS, "Note :", [1])  # a bare prefix is no criterion
    path = write_workbook(tmp_path / "plan.xlsx", sheets)
    data = read_workbook(path).get(APPRECIATIONS)
    assert data.criteria == ("Note : Animation", "note : Contenu pédagogique")
    assert data.values["Note : Animation"].tolist()[:2] == [5.0, 4.0]
    findings = {(f.cell, f.rule) for f in check(path, dt.date(2026, 6, 30))}
    assert findings == {("M4", "echelle"), ("N4", "type")}  # after « Réf. export », the last contract column


def test_date_text_is_read_and_flagged(tmp_path):
    sheets = set_value(minimal_rows(), SESSIONS, "Date de fin", "14/01/2026")
    data = read_workbook(write_workbook(tmp_path / "plan.xlsx", sheets)).get(SESSIONS)
    assert data.values.at[2, "Date de fin"] == dt.datetime(2026, 1, 14)
    assert data.problems.at[2, "Date de fin"] == "date_texte"


def test_dates_beyond_what_pandas_holds_are_wrong_kind_not_a_crash(tmp_path):
    sheets = set_value(minimal_rows(), REVUES, "Date", dt.datetime(3026, 3, 20))
    set_value(sheets, SESSIONS, "Date de début", "12/01/3026")
    dataset = read_workbook(write_workbook(tmp_path / "plan.xlsx", sheets))
    assert dataset.get(REVUES).problems.at[2, "Date"] == "type"
    assert dataset.get(SESSIONS).problems.at[2, "Date de début"] == "type"
    assert dataset.get(SESSIONS).values["Date de début"].isna().tolist() == [True, False]


# Every bad file gets its own French message and exit code 2.


def _truncated(path, tmp_path):
    whole = write_workbook(tmp_path / "good.xlsx", minimal_rows()).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])


def _ods(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")


def _encrypted(path):
    # An OLE compound file whose directory names the EncryptionInfo stream (as Excel writes it).
    path.write_bytes(OLE_SIGNATURE + b"\x00" * 504 + ENCRYPTION_STREAM + b"\x00" * 1000)


def _missing_sheet(path, tmp_path):
    sheets = minimal_rows()
    del sheets[RECLAMATIONS]
    write_workbook(path, sheets)


def _missing_column(path, tmp_path):
    write_workbook(path, drop_column(minimal_rows(), PLAN, "Responsable"))


BAD_FILES = {
    "missing": (lambda p, t: None, "plan.xlsx", ["Fichier introuvable"]),
    "xls": (lambda p, t: p.write_bytes(OLE_SIGNATURE + b"junk" * 300), "plan.xls", ["Excel 97-2003 (.xls)", ".xlsx"]),
    "csv": (lambda p, t: p.write_text("ID;Date\nAPP-1;12/03/2026\n", encoding="utf-8"), "plan.csv",
            ["n'est pas un classeur Excel (.xlsx)", "CSV"]),
    "ods": (lambda p, t: _ods(p), "plan.ods", ["OpenDocument (.ods)"]),
    "text-renamed": (lambda p, t: p.write_text("bonjour", encoding="utf-8"), "plan.xlsx",
                     ["n'est pas un classeur Excel (.xlsx)"]),
    "truncated": (_truncated, "plan.xlsx", ["endommagé ou incomplet"]),
    "zip-not-xlsx": (lambda p, t: zipfile.ZipFile(p, "w").close(), "plan.xlsx", ["pas un classeur Excel"]),
    "password": (lambda p, t: _encrypted(p), "plan.xlsx", ["protégé par un mot de passe"]),
    "missing-sheet": (_missing_sheet, "plan.xlsx",
                      ["Feuille(s) obligatoire(s) absente(s) : Réclamations", "Feuilles présentes :", "Appréciations",
                       "Plan d'amélioration"]),
    "missing-column": (_missing_column, "plan.xlsx",
                       ["Feuille « Plan d'amélioration »", "Responsable", "En-têtes trouvés :", "Date d'ouverture"]),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_file_gets_its_french_message_and_exit_code_2(tmp_path, kind):
    make, name, expected = BAD_FILES[kind]
    path = tmp_path / name
    make(path, tmp_path)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Erreur : ")
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.output
    with pytest.raises(QualixlError):
        check(path)


def test_missing_column_message_names_only_what_is_absent(tmp_path):
    path = tmp_path / "plan.xlsx"
    _missing_column(path, tmp_path)
    with pytest.raises(QualixlError) as info:
        read_workbook(path)
    message = str(info.value)
    assert "colonne(s) obligatoire(s) absente(s) : Responsable." in message



def test_cells_empty_spaces_and_share_equal_texts():
    import numpy as np

    from qualixl.parsing import Cells

    first, second = "".join(["Béné", "ficiaire"]), "".join(["Bénéfi", "ciaire"])
    assert first is not second
    cells = Cells.of(np.array([first, "  ", None, 4.0, second, "\u00a0"], dtype=object))
    out = cells.values()
    assert list(out) == ["Bénéficiaire", "", "", 4.0, "Bénéficiaire", ""]
    assert out[0] is out[4]


def test_cells_keep_booleans_apart_from_the_numbers_they_equal():
    """Python holds True == 1.0: a TRUE cell must not be typed as the score 1 (or the reverse)."""
    import numpy as np

    from qualixl.parsing import Cells

    values = np.array([1.0, True, 0.0, False, 1.0, True, 3.0], dtype=object)
    out = list(Cells.of(values).values())
    assert [type(v) for v in out] == [float, bool, float, bool, float, bool, float]
    assert out == [1.0, True, 0.0, False, 1.0, True, 3.0]
    reverse = list(Cells.of(np.array([True, 1.0, False, 0.0], dtype=object)).values())
    assert [type(v) for v in reverse] == [bool, float, bool, float]


def test_a_boolean_in_a_score_column_is_wrong_kind_beside_real_scores():
    """Typed per distinct value, TRUE still fails where 1 passes."""
    import numpy as np
    import pandas as pd

    from qualixl.parsing import WRONG_KIND, Cells, ScoreScale, parse_cells
    from qualixl.schema import Kind

    cells = Cells.of(np.array([1.0, True, 5.0, "", 1.0], dtype=object))
    index = pd.RangeIndex(2, 7)
    values, problems, _ = parse_cells(Kind.SCORE, cells, index, scale=ScoreScale())
    assert values.tolist()[0] == 1.0 and np.isnan(values[3]) and values[6] == 1.0
    assert problems.notna().tolist() == [False, True, False, False, False]
    assert problems[3] == WRONG_KIND
