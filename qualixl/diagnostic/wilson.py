"""The Wilson score interval: an honest range around a rate measured on few answers.

A satisfaction rate of 100 % on 3 answers says little; the normal ("Wald") interval
collapses to [100 %, 100 %] there, the Wilson interval does not ([43.9 %, 100 %]) and
stays inside [0, 1]. It is what the diagnostic and the annual report print beside rates.
"""

from __future__ import annotations

import math


def wilson_interval(successes: float, n: float, z: float = 1.96) -> tuple[float, float] | None:
    """The (low, high) Wilson score interval of `successes` out of `n`, or None when n is 0.

    Counts may arrive as floats from pandas sums; they must satisfy 0 ≤ successes ≤ n.
    """
    if n is None or n == 0:
        return None
    if n < 0 or successes < 0 or successes > n:
        raise ValueError(f"wilson_interval: need 0 ≤ successes ≤ n, got {successes} out of {n}")
    p = successes / n
    z2 = z * z
    denominator = 1.0 + z2 / n
    centre = (p + z2 / (2.0 * n)) / denominator
    half = z * math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denominator
    # Exact bounds at 0 and n (rounding would otherwise give 1e-17 or 0.9999999999999999).
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high
