"""Build the standard workbook: Lisez-moi first, then every input sheet of schema.SHEETS.

Rows are streamed with XlsxWriter's constant_memory mode, so the demo generator can write
a million appraisals without holding them in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import xlsxwriter

from qualixl import schema
from qualixl.template.formats import make_formats
from qualixl.template.input_sheets import write_input_sheet
from qualixl.template.readme_sheet import write_readme

# A fixed creation date keeps the template reproducible from one build to the next.
CREATED = dt.datetime(2026, 1, 1)


def build_workbook(
    path: str | Path,
    *,
    parameters: Mapping[str, object] | None = None,
    rows: Mapping[str, Sequence[Sequence[object]]] | None = None,
) -> None:
    """Write the standard workbook: Lisez-moi, then every input sheet of schema.SHEETS.

    `parameters` overrides Paramètres default values by parameter name. `rows` maps a
    sheet name to its data rows, each a tuple in the sheet's schema column order (None
    for an empty cell); Indicateurs rows replace the default targets. Text is always
    written as text, never as a formula, whatever its first character. XlsxWriter writes
    the file only on close, so a build that fails leaves no file behind.
    """
    check_inputs(parameters or {}, rows or {})
    wb = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
         "strings_to_urls": False},
    )
    wb.set_properties({
        "title": "Plan d'amélioration continue Qualiopi",
        "subject": "Indicateurs 30, 31 et 32 du Référentiel national qualité",
        "author": "qualixl",
        "created": CREATED,
    })
    fm = make_formats(wb)
    write_readme(wb, fm)
    for sheet in schema.SHEETS:
        write_input_sheet(wb, fm, sheet, parameters or {}, rows or {})
    wb.close()


def check_inputs(parameters: Mapping[str, object], rows: Mapping[str, object]) -> None:
    """Catch a misspelt sheet or parameter name at once instead of silently ignoring it."""
    unknown = sorted(set(parameters) - set(schema.PARAMETERS_BY_NAME))
    if unknown:
        raise ValueError(f"Unknown parameter(s): {unknown}")
    unknown = sorted(set(rows) - set(schema.SHEETS_BY_NAME))
    if unknown:
        raise ValueError(f"Unknown sheet(s): {unknown}")
    if schema.PARAMETRES in rows:
        raise ValueError("Paramètres is filled from `parameters`, not from `rows`")
