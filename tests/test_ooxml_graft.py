"""Grafting generated sheets into a staff workbook: nothing staff made is lost."""

from __future__ import annotations

import io
import warnings
import zipfile

import openpyxl
import pytest
import python_calamine
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from ooxml_hosts import (
    CONTROLS,
    DASHBOARD,
    LISTS_SHEET,
    MAIN_NS,
    STAFF_SHEET,
    STYLE_LISTS,
    assert_no_orphans,
    assert_staff_parts_untouched,
    build_generated,
    build_staff_host,
    contents,
    defined_names,
    generated_parts,
    png_bytes,
    rezip,
    sheets,
    style_lists,
    tab_selected,
    xml,
)

from qualixl.errors import QualixlError
from qualixl.ooxml import generated_sheet_names, graft_sheets, inspect_generated, verify_package


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("graft")
    host = build_staff_host(folder / "plan.xlsx")
    gen = build_generated(folder / "generated.xlsx")
    once = folder / "once.xlsx"
    result = graft_sheets(host, gen, once)
    return host, gen, once, result


def test_staff_parts_are_byte_identical(built):
    host, _, once, result = built
    assert_staff_parts_untouched(host, once, 2)
    assert result.deselected == [STAFF_SHEET]


def test_generated_sheets_come_first(built):
    host, _, once, result = built
    assert [n for n, _ in sheets(once)] == [DASHBOARD, CONTROLS, STAFF_SHEET, LISTS_SHEET]
    assert result.sheets == [DASHBOARD, CONTROLS]
    assert generated_sheet_names(once) == [DASHBOARD, CONTROLS]
    assert generated_sheet_names(host) == []


def test_exactly_one_selected_tab_and_it_is_the_first(built):
    _, _, once, _ = built
    assert tab_selected(once) == [DASHBOARD]
    book = xml(contents(once)["xl/workbook.xml"])
    views = list(book.iter(f"{{{MAIN_NS}}}workbookView"))
    assert views and all(v.get("activeTab", "0") == "0" for v in views)


def test_host_style_lists_are_a_prefix(built):
    host, _, once, _ = built
    before, after = style_lists(host), style_lists(once)
    for name in STYLE_LISTS:
        assert after[name][: len(before[name])] == before[name], name
    assert len(after["cellXfs"]) > len(before["cellXfs"])


def test_defined_names_point_where_they_did(built):
    host, _, once, _ = built
    assert defined_names(once) == defined_names(host)
    assert (("ZoneLocale", STAFF_SHEET, f"'{STAFF_SHEET}'!$A$1:$D$6")) in defined_names(once)


def test_hidden_sheet_stays_hidden(built):
    _, _, once, _ = built
    book = xml(contents(once)["xl/workbook.xml"])
    states = {s.get("name"): s.get("state") for s in book.iter(f"{{{MAIN_NS}}}sheet")}
    assert states[LISTS_SHEET] == "hidden" and states[DASHBOARD] is None


def test_calamine_reads_every_sheet_with_its_values(built):
    host, _, once, _ = built
    verify_package(once)
    book = python_calamine.CalamineWorkbook.from_path(str(once))
    original = python_calamine.CalamineWorkbook.from_path(str(host))
    try:
        dash = book.get_sheet_by_name(DASHBOARD).to_python()
        assert dash[0][0] == "Titre" and dash[2][1] == pytest.approx(0.2)
        assert dash[7][0] == "Indicateurs fusionnés"
        checks = book.get_sheet_by_name(CONTROLS).to_python()
        assert [row[0] for row in checks] == ["Constat", "Voir le tableau de bord", "Voir la ligne", "RNQ"]
        for name in (STAFF_SHEET, LISTS_SHEET):
            assert book.get_sheet_by_name(name).to_python() == original.get_sheet_by_name(name).to_python()
    finally:
        book.close()
        original.close()


