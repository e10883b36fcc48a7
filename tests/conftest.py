"""Shared test helpers: finding LibreOffice and converting files with it.

LibreOffice is the second spreadsheet application the workbooks must open in. Without
it the tests that need it are skipped on a developer's machine, but fail in CI (CI=true),
where a skip would hide that nothing was checked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

LIBREOFFICE_TIMEOUT = 180  # seconds; a cold start plus a conversion takes far less


def find_soffice() -> str:
    """The soffice executable; skip the test without it, or fail it when CI=true."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path:
        return path
    message = "LibreOffice (soffice) est introuvable"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " : obligatoire en CI (voir .ci/run).")
    pytest.skip(message)


def find_chromium() -> str:
    """The headless browser (Debian's `chromium`); skip without it, or fail when CI=true."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    message = "Chromium est introuvable"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " : obligatoire en CI (voir .ci/run).")
    pytest.skip(message)


def convert_with_libreoffice(src: Path, fmt: str, outdir: Path) -> Path:
    """Convert `src` headlessly to `fmt` (e.g. "pdf", "xlsx", "xlsx:Calc MS Excel 2007 XML").

    Each call gets its own throw-away user profile, so parallel runs and a desktop
    LibreOffice don't clash. Returns the produced file; fails the test with
    LibreOffice's output when nothing was produced.
    """
    soffice = find_soffice()
    src, outdir = Path(src).resolve(), Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    produced = outdir / f"{src.stem}.{fmt.split(':', 1)[0]}"
    with tempfile.TemporaryDirectory(prefix="qualixl-lo-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(src),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=LIBREOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            pytest.fail(f"LibreOffice n'a pas converti {src.name} en {LIBREOFFICE_TIMEOUT} s : {exc}")
    if result.returncode != 0 or not produced.is_file() or produced.stat().st_size == 0:
        pytest.fail(
            f"LibreOffice n'a pas produit {produced.name} (code {result.returncode}).\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
    return produced


@pytest.fixture
def soffice() -> str:
    """Path of the soffice executable (skips, or fails in CI, when LibreOffice is missing)."""
    return find_soffice()


@pytest.fixture
def libreoffice(soffice):
    """The `convert_with_libreoffice(src, fmt, outdir)` helper, for tests that prefer a fixture."""
    return convert_with_libreoffice


DEMO_AS_OF = "2026-11-25"  # the as-of date of the `demo_source` workbook


@pytest.fixture(scope="session")
def demo_source(tmp_path_factory) -> Path:
    """A demonstration workbook of 400 appraisals at 25/11/2026, built once per run; tests copy it (`plan`)."""
    import datetime as dt

    from qualixl.demo import write_demo

    path = tmp_path_factory.mktemp("demo") / "plan.xlsx"
    write_demo(path, rows=400, today=dt.date.fromisoformat(DEMO_AS_OF))
    return path


@pytest.fixture
def plan(tmp_path, demo_source) -> Path:
    """A fresh copy of the demonstration workbook, the test's own to refresh."""
    path = tmp_path / "plan.xlsx"
    shutil.copy(demo_source, path)
    return path
