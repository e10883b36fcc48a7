"""Answers to scores on the workbook's scale, and to Oui / Non, with the conversion shown.

The workbook keeps every score on one scale (Paramètres, Échelle de notation) so that
rates and means mean something; surveys answer on 0–10, 1–5, stars, or French labels.
Labels are placed as schema.likert_score places the four satisfaction labels: the top
label at the scale's maximum, the plain positive one ("Satisfait", "Plutôt d'accord",
"Bien") at the satisfaction threshold so it counts as satisfied, the mild negative one
halfway between 1 and the threshold, the strongest negative one at 1. Numbers are scaled
proportionally (8 on 10 is 4 on 5). Every conversion applied is described in French in
the import report, so the user can check it before trusting the figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from qualixl import schema
from qualixl.parsing import ScoreScale

SOURCE_SCALES = (5, 10, 20, 100)
_NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?$")
_NUMBERED_LABEL = re.compile(r"^\d+\s*[-–.:)]\s*(\D.*)$")
_FEMININE = {"satisfaite": "satisfait", "insatisfaite": "insatisfait", "excellente": "excellent",
             "mauvaise": "mauvais", "moyenne": "moyen", "insuffisante": "insuffisant"}
NO_OPINION = {"sans opinion", "ne sais pas", "je ne sais pas", "nsp", "non concerne", "non concernee",
              "ne se prononce pas", "n/a", "na", "no opinion", "not applicable", "sans avis"}
_YES = ("oui", "certainement", "probablement", "tout a fait", "absolument", "bien sur", "sans hesiter",
        "yes", "definitely", "probably", "tout a fait d'accord", "plutot d'accord", "d'accord")
_NO = ("non", "probablement pas", "certainement pas", "pas du tout", "surement pas", "no", "definitely not",
       "probably not", "pas d'accord", "plutot pas d'accord", "pas du tout d'accord")
_MAYBE = ("peut-etre", "peut etre", "maybe", "je ne sais pas", "ne sais pas")


def fold(value: object) -> str:
    """An answer as compared with the tables: folded, feminine forms and numbering removed."""
    text = schema.normalize(value).replace("(e)", "").strip(" .!")
    numbered = _NUMBERED_LABEL.match(text)
    if numbered:
        text = numbered.group(1).strip()
    return " ".join(_FEMININE.get(word, word) for word in text.split())


def number(value: object) -> float | None:
    """A numeric answer (a number, or numeric text with a French comma), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value == value else None
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        return float(value.strip().replace(",", "."))
    return None


def score_labels(scale: ScoreScale) -> dict[str, float]:
    top, ok = float(scale.maximum), float(scale.threshold)
    low, good = (1.0 + ok) / 2.0, (top + ok) / 2.0
    return {
        "tres satisfait": top, "satisfait": ok, "plutot satisfait": ok, "assez satisfait": ok,
        "peu satisfait": low, "plutot pas satisfait": low, "plutot insatisfait": low, "insatisfait": low,
        "pas satisfait": low, "pas du tout satisfait": 1.0, "tres insatisfait": 1.0,
        "tres satisfaisant": top, "satisfaisant": ok, "peu satisfaisant": low, "insatisfaisant": low,
        "pas du tout satisfaisant": 1.0,
        "tout a fait d'accord": top, "plutot d'accord": ok, "d'accord": ok, "plutot pas d'accord": low,
        "pas d'accord": low, "pas du tout d'accord": 1.0,
        "excellent": top, "tres bien": good, "bien": ok, "assez bien": ok, "moyen": low, "passable": low,
        "insuffisant": (low + 1.0) / 2.0, "mauvais": 1.0, "tres mauvais": 1.0,
        "very satisfied": top, "satisfied": ok, "dissatisfied": low, "very dissatisfied": 1.0,
        "strongly agree": top, "agree": ok, "disagree": low, "strongly disagree": 1.0,
        "very good": good, "good": ok, "fair": low, "average": low, "poor": (low + 1.0) / 2.0, "very poor": 1.0,
    }


def yes_no(value: object) -> str | None:
    """'Oui', 'Non', '' (an answer that is neither: maybe, no opinion) or None (unknown)."""
    text = fold(value)
    if text in NO_OPINION or text in _MAYBE:
        return ""
    if text in _NO or text.startswith(("non ", "non,", "pas ")):
        return "Non"
    if text in _YES or text.startswith(("oui ", "oui,")):
        return "Oui"
    return None


