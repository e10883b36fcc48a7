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

from qualixl.checks import Finding, check  # noqa: E402
from qualixl.demo import write_demo  # noqa: E402
from qualixl.diagnostic import DiagnosticLine, diagnose  # noqa: E402
from qualixl.errors import QualixlError  # noqa: E402
from qualixl.importing import ImportReport, import_export  # noqa: E402
from qualixl.kpis import compute_kpis  # noqa: E402
from qualixl.refresh import RefreshResult, refresh  # noqa: E402
from qualixl.template import init_workbook  # noqa: E402

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
