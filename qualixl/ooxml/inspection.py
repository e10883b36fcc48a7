"""Which sheets of a workbook the last graft placed, and whether someone edited them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qualixl.ooxml.model import Model
from qualixl.ooxml.package import Package
from qualixl.ooxml.previous import find_previous


@dataclass(frozen=True)
class GeneratedSheetInfo:
    name: str
    sheet_id: int
    edited_by_hand: bool  # its values or its name changed since the last graft


def inspect_generated(path: Path, signature: str | None = None) -> list[GeneratedSheetInfo]:
    """The sheets placed by the last graft, in their order ([] when none).

    `signature` is the text every generated sheet carries in its first rows (see previous.py).
    """
    with Package(Path(path)) as pkg:
        return [GeneratedSheetInfo(f.sheet.name, f.sheet.sheet_id, f.edited)
                for f in find_previous(Model(pkg), signature)]


def generated_sheet_names(path: Path, signature: str | None = None) -> list[str]:
    return [info.name for info in inspect_generated(path, signature)]