def test_openpyxl_finds_the_generated_chart_and_links(built):
    _, _, once, _ = built
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(once)
    assert len(wb[DASHBOARD]._charts) == 1
    assert len(wb[STAFF_SHEET]._charts) == 1
    links = {c.coordinate: (c.hyperlink.location, c.hyperlink.target) for c in wb[CONTROLS]["A"] if c.hyperlink}
    assert links["A2"][0] == f"'{DASHBOARD}'!A1"
    assert links["A3"][0] == f"'{STAFF_SHEET}'!B3"
    assert links["A4"][1] == "https://www.example.org/rnq"
    assert wb.active.title == DASHBOARD


def test_generated_cells_keep_their_look(built):
    _, _, once, _ = built
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(once)
    cell = wb[DASHBOARD]["B3"]
    assert cell.number_format == "0.0%"
    assert cell.font.b and cell.font.color.rgb == "FF1F3864"
    assert cell.fill.fgColor.rgb == "FFDDEBF7"
    rules = wb[DASHBOARD].conditional_formatting
    assert any(r.dxf.fill.bgColor.rgb == "FFF8CBAD" for cf in rules for r in cf.rules)
    assert "A8:D8" in {str(r) for r in wb[DASHBOARD].merged_cells.ranges}


def test_second_graft_replaces_and_changes_nothing_else(built, tmp_path):
    host, gen, once, _ = built
    twice = tmp_path / "twice.xlsx"
    result = graft_sheets(once, gen, twice)
    assert result.replaced == [DASHBOARD, CONTROLS]
    assert result.edited_by_hand == [] and result.deselected == []
    assert "xl/styles.xml" not in result.rewritten_parts
    assert contents(twice) == contents(once)
    assert_staff_parts_untouched(host, twice, 2)


def test_previous_parts_are_all_removed(built, tmp_path):
    host, _, once, _ = built
    other = build_generated(tmp_path / "other.xlsx", names=("Synthèse", "Écarts"))
    out = tmp_path / "out.xlsx"
    result = graft_sheets(once, other, out)
    assert result.replaced == [DASHBOARD, CONTROLS]
    assert [n for n, _ in sheets(out)] == ["Synthèse", "Écarts", STAFF_SHEET, LISTS_SHEET]
    assert_no_orphans(out)
    assert_staff_parts_untouched(host, out, 2)
    app = contents(out)["docProps/app.xml"]
    assert DASHBOARD.encode() not in app and "Synthèse".encode() in app


def test_staff_sheet_named_like_a_generated_one_stops_the_graft(tmp_path):
    host = build_staff_host(tmp_path / "plan.xlsx", extra_sheets=("tableau DE BORD",))
    gen = build_generated(tmp_path / "gen.xlsx")
    out = tmp_path / "out.xlsx"
    with pytest.raises(QualixlError, match="« tableau DE BORD » que qualixl n'a pas créée"):
        graft_sheets(host, gen, out)


def test_staff_journal_survives_every_refresh(tmp_path):
    host = build_staff_host(tmp_path / "plan.xlsx", extra_sheets=("Journal",))
    gen = build_generated(tmp_path / "gen.xlsx")
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    graft_sheets(host, gen, once)
    graft_sheets(once, gen, twice)
    journal = dict(sheets(host))["Journal"]
    assert contents(twice)[journal] == contents(host)[journal]
    assert [n for n, _ in sheets(twice)] == [DASHBOARD, CONTROLS, STAFF_SHEET, LISTS_SHEET, "Journal"]


def test_staff_sheets_keep_their_place_when_ids_are_renumbered(built, tmp_path):
    """Another producer renumbered sheetIds: the mark's ids now name staff sheets."""
    _, gen, once, _ = built
    book = xml(contents(once)["xl/workbook.xml"])
    for position, sheet in enumerate(book.iter(f"{{{MAIN_NS}}}sheet"), start=1):
        sheet.set("sheetId", str(position))  # staff sheets now carry the generated sheets' old ids
    book = etree.tostring(book, xml_declaration=True, encoding="UTF-8")
    renumbered = rezip(once, tmp_path / "renumbered.xlsx", {"xl/workbook.xml": book})
    assert generated_sheet_names(renumbered) == [DASHBOARD, CONTROLS]
    out = tmp_path / "out.xlsx"
    graft_sheets(renumbered, gen, out)
    assert [n for n, _ in sheets(out)] == [DASHBOARD, CONTROLS, STAFF_SHEET, LISTS_SHEET]


