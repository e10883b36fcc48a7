"""Every write to a user's workbook goes through here: temp file, verify, backup, check, replace.

A failed or interrupted write must leave the original untouched (DESIGN.md, promise 3),
and a workbook open in Excel (its lock file `~$NAME.xlsx` beside it) is never written.
The order of the last steps matters: the new file is written and verified; the
original is checked against what was read (size, mtime, SHA-256); the backup is made
(a hard link, or an fsynced copy); then, with nothing slow in between, a last look at
the original (size, mtime, inode) and the replace. A save that lands after the full
check — during the backup — is caught by that last look: the user's save stays under
the workbook's name and qualixl's result is kept beside it, so neither is lost.

Through a symlink the link's target is rewritten (the link stays a link); the new file
gets the original's mode, owner and group where the process may set them; a
read-only workbook is refused. Temporary names are short and say who made them
(leftovers.py), so a run killed here leaves nothing the next run does not remove.
Every OSError becomes a French message with the full path.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import stat as stat_module
import tempfile
from collections.abc import Callable
from pathlib import Path

from qualixl import leftovers
from qualixl.errors import QualixlError
from qualixl.oserrors import french, full_path

Stamp = tuple[int, int, str]


def lock_file(path: Path) -> Path:
    """Excel's owner file for `path`: `~$` replaces the first two characters of short names."""
    return path.with_name("~$" + path.name)


def ensure_not_locked(path: Path) -> None:
    """Refuse to write a workbook that Excel (or LibreOffice) has open."""
    candidates = [lock_file(path), path.with_name(".~lock." + path.name + "#")]
    if len(path.name) > 2:
        candidates.append(path.with_name("~$" + path.name[2:]))
    for lock in candidates:
        try:
            present = os.path.lexists(lock)
        except (OSError, ValueError):  # a lock name over 255 bytes cannot exist
            present = False
        if present:
            raise QualixlError(
                f"Le classeur {path.name} est ouvert dans un tableur (fichier de verrou {lock.name} présent) : "
                "fermez-le puis relancez la commande."
            )


def file_stamp(path: Path) -> Stamp:
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


def replaced_since(path: Path, stamp: Stamp | None) -> bool:
    """Whether the file's size or mtime moved since `stamp` (cheap: no hashing)."""
    if stamp is None:
        return False
    try:
        st = os.stat(path)
    except OSError:
        return True
    return (st.st_size, st.st_mtime_ns) != stamp[:2]


def _changed_message(path: Path, operation: str) -> str:
    return (f"{Path(path).name} a été modifié pendant {operation} (enregistré dans Excel ou LibreOffice ?) : "
            "rien n'a été écrit, relancez la commande.")


def ensure_unchanged(path: Path, stamp: Stamp, operation: str) -> os.stat_result:
    """Stop before replacing a workbook that someone saved since we read it: keep their work.

    Returns the file's stat as checked, for the last look right before the replace.
    """
    before = os.stat(path)
    if (before.st_size, before.st_mtime_ns) != stamp[:2] or file_stamp(path) != stamp:
        raise QualixlError(_changed_message(path, operation))
    after = os.stat(path)
    if _identity(after) != _identity(before):
        raise QualixlError(_changed_message(path, operation))
    return after


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    # Not ctime: making the backup a hard link changes it.
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev)


