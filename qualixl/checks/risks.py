"""Rules of the Risques sheet (V10 indicator 32): critical risks measured, risks reviewed.

The row rules (criticité, critical, stale) are decided in `facts.risks`; these rules only
say where and why.
"""

from __future__ import annotations

from collections.abc import Iterator

from qualixl import schema
from qualixl.checks.model import Context, Hit, day, hits, plural


def _facts(ctx: Context):
    data = ctx.sheet(schema.RISQUES)
    if data is None:
        return None, None
    return data, ctx.facts.risks


def unmanaged_critical(ctx: Context) -> Iterator[Hit]:
    """An Actif risk of criticité ≥ 9 with neither Mesures de maîtrise nor Actions."""
    data, facts = _facts(ctx)
    if data is None:
        return
    yield from hits(
        data, facts["unmanaged"], "Mesures de maîtrise",
        lambda row: (
            f"Risque actif de criticité {int(facts.at[row, 'criticite'])} (probabilité × gravité, seuil "
            f"{schema.CRITICAL_RISK}) sans « Mesures de maîtrise » ni « Actions » : décrivez la mesure en place "
            "ou ouvrez une action (Origine = Risque)."
        ),
        "Statut",
    )


def stale(ctx: Context) -> Iterator[Hit]:
    """An Actif risk not reviewed for more than a year."""
    data, facts = _facts(ctx)
    if data is None:
        return
    yield from hits(
        data, facts["stale"], "Date de revue",
        lambda row: (
            f"Risque actif revu pour la dernière fois le {day(facts.at[row, 'reviewed'])}, il y a "
            f"{plural(int(facts.at[row, 'review_age']), 'jour')} : réexaminez-le (au moins tous les "
            f"{schema.RISK_REVIEW_DAYS} jours) et notez la Date de revue."
        ),
        "Date d'identification",
    )
