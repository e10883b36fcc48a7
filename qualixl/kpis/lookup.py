"""The KPI table by (code, period, category): how every view finds the one record it quotes.

The dashboard, Évolution, the diagnostic and Indicateurs publiés each quote records of the
same table; they look them up here, in a dictionary built once per table, instead of each
filtering the frame (a scan per figure) or keeping its own index.
"""

from __future__ import annotations

import pandas as pd

Key = tuple[str, str, str | None]


def record_index(kpis: pd.DataFrame | None) -> dict[Key, dict]:
    """Each record of `kpis` as a dict, by (code, period, category); a missing category is None."""
    if kpis is None or not len(kpis):
        return {}
    index: dict[Key, dict] = {}
    for record in kpis.to_dict("records"):
        category = record["category"] if isinstance(record["category"], str) else None
        index.setdefault((record["code"], record["period"], category), record)
    return index
