"""The `qualixl` command: a thin click skin over the library.

Each command parses its options, calls one public function, prints French text and
sets the exit code. Errors a user can cause arrive as QualixlError and become a
one-line French message with exit code 2, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
import traceback
from pathlib import Path

import click

from qualixl import __version__, clitext
from qualixl.errors import QualixlError

INTERNAL_ERROR = 3  # an unexpected failure: a qualixl bug, never read as « written with errors » (1)

clitext.install()  # click's own texts (usage, help, errors, suggestions) in French


def _friendly_errors(command):
    """Turn QualixlError, and any OSError, into a French message and exit code 2, any other failure into 3.

    An OSError (a full disk, a refused access) names the full path, in French. An
    unexpected exception is a qualixl bug: one French line says so (the traceback
    only with `qualixl --debug`), and the code is 3, so that no script reads a crash as
    exit code 1, « written with errors ».
    """

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except QualixlError as exc:
            click.echo(f"Erreur : {exc}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            from qualixl.oserrors import french

            message = french(exc, "d'accéder à")
            click.echo(f"Erreur : {message}", err=True)
            sys.exit(QualixlError.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if click.get_current_context().find_root().params.get("debug"):
                traceback.print_exc()
            click.echo(
                f"Erreur interne de qualixl ({type(exc).__name__}) : c'est un défaut du logiciel, pas de votre "
                "classeur, qui n'a pas été modifié. Relancez avec « qualixl --debug … » et signalez le message.",
                err=True,
            )
            sys.exit(INTERNAL_ERROR)

    return wrapper


DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


def _parse_as_of(_ctx, _param, value: str | None) -> dt.date | None:
    """A date as French users write it (JJ/MM/AAAA) or as scripts do (AAAA-MM-JJ)."""
    if value is None:
        return None
    for form in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value.strip(), form).date()
        except ValueError:
            continue
    raise click.BadParameter(f"« {value} » n'est pas une date JJ/MM/AAAA ou AAAA-MM-JJ.")


AS_OF = click.option(
    "--as-of",
    callback=_parse_as_of,
    metavar="JJ/MM/AAAA",
    help="Date d'arrêté des calculs, JJ/MM/AAAA ou AAAA-MM-JJ (par défaut : aujourd'hui).",
)
WORKBOOK = click.argument("workbook", metavar="CLASSEUR", type=click.Path(path_type=Path))
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def _ensure_new_output(path: Path, force: bool, *, suffixes: tuple[str, ...] = WORKBOOK_SUFFIXES) -> None:
    """Refuse a wrong extension, or an existing file without --force (as `init` does)."""
    if path.suffix.lower() not in suffixes:
        raise QualixlError(
            f"Le fichier à écrire doit porter l'extension {' ou '.join(suffixes)} : {path.name}"
        )
    if path.is_dir():
        raise QualixlError(f"{path.resolve()} est un dossier : indiquez un nom de fichier {suffixes[0]}.")
    if path.exists() and not force:
        raise QualixlError(f"{path.resolve()} existe déjà : ajoutez --force pour le remplacer.")


def _start_reading(workbook: Path):
    """Start parsing the workbook's sheets on worker threads before the command imports pandas.

    The SheetGrids goes to `read_workbook`, which closes it; a file that cannot be read
    is reported there, in French.
    """
    from qualixl.grids import SheetGrids

    return SheetGrids(workbook)


@click.group(name="qualixl", context_settings={"help_option_names": ["-h", "--help"]},
             subcommand_metavar="COMMANDE [ARGUMENTS]...")
@click.version_option(__version__, prog_name="qualixl")
@click.option("--debug", is_flag=True, help="Afficher la trace complète d'une erreur interne.")
def main(debug: bool) -> None:
    """qualixl : le plan d'amélioration continue Qualiopi tenu dans Excel."""


