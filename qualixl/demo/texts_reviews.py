"""What quality reviews decide and who attends them (pure data)."""

from __future__ import annotations

DECISIONS = (
    "Maintenir les objectifs ; suivre les actions en cours",
    "Renforcer les relances des enquêtes à froid",
    "Présenter les résultats aux formateurs lors de la prochaine réunion pédagogique",
    "Mettre à jour la cartographie des parties prenantes",
    "Clore les actions évaluées efficaces ; reconduire les autres",
    "Publier les indicateurs de résultats sur le site",
)
PARTICIPANTS = (
    "Julien Moreau, Nadia Benali, Camille Petit, deux formateurs",
    "Julien Moreau, Nadia Benali, Camille Petit, Thomas Roux",
    "Nadia Benali, Camille Petit, Léa Garnier, trois formateurs",
)
# Restitutions of the apprentices' evaluation of teaching to the teaching teams (indicator 33).
RESTITUTION_PARTICIPANTS = "Camille Petit (coordination apprentissage), formateurs du CFA, deux maîtres d'apprentissage"
RESTITUTION_DECISIONS = "Résultats présentés module par module ; pistes d'amélioration retenues avec l'équipe"
