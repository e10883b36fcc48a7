"""Rules against the as-of date and the delays of Paramètres: late actions, evaluations, answers.

Whether a row is late, overdue or due for evaluation is a fact (qualixl.facts); these
rules only say so at the right cell, in French.
"""

from __future__ import annotations

from collections.abc import Iterator

from qualixl import schema
from qualixl.checks.model import Context, Hit, day, hits, plural


def overdue_actions(ctx: Context) -> Iterator[Hit]:
    """Open actions past their Échéance (facts `late`); a Statut outside the list is not called late."""
    data, facts = ctx.sheet(schema.PLAN), ctx.facts.actions
    if data is None:
        return
    status = data.values["Statut"]
    yield from hits(
        data,
        facts["late"],
        "Échéance",
        lambda row: (
            f"Action en retard : échéance du {day(facts.at[row, 'due'])} dépassée de "
            f"{plural(int(facts.at[row, 'days_late']), 'jour')}, « Statut » vaut « {status[row] or ''} » : "
            "réalisez-la, abandonnez-la ou reportez l'échéance."
        ),
    )


def unevaluated_actions(ctx: Context) -> Iterator[Hit]:
    """Realised actions due for evaluation (facts `evaluation_due`) whose Efficacité is still empty."""
    data, facts = ctx.sheet(schema.PLAN), ctx.facts.actions
    if data is None:
        return
    limit = ctx.parameters.evaluation_delay
    pending = facts["evaluation_due"] & ~facts["evaluated"] & ctx.blank(data, "Efficacité")
    yield from hits(
        data,
        pending,
        "Efficacité",
        lambda row: (
            f"Action réalisée le {day(facts.at[row, 'done_at'])}, il y a "
            f"{plural(int(facts.at[row, 'days_since_done']), 'jour')}, et « Efficacité » n'est pas évaluée : "
            f"délai d'évaluation de l'efficacité de {plural(limit, 'jour')}."
        ),
        "Statut",
    )


def _late(ctx: Context, prefix: str, target: str, limit: int, what: str, closed_too: bool) -> Iterator[Hit]:
    """Complaints whose `target` date came later than the delay (`*_late`) or never came (`*_overdue`).

    A Clôturée complaint lacking its date is left to the error rules unless `closed_too`.
    """
    data, facts = ctx.sheet(schema.RECLAMATIONS), ctx.facts.complaints
    if data is None:
        return
    complaint = facts["is_complaint"]
    received = facts["date"]
    if target in data.letters:
        yield from hits(
            data,
            complaint & facts[f"{prefix}_late"],
            target,
            lambda row: (
                f"{what} {day(facts.at[row, f'{prefix}_day'])}, {plural(int(facts.at[row, f'{prefix}_days']), 'jour')} "
                f"après la réception du {day(received[row])} : délai cible de {plural(limit, 'jour')}."
            ),
        )
    missing = complaint & facts[f"{prefix}_overdue"]
    if not closed_too:
        missing &= ~facts["marked_closed"]
    absent = target not in data.letters

    def message(row: int) -> str:
        later = facts.at[row, f"{prefix}_day"]
        if absent:
            state = f"La colonne « {target} » est absente"
        elif later == later:  # a date after the as-of date: not known yet then
            state = f"« {target} » est postérieure à la date d'arrêté ({day(later)})"
        else:
            state = f"« {target} » est vide"
        return (f"{state} {plural(int(facts.at[row, 'age_days']), 'jour')} après la réception du "
                f"{day(received[row])} : délai cible de {plural(limit, 'jour')}.")

    yield from hits(data, missing, target, message, "Date de réception")


def late_acknowledgements(ctx: Context) -> Iterator[Hit]:
    return _late(ctx, "ack", "Date d'accusé de réception", ctx.parameters.ack_delay, "Accusé de réception du",
                 closed_too=True)


def late_answers(ctx: Context) -> Iterator[Hit]:
    return _late(ctx, "answer", "Date de réponse", ctx.parameters.response_delay, "Réponse du", closed_too=False)
