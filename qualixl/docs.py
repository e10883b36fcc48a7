"""Documentation derived from schema.py, so the README never restates the contract by hand.

`readme_sheet_table()` renders the table of input sheets; `update_readme()` puts it
between the README's markers (scripts/update_readme.py), and a test fails while the
committed README differs from what it would write.
"""

from __future__ import annotations

from qualixl import schema

START_MARKER = "<!-- sheets:start -->"
END_MARKER = "<!-- sheets:end -->"


def _cell(text: str) -> str:
    """Markdown table cells cannot hold a bare pipe or a line break."""
    return " ".join(text.replace("|", "\\|").split())


def readme_sheet_table() -> str:
    """The README's table of input sheets: name, purpose, RNQ indicators, required columns."""
    lines = [
        "| Feuille | Rôle | Indicateurs Qualiopi | Colonnes obligatoires |",
        "|---|---|---|---|",
    ]
    for sheet in schema.SHEETS:
        name = f"**{sheet.name}**" if sheet.required else sheet.name
        required = ", ".join(sheet.required_headers)
        lines.append(f"| {_cell(name)} | {_cell(sheet.purpose)} | {_cell(sheet.indicators)} | {_cell(required)} |")
    lines.append("")
    lines.append("En gras : les feuilles indispensables ; les autres peuvent manquer (leurs contrôles et "
                 "indicateurs sont alors ignorés).")
    return "\n".join(lines) + "\n"


def sheet_section(readme: str) -> str:
    """The text between the markers (without them), as it stands in `readme`."""
    start = readme.index(START_MARKER) + len(START_MARKER)
    end = readme.index(END_MARKER, start)
    return readme[start:end].strip("\n") + "\n"


def update_readme(readme: str) -> str:
    """Return `readme` with the section between the markers regenerated from schema.py."""
    start = readme.index(START_MARKER) + len(START_MARKER)
    end = readme.index(END_MARKER, start)
    return readme[:start] + "\n" + readme_sheet_table() + readme[end:]
