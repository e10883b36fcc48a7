"""Reading exports, guessing and overriding the mapping, converting answers: the import's front half."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
from pathlib import Path

import exports
import pytest

from qualixl.errors import QualixlError
from qualixl.importing import exportfile, import_export
from qualixl.importing.exportfile import read_export_file
from qualixl.importing.guess import resolve
from qualixl.importing.mapfile import MappingFile, load_mapping
from qualixl.importing.scales import recommendation_converter, score_converter
from qualixl.importing.sources import detect
from qualixl.importing.timestamps import day_first, parse_timestamp
from qualixl.parsing import ScoreScale


@pytest.fixture
def plan(tmp_path) -> Path:
    return exports.host_workbook(tmp_path / "plan.xlsx")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- reading exports -----------------------------------------------------------------


@pytest.mark.parametrize(("encoding", "delimiter"), [("utf-8-sig", ","), ("utf-16", "\t"), ("cp1252", ";"),
                                                      ("utf-8", ";")])
def test_encodings_and_delimiters_are_found(tmp_path, encoding, delimiter):
    path = exports.write_csv(tmp_path / "e.csv", exports.GOOGLE_HEADERS, exports.google_rows(), encoding=encoding,
                             delimiter=delimiter)

    table = read_export_file(path)

    assert table.headers == exports.GOOGLE_HEADERS  # no BOM left on the first header
    assert table.delimiter == delimiter and len(table.rows) == 3
    assert table.rows[1][1][-1] == "Salle trop petite\net bruyante"
    assert detect(table).kind == "google"


def test_bounds_on_untrusted_exports(tmp_path, monkeypatch):
    path = exports.google_csv(tmp_path / "g.csv")
    monkeypatch.setattr(exportfile, "MAX_ROWS", 2)
    with pytest.raises(QualixlError, match="plus de 2 réponses"):
        read_export_file(path)
    monkeypatch.setattr(exportfile, "MAX_EXPORT_BYTES", 100)
    with pytest.raises(QualixlError, match="trop volumineux"):
        read_export_file(path)
    monkeypatch.setattr(exportfile, "MAX_EXPORT_BYTES", 10**6)
    monkeypatch.setattr(exportfile, "MAX_EXPORT_EXPANDED", 1000)
    with pytest.raises(QualixlError, match="se décompresse en plus de"):
        read_export_file(exports.microsoft_xlsx(tmp_path / "forms.xlsx"))


def test_legacy_and_empty_exports_get_french_messages(tmp_path):
    xls = tmp_path / "vieux.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(QualixlError, match="97-2003"):
        read_export_file(xls)
    empty = tmp_path / "vide.csv"
    empty.write_bytes(codecs.BOM_UTF8)
    with pytest.raises(QualixlError, match="vide"):
        read_export_file(empty)
    with pytest.raises(QualixlError, match="introuvable"):
        read_export_file(tmp_path / "absent.csv")


def test_explicit_source_must_fit_the_headers(plan, tmp_path):
    with pytest.raises(QualixlError, match="ne ressemble pas à un export Google Forms"):
        import_export(plan, exports.limesurvey_csv(tmp_path / "l.csv"), source="google")


def test_english_microsoft_headers(tmp_path):
    headers = ["ID", "Start time", "Completion time", "Email", "Name", "How satisfied are you overall?"]
    table = read_export_file(exports.microsoft_xlsx(tmp_path / "en.xlsx", [[1, dt.datetime(2026, 3, 1, 9),
                                                                             dt.datetime(2026, 3, 1, 9, 5), "a@b", "A", 4]],
                                                    headers))
    layout = detect(table)
    assert (layout.kind, layout.timestamp) == ("microsoft", 2)
    assert layout.metadata == {0, 1, 2, 3, 4}


# --- dates -------------------------------------------------------------------------


def test_timestamps_as_each_tool_writes_them():
    assert parse_timestamp("2026/03/09 10:15:32 UTC+1") == dt.datetime(2026, 3, 9, 10, 15, 32)
    assert parse_timestamp("2026/03/09 1:15:32 PM GMT+01:00") == dt.datetime(2026, 3, 9, 13, 15, 32)
    assert parse_timestamp("2026-03-09 10:15:32") == dt.datetime(2026, 3, 9, 10, 15, 32)
    assert parse_timestamp("09/03/2026 10:15") == dt.datetime(2026, 3, 9, 10, 15)
    assert parse_timestamp("3/9/2026 10:15:00", dayfirst=False) == dt.datetime(2026, 3, 9, 10, 15)
    assert parse_timestamp(46090.5) == dt.datetime(2026, 3, 9, 12)
    assert parse_timestamp(dt.date(2026, 3, 9)) == dt.datetime(2026, 3, 9)
    assert parse_timestamp("31/02/2026") is None and parse_timestamp("demain") is None


def test_day_first_is_decided_per_column():
    assert day_first(["03/09/2026", "25/03/2026"]) is True
    assert day_first(["03/09/2026", "03/25/2026"]) is False
    assert day_first(["03/09/2026"]) is True  # French by default


# --- answers -----------------------------------------------------------------------


def test_labels_and_numbers_on_the_workbook_scale():
    five = ScoreScale(5, 4)
    conv = score_converter("Note globale", ["Très satisfaite", "Plutôt d'accord", "Excellent", "Moyen",
                                            "Pas du tout satisfait", "Sans opinion", "Bien"], five, {})
    assert [conv(v) for v in ["Très satisfaite", "Plutôt d'accord", "Excellent", "Moyen", "Pas du tout satisfait",
                              "Sans opinion", "Bien", ""]] == ["Très satisfait", "Satisfait", "Très satisfait",
                                                               "Peu satisfait", "Pas du tout satisfait", "Sans opinion",
                                                               "Satisfait", None]
    assert score_converter("Note globale", ["Très bien"], five, {})("Très bien") == 4.5  # between two labels
    ten = score_converter("Note globale", ["7", "8,5", 10], five, {})
    assert [ten(v) for v in ["7", "8,5", 10]] == [3.5, 4.25, 5]
    assert "réponses sur 10 (échelle déduite des réponses, jusqu'à 10) ramenées sur 5 (note × 0,5)" in ten.description()
    unknown = score_converter("Note globale", [4, 5], ScoreScale(20, 14), {})
    assert unknown(4) == 4 and "gardées telles quelles" in unknown.description()  # scale not known: not converted
    on_five = score_converter("Note globale", [4, 5], ScoreScale(20, 14), {}, title="Votre note (1 à 5)")
    assert on_five(4) == 16 and "échelle lue dans la question" in on_five.description()
    assert score_converter("Note globale", ["Top"], five, {}).unknown == ["Top"]
    assert score_converter("Note globale", ["Top"], five, {"top": 5.0})("Top") == 5


def test_recommendation_labels_and_net_promoter_score():
    labels = recommendation_converter(["Oui, sans hésiter", "Probablement pas", "Peut-être"], {})
    assert [labels(v) for v in ["Oui, sans hésiter", "Probablement pas", "Peut-être"]] == ["Oui", "Non", None]
    nps = recommendation_converter([0, 7, 9, 10], {})
    assert [nps(v) for v in [0, 6, 7, 8, 9, 10]] == ["Non", "Non", None, None, "Oui", "Oui"]


def test_a_satisfaction_question_about_the_session_is_a_score_not_the_session(tmp_path):
    headers = ["Horodateur", "Êtes-vous satisfait de cette session ?", "Session suivie", "Vos suggestions"]
    path = exports.write_csv(tmp_path / "g.csv", headers, [["2026/03/09 10:00:00", "4", "Excel", "Rien"]])
    table = read_export_file(path)

    found = resolve(table, detect(table), {"Note globale", "Session", "Points à améliorer", "Date"}, [],
                    ScoreScale(5, 4), MappingFile())

    assert found.columns == {"Date": 0, "Note globale": 1, "Session": 2, "Points à améliorer": 3}


SHEET = {"Date", "Note globale", "Recommandation", "Points forts", "Points à améliorer", "Session", "Partie prenante"}


@pytest.mark.parametrize(("question", "target"), [
    ("Sur une échelle de 0 à 10, comment évaluez-vous la formation dans son ensemble ?", "Note globale"),
    ("DE MANIÈRE GÉNÉRALE, quelle note donnez-vous ?", "Note globale"),
    ("Votre satisfaction générale", "Note globale"),
    ("Qu'avez-vous particulièrement apprécié ?", "Points forts"),
    ("Ce qui vous a plu", "Points forts"),
    ("Qu'avez-vous le moins apprécié ?", "Points à améliorer"),
    ("Que pourrions-nous améliorer ?", "Points à améliorer"),
    ("Quel est l'intitulé de la formation suivie ?", "Session"),
])
def test_ordinary_wordings_are_recognised(tmp_path, question, target):
    score = target == "Note globale"
    headers = ["Horodateur", question, *([] if score else ["Note globale (sur 5)"])]
    row = ["2026/03/09 10:00:00", "8" if score else "Excel initiation", *([] if score else ["4"])]
    table = read_export_file(exports.write_csv(tmp_path / "w.csv", headers, [row]))

    found = resolve(table, detect(table), SHEET, [], ScoreScale(5, 4), MappingFile())

    assert found.columns[target] == 1


def test_nps_question_is_kept_apart_and_the_score_found_by_its_values(tmp_path):
    headers = ["Horodateur", "Quelle probabilité de nous recommander (0 à 10) ?", "Votre avis en une note", "Un mot ?"]
    table = read_export_file(exports.write_csv(tmp_path / "n.csv", headers, [["2026/03/09 10:00:00", "9", "4", "Top"]]))

    found = resolve(table, detect(table), SHEET, [], ScoreScale(5, 4), MappingFile())

    assert (found.columns["Recommandation"], found.columns["Note globale"]) == (1, 2)
    assert found.origin["Note globale"] == "devinée d'après ses réponses"


def test_incomplete_mapping_is_printed_as_a_ready_to_edit_mapping_file(plan, tmp_path):
    headers = ["Horodateur", "Note globale", "Ressenti libre"]
    export = exports.write_csv(tmp_path / "g.csv", headers, [["2026/03/09 10:00:00", "4", "Très bonne ambiance"]])

    report = import_export(plan, export, dry_run=True)

    text = report.summary()
    assert "--mapping correspondance.toml" in text and '"Note globale" = "Note globale"' in text
    assert '# "Points forts" = "<en-tête de la colonne de l\'export>"' in text and "Ressenti libre" in text
    filled = report.mapping_file.replace('# "Points forts" = "<en-tête de la colonne de l\'export>"',
                                         '"Points forts" = "Ressenti libre"')
    again = import_export(plan, export, mapping=mapping_file(tmp_path, filled), backup=False)
    assert again.added == 1 and again.mapping_file is None


def test_a_title_shared_by_two_sessions_is_matched_by_the_response_date(tmp_path):
    from test_import import appraisals
    from workbooks import minimal_rows, write_workbook

    from qualixl import schema

    sheets = minimal_rows()
    sessions = sheets[schema.SESSIONS]
    headers = sessions[0]
    again = list(sessions[1])
    again[headers.index("ID")], again[headers.index("Date de début")] = "SES-2026-009", dt.date(2026, 3, 9)
    again[headers.index("Date de fin")] = dt.date(2026, 3, 10)
    sessions.append(again)  # a second « Excel initiation », in March
    plan = write_workbook(tmp_path / "plan.xlsx", sheets)
    rows = [["2026/01/14 17:00:00", "Excel initiation", "5"], ["2026/03/10 17:00:00", "Excel initiation", "4"],
            ["2026/06/10 17:00:00", "Excel initiation", "4"]]
    export = exports.write_csv(tmp_path / "s.csv", ["Horodateur", "Formation suivie", "Note globale (sur 5)"], rows)

    report = import_export(plan, export, backup=False)

    assert [r["Session"] for r in appraisals(plan)[-3:]] == ["SES-2026-001", "SES-2026-009", ""]
    assert any("plusieurs sessions" in w and "--session" in w for w in report.warnings)


# --- mapping file --------------------------------------------------------------------


def mapping_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "correspondance.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_mapping_file_overrides_the_guess(plan, tmp_path):
    headers = ["Horodateur", "Q1", "Q2", "Q3", "Commentaire"]
    rows = [["2026/03/09 10:00:00", "Bof", "Oui", "7", "Très bien"], ["2026/03/10 10:00:00", "Top", "Non", "2", ""]]
    export = exports.write_csv(tmp_path / "g.csv", headers, rows)
    mapping = mapping_file(tmp_path, """
