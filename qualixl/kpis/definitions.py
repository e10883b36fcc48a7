"""Row-level facts of every KPI, built from the typed sheets without a loop over rows.

Each KPI becomes a frame of facts, one per contributing row: its attribution `date`
(normalised to the day), its category code `cat` (-1 when it cannot be tied to one),
and the `num` and `den` it adds (a rate's numerator and denominator, a mean's value
and 1, a count's 1 and 1). Aggregating these by period and category (compute.py) gives
every figure; the definitions live here, next to each other, one function per sheet.

Rows whose attribution date is empty or unreadable, or whose value needed by a KPI is
unusable (unreadable cell, out of the scale, dates in the wrong order, counts that
contradict each other), are left out and flagged in `Context.excluded`, so that the
number of such rows can be shown beside the figures. Rows dated after the as-of date
are left out everywhere and counted in `Context.after`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qualixl import schema
from qualixl.parsing import TEXT_DATE, per_distinct
from qualixl.reading import Dataset, SheetData

NO_CATEGORY = -1
CATEGORY_CODES = {c: i for i, c in enumerate(schema.CATEGORIES)}
FACT_COLUMNS = ("date", "cat", "num", "den")

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
    "REVUES_NB": (schema.REVUES,),
}


def category_codes(choices: pd.Series) -> pd.Series:
    return choices.map(CATEGORY_CODES).fillna(NO_CATEGORY).astype("int64")


def facts(date: pd.Series, cat, num, den, keep: pd.Series) -> pd.DataFrame:
    """The fact frame of the rows where `keep` is true (scalars broadcast)."""
    frame = pd.DataFrame({"date": date, "cat": cat, "num": num, "den": den}, index=date.index)
    frame = frame[keep.to_numpy(dtype=bool)]
    return frame.astype({"cat": "int64", "num": "float64", "den": "float64"})


@dataclass
class Context:
    """The dataset, the as-of date, and the rows left out so far, per sheet."""

    dataset: Dataset
    as_of: pd.Timestamp
    excluded: dict[str, pd.Series] = field(default_factory=dict)
    after: dict[str, pd.Series] = field(default_factory=dict)
    first_dates: list[pd.Timestamp] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.params = self.dataset.parameters
        sessions = self.dataset.get(schema.SESSIONS)
        self.session_categories = None
        if sessions is not None and len(sessions):
            ids = sessions.values["ID"]
            cats = pd.Series(category_codes(sessions.values["Catégorie"]).to_numpy(), index=ids.to_numpy())
            self.session_categories = cats[ids.notna().to_numpy() & ~ids.duplicated().to_numpy()]

    def session_category(self, first: pd.Series) -> pd.Series:
        """Category of the sessions named by `first` (see first_ref; -1 when none)."""
        if self.session_categories is None or not len(first):
            return pd.Series(NO_CATEGORY, index=first.index, dtype="int64")
        return first.map(self.session_categories).fillna(NO_CATEGORY).astype("int64")

    def exclude(self, sheet: SheetData, mask: pd.Series) -> None:
        previous = self.excluded.get(sheet.name)
        self.excluded[sheet.name] = mask if previous is None else previous | mask

    def dated(self, sheet: SheetData, dates: pd.Series) -> pd.Series:
        """Rows usable at the as-of date: dated, and not after it (others are flagged)."""
        self.exclude(sheet, dates.isna())
        self.after[sheet.name] = dates > self.as_of
        usable = dates.notna() & (dates <= self.as_of)
        if usable.any():
            self.first_dates.append(dates[usable].min())
        return usable


def first_ref(refs: pd.Series) -> pd.Series:
    """The first ID of each reference cell (tuples), NaN when the cell is empty."""
    # Computed once per distinct cell: a session is cited by thousands of appraisals.
    return per_distinct(refs, lambda ids: ids[0] if ids else np.nan, missing=np.nan)


def unusable(sheet: SheetData, *headers: str) -> pd.Series:
    """True where one of the cells could not be read (a text date jj/mm/aaaa is fine)."""
    bad = pd.Series(False, index=sheet.values.index)
    for header in headers:
        if header in sheet.problems:
            problem = sheet.problems[header]
            bad |= problem.notna() & (problem != TEXT_DATE)
    return bad


def _day(values: pd.DataFrame, header: str) -> pd.Series:
    return values[header].dt.normalize()


def appraisal_facts(ctx: Context, sheet: SheetData) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """SAT_TAUX, SAT_MOY; and the responses (date, session, stakeholder, time) for the others.

    A response counts when its Date is usable; "Sans opinion" is not a note and leaves
    both SAT KPIs without being an exclusion; an empty, unreadable or out-of-scale note
    is an exclusion (the response still counts for REPONSE_TAUX and PP_COUVERTURE).
    """
    v = sheet.values
    date = _day(v, "Date")
    ok = ctx.dated(sheet, date)
    session = first_ref(v["Session"])
    cat = ctx.session_category(session)
    note = v["Note globale"]
    no_opinion = sheet.no_opinion if sheet.no_opinion is not None else pd.Series(False, index=v.index)
    ctx.exclude(sheet, ok & note.isna() & ~no_opinion.astype(bool))
    rated = ok & note.notna()
    satisfied = (note >= ctx.params.threshold).astype("float64")
    pp = v["Partie prenante"]
    ctx.exclude(sheet, ok & pp.isna())
    responses = pd.DataFrame(
        {"date": date, "cat": cat, "session": session, "pp": pp, "temps": v["Temps"]},
        index=v.index,
    )[(ok & pp.notna()).to_numpy()]
    return {
        "SAT_TAUX": facts(date, cat, satisfied, 1.0, rated),
        "SAT_MOY": facts(date, cat, note, 1.0, rated),
    }, responses


def response_rate_facts(ctx: Context, sheet: SheetData, responses: pd.DataFrame) -> pd.DataFrame:
    """REPONSE_TAUX, attributed to the period of the Sollicitation (its Date d'envoi).

    Sollicitations with the same (first Session, Partie prenante, Temps) sent on the
    same day form one group; its denominator is their Σ Destinataires. Each response
    goes to the latest group with the same Session, Partie prenante and Temps sent on or
    before its Date (else the earliest one sent after it); a response without Session
    matches sollicitations without Session; a response without Temps takes the Temps of
    the sollicitations of its (Session, Partie prenante) when they all have the same
    one. A group's numerator is its matched responses, capped at its Destinataires, so
    the rate never exceeds 1. Unmatched responses count nowhere in this rate.
    """
    v = sheet.values
    date = _day(v, "Date d'envoi")
    ok = ctx.dated(sheet, date)
    dest = v["Destinataires"]
    bad = dest.isna() | v["Partie prenante"].isna() | v["Temps"].isna()
    ctx.exclude(sheet, ok & bad)
    use = (ok & ~bad).to_numpy()
    session = first_ref(v["Session"])
    sent = pd.DataFrame(
        {"session": session, "pp": v["Partie prenante"], "temps": v["Temps"], "date": date, "dest": dest,
         "cat": ctx.session_category(session)},
        index=v.index,
    )[use]
    keys = ["session", "pp", "temps"]
    for frame in (sent, responses):
        frame["session"] = frame["session"].where(frame["session"].notna(), "").astype(object)
    # Texts become integer codes shared by both frames (-1: empty): grouping and merging
    # on integers is several times faster than on texts at 100,000 responses.
    answers = responses[["date", *keys]].copy()
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
    keep = pd.Series(True, index=groups.index)
    return facts(groups["date"], groups["cat"], groups["num"], groups["dest"], keep)


def _combined(frame: pd.DataFrame, keys: list[str], widths: list[int]) -> np.ndarray:
    """One int64 per row standing for its tuple of key codes (code of `keys[i]` in -1..widths[i]-2).

    Mixed radix: at Excel's row limit the product of the widths stays below 2**63.
    """
    combined = np.zeros(len(frame), dtype="int64")
    for key, width in zip(keys, widths, strict=True):
        combined = combined * width + (frame[key].to_numpy(dtype="int64") + 1)
    return combined


def complaint_facts(ctx: Context, sheet: SheetData) -> dict[str, pd.DataFrame]:
    """REC_NB, REC_AR_DELAI, REC_DELAI_MOY, REC_REPONSE_DELAI and the stock REC_OUVERTES.

    Delays are calendar days from Date de réception. A complaint enters a delay rate's
    denominator once it is acknowledged (answered) at the as-of date, or once its target
    delay has passed unacknowledged (réception + délai < as-of date); it is on time when
    acknowledged (answered) within the delay. A date after the as-of date is not known
    yet; a date before réception or unreadable excludes the row from that KPI.
    REC_OUVERTES counts every Type; a Clôturée complaint whose Date de clôture is after
    the as-of date was still open then.
    """
    v = sheet.values
    recv = _day(v, "Date de réception")
    ok = ctx.dated(sheet, recv)
    own = category_codes(v["Catégorie"])
    cat = own.where(own != NO_CATEGORY, ctx.session_category(first_ref(v["Session"])))
    ctx.exclude(sheet, ok & v["Type"].isna())
    is_rec = ok & (v["Type"] == "Réclamation")
    out = {"REC_NB": facts(recv, cat, 1.0, 1.0, is_rec)}

    def within(header: str, delay: int) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
        done = _day(v, header)
        bad = unusable(sheet, header) | (done < recv)
        ctx.exclude(sheet, is_rec & bad)
        known = done.notna() & (done <= ctx.as_of) & ~bad
        overdue = recv + pd.Timedelta(days=delay) < ctx.as_of
        days = (done - recv).dt.days
        rate = facts(recv, cat, (known & (days <= delay)).astype("float64"), 1.0, is_rec & ~bad & (known | overdue))
        return rate, known, days

    out["REC_AR_DELAI"], _, _ = within("Date d'accusé de réception", ctx.params.ack_delay)
    out["REC_REPONSE_DELAI"], answered, days = within("Date de réponse", ctx.params.response_delay)
    out["REC_DELAI_MOY"] = facts(recv, cat, days, 1.0, is_rec & answered)
    status = v["Statut"]
    ctx.exclude(sheet, ok & status.isna())
    closed = (status == "Clôturée") & ~(_day(v, "Date de clôture") > ctx.as_of)
    out["REC_OUVERTES"] = facts(recv, cat, 1.0, 1.0, ok & status.notna() & ~closed)
    return out


def action_facts(ctx: Context, sheet: SheetData) -> dict[str, pd.DataFrame]:
    """ACT_NB, ACT_REALISEES_A_TEMPS, ACT_EFFICACITE, ACT_EVALUEES and the stock ACT_RETARD.

    All attributed by Date d'ouverture (the contract), without category. An action is
    realised at the as-of date when Réalisée with a Date de réalisation on or before it
    (a Réalisée action without a readable Date de réalisation or Échéance is excluded
    from the on-time rate); evaluated when it has an Efficacité whose Date d'évaluation
    is not after the as-of date. ACT_RETARD: not Abandonnée, not realised at the as-of
    date, and Échéance before it.
    """
    v = sheet.values
    opened = _day(v, "Date d'ouverture")
    ok = ctx.dated(sheet, opened)
    out = {"ACT_NB": facts(opened, NO_CATEGORY, 1.0, 1.0, ok)}
    status, due = v["Statut"], _day(v, "Échéance")
    ctx.exclude(sheet, ok & status.isna())
    done_at = _day(v, "Date de réalisation")
    realisee = ok & (status == "Réalisée")
    ctx.exclude(sheet, realisee & (done_at.isna() | due.isna()))
    realised = realisee & done_at.notna() & (done_at <= ctx.as_of)
    on_time = (done_at <= due).astype("float64")
    out["ACT_REALISEES_A_TEMPS"] = facts(opened, NO_CATEGORY, on_time, 1.0, realised & due.notna())
    effect = v["Efficacité"]
    ctx.exclude(sheet, ok & unusable(sheet, "Efficacité"))
    evaluated = ok & effect.notna() & ~(_day(v, "Date d'évaluation") > ctx.as_of)
    efficace = (effect == "Efficace").astype("float64")
    out["ACT_EFFICACITE"] = facts(opened, NO_CATEGORY, efficace, 1.0, evaluated)
    matured = realised & (done_at + pd.Timedelta(days=ctx.params.evaluation_delay) <= ctx.as_of)
    out["ACT_EVALUEES"] = facts(opened, NO_CATEGORY, evaluated.astype("float64"), 1.0, matured)
    still_open = ok & status.notna() & (status != "Abandonnée") & ~((status == "Réalisée") & ~(done_at > ctx.as_of))
    ctx.exclude(sheet, still_open & due.isna())
    out["ACT_RETARD"] = facts(opened, NO_CATEGORY, 1.0, 1.0, still_open & (due < ctx.as_of))
    return out


def session_facts(ctx: Context, sheet: SheetData) -> dict[str, pd.DataFrame]:
    """ABANDON_TAUX, OBJECTIFS_TAUX, CERTIF_TAUX, by the session's Date de fin (else début).

    ABANDON_TAUX: sessions with Inscrits; an empty Abandons counts as 0.
    OBJECTIFS_TAUX: sessions with Objectifs atteints and Inscrits; den = Inscrits − Abandons.
    CERTIF_TAUX: sessions with Présentés; an empty Certifiés counts as 0.
    A session whose counts contradict each other (Abandons > Inscrits, Objectifs >
    Inscrits − Abandons, Certifiés > Présentés), or has an unreadable count, or fills a
    numerator without its denominator, is excluded from the KPI concerned.
    """
    v = sheet.values
    end_bad = unusable(sheet, "Date de fin")
    end, start = _day(v, "Date de fin"), _day(v, "Date de début")
    date = end.where(end.notna() | end_bad, start)
    ok = ctx.dated(sheet, date)
    cat = category_codes(v["Catégorie"])
    enrolled, dropped = v["Inscrits"], v["Abandons"].fillna(0.0)
    bad_drop = unusable(sheet, "Inscrits", "Abandons") | (dropped > enrolled) | (enrolled.isna() & v["Abandons"].notna())
    ctx.exclude(sheet, ok & bad_drop)
    out = {"ABANDON_TAUX": facts(date, cat, dropped, enrolled, ok & enrolled.notna() & ~bad_drop)}
    reached, stayed = v["Objectifs atteints"], enrolled - dropped
    bad_goal = bad_drop | unusable(sheet, "Objectifs atteints") | (reached > stayed) | (reached.notna() & enrolled.isna())
    ctx.exclude(sheet, ok & reached.notna() & bad_goal)
    out["OBJECTIFS_TAUX"] = facts(date, cat, reached, stayed, ok & reached.notna() & ~bad_goal)
    sat, passed = v["Présentés à la certification"], v["Certifiés"].fillna(0.0)
    bad_cert = unusable(sheet, "Présentés à la certification", "Certifiés") | (passed > sat) | (sat.isna() & v["Certifiés"].notna())
    ctx.exclude(sheet, ok & bad_cert)
    out["CERTIF_TAUX"] = facts(date, cat, passed, sat, ok & sat.notna() & ~bad_cert)
    return out


def review_facts(ctx: Context, sheet: SheetData) -> dict[str, pd.DataFrame]:
    """REVUES_NB: every row of Revues qualité (all types of review), by its Date."""
    date = _day(sheet.values, "Date")
    return {"REVUES_NB": facts(date, NO_CATEGORY, 1.0, 1.0, ctx.dated(sheet, date))}
