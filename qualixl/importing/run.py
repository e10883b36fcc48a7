"""`import_export`: survey export in, new Appréciations rows out, once and only once.

One direction, like refresh: read the workbook (reading.read_workbook) and the export;
map and convert; drop the responses whose ID is already in the sheet; append the others
at the part level (ooxml.append_rows) into a temporary file beside the workbook; verify
it; check the original was not saved meanwhile; keep a copy; replace atomically. Any
error before the replace leaves the workbook byte for byte as it was; an export with
nothing new does not write at all.
"""

from __future__ import annotations

from pathlib import Path

from qualixl import schema
from qualixl.addresses import column_index
from qualixl.errors import QualixlError
from qualixl.facts.ids import fold_id, fold_ids
from qualixl.importing import guess, records, sources
from qualixl.importing.exportfile import read_export_file
from qualixl.importing.lookups import DEFAULT_STAKEHOLDER, Lookups
from qualixl.importing.mapfile import load_mapping
from qualixl.importing.report import ImportReport
from qualixl.importing.verify import verify_appended
from qualixl.ooxml.append_rows import append_rows
from qualixl.parsing import ScoreScale
from qualixl.reading import SheetData, read_workbook
from qualixl.safe_write import atomic_write, ensure_not_locked, file_stamp


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

    With `journal` (the default), a refresh follows the append and logs the import in the
    Journal (export SHA-256 and counts) before its own row; without it, only the
    Appréciations sheet and its table change.
    """
    plan, export = Path(plan), Path(export)
    stamp = file_stamp(plan)
    dataset = read_workbook(plan)
    sheet = dataset.sheets[schema.APPRECIATIONS]
    scale = ScoreScale(dataset.parameters.scale, dataset.parameters.threshold)
    mapfile = load_mapping(mapping)
    options = {**mapfile.options, **_given(source=None if source == "auto" else source, session=session,
                                            partie_prenante=partie_prenante, temps=temps)}
    table = read_export_file(export)
    layout = sources.detect(table, str(options.get("source", "auto")))
    found = guess.resolve(table, layout, set(sheet.letters), list(sheet.criteria), scale, mapfile)
    lookups = Lookups(dataset, options.get("session"), options.get("partie_prenante"), options.get("temps"))
    built = records.build(table, layout, found, scale, lookups, mapfile.values, options.get("echelle"))
    report = ImportReport(plan, export, table.sha256, layout.kind, read=len(table.rows), incomplete=built.incomplete,
                          conversions=built.conversions, warnings=built.warnings, dry_run=dry_run)
    report.mapping, report.not_imported = _describe(table, found, lookups, sheet)
    existing = set(fold_ids(sheet.values["ID"]).dropna())
    new = []
    for response in built.responses:
        if fold_id(response.id) in existing:
            report.already_present += 1
        else:
            existing.add(fold_id(response.id))
            new.append(response)
    report.added, report.ids = len(new), [r.id for r in new]
    dropped = sorted({h for r in new for h, v in r.values.items() if v is not None and h not in sheet.letters})
    if dropped:
        report.warnings.append(
            f"Colonne(s) absente(s) de la feuille {sheet.name}, valeurs non importées : {', '.join(dropped)}."
        )
    if dry_run or not new:
        return report
    ensure_not_locked(plan)
    rows = [{column_index(sheet.letters[h]): v for h, v in r.values.items() if h in sheet.letters} for r in new]
    actual = dataset.spelled[schema.APPRECIATIONS]
    appended = []

    def write(tmp: Path) -> None:
        appended.append(append_rows(plan, tmp, actual, sheet.header_row, rows))

    from qualixl.backup import make_backup  # the one backup policy of the project

    report.backup = atomic_write(
        plan, write, lambda tmp: verify_appended(tmp, appended[-1], rows, plan), stamp=stamp,
        operation="l'import", backup=make_backup if backup else None,
    )
    report.written, report.rows = True, (appended[-1].first_row, appended[-1].last_row)
    if journal:
        _log_in_journal(plan, report)
    return report


def _log_in_journal(plan: Path, report: ImportReport) -> None:
    """Record the import in the Journal; the Journal is a generated sheet, so a refresh rewrites it.

    The rows are already safely in the workbook: a refresh that cannot run (a staff sheet
    named like a generated one, say) is reported, not raised.
    """
    from qualixl.refresh import edited_warning, refresh  # refresh reads through this package's siblings only

    try:
        result = refresh(plan, backup=False, events=[("import", report.journal_detail())])
    except QualixlError as exc:
        report.warnings.append(f"Réponses importées, mais le journal n'a pas pu être mis à jour : {exc}")
    else:
        report.journal = True
        if result.edited_by_hand:  # the import's own backup, made before the append, holds them
            report.warnings.append(edited_warning(result.edited_by_hand, backup=report.backup is not None, done=True))


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
