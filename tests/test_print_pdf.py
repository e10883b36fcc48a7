"""The refreshed demo printed to PDF by LibreOffice, read as the auditor reads it.

One conversion, shared by the module: pages per generated sheet within bounds, no chart
cut by a page break, and no code, English word or « nan » in the text the auditor reads.
"""

from __future__ import annotations

import re
import subprocess

import openpyxl
import pytest
from demo_workbook import refreshed_demo

from qualixl import schema
from qualixl.checks.rules import RULES
from qualixl.render.context import BY_TRAINING_SHEET, DASHBOARD, GENERATED_SHEETS, LOOP, NOTICE, TRENDS

pytestmark = pytest.mark.libreoffice

MAX_PAGES = {DASHBOARD: 2, "Diagnostic Qualiopi": 4, TRENDS: 3}
FORBIDDEN = [
    *(rf"\b{k.code}\b" for k in schema.KPIS),
    *(rf"\b{r.code}\b" for r in RULES if "_" in r.code),
    r"\brefresh\b", r"\bimport\b", r"\bnan\b", r"\bNone\b", r"\bNaT\b", r"\bTrue\b", r"\bFalse\b",
]


@pytest.fixture(scope="module")
def printed(tmp_path_factory, libreoffice_module):
    folder = tmp_path_factory.mktemp("print")
    workbook = refreshed_demo(folder)
    pdf = libreoffice_module(workbook, "pdf", folder)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    return workbook, pdf, [p for p in pages if p.strip()]


@pytest.fixture(scope="module")
def libreoffice_module():
    from conftest import convert_with_libreoffice, find_soffice

    find_soffice()
    return convert_with_libreoffice


def sheet_of(page: str) -> str | None:
    """The generated sheet a page belongs to: its page header names it (centre, &A) beside the as-of date."""
    first = next(line for line in page.splitlines() if line.strip())
    if "arrêté au" not in first:
        return None  # a staff sheet, or the Lisez-moi that lists the sheets' names
    return next((name for name in GENERATED_SHEETS if re.search(rf"\s{re.escape(name)}\s", first)), None)


def pages_of(pages: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for page in pages:
        name = sheet_of(page)
        if name:
            found.setdefault(name, []).append(page)
    return found


def test_pages_per_sheet_within_bounds(printed):
    _, _, pages = printed
    found = pages_of(pages)
    assert list(found) == list(GENERATED_SHEETS)  # each prints, in the workbook's order
    for name, limit in MAX_PAGES.items():
        assert 1 <= len(found[name]) <= limit, (name, len(found[name]))
    for name, sheet_pages in found.items():
        # « Page n / N » in every footer, n counting up.
        numbers = [int(m.group(1)) for p in sheet_pages for m in [re.search(r"Page (\d+) / \d+", p)] if m]
        assert len(numbers) == len(sheet_pages) and numbers == sorted(numbers), name


def test_wide_tables_print_one_page_wide(printed):
    """Every page of the loop and of Par formation shows its table's first and last columns (the header is
    repeated on each): nothing was pushed onto a second page across."""
    _, _, pages = printed
    found = pages_of(pages)
    for page in found[LOOP]:
        # A list of sources without action: its header « Source | Date | Extrait de la source » (wrapped).
        assert ("ID action" in page and "Efficacité" in page) or re.search(r"Source\s+Date\s+Extrait de la", page)
    for page in found[BY_TRAINING_SHEET]:
        assert ("Formation" in page or "Intervenant" in page) and "Remarque" in page


def chart_spans(ws) -> list[tuple[int, int]]:
    """(first, last) zero-based rows each chart of a sheet covers."""
    spans = []
    for chart in ws._charts:
        anchor = chart.anchor
        last = anchor.to.row - (1 if anchor.to.rowOff == 0 else 0)
        spans.append((anchor._from.row, last))
    return spans


@pytest.mark.parametrize("name", [DASHBOARD, TRENDS])
def test_no_chart_straddles_a_page_break(printed, name):
    workbook, _, pages = printed
    ws = openpyxl.load_workbook(workbook)[name]
    breaks = sorted(b.id for b in ws.row_breaks.brk)  # a new page starts at this zero-based row
    spans = chart_spans(ws)
    assert spans
    for first, last in spans:
        assert not [b for b in breaks if first < b <= last], (name, first, last, breaks)
    # LibreOffice broke the pages where qualixl did and nowhere else: one page per band of rows
    # (Évolution's table is two pages across, its charts' band one page).
    across = 2 if name == TRENDS else 1
    expected = across * len(breaks) + 1 if name == TRENDS else len(breaks) + 1
    assert len(pages_of(pages)[name]) == expected


def test_charts_print_on_the_pages_meant_for_them(printed):
    _, _, pages = printed
    found = pages_of(pages)
    assert "Satisfaction mensuelle" in found[DASHBOARD][-1]
    assert "Taux de satisfaction" in found[DASHBOARD][0]  # the tiles
    last = found[TRENDS][-1]
    for title in ("Taux de satisfaction par mois", "Réclamations traitées dans les délais", "par trimestre"):
        assert title in re.sub(r"\s+", " ", last), title


def test_text_has_no_code_no_english_no_missing_value(printed):
    _, _, pages = printed
    # The notice is WORKBOOK.md's text word for word: « refresh » there is the command the user types.
    generated = "\n".join(p for p in pages if sheet_of(p)).replace(NOTICE, "")
    for pattern in FORBIDDEN:
        hits = re.findall(rf".{{0,30}}{pattern}.{{0,30}}", generated)
        assert not hits, (pattern, hits[:3])
    assert "janv. 2026" in generated
    assert not re.findall(r"(?<![-\w])20\d\d-(?:0[1-9]|1[0-2])(?![-\d])", generated)  # months in French
