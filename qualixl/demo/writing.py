"""Writing the demo workbook: through the template, atomically, then re-opened to be sure.

`write_demo` is what `qualixl demo` runs; `write_workbook` also takes data of any size
(scripts/make_workbook.py writes the benchmark workbooks with it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from qualixl import schema
from qualixl.demo.generation import generate
from qualixl.demo.settings import DEMO_PARAMETERS


def write_workbook(path: Path | str, data: Mapping[str, Sequence[Sequence[object]]],
                   parameters: Mapping[str, object] | None = None) -> Path:
    """Write `data` as a workbook through the template, atomically, verified with python-calamine."""
    from qualixl import template
    from qualixl.safe_write import atomic_write, ensure_not_locked

    path = Path(path)
    ensure_not_locked(path)
    params = dict(DEMO_PARAMETERS if parameters is None else parameters)

    def write(tmp: Path) -> None:
        template.build_workbook(tmp, parameters=params, rows=data)

    atomic_write(path, write, _verifier(data, params.get("Organisme")))
    return path


def _verifier(data: Mapping[str, Sequence[Sequence[object]]], organisme: object) -> Callable[[Path], None]:
    """Re-open the written file: every sheet written is there and Paramètres names the organisation.

    The big sheets are not re-read (a million rows would double the time); the row
    counts are checked by the tests.
    """

    def verify(tmp: Path) -> None:
        import python_calamine

        from qualixl.errors import QualixlError

        book = python_calamine.CalamineWorkbook.from_path(str(tmp))
        try:
            missing = [name for name in (schema.PARAMETRES, *data) if name not in book.sheet_names]
            if missing:
                raise QualixlError(f"Classeur de démonstration incomplet : feuille(s) absente(s) {', '.join(missing)}.")
            grid = book.get_sheet_by_name(schema.PARAMETRES).to_python()
        finally:
            book.close()
        if not any(row[:2] == ["Organisme", organisme] for row in grid):
            raise QualixlError("Classeur de démonstration illisible : l'organisme n'apparaît pas dans Paramètres.")

    return verify


def write_demo(path: Path | str, *, rows: int = 2000, seed: int = 2026, today: dt.date | None = None) -> Path:
    """Generate the demo data and write it as a workbook at `path`; returns the path."""
    return write_workbook(path, generate(rows, seed=seed, today=today))
