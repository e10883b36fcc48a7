"""The package reader and writer: bounds, refusals, raw copies, safe XML."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from ooxml_hosts import EXCEL_MADE_FILES, build_generated, build_staff_host, excel_made, raw_bytes

from qualixl.errors import QualixlError
from qualixl.ooxml import graft_sheets, verify_package
from qualixl.ooxml import package as package_module
from qualixl.ooxml.package import OLE_SIGNATURE, Package
from qualixl.ooxml.xml import parse, serialise
from qualixl.ooxml.zipwriter import ZipWriter


@pytest.fixture(scope="module")
def host(tmp_path_factory) -> Path:
    return build_staff_host(tmp_path_factory.mktemp("pkg") / "plan.xlsx")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    return build_generated(tmp_path_factory.mktemp("gen") / "generated.xlsx")


def rezip(src: Path, dst: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info)))
    return dst


def test_refuses_a_text_file(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_text("ID;Date\n1;2026-01-01\n", encoding="utf-8")
    with pytest.raises(QualixlError, match="n'est pas un classeur Excel"):
        Package(path)


def test_reports_a_password_protected_workbook(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(OLE_SIGNATURE + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 1000)
    with pytest.raises(QualixlError, match="protégé par un mot de passe"):
        Package(path)


def test_any_ole_file_mentions_the_password_or_xls(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(OLE_SIGNATURE + b"\x00" * 2000)
    with pytest.raises(QualixlError, match=r"mot de passe.*|.*\.xls"):
        Package(path)


def test_refuses_a_truncated_workbook(host, tmp_path):
    data = host.read_bytes()
    path = tmp_path / "coupe.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(QualixlError, match="endommagé ou incomplet"):
        Package(path)


def test_refuses_a_missing_file(tmp_path):
    with pytest.raises(QualixlError, match="introuvable"):
        Package(tmp_path / "absent.xlsx")


def test_refuses_a_zip_bomb_before_decompressing(host, tmp_path, generated):
    bomb = rezip(host, tmp_path / "bombe.xlsx", {"xl/worksheets/sheet2.xml": b"\x00" * (64 * 1024**2)})
    assert bomb.stat().st_size < 1024**2
    with pytest.raises(QualixlError, match="suspect"):
        Package(bomb)
    out = tmp_path / "out.xlsx"
    with pytest.raises(QualixlError, match="suspect"):
        graft_sheets(bomb, generated, out)


def test_an_entry_lying_about_its_size_is_caught_while_streaming(tmp_path):
    path = tmp_path / "ment.xlsx"
    payload = b"<a>" + b"x" * 100_000 + b"</a>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("xl/big.xml", payload)
    data = bytearray(path.read_bytes())
    # Declare 10 bytes instead of 100,007, in the central directory (what zipfile trusts).
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 10)
    path.write_bytes(bytes(data))
    with Package(path) as pkg, pytest.raises(QualixlError, match="endommagé|suspect"):
        pkg.read("xl/big.xml")


def test_refuses_too_many_entries(host, monkeypatch):
    monkeypatch.setattr(package_module, "MAX_ENTRIES", 5)
    with pytest.raises(QualixlError, match="trop d'éléments"):
        Package(host)


@pytest.mark.parametrize("doctype", [
    b'<!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
    b'<!DOCTYPE workbook SYSTEM "http://example.org/evil.dtd">',
])
def test_refuses_a_part_with_a_doctype(host, generated, tmp_path, doctype):
    with zipfile.ZipFile(host) as z:
        book = z.read("xl/workbook.xml")
    evil = book.replace(b"?>", b"?>" + doctype, 1)
    path = rezip(host, tmp_path / "dtd.xlsx", {"xl/workbook.xml": evil})
    with pytest.raises(QualixlError, match="DOCTYPE"):
        graft_sheets(path, generated, tmp_path / "out.xlsx")
    with pytest.raises(QualixlError, match="DOCTYPE"):
        verify_package(path)


def test_parse_never_expands_entities():
    with pytest.raises(QualixlError, match="DOCTYPE"):
        parse(b'<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x "boom">]><a>&x;</a>', "test")


def test_serialise_keeps_the_producers_prefixes():
    source = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        b'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
        b'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
        b'mc:Ignorable="x14ac xr" xr:uid="{1}"><sheetFormatPr x14ac:dyDescent="0.25"/></worksheet>'
    )
    out = serialise(parse(source, "test"))
    assert b'mc:Ignorable="x14ac xr"' in out
    assert b"x14ac:dyDescent" in out and b"xr:uid" in out
    assert b"ns0:" not in out


@pytest.mark.parametrize("name", EXCEL_MADE_FILES)
def test_raw_copy_keeps_every_compressed_byte(name, tmp_path):
    src = excel_made(name)
    out = tmp_path / name
    with Package(src) as pkg, out.open("wb") as handle:
        writer = ZipWriter(handle)
        for info in pkg.infos:
            writer.copy_raw(info, pkg.raw_chunks(info))
        writer.close()
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        assert b.testzip() is None
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
        for x, y in zip(a.infolist(), b.infolist(), strict=True):
            assert (x.CRC, x.compress_size, x.file_size, x.compress_type) == (y.CRC, y.compress_size,
                                                                              y.file_size, y.compress_type)
            assert raw_bytes(src, x.filename) == raw_bytes(out, y.filename)


def test_raw_copy_from_a_streamed_zip_with_data_descriptors(tmp_path):
    """LibreOffice and streaming writers put CRC and sizes after the data (flag bit 3)."""

    class Unseekable(io.RawIOBase):
        def __init__(self):
            self.buffer = bytearray()

        def writable(self):
            return True

        def write(self, data):
            self.buffer += data
            return len(data)

    sink = Unseekable()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>" * 100)
        z.writestr("xl/données é.xml", "é".encode() * 5000)
    src = tmp_path / "streamed.zip"
    src.write_bytes(bytes(sink.buffer))
    with zipfile.ZipFile(src) as z:
        assert all(i.flag_bits & 0x08 for i in z.infolist())
    out = tmp_path / "copy.zip"
    with Package(src) as pkg, out.open("wb") as handle:
        writer = ZipWriter(handle)
        for info in pkg.infos:
            writer.copy_raw(info, pkg.raw_chunks(info))
        writer.write("new.xml", b"<new/>", (2026, 3, 1, 12, 30, 0))
        writer.close()
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
        assert not any(i.flag_bits & 0x08 for i in z.infolist())
        assert z.read("xl/données é.xml") == "é".encode() * 5000
        assert z.getinfo("new.xml").date_time == (2026, 3, 1, 12, 30, 0)


def test_streamed_entries_have_exact_local_headers(tmp_path):
    out = tmp_path / "s.zip"
    chunks = [b"<row/>" * 50_000, b"<end/>"]
    with out.open("wb") as handle:
        writer = ZipWriter(handle)
        writer.write_chunks("a.xml", iter(chunks), (2020, 1, 1, 0, 0, 0))
        writer.close()
    with zipfile.ZipFile(out) as z:
        info = z.getinfo("a.xml")
        assert z.read("a.xml") == b"".join(chunks)
    header = out.read_bytes()[:30]
    crc, compressed, size = struct.unpack("<III", header[14:26])
    assert (crc, compressed, size) == (info.CRC, info.compress_size, info.file_size)


def test_part_names_are_case_insensitive(host):
    with Package(host) as pkg:
        assert pkg.find("/XL/Workbook.xml") == "xl/workbook.xml"
        assert pkg.find("xl/nothing.xml") is None
        assert etree.QName(pkg.read_xml("xl/workbook.xml")).localname == "workbook"


def test_refuses_strict_open_xml(host, generated, tmp_path):
    with zipfile.ZipFile(host) as z:
        book = z.read("xl/workbook.xml")
    strict = book.replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                          b"http://purl.oclc.org/ooxml/spreadsheetml/main")
    path = rezip(host, tmp_path / "strict.xlsx", {"xl/workbook.xml": strict})
    with pytest.raises(QualixlError, match="stricte"):
        graft_sheets(path, generated, tmp_path / "out.xlsx")


def test_a_failed_graft_leaves_no_output(host, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    out = tmp_path / "out.xlsx"
    with pytest.raises(QualixlError):
        graft_sheets(host, bad, out)
    assert not out.exists()


def test_graft_refuses_to_overwrite_its_input(host, generated, tmp_path):
    copy = tmp_path / "plan.xlsx"
    copy.write_bytes(host.read_bytes())
    with pytest.raises(ValueError, match="output must differ"):
        graft_sheets(copy, generated, copy)
    assert copy.read_bytes() == host.read_bytes()


def test_an_interrupted_write_removes_the_half_written_file(host, generated, tmp_path, monkeypatch):
    def broken(self, info, chunks):
        raise OSError("disque plein")

    monkeypatch.setattr(ZipWriter, "copy_raw", broken)
    out = tmp_path / "out.xlsx"
    with pytest.raises(OSError):
        graft_sheets(host, generated, out)
    assert not out.exists()


def test_raw_copy_refuses_a_local_header_that_names_another_entry(tmp_path):
    """The central directory of `b.xml` pointing at `a.xml`'s bytes: copying them raw would graft the wrong part."""
    import struct
    import zipfile

    from qualixl.ooxml.package import Package

    path = tmp_path / "pointe.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("a.xml", "<a/>" * 100)
        package.writestr("b.xml", "<a/>" * 100)  # same size and CRC: only the name tells them apart
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as package:
        a_offset = package.getinfo("a.xml").header_offset
    central = raw.index(b"PK\x01\x02", raw.index(b"PK\x01\x02") + 4)  # the second record: b.xml
    assert raw[central + 46 : central + 51] == b"b.xml"
    struct.pack_into("<I", raw, central + 42, a_offset)
    path.write_bytes(bytes(raw))
    with Package(path) as package:
        info = package.info("b.xml")
        with pytest.raises(QualixlError, match="endommagé"):
            b"".join(package.raw_chunks(info))


def test_a_workbook_replaced_while_open_is_read_as_it_was_opened(tmp_path, host, generated):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(host.read_bytes())
    with Package(path) as pkg:
        info = pkg.info("xl/worksheets/sheet1.xml")
        replacement = tmp_path / "saved.xlsx"
        replacement.write_bytes(generated.read_bytes())
        replacement.replace(path)  # Excel saves: a new file renamed over the old one
        assert b"".join(pkg.raw_chunks(info)) == raw_bytes(host, "xl/worksheets/sheet1.xml")
        assert b"".join(pkg.iter_chunks("xl/worksheets/sheet1.xml"))


def test_a_workbook_rewritten_in_place_while_open_is_said_replaced_not_damaged(tmp_path, host):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(host.read_bytes())
    with Package(path) as pkg:
        info = pkg.info("xl/worksheets/sheet1.xml")
        with path.open("r+b") as handle:  # another program rewrites the same file
            handle.truncate(100)
        with pytest.raises(QualixlError, match="remplacé pendant sa lecture") as caught:
            b"".join(pkg.raw_chunks(info))
    assert "endommagé" not in str(caught.value)
