"""Tableau de bord: KPI tiles for the exercise and the last 12 months, and four native charts.

The charts are fed from small tables written lower on the same sheet, so an auditor
can read the figures behind every bar. Rows are written top to bottom (XlsxWriter's
constant_memory mode flushes each row once the next one starts).
"""

from __future__ import annotations

import math

from qualixl import figures, schema
from qualixl.diagnostic.rates import SMALL_SAMPLE_LABEL, estimate_from_record
from qualixl.render.banner import BANNER_ROWS, write_banner
from qualixl.render.context import DASHBOARD, RenderContext
from qualixl.render.controls import summary as controls_summary
from qualixl.render.styles import NAVY, Formats

TILE_HEADERS = (
    "Indicateur", "RNQ", "Exercice", "n", "12 mois", "n", "IC 95 % (12 mois)", "Cible", "Statut exercice", "Statut 12 mois",
    "Lignes écartées (12 mois)",
)
UNCATEGORISED = "Non rattachées"
# Charts sit two by two under the tiles, each CHART_ROWS rows high; the tables feeding them come after.
CHART_ROWS = 16
CHART_WIDTH = 515


def write_dashboard(book, fm: Formats, ctx: RenderContext) -> None:
    sheet = book.add_worksheet(DASHBOARD)
    sheet.hide_gridlines(2)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 7)
    sheet.set_column(2, 9, 12)
    sheet.set_column(6, 6, 24)
    sheet.set_column(10, 10, 30)
    write_banner(sheet, fm, ctx, DASHBOARD)
    sheet.write_string(BANNER_ROWS - 1, 0, f"Contrôles du classeur : {controls_summary(ctx.findings)} "
                       "Détail dans la feuille « Contrôles ».", fm.subtitle)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    tiles_end = _write_tiles(sheet, fm, ctx, BANNER_ROWS)
    charts_row = tiles_end + 2
    # Printed: tiles and the first two charts on page 1, the other charts and their data after.
    sheet.set_h_pagebreaks([charts_row + CHART_ROWS])
    row = charts_row + 2 * CHART_ROWS + 1
    sheet.write_string(row, 0, "Données des graphiques", fm.subtitle)
    sat_first, sat_last, categories = _write_monthly_block(sheet, fm, ctx, row + 1)
    row = sat_last + 2
    status_first, status_last = _write_counts(sheet, fm, row, "Statut de l'action", ctx.action_status, schema.ACTION_STATUSES)
    row = status_last + 2
    origin_first, origin_last = _write_counts(sheet, fm, row, "Origine de l'action", ctx.action_origin, schema.ACTION_ORIGINS)
    charts = (
        _satisfaction_chart(book, sat_first, sat_last),
        _complaints_chart(book, sat_first, sat_last, categories),
        _counts_chart(book, status_first, status_last, "Plan d'amélioration par statut", "pie"),
        _counts_chart(book, origin_first, origin_last, "Actions par origine", "bar"),
    )
    for index, chart in enumerate(charts):
        chart.set_size({"width": CHART_WIDTH, "height": CHART_ROWS * 20 - 10})
        sheet.insert_chart(charts_row + (index // 2) * CHART_ROWS, 0 if index % 2 == 0 else 4, chart, {"x_offset": 2, "y_offset": 5})


def _write_tiles(sheet, fm: Formats, ctx: RenderContext, row: int) -> int:
    exercise_label = f"Exercice {ctx.exercise}"
    headers = (TILE_HEADERS[0], TILE_HEADERS[1], exercise_label, *TILE_HEADERS[3:])
    for col, text in enumerate(headers):
        sheet.write_string(row, col, text, fm.header)
    for kpi in schema.KPIS:
        row += 1
        year = ctx.kpi(kpi.code, ctx.stock_period if kpi.stock else ctx.exercise)
        rolling = ctx.kpi(kpi.code, ctx.stock_period if kpi.stock else "12M")
        value_format = (kpi.code, fm.values[kpi.unit])
        sheet.write_string(row, 0, kpi.label, fm.text)
        sheet.write_string(row, 1, kpi.rnq, fm.text)
        _write_value(sheet, row, 2, year, value_format, fm)
        _write_n(sheet, row, 3, year, fm)
        _write_value(sheet, row, 4, rolling, value_format, fm)
        _write_n(sheet, row, 5, rolling, fm)
        sheet.write_string(row, 6, _interval(kpi, rolling), fm.text)
        target = ctx.targets.get(kpi.code, kpi.target)
        sheet.write_string(row, 7, f"{kpi.direction} {_format_target(target, kpi.unit)}", fm.centered)
        _write_status(sheet, row, 8, year, fm)
        _write_status(sheet, row, 9, rolling, fm)
        lost = int((rolling or {}).get("excluded") or 0)
        sheet.write_string(row, 10, figures.excluded_note(lost), fm.wrap if lost else fm.text)
    return row


def _interval(kpi: schema.Kpi, record: dict | None) -> str:
    """Wilson 95 % interval of a rate, flagged when it rests on fewer than SMALL_SAMPLE answers."""
    if kpi.unit != "taux" or record is None:
        return ""
    estimate = estimate_from_record(record)
    if estimate.n == 0:
        return ""
    return estimate.interval_text + (f" — {SMALL_SAMPLE_LABEL}" if estimate.small else "")


def _format_target(value: float, unit: str) -> str:
    return figures.target(value, unit)


def _number(record: dict | None, key: str) -> float | None:
    if record is None:
        return None
    value = record.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _write_value(sheet, row, col, record, value_format, fm: Formats) -> None:
    """A KPI value, rounded as it is displayed everywhere (qualixl.figures); `value_format` = (code, format)."""
    code, number_format = value_format
    value = _number(record, "value")
    if value is None:
        sheet.write_string(row, col, "—", fm.text)
    else:
        sheet.write_number(row, col, figures.shown(code, value), number_format)


def _write_n(sheet, row, col, record, fm: Formats) -> None:
    n = _number(record, "n")
    if n is None:
        n = _number(record, "denominator")
    sheet.write_number(row, col, n or 0, fm.integer)


def _write_status(sheet, row, col, record, fm: Formats) -> None:
    status = (record or {}).get("status")
    if isinstance(status, str) and status in fm.status:
        sheet.write_string(row, col, status, fm.status[status])
    else:
        sheet.write_string(row, col, "", fm.text)


def _write_monthly_block(sheet, fm: Formats, ctx: RenderContext, row: int) -> tuple[int, int, list[str]]:
    """Satisfaction and complaints per month over the last 12 months; returns first/last data rows."""
    categories = [*schema.CATEGORIES, UNCATEGORISED]
    target = ctx.targets.get("SAT_TAUX", schema.KPIS_BY_CODE["SAT_TAUX"].target)
    headers = ["Mois", "Taux de satisfaction", "Cible", *[f"Réclamations — {c}" for c in categories]]
    sheet.set_row(row, 42)
    for col, text in enumerate(headers):
        sheet.write_string(row, col, text, fm.header)
    first = row + 1
    for month in ctx.months[-12:]:
        row += 1
        sheet.write_string(row, 0, month, fm.text)
        rate = _number(ctx.kpi("SAT_TAUX", month), "value")
        if rate is None:
            sheet.write_blank(row, 1, None, fm.values["taux"])
        else:
            sheet.write_number(row, 1, rate, fm.values["taux"])
        sheet.write_number(row, 2, float(target), fm.values["taux"])
        total = _number(ctx.kpi("REC_NB", month), "value") or 0
        counted = 0.0
        for offset, category in enumerate(categories[:-1]):
            count = _number(ctx.kpi("REC_NB", month, category), "value") or 0
            counted += count
            sheet.write_number(row, 3 + offset, count, fm.integer)
        sheet.write_number(row, 3 + len(categories) - 1, max(total - counted, 0), fm.integer)
    return first, row, categories


def _write_counts(sheet, fm: Formats, row: int, title: str, counts: dict, order) -> tuple[int, int]:
    sheet.write_string(row, 0, title, fm.header)
    sheet.write_string(row, 1, "Actions", fm.header)
    first = row + 1
    for label in order:
        row += 1
        sheet.write_string(row, 0, label, fm.text)
        sheet.write_number(row, 1, counts.get(label, 0), fm.integer)
    return first, row


def _satisfaction_chart(book, first: int, last: int):
    chart = book.add_chart({"type": "line"})
    chart.add_series({
        "name": "Taux de satisfaction",
        "categories": [DASHBOARD, first, 0, last, 0],
        "values": [DASHBOARD, first, 1, last, 1],
        "line": {"color": NAVY, "width": 2.25},
        "marker": {"type": "circle", "size": 5, "fill": {"color": NAVY}, "border": {"color": NAVY}},
    })
    chart.add_series({
        "name": "Cible",
        "categories": [DASHBOARD, first, 0, last, 0],
        "values": [DASHBOARD, first, 2, last, 2],
        "line": {"color": "#C00000", "dash_type": "dash", "width": 1.5},
    })
    chart.set_title({"name": "Satisfaction mensuelle (12 derniers mois)", "name_font": {"size": 11}})
    chart.set_y_axis({"num_format": "0%", "min": 0, "max": 1})
    chart.set_legend({"position": "bottom"})
    chart.show_blanks_as("gap")
    return chart


def _complaints_chart(book, first: int, last: int, categories: list[str]):
    chart = book.add_chart({"type": "column", "subtype": "stacked"})
    palette = ("#1F3864", "#2E75B6", "#9DC3E6", "#F4B183", "#A5A5A5")
    for offset, category in enumerate(categories):
        chart.add_series({
            "name": category,
            "categories": [DASHBOARD, first, 0, last, 0],
            "values": [DASHBOARD, first, 3 + offset, last, 3 + offset],
            "fill": {"color": palette[offset % len(palette)]},
        })
    chart.set_title({"name": "Réclamations par mois et catégorie", "name_font": {"size": 11}})
    chart.set_y_axis({"num_format": "0", "min": 0})
    chart.set_legend({"position": "bottom"})
    return chart


def _counts_chart(book, first: int, last: int, title: str, kind: str):
    chart = book.add_chart({"type": kind})
    series = {
        "name": title,
        "categories": [DASHBOARD, first, 0, last, 0],
        "values": [DASHBOARD, first, 1, last, 1],
    }
    if kind == "pie":
        series["points"] = [{"fill": {"color": c}} for c in ("#A5A5A5", "#2E75B6", "#70AD47", "#C00000")]
        series["data_labels"] = {"value": True}
    else:
        series["fill"] = {"color": "#2E75B6"}
    chart.add_series(series)
    chart.set_title({"name": title, "name_font": {"size": 11}})
    if kind != "pie":
        chart.set_legend({"none": True})
    return chart
