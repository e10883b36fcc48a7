"""Who the demo provider is (its Paramètres sheet) and how big each sheet is per appraisal.

The scale and threshold are pinned because the scores are drawn on 1..5 with 4 as
"satisfied"; the floors give even a tiny demo enough sessions, complaints and actions
to tell a story.
"""

from __future__ import annotations

from qualixl import schema

ORGANISME = "Forma Plus Conseil"

# The contract's defaults, with the organisation's identity.
DEMO_PARAMETERS: dict[str, object] = {
    **{p.name: p.default for p in schema.PARAMETERS},
    "Organisme": ORGANISME,
    "N° de déclaration d'activité": "84 69 99999 69 (fictif)",
    "SIRET": "999 999 999 00018 (fictif)",
    "Catégories d'actions": "; ".join(schema.CATEGORIES),
    "Échelle de notation": 5,
    "Seuil de satisfaction": 4,
    "Procédure de traitement des réclamations": "https://qualite.formaplus-conseil.example/procedure-reclamations.pdf",
    "Procédure de prévention des violences": "https://qualite.formaplus-conseil.example/prevention-violences.pdf",
}

# Sizes, relative to the number of appraisals (with floors so the demo tells a story).
MIN_SESSIONS, APPRAISALS_PER_SESSION = 150, 12
MIN_COMPLAINTS, APPRAISALS_PER_COMPLAINT = 40, 50
MIN_ACTIONS, APPRAISALS_PER_ACTION = 60, 33
