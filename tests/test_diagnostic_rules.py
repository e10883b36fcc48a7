"""Every diagnostic rule on a workbook built to pass it and on workbooks built to fail it.

The healthy workbook (diagnostic_workbooks.healthy) passes every rule; each failing case
breaks exactly one thing and checks the rule's status and that the evidence (or the
action) names what is at fault.
"""

from __future__ import annotations

import datetime as dt

import pytest
from diagnostic_workbooks import (
    AS_OF,
    PROCEDURE,
    add,
    change,
    drop,
    find,
    healthy,
    lines_by_code,
    plain,
    set_parameter,
    without,
    write,
)

from qualixl.diagnostic import A_SURVEILLER, CONFORME, NON_CONFORME, diagnose
from qualixl.diagnostic.model import JSON_KEYS, STATUSES
from qualixl.reading import read_workbook
from qualixl.schema import APPRECIATIONS, PLAN, RECLAMATIONS, REVUES, SESSIONS, SOLLICITATIONS

D = dt.date
CODES = (  # the requirements of V9 (the référentiel in force at AS_OF), in its order
    "30-categories", "30-beneficiaires-sessions", "30-collecte-etalee", "30-financeurs", "30-equipes-pedagogiques",
    "30-entreprises", "30-relances", "30-taux-reponse", "30-a-froid", "30-six-mois",
    "31-registre", "31-procedure", "31-accuse", "31-reponse", "31-analyse", "31-ouvertes",
    "32-actions-recentes", "32-boucle-appreciations", "32-boucle-reclamations", "32-pilotage", "32-retards", "32-efficacite",
    "32-abandons", "32-revues", "32-suites",
    "2-satisfaction", "2-objectifs", "3-certification", "12-abandons",
)


@pytest.fixture(scope="module")
def passing(tmp_path_factory):
    return lines_by_code(tmp_path_factory.mktemp("healthy"), healthy())


def test_every_rule_reports_one_line_in_indicator_order(passing):
    assert tuple(passing) == CODES
    assert [line.indicator for line in passing.values()] == sorted(
        (line.indicator for line in passing.values()), key=(30, 31, 32, 2, 3, 12).index
    )
    for line in passing.values():
        assert line.status in STATUSES
        assert line.requirement and line.risk and line.evidence and line.action
        assert tuple(line.as_dict()) == JSON_KEYS


@pytest.mark.parametrize("code", CODES)
def test_rule_passes_on_the_healthy_workbook(passing, code):
    assert passing[code].status == CONFORME, plain(passing[code].evidence)


def test_risk_follows_the_rnq_grading(passing):
    assert "mineure" in passing["30-categories"].risk
    assert "majeure (seul niveau possible pour l'indicateur 31)" in plain(passing["31-registre"].risk)
    assert "majeure (seul niveau possible pour l'indicateur 32)" in plain(passing["32-revues"].risk)
    assert "Nouvel entrant" in passing["32-revues"].risk and "Nouvel entrant" not in passing["31-accuse"].risk


def _pp(who):
    return lambda r: r.get("Partie prenante") == who


def _session(*ids):
    return lambda r: r.get("Session") in ids


def _cold(session):
    return lambda r: r.get("Session") == session and r.get("Temps") == "À froid"


def _unhappy(records):
    return next(r for r in records[APPRECIATIONS] if r["Note globale"] == 2)


def _break_appraisal_loop(records, keep_unhappy=True):
    for action in ("ACT-2025-001", "ACT-2026-002"):
        change(records, PLAN, action, Origine="Équipe")
    unhappy = _unhappy(records)
    unhappy["Suite donnée"] = "REC-2026-001"
    if not keep_unhappy:
        unhappy.update({"Note globale": 5, "Points à améliorer": None, "Suite donnée": None})
    return records


def _unsatisfied(records, count):
    for row in records[APPRECIATIONS][-count:]:
        row.update({"Note globale": 1, "Suite donnée": None})
    return records


def _sessions_and(*mutations):
    def apply(records):
        for mutate in mutations:
            mutate(records)
        return records
    return apply


