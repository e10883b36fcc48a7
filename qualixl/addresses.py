"""Cell addresses as Excel shows them, and sheet references as Excel quotes them."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """Zero-based column index to letters: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """Column letters to a zero-based index: A → 0, Z → 25, AA → 26 (column_letter's inverse)."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


def quote_sheet(name: str) -> str:
    """`Plan d'amélioration` → `'Plan d''amélioration'`, as Excel writes it in formulas and links."""
    return "'" + name.replace("'", "''") + "'"
