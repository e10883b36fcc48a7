"""Improvement actions: what is decided per origin, per theme of appraisal, after drop-outs and results.

Pure data. `ACTION_TEXTS` rows are (constat, analyse, action, critère, type, indicateurs);
`ORIGIN_SHARE` and `EFFECTIVENESS` are weights (share of the plan, outcome of an evaluation).
"""

from __future__ import annotations

from qualixl import schema
from qualixl.demo.vocabulary import AMELIORATION, APPRENTISSAGE, CORRECTIVE, PREVENTIVE, VAE

# Per theme: what an action opened from unfavourable appraisals decides, and how it is judged.
THEME_ACTIONS = {
    "Animation": ("Observation de séance et plan de développement de l'intervenant", "Note animation ≥ 4/5 sur 3 sessions"),
    "Contenu": ("Refonte des cas pratiques avec des exemples du secteur", "Note contenu ≥ 4/5 au trimestre suivant"),
    "Rythme": ("Revoir le séquencement et ajouter des pauses actives", "Moins de 5 % de verbatims sur le rythme"),
    "Organisation": ("Test de positionnement à l'inscription pour constituer les groupes", "Groupes de niveau homogène"),
    "Logistique": ("Grille de contrôle des salles avant chaque session", "Note logistique ≥ 4/5"),
    "Supports": ("Envoi des supports numériques le jour même", "100 % des supports envoyés à J+1"),
    "Administratif": ("Automatiser l'envoi des convocations et attestations", "Zéro document en retard sur le trimestre"),
    "Outils numériques": ("Renouveler le matériel et tester la connexion avant chaque session", "Aucun incident technique signalé"),
    "Accompagnement": ("Point individuel systématique à mi-parcours", "Satisfaction accompagnement ≥ 4/5"),
    "Certification": ("Ajouter deux examens blancs au parcours", "Taux de certification ≥ 80 %"),
}
ORIGIN_SHARE = (
    ("Appréciations", 24), ("Réclamation", 24), ("Abandons", 8), ("Résultats", 7), ("Revue qualité", 12),
    ("Audit", 5), ("Veille", 7), ("Financeur", 6), ("Équipe", 7), ("Risque", 3),
    (schema.TEACHING_EVALUATION, 3),
)
ACTION_TEXTS = {
    "Risque": (
        ("Risque : formateur unique sur le titre professionnel", "Aucun suppléant formé au référentiel",
         "Former un second formateur au titre professionnel", "Aucune session reportée faute de formateur",
         PREVENTIVE, "32"),
        ("Risque : sous-traitant sans engagement qualité écrit", "Convention de sous-traitance ancienne",
         "Charte qualité signée par chaque sous-traitant", "100 % des sous-traitants signataires", PREVENTIVE, "27; 32"),
        ("Risque : besoin d'adaptation non repéré à l'inscription", "Question handicap absente du dossier",
         "Question sur les besoins d'adaptation dans le dossier d'inscription", "Besoin repéré avant l'entrée pour 100 % des entrants",
         PREVENTIVE, "26; 32"),
    ),
    schema.TEACHING_EVALUATION: (
        ("Évaluation des enseignements : module de gestion jugé trop théorique", "Peu de cas tirés des entreprises d'accueil",
         "Construire les cas pratiques avec les maîtres d'apprentissage", "Note du module ≥ 3,5/5 au semestre suivant",
         AMELIORATION, "33"),
        ("Évaluation des enseignements : articulation centre–entreprise insuffisante", "Progression non partagée avec les tuteurs",
         "Calendrier de progression remis au tuteur à chaque période", "80 % des apprentis jugent l'articulation satisfaisante",
         AMELIORATION, "33"),
        ("Évaluation des enseignements : travaux rendus sans retour détaillé", "Grilles de correction non utilisées",
         "Grille de correction commentée pour chaque travail rendu", "Retours jugés utiles par 75 % des apprentis",
         CORRECTIVE, "33"),
    ),
    "Revue qualité": (
        ("Taux de réponse à froid inférieur à 40 %", "Enquête envoyée trop tard, sans relance",
         "Relance automatique à J+7 et enquête raccourcie", "Taux de réponse à froid ≥ 50 %", AMELIORATION, "30; 32"),
        ("Parties prenantes peu sollicitées (entreprises)", "Pas d'enquête employeur formalisée",
         "Enquête annuelle auprès des entreprises clientes", "Au moins 30 % de réponses entreprises", AMELIORATION, "30"),
        ("Délais de réponse aux réclamations en hausse", "Pas de suppléant quand la responsable est absente",
         "Désigner un suppléant pour le traitement des réclamations", "Réponses dans le délai ≥ 90 %", CORRECTIVE, "31; 32"),
        ("Actions réalisées non évaluées", "Aucun rappel à l'échéance d'évaluation",
         "Rappel mensuel des évaluations à mener", "Actions évaluées ≥ 90 %", AMELIORATION, "32"),
        ("Satisfaction en baisse sur les formations longues", "Rythme soutenu, peu de pauses",
         "Revoir la maquette des formations longues", "Satisfaction ≥ 85 % sur les formations longues", AMELIORATION, "30; 32"),
    ),
    "Audit": (
        ("Non-conformité mineure : preuves de veille non formalisées", "Veille faite à l'oral en réunion",
         "Tableau de veille partagé et revu chaque trimestre", "Tableau à jour à chaque revue", CORRECTIVE, "23; 24"),
        ("Non-conformité mineure : positionnement à l'entrée non tracé", "Entretiens oraux non consignés",
         "Formulaire de positionnement signé à l'inscription", "100 % des dossiers avec positionnement", CORRECTIVE, "8"),
        ("Observation : sollicitation des financeurs peu documentée", "Échanges informels non archivés",
         "Archiver les échanges avec les financeurs dans le dossier qualité", "Échanges archivés chaque trimestre", CORRECTIVE, "30"),
        ("Non-conformité mineure : compétences des intervenants non mises à jour", "CV non demandés depuis 2 ans",
         "Campagne annuelle de mise à jour des CV et formations des intervenants", "100 % des CV de moins d'un an", CORRECTIVE, "21; 22"),
    ),
    "Veille": (
        ("Réforme du CPF : participation forfaitaire des titulaires", "Évolution réglementaire",
         "Mettre à jour les devis et l'information des bénéficiaires", "Devis conformes au 1er du mois", PREVENTIVE, "23"),
        ("Nouveau référentiel du titre professionnel", "Révision du référentiel par le certificateur",
         "Adapter le programme et les évaluations", "Programme conforme avant la prochaine session", PREVENTIVE, "24; 25"),
        ("Évolution des règles de financement de l'OPCO", "Nouvelle prise en charge des coûts pédagogiques",
         "Informer les entreprises clientes et adapter les tarifs", "Information envoyée à 100 % des clients", PREVENTIVE, "23"),
        ("Nouvelles attentes en accessibilité numérique", "Veille handicap",
         "Audit d'accessibilité de la plateforme en ligne", "Plateforme conforme au RGAA niveau AA", PREVENTIVE, "26"),
    ),
    "Financeur": (
        ("Demande de l'OPCO : transmission plus rapide des émargements", "Signatures papier scannées en fin de mois",
         "Passer à l'émargement électronique", "Émargements transmis sous 5 jours", AMELIORATION, "30; 32"),
        ("Financeur : indicateurs de résultats non publiés", "Page du site non mise à jour",
         "Publier les indicateurs de résultats chaque semestre", "Page à jour chaque semestre", CORRECTIVE, "2"),
        ("Remarque de France Travail sur les délais d'entrée", "Sessions trop espacées",
         "Ouvrir des entrées mensuelles", "Délai d'entrée ≤ 30 jours", AMELIORATION, "1; 32"),
    ),
    "Équipe": (
        ("Proposition de l'équipe : livret d'accueil numérique", "Livret papier peu lu",
         "Créer un livret d'accueil numérique", "Livret consulté par 80 % des entrants", AMELIORATION, "32"),
        ("Charge administrative des formateurs trop lourde", "Saisie en double des présences",
         "Un seul outil pour présences et évaluations", "Temps administratif divisé par deux", AMELIORATION, "32"),
        ("Partage des bonnes pratiques entre formateurs insuffisant", "Pas de temps d'échange prévu",
         "Réunion pédagogique trimestrielle", "Quatre réunions tenues dans l'année", AMELIORATION, "32"),
        ("Accueil des personnes en situation de handicap à améliorer", "Référente peu identifiée",
         "Présenter la référente handicap dans chaque convocation", "Mention présente dans 100 % des convocations", PREVENTIVE, "26"),
    ),
}
ABANDON_ACTIONS = (  # action, critère, category (None: any)
    ("Entretien individuel systématique à mi-parcours", "Taux d'abandon ≤ 10 % sur les sessions suivantes", None),
    ("Renforcer le positionnement et l'information à l'entrée", "Taux d'abandon ≤ 10 %", None),
    ("Point mensuel avec les maîtres d'apprentissage", "Aucune rupture non anticipée", APPRENTISSAGE),
    ("Désigner un référent de parcours joignable", "Abandons divisés par deux", None),
    ("Points d'étape à distance entre les séances d'accompagnement", "Abandons divisés par deux", VAE),
)
ABANDONED_BECAUSE = ("Abandonnée : remplacée par une action plus large",
                     "Abandonnée : plus pertinente après changement d'outil")
RESULT_ACTIONS = (
    ("Ajouter deux examens blancs avant la certification", "Taux de certification ≥ 80 %"),
    ("Séances de soutien ciblées sur les épreuves échouées", "Taux de certification ≥ 80 %"),
    ("Revoir les objectifs pédagogiques avec les entreprises", "Objectifs atteints ≥ 85 %"),
)
EFFECTIVENESS = ((schema.EFFECTIVENESS[0], 68), (schema.EFFECTIVENESS[1], 22), (schema.EFFECTIVENESS[2], 10))
