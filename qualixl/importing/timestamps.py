"""Read the date of a response as each tool writes it.

Google Forms writes `2026/03/09 10:15:32 UTC+1` or, through a French Google Sheet,
`09/03/2026 10:15:32`; LimeSurvey `2026-03-09 10:15:32`; Microsoft Forms real dates in
its xlsx. Day-first or month-first slashes are decided once per column (a day above 12
settles it; French by default), so one response cannot be read 3 September and the next
9 March. The time zone suffix is dropped: the workbook keeps the date as the tool showed it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

_ZONE = re.compile(r"\s*(?:(?:UTC|GMT|CET|CEST|Z)\s*(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})\s*$", re.I)
_TIME = r"(?:[ T,]+(?:à\s*)?(\d{1,2})[:h](\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([AaPp][Mm])?)?"
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME + "$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})" + _TIME + "$")
_SERIAL_RANGE = (20_000, 80_000)  # Excel serials of 1954..2119: a date cell read without its format


def day_first(values: Iterable[object], default: bool = True) -> bool:
    """Whether d/m/y texts are day first: a day above 12 settles it, else `default`.

    French exports write day first; an English one (Google's « Timestamp » column of a US
    account, SurveyMonkey's « End Date ») month first: the caller says which to assume.
    """
    month_first = False
    for value in values:
        match = _DMY.match(_ZONE.sub("", value.strip())) if isinstance(value, str) else None
        if match:
            first, second = int(match.group(1)), int(match.group(2))
            if first > 12:
                return True
            month_first = month_first or second > 12
    return False if month_first else default


def parse_timestamp(value: object, dayfirst: bool = True) -> dt.datetime | None:
    """A naive datetime, or None when `value` is not a date this module knows."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] < value < _SERIAL_RANGE[1]:
            return dt.datetime(1899, 12, 30) + dt.timedelta(days=float(value))
        return None
    if not isinstance(value, str):
        return None
    text = _ZONE.sub("", value.strip())
    match = _YMD.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups()[:3])
    else:
        match = _DMY.match(text)
        if not match:
            return None
        first, second, year = (int(g) for g in match.groups()[:3])
        day, month = (first, second) if dayfirst else (second, first)
        year += 2000 if year < 100 else 0
    hour, minute, second_, meridiem = match.groups()[3:]
    hour, minute, seconds = int(hour or 0), int(minute or 0), int(second_ or 0)
    if meridiem:
        hour = hour % 12 + (12 if meridiem.lower() == "pm" else 0)
    try:
        return dt.datetime(year, month, day, hour, minute, seconds)
    except ValueError:
        return None
