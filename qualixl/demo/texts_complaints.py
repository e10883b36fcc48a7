"""Complaints, difficulties and incidents: (objet, analyse, réponse, action, critère, category or None).

Pure data, with the weights of their kinds, emitters, channels and severities. A text
whose category is None may concern any session (or none).
"""

from __future__ import annotations

from qualixl.demo.vocabulary import APPRENTISSAGE, BILAN, FORMATION, VAE

COMPLAINTS = {
    "Réclamation": (
        ("Convocation reçue la veille de la session", "Inscription saisie tardivement, sans alerte",
         "Excuses présentées ; rappel de la procédure d'inscription",
         "Envoi automatique des convocations à J-10", "100 % des convocations envoyées 7 jours avant", None),
        ("Attestation de fin de formation non reçue", "Envoi oublié pendant un congé de l'assistante",
         "Attestation envoyée par courriel avec nos excuses",
         "Liste de contrôle de clôture de session avec double validation", "Aucune réclamation sur les attestations en 6 mois", None),
        ("Facture erronée adressée à l'entreprise", "Erreur de tarif reprise du devis",
         "Avoir émis et nouvelle facture envoyée", "Contrôle croisé devis / facture avant envoi",
         "Zéro avoir pour erreur de tarif sur le semestre", None),
        ("Contenu différent du programme annoncé", "Programme du site non mis à jour après refonte",
         "Explications données, module complémentaire offert", "Revue annuelle des programmes publiés",
         "Tous les programmes en ligne datés de moins d'un an", FORMATION),
        ("Salle trop petite et mal chauffée", "Salle de repli réservée sans vérification",
         "Excuses et changement de salle pour la suite", "Grille de vérification des salles avant chaque session",
         "Note logistique ≥ 4/5 aux appréciations suivantes", FORMATION),
        ("Formateur absent, session reportée au dernier moment", "Aucun intervenant suppléant identifié",
         "Session reprogrammée, frais de déplacement remboursés", "Constituer un vivier d'intervenants suppléants",
         "Aucun report faute d'intervenant en 6 mois", FORMATION),
        ("Certificat de réalisation non transmis au financeur", "Émargements non signés, dossier bloqué",
         "Certificat transmis, financeur informé du délai", "Relance automatique des émargements non signés à J+2",
         "Certificats transmis sous 15 jours dans 95 % des cas", None),
        ("Accès à la plateforme en ligne impossible", "Identifiants envoyés à une adresse erronée",
         "Nouveaux accès créés et durée d'accès prolongée", "Vérifier l'adresse courriel à l'inscription",
         "Moins de 2 % de demandes d'accès par mois", None),
        ("Délai de réponse trop long à une demande d'information", "Boîte contact non relevée pendant les congés",
         "Réponse apportée et excuses présentées", "Boîte partagée avec permanence, réponse sous 48 h",
         "Délai moyen de réponse aux demandes inférieur à 2 jours", None),
        ("Propos jugés inappropriés d'un intervenant", "Échanges avec l'intervenant et les participants",
         "Entretien avec l'intervenant, courrier d'excuses", "Rappel de la charte de l'intervenant et évaluation renforcée",
         "Aucun signalement similaire sur 12 mois", None),
        ("Besoin d'adaptation (handicap) non pris en compte", "Besoin non recueilli à l'inscription",
         "Aménagement mis en place avec la référente handicap",
         "Question systématique sur les besoins d'adaptation dans le bulletin d'inscription",
         "100 % des bulletins avec la rubrique renseignée", None),
        ("Dossier CPF annulé sans explication", "Dates modifiées après validation du dossier",
         "Nouveau dossier créé avec le bénéficiaire", "Geler les dates d'une session dès qu'un dossier CPF est validé",
         "Aucune annulation de dossier CPF de notre fait", BILAN),
        ("Calendrier du jury VAE non communiqué", "Information du certificateur non relayée",
         "Calendrier transmis et point téléphonique", "Calendrier des jurys affiché dans l'espace candidat",
         "Aucune demande de calendrier restée sans réponse", VAE),
        ("Absence de suivi de l'apprenti en entreprise", "Visite en entreprise non planifiée",
         "Visite programmée sous 15 jours", "Planifier deux visites en entreprise par an et par apprenti",
         "100 % des visites réalisées", APPRENTISSAGE),
    ),
    "Difficulté": (
        ("Difficultés de compréhension du module de comptabilité", "Prérequis non vérifiés à l'entrée",
         "Séance de soutien individuelle proposée", "Test de positionnement avant l'entrée en formation",
         "Taux d'atteinte des objectifs ≥ 90 % sur le module", FORMATION),
        ("Bénéficiaire en difficulté avec les outils numériques", "Aisance numérique non évaluée",
         "Prise en main individuelle de la plateforme", "Module d'accueil numérique en début de parcours",
         "Aucun abandon lié au numérique", None),
        ("Retards répétés d'un apprenti", "Temps de trajet entreprise / centre sous-estimé",
         "Entretien tripartite avec l'employeur", "Entretien d'intégration incluant la mobilité",
         "Retards divisés par deux au semestre", APPRENTISSAGE),
        ("Tension entre un apprenti et son maître d'apprentissage", "Attentes non formalisées des deux côtés",
         "Médiation par le référent de parcours", "Livret d'objectifs signé par l'apprenti et le tuteur",
         "Aucune rupture liée à la relation tutorale", APPRENTISSAGE),
        ("Rédaction du livret 2 VAE bloquée", "Candidate isolée entre deux séances",
         "Séance supplémentaire et relecture intermédiaire", "Points d'étape à distance toutes les trois semaines",
         "Livrets déposés dans les délais", VAE),
        ("Bénéficiaire découragé en milieu de bilan", "Phase d'investigation trop longue",
         "Entretien de remobilisation", "Raccourcir la phase d'investigation et fixer des jalons",
         "Aucun abandon de bilan en phase d'investigation", BILAN),
    ),
    "Aléa": (
        ("Panne du vidéoprojecteur en début de session", "Matériel vieillissant non contrôlé",
         "Session poursuivie sur écran de secours", "Contrôle mensuel et remplacement du matériel",
         "Aucune panne matérielle en 6 mois", FORMATION),
        ("Grève des transports, session décalée", "Événement extérieur",
         "Participants prévenus, session décalée d'une heure", "Prévoir une option à distance pour chaque session",
         "Aucune session annulée pour cause extérieure", None),
        ("Intervenant malade, session reportée", "Absence imprévue",
         "Session reportée avec l'accord des participants", "Constituer un vivier d'intervenants suppléants",
         "Aucun report faute d'intervenant en 6 mois", None),
        ("Coupure internet pendant la classe virtuelle", "Panne du fournisseur d'accès",
         "Séance complétée en fin de journée", "Connexion de secours 4G pour les classes virtuelles",
         "Aucune séance interrompue plus de 15 minutes", None),
        ("Salle indisponible, déplacement en urgence", "Double réservation non détectée",
         "Salle voisine trouvée, participants guidés", "Outil de réservation des salles partagé",
         "Aucune double réservation sur le semestre", None),
    ),
}
COMPLAINT_SHARE = (("Réclamation", 62), ("Difficulté", 24), ("Aléa", 14))
EMETTEURS = {
    "Réclamation": (("Bénéficiaire", 60), ("Entreprise", 18), ("Financeur", 10), ("Prescripteur (France Travail)", 6),
                    ("Maître d'apprentissage", 6)),
    "Difficulté": (("Bénéficiaire", 50), ("Formateur", 30), ("Maître d'apprentissage", 20)),
    "Aléa": (("Équipe pédagogique", 60), ("Formateur", 40)),
}
CANAUX = (("Courriel", 45), ("Téléphone", 20), ("Oral", 15), ("Courrier", 5), ("Mon Compte Formation", 5),
          ("Formulaire du site", 10))
