"""The calculation method of a published result, in plain French, derived from the KPI's contract.

V10 indicator 2 asks that every published result state « de manière transparente leurs
modalités de calcul ». The sentences are built from `schema.Kpi.definition` (what is
divided by what) and `schema.Kpi.scope` (which rows count, by which date), plus the
period and the category, so that a change of definition in schema.py changes the text.
"""

from __future__ import annotations

import datetime as dt

from qualixl import schema
from qualixl.parameters import Parameters

_VOWELS = "aeiouyàâéèêëîïôûh"


def _with_article(part: str) -> str:
    """"Σ abandons" → "le total des abandons"; "réponses notées" → "les réponses notées"."""
    part = part.strip()
    if part.startswith("(") and part.endswith(")") and " − " in part:
        left, right = part[1:-1].split(" − ", 1)
        return f"la différence entre {_with_article(left)} et {_with_article(right)}"
    if part.startswith("Σ "):
        return "le total des " + part[2:]
    return "les " + part[0].lower() + part[1:]


def _to(part: str) -> str:
    """French contraction of « à » with the article: à les → aux, à le → au."""
    if part.startswith("les "):
        return "aux " + part[4:]
    if part.startswith("le "):
        return "au " + part[3:]
    return "à " + part


def ratio_sentence(kpi: schema.Kpi) -> str:
    """"Le taux d'abandon rapporte le total des abandons au total des inscrits." """
    numerator, denominator = kpi.definition.rstrip(".").split(" ÷ ", 1)
    label = kpi.label[0].lower() + kpi.label[1:]
    subject = f"L'{label}" if label[0] in _VOWELS else f"Le {label}"
    return f"{subject} rapporte {_with_article(numerator)} {_to(_with_article(denominator))}."


def scope_sentence(kpi: schema.Kpi, start: dt.date, end: dt.date, category: str | None) -> str:
    """"Le calcul porte sur les …, selon leur date …, comprise entre le 01/01/2025 et le 31/12/2025, pour …"."""
    where = f", pour la catégorie «\u00a0{category}\u00a0»" if category else ", toutes catégories d'actions confondues"
    return f"Le calcul porte sur {kpi.scope}, comprise entre le {start:%d/%m/%Y} et le {end:%d/%m/%Y}{where}."


def parameter_sentence(kpi: schema.Kpi, params: Parameters) -> str:
    """The setting a definition names (the satisfaction threshold), else ''."""
    if "seuil de satisfaction" in kpi.definition:
        return (f"Une réponse est satisfaite quand sa note globale atteint {params.threshold:g} sur une échelle de "
                f"{params.scale:g} (les réponses «\u00a0Très satisfait\u00a0» et «\u00a0Satisfait\u00a0» comptent comme satisfaites).")
    return ""


def method(kpi: schema.Kpi, params: Parameters, start: dt.date, end: dt.date, category: str | None) -> str:
    """The whole method: ratio, rows counted with the period, and the setting used."""
    parts = [ratio_sentence(kpi), scope_sentence(kpi, start, end, category), parameter_sentence(kpi, params)]
    return " ".join(p for p in parts if p)
