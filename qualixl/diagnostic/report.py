"""The diagnostic as people and scripts read it: status counts, French text, JSON records."""

from __future__ import annotations

import datetime as dt
import textwrap

from qualixl.diagnostic.model import INDICATOR_TITLES, INDICATORS, STATUSES, DiagnosticLine
from qualixl.referentiel import VERSIONS_BY_NAME

_PLURALS = {"conforme": "conformes", "à surveiller": "à surveiller", "non conforme": "non conformes"}


def counts(lines: list[DiagnosticLine]) -> dict[str, int]:
    """Number of lines per status, worst first (every status present, possibly 0)."""
    return {status: sum(1 for line in lines if line.status == status) for status in STATUSES}


def summary(lines: list[DiagnosticLine]) -> str:
    """"2 non conformes, 5 à surveiller, 12 conformes." """
    if not lines:
        return "Aucune exigence évaluée."
    parts = [f"{n} {status if n <= 1 else _PLURALS[status]}" for status, n in counts(lines).items()]
    return ", ".join(parts) + "."


def as_dicts(lines: list[DiagnosticLine]) -> list[dict]:
    """JSON records with the keys indicator, requirement, status, risk, evidence, action."""
    return [line.as_dict() for line in lines]


def as_document(lines: list[DiagnosticLine], referentiel: str, as_of: dt.date) -> dict:
    """`diagnostic --json`: {"referentiel": "V9" | "V10", "as_of": "AAAA-MM-JJ", "lines": [...]}."""
    return {"referentiel": referentiel, "as_of": as_of.isoformat(), "lines": as_dicts(lines)}


def format_diagnostic(lines: list[DiagnosticLine], organisme: str = "", as_of: dt.date | None = None,
                      width: int = 100, referentiel: str = "") -> str:
    """French text grouped by indicator; passing lines in one line, the others in full."""
    title = "Diagnostic Qualiopi"
    if organisme:
        title += f" — {organisme}"
    if referentiel:
        title += f" — référentiel RNQ {referentiel}"
    if as_of:
        title += f" — arrêté au {as_of:%d/%m/%Y} (12 mois glissants)"
    out = [title, summary(lines)]
    indent = " " * 6
    for indicator in INDICATORS:
        group = [line for line in lines if line.indicator == indicator]
        if not group:
            continue
        version = VERSIONS_BY_NAME.get(referentiel)
        title = version.indicator(indicator).title if version and version.indicator(indicator) else \
            INDICATOR_TITLES[indicator]
        out += ["", f"Indicateur {indicator} — {title}" if indicator else title]
        for line in group:
            out.append(f"  [{line.status}] {line.requirement}")
            fields = [("Constats", line.evidence)]
            if line.status != "conforme":
                fields += [("Risque", line.risk), ("À faire", line.action)]
            for label, text in fields:
                out.append(textwrap.fill(f"{label} : {text}", width, initial_indent=indent,
                                         subsequent_indent=indent + "  "))
    return "\n".join(out)
