"""The mark that tells qualixl's sheets from the staff's: custom document properties.

One property per generated sheet, `qualixl.feuille.N` (N = its order), whose text is
`2|sheetId|part digest|values digest|sheet name` (the leading number is the values
digest's version, see digest.py; marks of version 1 are still read). Staff cannot create it by accident
(it takes File > Properties > Custom), and it survives a save in Excel. Each value stays
well under the 255 characters Excel keeps for a text property. The part digest (SHA-256
of the sheet XML as last written, 16 hex digits) says cheaply "untouched since the last
refresh"; the values digest (cell values as python-calamine reads them) survives a save
by Excel or LibreOffice, which rewrite the XML, and still tells a hand edit.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from qualixl.ooxml.digest import VERSIONS
from qualixl.ooxml.xml import NS_CUSTOM, NS_VT, q

PREFIX = "qualixl.feuille."
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the user-defined properties set
VERSION = VERSIONS[-1]


@dataclass(frozen=True)
class Mark:
    """What the last graft recorded about one generated sheet."""

    order: int
    sheet_id: int
    part_digest: str
    values_digest: str
    name: str
    version: str = VERSION

    def text(self) -> str:
        return "|".join([self.version, str(self.sheet_id), self.part_digest, self.values_digest, self.name])


def new_root() -> etree._Element:
    return etree.Element(q(NS_CUSTOM, "Properties"), nsmap={None: NS_CUSTOM, "vt": NS_VT})


def read_marks(root: etree._Element | None) -> list[Mark]:
    """The marks of the last graft, in sheet order; malformed ones are ignored."""
    marks = []
    for prop in [] if root is None else root.iter(q(NS_CUSTOM, "property")):
        name = prop.get("name", "")
        if not name.startswith(PREFIX) or not name[len(PREFIX):].isdigit():
            continue
        value = "".join(prop.itertext())
        parts = value.split("|", 4)
        if len(parts) != 5 or parts[0] not in VERSIONS or not parts[1].isdigit():
            continue
        marks.append(Mark(int(name[len(PREFIX):]), int(parts[1]), parts[2], parts[3], parts[4], parts[0]))
    return sorted(marks, key=lambda m: m.order)


def write_marks(root: etree._Element, marks: list[Mark]) -> None:
    """Replace qualixl's properties in `root` (in place); other properties keep their pid."""
    for prop in list(root.iter(q(NS_CUSTOM, "property"))):
        if prop.get("name", "").startswith(PREFIX):
            prop.getparent().remove(prop)
    pids = [int(p.get("pid")) for p in root.iter(q(NS_CUSTOM, "property")) if (p.get("pid") or "").isdigit()]
    pid = max([1, *pids]) + 1
    for mark in marks:
        prop = etree.SubElement(root, q(NS_CUSTOM, "property"))
        prop.set("fmtid", FMTID)
        prop.set("pid", str(pid))
        prop.set("name", f"{PREFIX}{mark.order}")
        etree.SubElement(prop, q(NS_VT, "lpwstr")).text = mark.text()
        pid += 1
