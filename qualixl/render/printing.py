"""How a generated sheet prints on A4: orientation, fit to width, header and footer, and page breaks.

The auditor prints the workbook (or exports it to PDF). A page break falls where the
rows' heights add up to the printable height at the sheet's zoom, so a chart placed
"by eye" ends up cut in two. `Pager` keeps the rows' heights as a sheet is written and
computes, like Excel and LibreOffice do, the zoom that fits the printed columns to the
page width and where each page starts; a block (a chart, a group of rows that belong
together) asks it for room and starts a new page when it would not fit.

Measures follow the file format: a column of width w characters is int(7w + 0.5) + 5
pixels wide (Calibri 11's digit is 7 px; Carlito has the same metrics), a pixel is
0.75 point, rows without a set height are 15 points.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

A4_PORTRAIT = (595.28, 841.89)  # points
POINTS_PER_INCH = 72.0
DEFAULT_ROW_HEIGHT = 15.0
# Head-room left on every page: row heights of wrapped text are estimates, and an
# application may round its zoom differently.
SLACK = 0.04


# Neither Excel nor LibreOffice grows a row for wrapped text written by XlsxWriter: estimate it.
CHARS_PER_WIDTH = 1.05  # characters of 10-point text per unit of column width (conservative)
LINE_HEIGHT = 13.0  # points per line of 10-point text


def row_height(cells) -> float:
    """Height (points) of a row whose wrapped cells are (text, column width) pairs."""
    lines = 1
    for text, width in cells:
        per_line = max(1.0, width * CHARS_PER_WIDTH)
        lines = max(lines, sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n")))
    return LINE_HEIGHT * lines + 2.0


def column_points(width: float) -> float:
    """Printed width (points) of a column `width` characters wide, as XlsxWriter writes it."""
    pixels = 0 if width <= 0 else (int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5))
    return pixels * 0.75


@dataclass(frozen=True)
class PageSpec:
    """The paper and margins of a sheet; margins in inches (left, right, top, bottom)."""

    landscape: bool = True
    margins: tuple[float, float, float, float] = (0.4, 0.4, 0.7, 0.65)
    header_margin: float = 0.3
    footer_margin: float = 0.3

    @property
    def paper(self) -> tuple[float, float]:
        width, height = A4_PORTRAIT
        return (height, width) if self.landscape else (width, height)

    @property
    def printable_width(self) -> float:
        left, right, _, _ = self.margins
        return self.paper[0] - (left + right) * POINTS_PER_INCH

    @property
    def printable_height(self) -> float:
        _, _, top, bottom = self.margins
        return self.paper[1] - (top + bottom) * POINTS_PER_INCH

    def zoom(self, widths: Sequence[float]) -> float:
        """The fit-to-width zoom of columns `widths` (characters), a whole percentage as the applications use."""
        content = sum(column_points(w) for w in widths)
        if content <= self.printable_width:
            return 1.0
        return math.floor(100 * self.printable_width / content) / 100

    def scale(self, widths: Sequence[float], repeated: Sequence[float] = ()) -> int:
        """Print scale (percent) at which columns `widths` fit across, with SLACK to spare.

        `repeated` are the columns printed on every page (repeat_columns): LibreOffice
        reserves their width on the first page too, where they are already among `widths`,
        and lays columns out a little wider than the file format's pixel rule; a scale
        computed to the point would push the last column onto a page of its own.
        """
        content = sum(column_points(w) for w in (*repeated, *widths))
        return min(100, math.floor(100 * self.printable_width * (1 - SLACK) / content))


LANDSCAPE = PageSpec()
PORTRAIT = PageSpec(landscape=False)


def escape(text: str) -> str:
    """Text put in a header or footer: '&' introduces a code there, so it is doubled."""
    return text.replace("&", "&&")


def setup_page(sheet, spec: PageSpec, *, organisme: str, as_of, version: str, pages_wide: int = 1,
               repeat: tuple[int, int] | None = None, scale: int | None = None) -> None:
    """A4 in the spec's orientation, `pages_wide` pages across, `repeat` rows on every page, header and footer.

    `scale` (a percentage) replaces the fit to `pages_wide` for a sheet whose pages across are set by
    its own column breaks: fitting the whole width to N pages ignores those breaks, and LibreOffice
    then cuts a page between the breaks' columns.

    The header names the organisme, the sheet and the as-of date; the footer the page
    (n / N) and the qualixl version, so a loose printed page still says where it comes from.
    """
    sheet.set_paper(9)
    if spec.landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    left, right, top, bottom = spec.margins
    sheet.set_margins(left=left, right=right, top=top, bottom=bottom)
    if scale is None:
        sheet.fit_to_pages(pages_wide, 0)
    else:
        sheet.set_print_scale(scale)
    if repeat is not None:
        sheet.repeat_rows(*repeat)
    name = escape(organisme or "Organisme non renseigné")[:90]
    sheet.set_header(f'&L&"Calibri"&9{name}&C&"Calibri,Bold"&9&A&R&"Calibri"&9arrêté au {as_of:%d/%m/%Y}',
                     {"margin": spec.header_margin})
    sheet.set_footer(f'&L&"Calibri"&8qualixl {escape(version)}&R&"Calibri"&9Page &P / &N',
                     {"margin": spec.footer_margin})


@dataclass
class Pager:
    """Row heights of one sheet as it is written, and the page breaks they call for.

    `widths` are the printed columns of one page across; `repeat_height` the height of
    the rows repeated at the top of every page after the first.
    """

    spec: PageSpec
    widths: Sequence[float]
    repeat_height: float = 0.0
    heights: dict[int, float] = field(default_factory=dict)
    breaks: list[int] = field(default_factory=list)

    @functools.cached_property
    def zoom(self) -> float:
        return self.spec.zoom(self.widths)

    @functools.cached_property
    def capacity(self) -> float:
        """Height of a page, in the sheet's points (before the zoom); asked for every row placed."""
        return self.spec.printable_height * (1 - SLACK) / self.zoom

    def set_row(self, sheet, row: int, height: float, fmt=None) -> None:
        """Set a row's height on the sheet and remember it for the page computation."""
        sheet.set_row(row, height, fmt)
        self.heights[row] = height
        self._forget(row)

    def height(self, row: int) -> float:
        return self.heights.get(row, DEFAULT_ROW_HEIGHT)

    def _forget(self, row: int) -> None:
        """Drop what was computed from `row` on (rows are placed top to bottom: rarely anything)."""
        if row < getattr(self, "_end", 0):
            del self._end

    def _advance(self, end: int) -> None:
        """Pages of the rows before `end`, computed once and extended as rows are added."""
        if not hasattr(self, "_end") or end < self._end:
            self._end, self._starts, self._used, self._manual = 0, [0], 0.0, set(self.breaks)
        for row in range(self._end, end):
            size = self.height(row)
            room = self.capacity - (self.repeat_height if len(self._starts) > 1 else 0.0)
            if row and (row in self._manual or self._used + size > room):
                self._starts.append(row)
                self._used = 0.0
            self._used += size
        self._end = end

    def page_starts(self, end: int) -> list[int]:
        """First row of every page holding rows before `end`: manual breaks, then where pages fill up."""
        self._advance(end)
        return list(self._starts)

    def used(self, row: int) -> float:
        """Height the rows before `row` already take on their page (0 when `row` starts a page by a break)."""
        if row == 0 or row in self.breaks:
            return 0.0
        self._advance(row)
        return self._used

    def room(self, row: int) -> float:
        """Height left for `row` and what follows it on the page the rows before it end on."""
        self._advance(row)
        repeated = self.repeat_height if len(self._starts) > 1 or row in self.breaks else 0.0
        return self.capacity - repeated - self.used(row)

    def keep_together(self, row: int, height: float) -> None:
        """Start a new page at `row` unless a block `height` points high fits on the current one."""
        if row and self.used(row) > 0 and height > self.room(row):
            self.page_break(row)

    def page_break(self, row: int) -> None:
        if row and row not in self.breaks:
            self.breaks.append(row)
            if hasattr(self, "_end"):
                if row < self._end:
                    del self._end
                else:
                    self._manual.add(row)

    def rows_for(self, height: float, start: int) -> int:
        """How many rows from `start` a block `height` points high covers."""
        covered, row = 0.0, start
        while covered < height:
            covered += self.height(row)
            row += 1
        return row - start

    def apply(self, sheet) -> None:
        """Write the manual page breaks on the sheet (once, after every row is placed)."""
        if self.breaks:
            sheet.set_h_pagebreaks(sorted(self.breaks))


class PagedTable:
    """A table written top to bottom (constant_memory) whose header is written again at the top of each new page.

    `header(row)` writes the header on a row; a sheet can repeat only one band of rows on
    every page, and a sheet with several tables needs each one's own header.
    """

    def __init__(self, sheet, pager: Pager, row: int):
        self.sheet, self.pager, self.row = sheet, pager, row
        self.header = None

    def start(self, header) -> None:
        self.header = header
        self.pager.keep_together(self.row, 4 * DEFAULT_ROW_HEIGHT)
        self._write_header()

    def _write_header(self) -> None:
        self.pager.set_row(self.sheet, self.row, 28)
        self.header(self.row)
        self.row += 1

    def place(self, height: float) -> int:
        """The row where a row `height` points high goes (after a page break and a header if needed)."""
        if self.pager.room(self.row) < height and self.pager.used(self.row) > 0:
            self.pager.page_break(self.row)
            self._write_header()
        self.pager.set_row(self.sheet, self.row, height)
        row, self.row = self.row, self.row + 1
        return row
