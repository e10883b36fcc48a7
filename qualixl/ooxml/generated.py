"""The generated workbook (XlsxWriter output): which parts to bring over, and how.

Only what hangs from its sheets travels: the sheet parts and the parts their
relationships reach (drawings, charts, images, printer settings), plus the sheets'
local defined names. Its workbook-level parts (styles, theme, shared strings, document
properties) stay behind: styles are merged, shared strings inlined, and the host's
theme and properties are the staff's.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from qualixl.ooxml import relationships as rels
from qualixl.ooxml import workbook_part
from qualixl.ooxml.model import Model, SheetRef
from qualixl.ooxml.package import Package

# Parts whose ids or names must be unique across a workbook; a generic copy would clash.
UNSUPPORTED = {rels.TABLE: "tables", rels.COMMENTS: "comments", rels.VML_DRAWING: "VML drawings"}


@dataclass
class GeneratedSheet:
    ref: SheetRef
    state: str | None


class Generated:
    def __init__(self, pkg: Package):
        self.pkg = pkg
        self.model = Model(pkg)
        self.sheets = [GeneratedSheet(ref, workbook_part.sheet_state(self.model.workbook, ref.rel_id))
                       for ref in self.model.sheets]
        if not self.sheets:
            raise ValueError(f"{pkg.path.name}: no sheet to graft")
        if self.sheets[0].state not in (None, "visible"):
            raise ValueError(f"{pkg.path.name}: the first generated sheet must be visible")
        self.local_names, global_names = workbook_part.local_names(self.model.workbook)
        if global_names:
            raise ValueError(f"{pkg.path.name}: global defined names cannot be grafted: {global_names}")
        self.graph = self.model.all_rels()
        self.parts = self._parts()

    def _parts(self) -> list[str]:
        """Every part reachable from the sheets, sheets first, in a stable order."""
        order: list[str] = []
        todo = [s.ref.part for s in self.sheets]
        while todo:
            part = todo.pop(0)
            if part is None or part in order:
                continue
            order.append(part)
            for rel in self.model.rels_of(part):
                if rel.type in UNSUPPORTED:
                    raise ValueError(f"{part}: {UNSUPPORTED[rel.type]} in generated sheets are not supported")
            todo.extend(self.pkg.find(t) for t in self.graph.get(part, []))
        return order

    def relative_folder(self, part: str) -> str:
        """`part`'s folder relative to the generated workbook's folder (e.g. 'worksheets')."""
        base = posixpath.dirname(self.model.workbook_name)
        return posixpath.relpath(posixpath.dirname(part), base or ".")
