"""The one exception type for errors a user can cause.

Its message is French and names the file, sheet or cell at fault; the CLI prints it
without a traceback and exits with code 2. Findings of `check` are not exceptions.
"""


class QualixlError(Exception):
    """A problem the user can fix (missing file, not an xlsx, missing sheet…)."""

    exit_code = 2
