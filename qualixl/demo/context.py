"""What every generating step shares: one random generator, the simulated today, the date window.

Every random number of the demo comes from `GenerationContext.rng`, drawn in a fixed
order by the sheet modules, so that the same arguments give the same workbook. Dates are
handled as ordinals (fast integer arithmetic on millions of rows) and turned into
`datetime.date` through a precomputed list, one object per day, shared by every row.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from qualixl import schema
from qualixl.demo.settings import DEMO_PARAMETERS


def weighted_table(pairs: Sequence[tuple[object, float]], size: int = 1000) -> list:
    """A lookup list in which each value fills a share of slots equal to its weight.

    Picking a slot uniformly is a weighted choice at the cost of one random number, far
    cheaper than `random.choices` in the hot loops.
    """
    total = float(sum(w for _, w in pairs))
    out: list = []
    acc = 0.0
    for value, weight in pairs:
        acc += weight
        out.extend([value] * (round(acc / total * size) - len(out)))
    return out


def id_width(count: int, minimum: int) -> int:
    """Digits of the running number of IDs, so that `count` rows still sort as text."""
    return max(minimum, len(str(max(count, 1))))


class GenerationContext:
    """The random generator, the two exercises shown (`start` .. `t`) and the contract's delays."""

    def __init__(self, rows: int, seed: int, today: dt.date):
        self.rows = rows
        self.rng = random.Random(seed)
        self.today = today
        self.t = today.toordinal()
        first_month = schema.MONTHS.index(str(DEMO_PARAMETERS["Début d'exercice"])) + 1
        year = today.year if today.month >= first_month else today.year - 1
        self.start = dt.date(year - 1, first_month, 1).toordinal()  # start of the previous exercise
        self.lo = self.start - 3 * 366
        self.dates = [dt.date.fromordinal(o) for o in range(self.lo, self.t + 2 * 366)]
        self.ack_delay = int(DEMO_PARAMETERS["Délai cible d'accusé de réception"])
        self.response_delay = int(DEMO_PARAMETERS["Délai cible de réponse"])
        self.eval_delay = int(DEMO_PARAMETERS["Délai d'évaluation de l'efficacité"])

    def date(self, o: int | None) -> dt.date | None:
        return None if o is None else self.dates[o - self.lo]

    def year(self, o: int) -> int:
        return self.dates[o - self.lo].year

    def between(self, a: int, b: int) -> int:
        """A uniform integer in [a, b] (cheaper than randint)."""
        return a + int(self.rng.random() * (b - a + 1))

    def pick(self, seq: Sequence):
        return seq[int(self.rng.random() * len(seq))]

    def binomial(self, n: int, p: float) -> int:
        rnd = self.rng.random
        return sum(1 for _ in range(n) if rnd() < p)

    def ids(self, prefix: str, ordinals: Sequence[int], width: int) -> list[str]:
        """IDs numbered per year in date order: PREFIX-YYYY-0001 (rows must be sorted by date)."""
        counters: dict[int, int] = {}
        out = []
        for o in ordinals:
            y = self.dates[o - self.lo].year
            n = counters.get(y, 0) + 1
            counters[y] = n
            out.append(f"{prefix}-{y}-{n:0{width}d}")
        return out