def test_a_hand_edit_is_reported_before_replacing(built, tmp_path):
    _, gen, once, _ = built
    part = dict(sheets(once))[DASHBOARD]
    edited = contents(once)[part].replace(b"<v>3</v>", b"<v>333</v>", 1)
    path = rezip(once, tmp_path / "edited.xlsx", {part: edited})
    assert [i.edited_by_hand for i in inspect_generated(path)] == [True, False]
    result = graft_sheets(path, gen, tmp_path / "out.xlsx")
    assert result.edited_by_hand == [DASHBOARD]
    assert result.replaced == [DASHBOARD, CONTROLS]


def test_a_renamed_generated_sheet_is_still_recognised(built, tmp_path):
    _, gen, once, _ = built
    book = contents(once)["xl/workbook.xml"].replace(b'name="Tableau de bord"', b'name="Mon tableau"')
    path = rezip(once, tmp_path / "renamed.xlsx", {"xl/workbook.xml": book})
    result = graft_sheets(path, gen, tmp_path / "out.xlsx")
    assert result.replaced == ["Mon tableau", CONTROLS]
    assert result.edited_by_hand == ["Mon tableau"]
    assert [n for n, _ in sheets(tmp_path / "out.xlsx")] == [DASHBOARD, CONTROLS, STAFF_SHEET, LISTS_SHEET]


def test_shared_strings_become_inline_strings(tmp_path):
    host = build_staff_host(tmp_path / "plan.xlsx")
    gen = build_generated(tmp_path / "gen.xlsx", constant_memory=False)
    assert b't="s"' in contents(gen)["xl/worksheets/sheet1.xml"]
    out = tmp_path / "out.xlsx"
    graft_sheets(host, gen, out)
    for _, part in sheets(out)[:2]:
        assert b't="s"' not in contents(out)[part]
    assert contents(out)["xl/sharedStrings.xml"] == contents(host)["xl/sharedStrings.xml"]
    book = python_calamine.CalamineWorkbook.from_path(str(out))
    assert book.get_sheet_by_name(DASHBOARD).to_python()[0][0] == "Titre"
    book.close()


def test_calc_chain_naming_a_removed_sheet_is_dropped(built, tmp_path):
    _, gen, once, _ = built
    data = contents(once)
    dash_id = xml(data["xl/workbook.xml"]).find(f"{{{MAIN_NS}}}sheets")[0].get("sheetId")
    chain = f'<calcChain xmlns="{MAIN_NS}"><c r="C2" i="1"/><c r="B2" i="{dash_id}"/><c r="B3"/></calcChain>'
    types = data["[Content_Types].xml"].replace(b"</Types>", b'<Override PartName="/xl/calcChain.xml" '
                                                b'ContentType="application/vnd.openxmlformats-officedocument.'
                                                b'spreadsheetml.calcChain+xml"/></Types>')
    rels = data["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http:'
                                                      b'//schemas.openxmlformats.org/officeDocument/2006/relationsh'
                                                      b'ips/calcChain" Target="calcChain.xml"/></Relationships>')
    path = rezip(once, tmp_path / "chain.xlsx", {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels})
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/calcChain.xml", chain)
    verify_package(path)
    out = tmp_path / "out.xlsx"
    result = graft_sheets(path, gen, out)
    assert result.calc_chain_dropped
    data = contents(out)
    assert "xl/calcChain.xml" not in data
    assert b"calcChain" not in data["[Content_Types].xml"] + data["xl/_rels/workbook.xml.rels"]
    verify_package(out)


def test_generated_formulas_ask_for_a_recalculation(tmp_path):
    host = build_staff_host(tmp_path / "plan.xlsx")
    gen = tmp_path / "gen.xlsx"
    wb = xlsxwriter.Workbook(str(gen), {"constant_memory": True})
    wb.add_worksheet("Calculs").write_formula(0, 0, "=1+1", None, 2)
    wb.close()
    out = tmp_path / "out.xlsx"
    graft_sheets(host, gen, out)
    assert b'fullCalcOnLoad="1"' in contents(out)["xl/workbook.xml"]


