"""Build survey exports and a host workbook for the import tests, by code (no binary fixtures).

Each builder writes what the tool itself writes: Google Forms' UTF-8 CSV with commas
(the linked Sheet's, French or US account, and the form's own download with
`2026/03/09 3:49:23 PM UTC+1` timestamps), a French Excel "CSV (séparateur :
point-virgule)" in cp1252, Microsoft Forms' xlsx with French or English headers and real
dates, LimeSurvey's CSV by codes or full text (every field quoted) and its xlsx,
SurveyMonkey's CSV with its two header rows and a BOM, Typeform's CSV with its tokens and
partial responses, a Google Sheet downloaded as xlsx with a staff tab before the responses. The host
workbook carries the staff features the import must keep byte for byte: Appréciations as
an Excel table with drop-downs, a comment and a conditional format, and a staff sheet
with a chart.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import xlsxwriter
from workbooks import minimal_rows, write_cell

from qualixl import schema

CRITERION = "Note : Animation"
STAFF_SHEET = "Suivi interne"

GOOGLE_HEADERS = [
    "Horodateur",
    "Adresse e-mail",
    "Formation suivie",
    "Globalement, êtes-vous satisfait(e) de la formation ?",
    "Évaluez les points suivants [Animation]",
    "Évaluez les points suivants [Supports]",
    "Recommanderiez-vous cette formation ?",
    "Ce que vous avez apprécié",
    "Points à améliorer / suggestions",
]


def google_rows() -> list[list[str]]:
    """Three responses as Google Forms writes them (answers on 1–10, grid rows 1–5)."""
    return [
        ["2026/03/09 10:15:32 UTC+1", "anne@example.fr", "Excel initiation", "9", "5", "4", "Oui",
         "Formatrice claire, exemples concrets", "=HYPERLINK(\"http://x\") rien"],
        ["2026/03/09 11:02:01 UTC+1", "bruno@example.fr", "SES-2026-001", "6", "3", "3", "Non",
         "", "Salle trop petite\net bruyante"],
        ["2026/03/10 08:45:00 UTC+1", "chloe@example.fr", "Excel initiation", "10", "5", "5",
         "Oui, certainement", "+ tout", "-"],
    ]


def write_csv(path: Path, headers: list[str], rows: list[list[str]], *, encoding: str = "utf-8",
              delimiter: str = ",", line_end: str = "\r\n", quoting: int = csv.QUOTE_MINIMAL,
              extra_header: list[str] | None = None) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end, quoting=quoting)
    writer.writerow(headers)
    if extra_header is not None:
        writer.writerow(extra_header)
    writer.writerows(rows)
    Path(path).write_bytes(buffer.getvalue().encode(encoding))
    return Path(path)


def google_csv(path: Path, rows: list[list[str]] | None = None) -> Path:
    return write_csv(path, GOOGLE_HEADERS, google_rows() if rows is None else rows)


FRENCH_EXCEL_HEADERS = ["Date", "Vous êtes", "Note globale (sur 10)", "Points forts", "Points à améliorer"]


def french_excel_csv(path: Path) -> Path:
    """A table retyped in a French Excel and saved as CSV: cp1252, semicolons, dd/mm/yyyy, decimal commas."""
    rows = [
        ["12/03/2026", "Stagiaire", "8,5", "L’écoute du formateur", "Café froid"],
        ["13/03/2026", "Employeur", "7", "Réactivité", ""],
        ["", "", "", "", ""],
        ["14/03/2026", "OPCO", "4", "", "Délais de facturation ; relances"],
    ]
    return write_csv(path, FRENCH_EXCEL_HEADERS, rows, encoding="cp1252", delimiter=";")


MICROSOFT_HEADERS = [
    "ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom", "Heure de la dernière modification",
    "Dans l'ensemble, quel est votre niveau de satisfaction ?",
    "Recommanderiez-vous cette formation à un collègue ?",
    "Qu'avez-vous le plus apprécié ?",
    "Que pourrions-nous améliorer ?",
]


def microsoft_rows() -> list[list[object]]:
    t = dt.datetime
    return [
        [1, t(2026, 3, 11, 9, 0, 5), t(2026, 3, 11, 9, 4, 40), "anonymous", "", None,
         "Très satisfait", 10, "Les exercices", "Rien"],
        [2, t(2026, 3, 11, 9, 1, 0), t(2026, 3, 11, 9, 6, 12), "anonymous", "", None,
         "Peu satisfait", 5, "", "Le rythme, trop rapide"],
        [3, t(2026, 3, 12, 14, 30, 0), t(2026, 3, 12, 14, 33, 3), "anonymous", "", None,
         "Satisfait", 8, "@formateur très bien", ""],
    ]


def microsoft_xlsx(path: Path, rows: list[list[object]] | None = None, headers: list[str] | None = None) -> Path:
    """An xlsx export as Microsoft Forms (or a Google Sheet download) writes it: real dates, numbers."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    sheet = book.add_worksheet("Sheet1")
    date_format = book.add_format({"num_format": "m/d/yy h:mm:ss"})
    for c, header in enumerate(headers or MICROSOFT_HEADERS):
        sheet.write_string(0, c, header)
    for r, row in enumerate(microsoft_rows() if rows is None else rows, start=1):
        for c, value in enumerate(row):
            write_cell(sheet, r, c, value, date_format, date_format)
    book.close()
    return Path(path)


