"""Safe parsing and faithful serialisation of package XML.

Parts come from a file a user hands us, so they are untrusted: entities are never
expanded, no DTD or network resource is loaded, and a part carrying a `<!DOCTYPE` is
refused outright (no OOXML producer writes one). lxml, unlike xml.etree, keeps the
namespace prefixes a producer chose, which matters because `mc:Ignorable="x14ac xr"`
names prefixes, not namespaces: renaming them makes Excel "repair" the workbook.
"""

from __future__ import annotations

from lxml import etree

from qualixl.errors import QualixlError

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
NS_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
NS_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"

DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def q(ns: str, local: str) -> str:
    """Clark notation `{ns}local`, as lxml names tags and attributes."""
    return f"{{{ns}}}{local}"


def local_name(tag: object) -> str:
    """The local part of an element's tag ('' for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def parse(data: bytes, where: str) -> etree._Element:
    """Parse untrusted part `data`; `where` names the part and file in the French error."""
    if b"<!DOCTYPE" in data[:65536]:
        raise _refused(where)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_blank_text=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise QualixlError(f"{where} : XML illisible ({exc.msg}). Le classeur est peut-être endommagé.") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise _refused(where)
    return root


def serialise(root: etree._Element) -> bytes:
    """UTF-8 bytes with Excel's declaration; lxml keeps every prefix the producer chose."""
    return DECLARATION + etree.tostring(root, encoding="UTF-8", xml_declaration=False)


def _refused(where: str) -> QualixlError:
    return QualixlError(
        f"{where} contient une déclaration DOCTYPE, qu'aucun tableur n'écrit : "
        "le classeur est refusé par précaution."
    )
