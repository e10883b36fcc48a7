"""qualixl: the Qualiopi continuous-improvement workbook, checked and charted.

Each CLI command is one library call:

    init_workbook(path, organisme="", force=False)        qualixl init
    write_demo(path, rows=2000, seed=2026, today=None)    qualixl demo
    check(path, as_of=None) -> list[Finding]              qualixl check
    compute_kpis(path, as_of=None) -> DataFrame           qualixl kpi
    refresh(path, as_of=None, output=None)                qualixl refresh
    diagnose(path, as_of=None) -> list[DiagnosticLine]    qualixl diagnostic
    import_export(plan, export, ...) -> ImportReport      qualixl import

Errors a user can cause raise QualixlError, whose message is French.
"""

__version__ = "0.1.0"

import importlib  # noqa: E402

from qualixl.errors import QualixlError  # noqa: E402
from qualixl.refresh import RefreshResult, refresh  # noqa: E402  (light: its stages load on first call)

# The rest of the API loads pandas: imported on first use, so that the CLI starts in a
# few milliseconds and can begin parsing the workbook while pandas loads (qualixl.grids).
_LAZY = {
    "DiagnosticLine": "qualixl.diagnostic",
    "Finding": "qualixl.checks",
    "ImportReport": "qualixl.importing",
    "check": "qualixl.checks",
    "compute_kpis": "qualixl.kpis",
    "diagnose": "qualixl.diagnostic",
    "import_export": "qualixl.importing",
    "init_workbook": "qualixl.template",
    "write_demo": "qualixl.demo",
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'qualixl' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "DiagnosticLine",
    "Finding",
    "ImportReport",
    "QualixlError",
    "RefreshResult",
    "__version__",
    "check",
    "compute_kpis",
    "diagnose",
    "import_export",
    "init_workbook",
    "refresh",
    "write_demo",
]
