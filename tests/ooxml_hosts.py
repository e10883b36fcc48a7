"""Workbooks for the package-layer tests, built by code (no binary fixtures).

`build_staff_host` writes what staff add to a workbook in Excel: a table, comments, an
image, a chart, sparklines and 2010 data bars (x14 extensions), a list validation that
points at a hidden sheet, hyperlinks, global and sheet-local names, custom number
formats and conditional formats. `build_generated` writes what the rendering layer
hands to the graft: XlsxWriter sheets with a chart, links, merges and formats.
Helpers below read packages independently of qualixl.ooxml, so the tests do not check
the code with itself.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import xlsxwriter
from lxml import etree

STAFF_SHEET = "Appréciations"
LISTS_SHEET = "Listes"
DASHBOARD = "Tableau de bord"
CONTROLS = "Contrôles d'écart"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

def _excel_made() -> Path | None:
    """../shared/excel-made (files saved by Excel itself), or QUALIXL_EXCEL_MADE."""
    candidates = [os.environ.get("QUALIXL_EXCEL_MADE", ""), Path(__file__).resolve().parents[2] / "shared" / "excel-made",
                  "/work/shared/excel-made"]
    return next((Path(c) for c in candidates if c and Path(c).is_dir()), None)


EXCEL_MADE = _excel_made()
EXCEL_MADE_FILES = sorted(p.name for p in EXCEL_MADE.glob("*.xls*")) if EXCEL_MADE else []


def excel_made(name: str) -> Path:
    """A workbook saved by Excel; skip without the folder, fail in CI where a skip would hide it."""
    if EXCEL_MADE is None or not (EXCEL_MADE / name).is_file():
        import pytest

        message = f"{name} introuvable (dossier shared/excel-made, ou QUALIXL_EXCEL_MADE)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return EXCEL_MADE / name


STYLE_LISTS = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs"]
# Parts that list sheets or styles: the graft owns them (DESIGN.md, promise 1).
PACKAGE_WIDE = {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                "xl/styles.xml", "docProps/app.xml", "docProps/custom.xml", "xl/calcChain.xml"}


def png_bytes(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid RGB PNG, written with zlib and struct."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def build_staff_host(path: Path, extra_sheets: tuple[str, ...] = ()) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    money = wb.add_format({"num_format": '# ##0,00 "€"'})
    red = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    ws = wb.add_worksheet(STAFF_SHEET)
    lists = wb.add_worksheet(LISTS_SHEET)
    for name in extra_sheets:
        wb.add_worksheet(name).write_string(0, 0, f"feuille {name} de l'équipe")
    for i, value in enumerate(["Satisfait", "Neutre", "Insatisfait"]):
        lists.write_string(i, 0, value)
    lists.hide()
    ws.add_table("A1:D6", {"name": "TabAppreciations", "columns": [
        {"header": "ID"}, {"header": "Note"}, {"header": "Coût", "format": money}, {"header": "Avis"}]})
    for r in range(1, 6):
        ws.write_string(r, 0, f"APP-{r:03d}")
        ws.write_number(r, 1, r)
        ws.write_number(r, 2, r * 120.5, money)
        ws.write_string(r, 3, "Neutre")
    ws.data_validation("D2:D6", {"validate": "list", "source": f"={LISTS_SHEET}!$A$1:$A$3"})
    ws.conditional_format("B2:B6", {"type": "cell", "criteria": "<", "value": 3, "format": red})
    ws.conditional_format("C2:C6", {"type": "data_bar", "data_bar_2010": True})
    ws.add_sparkline("F2", {"range": f"'{STAFF_SHEET}'!B2:C2"})
    ws.write_comment("A2", "Relancer le stagiaire")
    ws.write_url("H1", "https://www.example.org/qualiopi", string="Référentiel")
    ws.write_url("H2", f"internal:{LISTS_SHEET}!A1", string="Listes")
    ws.insert_image("J2", "pixel.png", {"image_data": io.BytesIO(png_bytes())})
    chart = wb.add_chart({"type": "line"})
    chart.add_series({"values": f"='{STAFF_SHEET}'!$B$2:$B$6"})
    ws.insert_chart("J8", chart)
    wb.define_name("TauxCible", "=0.85")
    wb.define_name("Notes", f"='{STAFF_SHEET}'!$B$2:$B$6")
    wb.define_name(f"'{STAFF_SHEET}'!ZoneLocale", f"='{STAFF_SHEET}'!$A$1:$D$6")
    wb.define_name(f"{LISTS_SHEET}!Choix", f"={LISTS_SHEET}!$A$1:$A$3")
    ws.activate()
    wb.close()
    return path


def build_generated(path: Path, *, names: tuple[str, str] = (DASHBOARD, CONTROLS), title: str = "Titre",
                    constant_memory: bool = True) -> Path:
    """Two generated sheets: a dashboard with a chart, and checks with links."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    head = wb.add_format({"bold": True, "font_color": "#1F3864", "bg_color": "#DDEBF7", "num_format": "0.0%"})
    alert = wb.add_format({"bg_color": "#F8CBAD", "font_color": "#833C0B"})
    dash, checks = names
    ws = wb.add_worksheet(dash)
    ws.write_string(0, 0, title, head)
    for r in range(1, 6):
        ws.write_number(r, 0, r)
        ws.write_number(r, 1, r / 10, head)
    ws.merge_range(7, 0, 7, 3, "Indicateurs fusionnés", head)
    ws.conditional_format("B2:B6", {"type": "cell", "criteria": ">", "value": 0.3, "format": alert})
    chart = wb.add_chart({"type": "column"})
    quoted = dash.replace("'", "''")
    chart.add_series({"name": "Taux", "values": f"='{quoted}'!$B$2:$B$6"})
    ws.insert_chart("D2", chart)
    ws2 = wb.add_worksheet(checks)
    ws2.write_string(0, 0, "Constat")
    ws2.write_url(1, 0, f"internal:'{quoted}'!A1", string="Voir le tableau de bord")
    ws2.write_url(2, 0, f"internal:'{STAFF_SHEET}'!B3", string="Voir la ligne")
    ws2.write_url(3, 0, "https://www.example.org/rnq", string="RNQ")
    wb.close()
    return path


