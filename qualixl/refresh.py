"""The monthly command: read, check, compute, render the generated sheets, graft them, replace.

One direction only (DESIGN.md): the host package is read once; the generated sheets
are rendered into a separate workbook; the package layer splices them into a copy of
the host, every other part copied unchanged; the copy is verified, the original is
backed up, and the copy replaces it atomically. An interrupted refresh leaves the
original byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qualixl import __version__, leftovers, schema
from qualixl import backup as backups
from qualixl.backup import BACKUP_FOLDER, BACKUPS_KEPT, make_backup  # noqa: F401 (the refresh's policy, re-exported)
from qualixl.collector import cycle_collector_paused
from qualixl.oserrors import french
from qualixl.safe_write import atomic_write, ensure_not_locked, file_stamp

if TYPE_CHECKING:
    from qualixl.grids import SheetGrids
    from qualixl.reading import Dataset
    from qualixl.render import RenderContext

# The stages (reading, checks, kpis, diagnostic, render, ooxml, journal) load pandas, lxml
# and XlsxWriter: each function imports those it uses, so that `import qualixl` stays light
# and the CLI can start parsing the workbook (qualixl.grids) while they load.

@dataclass
class RefreshResult:
    """What a refresh did, for the CLI summary and for callers of the library.

    `dataset` is the workbook as read (typed frames per sheet) when `refresh` was asked
    to keep it (`keep_dataset=True`): a caller who wants to look further, and the CLI,
    which then ends without freeing its millions of cells one by one (cli.run). Otherwise
    None, so that holding a result does not hold a gigabyte of cells at Excel's row limit.
    """

    path: Path
    written: bool
    findings: list
    kpis: object  # the KPI DataFrame
    context: RenderContext
    dataset: Dataset | None = None
    backup: Path | None = None
    edited_by_hand: list[str] = field(default_factory=list)
    host_flaws: list[str] = field(default_factory=list)  # already in the workbook, kept as they were
    other_names: int = 0  # hard links of the workbook, which keep the previous version (atomic replace)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == schema.ERROR)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


@cycle_collector_paused()
def refresh(
    path: Path | str,
    as_of: dt.date | None = None,
    output: Path | str | None = None,
    *,
    dry_run: bool = False,
    backup: bool = True,
    progress: Callable[[str], None] | None = None,
    events: Sequence[tuple[str, str]] = (),
    grids: SheetGrids | None = None,
    keep_dataset: bool = False,
    staged: Path | str | None = None,
    stamp: tuple[int, int, str] | None = None,
) -> RefreshResult:
    """Regenerate the dashboard, trends, checks and journal inside the workbook at `path`.

    `events` are (operation, detail) pairs logged in the Journal before this refresh's
    own row: `import` passes the export it appended. `grids` is a SheetGrids already
    parsing `path` (the CLI starts it before importing pandas); its stamp stands for
    the file as read. `keep_dataset` puts the dataset read on the result.

    `staged` is a copy of `path` that the caller already changed (import's appended rows),
    in the same folder: it is read and grafted in place of `path`, and the result replaces
    `path` in one write, so the change and the generated sheets that account for it land
    together or not at all. `stamp` is `path` as the caller first read it: a save made
    since then stops the write.
    """
    from qualixl import ooxml
    from qualixl.beside import Beside
    from qualixl.facts import facts_of
    from qualixl.reading import read_workbook
    from qualixl.render import ROW_WRITERS, WRITERS, render_workbook
    from qualixl.render.context import GENERATED_SHEETS, NOTICE

    say = progress or (lambda _message: None)
    path = Path(path)
    target = Path(output) if output is not None else path
    in_place = target.resolve() == path.resolve()
    as_of = as_of or dt.date.today()
    say("Lecture du classeur…")
    source = Path(staged) if staged is not None else path  # the package read and grafted
    if stamp is None:
        stamp = grids.stamp if grids is not None and grids.stamp is not None else file_stamp(path)
    dataset = read_workbook(source, grids)
    if dry_run:
        return _compute(dataset, source, as_of, events, say, row_sheets=True, keep_dataset=keep_dataset,
                        target=target, backup=False)
    with contextlib.ExitStack() as stack:
        # The standard library's first look at TMPDIR writes and removes an unprefixed probe file; done
        # here, before the write phase, a run killed while writing never leaves one nobody can recognise.
        temp = tempfile.gettempdir()
        work = Path(stack.enter_context(_working_folder(temp)))
        rows_package = work / "rows.xlsx"
        facts_of(dataset, as_of)  # derived once, before the fork, for both processes
        beside = stack.enter_context(Beside(functools.partial(render_row_sheets, rows_package, dataset, as_of)))
        result = _compute(dataset, source, as_of, events, say, row_sheets=False, keep_dataset=keep_dataset,
                          target=target, backup=backup and in_place)
        context = result.context
        ensure_not_locked(path)
        if not in_place:
            ensure_not_locked(target)
        say("Écriture des feuilles générées…")
        result.other_names = _hard_links(target) if in_place else 0
        generated = work / "generated.xlsx"
        try:
            names = render_workbook(generated, context, tuple(w for w in WRITERS if w not in ROW_WRITERS))
            # Each process reads back its own package for the marks' values digests, before they meet.
            digests = ooxml.values_digests(generated, names)
            beside.join()
            digests.update(json.loads(_digests_file(rows_package).read_text(encoding="utf-8")))
        except OSError as exc:
            raise french(exc, "d'écrire les feuilles générées dans le dossier temporaire", work) from exc

        def write(tmp: Path) -> None:
            graft = ooxml.graft_sheets(source, [generated, rows_package], tmp, signature=NOTICE,
                                       order=GENERATED_SHEETS, digests=digests)
            result.edited_by_hand = list(graft.edited_by_hand)

        def verify(tmp: Path) -> None:
            # Staff sheets are raw copies of entries read above; calamine re-reads what was written.
            result.host_flaws = ooxml.verify_package(
                tmp, read_sheets=GENERATED_SHEETS, source=source, read_in_source=dataset.spelled.values(),
                label=path.name,
            )

        result.backup = atomic_write(
            target, write, verify=verify, stamp=stamp if in_place else None, operation="le refresh",
            backup=backups.make_backup if backup and in_place else None,
        )
    result.written = True
    return result


def _compute(dataset: Dataset, source: Path, as_of: dt.date, events, say, *, row_sheets: bool, keep_dataset: bool,
             target: Path, backup: bool) -> RefreshResult:
    """Checks, KPIs and everything the generated sheets show (without the row sheets' figures when
    they are rendered beside, `row_sheets=False`); warns before anything is replaced."""
    from qualixl import journal, ooxml
    from qualixl.checks import run_checks
    from qualixl.kpis import compute_kpis
    from qualixl.render.context import NOTICE

    say("Contrôles de cohérence…")
    findings = run_checks(dataset, as_of)
    say("Calcul des indicateurs…")
    kpis = compute_kpis(dataset, as_of=as_of)
    previous = ooxml.inspect_generated(source, signature=NOTICE)
    rows = journal.previous_rows(source, [sheet.name for sheet in previous])
    context = build_context(dataset, kpis, findings, as_of, rows, events, row_sheets=row_sheets)
    result = RefreshResult(target, False, findings, kpis, context, dataset if keep_dataset else None)
    result.edited_by_hand = [sheet.name for sheet in previous if sheet.edited_by_hand]
    if result.edited_by_hand:  # said before anything is replaced
        say(edited_warning(result.edited_by_hand, backup=backup))
    return result


def render_row_sheets(path: Path, dataset: Dataset, as_of: dt.date) -> None:
    """Boucle d'amélioration and Par formation, written to their own package at `path`: drawn from the
    rows and their facts alone, they are rendered in a second process (qualixl.beside) while the
    parent checks and computes; the graft then takes both packages. The values digests of those
    sheets, which the graft's marks carry, are taken here too, beside the package."""
    from qualixl.ooxml import values_digests
    from qualixl.render import ROW_WRITERS, render_workbook

    context = _base_context(dataset, None, [], as_of)
    _row_figures(context, dataset, as_of)
    names = render_workbook(path, context, ROW_WRITERS)
    _digests_file(path).write_text(json.dumps(values_digests(path, names)), encoding="utf-8")


def _digests_file(package: Path) -> Path:
    """Where render_row_sheets leaves the values digests of the sheets it wrote (read by the graft's marks)."""
    return package.with_suffix(".digests.json")


def _hard_links(path: Path) -> int:
    """How many other names (hard links) the workbook has: the atomic replace gives only this one
    the new version, which the summary says (writing in place would risk a half-written file)."""
    try:
        return max(os.stat(path).st_nlink - 1, 0)
    except OSError:
        return 0


def build_context(
    dataset: Dataset, kpis, findings, as_of: dt.date, previous: list[list], events: Sequence[tuple[str, str]] = (),
    *, row_sheets: bool = True,
) -> RenderContext:
    """Everything the generated sheets show, including this refresh's journal row.

    `row_sheets=False` leaves out the figures of Boucle d'amélioration and Par formation
    (`loop`, `groups`), which a refresh renders in a second process (render_row_sheets).
    """
    from qualixl import journal
    from qualixl.diagnostic import build_annual, diagnose
    from qualixl.publication import published_rows

    context = _base_context(dataset, kpis, findings, as_of)
    context.diagnostic = diagnose(dataset, as_of, kpis=kpis)
    context.annual = build_annual(dataset, kpis, as_of)
    if row_sheets:
        _row_figures(context, dataset, as_of)
    context.published = published_rows(dataset, kpis, as_of)
    logged = [journal.event_row(operation, detail, context) for operation, detail in events]
    context.journal_rows = [*previous, *logged, journal.refresh_row(dataset, context)]
    return context


def _base_context(dataset: Dataset, kpis, findings, as_of: dt.date) -> RenderContext:
    """The context's banner (organisme, dates, référentiel) and KPI-wide figures; no sheet's own report."""
    from qualixl.kpis import exercise_label, month_labels
    from qualixl.referentiel import choose
    from qualixl.render import RenderContext

    start = dataset.parameters.exercise_start_month
    exercise = exercise_label(as_of, start)
    periods = kpis["period"].unique() if kpis is not None else ()
    return RenderContext(
        organisme=dataset.parameters.organisme,
        as_of=as_of,
        version=__version__,
        exercise=exercise,
        months=month_labels(as_of, 24),
        exercises=sorted({p for p in periods if _is_exercise(p)} | {exercise}),
        kpis=kpis,
        findings=findings,
        targets=_targets(kpis),
        action_status=_counts(dataset, schema.PLAN, "Statut"),
        action_origin=_counts(dataset, schema.PLAN, "Origine"),
        dropped_from=_dropped_from(dataset, kpis),
        referentiel=choose(dataset.parameters.referentiel, as_of).version.name,
    )


def _row_figures(context: RenderContext, dataset: Dataset, as_of: dt.date) -> None:
    """The figures of the sheets drawn from rows and facts alone (Boucle d'amélioration, Par formation)."""
    from qualixl.diagnostic.loop import build_loop
    from qualixl.kpis.groups import BY_TRAINER, BY_TRAINING, group_kpis_by

    context.loop = build_loop(dataset, as_of)
    context.groups = group_kpis_by(dataset, as_of, (BY_TRAINING, BY_TRAINER))


def _dropped_from(dataset, kpis) -> dict[tuple[str, int], tuple[str, ...]]:
    """Each row left out of a KPI for an invalid cell, with the labels of the KPIs it drops out of."""
    out: dict[tuple[str, int], list[str]] = {}
    for code, lost in (getattr(kpis, "attrs", {}) or {}).get("excluded_rows", {}).items():
        sheet = dataset.spelled.get(lost["sheet"], lost["sheet"])
        for row in lost["rows"]:
            out.setdefault((sheet, row), []).append(schema.KPIS_BY_CODE[code].label)
    return {key: tuple(labels) for key, labels in out.items()}


def _is_exercise(period: str) -> bool:
    return len(period) == 4 and period.isdigit() or (len(period) == 9 and period[4] == "-" and period[:4].isdigit())


def _targets(kpis) -> dict[str, float]:
    attrs = getattr(kpis, "attrs", {}) or {}
    return {code: float(t["target"]) for code, t in (attrs.get("targets") or {}).items()}


def _counts(dataset: Dataset, sheet: str, column: str) -> dict[str, int]:
    data = dataset.get(sheet)
    if data is None:
        return {}
    return {str(k): int(v) for k, v in data.values[column].dropna().value_counts().items()}


@contextlib.contextmanager
def _working_folder(temp: str):
    """A folder in TMPDIR (`temp`) for the rendered sheets, named so that a killed run's is removed by
    the next (safe_write's atomic_write removes the abandoned ones)."""
    try:
        folder = tempfile.TemporaryDirectory(prefix=leftovers.folder_prefix(), dir=temp)
    except OSError as exc:
        raise french(exc, "de créer un dossier de travail dans le dossier temporaire", temp) from exc
    with folder as work:
        yield work


def summary(result: RefreshResult, *, dry_run: bool = False) -> str:
    """The short French report printed by `qualixl refresh`."""
    from qualixl.render.controls import summary as findings_summary

    ctx = result.context
    lines = []
    if dry_run:
        lines.append(f"Simulation (rien n'a été écrit) — arrêté au {ctx.as_of:%d/%m/%Y}")
    else:
        lines.append(f"Classeur mis à jour : {result.path} — arrêté au {ctx.as_of:%d/%m/%Y}")
    for code, period, label in HEADLINES:
        record = ctx.kpi(code, ctx.stock_period if period is None else period)
        lines.append(f"  {label} : {_headline_value(code, record)}")
    lines.append(f"  Contrôles : {findings_summary(result.findings)}")
    if result.edited_by_hand:
        lines.append("  " + edited_warning(result.edited_by_hand, backup=result.backup is not None, done=result.written))
    for flaw in result.host_flaws:
        lines.append(f"  Information : {flaw} (déjà le cas dans le classeur, laissé tel quel)")
    if result.other_names and result.written:
        lines.append(
            f"  Information : le classeur avait {result.other_names} autre(s) nom(s) (lien physique) ; ce(s) "
            "nom(s) montre(nt) toujours l'ancienne version : seul ce nom-ci a été mis à jour."
        )
    if result.backup is not None:
        lines.append(f"  Sauvegarde de l'original : {result.backup}")
    return "\n".join(lines)


def edited_warning(sheets: list[str], *, backup: bool, done: bool = False) -> str:
    """The warning for generated sheets typed in by hand: said before they are replaced, and in the summary."""
    names = ", ".join(f"« {name} »" for name in sheets)
    verb = "ont été remplacées" if done else "vont être remplacées"
    kept = ("leur version modifiée est gardée dans la sauvegarde (.qualixl/)" if backup
            else "aucune sauvegarde n'en est gardée (--no-backup ou --output)")
    return (f"Attention : feuille(s) générée(s) modifiée(s) à la main depuis le dernier refresh : {names} ; "
            f"elles {verb} (ne saisissez rien dans les feuilles générées) ; {kept}.")


HEADLINES = (
    ("SAT_TAUX", "12M", "Satisfaction (12 mois)"),
    ("REC_NB", "12M", "Réclamations (12 mois)"),
    ("REC_OUVERTES", None, "Réclamations non clôturées"),
    ("ACT_RETARD", None, "Actions en retard"),
)


def _headline_value(code: str, record: dict | None) -> str:
    """A headline KPI as the sheets show it (qualixl.figures), with its n and what it left out."""
    from qualixl import figures

    value = None if record is None else record.get("value")
    if figures.missing(value):
        return "non calculable (aucune donnée)"
    kpi = schema.KPIS_BY_CODE[code]
    n = record.get("n")
    status = record.get("status")
    extra = f" (n = {int(n)})" if kpi.unit == "taux" and not figures.missing(n) else ""
    lost = f", {figures.excluded_note(int(record['excluded']))}" if record.get("excluded") else ""
    return figures.kpi_value(code, value) + extra + lost + (f" — {status}" if isinstance(status, str) else "")
