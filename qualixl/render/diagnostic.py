"""Diagnostic Qualiopi: one row per requirement of indicators 30, 31, 32 (and 2, 3, 12), coloured by status.

The lines come ready-made on `ctx.diagnostic` (qualixl.diagnostic.diagnose); this module
only lays them out, for the screen and for an A4 landscape print one page wide.
"""

from __future__ import annotations

from qualixl.diagnostic.model import A_SURVEILLER, CONFORME, NON_CONFORME
from qualixl.diagnostic.rates import SMALL_SAMPLE
from qualixl.diagnostic.report import summary
from qualixl.render.banner import BANNER_ROWS, print_setup, write_banner
from qualixl.render.context import DIAGNOSTIC, RenderContext
from qualixl.render.printing import row_height
from qualixl.render.styles import Formats

HEADERS = ("Indicateur", "Exigence", "Statut", "Risque", "Constats", "À faire")
WIDTHS = (10, 36, 13, 30, 54, 48)
# Explicit RGB (background, font): the host workbook's theme may differ.
STATUS_COLOURS = {
    CONFORME: ("#C6EFCE", "#006100"),
    A_SURVEILLER: ("#FFEB9C", "#9C5700"),
    NON_CONFORME: ("#FFC7CE", "#9C0006"),
}
NOTE = (
    f"Fenêtre : 12 mois glissants jusqu'à la date d'arrêté. Taux : intervalle de confiance à 95 % (Wilson) ; "
    f"« échantillon faible » en dessous de {SMALL_SAMPLE} réponses."
)


def write_diagnostic(book, fm: Formats, ctx: RenderContext) -> None:
    """Write the sheet from `ctx.diagnostic` (a list of DiagnosticLine; absent → an explanatory row)."""
    sheet = book.add_worksheet(DIAGNOSTIC)
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    base = {"font_name": "Calibri", "font_size": 10, "valign": "top", "text_wrap": True, "border": 1,
            "border_color": "#BFBFBF"}
    wrap = book.add_format(base)
    centred = book.add_format({**base, "align": "center"})
    status_formats = {
        status: book.add_format({**base, "bold": True, "align": "center", "bg_color": bg, "font_color": fg})
        for status, (bg, fg) in STATUS_COLOURS.items()
    }
    write_banner(sheet, fm, ctx, DIAGNOSTIC)
    lines = list(getattr(ctx, "diagnostic", None) or [])
    row = BANNER_ROWS
    sheet.write_string(row, 0, summary(lines) if lines else "Diagnostic non calculé.", fm.subtitle)
    row += 1
    sheet.write_string(row, 0, NOTE, fm.subtitle)
    row += 2
    header_row = row
    for col, text in enumerate(HEADERS):
        sheet.write_string(row, col, text, fm.header)
    for line in lines:
        row += 1
        texts = (line.requirement, line.risk, line.evidence, line.action)
        sheet.set_row(row, row_height(zip(texts, (WIDTHS[1], *WIDTHS[3:]), strict=True)))
        sheet.write_number(row, 0, line.indicator, centred)
        sheet.write_string(row, 1, line.requirement, wrap)
        sheet.write_string(row, 2, line.status, status_formats.get(line.status, centred))
        sheet.write_string(row, 3, line.risk, wrap)
        sheet.write_string(row, 4, line.evidence, wrap)
        sheet.write_string(row, 5, line.action, wrap)
    if lines:
        sheet.autofilter(header_row, 0, row, len(HEADERS) - 1)
    sheet.freeze_panes(header_row + 1, 0)
    print_setup(sheet, ctx, repeat=(header_row, header_row))
    sheet.print_area(0, 0, max(row, header_row), len(HEADERS) - 1)
