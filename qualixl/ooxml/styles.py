"""Merge the generated workbook's styles into the host's styles.xml, by structure.

Staff cells point at the host's lists by position (`s="12"`, `dxfId="3"`), so every
host list stays a prefix of the result: generated entries are appended after the
host's, and an entry equal in structure (tag, attributes, children, after its own ids
are remapped) to one already there is reused. A second graft of the same content finds
everything it needs and appends nothing, so styles.xml does not grow refresh after
refresh. The generated workbook's defaults (font 0, fills 0-1, border 0, xf 0) stand for
the host's defaults, so unformatted generated cells look like the rest of the workbook.
Named cell styles (Hyperlink…) are matched by builtinId, then by name.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml import etree

from qualixl.ooxml.xml import NS_MAIN, local_name, q

_ORDER = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
          "tableStyles", "colors", "extLst"]
_ITEM = {"numFmts": "numFmt", "fonts": "font", "fills": "fill", "borders": "border", "cellStyleXfs": "xf",
         "cellXfs": "xf", "cellStyles": "cellStyle", "dxfs": "dxf"}
FIRST_CUSTOM_NUMFMT = 164


@dataclass
class StyleMaps:
    """Generated index -> host index, for cell formats (`s`) and differential formats (`dxfId`)."""

    xf: dict[int, int] = field(default_factory=dict)
    dxf: dict[int, int] = field(default_factory=dict)
    changed: bool = False


def key(el: etree._Element) -> tuple:
    """The structure of an element: what 'the same style' means."""
    children = tuple(key(child) for child in el if isinstance(child.tag, str))
    return el.tag, tuple(sorted(el.attrib.items())), (el.text or "").strip(), children


def _items(parent: etree._Element | None, name: str) -> list[etree._Element]:
    return [] if parent is None else [c for c in parent if c.tag == q(NS_MAIN, _ITEM[name])]


def _list(root: etree._Element, name: str, create: bool) -> etree._Element | None:
    found = root.find(q(NS_MAIN, name))
    if found is not None or not create:
        return found
    el = etree.Element(q(NS_MAIN, name))
    later = _ORDER[_ORDER.index(name) + 1:]
    for i, child in enumerate(root):
        if local_name(child.tag) in later:
            root.insert(i, el)
            return el
    root.append(el)
    return el


class _Merger:
    def __init__(self, host: etree._Element, gen: etree._Element):
        self.host, self.gen, self.changed = host, gen, False

    def merge_list(self, name: str, transform=None, fixed: dict[int, int] | None = None) -> dict[int, int]:
        gen_items = _items(self.gen.find(q(NS_MAIN, name)), name)
        if not gen_items:
            return {}
        parent = _list(self.host, name, create=True)
        known: dict[tuple, int] = {}
        for i, el in enumerate(_items(parent, name)):
            known.setdefault(key(el), i)
        count = len(_items(parent, name))
        mapping = {}
        for gi, gel in enumerate(gen_items):
            if fixed and gi in fixed:
                mapping[gi] = fixed[gi]
                continue
            new = copy.deepcopy(gel)
            if transform:
                transform(new)
            k = key(new)
            if k not in known:
                parent.append(new)
                known[k] = count
                count += 1
                self.changed = True
                parent.set("count", str(count))
            mapping[gi] = known[k]
        return mapping

    def num_fmts(self) -> dict[int, int]:
        gen_fmts = _items(self.gen.find(q(NS_MAIN, "numFmts")), "numFmts")
        host_parent = self.host.find(q(NS_MAIN, "numFmts"))
        by_code = {el.get("formatCode"): int(el.get("numFmtId", "0")) for el in _items(host_parent, "numFmts")}
        next_id = max([FIRST_CUSTOM_NUMFMT - 1, *by_code.values()]) + 1
        mapping = {}
        for el in gen_fmts:
            code, gid = el.get("formatCode"), int(el.get("numFmtId", "0"))
            if code not in by_code:
                parent = _list(self.host, "numFmts", create=True)
                new = etree.SubElement(parent, q(NS_MAIN, "numFmt"))
                new.set("numFmtId", str(next_id))
                new.set("formatCode", code)
                parent.set("count", str(len(_items(parent, "numFmts"))))
                by_code[code], next_id = next_id, next_id + 1
                self.changed = True
            mapping[gid] = by_code[code]
        return mapping

    def named_styles(self) -> dict[int, int]:
        """Generated cellStyleXfs that name a style the host already has -> the host's xf."""
        host_styles = _items(self.host.find(q(NS_MAIN, "cellStyles")), "cellStyles")
        fixed = {}
        for style in _items(self.gen.find(q(NS_MAIN, "cellStyles")), "cellStyles"):
            match = _same_style(style, host_styles)
            if match is not None:
                fixed[int(style.get("xfId", "0"))] = int(match.get("xfId", "0"))
        return fixed

    def add_cell_styles(self, xf_map: dict[int, int], host_xf_count: int) -> None:
        parent = None
        for style in _items(self.gen.find(q(NS_MAIN, "cellStyles")), "cellStyles"):
            mapped = xf_map.get(int(style.get("xfId", "0")), 0)
            host_styles = _items(self.host.find(q(NS_MAIN, "cellStyles")), "cellStyles")
            if mapped < host_xf_count or _same_style(style, host_styles) is not None:
                continue
            parent = _list(self.host, "cellStyles", create=True)
            new = copy.deepcopy(style)
            new.set("xfId", str(mapped))
            parent.append(new)
            parent.set("count", str(len(_items(parent, "cellStyles"))))
            self.changed = True


