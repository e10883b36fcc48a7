"""Rules on a complaint's Nature: a known nature, and violence situations handled (V10 indicator 12).

Nature is free text checked against Paramètres « Natures de réclamation » (a warning: the
provider may add natures of its own). Which rows are violence situations, and whether
they are treated once their answer delay has passed, is decided in `facts.violences`.
"""

from __future__ import annotations

from collections.abc import Iterator

from qualixl import schema
from qualixl.checks.model import Context, Hit, hits, quote
from qualixl.facts.violences import known_nature

NATURES = "Natures de réclamation"


def unknown_natures(ctx: Context) -> Iterator[Hit]:
    data = ctx.sheet(schema.RECLAMATIONS)
    if data is None or "Nature" not in data.letters:
        return
    unknown = ~known_nature(data.values["Nature"], ctx.parameters)
    listed = "; ".join(ctx.parameters.natures)
    yield from hits(
        data, unknown, "Nature",
        lambda row: (
            f"« Nature » vaut {quote(data.raw.at[row, 'Nature'])}, absent de la liste du paramètre « {NATURES} » "
            f"({listed}) : choisissez une nature de la liste, ou ajoutez celle-ci au paramètre (séparée par ;)."
        ),
    )


def _facts(ctx: Context):
    data = ctx.sheet(schema.RECLAMATIONS)
    if data is None or "Nature" not in data.letters:
        return None, None
    return data, ctx.facts.violences


def violence_not_critical(ctx: Context) -> Iterator[Hit]:
    data, facts = _facts(ctx)
    if data is None:
        return
    yield from hits(
        data, facts["not_critical"], "Gravité",
        lambda row: (
            f"Réclamation de nature « {schema.VIOLENCE} » et « Gravité » vaut "
            f"{quote(data.raw.at[row, 'Gravité']) if 'Gravité' in data.raw else '« »'} : une telle situation "
            "est Critique."
        ),
        "Nature",
    )


def violence_untreated(ctx: Context) -> Iterator[Hit]:
    data, facts = _facts(ctx)
    if data is None:
        return
    delay = ctx.parameters.response_delay
    names = (("no_analysis", "Analyse"), ("no_action", "Action"), ("not_closed", "Date de clôture"))

    def message(row: int) -> str:
        missing = [header for flag, header in names if facts.at[row, flag]]
        return (
            f"Situation de violence, harcèlement ou discrimination reçue il y a plus de {delay} jours (délai cible "
            f"de réponse) sans {', '.join(f'« {m} »' for m in missing)} : analysez-la, décidez d'une action et "
            "clôturez-la (indicateur 12)."
        )

    yield from hits(data, facts["untreated"], "Nature", message)
