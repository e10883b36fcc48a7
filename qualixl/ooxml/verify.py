"""Re-open a package and check that it hangs together before it replaces anything.

Every relationship target exists, every part has a content type, every sheet of the
workbook has its part, and python-calamine (the reader the rest of qualixl uses) reads
every worksheet. Only what the writer is answerable for is judged: a flaw the source
package already had (a drawing's internal link `#Feuil1!A1` written without
`TargetMode`, a relationship to a part the producer never stored, a stray part without
a content type), which Excel tolerates and the writer copied as it was, is returned as
information instead of refusing the user's sound workbook. Sheet parts are first streamed through the bounded reader, which also
checks their CRC, so calamine never meets an entry that expands beyond its bounds; a
sheet whose compressed entry is byte for byte the one of the package it was copied
from is compared with it instead (as sound as the original, without inflating it again).
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Collection
from pathlib import Path

import python_calamine

from qualixl.errors import QualixlError
from qualixl.ooxml.model import CONTENT_TYPES, Model
from qualixl.ooxml.package import Package


def verify_package(
    path: Path,
    read_sheets: Collection[str] | None = None,
    source: Path | None = None,
    read_in_source: Collection[str] = (),
    label: str | None = None,
) -> list[str]:
    """Raise QualixlError unless the package at `path` hangs together; return the source's own flaws.

    `read_sheets` limits calamine's full read to those sheets (None: every worksheet).
    A caller that copied the other sheets' entries unchanged from a package calamine
    has just read passes the sheets it wrote: the copies are still streamed here, so
    their CRC is checked, without paying for a second parse of a 100k-row sheet.
    `source` is that package and `read_in_source` the sheets calamine read there in full
    (its zip reader checked their CRC): such a sheet, when its entry is identical to its
    entry in `source`, is compared, not inflated. Every other sheet is inflated here.
    A structural flaw found in `source` too is not the writer's: it is left out of the
    judgement and returned (each once, in French). `label` names the workbook in the
    message (the user's file, not the temporary one being checked).
    """
    path = Path(path)
    with Package(path) as pkg, (Package(source) if source is not None else contextlib.nullcontext()) as original:
        model = Model(pkg)
        found = _structure_problems(pkg, model)
        inherited = _structure_problems(original, Model(original)) if original is not None else []
        problems = [text for text in found if text not in inherited]
        flaws = [text for text in found if text in inherited]
        for sheet in model.sheets:
            if sheet.part is None:
                problems.append(f"la feuille « {sheet.name} » n'a pas de contenu")
                continue
            if sheet.name not in read_in_source or not _same_entry(pkg, original, sheet.part):
                for _ in pkg.iter_chunks(sheet.part):
                    pass
    if not problems:
        problems.extend(_calamine_problems(path, read_sheets))
    if problems:
        raise QualixlError(
            f"Le classeur {label or path.name} serait incohérent après écriture : " + " ; ".join(problems[:5])
            + ". Rien n'a été modifié."
        )
    return list(dict.fromkeys(flaws))


def _structure_problems(pkg: Package, model: Model) -> list[str]:
    """Dangling relationships and parts without a content type, in French, one per flaw."""
    problems = []
    for origin, targets in model.all_rels().items():
        for target in targets:
            if pkg.find(target) is None:
                problems.append(f"la relation de « {origin or '/'} » vers « {target} » ne mène à rien")
    for name in pkg.names:
        if not name.endswith("/") and name != CONTENT_TYPES and model.content_types.get(name) is None:
            problems.append(f"l'élément « {name} » n'a pas de type de contenu")
    return problems


def _same_entry(pkg: Package, original: Package | None, name: str) -> bool:
    """Whether entry `name` is stored exactly as in `original` (same CRC, sizes, method and compressed bytes)."""
    if original is None or original.find(name) != name:
        return False
    new, old = pkg.info(name), original.info(name)
    if (new.CRC, new.compress_size, new.file_size, new.compress_type) != (
        old.CRC, old.compress_size, old.file_size, old.compress_type
    ):
        return False
    try:
        return all(a == b for a, b in itertools.zip_longest(pkg.raw_chunks(new), original.raw_chunks(old)))
    except QualixlError:  # unreadable on one side: the entry is then inflated, and judged, in full
        return False


def _calamine_problems(path: Path, read_sheets: Collection[str] | None) -> list[str]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types
        return [f"il ne peut pas être relu ({exc})"]
    problems = []
    try:
        for meta in workbook.sheets_metadata:
            if str(meta.typ).endswith("WorkSheet") and (read_sheets is None or meta.name in read_sheets):
                try:
                    workbook.get_sheet_by_name(meta.name).to_python()
                except Exception as exc:
                    problems.append(f"la feuille « {meta.name} » ne peut pas être relue ({exc})")
    finally:
        workbook.close()
    return problems
