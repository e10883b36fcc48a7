"""`import_export`: survey export in, new Appréciations rows out, once and only once, in one write.

One direction, like refresh: read the workbook (reading.read_workbook) and the export;
pick the responses sheet; map and convert; tell each response's identity (identity.py)
and drop those already in the sheet — by « Réf. export », else by ID — setting aside, as
reported, those edited in the tool since their import; append the others at the part
level (ooxml.append_rows) into a staged copy beside the workbook, verify it, and let
refresh graft the generated sheets and the Journal line of this import into it: the
workbook is replaced once, by a package holding the rows, the dashboard that counts them
and the line that logs them, or not at all. Any error or kill before the replace leaves
the workbook byte for byte as it was; an export with nothing new writes nothing.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from qualixl import leftovers, schema
from qualixl.addresses import column_index
from qualixl.facts.ids import fold_id, fold_ids
from qualixl.importing import guess, records, sources
from qualixl.importing.exportfile import read_export_tables
from qualixl.importing.identity import ID_PREFIX, SEPARATOR, parse_reference
from qualixl.importing.lookups import DEFAULT_STAKEHOLDER, Lookups
from qualixl.importing.mapfile import load_mapping
from qualixl.importing.report import ImportReport
from qualixl.importing.verify import verify_appended
from qualixl.ooxml.append_rows import append_rows
from qualixl.oserrors import french
from qualixl.parsing import ScoreScale
from qualixl.reading import SheetData, read_workbook
from qualixl.safe_write import atomic_write, ensure_not_locked, file_stamp, real_target


def import_export(
    plan: Path | str,
    export: Path | str,
    *,
    source: str = "auto",
    session: str | None = None,
    partie_prenante: str | None = None,
    temps: str | None = None,
    mapping: Path | str | None = None,
    dry_run: bool = False,
    backup: bool = True,
    journal: bool = True,
) -> ImportReport:
    """Append the export's new responses to the Appréciations sheet of `plan`; see ImportReport.

    With `journal` (the default), the generated sheets are refreshed and the import logged
    in the Journal (export SHA-256 and counts) in the same write as the rows; without it,
    only the Appréciations sheet and its table change.
    """
    plan, export = Path(plan), Path(export)
    stamp = file_stamp(plan)
    dataset = read_workbook(plan)
    sheet = dataset.sheets[schema.APPRECIATIONS]
    scale = ScoreScale(dataset.parameters.scale, dataset.parameters.threshold)
    mapfile = load_mapping(mapping)
    options = {**mapfile.options, **_given(source=None if source == "auto" else source, session=session,
                                            partie_prenante=partie_prenante, temps=temps)}
    table, layout = sources.pick(read_export_tables(export), str(options.get("source", "auto")))
    found = guess.resolve(table, layout, set(sheet.letters), list(sheet.criteria), scale, mapfile)
    lookups = Lookups(dataset, options.get("session"), options.get("partie_prenante"), options.get("temps"))
    built = records.build(table, layout, found, scale, lookups, mapfile.values, options.get("echelle"),
                          legacy=_has_legacy_ids(sheet))
    report = ImportReport(plan, export, table.sha256, layout.kind, read=len(table.rows), incomplete=built.incomplete,
                          conversions=built.conversions, warnings=built.warnings, dry_run=dry_run,
                          sheet_name=table.sheet, xlsx=table.is_xlsx)
    report.mapping, report.not_imported = _describe(table, found, lookups, sheet)
    report.mapping_file = _mapping_file(table, found, sheet)
    new = _sort(built.responses, sheet, report)
    report.added, report.ids = len(new), [r.id for r in new]
    dropped = sorted({h for r in new for h, v in r.values.items() if v is not None and h not in sheet.letters}
                     - {schema.EXPORT_REF})
    if dropped:
        report.warnings.append(
            f"Colonne(s) absente(s) de la feuille {sheet.name}, valeurs non importées : {', '.join(dropped)}."
        )
    if new and schema.EXPORT_REF not in sheet.letters:
        report.warnings.append(
            f"La feuille {sheet.name} n'a pas de colonne « {schema.EXPORT_REF} » : ajoutez cet en-tête pour que les "
            "réponses modifiées dans l'outil d'enquête soient reconnues (les réponses importées le restent par leur ID)."
        )
    if dry_run or not new:
        return report
    ensure_not_locked(plan)
    rows = [{column_index(sheet.letters[h]): v for h, v in r.values.items() if h in sheet.letters} for r in new]
    actual, header_row = dataset.spelled[schema.APPRECIATIONS], sheet.header_row
    # The refresh below reads the staged workbook afresh: what was read here need not stay alive beside it.
    del dataset, sheet, table, built, new, lookups
    appended = []

    def write(tmp: Path) -> None:
        appended.append(append_rows(plan, tmp, actual, header_row, rows))
        report.rows = (appended[-1].first_row, appended[-1].last_row)  # the Journal line names them

    def verify(tmp: Path) -> None:
        verify_appended(tmp, appended[-1], rows, plan)

    if not journal:
        from qualixl.backup import make_backup  # the one backup policy of the project

        report.backup = atomic_write(plan, write, verify, stamp=stamp, operation=f"l'import de {export.name}",
                                     backup=make_backup if backup else None)
    else:
        _write_with_journal(plan, stamp, write, verify, report, backup)
    report.written = True
    return report


def _write_with_journal(plan: Path, stamp, write, verify, report: ImportReport, backup: bool) -> None:
    """Rows staged beside the workbook, then refresh grafts into them and replaces the workbook: one write.

    If the refresh cannot run (a staff sheet named like a generated one, say), nothing is
    written: rows without the Journal line that accounts for them are what this avoids.
    The staged copy is named as atomic_write names its temporary files, so a run killed
    here leaves a leftover the next run removes, nothing that looks like a user's workbook.
    """
    from qualixl.refresh import edited_warning, refresh  # refresh reads through this package's siblings only

    folder = real_target(plan).parent
    try:
        fd, name = tempfile.mkstemp(prefix=leftovers.file_prefix(), suffix=plan.suffix, dir=folder)
    except OSError as exc:
        raise french(exc, "d'écrire dans le dossier", folder) from exc
    os.close(fd)
    staged = Path(name)
    try:
        write(staged)
        verify(staged)
        result = refresh(plan, backup=backup, events=[("import", report.journal_detail())], staged=staged, stamp=stamp)
        report.journal, report.backup, report.refresh_errors = True, result.backup, result.errors
        if result.edited_by_hand:  # the backup made before the replace holds them
            report.warnings.append(edited_warning(result.edited_by_hand, backup=report.backup is not None, done=True))
    finally:
        with contextlib.suppress(OSError):
            staged.unlink()


def _has_legacy_ids(sheet: SheetData) -> bool:
    """Whether some row carries an `IMP-` ID without a « Réf. export »: imported by an earlier version."""
    ids = sheet.values["ID"].astype(str).str.startswith(ID_PREFIX)
    if schema.EXPORT_REF in sheet.values:
        ids &= ~sheet.values[schema.EXPORT_REF].astype(str).str.contains(SEPARATOR.strip(), regex=False)
    return bool(ids.any())


def _sort(responses: list[records.Response], sheet: SheetData, report: ImportReport) -> list[records.Response]:
    """The responses not yet in the sheet; counts those already there and those edited since their import."""
    known: dict[str, tuple[int | None, str]] = {}  # identity key -> (sheet row, content digest)
    if schema.EXPORT_REF in sheet.values:
        for row, text in sheet.values[schema.EXPORT_REF].items():
            identity = parse_reference(text)
            if identity is not None:
                known.setdefault(identity.key, (int(row), identity.content))
    ids = set(fold_ids(sheet.values["ID"]).dropna())
    legacy_used: set[str] = set()
    new = []
    for response in responses:
        identity = response.identity
        if identity.key in known:
            row, content = known[identity.key]
            if row is not None and content != identity.content:
                report.modified.append(row)
            else:
                report.already_present += 1
        elif fold_id(response.id) in ids:
            report.already_present += 1
        elif response.legacy_id and (legacy := fold_id(response.legacy_id)) in ids and legacy not in legacy_used:
            legacy_used.add(legacy)  # one earlier row stands for one response
            report.already_present += 1
        else:
            known[identity.key] = (None, identity.content)
            new.append(response)
    report.modified.sort()
    return new


def _given(**options: object) -> dict[str, object]:
    return {k: v for k, v in options.items() if v not in (None, "")}


def _describe(table, found: guess.Mapping, lookups: Lookups, sheet: SheetData) -> tuple[list, list]:
    """The mapping as the user should check it, and what of the export is left out."""
    lines = []
    fixed = {"Session": lookups.session, "Partie prenante": lookups.stakeholder, "Temps": lookups.temps}
    for target in ["Date", "Note globale", *sheet.criteria, "Recommandation", "Points forts", "Points à améliorer",
                   "Thème", "Session", "Partie prenante", "Temps"]:
        if fixed.get(target) is not None:
            lines.append((target, f"{fixed[target]} (option, pour toutes les réponses)"))
        elif target in found.columns:
            lines.append((target, f"« {table.headers[found.columns[target]]} » ({found.origin[target]})"))
        elif target == "Partie prenante":
            lines.append((target, f"{DEFAULT_STAKEHOLDER} (par défaut : aucune question ne la demande)"))
    left = [f"« {table.headers[i]} » : critère sans colonne « {schema.CRITERION_PREFIX} {name} » dans {sheet.name} "
            "(ajoutez-la pour l'importer)" for i, name in found.criteria_missing]
    left += [f"« {table.headers[i]} »" for i in found.ignored]
    return lines, left


def _mapping_file(table, found: guess.Mapping, sheet: SheetData) -> str | None:
    """The guessed mapping as a ready-to-edit correspondance.toml, when questions were left unmapped."""
    from qualixl.importing.mapfile import TARGETS, example

    missing = [t for t in TARGETS if t not in found.columns and t in sheet.letters and t not in ("Temps", "Thème")]
    if not (found.ignored or found.criteria_missing) or not missing:
        return None
    return example({t: table.headers[i] for t, i in found.columns.items()}, table.headers)
