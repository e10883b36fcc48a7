"""The `qualixl` command: a thin click skin over the library.

Each command parses its options, calls one public function, prints French text and
sets the exit code. Errors a user can cause arrive as QualixlError and become a
one-line French message with exit code 2, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from pathlib import Path

import click

from qualixl import __version__
from qualixl.errors import QualixlError


def _friendly_errors(command):
    """Turn QualixlError into its French message and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except QualixlError as exc:
            click.echo(f"Erreur : {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper


def _parse_as_of(_ctx, _param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"« {value} » n'est pas une date AAAA-MM-JJ.") from None


AS_OF = click.option(
    "--as-of",
    callback=_parse_as_of,
    metavar="AAAA-MM-JJ",
    help="Date d'arrêté des calculs (par défaut : aujourd'hui).",
)
WORKBOOK = click.argument("workbook", type=click.Path(path_type=Path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qualixl")
def main() -> None:
    """qualixl : le plan d'amélioration continue Qualiopi tenu dans Excel."""


@main.command()
@WORKBOOK
@click.option("--organisme", default="", help="Nom de l'organisme à inscrire dans Paramètres.")
@click.option("--force", is_flag=True, help="Remplacer le fichier s'il existe déjà.")
@_friendly_errors
def init(workbook: Path, organisme: str, force: bool) -> None:
    """Crée un classeur vierge à partir du modèle."""
    from qualixl.template import init_workbook

    init_workbook(workbook, organisme=organisme, force=force)
    click.echo(f"Classeur créé : {workbook}")


@main.command()
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("demo.xlsx"), show_default=True)
@_friendly_errors
def demo(output: Path) -> None:
    """Crée un classeur de démonstration (organisme fictif, deux exercices)."""
    from qualixl.demo import write_demo

    write_demo(output)
    click.echo(f"Classeur de démonstration créé : {output.resolve()}")
