"""Tableau de bord: KPI tiles for the exercise and the last 12 months, and four native charts.

The charts are fed from small tables written lower on the same sheet, so an auditor
can read the figures behind every bar. Rows are written top to bottom (XlsxWriter's
constant_memory mode flushes each row once the next one starts).
"""

from __future__ import annotations

import math

from qualixl import figures, schema
from qualixl.diagnostic.annual import NO_CATEGORY
from qualixl.diagnostic.rates import SMALL_SAMPLE_LABEL, estimate_from_record
from qualixl.render.banner import BANNER_ROWS, TITLE_HEIGHT, print_setup, write_banner
from qualixl.render.charts import PALETTE, count_axis, new_chart, rate_axis, title
from qualixl.render.context import DASHBOARD, RenderContext
from qualixl.render.controls import summary as controls_summary
from qualixl.render.labels import period_label, short_month
from qualixl.render.printing import LANDSCAPE, Pager, column_points, row_height
from qualixl.render.styles import NAVY, Formats

TILE_HEADERS = (
    "Indicateur", "RNQ", "Exercice", "n", "12 mois", "n", "IC 95 % (12 mois)", "Cible", "Statut exercice", "Statut 12 mois",
    "Lignes écartées (12 mois)",
)
WIDTHS = (34, 6, 10, 7, 10, 7, 19, 9, 12, 12, 22)
UNCATEGORISED = NO_CATEGORY
CHART_GAP = 8.0  # points between two charts of a column


