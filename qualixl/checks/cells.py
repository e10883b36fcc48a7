"""Rules on single cells: required, list, kind, scale, text date, future date, parameters."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from qualixl import schema
from qualixl.checks.model import Context, Hit, dates, day, hits, quote
from qualixl.facts.cells import after
from qualixl.parsing import MAX_COUNT, NOT_IN_LIST, OUT_OF_SCALE, TEXT_DATE, WRONG_KIND
from qualixl.reading import SheetData
from qualixl.schema import Kind

# A date column whose values are naturally in the future.
_DATE_LIKE = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{1,4}\s*$")


def required_cells(ctx: Context) -> Iterator[Hit]:
    """Every required column of every sheet present, and the required parameters."""
    for data in ctx.sheets():
        for header in data.sheet.required_headers:
            help_text = data.sheet.column(header).help
            message = f"« {header} » est vide : cette colonne est obligatoire. {help_text}".rstrip()
            yield from hits(data, ctx.blank(data, header), header, lambda _row, m=message: m)
    params = ctx.parameters
    for param in schema.PARAMETERS:
        cell = params.cells.get(param.name)
        value = params.values.get(param.name)
        if param.required and cell and (value is None or not str(value).strip()):
            yield Hit(schema.PARAMETRES, cell, f"« {param.name} » est vide : ce paramètre est obligatoire. {param.help}")


def _problem_cells(ctx: Context, code: str, message) -> Iterator[Hit]:
    """Cells whose parsing problem is `code`; `message(data, header, row)` explains each."""
    for data in ctx.sheets():
        for header in data.problems.columns:
            if not ctx.memo(("has problems", data.name, header), lambda d=data, h=header: d.problems[h].notna().any()):
                continue  # most columns read cleanly: skip comparing their cells with each code
            failing = data.problems[header] == code
            if failing.any():
                yield from hits(data, failing, header, lambda row, h=header, d=data: message(ctx, d, h, row))


def _value(data: SheetData, header: str, row: int) -> object:
    return data.raw.at[row, header]


def _not_in_list(ctx: Context, data: SheetData, header: str, row: int) -> str:
    choices = ", ".join(data.column_spec(header).choices)
    return f"« {header} » vaut {quote(_value(data, header, row))} : valeurs permises : {choices}."


def _expected(ctx: Context, kind: Kind, raw: object) -> str:
    if kind is Kind.DATE:
        if isinstance(raw, dt.date):
            return "une date d'une année plausible (année mal saisie ?)"
        if isinstance(raw, str) and _DATE_LIKE.match(raw):
            return "une date qui existe, d'une année plausible (jour, mois ou année mal saisi ?)"
        return "une date (jj/mm/aaaa)"
    if kind is Kind.INTEGER:
        return f"un nombre entier positif ou nul, au plus {MAX_COUNT:,}".replace(",", "\u00a0")
    if kind is Kind.SCORE:
        labels = ", ".join((*schema.LIKERT_LABELS, schema.NO_OPINION))
        return f"une note de 0 à {ctx.parameters.scale:g} ou une appréciation ({labels})"
    return "un nombre"


def _wrong_kind(ctx: Context, data: SheetData, header: str, row: int) -> str:
    raw = _value(data, header, row)
    expected = _expected(ctx, data.column_spec(header).kind, raw)
    return f"« {header} » vaut {quote(raw)} : attendu {expected}."


def _out_of_scale(ctx: Context, data: SheetData, header: str, row: int) -> str:
    return (
        f"« {header} » vaut {quote(_value(data, header, row))} : la note doit être comprise entre 0 et "
        f"{ctx.parameters.scale:g} (paramètre « Échelle de notation »)."
    )


def _text_date(ctx: Context, data: SheetData, header: str, row: int) -> str:
    read = day(data.values.at[row, header])
    return (
        f"« {header} » vaut le texte {quote(_value(data, header, row))}, lu comme le {read} : "
        "attendu une vraie date Excel (saisissez-la à nouveau dans une cellule au format date)."
    )


def not_in_list(ctx: Context) -> Iterator[Hit]:
    return _problem_cells(ctx, NOT_IN_LIST, _not_in_list)


def wrong_kind(ctx: Context) -> Iterator[Hit]:
    return _problem_cells(ctx, WRONG_KIND, _wrong_kind)


def out_of_scale(ctx: Context) -> Iterator[Hit]:
    return _problem_cells(ctx, OUT_OF_SCALE, _out_of_scale)


def text_dates(ctx: Context) -> Iterator[Hit]:
    return _problem_cells(ctx, TEXT_DATE, _text_date)


def future_dates(ctx: Context) -> Iterator[Hit]:
    """Dates after the as-of date, except in columns meant for the future (Échéance)."""
    today = ctx.today
    for data in ctx.sheets():
        for col in data.sheet.columns:
            if col.kind is not Kind.DATE or col.future or col.header not in data.letters:
                continue
            values = dates(data, col.header)
            late = after(data, col.header, today)
            if late.any():
                yield from hits(
                    data,
                    late,
                    col.header,
                    lambda row, h=col.header, v=values: (
                        f"« {h} » vaut le {day(v[row])}, après la date d'arrêté ({day(today)}) : "
                        "date mal saisie ?"
                    ),
                )


def bad_parameters(ctx: Context) -> Iterator[Hit]:
    """Parameter values that could not be read; the message says which value is used meanwhile."""
    params = ctx.parameters
    for bad in params.problems:
        cell = bad.cell or params.cells.get("Échelle de notation") or "B2"
        used = params.values.get(bad.name)
        yield Hit(
            schema.PARAMETRES,
            cell,
            f"« {bad.name} » vaut {quote(bad.value)} : attendu {bad.expected} ; "
            f"qualixl utilise {quote(used)} en attendant.",
        )