LIMESURVEY_HEADERS = [
    "id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
    "Vous êtes :", "Note globale de la formation (1 à 5)", "Points forts", "Points à améliorer",
]


def limesurvey_csv(path: Path) -> Path:
    rows = [
        ["1", "2026-03-15 16:20:11", "3", "fr", "12345", "2026-03-15 16:10:00", "2026-03-15 16:20:11",
         "Entreprise", "4", "Suivi du tuteur", ""],
        ["2", "", "1", "fr", "23456", "2026-03-15 17:00:00", "2026-03-15 17:01:00", "Stagiaire", "", "", ""],
        ["3", "2026-03-16 09:05:42", "3", "fr", "34567", "2026-03-16 09:00:00", "2026-03-16 09:05:42",
         "Stagiaire", "5", "Tout", "Plus de pauses"],
    ]
    return write_csv(path, LIMESURVEY_HEADERS, rows)


def unmappable_csv(path: Path) -> Path:
    return write_csv(path, ["Prénom", "Couleur préférée", "Animal"], [["Léa", "Bleu", "Chat"]])


def google_direct_csv(path: Path, rows: list[list[str]] | None = None) -> Path:
    """The form's own « Télécharger les réponses (.csv) »: `2026/03/09 3:49:23 PM UTC+1`, no e-mail collected."""
    rows = rows if rows is not None else [
        ["2026/03/09 10:15:32 AM UTC+1", "Excel initiation", "9", "Formatrice claire", ""],
        ["2026/03/09 3:49:23 PM UTC+1", "Excel initiation", "6", "", "Salle trop petite"],
    ]
    headers = ["Horodateur", "Formation suivie", "Globalement, êtes-vous satisfait(e) de la formation ?",
               "Ce que vous avez apprécié", "Points à améliorer / suggestions"]
    return write_csv(path, headers, rows)


def google_us_sheet_csv(path: Path) -> Path:
    """A linked Google Sheet of a US account downloaded as CSV: « Timestamp », month-first dates."""
    headers = ["Timestamp", "Email Address", "Overall, how satisfied are you with the training? (1-5)",
               "What did you like?", "What could we improve?"]
    rows = [["3/9/2026 10:15:32", "anne@example.com", "5", "Clear trainer", ""],
            ["3/10/2026 8:02:11", "bob@example.com", "3", "", "Too fast"]]
    return write_csv(path, headers, rows)


MICROSOFT_ENGLISH_HEADERS = [
    "Id", "Start time", "Completion time", "Email", "Name", "Last modified time",
    "Overall, how satisfied are you with the training?",
    "How likely are you to recommend this training to a colleague?",
    "What did you like most?",
    "What could we improve?",
]


