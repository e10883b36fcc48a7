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


def test_copy_identical_to_its_source_is_compared_not_inflated(tmp_path, monkeypatch):
    from qualixl.ooxml.package import Package

    source = two_sheets(tmp_path / "source.xlsx")
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(source.read_bytes())
    inflated = []
    original_iter = Package.iter_chunks

    def counting(self, name):
        inflated.append(name)
        return original_iter(self, name)

    monkeypatch.setattr(Package, "iter_chunks", counting)
    verify_package(copy, read_sheets=("Généré",), source=source, read_in_source=("Saisie",))
    assert "xl/worksheets/sheet1.xml" not in inflated  # read in full in the source: compared
    assert "xl/worksheets/sheet2.xml" in inflated  # not read there: inflated
    inflated.clear()
    verify_package(copy, read_sheets=("Généré",))
    assert {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} <= set(inflated)


def test_corrupted_copy_is_caught_even_with_a_source(tmp_path):
    """Bytes that differ from the source's are inflated, and their CRC catches the damage."""
    source = two_sheets(tmp_path / "source.xlsx")
    rewrite(source, "xl/worksheets/sheet1.xml", lambda data: data, compression=zipfile.ZIP_STORED)
    copy = tmp_path / "copy.xlsx"
    raw = bytearray(source.read_bytes())
    raw[raw.index(b"staff")] = ord("S")
    copy.write_bytes(bytes(raw))
    with pytest.raises(QualixlError):
        verify_package(copy, read_sheets=("Généré",), source=source, read_in_source=("Saisie",))


def test_damage_copied_from_a_sheet_nobody_read_is_still_caught(tmp_path):
    """A staff sheet outside the contract is never parsed: its copy is inflated, and its CRC judged."""
    source = two_sheets(tmp_path / "source.xlsx")
    rewrite(source, "xl/worksheets/sheet1.xml", lambda data: data, compression=zipfile.ZIP_STORED)
    raw = bytearray(source.read_bytes())
    raw[raw.index(b"staff")] = ord("S")  # damaged in the source already
    source.write_bytes(bytes(raw))
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(source.read_bytes())
    with pytest.raises(QualixlError):
        verify_package(copy, read_sheets=("Généré",), source=source, read_in_source=("Généré",))


def test_dangling_relationship_is_caught(tmp_path):
    path = two_sheets(tmp_path / "rel.xlsx")
    rewrite(path, "xl/_rels/workbook.xml.rels",
            lambda data: data.replace(b"worksheets/sheet2.xml", b"worksheets/sheet9.xml"))
    with pytest.raises(QualixlError, match="sheet9"):
        verify_package(path)