# (code, mutation of the healthy records, expected status, fragments expected in evidence + action)
CASES = [
    ("30-categories", lambda r: drop(drop(r, APPRECIATIONS, _session("SES-2025-020", "SES-2026-021")),
                                     SOLLICITATIONS, _session("SES-2025-020", "SES-2026-021")),
     NON_CONFORME, ["Aucune appréciation de bénéficiaire pour : Bilan de compétences", "SES-2025-020, SES-2026-021"]),
    ("30-categories", lambda r: [row.update({"Session": None}) for row in r[APPRECIATIONS]
                                 if row["Session"] in ("SES-2025-020", "SES-2026-021")] and r,
     A_SURVEILLER, ["3 réponses de bénéficiaires sans session rattachée", "colonne Session"]),
    ("30-categories", lambda r: without(r, SESSIONS), A_SURVEILLER, ["Feuille Sessions absente"]),
    ("30-categories", lambda r: [row.update({"Date de fin": None}) for row in r[SESSIONS]] and r,
     A_SURVEILLER, ["Aucune session terminée du 01/07/2025 au 30/06/2026"]),
    ("30-financeurs", lambda r: drop(drop(r, SOLLICITATIONS, _pp("Financeur")), APPRECIATIONS, _pp("Financeur")),
     NON_CONFORME, ["Aucune sollicitation ni appréciation « Financeur »", "CPF, OPCO Atlas", "Partie prenante = Financeur"]),
    ("30-entreprises", lambda r: drop(drop(r, SOLLICITATIONS, _pp("Entreprise")), APPRECIATIONS, _pp("Entreprise")),
     NON_CONFORME, ["« Entreprise »", "Durand SA"]),
    ("30-relances", lambda r: change(r, SOLLICITATIONS, "SOL-2026-004", **{"Date de relance": None}),
     A_SURVEILLER, ["1 envoi(s) sur 10 sans relance : SOL-2026-004", "Date de relance"]),
    ("30-relances", lambda r: without(r, SOLLICITATIONS), A_SURVEILLER, ["Feuille Sollicitations absente"]),
    ("30-taux-reponse", lambda r: without(r, SOLLICITATIONS), A_SURVEILLER, ["taux de réponse ne peut pas"]),
    ("30-taux-reponse", lambda r: drop(r, SOLLICITATIONS, lambda s: s["ID"] != "SOL-2026-006"),
     A_SURVEILLER, ["1/1", "échantillon faible"]),
    ("30-taux-reponse", lambda r: change(r, SOLLICITATIONS, "SOL-2026-001", Destinataires=200),
     A_SURVEILLER, ["Cible ≥ 60,0 % non atteinte", "revue qualité"]),
    ("30-a-froid", lambda r: drop(drop(r, SOLLICITATIONS, _cold("SES-2026-001")), APPRECIATIONS, _cold("SES-2026-001")),
     A_SURVEILLER, ["1 session sur 2 sans suivi « À froid » : SES-2026-001", "Temps = À froid"]),
    ("30-a-froid", lambda r: without(r, SESSIONS), A_SURVEILLER, ["Feuille Sessions absente"]),
    ("30-six-mois", lambda r: drop(drop(r, SOLLICITATIONS, lambda s: s["Temps"] == "Six mois"),
                                   APPRECIATIONS, lambda a: a["Temps"] == "Six mois"),
     A_SURVEILLER, ["1 bilan sur 1 sans suivi « Six mois » : SES-2025-020"]),
    ("31-registre", None, NON_CONFORME, ["Feuille Réclamations absente"]),  # built from a Dataset, see below
    ("31-procedure", lambda r: set_parameter(r, PROCEDURE, None), NON_CONFORME,
     ["« Procédure de traitement des réclamations » vide (Paramètres, cellule B13)", "Rédigez la procédure"]),
    ("31-accuse", lambda r: change(r, RECLAMATIONS, "REC-2026-001", **{"Date d'accusé de réception": None}),
     NON_CONFORME, ["1 sans date d'accusé de réception après le délai (REC-2026-001)"]),
    ("31-accuse", lambda r: change(r, RECLAMATIONS, "REC-2026-001", **{"Date d'accusé de réception": D(2026, 1, 25)}),
     A_SURVEILLER, ["1 en retard (REC-2026-001 (5 j))", "délai cible de 2 jours"]),
    ("31-reponse", lambda r: change(r, RECLAMATIONS, "REC-2026-001", **{"Date de réponse": None, "Statut": "En cours",
                                                                        "Date de clôture": None}),
     NON_CONFORME, ["1 sans date de réponse après le délai (REC-2026-001)"]),
    ("31-reponse", lambda r: change(r, RECLAMATIONS, "REC-2026-001", **{"Date de réponse": D(2026, 2, 20),
                                                                        "Date de clôture": D(2026, 2, 21)}),
     A_SURVEILLER, ["REC-2026-001 (31 j)"]),
    ("31-analyse", lambda r: change(r, RECLAMATIONS, "REC-2026-001", Analyse=None), NON_CONFORME,
     ["1 sans analyse (REC-2026-001)"]),
    ("31-analyse", lambda r: change(r, RECLAMATIONS, "REC-2026-002", Catégorie=None), A_SURVEILLER,
     ["1 sans catégorie (REC-2026-002)"]),
    ("31-ouvertes", lambda r: add(r, RECLAMATIONS, ID="REC-2026-003", Type="Difficulté", **{
        "Date de réception": D(2026, 5, 1), "Émetteur": "Entreprise", "Objet": "Planning", "Statut": "En cours"}),
     A_SURVEILLER, ["REC-2026-003 (60 j)", "Clôturée"]),
    ("32-boucle-appreciations", _break_appraisal_loop, NON_CONFORME,
     ["Aucune action issue des appréciations sur 12 mois, alors que 1 appréciation"]),
    ("32-boucle-appreciations", lambda r: _break_appraisal_loop(r, keep_unhappy=False), A_SURVEILLER,
     ["Aucune action issue des appréciations"]),
    ("32-boucle-reclamations", lambda r: change(change(r, RECLAMATIONS, "REC-2026-001", Action=None), PLAN,
                                                "ACT-2026-001", Origine="Équipe", Références=None),
     NON_CONFORME, ["1 réclamation sur 12 mois, 0 liée(s) à une action ; 0 action d'origine « Réclamation »"]),
    ("32-boucle-reclamations", lambda r: add(r, RECLAMATIONS, ID="REC-2026-003", Type="Réclamation", **{
        "Date de réception": D(2026, 6, 1), "Émetteur": "Bénéficiaire", "Objet": "Retard", "Statut": "Ouverte"}),
     A_SURVEILLER, ["sans action : REC-2026-003"]),
    # Received ten days before the as-of date, inside its 15-day answer delay: no action is due yet.
    ("32-boucle-reclamations", lambda r: add(r, RECLAMATIONS, ID="REC-2026-003", Type="Réclamation", **{
        "Date de réception": D(2026, 6, 20), "Émetteur": "Bénéficiaire", "Objet": "Retard", "Statut": "Ouverte"}),
     CONFORME, ["2 réclamations sur 12 mois"]),
    ("32-pilotage", lambda r: change(r, PLAN, "ACT-2026-003", Responsable=None), NON_CONFORME,
     ["sans responsable : ACT-2026-003"]),
    ("32-pilotage", lambda r: change(r, PLAN, "ACT-2026-002", Échéance=None), NON_CONFORME,
     ["sans échéance : ACT-2026-002"]),
    ("32-retards", lambda r: change(r, PLAN, "ACT-2026-003", Échéance=D(2026, 6, 15)), A_SURVEILLER,
     ["1 action(s) en retard sur 1 en cours : ACT-2026-003 (15 j)"]),
    ("32-efficacite", lambda r: change(r, PLAN, "ACT-2026-001", Efficacité=None, **{"Date d'évaluation": None}),
     A_SURVEILLER, ["1 évaluée(s) sur 2", "à évaluer : ACT-2026-001"]),
    ("32-abandons", lambda r: change(r, SESSIONS, "SES-2026-001", **{"Motifs d'abandon": None}), A_SURVEILLER,
     ["motifs absents : SES-2026-001"]),
    ("32-abandons", lambda r: without(r, SESSIONS), A_SURVEILLER, ["Feuille Sessions absente"]),
    ("32-revues", lambda r: drop(r, REVUES, lambda v: v["Date"] == D(2025, 12, 10)), A_SURVEILLER,
     ["plus grand écart : 171 jours (du 15/09/2025 au 05/03/2026)"]),
    ("32-revues", lambda r: drop(r, REVUES, lambda v: v["Date"] == D(2026, 6, 1)), A_SURVEILLER,
     ["117 jours (du 05/03/2026 au 30/06/2026)"]),
    ("32-revues", lambda r: drop(r, REVUES, lambda v: True), NON_CONFORME, ["Aucune revue qualité"]),
    ("32-revues", lambda r: without(r, REVUES), A_SURVEILLER, ["Feuille Revues qualité absente"]),
    ("32-suites", lambda r: _unhappy(r).update({"Suite donnée": None}) or r, A_SURVEILLER, ["1 sans suite : APP-0025"]),
    ("32-suites", lambda r: _unsatisfied(r, 7), A_SURVEILLER,
     ["7 sans suite : APP-0037, APP-0038, APP-0039, APP-0040, APP-0041… (7 au total)"]),
    ("2-satisfaction", lambda r: [a.update({"Note globale": "Sans opinion"}) for a in r[APPRECIATIONS]] and r,
     NON_CONFORME, ["Aucune réponse notée"]),
    ("2-satisfaction", lambda r: drop(r, APPRECIATIONS, lambda a: a["ID"] > "APP-0005"), A_SURVEILLER,
     ["échantillon faible"]),
    ("2-satisfaction", lambda r: [a.update({"Note globale": 2}) for a in r[APPRECIATIONS][20:]] and r,
     A_SURVEILLER, ["Cible ≥ 85,0 % non atteinte"]),
    ("2-objectifs", lambda r: [s.update({"Objectifs atteints": None}) for s in r[SESSIONS]] and r, A_SURVEILLER,
     ["Objectifs atteints non renseignés"]),
    ("3-certification", lambda r: change(r, SESSIONS, "SES-2026-001", **{"Présentés à la certification": 5,
                                                                         "Certifiés": 4}),
     A_SURVEILLER, ["80,0 % (4/5", "échantillon faible"]),
    ("12-abandons", lambda r: change(r, SESSIONS, "SES-2026-001", Abandons=6), A_SURVEILLER,
     ["19,4 % (6/31", "Cible ≤ 10,0 % non atteinte"]),
    ("12-abandons", lambda r: without(r, SESSIONS), A_SURVEILLER, ["Feuille Sessions absente"]),
]


