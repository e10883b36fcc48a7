"""Facts of each Risques row (V10 indicator 32), decided once for checks, KPIs and the diagnostic.

- `criticite`: Probabilité × Gravité (1–16), computed, never typed;
- `active`: identified on or before the as-of date and Statut Actif;
- `critical`: active with criticité ≥ 9; `measured`: Mesures de maîtrise written or an Action named;
- `unmanaged`: critical and not measured;
- `reviewed`: the day of the last review (Date de revue not after the as-of date, else Date
  d'identification), `review_age` its age in days, `stale`: active and reviewed over 365 days ago.
"""

from __future__ import annotations

import pandas as pd

from qualixl import schema
from qualixl.facts.cells import day, days
from qualixl.parsing import per_distinct
from qualixl.reading import SheetData

ACTIVE = schema.RISK_STATUSES[0]


def _written(values: pd.Series) -> pd.Series:
    return per_distinct(values, lambda v: isinstance(v, str) and bool(v.strip()), missing=False).astype(bool)


def risk_facts(data: SheetData, as_of: pd.Timestamp) -> pd.DataFrame:
    v = data.values
    out = pd.DataFrame(index=v.index)
    identified = day(data, "Date d'identification")
    out["date"] = identified
    out["dated"] = identified.notna() & (identified <= as_of)
    out["after"] = identified > as_of
    out["criticite"] = pd.to_numeric(v["Probabilité"], errors="coerce") * pd.to_numeric(v["Gravité"], errors="coerce")
    out["active"] = out["dated"] & (v["Statut"] == ACTIVE)
    out["critical"] = out["active"] & (out["criticite"] >= schema.CRITICAL_RISK)
    out["measured"] = _written(v["Mesures de maîtrise"]) | per_distinct(v["Actions"], bool, missing=False).astype(bool)
    out["unmanaged"] = out["critical"] & ~out["measured"]
    review = day(data, "Date de revue")
    out["reviewed"] = review.where(review.notna() & (review <= as_of), identified)
    out["review_age"] = days(as_of, out["reviewed"])
    out["stale"] = out["active"] & (out["review_age"] > schema.RISK_REVIEW_DAYS)
    return out
