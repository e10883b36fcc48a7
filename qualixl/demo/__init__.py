"""A realistic, deterministic demo workbook: a fictional provider over two exercise years.

`generate()` builds the rows of every input sheet for "Forma Plus Conseil", a training
provider certified for the four action categories. The data is made so that the
consistency checks of WORKBOOK.md find no error (overdue actions, late
acknowledgements and missing evaluations do occur, as warnings, because they occur in
real workbooks), and every reference points at a row that exists.

The same function feeds the benchmarks (10k to 1M appraisals), so it works column-wise
on tuples, with weighted choices precomputed as lookup tables, and draws every random
number from one `random.Random(seed)`: same arguments, same workbook.

Dates of facts (responses, complaints, realisations…) never fall after `today`; an
action's Échéance is a plan and may lie ahead, and a session still running has no
Date de fin yet.

Layout: settings.py (identity, sizes), vocabulary.py (the contract's values),
texts_*.py and satisfaction.py (phrases and weights, pure data), context.py (the random
generator and dates), one module per sheet (sessions, surveys, appraisals, complaints,
actions with action_lifecycle, reviews), generation.py (`generate`, the order of the
draws) and writing.py (`write_workbook`, `write_demo`).
"""

from __future__ import annotations

from qualixl.demo.generation import generate, headers
from qualixl.demo.settings import DEMO_PARAMETERS, ORGANISME
from qualixl.demo.writing import write_demo, write_workbook

__all__ = [
    "DEMO_PARAMETERS",
    "ORGANISME",
    "generate",
    "headers",
    "write_demo",
    "write_workbook",
]
