"""The diagnostic against V9 (as of 15/10/2026) and V10 (as of 30/11/2026), one planted gap at a time.

A compliant workbook has no non conforme line; each gap an auditor looks for worsens
the lines of exactly its indicator, and the line names the planted rows.
"""

from __future__ import annotations

import datetime as dt

import pytest
from diagnostic_workbooks import change, plain, set_parameter, write
from v10_workbooks import TEACHING, V9_AS_OF, V10_AS_OF, VIOLENCE_PROCEDURE, compliant

from qualixl import schema
from qualixl.diagnostic import CONFORME, NON_CONFORME, STATUSES, diagnose
from qualixl.schema import APPRECIATIONS, PLAN, RECLAMATIONS, REVUES, RISQUES, SESSIONS, SOLLICITATIONS

D = dt.date
BOTH = [pytest.param(V9_AS_OF, id="V9"), pytest.param(V10_AS_OF, id="V10")]
_cache: dict = {}


def lines(folder, records, as_of) -> dict:
    return {line.code: line for line in diagnose(write(folder, records), as_of)}


def baseline(tmp_path_factory, as_of) -> dict:
    if as_of not in _cache:
        _cache[as_of] = lines(tmp_path_factory.mktemp("compliant"), compliant(as_of), as_of)
    return _cache[as_of]


def worse(before: dict, after: dict) -> set[int]:
    """Indicators of the lines whose status got worse (a new line counts when it is not conforme)."""
    rank = {s: i for i, s in enumerate(reversed(STATUSES))}  # conforme 0 … non conforme 2
    out = set()
    for code, line in after.items():
        old = before.get(code)
        if rank[line.status] > rank[old.status if old else CONFORME]:
            out.add(line.indicator)
    return out


def write_without_columns(folder, records, sheet, headers):
    """Like `write`, with some of the sheet's columns left out altogether."""
    from workbooks import write_workbook

    sheets = {}
    for name, rows in records.items():
        cols = ["Paramètre", "Valeur"] if name == schema.PARAMETRES else \
            [c.header for c in schema.SHEETS_BY_NAME[name].columns if not (name == sheet and c.header in headers)]
        sheets[name] = [cols, *([row.get(h) for h in cols] for row in rows)]
    return write_workbook(folder / "plan.xlsx", sheets)


@pytest.mark.parametrize("as_of", BOTH)
def test_a_compliant_workbook_has_no_non_conformity(tmp_path_factory, as_of):
    found = baseline(tmp_path_factory, as_of)
    assert [c for c, line in found.items() if line.status == NON_CONFORME] == []


def test_v9_shows_no_33_line_and_no_risk_requirement(tmp_path_factory):
    found = baseline(tmp_path_factory, V9_AS_OF)
    assert not any(line.indicator == 33 for line in found.values())
    assert not any(code.startswith(("32-risques", "12-violences", "2-methodes")) for code in found)
    assert "financeurs (le cas échéant)" not in str(found)


def test_v10_shows_its_new_requirements(tmp_path_factory):
    found = baseline(tmp_path_factory, V10_AS_OF)
    for code in ("33-evaluation-distincte", "33-restitution", "33-amelioration", "33-efficacite",
                 "32-risques-analyse", "32-risques-critiques", "32-risques-revue", "12-violences-procedure",
                 "12-violences-traitement", "2-methodes"):
        assert found[code].status == CONFORME, (code, plain(found[code].evidence))
    assert "33" not in {code.split("-")[0] for code in baseline(tmp_path_factory, V9_AS_OF)}


def _only(records, sheet, keep):
    records[sheet] = [r for r in records[sheet] if keep(r)]
    return records


def trainers_never_asked(r, as_of):
    return _only(r, SOLLICITATIONS, lambda x: x["Partie prenante"] != "Intervenant"), "30-equipes-pedagogiques", ()


NEW_SESSIONS = tuple(f"SES-2026-{100 + i}" for i in range(6))


def six_sessions_never_asked(r, as_of):
    for i, sid in enumerate(NEW_SESSIONS):
        end = as_of - dt.timedelta(days=40 + i)
        r[SESSIONS].append({"ID": sid, "Catégorie": "Formation", "Intitulé": f"Atelier {i}",
                            "Date de début": end - dt.timedelta(days=2), "Date de fin": end})
    return r, "30-beneficiaires-sessions", NEW_SESSIONS


def one_shot_year(r, as_of):
    day = as_of - dt.timedelta(days=20)
    for row in r[APPRECIATIONS]:
        if row["Partie prenante"] == "Bénéficiaire" and row["Temps"] != TEACHING:
            row["Date"] = day
    return r, "30-collecte-etalee", ()


