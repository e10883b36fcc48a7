"""Charts of the generated sheets: empty periods drawn as gaps, value axes that fit their data.

A month without answers has no satisfaction rate; drawn at 0 % it reads as a collapse.
The cell is left blank and the chart says `dispBlanksAs` gap. XlsxWriter omits that
element for "gap" (Excel's own default), but the schema's default is "zero" and a
reader that follows the schema (LibreOffice among them) then plots a 0: every chart
made here writes the element, whatever its value.
"""

from __future__ import annotations

import math
import types
from collections.abc import Iterable

PALETTE = ("#1F3864", "#2E75B6", "#9DC3E6", "#F4B183", "#A5A5A5", "#70AD47", "#C00000")


def _write_disp_blanks_as(self) -> None:
    self._xml_empty_tag("c:dispBlanksAs", [("val", self.show_blanks)])


def new_chart(book, options: dict):
    """`book.add_chart(options)`, blanks shown as gaps, the element written explicitly."""
    chart = book.add_chart(options)
    chart.show_blanks_as("gap")
    chart._write_disp_blanks_as = types.MethodType(_write_disp_blanks_as, chart)
    return chart


def rate_axis(values: Iterable[float | None], *targets: float) -> dict:
    """A 0–100 % axis cut where the data start: 75–90 % must not be flattened at the top of the chart."""
    seen = [v for v in (*values, *targets) if v is not None and not math.isnan(v)]
    low = min(seen) if seen else 0.0
    minimum = max(0.0, math.floor((low - 0.05) * 10) / 10)
    return {"min": minimum, "max": 1.0, "num_format": "0%", "major_unit": 0.1 if minimum >= 0.5 else 0.2,
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}


def count_axis(values: Iterable[float | None], *targets: float) -> dict:
    """A count or days axis from 0 to a little above the largest value or target."""
    seen = [v for v in (*values, *targets) if v is not None and not math.isnan(v)]
    top = max(seen) if seen else 1.0
    return {"min": 0, "max": max(1, math.ceil(top * 1.15)), "num_format": "0",
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}


def title(text: str) -> dict:
    return {"name": text, "name_font": {"size": 10, "bold": True}, "overlay": False}