def column_kind(values: Iterable[object], scale: ScoreScale) -> str:
    """'empty', 'numeric', 'labels' (score labels), 'yesno' or 'text': what guessing may map where."""
    labels = score_labels(scale)
    kinds = set()
    for value in values:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        n = number(value)
        if n is not None:
            kinds.add("numeric" if 0 <= n <= SOURCE_SCALES[-1] else "text")
            continue
        text = fold(value)
        if text in labels or text in NO_OPINION:
            kinds.add("labels")
        elif yes_no(value) is not None:
            kinds.add("yesno")
        else:
            kinds.add("text")
    if not kinds:
        return "empty"
    if kinds <= {"numeric", "labels"}:
        return "labels" if "labels" in kinds else "numeric"
    return kinds.pop() if len(kinds) == 1 else "text"


@dataclass
class Converter:
    """One mapped column's answers -> workbook values, with the French description of how."""

    target: str
    table: dict[str, object] = field(default_factory=dict)  # folded answer -> value ('' = empty cell)
    numeric: tuple[float, float] | None = None  # (source maximum, factor) for numbers
    yes_no: bool = False
    unknown: list[str] = field(default_factory=list)
    described: list[str] = field(default_factory=list)

    def __call__(self, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        n = number(value)
        if n is not None and self.numeric is not None:
            source_max, factor = self.numeric
            if self.yes_no:
                return _recommendation(n, source_max) or None
            return round(n * factor, 2)
        result = self.table.get(fold(value))
        return None if result == "" else result

    def description(self) -> str:
        return f"{self.target} : " + " ; ".join(self.described) if self.described else ""


def score_converter(target: str, values: list[object], scale: ScoreScale, custom: dict[str, object],
                    source_max: float | None = None) -> Converter:
    """Scores: custom values first, then labels, 'Sans opinion', numbers scaled to the workbook."""
    conv = Converter(target)
    labels = score_labels(scale)
    numbers = [n for n in map(number, values) if n is not None]
    if numbers:
        source = float(source_max or next((s for s in SOURCE_SCALES if max(numbers) <= s), max(numbers)))
        factor = float(scale.maximum) / source
        conv.numeric = (source, factor)
        if min(numbers) < 0 or max(numbers) > source:
            conv.unknown += [fr(n) for n in sorted({n for n in numbers if n < 0 or n > source})]
        conv.described.append(
            f"réponses sur {fr(source)} gardées telles quelles" if factor == 1
            else f"réponses sur {fr(source)} ramenées sur {fr(scale.maximum)} (note × {fr(round(factor, 4))})"
        )

    def lookup(text: str) -> object:
        mine = custom.get(text)
        if isinstance(mine, (int, float)) or mine == schema.NO_OPINION:
            return float(mine) if isinstance(mine, (int, float)) else mine
        return labels.get(text, schema.NO_OPINION if text in NO_OPINION else None)

    _labels(conv, values, lookup)
    return conv


def recommendation_converter(values: list[object], custom: dict[str, object], source_max: float | None = None) -> Converter:
    """Oui / Non: labels; 0–10 read as a Net Promoter Score (9–10 Oui, 0–6 Non, 7–8 left empty)."""
    conv = Converter("Recommandation", yes_no=True)
    numbers = [n for n in map(number, values) if n is not None]
    if numbers:
        source = float(source_max or (10 if max(numbers) > 5 else 5))
        conv.numeric = (source, 1.0)
        conv.described.append(
            "réponses de 0 à 10 : 9–10 → Oui, 0–6 → Non, 7–8 → vide" if source == 10
            else f"réponses sur {fr(source)} : au moins 80 % → Oui, au plus 40 % → Non, sinon vide"
        )
    _labels(conv, values, lambda text: custom[text] if custom.get(text) in ("Oui", "Non", "") else yes_no(text))
    return conv


def _recommendation(n: float, source_max: float) -> str:
    if source_max == 10:
        return "Oui" if n >= 9 else "Non" if n <= 6 else ""
    ratio = n / source_max
    return "Oui" if ratio >= 0.8 else "Non" if ratio <= 0.4 else ""


def _labels(conv: Converter, values: list[object], lookup) -> None:
    """Fill conv.table with each distinct text answer, remembering unknown ones and the description."""
    shown: dict[str, str] = {}
    for value in values:
        if value is None or number(value) is not None or (isinstance(value, str) and not value.strip()):
            continue
        text = fold(value)
        if text in conv.table or text in shown:
            continue
        result = lookup(text)
        if result is None:
            if str(value).strip() not in conv.unknown:
                conv.unknown.append(str(value).strip())
            continue
        conv.table[text] = result
        shown[text] = f"« {str(value).strip()} » → {fr(result) if isinstance(result, float) else (result or 'vide')}"
    best_first = sorted(shown, key=lambda t: -conv.table[t] if isinstance(conv.table[t], float) else 0)
    conv.described += [shown[t] for t in best_first]


def fr(value: object) -> str:
    """A number as a French reader writes it: 4, 4,5, 0,25."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (f"{float(value):.4f}".rstrip("0").rstrip(".")).replace(".", ",")
    return str(value)
