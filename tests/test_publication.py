"""`qualixl publier` and the sheet « Indicateurs publiés » (V10 indicator 2): figures, n and methods.

The values published are the `kpi --json` records; the HTML page is valid (html5lib in
strict mode), standalone (no script, no external resource) and opens in a real browser.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import struct
import subprocess
import zlib

import html5lib
import pytest
import python_calamine
from click.testing import CliRunner
from conftest import find_chromium
from workbooks import minimal_rows, write_workbook

from qualixl import schema
from qualixl.cli import main
from qualixl.demo import write_demo
from qualixl.publication import PUBLISHED
from qualixl.refresh import refresh

AS_OF = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("publier") / "demo.xlsx"
    write_demo(path, rows=600, seed=2026, today=AS_OF)
    return path


@pytest.fixture(scope="module")
def published(demo):
    out = demo.parent / "site" / "indicateurs.html"
    out.parent.mkdir()
    result = CliRunner().invoke(main, ["publier", str(demo), "--as-of", AS_OF.isoformat(), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "référentiel RNQ V10" in result.output
    return out


def csv_rows(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(text[1:].splitlines(), delimiter=";"))


def test_the_csv_sits_beside_the_page_and_its_values_are_the_kpi_records(demo, published):
    rows = csv_rows(published.with_suffix(".csv"))
    result = CliRunner().invoke(main, ["kpi", str(demo), "--as-of", AS_OF.isoformat(), "--json"])
    records = {(r["code"], r["period"], r["category"]): r for r in json.loads(result.stdout)}
    assert rows and {r["Code"] for r in rows} == set(PUBLISHED)
    for row in rows:
        record = records[(row["Code"], row["Période"], row["Catégorie"])]
        assert float(row["Valeur"]) == record["value"]
        assert (int(row["Numérateur"]), int(row["Dénominateur"]), int(row["n"])) == (
            record["numerator"], record["denominator"], record["n"])
    assert {r["Période"] for r in rows} == {"2025", "12M"}
    assert {r["Catégorie"] for r in rows} == set(schema.CATEGORIES)
    certifying = {r["Catégorie"] for r in rows if r["Code"] == "CERTIF_TAUX"}
    assert "Bilan de compétences" not in certifying  # no Présentés filled: no certification published


def test_small_samples_are_published_with_their_n_and_a_note(published):
    rows = csv_rows(published.with_suffix(".csv"))
    small = [r for r in rows if r["Valeur"] and int(r["n"]) < 10]
    assert small and all(f"n = {r['n']}" in r["Remarque"] for r in small)
    assert all(r["Remarque"] == "" for r in rows if r["Valeur"] and int(r["n"]) >= 10)


def test_method_texts_are_complete_sentences_from_the_definitions(published):
    rows = csv_rows(published.with_suffix(".csv"))
    for row in rows:
        sentences = [s for s in re.split(r"(?<=\.) ", row["Méthode de calcul"]) if s]
        assert len(sentences) >= 2, row
        assert all(s[0].isupper() and s.endswith(".") for s in sentences), row
        assert sentences[0].split(" rapporte ")[1] and "Le calcul porte sur" in sentences[1]
    abandon = next(r for r in rows if r["Code"] == "ABANDON_TAUX" and r["Période"] == "2025")
    assert abandon["Méthode de calcul"].startswith(
        "Le taux d'abandon rapporte le total des abandons au total des inscrits. Le calcul porte sur les sessions")
    assert "entre le 01/01/2025 et le 31/12/2025" in abandon["Méthode de calcul"]
    objectives = next(r for r in rows if r["Code"] == "OBJECTIFS_TAUX")
    assert "à la différence entre le total des inscrits et le total des abandons" in objectives["Méthode de calcul"]
    sat = next(r for r in rows if r["Code"] == "SAT_TAUX")
    assert "atteint 4 sur une échelle de 5" in sat["Méthode de calcul"]


def test_the_page_is_valid_standalone_and_accessible(published):
    text = published.read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(text)  # raises on any parse error
    assert '<html lang="fr">' in text and text.count("<h1>") == 1
    assert "<script" not in text.lower()
    assert not re.search(r"""(src|href)\s*=|@import|url\(""", text, re.I)
    assert '<th scope="col">Méthode de calcul</th>' in text and "<caption>" in text
    assert "@media print" in text
    assert "Forma Plus Conseil" in text and "&nbsp;%" not in text and "\u00a0%" in text


def test_user_text_is_escaped(tmp_path):
    sheets = minimal_rows()
    for row in sheets[schema.PARAMETRES]:
        if row[0] == "Organisme":
            row[1] = "<script>alert(1)</script> & Cie"
    path = write_workbook(tmp_path / "plan.xlsx", sheets)
    result = CliRunner().invoke(main, ["publier", str(path), "--as-of", "2026-06-30", "-o", str(tmp_path / "p.html"),
                                       "--csv", str(tmp_path / "autre.csv")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Cie" in text
    assert (tmp_path / "autre.csv").is_file() and not (tmp_path / "p.csv").exists()
    rows = csv_rows(tmp_path / "autre.csv")
    empty = [r for r in rows if r["Période"] == "2025"]  # the minimal workbook starts in 2026
    assert empty and all(r["Valeur affichée"] == "—" and r["Remarque"] == "Aucune donnée sur la période."
                         for r in empty)


def test_refresh_writes_the_same_rows_in_the_sheet(demo, published, tmp_path):
    copy = tmp_path / "plan.xlsx"
    copy.write_bytes(demo.read_bytes())
    refresh(copy, AS_OF, backup=False)
    book = python_calamine.CalamineWorkbook.from_path(str(copy))
    grid = book.get_sheet_by_name("Indicateurs publiés").to_python()
    header = next(i for i, r in enumerate(grid) if r[:2] == ["Catégorie", "Indicateur"])
    assert grid[header] == ["Catégorie", "Indicateur", "Période", "Valeur", "n", "Méthode de calcul", "Remarque"]
    body = [r for r in grid[header + 1:] if r[0]]
    rows = csv_rows(published.with_suffix(".csv"))
    assert [(r[0], r[1], r[4]) for r in body] == [(r["Catégorie"], r["Indicateur"], float(r["n"])) for r in rows]
    assert [r[5] for r in body] == [r["Méthode de calcul"] for r in rows]


def _png_is_blank(data: bytes) -> bool:
    """True when the PNG holds one colour only: whatever the row filters, a uniform image leaves at most
    its colour's few byte values and zeros once each row's filter byte is set aside; text brings many."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, channels = 8, b"", 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, _height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8
            channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    pixels = zlib.decompress(idat)
    stride = 1 + width * channels
    values = set()
    for start in range(0, len(pixels), stride):
        values.update(pixels[start + 1:start + stride])
        if len(values) > channels + 1:
            return False
    return True


@pytest.mark.browser
def test_the_page_opens_in_a_real_browser(published, tmp_path):
    chromium = find_chromium()
    shot = tmp_path / "page.png"
    done = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,1600",
                           f"--screenshot={shot}", published.resolve().as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert shot.is_file(), done.stderr
    assert not _png_is_blank(shot.read_bytes())
