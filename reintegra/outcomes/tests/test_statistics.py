"""The paired statistics against SciPy, brute-force enumeration of every sign flip, and
figures computed by hand, to 1e-9: ties, zeros, n = 1 and all-zero changes included."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sp

from reintegra.outcomes import statistics as s


def brute_force_p(changes):
    """Every one of the 2^n sign flips of the non-zero changes, mid-ranks of |d|."""
    d = np.asarray(changes, dtype=float)
    d = d[d != 0]
    ranks = s.midranks(np.abs(d))
    total = ranks.sum()
    observed = abs(ranks[d > 0].sum() - total / 2)
    extreme = 0
    for signs in itertools.product((0, 1), repeat=len(d)):
        t = float(np.dot(signs, ranks))
        if abs(t - total / 2) >= observed - 1e-12:
            extreme += 1
    return extreme / 2 ** len(d)


def scipy_p(changes):
    result = sp.wilcoxon(np.asarray(changes, dtype=float), zero_method="wilcox",
                         method=sp.PermutationMethod(n_resamples=np.inf))
    return float(result.pvalue)


TIED_WITH_ZEROS = [3, -1, 0, 2, 2, -2, 5, 0, 1, 3, 3, -1]


def test_midranks_share_the_mean_rank():
    assert s.midranks([4, 1, 4, 2, 4]).tolist() == [4.0, 1.0, 4.0, 2.0, 4.0]
    assert s.midranks([1, 1]).tolist() == [1.5, 1.5]


def test_hand_computed_example_with_ties_and_zeros():
    # changes 2, -1, 0, 2, 3: zero dropped; |d| = 2, 1, 2, 3 -> ranks 2.5, 1, 2.5, 4
    d = [2, -1, 0, 2, 3]
    r_plus, r_minus = s.signed_rank_sums(d)
    assert (r_plus, r_minus) == (9.0, 1.0)
    # 16 sign patterns of scores {1, 2.5, 2.5, 4} (sum 10, centre 5); |T - 5| >= 4 when
    # T <= 1 or T >= 9: T in {0, 1} and {9, 10}: 4 patterns -> p = 4/16
    assert s.exact_p_value(d) == pytest.approx(0.25, abs=1e-12)
    assert s.rank_biserial(d) == pytest.approx(0.8, abs=1e-12)
    # Walsh averages of 2, -1, 0, 2, 3, sorted: -1 -.5 0 .5 .5 1 1 [1] 1.5 2 2 2 2.5 2.5 3
    walsh = sorted((d[i] + d[j]) / 2 for i in range(5) for j in range(i, 5))
    assert s.hodges_lehmann(d) == pytest.approx(walsh[7], abs=1e-12) == 1.0
    summary = s.summarise([(10, 12), (10, 9), (10, 10), (8, 10), (7, 10)])
    assert summary.median_change == 2.0
    assert summary.n_pairs == 5 and summary.n_nonzero == 4


@pytest.mark.parametrize("changes", [
    [1],
    [-2],
    [1, 1],
    [1, -1, 1, -1],
    [2, 2, 2, -2, 0, 0],
    TIED_WITH_ZEROS,
    [5, 4, 3, 2, 1, -6, 7, 8, 9, 10, -11, 12],
    [0.5, -0.25, 0.25, 0.75, 1.5, -1.5, 1.5],
])
def test_exact_p_matches_brute_force_and_scipy(changes):
    ours = s.exact_p_value(changes)
    assert ours == pytest.approx(brute_force_p(changes), abs=1e-9)
    if len(changes) >= 2:  # scipy refuses a single observation
        assert ours == pytest.approx(scipy_p(changes), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-6, 6), min_size=1, max_size=11))
def test_exact_p_matches_brute_force_on_any_small_sample(changes):
    if not any(changes):
        assert s.exact_p_value(changes) is None
        return
    assert s.exact_p_value(changes) == pytest.approx(brute_force_p(changes), abs=1e-9)


def test_scipy_exact_method_is_not_exact_with_ties_but_ours_is():
    """Why the shift algorithm: scipy's method="exact" is the no-ties table."""
    d = [1, 1, -1, 2, 2, 3, -2, 4, 4, 1, 1, 5]
    truth = brute_force_p(d)
    assert s.exact_p_value(d) == pytest.approx(truth, abs=1e-12)
    legacy = sp.wilcoxon(d, method="exact").pvalue
    assert abs(legacy - truth) > 1e-6


