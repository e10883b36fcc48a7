"""Boucle d'amélioration: each action with the rows it stems from, then the sources still without action.

The figures come ready-made on `ctx.loop` (qualixl.diagnostic.build_loop). An action
takes one row per source (the action's own columns on its first row); every ID links to
its row in its sheet. Printed A4 landscape, one page wide; a table running onto the next
page starts it with its header again.
"""

from __future__ import annotations

from qualixl.addresses import quote_sheet
from qualixl.render.banner import BANNER_ROWS, TITLE_HEIGHT, print_setup, write_banner
from qualixl.render.context import LOOP, RenderContext
from qualixl.render.printing import DEFAULT_ROW_HEIGHT, LANDSCAPE, PagedTable, Pager, row_height
from qualixl.render.styles import GREY, Formats

HEADERS = ("ID action", "Statut", "Source", "Date", "Extrait de la source", "Constat", "Action décidée",
           "Échéance", "Réalisée le", "Critère d'efficacité", "Efficacité")
WIDTHS = (12, 10, 14, 10, 30, 26, 26, 10, 10, 20, 15)
UNLINKED_HEADERS = ("Source", "Date", "Extrait de la source")
TO_DO = {
    "Appréciations": "Renseigner la Suite donnée, ou ouvrir une action qui cite cette appréciation dans ses Références.",
    "Réclamations": "Ouvrir une action qui cite cette réclamation dans ses Références, ou noter dans l'Analyse "
                    "pourquoi aucune n'est nécessaire.",
}
# How to find the sources a group does not list, in the staff sheet itself.
FILTERS = {
    "Appréciations": "filtrez Appréciations sur une Note globale sous le seuil, des Points à améliorer renseignés "
                     "et une Suite donnée vide",
    "Réclamations": "filtrez Réclamations sur le Statut « Clôturée » et une Action vide",
}
LAST = len(WIDTHS) - 1


def write_loop(book, fm: Formats, ctx: RenderContext) -> None:
    sheet = book.add_worksheet(LOOP)
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    sheet.hide_gridlines(2)
    write_banner(sheet, fm, ctx, LOOP)
    pager = Pager(LANDSCAPE, WIDTHS, heights={0: TITLE_HEIGHT})
    grey = book.add_format({"font_name": "Calibri", "font_size": 9, "font_color": GREY, "valign": "top",
                            "border": 1, "border_color": "#BFBFBF"})
    report = ctx.loop
    table = PagedTable(sheet, pager, BANNER_ROWS)
    if report is None:
        sheet.write_string(BANNER_ROWS, 0, "Boucle d'amélioration non calculée.", fm.subtitle)
        print_setup(sheet, ctx)
        return
    linked = sum(1 for a in report.actions if a.sources)
    sheet.write_string(table.row, 0, f"1. Actions du plan et leurs sources — {len(report.actions)} action(s), "
                       f"{linked} rattachée(s) à au moins une source.", fm.subtitle)
    table.row += 1
    table.start(lambda r: [sheet.write_string(r, c, h, fm.header) for c, h in enumerate(HEADERS)])
    if not report.actions:
        row = table.place(DEFAULT_ROW_HEIGHT)
        sheet.merge_range(row, 0, row, LAST, "Aucune action dans le plan d'amélioration.", fm.wrap)
    for action in report.actions:
        _action_rows(sheet, fm, grey, table, report.spelled_plan, action)
    table.row += 1
    table.header = None
    pager.keep_together(table.row, 5 * DEFAULT_ROW_HEIGHT)
    total = sum(report.unlinked_counts.values())
    sheet.write_string(table.row, 0, f"2. Sources sans action — {total} ligne(s) : réclamations clôturées sans "
                       "action, appréciations sous le seuil avec des points à améliorer et sans suite donnée.",
                       fm.subtitle)
    table.row += 1
    if not total:
        row = table.place(DEFAULT_ROW_HEIGHT)
        sheet.merge_range(row, 0, row, LAST, "Aucune : chaque source a conduit à une action ou à une suite.", fm.wrap)
    for group in report.unlinked_groups:
        _unlinked_group(sheet, fm, table, group)
    print_setup(sheet, ctx)
    pager.apply(sheet)
    sheet.print_area(0, 0, table.row, LAST)
    sheet.freeze_panes(BANNER_ROWS + 2, 1)


