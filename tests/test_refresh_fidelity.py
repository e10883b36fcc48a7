"""Promise 1 on a qualixl workbook as staff really keep it: refresh loses nothing they made.

The host is a valid plan d'amélioration in which staff added what Excel users add:
sparklines and 2010 data bars (x14 extensions), a table, comments, an image, a chart of
their own, global and sheet-local defined names, a hidden sheet, hyperlinks, a drop-down
fed from another sheet, a custom number format and a column inserted in the middle of
Appréciations. After refresh, every part qualixl does not own is byte-identical, the
host's style lists are prefixes of the new ones, and every defined name still points at
the sheet it pointed at. The same holds once LibreOffice has re-saved the host.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from lxml import etree
from ooxml_hosts import png_bytes
from test_refresh import PACKAGE_WIDE, generated_parts, parts
from workbooks import add_column, minimal_rows, write_cell

from qualixl import check, refresh, schema
from qualixl.render.context import GENERATED_SHEETS

AS_OF = dt.date(2026, 6, 30)
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
STAFF_COLUMN = "Commentaire interne"


def build_staff_workbook(path: Path) -> Path:
    sheets = minimal_rows()
    # A column staff inserted between Date and Session, which qualixl must simply ignore.
    add_column(sheets, schema.APPRECIATIONS, STAFF_COLUMN, ["à rappeler"])
    header = sheets[schema.APPRECIATIONS][0]
    moved = header.index(STAFF_COLUMN)
    for row in sheets[schema.APPRECIATIONS]:
        row.insert(2, row.pop(moved))
    book = xlsxwriter.Workbook(str(path))
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    datetime_format = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    euros = book.add_format({"num_format": '# ##0,00 "€"'})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                write_cell(sheet, r, c, value, date_format, datetime_format)
        if name == schema.APPRECIATIONS:
            columns = [{"header": str(h)} for h in rows[0]]
            sheet.add_table(0, 0, len(rows) - 1, len(columns) - 1, {"columns": columns, "name": "Reponses"})
            sheet.write_comment("A2", "Réponse saisie depuis le papier")
            sheet.data_validation("C2:C50", {"validate": "list", "source": "=Listes!$A$1:$A$3"})
    staff = book.add_worksheet("Suivi interne")
    staff.write_row(0, 0, ["Mois", "Budget", "Heures"])
    for r in range(1, 6):
        staff.write_string(r, 0, f"2026-0{r}")
        staff.write_number(r, 1, 1000 * r, euros)
        staff.write_number(r, 2, 10 * r)
    staff.conditional_format("C2:C6", {"type": "data_bar", "data_bar_2010": True})
    staff.add_sparkline("D2", {"range": "'Suivi interne'!B2:C2"})
    staff.write_url("E1", "https://www.example.org/qualiopi", string="Référentiel")
    staff.write_url("E2", "internal:'Plan d''amélioration'!A1", string="Voir le plan")
    staff.insert_image("G2", "logo.png", {"image_data": io.BytesIO(png_bytes())})
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": "='Suivi interne'!$B$2:$B$6", "categories": "='Suivi interne'!$A$2:$A$6"})
    staff.insert_chart("G8", chart)
    lists = book.add_worksheet("Listes")
    for r, value in enumerate(("Bénéficiaire", "Financeur", "Entreprise")):
        lists.write_string(r, 0, value)
    lists.hide()
    book.define_name("Budget", "='Suivi interne'!$B$2:$B$6")
    book.define_name("'Suivi interne'!Heures", "='Suivi interne'!$C$2:$C$6")
    book.define_name("Listes!Choix", "=Listes!$A$1:$A$3")
    book.close()
    return path


def defined_names(path: Path) -> dict[tuple[str, str | None], str]:
    """(name, sheet it is local to or None) → formula, resolving localSheetId to a sheet name."""
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("xl/workbook.xml"))
    sheets = [s.get("name") for s in root.iter(f"{MAIN}sheet")]
    out = {}
    for name in root.iter(f"{MAIN}definedName"):
        local = name.get("localSheetId")
        out[(name.get("name"), sheets[int(local)] if local is not None else None)] = name.text
    return out


def style_lists(xml: bytes) -> dict[str, list[bytes]]:
    root = etree.fromstring(xml)
    return {
        tag: [etree.tostring(child) for child in block]
        for tag in ("numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs")
        if (block := root.find(f"{MAIN}{tag}")) is not None
    }


def assert_nothing_staff_made_is_lost(before: Path, after: Path) -> None:
    old, new = parts(before), parts(after)
    owned = generated_parts(after) | PACKAGE_WIDE
    for name, data in old.items():
        if name in owned:
            continue
        assert name in new, f"{name} disappeared"
        if new[name] != data:
            # The only edit allowed in a staff part: the selected-tab flag moves to the dashboard.
            assert re.sub(rb' tabSelected="(1|true)"', b"", data) == new[name], name
    old_styles, new_styles = style_lists(old["xl/styles.xml"]), style_lists(new["xl/styles.xml"])
    for tag, entries in old_styles.items():
        assert new_styles[tag][: len(entries)] == entries, tag
    # Names local to the generated sheets (their print areas and titles) aside, every name is intact.
    kept = {key: formula for key, formula in defined_names(after).items() if key[1] not in GENERATED_SHEETS}
    assert kept == defined_names(before)


def test_refresh_keeps_everything_staff_added(tmp_path):
    host = build_staff_workbook(tmp_path / "host.xlsx")
    assert [f for f in check(host, AS_OF) if f.severity == schema.ERROR] == []
    result = refresh(host, as_of=AS_OF, output=tmp_path / "plan.xlsx")
    out = result.path
    assert_nothing_staff_made_is_lost(host, out)
    content = parts(out)
    staff_xml = next(
        data for name, data in content.items()
        if name.startswith("xl/worksheets/sheet") and b"x14:sparklineGroups" in data
    )
    assert b"x14:dataBar" in staff_xml
    book = etree.fromstring(content["xl/workbook.xml"])
    sheets = [(s.get("name"), s.get("state")) for s in book.iter(f"{MAIN}sheet")]
    assert [n for n, _ in sheets[: len(GENERATED_SHEETS)]] == list(GENERATED_SHEETS)
    assert ("Listes", "hidden") in sheets
    # The inserted staff column did not move any finding: the data still reads cleanly.
    assert [f for f in result.findings if f.severity == schema.ERROR] == []


def test_second_refresh_changes_nothing_but_the_journal(tmp_path):
    host = build_staff_workbook(tmp_path / "plan.xlsx")
    refresh(host, as_of=AS_OF, backup=False)
    first = parts(host)
    refresh(host, as_of=AS_OF, backup=False)
    second = parts(host)
    assert first["xl/styles.xml"] == second["xl/styles.xml"]
    changed = {name for name in first if first[name] != second.get(name)}
    # Only the Journal's worksheet (one more row) and the mark that fingerprints it.
    assert len(changed - {"docProps/custom.xml"}) == 1


@pytest.mark.libreoffice
def test_same_promise_after_libreoffice_resaved_the_host(tmp_path, libreoffice):
    host = build_staff_workbook(tmp_path / "host.xlsx")
    resaved = libreoffice(host, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    before = tmp_path / "before.xlsx"
    before.write_bytes(resaved.read_bytes())
    result = refresh(before, as_of=AS_OF, output=tmp_path / "after.xlsx")
    assert_nothing_staff_made_is_lost(before, result.path)
    pdf = libreoffice(result.path, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
