"""Verbatims of the appraisals: (text, theme), theme None for answers that say nothing in particular.

Pure data. `VERBATIMS` maps a profile (an action category for beneficiaries, or another
stakeholder) to its (points forts, points à améliorer); the generic and formula-like
answers are those real respondents type, and keep the workbook honest about them.
"""

from __future__ import annotations

from qualixl.demo.vocabulary import APPRENTISSAGE, BILAN, ENTREPRISE, FINANCEUR, FORMATION, INTERVENANT, VAE

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
