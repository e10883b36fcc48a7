"""The rules, as data: one line per check, in the order they are documented.

`code` is stable (scripts and the Contrôles sheet rely on it); `indicator` is the RNQ
indicator the rule protects, or None for "the indicators of the sheet the cell is on".
"""

from __future__ import annotations

from qualixl.checks import cells, consistency, deadlines, links, natures, risks
from qualixl.checks.model import Rule
from qualixl.schema import (
    ERROR,
    PLAN,
    RECLAMATIONS,
    RISQUES,
    SESSIONS,
    SHEETS_BY_NAME,
    SOLLICITATIONS,
    WARNING,
)


def _chain(sheet: str) -> tuple[str, ...]:
    return SHEETS_BY_NAME[sheet].date_order

RULES: tuple[Rule, ...] = (
    # Cells
    Rule("obligatoire", ERROR, None, "Une cellule obligatoire est vide.", cells.required_cells),
    Rule("liste", ERROR, None, "La valeur n'est pas dans la liste permise.", cells.not_in_list),
    Rule("type", ERROR, None, "La valeur n'est pas du type attendu (date, nombre, entier, note).", cells.wrong_kind),
    Rule("echelle", ERROR, "30", "La note sort de l'échelle de notation.", cells.out_of_scale),
    Rule("date_texte", WARNING, None, "Une date est saisie comme du texte.", cells.text_dates),
    Rule("date_future", WARNING, None, "Une date est postérieure à la date d'arrêté.", cells.future_dates),
    Rule("parametre_invalide", ERROR, None, "Un paramètre a une valeur illisible.", cells.bad_parameters),
    # Rows and references
    Rule("doublon", ERROR, None, "Un identifiant est utilisé deux fois.", links.duplicates),
    Rule("reference_inconnue", ERROR, None, "Une référence ne correspond à aucune ligne.", links.unknown_references),
    Rule("indicateur_inconnu", WARNING, None, "Un code d'indicateur n'est pas calculé par qualixl.", links.unknown_kpi_codes),
    # Consistency within a row
    Rule("ordre_dates", ERROR, "31", "Les dates d'une réclamation ne se suivent pas.",
         consistency.date_order(RECLAMATIONS, _chain(RECLAMATIONS))),
    Rule("ordre_dates", ERROR, "32", "Les dates d'une action ne se suivent pas.",
         consistency.date_order(PLAN, _chain(PLAN))),
    Rule("ordre_dates", ERROR, "2", "Une session finit avant d'avoir commencé.",
         consistency.date_order(SESSIONS, _chain(SESSIONS))),
    Rule("ordre_dates", ERROR, "30", "Une relance précède l'envoi de l'enquête.",
         consistency.date_order(SOLLICITATIONS, _chain(SOLLICITATIONS))),
    Rule("ordre_dates", ERROR, "32", "Un risque est revu avant d'avoir été identifié.",
         consistency.date_order(RISQUES, _chain(RISQUES))),
    Rule("risque_critique_sans_mesure", ERROR, "32", "Un risque critique actif n'a ni mesure de maîtrise ni action.",
         risks.unmanaged_critical),
    Rule("nature_inconnue", WARNING, "31", "La nature d'une réclamation n'est pas dans la liste des natures.",
         natures.unknown_natures),
    Rule("violence_gravite", WARNING, "12", "Une situation de violence n'est pas classée Critique.",
         natures.violence_not_critical),
    Rule("violence_non_traitee", ERROR, "12", "Une situation de violence n'est pas analysée, suivie d'une action et "
         "clôturée après le délai de réponse.", natures.violence_untreated),
    Rule("realisee_sans_date", ERROR, "32", "Une action réalisée n'a pas de date de réalisation.",
         consistency.needed_when_status(PLAN, "Réalisée", ("Date de réalisation",))),
    Rule("cloturee_sans_reponse", ERROR, "31", "Une réclamation clôturée n'a pas de réponse datée.",
         consistency.needed_when_status(RECLAMATIONS, "Clôturée", ("Réponse apportée", "Date de réponse"))),
    Rule("efficacite_sans_date", ERROR, "32", "Une efficacité est jugée sans date d'évaluation.",
         consistency.needed_when_filled(PLAN, "Efficacité", "Date d'évaluation")),
    Rule("abandons_inscrits", ERROR, "2, 12", "Plus d'abandons que d'inscrits.",
         consistency.not_greater(SESSIONS, "Abandons", "Inscrits")),
    Rule("presentes_inscrits", ERROR, "2, 3", "Plus de présentés à la certification que d'inscrits.",
         consistency.not_greater(SESSIONS, "Présentés à la certification", "Inscrits")),
    Rule("certifies_presentes", ERROR, "2, 3", "Plus de certifiés que de présentés.",
         consistency.not_greater(SESSIONS, "Certifiés", "Présentés à la certification")),
    # Deadlines at the as-of date
    Rule("action_en_retard", WARNING, "32", "Une action a dépassé son échéance.", deadlines.overdue_actions),
    Rule("efficacite_non_evaluee", WARNING, "32", "Une action réalisée attend son évaluation.",
         deadlines.unevaluated_actions),
    Rule("accuse_tardif", WARNING, "31", "Une réclamation n'a pas été accusée dans le délai cible.",
         deadlines.late_acknowledgements),
    Rule("reponse_tardive", WARNING, "31", "Une réclamation n'a pas reçu de réponse dans le délai cible.",
         deadlines.late_answers),
    Rule("risque_non_revu", WARNING, "32", "Un risque actif n'a pas été revu depuis plus d'un an.", risks.stale),
)

RULE_CODES: tuple[str, ...] = tuple(dict.fromkeys(r.code for r in RULES))
