"""Sheet parts: adapt a generated sheet to its new package, and un-select a host sheet.

A generated sheet's `s`, `style` and `dxfId` numbers point into the generated
styles.xml and are renumbered into the host's; shared-string cells (`t="s"`) become
inline strings, because the host's sharedStrings part is the staff's and is copied, not
merged. The sheets qualixl renders (XlsxWriter, constant_memory: inline strings, no
prefixes) are renumbered on their bytes, a substitution per attribute, which is several
times faster than a round trip through lxml on the 30,000-cell annual report; any other
sheet goes through lxml. A host sheet is never parsed: when it carries `tabSelected="1"`, only that
attribute is removed from its `<sheetView>` (found in the first bytes, before
`<sheetData>`), so Excel does not open the workbook with two grouped tabs.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterator

from lxml import etree

from qualixl.ooxml.styles import StyleMaps
from qualixl.ooxml.xml import NS_MAIN, parse, q, serialise

HEAD_LIMIT = 4 * 1024 * 1024
_HEAD_END = re.compile(rb"</(?:\w+:)?sheetViews\s*>|<(?:\w+:)?sheetViews\s*/>|<(?:\w+:)?sheetData\b")
_SHEET_VIEW = re.compile(rb"<(?:\w+:)?sheetView\b[^>]*>")
_TAB_SELECTED = re.compile(rb"""\s+tabSelected\s*=\s*(["'])(?:1|true)\1""")
_ANY_TAB_SELECTED = re.compile(rb"""\s+tabSelected\s*=\s*(["'])[^"']*\1""")
_PLAIN_ROOT = b'<worksheet xmlns="' + NS_MAIN.encode() + b'"'
_SHARED_STRING_CELL = re.compile(rb'<c\b[^>]*?\st="s"')
# Each styled element and its style attribute; group 1 runs up to the number's opening quote.
_STYLED = (
    (re.compile(rb'(<(?:c|row)\b[^>]*?\ss=")(\d+)"'), "xf"),
    (re.compile(rb'(<col\b[^>]*?\sstyle=")(\d+)"'), "xf"),
    (re.compile(rb'(<cfRule\b[^>]*?\sdxfId=")(\d+)"'), "dxf"),
)
_FORMULA = re.compile(rb"<f[\s>/]")


def shared_strings(root: etree._Element | None) -> list[etree._Element]:
    return [] if root is None else root.findall(q(NS_MAIN, "si"))


def adapt_generated(
    data: bytes, where: str, maps: StyleMaps, strings: list[etree._Element], selected: bool
) -> tuple[bytes, bool]:
    """The sheet rewritten for the host; also whether it holds formulas."""
    if renumbers_on_bytes(data):
        return _adapt_bytes(data, maps, selected), _FORMULA.search(data) is not None
    return _adapt_tree(data, where, maps, strings, selected)


def renumbers_on_bytes(data: bytes) -> bool:
    """Whether the sheet is one XlsxWriter wrote in constant_memory mode (unprefixed, inline strings)."""
    return _PLAIN_ROOT in data[:2048] and not _SHARED_STRING_CELL.search(data)


def _adapt_tree(
    data: bytes, where: str, maps: StyleMaps, strings: list[etree._Element], selected: bool
) -> tuple[bytes, bool]:
    root = parse(data, where)
    for cell in root.iter(q(NS_MAIN, "c")):
        _restyle(cell, "s", maps.xf)
        if cell.get("t") == "s":
            _inline(cell, strings, where)
    for row in root.iter(q(NS_MAIN, "row")):
        _restyle(row, "s", maps.xf)
    for col in root.iter(q(NS_MAIN, "col")):
        _restyle(col, "style", maps.xf)
    for rule in root.iter(q(NS_MAIN, "cfRule")):
        _restyle(rule, "dxfId", maps.dxf)
    views = list(root.iter(q(NS_MAIN, "sheetView")))
    for view in views:
        view.attrib.pop("tabSelected", None)
    if selected and views:
        views[0].set("tabSelected", "1")
    has_formula = next(root.iter(q(NS_MAIN, "f")), None) is not None
    return serialise(root), has_formula


def _adapt_bytes(data: bytes, maps: StyleMaps, selected: bool) -> bytes:
    """What the lxml path does, on the bytes of an unprefixed sheet without shared strings."""

    for pattern, kind in _STYLED:
        numbers = _Renumbered(getattr(maps, kind))
        data = pattern.sub(lambda match, numbers=numbers: match.group(1) + numbers[match.group(2)], data)
    first = True

    def select(match: re.Match) -> bytes:
        nonlocal first
        tag = _ANY_TAB_SELECTED.sub(b"", match.group(0))
        if selected and first:
            end = len(tag) - (2 if tag.endswith(b"/>") else 1)
            tag = tag[:end] + b' tabSelected="1"' + tag[end:]
        first = False
        return tag

    return _SHEET_VIEW.sub(select, data)


class _Renumbered(dict):
    """Generated style number (bytes) → host number and closing quote; unknown numbers fall to 0,
    the default style, as on the lxml path. Bytes to bytes, so a substitution is one lookup."""

    def __init__(self, mapping: dict[int, int]):
        super().__init__({str(k).encode(): str(v).encode() + b'"' for k, v in mapping.items()})

    def __missing__(self, number: bytes) -> bytes:
        return b'0"'


def _restyle(el: etree._Element, attr: str, mapping: dict[int, int]) -> None:
    value = el.get(attr)
    if value is not None and value.isdigit():
        el.set(attr, str(mapping.get(int(value), 0)))


def _inline(cell: etree._Element, strings: list[etree._Element], where: str) -> None:
    value = cell.find(q(NS_MAIN, "v"))
    index = int(value.text) if value is not None and (value.text or "").isdigit() else -1
    if not 0 <= index < len(strings):
        raise ValueError(f"{where}: cell {cell.get('r')} points at missing shared string {index}")
    inline = etree.Element(q(NS_MAIN, "is"))
    for child in strings[index]:
        inline.append(copy.deepcopy(child))
    cell.replace(value, inline)
    cell.set("t", "inlineStr")


def deselected(chunks: Iterator[bytes]) -> tuple[bool, Iterator[bytes]]:
    """(changed, the sheet's bytes without tabSelected) — reading only its head to decide.

    Every byte after the `<sheetViews>` block is passed through as it came.
    """
    head = b""
    end = None
    for chunk in chunks:
        head += chunk
        match = _HEAD_END.search(head)
        if match:
            end = match.end()
            break
        if len(head) > HEAD_LIMIT:
            return False, itertools.chain([head], chunks)
    else:
        end = len(head)
    view_part, tail = head[:end], head[end:]
    edited = _SHEET_VIEW.sub(lambda m: _TAB_SELECTED.sub(b"", m.group(0)), view_part)
    return edited != view_part, itertools.chain([edited, tail], chunks)
