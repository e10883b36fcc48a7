"""`xl/workbook.xml`: the sheet list and everything that counts sheets by position.

Generated sheets go first, in their order, then the host's sheets in theirs. sheetIds
are stable identifiers (Excel keeps them across saves), so new ones are numbered after
the largest present. `localSheetId` in defined names and `activeTab`/`firstSheet` in
the book views are positions: inserting sheets in front shifts every staff sheet, and
names local to a removed sheet go with it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree

from qualixl.ooxml.xml import NS_MAIN, NS_R, local_name, q

_AFTER_DEFINED_NAMES = {"calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr",
                        "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst"}


@dataclass
class NewSheet:
    name: str
    sheet_id: int
    rel_id: str
    state: str | None


def rebuild(
    root: etree._Element,
    kept: list[etree._Element],
    new: list[NewSheet],
    generated_names: list[etree._Element],
) -> None:
    """Rewrite the sheet list as `new` + `kept`, renumbering positions; edits `root` in place.

    `kept` are the host's `<sheet>` elements that stay (the others are removed);
    `generated_names` are the generated sheets' local `<definedName>`s, their `localSheetId`
    already the sheet's final position (generated sheets come first; graft moves them).
    """
    sheets = root.find(q(NS_MAIN, "sheets"))
    old = [el for el in sheets if el.tag == q(NS_MAIN, "sheet")]
    position = {id(el): len(new) + kept.index(el) for el in old if el in kept}
    for el in old:
        sheets.remove(el)
    for i, sheet in enumerate(new):
        el = etree.Element(q(NS_MAIN, "sheet"))
        el.set("name", sheet.name)
        el.set("sheetId", str(sheet.sheet_id))
        if sheet.state:
            el.set("state", sheet.state)
        el.set(q(NS_R, "id"), sheet.rel_id)
        sheets.insert(i, el)
    for el in kept:
        sheets.append(el)
    _renumber_names(root, old, position, generated_names)
    for view in root.iter(q(NS_MAIN, "workbookView")):
        for attr in ("activeTab", "firstSheet"):
            view.attrib.pop(attr, None)


def _renumber_names(root, old, position, generated_names) -> None:
    names = root.find(q(NS_MAIN, "definedNames"))
    if names is None and not generated_names:
        return
    if names is None:
        names = etree.Element(q(NS_MAIN, "definedNames"))
        later = [i for i, child in enumerate(root) if local_name(child.tag) in _AFTER_DEFINED_NAMES]
        root.insert(later[0] if later else len(root), names)
    for el in list(names):
        local = el.get("localSheetId")
        if local is None or not local.isdigit() or int(local) >= len(old):
            continue
        new_position = position.get(id(old[int(local)]))
        if new_position is None:
            names.remove(el)
        else:
            el.set("localSheetId", str(new_position))
    for el in generated_names:
        names.append(copy.deepcopy(el))
    if len(names) == 0:
        root.remove(names)


def sheet_ids(root: etree._Element) -> list[int]:
    return [int(el.get("sheetId", "0")) for el in root.iter(q(NS_MAIN, "sheet"))]


def local_names(root: etree._Element) -> tuple[list[etree._Element], list[str]]:
    """Defined names of a workbook split into sheet-local elements and global name texts."""
    local, global_ = [], []
    for el in root.iter(q(NS_MAIN, "definedName")):
        (local if el.get("localSheetId") is not None else global_).append(el)
    return local, [el.get("name", "") for el in global_]


def sheet_state(root: etree._Element, rel_id: str) -> str | None:
    for el in root.iter(q(NS_MAIN, "sheet")):
        if el.get(q(NS_R, "id")) == rel_id:
            return el.get("state")
    return None


def request_full_calc(root: etree._Element) -> None:
    """Ask Excel to recalculate on open (generated formulas carry no cached value chain)."""
    calc = root.find(q(NS_MAIN, "calcPr"))
    if calc is None:
        calc = etree.Element(q(NS_MAIN, "calcPr"))
        later = [i for i, child in enumerate(root)
                 if local_name(child.tag) in _AFTER_DEFINED_NAMES - {"calcPr"}]
        root.insert(later[0] if later else len(root), calc)
    calc.set("fullCalcOnLoad", "1")
