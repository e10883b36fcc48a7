"""Style merge by structure: host lists stay a prefix, a second merge appends nothing."""

from __future__ import annotations

from lxml import etree

from qualixl.ooxml.styles import merge_styles
from qualixl.ooxml.xml import NS_MAIN, parse, serialise

HEAD = f'<styleSheet xmlns="{NS_MAIN}">'.encode()
LISTS = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs"]

HOST = HEAD + b"""<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/>\
<numFmt numFmtId="170" formatCode="#,##0 &quot;\xe2\x82\xac&quot;"/></numFmts>\
<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Aptos Narrow"/><family val="2"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyNumberFormat="0"/></cellStyleXfs>\
<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="170" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
<cellStyles count="2"><cellStyle name="Normal" xfId="0" builtinId="0"/>\
<cellStyle name="Lien hypertexte" xfId="1" builtinId="8"/></cellStyles>\
<dxfs count="1"><dxf><font><b/></font></dxf></dxfs><tableStyles count="0"/></styleSheet>"""

GEN = HEAD + b"""<numFmts count="2"><numFmt numFmtId="164" formatCode="0.00"/>\
<numFmt numFmtId="165" formatCode="0.0%"/></numFmts>\
<fonts count="3"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><color rgb="FF1F3864"/><name val="Calibri"/></font>\
<font><u/><sz val="11"/><color theme="10"/><name val="Calibri"/></font></fonts>\
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>\
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" applyNumberFormat="0"/></cellStyleXfs>\
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="164" fontId="1" fillId="2" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="1"/></cellXfs>\
<cellStyles count="2"><cellStyle name="Hyperlink" xfId="1" builtinId="8"/>\
<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
<dxfs count="2"><dxf><font><b/></font></dxf><dxf><fill><patternFill><bgColor rgb="FFF8CBAD"/></patternFill></fill></dxf>\
</dxfs></styleSheet>"""


def items(root, name):
    parent = root.find(f"{{{NS_MAIN}}}{name}")
    return [] if parent is None else [etree.tostring(c) for c in parent]


def test_host_lists_stay_a_prefix_and_counts_follow():
    host = parse(HOST, "host")
    before = {name: items(host, name) for name in LISTS}
    maps = merge_styles(host, parse(GEN, "gen"))
    assert maps.changed
    for name in LISTS:
        after = items(host, name)
        assert after[: len(before[name])] == before[name], name
        count = host.find(f"{{{NS_MAIN}}}{name}").get("count")
        assert count == str(len(after)), name


def test_defaults_and_identical_entries_are_reused():
    host = parse(HOST, "host")
    maps = merge_styles(host, parse(GEN, "gen"))
    assert maps.xf[0] == 0  # generated default -> host default (its font, not Calibri)
    assert maps.dxf[0] == 0  # identical dxf reused
    assert maps.dxf[1] == 1
    fonts = items(host, "fonts")
    assert len(fonts) == 3  # bold blue and underlined appended, Calibri default not
    xfs = host.find(f"{{{NS_MAIN}}}cellXfs")
    # 0.0% exists in the host as 164: reused; 0.00 gets the next free id after 170.
    assert xfs[maps.xf[2]].get("numFmtId") == "164"
    assert xfs[maps.xf[1]].get("numFmtId") == "171"


def test_named_styles_are_matched_by_builtin_id():
    host = parse(HOST, "host")
    maps = merge_styles(host, parse(GEN, "gen"))
    styles = items(host, "cellStyles")
    assert len(styles) == 2  # "Hyperlink" is the host's "Lien hypertexte" (builtinId 8)
    xf = host.find(f"{{{NS_MAIN}}}cellXfs")[maps.xf[3]]
    assert xf.get("xfId") == "1"


def test_a_second_merge_appends_nothing():
    host = parse(HOST, "host")
    merge_styles(host, parse(GEN, "gen"))
    once = serialise(host)
    again = parse(once, "host")
    maps = merge_styles(again, parse(GEN, "gen"))
    assert not maps.changed
    assert serialise(again) == once


def test_new_named_style_is_added_once():
    host = parse(HOST.replace(b'<cellStyle name="Lien hypertexte" xfId="1" builtinId="8"/>', b"")
                 .replace(b'<cellStyles count="2">', b'<cellStyles count="1">'), "host")
    maps = merge_styles(host, parse(GEN, "gen"))
    names = [c.get("name") for c in host.find(f"{{{NS_MAIN}}}cellStyles")]
    assert names == ["Normal", "Hyperlink"]
    hyperlink_xf = int(host.find(f"{{{NS_MAIN}}}cellStyles")[1].get("xfId"))
    assert host.find(f"{{{NS_MAIN}}}cellXfs")[maps.xf[3]].get("xfId") == str(hyperlink_xf)
    again = parse(serialise(host), "host")
    assert not merge_styles(again, parse(GEN, "gen")).changed


def test_missing_lists_are_created_in_schema_order():
    host = parse(HEAD + b"""<fonts count="1"><font><sz val="11"/></font></fonts><fills count="2"><fill/><fill/></fills>\
<borders count="1"><border/></borders><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>\
</cellXfs><tableStyles count="0"/></styleSheet>""", "host")
    merge_styles(host, parse(GEN, "gen"))
    order = [etree.QName(c).localname for c in host]
    assert order == ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
                     "tableStyles"]
