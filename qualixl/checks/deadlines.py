"""Rules against the as-of date and the delays of Paramètres: late actions, evaluations, answers."""

from __future__ import annotations

from collections.abc import Iterator

from qualixl import schema
from qualixl.checks.model import Context, Hit, dates, day, days_between, hits, plural

DONE = ("Réalisée", "Abandonnée")
COMPLAINT = schema.COMPLAINT_TYPES[0]


def overdue_actions(ctx: Context) -> Iterator[Hit]:
    """Actions past their Échéance that are neither Réalisée nor Abandonnée.

    A Statut outside the list is already an error; its meaning unknown, it is not called late.
    """
    data = ctx.sheet(schema.PLAN)
    if data is None:
        return
    due = dates(data, "Échéance")
    status = data.values["Statut"]
    late = (due < ctx.today) & ~status.isin(DONE) & data.problems["Statut"].isna()
    delay = days_between(ctx.today, due)
    yield from hits(
        data,
        late,
        "Échéance",
        lambda row: (
            f"Action en retard : échéance du {day(due[row])} dépassée de {plural(int(delay[row]), 'jour')}, "
            f"« Statut » vaut « {status[row] or ''} » : réalisez-la, abandonnez-la ou reportez l'échéance."
        ),
    )


def unevaluated_actions(ctx: Context) -> Iterator[Hit]:
    """Réalisée actions whose Efficacité is still empty after the evaluation delay."""
    data = ctx.sheet(schema.PLAN)
    if data is None:
        return
    limit = ctx.parameters.evaluation_delay
    done = dates(data, "Date de réalisation")
    elapsed = days_between(ctx.today, done)
    pending = (data.values["Statut"] == "Réalisée") & (elapsed > limit) & ctx.blank(data, "Efficacité")
    yield from hits(
        data,
        pending,
        "Efficacité",
        lambda row: (
            f"Action réalisée le {day(done[row])}, il y a {plural(int(elapsed[row]), 'jour')}, "
            f"et « Efficacité » n'est pas évaluée : délai d'évaluation de l'efficacité de {plural(limit, 'jour')}."
        ),
        "Statut",
    )


def _late(ctx: Context, target: str, limit: int, what: str, closed_too: bool) -> Iterator[Hit]:
    """Complaints whose `target` date came more than `limit` days after réception, or never came.

    A Clôturée complaint lacking its date is left to the error rules unless `closed_too`.
    """
    data = ctx.sheet(schema.RECLAMATIONS)
    if data is None:
        return
    received = dates(data, "Date de réception")
    complaint = data.values["Type"] == COMPLAINT
    if target in data.letters:
        answered = dates(data, target)
        taken = days_between(answered, received)
        late = complaint & (taken > limit)
        yield from hits(
            data,
            late,
            target,
            lambda row: (
                f"{what} {day(answered[row])}, {plural(int(taken[row]), 'jour')} après la réception du "
                f"{day(received[row])} : délai cible de {plural(limit, 'jour')}."
            ),
        )
    waiting = days_between(ctx.today, received)
    missing = complaint & ctx.blank(data, target) & (waiting > limit)
    if not closed_too:
        missing &= data.values["Statut"] != "Clôturée"
    empty = f"« {target} » est vide" if target in data.letters else f"La colonne « {target} » est absente"
    yield from hits(
        data,
        missing,
        target,
        lambda row: (
            f"{empty} {plural(int(waiting[row]), 'jour')} après la réception du "
            f"{day(received[row])} : délai cible de {plural(limit, 'jour')}."
        ),
        "Date de réception",
    )


def late_acknowledgements(ctx: Context) -> Iterator[Hit]:
    return _late(ctx, "Date d'accusé de réception", ctx.parameters.ack_delay, "Accusé de réception du", closed_too=True)


def late_answers(ctx: Context) -> Iterator[Hit]:
    return _late(ctx, "Date de réponse", ctx.parameters.response_delay, "Réponse du", closed_too=False)
