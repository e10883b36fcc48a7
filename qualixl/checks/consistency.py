"""Rules within a row: dates in order, statuses backed by their dates, counts that add up."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pandas as pd

from qualixl.checks.model import Context, Hit, dates, day, hits, quote, show


def date_order(sheet: str, chain: tuple[str, ...]) -> Callable[[Context], Iterator[Hit]]:
    """Each date of `chain` must not precede the nearest earlier date filled in the same row.

    Réception ≤ accusé ≤ réponse ≤ clôture: a row whose accusé is empty still has its
    réponse compared with its réception. The later cell is reported, once.
    """

    def find(ctx: Context) -> Iterator[Hit]:
        data = ctx.sheet(sheet)
        if data is None:
            return
        present = [h for h in chain if h in data.letters]
        if len(present) < 2:
            return
        previous = dates(data, present[0])
        previous_header = pd.Series(present[0], index=previous.index, dtype=object).where(previous.notna())
        for header in present[1:]:
            current = dates(data, header)
            early = current < previous
            if early.any():
                yield from hits(
                    data,
                    early,
                    header,
                    lambda row, h=header, c=current, p=previous, ph=previous_header: (
                        f"« {h} » ({day(c[row])}) est antérieure à « {ph[row]} » ({day(p[row])}) : "
                        f"les dates doivent se suivre dans l'ordre {' ≤ '.join(present)}."
                    ),
                )
            filled = current.notna()
            previous = current.where(filled, previous)
            previous_header = previous_header.where(~filled, header)

    return find


def needed_when_status(sheet: str, status: str, needed: tuple[str, ...]) -> Callable[[Context], Iterator[Hit]]:
    """A row whose Statut is `status` must have every `needed` cell filled."""

    def find(ctx: Context) -> Iterator[Hit]:
        data = ctx.sheet(sheet)
        if data is None:
            return
        matches = data.values["Statut"] == status
        for header in needed:
            missing = matches & ctx.blank(data, header)
            yield from hits(data, missing, header, lambda _row, h=header: _missing(data, h, f"« Statut » vaut « {status} »"), "Statut")

    return find


def needed_when_filled(sheet: str, header: str, needed: str) -> Callable[[Context], Iterator[Hit]]:
    """A row where `header` is filled must have `needed` filled too."""

    def find(ctx: Context) -> Iterator[Hit]:
        data = ctx.sheet(sheet)
        if data is None or header not in data.letters:
            return
        missing = ~ctx.blank(data, header) & ctx.blank(data, needed)
        yield from hits(
            data,
            missing,
            needed,
            lambda row: _missing(data, needed, f"« {header} » vaut {quote(data.raw.at[row, header])}"),
            header,
        )

    return find


def _missing(data, header: str, because: str) -> str:
    if header in data.letters:
        return f"{because} mais « {header} » est vide : renseignez cette cellule."
    return f"{because} mais la colonne « {header} » est absente de la feuille : ajoutez-la et renseignez-la."


def not_greater(sheet: str, smaller: str, larger: str) -> Callable[[Context], Iterator[Hit]]:
    """`smaller` must not exceed `larger` in the same row (both filled)."""

    def find(ctx: Context) -> Iterator[Hit]:
        data = ctx.sheet(sheet)
        if data is None or smaller not in data.letters or larger not in data.letters:
            return
        small, large = data.values[smaller], data.values[larger]
        yield from hits(
            data,
            small > large,
            smaller,
            lambda row: (
                f"« {smaller} » ({show(float(small[row]))}) dépasse « {larger} » ({show(float(large[row]))}) : "
                f"attendu au plus {show(float(large[row]))}."
            ),
        )

    return find
