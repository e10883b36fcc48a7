"""Sheets parsed on worker threads (qualixl.grids): same dataset, same errors, a light `import qualixl`."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from kpi_workbooks import _Book
from workbooks import drop_column, minimal_rows, write_workbook

from qualixl.errors import QualixlError
from qualixl.grids import SheetGrids
from qualixl.parsing import per_distinct
from qualixl.reading import read_book, read_workbook
from qualixl.schema import PLAN, RECLAMATIONS, SESSIONS


def test_threaded_read_types_every_sheet_as_a_serial_read_does(tmp_path):
    rows = minimal_rows()
    path = write_workbook(tmp_path / "plan.xlsx", rows)
    threaded = read_workbook(path)
    serial = read_book(_Book(rows))  # the one-by-one reader: a stand-in workbook, no threads
    assert list(threaded.sheets) == list(serial.sheets)
    for name, data in threaded.sheets.items():
        pd.testing.assert_frame_equal(data.values, serial.sheets[name].values)
        pd.testing.assert_frame_equal(data.problems, serial.sheets[name].problems)


def test_the_first_faulty_sheet_in_contract_order_is_reported_whatever_the_timing(tmp_path):
    rows = drop_column(drop_column(minimal_rows(), PLAN, "Responsable"), SESSIONS, "Intitulé")
    path = write_workbook(tmp_path / "plan.xlsx", rows)
    for _ in range(5):
        with pytest.raises(QualixlError, match="Feuille « Sessions »"):
            read_workbook(path)


def test_a_grid_that_cannot_be_parsed_names_its_sheet(tmp_path):
    path = write_workbook(tmp_path / "plan.xlsx", minimal_rows())
    with SheetGrids(path, [RECLAMATIONS, "Pas une feuille"]) as grids:
        assert grids.take(RECLAMATIONS)[0][0] == "ID"
        with pytest.raises(QualixlError, match="Pas une feuille"):
            grids.take("Pas une feuille")


def test_a_file_that_is_not_a_workbook_is_reported_by_the_reader_in_french(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_text("bonjour", encoding="utf-8")
    grids = SheetGrids(path)  # raises nothing itself
    with pytest.raises(QualixlError, match="pas un classeur Excel"):
        read_workbook(path, grids)


def test_per_distinct_maps_each_text_and_none():
    texts = pd.Series(["a", None, "b", "a"], index=[4, 5, 6, 7], dtype=object)
    calls = []

    def upper(text):
        calls.append(text)
        return text.upper()

    mapped = per_distinct(texts, upper, missing=())
    assert mapped.tolist() == ["A", (), "B", "A"]
    assert list(mapped.index) == [4, 5, 6, 7]
    assert sorted(calls) == ["a", "b"]


def test_import_qualixl_does_not_load_pandas():
    """The CLI starts parsing the workbook while pandas loads: the package itself must stay light."""
    code = "import sys, qualixl; print('pandas' in sys.modules, qualixl.refresh.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "refresh"]


def test_the_lazy_api_resolves_every_name():
    import qualixl

    for name in qualixl.__all__:
        assert getattr(qualixl, name) is not None
    with pytest.raises(AttributeError):
        qualixl.no_such_name  # noqa: B018


def test_zip_bomb_is_refused_before_calamine_opens_it(tmp_path, monkeypatch):
    import zipfile

    import python_calamine

    from qualixl.errors import QualixlError
    from qualixl.grids import SheetGrids
    from qualixl.reading import read_workbook

    bomb = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("xl/worksheets/sheet1.xml", b"\x00" * (64 * 1024**2))
    opened = []
    real = python_calamine.CalamineWorkbook.from_path
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path",
                        staticmethod(lambda p: opened.append(p) or real(p)))
    grids = SheetGrids(bomb)
    with pytest.raises(QualixlError, match="suspect"):
        read_workbook(bomb, grids)
    assert opened == []


def lying_about_its_size(source, target, part, megabytes):
    """A copy of `source` whose `part` inflates to `megabytes` MB but declares 1,000 bytes.

    The declared sizes pass every bound (1,000 bytes, a ratio below 1); only the bytes
    actually inflated tell the truth.
    """
    import struct
    import zipfile

    with zipfile.ZipFile(source) as package:
        items = [(info.filename, package.read(info.filename)) for info in package.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in items:
            if name == part:
                data = data.replace(b"</sheetData>", b" " * (megabytes * 1024**2) + b"</sheetData>", 1)
            package.writestr(name, data)
    raw = bytearray(target.read_bytes())
    with zipfile.ZipFile(target) as package:
        info = package.getinfo(part)
    struct.pack_into("<I", raw, info.header_offset + 22, 1000)  # local header: uncompressed size
    central = 0
    while True:  # central directory record of `part`
        central = raw.index(b"PK\x01\x02", central)
        length = struct.unpack_from("<H", raw, central + 28)[0]
        if raw[central + 46 : central + 46 + length] == part.encode():
            struct.pack_into("<I", raw, central + 24, 1000)
            break
        central += 4
    target.write_bytes(bytes(raw))
    return target


def test_a_sheet_lying_about_its_size_is_refused_after_its_declared_bytes(tmp_path):
    """calamine's zip reader stops at the declared size: the read stays within the bounds checked first."""
    import resource
    import zipfile

    from qualixl.template import init_workbook

    plan = tmp_path / "plan.xlsx"
    init_workbook(plan)
    with zipfile.ZipFile(plan) as package:
        part = next(i.filename for i in package.infolist() if i.filename.endswith("sheet6.xml"))
    liar = lying_about_its_size(plan, tmp_path / "menteur.xlsx", part, megabytes=200)
    assert liar.stat().st_size < 2 * 1024**2
    before = liar.read_bytes()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(QualixlError, match="Appréciations.*illisible"):
        read_workbook(liar)
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024  # Linux: KiB
    assert grown_mib < 100  # the 200 MB of XML were never inflated
    from qualixl.refresh import refresh

    with pytest.raises(QualixlError):
        refresh(liar, backup=False)
    assert liar.read_bytes() == before


def test_memory_freed_by_a_large_parse_is_given_back(tmp_path, monkeypatch):
    import platform

    import qualixl.grids
    from qualixl.memory import release_freed_memory

    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert release_freed_memory() is True
    trims = []
    monkeypatch.setattr(qualixl.grids, "release_freed_memory", lambda: trims.append(1) or True)
    path = write_workbook(tmp_path / "plan.xlsx", minimal_rows())
    monkeypatch.setattr(qualixl.grids, "LARGE_SHEET_ROWS", 10**9)
    read_workbook(path, SheetGrids(path))
    assert trims == []  # small sheets: nothing worth a trim
    monkeypatch.setattr(qualixl.grids, "LARGE_SHEET_ROWS", 0)
    read_workbook(path, SheetGrids(path))
    assert len(trims) >= 7  # one per sheet parsed
