"""From export rows to Appréciations rows, each with the identity that makes the import idempotent.

Each response carries its identity (identity.py): the ID and the « Réf. export » written
to the sheet derive from it, so importing the same export twice, or a later download
that repeats earlier responses, finds them already there. Values are canonical across
formats (4 in an xlsx and "4" in a CSV are the same answer). Rows imported by earlier
versions carry an ID fingerprinted from headers and answers (`legacy_id`): it is still
computed, so those rows are recognised too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from qualixl import schema
from qualixl.errors import QualixlError
from qualixl.importing.exportfile import ExportTable
from qualixl.importing.guess import Mapping
from qualixl.importing.identity import ID_PREFIX, Identifier, Identity
from qualixl.importing.lookups import Lookups
from qualixl.importing.scales import Converter, number, recommendation_converter, score_converter
from qualixl.importing.sources import SourceLayout
from qualixl.importing.timestamps import day_first, parse_timestamp
from qualixl.parsing import ScoreScale

MAX_CELL_TEXT = 32_767  # Excel's limit on the characters of one cell
TEXT_TARGETS = ("Points forts", "Points à améliorer", "Thème")


@dataclass
class Response:
    id: str
    number: int  # the row number in the export, for messages
    values: dict[str, object]  # Appréciations header -> value
    identity: Identity | None = None
    legacy_id: str | None = None  # the ID an earlier qualixl gave the same response


@dataclass
class Built:
    responses: list[Response] = field(default_factory=list)
    incomplete: int = 0
    conversions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def build(table: ExportTable, layout: SourceLayout, mapping: Mapping, scale: ScoreScale, lookups: Lookups,
          custom: dict[str, object], source_max: float | None, legacy: bool = True) -> Built:
    """Every complete response as a row; QualixlError on an unreadable date or unknown answers.

    `legacy`: also compute each response's ID as earlier versions gave it (only worth it
    when the sheet holds such IDs).
    """
    cols = mapping.columns
    column = {target: [row[i] for _, row in table.rows] for target, i in cols.items()}
    scored = ["Note globale", *(t for t in cols if t.startswith(schema.CRITERION_PREFIX))]
    converters: dict[str, Converter] = {
        t: score_converter(t, column[t], scale, custom, source_max, table.headers[cols[t]]) for t in scored
    }
    if "Recommandation" in cols:
        converters["Recommandation"] = recommendation_converter(column["Recommandation"], custom, source_max)
    _refuse_unknown(table, converters)
    built = Built(conversions=[c.description() for c in converters.values() if c.described])
    dayfirst = day_first(column["Date"], not layout.month_first)
    identifier = Identifier(layout.kind)
    answered = [(t, i) for t, i in cols.items() if t != "Date"]
    bad_dates, no_note, long_texts = [], 0, 0
    spellings: dict = {}

    def spelled(value: object) -> str:
        """canonical(value), once per distinct answer (scores and labels repeat down a column)."""
        key = (type(value), value)
        found = spellings.get(key)
        if found is None:
            found = spellings[key] = canonical(value)
        return found

    for number_, row in table.rows:
        raw = row[cols["Date"]]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            built.incomplete += 1
            continue
        when = parse_timestamp(raw, dayfirst)
        if when is None:
            bad_dates.append(f"ligne {number_} : « {raw} »")
            continue
        identity = identifier.identify(
            when, {t: spelled(row[i]) for t, i in answered if not _blank(row[i])},
            tool_id=_cell(row, layout.response_id),
            anchor=parse_timestamp(row[layout.anchor], dayfirst) if layout.anchor is not None else None,
            email=_cell(row, layout.email),
        )
        values: dict[str, object] = {"ID": identity.row_id, "Date": when.date(), schema.EXPORT_REF: identity.reference}
        for target, converter in converters.items():
            values[target] = converter(row[cols[target]])
        if values.get("Note globale") is None:
            values["Note globale"], no_note = schema.NO_OPINION, no_note + 1
        for target in TEXT_TARGETS:
            if target in cols:
                text, cut = clean_text(row[cols[target]])
                values[target], long_texts = text, long_texts + cut
        values["Session"] = lookups.session_of(row[cols["Session"]] if "Session" in cols else None, when.date())
        asked = "Partie prenante" in cols
        values["Partie prenante"] = lookups.stakeholder_of(row[cols["Partie prenante"]] if asked else None, asked)
        values["Temps"] = lookups.temps_of(row[cols["Temps"]] if "Temps" in cols else None)
        old_id = legacy_id(layout, table, row, when) if legacy else None
        built.responses.append(Response(identity.row_id, number_, values, identity, old_id))
    if bad_dates:
        raise QualixlError(
            f"Date de réponse illisible dans {table.path.name} (colonne « {table.headers[cols['Date']]} ») : "
            f"{' ; '.join(bad_dates[:5])}{' …' if len(bad_dates) > 5 else ''}. Rien n'a été écrit."
        )
    if no_note:
        built.warnings.append(f"{no_note} réponse(s) sans note globale : importée(s) comme « {schema.NO_OPINION} ».")
    if long_texts:
        built.warnings.append(f"{long_texts} verbatim(s) tronqué(s) à {MAX_CELL_TEXT} caractères (limite d'Excel).")
    built.warnings += lookups.warnings()
    return built


def _refuse_unknown(table: ExportTable, converters: dict[str, Converter]) -> None:
    unknown = [f"{c.target} : {', '.join(f'« {v} »' for v in c.unknown[:10])}" for c in converters.values() if c.unknown]
    if unknown:
        raise QualixlError(
            f"Réponses non reconnues dans {table.path.name} — " + " ; ".join(unknown) + ". Donnez leur valeur dans la section [valeurs] "
            'd\'un fichier de correspondance (par exemple "Parfait" = 5, ou "Oui" / "Non" pour la recommandation) '
            "puis relancez avec --mapping. Rien n'a été écrit."
        )


def clean_text(value: object) -> tuple[str | None, int]:
    """A verbatim as one cell holds it: line breaks normalised, cut at Excel's limit (and 1 if cut)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, 0
    text = canonical(value) if not isinstance(value, str) else value.strip().replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_CELL_TEXT:
        return text[: MAX_CELL_TEXT - 1] + "…", 1
    return text, 0


def canonical(value: object) -> str:
    """One spelling per answer whatever the file format: numbers without '.0', dates ISO, spaces folded."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    n = number(value)
    if n is not None:
        return repr(n).removesuffix(".0")
    return " ".join(str(value).split())


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(row: list, index: int | None) -> str | None:
    return None if index is None or _blank(row[index]) else canonical(row[index])


def legacy_id(layout: SourceLayout, table: ExportTable, row: list, when: dt.datetime) -> str:
    """The ID qualixl gave a response before « Réf. export »: kind, date-time, respondent, headers and answers."""
    respondent = [canonical(row[i]).casefold() for i in layout.respondent]
    answers = sorted(
        f"{table.folded[i]}\x1f{canonical(v)}"
        for i, v in enumerate(row)
        if i not in layout.metadata and not (v is None or (isinstance(v, str) and not v.strip()))
    )
    payload = "\x1e".join([layout.kind, when.isoformat(timespec="seconds"), "\x1f".join(respondent), *answers])
    return ID_PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:10].upper()
