"""The shape of a version of the Référentiel National Qualité, as the diagnostic reads it.

A version is data: which indicators it has, how each is worded, which categories of action
it applies to, how a non-conformity on it is graded, and which requirement lines of the
diagnostic test it. Nothing here decides a rule; `diagnostic/` reads these records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# How a non-conformity on an indicator may be graded (the RNQ's two levels).
MINOR_OR_MAJOR = "mineure ou majeure"
MAJOR_ONLY = "majeure"


@dataclass(frozen=True)
class Indicator:
    """One indicator of a version: its number, title, wording and audit grading."""

    number: int
    title: str
    wording: str
    categories: tuple[str, ...]  # categories of action it applies to
    grading: str  # MINOR_OR_MAJOR or MAJOR_ONLY
    requirements: tuple[str, ...]  # codes of the diagnostic lines that test it, in report order
    new_entrant_process_only: bool = False  # at the initial audit only the written process is checked

    def applies_to(self, categories: tuple[str, ...]) -> bool:
        """True when the provider certifies at least one category this indicator covers."""
        return any(c in self.categories for c in categories)


@dataclass(frozen=True)
class Referentiel:
    """One version of the RNQ: in force from `start` (inclusive) to `end` (inclusive, None: still)."""

    name: str  # "V9", "V10"
    label: str  # how a sheet names it, in French
    start: dt.date | None
    end: dt.date | None
    indicators: tuple[Indicator, ...]

    def indicator(self, number: int) -> Indicator | None:
        return next((i for i in self.indicators if i.number == number), None)

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(i.number for i in self.indicators)

    def in_force_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)
