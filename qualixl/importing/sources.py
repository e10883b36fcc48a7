"""Tell which survey tool produced an export, by its headers, and which columns are not answers.

Each tool writes its own bookkeeping columns around the questions: Google Forms a
timestamp and an e-mail, Microsoft Forms an ID, start and end times, an e-mail and a
name, LimeSurvey a response id, a submit date, the last page seen, SurveyMonkey a
respondent and a collector ID above a second header row, Typeform a token (`#`) and
UTC dates… Knowing them tells the response's date, its identity in the tool (see
identity.py; no personal data is written to the workbook), which rows are unfinished,
and which columns are questions. Headers are compared folded (case, accents, spaces),
in French and in English; an English export writes its dates month first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qualixl import schema
from qualixl.errors import QualixlError
from qualixl.importing.exportfile import ExportTable

SOURCES = ("google", "microsoft", "limesurvey", "surveymonkey", "typeform", "csv")
LABELS = {"google": "Google Forms", "microsoft": "Microsoft Forms", "limesurvey": "LimeSurvey",
          "surveymonkey": "SurveyMonkey", "typeform": "Typeform", "csv": "CSV"}


def _fold(*texts: str) -> frozenset[str]:
    return frozenset(schema.normalize(t) for t in texts)


GOOGLE_TIME = _fold("Horodateur", "Timestamp", "Horodatage", "Marca temporal")
GOOGLE_EMAIL = _fold("Adresse e-mail", "Adresse email", "Email Address", "E-mail", "Adresse courriel")
GOOGLE_META = GOOGLE_EMAIL | _fold("Score", "Total des points", "Points")
MS_START = _fold("Heure de début", "Start time")
MS_END = _fold("Heure de fin", "Completion time")
MS_META = _fold(
    "ID", "Adresse de messagerie", "Adresse e-mail", "Email", "E-mail", "Nom", "Name",
    "Heure de la dernière modification", "Last modified time", "Total des points", "Total points",
    "Commentaires du questionnaire", "Quiz feedback", "Points attribués", "Points",
)
MS_META_PREFIXES = ("points - ", "commentaires - ", "feedback - ", "points : ")
LS_ID = _fold("id", "ID de la réponse", "Response ID")
LS_START = _fold("startdate", "Date de début", "Date started")
LS_SUBMIT = _fold("submitdate", "Date de soumission", "Date submitted")
LS_MARKERS = _fold("lastpage", "Dernière page", "Last page", "startlanguage", "Langue de départ", "Start language")
LS_META = LS_ID | LS_SUBMIT | LS_MARKERS | _fold(
    "seed", "Tête de série", "Seed", "startdate", "Date de début", "Date started", "datestamp",
    "Date de la dernière action", "Date last action", "ipaddr", "Adresse IP", "IP address", "refurl",
    "URL de provenance", "Referrer URL", "token", "Code d'invitation", "Jeton", "Token",
)
SM_ID = _fold("Respondent ID", "ID du répondant", "ID de la personne interrogée")
SM_COLLECTOR = _fold("Collector ID", "ID du collecteur")
SM_END = _fold("End Date", "Date de fin")
SM_META = SM_ID | SM_COLLECTOR | SM_END | _fold(
    "Start Date", "Date de début", "IP Address", "Adresse IP", "Email Address", "Adresse e-mail", "First Name",
    "Prénom", "Last Name", "Nom", "Custom Data 1", "Données personnalisées 1", "Custom Data",
)
TF_ID = _fold("#", "Response ID", "Token", "Réponse ID")
TF_SUBMIT = _fold("Submit Date (UTC)", "Submitted At", "Date de soumission (UTC)")
TF_META = TF_ID | TF_SUBMIT | _fold(
    "Start Date (UTC)", "Stage Date (UTC)", "Network ID", "Response Type", "Tags", "Ending", "Score",
    "Date de début (UTC)", "ID réseau",
)
ENGLISH_TIME = _fold("Timestamp", "Completion time", "End Date", "Date submitted", "Submit Date (UTC)")
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
    respondent: list[int] = field(default_factory=list)  # for the identity of pre-0.x imports (records.legacy_id)
    metadata: set[int] = field(default_factory=set)
    response_id: int | None = None  # the tool's own response identifier
    anchor: int | None = None  # start time that makes a per-form number (Microsoft, LimeSurvey) unique
    email: int | None = None  # Google Forms' collected e-mail, identity with the timestamp
    month_first: bool = False  # ambiguous slashed dates read month first (English exports)


def detect(table: ExportTable, source: str = "auto") -> SourceLayout:
    """The layout of `table`; with an explicit `source`, its headers must fit it."""
    if source not in ("auto", *SOURCES):
        raise QualixlError(f"Source « {source} » inconnue : choisissez parmi auto, {', '.join(SOURCES)}.")
    if source == "auto":  # tried in turn: SurveyMonkey's reader folds its second header row into the headers
        return next((layout for read in _READERS.values() if (layout := read(table)) is not None), None) or _generic(table)
    if source == "csv":
        return _generic(table)
    layout = _READERS[source](table)
    if layout is None:
        raise QualixlError(
            f"{table.path.name} ne ressemble pas à un export {LABELS[source]} ({_EXPECTED[source]}). "
            f"Colonnes trouvées : {quote_list(table.headers)}. Essayez --source auto ou --source csv."
        )
    return layout


def pick(tables: list[ExportTable], source: str = "auto") -> tuple[ExportTable, SourceLayout]:
    """The responses sheet of an export and its layout, found by content, not by position.

    A sheet a tool recognisably wrote wins; else a sheet with a date column, the one with
    the most rows; else the first (whose error message then lists its headers).
    """
    if len(tables) == 1:
        return tables[0], detect(tables[0], source)
    laid = []
    for table in tables:
        try:
            laid.append((table, detect(table, source)))
        except QualixlError:
            continue
    if not laid:
        return tables[0], detect(tables[0], source)
    tool = [(t, lay) for t, lay in laid if lay.kind != "csv"]
    dated = [(t, lay) for t, lay in laid if lay.timestamp is not None and t.rows]
    return max(tool or dated or laid[:1], key=lambda pair: len(pair[0].rows))


_EXPECTED = {
    "google": "première colonne « Horodateur » ou « Timestamp » attendue",
    "microsoft": "colonnes « ID », « Heure de début », « Heure de fin » (ou Start time, Completion time) attendues",
    "limesurvey": "colonnes « id », « submitdate », « lastpage », « startlanguage » attendues",
    "surveymonkey": "colonnes « Respondent ID » et « Collector ID » (ou ID du répondant, ID du collecteur) attendues",
    "typeform": "colonnes « # » (ou Response ID, Token) et « Submit Date (UTC) » attendues",
}


def quote_list(items: list[str], limit: int = 40) -> str:
    shown = ", ".join(f"« {item} »" for item in items[:limit])
    return shown + (f" … (+{len(items) - limit})" if len(items) > limit else "") if items else "aucune"


def _index(table: ExportTable, names: frozenset[str]) -> list[int]:
    return [i for i, folded in enumerate(table.folded) if folded in names]


def _first(table: ExportTable, names: frozenset[str]) -> int | None:
    found = _index(table, names)
    return found[0] if found else None


def _english(table: ExportTable, timestamp: int | None) -> bool:
    return timestamp is not None and table.folded[timestamp] in ENGLISH_TIME


def _google(table: ExportTable) -> SourceLayout | None:
    if not table.folded or table.folded[0] not in GOOGLE_TIME:
        return None
    meta = _index(table, GOOGLE_META)
    respondent = [i for i in meta if table.folded[i] in RESPONDENT]
    return SourceLayout("google", 0, respondent, {0, *meta}, email=_first(table, GOOGLE_EMAIL),
                        month_first=_english(table, 0))


def _microsoft(table: ExportTable) -> SourceLayout | None:
    folded = table.folded
    if not folded or folded[0] != "id" or not _index(table, MS_START) or not _index(table, MS_END):
        return None
    meta = set(_index(table, MS_META | MS_START | MS_END))
    meta |= {i for i, f in enumerate(folded) if f.startswith(MS_META_PREFIXES)}
    respondent = [i for i in sorted(meta) if folded[i] in RESPONDENT]
    end = _index(table, MS_END)[0]
    return SourceLayout("microsoft", end, respondent, meta, response_id=0, anchor=_index(table, MS_START)[0],
                        month_first=_english(table, end))


def _limesurvey(table: ExportTable) -> SourceLayout | None:
    submit = _index(table, LS_SUBMIT)
    if not submit or len(_index(table, LS_MARKERS)) < 2 or not _index(table, LS_ID):
        return None
    start = _first(table, LS_START)
    return SourceLayout("limesurvey", submit[0], _index(table, LS_ID)[:1], set(_index(table, LS_META)),
                        response_id=_index(table, LS_ID)[0], anchor=submit[0] if start is None else start)


def _surveymonkey(table: ExportTable) -> SourceLayout | None:
    ident, collector = _first(table, SM_ID), _first(table, SM_COLLECTOR)
    if ident is None or collector is None:
        return None
    table.merge_subheader()  # the second header row: « Response », « Open-Ended Response » or a sub-answer
    end = _first(table, SM_END)
    return SourceLayout("surveymonkey", end, [ident], set(_index(table, SM_META)), response_id=ident,
                        month_first=_english(table, end))


def _typeform(table: ExportTable) -> SourceLayout | None:
    ident, submit = _first(table, TF_ID), _first(table, TF_SUBMIT)
    if ident is None or submit is None:
        return None
    return SourceLayout("typeform", submit, [ident], set(_index(table, TF_META)), response_id=ident)


_READERS = {"google": _google, "microsoft": _microsoft, "limesurvey": _limesurvey, "surveymonkey": _surveymonkey,
            "typeform": _typeform}


def _generic(table: ExportTable) -> SourceLayout:
    times = _index(table, GENERIC_TIME)
    if not times:
        times = [i for i, f in enumerate(table.folded) if f.startswith("date")]
    respondent = _index(table, RESPONDENT)
    timestamp = times[0] if times else None
    return SourceLayout("csv", timestamp, respondent, {*respondent, *([timestamp] if timestamp is not None else [])},
                        month_first=_english(table, timestamp))
