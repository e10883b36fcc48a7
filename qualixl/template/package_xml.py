"""Edit one cell of a finished .xlsx package without rebuilding it.

`init_workbook` must ship the template exactly as committed, so instead of rebuilding
it copies every zip entry and rewrites only the Paramètres sheet part. The XML is parsed
without DTDs, entities or network access, as the file could come from anywhere.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from lxml import etree

from qualixl import schema
from qualixl.addresses import column_index
from qualixl.errors import QualixlError
from qualixl.template.parameters_sheet import PARAM_KEY, PARAM_VALUE

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE_DOCUMENT = DOC_REL_NS + "/officeDocument"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def copy_with_parameter(template: Path, dest: Path, parameter: str, value: str) -> None:
    """Copy every zip entry as is, except the Paramètres sheet part with `parameter` set."""
    with zipfile.ZipFile(template) as src:
        part = sheet_part(src, schema.PARAMETRES)
        new_xml = set_parameter(src.read(part), parameter, value, shared_strings(src))
        with zipfile.ZipFile(dest, "w") as dst:
            for info in src.infolist():
                dst.writestr(info, new_xml if info.filename == part else src.read(info))


def _parse(data: bytes) -> etree._Element:
    """Parse package XML without DTDs, entities or network access."""
    if b"<!DOCTYPE" in data:
        raise QualixlError("Le modèle contient une déclaration DOCTYPE : fichier refusé.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(data, parser)


def sheet_part(zf: zipfile.ZipFile, sheet_name: str) -> str:
    """The zip entry name of a worksheet, found through the workbook's relationships."""
    root_rels = _parse(zf.read("_rels/.rels"))
    book = next(
        rel.get("Target").lstrip("/") for rel in root_rels.iter(f"{{{REL_NS}}}Relationship")
        if rel.get("Type") == OFFICE_DOCUMENT
    )
    folder, base = posixpath.split(book)
    workbook = _parse(zf.read(book))
    rel_id = next(
        (s.get(f"{{{DOC_REL_NS}}}id") for s in workbook.iter(f"{{{MAIN_NS}}}sheet") if s.get("name") == sheet_name),
        None,
    )
    if rel_id is None:
        raise QualixlError(f"Feuille « {sheet_name} » absente du modèle.")
    rels = _parse(zf.read(posixpath.join(folder, "_rels", base + ".rels")))
    target = next(r.get("Target") for r in rels.iter(f"{{{REL_NS}}}Relationship") if r.get("Id") == rel_id)
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def shared_strings(zf: zipfile.ZipFile) -> list[str]:
    """The shared strings, in case a template was saved by a tool that uses them."""
    name = "xl/sharedStrings.xml"
    if name not in zf.namelist():
        return []
    root = _parse(zf.read(name))
    return ["".join(si.itertext()) for si in root.iter(f"{{{MAIN_NS}}}si")]


def set_parameter(sheet_xml: bytes, parameter: str, value: str, shared: Sequence[str]) -> bytes:
    """Return the Paramètres sheet XML with `parameter`'s value cell set to `value` as text."""
    root = _parse(sheet_xml)
    rows = root.findall(f"{{{MAIN_NS}}}sheetData/{{{MAIN_NS}}}row")
    if not rows:
        raise QualixlError(f"Feuille « {schema.PARAMETRES} » vide dans le modèle.")
    headers = {schema.normalize(_cell_text(c, shared)): _column_of(c) for c in rows[0]}
    key_col = headers.get(schema.normalize(PARAM_KEY))
    value_col = headers.get(schema.normalize(PARAM_VALUE))
    if key_col is None or value_col is None:
        raise QualixlError(f"En-têtes « {PARAM_KEY} » / « {PARAM_VALUE} » absents du modèle.")
    for row in rows[1:]:
        cells = {_column_of(c): c for c in row}
        key = cells.get(key_col)
        if key is not None and schema.normalize(_cell_text(key, shared)) == schema.normalize(parameter):
            _set_inline_string(_cell_in_row(row, value_col, cells), value)
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    raise QualixlError(f"Paramètre « {parameter} » absent du modèle.")


def _column_of(cell: etree._Element) -> str:
    """The column letters of a cell, from its `r` reference (B3 -> B)."""
    match = _CELL_REF.match(cell.get("r", ""))
    if not match:
        raise QualixlError("Cellule sans référence dans le modèle.")
    return match.group(1)


def _cell_text(cell: etree._Element, shared: Sequence[str]) -> str:
    """A cell's text whether stored inline, as a shared string or as a plain value."""
    kind = cell.get("t")
    if kind == "inlineStr":
        node = cell.find(f"{{{MAIN_NS}}}is")
        return "".join(node.itertext()) if node is not None else ""
    value = cell.findtext(f"{{{MAIN_NS}}}v") or ""
    if kind == "s" and value.isdigit() and int(value) < len(shared):
        return shared[int(value)]
    return value


def _cell_in_row(row: etree._Element, col: str, cells: Mapping[str, etree._Element]) -> etree._Element:
    """The row's cell in column `col`, created at its sorted place if the row lacks it."""
    if col in cells:
        return cells[col]
    cell = etree.Element(f"{{{MAIN_NS}}}c", r=f"{col}{row.get('r')}")
    later = [c for letters, c in cells.items() if column_index(letters) > column_index(col)]
    if later:
        later[0].addprevious(cell)
    else:
        row.append(cell)
    row.attrib.pop("spans", None)  # an optional hint that may no longer cover the row
    return cell


def _set_inline_string(cell: etree._Element, text: str) -> None:
    """Make `cell` an inline string holding `text`, escaped as Excel escapes it."""
    for child in list(cell):
        cell.remove(child)
    cell.set("t", "inlineStr")
    node = etree.SubElement(etree.SubElement(cell, f"{{{MAIN_NS}}}is"), f"{{{MAIN_NS}}}t")
    node.text = excel_escape(text)
    if text != text.strip():
        node.set(XML_SPACE, "preserve")


def excel_escape(text: str) -> str:
    """Escape text as Excel does in cell XML: literal `_xHHHH_` first, then control characters."""
    text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
    return _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
