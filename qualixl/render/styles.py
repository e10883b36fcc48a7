"""Formats shared by the generated sheets, in explicit RGB (the host's theme may differ)."""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.workbook import Workbook

from qualixl import schema

NAVY = "#1F3864"
GREY = "#595959"
LIGHT = "#D9E1F2"
STATUS_FILLS = {
    schema.STATUS_MET: ("#C6EFCE", "#006100"),
    schema.STATUS_ALERT: ("#FFEB9C", "#9C5700"),
    schema.STATUS_MISSED: ("#FFC7CE", "#9C0006"),
}
SEVERITY_FILLS = {schema.ERROR: ("#FFC7CE", "#9C0006"), schema.WARNING: ("#FFEB9C", "#9C5700")}
NUMBER_FORMATS = {"taux": "0.0%", "moyenne": "0.00", "nombre": "0", "jours": "0.0"}


@dataclass
class Formats:
    """The handful of formats every generated sheet uses, created once per workbook."""

    title: object
    subtitle: object
    emphasis: object  # a group's heading inside a sheet's section
    plain: object  # text without border, which may run over the empty cells to its right
    notice: object
    header: object
    text: object
    centered: object
    wrap: object
    date: object
    datetime: object
    integer: object
    link: object
    values: dict
    status: dict
    severity: dict


def make_formats(book: Workbook) -> Formats:
    base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}

    def fmt(**props):
        return book.add_format({**base, **props})

    return Formats(
        title=fmt(bold=True, font_size=16, font_color=NAVY),
        subtitle=fmt(font_size=11, font_color=GREY),
        emphasis=fmt(bold=True, font_color=NAVY),
        plain=fmt(),
        notice=fmt(italic=True, font_color="#C00000"),
        header=fmt(bold=True, font_color="#FFFFFF", bg_color=NAVY, border=1, border_color="#BFBFBF", text_wrap=True),
        text=fmt(border=1, border_color="#BFBFBF"),
        centered=fmt(border=1, border_color="#BFBFBF", align="center"),
        wrap=fmt(border=1, border_color="#BFBFBF", text_wrap=True),
        date=fmt(border=1, border_color="#BFBFBF", num_format="dd/mm/yyyy"),
        datetime=fmt(border=1, border_color="#BFBFBF", num_format="dd/mm/yyyy hh:mm"),
        integer=fmt(border=1, border_color="#BFBFBF", num_format="0"),
        link=fmt(border=1, border_color="#BFBFBF", font_color="#0563C1", underline=1),
        values={unit: fmt(border=1, border_color="#BFBFBF", num_format=nf) for unit, nf in NUMBER_FORMATS.items()},
        status={
            s: fmt(border=1, border_color="#BFBFBF", bold=True, bg_color=bg, font_color=fg, align="center")
            for s, (bg, fg) in STATUS_FILLS.items()
        },
        severity={
            s: fmt(border=1, border_color="#BFBFBF", bold=True, bg_color=bg, font_color=fg)
            for s, (bg, fg) in SEVERITY_FILLS.items()
        },
    )
