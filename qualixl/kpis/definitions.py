"""Each KPI as a frame of contributions, one per row it counts, built from the facts (qualixl.facts).

A contribution has an attribution `date` (a day), a category code `cat` (NO_CATEGORY
when it cannot be tied to one), the `num` and `den` it adds (a rate's numerator and
denominator, a mean's value and 1, a count's 1 and 1) and `excl`: 1 for a row the KPI
would count but whose needed cell is invalid (it adds nothing else). compute.py sums
these by period and category, so every record says how many rows it left out.

Which rows are late, in time, open, evaluated or satisfied is the facts' decision;
what is decided here is only which facts a KPI counts. An excluded row whose own date
cannot be read is attributed to the as-of date (it belongs to the figures of now).
Rows dated after the as-of date are left out everywhere and counted in `Context.after`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qualixl import schema
from qualixl.facts import NO_CATEGORY, Facts

FACT_COLUMNS = ("date", "cat", "num", "den", "excl")

# Sheets each KPI needs (the KPI is skipped when one is absent).
NEEDS = {
    "SAT_TAUX": (schema.APPRECIATIONS,),
    "SAT_MOY": (schema.APPRECIATIONS,),
    "REPONSE_TAUX": (schema.SOLLICITATIONS, schema.APPRECIATIONS),
    "PP_COUVERTURE": (schema.APPRECIATIONS,),
    "REC_NB": (schema.RECLAMATIONS,),
    "REC_AR_DELAI": (schema.RECLAMATIONS,),
    "REC_DELAI_MOY": (schema.RECLAMATIONS,),
    "REC_REPONSE_DELAI": (schema.RECLAMATIONS,),
    "REC_OUVERTES": (schema.RECLAMATIONS,),
    "ACT_NB": (schema.PLAN,),
    "ACT_REALISEES_A_TEMPS": (schema.PLAN,),
    "ACT_RETARD": (schema.PLAN,),
    "ACT_EFFICACITE": (schema.PLAN,),
    "ACT_EVALUEES": (schema.PLAN,),
    "ABANDON_TAUX": (schema.SESSIONS,),
    "OBJECTIFS_TAUX": (schema.SESSIONS,),
    "CERTIF_TAUX": (schema.SESSIONS,),
    "PRESENTES_TAUX": (schema.SESSIONS,),
    "REVUES_NB": (schema.REVUES,),
    "RISQUES_CRITIQUES": (schema.RISQUES,),
    "ENS_EVAL_COUVERTURE": (schema.SESSIONS, schema.APPRECIATIONS),
    "VIOLENCES_NB": (schema.RECLAMATIONS,),
}


@dataclass
class Context:
    """The facts at the as-of date, and the rows of each sheet left out so far."""

    facts: Facts
    excluded: dict[str, pd.Series] = field(default_factory=dict)
    after: dict[str, pd.Series] = field(default_factory=dict)
    first_dates: list[pd.Timestamp] = field(default_factory=list)

    @property
    def as_of(self) -> pd.Timestamp:
        return self.facts.as_of

    @property
    def params(self):
        return self.facts.dataset.parameters

    def dated(self, sheet: str, rows: pd.DataFrame) -> pd.Series:
        """The rows usable at the as-of date (`rows.dated`); notes the undated and the later ones."""
        self._note(sheet, rows["date"].isna() & ~rows["after"])
        self.after[sheet] = rows["after"]
        usable = rows["dated"]
        if usable.any():
            self.first_dates.append(rows["date"][usable].min())
        return usable

    def _note(self, sheet: str, mask: pd.Series) -> None:
        previous = self.excluded.get(sheet)
        self.excluded[sheet] = mask if previous is None else previous | mask

    def contributions(self, sheet: str, rows: pd.DataFrame, cat, num, den, counted: pd.Series,
                      invalid: pd.Series | None = None) -> pd.DataFrame:
        """The KPI's frame: rows where `counted`, plus the `invalid` ones it would count (excl = 1)."""
        date = rows["date"]
        frame = pd.DataFrame({"date": date, "cat": cat, "num": num, "den": den, "excl": 0.0}, index=rows.index)
        kept = frame[counted.to_numpy(dtype=bool)]
        if invalid is None or not invalid.any():
            return kept.astype({"cat": "int64", "num": "float64", "den": "float64", "excl": "float64"})
        self._note(sheet, invalid)
        lost = frame[invalid.to_numpy(dtype=bool)].assign(num=0.0, den=0.0, excl=1.0)
        lost["date"] = lost["date"].where(lost["date"].notna(), self.as_of)  # invalid rows are never after it
        both = pd.concat([kept, lost])
        return both.astype({"cat": "int64", "num": "float64", "den": "float64", "excl": "float64"})


