"""Rules across rows and sheets: unique IDs, references that resolve, known KPI codes."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from qualixl import schema
from qualixl.checks.model import Context, Hit, hits, quote
from qualixl.reading import SheetData
from qualixl.schema import Kind

# The column that identifies a row, per sheet; references resolve against it.
KEYS: dict[str, str] = {s.name: s.key for s in schema.SHEETS if s.key}


def fold_ids(values: pd.Series) -> pd.Series:
    """IDs compared as staff mean them: case and surrounding spaces don't matter; None stays None."""
    folded = [v.strip().casefold() if v.__class__ is str else None for v in values.to_numpy(dtype=object)]
    return pd.Series(folded, index=values.index, dtype=object)


def sheet_keys(ctx: Context, data: SheetData, header: str) -> pd.Series:
    """Folded IDs of a sheet's key column, computed once per run (duplicates and references share them)."""
    return ctx.memo(("keys", data.name, header), lambda: fold_ids(data.values[header]))


def duplicates(ctx: Context) -> Iterator[Hit]:
    """Every occurrence of an ID after the first; the message cites the first row."""
    for data in ctx.sheets():
        key_header = KEYS.get(data.name)
        if key_header is None or key_header not in data.letters:
            continue
        keys = sheet_keys(ctx, data, key_header)
        present = keys.notna()
        repeated = present & keys.duplicated(keep="first")
        if not repeated.any():
            continue
        first_rows = dict(zip(keys[present & ~repeated], keys.index[(present & ~repeated).to_numpy()], strict=True))
        yield from hits(
            data,
            repeated,
            key_header,
            lambda row, d=data, h=key_header, k=keys, f=first_rows: (
                f"« {h} » vaut {quote(d.values.at[row, h])}, déjà utilisé ligne {f[k[row]]} : "
                "chaque identifiant doit être unique dans la feuille."
            ),
        )


def _known_ids(ctx: Context, sheet: str) -> set[str]:
    data = ctx.sheet(sheet)
    if data is None or "ID" not in data.letters:
        return set()
    return set(sheet_keys(ctx, data, "ID").dropna())


def unknown_references(ctx: Context) -> Iterator[Hit]:
    """Each reference cell citing an ID found in none of its target sheets (an absent sheet has no IDs)."""
    known = {name: _known_ids(ctx, name) for name in KEYS}
    for data in ctx.sheets():
        for col in data.sheet.columns:
            if col.kind is not Kind.REFS or col.header not in data.letters:
                continue
            resolvable = set().union(*(known.get(t, set()) for t in col.targets))
            # A reference column repeats a few cells (the same session, again and again):
            # each distinct cell is resolved once, then spread over the rows citing it.
            codes, cells = pd.factorize(data.values[col.header].to_numpy(dtype=object))
            unknown = [[i for i in ids if i.strip().casefold() not in resolvable] for ids in cells]
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
    message = f"« {col.header} » cite {cited} : {what} dans {sheets} {targets}."
    absent = [t for t in col.targets if ctx.sheet(t) is None]
    if absent:
        names = ", ".join(f"« {t} »" for t in absent)
        message += f" Feuille absente du classeur : {names}." if len(absent) == 1 else f" Feuilles absentes du classeur : {names}."
    return message


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