def test_unsupported_generated_parts_are_refused(tmp_path):
    gen = tmp_path / "gen.xlsx"
    wb = xlsxwriter.Workbook(str(gen))
    wb.add_worksheet("Avec table").add_table("A1:B3")
    wb.close()
    with pytest.raises(ValueError, match="tables"):
        graft_sheets(build_staff_host(tmp_path / "plan.xlsx"), gen, tmp_path / "out.xlsx")


def test_mark_is_a_custom_property_that_survives_openpyxl_reading(built):
    _, _, once, _ = built
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        props = {p.name: p.value for p in openpyxl.load_workbook(once, read_only=True).custom_doc_props.props}
    assert set(props) == {"qualixl.feuille.1", "qualixl.feuille.2"}
    assert props["qualixl.feuille.1"].endswith("|" + DASHBOARD)
    assert all(len(v) < 255 for v in props.values())


SHEET_NAME_CHARS = st.characters(
    blacklist_characters="[]:*?/\\", blacklist_categories=("Cs", "Cc"), min_codepoint=32, max_codepoint=0x2FFF
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(
        st.text(SHEET_NAME_CHARS, min_size=1, max_size=31).filter(
            lambda n: n.strip() == n and not n.startswith("'") and not n.endswith("'")
        ),
        min_size=2, max_size=2, unique_by=str.casefold,
    ).filter(lambda ns: not {n.casefold() for n in ns} & {STAFF_SHEET.casefold(), LISTS_SHEET.casefold()})
)
def test_any_sheet_name_survives_the_graft(built, tmp_path_factory, names):
    """Quotes, ampersands, accents, '<': names are kept, charts and links still name them."""
    host = built[0]
    folder = tmp_path_factory.mktemp("names")
    gen = build_generated(folder / "gen.xlsx", names=tuple(names))
    once, twice = folder / "once.xlsx", folder / "twice.xlsx"
    graft_sheets(host, gen, once)
    graft_sheets(once, gen, twice)
    assert [n for n, _ in sheets(twice)] == [*names, STAFF_SHEET, LISTS_SHEET]
    assert generated_sheet_names(twice) == names
    verify_package(twice)
    book = python_calamine.CalamineWorkbook.from_path(str(twice))
    try:
        assert book.get_sheet_by_name(names[0]).to_python()[0][0] == "Titre"
    finally:
        book.close()


def test_staff_extensions_are_still_there(built):
    host, _, once, _ = built
    staff = contents(once)[dict(sheets(once))[STAFF_SHEET]]
    for marker in (b"x14:sparklineGroups", b"x14:dataBar", b"<dataValidation ", b"<tableParts", b"<legacyDrawing"):
        assert marker in staff, marker


def test_generated_images_and_local_names_travel_and_leave(tmp_path):
    host = build_staff_host(tmp_path / "plan.xlsx")
    gen = tmp_path / "gen.xlsx"
    wb = xlsxwriter.Workbook(str(gen), {"constant_memory": True})
    ws = wb.add_worksheet("Logo")
    ws.write_string(0, 0, "Organisme")
    ws.insert_image("B2", "logo.png", {"image_data": io.BytesIO(png_bytes(8, 8, (0, 90, 160)))})
    ws.print_area("A1:D10")
    ws.autofilter("A1:A5")
    wb.close()
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    graft_sheets(host, gen, once)
    graft_sheets(once, gen, twice)
    for path in (once, twice):
        verify_package(path)
        assert_no_orphans(path)
        media = [n for n in generated_parts(path, 1) if n.startswith("xl/media/")]
        assert len(media) == 1 and contents(path)[media[0]] == png_bytes(8, 8, (0, 90, 160))
        assert media[0] != "xl/media/image1.png"  # the staff's image keeps its name and bytes
        local = sorted((n, s) for n, s, _ in defined_names(path) if s == "Logo")
        assert local == [("_xlnm.Print_Area", "Logo"), ("_xlnm._FilterDatabase", "Logo")]
    assert_staff_parts_untouched(host, twice, 1)  # (openpyxl drops images without Pillow: no check there)
