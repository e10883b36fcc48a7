"""The Wilson score interval against hand-computed values, and the rate estimates built on it."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualixl.diagnostic import rate_estimate, rate_estimates, wilson_interval
from qualixl.diagnostic.rates import SMALL_SAMPLE, percent

Z2 = 1.96**2  # 3.8416


@pytest.mark.parametrize(
    ("successes", "n", "expected"),
    [
        # 0/10: centre = (z²/2n)/(1+z²/n) = 0.19208/1.38416, half the same → (0, 0.38416/1.38416).
        (0, 10, (0.0, 0.38416 / 1.38416)),
        # 10/10: the mirror image → (1/1.38416, 1).
        (10, 10, (1 / 1.38416, 1.0)),
        # 5/10: centre 0.5; half = 1.96·√(0.025 + 3.8416/400)/1.38416 = 1.96·0.1860215/1.38416 = 0.2634104.
        (5, 10, (0.5 - 0.2634104, 0.5 + 0.2634104)),
        # 1/1: (1/(1+3.8416), 1) = (0.206543, 1).
        (1, 1, (1 / 4.8416, 1.0)),
        # 81/263: p = 0.307985, z²/n = 0.0146068; centre = (0.307985 + 0.0073034)/1.0146068 = 0.310750;
        # half = 1.96·√(0.307985·0.692015/263 + 3.8416/276676)/1.0146068 = 1.96·0.0287099/1.0146068 = 0.055461.
        (81, 263, (0.310750 - 0.055461, 0.310750 + 0.055461)),
    ],
)
def test_wilson_matches_hand_computation(successes, n, expected):
    low, high = wilson_interval(successes, n)
    assert low == pytest.approx(expected[0], abs=2e-6)
    assert high == pytest.approx(expected[1], abs=2e-6)


def test_wilson_none_without_answers_and_rejects_nonsense():
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError):
        wilson_interval(3, 2)
    with pytest.raises(ValueError):
        wilson_interval(-1, 5)


def test_wilson_z_zero_is_the_point_estimate():
    assert wilson_interval(3, 12, z=0) == pytest.approx((0.25, 0.25))


@given(st.integers(min_value=1, max_value=5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_contains_the_rate_and_stays_in_bounds(pair):
    successes, n = pair
    low, high = wilson_interval(successes, n)
    assert 0.0 <= low <= successes / n <= high <= 1.0
    # The interval narrows as the sample grows (same rate, 4× the answers).
    low4, high4 = wilson_interval(successes * 4, n * 4)
    assert high4 - low4 <= high - low + 1e-12


def _kpis() -> pd.DataFrame:
    rows = [
        {"code": "SAT_TAUX", "period": "12M", "category": None, "value": 0.9, "numerator": 36.0,
         "denominator": 40.0, "n": 40, "status": "atteint"},
        {"code": "SAT_TAUX", "period": "12M", "category": "VAE", "value": 1.0, "numerator": 3.0,
         "denominator": 3.0, "n": 3, "status": "atteint"},
        {"code": "REPONSE_TAUX", "period": "12M", "category": None, "value": math.nan, "numerator": 0.0,
         "denominator": 0.0, "n": 0, "status": None},
    ]
    return pd.DataFrame(rows)


def test_rate_estimate_reads_the_kpi_table():
    overall = rate_estimate(_kpis(), "SAT_TAUX", "12M")
    assert (overall.successes, overall.n, overall.value) == (36.0, 40, 0.9)
    assert (overall.low, overall.high) == pytest.approx(wilson_interval(36, 40))
    assert not overall.small
    assert overall.text() == f"90,0\u00a0% (36/40, IC 95 % {overall.interval_text})"
    vae = rate_estimate(_kpis(), "SAT_TAUX", "12M", "VAE")
    assert vae.small and vae.n < SMALL_SAMPLE
    assert vae.text().endswith("échantillon faible")
    empty = rate_estimate(_kpis(), "REPONSE_TAUX", "12M")
    assert empty.n == 0 and empty.low is None and empty.text() == "aucune donnée"
    assert rate_estimate(_kpis(), "CERTIF_TAUX", "12M") is None
    assert set(rate_estimates(_kpis())) == {"SAT_TAUX", "REPONSE_TAUX"}


def test_percent_is_french():
    assert percent(0.8251) == "82,5\u00a0%"