def undated(rows: pd.DataFrame) -> pd.Series:
    """Rows whose attribution date could not be read (they would count, but nobody knows when)."""
    return rows["date"].isna() & ~rows["after"]


def appraisal_contributions(ctx: Context, a: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """SAT_TAUX, SAT_MOY; and the responses (date, session, stakeholder, time) for the others.

    A response counts when its Date is usable; "Sans opinion" is not a note and leaves
    both SAT KPIs without being an exclusion; an empty, unreadable or out-of-scale note
    is an exclusion (the response still counts for REPONSE_TAUX and PP_COUVERTURE).
    A response of Temps « Évaluation des enseignements » (V10 indicator 33, `teaching`)
    counts in none of these KPIs (see ENS_EVAL_COUVERTURE).
    """
    sheet = schema.APPRECIATIONS
    ok = ctx.dated(sheet, a) & ~a["teaching"]
    lost = a["note_bad"] | (undated(a) & ~a["no_opinion"] & ~a["teaching"])
    sat = ctx.contributions(sheet, a, a["cat"], a["satisfied"].astype("float64"), 1.0, a["rated"], lost)
    mean = ctx.contributions(sheet, a, a["cat"], a["note"], 1.0, a["rated"], lost)
    no_pp = ok & a["pp"].isna()
    ctx._note(sheet, no_pp)
    responses = a.loc[(ok & a["pp"].notna()).to_numpy(), ["date", "cat", "session", "pp", "temps"]]
    return {"SAT_TAUX": sat, "SAT_MOY": mean}, responses


def response_rate_contributions(ctx: Context, s: pd.DataFrame, responses: pd.DataFrame) -> pd.DataFrame:
    """REPONSE_TAUX, attributed to the period of the Sollicitation (its Date d'envoi).

    Sollicitations with the same (first Session, Partie prenante, Temps) sent on the
    same day form one group; its denominator is their Σ Destinataires. Each response
    goes to the latest group with the same Session, Partie prenante and Temps sent on or
    before its Date (else the earliest one sent after it); a response without Session
    matches sollicitations without Session; a response without Temps takes the Temps of
    the sollicitations of its (Session, Partie prenante) when they all have the same
    one. A group's numerator is its matched responses, capped at its Destinataires, so
    the rate never exceeds 1. Unmatched responses count nowhere in this rate. Sessions
    are matched by their folded ID (facts.ids). A teaching evaluation (V10 indicator 33)
    is not a satisfaction survey and counts nowhere here.
    """
    sheet = schema.SOLLICITATIONS
    ok = ctx.dated(sheet, s) & ~s["teaching"]
    lost = (ok & s["bad"]) | undated(s)
    use = (ok & ~s["bad"]).to_numpy()
    keys = ["session", "pp", "temps"]
    sent = s.loc[use, ["session", "pp", "temps", "date", "dest", "cat"]].copy()
    answers = responses[["date", *keys]].copy()
    for frame in (sent, answers):
        frame["session"] = frame["session"].where(frame["session"].notna(), "").astype(object)
    # Texts become integer codes shared by both frames (-1: empty): grouping and merging
    # on integers is several times faster than on texts at 100,000 responses.
    widths = []
    for key in keys:
        codes, uniques = pd.factorize(pd.concat([sent[key], answers[key]], ignore_index=True))
        sent[key], answers[key] = codes[: len(sent)], codes[len(sent) :]
        widths.append(len(uniques) + 1)
    groups = sent.groupby([*keys, "date"], sort=False).agg(dest=("dest", "sum"), cat=("cat", "first")).reset_index()
    groups = groups.sort_values("date", kind="stable")
    groups["gid"] = np.arange(len(groups))
    if len(groups) and len(answers):
        single = groups.groupby(["session", "pp"]).agg(n=("temps", "nunique"), only=("temps", "first"))
        single = single.loc[single["n"] == 1, ["only"]].reset_index()
        answers = answers.merge(single, on=["session", "pp"], how="left")
        temps = answers["temps"].where(answers["temps"] != -1, answers["only"])
        answers = answers[temps.notna().to_numpy()].assign(temps=temps.dropna().astype("int64"))
        answers = answers.sort_values("date", kind="stable")
        right = groups[["date", "gid"]].assign(key=_combined(groups, keys, widths))
        left = answers[["date"]].assign(key=_combined(answers, keys, widths))
        back = pd.merge_asof(left, right, on="date", by="key", direction="backward")
        late = back["gid"].isna().to_numpy()
        fwd = pd.merge_asof(left[late], right, on="date", by="key", direction="forward")
        matched = pd.concat([back["gid"][~late], fwd["gid"]]).dropna().astype("int64").value_counts()
        groups["num"] = np.minimum(matched.reindex(groups["gid"], fill_value=0).to_numpy(), groups["dest"].to_numpy())
    else:
        groups["num"] = 0.0
    rate = pd.DataFrame({"date": groups["date"], "cat": groups["cat"], "num": groups["num"], "den": groups["dest"],
                         "excl": 0.0})
    if lost.any():
        ctx._note(sheet, lost)
        gone = s.loc[lost.to_numpy(), ["date", "cat"]].assign(num=0.0, den=0.0, excl=1.0)
        gone["date"] = gone["date"].where(gone["date"].notna(), ctx.as_of)
        rate = pd.concat([rate.set_index(pd.RangeIndex(-len(rate), 0)), gone])  # excluded rows keep their Excel row
    return rate.astype({"cat": "int64", "num": "float64", "den": "float64", "excl": "float64"})


def _combined(frame: pd.DataFrame, keys: list[str], widths: list[int]) -> np.ndarray:
    """One int64 per row standing for its tuple of key codes (code of `keys[i]` in -1..widths[i]-2).

    Mixed radix: at Excel's row limit the product of the widths stays below 2**63.
    """
    combined = np.zeros(len(frame), dtype="int64")
    for key, width in zip(keys, widths, strict=True):
        combined = combined * width + (frame[key].to_numpy(dtype="int64") + 1)
    return combined


def complaint_contributions(ctx: Context, c: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """REC_NB, REC_AR_DELAI, REC_DELAI_MOY, REC_REPONSE_DELAI and the stock REC_OUVERTES.

    A delay rate counts the complaints whose delay can be judged at the as-of date
    (facts `*_counted`: acknowledged / answered, or overdue); it is the share of those in
    time (`*_in_time`). REC_DELAI_MOY is the mean `answer_days` of answered complaints.
    REC_OUVERTES counts every Type still open (facts `open`).
    """
    sheet = schema.RECLAMATIONS
    ok = ctx.dated(sheet, c)
    type_lost = (ok & ~c["type_known"]) | undated(c)
    rec = c["is_complaint"]
    out = {"REC_NB": ctx.contributions(sheet, c, c["cat"], 1.0, 1.0, rec, type_lost)}
    for code, prefix in (("REC_AR_DELAI", "ack"), ("REC_REPONSE_DELAI", "answer")):
        lost = type_lost | (rec & c[f"{prefix}_bad"])
        out[code] = ctx.contributions(sheet, c, c["cat"], c[f"{prefix}_in_time"].astype("float64"), 1.0,
                                      c[f"{prefix}_counted"], lost)
    out["REC_DELAI_MOY"] = ctx.contributions(sheet, c, c["cat"], c["answer_days"], 1.0, rec & c["answer_known"],
                                             type_lost | (rec & c["answer_bad"]))
    status_lost = (ok & ~c["status_known"]) | undated(c)
    out["REC_OUVERTES"] = ctx.contributions(sheet, c, c["cat"], 1.0, 1.0, c["open"], status_lost)
    return out


def action_contributions(ctx: Context, a: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """ACT_NB, ACT_REALISEES_A_TEMPS, ACT_EFFICACITE, ACT_EVALUEES and the stock ACT_RETARD.

    All attributed by Date d'ouverture (the contract), without category, from the facts
    `realised`, `on_time`, `evaluated`, `effective`, `evaluation_due`, `open` and `late`.
    """
    sheet = schema.PLAN
    ok = ctx.dated(sheet, a)
    gone = undated(a)
    out = {"ACT_NB": ctx.contributions(sheet, a, NO_CATEGORY, 1.0, 1.0, ok, gone)}
    status_lost = (ok & ~a["status_known"]) | gone
    timing_lost = status_lost | (ok & a["marked_done"] & (a["done_at"].isna() | a["due"].isna()))
    out["ACT_REALISEES_A_TEMPS"] = ctx.contributions(sheet, a, NO_CATEGORY, a["on_time"].astype("float64"), 1.0,
                                                     ok & a["timing_known"], timing_lost)
    evaluated = ok & a["evaluated"]
    out["ACT_EFFICACITE"] = ctx.contributions(sheet, a, NO_CATEGORY, a["effective"].astype("float64"), 1.0,
                                              evaluated, (ok & a["effect_bad"]) | gone)
    out["ACT_EVALUEES"] = ctx.contributions(sheet, a, NO_CATEGORY, a["evaluated"].astype("float64"), 1.0,
                                            ok & a["evaluation_due"], timing_lost)
    out["ACT_RETARD"] = ctx.contributions(sheet, a, NO_CATEGORY, 1.0, 1.0, ok & a["late"],
                                          status_lost | (ok & a["open"] & a["due"].isna()))
    return out


def session_contributions(ctx: Context, s: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """ABANDON_TAUX, OBJECTIFS_TAUX, CERTIF_TAUX, by the session's Date de fin (else début).

    ABANDON_TAUX: sessions with Inscrits (an empty Abandons counts as 0); OBJECTIFS_TAUX:
    sessions with Objectifs atteints, den = Inscrits − Abandons; CERTIF_TAUX: sessions
    with Présentés (an empty Certifiés counts as 0). A session whose counts for a rate
    cannot be used (facts `*_bad`) is excluded from it.
    """
    sheet = schema.SESSIONS
    ok = ctx.dated(sheet, s)
    gone = undated(s)
    drop_lost = (ok & s["drop_bad"]) | (gone & s["enrolled"].notna())
    out = {"ABANDON_TAUX": ctx.contributions(sheet, s, s["cat"], s["dropped"], s["enrolled"],
                                             ok & s["enrolled"].notna() & ~s["drop_bad"], drop_lost)}
    has_goal = s["reached"].notna()
    out["OBJECTIFS_TAUX"] = ctx.contributions(sheet, s, s["cat"], s["reached"], s["stayed"],
                                              ok & has_goal & ~s["goal_bad"], (ok & has_goal & s["goal_bad"]) | (gone & has_goal))
    has_cert = s["presented"].notna()
    out["CERTIF_TAUX"] = ctx.contributions(sheet, s, s["cat"], s["certified"], s["presented"],
                                           ok & has_cert & ~s["cert_bad"], (ok & s["cert_bad"]) | (gone & has_cert))
    return out


def review_contributions(ctx: Context, r: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """REVUES_NB: every row of Revues qualité (all types of review), by its Date."""
    sheet = schema.REVUES
    ok = ctx.dated(sheet, r)
    return {"REVUES_NB": ctx.contributions(sheet, r, NO_CATEGORY, 1.0, 1.0, ok, undated(r))}
