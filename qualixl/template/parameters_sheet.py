"""The Paramètres sheet: a key/value list of settings, pre-filled with their defaults.

It is the one input sheet with an extra help column and per-row drop-downs, and the one
`init_workbook` edits in place, so its shape is described here for both.
"""

from __future__ import annotations

from collections.abc import Mapping

from xlsxwriter.worksheet import Worksheet

from qualixl import schema
from qualixl.schema import Column, Kind
from qualixl.template.formats import Formats
from qualixl.template.row_writer import Styled
from qualixl.template.validations import list_validation

# The Paramètres sheet is a key/value list: its two schema columns, in that order.
PARAM_KEY, PARAM_VALUE = (c.header for c in schema.SHEETS_BY_NAME[schema.PARAMETRES].columns)
# A help column beside them; readers ignore columns they don't know.
EXPLANATION = Column(
    "Explication",
    help="Aide sur le paramètre (colonne d'information, ignorée par qualixl).",
    width=70,
)


def parameter_rows(fm: Formats, overrides: Mapping[str, object]) -> list[tuple]:
    """One row per schema parameter: name, value (yellow: to be filled), explanation."""
    out = []
    for param in schema.PARAMETERS:
        value = overrides.get(param.name, param.default)
        if value == "":
            value = None
        fill = fm.to_fill if value is None or isinstance(value, str) else fm.to_fill_number
        out.append((param.name, Styled(value, fill), param.help))
    return out


def add_parameter_lists(ws: Worksheet) -> None:
    """Drop-downs on the value cells of the choice parameters (Début d'exercice)."""
    col = 1  # the Valeur column, beside Paramètre
    for row, param in enumerate(schema.PARAMETERS, start=1):
        if param.kind is Kind.CHOICE:
            ws.data_validation(row, col, row, col, list_validation(param.choices, param.help, param.name))
