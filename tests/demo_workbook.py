"""The demo workbook refreshed as a user would: the reference document for printing and schema tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qualixl import refresh
from qualixl.demo import write_demo

TODAY = dt.date(2026, 12, 1)


def refreshed_demo(folder: Path) -> Path:
    """`qualixl demo` then `qualixl refresh` as of TODAY, in `folder`."""
    path = write_demo(folder / "demo.xlsx", today=TODAY)
    refresh(path, as_of=TODAY, backup=False)
    return path
