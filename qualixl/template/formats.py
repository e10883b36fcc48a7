"""How the standard workbook looks: its colours, cell formats and page setup.

XlsxWriter dedupes no format, so every format is created once here and handed around in a
`Formats` bundle; creating them in a fixed order also keeps the built file reproducible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from qualixl.render.printing import LANDSCAPE

A4 = 9  # XlsxWriter's paper code: French users print on A4
DATE_FORMAT = "dd/mm/yyyy"  # shown as jj/mm/aaaa by a French Excel

# Explicit RGB colours: a workbook's theme may differ from Office's default one.
NAVY = "#1F3864"
BLUE = "#2F5597"
SKY = "#5B7FBF"
PALE = "#DDEBF7"
INPUT_FILL = "#FFF2CC"
WHITE = "#FFFFFF"
INK = "#262626"

# Number formats of the Indicateurs targets, by KPI unit.
RATE_FORMATS = {"taux": "0%", "moyenne": "0.0", "nombre": "0", "jours": "0"}


@dataclass(frozen=True)
class Formats:
    """Every cell format of the workbook, created once (XlsxWriter dedupes none of them)."""

    title: Format
    heading: Format
    prose: Format
    table_head: Format
    cell: Format
    link: Format
    command: Format
    header_required: Format
    header_optional: Format
    date: Format
    integer: Format
    to_fill: Format
    to_fill_number: Format
    wrap: Format
    top: Format  # plain cells of an input sheet: aligned with the first line of their wrapped neighbours
    by_unit: dict[str, Format]


def make_formats(wb: xlsxwriter.Workbook) -> Formats:
    """Create the workbook's formats, always in the same order so builds stay identical."""
    base = {"font_name": "Calibri", "font_size": 11, "font_color": INK}

    def fmt(**props) -> Format:
        return wb.add_format({**base, **props})

    header = {"bold": True, "font_color": WHITE, "text_wrap": True, "valign": "vcenter", "border": 1,
              "border_color": WHITE}
    return Formats(
        title=fmt(bold=True, font_size=18, font_color=NAVY),
        heading=fmt(bold=True, font_size=13, font_color=BLUE, bottom=2, bottom_color=BLUE),
        prose=fmt(),
        table_head=fmt(bold=True, font_color=WHITE, bg_color=BLUE, text_wrap=True, valign="top"),
        cell=fmt(text_wrap=True, valign="top", bottom=1, bottom_color=PALE),
        link=fmt(font_color="#0563C1", underline=1, valign="top", bottom=1, bottom_color=PALE),
        command=fmt(font_name="Consolas", bg_color="#F2F2F2", valign="top"),
        header_required=fmt(**header, bg_color=NAVY),
        header_optional=fmt(**header, bg_color=SKY),
        date=fmt(num_format=DATE_FORMAT, valign="top"),
        integer=fmt(num_format="0", valign="top"),
        to_fill=fmt(bg_color=INPUT_FILL, border=1, border_color="#BFBFBF"),
        to_fill_number=fmt(bg_color=INPUT_FILL, border=1, border_color="#BFBFBF", align="left"),
        wrap=fmt(text_wrap=True, valign="top"),
        top=fmt(valign="top"),
        by_unit={unit: fmt(num_format=code) for unit, code in RATE_FORMATS.items()},
    )


LEGIBLE_ZOOM = 0.6  # below it, 10-point text prints under 6 points: two pages across instead


def print_setup(ws: Worksheet, widths=()) -> None:
    """Landscape A4, one page wide where that stays legible: the workbook is printed or exported for audits.

    A sheet too wide for one page at LEGIBLE_ZOOM prints on as many pages across as it
    takes, its first column (the ID) repeated on each and a row's pages one after the
    other; every page names its sheet and its number in the footer.
    """
    ws.set_paper(A4)
    ws.set_landscape()
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.65)
    zoom = LANDSCAPE.zoom(widths) if widths else 1.0
    pages_wide = 1 if zoom >= LEGIBLE_ZOOM else math.ceil(LEGIBLE_ZOOM / zoom)
    ws.fit_to_pages(pages_wide, 0)
    if pages_wide > 1:
        ws.repeat_columns(0)
        ws.print_across()
    ws.set_footer('&L&"Calibri"&9&A&R&"Calibri"&9Page &P / &N')