def beneficiaries_only(r, as_of):
    _only(r, SOLLICITATIONS, lambda x: x["Partie prenante"] == "Bénéficiaire")
    return _only(r, APPRECIATIONS, lambda x: x["Partie prenante"] == "Bénéficiaire"), "30-entreprises", ()


def funders_never_asked(r, as_of):
    _only(r, SOLLICITATIONS, lambda x: x["Partie prenante"] != "Financeur")
    return _only(r, APPRECIATIONS, lambda x: x["Partie prenante"] != "Financeur"), "30-financeurs", ()


def no_action_from_feedback(r, as_of):
    _only(r, PLAN, lambda x: x["Origine"] != "Appréciations")
    for row in r[APPRECIATIONS]:
        row.pop("Suite donnée", None)
    return r, "32-boucle-appreciations", ("APP-0025",)


def unanswered_complaint(r, as_of):
    change(r, RECLAMATIONS, "REC-2026-001", **{"Réponse apportée": None, "Date de réponse": None, "Statut": "Ouverte",
                                                "Date de clôture": None})
    return r, "31-reponse", ("REC-2026-001",)


def no_procedure(r, as_of):
    return set_parameter(r, "Procédure de traitement des réclamations", None), "31-procedure", ()


def no_recent_action(r, as_of):
    for row in r[PLAN]:
        if row["Origine"] != TEACHING:
            row["Date d'ouverture"] = as_of - dt.timedelta(days=400)
    return r, "32-actions-recentes", ()


def effectiveness_never_evaluated(r, as_of):
    for row in r[PLAN]:
        if row["Origine"] != TEACHING:
            row.update({"Efficacité": None, "Date d'évaluation": None})
    return r, "32-efficacite", ()


def no_review_for_a_year(r, as_of):
    return _only(r, REVUES, lambda x: x["Type"] == schema.TEAM_RESTITUTION), "32-revues", ()


GAPS = [trainers_never_asked, six_sessions_never_asked, one_shot_year, beneficiaries_only, funders_never_asked,
        no_action_from_feedback, unanswered_complaint, no_procedure, no_recent_action,
        effectiveness_never_evaluated, no_review_for_a_year]


@pytest.mark.parametrize("as_of", BOTH)
@pytest.mark.parametrize("plant", GAPS, ids=[g.__name__ for g in GAPS])
def test_each_gap_worsens_exactly_its_indicator_and_names_its_rows(tmp_path_factory, tmp_path, as_of, plant):
    records, code, rows = plant(compliant(as_of), as_of)
    after = lines(tmp_path, records, as_of)
    indicator = int(code.split("-")[0])
    assert worse(baseline(tmp_path_factory, as_of), after) == {indicator}, {
        c: (ln.status, plain(ln.evidence)) for c, ln in after.items() if ln.status != CONFORME}
    line = after[code]
    assert line.status != CONFORME, plain(line.evidence)
    for row in rows:
        assert row in line.rows or row in line.evidence, (row, line.rows, plain(line.evidence))


def test_six_recent_sessions_without_appraisal_are_listed_by_id(tmp_path):
    records, _, ids = six_sessions_never_asked(compliant(V10_AS_OF), V10_AS_OF)
    line = lines(tmp_path, records, V10_AS_OF)["30-beneficiaires-sessions"]
    assert line.status == NON_CONFORME and set(line.rows) == set(ids)
    assert "depuis plus de 30 jours" in line.requirement


def test_funders_never_asked_is_graded_minor(tmp_path):
    records, code, _ = funders_never_asked(compliant(V10_AS_OF), V10_AS_OF)
    line = lines(tmp_path, records, V10_AS_OF)[code]
    assert line.status == NON_CONFORME and "mineure" in line.risk and "majeure" not in line.risk


def test_funders_are_asked_only_where_sessions_name_one_under_v10(tmp_path):
    records = compliant(V10_AS_OF)
    for row in records[SESSIONS]:
        row["Financeur"] = None
    funders_never_asked(records, V10_AS_OF)
    assert lines(tmp_path, records, V10_AS_OF)["30-financeurs"].status == CONFORME
    v9 = compliant(V9_AS_OF)
    for row in v9[SESSIONS]:
        row["Financeur"] = None
    funders_never_asked(v9, V9_AS_OF)
    assert lines(tmp_path, v9, V9_AS_OF)["30-financeurs"].status == NON_CONFORME


