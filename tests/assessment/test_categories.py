"""AR6 category rules at every boundary, on hand-built ensembles.

A 'flat' ensemble has every member at the same value, so each percentile
equals that value; two-value ensembles place a percentile on either side.
"""

from __future__ import annotations

import numpy as np
import pytest

from accord.assessment.categories import ar6_category, category_rank, overshoot

N = 101  # percentiles of 101 equally spaced values fall exactly on members


def flat(value):
    return np.full(N, value)


def ramp(centre, width=0.2):
    """Members evenly spread over centre +- width/2: pXX = centre - w/2 + w*XX/100."""
    return np.linspace(centre - width / 2, centre + width / 2, N)


@pytest.mark.parametrize(("peak", "end", "expected"), [
    # C1: p33(peak) <= 1.5 and median 2100 < 1.5 (equality allowed on the peak)
    (flat(1.5), flat(1.49), "C1"),
    (flat(1.5), flat(1.5), "C3"),         # median 2100 not < 1.5; p67 peak 1.5 < 2
    (flat(1.5001), flat(1.4), "C2"),      # p33 just above 1.5, 2100 below: C2
    # p33 of ramp(1.55) = 1.45 + 0.2*0.33 = 1.516 > 1.5 -> not C1
    (ramp(1.55), flat(1.45), "C2"),
    # p33 of ramp(1.53) = 1.43 + 0.066 = 1.496 <= 1.5 -> C1
    (ramp(1.53), flat(1.45), "C1"),
    # C3: p67(peak) < 2
    (flat(1.9999), flat(1.9), "C3"),
    (flat(2.0), flat(1.9), "C5"),         # p67 = 2.0 not < 2, median 2.0 not < 2
    # C4: median peak < 2 while p67 >= 2: ramp(1.95, 0.4): p50 = 1.95, p67 = 2.018
    (ramp(1.95, 0.4), flat(1.9), "C4"),
    (flat(2.4999), flat(2.4), "C5"),
    (flat(2.5), flat(2.4), "C6"),
    (flat(2.9999), flat(2.9), "C6"),
    (flat(3.0), flat(2.9), "C7"),
    (flat(3.9999), flat(3.9), "C7"),
    (flat(4.0), flat(3.9), "C8"),
])
def test_boundaries(peak, end, expected):
    assert ar6_category(peak, end) == expected


def test_c1_split_by_net_zero_ghg():
    assert ar6_category(flat(1.4), flat(1.3), net_zero_ghg=True) == "C1a"
    assert ar6_category(flat(1.4), flat(1.3), net_zero_ghg=False) == "C1b"
    # the split applies to C1 only
    assert ar6_category(flat(1.8), flat(1.7), net_zero_ghg=True) == "C3"


def test_rank_and_overshoot():
    assert [category_rank(c) for c in ("C1a", "C1b", "C2", "C8")] == [1, 1, 2, 8]
    assert overshoot(flat(1.5)) == "none"
    assert overshoot(flat(1.6)) == "limited"
    assert overshoot(flat(1.61)) == "high"
