"""Session, Partie prenante and Temps of an imported response, in the workbook's own terms.

A respondent writes the training's title ("Excel initiation"), a trainee calls herself
"Stagiaire": the sheet wants a Sessions ID and a value of its drop-down list, or `check`
reports an error on every imported row. A value given on the command line (or in the
mapping file's [options]) applies to every response and must resolve, else nothing is
written; an answer that does not resolve is imported as written (Session) or as
« Autre » (Partie prenante) and listed in the report's warnings, to be corrected.
"""

from __future__ import annotations

import re
from collections import Counter

from qualixl import schema
from qualixl.errors import QualixlError
from qualixl.facts.ids import fold_id
from qualixl.reading import Dataset

DEFAULT_STAKEHOLDER = "Bénéficiaire"
OTHER = "Autre"
STAKEHOLDER_WORDS = {
    "Bénéficiaire": ("beneficiaire", "stagiaire", "apprenant", "apprenante", "apprenti", "apprentie", "participant",
                     "participante", "alternant", "alternante", "candidat", "candidate", "eleve", "learner", "trainee"),
    "Financeur": ("financeur", "opco", "france travail", "pole emploi", "region", "funder"),
    "Entreprise": ("entreprise", "employeur", "tuteur", "tutrice", "maitre d'apprentissage", "manager", "client",
                   "cliente", "responsable formation", "rh", "employer", "company"),
    "Intervenant": ("intervenant", "intervenante", "formateur", "formatrice", "consultant", "consultante", "coach",
                    "jury", "trainer"),
    "Équipe interne": ("equipe", "interne", "collaborateur de l'organisme", "staff"),
}
TEMPS_WORDS = {"a chaud": "À chaud", "chaud": "À chaud", "a froid": "À froid", "froid": "À froid",
               "six mois": "Six mois", "6 mois": "Six mois", "a 6 mois": "Six mois", "annuel": "Annuel",
               "annuelle": "Annuel", "en cours": "En cours", "en cours de formation": "En cours"}
_SESSION_HEAD = re.compile(r"\s+[-–:|]\s+|\s*\(")


class Lookups:
    """Resolve answers against the workbook; fixed values (options) win over answers."""

    def __init__(self, dataset: Dataset, session: str | None, stakeholder: str | None, temps: str | None):
        data = dataset.get(schema.SESSIONS)
        self.by_id: dict[str, str] = {}
        self.by_title: dict[str, set[str]] = {}
        if data is not None:
            for sid, title in zip(data.values["ID"], data.values["Intitulé"], strict=True):
                if isinstance(sid, str):
                    self.by_id.setdefault(fold_id(sid), sid)
                    if isinstance(title, str):
                        self.by_title.setdefault(schema.normalize(title), set()).add(sid)
        self.unknown_sessions: Counter[str] = Counter()
        self.unknown_stakeholders: Counter[str] = Counter()
        self.defaulted = 0
        self.session = self._fixed_session(session)
        self.stakeholder = _fixed(stakeholder, stakeholder_choice, "partie prenante", schema.PARTIES_PRENANTES)
        self.temps = _fixed(temps, temps_choice, "temps", schema.TEMPS)

    def resolve_session(self, text: str) -> str | None:
        key = text.strip()
        if fold_id(key) in self.by_id:
            return self.by_id[fold_id(key)]
        titles = self.by_title.get(schema.normalize(key), set())
        if len(titles) == 1:
            return next(iter(titles))
        head = _SESSION_HEAD.split(key, maxsplit=1)[0].strip()
        if head != key:
            return self.resolve_session(head)
        return None

    def _fixed_session(self, value: str | None) -> str | None:
        """An option must name a session of the sheet: `check` would report any other as an error."""
        if value is None or not str(value).strip():
            return None
        found = self.resolve_session(str(value))
        if found is None:
            known = ", ".join(list(self.by_id.values())[:20]) or "aucun"
            raise QualixlError(
                f"Session « {value} » introuvable dans la feuille Sessions (ni ID ni intitulé ; IDs présents : {known}). "
                "Ajoutez la session ou corrigez --session ; rien n'a été écrit."
            )
        return found

    def session_of(self, answer: object) -> str | None:
        if self.session is not None:
            return self.session
        text = _text(answer)
        if text is None:
            return None
        found = self.resolve_session(text)
        if found is None:
            self.unknown_sessions[text] += 1
        return found or text

    def stakeholder_of(self, answer: object, asked: bool = True) -> str:
        """The option's value, else the answer's; DEFAULT_STAKEHOLDER when the form did not ask."""
        if self.stakeholder is not None:
            return self.stakeholder
        text = _text(answer)
        if text is None:
            self.defaulted += asked
            return DEFAULT_STAKEHOLDER
        found = stakeholder_choice(text)
        if found is None:
            self.unknown_stakeholders[text] += 1
        return found or OTHER

    def temps_of(self, answer: object) -> str | None:
        if self.temps is not None:
            return self.temps
        text = _text(answer)
        return temps_choice(text) if text is not None else None

    def warnings(self) -> list[str]:
        out = []
        if self.unknown_sessions:
            out.append(
                "Session(s) absente(s) de la feuille Sessions, importée(s) telle(s) quelle(s) — à corriger : "
                + ", ".join(f"« {t} » ({n})" for t, n in self.unknown_sessions.most_common(10)) + "."
            )
        if self.unknown_stakeholders:
            out.append(
                f"Partie prenante non reconnue, importée comme « {OTHER} » : "
                + ", ".join(f"« {t} » ({n})" for t, n in self.unknown_stakeholders.most_common(10)) + "."
            )
        if self.defaulted:
            out.append(
                f"{self.defaulted} réponse(s) sans partie prenante : « {DEFAULT_STAKEHOLDER} » par défaut "
                "(précisez-la avec --partie-prenante)."
            )
        return out


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def stakeholder_choice(text: str) -> str | None:
    folded = schema.normalize(text)
    for choice in schema.PARTIES_PRENANTES:
        if schema.normalize(choice) == folded:
            return choice
    for choice, words in STAKEHOLDER_WORDS.items():
        if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", folded) for w in words):
            return choice
    return None


def temps_choice(text: str) -> str | None:
    folded = schema.normalize(text)
    exact = {schema.normalize(t): t for t in schema.TEMPS}
    return exact.get(folded) or TEMPS_WORDS.get(folded)


def _fixed(value: str | None, resolve, what: str, choices: tuple[str, ...]) -> str | None:
    if value is None or not str(value).strip():
        return None
    found = resolve(str(value))
    if found is None:
        raise QualixlError(f"« {value} » n'est pas une valeur de {what} : choisissez parmi {', '.join(choices)}.")
    return found
