"""`check`: each rule planted in an otherwise valid generated workbook, then found at its cell."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workbooks import (
    AS_OF,
    Formula,
    add_column,
    add_row,
    cell_of,
    drop_column,
    minimal_rows,
    param_row,
    set_value,
    write_workbook,
)

from qualixl import Finding, check, schema
from qualixl.checks import RULES, format_findings
from qualixl.schema import (
    APPRECIATIONS,
    ERROR,
    INDICATEURS,
    PARAMETRES,
    PLAN,
    RECLAMATIONS,
    REVUES,
    RISQUES,
    SESSIONS,
    SOLLICITATIONS,
    WARNING,
)

D = dt.date


def run(tmp_path: Path, sheets, as_of: dt.date = AS_OF, **options) -> list[Finding]:
    return check(write_workbook(tmp_path / "plan.xlsx", sheets, **options), as_of)


def where(findings) -> set[tuple[str, str, str, str]]:
    return {(f.sheet, f.cell, f.rule, f.severity) for f in findings}


@dataclass(frozen=True)
class Case:
    """A defect planted by `plant`, expected at (sheet, header, row) with `rule` and `severity`.

    `alone`: the workbook then has no other finding at all.
    """

    id: str
    plant: Callable[[dict], object]
    sheet: str
    header: str
    row: int
    rule: str
    severity: str = ERROR
    as_of: dt.date = AS_OF
    alone: bool = True


def put(sheet: str, header: str, value: object, row: int = 1):
    return lambda s: set_value(s, sheet, header, value, row)


def put_many(*changes):
    def plant(s):
        for sheet, header, value, row in changes:
            set_value(s, sheet, header, value, row)

    return plant


def add_criterion(value: object):
    return lambda s: add_column(s, APPRECIATIONS, "Note : Animation", [4, value])


def untreated_violence(s):
    add_row(s, RECLAMATIONS, {
        "ID": "REC-2026-004", "Type": "Réclamation", "Date de réception": D(2026, 5, 4), "Émetteur": "Bénéficiaire",
        "Nature": "Violences, harcèlement, discrimination", "Gravité": "Critique",
        "Objet": "Propos déplacés d'un stagiaire", "Date d'accusé de réception": D(2026, 5, 5),
        "Réponse apportée": "Entretien avec la victime", "Date de réponse": D(2026, 5, 12), "Statut": "En cours",
    })


def late_open_complaint(s):
    add_row(s, RECLAMATIONS, {
        "ID": "REC-2026-003", "Type": "Réclamation", "Date de réception": D(2026, 6, 1), "Émetteur": "Entreprise",
        "Objet": "Facture erronée", "Date d'accusé de réception": D(2026, 6, 2), "Statut": "Ouverte",
    })


CASES = [
    Case("liste-statut", put(RECLAMATIONS, "Statut", "Fini"), RECLAMATIONS, "Statut", 1, "liste"),
    Case("liste-partie", put(APPRECIATIONS, "Partie prenante", "Client", 2), APPRECIATIONS, "Partie prenante", 2, "liste"),
    Case("liste-type-bool", put(PLAN, "Type", True, 2), PLAN, "Type", 2, "liste"),
    Case("type-date", put(APPRECIATIONS, "Date", "hier"), APPRECIATIONS, "Date", 1, "type"),
    Case("type-date-impossible", put(APPRECIATIONS, "Date", "31/02/2026"), APPRECIATIONS, "Date", 1, "type"),
    Case("type-date-year-3026", put(APPRECIATIONS, "Date", dt.datetime(3026, 1, 15)), APPRECIATIONS, "Date", 1, "type"),
    Case("type-integer-text", put(SESSIONS, "Inscrits", "dix"), SESSIONS, "Inscrits", 1, "type"),
    Case("type-integer-fraction", put(SESSIONS, "Abandons", 1.5), SESSIONS, "Abandons", 1, "type"),
    Case("type-integer-negative", put(SESSIONS, "Certifiés", -2), SESSIONS, "Certifiés", 1, "type"),
    Case("type-number", put(INDICATEURS, "Cible", "haut"), INDICATEURS, "Cible", 1, "type"),
    Case("type-score", put(APPRECIATIONS, "Note globale", "bien"), APPRECIATIONS, "Note globale", 1, "type"),
    Case("type-echeance", put(PLAN, "Échéance", "bientôt", 2), PLAN, "Échéance", 2, "type"),
    Case("echelle-high", put(APPRECIATIONS, "Note globale", 7), APPRECIATIONS, "Note globale", 1, "echelle"),
    Case("echelle-negative", put(APPRECIATIONS, "Note globale", -1), APPRECIATIONS, "Note globale", 1, "echelle"),
    Case("echelle-criterion", add_criterion(9), APPRECIATIONS, "Note : Animation", 2, "echelle"),
    Case("date-texte", put(PLAN, "Date d'ouverture", "22/01/2026"), PLAN, "Date d'ouverture", 1, "date_texte", WARNING),
    Case("date-future", put(APPRECIATIONS, "Date", D(2026, 7, 15)), APPRECIATIONS, "Date", 1, "date_future", WARNING),
    Case("date-future-revue", put(REVUES, "Date", D(2026, 12, 1)), REVUES, "Date", 1, "date_future", WARNING),
    Case("doublon", put(APPRECIATIONS, "ID", "APP-2026-0001", 2), APPRECIATIONS, "ID", 2, "doublon"),
    Case("doublon-case", put(APPRECIATIONS, "ID", " app-2026-0001 ", 2), APPRECIATIONS, "ID", 2, "doublon"),
    Case("doublon-code", put(INDICATEURS, "Code", "SAT_TAUX", 2), INDICATEURS, "Code", 2, "doublon"),
    Case("ref-suite", put(APPRECIATIONS, "Suite donnée", "REC-2026-999", 3), APPRECIATIONS, "Suite donnée", 3,
         "reference_inconnue"),
    Case("ref-action", put(RECLAMATIONS, "Action", "ACT-2026-404"), RECLAMATIONS, "Action", 1, "reference_inconnue"),
    Case("ref-references", put(PLAN, "Références", "REC-2026-001; APP-2026-9999"), PLAN, "Références", 1,
         "reference_inconnue"),
    Case("ref-revue", put(REVUES, "Actions", "ACT-0"), REVUES, "Actions", 1, "reference_inconnue"),
    Case("ref-sollicitation", put(SOLLICITATIONS, "Session", "SES-0"), SOLLICITATIONS, "Session", 1,
         "reference_inconnue"),
    Case("ref-appreciation", put(APPRECIATIONS, "Session", "SES-0"), APPRECIATIONS, "Session", 1, "reference_inconnue"),
    Case("ref-reclamation", put(RECLAMATIONS, "Session", "SES-0"), RECLAMATIONS, "Session", 1, "reference_inconnue"),
    Case("ordre-accuse", put(RECLAMATIONS, "Date d'accusé de réception", D(2026, 1, 19)), RECLAMATIONS,
         "Date d'accusé de réception", 1, "ordre_dates"),
    Case("ordre-reponse-sans-accuse",
         put_many((RECLAMATIONS, "Date d'accusé de réception", None, 1), (RECLAMATIONS, "Date de réponse", D(2026, 1, 10), 1)),
         RECLAMATIONS, "Date de réponse", 1, "ordre_dates", alone=False),
    Case("ordre-cloture", put(RECLAMATIONS, "Date de clôture", D(2026, 1, 27)), RECLAMATIONS, "Date de clôture", 1,
         "ordre_dates"),
    Case("ordre-realisation", put(PLAN, "Date de réalisation", D(2026, 1, 20)), PLAN, "Date de réalisation", 1,
         "ordre_dates"),
    Case("ordre-evaluation", put(PLAN, "Date d'évaluation", D(2026, 2, 1)), PLAN, "Date d'évaluation", 1, "ordre_dates"),
    Case("ordre-session", put(SESSIONS, "Date de fin", D(2026, 1, 10)), SESSIONS, "Date de fin", 1, "ordre_dates"),
    Case("ordre-relance", put(SOLLICITATIONS, "Date de relance", D(2026, 1, 10)), SOLLICITATIONS, "Date de relance", 1,
         "ordre_dates"),
    Case("realisee-sans-date", put(PLAN, "Date de réalisation", None), PLAN, "Date de réalisation", 1,
         "realisee_sans_date"),
    Case("cloturee-sans-reponse", put(RECLAMATIONS, "Réponse apportée", None), RECLAMATIONS, "Réponse apportée", 1,
         "cloturee_sans_reponse"),
    Case("cloturee-sans-date-reponse", put(RECLAMATIONS, "Date de réponse", None), RECLAMATIONS, "Date de réponse", 1,
         "cloturee_sans_reponse"),
    Case("efficacite-sans-date", put(PLAN, "Date d'évaluation", None), PLAN, "Date d'évaluation", 1,
         "efficacite_sans_date"),
    Case("abandons-inscrits", put(SESSIONS, "Abandons", 11), SESSIONS, "Abandons", 1, "abandons_inscrits"),
    Case("presentes-inscrits", put(SESSIONS, "Présentés à la certification", 11), SESSIONS,
         "Présentés à la certification", 1, "presentes_inscrits"),
    Case("certifies-presentes", put(SESSIONS, "Certifiés", 10), SESSIONS, "Certifiés", 1, "certifies_presentes"),
    Case("action-en-retard", put(PLAN, "Échéance", D(2026, 6, 1), 2), PLAN, "Échéance", 2, "action_en_retard", WARNING),
    Case("action-en-retard-later", lambda s: None, PLAN, "Échéance", 2, "action_en_retard", WARNING, as_of=D(2026, 10, 1)),
    Case("efficacite-non-evaluee",
         put_many((PLAN, "Efficacité", None, 1), (PLAN, "Date d'évaluation", None, 1)),
         PLAN, "Efficacité", 1, "efficacite_non_evaluee", WARNING),
    Case("accuse-tardif", put(RECLAMATIONS, "Date d'accusé de réception", D(2026, 1, 25)), RECLAMATIONS,
         "Date d'accusé de réception", 1, "accuse_tardif", WARNING),
    Case("accuse-absent", put(RECLAMATIONS, "Date d'accusé de réception", None), RECLAMATIONS,
         "Date d'accusé de réception", 1, "accuse_tardif", WARNING),
    Case("reponse-tardive",
         put_many((RECLAMATIONS, "Date de réponse", D(2026, 2, 10), 1), (RECLAMATIONS, "Date de clôture", D(2026, 2, 12), 1)),
         RECLAMATIONS, "Date de réponse", 1, "reponse_tardive", WARNING),
    Case("reponse-absente", late_open_complaint, RECLAMATIONS, "Date de réponse", 3, "reponse_tardive", WARNING),
    Case("parametre-echelle", put(PARAMETRES, "Valeur", "abc", param_row("Échelle de notation")), PARAMETRES, "Valeur",
         param_row("Échelle de notation"), "parametre_invalide"),
    Case("parametre-seuil", put(PARAMETRES, "Valeur", 6, param_row("Seuil de satisfaction")), PARAMETRES, "Valeur",
         param_row("Seuil de satisfaction"), "parametre_invalide"),
    Case("parametre-mois", put(PARAMETRES, "Valeur", "brumaire", param_row("Début d'exercice")), PARAMETRES, "Valeur",
         param_row("Début d'exercice"), "parametre_invalide"),
    Case("organisme-vide", put(PARAMETRES, "Valeur", None, param_row("Organisme")), PARAMETRES, "Valeur",
         param_row("Organisme"), "obligatoire"),
    Case("indicateur-inconnu", put(INDICATEURS, "Code", "FOO_BAR"), INDICATEURS, "Code", 1, "indicateur_inconnu",
         WARNING),
    Case("risque-critique", put_many((RISQUES, "Mesures de maîtrise", None, 1), (RISQUES, "Actions", None, 1)),
         RISQUES, "Mesures de maîtrise", 1, "risque_critique_sans_mesure"),
    Case("risque-critique-texte", put_many((RISQUES, "Mesures de maîtrise", "  ", 1), (RISQUES, "Actions", None, 1),
                                           (RISQUES, "Probabilité", "4", 1)),
         RISQUES, "Mesures de maîtrise", 1, "risque_critique_sans_mesure"),
    Case("risque-non-revu", put_many((RISQUES, "Date de revue", None, 1), (RISQUES, "Date d'identification", D(2025, 6, 29), 1)),
         RISQUES, "Date de revue", 1, "risque_non_revu", WARNING),
    Case("risque-revu-il-y-a-un-an", put_many((RISQUES, "Date de revue", None, 1),
                                             (RISQUES, "Date d'identification", D(2025, 6, 30), 1)),
         RISQUES, "Date de revue", 1, "risque_non_revu", WARNING, alone=False, as_of=D(2026, 7, 1)),
    Case("risque-probabilite", put(RISQUES, "Probabilité", 5, 2), RISQUES, "Probabilité", 2, "liste"),
    Case("risque-ordre", put(RISQUES, "Date de revue", D(2026, 1, 1), 1), RISQUES, "Date de revue", 1, "ordre_dates"),
    Case("ref-risque", put(RISQUES, "Actions", "ACT-0", 1), RISQUES, "Actions", 1, "reference_inconnue"),
    Case("nature-inconnue", put(RECLAMATIONS, "Nature", "Météo"), RECLAMATIONS, "Nature", 1, "nature_inconnue", WARNING),
    Case("violence-gravite", put(RECLAMATIONS, "Nature", "violences, harcèlement, discrimination "), RECLAMATIONS,
         "Gravité", 1, "violence_gravite", WARNING),
    Case("violence-non-traitee", untreated_violence, RECLAMATIONS, "Nature", 3, "violence_non_traitee", alone=False),
    Case("obligatoire-espaces", put(PLAN, "Responsable", "   "), PLAN, "Responsable", 1, "obligatoire"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_planted_defect_is_found_at_its_cell(tmp_path, case):
    sheets = minimal_rows()
    case.plant(sheets)
    findings = run(tmp_path, sheets, case.as_of)
    expected = (case.sheet, cell_of(sheets, case.sheet, case.header, case.row), case.rule, case.severity)
    assert expected in where(findings), format_findings(findings)
    if case.alone:
        assert where(findings) == {expected}, format_findings(findings)
    finding = next(f for f in findings if (f.sheet, f.cell, f.rule) == expected[:3])
    assert finding.message and finding.indicator


def test_a_fresh_violence_complaint_inside_its_delay_is_not_an_error(tmp_path):
    sheets = minimal_rows()
    untreated_violence(sheets)
    findings = run(tmp_path, sheets, D(2026, 5, 19))  # received 15 days before: the answer delay still runs
    assert "violence_non_traitee" not in {f.rule for f in findings}
    finding = next(f for f in run(tmp_path, sheets) if f.rule == "violence_non_traitee")
    assert "« Analyse », « Action », « Date de clôture »" in finding.message
    assert finding.indicator == "12"


def test_the_natures_come_from_the_parameter(tmp_path):
    sheets = minimal_rows()
    set_value(sheets, PARAMETRES, "Valeur", "Pédagogie; Météo", param_row("Natures de réclamation"))
    set_value(sheets, RECLAMATIONS, "Nature", "météo")
    assert "nature_inconnue" not in {f.rule for f in run(tmp_path, sheets)}
    set_value(sheets, RECLAMATIONS, "Nature", "Organisation et logistique")
    finding = next(f for f in run(tmp_path, sheets) if f.rule == "nature_inconnue")
    assert "(Pédagogie; Météo)" in finding.message and "ajoutez celle-ci au paramètre" in finding.message


def test_every_rule_code_is_exercised():
    assert {r.code for r in RULES} <= {c.rule for c in CASES}


REQUIRED = [(s.name, h) for s in schema.SHEETS if s.name != PARAMETRES for h in s.required_headers]


@pytest.mark.parametrize(("sheet", "header"), REQUIRED, ids=[f"{s}-{h}" for s, h in REQUIRED])
def test_every_required_cell_left_empty_is_an_error(tmp_path, sheet, header):
    sheets = set_value(minimal_rows(), sheet, header, None, 1)
    findings = run(tmp_path, sheets)
    assert (sheet, cell_of(sheets, sheet, header), "obligatoire", ERROR) in where(findings)


def test_clean_minimal_workbook_has_no_finding_at_its_date(tmp_path):
    assert run(tmp_path, minimal_rows()) == []


def test_clean_minimal_workbook_has_no_error_today(tmp_path):
    findings = check(write_workbook(tmp_path / "plan.xlsx", minimal_rows()))
    assert [f for f in findings if f.severity == ERROR] == []


def test_finding_is_a_frozen_record_with_exactly_these_fields():
    assert [f.name for f in dataclasses.fields(Finding)] == ["severity", "sheet", "cell", "rule", "message", "indicator"]
    finding = Finding(ERROR, APPRECIATIONS, "C5", "liste", "m", "30")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.cell = "A1"


def test_rules_are_data():
    for rule in RULES:
        assert re.fullmatch(r"[a-z_]+", rule.code)
        assert rule.severity in (ERROR, WARNING)
        assert rule.indicator is None or re.fullmatch(r"\d+(, \d+)*", rule.indicator)
        assert rule.description


def test_list_message_quotes_value_and_allowed_values(tmp_path):
    findings = run(tmp_path, set_value(minimal_rows(), RECLAMATIONS, "Statut", "Fini"))
    assert [f.message for f in findings] == [
        "« Statut » vaut « Fini » : valeurs permises : Ouverte, En cours, Clôturée."
    ]
    assert findings[0].indicator == "31"


def test_list_values_tolerate_case_and_accents(tmp_path):
    sheets = set_value(minimal_rows(), RECLAMATIONS, "Statut", "cloturee")
    set_value(sheets, PLAN, "Statut", "REALISEE")
    assert run(tmp_path, sheets) == []


def test_duplicate_reports_every_later_occurrence_citing_the_first_row(tmp_path):
    sheets = minimal_rows()
    set_value(sheets, APPRECIATIONS, "ID", "APP-2026-0002", 4)
    add_row(sheets, APPRECIATIONS, {"ID": "APP-2026-0002", "Date": D(2026, 5, 2), "Partie prenante": "Autre",
                                    "Note globale": 4})
    findings = [f for f in run(tmp_path, sheets) if f.rule == "doublon"]
    assert [f.cell for f in findings] == ["A5", "A6"]
    assert all("déjà utilisé ligne 3" in f.message and "« APP-2026-0002 »" in f.message for f in findings)


def test_references_resolve_case_insensitively_with_either_separator(tmp_path):
    sheets = set_value(minimal_rows(), APPRECIATIONS, "Suite donnée", "rec-2026-001 , ACT-2026-001;ACT-2026-002", 3)
    assert run(tmp_path, sheets) == []


def test_reference_message_names_every_unknown_id_and_the_target_sheets(tmp_path):
    sheets = set_value(minimal_rows(), APPRECIATIONS, "Suite donnée", "REC-9; ACT-2026-001; ACT-9", 3)
    (finding,) = run(tmp_path, sheets)
    assert finding.cell == cell_of(sheets, APPRECIATIONS, "Suite donnée", 3)
    assert "« REC-9 » et « ACT-9 »" in finding.message
    assert "« Réclamations », « Plan d'amélioration »" in finding.message
    assert "ACT-2026-001" not in finding.message


def test_references_to_an_absent_optional_sheet_are_skipped_and_said_once(tmp_path):
    """Issue 12: with Sessions absent, Session references are not errors; the report names the sheet once."""
    sheets = minimal_rows()
    del sheets[SESSIONS]
    findings = run(tmp_path, sheets)
    assert [f for f in findings if f.rule == "reference_inconnue"] == []
    text = format_findings(findings, missing=(SESSIONS,))
    assert text.count("Sessions") == 1 and "contrôles qui en dépendent sont sautés" in text


def test_missing_optional_sheets_do_not_raise_errors(tmp_path):
    sheets = minimal_rows()
    for name in (PARAMETRES, INDICATEURS, SESSIONS, SOLLICITATIONS, REVUES):
        del sheets[name]
    for row in range(1, 5):
        set_value(sheets, APPRECIATIONS, "Session", None, row)
    set_value(sheets, RECLAMATIONS, "Session", None, 1)
    assert run(tmp_path, sheets) == []


def test_status_rule_points_at_statut_when_the_needed_column_is_absent(tmp_path):
    sheets = drop_column(minimal_rows(), PLAN, "Date de réalisation")
    findings = [f for f in run(tmp_path, sheets) if f.rule == "realisee_sans_date"]
    assert [f.cell for f in findings] == [cell_of(sheets, PLAN, "Statut", 1)]
    assert "colonne « Date de réalisation » est absente" in findings[0].message


def test_date_order_compares_with_the_nearest_earlier_date_only(tmp_path):
    # A wrong Date de réception is reported once, at the accusé, not at every later date.
    sheets = set_value(minimal_rows(), RECLAMATIONS, "Date de réception", D(2026, 3, 1))
    findings = [f for f in run(tmp_path, sheets) if f.rule == "ordre_dates"]
    assert [f.cell for f in findings] == [cell_of(sheets, RECLAMATIONS, "Date d'accusé de réception")]
    assert "(21/01/2026) est antérieure à « Date de réception » (01/03/2026)" in findings[0].message


def test_same_day_with_a_time_is_in_order(tmp_path):
    sheets = set_value(minimal_rows(), RECLAMATIONS, "Date de réception", dt.datetime(2026, 1, 21, 16, 0))
    set_value(sheets, RECLAMATIONS, "Date d'accusé de réception", dt.datetime(2026, 1, 21, 9, 0))
    assert run(tmp_path, sheets) == []


def test_echeance_may_lie_in_the_future(tmp_path):
    sheets = set_value(minimal_rows(), PLAN, "Échéance", D(2027, 12, 31), 2)
    assert run(tmp_path, sheets) == []


def test_delays_follow_the_parameters(tmp_path):
    sheets = set_value(minimal_rows(), RECLAMATIONS, "Date d'accusé de réception", D(2026, 1, 25))
    assert {f.rule for f in run(tmp_path, sheets)} == {"accuse_tardif"}
    set_value(sheets, PARAMETRES, "Valeur", 7, param_row("Délai cible d'accusé de réception"))
    assert run(tmp_path, sheets) == []


def test_acknowledgement_rules_ignore_difficulties_and_incidents(tmp_path):
    sheets = set_value(minimal_rows(), RECLAMATIONS, "Date de réception", D(2026, 1, 2), 2)
    assert run(tmp_path, sheets) == []  # REC-2026-002 is an Aléa: no accusé expected


def test_bad_parameter_message_says_which_value_is_used(tmp_path):
    sheets = set_value(minimal_rows(), PARAMETRES, "Valeur", "abc", param_row("Échelle de notation"))
    (finding,) = run(tmp_path, sheets)
    assert finding.sheet == PARAMETRES
    assert "« abc »" in finding.message and "nombre entier entre 2 et 100" in finding.message and "« 5 »" in finding.message


def test_findings_are_ordered_errors_first_then_sheet_row_and_column(tmp_path):
    sheets = minimal_rows()
    set_value(sheets, APPRECIATIONS, "Date", D(2026, 7, 1), 1)  # warning, row 1
    set_value(sheets, APPRECIATIONS, "Suite donnée", "X", 2)  # error, far column
    set_value(sheets, APPRECIATIONS, "ID", None, 2)  # error, first column
    set_value(sheets, PLAN, "Statut", "Fini", 1)  # error, later sheet
    set_value(sheets, SESSIONS, "Abandons", 99, 1)  # error, earlier sheet
    findings = run(tmp_path, sheets, first_column={APPRECIATIONS: 20})
    assert [(f.severity, f.sheet, f.cell) for f in findings] == [
        (ERROR, SESSIONS, "J2"),
        (ERROR, APPRECIATIONS, "U3"),
        (ERROR, APPRECIATIONS, "AE3"),
        (ERROR, PLAN, "L2"),
        (WARNING, APPRECIATIONS, "V2"),
    ]


def test_sheet_names_are_spelled_as_in_the_workbook(tmp_path):
    sheets = minimal_rows()
    sheets["APPRECIATIONS"] = sheets.pop(APPRECIATIONS)
    set_value(sheets, "APPRECIATIONS", "Partie prenante", "Client", 1)
    (finding,) = run(tmp_path, sheets)
    assert (finding.sheet, finding.cell, finding.indicator) == ("APPRECIATIONS", "D2", "30")


def test_format_findings_groups_by_sheet_with_french_counts(tmp_path):
    sheets = minimal_rows()
    set_value(sheets, PLAN, "Statut", "Fini", 1)
    set_value(sheets, PLAN, "Type", "Autre", 2)
    set_value(sheets, APPRECIATIONS, "Date", D(2026, 7, 1), 1)
    text = format_findings(run(tmp_path, sheets))
    lines = text.splitlines()
    assert lines[0] == "Plan d'amélioration — 2 erreurs"
    assert "Appréciations — 1 avertissement" in lines
    assert lines.index("Appréciations — 1 avertissement") > lines.index("Plan d'amélioration — 2 erreurs")
    assert lines[-1] == "Total : 2 erreurs, 1 avertissement."
    assert format_findings([]) == "Aucune anomalie."
    one = [Finding(WARNING, PLAN, "A1", "x", "m", "32")]
    assert format_findings(one).splitlines()[-1] == "Total : aucune erreur, 1 avertissement."


def test_format_findings_names_missing_optional_sheets():
    text = format_findings([], missing=(SESSIONS, REVUES))
    assert "Feuilles facultatives absentes : Sessions, Revues qualité" in text


# Arbitrary cell contents: check must never raise, and every finding must point inside the sheet.

TEXTS = st.text(max_size=30) | st.sampled_from(
    ["=1+1", "=HYPERLINK(\"x\")", "+33 6", "-", "@x", "12/03/2026", "31/02/2026", "1,5", "80 %", "Sans opinion",
     "Très satisfait", "Réalisée", "Clôturée", "APP-2026-0001", "REC-2026-001; ACT-9", "  "]
)
VALUES = st.one_of(
    st.none(),
    TEXTS,
    st.booleans(),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.dates(min_value=D(1900, 3, 1), max_value=D(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
    st.builds(Formula, st.sampled_from(["=1+1", "=A1", "=NOW()", "=1/0"]),
              st.one_of(st.integers(-5, 5), st.sampled_from(["", "texte", "#DIV/0!"]))),
)
FUZZED = (APPRECIATIONS, RECLAMATIONS, PLAN)
PLANTS = st.lists(
    st.tuples(st.sampled_from(FUZZED), st.integers(min_value=1, max_value=6), st.integers(min_value=0, max_value=40),
              VALUES),
    max_size=25,
)

_ADDRESS = re.compile(r"^([A-Z]{1,3})([1-9]\d*)$")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plants=PLANTS, as_of=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)))
def test_check_never_raises_and_every_cell_is_inside_its_sheet(plants, as_of):
    sheets = minimal_rows()
    for sheet, row, col, value in plants:
        table = sheets[sheet]
        header = table[0][col % len(table[0])]
        set_value(sheets, sheet, header, value, row)
    with tempfile.TemporaryDirectory() as folder:
        findings = check(write_workbook(Path(folder) / "fuzz.xlsx", sheets), as_of)
    for finding in findings:
        assert finding.severity in (ERROR, WARNING)
        assert finding.sheet in sheets
        match = _ADDRESS.match(finding.cell)
        assert match, finding
        column, row = _column_number(match.group(1)), int(match.group(2))
        assert 1 <= column <= len(sheets[finding.sheet][0]), finding
        assert 2 <= row <= len(sheets[finding.sheet]), finding
        assert finding.message


# The demo workbook written by qualixl.demo (another module) must pass without errors.

@pytest.mark.skipif(importlib.util.find_spec("qualixl.demo") is None, reason="qualixl.demo n'existe pas encore")
def test_demo_workbook_has_no_error(tmp_path):
    from qualixl.demo import write_demo

    path = tmp_path / "demo.xlsx"
    write_demo(path)
    errors = [f for f in check(path) if f.severity == ERROR]
    assert errors == [], format_findings(errors)
