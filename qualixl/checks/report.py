"""Findings as French text for people, and as plain dicts for JSON."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from qualixl.checks.model import Finding, plural
from qualixl.schema import ERROR, WARNING

NO_FINDING = "Aucune anomalie."


def counts(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    severities = [f.severity for f in findings]
    return severities.count(ERROR), severities.count(WARNING)


def _counts_text(errors: int, warnings: int) -> str:
    """'2 erreurs, 1 avertissement', '1 erreur', '3 avertissements'."""
    parts = []
    if errors:
        parts.append(plural(errors, "erreur"))
    if warnings:
        parts.append(plural(warnings, "avertissement"))
    return ", ".join(parts)


def total_line(findings: Sequence[Finding]) -> str:
    errors, warnings = counts(findings)
    if not errors and not warnings:
        return NO_FINDING
    if not errors:
        return f"Total : aucune erreur, {plural(warnings, 'avertissement')}."
    return f"Total : {_counts_text(errors, warnings)}."


def format_findings(findings: Sequence[Finding], missing: Sequence[str] = ()) -> str:
    """Findings grouped by sheet (sheets with errors first), errors before warnings, then a total.

    `missing` names the optional sheets absent from the workbook, whose checks were skipped.
    """
    groups: dict[str, list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: f.severity != ERROR):
        groups.setdefault(finding.sheet, []).append(finding)
    lines: list[str] = []
    for sheet, items in sorted(groups.items(), key=lambda kv: all(f.severity != ERROR for f in kv[1])):
        lines.append(f"{sheet} — {_counts_text(*counts(items))}")
        width = max(len(f.cell) for f in items)
        for f in items:
            lines.append(f"  {f.cell:<{width}}  {f.severity:<13}  {f.message} [{f.rule}, indicateur {f.indicator}]")
        lines.append("")
    if missing:
        names = ", ".join(missing)
        if len(missing) == 1:
            lines.append(f"Feuille facultative absente : {names} (les contrôles qui en dépendent sont sautés).")
        else:
            lines.append(f"Feuilles facultatives absentes : {names} (les contrôles qui en dépendent sont sautés).")
    lines.append(total_line(findings))
    return "\n".join(lines)


def as_dicts(findings: Iterable[Finding]) -> list[dict[str, str]]:
    """Each finding as a dict with exactly the keys severity, sheet, cell, rule, message, indicator."""
    return [dataclasses.asdict(f) for f in findings]
