"""Build survey exports and a host workbook for the import tests, by code (no binary fixtures).

Each builder writes what the tool itself writes: Google Forms' UTF-8 CSV with commas,
a French Excel "CSV (séparateur : point-virgule)" in cp1252, Microsoft Forms' xlsx with
French headers and real dates, LimeSurvey's CSV with an unfinished response. The host
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
              delimiter: str = ",", line_end: str = "\r\n") -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(headers)
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
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
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