[colonnes]
"note globale" = "q1"
"Recommandation" = ""
"Note : Animation" = "Q3"
"Points forts" = "Commentaire"

[valeurs]
"Bof" = 2
"Top" = 5

[options]
session = "Excel initiation"
temps = "à chaud"
echelle = 10
""")

    report = import_export(plan, export, mapping=mapping, partie_prenante="financeur")

    assert report.added == 2
    assert dict(report.mapping)["Note globale"] == "« Q1 » (fichier)"
    from test_import import appraisals

    new = appraisals(plan)[4:]
    assert [(r["Note globale"], r["Recommandation"], r["Note : Animation"]) for r in new] == [(2, "", 3.5), (5, "", 1)]
    assert {(r["Session"], r["Temps"], r["Partie prenante"]) for r in new} == {("SES-2026-001", "À chaud", "Financeur")}
    assert new[0]["Points forts"] == "Très bien"


@pytest.mark.parametrize(("text", "message"), [
    ("[colonnes\n", "TOML illisible"),
    ("[autre]\n", "section(s) inconnue(s) : autre"),
    ("[colonnes]\n\"Couleur\" = \"Q1\"\n", "« Couleur » n'est pas une colonne d'Appréciations"),
    ("[colonnes]\n\"Note globale\" = \"Absente\"\n", "aucune colonne « Absente »"),
    ("[colonnes]\n\"Note : Contenu\" = \"Q1\"\n", "la colonne « Note : Contenu » n'existe pas"),
    ("[valeurs]\n\"Bof\" = \"moyen\"\n", "doit valoir une note"),
    ("[options]\nvitesse = 3\n", "option(s) inconnue(s) : vitesse"),
])
def test_bad_mapping_files_are_explained(plan, tmp_path, text, message):
    export = exports.write_csv(tmp_path / "g.csv", ["Horodateur", "Q1"], [["2026/03/09 10:00:00", "4"]])
    before = digest(plan)
    with pytest.raises(QualixlError, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_export(plan, export, mapping=mapping_file(tmp_path, text))
    assert digest(plan) == before


def test_mapping_file_format_is_in_every_mapping_file_error(tmp_path):
    with pytest.raises(QualixlError) as error:
        load_mapping(mapping_file(tmp_path, "[autre]\n"))
    assert "[colonnes]" in str(error.value) and "[valeurs]" in str(error.value)


def test_unknown_answers_stop_the_import(plan, tmp_path):
    export = exports.write_csv(tmp_path / "g.csv", ["Horodateur", "Note globale"],
                               [["2026/03/09 10:00:00", "Très satisfait"], ["2026/03/09 11:00:00", "Génial"]])
    mapping = mapping_file(tmp_path, '[colonnes]\n"Note globale" = "Note globale"\n')
    before = digest(plan)

    with pytest.raises(QualixlError, match="Réponses non reconnues dans g.csv — Note globale : « Génial »") as error:
        import_export(plan, export, mapping=mapping)

    assert "[valeurs]" in str(error.value) and "Rien n'a été écrit" in str(error.value)
    assert digest(plan) == before


@pytest.mark.parametrize(("options", "message"), [
    ({"session": "SES-9999"}, "Session « SES-9999 » introuvable"),
    ({"partie_prenante": "Voisin"}, "n'est pas une valeur de partie prenante"),
    ({"temps": "Hier"}, "n'est pas une valeur de temps"),
])
def test_bad_options_are_refused(plan, tmp_path, options, message):
    with pytest.raises(QualixlError, match=message):
        import_export(plan, exports.google_csv(tmp_path / "g.csv"), **options)


def test_unreadable_response_date_stops_the_import(plan, tmp_path):
    rows = exports.google_rows()
    rows[1][0] = "hier soir"
    with pytest.raises(QualixlError, match="ligne 3 : « hier soir »"):
        import_export(plan, exports.google_csv(tmp_path / "g.csv", rows))


def test_fingerprint_ignores_column_order_and_later_questions(plan, tmp_path):
    import_export(plan, exports.google_csv(tmp_path / "g.csv"))
    order = [0, 1, 3, 2, 5, 4, 6, 8, 7]
    headers = [exports.GOOGLE_HEADERS[i] for i in order] + ["Question ajoutée ensuite"]
    rows = [[row[i] for i in order] + [""] for row in exports.google_rows()]

    report = import_export(plan, exports.write_csv(tmp_path / "g2.csv", headers, rows))

    assert (report.added, report.already_present) == (0, 3)


def test_the_mapping_file_suggested_by_the_error_works_once_filled_in(plan, tmp_path):
    export = exports.write_csv(tmp_path / "g.csv", ["Horodateur", "Q1", "Vos remarques"],
                               [["2026/03/09 10:00:00", "Top", "Rien à redire"]])
    with pytest.raises(QualixlError) as error:
        import_export(plan, export)
    message = str(error.value)
    suggested = message[message.index("[colonnes]"): message.index("\n\n", message.index("[colonnes]"))]
    filled = suggested.replace('"Note globale" = "<en-tête de la colonne de l\'export>"', '"Note globale" = "Q1"')
    filled = filled.replace('# "Points forts" = "<en-tête de la colonne de l\'export>"', '"Points forts" = "Vos remarques"')

    report = import_export(plan, export, mapping=mapping_file(tmp_path, filled + '\n[valeurs]\n"Top" = 5\n'))

    assert report.added == 1 and dict(report.mapping)["Points forts"] == "« Vos remarques » (fichier)"
