"""Which version of the référentiel a workbook is read against, at an as-of date.

The Paramètres value « Référentiel » is `auto` (the version in force that day), `V9` or
`V10`. Forcing a version other than the one in force is allowed (an audit prepared on
the old wording, a dry run of the new one) and is said, never hidden.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from qualixl.referentiel.model import Referentiel
from qualixl.referentiel.versions import VERSIONS, VERSIONS_BY_NAME

AUTO = "auto"


@dataclass(frozen=True)
class Chosen:
    """The version used, the one in force at the as-of date, and whether the user forced it."""

    version: Referentiel
    in_force: Referentiel
    forced: bool

    @property
    def differs(self) -> bool:
        return self.version.name != self.in_force.name

    def note(self) -> str:
        """A French sentence when the version used is not the one in force, else ''."""
        if not self.differs:
            return ""
        return (f"Référentiel {self.version.name} imposé par Paramètres alors que le {self.in_force.name} "
                f"est en vigueur à la date d'arrêté : le diagnostic ne reflète pas l'audit à venir.")


def in_force(day: dt.date) -> Referentiel:
    """The version in force on `day` (the latest one when the dates overlap)."""
    found = [v for v in VERSIONS if v.in_force_on(day)]
    return found[-1] if found else VERSIONS[-1]


def choose(setting: object, day: dt.date) -> Chosen:
    """The version named by the Paramètres value (`auto`, `V9`, `V10`; any other: auto)."""
    current = in_force(day)
    name = str(setting or AUTO).strip().upper()
    version = VERSIONS_BY_NAME.get(name)
    if version is None:
        return Chosen(current, current, False)
    return Chosen(version, current, True)
