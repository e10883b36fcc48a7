"""Answers to scores on the workbook's scale, and to Oui / Non, with the conversion shown.

The workbook keeps every score on one scale (Paramètres, Échelle de notation) so that
rates and means mean something; surveys answer on 0–10, 1–5, stars, or French labels.
The contract reads the four French Likert labels itself (schema.likert_score), so a
label of the same family is written as that label — « Plutôt satisfait » and « Bien » as
« Satisfait », « Moyen » as « Peu satisfait » — and keeps its meaning if the scale or the
threshold changes later. A label between two of them (« Très bien ») is placed on the
scale as likert_score places its neighbours. A number is scaled proportionally (8 on 10
is 4 on 5) only when its scale is known: given (mapping file `echelle`), written in the
question (« sur 10 », « de 0 à 10 », « (1 à 5) »), or shown by answers above the
workbook's maximum; otherwise it is kept as it is. Every conversion applied is
described in French in the import report, so the user can check it before trusting
the figures.
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


TOP, OK, LOW, BOTTOM = schema.LIKERT_LABELS  # Très satisfait, Satisfait, Peu satisfait, Pas du tout satisfait
LABEL_FAMILIES: dict[str, tuple[str, ...]] = {
    TOP: ("tres satisfait", "tres satisfaisant", "tout a fait satisfait", "tout a fait d'accord", "excellent",
          "very satisfied", "extremely satisfied", "strongly agree", "excellent"),
    OK: ("satisfait", "plutot satisfait", "assez satisfait", "satisfaisant", "plutot d'accord", "d'accord", "bien",
         "assez bien", "satisfied", "somewhat satisfied", "agree", "good"),
    LOW: ("peu satisfait", "plutot pas satisfait", "plutot insatisfait", "insatisfait", "pas satisfait",
          "peu satisfaisant", "insatisfaisant", "plutot pas d'accord", "pas d'accord", "moyen", "passable",
          "dissatisfied", "somewhat dissatisfied", "disagree", "fair", "average"),
    BOTTOM: ("pas du tout satisfait", "tres insatisfait", "pas du tout satisfaisant", "pas du tout d'accord",
             "mauvais", "tres mauvais", "very dissatisfied", "extremely dissatisfied", "strongly disagree",
             "very poor"),
}
_LABEL_OF = {text: label for label, texts in LABEL_FAMILIES.items() for text in texts}
_BETWEEN = {"tres bien": (TOP, OK), "very good": (TOP, OK), "insuffisant": (LOW, BOTTOM), "poor": (LOW, BOTTOM)}


def score_labels(scale: ScoreScale) -> dict[str, object]:
    """Folded answer -> the contract's label of its family, or a position between two labels."""
    def position(label: str) -> float:
        return float(schema.likert_score(label, scale.maximum, scale.threshold))

    between = {text: (position(a) + position(b)) / 2.0 for text, (a, b) in _BETWEEN.items()}
    return {**_LABEL_OF, **between}


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


def distinct_values(values: Iterable[object]) -> list[object]:
    """Each answer once, in order of appearance: answers repeat, each is classified once (1 and True kept apart)."""
    seen: dict = {}
    for value in values:
        seen.setdefault((type(value), value), value)
    return list(seen.values())


def column_kind(values: Iterable[object], scale: ScoreScale) -> str:
    """'empty', 'numeric', 'labels' (score labels), 'yesno' or 'text': what guessing may map where."""
    labels = score_labels(scale)
    kinds = set()
    for value in distinct_values(values):
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        n = number(value)
        if n is not None:
            if not 0 <= n <= SOURCE_SCALES[-1]:
                return "text"  # a year, a phone number: not a score
            kinds.add("numeric")
            continue
        text = fold(value)
        if text in labels or text in NO_OPINION:
            kinds.add("labels")
        elif yes_no(value) is not None:
            kinds.add("yesno")
        else:
            return "text"  # free text, whatever else the column holds
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
    seen: dict = field(default_factory=dict, repr=False)  # answer -> result: answers repeat, each is converted once

    def __call__(self, value: object) -> object:
        key = (type(value), value)
        try:
            return self.seen[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell value (never from calamine or csv)
            return self._convert(value)
        result = self.seen[key] = self._convert(value)
        return result

    def _convert(self, value: object) -> object:
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


_TITLE_SCALE = (
    re.compile(r"\bsur\s*(\d{1,3})\b"),
    re.compile(r"\b[01]\s*(?:a|-|–)\s*(\d{1,3})\b"),
    re.compile(r"/\s*(\d{1,3})\b"),
    re.compile(r"\bout of\s*(\d{1,3})\b"),
    re.compile(r"\bfrom\s*[01]\s*to\s*(\d{1,3})\b"),
)


def title_scale(title: str | None) -> float | None:
    """The maximum a question states (« sur 10 », « de 0 à 10 », « (1 à 5) », « /20 »), or None."""
    if not title:
        return None
    text = schema.normalize(title)
    for pattern in _TITLE_SCALE:
        found = pattern.search(text)
        if found and int(found.group(1)) in (*SOURCE_SCALES, 4, 6, 7, 3):
            return float(found.group(1))
    return None


def score_converter(target: str, values: list[object], scale: ScoreScale, custom: dict[str, object],
                    source_max: float | None = None, title: str | None = None) -> Converter:
    """Scores: custom values first, then labels, 'Sans opinion', numbers scaled when their scale is known."""
    conv = Converter(target)
    labels = score_labels(scale)
    numbers = [n for n in map(number, distinct_values(values)) if n is not None]
    if numbers:
        stated = source_max or title_scale(title)
        if stated:
            source, why = float(stated), "échelle indiquée" if source_max else "échelle lue dans la question"
        elif max(numbers) > scale.maximum:
            source = float(next((s for s in SOURCE_SCALES if max(numbers) <= s), max(numbers)))
            why = f"échelle déduite des réponses, jusqu'à {fr(max(numbers))}"
        else:
            source, why = float(scale.maximum), "échelle non précisée : celle du classeur"
        factor = float(scale.maximum) / source
        conv.numeric = (source, factor)
        if min(numbers) < 0 or max(numbers) > source:
            conv.unknown += [fr(n) for n in sorted({n for n in numbers if n < 0 or n > source})]
        if factor == 1:
            conv.described.append(f"réponses sur {fr(source)} gardées telles quelles ({why})")
        else:
            conv.described.append(
                f"réponses sur {fr(source)} ({why}) ramenées sur {fr(scale.maximum)} (note × {fr(round(factor, 4))})"
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
    numbers = [n for n in map(number, distinct_values(values)) if n is not None]
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
    for value in distinct_values(values):
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
    def rank(text: str) -> float:
        value = conv.table[text]
        if isinstance(value, str) and value in schema.LIKERT_LABELS:
            return float(schema.LIKERT_LABELS.index(value))
        return -value if isinstance(value, float) else 9.0

    best_first = sorted(shown, key=rank)
    conv.described += [shown[t] for t in best_first]


def fr(value: object) -> str:
    """A number as a French reader writes it: 4, 4,5, 0,25."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (f"{float(value):.4f}".rstrip("0").rstrip(".")).replace(".", ",")
    return str(value)
