"""Rules across rows and sheets: unique IDs, references that resolve, known KPI codes."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from qualixl import schema
from qualixl.checks.model import Context, Hit, hits, quote
from qualixl.facts import fold_id
from qualixl.reading import SheetData
from qualixl.schema import Kind

# The column that identifies a row, per sheet; references resolve against it.
KEYS: dict[str, str] = {s.name: s.key for s in schema.SHEETS if s.key}


def duplicates(ctx: Context) -> Iterator[Hit]:
    """Every occurrence of an ID after the first (facts.ids folds them); the message cites the first row."""
    for data in ctx.sheets():
        key_header = KEYS.get(data.name)
        index = ctx.facts.ids.get(data.name)
        if index is None or key_header not in data.letters or not index.repeated.any():
            continue
        yield from hits(
            data,
            index.repeated,
            key_header,
            lambda row, d=data, h=key_header, x=index: (
                f"« {h} » vaut {quote(d.values.at[row, h])}, déjà utilisé ligne {x.row_of(x.keys[row])} : "
                "chaque identifiant doit être unique dans la feuille."
            ),
        )


def unknown_references(ctx: Context) -> Iterator[Hit]:
    """Each reference cell citing an ID found in none of its target sheets.

    When a target sheet is absent, an ID not found elsewhere may be one of its rows: the
    check is skipped for it (check reports the absent optional sheet once).
    """
    ids = ctx.facts.ids
    for data in ctx.sheets():
        for col in data.sheet.columns:
            if col.kind is not Kind.REFS or col.header not in data.letters:
                continue
            if any(ctx.sheet(t) is None for t in col.targets):
                continue
            indexes = [ids[t] for t in col.targets if t in ids]
            # A reference column repeats a few cells (the same session, again and again):
            # each distinct cell is resolved once, then spread over the rows citing it.
            codes, cells = pd.factorize(data.values[col.header].to_numpy(dtype=object))
            unknown = [[i for i in cited if not any(fold_id(i) in x for x in indexes)] for cited in cells]
            faulty = np.isin(codes, [code for code, ids in enumerate(unknown) if ids])
            if not faulty.any():
                continue
            mask = pd.Series(faulty, index=data.values.index)
            by_row = {row: unknown[code] for row, code in zip(data.values.index[faulty], codes[faulty], strict=True)}
            yield from hits(data, mask, col.header, lambda row, c=col, b=by_row: _unknown_message(ctx, c, b[row]))


def _unknown_message(ctx: Context, col: schema.Column, ids: list[str]) -> str:
    cited = " et ".join(quote(i) for i in ids) if len(ids) <= 2 else ", ".join(quote(i) for i in ids)
    what = "identifiant introuvable" if len(ids) == 1 else "identifiants introuvables"
    targets = ", ".join(f"« {t} »" for t in col.targets)
    sheets = "la feuille" if len(col.targets) == 1 else "les feuilles"
    return f"« {col.header} » cite {cited} : {what} dans {sheets} {targets}."


def unknown_kpi_codes(ctx: Context) -> Iterator[Hit]:
    """Indicateurs rows whose Code is not a KPI qualixl computes (their target is then unused)."""
    data: SheetData | None = ctx.sheet(schema.INDICATEURS)
    if data is None:
        return
    codes = data.values["Code"]
    known = set(schema.KPIS_BY_CODE)
    folded = codes.astype(object).str.strip().str.upper()
    unknown = folded.notna() & ~folded.isin(known)
    listing = ", ".join(schema.KPIS_BY_CODE)
    yield from hits(
        data,
        unknown,
        "Code",
        lambda row: f"« Code » vaut {quote(codes[row])} : ce n'est pas un indicateur calculé par qualixl (codes connus : {listing}).",
    )
