"""The few package-wide parts every graft reads: content types, relationships, the
workbook and its sheet list. Loaded once per package; edits happen on these trees and
only the trees that changed are serialised again.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from qualixl.errors import QualixlError
from qualixl.ooxml import relationships as rels
from qualixl.ooxml.contenttypes import ContentTypes
from qualixl.ooxml.package import Package
from qualixl.ooxml.relationships import Relationships
from qualixl.ooxml.xml import NS_MAIN, NS_R, NS_STRICT_MAIN, q

CONTENT_TYPES = "[Content_Types].xml"


@dataclass
class SheetRef:
    """One `<sheet>` of the workbook: its tab name, sheetId, relationship and part."""

    name: str
    sheet_id: int
    rel_id: str
    part: str | None
    rel_type: str
    element: etree._Element


class Model:
    def __init__(self, pkg: Package):
        self.pkg = pkg
        name = pkg.path.name
        if pkg.find(CONTENT_TYPES) is None:
            raise QualixlError(f"{name} est une archive zip mais pas un classeur Excel (.xlsx).")
        self.content_types = ContentTypes(pkg.read_xml(pkg.find(CONTENT_TYPES)))
        self.root_rels = self.rels_of("")
        office = self.root_rels.first_of_type(rels.OFFICE_DOCUMENT)
        workbook = pkg.find(rels.resolve("", office.target)) if office is not None else None
        if workbook is None:
            raise QualixlError(f"{name} est une archive zip mais pas un classeur Excel (.xlsx).")
        self.workbook_name = workbook
        self.workbook = pkg.read_xml(workbook)
        if self.workbook.tag == q(NS_STRICT_MAIN, "workbook"):
            raise QualixlError(
                f"{name} est enregistré au format « Feuille de calcul Open XML stricte » : "
                "enregistrez-le au format Classeur Excel (.xlsx) puis relancez la commande."
            )
        if self.workbook.tag != q(NS_MAIN, "workbook"):
            raise QualixlError(f"{name} n'est pas un classeur Excel (.xlsx) : sa partie principale est inconnue.")
        self.workbook_rels = self.rels_of(workbook)
        self.sheets = self._sheets()

    def rels_of(self, part: str) -> Relationships:
        """The relationships of `part` (empty when it has no .rels part)."""
        stored = self.pkg.find(rels.rels_name(part))
        root = self.pkg.read_xml(stored) if stored is not None else None
        return Relationships(part, root)

    def workbook_part(self, type_uri: str) -> str | None:
        """The zip name of the workbook-level part of that type (styles, sharedStrings…)."""
        rel = self.workbook_rels.first_of_type(type_uri)
        return None if rel is None or rel.external else self.pkg.find(rels.resolve(self.workbook_name, rel.target))

    def _sheets(self) -> list[SheetRef]:
        sheets_el = self.workbook.find(q(NS_MAIN, "sheets"))
        result = []
        for el in sheets_el if sheets_el is not None else []:
            if el.tag != q(NS_MAIN, "sheet"):
                continue
            rel = self.workbook_rels.get(el.get(q(NS_R, "id"), ""))
            part = None
            if rel is not None and not rel.external:
                part = self.pkg.find(rels.resolve(self.workbook_name, rel.target))
            result.append(
                SheetRef(
                    name=el.get("name", ""),
                    sheet_id=int(el.get("sheetId", "0")),
                    rel_id=el.get(q(NS_R, "id"), ""),
                    part=part,
                    rel_type=rel.type if rel is not None else "",
                    element=el,
                )
            )
        return result

    def all_rels(self) -> dict[str, list[str]]:
        """Every part's internal relationship targets: {source zip name: [target zip names]}."""
        graph: dict[str, list[str]] = {}
        for stored in self.pkg.names:
            if not stored.endswith(".rels"):
                continue
            folder, base = stored.rsplit("/", 1) if "/" in stored else ("", stored)
            if not folder.endswith("_rels") or not base.endswith(".rels"):
                continue
            source = (folder[: -len("_rels")] + base[: -len(".rels")]).lstrip("/")
            graph[source] = [target for _, target in Relationships(source, self.pkg.read_xml(stored)).targets()]
        return graph
