"""The write path under faults: symlinks, read-only files, owners, full disks, concurrent saves, kills.

Each test runs a real refresh on a real workbook and asserts what the user sees: the
workbook's bytes (the original or a complete refreshed one, never half), the exit code
and French message, and what is left in the folder, in `.qualixl/` and in TMPDIR.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from qualixl import backup as backups
from qualixl import leftovers, ooxml
from qualixl.cli import main
from qualixl.errors import QualixlError
from qualixl.refresh import refresh
from qualixl.render.context import GENERATED_SHEETS

AS_OF = dt.date(2026, 11, 25)


def refreshed(path: Path) -> bool:
    """A complete refreshed workbook: sound, with every generated sheet."""
    ooxml.verify_package(path)
    return ooxml.generated_sheet_names(path) == list(GENERATED_SHEETS)


def folder_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def run_cli(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_symlinked_workbook_is_written_through_its_link(plan, tmp_path):
    elsewhere = tmp_path / "partage"
    elsewhere.mkdir()
    real = elsewhere / "plan.xlsx"
    shutil.move(plan, real)
    link = tmp_path / "raccourci.xlsx"
    link.symlink_to(real)
    result = refresh(link, AS_OF)
    assert link.is_symlink() and link.resolve() == real
    assert refreshed(real)
    assert result.backup.parent == tmp_path / ".qualixl" and not refreshed(result.backup)
    assert folder_names(elsewhere) == ["plan.xlsx"]


def test_a_read_only_workbook_is_refused(plan):
    before = plan.read_bytes()
    os.chmod(plan, 0o444)
    run = run_cli("refresh", str(plan), "--as-of", AS_OF.isoformat())
    assert run.exit_code == 2
    assert "lecture seule" in run.output and str(plan) in run.output and "Traceback" not in run.output
    assert plan.read_bytes() == before and folder_names(plan.parent) == ["plan.xlsx"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changer de propriétaire demande root")
def test_owner_group_and_mode_are_kept(plan):
    os.chown(plan, 1234, 5678)
    os.chmod(plan, 0o640)
    refresh(plan, AS_OF)
    st = plan.stat()
    assert (st.st_uid, st.st_gid, st.st_mode & 0o7777) == (1234, 5678, 0o640)
    assert refreshed(plan)


def test_a_save_between_the_backup_and_the_replace_keeps_both(plan, monkeypatch):
    real_backup = backups.make_backup
    saved = b"PK\x03\x04 the version Paul saved in Excel meanwhile"

    def backup_then_excel_saves(path):
        made = real_backup(path)
        replacement = plan.with_name("~paul.tmp")
        replacement.write_bytes(saved)
        os.replace(replacement, plan)  # Excel saves through a temporary file, then renames
        return made

    monkeypatch.setattr(backups, "make_backup", backup_then_excel_saves)
    before = plan.read_bytes()
    with pytest.raises(QualixlError, match="enregistré par un autre programme") as caught:
        refresh(plan, AS_OF)
    assert plan.read_bytes() == saved  # the user's save, untouched
    kept = [p for p in plan.parent.iterdir() if "qualixl-non-applique" in p.name]
    assert len(kept) == 1 and kept[0].name in str(caught.value) and refreshed(kept[0])  # qualixl's result
    assert [p.read_bytes() for p in (plan.parent / ".qualixl").iterdir()] == [before]  # and the original
    assert not [p for p in plan.parent.iterdir() if p.name.startswith(".qualixl-")]


def test_long_file_names_are_refreshed_with_their_backup(tmp_path, demo_source):
    for length in (233, 246, 247, 255):
        name = "é" * ((length - 5) // 2) + "x" * ((length - 5) % 2) + ".xlsx"
        assert len(name.encode()) == length
        path = tmp_path / name
        shutil.copy(demo_source, path)
        run = run_cli("refresh", str(path), "--as-of", AS_OF.isoformat())
        assert run.exit_code in (0, 1), run.output
        assert refreshed(path)
        backup = [p for p in (tmp_path / ".qualixl").iterdir() if p.name.startswith(name[:20])]
        assert len(backup) == 1 and len(backup[0].name.encode()) <= 255
        backup[0].unlink()
        path.unlink()


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftovers_of_a_killed_run_are_removed_by_the_next(plan, tmp_path, monkeypatch):
    work = tmp_path / "tmpdir"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    dead = _dead_pid()
    owner = f"{leftovers.host_tag()}-{dead}-"
    stray_file = plan.with_name(f".qualixl-{owner}k2j4.xlsx")
    stray_file.write_bytes(b"half")
    stray_folder = work / f"qualixl-{owner}a1b2"
    stray_folder.mkdir()
    (stray_folder / "generated.xlsx").write_bytes(b"half")
    (plan.parent / ".qualixl").mkdir()
    partial = plan.parent / ".qualixl" / f"plan-20261125-101010-000000.xlsx.partial-{owner[:-1]}"
    partial.write_bytes(b"half")
    alive = plan.with_name(f".qualixl-{leftovers.host_tag()}-{os.getppid()}-live.xlsx")  # a running process's
    alive.write_bytes(b"in progress")
    refresh(plan, AS_OF)
    assert not stray_file.exists() and not stray_folder.exists() and not partial.exists()
    assert alive.exists() and refreshed(plan)
    assert os.listdir(work) == []


KILLER = r"""
import datetime as dt, sys
from qualixl.refresh import refresh
refresh(sys.argv[1], dt.date(2026, 11, 25), progress=lambda m: print(m, flush=True))
"""


def test_a_refresh_killed_at_any_moment_leaves_the_original_or_the_result(plan, tmp_path, monkeypatch):
    original = plan.read_bytes()
    work = tmp_path / "tmpdir"
    work.mkdir()
    env = {**os.environ, "TMPDIR": str(work)}
    monkeypatch.setattr(tempfile, "tempdir", str(work))  # the next run, here, looks in the same TMPDIR
    outcomes = []
    # Killed at moments spread over the write phase (render, graft, verify, backup, replace) and after.
    for offset in (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.5, 1.0):
        plan.write_bytes(original)
        child = subprocess.Popen([sys.executable, "-c", KILLER, str(plan)], env=env, text=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        for line in child.stdout:
            if line.startswith("Écriture"):
                break
        time.sleep(offset)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        data = plan.read_bytes()
        outcomes.append("original" if data == original else "refreshed")
        assert data == original or refreshed(plan)
        # The next run cleans what the killed one left, and completes.
        refresh(plan, AS_OF, backup=False)
        assert refreshed(plan)
        assert not [p for p in plan.parent.iterdir() if p.name.startswith(".qualixl-")]
        assert os.listdir(work) == [], [(p, sorted(os.listdir(work / p)) if (work / p).is_dir() else "file") for p in os.listdir(work)]
        for partial in (plan.parent / ".qualixl").glob("*.partial-*"):
            pytest.fail(f"partial backup left: {partial}")
        shutil.rmtree(plan.parent / ".qualixl", ignore_errors=True)
    assert outcomes[0] == "original"


@pytest.fixture
def small_disk(tmp_path):
    """Mount a tmpfs of the size asked for (skipped with a reason where mounting is not allowed)."""
    mounted: list[Path] = []

    def mount(name: str, size: int) -> Path:
        point = tmp_path / name
        point.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"impossible de monter un tmpfs ici (root et CAP_SYS_ADMIN requis) : {done.stderr.strip()}")
        mounted.append(point)
        return point

    yield mount
    for point in reversed(mounted):
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def fill(folder: Path, leave: int) -> None:
    """Fill the file system of `folder` until about `leave` bytes are free."""
    free = shutil.disk_usage(folder).free
    with open(folder / "remplissage.bin", "wb") as handle:
        handle.write(b"\0" * max(free - leave, 0))


def test_a_full_disk_is_said_in_french_and_leaves_nothing(demo_source, small_disk, monkeypatch):
    size = demo_source.stat().st_size
    disk = small_disk("disque", 4 * size + (1 << 20))
    plan = disk / "plan.xlsx"
    shutil.copy(demo_source, plan)
    before = plan.read_bytes()
    fill(disk, size // 3)  # not enough for the new workbook
    run = run_cli("refresh", str(plan), "--as-of", AS_OF.isoformat())
    assert run.exit_code == 2, run.output
    assert "le disque est plein" in run.output and str(plan) in run.output
    assert "Traceback" not in run.output and "No space" not in run.output
    assert plan.read_bytes() == before and folder_names(disk) == ["plan.xlsx", "remplissage.bin"]


def test_a_backup_cut_short_by_a_full_disk_is_removed(demo_source, small_disk, monkeypatch):
    monkeypatch.setattr(backups, "_hard_link", lambda source, copy: False)  # a file system without hard links
    size = demo_source.stat().st_size
    disk = small_disk("disque", 4 * size + (1 << 20))
    plan = disk / "plan.xlsx"
    shutil.copy(demo_source, plan)
    before = plan.read_bytes()
    refreshed = disk.parent / "mesure.xlsx"  # outside the small disk: how big the new workbook will be
    shutil.copy(demo_source, refreshed)
    refresh(refreshed, as_of=AS_OF, backup=False)
    # Room for the new workbook, not for a copy of the original beside it.
    fill(disk, refreshed.stat().st_size + size // 2)
    run = run_cli("refresh", str(plan), "--as-of", AS_OF.isoformat())
    assert run.exit_code == 2, run.output
    assert "Impossible de garder une copie" in run.output and "le disque est plein" in run.output
    assert plan.read_bytes() == before
    assert folder_names(disk) == [".qualixl", "plan.xlsx", "remplissage.bin"]
    assert folder_names(disk / ".qualixl") == []  # no truncated backup


def test_a_full_tmpdir_is_said_in_french(plan, small_disk, monkeypatch):
    work = small_disk("tmpdir", 256 * 1024)
    fill(work, 0)
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    before = plan.read_bytes()
    run = run_cli("refresh", str(plan), "--as-of", AS_OF.isoformat())
    assert run.exit_code == 2, run.output
    assert "le disque est plein" in run.output and str(work) in run.output and "Traceback" not in run.output
    assert plan.read_bytes() == before and folder_names(plan.parent) == ["plan.xlsx", "tmpdir"]
    assert folder_names(work) == ["remplissage.bin"]


def test_a_hard_linked_workbook_is_said_to_keep_its_old_version_under_its_other_name(plan):
    other = plan.with_name("copie-partagee.xlsx")
    os.link(plan, other)
    before = other.read_bytes()
    run = run_cli("refresh", str(plan), "--as-of", AS_OF.isoformat())
    assert run.exit_code in (0, 1), run.output
    assert "1 autre(s) nom(s) (lien physique)" in run.output
    assert refreshed(plan) and other.read_bytes() == before  # the replace is atomic: never half, never in place
