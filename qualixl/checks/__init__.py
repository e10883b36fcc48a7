"""`qualixl check`: every rule of the contract run over a workbook, every failing cell reported.

    >>> findings = check("plan_amelioration.xlsx")           # doctest: +SKIP
    >>> print(format_findings(findings))                      # doctest: +SKIP

Rules are data (`RULES`, in rules.py); each returns every failing cell of every sheet.
Findings come errors first, then in the contract's sheet order, then by row and column.
Checking never writes the workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from qualixl import schema
from qualixl.checks.model import Context, Finding, Rule, cell_position
from qualixl.checks.report import as_dicts, counts, format_findings
from qualixl.checks.rules import RULE_CODES, RULES
from qualixl.reading import Dataset, read_workbook

__all__ = [
    "RULES",
    "RULE_CODES",
    "Finding",
    "Rule",
    "as_dicts",
    "check",
    "counts",
    "format_findings",
    "run_checks",
]

_SHEET_ORDER = {s.name: i for i, s in enumerate(schema.SHEETS)}


def check(path: Path | str, as_of: dt.date | None = None) -> list[Finding]:
    """Read the workbook at `path` and return every finding (QualixlError if unreadable)."""
    return run_checks(read_workbook(path), as_of)


def run_checks(dataset: Dataset, as_of: dt.date | None = None, rules: Sequence[Rule] = RULES) -> list[Finding]:
    """Run `rules` over a dataset read by `read_workbook`; as_of defaults to today."""
    ctx = Context(dataset, as_of or dt.date.today())
    keyed = []
    for rule in rules:
        for hit in rule.find(ctx):
            finding = Finding(
                severity=rule.severity,
                sheet=dataset.spelled.get(hit.sheet, hit.sheet),
                cell=hit.cell,
                rule=rule.code,
                message=hit.message,
                indicator=rule.indicator or schema.SHEETS_BY_NAME[hit.sheet].indicators,
            )
            keyed.append(((finding.severity != schema.ERROR, _SHEET_ORDER[hit.sheet], *cell_position(hit.cell)), finding))
    keyed.sort(key=lambda pair: pair[0])
    return [finding for _, finding in keyed]
