"""`qualixl refresh`: the three promises, tested on whole workbooks.

Nothing staff made is lost (every part qualixl does not own is byte-identical), the
journal grows by one row per refresh, two refreshes with the same as-of date give the
same generated sheets, and a failed or interrupted refresh leaves the original as it was.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import python_calamine
import xlsxwriter
from click.testing import CliRunner
from ooxml_hosts import excel_made
from workbooks import minimal_rows, set_value, write_workbook

from qualixl import ooxml, schema
from qualixl.cli import main
from qualixl.demo import write_demo
from qualixl.errors import QualixlError
from qualixl.refresh import BACKUPS_KEPT, make_backup, refresh
from qualixl.render.context import GENERATED_SHEETS, JOURNAL

AS_OF = dt.date(2026, 11, 25)
# Parts every graft rewrites: the sheet list, its relationships, types, styles and properties.
PACKAGE_WIDE = {
    "[Content_Types].xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "docProps/app.xml",
    "docProps/custom.xml",
    "_rels/.rels",
}


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def sheet_names(path: Path) -> list[str]:
    return list(python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names)


def grid(path: Path, sheet: str) -> list[list]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def generated_parts(path: Path) -> set[str]:
    """Worksheet, drawing and chart parts of the generated sheets, found through the package."""
    owned = set()
    content = parts(path)
    rels = content["xl/_rels/workbook.xml.rels"].decode()
    workbook = content["xl/workbook.xml"].decode()
    for name in ooxml.generated_sheet_names(path):
        # An apostrophe in a name may be written as is or as &apos; (« Boucle d'amélioration »).
        spelled = "(?:'|&apos;)".join(re.escape(part) for part in name.split("'"))
        rid = re.search(rf'<sheet name="{spelled}" sheetId="\d+" r:id="(rId\d+)"', workbook).group(1)
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
        sheet_part = "xl/" + (target.group(1) or target.group(2)).lstrip("/").removeprefix("xl/")
        owned.add(sheet_part)
        owned.add(sheet_part.replace("worksheets/", "worksheets/_rels/") + ".rels")
    for name in content:
        if name.startswith(("xl/drawings/", "xl/charts/")):
            owned.add(name)
    return owned


def test_refresh_places_generated_sheets_first_and_keeps_staff_parts(plan):
    before = parts(plan)
    result = refresh(plan, as_of=AS_OF)
    assert result.written
    names = sheet_names(plan)
    assert names[: len(GENERATED_SHEETS)] == list(GENERATED_SHEETS)
    assert names[len(GENERATED_SHEETS) :] == list(sheet_names(result.backup))
    after = parts(plan)
    owned = generated_parts(plan) | PACKAGE_WIDE
    for name, data in before.items():
        if name in owned:
            continue
        if after[name] != data:
            # The only change allowed in a staff part: the selected-tab flag moves to the dashboard.
            assert re.sub(rb' tabSelected="(1|true)"', b"", data) == after[name], name
    assert ooxml.generated_sheet_names(plan) == list(GENERATED_SHEETS)


def test_styles_of_the_host_stay_a_prefix(plan):
    original = parts(plan)["xl/styles.xml"].decode()
    refresh(plan, as_of=AS_OF)
    new = parts(plan)["xl/styles.xml"].decode()
    for tag in ("numFmts", "fonts", "fills", "borders", "cellXfs"):
        old_block = re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", original, re.S)
        if old_block is None:
            continue
        new_block = re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", new, re.S)
        assert new_block.group(1).startswith(old_block.group(1)), tag


def test_second_refresh_is_idempotent_but_for_the_journal(plan):
    refresh(plan, as_of=AS_OF, backup=False)
    first = parts(plan)
    refresh(plan, as_of=AS_OF, backup=False)
    second = parts(plan)
    assert first["xl/styles.xml"] == second["xl/styles.xml"]
    assert set(first) == set(second)
    journal_part = _sheet_part(plan, JOURNAL)
    for name in first:
        if name in (journal_part, "docProps/custom.xml"):
            continue
        assert first[name] == second[name], name


def _sheet_part(path: Path, sheet: str) -> str:
    content = parts(path)
    workbook = content["xl/workbook.xml"].decode()
    rid = re.search(rf'<sheet name="{sheet}" sheetId="\d+" r:id="(rId\d+)"', workbook).group(1)
    rels = content["xl/_rels/workbook.xml.rels"].decode()
    match = re.search(rf'<Relationship Id="{rid}"[^>]*Target="([^"]+)"', rels)
    return "xl/" + match.group(1).lstrip("/").removeprefix("xl/")


def journal_records(path: Path) -> list[dict]:
    rows = grid(path, JOURNAL)
    header = next(i for i, row in enumerate(rows) if row[0] == "Date et heure")
    return [dict(zip(rows[header], r, strict=True)) for r in rows[header + 1 :] if any(v != "" for v in r)]


def test_journal_appends_one_row_and_keeps_earlier_rows(plan):
    refresh(plan, as_of=dt.date(2026, 10, 31), backup=False)
    first = journal_records(plan)
    refresh(plan, as_of=AS_OF, backup=False)
    rows = journal_records(plan)
    assert len(rows) == 2
    assert rows[0] == first[0]
    assert rows[0]["Opération"] == "Actualisation"  # the sheet shows the operation in French
    assert rows[0]["Date d'arrêté"] == dt.date(2026, 10, 31)
    assert rows[1]["Date d'arrêté"] == AS_OF
    assert rows[1]["Lignes Appréciations"] == 400.0
    assert re.fullmatch(r"[0-9a-f]{64}", rows[1]["Empreinte SHA-256 des saisies"])
    # Same data, same fingerprint: the auditor sees the data did not change between the two.
    assert rows[0]["Empreinte SHA-256 des saisies"] == rows[1]["Empreinte SHA-256 des saisies"]


def test_journal_logs_events_before_the_refresh_row(plan):
    refresh(plan, as_of=AS_OF, backup=False, events=[("import", "export.csv : 3 ajoutées")])
    rows = journal_records(plan)
    assert [r["Opération"] for r in rows] == ["Import d'un export", "Actualisation"]
    assert rows[0]["Détail"] == "export.csv : 3 ajoutées"
    assert rows[0]["Lignes Appréciations"] == ""


@pytest.mark.parametrize(
    ("header", "before", "after"),
    [
        ("Points forts", None, "Autre texte"),
        ("Date", dt.date(2026, 3, 2), dt.date(2026, 3, 3)),
        ("Note globale", 1, True),  # beside another 1: Python holds True == 1, the fingerprint must not
    ],
)
def test_fingerprint_changes_with_the_data(tmp_path, header, before, after):
    sheets = minimal_rows()
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    if before is not None:
        set_value(sheets, schema.APPRECIATIONS, header, before, row=1)
        set_value(sheets, schema.APPRECIATIONS, header, before, row=2)
    write_workbook(first, sheets)
    set_value(sheets, schema.APPRECIATIONS, header, after, row=2)
    write_workbook(second, sheets)
    a = refresh(first, as_of=AS_OF, dry_run=True).context.journal_rows[-1][-2]
    b = refresh(second, as_of=AS_OF, dry_run=True).context.journal_rows[-1][-2]
    assert a != b


def test_backup_is_kept_and_rotated(plan):
    result = refresh(plan, as_of=AS_OF)
    assert result.backup.parent == plan.parent / ".qualixl"
    assert result.backup.read_bytes() != plan.read_bytes()
    for _ in range(BACKUPS_KEPT + 2):
        make_backup(plan)
    assert len(list((plan.parent / ".qualixl").glob("plan-*.xlsx"))) == BACKUPS_KEPT


def test_cli_summary_and_exit_code(plan):
    result = CliRunner().invoke(main, ["refresh", str(plan), "--as-of", "2026-11-25", "--no-backup"])
    assert result.exit_code == 0, result.output
    assert "Classeur mis à jour" in result.output
    assert "Satisfaction (12 mois)" in result.output
    assert "Contrôles : 0 erreur" in result.output
    assert not (plan.parent / ".qualixl").exists()


def test_exit_code_one_when_written_with_errors(tmp_path):
    sheets = minimal_rows()
    set_value(sheets, schema.APPRECIATIONS, "Note globale", "=1+1")
    path = tmp_path / "plan.xlsx"
    write_workbook(path, sheets)
    result = CliRunner().invoke(main, ["refresh", str(path), "--as-of", "2026-11-25"])
    assert result.exit_code == 1, result.output
    controls = grid(path, "Contrôles")
    messages = [row[4] for row in controls if row[0] == schema.ERROR]
    assert any("=1+1" in m for m in messages)
    # The formula-looking text is a string in the result, never a formula.
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in package.read(name)


def test_dry_run_writes_nothing(plan):
    before = plan.read_bytes()
    result = CliRunner().invoke(main, ["refresh", str(plan), "--as-of", "2026-11-25", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Simulation" in result.output
    assert plan.read_bytes() == before
    assert sorted(p.name for p in plan.parent.iterdir()) == ["plan.xlsx"]


def test_output_leaves_the_original_alone(plan, tmp_path):
    before = plan.read_bytes()
    other = tmp_path / "copie.xlsx"
    result = CliRunner().invoke(main, ["refresh", str(plan), "--as-of", "2026-11-25", "--output", str(other)])
    assert result.exit_code == 0, result.output
    assert plan.read_bytes() == before
    assert sheet_names(other)[0] == "Tableau de bord"


def test_lock_file_stops_the_refresh(plan):
    before = plan.read_bytes()
    (plan.parent / "~$plan.xlsx").write_bytes(b"owner")
    result = CliRunner().invoke(main, ["refresh", str(plan), "--as-of", "2026-11-25"])
    assert result.exit_code == 2
    assert "ouvert" in result.output
    assert plan.read_bytes() == before


def test_unreadable_workbook_writes_nothing(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_text("ID;Date\n1;2\n")
    result = CliRunner().invoke(main, ["refresh", str(path)])
    assert result.exit_code == 2
    assert "Erreur : " in result.output and "Traceback" not in result.output
    assert path.read_text() == "ID;Date\n1;2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]


def test_interrupted_refresh_leaves_original_byte_identical(plan, monkeypatch):
    before = plan.read_bytes()

    def crash(host, generated, output, **_options):
        Path(output).write_bytes(b"PK\x03\x04half a package")
        raise KeyboardInterrupt

    monkeypatch.setattr(ooxml, "graft_sheets", crash)
    with pytest.raises(KeyboardInterrupt):
        refresh(plan, as_of=AS_OF)
    assert plan.read_bytes() == before
    assert sorted(p.name for p in plan.parent.iterdir()) == ["plan.xlsx"]


def test_workbook_saved_meanwhile_is_not_overwritten(plan, monkeypatch):
    real_graft = ooxml.graft_sheets

    def save_in_excel_meanwhile(host, generated, output, **options):
        result = real_graft(host, generated, output, **options)
        with plan.open("ab") as handle:
            handle.write(b"\0")
        return result

    monkeypatch.setattr(ooxml, "graft_sheets", save_in_excel_meanwhile)
    saved = plan.read_bytes() + b"\0"
    with pytest.raises(QualixlError, match="modifié pendant le refresh"):
        refresh(plan, as_of=AS_OF)
    assert plan.read_bytes() == saved
    assert not (plan.parent / ".qualixl").exists()


def test_xlsm_keeps_its_macros(tmp_path):
    with zipfile.ZipFile(excel_made("macro01.xlsm")) as package:
        vba = package.read("xl/vbaProject.bin")
    (tmp_path / "vbaProject.bin").write_bytes(vba)
    path = tmp_path / "plan.xlsm"
    book = xlsxwriter.Workbook(str(path))
    book.add_vba_project(str(tmp_path / "vbaProject.bin"))
    for name, rows in minimal_rows().items():
        sheet = book.add_worksheet(name)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day))
                elif value is not None:
                    sheet.write(r, c, value) if not isinstance(value, str) else sheet.write_string(r, c, value)
    book.close()
    refresh(path, as_of=AS_OF, backup=False)
    after = parts(path)
    assert after["xl/vbaProject.bin"] == vba
    assert b"application/vnd.ms-excel.sheet.macroEnabled.main+xml" in after["[Content_Types].xml"]
    assert sheet_names(path)[0] == "Tableau de bord"


def test_openpyxl_reads_generated_sheets_and_charts(plan):
    import openpyxl

    refresh(plan, as_of=AS_OF, backup=False)
    book = openpyxl.load_workbook(plan)
    assert book.sheetnames[: len(GENERATED_SHEETS)] == list(GENERATED_SHEETS)
    assert len(book["Tableau de bord"]._charts) == 4
    assert book["Tableau de bord"]["A1"].value.startswith("Tableau de bord — ")


@pytest.mark.libreoffice
def test_libreoffice_prints_the_dashboard_with_its_charts(plan, tmp_path, libreoffice):
    import subprocess

    refresh(plan, as_of=AS_OF, backup=False)
    pdf = libreoffice(plan, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    prefix = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True)
    image = next(tmp_path.glob("page*.pgm"))
    width, height, pixels = _read_pgm(image.read_bytes())
    # The lower half of page 1 holds the first two charts: plenty of non-white pixels.
    lower = pixels[(height // 2) * width :]
    dark = sum(1 for p in lower if p < 200)
    assert dark > 0.02 * len(lower)


def _read_pgm(data: bytes) -> tuple[int, int, bytes]:
    fields = []
    position = 2
    while len(fields) < 3:
        while data[position : position + 1].isspace():
            position += 1
        start = position
        while not data[position : position + 1].isspace():
            position += 1
        fields.append(int(data[start:position]))
    width, height, _maxval = fields
    return width, height, data[position + 1 :]


def test_refresh_killed_at_any_moment_never_damages_the_workbook(tmp_path):
    """SIGKILL at moments spread over a whole refresh: the file is the original or the new one, whole."""
    import subprocess
    import sys
    import time

    path = tmp_path / "plan.xlsx"
    write_demo(path, rows=20000, today=AS_OF)
    original = path.read_bytes()
    outcomes = []
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.4):
        path.write_bytes(original)
        process = subprocess.Popen(
            [sys.executable, "-m", "qualixl", "refresh", str(path), "--as-of", "2026-11-25", "--no-backup"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.kill()
        process.wait()
        if path.read_bytes() == original:
            outcomes.append("original")
        else:
            ooxml.verify_package(path)  # a complete, sound refreshed workbook
            assert sheet_names(path)[0] == "Tableau de bord"
            outcomes.append("refreshed")
        for leftover in tmp_path.glob(".qualixl-*"):
            leftover.unlink()  # a killed process cannot remove its temporary file
    assert "original" in outcomes


def test_a_folder_gets_a_french_message(tmp_path):
    folder = tmp_path / "plan.xlsx"
    folder.mkdir()
    result = CliRunner().invoke(main, ["refresh", str(folder)])
    assert result.exit_code == 2
    assert "est un dossier" in result.output and "Traceback" not in result.output


def test_backups_of_another_workbook_are_never_pruned(tmp_path):
    plan, other = tmp_path / "plan.xlsx", tmp_path / "plan-2025.xlsx"
    plan.write_bytes(b"plan")
    other.write_bytes(b"other")
    kept = [make_backup(other) for _ in range(3)]
    for _ in range(BACKUPS_KEPT + 2):
        make_backup(plan)
    assert all(copy.exists() for copy in kept)
    assert len([p for p in (tmp_path / ".qualixl").iterdir() if p.read_bytes() == b"plan"]) == BACKUPS_KEPT


def test_output_in_a_missing_folder_or_a_folder_gets_a_french_message(plan, tmp_path):
    before = plan.read_bytes()
    for output in (tmp_path / "absent" / "out.xlsx", tmp_path):
        result = CliRunner().invoke(main, ["refresh", str(plan), "--as-of", "2026-11-25", "-o", str(output)])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "Erreur : " in result.output
    assert plan.read_bytes() == before


def test_output_naming_the_workbook_itself_is_an_in_place_refresh_with_backup(plan):
    result = refresh(plan, as_of=AS_OF, output=plan.resolve())
    assert result.backup is not None and result.backup.exists()


def test_cycle_collector_is_paused_during_a_refresh_and_restored_after(plan, monkeypatch):
    import gc

    import qualixl.render

    seen = []
    real_render = qualixl.render.render_workbook

    def spying(path, context, *writers):
        seen.append(gc.isenabled())
        real_render(path, context, *writers)

    monkeypatch.setattr(qualixl.render, "render_workbook", spying)
    assert gc.isenabled()
    refresh(plan, as_of=AS_OF, backup=False)
    assert seen == [False]  # this process's render (the row sheets' is the second process's)
    assert gc.isenabled()


def test_result_carries_the_dataset_it_read_only_when_asked(plan):
    assert refresh(plan, as_of=AS_OF, dry_run=True).dataset is None
    result = refresh(plan, as_of=AS_OF, dry_run=True, keep_dataset=True)
    appraisals = result.dataset.get(schema.APPRECIATIONS)
    from qualixl.render.journal import HEADERS

    assert len(appraisals) == result.context.journal_rows[-1][HEADERS.index("Lignes Appréciations")] > 0


def test_a_hand_edit_is_announced_before_the_replace_and_kept_in_the_backup(plan, tmp_path):
    from ooxml_hosts import contents, rezip, sheets

    refresh(plan, AS_OF)
    part = dict(sheets(plan))[schema_dashboard()]
    data = contents(plan)[part]
    assert b"<t>Indicateur</t>" in data
    edited = tmp_path / "edited.xlsx"
    rezip(plan, edited, {part: data.replace(b"<t>Indicateur</t>", b"<t>Saisie de Paul</t>", 1)})
    shutil.copy(edited, plan)
    messages: list[str] = []
    result = refresh(plan, AS_OF, progress=messages.append)
    warning = next(i for i, m in enumerate(messages) if m.startswith("Attention"))
    assert "« Tableau de bord »" in messages[warning] and "sauvegarde" in messages[warning]
    assert warning < messages.index("Écriture des feuilles générées…")
    assert result.edited_by_hand == [schema_dashboard()]
    assert b"Saisie de Paul" in contents(result.backup)[part]
    assert not any(b"Saisie de Paul" in blob for blob in contents(plan).values())


def schema_dashboard() -> str:
    from qualixl.render.context import DASHBOARD

    return DASHBOARD


def test_journal_dates_that_lost_their_format_are_read_back_as_dates(plan, tmp_path):
    """A suite that drops the date format leaves serial numbers: the Journal keeps them as dates."""
    from ooxml_hosts import contents, rezip, sheets

    from qualixl.render.journal import HEADER_ROW

    refresh(plan, AS_OF, backup=False)
    first = journal_grid(plan)[HEADER_ROW + 1]
    part = dict(sheets(plan))[JOURNAL]
    data = contents(plan)[part]
    stripped = re.sub(rb'(<c r="[AC]%d") s="\d+"' % (HEADER_ROW + 2), rb"\1", data)
    assert stripped != data
    shutil.copy(rezip(plan, tmp_path / "unformatted.xlsx", {part: stripped}), plan)
    assert isinstance(journal_grid(plan)[HEADER_ROW + 1][0], float)
    refresh(plan, AS_OF, backup=False)
    rows = journal_grid(plan)[HEADER_ROW + 1:]
    assert rows[0][0] == first[0] and isinstance(rows[0][0], dt.datetime)
    assert rows[0][2] in (AS_OF, dt.datetime(AS_OF.year, AS_OF.month, AS_OF.day))
    assert len([r for r in rows if any(v not in ("", None) for v in r)]) == 2


def journal_grid(path: Path) -> list[list]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return book.get_sheet_by_name(JOURNAL).to_python(skip_empty_area=False)
    finally:
        book.close()
