"""The RNQ versions as data: V9 (until 31/10/2026) and V10 (from 01/11/2026, décret n° 2026-728).

Only the indicators qualixl evidences are listed: criterion 7 (30, 31, 32, and 33 for
apprenticeship under V10) and the result indicators 2, 3 and 12. Grading under V10 keeps
V9's until the new guide de lecture says otherwise (WORKBOOK.md); indicator 33 is new and
takes the RNQ's common grading. A new guide is an edit of this file, not of the rules.
"""

from __future__ import annotations

import datetime as dt

from qualixl.referentiel.model import MAJOR_ONLY, MINOR_OR_MAJOR, Indicator, Referentiel

ALL = ("Formation", "Bilan de compétences", "VAE", "Apprentissage")
CERTIFYING = ("Formation", "VAE", "Apprentissage")  # indicator 3 does not apply to skills assessments
APPRENTICESHIP = ("Apprentissage",)

_30 = ("30-categories", "30-beneficiaires-sessions", "30-collecte-etalee", "30-financeurs",
       "30-equipes-pedagogiques", "30-entreprises", "30-relances", "30-taux-reponse", "30-a-froid",
       "30-six-mois")
_31 = ("31-registre", "31-procedure", "31-accuse", "31-reponse", "31-analyse", "31-ouvertes")
_32 = ("32-actions-recentes", "32-boucle-appreciations", "32-boucle-reclamations", "32-pilotage", "32-retards", "32-efficacite",
       "32-abandons", "32-revues", "32-suites")
_32_RISKS = ("32-risques-analyse", "32-risques-critiques", "32-risques-revue")

V9 = Referentiel(
    "V9",
    "RNQ V9 (jusqu'au 31/10/2026)",
    None,
    dt.date(2026, 10, 31),
    (
        Indicator(30, "Recueil des appréciations des parties prenantes",
                  "Le prestataire recueille les appréciations des parties prenantes : bénéficiaires, financeurs, "
                  "équipes pédagogiques et entreprises concernées.", ALL, MINOR_OR_MAJOR, _30),
        Indicator(31, "Traitement des difficultés, réclamations et aléas",
                  "Le prestataire met en œuvre des modalités de traitement des difficultés rencontrées par les "
                  "parties prenantes, des réclamations exprimées par ces dernières, des aléas survenus en cours "
                  "de prestation.", ALL, MAJOR_ONLY, _31),
        Indicator(32, "Mesures d'amélioration continue",
                  "Le prestataire met en œuvre des mesures d'amélioration à partir de l'analyse des appréciations "
                  "et des réclamations.", ALL, MAJOR_ONLY, _32, new_entrant_process_only=True),
        Indicator(2, "Indicateurs de résultats",
                  "Le prestataire diffuse des indicateurs de résultats adaptés à la nature des prestations mises "
                  "en œuvre et des publics accueillis.", ALL, MINOR_OR_MAJOR, ("2-satisfaction", "2-objectifs"),
                  new_entrant_process_only=True),
        Indicator(3, "Taux d'obtention des certifications",
                  "Lorsque le prestataire met en œuvre des prestations conduisant à une certification "
                  "professionnelle, il informe sur les taux d'obtention des certifications préparées.",
                  CERTIFYING, MINOR_OR_MAJOR, ("3-certification",), new_entrant_process_only=True),
        Indicator(12, "Engagement des bénéficiaires et prévention des abandons",
                  "Le prestataire décrit et met en œuvre des mesures pour favoriser l'engagement des "
                  "bénéficiaires et prévenir les ruptures de parcours.", ALL, MINOR_OR_MAJOR, ("12-abandons",)),
    ),
)

V10 = Referentiel(
    "V10",
    "RNQ V10 (depuis le 01/11/2026)",
    dt.date(2026, 11, 1),
    None,
    (
        Indicator(30, "Recueil des appréciations des parties prenantes",
                  "Le prestataire recueille les appréciations des parties prenantes : bénéficiaires, financeurs "
                  "(le cas échéant), équipes pédagogiques et entreprises concernées.", ALL, MINOR_OR_MAJOR, _30),
        Indicator(31, "Traitement des difficultés, réclamations et aléas",
                  "Le prestataire met en œuvre des modalités de traitement des difficultés rencontrées par les "
                  "parties prenantes, des réclamations exprimées par ces dernières, ainsi que des aléas survenus "
                  "en cours de prestation.", ALL, MAJOR_ONLY, _31),
        Indicator(32, "Amélioration continue et analyse des risques",
                  "Le prestataire met en place une démarche d'amélioration continue à partir de l'analyse des "
                  "appréciations et des réclamations, ainsi qu'une analyse des risques sur la qualité des "
                  "formations délivrées.", ALL, MAJOR_ONLY, _32 + _32_RISKS, new_entrant_process_only=True),
        Indicator(33, "Évaluation des contenus et des enseignements par les apprenants",
                  "Le prestataire met en place un dispositif d'évaluation des contenus et des enseignements par "
                  "les apprenants, distinct du recueil général de satisfaction, dont les résultats sont partagés "
                  "avec les équipes pédagogiques et donnent lieu à la formalisation d'une démarche "
                  "d'amélioration continue, dont il mesure périodiquement l'efficacité.",
                  APPRENTICESHIP, MINOR_OR_MAJOR,
                  ("33-evaluation-distincte", "33-restitution", "33-amelioration", "33-efficacite")),
        Indicator(2, "Indicateurs de résultats et leurs modalités de calcul",
                  "Le prestataire diffuse des indicateurs de résultats adaptés à la nature des prestations mises "
                  "en œuvre et des publics accueillis, en précisant de manière transparente leurs modalités de "
                  "calcul ou en s'appuyant sur des dispositifs existants.", ALL, MINOR_OR_MAJOR,
                  ("2-satisfaction", "2-objectifs", "2-methodes"), new_entrant_process_only=True),
        Indicator(3, "Taux d'obtention des certifications",
                  "Lorsque le prestataire met en œuvre des prestations conduisant à une certification "
                  "professionnelle, il informe sur les taux d'obtention des certifications préparées.",
                  CERTIFYING, MINOR_OR_MAJOR, ("3-certification",), new_entrant_process_only=True),
        Indicator(12, "Engagement des bénéficiaires, prévention des abandons et des violences",
                  "Le prestataire décrit et met en œuvre des mesures pour favoriser l'engagement des "
                  "bénéficiaires et prévenir les ruptures de parcours. Il s'assure de la prévention et du "
                  "traitement de toute situation de violence, dont les violences sexistes et sexuelles, de "
                  "harcèlement ou de discrimination dans le cadre de leur formation.", ALL, MINOR_OR_MAJOR,
                  ("12-abandons", "12-violences-procedure", "12-violences-traitement")),
    ),
)

VERSIONS: tuple[Referentiel, ...] = (V9, V10)
VERSIONS_BY_NAME = {v.name: v for v in VERSIONS}