def _action_rows(sheet, fm: Formats, grey, table: PagedTable, spelled_plan: str, action) -> None:
    sources = list(action.sources) or [None]
    effectiveness = action.effectiveness
    if effectiveness and action.evaluated:
        effectiveness = f"{effectiveness} (évaluée le {action.evaluated:%d/%m/%Y})"
    for index, source in enumerate(sources):
        extract = source.extract if source else _no_source(action)
        if index == len(sources) - 1 and action.unresolved:
            extract += ("\n" if extract else "") + "Référence(s) introuvable(s) : " + ", ".join(action.unresolved)
        cells = [(extract, WIDTHS[4])]
        if index == 0:
            cells += [(action.constat, WIDTHS[5]), (action.action, WIDTHS[6]), (action.criterion, WIDTHS[9]),
                      (effectiveness, WIDTHS[10])]
        row = table.place(row_height(cells))
        if index == 0:
            sheet.write_url(row, 0, f"internal:{quote_sheet(spelled_plan)}!A{action.row}", fm.link, action.id)
            sheet.write_string(row, 1, action.status, fm.text)
        else:  # a further source: the action's own cells stay empty (one block per action, cheap to write)
            sheet.write_string(row, 0, action.id, grey)
        if source is None:
            sheet.write_string(row, 2, "—", fm.centered)
            sheet.write_blank(row, 3, None, fm.text)
        else:
            _link(sheet, fm, row, 2, source)
            _date(sheet, fm, row, 3, source.date)
        sheet.write_string(row, 4, extract, fm.wrap)
        if index == 0:
            sheet.write_string(row, 5, action.constat, fm.wrap)
            sheet.write_string(row, 6, action.action, fm.wrap)
            _date(sheet, fm, row, 7, action.due)
            _date(sheet, fm, row, 8, action.done)
            sheet.write_string(row, 9, action.criterion, fm.wrap)
            sheet.write_string(row, 10, effectiveness, fm.wrap)


def _unlinked_group(sheet, fm: Formats, table: PagedTable, group) -> None:  # a diagnostic.loop.UnlinkedGroup
    """A group of sources sharing their reason: the reason and what to do said once, then one line per
    source (ID linked to its row, date, extract), the most recent first. The extract is not wrapped: it
    runs over the empty cells to its right, so a line stays one row high and cheap to write."""
    table.header = None
    table.row += 1
    table.pager.keep_together(table.row, 5 * DEFAULT_ROW_HEIGHT)
    sources, total = group.sources, group.total
    heading = f"{group.reason} — {total} ligne(s)"
    if total > len(sources):
        heading += f", les {len(sources)} plus récentes ci-dessous"
    sheet.write_string(table.row, 0, heading, fm.emphasis)
    table.row += 1
    to_do = TO_DO.get(group.sheet, "")
    if to_do:
        sheet.write_string(table.row, 0, f"À faire : {to_do}", fm.plain)
        table.row += 1

    def header(r: int) -> None:
        for col, text in enumerate(UNLINKED_HEADERS):
            sheet.write_string(r, col, text, fm.header)
        for col in range(len(UNLINKED_HEADERS), LAST + 1):
            sheet.write_blank(r, col, None, fm.header)

    table.start(header)
    for source in sources:
        row = table.place(DEFAULT_ROW_HEIGHT)
        _link(sheet, fm, row, 0, source)
        _date(sheet, fm, row, 1, source.date)
        if source.extract:
            sheet.write_string(row, 2, source.extract, fm.plain)
    if total > len(sources):
        row = table.place(DEFAULT_ROW_HEIGHT)
        sheet.write_string(row, 0, f"… et {total - len(sources)} plus ancienne(s), non listée(s) ici : "
                           f"{FILTERS.get(group.sheet, 'filtrez la feuille')}.", fm.plain)


def _no_source(action) -> str:
    origin = f" (origine : {action.origin})" if action.origin else ""
    return f"Aucune source citée dans les Références{origin}."


def _link(sheet, fm: Formats, row: int, col: int, source) -> None:
    if source.id:
        sheet.write_url(row, col, f"internal:{quote_sheet(source.spelled)}!A{source.row}", fm.link, source.id)
    else:
        sheet.write_url(row, col, f"internal:{quote_sheet(source.spelled)}!A{source.row}", fm.link,
                        f"ligne {source.row}")


def _date(sheet, fm: Formats, row: int, col: int, value) -> None:
    if value is None:
        sheet.write_blank(row, col, None, fm.text)
    else:
        sheet.write_datetime(row, col, value, fm.date)