@pytest.mark.parametrize(("code", "mutate", "status", "fragments"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fails_on_a_workbook_built_to_fail_it(tmp_path, code, mutate, status, fragments):
    records = healthy()
    if mutate is None:  # the reader requires Réclamations: drop it from the Dataset instead
        dataset = read_workbook(write(tmp_path, records))
        dataset.sheets.pop(RECLAMATIONS)
        lines = {line.code: line for line in diagnose(dataset, AS_OF)}
    else:
        lines = lines_by_code(tmp_path, mutate(records))
    line = lines[code]
    text = plain(f"{line.evidence} {line.action}")
    assert line.status == status, text
    for fragment in fragments:
        assert fragment in text


PASSING_VARIANTS = [
    ("30-financeurs", lambda r: drop(r, SOLLICITATIONS, _pp("Financeur")), ["0 sollicitation et 1 réponse"]),
    ("30-entreprises", lambda r: [s.update({"Entreprise": None}) for s in
                                  drop(drop(r, SOLLICITATIONS, _pp("Entreprise")), APPRECIATIONS, _pp("Entreprise"))[SESSIONS]]
     and r, ["Sans objet"]),
    ("30-relances", lambda r: add(r, SOLLICITATIONS, ID="SOL-2026-008", Session="SES-2026-002", **{
        "Partie prenante": "Entreprise", "Temps": "À chaud", "Date d'envoi": D(2026, 6, 27), "Destinataires": 1}),
     ["10 envois sur 12 mois, tous relancés"]),
    ("30-six-mois", lambda r: drop(r, SESSIONS, lambda s: s["Catégorie"] == "Bilan de compétences"), ["Sans objet"]),
    ("31-registre", lambda r: r.update({RECLAMATIONS: []}) or r, ["Registre présent et vide"]),
    ("31-accuse", lambda r: add(r, RECLAMATIONS, ID="REC-2026-003", Type="Réclamation", **{
        "Date de réception": D(2026, 6, 29), "Émetteur": "Bénéficiaire", "Objet": "Retard", "Statut": "Ouverte"}),
     ["1 encore dans le délai"]),
    ("31-analyse", lambda r: add(r, RECLAMATIONS, ID="REC-2026-003", Type="Réclamation", **{
        "Date de réception": D(2026, 6, 25), "Émetteur": "Bénéficiaire", "Objet": "Retard", "Statut": "Ouverte"}),
     ["2 lignes sur 12 mois, toutes catégorisées et analysées"]),
    ("32-pilotage", lambda r: change(r, PLAN, "ACT-2026-003", Responsable=None, Statut="Abandonnée"),
     ["3 actions, toutes avec responsable et échéance"]),
    ("32-suites", lambda r: change(r, PLAN, "ACT-2026-002", Références=_unhappy(r)["ID"]) and
     _unhappy(r).update({"Suite donnée": None}) or r, ["toutes suivies"]),
    ("3-certification", lambda r: change(r, SESSIONS, "SES-2026-001", **{"Présentés à la certification": 12,
                                                                         "Certifiés": 11}), ["91,7 % (11/12"]),
]


@pytest.mark.parametrize(("code", "mutate", "fragments"), PASSING_VARIANTS,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(PASSING_VARIANTS)])
def test_rule_passes_on_variants_that_are_fine(tmp_path, code, mutate, fragments):
    line = lines_by_code(tmp_path, mutate(healthy()))[code]
    text = plain(line.evidence)
    assert line.status == CONFORME, text
    for fragment in fragments:
        assert fragment in text


def test_rates_carry_their_interval_for_the_dashboard(passing):
    rate = passing["2-satisfaction"].rate
    assert rate is not None and rate.code == "SAT_TAUX" and rate.n == 43
    assert rate.low < rate.value < rate.high
    assert passing["31-registre"].rate is None


def test_diagnose_defaults_to_today_and_reads_a_path(tmp_path):
    from qualixl.referentiel import choose

    lines = diagnose(write(tmp_path, healthy()))
    version = choose("auto", dt.date.today()).version
    expected = [c for i in version.indicators if i.applies_to(("Formation", "Bilan de compétences"))
                for c in i.requirements]
    assert sorted(line.code for line in lines) == sorted(expected)


def test_find_helper_rejects_unknown_ids():
    with pytest.raises(StopIteration):
        find(healthy(), PLAN, "ACT-9999")


def test_a_new_provider_with_empty_sheets_gets_a_full_report(tmp_path):
    """Only the three required sheets, headers and no row: every rule still reports, none crashes."""
    records = {APPRECIATIONS: [], RECLAMATIONS: [], PLAN: []}
    lines = lines_by_code(tmp_path, records)
    assert tuple(lines) == CODES
    assert lines["31-registre"].status == CONFORME
    assert lines["31-procedure"].status == NON_CONFORME
    assert lines["32-revues"].status == A_SURVEILLER  # no Revues qualité sheet
    assert lines["2-satisfaction"].status == NON_CONFORME
    assert plain(lines["32-pilotage"].evidence) == "Aucune action dans le plan."
    assert lines["30-categories"].status == A_SURVEILLER


def test_a_dataset_without_the_required_sheets_still_reports(tmp_path):
    dataset = read_workbook(write(tmp_path, healthy()))
    for name in (APPRECIATIONS, RECLAMATIONS, PLAN):
        dataset.sheets.pop(name)
    lines = {line.code: line for line in diagnose(dataset, AS_OF)}
    assert tuple(lines) == CODES
    assert lines["31-registre"].status == NON_CONFORME
