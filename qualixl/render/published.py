"""Indicateurs publiés (V10 indicator 2): the results to publish, each with its n and calculation method.

The same rows as `qualixl publier` (publication.published_rows): Catégorie, Indicateur,
Période, Valeur, n, Méthode de calcul, and a Remarque for small samples and empty periods.
"""

from __future__ import annotations

from qualixl import figures
from qualixl.render.banner import BANNER_ROWS, print_setup, write_banner
from qualixl.render.context import PUBLISHED, RenderContext
from qualixl.render.printing import row_height
from qualixl.render.styles import Formats

HEADERS = ("Catégorie", "Indicateur", "Période", "Valeur", "n", "Méthode de calcul", "Remarque")
WIDTHS = (20, 28, 26, 10, 8, 90, 30)
INTRO = ("Résultats à diffuser (site internet, catalogue) avec leur effectif et leur méthode de calcul ; "
         "« qualixl publier » en fait une page web et un fichier CSV.")


def write_published(book, fm: Formats, ctx: RenderContext) -> None:
    sheet = book.add_worksheet(PUBLISHED)
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    write_banner(sheet, fm, ctx, PUBLISHED)
    row = BANNER_ROWS
    sheet.write_string(row, 0, INTRO, fm.subtitle)
    row += 2
    header_row = row
    for col, text in enumerate(HEADERS):
        sheet.write_string(row, col, text, fm.header)
    rows = list(ctx.published or [])
    if not rows:
        sheet.write_string(row + 1, 0, "Aucun résultat à publier.", fm.text)
    for r in rows:
        row += 1
        sheet.set_row(row, row_height(((r.period_text, WIDTHS[2]), (r.method, WIDTHS[5]), (r.note, WIDTHS[6]))))
        sheet.write_string(row, 0, r.category_text, fm.wrap)
        sheet.write_string(row, 1, r.label, fm.wrap)
        sheet.write_string(row, 2, r.period_text, fm.wrap)
        if r.value is None:
            sheet.write_string(row, 3, r.value_text, fm.centered)
        else:
            sheet.write_number(row, 3, figures.shown(r.code, r.value), fm.values["taux"])
        sheet.write_number(row, 4, r.n, fm.integer)
        sheet.write_string(row, 5, r.method, fm.wrap)
        sheet.write_string(row, 6, r.note, fm.wrap)
    if rows:
        sheet.autofilter(header_row, 0, row, len(HEADERS) - 1)
    sheet.freeze_panes(header_row + 1, 0)
    print_setup(sheet, ctx, repeat=(header_row, header_row))
