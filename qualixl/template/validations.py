"""Data validations of the input sheets: header help, drop-downs and score help.

Excel shows a validation's input message when a cell is selected, so validations double
as the workbook's built-in help; list validations also stop values outside the contract.
"""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.worksheet import Worksheet

from qualixl.schema import Column, Kind

LAST_ROW = 1_048_575  # zero-based index of Excel's last row: drop-downs cover typed-later rows


def add_column_validations(ws: Worksheet, col: int, column: Column) -> None:
    """Help on the header cell; a drop-down (or, for a score, help) on every cell below."""
    if column.help:
        ws.data_validation(0, col, 0, col, {
            "validate": "any",
            "input_title": clip(column.header, 32),
            "input_message": clip(column.help, 255),
        })
    if column.kind is Kind.CHOICE:
        ws.data_validation(1, col, LAST_ROW, col, list_validation(column.choices, column.help, column.header))
    elif column.kind is Kind.SCORE:
        ws.data_validation(1, col, LAST_ROW, col, {
            "validate": "any",
            "input_title": clip(column.header, 32),
            "input_message": clip(column.help, 255),
        })


def list_validation(choices: Sequence[str], help_text: str, title: str) -> dict:
    """A drop-down that stops any value outside `choices` (the contract calls it an error)."""
    for choice in choices:
        if "," in choice or '"' in choice:
            raise ValueError(f"List value {choice!r} cannot sit in an inline drop-down")
    return {
        "validate": "list",
        "source": list(choices),
        "input_title": clip(title, 32),
        "input_message": clip(help_text, 255),
        "error_title": "Valeur hors liste",
        "error_message": clip("Choisissez une valeur de la liste : " + ", ".join(choices) + ".", 255),
    }


def clip(text: str, limit: int) -> str:
    """Excel's limits on validation titles (32) and messages (255), in UTF-16 units."""
    if len(text.encode("utf-16-le")) // 2 <= limit:
        return text
    return text[: limit - 1] + "…"
