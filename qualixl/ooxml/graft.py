"""Graft generated sheets into a host workbook, copying every other part as it is.

The orchestration of the package layer: find and remove the previous graft's sheets,
merge styles, place the generated parts under fresh names, update the few package-wide
parts that list sheets (workbook, relationships, content types, app and custom
properties) and write the result. Host parts that do not list sheets or styles are
copied compressed, byte for byte; the only exception is a host sheet's
`tabSelected="1"`, removed so that exactly one tab (the first generated sheet) is
selected. A staff sheet whose name a generated sheet needs is never renamed or
replaced: the graft stops with a French message (renaming would break the generated
charts and links, which name their sheets).
"""

from __future__ import annotations

import contextlib
import copy
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qualixl.errors import QualixlError
from qualixl.ooxml import relationships as rels
from qualixl.ooxml import workbook_part
from qualixl.ooxml.app_props import update_titles
from qualixl.ooxml.contenttypes import CUSTOM_PROPERTIES, RELATIONSHIPS
from qualixl.ooxml.custom_props import Mark, new_root, write_marks
from qualixl.ooxml.digest import part_digest, values_digests
from qualixl.ooxml.generated import Generated, GeneratedSheet
from qualixl.ooxml.model import CONTENT_TYPES, Model
from qualixl.ooxml.package import Package
from qualixl.ooxml.previous import calc_chain_mentions, custom_part, find_previous, parts_leaving
from qualixl.ooxml.styles import merge_styles
from qualixl.ooxml.workbook_part import NewSheet
from qualixl.ooxml.worksheet import adapt_generated, deselected, shared_strings
from qualixl.ooxml.writer import write_package
from qualixl.ooxml.xml import serialise

_NUMBERED = re.compile(r"^(.*?)(\d*)(\.[^.]*)?$")


@dataclass
class GraftResult:
    """What a graft did, for the CLI to report and the tests to check."""

    sheets: list[str]
    replaced: list[str] = field(default_factory=list)
    edited_by_hand: list[str] = field(default_factory=list)
    deselected: list[str] = field(default_factory=list)
    rewritten_parts: list[str] = field(default_factory=list)
    removed_parts: list[str] = field(default_factory=list)
    added_parts: list[str] = field(default_factory=list)
    calc_chain_dropped: bool = False


def graft_sheets(
    host: Path, generated: Path | Sequence[Path], output: Path, signature: str | None = None,
    order: Sequence[str] = (), digests: Mapping[str, str] | None = None,
) -> GraftResult:
    """Write `output`: the sheets of `generated` first, then `host`'s, previous graft removed.

    `generated` is one package or several (rendered by different processes): their sheets
    are placed in the order of `order` (sheet names; the others after them, package by
    package), the first one selected. `signature` is the text the generated sheets carry in
    their first rows: with the mark and its name, it recognises a previous sheet whose id
    and values another producer changed. `digests` are values digests (ooxml.values_digests)
    of generated sheets, by name, already taken by whoever rendered them; the others are read here.
    """
    output = Path(output)
    sources = [Path(generated)] if isinstance(generated, str | Path) else [Path(g) for g in generated]
    if output.exists() and any(output.samefile(p) for p in (host, *sources) if Path(p).exists()):
        raise ValueError("graft_sheets writes a new file: output must differ from host and generated")
    with Package(host) as hp, contextlib.ExitStack() as stack:
        gens = [Generated(stack.enter_context(Package(g))) for g in sources]
        return _Graft(Model(hp), gens, output, signature, order, digests or {}).run()


