"""Publishing the result indicators (V10 indicator 2): the figures, their n and their calculation method.

`published_rows` gives the rows (also the generated sheet « Indicateurs publiés »);
`publish` writes them as a standalone HTML page and a CSV beside it (`qualixl publier`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from qualixl.publication.csv_file import render_csv
from qualixl.publication.html_page import render_html
from qualixl.publication.rows import PUBLISHED, PublishedRow, published_rows

__all__ = ["PUBLISHED", "Publication", "PublishedRow", "publish", "published_rows", "render_csv", "render_html"]


@dataclass(frozen=True)
class Publication:
    html: Path
    csv: Path
    rows: list[PublishedRow]
    referentiel: str


def publish(source, as_of: dt.date | None = None, html: Path | str = "indicateurs.html",
            csv: Path | str | None = None) -> Publication:
    """Write the HTML page and the CSV (default: the page's name with .csv) of a workbook's results."""
    from qualixl.kpis import compute_kpis
    from qualixl.reading import Dataset, read_workbook
    from qualixl.referentiel import choose
    from qualixl.safe_write import atomic_write

    dataset = source if isinstance(source, Dataset) else read_workbook(source)
    as_of = as_of or dt.date.today()
    rows = published_rows(dataset, compute_kpis(dataset, as_of), as_of)
    version = choose(dataset.parameters.referentiel, as_of).version.name
    html, csv = Path(html), Path(csv) if csv is not None else Path(html).with_suffix(".csv")
    page = render_html(rows, dataset.parameters.organisme, as_of, f"RNQ {version}")
    table = render_csv(rows)
    atomic_write(html, lambda tmp: tmp.write_text(page, encoding="utf-8"))
    atomic_write(csv, lambda tmp: tmp.write_text(table, encoding="utf-8", newline=""))
    return Publication(html, csv, rows, version)
