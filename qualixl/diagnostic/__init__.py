"""Where the workbook stands on Qualiopi indicators 30, 31 and 32, before the auditor says so.

`diagnose` returns one DiagnosticLine per requirement (status conforme / à surveiller /
non conforme, the RNQ risk, the evidence found and what to do); `build_annual` gathers
the annual quality report; `wilson_interval` and `rate_estimates` put an honest range
around every rate.
"""

from qualixl.diagnostic.annual import AnnualReport, ExerciseReport, build_annual
from qualixl.diagnostic.model import A_SURVEILLER, CONFORME, NON_CONFORME, STATUSES, DiagnosticLine
from qualixl.diagnostic.rates import SMALL_SAMPLE, RateEstimate, rate_estimate, rate_estimates
from qualixl.diagnostic.report import as_dicts, as_document, counts, format_diagnostic, summary
from qualixl.diagnostic.run import diagnose
from qualixl.diagnostic.wilson import wilson_interval

__all__ = [
    "A_SURVEILLER",
    "CONFORME",
    "NON_CONFORME",
    "SMALL_SAMPLE",
    "STATUSES",
    "AnnualReport",
    "DiagnosticLine",
    "ExerciseReport",
    "RateEstimate",
    "as_dicts",
    "as_document",
    "build_annual",
    "counts",
    "diagnose",
    "format_diagnostic",
    "rate_estimate",
    "rate_estimates",
    "summary",
    "wilson_interval",
]
