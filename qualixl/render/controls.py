"""Contrôles: every finding of `check`, each with a link that jumps to the faulty cell."""

from __future__ import annotations

from qualixl import schema
from qualixl.addresses import quote_sheet
from qualixl.checks.model import cell_position
from qualixl.render.banner import BANNER_ROWS, print_setup, write_banner
from qualixl.render.context import CONTROLS, RenderContext
from qualixl.render.labels import rule_label
from qualixl.render.printing import row_height
from qualixl.render.styles import Formats

HEADERS = ("Gravité", "Feuille", "Cellule", "Règle", "Message", "Indicateur Qualiopi")
WIDTHS = (13, 18, 8, 30, 70, 11)
RULE, MESSAGE = HEADERS.index("Règle"), HEADERS.index("Message")
# Excel keeps at most 65,530 hyperlinks per sheet; beyond, cells are plain text.
MAX_LINKS = 65_000


def summary(findings) -> str:
    errors = sum(1 for f in findings if f.severity == schema.ERROR)
    warnings = len(findings) - errors
    if not findings:
        return "Aucune anomalie."
    return f"{errors} erreur{'s' if errors > 1 else ''}, {warnings} avertissement{'s' if warnings > 1 else ''}."


def _message(finding, ctx: RenderContext) -> str:
    """The finding's message, and the indicators its row is left out of (« One figure, one truth »)."""
    labels = ctx.dropped_from.get((finding.sheet, cell_position(finding.cell)[0])) if finding.cell else None
    if not labels:
        return finding.message
    return f"{finding.message} Ligne non prise en compte dans : {', '.join(labels)}."


def write_controls(book, fm: Formats, ctx: RenderContext) -> None:
    sheet = book.add_worksheet(CONTROLS)
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    write_banner(sheet, fm, ctx, CONTROLS)
    row = BANNER_ROWS
    sheet.write_string(row, 0, summary(ctx.findings), fm.subtitle)
    row += 2
    sheet.set_row(row, 28)
    for col, text in enumerate(HEADERS):
        sheet.write_string(row, col, text, fm.header)
    sheet.freeze_panes(row + 1, 0)
    print_setup(sheet, ctx, repeat=(row, row))
    if not ctx.findings:
        sheet.write_string(row + 1, 0, "Aucune anomalie", fm.text)
        return
    header_row = row
    for index, finding in enumerate(ctx.findings):
        row += 1
        sheet.write_string(row, 0, finding.severity, fm.severity.get(finding.severity, fm.text))
        sheet.write_string(row, 1, finding.sheet, fm.text)
        if index < MAX_LINKS and finding.cell:
            target = f"internal:{quote_sheet(finding.sheet)}!{finding.cell}"
            sheet.write_url(row, 2, target, fm.link, finding.cell)
        else:
            sheet.write_string(row, 2, finding.cell, fm.text)
        rule = rule_label(finding.rule, finding.indicator)
        message = _message(finding, ctx)
        # Long messages wrap inside their column; the row is sized for them (no application grows it).
        sheet.set_row(row, row_height(((rule, WIDTHS[RULE]), (message, WIDTHS[MESSAGE]))))
        sheet.write_string(row, 3, rule, fm.wrap)
        sheet.write_string(row, 4, message, fm.wrap)
        sheet.write_string(row, 5, finding.indicator, fm.text)
    sheet.autofilter(header_row, 0, row, len(HEADERS) - 1)
