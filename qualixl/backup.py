"""The copy of the original kept in `.qualixl/` beside the workbook (the last BACKUPS_KEPT).

Made before the final unchanged-check, so that nothing slow stands between that check
and the replace (safe_write). A hard link where the file system allows: instant, no
space used, and still the original's bytes once the replace has put the new workbook
under the name. Elsewhere (FAT, some network shares) a copy, written under a partial
name, fsynced, then renamed: a copy cut short by a full disk or a kill never counts
among the backups kept, is removed at once when it can be, and by the next run
otherwise (leftovers.py). Backup names stay within the 255 bytes a file name may take:
a long workbook name is shortened, with a digest of the full name so that two long
names sharing their beginning keep separate backups.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import shutil
from pathlib import Path

from qualixl import leftovers
from qualixl.errors import QualixlError
from qualixl.oserrors import full_path, reason

BACKUP_FOLDER = ".qualixl"
BACKUPS_KEPT = 10
NAME_MAX = 255  # bytes, on every common file system
_STAMP = r"-\d{8}-\d{6}-\d{6}"
_STAMP_BYTES = len("-20261201-101500-123456")


def backup_stem(path: Path) -> str:
    """The stem the backups of `path` are named after: its own, or a shortened one with a digest."""
    # The partial suffix's pid may grow by a few digits: 8 bytes kept in hand.
    extra = _STAMP_BYTES + len(path.suffix.encode()) + len(leftovers.partial_suffix().encode()) + 8
    return leftovers.fit_stem(path.stem, extra, NAME_MAX)


def make_backup(path: Path) -> Path:
    """Keep the workbook's current bytes in .qualixl/ beside it; keep the last BACKUPS_KEPT."""
    path = Path(path)
    folder = path.parent / BACKUP_FOLDER
    stem = backup_stem(path)
    copy = folder / f"{stem}-{dt.datetime.now():%Y%m%d-%H%M%S-%f}{path.suffix}"
    source = Path(os.path.realpath(path))
    try:
        folder.mkdir(exist_ok=True)
        if not _hard_link(source, copy):
            _fsynced_copy(source, copy)
        # Only this workbook's copies: plan-2025.xlsx's backups must survive plan.xlsx's.
        mine = re.compile(re.escape(stem) + _STAMP + re.escape(path.suffix))
        previous = sorted(p for p in folder.iterdir() if mine.fullmatch(p.name))
        for old in previous[:-BACKUPS_KEPT]:
            old.unlink()
    except OSError as exc:
        raise QualixlError(
            f"Impossible de garder une copie de {full_path(path)} dans {full_path(folder)} : {reason(exc)} ; "
            "rien n'a été modifié (l'option --no-backup permet de se passer de cette copie)."
        ) from exc
    return copy


def _hard_link(source: Path, copy: Path) -> bool:
    try:
        os.link(source, copy)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EROFS, errno.ENAMETOOLONG):
            raise
        return False  # no hard links here (EPERM, EXDEV, ENOTSUP, EMLINK…): a copy then
    return True


def _fsynced_copy(source: Path, copy: Path) -> None:
    partial = copy.with_name(copy.name + leftovers.partial_suffix())
    try:
        with source.open("rb") as src, partial.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        shutil.copystat(source, partial)
        os.replace(partial, copy)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
