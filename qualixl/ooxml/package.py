"""A bounded, lazy, read-only view of an OPC package (the zip inside an .xlsx).

Nothing is decompressed before the central directory has been bounded: number of
entries, each entry's declared size, the total and the compression ratio (a 1 MB file
can expand into a 1 GiB sheet). Reads then count the bytes actually produced, so an
entry that lies about its size is caught while streaming. Parts that are only copied
are never decompressed at all: `raw_chunks` hands out their compressed bytes, which
ZipWriter.copy_raw puts in the new package unchanged (same CRC, same sizes).
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from qualixl.errors import QualixlError
from qualixl.ooxml.xml import parse
from qualixl.oserrors import french

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")

MAX_ENTRIES = 10_000
MAX_ENTRY_SIZE = 1024**3  # one part, uncompressed
MAX_TOTAL_SIZE = 2 * 1024**3  # all parts, uncompressed; keeps offsets below zip64
MAX_FILE_SIZE = 2 * 1024**3
MAX_RATIO = 500  # uncompressed / compressed, checked for entries over RATIO_FLOOR
RATIO_FLOOR = 1024**2
CHUNK = 1024 * 1024

_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")


class Package:
    """An opened package; use as a context manager. Part names are zip names (no leading '/')."""

    def __init__(self, path: Path):
        self.path = Path(path)
        _sniff(self.path)
        # One handle for every read: a save that replaces the file meanwhile (Excel writes a
        # new file and renames it) cannot mix two versions in what is read or copied.
        try:
            self._file = self.path.open("rb")
        except OSError as exc:
            raise french(exc, "de lire", self.path) from exc
        self._opened = _identity(os.fstat(self._file.fileno()))
        try:
            try:
                self._zip = zipfile.ZipFile(self._file)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise self._damaged() from exc
            try:
                self.infos = self._zip.infolist()
                self._check_bounds()
            except BaseException:
                self._zip.close()
                raise
        except BaseException:
            self._file.close()
            raise
        self._by_name = {info.filename: info for info in self.infos}
        self._by_lower = {info.filename.lower(): info.filename for info in self.infos}

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()
        self._file.close()

    @property
    def names(self) -> list[str]:
        return [info.filename for info in self.infos]

    def find(self, name: str) -> str | None:
        """The stored name of part `name`; OPC part names are case-insensitive."""
        name = name.lstrip("/")
        if name in self._by_name:
            return name
        return self._by_lower.get(name.lower())

    def info(self, name: str) -> zipfile.ZipInfo:
        return self._by_name[name]

    def iter_chunks(self, name: str) -> Iterator[bytes]:
        """Decompressed bytes of `name`, counted against its declared size while streaming."""
        info = self._by_name[name]
        produced = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    produced += len(chunk)
                    if produced > info.file_size or produced > MAX_ENTRY_SIZE:
                        raise self._suspect(name, produced)
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise self._damaged(name) from exc

    def read(self, name: str) -> bytes:
        return b"".join(self.iter_chunks(name))

    def read_xml(self, name: str) -> etree._Element:
        return parse(self.read(name), f"{self.path.name} ({name})")

    def raw_chunks(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The entry's compressed bytes exactly as stored, located through its local header."""
        offset = info.header_offset
        header = self._pread(_LOCAL_HEADER.size, offset)
        if len(header) != _LOCAL_HEADER.size or header[:4] != ZIP_SIGNATURE:
            raise self._damaged(info.filename)
        fields = _LOCAL_HEADER.unpack(header)
        flags, method, name_len, extra_len = fields[2], fields[3], fields[-2], fields[-1]
        encoding = "utf-8" if flags & 0x800 else "cp437"
        offset += _LOCAL_HEADER.size
        if method != info.compress_type or self._pread(name_len, offset) != info.orig_filename.encode(encoding):
            raise self._damaged(info.filename)  # the local header is not this entry's
        offset += name_len + extra_len
        left = info.compress_size
        while left:
            chunk = self._pread(min(CHUNK, left), offset)
            if not chunk:
                raise self._damaged(info.filename)
            left -= len(chunk)
            offset += len(chunk)
            yield chunk

    def _pread(self, size: int, offset: int) -> bytes:
        """`size` bytes at `offset` of the opened file, without moving zipfile's position."""
        if hasattr(os, "pread"):
            return os.pread(self._file.fileno(), size, offset)
        position = self._file.tell()
        try:
            self._file.seek(offset)
            return self._file.read(size)
        finally:
            self._file.seek(position)

    def _check_bounds(self) -> None:
        if len(self.infos) > MAX_ENTRIES:
            raise QualixlError(
                f"{self.path.name} contient trop d'éléments ({len(self.infos)}) pour être un classeur : refusé."
            )
        seen: set[str] = set()
        total = 0
        for info in self.infos:
            if info.filename in seen:
                raise QualixlError(f"{self.path.name} contient deux fois l'élément {info.filename} : refusé.")
            seen.add(info.filename)
            if info.flag_bits & 0x1:
                raise _protected(self.path)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise self._damaged(info.filename)
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if (
                info.file_size > MAX_ENTRY_SIZE
                or total > MAX_TOTAL_SIZE
                or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO)
            ):
                raise self._suspect(info.filename, info.file_size)

    def _suspect(self, name: str, size: int) -> QualixlError:
        return QualixlError(
            f"{self.path.name} est suspect : l'élément {name} se décompresse en plus de {size} octets "
            "(archive piégée ?). Le classeur est refusé."
        )

    def _damaged(self, name: str | None = None) -> QualixlError:
        if self._replaced():
            return QualixlError(
                f"{self.path.name} a été remplacé pendant sa lecture (enregistré dans Excel ou LibreOffice ?) : "
                "rien n'a été écrit, relancez la commande."
            )
        part = f" (élément {name})" if name else ""
        return QualixlError(
            f"{self.path.name} est endommagé ou incomplet{part} : reprenez une copie intacte du classeur."
        )


    def _replaced(self) -> bool:
        """Whether the file under `path` is no longer the one opened (another program saved it)."""
        opened = getattr(self, "_opened", None)
        try:
            return opened is not None and _identity(os.stat(self.path)) != opened
        except OSError:
            return True


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _sniff(path: Path) -> None:
    """Tell a missing, protected, legacy or non-zip file apart before zipfile sees it."""
    if not path.exists():
        raise QualixlError(f"Fichier introuvable : {path}")
    if path.is_dir():
        raise QualixlError(f"{path} est un dossier, pas un classeur Excel (.xlsx).")
    if path.stat().st_size == 0:
        raise QualixlError(
            f"{path.name} est vide (0 octet) : ce n'est pas un classeur Excel. Reprenez une copie du classeur "
            "(sauvegarde, ou dossier .qualixl/ à côté de lui) ou créez-en un avec « qualixl init »."
        )
    if path.stat().st_size > MAX_FILE_SIZE:
        raise QualixlError(f"{path.name} est trop volumineux pour un classeur ({path.stat().st_size} octets).")
    with path.open("rb") as handle:
        head = handle.read(8)
        if head.startswith(OLE_SIGNATURE):
            handle.seek(0)
            if ENCRYPTION_STREAM in handle.read(CHUNK):
                raise _protected(path)
            raise QualixlError(
                f"{path.name} est au format Excel 97-2003 (.xls) ou protégé par un mot de passe : "
                "ouvrez-le dans Excel et enregistrez-le au format Classeur Excel (.xlsx), sans mot de passe."
            )
    if not head.startswith(ZIP_SIGNATURE):
        raise QualixlError(
            f"{path.name} n'est pas un classeur Excel (.xlsx) : c'est un fichier texte, CSV ou d'un autre "
            "format. Ouvrez-le dans Excel et enregistrez-le au format Classeur Excel (.xlsx)."
        )


def _protected(path: Path) -> QualixlError:
    return QualixlError(
        f"Le classeur {path.name} est protégé par un mot de passe : enregistrez-en une copie sans mot de passe "
        "(Fichier > Informations > Protéger le classeur) puis relancez la commande."
    )
