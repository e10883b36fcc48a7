"""qualixl: the Qualiopi continuous-improvement workbook, checked and charted.

Public API (each CLI command is one of these calls):
"""

__version__ = "0.1.0"

from qualixl.checks import Finding, check  # noqa: E402
from qualixl.errors import QualixlError  # noqa: E402
from qualixl.kpis import compute_kpis  # noqa: E402

__all__ = ["QualixlError", "__version__"]
__all__ += ["Finding", "check"]
__all__ += ["compute_kpis"]
