"""Every XML part qualixl writes validates against the ECMA-376 transitional schemas.

Excel repairs (« nous avons trouvé un problème dans le contenu ») a part that LibreOffice
opens without a word; the schemas are the grammar Excel enforces. Parts a host already
had and qualixl copies are the host's, not judged here.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from demo_workbook import TODAY, refreshed_demo
from ooxml_hosts import EXCEL_MADE_FILES, build_staff_host, contents, excel_made
from ooxml_schema import assert_valid, package_errors, validation_errors

from qualixl import refresh
from qualixl.ooxml import graft_sheets
from qualixl.render import render_workbook
from qualixl.template import TEMPLATE_PATH

SHEET = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
         b'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
         b'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" mc:Ignorable="x14ac">'
         b'%s<sheetData><row r="1" x14ac:dyDescent="0.25"/></sheetData></worksheet>')


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return refreshed_demo(tmp_path_factory.mktemp("schemas"))


@pytest.fixture(scope="module")
def generated(demo, tmp_path_factory) -> Path:
    """The generated sheets of the demo alone, as the refresh renders them before the graft."""
    path = tmp_path_factory.mktemp("generated") / "generated.xlsx"
    render_workbook(path, refresh(demo, as_of=TODAY, dry_run=True).context)
    return path


def changed_parts(host: Path, out: Path):
    """Parts of `out` that qualixl wrote: new ones, and those whose bytes differ from the host's."""
    before = contents(host)
    with zipfile.ZipFile(out) as package:
        after = {n: package.read(n) for n in package.namelist()}
    return lambda name: before.get(name) != after[name]


def test_the_helper_finds_misplaced_elements_and_bad_values(demo):
    assert validation_errors("sheet.xml", SHEET % b"") == []
    misplaced = validation_errors("sheet.xml", SHEET % b"<foo/>")
    assert misplaced and "not expected" in misplaced[0]
    with zipfile.ZipFile(demo) as package:
        chart = package.read("xl/charts/chart1.xml")
    assert b'<c:dispBlanksAs val="gap"/>' in chart
    broken = chart.replace(b'<c:dispBlanksAs val="gap"/>', b'<c:dispBlanksAs val="holes"/>')
    assert "enumeration" in validation_errors("chart.xml", broken)[0]


def test_markup_compatibility_is_processed_before_validating():
    alternate = (b'<mc:AlternateContent><mc:Choice Requires="x14ac"><x14ac:foo/></mc:Choice>'
                 b'<mc:Fallback><dimension ref="A1"/></mc:Fallback></mc:AlternateContent>')
    assert validation_errors("sheet.xml", SHEET % alternate) == []
    assert validation_errors("sheet.xml", SHEET % alternate.replace(b"dimension", b"nonsense"))


def test_the_shipped_template_validates():
    assert_valid(TEMPLATE_PATH)


def test_every_part_of_the_refreshed_demo_validates(demo):
    assert package_errors(demo) == []
    with zipfile.ZipFile(demo) as package:
        names = package.namelist()
    assert sum(n.startswith("xl/charts/chart") for n in names) == 10  # the charts were checked too


def test_parts_written_into_a_staff_host_validate(tmp_path, generated):
    host = build_staff_host(tmp_path / "host.xlsx")
    out = tmp_path / "out.xlsx"
    graft_sheets(host, generated, out)
    assert_valid(out, changed_parts(host, out))


@pytest.mark.parametrize("name", EXCEL_MADE_FILES)
def test_parts_written_into_an_excel_made_workbook_validate(name, tmp_path, generated):
    host = excel_made(name)
    out = tmp_path / f"out{host.suffix}"
    graft_sheets(host, generated, out)
    assert_valid(out, changed_parts(host, out))
