"""The first rows of every generated sheet: who, when, which version, and "do not edit"."""

from __future__ import annotations

from qualixl.render.context import NOTICE, RenderContext
from qualixl.render.styles import Formats

BANNER_ROWS = 4  # the table of each sheet starts on this (zero-based) row


def write_banner(sheet, fm: Formats, ctx: RenderContext, title: str) -> None:
    organisme = ctx.organisme or "Organisme non renseigné (feuille Paramètres)"
    sheet.write_string(0, 0, f"{title} — {organisme}", fm.title)
    sheet.write_string(
        1,
        0,
        f"Exercice {ctx.exercise} · arrêté au {ctx.as_of:%d/%m/%Y} · qualixl {ctx.version}",
        fm.subtitle,
    )
    sheet.write_string(2, 0, NOTICE, fm.notice)


def print_landscape(sheet, header_row: int | None = None, pages_wide: int = 1) -> None:
    """A4 landscape, `pages_wide` pages across, the table header repeated on every page."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(pages_wide, 0)
    if header_row is not None:
        sheet.repeat_rows(header_row)
