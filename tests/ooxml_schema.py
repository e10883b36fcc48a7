"""Validate package parts against the ECMA-376 transitional schemas, as Excel's parser would.

Excel « repairs » a part whose elements are out of order or whose attributes have the
wrong type; LibreOffice opens it without a word. The schemas in
../shared/ooxml-schemas (see its README) are that grammar. Before validating, markup
compatibility is processed as a consumer does (ECMA-376 part 3): attributes and elements
of the namespaces a part declares ignorable are dropped, and each mc:AlternateContent is
replaced by the children of its mc:Fallback.
"""

from __future__ import annotations

import functools
import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
SCHEMAS_DIR = Path(os.environ.get("QUALIXL_OOXML_SCHEMAS", Path(__file__).resolve().parents[2] / "shared" / "ooxml-schemas"))
if not SCHEMAS_DIR.is_dir():
    SCHEMAS_DIR = Path("/work/shared/ooxml-schemas")
SCHEMA_OF_NAMESPACE = {
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main": "sml.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing": "dml-spreadsheetDrawing.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "dml-chart.xsd",
    "http://schemas.openxmlformats.org/package/2006/content-types": "opc-contentTypes.xsd",
    "http://schemas.openxmlformats.org/package/2006/relationships": "opc-relationships.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties":
        "shared-documentPropertiesExtended.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties": "shared-documentPropertiesCustom.xsd",
}
NOT_COVERED = (".vml", "docProps/core.xml")


@functools.cache
def schema(filename: str) -> etree.XMLSchema:
    if not SCHEMAS_DIR.is_dir():
        pytest.fail(f"Schémas ECMA-376 introuvables : {SCHEMAS_DIR}")
    return etree.XMLSchema(etree.parse(str(SCHEMAS_DIR / filename)))


def process_markup_compatibility(root: etree._Element) -> etree._Element:
    """Drop what the part declares ignorable and keep the fallback of every alternate content."""
    ignorable = set()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        prefixes = element.get(f"{{{MC}}}Ignorable")
        if prefixes:
            ignorable |= {element.nsmap[p] for p in prefixes.split() if p in element.nsmap}
    for alternate in list(root.iter(f"{{{MC}}}AlternateContent")):
        parent = alternate.getparent()
        fallback = alternate.find(f"{{{MC}}}Fallback")
        index = parent.index(alternate)
        parent.remove(alternate)
        for offset, child in enumerate(list(fallback) if fallback is not None else []):
            parent.insert(index + offset, child)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).namespace in ignorable and element.getparent() is not None:
            element.getparent().remove(element)
            continue
        for name in list(element.attrib):
            namespace = etree.QName(name).namespace
            if namespace in ignorable or namespace == MC:
                del element.attrib[name]
    return root


def validation_errors(name: str, data: bytes) -> list[str]:
    """Schema errors of one part (empty when valid, or when no schema covers it)."""
    if name.endswith(NOT_COVERED) or not (name.endswith(".xml") or name.endswith(".rels")):
        return []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=False)
    root = etree.fromstring(data, parser)
    filename = SCHEMA_OF_NAMESPACE.get(etree.QName(root).namespace)
    if filename is None:
        return []
    checker = schema(filename)
    root = process_markup_compatibility(root)
    if checker.validate(etree.ElementTree(root)):
        return []
    return [f"{name}:{e.line}: {e.message}" for e in checker.error_log]


def package_errors(path: Path, parts=None) -> list[str]:
    """Schema errors of the package's XML parts (all of them, or those `parts` selects by name)."""
    errors = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if parts is None or parts(name):
                errors += validation_errors(name, package.read(name))
    return errors


def assert_valid(path: Path, parts=None) -> None:
    errors = package_errors(path, parts)
    assert not errors, "\n".join(errors[:30])