def google_sheet_xlsx(path: Path) -> Path:
    """A linked Google Sheet downloaded as xlsx, where staff put a summary tab before the responses."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    summary = book.add_worksheet("Synthèse")
    summary.write_row(0, 0, ["Mois", "Réponses", "Commentaire"])
    summary.write_row(1, 0, ["mars", 3, "à relancer"])
    sheet = book.add_worksheet("Réponses au formulaire 1")
    stamp = book.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    for c, header in enumerate(GOOGLE_HEADERS):
        sheet.write_string(0, c, header)
    for r, row in enumerate(google_rows(), start=1):
        when = dt.datetime.strptime(row[0][:19], "%Y/%m/%d %H:%M:%S")
        values = [when, row[1], row[2], int(row[3]), int(row[4]), int(row[5]), *row[6:]]
        for c, value in enumerate(values):
            write_cell(sheet, r, c, value, stamp, stamp)
    book.close()
    return Path(path)


LIMESURVEY_FULL_HEADERS = [
    "ID de la réponse", "Date de soumission", "Dernière page", "Langue de départ", "Tête de série",
    "Date de début", "Date de la dernière action", "Vous êtes :", "Note globale de la formation (1 à 5)",
    "Points forts", "Points à améliorer",
]


def limesurvey_full_text_csv(path: Path) -> Path:
    """LimeSurvey's « Réponses complètes » with question texts as headers, every field quoted, `;`."""
    rows = [
        ["1", "15/03/2026 16:20:11", "3", "fr", "12345", "15/03/2026 16:10:00", "15/03/2026 16:20:11",
         "Entreprise", "4", "Suivi du tuteur", ""],
        ["3", "16/03/2026 09:05:42", "3", "fr", "34567", "16/03/2026 09:00:00", "16/03/2026 09:05:42",
         "Stagiaire", "5", "Tout", "Plus de pauses"],
    ]
    return write_csv(path, LIMESURVEY_FULL_HEADERS, rows, delimiter=";", quoting=csv.QUOTE_ALL)


def limesurvey_xlsx(path: Path) -> Path:
    """LimeSurvey's Excel export: the CSV's codes as headers, values as text."""
    rows = [["1", "2026-03-15 16:20:11", "3", "fr", "12345", "2026-03-15 16:10:00", "2026-03-15 16:20:11",
             "Entreprise", "4", "Suivi du tuteur", ""],
            ["3", "2026-03-16 09:05:42", "3", "fr", "34567", "2026-03-16 09:00:00", "2026-03-16 09:05:42",
             "Stagiaire", "5", "Tout", "Plus de pauses"]]
    return microsoft_xlsx(path, rows, headers=LIMESURVEY_HEADERS)


SURVEYMONKEY_FIRST = [
    "Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
    "Last Name", "Custom Data 1", "Dans l'ensemble, êtes-vous satisfait(e) de la formation ?",
    "Évaluez les aspects suivants", "", "Recommanderiez-vous cette formation ?",
    "Qu'avez-vous particulièrement apprécié ?", "Que pourrions-nous améliorer ?",
]
SURVEYMONKEY_SECOND = ["", "", "", "", "", "", "", "", "", "Response", "Animation", "Supports", "Response",
                       "Open-Ended Response", "Open-Ended Response"]


def surveymonkey_rows() -> list[list[str]]:
    return [
        ["114011234567", "431234567", "03/15/2026 04:10:02 PM", "03/15/2026 04:20:11 PM", "192.0.2.1", "", "", "",
         "", "Très satisfait", "5", "4", "Oui", "=SOMME(A1:A3) est mon astuce", ""],
        ["114011234568", "431234567", "03/16/2026 09:00:00 AM", "03/16/2026 09:05:42 AM", "192.0.2.2", "", "", "",
         "", "Peu satisfait", "2", "3", "Non", "", "-trop de théorie"],
    ]


def surveymonkey_csv(path: Path, rows: list[list[str]] | None = None) -> Path:
    """SurveyMonkey's « All responses data » CSV: two header rows, US dates, UTF-8 with a BOM."""
    return write_csv(path, SURVEYMONKEY_FIRST, surveymonkey_rows() if rows is None else rows,
                     encoding="utf-8-sig", extra_header=SURVEYMONKEY_SECOND)


TYPEFORM_HEADERS = [
    "#", "Sur une échelle de 0 à 10, comment évaluez-vous la formation dans son ensemble ?",
    "Quelle est la probabilité que vous recommandiez cette formation à un proche ?",
    "Qu'avez-vous particulièrement apprécié ?", "Qu'est-ce qui pourrait être amélioré ?",
    "Response Type", "Start Date (UTC)", "Stage Date (UTC)", "Submit Date (UTC)", "Network ID", "Tags",
]


