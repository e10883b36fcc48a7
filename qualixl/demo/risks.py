"""The Risques sheet of the demo (V10 indicator 32): an analysis kept alive at every quality review.

The register is drawn up at the quality review held about a year before the last one,
and each risk is reviewed at the latest quality review; risks
linked to an action of Origine « Risque » name it. No random draw: the other sheets'
draws stay as they were.
"""

from __future__ import annotations

from qualixl import schema
from qualixl.demo.context import GenerationContext
from qualixl.demo.texts_provider import STAFF
from qualixl.demo.texts_risks import RISKS, STATUSES_OF_LOW_RISKS


def risk_rows(ctx: GenerationContext, reviews: list[tuple[int, str]], actions: list[dict]) -> list[tuple]:
    """The Risques sheet, in the contract's column order, IDs RIS-YYYY-001."""
    quality = [o for o, kind in reviews if kind == "Revue qualité"]
    if not quality:
        return []
    first, last = quality[max(0, len(quality) - 5)], quality[-1]
    from_risks = [a for a in actions if a["origin"] == "Risque" and a["opened"] >= first]
    rows = []
    year = ctx.year(first)
    for i, (step, risk, causes, effects, p, g, measures) in enumerate(RISKS):
        linked = [a["id"] for a in from_risks[i::len(RISKS)]]
        critical = p * g >= schema.CRITICAL_RISK
        status = "Actif" if critical else STATUSES_OF_LOW_RISKS[i % 2]
        rows.append((f"RIS-{year}-{i + 1:03d}", ctx.date(first), step, risk, causes, effects, str(p), str(g),
                     measures, "; ".join(linked) or None, STAFF[i % 4], ctx.date(last), status))
    return rows
