"""The satisfaction model: a level 1..5 per response, by session quality tier and moment.

Pure weights, kept together because they are tuned together: the share of sessions in
each quality tier, the levels each tier earns, how often a level comes with a verbatim
or a recommendation, how long people take to answer and how many answer at all.
"""

from __future__ import annotations

from qualixl.demo.vocabulary import (
    A_CHAUD,
    A_FROID,
    ANNUEL,
    BENEFICIAIRE,
    EN_COURS,
    ENSEIGNEMENTS,
    ENTREPRISE,
    FINANCEUR,
    INTERVENANT,
    SIX_MOIS,
)

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
    ENSEIGNEMENTS: ((0, 40), (1, 25), (2, 20), (4, 10), (7, 5)),
}
# Response rates used to spread the appraisals over the surveys.
RESPONSE_RATES = {
    (BENEFICIAIRE, A_CHAUD): 0.85, (BENEFICIAIRE, A_FROID): 0.45, (BENEFICIAIRE, SIX_MOIS): 0.4,
    (BENEFICIAIRE, EN_COURS): 0.7, (INTERVENANT, A_CHAUD): 0.9, (ENTREPRISE, A_FROID): 0.6,
    (ENTREPRISE, EN_COURS): 0.45, (BENEFICIAIRE, ENSEIGNEMENTS): 0.8, (FINANCEUR, ANNUEL): 0.6, (ENTREPRISE, ANNUEL): 0.35,
}