def entries(path: Path) -> dict[str, zipfile.ZipInfo]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: i for i in z.infolist()}


def contents(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def raw_bytes(path: Path, name: str) -> bytes:
    """An entry's compressed bytes, read from its local header without zipfile's help."""
    info = entries(path)[name]
    with open(path, "rb") as f:
        f.seek(info.header_offset)
        header = f.read(30)
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        f.seek(name_len + extra_len, 1)
        return f.read(info.compress_size)


def xml(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def sheets(path: Path) -> list[tuple[str, str]]:
    """(name, part) of every sheet, in workbook order."""
    parts = contents(path)
    rels = {r.get("Id"): r.get("Target") for r in xml(parts["xl/_rels/workbook.xml.rels"])}
    book = xml(parts["xl/workbook.xml"])
    return [(s.get("name"), posixpath.normpath(posixpath.join("xl", rels[s.get(f"{{{R_NS}}}id")])))
            for s in book.iter(f"{{{MAIN_NS}}}sheet")]


def reachable(path: Path, starts: list[str]) -> set[str]:
    """Parts reachable from `starts` through relationships, with their .rels parts."""
    parts = contents(path)
    seen: set[str] = set()
    todo = list(starts)
    while todo:
        part = todo.pop()
        if part in seen or (part and part not in parts):
            continue
        seen.add(part)
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if rels in parts:
            seen.add(rels)
            for r in xml(parts[rels]):
                if r.get("TargetMode") != "External":
                    todo.append(posixpath.normpath(posixpath.join(folder, r.get("Target"))))
    return seen


def generated_parts(path: Path, count: int) -> set[str]:
    """The parts hanging from the first `count` sheets (where the graft puts its sheets)."""
    return reachable(path, [part for _, part in sheets(path)[:count]])


TAB_SELECTED = re.compile(rb"""\s+tabSelected=["'](?:1|true)["']""")


def without_tab_selected(data: bytes) -> bytes:
    return TAB_SELECTED.sub(b"", data)


def rezip(src: Path, dst: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info)))
    return dst


def assert_staff_parts_untouched(host: Path, out: Path, generated_count: int) -> None:
    """Every host part the graft does not own comes out byte for byte, still compressed as it was."""
    before, after = entries(host), entries(out)
    owned = PACKAGE_WIDE | generated_parts(host, 0)
    selected = {part for _, part in sheets(host) if TAB_SELECTED.search(contents(host)[part])}
    for name, info in before.items():
        if name in owned:
            continue
        assert name in after, f"{name} disappeared"
        if name in selected:
            assert contents(out)[name] == without_tab_selected(contents(host)[name])
            continue
        assert (after[name].CRC, after[name].compress_size) == (info.CRC, info.compress_size), name
        assert raw_bytes(out, name) == raw_bytes(host, name), name
    new = set(after) - set(before)
    assert new <= PACKAGE_WIDE | generated_parts(out, generated_count), new - PACKAGE_WIDE


def defined_names(path: Path) -> set[tuple[str, str | None, str]]:
    """(name, the NAME of its sheet when local, formula) for every defined name."""
    book = xml(contents(path)["xl/workbook.xml"])
    names = [s.get("name") for s in book.iter(f"{{{MAIN_NS}}}sheet")]
    result = set()
    for el in book.iter(f"{{{MAIN_NS}}}definedName"):
        local = el.get("localSheetId")
        result.add((el.get("name"), names[int(local)] if local is not None else None, el.text))
    return result


def style_lists(path: Path) -> dict[str, list[bytes]]:
    root = xml(contents(path)["xl/styles.xml"])
    out = {}
    for name in STYLE_LISTS:
        parent = root.find(f"{{{MAIN_NS}}}{name}")
        out[name] = [] if parent is None else [etree.tostring(c) for c in parent]
    return out


def tab_selected(path: Path) -> list[str]:
    data = contents(path)
    return [name for name, part in sheets(path) if TAB_SELECTED.search(data[part])]


