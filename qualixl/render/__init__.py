"""The generated sheets, built in a separate XlsxWriter workbook and later grafted into the host.

`render_workbook` writes them to `path` in constant_memory mode (inline strings, so the
graft has no shared-string table to merge). Every user text goes through write_string.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from qualixl.render.annual import write_annual
from qualixl.render.by_training import write_by_training
from qualixl.render.context import GENERATED_SHEETS, RenderContext
from qualixl.render.controls import write_controls
from qualixl.render.dashboard import write_dashboard
from qualixl.render.diagnostic import write_diagnostic
from qualixl.render.journal import write_journal
from qualixl.render.loop import write_loop
from qualixl.render.published import write_published
from qualixl.render.styles import make_formats
from qualixl.render.trends import write_trends

WRITERS = (write_dashboard, write_diagnostic, write_trends, write_annual, write_loop, write_by_training,
           write_published, write_controls, write_journal)
# The sheets drawn from the rows and their facts alone (no finding, no KPI record): a refresh renders
# them in a second process while it checks and computes (qualixl.beside, refresh.render_row_sheets).
ROW_WRITERS = (write_loop, write_by_training)

__all__ = ["GENERATED_SHEETS", "ROW_WRITERS", "WRITERS", "RenderContext", "render_workbook"]


def render_workbook(path: Path, ctx: RenderContext, writers=WRITERS) -> list[str]:
    """Write the generated sheets of `writers` (default: all) to `path`; XlsxWriter's row files go in
    `path`'s folder (the refresh's working folder, removed with it, and by the next run after a kill),
    not loose in TMPDIR. Returns the names of the sheets written."""
    book = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_formulas": False, "tmpdir": str(Path(path).parent)}
    )
    fm = make_formats(book)
    for write in writers:
        write(book, fm, ctx)
    names = [sheet.get_name() for sheet in book.worksheets()]
    book.close()
    return names
