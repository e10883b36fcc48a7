"""Session, Partie prenante and Temps of an imported response, in the workbook's own terms.

A respondent writes the training's title ("Excel initiation"), a trainee calls herself
"Stagiaire": the sheet wants a Sessions ID and a value of its drop-down list, or `check`
reports an error on every imported row. A value given on the command line (or in the
mapping file's [options]) applies to every response and must resolve, else nothing is
written. A training's title matches a session by its Intitulé; when several sessions
share it, the one running at the response's date (from its start to a month after its
end) is taken if it is the only one. A title that matches no session, or several, is
left out — the Session cell stays empty, and the report names `--session` — rather than
imported as an error for `check` to find on every row; a stakeholder that is not
recognised is imported as « Autre » and listed in the report's warnings.
"""

from __future__ import annotations

import datetime as dt
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
AFTER_END = dt.timedelta(days=31)  # a response « à chaud » comes in the days after the session's last day


class Lookups:
    """Resolve answers against the workbook; fixed values (options) win over answers."""

    def __init__(self, dataset: Dataset, session: str | None, stakeholder: str | None, temps: str | None):
        data = dataset.get(schema.SESSIONS)
        self.by_id: dict[str, str] = {}
        self.by_title: dict[str, set[str]] = {}
        self.dates: dict[str, tuple[dt.date | None, dt.date | None]] = {}
        if data is not None:
            starts = data.values.get("Date de début", [None] * len(data.values))
            ends = data.values.get("Date de fin", [None] * len(data.values))
            for sid, title, start, end in zip(data.values["ID"], data.values["Intitulé"], starts, ends, strict=True):
                if isinstance(sid, str):
                    self.by_id.setdefault(fold_id(sid), sid)
                    self.dates.setdefault(sid, (_day(start), _day(end)))
                    if isinstance(title, str):
                        self.by_title.setdefault(schema.normalize(title), set()).add(sid)
        self.unknown_sessions: Counter[str] = Counter()
        self.ambiguous_sessions: Counter[str] = Counter()
        self.unknown_stakeholders: Counter[str] = Counter()
        self.defaulted = 0
        self.session = self._fixed_session(session)
        self.stakeholder = _fixed(stakeholder, stakeholder_choice, "partie prenante", schema.PARTIES_PRENANTES)
        self.temps = _fixed(temps, temps_choice, "temps", schema.TEMPS)

    def resolve_session(self, text: str, when: dt.date | None = None) -> str | None:
        return self._candidates(text, when)[0]

    def _candidates(self, text: str, when: dt.date | None) -> tuple[str | None, int]:
        """(the session, how many sessions the text named): one by ID or title, or one running at `when`."""
        key = text.strip()
        if fold_id(key) in self.by_id:
            return self.by_id[fold_id(key)], 1
        titles = self.by_title.get(schema.normalize(key), set())
        if len(titles) == 1:
            return next(iter(titles)), 1
        if len(titles) > 1:
            running = [sid for sid in sorted(titles) if when is not None and self._running(sid, when)]
            return (running[0] if len(running) == 1 else None), len(titles)
        head = _SESSION_HEAD.split(key, maxsplit=1)[0].strip()
        if head != key:
            return self._candidates(head, when)
        return None, 0

    def _running(self, sid: str, when: dt.date) -> bool:
        start, end = self.dates.get(sid, (None, None))
        return start is not None and start <= when <= (end or start) + AFTER_END

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

    def session_of(self, answer: object, when: dt.date | None = None) -> str | None:
        """The Sessions ID the answer names, else None (counted for the report's hint)."""
        if self.session is not None:
            return self.session
        text = _text(answer)
        if text is None:
            return None
        found, named = self._candidates(text, when)
        if found is None:
            (self.ambiguous_sessions if named > 1 else self.unknown_sessions)[text] += 1
        return found

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
                "Formation(s) sans session correspondante dans la feuille Sessions (ni ID ni intitulé), colonne "
                "Session laissée vide : " + ", ".join(f"« {t} » ({n})" for t, n in self.unknown_sessions.most_common(10))
                + ". Ajoutez la session à la feuille Sessions, ou relancez avec --session ID pour toutes les réponses."
            )
        if self.ambiguous_sessions:
            out.append(
                "Intitulé(s) partagé(s) par plusieurs sessions, sans session unique à la date de la réponse, colonne "
                "Session laissée vide : " + ", ".join(f"« {t} » ({n})" for t, n in self.ambiguous_sessions.most_common(10))
                + ". Relancez avec --session ID (une session par export)."
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


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "date") and value == value and value is not None:  # a pandas Timestamp
        try:
            return value.date()
        except (TypeError, ValueError):
            return None
    return None


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
