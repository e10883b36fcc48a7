"""Which response of an export is which: its identity, kept in the « Réf. export » column.

A response must be recognised at every later download of the same survey, whatever
happened to the export meanwhile: a question retitled, a column added by staff in the
linked Google Sheet, the columns reordered, the file saved as xlsx instead of CSV. So the
identity never rests on header texts or column positions:

- the survey tool's own response identifier when the export has one (Microsoft Forms `ID`,
  LimeSurvey `id`, SurveyMonkey `Respondent ID`, Typeform's token); identifiers numbered per
  form (Microsoft Forms, LimeSurvey count from 1 in every form) are anchored to the
  response's start time, so response 3 of one form is not response 3 of another;
- Google Forms' timestamp with the respondent's e-mail when the form collects it (hashed:
  no personal data goes into the workbook);
- else the response's content (its date-time and the answers imported, keyed by the
  Appréciations column they feed, not by their header) **and its occurrence rank**: two
  learners who answer the same on the same day are two responses.

The reference written is `<identity> ~<content digest>`: with a tool identifier, a later
download whose content digest differs is a response edited since its import, reported
rather than added a second time. The row's ID is derived from the identity alone, so an
older workbook without the column still recognises what it imported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass

ID_PREFIX = "IMP-"
SEPARATOR = " ~"
CONTENT_KEY = "contenu"


@dataclass(frozen=True)
class Identity:
    key: str  # stable across downloads: tool ID, hashed timestamp + e-mail, or content + rank
    content: str  # digest of the answers imported: changes when the respondent edits the response

    @property
    def reference(self) -> str:
        """The « Réf. export » cell."""
        return f"{self.key}{SEPARATOR}{self.content}"

    @property
    def row_id(self) -> str:
        """The Appréciations ID: `IMP-` and 10 hex digits of the identity."""
        return ID_PREFIX + _digest(self.key, 10).upper()


def parse_reference(text: object) -> Identity | None:
    """The identity a « Réf. export » cell holds, or None for a cell qualixl did not write."""
    if not isinstance(text, str) or SEPARATOR not in text:
        return None
    key, _, content = text.strip().rpartition(SEPARATOR.strip())
    key = key.strip()
    return Identity(key, content.strip()) if key and content.strip() else None


def content_digest(when: dt.datetime | None, answers: dict[str, str]) -> str:
    """8 hex digits over the answers (Appréciations column -> canonical text), the date-time optional."""
    return _digest(_payload(when, answers), 8)


def _payload(when: dt.datetime | None, answers: dict[str, str]) -> str:
    parts = [when.isoformat(timespec="seconds")] if when is not None else []
    parts += [f"{target}\x1f{answers[target]}" for target in sorted(answers)]
    return "\x1e".join(parts)


class Identifier:
    """Identities of an export's responses, in file order (the rank counts identical contents)."""

    def __init__(self, kind: str):
        self.kind = kind
        self.ranks: Counter[str] = Counter()

    def identify(self, when: dt.datetime, answers: dict[str, str], tool_id: str | None = None,
                 anchor: dt.datetime | None = None, email: str | None = None) -> Identity:
        when, anchor = _second(when), _second(anchor)
        content = content_digest(None, answers)
        if tool_id:
            key = f"{self.kind}:{tool_id}"
            if anchor is not None:
                key += "@" + anchor.isoformat(timespec="seconds")
            return Identity(key, content)
        if email:
            return Identity(f"{self.kind}:{_digest(when.isoformat(timespec='seconds') + chr(31) + email.casefold(), 12)}",
                            content)
        base = _digest(_payload(when, answers), 12)
        self.ranks[base] += 1
        return Identity(f"{CONTENT_KEY}:{base}#{self.ranks[base]}", content)


def _second(value: dt.datetime | None) -> dt.datetime | None:
    """To the nearest second: an xlsx date-time read back as 09:00:04.999999 is 09:00:05 in the CSV."""
    if value is None:
        return None
    return (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0)


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]
