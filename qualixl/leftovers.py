"""Names of qualixl's temporary files and folders, and removal of those a killed run left.

A refresh killed during its write phase (a power cut, `kill -9`, a closed laptop) cannot
remove its temporary workbook beside the original (up to the workbook's size) nor its
folder in TMPDIR. Their names say which process made them, on which machine:
`.qualixl-<host>-<pid>-<random>.xlsx` and `qualixl-<host>-<pid>-<random>`. The next run
removes those of a process of this machine that no longer runs; another machine's (a
shared folder) are left alone until they are a day old. The names stay short whatever
the workbook's name, so a workbook named with 255 bytes still has a temporary sibling.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import socket
import time
from pathlib import Path

FILE_PREFIX = ".qualixl-"
FOLDER_PREFIX = "qualixl-"
PARTIAL = ".partial-"  # a backup being written: `<name>.partial-<host>-<pid>`
FOREIGN_AGE = 24 * 3600  # seconds before another machine's leftovers count as abandoned

_OWNER = r"(?P<host>[0-9a-f]{4})-(?P<pid>\d+)-"
_FILE = re.compile(re.escape(FILE_PREFIX) + _OWNER + r"[^/]*$")
_OLD_FILE = re.compile(re.escape(FILE_PREFIX) + r"[a-z0-9_]{8}\.xls[xm]$")  # earlier releases: no owner
_FOLDER = re.compile(re.escape(FOLDER_PREFIX) + _OWNER + r"[^/]*$")
_PARTIAL = re.compile(r".*" + re.escape(PARTIAL) + r"(?P<host>[0-9a-f]{4})-(?P<pid>\d+)$")


def host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:4]


def owner() -> str:
    """`<host>-<pid>-`: what every temporary name of this process starts with, after its prefix."""
    return f"{host_tag()}-{os.getpid()}-"


def file_prefix() -> str:
    return FILE_PREFIX + owner()


def folder_prefix() -> str:
    return FOLDER_PREFIX + owner()


def partial_suffix() -> str:
    return f"{PARTIAL}{host_tag()}-{os.getpid()}"


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's live process
    return True


def _abandoned(match: re.Match | None, path: Path) -> bool:
    if match is None:
        return False
    if match.group("host") == host_tag():
        return not _running(int(match.group("pid")))
    return _old(path)


def _old(path: Path) -> bool:
    try:
        return time.time() - path.lstat().st_mtime > FOREIGN_AGE
    except OSError:
        return False


def remove_leftovers(folder: Path, temp_folder: Path | None = None) -> list[Path]:
    """Remove the temporary workbooks (and partial backups) abandoned in `folder`, and the
    working folders abandoned in `temp_folder` (TMPDIR by default); return what was removed."""
    removed: list[Path] = []
    for candidate, partial_only in ((folder, False), (folder / ".qualixl", True)):
        for path in _entries(candidate):
            match = _PARTIAL.fullmatch(path.name) if partial_only else _FILE.match(path.name)
            stale = _abandoned(match, path) or (not partial_only and _OLD_FILE.match(path.name) and _old(path))
            if stale and path.is_file() and not path.is_symlink():
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
    import tempfile

    for path in _entries(Path(temp_folder) if temp_folder is not None else Path(tempfile.gettempdir())):
        if _abandoned(_FOLDER.match(path.name), path) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            if not path.exists():
                removed.append(path)
    return removed


def _entries(folder: Path) -> list[Path]:
    try:
        return [folder / name for name in os.listdir(folder)]
    except OSError:
        return []


def fit_stem(stem: str, extra_bytes: int, name_max: int = 255) -> str:
    """`stem` shortened (with a digest of the whole) so that `extra_bytes` more still fit in a file name."""
    room = name_max - extra_bytes
    if len(stem.encode()) <= room:
        return stem
    digest = hashlib.sha256(stem.encode()).hexdigest()[:6]
    return stem.encode()[: max(room - 7, 1)].decode("utf-8", errors="ignore") + "~" + digest
