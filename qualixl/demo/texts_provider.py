"""What the fictional provider sells, who works there, its clients, funders and drop-out reasons.

Pure data, kept apart from the generating code so that the phrases can be read and
reworded without touching a random draw. Formations are (title, certifying, length in
days); apprenticeships (title, years); funders (name, weight) per action category.
"""

from __future__ import annotations

from qualixl.demo.vocabulary import APPRENTISSAGE, BILAN, FORMATION, VAE

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