@main.command()
@WORKBOOK
@click.option("--organisme", default="", metavar="NOM", help="Nom de l'organisme à inscrire dans Paramètres.")
@click.option("--force", is_flag=True, help="Remplacer le fichier s'il existe déjà.")
@_friendly_errors
def init(workbook: Path, organisme: str, force: bool) -> None:
    """Crée un classeur vierge à partir du modèle."""
    from qualixl.template import init_workbook

    init_workbook(workbook, organisme=organisme, force=force)
    click.echo(f"Classeur créé : {workbook}")


@main.command()
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("demo.xlsx"), show_default=True,
              metavar="FICHIER", help="Le classeur à créer (.xlsx).")
@click.option("--rows", type=click.IntRange(min=0), default=2000, show_default=True, metavar="N",
              help="Nombre d'appréciations (sessions, réclamations et actions suivent).")
@click.option("--seed", type=int, default=2026, show_default=True, metavar="N",
              help="Graine du générateur : mêmes options, même classeur.")
@click.option("--today", callback=_parse_as_of, metavar="JJ/MM/AAAA",
              help="Date du jour simulée, JJ/MM/AAAA ou AAAA-MM-JJ (par défaut : aujourd'hui).")
@click.option("--force", is_flag=True, help="Remplacer le fichier s'il existe déjà.")
@_friendly_errors
def demo(output: Path, rows: int, seed: int, today: dt.date | None, force: bool) -> None:
    """Crée un classeur de démonstration (organisme fictif, deux exercices) et son tableau de bord."""
    from qualixl.demo import write_demo
    from qualixl.refresh import refresh as run_refresh
    from qualixl.refresh import summary

    _ensure_new_output(output, force, suffixes=(".xlsx",))
    write_demo(output, rows=rows, seed=seed, today=today)
    result = run_refresh(output, today, backup=False)
    click.echo(summary(result))
    click.echo(f"Classeur de démonstration prêt : {output.resolve()} — ouvrez-le dans Excel ou LibreOffice.")


@main.command()
@WORKBOOK
@AS_OF
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON : une liste d'anomalies (pour les scripts).")
@_friendly_errors
def check(workbook: Path, as_of: dt.date | None, as_json: bool) -> None:
    """Contrôle le classeur sans le modifier ; code de sortie 1 s'il contient des erreurs."""
    grids = _start_reading(workbook)
    import json

    from qualixl.checks import as_dicts, counts, format_findings, run_checks
    from qualixl.reading import read_workbook

    dataset = read_workbook(workbook, grids)
    findings = run_checks(dataset, as_of)
    if as_json:
        click.echo(json.dumps(as_dicts(findings), ensure_ascii=False, indent=2))
    else:
        click.echo(format_findings(findings, dataset.missing_optional))
    errors, _warnings = counts(findings)
    sys.exit(1 if errors else 0)


def _parse_period(_ctx, _param, value: str | None) -> str | None:
    if value is None:
        return None
    from qualixl.kpis import period_kind

    value = value.strip().upper()
    if period_kind(value) is None:
        raise click.BadParameter(
            f"« {value} » n'est pas une période : 12M, AAAA, AAAA-AAAA, AAAA-MM, AAAA-Tn ou AAAA-MM-JJ."
        )
    return value


@main.command()
@WORKBOOK
@AS_OF
@click.option(
    "--period",
    callback=_parse_period,
    metavar="PÉRIODE",
    help="Une seule période : 12M, AAAA (ou AAAA-AAAA), AAAA-MM, AAAA-Tn, ou AAAA-MM-JJ pour les stocks. "
    "Par défaut : l'exercice en cours, les 12 mois glissants et les stocks à la date d'arrêté.",
)
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON : tous les indicateurs, périodes et catégories.")
@_friendly_errors
def kpi(workbook: Path, as_of: dt.date | None, period: str | None, as_json: bool) -> None:
    """Calcule les indicateurs (taux, moyennes, effectifs) par période et catégorie."""
    grids = _start_reading(workbook)
    import json

    from qualixl.kpis import compute_kpis, format_kpis, format_notes, kpi_records
    from qualixl.reading import read_workbook

    result = compute_kpis(read_workbook(workbook, grids), as_of)
    if as_json:
        rows = result if period is None else result[result["period"] == period]
        click.echo(json.dumps(kpi_records(rows), ensure_ascii=False, indent=2))
        click.echo(format_notes(result), err=True)
    else:
        click.echo(format_kpis(result, period=period), nl=False)