def write_dashboard(book, fm: Formats, ctx: RenderContext) -> None:
    """Page 1: the tiles; page 2: the four charts; below the print area, the tables the charts read."""
    sheet = book.add_worksheet(DASHBOARD)
    sheet.hide_gridlines(2)
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    write_banner(sheet, fm, ctx, DASHBOARD)
    sheet.write_string(BANNER_ROWS - 1, 0, f"Contrôles du classeur : {controls_summary(ctx.findings)} "
                       "Détail dans la feuille « Contrôles ».", fm.subtitle)
    pager = Pager(LANDSCAPE, WIDTHS, heights={0: TITLE_HEIGHT})
    print_setup(sheet, ctx)
    tiles_end = _write_tiles(sheet, fm, ctx, BANNER_ROWS, pager)
    charts_row = tiles_end + 2
    pager.page_break(charts_row)
    # Two charts per column, each half the page high; the page is as wide as the tiles.
    chart_height = (pager.capacity - 3 * CHART_GAP) / 2
    rows_per_chart = pager.rows_for(chart_height + CHART_GAP, charts_row)
    data_row = charts_row + 2 * rows_per_chart + 1
    sheet.print_area(0, 0, data_row - 2, len(WIDTHS) - 1)
    pager.apply(sheet)
    sheet.write_string(data_row, 0, "Données des graphiques (hors impression)", fm.subtitle)
    sat_first, sat_last, categories, rates = _write_monthly_block(sheet, fm, ctx, data_row + 1)
    row = sat_last + 2
    status_first, status_last = _write_counts(sheet, fm, row, "Statut de l'action", ctx.action_status, schema.ACTION_STATUSES)
    row = status_last + 2
    origin_first, origin_last = _write_counts(sheet, fm, row, "Origine de l'action", ctx.action_origin, schema.ACTION_ORIGINS)
    target = ctx.targets.get("SAT_TAUX", schema.KPIS_BY_CODE["SAT_TAUX"].target)
    charts = (
        _satisfaction_chart(book, sat_first, sat_last, rate_axis(rates, target)),
        _complaints_chart(book, sat_first, sat_last, categories),
        _counts_chart(book, status_first, status_last, "Plan d'amélioration par statut", ctx.action_status),
        _counts_chart(book, origin_first, origin_last, "Actions par origine", ctx.action_origin),
    )
    half = sum(column_pixels(w) for w in WIDTHS) // 2
    split = _split_column(half)
    for index, chart in enumerate(charts):
        col = 0 if index % 2 == 0 else split
        width = (half if col == 0 else sum(column_pixels(w) for w in WIDTHS[split:])) - 6
        chart.set_size({"width": width, "height": int(chart_height / 0.75)})
        sheet.insert_chart(charts_row + (index // 2) * rows_per_chart, col, chart, {"x_offset": 2, "y_offset": 4})


def column_pixels(width: float) -> int:
    return int(column_points(width) / 0.75)


def _split_column(pixels: int) -> int:
    """The first column of the right half: where the columns' widths reach half the page."""
    total = 0
    for col, width in enumerate(WIDTHS):
        total += column_pixels(width)
        if total >= pixels:
            return col + 1
    return len(WIDTHS) // 2


def _write_tiles(sheet, fm: Formats, ctx: RenderContext, row: int, pager: Pager) -> int:
    exercise_label = f"Exercice {ctx.exercise}"
    headers = (TILE_HEADERS[0], TILE_HEADERS[1], exercise_label, *TILE_HEADERS[3:])
    pager.set_row(sheet, row, 28)
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
        interval = _interval(kpi, rolling)
        sheet.write_string(row, 6, interval, fm.wrap)
        target = ctx.targets.get(kpi.code, kpi.target)
        sheet.write_string(row, 7, f"{kpi.direction} {_format_target(target, kpi.unit)}", fm.centered)
        _write_status(sheet, row, 8, year, fm)
        _write_status(sheet, row, 9, rolling, fm)
        lost = int((rolling or {}).get("excluded") or 0)
        note = figures.excluded_note(lost)
        if lost or "\n" in interval:
            pager.set_row(sheet, row, row_height([(interval, WIDTHS[6]), (note, WIDTHS[10])]))
        sheet.write_string(row, 10, note, fm.wrap if lost else fm.text)
    return row


def _interval(kpi: schema.Kpi, record: dict | None) -> str:
    """Wilson 95 % interval of a rate, flagged when it rests on fewer than SMALL_SAMPLE answers."""
    if kpi.unit != "taux" or record is None:
        return ""
    estimate = estimate_from_record(record)
    if estimate.n == 0:
        return ""
    return estimate.interval_text + (f"\n{SMALL_SAMPLE_LABEL}" if estimate.small else "")


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


def _write_monthly_block(sheet, fm: Formats, ctx: RenderContext, row: int):
    """Satisfaction and complaints per month over the last 12 months.

    Returns the first and last data rows, the complaint categories and the monthly rates.
    A month without answers keeps a blank rate (a gap on the chart, never 0 %); its axis
    label carries the month's n.
    """
    categories = [*schema.CATEGORIES, UNCATEGORISED]
    target = ctx.targets.get("SAT_TAUX", schema.KPIS_BY_CODE["SAT_TAUX"].target)
    headers = ["Mois", "Taux de satisfaction", "Cible", *[f"Réclamations — {c}" for c in categories],
               "Réponses (n)", "Axe du graphique"]
    sheet.set_row(row, 42)
    for col, text in enumerate(headers):
        sheet.write_string(row, col, text, fm.header)
    first = row + 1
    rates = []
    for month in ctx.months[-12:]:
        row += 1
        sheet.write_string(row, 0, period_label(month), fm.text)
        record = ctx.kpi("SAT_TAUX", month)
        rate = _number(record, "value")
        rates.append(rate)
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
        n = int(_number(record, "n") or 0)
        sheet.write_number(row, 3 + len(categories), n, fm.integer)
        sheet.write_string(row, 4 + len(categories), f"{short_month(month)}\nn = {n}", fm.text)
    return first, row, categories, rates


def _write_counts(sheet, fm: Formats, row: int, title: str, counts: dict, order) -> tuple[int, int]:
    sheet.write_string(row, 0, title, fm.header)
    sheet.write_string(row, 1, "Actions", fm.header)
    first = row + 1
    for label in order:
        row += 1
        sheet.write_string(row, 0, label, fm.text)
        sheet.write_number(row, 1, counts.get(label, 0), fm.integer)
    return first, row


def _satisfaction_chart(book, first: int, last: int, axis: dict):
    label_col = 4 + len(schema.CATEGORIES) + 1
    chart = new_chart(book, {"type": "line"})
    chart.add_series({
        "name": "Taux de satisfaction",
        "categories": [DASHBOARD, first, label_col, last, label_col],
        "values": [DASHBOARD, first, 1, last, 1],
        "line": {"color": NAVY, "width": 2.25},
        "marker": {"type": "circle", "size": 5, "fill": {"color": NAVY}, "border": {"color": NAVY}},
    })
    chart.add_series({
        "name": "Cible",
        "categories": [DASHBOARD, first, label_col, last, label_col],
        "values": [DASHBOARD, first, 2, last, 2],
        "line": {"color": "#C00000", "dash_type": "dash", "width": 1.5},
    })
    chart.set_title(title("Satisfaction mensuelle (12 derniers mois, n = réponses du mois)"))
    chart.set_y_axis(axis)
    chart.set_x_axis({"num_font": {"size": 7, "rotation": 0}})
    chart.set_legend({"position": "bottom"})
    return chart


def _complaints_chart(book, first: int, last: int, categories: list[str]):
    chart = new_chart(book, {"type": "column", "subtype": "stacked"})
    label_col = 4 + len(categories)
    for offset, category in enumerate(categories):
        chart.add_series({
            "name": category,
            "categories": [DASHBOARD, first, label_col, last, label_col],
            "values": [DASHBOARD, first, 3 + offset, last, 3 + offset],
            "fill": {"color": PALETTE[offset % len(PALETTE)]},
            "gap": 60,
        })
    chart.set_title(title("Réclamations reçues par mois et catégorie"))
    chart.set_y_axis({"num_format": "0", "min": 0, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_x_axis({"num_font": {"size": 7, "rotation": 0}})
    chart.set_legend({"position": "bottom", "font": {"size": 8}})
    return chart


def _counts_chart(book, first: int, last: int, name: str, counts: dict):
    """Horizontal bars with their value: readable however small a share is (a pie's labels overlap)."""
    chart = new_chart(book, {"type": "bar"})
    chart.add_series({
        "name": name,
        "categories": [DASHBOARD, first, 0, last, 0],
        "values": [DASHBOARD, first, 1, last, 1],
        "fill": {"color": "#2E75B6"},
        "data_labels": {"value": True, "position": "outside_end", "font": {"size": 8}},
        "gap": 50,
    })
    chart.set_title(title(name))
    chart.set_x_axis(count_axis(counts.values()))
    chart.set_y_axis({"reverse": True, "crossing": "max", "num_font": {"size": 8}})
    chart.set_legend({"none": True})
    return chart
