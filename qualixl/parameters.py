"""The Paramètres sheet: one row per parameter, found by name; defaults from the contract.

A small provider may delete the sheet or leave a value empty: every parameter then
takes its default. A value that cannot be read is remembered with its cell, so
`check` can point at it, and the default is used meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from qualixl import schema
from qualixl.addresses import column_letter
from qualixl.parsing import parse_column
from qualixl.schema import Kind

_PARAM = schema.normalize("Paramètre")
_VALUE = schema.normalize("Valeur")


@dataclass(frozen=True)
class BadParameter:
    name: str
    cell: str
    value: object
    expected: str


@dataclass
class Parameters:
    """Typed parameters. `cells` maps a parameter name to the cell holding its value."""

    values: dict[str, object]
    cells: dict[str, str] = field(default_factory=dict)
    problems: list[BadParameter] = field(default_factory=list)

    def __getitem__(self, name: str) -> object:
        return self.values[name]

    @property
    def organisme(self) -> str:
        return str(self.values["Organisme"] or "")

    @property
    def scale(self) -> float:
        return float(self.values["Échelle de notation"])

    @property
    def threshold(self) -> float:
        return float(self.values["Seuil de satisfaction"])

    @property
    def ack_delay(self) -> int:
        return int(self.values["Délai cible d'accusé de réception"])

    @property
    def response_delay(self) -> int:
        return int(self.values["Délai cible de réponse"])

    @property
    def evaluation_delay(self) -> int:
        return int(self.values["Délai d'évaluation de l'efficacité"])

    @property
    def review_period(self) -> int:
        return int(self.values["Périodicité des revues qualité"])

    @property
    def exercise_start_month(self) -> int:
        """1 for janvier … 12 for décembre."""
        return schema.MONTHS.index(self.values["Début d'exercice"]) + 1

    @property
    def referentiel(self) -> str:
        """The Paramètres « Référentiel » setting: auto, V9 or V10."""
        return str(self.values["Référentiel"])

    @property
    def natures(self) -> tuple[str, ...]:
        """The natures offered in Réclamations' Nature column (split on ';' only: a nature may hold commas)."""
        text = str(self.values["Natures de réclamation"] or "")
        return tuple(p.strip() for p in text.split(";") if p.strip())

    @property
    def categories(self) -> tuple[str, ...]:
        text = str(self.values["Catégories d'actions"] or "")
        folded = {schema.normalize(c): c for c in schema.CATEGORIES}
        parts = [p.strip() for p in text.replace(",", ";").split(";")]
        return tuple(folded[schema.normalize(p)] for p in parts if schema.normalize(p) in folded)


def defaults() -> Parameters:
    return Parameters({p.name: p.default for p in schema.PARAMETERS})


def read_parameters(rows: list[list] | None) -> Parameters:
    """Read the key/value grid of Paramètres (None when the sheet is absent)."""
    params = defaults()
    if not rows:
        return params
    known = {schema.normalize(p.name): p for p in schema.PARAMETERS}
    header = next(
        (i for i, r in enumerate(rows[:10]) if {_PARAM, _VALUE} <= {schema.normalize(v) for v in r if isinstance(v, str)}),
        None,
    )
    if header is None:
        return params
    folded = [schema.normalize(v) if isinstance(v, str) else "" for v in rows[header]]
    key_col, value_col = folded.index(_PARAM), folded.index(_VALUE)
    for offset, row in enumerate(rows[header + 1 :]):
        key = row[key_col] if key_col < len(row) else ""
        param = known.get(schema.normalize(key)) if isinstance(key, str) else None
        if param is None:
            continue
        cell = f"{column_letter(value_col)}{header + 2 + offset}"
        params.cells[param.name] = cell
        raw = row[value_col] if value_col < len(row) else ""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        value, expected = _convert(param, raw)
        if expected:
            params.problems.append(BadParameter(param.name, cell, raw, expected))
        else:
            params.values[param.name] = value
    _check_consistency(params)
    return params


def _convert(param: schema.Parameter, raw: object) -> tuple[object, str]:
    """Typed value, or an empty value and a French description of what was expected.

    Numbers go through the same cell parser as every input cell (a French comma, a
    percentage, « nan » or a date are read or refused alike), then the parameter's bounds.
    """
    if param.kind in (Kind.INTEGER, Kind.NUMBER):
        values, problems, _ = parse_column(param.kind, pd.Series([raw], dtype=object))
        number = values.iloc[0]
        low, high = param.bounds or (0, float("inf"))
        whole = "un nombre entier" if param.kind is Kind.INTEGER else "un nombre"
        expected = f"{whole} entre {low:g} et {high:g}" if param.bounds else f"{whole} positif"
        if pd.notna(problems.iloc[0]) or pd.isna(number) or not low <= number <= high:
            return None, expected
        return (int(number) if param.kind is Kind.INTEGER else float(number)), ""
    if param.name == "Début d'exercice":
        return _month(raw)
    if param.kind is Kind.CHOICE:
        return _choice(param, raw)
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw)), ""
    return str(raw).strip(), ""


def _choice(param: schema.Parameter, raw: object) -> tuple[object, str]:
    folded = {schema.normalize(c): c for c in param.choices}
    value = folded.get(schema.normalize(raw))
    return (value, "") if value else (None, "une valeur parmi " + ", ".join(param.choices))


def _month(raw: object) -> tuple[object, str]:
    expected = "un mois (janvier … décembre, ou 1 à 12)"
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if float(raw).is_integer() and 1 <= raw <= 12:
            return schema.MONTHS[int(raw) - 1], ""
        return None, expected
    folded = {schema.normalize(m): m for m in schema.MONTHS}
    month = folded.get(schema.normalize(raw))
    return (month, "") if month else (None, expected)


def _check_consistency(params: Parameters) -> None:
    """A threshold above the scale would make every response unsatisfied: fall back to defaults."""
    if not 0 < params.threshold <= params.scale:
        params.problems.append(
            BadParameter(
                "Seuil de satisfaction",
                params.cells.get("Seuil de satisfaction", ""),
                params.values["Seuil de satisfaction"],
                f"une note supérieure à 0 et au plus égale à l'échelle ({params.scale:g})",
            )
        )
        params.values["Seuil de satisfaction"] = min(schema.PARAMETERS_BY_NAME["Seuil de satisfaction"].default, params.scale)