GRAVITES = (("Mineure", 65), ("Majeure", 28), ("Critique", 7))

# The nature of each text (Paramètres « Natures de réclamation »), by its objet.
NATURES = {
    "Convocation reçue la veille de la session": "Organisation et logistique",
    "Attestation de fin de formation non reçue": "Administratif et financier",
    "Facture erronée adressée à l'entreprise": "Administratif et financier",
    "Contenu différent du programme annoncé": "Pédagogie",
    "Salle trop petite et mal chauffée": "Organisation et logistique",
    "Formateur absent, session reportée au dernier moment": "Organisation et logistique",
    "Certificat de réalisation non transmis au financeur": "Administratif et financier",
    "Accès à la plateforme en ligne impossible": "Organisation et logistique",
    "Délai de réponse trop long à une demande d'information": "Relation et communication",
    "Propos jugés inappropriés d'un intervenant": "Relation et communication",
    "Besoin d'adaptation (handicap) non pris en compte": "Accessibilité et handicap",
    "Dossier CPF annulé sans explication": "Administratif et financier",
    "Calendrier du jury VAE non communiqué": "Relation et communication",
    "Absence de suivi de l'apprenti en entreprise": "Pédagogie",
    "Difficultés de compréhension du module de comptabilité": "Pédagogie",
    "Bénéficiaire en difficulté avec les outils numériques": "Pédagogie",
    "Retards répétés d'un apprenti": "Autre",
    "Tension entre un apprenti et son maître d'apprentissage": "Relation et communication",
    "Rédaction du livret 2 VAE bloquée": "Pédagogie",
    "Bénéficiaire découragé en milieu de bilan": "Pédagogie",
    "Panne du vidéoprojecteur en début de session": "Organisation et logistique",
    "Grève des transports, session décalée": "Organisation et logistique",
    "Intervenant malade, session reportée": "Organisation et logistique",
    "Coupure internet pendant la classe virtuelle": "Organisation et logistique",
    "Salle indisponible, déplacement en urgence": "Organisation et logistique",
}

# The one violence situation of the demo (V10 indicator 12), handled from report to closure:
# (objet, analyse, réponse, action, critère, category).
VIOLENCE_COMPLAINT = (
    "Propos sexistes répétés d'un apprenti envers une camarade", "Faits confirmés par deux témoins ; "
    "procédure de prévention des violences appliquée", "Entretien avec la victime, sanction de l'auteur, "
    "information de l'entreprise d'accueil", "Séance de sensibilisation aux violences sexistes et sexuelles pour "
    "chaque promotion", "Chaque promotion sensibilisée dans son premier mois", "Apprentissage",
)
