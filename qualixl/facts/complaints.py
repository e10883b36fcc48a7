"""Facts of each Réclamations row: received, acknowledged and answered in time or late, open or closed.

A delay is counted in calendar days from the day of réception. For the acknowledgement
and the answer (prefixes `ack_` and `answer_`):

- `*_known`: the date is filled, readable, not before réception and not after the as-of
  date (a later date is not known yet at the as-of date);
- `*_bad`: the date is unreadable or before réception (the row leaves the delay figures);
- `*_days`: calendar days from réception to that date, where known;
- `*_due_passed`: the target delay has passed at the as-of date (réception + délai < as-of);
- `*_in_time` / `*_late`: known, within / beyond the target delay;
- `*_overdue`: not known although the target delay has passed;
- `*_pending`: not known, the delay still running;
- `*_counted`: a complaint whose delay can be judged (known, or overdue) — the rate's rows.

`closed`: Clôturée with no Date de clôture after the as-of date; `open`: received by the
as-of date, with a readable Statut, and not closed. `handling_due`: the analysis and the
decision of an action are due once the row is closed or its answer delay has passed.
`closed_without_action`: received by the as-of date, closed, with no Action named (the Boucle d'amélioration lists it
unless an action's Références cite it).
"""

from __future__ import annotations

import pandas as pd

from qualixl import schema
from qualixl.facts.cells import attributed, day, days, unusable
from qualixl.facts.ids import fold_refs
from qualixl.parameters import Parameters
from qualixl.reading import SheetData

COMPLAINT = schema.COMPLAINT_TYPES[0]
CLOSED = "Clôturée"
DELAYS = {"ack": ("Date d'accusé de réception", "ack_delay"), "answer": ("Date de réponse", "response_delay")}


def complaint_facts(data: SheetData, params: Parameters, as_of: pd.Timestamp) -> pd.DataFrame:
    v = data.values
    received = day(data, "Date de réception")
    out = attributed(v.index, received, as_of)  # attributed to its Date de réception
    out["type_known"] = v["Type"].notna()
    out["is_complaint"] = out["dated"] & (v["Type"] == COMPLAINT)
    for prefix, (header, delay_name) in DELAYS.items():
        delay = getattr(params, delay_name)
        done = day(data, header)
        bad = unusable(data, header) | (done < received)
        known = done.notna() & (done <= as_of) & ~bad
        taken = days(done, received)
        due_passed = received + pd.Timedelta(days=delay) < as_of
        out[f"{prefix}_day"] = done
        out[f"{prefix}_bad"] = bad
        out[f"{prefix}_known"] = known
        out[f"{prefix}_days"] = taken.where(known)
        out[f"{prefix}_due_passed"] = due_passed
        out[f"{prefix}_in_time"] = known & (taken <= delay)
        out[f"{prefix}_late"] = known & (taken > delay)
        out[f"{prefix}_overdue"] = ~known & ~bad & due_passed
        out[f"{prefix}_pending"] = ~known & ~bad & ~due_passed
        out[f"{prefix}_counted"] = out["is_complaint"] & ~bad & (known | due_passed)
    status = v["Statut"]
    out["status_known"] = status.notna()
    out["marked_closed"] = status == CLOSED
    out["closed"] = out["marked_closed"] & ~(day(data, "Date de clôture") > as_of)
    out["open"] = out["dated"] & out["status_known"] & ~out["closed"]
    out["age_days"] = days(as_of, received)
    out["handling_due"] = out["dated"] & ((status == CLOSED) | out["answer_due_passed"])
    out["closed_without_action"] = out["dated"] & out["closed"] & (fold_refs(v["Action"]).map(len) == 0)
    return out
