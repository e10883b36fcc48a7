"""Facts of each Plan d'amélioration row: open, late, done on time, due for evaluation, evaluated, effective.

- `realised`: Réalisée with a Date de réalisation on or before the as-of date;
- `open`: a readable Statut, not Abandonnée, not realised at the as-of date (a Réalisée
  action dated after it was still running then), and not opened after the as-of date;
- `late`: open with an Échéance before the as-of date; `days_late` the calendar days since;
- `on_time`: realised on or before its Échéance (`timing_known` when both dates are read);
- `evaluation_due`: realised more than the evaluation delay ago (réalisation + délai < as-of);
- `evaluated`: an Efficacité whose Date d'évaluation is not after the as-of date;
- `effective`: evaluated Efficace.
"""

from __future__ import annotations

import pandas as pd

from qualixl.facts.cells import attributed, day, days, unusable
from qualixl.parameters import Parameters
from qualixl.reading import SheetData

DONE = "Réalisée"
DROPPED = "Abandonnée"
EFFECTIVE = "Efficace"


def action_facts(data: SheetData, params: Parameters, as_of: pd.Timestamp) -> pd.DataFrame:
    v = data.values
    opened, due, done_at = day(data, "Date d'ouverture"), day(data, "Échéance"), day(data, "Date de réalisation")
    status = v["Statut"]
    out = attributed(v.index, opened, as_of)  # attributed to its Date d'ouverture
    out["status_known"] = status.notna()
    out["due"] = due
    out["done_at"] = done_at
    out["marked_done"] = status == DONE
    out["realised"] = out["marked_done"] & done_at.notna() & (done_at <= as_of)
    out["abandoned"] = status == DROPPED
    out["done_later"] = out["marked_done"] & (done_at > as_of)  # Réalisée after the as-of date: running then
    out["open"] = out["status_known"] & ~out["abandoned"] & (~out["marked_done"] | out["done_later"]) & ~out["after"]
    out["late"] = out["open"] & (due < as_of)
    out["days_late"] = days(as_of, due).where(out["late"])
    out["timing_known"] = out["realised"] & due.notna()
    out["on_time"] = out["timing_known"] & (done_at <= due)
    elapsed = days(as_of, done_at)
    out["days_since_done"] = elapsed.where(out["realised"])
    out["evaluation_due"] = out["realised"] & (elapsed > params.evaluation_delay)
    effect = v["Efficacité"]
    out["effect_bad"] = unusable(data, "Efficacité")
    out["evaluated"] = effect.notna() & ~(day(data, "Date d'évaluation") > as_of)
    out["effective"] = out["evaluated"] & (effect == EFFECTIVE)
    return out