def test_n_one_and_all_zero():
    one = s.summarise([(3, 5)])
    assert one.p_value == 1.0 and one.r_plus == 1.0 and one.r_minus == 0.0
    assert one.rank_biserial == 1.0 and one.rank_biserial_ci is None
    assert one.hodges_lehmann == 2.0 and one.median_change == 2.0
    zeros = s.summarise([(3, 3), (4, 4)])
    assert zeros.n_nonzero == 0 and zeros.p_value is None and zeros.method == s.METHOD_NONE
    assert zeros.rank_biserial is None and zeros.rank_biserial_ci is None
    assert zeros.median_change == 0.0 and zeros.hodges_lehmann == 0.0
    empty = s.summarise([])
    assert empty.n_pairs == 0 and empty.median_change is None and empty.hodges_lehmann is None


def test_large_sample_uses_the_exact_method_and_agrees_with_the_normal_approximation():
    rng = np.random.default_rng(7)
    d = rng.integers(-8, 9, size=1000).astype(float)
    d[d == 0] = 1
    p, method = s.wilcoxon_p_value(d)
    assert method == s.METHOD_EXACT
    approx = sp.wilcoxon(d, method="approx", correction=False).pvalue
    assert 0.01 < p < 0.99
    assert p == pytest.approx(approx, rel=0.01)


def test_beyond_the_exact_limit_a_seeded_monte_carlo_is_used_and_named():
    d = TIED_WITH_ZEROS
    p, method = s.wilcoxon_p_value(d, exact_limit=5, resamples=100_000)
    assert "Monte Carlo" in method and "100000" in method
    assert p == pytest.approx(brute_force_p(d), abs=0.01)
    assert s.wilcoxon_p_value(d, exact_limit=5)[0] == p  # seeded: the same again


def test_hodges_lehmann_is_the_median_of_all_walsh_averages():
    rng = np.random.default_rng(3)
    for _ in range(20):
        d = rng.integers(-4, 5, size=rng.integers(1, 30)).astype(float)
        walsh = [(d[i] + d[j]) / 2 for i in range(len(d)) for j in range(i, len(d))]
        assert s.hodges_lehmann(d) == pytest.approx(float(np.median(walsh)), abs=1e-12)


def test_rank_biserial_matches_the_rank_sums_and_its_interval_is_seeded():
    d = TIED_WITH_ZEROS
    r_plus, r_minus = s.signed_rank_sums(d)
    assert s.rank_biserial(d) == pytest.approx((r_plus - r_minus) / (r_plus + r_minus))
    ci = s.rank_biserial_ci(d)
    assert ci[0] <= s.rank_biserial(d) <= ci[1] and -1 <= ci[0] <= ci[1] <= 1
    assert s.rank_biserial_ci(d) == ci
    assert s.rank_biserial_ci([1, 0, 0]) is None


def test_bootstrap_by_counts_equals_resampling_the_pairs_one_by_one():
    """The multinomial shortcut gives the same r as ranking a resample directly."""
    values = np.array([-2.0, 0.0, 1.0, 3.0])
    drawn = np.array([2, 1, 3, 1])
    d = np.repeat(values, drawn)
    assert s.rank_biserial(d) == pytest.approx(
        (lambda rp, rm: (rp - rm) / (rp + rm))(*s.signed_rank_sums(d)))


def test_reliable_change_index_by_hand():
    # Ukrainian RSES figures: SD 5.49, alpha .88: SE_diff = 5.49 * sqrt(2) * sqrt(.12)
    se = 5.49 * math.sqrt(2) * math.sqrt(0.12)
    assert s.reliable_change_index(10, 16, sd=5.49, reliability=0.88) == pytest.approx(6 / se)
    assert s.classify_change(10, 16, sd=5.49, reliability=0.88) == "improved"  # 6 points
    assert s.classify_change(10, 15, sd=5.49, reliability=0.88) == "unchanged"  # 5 points
    assert s.classify_change(16, 10, sd=5.49, reliability=0.88) == "deteriorated"
    assert s.classify_change(16, 10, sd=5.49, reliability=0.88,
                             higher_is_better=False) == "improved"
    counts = s.summarise([(10, 16), (10, 15), (16, 10)], sd=5.49, reliability=0.88)
    assert (counts.improved, counts.unchanged, counts.deteriorated) == (1, 1, 1)
    assert s.summarise([(1, 2)]).improved is None  # no reliability given: no counts