def assert_no_orphans(path: Path) -> None:
    data = contents(path)
    used = reachable(path, [""]) | {"[Content_Types].xml", "_rels/.rels"}
    roots = {p for p in data if not p.endswith(".rels")}
    assert roots - used == set(), "parts nothing refers to"
    types = xml(data["[Content_Types].xml"])
    for override in types:
        name = override.get("PartName")
        if name:
            assert name.lstrip("/") in data, f"dangling override {name}"


def first_page_gray(pdf: Path, folder: Path) -> tuple[int, int, bytes]:
    """Render page 1 of `pdf` with pdftoppm as an 8-bit PGM: (width, height, pixels)."""
    if shutil.which("pdftoppm") is None:
        import pytest

        pytest.skip("pdftoppm (poppler-utils) est introuvable")
    prefix = folder / "page"
    subprocess.run(["pdftoppm", "-gray", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(prefix)],
                   check=True, timeout=120, capture_output=True)
    data = (folder / "page.pgm").read_bytes()
    fields = data.split(maxsplit=4)  # magic, width, height, maxval, pixels
    assert fields[0] == b"P5" and fields[3] == b"255"
    width, height = int(fields[1]), int(fields[2])
    return width, height, fields[4][: width * height]


CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
HYPERLINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
CONNECTIONS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/connections"
STRAY_PART = "[trash]/0000.dat"
FLAWS = ("rels_as_overrides", "drawing_link", "dangling", "stray")


def with_host_flaws(src: Path, dst: Path, flaws: tuple[str, ...] = FLAWS) -> Path:
    """`src` re-zipped with the shapes some producers write and Excel tolerates.

    rels_as_overrides: no `Default Extension="rels"`, each .rels part an Override;
    drawing_link: a drawing's internal hyperlink `#Feuil1!A1` without TargetMode;
    dangling: a workbook relationship to an absent xl/connections.xml;
    stray: an unknown part `[trash]/0000.dat` without a content type.
    """
    data = contents(src)
    replace: dict[str, bytes] = {}
    extra: dict[str, bytes] = {}
    if "rels_as_overrides" in flaws:
        types = xml(data["[Content_Types].xml"])
        for el in list(types):
            if el.tag == f"{{{CT_NS}}}Default" and el.get("Extension", "").lower() == "rels":
                types.remove(el)
        for name in sorted(n for n in data if n.endswith(".rels")):
            override = etree.SubElement(types, f"{{{CT_NS}}}Override")
            override.set("PartName", "/" + name)
            override.set("ContentType", RELS_TYPE)
        replace["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    if "drawing_link" in flaws:
        drawing_rels = next(n for n in sorted(data) if re.fullmatch(r"xl/drawings/_rels/drawing\d+\.xml\.rels", n))
        root = xml(replace.get(drawing_rels, data[drawing_rels]))
        link = etree.SubElement(root, f"{{{RELS_NS}}}Relationship")
        link.set("Id", "rId99")
        link.set("Type", HYPERLINK_REL)
        link.set("Target", "#Feuil1!A1")
        replace[drawing_rels] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if "dangling" in flaws:
        name = "xl/_rels/workbook.xml.rels"
        root = xml(data[name])
        rel = etree.SubElement(root, f"{{{RELS_NS}}}Relationship")
        rel.set("Id", "rId98")
        rel.set("Type", CONNECTIONS_REL)
        rel.set("Target", "connections.xml")
        replace[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if "stray" in flaws:
        extra[STRAY_PART] = b"\x00" * 64
    rezip(src, dst, replace)
    if extra:
        with zipfile.ZipFile(dst, "a", zipfile.ZIP_DEFLATED) as z:
            for name, blob in extra.items():
                z.writestr(name, blob)
    return dst


def host_flaws_present(path: Path, flaws: tuple[str, ...] = FLAWS) -> dict[str, bool]:
    """Whether each flaw of `with_host_flaws` is still in `path`, read without qualixl."""
    data = contents(path)
    types = xml(data["[Content_Types].xml"])
    found = {}
    if "rels_as_overrides" in flaws:
        defaults = {el.get("Extension", "").lower() for el in types if el.tag == f"{{{CT_NS}}}Default"}
        overrides = {el.get("PartName", "").lstrip("/") for el in types if el.tag == f"{{{CT_NS}}}Override"}
        found["rels_as_overrides"] = "rels" not in defaults and all(
            n in overrides for n in data if n.endswith(".rels"))
    if "drawing_link" in flaws:
        found["drawing_link"] = any(
            r.get("Target") == "#Feuil1!A1" and r.get("TargetMode") is None
            for n in data if re.fullmatch(r"xl/drawings/_rels/drawing\d+\.xml\.rels", n) for r in xml(data[n]))
    if "dangling" in flaws:
        found["dangling"] = any(r.get("Target") == "connections.xml" for r in xml(data["xl/_rels/workbook.xml.rels"])) \
            and "xl/connections.xml" not in data
    if "stray" in flaws:
        found["stray"] = data.get(STRAY_PART) == b"\x00" * 64
    return found
