"""verify_package: what it catches, with a full read and with a read limited to written sheets."""

from __future__ import annotations

import zipfile

import pytest
import xlsxwriter

from qualixl.errors import QualixlError
from qualixl.ooxml import verify_package


def two_sheets(path):
    # constant_memory: strings inline in the sheet parts, no shared-string table.
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    book.add_worksheet("Saisie").write_string(0, 0, "staff")
    book.add_worksheet("Généré").write_string(0, 0, "qualixl")
    book.close()
    return path


def rewrite(path, part, transform, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", compression) as target:
        for info, data in items:
            target.writestr(info.filename, transform(data) if info.filename == part else data)


def test_sound_package_passes_both_ways(tmp_path):
    path = two_sheets(tmp_path / "ok.xlsx")
    verify_package(path)
    verify_package(path, read_sheets=("Généré",))


def test_unparsable_written_sheet_is_caught(tmp_path):
    path = two_sheets(tmp_path / "bad.xlsx")
    rewrite(path, "xl/worksheets/sheet2.xml", lambda data: data.replace(b"</sheetData>", b"<row><c"))
    with pytest.raises(QualixlError, match="Généré"):
        verify_package(path, read_sheets=("Généré",))


def test_corrupted_copy_is_caught_by_its_crc_even_when_not_parsed(tmp_path):
    path = two_sheets(tmp_path / "crc.xlsx")
    rewrite(path, "xl/worksheets/sheet1.xml", lambda data: data, compression=zipfile.ZIP_STORED)
    raw = bytearray(path.read_bytes())
    position = raw.index(b"staff")
    raw[position] = ord("S")
    path.write_bytes(bytes(raw))
    with pytest.raises(QualixlError):
        verify_package(path, read_sheets=("Généré",))


def test_dangling_relationship_is_caught(tmp_path):
    path = two_sheets(tmp_path / "rel.xlsx")
    rewrite(path, "xl/_rels/workbook.xml.rels",
            lambda data: data.replace(b"worksheets/sheet2.xml", b"worksheets/sheet9.xml"))
    with pytest.raises(QualixlError, match="sheet9"):
        verify_package(path)