def _same_style(style: etree._Element, host_styles: list[etree._Element]) -> etree._Element | None:
    builtin = style.get("builtinId")
    for host in host_styles:
        if builtin is not None and host.get("builtinId") == builtin and host.get("customBuiltin") is None:
            return host
    name = (style.get("name") or "").casefold()
    return next((h for h in host_styles if (h.get("name") or "").casefold() == name), None)


def _remap(attrs: dict[str, dict[int, int]]):
    def transform(el: etree._Element) -> None:
        for attr, mapping in attrs.items():
            value = el.get(attr)
            if value is not None and int(value) in mapping:
                el.set(attr, str(mapping[int(value)]))
    return transform


def _defaults(host: etree._Element, name: str, count: int) -> dict[int, int]:
    present = len(_items(host.find(q(NS_MAIN, name)), name))
    return {i: i for i in range(min(count, present))}


def merge_styles(host: etree._Element, gen: etree._Element) -> StyleMaps:
    """Append to `host` (in place) what `gen` needs; return the index maps."""
    m = _Merger(host, gen)
    num_fmt = m.num_fmts()
    fonts = m.merge_list("fonts", fixed=_defaults(host, "fonts", 1))
    fills = m.merge_list("fills", fixed=_defaults(host, "fills", 2))
    borders = m.merge_list("borders", fixed=_defaults(host, "borders", 1))
    ids = {"numFmtId": num_fmt, "fontId": fonts, "fillId": fills, "borderId": borders}
    host_style_xfs = len(_items(host.find(q(NS_MAIN, "cellStyleXfs")), "cellStyleXfs"))
    style_fixed = {**_defaults(host, "cellStyleXfs", 1), **m.named_styles()}
    style_xfs = m.merge_list("cellStyleXfs", _remap(ids), style_fixed)
    m.add_cell_styles(style_xfs, host_style_xfs)
    xfs = m.merge_list("cellXfs", _remap({**ids, "xfId": style_xfs}), _defaults(host, "cellXfs", 1))
    dxfs = m.merge_list("dxfs")
    return StyleMaps(xf=xfs, dxf=dxfs, changed=m.changed)