def real_target(target: Path) -> Path:
    """The file a write to `target` must replace: the end of its symlinks, or `target` itself."""
    target = Path(target)
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def ensure_writable(target: Path) -> None:
    """Refuse a read-only workbook: its owner made it so, qualixl does not override that."""
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise french(exc, "de lire", target) from exc
    if not stat_module.S_ISREG(st.st_mode):
        return
    root = hasattr(os, "geteuid") and os.geteuid() == 0  # root may write anything: the mode still speaks
    if st.st_mode & 0o222 == 0 or (not root and not os.access(target, os.W_OK)):
        raise QualixlError(
            f"Le classeur {full_path(target)} est en lecture seule : rien n'a été écrit. Retirez la lecture "
            "seule (propriétés du fichier, ou chmod u+w) puis relancez la commande."
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


def _copy_metadata(target: Path, tmp: Path) -> None:
    """mkstemp creates 0600 files owned by the runner: give the new file the original's owner,
    group and mode (or the umask's default for a new file). Owner and group only where the
    process may set them (root, or a group the runner belongs to)."""
    try:
        st = os.stat(target)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        return
    if hasattr(os, "chown"):
        for uid, gid in ((st.st_uid, st.st_gid), (-1, st.st_gid)):
            try:
                os.chown(tmp, uid, gid)
                break
            except OSError:
                continue
    os.chmod(tmp, stat_module.S_IMODE(st.st_mode))


def _keep_beside(real: Path, tmp: Path) -> Path:
    """Give qualixl's unapplied result a visible name beside the workbook."""
    suffix = f"-qualixl-non-applique-{dt.datetime.now():%Y%m%d-%H%M%S}{real.suffix}"
    kept = real.with_name(leftovers.fit_stem(real.stem, len(suffix.encode())) + suffix)
    os.replace(tmp, kept)
    return kept


def atomic_write(
    target: Path,
    write: Callable[[Path], None],
    verify: Callable[[Path], None] | None = None,
    before_replace: Callable[[], None] | None = None,
    *,
    stamp: Stamp | None = None,
    operation: str = "l'écriture",
    backup: Callable[[Path], Path] | None = None,
) -> Path | None:
    """Write `target` through a temporary file in the same folder, verified, then os.replace'd.

    `write(tmp)` produces the new file; `verify(tmp)` raises if it is not sound;
    `before_replace()` runs after the verification. With `stamp` (what `file_stamp`
    said when the original was read) the original must still be that file, checked in
    full before the backup and by its stat right before the replace. `backup(target)`
    keeps the original and returns where; its path is returned. On any exception the
    temporary file is removed and `target` is left exactly as it was — but for a save
    caught by the last look, when the temporary file is kept beside it under a visible
    name, and the error says where.
    """
    target = Path(target)
    real = real_target(target)
    folder = real.parent if str(real.parent) else Path(".")
    if real.is_dir():
        raise QualixlError(f"{full_path(target)} est un dossier : indiquez un nom de fichier .xlsx.")
    leftovers.remove_leftovers(folder)
    ensure_writable(real)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=leftovers.file_prefix(), suffix=real.suffix, dir=folder)
    except OSError as exc:
        raise french(exc, "d'écrire dans le dossier", folder) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    kept: Path | None = None
    made: Path | None = None
    try:
        try:
            write(tmp)
            if verify is not None:
                verify(tmp)
            if before_replace is not None:
                before_replace()
            checked = ensure_unchanged(real, stamp, operation) if stamp is not None else None
            if backup is not None and real.exists():
                made = backup(target)
            _copy_metadata(real, tmp)
            _flush_to_disk(tmp)
            if checked is not None and _identity(os.stat(real)) != _identity(checked):
                kept = _keep_beside(real, tmp)
                raise QualixlError(
                    f"{target.name} a été enregistré par un autre programme pendant {operation} : votre version "
                    f"est intacte sous son nom, et le résultat de qualixl, calculé sur la version précédente, est "
                    f"gardé à côté dans {kept.name}. Relancez la commande pour mettre à jour la version enregistrée."
                )
            os.replace(tmp, real)
        except PermissionError as exc:
            if os.name == "nt":  # Windows: Excel holds the file
                raise QualixlError(
                    f"Impossible de remplacer {target.name} : fermez le classeur dans Excel puis relancez la commande."
                ) from exc
            raise french(exc, "d'écrire", target) from exc
        except OSError as exc:
            raise french(exc, "d'écrire", target) from exc
        _flush_to_disk(folder)
    except BaseException:
        if kept is None:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    return made
