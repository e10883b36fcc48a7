"""The risks on the quality of the training delivered, as the demo provider analysed them (pure data).

(Étape, risque, causes, conséquences, probabilité, gravité, mesures de maîtrise or None);
a risk whose criticité reaches 9 always has its measure (the demo passes its checks).
"""

from __future__ import annotations

RISKS = (
    ("Information du public", "Programme publié différent du programme réalisé", "Mise à jour du site manuelle",
     "Attentes déçues, réclamations", 2, 3, "Revue annuelle des programmes publiés"),
    ("Analyse du besoin", "Besoin de l'entreprise mal recueilli", "Entretien préalable non systématique",
     "Objectifs inadaptés au poste", 2, 3, None),
    ("Conception", "Supports obsolètes après une réforme", "Veille réglementaire irrégulière",
     "Contenu erroné", 2, 4, "Veille mensuelle et revue des supports à chaque réforme"),
    ("Réalisation", "Formateur indisponible le jour de la session", "Un seul formateur sur certains titres",
     "Session reportée, abandons", 3, 3, "Vivier de formateurs suppléants"),
    ("Réalisation", "Panne de la plateforme de classe virtuelle", "Hébergeur unique",
     "Séances perdues", 2, 2, "Solution de secours testée chaque trimestre"),
    ("Évaluation", "Évaluation des acquis non réalisée en fin de session", "Fin de session écourtée",
     "Objectifs non mesurés", 2, 3, None),
    ("Accessibilité et handicap", "Besoin d'adaptation repéré trop tard", "Question absente du dossier d'inscription",
     "Bénéficiaire en difficulté, abandon", 3, 4, "Référente handicap présentée dans chaque convocation"),
    ("Sous-traitance", "Sous-traitant ne respectant pas nos exigences qualité", "Convention ancienne",
     "Prestation inégale", 2, 3, None),
    ("Ressources", "Salle de repli inadaptée", "Réservations tardives", "Conditions d'accueil dégradées",
     1, 2, "Grille de vérification des salles"),
)
STATUSES_OF_LOW_RISKS = ("Maîtrisé", "Actif")  # alternated for risks below the critical level