@main.command()
@WORKBOOK
@AS_OF
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON : une ligne par exigence (pour les scripts).")
@_friendly_errors
def diagnostic(workbook: Path, as_of: dt.date | None, as_json: bool) -> None:
    """Situe le classeur face aux indicateurs Qualiopi 30, 31 et 32 (et 2, 3, 12), avant l'auditeur."""
    grids = _start_reading(workbook)
    import json

    from qualixl.diagnostic import as_document, diagnose, format_diagnostic
    from qualixl.reading import read_workbook
    from qualixl.referentiel import choose

    dataset = read_workbook(workbook, grids)
    as_of = as_of or dt.date.today()
    lines = diagnose(dataset, as_of)
    version = choose(dataset.parameters.referentiel, as_of).version.name
    if as_json:
        click.echo(json.dumps(as_document(lines, version, as_of), ensure_ascii=False, indent=2))
    else:
        click.echo(format_diagnostic(lines, dataset.parameters.organisme, as_of, referentiel=version))


@main.command()
@WORKBOOK
@AS_OF
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("indicateurs.html"), show_default=True,
              help="Page HTML à écrire.")
@click.option("--csv", "csv_path", type=click.Path(path_type=Path),
              help="Fichier CSV à écrire (par défaut : le nom de la page, en .csv).")
@_friendly_errors
def publier(workbook: Path, as_of: dt.date | None, output: Path, csv_path: Path | None) -> None:
    """Publie les indicateurs de résultats et leur méthode de calcul (indicateur 2) : une page HTML et un CSV."""
    grids = _start_reading(workbook)
    from qualixl.publication import publish
    from qualixl.reading import read_workbook

    result = publish(read_workbook(workbook, grids), as_of, output, csv_path)
    click.echo(f"{len(result.rows)} résultat(s) publié(s) (référentiel RNQ {result.referentiel}) : "
               f"{result.html} et {result.csv}")


class _ImportCommand(click.Command):
    """`qualixl import`, whose help ends with the mapping file's format.

    That text lives with the importer, which loads pandas: it is fetched when the help
    is shown, not each time the CLI starts.
    """

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from qualixl.importing.mapfile import FORMAT_HELP

        self.epilog = FORMAT_HELP
        super().format_epilog(ctx, formatter)


@main.command("import", cls=_ImportCommand)
@WORKBOOK
@click.argument("export", metavar="EXPORT", type=click.Path(path_type=Path))
@click.option(
    "--source",
    type=click.Choice(["auto", "google", "microsoft", "limesurvey", "surveymonkey", "typeform", "csv"]),
    default="auto",
    show_default=True,
    help="Outil qui a produit l'export (auto : reconnu par ses en-têtes).",
)
@click.option("--session", metavar="ID", help="ID (ou intitulé) de la session, pour toutes les réponses.")
@click.option("--partie-prenante", metavar="TEXTE", help="Partie prenante de toutes les réponses (Bénéficiaire, Financeur…).")
@click.option("--temps", metavar="TEXTE", help="Moment de l'évaluation (À chaud, À froid, Six mois, Annuel, En cours).")
@click.option("--mapping", type=click.Path(path_type=Path), metavar="FICHIER", help="Fichier de correspondance TOML (voir plus bas).")
@click.option("--dry-run", is_flag=True, help="Montrer la correspondance et les comptes sans rien écrire.")
@click.option("--no-backup", is_flag=True, help="Ne pas garder de copie de l'original dans .qualixl/.")
@_friendly_errors
def import_(workbook: Path, export: Path, source: str, session: str | None, partie_prenante: str | None,
            temps: str | None, mapping: Path | None, dry_run: bool, no_backup: bool) -> None:
    """Importe les réponses d'une enquête (Google Forms, Microsoft Forms, LimeSurvey, SurveyMonkey, Typeform, CSV) dans Appréciations.

    Chaque réponse est reconnue par son identifiant dans l'outil d'enquête (ou, à défaut, par
    son contenu et son rang), gardé dans la colonne « Réf. export » : réimporter le même
    export, ou un export qui le prolonge, n'ajoute que les réponses nouvelles ; une réponse
    modifiée depuis son import est signalée, pas ajoutée une seconde fois. Les lignes, les
    feuilles générées et la ligne du Journal sont écrites en une seule fois. Code de sortie
    0, 1 si écrit mais le classeur contient des erreurs (voir Contrôles), 2 si rien n'a été écrit.
    """
    from qualixl.importing import import_export

    report = import_export(
        workbook, export, source=source, session=session, partie_prenante=partie_prenante,
        temps=temps, mapping=mapping, dry_run=dry_run, backup=not no_backup,
    )
    click.echo(report.summary())
    sys.exit(1 if report.written and report.refresh_errors else 0)


