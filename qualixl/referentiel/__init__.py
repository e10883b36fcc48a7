"""The Référentiel National Qualité as data: its versions, and which one applies at a date.

`versions` holds V9 and V10 (indicators, wording, categories, grading, requirement lines);
`choose` picks the one the workbook's Paramètres « Référentiel » names at an as-of date.
"""

from qualixl.referentiel.choice import AUTO, Chosen, choose, in_force
from qualixl.referentiel.model import MAJOR_ONLY, MINOR_OR_MAJOR, Indicator, Referentiel
from qualixl.referentiel.versions import V9, V10, VERSIONS, VERSIONS_BY_NAME

__all__ = [
    "AUTO",
    "MAJOR_ONLY",
    "MINOR_OR_MAJOR",
    "V9",
    "V10",
    "VERSIONS",
    "VERSIONS_BY_NAME",
    "Chosen",
    "Indicator",
    "Referentiel",
    "choose",
    "in_force",
]
