"""`import_export`: survey export in, new Appréciations rows out, once and only once.

One direction, like refresh: read the workbook (reading.read_workbook) and the export;
map and convert; drop the responses whose ID is already in the sheet; append the others
at the part level (ooxml.append_rows) into a temporary file beside the workbook; verify
it; check the original was not saved meanwhile; keep a copy; replace atomically. Any
error before the replace leaves the workbook byte for byte as it was; an export with
nothing new does not write at all.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from qualixl import schema
from qualixl.errors import QualixlError
from qualixl.importing import guess, records, sources
from qualixl.importing.exportfile import read_export_file
from qualixl.importing.lookups import DEFAULT_STAKEHOLDER, Lookups
from qualixl.importing.mapfile import load_mapping
from qualixl.importing.report import ImportReport
from qualixl.importing.verify import verify_appended
from qualixl.ooxml.append_rows import append_rows, column_index
from qualixl.parsing import ScoreScale
from qualixl.reading import SheetData, read_workbook
from qualixl.safe_write import atomic_write, ensure_not_locked


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
) -> ImportReport:
    """Append the export's new responses to the Appréciations sheet of `plan`; see ImportReport."""
    plan, export = Path(plan), Path(export)
    stamp = _stamp(plan)
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
    existing = {str(v).strip().casefold() for v in sheet.values["ID"].dropna()}
    new = []
    for response in built.responses:
        if response.id.casefold() in existing:
            report.already_present += 1
        else:
            existing.add(response.id.casefold())
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
    actual = next(n for n in dataset.sheet_names if schema.normalize(n) == schema.normalize(schema.APPRECIATIONS))
    appended = []

    def write(tmp: Path) -> None:
        appended.append(append_rows(plan, tmp, actual, sheet.header_row, rows))

    def before_replace() -> None:
        if _stamp(plan) != stamp:
            raise QualixlError(
                f"{plan.name} a été modifié pendant l'import (enregistré dans Excel ?) : rien n'a été écrit, "
                "relancez la commande."
            )
        if backup:
            from qualixl.refresh import make_backup  # the one backup policy of the project

            report.backup = make_backup(plan)

    atomic_write(plan, write, lambda tmp: verify_appended(tmp, appended[-1], rows), before_replace)
    report.written, report.rows = True, (appended[-1].first_row, appended[-1].last_row)
    return report


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


def _stamp(path: Path) -> tuple[int, int, str]:
    """Size, mtime and SHA-256 of the workbook, to notice a save made in Excel meanwhile."""
    if not path.exists():
        return (0, 0, "")
    stat = os.stat(path)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return (stat.st_size, stat.st_mtime_ns, digest.hexdigest())