@main.command()
@WORKBOOK
@AS_OF
@click.option("--output", "-o", type=click.Path(path_type=Path), metavar="FICHIER",
              help="Écrire le résultat dans un autre classeur (.xlsx ou .xlsm) au lieu de remplacer l'original.")
@click.option("--force", is_flag=True, help="Avec --output : remplacer ce fichier s'il existe déjà.")
@click.option("--dry-run", is_flag=True, help="Calculer et afficher le résumé sans rien écrire.")
@click.option("--no-backup", is_flag=True, help="Ne pas garder de copie de l'original dans .qualixl/.")
@_friendly_errors
def refresh(workbook: Path, as_of: dt.date | None, output: Path | None, force: bool, dry_run: bool,
            no_backup: bool) -> None:
    """Régénère le tableau de bord, l'évolution, les contrôles et le journal dans le classeur.

    Les feuilles de saisie ne sont jamais réécrites : seules les feuilles générées par
    qualixl sont remplacées. Code de sortie 0 si tout va bien, 1 si le classeur a été
    écrit mais contient des erreurs (voir la feuille Contrôles), 2 si rien n'a été écrit.
    """
    if output is not None and not dry_run and not _same_file(output, workbook):
        _ensure_new_output(output, force)
    grids = _start_reading(workbook)
    from qualixl.refresh import refresh as run_refresh
    from qualixl.refresh import summary

    def progress(message: str) -> None:
        click.echo(message, err=True)

    result = run_refresh(
        workbook, as_of, output, dry_run=dry_run, backup=not no_backup, progress=progress, grids=grids,
        keep_dataset=True,  # freed by the process's end, not cell by cell (see `run`)
    )
    click.echo(summary(result, dry_run=dry_run))
    sys.exit(1 if result.errors else 0)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def run() -> None:
    """The `qualixl` console command: `main`, then a prompt exit.

    By the time a command returns, its files are written and closed and its threads
    joined. Unwinding the interpreter would then free, one by one, the objects pandas,
    NumPy and lxml created, and the cells the command read (about 0.15 s at 100,000
    rows, longer near Excel's row limit), for nothing: the output streams are flushed
    and the process ends with the command's exit code. The exit happens inside the
    `except` block, while the exception's traceback still holds the command's frame and
    what it read. `main` itself, which the tests invoke, exits normally: a profiler or a
    coverage tool, which need atexit, run `python -c "from qualixl.cli import main; main()"`.
    """
    try:
        main()
    except SystemExit as exc:
        if isinstance(exc.code, str):
            click.echo(exc.code, err=True)
        _exit_now(exc.code if isinstance(exc.code, int) else (0 if exc.code is None else INTERNAL_ERROR))
    except BaseException:  # raised outside a command (click itself): still a bug, never exit code 1
        traceback.print_exc()
        _exit_now(INTERNAL_ERROR)
    _exit_now(0)


def _exit_now(code: int) -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):  # a closed pipe, or no console at all
            code = code or 1
    os._exit(code)
