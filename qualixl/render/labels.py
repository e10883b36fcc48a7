"""French labels for what the generated sheets show: periods, operations of the journal, rules.

The KPI records and the findings carry stable codes (``2026-01``, ``reponse_tardive``,
``refresh``) that scripts and the JSON output rely on; a reader of the printed sheets
sees French words instead. Each label is derived here, once, from the code.
"""

from __future__ import annotations

import re

from qualixl.checks.rules import RULES

MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})-T([1-4])$")

# Operations the Journal records; earlier versions wrote the English command names.
OPERATIONS = {"refresh": "Actualisation", "import": "Import d'un export"}


def period_label(period: str) -> str:
    """« janv. 2026 » for 2026-01, « T1 2026 » for 2026-T1, « Exercice 2026 » for an exercise."""
    month = _MONTH.match(period)
    if month:
        return f"{MONTHS[int(month.group(2)) - 1]} {month.group(1)}"
    quarter = _QUARTER.match(period)
    if quarter:
        return f"T{quarter.group(2)} {quarter.group(1)}"
    if re.fullmatch(r"\d{4}(-\d{4})?", period):
        return f"Exercice {period}"
    return period


def short_month(period: str) -> str:
    """« janv. 26 »: a month on a chart's axis, where twelve labels share the width."""
    month = _MONTH.match(period)
    if not month:
        return period
    return f"{MONTHS[int(month.group(2)) - 1]} {month.group(1)[2:]}"


def operation_label(operation) -> str:
    """The French name of a Journal operation (older rows said « refresh » or « import »)."""
    if not isinstance(operation, str):
        return operation
    return OPERATIONS.get(operation.strip().lower(), operation)


_RULES = {}
for _rule in RULES:
    _RULES.setdefault(_rule.code, _rule.description)
    _RULES[(_rule.code, _rule.indicator)] = _rule.description


def rule_label(code: str, indicator: str | None = None) -> str:
    """What a rule checks, in a French sentence (the rule's description), instead of its code."""
    return _RULES.get((code, indicator)) or _RULES.get(code) or code.replace("_", " ").capitalize()
