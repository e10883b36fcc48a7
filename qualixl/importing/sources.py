"""Tell which survey tool produced an export, by its headers, and which columns are not answers.

Each tool writes its own bookkeeping columns around the questions: Google Forms a
timestamp and an e-mail, Microsoft Forms an ID, start and end times, an e-mail and a
name, LimeSurvey a response id, a submit date, the last page seen… Knowing them tells
the response's date, who answered (for the fingerprint only: no personal data is
written to the workbook), which rows are unfinished, and which columns are questions.
Headers are compared folded (case, accents, spaces), in French and in English.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qualixl import schema
from qualixl.errors import QualixlError
from qualixl.importing.exportfile import ExportTable

SOURCES = ("google", "microsoft", "limesurvey", "csv")
LABELS = {"google": "Google Forms", "microsoft": "Microsoft Forms", "limesurvey": "LimeSurvey", "csv": "CSV"}


def _fold(*texts: str) -> frozenset[str]:
    return frozenset(schema.normalize(t) for t in texts)


GOOGLE_TIME = _fold("Horodateur", "Timestamp", "Horodatage", "Marca temporal")
GOOGLE_META = _fold("Adresse e-mail", "Adresse email", "Email Address", "E-mail", "Score", "Total des points")
MS_START = _fold("Heure de début", "Start time")
MS_END = _fold("Heure de fin", "Completion time")
MS_META = _fold(
    "ID", "Adresse de messagerie", "Adresse e-mail", "Email", "E-mail", "Nom", "Name",
    "Heure de la dernière modification", "Last modified time", "Total des points", "Total points",
    "Commentaires du questionnaire", "Quiz feedback", "Points attribués", "Points",
)
MS_META_PREFIXES = ("points - ", "commentaires - ", "feedback - ", "points : ")
LS_ID = _fold("id", "ID de la réponse", "Response ID")
LS_SUBMIT = _fold("submitdate", "Date de soumission", "Date submitted")
LS_MARKERS = _fold("lastpage", "Dernière page", "Last page", "startlanguage", "Langue de départ", "Start language")
LS_META = LS_ID | LS_SUBMIT | LS_MARKERS | _fold(
    "seed", "Tête de série", "Seed", "startdate", "Date de début", "Date started", "datestamp",
    "Date de la dernière action", "Date last action", "ipaddr", "Adresse IP", "IP address", "refurl",
    "URL de provenance", "Referrer URL", "token", "Code d'invitation", "Jeton", "Token",
)
GENERIC_TIME = _fold(
    "Date", "Date de réponse", "Date de la réponse", "Horodateur", "Horodatage", "Timestamp",
    "Date de soumission", "submitdate", "Heure de fin", "Completion time", "Date réponse",
)
RESPONDENT = _fold(
    "Adresse e-mail", "Adresse email", "Email Address", "Email", "E-mail", "Courriel", "Adresse de messagerie",
    "Nom", "Name", "Nom et prénom", "Prénom", "ID", "id", "ID de la réponse", "Response ID", "token", "Jeton",
)


@dataclass
class SourceLayout:
    """What the source's own columns mean (indexes into the export's headers)."""

    kind: str
    timestamp: int | None
    respondent: list[int] = field(default_factory=list)
    metadata: set[int] = field(default_factory=set)


def detect(table: ExportTable, source: str = "auto") -> SourceLayout:
    """The layout of `table`; with an explicit `source`, its headers must fit it."""
    if source not in ("auto", *SOURCES):
        raise QualixlError(f"Source « {source} » inconnue : choisissez parmi auto, {', '.join(SOURCES)}.")
    found = {"google": _google(table), "microsoft": _microsoft(table), "limesurvey": _limesurvey(table)}
    if source == "auto":
        return next((layout for layout in found.values() if layout is not None), None) or _generic(table)
    if source == "csv":
        return _generic(table)
    if found[source] is None:
        raise QualixlError(
            f"{table.path.name} ne ressemble pas à un export {LABELS[source]} ({_EXPECTED[source]}). "
            f"Colonnes trouvées : {quote_list(table.headers)}. Essayez --source auto ou --source csv."
        )
    return found[source]


_EXPECTED = {
    "google": "première colonne « Horodateur » ou « Timestamp » attendue",
    "microsoft": "colonnes « ID », « Heure de début », « Heure de fin » (ou Start time, Completion time) attendues",
    "limesurvey": "colonnes « id », « submitdate », « lastpage », « startlanguage » attendues",
}


def quote_list(items: list[str], limit: int = 40) -> str:
    shown = ", ".join(f"« {item} »" for item in items[:limit])
    return shown + (f" … (+{len(items) - limit})" if len(items) > limit else "") if items else "aucune"


def _index(table: ExportTable, names: frozenset[str]) -> list[int]:
    return [i for i, folded in enumerate(table.folded) if folded in names]


def _google(table: ExportTable) -> SourceLayout | None:
    if not table.folded or table.folded[0] not in GOOGLE_TIME:
        return None
    meta = _index(table, GOOGLE_META)
    respondent = [i for i in meta if table.folded[i] in RESPONDENT]
    return SourceLayout("google", 0, respondent, {0, *meta})


def _microsoft(table: ExportTable) -> SourceLayout | None:
    folded = table.folded
    if not folded or folded[0] != "id" or not _index(table, MS_START) or not _index(table, MS_END):
        return None
    meta = set(_index(table, MS_META | MS_START | MS_END))
    meta |= {i for i, f in enumerate(folded) if f.startswith(MS_META_PREFIXES)}
    respondent = [i for i in sorted(meta) if folded[i] in RESPONDENT]
    return SourceLayout("microsoft", _index(table, MS_END)[0], respondent, meta)


def _limesurvey(table: ExportTable) -> SourceLayout | None:
    submit = _index(table, LS_SUBMIT)
    if not submit or len(_index(table, LS_MARKERS)) < 2 or not _index(table, LS_ID):
        return None
    return SourceLayout("limesurvey", submit[0], _index(table, LS_ID)[:1], set(_index(table, LS_META)))


def _generic(table: ExportTable) -> SourceLayout:
    times = _index(table, GENERIC_TIME)
    if not times:
        times = [i for i, f in enumerate(table.folded) if f.startswith("date")]
    respondent = _index(table, RESPONDENT)
    timestamp = times[0] if times else None
    return SourceLayout("csv", timestamp, respondent, {*respondent, *([timestamp] if timestamp is not None else [])})
