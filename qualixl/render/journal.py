"""Journal: one row per refresh, earlier rows rewritten exactly as they were read.

It is the proof that the loop runs continuously: when, on which data (a fingerprint
of the input sheets' values), with which result.
"""

from __future__ import annotations

import datetime as dt

from qualixl.render.banner import BANNER_ROWS, print_setup, write_banner
from qualixl.render.context import JOURNAL, RenderContext
from qualixl.render.labels import operation_label
from qualixl.render.printing import row_height
from qualixl.render.styles import Formats

HEADERS = (
    "Date et heure",
    "Opération",
    "Date d'arrêté",
    "Version qualixl",
    "Lignes Sessions",
    "Lignes Sollicitations",
    "Lignes Appréciations",
    "Lignes Réclamations",
    "Lignes Plan d'amélioration",
    "Lignes Revues qualité",
    "Erreurs",
    "Avertissements",
    "Satisfaction 12 mois",
    "Réclamations 12 mois",
    "Actions en retard",
    "Empreinte SHA-256 des saisies",
    "Détail",
)
HEADER_ROW = BANNER_ROWS  # zero-based row of the table header
SATISFACTION_COLUMN = HEADERS.index("Satisfaction 12 mois")
OPERATION_COLUMN = HEADERS.index("Opération")
# Printed one page wide and legible: the counts are narrow, the fingerprint and the detail wrap.
# Counts' columns as wide as their longest header word (« Avertissements »), so no word is cut.
WIDTHS = (15, 13, 10, 8, *(13,) * 11, 20, 32)
FINGERPRINT, DETAIL = len(HEADERS) - 2, len(HEADERS) - 1
WRAPPED = {FINGERPRINT: WIDTHS[FINGERPRINT], DETAIL: WIDTHS[DETAIL]}
HEX_PER_WIDTH = 0.6  # a hexadecimal string has no space to wrap at: fewer characters per line than prose


def write_journal(book, fm: Formats, ctx: RenderContext) -> None:
    sheet = book.add_worksheet(JOURNAL)
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    write_banner(sheet, fm, ctx, JOURNAL)
    sheet.set_row(HEADER_ROW, 42)
    for col, text in enumerate(HEADERS):
        sheet.write_string(HEADER_ROW, col, text, fm.header)
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    print_setup(sheet, ctx, repeat=(HEADER_ROW, HEADER_ROW))
    for offset, values in enumerate(ctx.journal_rows, start=1):
        values = list(values)
        if len(values) > OPERATION_COLUMN:
            values[OPERATION_COLUMN] = operation_label(values[OPERATION_COLUMN])
        wrapped = [(str(values[c]), w * (HEX_PER_WIDTH if c == FINGERPRINT else 1))
                   for c, w in WRAPPED.items() if c < len(values) and values[c]]
        if wrapped:
            sheet.set_row(HEADER_ROW + offset, row_height(wrapped))
        for col, value in enumerate(values):
            _write(sheet, fm, HEADER_ROW + offset, col, value, wrap=col in WRAPPED)


def _write(sheet, fm: Formats, row: int, col: int, value, wrap: bool = False) -> None:
    if value is None or value == "":
        sheet.write_blank(row, col, None, fm.text)
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(row, col, value, fm.datetime)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), fm.date)
    elif isinstance(value, bool):
        sheet.write_string(row, col, "VRAI" if value else "FAUX", fm.text)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, fm.values["taux"] if col == SATISFACTION_COLUMN else fm.integer)
    else:
        sheet.write_string(row, col, str(value), fm.wrap if wrap else fm.text)
