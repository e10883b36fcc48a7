"""Find the sheets the previous graft placed, and every part that leaves with them.

A sheet is qualixl's when the mark lists it and two facts agree: its sheetId, its
name, its content (part or values digest), or — given a `signature`, the text every
generated sheet carries in its first rows (qualixl's banner) — that text. Excel keeps
sheetIds and names on save; LibreOffice renumbers sheetIds but keeps names, the
banner and (to the digest's precision) values; a staff rename keeps the id and the
values; a hand edit keeps the name and the banner. A staff sheet that merely shares a
name ("Journal") or an id with a generated one agrees on one fact at most and is never
touched.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualixl.ooxml import relationships as rels
from qualixl.ooxml.custom_props import Mark, read_marks
from qualixl.ooxml.digest import SheetValues, part_digest, sheet_values
from qualixl.ooxml.model import Model, SheetRef


@dataclass
class Found:
    mark: Mark
    sheet: SheetRef
    edited: bool  # content or name changed by hand since the last graft


def custom_part(model: Model) -> str | None:
    rel = model.root_rels.first_of_type(rels.CUSTOM_PROPERTIES)
    return None if rel is None or rel.external else model.pkg.find(rels.resolve("", rel.target))


def find_previous(model: Model, signature: str | None = None) -> list[Found]:
    """The previous graft's sheets still in the workbook, in their recorded order."""
    custom = custom_part(model)
    marks = read_marks(model.pkg.read_xml(custom) if custom else None)
    found: list[Found] = []
    used: set[int] = set()
    values: dict[str, SheetValues] = {}
    # Sheets bearing a recorded name are read together, in one pass of python-calamine.
    recorded = {m.name.casefold() for m in marks}
    named = [s.name for s in model.sheets if s.name.casefold() in recorded]

    def read(sheet: SheetRef) -> SheetValues:
        if sheet.name not in values:
            values.update(sheet_values(model.pkg.path, named if sheet.name in named else [sheet.name]))
        return values.get(sheet.name, SheetValues())

    def same_content(sheet: SheetRef, mark: Mark) -> bool:
        if sheet.part is not None and part_digest(model.pkg.read(sheet.part)) == mark.part_digest:
            return True
        return read(sheet).digests.get(mark.version) == mark.values_digest

    def signed(sheet: SheetRef) -> bool:
        return signature is not None and signature in read(sheet).head

    for mark in marks:
        by_id = next((s for s in model.sheets if s.sheet_id == mark.sheet_id and id(s) not in used), None)
        by_name = next((s for s in model.sheets if s.name.casefold() == mark.name.casefold()
                        and id(s) not in used), None)
        if by_id is not None and by_id is by_name:
            found.append(Found(mark, by_id, edited=not same_content(by_id, mark) or by_id.name != mark.name))
            used.add(id(by_id))
            continue
        # The name first: after another producer renumbered ids, by_id is some (large) staff sheet.
        for candidate in (by_name, by_id):
            if candidate is not None and same_content(candidate, mark):
                found.append(Found(mark, candidate, edited=candidate.name != mark.name))
                used.add(id(candidate))
                break
        else:
            if by_name is not None and signed(by_name):  # renumbered ids, then typed in by hand
                found.append(Found(mark, by_name, edited=True))
                used.add(id(by_name))
    return found


def closure(graph: dict[str, list[str]], starts: list[str], skip: set[tuple[str, str]] = frozenset()) -> set[str]:
    """Parts reachable from `starts` through relationships, ignoring the `skip` edges."""
    seen: set[str] = set()
    todo = list(starts)
    while todo:
        part = todo.pop()
        if part in seen:
            continue
        seen.add(part)
        todo.extend(t for t in graph.get(part, []) if (part, t) not in skip)
    return seen


def parts_leaving(model: Model, sheets: list[SheetRef]) -> set[str]:
    """Stored names of the removed sheets' parts (and their .rels) that nothing else uses."""
    pkg = model.pkg
    graph = {src: [pkg.find(t) or t for t in targets] for src, targets in model.all_rels().items()}
    roots = [s.part for s in sheets if s.part is not None]
    skip = {(model.workbook_name, part) for part in roots}
    leaving = closure(graph, roots) - closure(graph, [""], skip)
    result = set()
    for part in leaving:
        for name in (part, pkg.find(rels.rels_name(part))):
            if name is not None and pkg.find(name) is not None:
                result.add(pkg.find(name))
    return result


def calc_chain_mentions(model: Model, part: str, sheet_ids: set[int]) -> bool:
    """Whether calcChain names a cell of one of `sheet_ids` (`i` is inherited when omitted)."""
    current = None
    for cell in model.pkg.read_xml(part):
        if cell.get("i") is not None and cell.get("i").isdigit():
            current = int(cell.get("i"))
        if current in sheet_ids:
            return True
    return False