def typeform_rows() -> list[list[str]]:
    return [
        ["odwdp4nzj1xg6m9l36odwdp4nzlv2gcw", "8", "9", "@tous les exemples", "", "completed",
         "2026-03-17 08:01:02", "", "2026-03-17 08:04:40", "653e97acae", ""],
        ["q2k9x0d6s1m4c7v8b3n5h2j6g1f0a9z8", "6", "5", "", "Le rythme", "completed",
         "2026-03-17 09:00:00", "", "2026-03-17 09:03:12", "0a1b2c3d4e", ""],
        ["p0o9i8u7y6t5r4e3w2q1a2s3d4f5g6h7", "", "", "", "", "partial",
         "2026-03-17 10:00:00", "2026-03-17 10:00:30", "", "9f8e7d6c5b", ""],
    ]


def typeform_csv(path: Path, rows: list[list[str]] | None = None) -> Path:
    return write_csv(path, TYPEFORM_HEADERS, typeform_rows() if rows is None else rows)


def identical_csv(path: Path, count: int) -> Path:
    """A short survey where `count` learners gave the same answers on the same day, comments left empty."""
    headers = ["Date", "Note globale (sur 5)", "Points forts", "Points à améliorer"]
    return write_csv(path, headers, [["12/03/2026", "5", "", ""] for _ in range(count)], delimiter=";")


def host_workbook(path: Path, *, scale: int = 5) -> Path:
    """The minimal workbook, Appréciations as a table with staff features, and a staff sheet with a chart."""
    sheets = minimal_rows()
    params = sheets[schema.PARAMETRES]
    for row in params:
        if row[0] == "Échelle de notation":
            row[1] = scale
    appraisals = sheets[schema.APPRECIATIONS]
    appraisals[0].append(CRITERION)
    for row in appraisals[1:]:
        row.append(None)
    appraisals[1][-1] = 5
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    wrap = book.add_format({"text_wrap": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        if name == schema.APPRECIATIONS:
            _appraisal_table(book, sheet, rows, date_format, wrap)
            continue
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                write_cell(sheet, r, c, value, date_format, date_format)
    _staff_sheet(book)
    book.close()
    return Path(path)


def _appraisal_table(book, sheet, rows, date_format, wrap) -> None:
    headers = rows[0]
    col = {h: i for i, h in enumerate(headers)}
    sheet.set_column(col["Date"], col["Date"], 12, date_format)
    sheet.set_column(col["Points forts"], col["Points à améliorer"], 36, wrap)
    sheet.add_table(0, 0, len(rows) - 1, len(headers) - 1, {
        "name": "tblAppreciations",
        "columns": [{"header": h} for h in headers],
        "style": "Table Style Medium 2",
    })
    for r, row in enumerate(rows[1:], start=1):
        for c, value in enumerate(row):
            fmt = wrap if headers[c] in ("Points forts", "Points à améliorer") else None
            if value is None:
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date_format)
            elif isinstance(value, str):
                sheet.write_string(r, c, value, fmt)
            else:
                sheet.write_number(r, c, value)
    for header, choices in (("Partie prenante", schema.PARTIES_PRENANTES), ("Temps", schema.TEMPS),
                            ("Recommandation", schema.OUI_NON)):
        sheet.data_validation(1, col[header], 1000, col[header], {"validate": "list", "source": list(choices)})
    sheet.write_comment(0, col["Note globale"], "Note sur 5, ou Très satisfait … Pas du tout satisfait.")
    red = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    sheet.conditional_format(1, col["Note globale"], 1000, col["Note globale"],
                             {"type": "cell", "criteria": "<", "value": 3, "format": red})


def _staff_sheet(book) -> None:
    sheet = book.add_worksheet(STAFF_SHEET)
    sheet.write_row(0, 0, ["Mois", "Réponses"])
    for r, (month, n) in enumerate([("janvier", 3), ("février", 0), ("mars", 5)], start=1):
        sheet.write_string(r, 0, month)
        sheet.write_number(r, 1, n)
    chart = book.add_chart({"type": "column"})
    chart.add_series({"name": "Réponses", "categories": f"='{STAFF_SHEET}'!$A$2:$A$4",
                      "values": f"='{STAFF_SHEET}'!$B$2:$B$4"})
    sheet.insert_chart("D2", chart)
