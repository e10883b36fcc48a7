"""`qualixl import`: survey exports (Google Forms, Microsoft Forms, LimeSurvey, CSV) into Appréciations.

    >>> report = import_export("plan.xlsx", "reponses.csv", session="SES-2026-001")   # doctest: +SKIP
    >>> print(report.summary())                                                       # doctest: +SKIP

Modules, in the order the data flows:
exportfile (bounded CSV/xlsx reading) → sources (which tool, which columns are not
answers) → mapfile and guess (which question feeds which column) → scales and lookups
(answers in the workbook's terms) → records (rows and their fingerprint IDs) → run
(dedupe, part-level append via ooxml.append_rows, verify, atomic replace) → report.
"""

from qualixl.importing.report import ImportReport
from qualixl.importing.run import import_export

__all__ = ["ImportReport", "import_export"]
