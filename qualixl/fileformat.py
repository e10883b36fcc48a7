"""Tell a readable .xlsx from everything a user may hand us instead, in French.

Users rename files, save as .xls or .ods, protect workbooks with a password, or send
a file cut short by a mail gateway. Each case gets its own message (exit code 2)
before any parser sees the bytes, and the zip is bounded before anything expands.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from qualixl.errors import QualixlError

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
# "EncryptionInfo" as the UTF-16 name of an OLE stream: an encrypted OOXML package.
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")

# Bounds on an untrusted package (Excel's limits are far below these).
MAX_ENTRIES = 10_000
MAX_ENTRY_SIZE = 4 * 1024**3
MAX_TOTAL_SIZE = 8 * 1024**3
MAX_RATIO = 1_000  # uncompressed / compressed, for entries over 1 MiB


def ensure_xlsx(path: Path) -> None:
    """Raise QualixlError with a French message unless `path` is a sound xlsx/xlsm package."""
    path = Path(path)
    if not path.exists():
        raise QualixlError(f"Fichier introuvable : {path}")
    if path.is_dir():
        raise QualixlError(f"{path} est un dossier, pas un classeur Excel (.xlsx).")
    with path.open("rb") as handle:
        head = handle.read(8)
        if head.startswith(OLE_SIGNATURE):
            handle.seek(0)
            if ENCRYPTION_STREAM in handle.read(1024 * 1024):
                raise QualixlError(
                    f"Le classeur {path.name} est protégé par un mot de passe : "
                    "enregistrez-en une copie sans mot de passe (Fichier > Informations > Protéger le classeur)."
                )
            raise QualixlError(
                f"{path.name} est au format Excel 97-2003 (.xls) : "
                "ouvrez-le dans Excel et enregistrez-le au format Classeur Excel (.xlsx)."
            )
    if not head.startswith(ZIP_SIGNATURE):
        raise QualixlError(
            f"{path.name} n'est pas un classeur Excel (.xlsx) : c'est un fichier texte, CSV ou d'un autre format. "
            "Ouvrez-le dans Excel et enregistrez-le au format Classeur Excel (.xlsx)."
        )
    _check_package(path)


def _check_package(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "mimetype" in names and "content.xml" in names:
                raise QualixlError(
                    f"{path.name} est un classeur OpenDocument (.ods) : "
                    "enregistrez-le au format Classeur Excel (.xlsx)."
                )
            _check_bounds(path, infos)
            if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
                raise QualixlError(f"{path.name} est une archive zip mais pas un classeur Excel (.xlsx).")
    except zipfile.BadZipFile as exc:
        raise QualixlError(
            f"{path.name} est endommagé ou incomplet (archive illisible) : "
            "reprenez une copie intacte du classeur."
        ) from exc


def _check_bounds(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise QualixlError(f"{path.name} contient trop d'éléments ({len(infos)}) pour être un classeur.")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_ENTRY_SIZE or total > MAX_TOTAL_SIZE or (
            info.file_size > 1024**2 and ratio > MAX_RATIO
        ):
            raise QualixlError(
                f"{path.name} est suspect : l'élément {info.filename} se décompresse en "
                f"{info.file_size} octets. Le classeur est refusé."
            )
