"""Short names for the contract's values (categories, stakeholders, moments, statuses).

The generator compares and writes these values on every row; naming them once here, from
schema.py, keeps the generating code readable and bound to the contract.
"""

from __future__ import annotations

from qualixl import schema

FORMATION, BILAN, VAE, APPRENTISSAGE = schema.CATEGORIES
BENEFICIAIRE, FINANCEUR, ENTREPRISE, INTERVENANT = schema.PARTIES_PRENANTES[:4]
A_CHAUD, A_FROID, SIX_MOIS, ANNUEL, EN_COURS, ENSEIGNEMENTS = schema.TEMPS
OUVERTE, TRAITEMENT, CLOTUREE = schema.COMPLAINT_STATUSES
A_LANCER, ACT_EN_COURS, REALISEE, ABANDONNEE = schema.ACTION_STATUSES
CORRECTIVE, PREVENTIVE, AMELIORATION = schema.ACTION_TYPES
# A satisfaction level 1..5 as written by those who answer in words (2 and 3 read alike).
LIKERT_BY_LEVEL = {
    5: schema.LIKERT_LABELS[0],
    4: schema.LIKERT_LABELS[1],
    3: schema.LIKERT_LABELS[2],
    2: schema.LIKERT_LABELS[2],
    1: schema.LIKERT_LABELS[3],
}
