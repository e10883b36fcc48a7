"""Relationship parts (`_rels/*.rels`): how one part names the parts it uses.

A relationship target is relative to the folder of its source part (or absolute when it
starts with '/'), and may be percent-encoded. Ids are only unique within one .rels part,
and producers choose them freely (Excel `rId3`, others `R1a2b`): new ids are numbered
after the largest `rIdN` present and checked against every existing id.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from qualixl.ooxml.xml import NS_RELS, q

_RID = re.compile(r"rId(\d+)$")

REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
OFFICE_DOCUMENT = REL_BASE + "officeDocument"
WORKSHEET = REL_BASE + "worksheet"
CHARTSHEET = REL_BASE + "chartsheet"
STYLES = REL_BASE + "styles"
SHARED_STRINGS = REL_BASE + "sharedStrings"
CALC_CHAIN = REL_BASE + "calcChain"
TABLE = REL_BASE + "table"
COMMENTS = REL_BASE + "comments"
VML_DRAWING = REL_BASE + "vmlDrawing"
CUSTOM_PROPERTIES = REL_BASE + "custom-properties"
EXTENDED_PROPERTIES = REL_BASE + "extended-properties"


def rels_name(part: str) -> str:
    """The .rels part that holds `part`'s relationships ('' is the package root)."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def resolve(source: str, target: str) -> str:
    """The zip name of `target` as written in a relationship of `source`."""
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")


def relative(source: str, part: str) -> str:
    """The target to write in `source`'s relationships to reach zip name `part`."""
    return posixpath.relpath(part, posixpath.dirname(source) or ".")


@dataclass
class Rel:
    id: str
    type: str
    target: str
    external: bool
    element: etree._Element


class Relationships:
    """One .rels part, parsed; edits keep every other relationship element as it was."""

    def __init__(self, source: str, root: etree._Element | None = None):
        self.source = source
        if root is None:
            root = etree.Element(q(NS_RELS, "Relationships"), nsmap={None: NS_RELS})
        self.root = root

    def __iter__(self):
        for el in self.root:
            if el.tag == q(NS_RELS, "Relationship"):
                yield Rel(
                    el.get("Id", ""),
                    el.get("Type", ""),
                    el.get("Target", ""),
                    el.get("TargetMode") == "External",
                    el,
                )

    def targets(self) -> list[tuple[Rel, str]]:
        """Internal relationships with their resolved zip names."""
        return [(rel, resolve(self.source, rel.target)) for rel in self if not rel.external]

    def get(self, rel_id: str) -> Rel | None:
        return next((rel for rel in self if rel.id == rel_id), None)

    def first_of_type(self, type_uri: str) -> Rel | None:
        suffix = type_uri.rsplit("/", 1)[-1]
        return next((rel for rel in self if rel.type.rsplit("/", 1)[-1] == suffix), None)

    def remove(self, rel_id: str) -> None:
        for rel in list(self):
            if rel.id == rel_id:
                self.root.remove(rel.element)

    def add(self, type_uri: str, part: str) -> str:
        """Add a relationship to zip name `part`; return its new id."""
        rel_id = self.next_id()
        el = etree.SubElement(self.root, q(NS_RELS, "Relationship"))
        el.set("Id", rel_id)
        el.set("Type", type_uri)
        el.set("Target", relative(self.source, part))
        return rel_id

    def next_id(self) -> str:
        ids = {rel.id for rel in self}
        numbers = [int(m.group(1)) for m in map(_RID.match, ids) if m]
        n = max(numbers, default=0) + 1
        while f"rId{n}" in ids:
            n += 1
        return f"rId{n}"
