"""Par formation: SAT_TAUX, SAT_MOY and REPONSE_TAUX per training and per trainer, as KPI records."""

from __future__ import annotations

import datetime as dt

import pytest
import python_calamine
from kpi_workbooks import (
    APPRECIATIONS,
    SESSIONS,
    SOLLICITATIONS,
    make_dataset,
    response,
    session,
    solicitation,
    write_book,
)

from qualixl import refresh
from qualixl.kpis import compute_kpis, group_kpis
from qualixl.kpis.groups import BY_TRAINER, BY_TRAINING, group_kpis_by
from qualixl.render import render_workbook
from qualixl.render.by_training import NOT_RANKED
from qualixl.render.context import BY_TRAINING_SHEET

D = dt.date
AS_OF = D(2026, 6, 30)


def sheets() -> dict:
    excel = {**session("SES-1", "Formation", D(2026, 1, 5), D(2026, 1, 9)), "Intitulé": "Excel avancé",
             "Intervenant": "Claire Dubois"}
    word = {**session("SES-2", "Formation", D(2026, 2, 2), D(2026, 2, 6)), "Intitulé": "Word",
            "Intervenant": "Claire Dubois"}
    vae = {**session("SES-3", "VAE", D(2026, 3, 2), D(2026, 3, 6)), "Intitulé": "Accompagnement VAE",
           "Intervenant": "Marc Roux"}
    # Excel avancé: 12 answers, 6 satisfied (50 %); Word: 10 answers, 9 satisfied; VAE: 3 answers, all satisfied.
    answers = [response(D(2026, 1, 12), 5 if i < 6 else 2, session="ses-1 ", temps="À chaud") for i in range(12)]
    answers += [response(D(2026, 2, 9), 5 if i < 9 else 1, session="SES-2", temps="À chaud") for i in range(10)]
    answers += [response(D(2026, 3, 9), 4, session="SES-3", temps="À chaud") for _ in range(3)]
    answers += [response(D(2026, 4, 1), 3)]  # tied to no session
    answers += [response(D(2025, 5, 1), 1, session="SES-1", temps="À chaud")]  # before the 12 months
    sent = [solicitation(D(2026, 1, 9), 20, session="SES-1"), solicitation(D(2026, 2, 6), 10, session="SES-2"),
            solicitation(D(2026, 3, 6), 6, session="SES-3")]
    return {SESSIONS: [excel, word, vae], APPRECIATIONS: answers, SOLLICITATIONS: sent}


@pytest.fixture(scope="module")
def dataset():
    return make_dataset(sheets())


def records(frame, code):
    return {r["group"]: r for r in frame[frame["code"] == code].to_dict("records")}


def test_rates_per_training_and_trainer(dataset):
    by_training = group_kpis(dataset, AS_OF, BY_TRAINING)
    sat = records(by_training, "SAT_TAUX")
    assert (sat["Excel avancé"]["numerator"], sat["Excel avancé"]["n"]) == (6, 12)
    assert sat["Excel avancé"]["value"] == 0.5 and sat["Excel avancé"]["status"] == "non atteint"
    assert (sat["Word"]["numerator"], sat["Word"]["n"]) == (9, 10)
    assert sat[None]["n"] == 1  # the answer tied to no session
    response_rate = records(by_training, "REPONSE_TAUX")
    # The 2025 answer goes to the sending after it, as REPONSE_TAUX's rule says: 13 of 20.
    assert (response_rate["Excel avancé"]["numerator"], response_rate["Excel avancé"]["denominator"]) == (13, 20)
    mean = records(by_training, "SAT_MOY")
    assert mean["Accompagnement VAE"]["value"] == 4.0 and mean["Accompagnement VAE"]["n"] == 3
    trainer = records(group_kpis(dataset, AS_OF, BY_TRAINER), "SAT_TAUX")
    assert (trainer["Claire Dubois"]["numerator"], trainer["Claire Dubois"]["n"]) == (15, 22)
    assert set(trainer) == {"Claire Dubois", "Marc Roux", None}


@pytest.mark.parametrize("order", [(BY_TRAINING, BY_TRAINER), (BY_TRAINER, BY_TRAINING)])
def test_both_groupings_at_once_are_each_grouping_alone(order):
    """One pass for Intitulé and Intervenant (combined category codes) gives each one's records exactly,
    a session with only one of the two columns, or neither, and a row tied to no session included."""
    records_ = sheets()
    records_[SESSIONS][1] = {**records_[SESSIONS][1], BY_TRAINER: None}  # Word: no trainer
    records_[SESSIONS][2] = {**records_[SESSIONS][2], BY_TRAINING: None, BY_TRAINER: None}
    data = make_dataset(records_)
    both = group_kpis_by(data, AS_OF, order)
    for by in order:
        alone = group_kpis(data, AS_OF, by)
        key = ["code", "group"]
        assert both[by].sort_values(key, key=lambda c: c.astype(str)).reset_index(drop=True).equals(
            alone.sort_values(key, key=lambda c: c.astype(str)).reset_index(drop=True)), by
    assert None in set(both[BY_TRAINER]["group"]) and "Word" in set(both[BY_TRAINING]["group"])


@pytest.mark.parametrize("by", [BY_TRAINING, BY_TRAINER])
@pytest.mark.parametrize("code", ["SAT_TAUX", "REPONSE_TAUX"])
def test_the_groups_add_up_to_the_twelve_months_record(dataset, by, code):
    kpis = compute_kpis(dataset, AS_OF)
    whole = kpis[(kpis["code"] == code) & (kpis["period"] == "12M") & kpis["category"].isna()].iloc[0]
    groups = group_kpis(dataset, AS_OF, by)
    groups = groups[groups["code"] == code]
    assert groups["numerator"].sum() == whole["numerator"] and groups["denominator"].sum() == whole["denominator"]


def test_the_sheet_shows_the_records_weak_first_small_samples_flagged(tmp_path, dataset):
    path = write_book(tmp_path / "plan.xlsx", sheets())
    out = tmp_path / "generated.xlsx"
    context = refresh(path, as_of=AS_OF, dry_run=True).context
    render_workbook(out, context)
    rows = python_calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_name(BY_TRAINING_SHEET).to_python()
    header = next(i for i, r in enumerate(rows) if r[0] == "Formation")
    table = rows[header + 1 : header + 5]
    assert [r[0] for r in table] == ["Excel avancé", "Word", "Accompagnement VAE", "Sans session ou sans intitulé"]
    sat = records(context.groups[BY_TRAINING], "SAT_TAUX")
    excel = table[0]
    assert excel[1:3] == [sat["Excel avancé"]["value"], sat["Excel avancé"]["n"]]
    assert excel[3] == "[25,4\u00a0% ; 74,6\u00a0%]" and excel[4] == "non atteint"  # Wilson 6/12
    assert excel[7:9] == [0.65, 20.0]
    vae = table[2]
    assert vae[11] == NOT_RANKED and vae[4] == ""  # 3 answers: flagged, no status, after the ranked ones
    trainers = next(i for i, r in enumerate(rows) if r[0] == "Intervenant")
    assert [r[0] for r in rows[trainers + 1 : trainers + 4]] == ["Claire Dubois", "Marc Roux",
                                                                  "Sans intervenant renseigné"]
