"""A realistic, deterministic demo workbook: a fictional provider over two exercise years.

`generate()` builds the rows of every input sheet for "Forma Plus Conseil", a training
provider certified for the four action categories. The data is made so that the
consistency checks of WORKBOOK.md find no error (overdue actions, late
acknowledgements and missing evaluations do occur, as warnings, because they occur in
real workbooks), and every reference points at a row that exists.

The same function feeds the benchmarks (10k to 1M appraisals), so it works column-wise
on tuples, with weighted choices precomputed as lookup tables, and draws every random
number from one `random.Random(seed)`: same arguments, same workbook.

Dates of facts (responses, complaints, realisations…) never fall after `today`; an
action's Échéance is a plan and may lie ahead, and a session still running has no
Date de fin yet.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from itertools import accumulate
from operator import itemgetter
from pathlib import Path

from qualixl import schema

ORGANISME = "Forma Plus Conseil"

# The contract's defaults, with the organisation's identity. The scale and threshold are
# pinned because the scores below are drawn on 1..5 with 4 as "satisfied".
DEMO_PARAMETERS: dict[str, object] = {
    **{p.name: p.default for p in schema.PARAMETERS},
    "Organisme": ORGANISME,
    "N° de déclaration d'activité": "84 69 99999 69 (fictif)",
    "SIRET": "999 999 999 00018 (fictif)",
    "Catégories d'actions": "; ".join(schema.CATEGORIES),
    "Échelle de notation": 5,
    "Seuil de satisfaction": 4,
    "Procédure de traitement des réclamations": "https://qualite.formaplus-conseil.example/procedure-reclamations.pdf",
}

# Sizes, relative to the number of appraisals (with floors so the demo tells a story).
MIN_SESSIONS, APPRAISALS_PER_SESSION = 150, 12
MIN_COMPLAINTS, APPRAISALS_PER_COMPLAINT = 40, 50
MIN_ACTIONS, APPRAISALS_PER_ACTION = 60, 33

FORMATION, BILAN, VAE, APPRENTISSAGE = schema.CATEGORIES
BENEFICIAIRE, FINANCEUR, ENTREPRISE, INTERVENANT = schema.PARTIES_PRENANTES[:4]
A_CHAUD, A_FROID, SIX_MOIS, ANNUEL, EN_COURS = schema.TEMPS
OUVERTE, TRAITEMENT, CLOTUREE = schema.COMPLAINT_STATUSES
A_LANCER, ACT_EN_COURS, REALISEE, ABANDONNEE = schema.ACTION_STATUSES
CORRECTIVE, PREVENTIVE, AMELIORATION = schema.ACTION_TYPES
LIKERT_BY_LEVEL = {
    5: schema.LIKERT_LABELS[0],
    4: schema.LIKERT_LABELS[1],
    3: schema.LIKERT_LABELS[2],
    2: schema.LIKERT_LABELS[2],
    1: schema.LIKERT_LABELS[3],
}

# --------------------------------------------------------------------------------------
# What the provider sells: (title, certifying, length in days)
# --------------------------------------------------------------------------------------

FORMATIONS = (
    ("Excel : fonctions avancées et tableaux croisés dynamiques", False, 2),
    ("Word : mise en page de documents longs", False, 1),
    ("Manager une équipe au quotidien", False, 4),
    ("Prise de parole en public", False, 2),
    ("Gestion du temps et des priorités", False, 1),
    ("Sauveteur secouriste du travail (SST)", True, 2),
    ("Habilitation électrique B0-H0V", True, 1),
    ("CACES R489 chariots élévateurs", True, 3),
    ("Anglais professionnel — niveau B1", True, 35),
    ("Comptabilité : les fondamentaux", False, 3),
    ("Accueil téléphonique et relation client", False, 1),
    ("Gestes et postures", False, 1),
    ("Outils collaboratifs et travail à distance", False, 2),
    ("Titre professionnel Secrétaire assistant", True, 120),
    ("Conduire l'entretien professionnel", False, 1),
    ("Hygiène alimentaire HACCP", False, 2),
    ("Recruter sans discriminer", False, 1),
    ("Certification TOSA Excel", True, 3),
)
APPRENTISSAGES = (  # title, years
    ("BTS Management commercial opérationnel (MCO)", 2),
    ("BTS Négociation et digitalisation de la relation client", 2),
    ("BTS Comptabilité et gestion", 2),
    ("CAP Cuisine", 2),
    ("Titre professionnel Assistant(e) comptable", 1),
    ("Titre professionnel Employé(e) commercial(e)", 1),
    ("Bachelor Responsable du développement commercial", 1),
)
BILANS = (
    "Bilan de compétences — 24 heures",
    "Bilan de compétences — formule courte 12 heures",
    "Bilan de compétences — projet de reconversion",
    "Bilan de compétences — cadres et managers",
)
VAES = (
    "Accompagnement VAE — BTS Management commercial opérationnel",
    "Accompagnement VAE — Titre professionnel Secrétaire assistant",
    "Accompagnement VAE — DEAES",
    "Accompagnement VAE — CAP Accompagnant éducatif petite enfance",
    "Accompagnement VAE — Titre professionnel Assistant de vie aux familles",
)
FORMATEURS = (
    "Claire Dubois", "Karim Haddad", "Sophie Lambert", "Julien Mercier", "Nathalie Girard",
    "Olivier Fontaine", "Inès Barbier", "Pierre-Yves Colin", "Amandine Roche", "Hugo Marchand",
)
CONSULTANTS = ("Hélène Perrin", "Sandrine Vidal", "Marc Aubert", "Yasmina Chérif")
STAFF = (
    "Nadia Benali (qualité)", "Julien Moreau (direction)", "Camille Petit (pédagogie)",
    "Thomas Roux (administratif)", "Léa Garnier (référente handicap)", "Marc Lefèvre (commercial)",
)
ENTREPRISES = (
    "Boulangeries Martin SAS", "Transports Rhône Express", "Clinique des Tilleuls",
    "Mairie de Villeneuve-sur-Lot", "Menuiserie Fabre et Fils", "Hôtel du Parc",
    "Garage Central Automobiles", "EHPAD Les Glycines", "Atelier Numérique SARL",
    "Coopérative agricole du Val", "Cabinet Roux Expertise comptable", "Supermarché Les Halles",
)
OPCOS = ("OPCO Atlas", "OPCO EP", "Akto", "Opcommerce", "Constructys")
FINANCEURS = {
    FORMATION: (("OPCO Atlas", 18), ("OPCO EP", 14), ("Akto", 10), ("Opcommerce", 10), ("Constructys", 5),
                ("Plan de développement de l'entreprise", 20), ("CPF", 14), ("France Travail", 9)),
    APPRENTISSAGE: tuple((o, 1) for o in OPCOS),
    BILAN: (("CPF", 70), ("Transitions Pro", 10), ("Entreprise", 15), ("Autofinancement", 5)),
    VAE: (("CPF", 55), ("France Travail", 20), ("France VAE", 15), ("Entreprise", 10)),
}
MOTIFS = {
    FORMATION: ("Raisons de santé", "Contraintes professionnelles", "Motif personnel non communiqué",
                "Changement de poste"),
    APPRENTISSAGE: ("Rupture du contrat d'apprentissage", "Réorientation", "Difficultés dans l'entreprise d'accueil",
                    "Raisons de santé", "Déménagement"),
    BILAN: ("Reprise d'emploi", "Raisons de santé", "Motif personnel non communiqué"),
    VAE: ("Dossier jugé trop lourd", "Entrée en formation", "Raisons de santé", "Manque de disponibilité",
          "Recevabilité refusée"),
}

# --------------------------------------------------------------------------------------
# Verbatims: (text, theme). Theme None for answers that say nothing in particular.
# --------------------------------------------------------------------------------------

GENERIC_GOOD = (("Très bien", None), ("Tout !", None), ("RAS", None), ("Top", None),
                ("Rien à redire", None), ("Parfait", None))
GENERIC_BAD = (("RAS", None), ("Rien", None), ("Rien à signaler", None), ("Rien, c'était parfait", None),
               ("Je ne vois pas", None))
# What people really type, first character included: stored as text, never as a formula.
FORMULA_LIKE_GOOD = (
    ("=> bien dans l'ensemble", None), ("+ les exercices pratiques", "Contenu"),
    ("+1 pour la formatrice", "Animation"), ("=) super formation", None),
    ("- bonne ambiance\n- formateur à l'écoute", "Animation"), ("-> très concret", "Contenu"),
    ("@formateur : merci pour tout", "Animation"), ("=bien", None),
)
FORMULA_LIKE_BAD = (
    ("- trop long", "Rythme"), ("-trop de théorie", "Contenu"),
    ("- salle trop petite\n- pas assez de pauses", "Logistique"), ("=> plus de pratique", "Contenu"),
    ("+ de cas concrets", "Contenu"), ("=moins de diapos", "Supports"),
    ("--> le rythme de l'après-midi", "Rythme"), ("+/- le repas", "Logistique"),
    ("=SOMME(des pauses) trop courte", "Rythme"),
)
VERBATIMS = {  # profile -> (points forts, points à améliorer)
    FORMATION: (
        (("Formateur très à l'écoute et disponible", "Animation"),
         ("Animatrice dynamique, on ne voit pas le temps passer", "Animation"),
         ("Beaucoup d'exemples concrets tirés du terrain", "Contenu"),
         ("Les exercices pratiques", "Contenu"), ("Contenu clair et bien structuré", "Contenu"),
         ("Bonne alternance entre théorie et pratique", "Rythme"),
         ("Petit groupe, chacun a pu poser ses questions", "Organisation"),
         ("Supports de cours complets, je les garde", "Supports"),
         ("Salle agréable et bien équipée", "Logistique"),
         ("Convocation et programme reçus à temps", "Administratif"),
         ("Échanges riches avec les autres participants", "Animation"),
         ("Applicable dès demain dans mon poste", "Contenu"),
         ("Cas pratiques adaptés à notre secteur", "Contenu"), ("Bonne ambiance dans le groupe", "Animation"),
         ("Plateforme en ligne simple à utiliser", "Outils numériques"), ("Accueil chaleureux", "Logistique"),
         ("Mises en situation très formatrices", "Contenu"), ("Formateur expert de son sujet", "Animation")),
        (("Trop de contenu pour la durée", "Rythme"), ("Un peu long l'après-midi", "Rythme"),
         ("Plus de pratique et moins de diapositives", "Contenu"),
         ("Salle trop petite et mal chauffée", "Logistique"),
         ("Parking difficile, prévoir un plan d'accès", "Logistique"), ("Supports remis trop tard", "Supports"),
         ("Niveau hétérogène dans le groupe", "Organisation"), ("Convocation reçue la veille", "Administratif"),
         ("Connexion wifi instable", "Outils numériques"),
         ("Exemples pas assez adaptés à mon métier", "Contenu"), ("Pauses trop courtes", "Rythme"),
         ("Vidéoprojecteur peu lisible", "Logistique"), ("Manque de temps pour les questions", "Animation"),
         ("Prévoir une journée de plus", "Rythme"), ("Repas du midi à améliorer", "Logistique"),
         ("Classe virtuelle fatigante sur une journée entière", "Outils numériques"),
         ("Attestation de fin de formation envoyée tardivement", "Administratif")),
    ),
    APPRENTISSAGE: (
        (("Suivi régulier par le référent", "Accompagnement"),
         ("Bonne coordination avec l'entreprise", "Accompagnement"),
         ("Préparation à l'examen sérieuse", "Certification"), ("Formateurs disponibles", "Animation"),
         ("Planning d'alternance clair", "Organisation"), ("Cours concrets, liés au métier", "Contenu"),
         ("Bonne ambiance dans la promo", "Animation")),
        (("Emploi du temps communiqué tardivement", "Organisation"),
         ("Trop de changements de salle", "Logistique"), ("Pas assez d'examens blancs", "Certification"),
         ("Peu de lien avec le maître d'apprentissage", "Accompagnement"),
         ("Cours à distance peu interactifs", "Outils numériques"),
         ("Manque de matériel en atelier", "Logistique"), ("Trop de cours magistraux", "Contenu")),
    ),
    BILAN: (
        (("Consultante très à l'écoute, bienveillante", "Accompagnement"),
         ("Tests de personnalité éclairants", "Contenu"), ("Synthèse claire et utile pour mon projet", "Contenu"),
         ("J'ai enfin un projet professionnel réaliste", "Accompagnement"),
         ("Enquêtes métiers très utiles", "Contenu"), ("Rendez-vous à distance pratiques", "Outils numériques")),
        (("Délais entre les rendez-vous trop longs", "Organisation"), ("Trop de questionnaires", "Contenu"),
         ("Document de synthèse reçu tardivement", "Administratif"),
         ("Plus de contacts avec des professionnels du métier visé", "Accompagnement"),
         ("Démarches CPF compliquées", "Administratif")),
    ),
    VAE: (
        (("Aide précieuse pour rédiger le livret 2", "Accompagnement"),
         ("Préparation au jury rassurante", "Certification"),
         ("Accompagnatrice disponible entre les séances", "Accompagnement"),
         ("Méthode claire pour décrire mes activités", "Contenu")),
        (("Délais de recevabilité trop longs", "Administratif"),
         ("Pas assez de séances individuelles", "Accompagnement"),
         ("Livret 2 très lourd à rédiger seule", "Accompagnement"),
         ("Date de jury communiquée tard", "Certification")),
    ),
    INTERVENANT: (
        (("Groupe motivé et participatif", "Animation"), ("Salle bien équipée", "Logistique"),
         ("Bonne préparation administrative de la session", "Organisation"),
         ("Informations sur les participants transmises en amont", "Organisation")),
        (("Analyse des besoins des participants insuffisante", "Organisation"),
         ("Vidéoprojecteur défaillant", "Logistique"), ("Niveau des participants très hétérogène", "Organisation"),
         ("Feuilles d'émargement à simplifier", "Administratif"), ("Ordinateurs portables lents", "Outils numériques")),
    ),
    ENTREPRISE: (
        (("Salariés opérationnels rapidement", "Contenu"), ("Interlocuteur réactif", "Organisation"),
         ("Programme adapté à nos contraintes", "Contenu"), ("Bon suivi de l'apprenti", "Accompagnement")),
        (("Peu de retour après la formation", "Accompagnement"), ("Devis long à obtenir", "Administratif"),
         ("Dates de session peu flexibles", "Organisation"), ("Évaluation des acquis à formaliser", "Contenu")),
    ),
    FINANCEUR: (
        (("Documents de fin de formation transmis rapidement", "Administratif"),
         ("Bonne traçabilité des présences", "Administratif"),
         ("Interlocuteur identifié et disponible", "Organisation")),
        (("Retard dans l'envoi des feuilles d'émargement", "Administratif"),
         ("Factures à rendre plus lisibles", "Administratif"),
         ("Indicateurs de résultats à publier sur le site", "Contenu")),
    ),
}
PROFILES = tuple(VERBATIMS)
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

# --------------------------------------------------------------------------------------
# Complaints: (objet, analyse, réponse, action, critère, category or None)
# --------------------------------------------------------------------------------------

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

# --------------------------------------------------------------------------------------
# Actions by origin: share of the plan, then (constat, analyse, action, critère, type, indicateurs)
# --------------------------------------------------------------------------------------

ORIGIN_SHARE = (
    ("Appréciations", 24), ("Réclamation", 24), ("Abandons", 8), ("Résultats", 7), ("Revue qualité", 12),
    ("Audit", 5), ("Veille", 7), ("Financeur", 6), ("Équipe", 7),
)
ACTION_TEXTS = {
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

# --------------------------------------------------------------------------------------
# Satisfaction model: a level 1..5 per response, by session quality tier and moment.
# --------------------------------------------------------------------------------------

LEVELS_BY_TIER = (
    ((5, 55), (4, 36), (3, 6), (2, 2), (1, 1)),
    ((5, 30), (4, 45), (3, 15), (2, 7), (1, 3)),
    ((5, 15), (4, 35), (3, 25), (2, 15), (1, 10)),
)
TIERS = ((0, 78), (1, 17), (2, 5))
P_GOOD_TEXT = {5: 0.65, 4: 0.55, 3: 0.4, 2: 0.25, 1: 0.15}
P_BAD_TEXT = {5: 0.12, 4: 0.3, 3: 0.7, 2: 0.85, 1: 0.95}
P_RECOMMEND = {5: 0.98, 4: 0.9, 3: 0.55, 2: 0.2, 1: 0.05}
# Days between sending a survey and a response, by moment.
RESPONSE_DELAYS = {
    A_CHAUD: ((0, 60), (1, 15), (2, 8), (3, 5), (5, 4), (7, 4), (10, 2), (14, 2)),
    A_FROID: ((0, 10), (1, 15), (2, 15), (4, 15), (7, 15), (10, 10), (15, 10), (21, 6), (30, 4)),
    SIX_MOIS: ((0, 10), (1, 15), (3, 20), (7, 20), (12, 15), (20, 12), (30, 8)),
    ANNUEL: ((1, 15), (3, 20), (7, 25), (14, 20), (21, 20)),
    EN_COURS: ((0, 30), (1, 25), (2, 20), (5, 15), (9, 10)),
}
# Response rates used to spread the appraisals over the surveys.
RESPONSE_RATES = {
    (BENEFICIAIRE, A_CHAUD): 0.85, (BENEFICIAIRE, A_FROID): 0.45, (BENEFICIAIRE, SIX_MOIS): 0.4,
    (BENEFICIAIRE, EN_COURS): 0.7, (INTERVENANT, A_CHAUD): 0.9, (ENTREPRISE, A_FROID): 0.6,
    (ENTREPRISE, EN_COURS): 0.45, (FINANCEUR, ANNUEL): 0.6, (ENTREPRISE, ANNUEL): 0.35,
}


def _table(pairs: Sequence[tuple[object, float]], size: int = 1000) -> list:
    """A lookup list in which each value fills a share of slots equal to its weight."""
    total = float(sum(w for _, w in pairs))
    out: list = []
    acc = 0.0
    for value, weight in pairs:
        acc += weight
        out.extend([value] * (round(acc / total * size) - len(out)))
    return out


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _verbatim_pool(base: Sequence[tuple[str, str | None]], generic, special) -> tuple[list[str], list]:
    """Spellings people really use: the phrase, lower-cased, with a full stop or an exclamation."""
    texts: list[str] = []
    themes: list = []
    for text, theme in (*base, *generic):
        for variant in (text, text, _lower_first(text), text + ".", text + " !", text + " merci"):
            texts.append(variant)
            themes.append(theme)
    for text, theme in special:  # about 3 % of the answers
        for _ in range(max(1, len(texts) // (33 * len(special)))):
            texts.append(text)
            themes.append(theme)
    return texts, themes


class _Session:
    __slots__ = ("id", "cat", "title", "start", "end", "intervenant", "financeur", "entreprise", "inscrits",
                 "abandons", "motifs", "objectifs", "presentes", "certifies", "emploi", "ruptures", "tier",
                 "certifying")


class _Builder:
    """Builds the demo data step by step; every draw comes from `self.rng`."""

    def __init__(self, rows: int, seed: int, today: dt.date):
        self.rows = rows
        self.rng = random.Random(seed)
        self.today = today
        self.t = today.toordinal()
        first_month = schema.MONTHS.index(str(DEMO_PARAMETERS["Début d'exercice"])) + 1
        year = today.year if today.month >= first_month else today.year - 1
        self.start = dt.date(year - 1, first_month, 1).toordinal()  # start of the previous exercise
        self.lo = self.start - 3 * 366
        self._dates = [dt.date.fromordinal(o) for o in range(self.lo, self.t + 2 * 366)]
        self.ack_delay = int(DEMO_PARAMETERS["Délai cible d'accusé de réception"])
        self.response_delay = int(DEMO_PARAMETERS["Délai cible de réponse"])
        self.eval_delay = int(DEMO_PARAMETERS["Délai d'évaluation de l'efficacité"])
        self.vague: set[str] = set()  # improvement verbatims that say nothing ("RAS"), set by appraisals()

    # ---------------------------------------------------------------- helpers
    def date(self, o: int | None) -> dt.date | None:
        return None if o is None else self._dates[o - self.lo]

    def year(self, o: int) -> int:
        return self._dates[o - self.lo].year

    def between(self, a: int, b: int) -> int:
        """A uniform integer in [a, b] (cheaper than randint)."""
        return a + int(self.rng.random() * (b - a + 1))

    def pick(self, seq: Sequence):
        return seq[int(self.rng.random() * len(seq))]

    def ids(self, prefix: str, ordinals: Sequence[int], width: int) -> list[str]:
        """IDs numbered per year in date order: PREFIX-YYYY-0001 (rows must be sorted by date)."""
        counters: dict[int, int] = {}
        out = []
        for o in ordinals:
            y = self._dates[o - self.lo].year
            n = counters.get(y, 0) + 1
            counters[y] = n
            out.append(f"{prefix}-{y}-{n:0{width}d}")
        return out

    @staticmethod
    def width(count: int, minimum: int) -> int:
        return max(minimum, len(str(max(count, 1))))

    def binomial(self, n: int, p: float) -> int:
        rnd = self.rng.random
        return sum(1 for _ in range(n) if rnd() < p)

    # ---------------------------------------------------------------- sessions
    def sessions(self, count: int) -> list[_Session]:
        rng, t = self.rng, self.t
        cats = rng.choices(schema.CATEGORIES, weights=(60, 12, 14, 14), k=count)
        for i, cat in enumerate(schema.CATEGORIES):  # every category is present
            if cat not in cats:
                cats[i] = cat
        tiers = _table(TIERS)
        out = []
        for cat in cats:
            s = _Session()
            s.cat = cat
            s.tier = self.pick(tiers)
            s.entreprise = s.financeur = None
            if cat == FORMATION:
                s.title, s.certifying, length = self.pick(FORMATIONS)
                start = self.between(self.start, t)
                wd = (start - 1) % 7
                if wd >= 5:  # sessions start on a weekday
                    start = start + (7 - wd) if start + (7 - wd) <= t else start - (wd - 4)
                end = start + length - 1 + (2 if length <= 5 and (start - 1) % 7 + length - 1 > 4 else 0)
                s.intervenant = self.pick(FORMATEURS)
                intra = rng.random() < 0.4
                if intra:
                    s.entreprise = self.pick(ENTREPRISES)
                    if rng.random() < 0.5:
                        s.financeur = "Plan de développement de l'entreprise"
                s.inscrits = self.between(5, 14) if intra else self.between(6, 16)
                drop = 0.02 if length <= 5 else 0.08
            elif cat == APPRENTISSAGE:
                s.title, years = self.pick(APPRENTISSAGES)
                s.certifying = True
                first = dt.date.fromordinal(self.start).year - 1
                candidates = [y for y in range(first, self.today.year + 1) if dt.date(y, 9, 1).toordinal() <= t]
                y = self.pick(candidates)
                start = min(t, dt.date(y, 9, 1).toordinal() + self.between(0, 40))
                end = dt.date(y + years, 6, 15).toordinal() + self.between(0, 25)
                s.intervenant = self.pick(FORMATEURS)
                s.inscrits = self.between(10, 22)
                drop = 0.12
            elif cat == BILAN:
                s.title, s.certifying = self.pick(BILANS), False
                start = self.between(self.start, t)
                end = start + self.between(42, 110)
                s.intervenant = self.pick(CONSULTANTS)
                s.inscrits = 1
                drop = 0.05
            else:
                s.title, s.certifying = self.pick(VAES), True
                start = self.between(self.start, t)
                end = start + self.between(150, 330)
                s.intervenant = self.pick(CONSULTANTS)
                s.inscrits = 1 if rng.random() < 0.8 else self.between(2, 6)
                drop = 0.2
            if s.financeur is None:
                s.financeur = self.pick(_FINANCEUR_TABLES[cat])
            ended = end <= t
            s.start, s.end = start, (end if ended else None)
            drop *= (1.0, 1.6, 2.5)[s.tier] * (1.0 if ended else 0.5)
            s.abandons = self.binomial(s.inscrits, drop)
            if s.abandons:
                motifs = MOTIFS[cat]
                picked = [self.pick(motifs) for _ in range(min(2, s.abandons))]
                s.motifs = "; ".join(dict.fromkeys(picked))
            else:
                s.motifs = None
            s.ruptures = self.binomial(s.abandons, 0.6) if cat == APPRENTISSAGE else None
            s.objectifs = s.presentes = s.certifies = s.emploi = None
            if ended:
                remaining = s.inscrits - s.abandons
                quality = (1.0, 0.93, 0.82)[s.tier]
                p_obj = {FORMATION: 0.93, APPRENTISSAGE: 0.86, BILAN: 0.97, VAE: 0.85}[cat] * quality
                s.objectifs = self.binomial(remaining, p_obj)
                if s.certifying:
                    s.presentes = self.binomial(remaining, 0.96)
                    p_cert = {FORMATION: 0.92, APPRENTISSAGE: 0.85, VAE: 0.78}[cat] * quality
                    s.certifies = self.binomial(s.presentes, p_cert)
                if cat == APPRENTISSAGE and end + 183 <= t:
                    s.emploi = self.binomial(remaining, 0.78)
            out.append(s)
        out.sort(key=lambda s: s.start)
        width = self.width(count, 3)
        for s, sid in zip(out, self.ids("SES", [s.start for s in out], width), strict=True):
            s.id = sid
        return out

    # ---------------------------------------------------------------- surveys sent
    def solicitations(self, sessions: list[_Session]) -> list[list]:
        """Rows [send, session, pp, temps, dest, relance, profile, tier] (session None for annual surveys)."""
        rnd, t = self.rng.random, self.t
        sols: list[list] = []

        def add(send, session, pp, temps, dest, profile, tier, relance_p=0.0):
            if send < self.start:  # before the first exercise shown
                return
            relance = None
            if rnd() < relance_p:
                r = send + self.between(5, 9)
                relance = r if r <= t else None
            sols.append([send, session, pp, temps, dest, relance, profile, tier])

        for s in sessions:
            remaining = s.inscrits - s.abandons
            if s.cat == APPRENTISSAGE:  # mid-course surveys
                stop = s.end if s.end is not None else t
                for offset in (self.between(110, 140), self.between(470, 500)):
                    send = s.start + offset
                    if send <= stop and remaining:
                        add(send, s, BENEFICIAIRE, EN_COURS, remaining, s.cat, s.tier, 0.3)
                        add(send, s, ENTREPRISE, EN_COURS, remaining, ENTREPRISE, s.tier, 0.5)  # the tutors
            if s.end is None:
                continue
            if remaining:
                add(s.end, s, BENEFICIAIRE, A_CHAUD, remaining, s.cat, s.tier, 0.25)
                if s.cat == BILAN:
                    send = s.end + self.between(180, 190)
                    if send <= t:
                        add(send, s, BENEFICIAIRE, SIX_MOIS, remaining, s.cat, s.tier, 0.5)
                else:
                    send = s.end + self.between(60, 90)
                    if send <= t:
                        add(send, s, BENEFICIAIRE, A_FROID, remaining, s.cat, s.tier, 0.55)
            if s.cat in (FORMATION, APPRENTISSAGE) and rnd() < 0.6:
                add(s.end, s, INTERVENANT, A_CHAUD, 1, INTERVENANT, s.tier)
            if s.entreprise is not None and rnd() < 0.7:
                send = s.end + self.between(60, 90)
                if send <= t:
                    add(send, s, ENTREPRISE, A_FROID, self.between(1, 2), ENTREPRISE, s.tier, 0.3)
        # Annual surveys of funders and client companies, each December.
        for year in range(dt.date.fromordinal(self.start).year, self.today.year + 1):
            send = dt.date(year, 12, 1).toordinal() + self.between(0, 9)
            if send <= t:
                add(send, None, FINANCEUR, ANNUEL, max(12, len(sessions) // 25), FINANCEUR, 0, 1.0)
                add(send, None, ENTREPRISE, ANNUEL, max(15, len(sessions) // 15), ENTREPRISE, 0, 1.0)
        sols.sort(key=itemgetter(0))
        return sols

    def allocate(self, sols: list[list]) -> list[int] | None:
        """Responses per survey: `rows` in all, never more than its Destinataires (None: not enough)."""
        dests = [s[4] for s in sols]
        if sum(dests) < self.rows:
            return None
        rnd = self.rng.random
        wanted = [s[4] * RESPONSE_RATES[(s[2], s[3])] * (0.7 + 0.5 * rnd()) for s in sols]
        total = sum(wanted) or 1.0
        factor = self.rows / total
        counts = [min(d, int(w * factor)) for d, w in zip(dests, wanted, strict=True)]
        left = self.rows - sum(counts)
        while left > 0:
            room = [i for i, (c, d) in enumerate(zip(counts, dests, strict=True)) if c < d]
            self.rng.shuffle(room)
            for i in room[:left]:
                counts[i] += 1
            left -= min(left, len(room))
        return counts

    # ---------------------------------------------------------------- appraisals
    def appraisals(self, sols: list[list], counts: list[int]) -> list[tuple]:
        """Sorted rows (date, session id, pp, temps, note, reco, forts, améliorer, theme, level, session)."""
        rnd, t = self.rng.random, self.t
        level_tables = [_table(p) for p in LEVELS_BY_TIER]
        delay_tables = {k: _table(v) for k, v in RESPONSE_DELAYS.items()}
        pools = {}
        for profile, (good, bad) in VERBATIMS.items():
            beneficiary = profile in schema.CATEGORIES
            pools[profile] = (
                _verbatim_pool(good, GENERIC_GOOD if beneficiary else (), FORMULA_LIKE_GOOD if beneficiary else ()),
                _verbatim_pool(bad, GENERIC_BAD if beneficiary else (), FORMULA_LIKE_BAD if beneficiary else ()),
            )
        p_good = [0.0] + [P_GOOD_TEXT[lv] for lv in range(1, 6)]
        p_bad = [0.0] + [P_BAD_TEXT[lv] for lv in range(1, 6)]
        p_no_reco = 0.1
        p_yes = [0.0] + [p_no_reco + (1 - p_no_reco) * P_RECOMMEND[lv] for lv in range(1, 6)]
        likert = [None] + [LIKERT_BY_LEVEL[lv] for lv in range(1, 6)]
        no_opinion = schema.NO_OPINION
        self.vague = {text for (_, (bt, bth)) in pools.values() for text, th in zip(bt, bth, strict=True) if th is None}
        out: list[tuple] = []
        append = out.append
        for (send, session, pp, temps, _dest, relance, profile, tier), k in zip(sols, counts, strict=True):
            if not k:
                continue
            sid = session.id if session is not None else None
            levels = level_tables[tier]
            nl = len(levels)
            delays = delay_tables[temps]
            nd = len(delays)
            (gt, gth), (bt, bth) = pools[profile]
            ng, nb = len(gt), len(bt)
            cold = 1 if temps in (A_FROID, SIX_MOIS) else 0
            for _ in range(k):
                base = relance if (relance is not None and rnd() < 0.3) else send
                o = base + delays[int(rnd() * nd)]
                if o > t:
                    o = t
                lv = levels[int(rnd() * nl)]
                if cold and lv > 1 and rnd() < 0.08:
                    lv -= 1
                r = rnd()
                if r < 0.02:
                    note: object = no_opinion
                elif r < 0.14:
                    note = likert[lv]
                elif r < 0.16 and lv < 5:
                    note = lv + 0.5
                else:
                    note = lv
                r = rnd()
                reco = None if r < p_no_reco else ("Oui" if r < p_yes[lv] else "Non")
                theme = good = bad = None
                if rnd() < p_good[lv]:
                    j = int(rnd() * ng)
                    good, theme = gt[j], gth[j]
                if rnd() < p_bad[lv]:
                    j = int(rnd() * nb)
                    bad, theme = bt[j], bth[j] or theme
                append((o, sid, pp, temps, note, reco, good, bad, theme, lv, session))
        out.sort(key=itemgetter(0))
        return out

    # ---------------------------------------------------------------- quality reviews
    def review_dates(self) -> list[tuple[int, str]]:
        """Quarterly reviews at most 91 days apart, plus a yearly management review and steering committee."""
        out = []
        o = self.start + self.between(10, 20)
        while o <= self.t:
            out.append((o, "Revue qualité"))
            o += self.between(86, 91)
        for year in range(dt.date.fromordinal(self.start).year, self.today.year + 1):
            for month, day, kind in ((1, 25, "Revue de direction"), (6, 20, "Comité de pilotage")):
                o = dt.date(year, month, day).toordinal() + self.between(0, 6)
                if self.start <= o <= self.t:
                    out.append((o, kind))
        out.sort()
        return out

    # ---------------------------------------------------------------- complaints
    def complaints(self, sessions, apps, unsat: list[int]) -> list[dict]:
        rng, rnd, t = self.rng, self.rng.random, self.t
        count = max(MIN_COMPLAINTS, self.rows // APPRAISALS_PER_COMPLAINT)
        types = _table(COMPLAINT_SHARE)
        emitters = {k: _table(v) for k, v in EMETTEURS.items()}
        canaux, gravites = _table(CANAUX), _table(GRAVITES)
        by_cat = {
            (kind, cat): [c for c in texts if c[5] in (None, cat)]
            for kind, texts in COMPLAINTS.items() for cat in (*schema.CATEGORIES, None)
        }
        from_apps = rng.sample(unsat, min(len(unsat), round(count * 0.15)))
        out = []
        for j in from_apps:
            a = apps[j]
            session = a[10]
            received = min(t, a[0] + self.between(0, 2))
            cat = session.cat if session is not None else None
            c = {"kind": "Réclamation", "received": received, "canal": "Enquête de satisfaction", "emitter": a[2],
                 "session": session, "cat": cat, "app": j, "text": self.pick(by_cat[("Réclamation", cat)])}
            out.append(c)
        while len(out) < count:
            kind = self.pick(types)
            if rnd() < 0.85 and sessions:
                session = self.pick(sessions)
                last = min(t, (session.end if session.end is not None else t) + (30 if kind == "Réclamation" else 0))
                first = max(session.start, self.start)
                received = self.between(first, max(last, first))
                received = min(received, t)
                cat = session.cat
            else:
                session, cat = None, None
                received = self.between(self.start, t)
            out.append({"kind": kind, "received": received, "canal": self.pick(canaux),
                        "emitter": self.pick(emitters[kind]), "session": session, "cat": cat, "app": None,
                        "text": self.pick(by_cat[(kind, cat)])})
        for c in out:
            c["gravite"] = self.pick(gravites)
            c["responsable"] = self.pick(STAFF[:4])
            self._complaint_timeline(c)
        self._ensure_statuses(out)
        out.sort(key=itemgetter("received"))
        width = self.width(count, 3)
        for c, cid in zip(out, self.ids("REC", [c["received"] for c in out], width), strict=True):
            c["id"] = cid
            c["actions"] = []
        return out

    def _complaint_timeline(self, c: dict) -> None:
        rnd, t, r = self.rng.random, self.t, c["received"]
        late_ack = rnd() < 0.12
        ack = r + (self.between(self.ack_delay + 1, self.ack_delay + 6) if late_ack else self.between(0, self.ack_delay))
        late = rnd() < 0.15
        resp = r + (self.between(self.response_delay + 1, self.response_delay + 25) if late
                    else self.between(1, self.response_delay))
        resp = max(resp, ack)
        close = resp + self.between(0, 12)
        if close <= t and rnd() < 0.97:
            status = CLOTUREE
        elif resp <= t:
            status, close = TRAITEMENT, None
        elif ack <= t:
            status, resp, close = (TRAITEMENT if rnd() < 0.7 else OUVERTE), None, None
        else:
            status, ack, resp, close = OUVERTE, None, None, None
        c.update(ack=ack, resp=resp, close=close, status=status)

    def _ensure_statuses(self, complaints: list[dict]) -> None:
        """Every status occurs: a recent complaint is still open or in progress, an old one closed."""
        recent = sorted(complaints, key=itemgetter("received"), reverse=True)
        for status in (OUVERTE, TRAITEMENT, CLOTUREE):
            counts = {s: sum(1 for c in complaints if c["status"] == s) for s in schema.COMPLAINT_STATUSES}
            if counts[status]:
                continue
            pool = reversed(recent) if status == CLOTUREE else recent
            c = next(c for c in pool if counts[c["status"]] > 1)
            if status == OUVERTE:
                c.update(status=OUVERTE, resp=None, close=None)
            elif status == TRAITEMENT:
                c.update(status=TRAITEMENT, close=None, ack=c["ack"] if c["ack"] is not None else c["received"])
            else:
                ack = c["ack"] if c["ack"] is not None else c["received"]
                resp = c["resp"] if c["resp"] is not None else ack
                c.update(status=CLOTUREE, ack=ack, resp=resp, close=resp)

    # ---------------------------------------------------------------- improvement plan
    def actions(self, sessions, sols, apps, unsat, complaints, reviews) -> list[dict]:
        rng, t = self.rng, self.t
        count = max(MIN_ACTIONS, self.rows // APPRAISALS_PER_ACTION)
        total = sum(w for _, w in ORIGIN_SHARE)
        quota = {o: max(1, round(count * w / total)) for o, w in ORIGIN_SHARE}
        quota["Équipe"] += count - sum(quota.values())
        quality_reviews = [o for o, kind in reviews if kind == "Revue qualité"] or [t]
        cap = 40 * len(quality_reviews)  # keeps a review's Actions cell readable
        if quota["Revue qualité"] > cap:
            quota["Appréciations"] += quota["Revue qualité"] - cap
            quota["Revue qualité"] = cap
        out: list[dict] = []

        def new(origin, opened, refs, constat, cause, action, critere, kind, indicators, **extra):
            a = {"origin": origin, "opened": min(opened, t), "refs": refs, "constat": constat, "cause": cause,
                 "action": action, "critere": critere, "type": kind, "indicators": indicators,
                 "responsable": self.pick(STAFF), "comment": None}
            a.update(extra)
            out.append(a)
            return a

        # From complaints being (or already) handled.
        handled = [c for c in complaints if c["status"] != OUVERTE]
        handled.sort(key=lambda c: (c["gravite"] == "Mineure", rng.random()))
        taken = handled[: quota["Réclamation"]]
        quota["Équipe"] += quota["Réclamation"] - len(taken)
        for c in taken:
            objet, analyse, _resp, action, critere, _cat = c["text"]
            start = c["ack"] if c["ack"] is not None else c["received"]
            refs = [c]
            if c["session"] is not None and rng.random() < 0.3:
                refs.append(c["session"])
            a = new("Réclamation", start + self.between(0, 8), refs, objet, analyse, action, critere,
                    CORRECTIVE if rng.random() < 0.8 else PREVENTIVE, "31; 32", complaint=c)
            c["actions"].append(a)
        # From unfavourable appraisals, grouped by session.
        by_session: dict[str, list[int]] = {}
        for j in unsat:
            by_session.setdefault(apps[j][1] or "", []).append(j)
        used: set[int] = set()
        telling = [j for j in unsat if apps[j][7] is not None and apps[j][7] not in self.vague]
        candidates = telling or list(unsat)
        rng.shuffle(candidates)
        for _ in range(quota["Appréciations"]):
            while candidates and candidates[-1] in used:
                candidates.pop()
            if not candidates:
                group = []
            else:
                first = candidates.pop()
                peers = [j for j in by_session.get(apps[first][1] or "", ()) if j != first and j not in used][:2]
                group = [first, *peers]
                used.update(group)
            theme = next((apps[j][8] for j in group if apps[j][8]), None) or self.pick(tuple(THEME_ACTIONS))
            verbatim = next((apps[j][7] for j in group if apps[j][7] and apps[j][7] not in self.vague), None)
            opened = max((apps[j][0] for j in group), default=self.between(self.start, t)) + self.between(2, 25)
            constat = f"Appréciations défavorables ({theme.lower()})" + (f" : « {verbatim} »" if verbatim else "")
            action, critere = THEME_ACTIONS[theme]
            new("Appréciations", opened, [("app", j) for j in group], constat,
                "Analyse des verbatims avec l'intervenant", action, critere,
                CORRECTIVE if rng.random() < 0.7 else AMELIORATION, "30; 32", apps_linked=group)
        # From drop-outs and results of sessions.
        dropped = [s for s in sessions if s.abandons >= 2 or (s.abandons and s.abandons * 5 >= s.inscrits)]
        dropped = dropped or [s for s in sessions if s.abandons] or sessions
        for s in rng.sample(dropped, min(len(dropped), quota["Abandons"])):
            base = s.end if s.end is not None else min(t, s.start + 60)
            action, critere, _cat = self.pick([x for x in ABANDON_ACTIONS if x[2] in (None, s.cat)])
            new("Abandons", base + self.between(3, 30), [s],
                f"{s.title} : {s.abandons} abandon(s) sur {s.inscrits} inscrits" + (f" ({s.motifs})" if s.motifs else ""),
                "Entretiens avec les bénéficiaires concernés", action, critere,
                PREVENTIVE if rng.random() < 0.6 else CORRECTIVE, "12; 32")
        ended = [s for s in sessions if s.end is not None]
        weak = [s for s in ended if s.presentes and s.certifies * 4 < s.presentes * 3]
        weak = weak or [s for s in ended if s.presentes] or ended or sessions
        for s in rng.sample(weak, min(len(weak), quota["Résultats"])):
            base = s.end if s.end is not None else s.start
            if s.presentes:
                constat = f"{s.certifies} certifié(s) sur {s.presentes} présenté(s) : {s.title}"
            else:
                constat = f"Objectifs atteints en dessous de la cible : {s.title}"
            action, critere = self.pick(RESULT_ACTIONS)
            new("Résultats", base + self.between(7, 40), [s], constat, "Analyse des résultats par épreuve",
                action, critere, CORRECTIVE, "2; 3; 32")
        # Decided at quality reviews (some about the response rate of a survey).
        sent = [s[0] for s in sols]
        for i in range(quota["Revue qualité"]):
            review = quality_reviews[i % len(quality_reviews)]
            constat, cause, action, critere, kind, ind = self.pick(ACTION_TEXTS["Revue qualité"])
            refs = []
            if constat.startswith("Taux de réponse") and sols:
                lo, hi = bisect_left(sent, review - 120), bisect_right(sent, review)
                if hi > lo:
                    refs = [("sol", self.between(lo, hi - 1))]
            new("Revue qualité", review, refs, constat, cause, action, critere, kind, ind, review=review)
        # Audits (initial then surveillance), regulatory watch, funders, the team.
        audits = list(range(self.start + 150, t + 1, 365)) or [self.start]
        annual_funders = [i for i, s in enumerate(sols) if s[2] == FINANCEUR and s[3] == ANNUEL]
        for origin in ("Audit", "Veille", "Financeur", "Équipe"):
            for _ in range(quota[origin]):
                constat, cause, action, critere, kind, ind = self.pick(ACTION_TEXTS[origin])
                opened = (self.pick(audits) + self.between(0, 15)) if origin == "Audit" else self.between(self.start, t)
                refs = []
                if origin == "Financeur" and annual_funders and rng.random() < 0.5:
                    before = [i for i in annual_funders if sols[i][0] <= opened]
                    if before:
                        refs = [("sol", before[-1])]
                new(origin, opened, refs, constat, cause, action, critere, kind, ind)
        for a in out:
            self._action_timeline(a)
        self._ensure_action_statuses(out)
        out.sort(key=itemgetter("opened"))
        width = self.width(len(out), 3)
        for a, aid in zip(out, self.ids("ACT", [a["opened"] for a in out], width), strict=True):
            a["id"] = aid
        self._follow_ups(out)
        return out

    def _action_timeline(self, a: dict) -> None:
        rnd, t, o = self.rng.random, self.t, a["opened"]
        length = self.pick((15, 30, 30, 45, 60, 60, 90, 120))
        a["due"] = o + length
        a.update(done=None, evaluated=None, effect=None)
        if o < t - 20 and rnd() < 0.04:
            a["status"] = ABANDONNEE
            a["comment"] = self.pick(ABANDONED_BECAUSE)
            return
        factor = 0.3 + 0.7 * rnd() if rnd() < 0.78 else 1.0 + 0.9 * rnd()
        done = o + max(1, int(length * factor))
        if done <= t:
            a["status"], a["done"] = REALISEE, done
            ev = done + self.between(self.eval_delay - 30, self.eval_delay + 20)
            if ev <= t and rnd() < 0.85:
                a["evaluated"], a["effect"] = ev, self.pick(_EFFECT_TABLE)
            return
        a["status"] = A_LANCER if (t - o < 20 and rnd() < 0.6) or rnd() < 0.05 else ACT_EN_COURS

    def _ensure_action_statuses(self, actions: list[dict]) -> None:
        """Every status occurs at least once, whatever the seed and size."""
        by_date = sorted(actions, key=itemgetter("opened"))
        for status in (REALISEE, ABANDONNEE, ACT_EN_COURS, A_LANCER):
            if any(a["status"] == status for a in actions):
                continue
            counts = {s: sum(1 for a in actions if a["status"] == s) for s in schema.ACTION_STATUSES}
            pool = by_date if status in (REALISEE, ABANDONNEE) else list(reversed(by_date))
            a = next(a for a in pool if counts[a["status"]] > 1)
            a.update(status=status, done=None, evaluated=None, effect=None, comment=None)
            if status == REALISEE:
                a["done"] = min(self.t, a["opened"] + 10)
            elif status == ABANDONNEE:
                a["comment"] = self.pick(ABANDONED_BECAUSE)

    def _follow_ups(self, actions: list[dict]) -> None:
        """An ineffective action is taken up again at the next quality review (a reference to the plan)."""
        reviewed = [a for a in actions if a["origin"] == "Revue qualité" and not a["refs"]]
        opened = [a["opened"] for a in reviewed]
        taken: set[int] = set()
        for a in actions:
            if a["effect"] != schema.EFFECTIVENESS[2]:
                continue
            i = bisect_left(opened, a["evaluated"])
            while i < len(reviewed) and i in taken:
                i += 1
            if i < len(reviewed):
                taken.add(i)
                reviewed[i].update(
                    refs=[a], constat=f"Action {a['id']} jugée non efficace : {a['constat']}",
                    cause="Action insuffisante au regard du critère d'efficacité",
                    action=f"Reprendre et renforcer : {a['action']}", critere=a["critere"], type=CORRECTIVE,
                    indicators=a["indicators"], comment=f"Reprise de l'action {a['id']}",
                )

    # ---------------------------------------------------------------- assembly
    def build(self) -> dict[str, list[tuple]]:
        factor = 1.0
        while True:
            count = max(MIN_SESSIONS, round(self.rows / APPRAISALS_PER_SESSION * factor))
            sessions = self.sessions(count)
            sols = self.solicitations(sessions)
            counts = self.allocate(sols)
            if counts is not None:
                break
            factor *= 1.25  # not enough people surveyed for that many responses
        width = self.width(len(sols), 3)
        sol_ids = self.ids("SOL", [s[0] for s in sols], width)
        apps = self.appraisals(sols, counts)
        app_ids = self.ids("APP", [a[0] for a in apps], self.width(len(apps), 4))
        unsat = [j for j, a in enumerate(apps) if a[9] <= 2 and a[4] != schema.NO_OPINION]
        reviews = self.review_dates()
        complaints = self.complaints(sessions, apps, unsat)
        actions = self.actions(sessions, sols, apps, unsat, complaints, reviews)

        def ref(x) -> str:
            if isinstance(x, tuple):
                return app_ids[x[1]] if x[0] == "app" else sol_ids[x[1]]
            return x.id if isinstance(x, _Session) else x["id"]

        follow: dict[int, list[str]] = {}
        for c in complaints:
            if c["app"] is not None:
                follow.setdefault(c["app"], []).append(c["id"])
        for a in actions:
            for j in a.get("apps_linked", ()):
                follow.setdefault(j, []).append(a["id"])
        d = self.date
        data = {
            schema.SESSIONS: [
                (s.id, s.cat, s.title, d(s.start), d(s.end), s.intervenant, s.financeur, s.entreprise, s.inscrits,
                 s.abandons, s.motifs, s.objectifs, s.presentes, s.certifies, s.emploi, s.ruptures)
                for s in sessions
            ],
            schema.SOLLICITATIONS: [
                (sid, s[1].id if s[1] is not None else None, s[2], s[3], d(s[0]), s[4], d(s[5]),
                 f"Qualité/Enquêtes/{self.year(s[0])}/{sid}.pdf")
                for sid, s in zip(sol_ids, sols, strict=True)
            ],
            schema.APPRECIATIONS: apps,
            schema.RECLAMATIONS: [self._complaint_row(c) for c in complaints],
            schema.PLAN: [
                (a["id"], d(a["opened"]), a["origin"], "; ".join(ref(x) for x in a["refs"]) or None,
                 a["indicators"], a["constat"], a["cause"], a["action"], a["type"], a["responsable"], d(a["due"]),
                 a["status"], d(a["done"]), a["critere"], d(a["evaluated"]), a["effect"],
                 f"Qualité/Plan/{a['id']}.pdf" if a["done"] is not None else None, a["comment"])
                for a in actions
            ],
            schema.REVUES: self._review_rows(reviews, apps, complaints, actions),
        }
        # Last, and in place, so that a million working rows and their final form never coexist.
        dates, lo = self._dates, self.lo
        for j, (aid, a) in enumerate(zip(app_ids, apps, strict=True)):
            apps[j] = (aid, dates[a[0] - lo], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8],
                       "; ".join(follow[j]) if j in follow else None)
        return data

    def _complaint_row(self, c: dict) -> tuple:
        d = self.date
        objet, analyse, reponse, _action, _critere, _cat = c["text"]
        handled = c["status"] != OUVERTE
        return (
            c["id"], c["kind"], d(c["received"]), c["canal"], c["emitter"],
            c["session"].id if c["session"] is not None else None, c["cat"], c["gravite"], objet, d(c["ack"]),
            c["responsable"], analyse if handled else None, reponse if c["resp"] is not None else None,
            d(c["resp"]), c["status"], d(c["close"]), "; ".join(a["id"] for a in c["actions"]) or None,
            f"Qualité/Réclamations/{c['id']}.pdf" if c["status"] == CLOTUREE else None,
        )

    def _review_rows(self, reviews, apps, complaints, actions) -> list[tuple]:
        """Reviews quote the figures of the period they look back on, and the actions they decided."""
        app_dates = [a[0] for a in apps]
        satisfied = list(accumulate((1 if a[9] >= 4 and a[4] != schema.NO_OPINION else 0 for a in apps), initial=0))
        rated = list(accumulate((0 if a[4] == schema.NO_OPINION else 1 for a in apps), initial=0))
        received = [c["received"] for c in complaints]
        decided: dict[int, list[str]] = {}
        for a in actions:
            if a.get("review") is not None:
                decided.setdefault(a["review"], []).append(a["id"])
        rows = []
        previous = self.start
        for o, kind in reviews:
            lo, hi = bisect_left(app_dates, previous), bisect_left(app_dates, o)
            n = rated[hi] - rated[lo]
            rate = f"{round(100 * (satisfied[hi] - satisfied[lo]) / n)} %" if n else "sans réponse"
            recs = bisect_left(received, o) - bisect_left(received, previous)
            topics = (f"Appréciations depuis le {self.date(previous):%d/%m/%Y} : {n} réponses, {rate} satisfaits ; "
                      f"{recs} réclamation(s) reçue(s) ; suivi du plan d'amélioration")
            ids = decided.get(o, []) if kind == "Revue qualité" else []
            decisions = self.pick(DECISIONS)
            if ids:
                decisions += f" ; {len(ids)} action(s) décidée(s)"
            rows.append((self.date(o), kind, self.pick(PARTICIPANTS), topics, decisions, "; ".join(ids) or None,
                         f"Qualité/Revues/{self.date(o):%Y-%m-%d} compte rendu.pdf"))
            if kind == "Revue qualité":
                previous = o
        return rows


_FINANCEUR_TABLES = {cat: _table(pairs, 200) for cat, pairs in FINANCEURS.items()}
_EFFECT_TABLE = _table(EFFECTIVENESS, 100)


def generate(rows: int = 2000, *, seed: int = 2026, today: dt.date | None = None) -> dict[str, list[tuple]]:
    """The input sheets of the demo workbook, as row tuples in the contract's column order.

    `rows` is the number of appraisals; sessions, surveys, complaints and actions scale
    with it. Same arguments, same data. No fact is dated after `today`.
    """
    if rows < 0:
        raise ValueError("rows must be >= 0")
    # Millions of fresh tuples would trigger full cyclic collections again and again; the
    # builder makes no reference cycles, so the collector can rest meanwhile (-35 % at 1M).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Builder(rows, seed, today or dt.date.today()).build()
    finally:
        if collecting:
            gc.enable()


def headers(sheet: str) -> list[str]:
    """Column headers of an input sheet, in the order of the tuples `generate` returns."""
    return [c.header for c in schema.SHEETS_BY_NAME[sheet].columns]


def write_workbook(path: Path | str, data: Mapping[str, Sequence[Sequence[object]]],
                   parameters: Mapping[str, object] | None = None) -> Path:
    """Write `data` as a workbook through the template, atomically, verified with python-calamine."""
    from qualixl import template
    from qualixl.safe_write import atomic_write, ensure_not_locked

    path = Path(path)
    ensure_not_locked(path)
    params = dict(DEMO_PARAMETERS if parameters is None else parameters)

    def write(tmp: Path) -> None:
        template.build_workbook(tmp, parameters=params, rows=data)

    atomic_write(path, write, _verifier(data, params.get("Organisme")))
    return path


def _verifier(data: Mapping[str, Sequence[Sequence[object]]], organisme: object) -> Callable[[Path], None]:
    """Re-open the written file: every sheet written is there and Paramètres names the organisation.

    The big sheets are not re-read (a million rows would double the time); the row
    counts are checked by the tests.
    """

    def verify(tmp: Path) -> None:
        import python_calamine

        from qualixl.errors import QualixlError

        book = python_calamine.CalamineWorkbook.from_path(str(tmp))
        try:
            missing = [name for name in (schema.PARAMETRES, *data) if name not in book.sheet_names]
            if missing:
                raise QualixlError(f"Classeur de démonstration incomplet : feuille(s) absente(s) {', '.join(missing)}.")
            grid = book.get_sheet_by_name(schema.PARAMETRES).to_python()
        finally:
            book.close()
        if not any(row[:2] == ["Organisme", organisme] for row in grid):
            raise QualixlError("Classeur de démonstration illisible : l'organisme n'apparaît pas dans Paramètres.")

    return verify


def write_demo(path: Path | str, *, rows: int = 2000, seed: int = 2026, today: dt.date | None = None) -> Path:
    """Generate the demo data and write it as a workbook at `path`; returns the path."""
    return write_workbook(path, generate(rows, seed=seed, today=today))
