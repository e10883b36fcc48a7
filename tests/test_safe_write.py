"""Atomic writes: all or nothing, with the original's permissions, never over a lock file."""

from __future__ import annotations

import os

import pytest

from qualixl.errors import QualixlError
from qualixl.safe_write import atomic_write, ensure_not_locked


def test_failed_write_leaves_original_and_no_temp_file(tmp_path):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"original")

    def write(tmp):
        tmp.write_bytes(b"half")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        atomic_write(target, write)
    assert target.read_bytes() == b"original"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]


def test_failed_verification_keeps_original(tmp_path):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"original")

    def verify(_tmp):
        raise QualixlError("invalide")

    with pytest.raises(QualixlError):
        atomic_write(target, lambda tmp: tmp.write_bytes(b"new"), verify=verify)
    assert target.read_bytes() == b"original"


def test_replacement_keeps_the_original_mode(tmp_path):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"original")
    os.chmod(target, 0o640)
    atomic_write(target, lambda tmp: tmp.write_bytes(b"new"))
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640


def test_new_file_follows_the_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        target = tmp_path / "new.xlsx"
        atomic_write(target, lambda tmp: tmp.write_bytes(b"new"))
    finally:
        os.umask(previous)
    assert target.stat().st_mode & 0o777 == 0o644


def test_excel_lock_file_refuses_the_write(tmp_path):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"original")
    (tmp_path / "~$plan.xlsx").write_bytes(b"lock")
    with pytest.raises(QualixlError, match="ouvert"):
        ensure_not_locked(target)
