"""Every write to a user's workbook goes through here: temp file, verify, atomic replace.

A failed or interrupted write must leave the original untouched (DESIGN.md, promise 3),
and a workbook open in Excel (its lock file `~$NAME.xlsx` beside it) is never written.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from qualixl.errors import QualixlError


def lock_file(path: Path) -> Path:
    """Excel's owner file for `path`: `~$` replaces the first two characters of short names."""
    return path.with_name("~$" + path.name)


def ensure_not_locked(path: Path) -> None:
    """Refuse to write a workbook that Excel (or LibreOffice) has open."""
    candidates = [lock_file(path), path.with_name(".~lock." + path.name + "#")]
    if len(path.name) > 2:
        candidates.append(path.with_name("~$" + path.name[2:]))
    for lock in candidates:
        if lock.exists():
            raise QualixlError(
                f"Le classeur {path.name} est ouvert dans un tableur (fichier de verrou {lock.name} présent) : "
                "fermez-le puis relancez la commande."
            )


def file_stamp(path: Path) -> tuple[int, int, str]:
    """Size, mtime and SHA-256 of a file, to notice a save made in Excel while we work."""
    path = Path(path)
    if not path.is_file():  # missing, or a folder: the reader says so in French
        return (0, 0, "")
    stat = path.stat()
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return (stat.st_size, stat.st_mtime_ns, digest.hexdigest())


def ensure_unchanged(path: Path, stamp: tuple[int, int, str], operation: str) -> None:
    """Stop before replacing a workbook that someone saved since we read it: keep their work."""
    if file_stamp(path) != stamp:
        raise QualixlError(
            f"{Path(path).name} a été modifié pendant {operation} (enregistré dans Excel ?) : "
            "rien n'a été écrit, relancez la commande."
        )


def _flush_to_disk(path: Path) -> None:
    """fsync a file (before it replaces the original) or a folder (after, so the rename lasts).

    Without it a power cut right after the replace can leave an empty workbook under the
    original name on file systems that delay writes. Folders cannot be opened on Windows:
    there the rename is already durable, and the error is ignored.
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _copy_permissions(target: Path, tmp: Path) -> None:
    """mkstemp creates 0600 files: give the new file the original's mode, or the umask's default."""
    if target.exists():
        mode = target.stat().st_mode & 0o777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)


def atomic_write(
    target: Path,
    write: Callable[[Path], None],
    verify: Callable[[Path], None] | None = None,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Write `target` through a temporary file in the same folder, verified, then os.replace'd.

    `write(tmp)` produces the new file; `verify(tmp)` raises if it is not sound;
    `before_replace()` runs last (a check that the original was not saved meanwhile,
    a backup). On any exception the temporary file is removed and `target` is left
    exactly as it was.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise QualixlError(f"{target} est un dossier : indiquez un nom de fichier .xlsx.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".qualixl-", suffix=target.suffix, dir=folder)
    except OSError as exc:
        raise QualixlError(f"Impossible d'écrire dans le dossier {folder} : {exc.strerror or exc}.") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        if verify is not None:
            verify(tmp)
        if before_replace is not None:
            before_replace()
        _copy_permissions(target, tmp)
        _flush_to_disk(tmp)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:  # Windows: Excel holds the file
            raise QualixlError(
                f"Impossible de remplacer {target.name} : fermez le classeur dans Excel puis relancez la commande."
            ) from exc
        except OSError as exc:
            raise QualixlError(f"Impossible de remplacer {target} : {exc.strerror or exc}.") from exc
        _flush_to_disk(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
