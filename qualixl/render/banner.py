"""The first rows of every generated sheet: who, when, which version, and "do not edit"."""

from __future__ import annotations

from qualixl.render.context import NOTICE, RenderContext
from qualixl.render.printing import LANDSCAPE, PageSpec, setup_page
from qualixl.render.styles import Formats

BANNER_ROWS = 4  # the table of each sheet starts on this (zero-based) row
TITLE_HEIGHT = 22.0  # points: the 16-point title, which neither application grows on its own


def write_banner(sheet, fm: Formats, ctx: RenderContext, title: str) -> None:
    organisme = ctx.organisme or "Organisme non renseigné (feuille Paramètres)"
    sheet.set_row(0, TITLE_HEIGHT)
    sheet.write_string(0, 0, f"{title} — {organisme}", fm.title)
    referentiel = f" · référentiel RNQ {ctx.referentiel}" if ctx.referentiel else ""
    sheet.write_string(
        1,
        0,
        f"Exercice {ctx.exercise} · arrêté au {ctx.as_of:%d/%m/%Y}{referentiel} · qualixl {ctx.version}",
        fm.subtitle,
    )
    sheet.write_string(2, 0, NOTICE, fm.notice)


def print_setup(sheet, ctx: RenderContext, spec: PageSpec = LANDSCAPE, *, pages_wide: int = 1,
                repeat: tuple[int, int] | None = None, scale: int | None = None) -> None:
    """A4 page setup of a generated sheet, with the header and footer naming its organisme and date."""
    setup_page(sheet, spec, organisme=ctx.organisme, as_of=ctx.as_of, version=ctx.version, pages_wide=pages_wide,
               repeat=repeat, scale=scale)
