"""Par formation: satisfaction and response rate per training and per trainer, the weak ones first.

The figures are the KPI records of `ctx.groups` (qualixl.kpis.group_kpis, 12 months to
the as-of date): value, n and Wilson interval. A training or trainer whose satisfaction
rests on fewer than SMALL_SAMPLE answers is flagged and listed after the others in
alphabetical order, never ranked: two answers out of two say nothing about a trainer.
The ranked ones come weakest first (below the alert threshold, then in alert, then by
rate). Printed A4 landscape, one page wide, each table's header repeated on its pages.
"""

from __future__ import annotations

import math

from qualixl import schema
from qualixl.diagnostic.rates import SMALL_SAMPLE, SMALL_SAMPLE_LABEL, estimate_from_record
from qualixl.kpis.groups import BY_TRAINER, BY_TRAINING
from qualixl.render.banner import BANNER_ROWS, TITLE_HEIGHT, print_setup, write_banner
from qualixl.render.context import BY_TRAINING_SHEET, RenderContext
from qualixl.render.printing import DEFAULT_ROW_HEIGHT, LANDSCAPE, PagedTable, Pager, row_height
from qualixl.render.styles import Formats

HEADERS = ("{by}", "Satisfaction", "n", "IC 95 %", "Statut", "Note moyenne", "n", "Taux de réponse", "n",
           "IC 95 %", "Statut", "Remarque")
WIDTHS = (42, 11, 6, 17, 11, 9, 6, 11, 7, 17, 11, 30)
SECTIONS = (
    (BY_TRAINING, "1. Par formation (Intitulé de la session)", "Formation", "Sans session ou sans intitulé"),
    (BY_TRAINER, "2. Par intervenant (Intervenant de la session)", "Intervenant", "Sans intervenant renseigné"),
)
STATUS_ORDER = {schema.STATUS_MISSED: 0, schema.STATUS_ALERT: 1, schema.STATUS_MET: 2}
NOT_RANKED = f"{SMALL_SAMPLE_LABEL.capitalize()} : non classé"
NOTE = ("12 mois glissants jusqu'à la date d'arrêté. Les plus faibles d'abord : sous le seuil d'alerte, puis en "
        f"alerte, puis par taux croissant ; en dessous de {SMALL_SAMPLE} réponses, non classés.")


def write_by_training(book, fm: Formats, ctx: RenderContext) -> None:
    sheet = book.add_worksheet(BY_TRAINING_SHEET)
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    sheet.hide_gridlines(2)
    write_banner(sheet, fm, ctx, BY_TRAINING_SHEET)
    pager = Pager(LANDSCAPE, WIDTHS, heights={0: TITLE_HEIGHT})
    centred = book.add_format({"font_name": "Calibri", "font_size": 10, "valign": "top", "align": "center",
                               "border": 1, "border_color": "#BFBFBF"})
    table = PagedTable(sheet, pager, BANNER_ROWS)
    sheet.write_string(table.row, 0, NOTE, fm.subtitle)
    table.row += 2
    groups = ctx.groups or {}
    for by, title, label, none_label in SECTIONS:
        table.header = None
        pager.keep_together(table.row, 5 * DEFAULT_ROW_HEIGHT)
        sheet.write_string(table.row, 0, title, fm.subtitle)
        table.row += 1
        headers = [h.replace("{by}", label) for h in HEADERS]
        table.start(lambda r, headers=headers: [sheet.write_string(r, c, h, fm.header) for c, h in enumerate(headers)])
        entries = ordered(groups.get(by))
        if not entries:
            row = table.place(DEFAULT_ROW_HEIGHT)
            sheet.merge_range(row, 0, row, len(WIDTHS) - 1, "Aucune réponse rattachée à une session sur 12 mois.",
                              fm.wrap)
        for name, records, remark in entries:
            shown = name if name is not None else none_label
            row = table.place(row_height([(shown, WIDTHS[0]), (remark, WIDTHS[-1])]))
            sheet.write_string(row, 0, shown, fm.wrap)
            _rate(sheet, fm, centred, row, 1, records.get("SAT_TAUX"))
            _mean(sheet, fm, row, 5, records.get("SAT_MOY"))
            _rate(sheet, fm, centred, row, 7, records.get("REPONSE_TAUX"))
            sheet.write_string(row, 11, remark, fm.wrap)
        table.row += 1
    print_setup(sheet, ctx)
    pager.apply(sheet)
    sheet.print_area(0, 0, table.row, len(WIDTHS) - 1)


def ordered(frame) -> list[tuple[str | None, dict, str]]:
    """(group, {code: record}, remark) for each group: ranked weakest first, then small samples, then None."""
    if frame is None or not len(frame):
        return []
    by_group: dict = {}
    for record in frame.to_dict("records"):
        by_group.setdefault(record["group"], {})[record["code"]] = record
    ranked, small, rest = [], [], []
    for name, records in by_group.items():
        sat = records.get("SAT_TAUX")
        n = int(sat["n"]) if sat else 0
        if name is None:
            rest.append((name, records, ""))
        elif n < SMALL_SAMPLE:
            small.append((name, records, NOT_RANKED))
        else:
            status = sat.get("status")
            remark = {schema.STATUS_MISSED: "Sous le seuil d'alerte : à analyser",
                      schema.STATUS_ALERT: "En alerte"}.get(status, "")
            ranked.append(((STATUS_ORDER.get(status, 3), _value(sat), name), (name, records, remark)))
    ranked.sort(key=lambda item: item[0])
    small.sort(key=lambda item: item[0].lower())  # alphabetical, whatever the case (a name, not an ID)
    return [entry for _, entry in ranked] + small + rest


def _value(record) -> float:
    value = record.get("value") if record else None
    return 2.0 if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _rate(sheet, fm: Formats, centred, row: int, col: int, record) -> None:
    if record is None or not record.get("n"):
        sheet.write_string(row, col, "—", centred)
        for offset in range(1, 4):
            sheet.write_blank(row, col + offset, None, fm.text)
        return
    estimate = estimate_from_record(record)
    sheet.write_number(row, col, float(record["value"]), fm.values["taux"])
    sheet.write_number(row, col + 1, int(record["n"]), fm.integer)
    sheet.write_string(row, col + 2, estimate.interval_text, centred)
    status = record.get("status")
    if isinstance(status, str) and status in fm.status and not estimate.small:
        sheet.write_string(row, col + 3, status, fm.status[status])
    else:
        sheet.write_blank(row, col + 3, None, fm.text)


def _mean(sheet, fm: Formats, row: int, col: int, record) -> None:
    if record is None or not record.get("n"):
        sheet.write_string(row, col, "—", fm.text)
        sheet.write_blank(row, col + 1, None, fm.text)
        return
    sheet.write_number(row, col, float(record["value"]), fm.values["moyenne"])
    sheet.write_number(row, col + 1, int(record["n"]), fm.integer)
