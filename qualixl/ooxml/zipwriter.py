"""A small zip writer that can copy an entry's compressed bytes without touching them.

Python's zipfile has no public way to add an already-compressed entry (see CPython
gh-113924), and driving its private state (`fp`, `filelist`, `start_dir`) would tie us
to one interpreter's internals. The format is simple enough to write directly: a local
header, the data, and at the end the central directory (APPNOTE.TXT sections 4.3.7,
4.3.12, 4.3.16). Package bounds (2 GiB uncompressed) keep every size and offset below
the zip64 limit, so zip64 records are never needed; the writer refuses otherwise.

Copied entries keep their compression method, CRC, sizes, date and the compression
option flags; their data descriptor (if any) is dropped because the local header is
written with the real CRC and sizes. Extra fields are dropped too: they carry zip-level
metadata (timestamps, alignment), not part content.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
_END = struct.Struct("<4sHHHHIIH")
_LIMIT = 0xFFFFFFFF
_UTF8_FLAG = 0x800
_KEPT_FLAGS = 0x6 | _UTF8_FLAG  # compression option bits and UTF-8 name; never data descriptor
_VERSION = 20


@dataclass
class _Entry:
    name: bytes
    flags: int
    method: int
    dos_time: int
    dos_date: int
    crc: int
    compressed: int
    size: int
    offset: int


class ZipWriter:
    """Write a package entry by entry into an open binary file (seekable)."""

    def __init__(self, handle: BinaryIO):
        self._out = handle
        self._entries: list[_Entry] = []

    def copy_raw(self, info: zipfile.ZipInfo, chunks: Iterable[bytes]) -> None:
        """Add `info`'s entry from its compressed bytes, unchanged."""
        entry = self._new_entry(info.filename, info.date_time, info.compress_type, info.flag_bits & _KEPT_FLAGS)
        entry.crc, entry.compressed, entry.size = info.CRC, info.compress_size, info.file_size
        self._write_header(entry)
        written = 0
        for chunk in chunks:
            self._out.write(chunk)
            written += len(chunk)
        if written != info.compress_size:
            raise ValueError(f"{info.filename}: {written} compressed bytes copied, {info.compress_size} expected")

    def write(self, name: str, data: bytes, date_time: tuple, level: int = 6) -> None:
        """Add an entry from its uncompressed bytes (deflated)."""
        self.write_chunks(name, [data], date_time, level)

    def write_chunks(self, name: str, chunks: Iterable[bytes], date_time: tuple, level: int = 6) -> None:
        """Add an entry compressed on the fly; the header is patched once CRC and sizes are known."""
        entry = self._new_entry(name, date_time, zipfile.ZIP_DEFLATED, 0)
        self._write_header(entry)
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        crc = size = compressed = 0
        for chunk in chunks:
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
            out = compressor.compress(chunk)
            compressed += len(out)
            self._out.write(out)
        out = compressor.flush()
        compressed += len(out)
        self._out.write(out)
        entry.crc, entry.compressed, entry.size = crc, compressed, size
        end = self._out.tell()
        self._check_limits(entry, end)
        self._out.seek(entry.offset + 14)
        self._out.write(struct.pack("<III", crc, compressed, size))
        self._out.seek(end)

    def close(self) -> None:
        """Write the central directory and the end record (the file itself stays open)."""
        start = self._out.tell()
        for e in self._entries:
            self._out.write(
                _CENTRAL.pack(
                    b"PK\x01\x02", _VERSION, _VERSION, e.flags, e.method, e.dos_time, e.dos_date,
                    e.crc, e.compressed, e.size, len(e.name), 0, 0, 0, 0, 0, e.offset,
                )
            )
            self._out.write(e.name)
        size = self._out.tell() - start
        if len(self._entries) >= 0xFFFF or self._out.tell() >= _LIMIT:
            raise ValueError("package too large for a zip without zip64")
        count = len(self._entries)
        self._out.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, size, start, 0))

    def _new_entry(self, name: str, date_time: tuple, method: int, flags: int) -> _Entry:
        try:
            encoded = name.encode("ascii")
        except UnicodeEncodeError:
            encoded = name.encode("utf-8")
            flags |= _UTF8_FLAG
        year, month, day, hour, minute, second = date_time[:6]
        if year < 1980:
            year, month, day, hour, minute, second = 1980, 1, 1, 0, 0, 0
        dos_date = (year - 1980) << 9 | month << 5 | day
        dos_time = hour << 11 | minute << 5 | second // 2
        entry = _Entry(encoded, flags, method, dos_time, dos_date, 0, 0, 0, self._out.tell())
        self._entries.append(entry)
        return entry

    def _write_header(self, e: _Entry) -> None:
        self._check_limits(e, e.offset)
        self._out.write(
            _LOCAL.pack(
                b"PK\x03\x04", _VERSION, e.flags, e.method, e.dos_time, e.dos_date,
                e.crc, e.compressed, e.size, len(e.name), 0,
            )
        )
        self._out.write(e.name)

    @staticmethod
    def _check_limits(e: _Entry, position: int) -> None:
        if max(e.compressed, e.size, e.offset, position) >= _LIMIT:
            raise ValueError(f"{e.name!r}: too large for a zip without zip64")