class _Graft:
    def __init__(self, host: Model, gens: list[Generated], output: Path, signature: str | None = None,
                 order: Sequence[str] = (), digests: Mapping[str, str] | None = None):
        self.host, self.gens, self.output, self.signature = host, gens, output, signature
        self.digests = dict(digests or {})
        rank = {name: i for i, name in enumerate(order)}
        placed = [(index, sheet) for index, g in enumerate(gens) for sheet in g.sheets]
        names = [sheet.ref.name.casefold() for _index, sheet in placed]
        if len(set(names)) != len(names):
            raise ValueError("generated packages must not share a sheet name")
        # The sheets in their final order, each with its package's index (a stable sort keeps a package's order).
        self.placed: list[tuple[int, GeneratedSheet]] = sorted(
            placed, key=lambda pair: rank.get(pair[1].ref.name, len(rank)))
        self.rewritten: dict[str, bytes] = {}
        self.added: dict[str, bytes | tuple[Package, str]] = {}
        self.removed: set[str] = set()
        self.deselect: list[str] = []
        self._host_styles = None

    def run(self) -> GraftResult:
        h = self.host
        previous = find_previous(h, self.signature)
        gone = [f.sheet for f in previous]
        kept = [s for s in h.sheets if all(s is not x for x in gone)]
        self._check_names(kept)
        self.removed = parts_leaving(h, gone)
        for sheet in gone:
            h.workbook_rels.remove(sheet.rel_id)
        for part in self.removed:
            h.content_types.remove(part)
        dropped = self._calc_chain({s.sheet_id for s in gone})
        self._custom_part()
        names = self._place_parts()
        # Numbered after the sheets that stay, as Excel does: a second graft reuses the same ids.
        new_sheets, marks, formulas = self._sheets(names, max([0, *(s.sheet_id for s in kept)]))
        workbook_part.rebuild(h.workbook, [s.element for s in kept], new_sheets, self._local_names())
        if formulas:
            workbook_part.request_full_calc(h.workbook)
        self._app_titles([s.name for s in gone], [s.name for s in new_sheets], kept)
        write_marks(self.custom_root, marks)
        self._store(self.custom_part, serialise(self.custom_root))
        self.rewritten[h.workbook_name] = serialise(h.workbook)
        self.rewritten[rels.rels_name(h.workbook_name)] = serialise(h.workbook_rels.root)
        self.rewritten[h.pkg.find(CONTENT_TYPES)] = serialise(h.content_types.root)
        self.deselect = [s.part for s in kept if s.part is not None and self._selected(s.part)]
        write_package(h.pkg, self.output, self.rewritten, self.removed, self.deselect, self.added)
        return GraftResult(
            sheets=[s.name for s in new_sheets],
            replaced=[s.name for s in gone],
            edited_by_hand=[f.sheet.name for f in previous if f.edited],
            deselected=[s.name for s in kept if s.part in self.deselect],
            rewritten_parts=sorted(self.rewritten),
            removed_parts=sorted(self.removed),
            added_parts=list(self.added),
            calc_chain_dropped=dropped,
        )

    def _selected(self, part: str) -> bool:
        """Whether a host sheet carries tabSelected (only its first bytes are read)."""
        chunks = self.host.pkg.iter_chunks(part)
        try:
            return deselected(chunks)[0]
        finally:
            chunks.close()

    def _check_names(self, kept) -> None:
        """Every clash at once: four renames should not take four runs."""
        taken = {s.name.casefold(): s.name for s in kept}
        clashes = [(taken[s.ref.name.casefold()], s.ref.name) for _index, s in self.placed
                   if s.ref.name.casefold() in taken]
        if len(clashes) == 1:
            (staff, wanted), = clashes
            raise QualixlError(
                f"Le classeur {self.host.pkg.path.name} contient déjà une feuille « {staff} » "
                f"que qualixl n'a pas créée : renommez-la (par exemple « {wanted} (équipe) ») puis relancez "
                "la commande. qualixl ne remplace jamais une feuille qu'il n'a pas créée."
            )
        if clashes:
            listed = ", ".join(f"« {staff} » (par exemple en « {wanted} (équipe) »)" for staff, wanted in clashes)
            raise QualixlError(
                f"Le classeur {self.host.pkg.path.name} contient déjà {len(clashes)} feuilles que qualixl n'a pas "
                f"créées et dont il a besoin du nom : renommez-les — {listed} — puis relancez la commande. "
                "qualixl ne remplace jamais une feuille qu'il n'a pas créée."
            )

    def _calc_chain(self, sheet_ids: set[int]) -> bool:
        part = self.host.workbook_part(rels.CALC_CHAIN)
        if not sheet_ids or part is None or not calc_chain_mentions(self.host, part, sheet_ids):
            return False
        rel = self.host.workbook_rels.first_of_type(rels.CALC_CHAIN)
        self.host.workbook_rels.remove(rel.id)
        self.host.content_types.remove(part)
        self.removed.add(part)
        return True

    def _place_parts(self) -> dict[tuple[int, str], str]:
        """A fresh host name for every generated part ((package index, part) → name), numbered after
        the largest present."""
        taken = {n.lower() for n in self.host.pkg.names} - {n.lower() for n in self.removed}
        base = posixpath.dirname(self.host.workbook_name)
        names = {}
        for index, part in ((i, part) for i, g in enumerate(self.gens) for part in g.parts):
            folder = posixpath.normpath(posixpath.join(base, self.gens[index].relative_folder(part)))
            prefix, _, ext = _NUMBERED.match(posixpath.basename(part)).groups()
            used = [int(m.group(2)) for n in taken
                    if posixpath.dirname(n) == folder.lower()
                    and (m := _NUMBERED.match(posixpath.basename(n))) and m.group(1) == prefix.lower() and m.group(2)]
            new = posixpath.join(folder, f"{prefix}{max([0, *used]) + 1}{ext or ''}")
            taken.add(new.lower())
            names[index, part] = new
        return names

    def _sheets(self, names: dict[tuple[int, str], str], last_id: int):
        h = self.host
        maps = [self._styles(g) for g in self.gens]
        strings, digests = [], dict(self.digests)
        for g in self.gens:
            strings_part = g.model.workbook_part(rels.SHARED_STRINGS)
            strings.append(shared_strings(g.pkg.read_xml(strings_part) if strings_part else None))
            digests.update(values_digests(g.pkg.path, [s.ref.name for s in g.sheets if s.ref.name not in digests]))
        sheet_parts = {(i, s.ref.part) for i, g in enumerate(self.gens) for s in g.sheets}
        new_sheets, marks, formulas = [], [], False
        for (index, part), new in names.items():
            if (index, part) in sheet_parts:
                continue
            g = self.gens[index]
            self.added[new] = (g.pkg, part)
            h.content_types.add(new, g.model.content_types.get(part))
        for order, (index, sheet) in enumerate(self.placed):
            g = self.gens[index]
            data, has_formula = adapt_generated(
                g.pkg.read(sheet.ref.part), f"{g.pkg.path.name} ({sheet.ref.part})", maps[index], strings[index],
                order == 0,
            )
            formulas |= has_formula
            new = names[index, sheet.ref.part]
            self.added[new] = data
            h.content_types.add(new, g.model.content_types.get(sheet.ref.part))
            rel_id = h.workbook_rels.add(sheet.ref.rel_type, new)
            new_sheets.append(NewSheet(sheet.ref.name, last_id + order + 1, rel_id, sheet.state))
            marks.append(Mark(order + 1, last_id + order + 1, part_digest(data), digests[sheet.ref.name],
                              sheet.ref.name))
        for (index, part), new in names.items():
            g = self.gens[index]
            source = g.model.rels_of(part)
            if len(source.root) == 0:
                continue
            for rel, resolved in source.targets():
                rel.element.set("Target", rels.relative(new, names[index, g.pkg.find(resolved)]))
            self.added[rels.rels_name(new)] = serialise(source.root)
            h.content_types.add(rels.rels_name(new), RELATIONSHIPS)
        return new_sheets, marks, formulas

    def _local_names(self) -> list:
        """The generated sheets' local defined names (print areas, titles), their localSheetId moved from
        the sheet's position in its package to its position in the workbook (generated sheets first)."""
        position = {(index, sheet.ref.name): i for i, (index, sheet) in enumerate(self.placed)}
        out = []
        for index, g in enumerate(self.gens):
            for el in g.local_names:
                local = el.get("localSheetId", "")
                if not local.isdigit() or int(local) >= len(g.sheets):
                    continue
                moved = copy.deepcopy(el)
                moved.set("localSheetId", str(position[index, g.sheets[int(local)].ref.name]))
                out.append(moved)
        return out

    def _styles(self, g: Generated):
        """Merge `g`'s styles into the host's (read once; each package's merge adds to the same tree)."""
        h = self.host
        host_part, gen_part = h.workbook_part(rels.STYLES), g.model.workbook_part(rels.STYLES)
        if host_part is None or gen_part is None:
            raise QualixlError(f"{h.pkg.path.name} n'a pas de feuille de styles : le classeur est endommagé.")
        if self._host_styles is None:
            self._host_styles = h.pkg.read_xml(host_part)
        maps = merge_styles(self._host_styles, g.pkg.read_xml(gen_part))
        if maps.changed:
            self.rewritten[host_part] = serialise(self._host_styles)
        return maps

    def _app_titles(self, removed: list[str], added: list[str], kept) -> None:
        part = self.host.pkg.find("docProps/app.xml")
        rel = self.host.root_rels.first_of_type(rels.EXTENDED_PROPERTIES)
        if rel is not None and not rel.external:
            part = self.host.pkg.find(rels.resolve("", rel.target))
        if part is None:
            return
        root = self.host.pkg.read_xml(part)
        worksheets = {s.name for s in kept if s.rel_type.rsplit("/", 1)[-1] == "worksheet"}
        if update_titles(root, removed, added, worksheets):
            self.rewritten[part] = serialise(root)

    def _custom_part(self) -> None:
        """Find or create docProps/custom.xml, which will carry the marks of this graft."""
        h = self.host
        self.custom_part = custom_part(h)
        if self.custom_part is not None:
            self.custom_root = h.pkg.read_xml(self.custom_part)
            return
        self.custom_part = next(p for p in ("docProps/custom.xml", "docProps/qualixl.xml") if h.pkg.find(p) is None)
        self.custom_root = new_root()
        h.root_rels.add(rels.CUSTOM_PROPERTIES, self.custom_part)
        h.content_types.add(self.custom_part, CUSTOM_PROPERTIES)
        self.rewritten[h.pkg.find("_rels/.rels")] = serialise(h.root_rels.root)

    def _store(self, part: str, data: bytes) -> None:
        """Rewrite a host part, or add it when the host did not have it."""
        if self.host.pkg.find(part) is not None:
            self.rewritten[part] = data
        else:
            self.added[part] = data
