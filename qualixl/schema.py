"""The workbook contract (WORKBOOK.md) as data: the single executable source.

The template, the reader, the checks, the KPIs and the README's table of sheets
are all derived from the objects below; nothing here is restated elsewhere.
User-facing strings (sheet names, headers, lists, help texts) are French.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field


class Kind(enum.Enum):
    """What a column holds; decides how it is read, checked and formatted."""

    TEXT = "texte"
    DATE = "date"
    INTEGER = "entier"
    NUMBER = "nombre"
    SCORE = "note"
    CHOICE = "liste"
    REFS = "références"


# Sheet names, used as keys everywhere (a typo in a name is then a NameError).
PARAMETRES = "Paramètres"
INDICATEURS = "Indicateurs"
SESSIONS = "Sessions"
SOLLICITATIONS = "Sollicitations"
APPRECIATIONS = "Appréciations"
RECLAMATIONS = "Réclamations"
PLAN = "Plan d'amélioration"
REVUES = "Revues qualité"
RISQUES = "Risques"

# Enumerations shared by several columns.
CATEGORIES = ("Formation", "Bilan de compétences", "VAE", "Apprentissage")
# « Évaluation des enseignements » is V10 indicator 33's evaluation of contents and teaching by apprentices:
# it counts in ENS_EVAL_COUVERTURE and indicator 33 only, never in satisfaction, response rates or indicator 30.
TEACHING_EVALUATION = "Évaluation des enseignements"
TEMPS = ("À chaud", "À froid", "Six mois", "Annuel", "En cours", TEACHING_EVALUATION)
PARTIES_PRENANTES = (
    "Bénéficiaire",
    "Financeur",
    "Entreprise",
    "Intervenant",
    "Équipe interne",
    "Autre",
)
OUI_NON = ("Oui", "Non")
COMPLAINT_TYPES = ("Réclamation", "Difficulté", "Aléa")
COMPLAINT_SEVERITIES = ("Mineure", "Majeure", "Critique")
COMPLAINT_STATUSES = ("Ouverte", "En cours", "Clôturée")
ACTION_ORIGINS = (
    "Appréciations",
    "Réclamation",
    "Abandons",
    "Résultats",
    "Revue qualité",
    "Audit",
    "Veille",
    "Financeur",
    "Équipe",
    "Risque",
    TEACHING_EVALUATION,
)
ACTION_TYPES = ("Corrective", "Préventive", "Amélioration")
ACTION_STATUSES = ("À lancer", "En cours", "Réalisée", "Abandonnée")
EFFECTIVENESS = ("Efficace", "Partiellement efficace", "Non efficace")
# « Restitution aux équipes pédagogiques »: V10 indicator 33, results shared with the teaching teams.
TEAM_RESTITUTION = "Restitution aux équipes pédagogiques"
REVIEW_TYPES = ("Revue qualité", "Comité de pilotage", "Revue de direction", TEAM_RESTITUTION)
# The nature of a complaint that V10 indicator 12 follows on its own.
VIOLENCE = "Violences, harcèlement, discrimination"
COMPLAINT_NATURES = (
    "Pédagogie",
    "Organisation et logistique",
    "Administratif et financier",
    "Accessibilité et handicap",
    "Relation et communication",
    VIOLENCE,
    "Autre",
)
RISK_STEPS = (
    "Information du public",
    "Analyse du besoin",
    "Conception",
    "Réalisation",
    "Évaluation",
    "Accessibilité et handicap",
    "Sous-traitance",
    "Ressources",
    "Autre",
)
RISK_LEVELS = ("1", "2", "3", "4")
RISK_STATUSES = ("Actif", "Maîtrisé", "Clos")
CRITICAL_RISK = 9  # criticité (probabilité × gravité) from which an Actif risk needs a measure or an action
RISK_REVIEW_DAYS = 365
DIRECTIONS = ("≥", "≤")
REFERENTIEL_CHOICES = ("auto", "V9", "V10")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

# French Likert labels accepted in a score cell, best first. A label is read as a
# position on the workbook's scale by `likert_score`; "Sans opinion" is kept but
# excluded from every rate and mean.
LIKERT_LABELS = ("Très satisfait", "Satisfait", "Peu satisfait", "Pas du tout satisfait")
NO_OPINION = "Sans opinion"

# The Appréciations column where `qualixl import` keeps each response's identity in its export
# (the survey tool's response ID, or its content and rank): staff may move or renumber rows,
# the reference travels with the row and the next import recognises it.
EXPORT_REF = "Réf. export"

# A criterion score column is any column whose header starts with this prefix.
CRITERION_PREFIX = "Note :"

# Status values of a KPI against its target.
STATUS_MET = "atteint"
STATUS_ALERT = "alerte"
STATUS_MISSED = "non atteint"

# Severities of a finding.
ERROR = "erreur"
WARNING = "avertissement"


@dataclass(frozen=True)
class Column:
    """One column of an input sheet, found by its header text."""

    header: str
    kind: Kind = Kind.TEXT
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()  # sheets a REFS column points into
    default: str | None = None  # value assumed when the cell is empty
    width: int = 16
    future: bool = False  # a date meant to lie ahead (an Échéance), not a typing slip


@dataclass(frozen=True)
class Sheet:
    """One input sheet owned by staff."""

    name: str
    purpose: str
    indicators: str  # RNQ indicators this sheet evidences
    columns: tuple[Column, ...]
    required: bool = False
    id_example: str | None = None
    key: str | None = None  # the column identifying a row, that references resolve against
    # Dates that must follow one another within a row (an empty one is skipped).
    date_order: tuple[str, ...] = ()

    def column(self, header: str) -> Column:
        for col in self.columns:
            if col.header == header:
                return col
        raise KeyError(f"{self.name}: no column {header!r}")

    @property
    def required_headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns if c.required)



@dataclass(frozen=True)
class Parameter:
    """One row of the Paramètres sheet, found by its name in column Paramètre."""

    name: str
    kind: Kind
    default: object
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    bounds: tuple[float, float] | None = None  # the readable range of a number (inclusive)


@dataclass(frozen=True)
class Kpi:
    """One result indicator, with the default target pre-filled in Indicateurs."""

    code: str
    label: str
    rnq: str
    unit: str  # "taux", "moyenne", "nombre" or "jours"
    target: float
    alert: float
    direction: str  # "≥" (higher is better) or "≤" (lower is better)
    definition: str = ""
    stock: bool = False  # reported once, at the as-of date
    by_category: bool = field(default=True)
    # For a published result (V10 indicator 2): the rows it counts and how they fall in a period, in
    # French, completing "Le calcul porte sur …" and ending on the date a period is read on ("selon leur date
    # de …", a feminine singular the sentence continues with ", comprise entre …"); the method sentence is derived from it and `definition`.
    scope: str = ""


def _id(example: str, what: str) -> Column:
    return Column(
        "ID",
        Kind.TEXT,
        required=True,
        help=f"Identifiant unique {what}, par exemple {example}.",
        width=16,
    )


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        PARAMETRES,
        "Les réglages de l'organisme : nom, échelle de notation, seuils et délais cibles.",
        "30, 31, 32",
        (
            Column("Paramètre", required=True, help="Nom du paramètre (ne pas modifier).", width=44),
            Column("Valeur", required=True, help="Valeur du paramètre.", width=40),
        ),
    ),
    Sheet(
        INDICATEURS,
        "Les cibles et seuils d'alerte des indicateurs de résultat suivis par qualixl.",
        "2, 30, 31, 32",
        (
            Column("Code", required=True, help="Code de l'indicateur calculé par qualixl (ne pas modifier).", width=24),
            Column("Libellé", help="Nom de l'indicateur en clair.", width=48),
            Column("Indicateur Qualiopi", help="Indicateur(s) du RNQ que ce résultat alimente.", width=12),
            Column("Cible", Kind.NUMBER, required=True, help="Objectif visé (un taux s'écrit en %).", width=12),
            Column("Seuil d'alerte", Kind.NUMBER, help="Valeur à partir de laquelle l'indicateur passe en alerte.", width=12),
            Column("Sens", Kind.CHOICE, choices=DIRECTIONS, default="≥", help="≥ : plus c'est haut, mieux c'est ; ≤ : plus c'est bas, mieux c'est.", width=8),
        ),
        key="Code",
    ),
    Sheet(
        SESSIONS,
        "Les prestations réalisées (sessions, parcours, accompagnements) et leurs résultats.",
        "2, 3, 12",
        (
            _id("SES-2026-001", "de la session"),
            Column("Catégorie", Kind.CHOICE, required=True, choices=CATEGORIES, help="Catégorie d'action (L. 6313-1).", width=20),
            Column("Intitulé", required=True, help="Intitulé de la prestation.", width=36),
            Column("Date de début", Kind.DATE, required=True, help="Date de début (jj/mm/aaaa).", width=13),
            Column("Date de fin", Kind.DATE, help="Date de fin (jj/mm/aaaa).", width=13),
            Column("Intervenant", help="Formateur, consultant ou accompagnateur.", width=20),
            Column("Financeur", help="OPCO, France Travail, Région, entreprise, CPF…", width=18),
            Column("Entreprise", help="Entreprise cliente ou employeur, le cas échéant.", width=18),
            Column("Inscrits", Kind.INTEGER, help="Nombre de bénéficiaires entrés.", width=10),
            Column("Abandons", Kind.INTEGER, help="Nombre d'abandons ou ruptures de parcours.", width=10),
            Column("Motifs d'abandon", help="Causes connues des abandons.", width=28),
            Column("Objectifs atteints", Kind.INTEGER, help="Bénéficiaires ayant atteint leurs objectifs.", width=12),
            Column("Présentés à la certification", Kind.INTEGER, help="Bénéficiaires présentés à la certification.", width=14),
            Column("Certifiés", Kind.INTEGER, help="Bénéficiaires certifiés (totalement).", width=10),
            Column("En emploi à 6 mois", Kind.INTEGER, help="Bénéficiaires en emploi six mois après.", width=12),
            Column("Ruptures de contrat", Kind.INTEGER, help="Ruptures de contrat d'apprentissage.", width=12),
        ),
        id_example="SES-2026-001",
        key="ID",
        date_order=("Date de début", "Date de fin"),
    ),
    Sheet(
        SOLLICITATIONS,
        "Les enquêtes envoyées : base des taux de réponse et preuve des relances.",
        "30",
        (
            _id("SOL-2026-001", "de l'envoi"),
            Column("Session", Kind.REFS, targets=(SESSIONS,), help="ID de la session concernée (vide si enquête annuelle).", width=16),
            Column("Partie prenante", Kind.CHOICE, required=True, choices=PARTIES_PRENANTES, help="Qui a été sollicité.", width=16),
            Column("Temps", Kind.CHOICE, required=True, choices=TEMPS, help="Moment de l'évaluation.", width=12),
            Column("Date d'envoi", Kind.DATE, required=True, help="Date d'envoi de l'enquête (jj/mm/aaaa).", width=13),
            Column("Destinataires", Kind.INTEGER, required=True, help="Nombre de personnes sollicitées.", width=13),
            Column("Date de relance", Kind.DATE, help="Date de la relance (jj/mm/aaaa).", width=13),
            Column("Preuve", help="Lien ou chemin vers la preuve de l'envoi.", width=28),
        ),
        id_example="SOL-2026-001",
        key="ID",
        date_order=("Date d'envoi", "Date de relance"),
    ),
    Sheet(
        APPRECIATIONS,
        "Les réponses aux enquêtes de satisfaction (une ligne par réponse).",
        "30",
        (
            _id("APP-2026-0001", "de la réponse"),
            Column("Date", Kind.DATE, required=True, help="Date de la réponse (jj/mm/aaaa).", width=12),
            Column("Session", Kind.REFS, targets=(SESSIONS,), help="ID de la session évaluée.", width=16),
            Column("Partie prenante", Kind.CHOICE, required=True, choices=PARTIES_PRENANTES, help="Qui a répondu.", width=16),
            Column("Temps", Kind.CHOICE, choices=TEMPS, help="Moment de l'évaluation.", width=12),
            Column("Note globale", Kind.SCORE, required=True, help="Note sur l'échelle de l'organisme, ou Très satisfait / Satisfait / Peu satisfait / Pas du tout satisfait / Sans opinion.", width=14),
            Column("Recommandation", Kind.CHOICE, choices=OUI_NON, help="Recommanderait la prestation ?", width=14),
            Column("Points forts", help="Verbatim : ce qui a plu.", width=36),
            Column("Points à améliorer", help="Verbatim : ce qui doit changer.", width=36),
            Column("Thème", help="Thème de l'appréciation (animation, logistique, contenu…).", width=16),
            Column("Suite donnée", Kind.REFS, targets=(RECLAMATIONS, PLAN), help="ID(s) de réclamation ou d'action ouverte(s) suite à cette réponse, séparés par ;", width=18),
            Column(EXPORT_REF, help="Référence de la réponse dans l'export de l'outil d'enquête, écrite par qualixl import : ne pas modifier (elle évite de réimporter la réponse).", width=4),
        ),
        required=True,
        id_example="APP-2026-0001",
        key="ID",
    ),
    Sheet(
        RECLAMATIONS,
        "Le registre des réclamations, difficultés et aléas, et leur traitement.",
        "31",
        (
            _id("REC-2026-001", "de la réclamation"),
            Column("Type", Kind.CHOICE, choices=COMPLAINT_TYPES, default="Réclamation", help="Réclamation, difficulté ou aléa (vide = Réclamation).", width=14),
            Column("Date de réception", Kind.DATE, required=True, help="Date de réception (jj/mm/aaaa).", width=13),
            Column("Canal", help="Courriel, téléphone, courrier, enquête, oral…", width=12),
            Column("Émetteur", required=True, help="Qui se plaint (bénéficiaire, financeur, entreprise…).", width=18),
            Column("Session", Kind.REFS, targets=(SESSIONS,), help="ID de la session concernée.", width=16),
            Column("Catégorie", Kind.CHOICE, choices=CATEGORIES, help="Catégorie d'action concernée.", width=20),
            Column("Nature", help="Nature de la réclamation, parmi la liste du paramètre « Natures de réclamation » : "
                   + "; ".join(COMPLAINT_NATURES) + ".", width=24),
            Column("Gravité", Kind.CHOICE, choices=COMPLAINT_SEVERITIES, help="Mineure, Majeure ou Critique.", width=11),
            Column("Objet", required=True, help="Objet de la réclamation.", width=36),
            Column("Date d'accusé de réception", Kind.DATE, help="Date de l'accusé de réception (jj/mm/aaaa).", width=13),
            Column("Responsable", help="Qui traite la réclamation.", width=16),
            Column("Analyse", help="Analyse des causes.", width=32),
            Column("Réponse apportée", help="Réponse faite à l'émetteur.", width=32),
            Column("Date de réponse", Kind.DATE, help="Date de la réponse (jj/mm/aaaa).", width=13),
            Column("Statut", Kind.CHOICE, required=True, choices=COMPLAINT_STATUSES, help="Ouverte, En cours ou Clôturée.", width=11),
            Column("Date de clôture", Kind.DATE, help="Date de clôture (jj/mm/aaaa).", width=13),
            Column("Action", Kind.REFS, targets=(PLAN,), help="ID(s) d'action(s) du plan d'amélioration, séparés par ;", width=16),
            Column("Preuve", help="Lien ou chemin vers les échanges.", width=24),
        ),
        required=True,
        id_example="REC-2026-001",
        key="ID",
        date_order=("Date de réception", "Date d'accusé de réception", "Date de réponse", "Date de clôture"),
    ),
    Sheet(
        PLAN,
        "Le plan d'amélioration : constats, actions, suivi et efficacité.",
        "32",
        (
            _id("ACT-2026-001", "de l'action"),
            Column("Date d'ouverture", Kind.DATE, required=True, help="Date d'ouverture de l'action (jj/mm/aaaa).", width=13),
            Column("Origine", Kind.CHOICE, required=True, choices=ACTION_ORIGINS, help="D'où vient le constat.", width=16),
            Column("Références", Kind.REFS, targets=(APPRECIATIONS, RECLAMATIONS, SESSIONS, SOLLICITATIONS, PLAN, RISQUES), help="ID(s) des lignes sources (appréciations, réclamations, sessions, risques), séparés par ;", width=18),
            Column("Indicateurs Qualiopi", help="Indicateur(s) du RNQ concernés, par exemple 30; 32.", width=12),
            Column("Constat", required=True, help="Ce qui a été constaté.", width=36),
            Column("Analyse des causes", help="Pourquoi c'est arrivé.", width=32),
            Column("Action", required=True, help="Ce qui est décidé.", width=36),
            Column("Type", Kind.CHOICE, choices=ACTION_TYPES, help="Corrective, Préventive ou Amélioration.", width=13),
            Column("Responsable", required=True, help="Qui porte l'action.", width=16),
            Column("Échéance", Kind.DATE, required=True, help="Date prévue de réalisation (jj/mm/aaaa).", width=12,
                   future=True),
            Column("Statut", Kind.CHOICE, required=True, choices=ACTION_STATUSES, help="À lancer, En cours, Réalisée ou Abandonnée.", width=12),
            Column("Date de réalisation", Kind.DATE, help="Date de réalisation (jj/mm/aaaa).", width=13),
            Column("Critère d'efficacité", help="Comment saura-t-on que l'action a marché ?", width=28),
            Column("Date d'évaluation", Kind.DATE, help="Date de l'évaluation de l'efficacité (jj/mm/aaaa).", width=13),
            Column("Efficacité", Kind.CHOICE, choices=EFFECTIVENESS, help="Efficace, Partiellement efficace ou Non efficace.", width=16),
            Column("Preuve", help="Lien ou chemin vers la preuve de réalisation.", width=24),
            Column("Commentaire", help="Remarques libres.", width=28),
        ),
        required=True,
        id_example="ACT-2026-001",
        key="ID",
        date_order=("Date d'ouverture", "Date de réalisation", "Date d'évaluation"),
    ),
    Sheet(
        REVUES,
        "Les revues qualité et comités de pilotage, et leurs décisions.",
        "32",
        (
            Column("Date", Kind.DATE, required=True, help="Date de la revue (jj/mm/aaaa).", width=12),
            Column("Type", Kind.CHOICE, choices=REVIEW_TYPES, help="Revue qualité, Comité de pilotage, Revue de direction, ou Restitution aux équipes pédagogiques (résultats de l'évaluation des enseignements, indicateur 33).", width=18),
            Column("Participants", help="Qui était présent.", width=28),
            Column("Sujets analysés", help="Indicateurs, appréciations, réclamations examinés.", width=36),
            Column("Décisions", required=True, help="Décisions prises.", width=36),
            Column("Actions", Kind.REFS, targets=(PLAN,), help="ID(s) des actions décidées, séparés par ;", width=16),
            Column("Compte rendu", help="Lien ou chemin vers le compte rendu.", width=24),
        ),
    ),
    Sheet(
        RISQUES,
        "L'analyse des risques sur la qualité des formations délivrées (indicateur 32, RNQ V10).",
        "32",
        (
            _id("RIS-2026-001", "du risque"),
            Column("Date d'identification", Kind.DATE, required=True, help="Date à laquelle le risque a été identifié (jj/mm/aaaa).", width=13),
            Column("Étape", Kind.CHOICE, choices=RISK_STEPS, help="Étape de la prestation exposée au risque.", width=20),
            Column("Risque", required=True, help="Ce qui pourrait dégrader la qualité de la formation.", width=36),
            Column("Causes", help="Ce qui pourrait provoquer le risque.", width=28),
            Column("Conséquences", help="Ce qui arriverait aux bénéficiaires ou à la prestation.", width=28),
            Column("Probabilité", Kind.CHOICE, required=True, choices=RISK_LEVELS, help="De 1 (rare) à 4 (très probable). Criticité = probabilité × gravité, calculée par qualixl.", width=11),
            Column("Gravité", Kind.CHOICE, required=True, choices=RISK_LEVELS, help="De 1 (faible) à 4 (très grave). Criticité = probabilité × gravité, calculée par qualixl.", width=11),
            Column("Mesures de maîtrise", help="Ce qui est déjà en place pour éviter ou limiter le risque.", width=32),
            Column("Actions", Kind.REFS, targets=(PLAN,), help="ID(s) des actions du plan d'amélioration, séparés par ;", width=16),
            Column("Responsable", help="Qui suit le risque.", width=16),
            Column("Date de revue", Kind.DATE, help="Date du dernier réexamen du risque (jj/mm/aaaa).", width=13),
            Column("Statut", Kind.CHOICE, required=True, choices=RISK_STATUSES, help="Actif, Maîtrisé ou Clos.", width=11),
        ),
        id_example="RIS-2026-001",
        key="ID",
        date_order=("Date d'identification", "Date de revue"),
    ),
)

SHEETS_BY_NAME: dict[str, Sheet] = {s.name: s for s in SHEETS}
REQUIRED_SHEETS: tuple[str, ...] = tuple(s.name for s in SHEETS if s.required)


# A delay of Paramètres is read up to ten years; more is a typing slip (and overflows date arithmetic).
MAX_DELAY_DAYS = 3650

PARAMETERS: tuple[Parameter, ...] = (
    Parameter("Organisme", Kind.TEXT, "", "Raison sociale de l'organisme.", required=True),
    Parameter("N° de déclaration d'activité", Kind.TEXT, "", "Numéro de déclaration d'activité (NDA)."),
    Parameter("SIRET", Kind.TEXT, "", "SIRET de l'établissement."),
    Parameter("Catégories d'actions", Kind.TEXT, "Formation", "Catégories certifiées, séparées par ; (Formation, Bilan de compétences, VAE, Apprentissage)."),
    Parameter("Début d'exercice", Kind.CHOICE, "janvier", "Mois de début de l'exercice.", choices=MONTHS),
    Parameter("Échelle de notation", Kind.INTEGER, 5, "Note maximale des enquêtes (5, 10, 20…).", bounds=(2, 100)),
    Parameter("Seuil de satisfaction", Kind.NUMBER, 4, "Note la plus basse comptée comme satisfaite.", bounds=(0, 100)),
    Parameter("Délai cible d'accusé de réception", Kind.INTEGER, 2, "En jours, entre réception et accusé de réception.", bounds=(0, MAX_DELAY_DAYS)),
    Parameter("Délai cible de réponse", Kind.INTEGER, 15, "En jours, entre réception et réponse.", bounds=(0, MAX_DELAY_DAYS)),
    Parameter("Délai d'évaluation de l'efficacité", Kind.INTEGER, 90, "En jours après la réalisation d'une action.", bounds=(0, MAX_DELAY_DAYS)),
    Parameter("Périodicité des revues qualité", Kind.INTEGER, 92, "En jours, écart maximal entre deux revues qualité.", bounds=(1, MAX_DELAY_DAYS)),
    Parameter("Procédure de traitement des réclamations", Kind.TEXT, "", "Lien ou chemin vers la procédure écrite."),
    Parameter("Natures de réclamation", Kind.TEXT, "; ".join(COMPLAINT_NATURES),
              "Natures proposées dans la colonne Nature des réclamations, séparées par ;."),
    Parameter("Procédure de prévention des violences", Kind.TEXT, "",
              "Lien ou chemin vers la procédure de prévention et de traitement des violences, du harcèlement et "
              "des discriminations (indicateur 12, RNQ V10)."),
    Parameter("Référentiel", Kind.CHOICE, "auto",
              "Version du Référentiel national qualité : auto (celle en vigueur à la date d'arrêté), V9 ou V10.",
              choices=REFERENTIEL_CHOICES),
)

PARAMETERS_BY_NAME: dict[str, Parameter] = {p.name: p for p in PARAMETERS}


KPIS: tuple[Kpi, ...] = (
    Kpi("SAT_TAUX", "Taux de satisfaction", "2, 30", "taux", 0.85, 0.80, "≥",
        "Réponses dont la note globale atteint le seuil de satisfaction ÷ réponses notées (hors « Sans opinion »).",
        scope="les réponses aux enquêtes de satisfaction, toutes parties prenantes, selon leur date de réponse"),
    Kpi("SAT_MOY", "Note globale moyenne", "30", "moyenne", 4.0, 3.8, "≥",
        "Moyenne de la note globale, sur l'échelle de l'organisme."),
    Kpi("REPONSE_TAUX", "Taux de réponse aux enquêtes", "30", "taux", 0.60, 0.50, "≥",
        "Réponses ÷ destinataires des sollicitations correspondantes."),
    Kpi("PP_COUVERTURE", "Parties prenantes ayant répondu (12 mois)", "30", "nombre", 3, 2, "≥",
        "Types de parties prenantes distincts avec au moins une réponse sur 12 mois.", by_category=False),
    Kpi("REC_NB", "Réclamations reçues", "31", "nombre", 10, 15, "≤",
        "Nombre de réclamations (Type = Réclamation)."),
    Kpi("REC_AR_DELAI", "Accusés de réception dans le délai", "31", "taux", 0.95, 0.90, "≥",
        "Part des réclamations accusées dans le délai cible."),
    Kpi("REC_DELAI_MOY", "Délai moyen de réponse (jours)", "31", "jours", 15, 20, "≤",
        "Jours moyens entre réception et réponse, sur les réclamations répondues."),
    Kpi("REC_REPONSE_DELAI", "Réponses dans le délai", "31", "taux", 0.90, 0.80, "≥",
        "Part des réclamations répondues dans le délai cible."),
    Kpi("REC_OUVERTES", "Réclamations non clôturées", "31", "nombre", 3, 5, "≤",
        "Réclamations non clôturées à la date d'arrêté.", stock=True),
    Kpi("ACT_NB", "Actions d'amélioration ouvertes", "32", "nombre", 6, 3, "≥",
        "Nombre d'actions ouvertes sur la période."),
    Kpi("ACT_REALISEES_A_TEMPS", "Actions réalisées à temps", "32", "taux", 0.80, 0.70, "≥",
        "Part des actions réalisées au plus tard à leur échéance."),
    Kpi("ACT_RETARD", "Actions en retard", "32", "nombre", 0, 3, "≤",
        "Actions ni réalisées ni abandonnées dont l'échéance est passée, à la date d'arrêté.", stock=True),
    Kpi("ACT_EFFICACITE", "Actions efficaces", "32", "taux", 0.75, 0.60, "≥",
        "Actions jugées efficaces ÷ actions évaluées."),
    Kpi("ACT_EVALUEES", "Actions évaluées", "32", "taux", 0.90, 0.75, "≥",
        "Actions évaluées ÷ actions réalisées depuis plus que le délai d'évaluation."),
    Kpi("ABANDON_TAUX", "Taux d'abandon", "2, 12", "taux", 0.10, 0.15, "≤",
        "Σ abandons ÷ Σ inscrits.",
        scope="les sessions dont le nombre d'inscrits est renseigné, selon leur date de fin (à défaut, de début)"),
    Kpi("OBJECTIFS_TAUX", "Taux d'atteinte des objectifs", "2", "taux", 0.85, 0.75, "≥",
        "Σ objectifs atteints ÷ (Σ inscrits − Σ abandons).",
        scope="les sessions dont les objectifs atteints sont renseignés, selon leur date de fin (à défaut, de début)"),
    Kpi("CERTIF_TAUX", "Taux de certification", "2, 3", "taux", 0.80, 0.70, "≥",
        "Σ certifiés ÷ Σ présentés à la certification.",
        scope="les sessions dont le nombre de présentés à la certification est renseigné, selon leur date de fin "
              "(à défaut, de début)"),
    Kpi("PRESENTES_TAUX", "Taux de présentation à la certification", "2, 3", "taux", 0.80, 0.70, "≥",
        "Σ présentés à la certification ÷ Σ inscrits.",
        scope="les sessions dont les nombres d'inscrits et de présentés à la certification sont renseignés, selon "
              "leur date de fin (à défaut, de début)"),
    Kpi("REVUES_NB", "Revues qualité tenues", "32", "nombre", 4, 3, "≥",
        "Nombre de revues qualité sur la période."),
    Kpi("RISQUES_CRITIQUES", "Risques critiques sans mesure", "32", "nombre", 0, 1, "≤",
        "Risques actifs de criticité au moins 9 sans mesure de maîtrise ni action, à la date d'arrêté.",
        stock=True, by_category=False),
    Kpi("ENS_EVAL_COUVERTURE", "Sessions d'apprentissage dont les enseignements sont évalués", "33", "taux", 1.0, 0.8, "≥",
        "Sessions d'apprentissage terminées avec au moins une réponse « Évaluation des enseignements » ÷ sessions "
        "d'apprentissage terminées."),
    Kpi("VIOLENCES_NB", "Situations de violence, harcèlement, discrimination", "12", "nombre", 0, 1, "≤",
        "Réclamations de nature « Violences, harcèlement, discrimination » reçues (dont clôturées)."),
)

KPIS_BY_CODE: dict[str, Kpi] = {k.code: k for k in KPIS}


def normalize(text: object) -> str:
    """Fold a header or list value so that case, accents, spaces and apostrophes don't matter.

    Staff retype headers ("date de reception"), Excel turns ' into ’, and a header cell
    may hold a line break; all of these must still match the contract.
    """
    s = unicodedata.normalize("NFKD", str(text))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("’", "'").replace("‘", "'").replace("`", "'").replace("\u00a0", " ")
    return " ".join(s.casefold().split())


def find_sheets(names: Iterable[str]) -> dict[str, str]:
    """Contract sheet name → the workbook's spelling of it, for the contract sheets among `names`.

    Names match as `normalize` folds them; when two sheets fold alike, the first one counts.
    """
    by_folded: dict[str, str] = {}
    for name in names:
        by_folded.setdefault(normalize(name), name)
    return {s.name: by_folded[normalize(s.name)] for s in SHEETS if normalize(s.name) in by_folded}


def likert_score(label: str, scale: float, threshold: float) -> float | None:
    """Place a French Likert label on the workbook's scale.

    "Très satisfait" is the top of the scale and "Satisfait" the satisfaction
    threshold, so both count as satisfied whatever the scale; "Peu satisfait" sits
    halfway between 1 and the threshold and "Pas du tout satisfait" at 1.
    Returns None for a text that is not a label (and for "Sans opinion").
    """
    positions = {
        normalize(LIKERT_LABELS[0]): float(scale),
        normalize(LIKERT_LABELS[1]): float(threshold),
        normalize(LIKERT_LABELS[2]): (1.0 + float(threshold)) / 2.0,
        normalize(LIKERT_LABELS[3]): 1.0,
    }
    return positions.get(normalize(label))
