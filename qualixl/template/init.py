"""Create a user's workbook from the packaged template (`qualixl init`).

Nothing is rebuilt: the template is copied (a test keeps it equal to a fresh build) and
only the Paramètres sheet part is rewritten to fill in the organisation's name, so every
other part stays exactly as shipped. The copy is verified before it replaces anything.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import python_calamine

from qualixl import schema
from qualixl.errors import QualixlError
from qualixl.oserrors import french
from qualixl.safe_write import atomic_write, ensure_not_locked
from qualixl.template.package_xml import copy_with_parameter
from qualixl.template.parameters_sheet import PARAM_KEY, PARAM_VALUE
from qualixl.template.readme_sheet import README_SHEET

# Package data (qualixl/templates/), beside this package, rebuilt by scripts/build_template.py.
TEMPLATE_PATH = Path(__file__).parent.parent / "templates" / "plan_amelioration.xlsx"


def init_workbook(path: str | Path, *, organisme: str = "", force: bool = False) -> None:
    """Create a new workbook at `path` from the packaged template, with Organisme filled in.

    Refuses to replace an existing file unless `force`; writes through a verified temporary
    file, so a failure leaves nothing half-written.
    """
    target = Path(path)
    _check_target(target, force)
    template = _template_file()
    name = organisme.strip()

    def write(tmp: Path) -> None:
        if name:
            copy_with_parameter(template, tmp, "Organisme", name)
        else:
            shutil.copyfile(template, tmp)

    try:
        atomic_write(target, write, lambda tmp: _verify_new_workbook(tmp, name))
    except OSError as exc:
        raise french(exc, "d'écrire", target) from exc


def _check_target(target: Path, force: bool) -> None:
    """Refuse a wrong extension or an existing file; create the folder if needed."""
    if target.suffix.lower() != ".xlsx":
        raise QualixlError(f"Le classeur à créer doit porter l'extension .xlsx : {target.name}")
    if target.is_dir():
        raise QualixlError(f"{target} est un dossier : indiquez le nom du classeur à créer (.xlsx).")
    if target.exists() and not force:
        raise QualixlError(f"{target} existe déjà : ajoutez --force pour le remplacer.")
    ensure_not_locked(target)
    folder = target.parent
    if str(folder) and not folder.is_dir():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise french(exc, "de créer le dossier", folder) from exc


def _template_file() -> Path:
    """The packaged template, or a clear error when an incomplete install lost it."""
    if not TEMPLATE_PATH.is_file():
        raise QualixlError(
            f"Modèle introuvable ({TEMPLATE_PATH}) : l'installation de qualixl est incomplète, réinstallez-le."
        )
    return TEMPLATE_PATH


def _verify_new_workbook(path: Path, organisme: str) -> None:
    """Re-open the written file with python-calamine: every sheet there, Organisme as asked."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            names = list(book.sheet_names)
            params = book.get_sheet_by_name(schema.PARAMETRES).to_python() if schema.PARAMETRES in names else []
        finally:
            book.close()
    except Exception as exc:  # noqa: BLE001 - any parser failure means an unsound file
        raise QualixlError(f"Le classeur produit est illisible ({exc}) : rien n'a été écrit.") from exc
    expected = [README_SHEET, *(s.name for s in schema.SHEETS)]
    missing = [name for name in expected if name not in names]
    if missing:
        raise QualixlError(f"Le classeur produit n'a pas les feuilles {', '.join(missing)} : rien n'a été écrit.")
    if organisme and _parameter_value(params, "Organisme") != organisme:
        raise QualixlError("Le nom de l'organisme n'a pas pu être inscrit dans Paramètres : rien n'a été écrit.")


def _parameter_value(grid: Sequence[Sequence[object]], parameter: str) -> object:
    """Read a parameter's value from a calamine grid whose first row holds the headers."""
    if not grid:
        return None
    header = [schema.normalize(h) for h in grid[0]]
    try:
        key, value = header.index(schema.normalize(PARAM_KEY)), header.index(schema.normalize(PARAM_VALUE))
    except ValueError:
        return None
    for row in grid[1:]:
        if schema.normalize(row[key]) == schema.normalize(parameter):
            return row[value]
    return None