@pytest.mark.parametrize("as_of", BOTH)
def test_missing_certification_columns_read_non_renseigne_never_sans_objet(tmp_path_factory, tmp_path, as_of):
    path = write_without_columns(tmp_path, compliant(as_of), SESSIONS, {"Présentés à la certification", "Certifiés"})
    after = {line.code: line for line in diagnose(path, as_of)}
    line = after["3-certification"]
    assert line.status == "à surveiller" and "non renseigné" in plain(line.evidence)
    assert "Sans objet" not in line.evidence
    assert worse(baseline(tmp_path_factory, as_of), after) == {3}


@pytest.mark.parametrize("as_of", BOTH)
def test_a_complaint_inside_its_answer_delay_is_not_yet_expected_to_have_an_action(tmp_path_factory, tmp_path, as_of):
    records = compliant(as_of)
    received = as_of - dt.timedelta(days=9)
    records[RECLAMATIONS].append({"ID": "REC-2026-050", "Type": "Réclamation", "Date de réception": received,
                                  "Émetteur": "Bénéficiaire", "Catégorie": "Formation", "Objet": "Support illisible",
                                  "Date d'accusé de réception": received + dt.timedelta(days=1), "Statut": "En cours"})
    after = lines(tmp_path, records, as_of)
    assert worse(baseline(tmp_path_factory, as_of), after) == set()
    assert "REC-2026-050" not in after["32-boucle-reclamations"].evidence


def no_risk_sheet(r, as_of):
    r.pop(RISQUES)
    return r, "32-risques-analyse", ()


def critical_risk_unmeasured(r, as_of):
    return change(r, RISQUES, "RIS-2026-001", **{"Mesures de maîtrise": None}), "32-risques-critiques", ("RIS-2026-001",)


def register_not_reviewed(r, as_of):
    change(r, RISQUES, "RIS-2026-002", **{"Date de revue": None,
                                          "Date d'identification": as_of - dt.timedelta(days=400)})
    return r, "32-risques-revue", ("RIS-2026-002",)


def no_teaching_evaluation(r, as_of):
    return _only(r, APPRECIATIONS, lambda x: x["Temps"] != TEACHING), "33-evaluation-distincte", ()


def results_not_shared(r, as_of):
    return _only(r, REVUES, lambda x: x["Type"] != schema.TEAM_RESTITUTION), "33-restitution", ()


def no_improvement_from_evaluations(r, as_of):
    change(r, PLAN, "ACT-2026-010", Origine="Équipe")
    return r, "33-amelioration", ()


def effectiveness_not_measured(r, as_of):
    change(r, PLAN, "ACT-2026-010", **{"Date de réalisation": as_of - dt.timedelta(days=20),
                                       "Échéance": as_of - dt.timedelta(days=10), "Efficacité": None,
                                       "Date d'évaluation": None})
    return r, "33-efficacite", ()


def no_violence_procedure(r, as_of):
    return set_parameter(r, VIOLENCE_PROCEDURE, None), "12-violences-procedure", ()


def violence_not_closed(r, as_of):
    change(r, RECLAMATIONS, "REC-2026-003", **{"Date de clôture": None})
    return r, "12-violences-traitement", ("REC-2026-003",)


V10_GAPS = [no_risk_sheet, critical_risk_unmeasured, register_not_reviewed, no_teaching_evaluation,
            results_not_shared, no_improvement_from_evaluations, effectiveness_not_measured, no_violence_procedure,
            violence_not_closed]


@pytest.mark.parametrize("plant", V10_GAPS, ids=[g.__name__ for g in V10_GAPS])
def test_each_v10_gap_worsens_exactly_its_indicator(tmp_path_factory, tmp_path, plant):
    test_each_gap_worsens_exactly_its_indicator_and_names_its_rows(tmp_path_factory, tmp_path, V10_AS_OF, plant)


@pytest.mark.parametrize("plant", V10_GAPS, ids=[g.__name__ for g in V10_GAPS])
def test_v10_gaps_leave_a_v9_diagnostic_unchanged(tmp_path_factory, tmp_path, plant):
    records, _, _ = plant(compliant(V9_AS_OF), V9_AS_OF)
    assert worse(baseline(tmp_path_factory, V9_AS_OF), lines(tmp_path, records, V9_AS_OF)) == set()


def test_forcing_v9_after_the_change_is_said_in_a_line(tmp_path):
    records = set_parameter(compliant(V10_AS_OF), "Référentiel", "V9")
    found = lines(tmp_path, records, V10_AS_OF)
    first = next(iter(found.values()))
    assert first.code == "0-referentiel" and "V9 imposé" in plain(first.evidence)
    assert not any(line.indicator == 33 for line in found.values())

