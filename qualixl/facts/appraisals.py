"""Facts of each Appréciations row: its day, its session and category, counted, rated, satisfied.

- `rated`: a Note globale read on the workbook's scale (a Likert label counts; « Sans
  opinion » does not and is not an error, `no_opinion`);
- `note_bad`: dated, neither a note nor « Sans opinion » (empty, unreadable or out of scale);
- `satisfied`: rated at or above the Seuil de satisfaction; `low`: rated below it;
- `unsatisfied`: low, or a « Points à améliorer » written (what the loop must answer);
- `to_improve`: a « Points à améliorer » written; `followed`: a « Suite donnée » written;
- `awaiting_action`: low, with a point to improve and no Suite donnée — the appraisal the
  improvement loop has not answered yet (the Boucle d'amélioration lists it unless an
  action's Références cite it).
- `teaching`: Temps « Évaluation des enseignements » (V10 indicator 33): such a response is
  not a satisfaction survey, so it is never rated, satisfied, low nor unsatisfied.
"""

from __future__ import annotations

import pandas as pd

from qualixl import schema
from qualixl.facts.solicitations import survey_rows
from qualixl.parameters import Parameters
from qualixl.parsing import per_distinct
from qualixl.reading import SheetData


def _written(values: pd.Series) -> pd.Series:
    return per_distinct(values, lambda v: isinstance(v, str) and bool(v.strip()), missing=False).astype(bool)


def appraisal_facts(data: SheetData, params: Parameters, as_of: pd.Timestamp, session_cat) -> pd.DataFrame:
    """`session_cat(keys)` gives the category code of each folded Session key."""
    v = data.values
    out = survey_rows(data, "Date", as_of, session_cat)
    note = v["Note globale"]
    no_opinion = data.no_opinion if data.no_opinion is not None else pd.Series(False, index=v.index)
    out["note"] = note
    out["no_opinion"] = no_opinion.astype(bool)
    out["teaching"] = (v["Temps"] == schema.TEACHING_EVALUATION).astype(bool)
    satisfaction = out["dated"] & ~out["teaching"]
    out["rated"] = satisfaction & note.notna()
    out["note_bad"] = satisfaction & note.isna() & ~out["no_opinion"]
    out["satisfied"] = out["rated"] & (note >= params.threshold)
    out["low"] = out["rated"] & (note < params.threshold)
    out["to_improve"] = _written(v["Points à améliorer"]) & ~out["teaching"]
    out["unsatisfied"] = out["low"] | out["to_improve"]
    out["followed"] = per_distinct(v["Suite donnée"], bool, missing=False).astype(bool)
    out["awaiting_action"] = out["low"] & out["to_improve"] & ~out["followed"]
    return out
