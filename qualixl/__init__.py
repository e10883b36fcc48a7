"""qualixl: the Qualiopi continuous-improvement workbook, checked and charted.

Public API (each CLI command is one of these calls):
"""

__version__ = "0.1.0"

from qualixl.errors import QualixlError  # noqa: E402

__all__ = ["QualixlError", "__version__"]
