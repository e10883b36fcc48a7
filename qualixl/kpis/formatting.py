"""KPI results as a compact French table for the terminal, and as JSON records."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from qualixl import figures, schema
from qualixl.kpis import periods as p

_UNITS = {k.code: k.unit for k in schema.KPIS}
_missing = figures.missing
format_value = figures.kpi_value


def period_title(label: str) -> str:
    kind = p.period_kind(label)
    if kind == p.EXERCISE:
        return f"Exercice {label}"
    if kind == p.ROLLING_KIND:
        return "12 mois glissants"
    if kind == p.STOCK:
        return f"Au {dt.date.fromisoformat(label):%d/%m/%Y}"
    return label


def default_periods(df: pd.DataFrame) -> list[str]:
    """The exercise containing as_of, the rolling 12 months and the stock date."""
    as_of = dt.date.fromisoformat(df.attrs["as_of"]) if "as_of" in df.attrs else None
    if as_of is None:
        exercises = [x for x in df["period"].unique() if p.period_kind(x) == p.EXERCISE]
        stocks = [x for x in df["period"].unique() if p.period_kind(x) == p.STOCK]
        return exercises[-1:] + [p.ROLLING] + stocks[-1:]
    labels = p.period_labels(as_of, int(df.attrs.get("exercise_start_month", 1)))
    return [labels.exercise, labels.rolling, labels.stock]


def format_kpis(df: pd.DataFrame, period: str | None = None, category: str | None = None) -> str:
    """A table KPI × period: value, n and status per cell, then what was left out.

    By default: the exercise containing the as-of date, the rolling 12 months and the
    stock KPIs at the as-of date, for all categories together (`category` None).
    """
    wanted = [period] if period else default_periods(df)
    cat = df["category"].map(lambda c: c if isinstance(c, str) else None)
    rows = df[df["period"].isin(wanted) & (cat == category if category else cat.isna())]
    periods = [x for x in wanted if x in set(rows["period"])]
    lines = []
    scope = f"catégorie {category}" if category else "toutes catégories confondues"
    as_of = df.attrs.get("as_of")
    when = f" au {dt.date.fromisoformat(as_of):%d/%m/%Y}" if as_of else ""
    lines.append(f"Indicateurs{when} — {scope}")
    if rows.empty:
        lines.append(f"Aucun indicateur pour la période {period}." if period else "Aucun indicateur.")
        return "\n".join([*lines, *_notes(df)]) + "\n"
    cells: dict[tuple[str, str], str] = {}
    for record in rows.to_dict("records"):
        value = format_value(record["code"], record["value"])
        if _UNITS.get(record["code"]) == "taux" and not _missing(record["numerator"]):
            size = f"{int(record['numerator'])}/{int(record['denominator'])}"
        elif _UNITS.get(record["code"]) == "nombre" and record["code"] != "PP_COUVERTURE":
            size = ""  # a count is its own n
        else:
            size = f"n={int(record['n'])}"
        status = record["status"] if isinstance(record["status"], str) else ""
        lost = f"  ({figures.excluded_note(int(record['excluded']))})" if record.get("excluded") else ""
        cells[(record["code"], record["period"])] = f"{value:>8}  {size:>9}  {status}{lost}".rstrip()
    codes = [k.code for k in schema.KPIS if any((k.code, x) in cells for x in periods)]
    label_width = max(len(schema.KPIS_BY_CODE[c].label) for c in codes) + 2
    width = {x: max([len(period_title(x))] + [len(cells.get((c, x), "")) for c in codes]) + 3 for x in periods}
    lines.append("")
    lines.append("Indicateur".ljust(label_width) + "".join(period_title(x).ljust(width[x]) for x in periods).rstrip())
    lines.append("-" * (label_width + sum(width.values()) - 3))
    for code in codes:
        text = schema.KPIS_BY_CODE[code].label.ljust(label_width)
        text += "".join(cells.get((code, x), "").ljust(width[x]) for x in periods)
        lines.append(text.rstrip())
    return "\n".join([*lines, "", *_notes(df)]).rstrip() + "\n"


def _sheet_counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in counts.items() if count)


def _notes(df: pd.DataFrame) -> list[str]:
    return format_notes(df).splitlines()


def format_notes(df: pd.DataFrame) -> str:
    """Rows left out of the figures, per sheet, and KPIs not computed for want of a sheet."""
    excluded = df.attrs.get("excluded", {})
    after = df.attrs.get("after_as_of", {})
    skipped = df.attrs.get("skipped", {})
    lines = []
    if any(excluded.values()):
        lines.append(f"Lignes écartées (date ou valeur inutilisable) : {_sheet_counts(excluded)}.")
    else:
        lines.append("Lignes écartées (date ou valeur inutilisable) : aucune.")
    if any(after.values()):
        lines.append(f"Lignes datées après la date d'arrêté, non comptées : {_sheet_counts(after)}.")
    by_sheet: dict[str, list[str]] = {}
    for code, sheet in skipped.items():
        by_sheet.setdefault(sheet, []).append(code)
    for sheet, codes in by_sheet.items():
        lines.append(f"Feuille « {sheet} » absente : {', '.join(codes)} non calculé(s).")
    return "\n".join(lines)


def kpi_records(df: pd.DataFrame) -> list[dict]:
    """JSON-ready records with exactly the result's columns; NaN and NA become None."""
    columns = ["code", "period", "category", "value", "numerator", "denominator", "n", "excluded", "status"]
    records = []
    for record in df[columns].to_dict("records"):
        clean = {}
        for key in columns:
            value = record[key]
            if _missing(value):
                clean[key] = None
            elif key in ("numerator", "denominator", "n", "excluded"):
                clean[key] = int(value) if float(value).is_integer() else float(value)
            elif key == "value":
                clean[key] = float(value)
            else:
                clean[key] = value
        records.append(clean)
    return records
