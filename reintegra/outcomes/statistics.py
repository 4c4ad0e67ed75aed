"""Paired before/after statistics for small cohorts: pure functions, no Django.

Conventions (docs/outcomes.md, "Statistics"):

- change = after - before, for every pair;
- the Wilcoxon signed-rank test ranks |change| over the NON-ZERO changes, with mid-ranks
  for ties; zero changes are dropped from the test (``zero_method="wilcox"``) but kept in
  the median change and in the Hodges-Lehmann estimate (the median of all Walsh averages
  (d_i + d_j) / 2, i <= j);
- the two-sided p-value is EXACT up to ``EXACT_LIMIT`` non-zero pairs, ties and all, by the
  shift algorithm (Streitberg & Röhmel 1986): mid-ranks doubled are integers, so the exact
  permutation distribution of the sum of positive doubled mid-ranks under the 2^n equally
  likely sign flips is built by dynamic programming over integer scores (as R's
  ``exactRankTests``/``coin`` do). SciPy's ``wilcoxon(method="exact")`` uses the no-ties
  table and is therefore NOT exact when changes tie (questionnaire totals do);
- beyond ``EXACT_LIMIT`` a seeded Monte Carlo of ``MONTE_CARLO_RESAMPLES`` sign flips;
- the matched-pairs rank-biserial r = (R+ - R-) / (R+ + R-) (Kerby 2014) with a seeded
  percentile bootstrap 95 % interval (None under 2 non-zero pairs);
- the Jacobson-Truax reliable change index per client,
  RCI = (x2 - x1) / (SD * sqrt(2) * sqrt(1 - reliability)); |RCI| > 1.96 is reliable.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

EXACT_LIMIT = 1000  # non-zero pairs; measured: bench/outcomes_bench.py
MONTE_CARLO_RESAMPLES = 100_000
BOOTSTRAP_RESAMPLES = 4_000
SEED = 20_260_101  # fixed, so that the same data always print the same figures
RESCALE_EVERY = 512  # 2^512 counts stay far below the float64 limit (2^1024)
RCI_THRESHOLD = 1.96  # Jacobson & Truax 1991: p < .05 two-sided

METHOD_EXACT = "exact (shift algorithm, mid-ranks)"
METHOD_MONTE_CARLO = "Monte Carlo ({n} sign flips, seed {seed})"
METHOD_NONE = "none (no non-zero change)"


@dataclass(frozen=True)
class PairedSummary:
    n_pairs: int
    n_nonzero: int
    median_change: float | None
    hodges_lehmann: float | None
    r_plus: float
    r_minus: float
    p_value: float | None
    method: str
    rank_biserial: float | None
    rank_biserial_ci: list[float] | None
    improved: int | None
    unchanged: int | None
    deteriorated: int | None

    def as_dict(self) -> dict:
        return asdict(self)


def changes_of(pairs) -> np.ndarray:
    """after - before for each (before, after) pair."""
    arr = np.asarray(list(pairs), dtype=float).reshape(-1, 2)
    return arr[:, 1] - arr[:, 0]


def midranks(values) -> np.ndarray:
    """Ranks 1..n of ``values`` with ties given the mean of the ranks they share."""
    values = np.asarray(values, dtype=float)
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    # Start of each run of equal values, and the run it belongs to.
    starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    ends = np.r_[starts[1:], len(values)]  # exclusive
    run_rank = (starts + 1 + ends) / 2.0  # mean of ranks starts+1 .. ends
    run_of = np.repeat(np.arange(len(starts)), ends - starts)
    ranks = np.empty(len(values))
    ranks[order] = run_rank[run_of]
    return ranks


def signed_rank_sums(changes) -> tuple[float, float]:
    """R+ and R-: the sums of the mid-ranks of |change| over the non-zero changes."""
    d = np.asarray(changes, dtype=float)
    d = d[d != 0]
    if d.size == 0:
        return 0.0, 0.0
    ranks = midranks(np.abs(d))
    return float(ranks[d > 0].sum()), float(ranks[d < 0].sum())


def _doubled_scores(nonzero) -> tuple[np.ndarray, int]:
    """Doubled mid-ranks of |d| (integers) and the doubled R+."""
    ranks2 = np.rint(2 * midranks(np.abs(nonzero))).astype(np.int64)
    return ranks2, int(ranks2[nonzero > 0].sum())


def exact_p_value(changes) -> float | None:
    """The exact two-sided p-value of the signed-rank test with mid-ranks (shift algorithm).

    Under H0 each non-zero change is positive or negative with probability 1/2,
    independently; the statistic T = sum of the doubled mid-ranks of the positive changes.
    Its distribution is symmetric about S/2 (S = the sum of all scores), so
    p = P(|T - S/2| >= |t - S/2|) = min(1, 2 * P(T <= min(t, S - t))). Only the lower tail
    up to that bound is needed, so the DP array is cut there: each score a is folded in
    as N_new[s] = N[s] + N[s - a] (N counts sign patterns; P = N / 2^n). Scores are
    divided by their greatest common divisor first.
    """
    d = np.asarray(changes, dtype=float)
    d = d[d != 0]
    if d.size == 0:
        return None
    scores, t = _doubled_scores(d)
    g = int(np.gcd.reduce(scores))
    scores = np.sort(scores // g)
    total = int(scores.sum())
    t //= g
    bound = min(t, total - t)
    # Counts of sign patterns (not yet divided by 2^n), rescaled by an exact power of two
    # every RESCALE_EVERY scores so that they never overflow; one pass per score.
    counts = np.zeros(bound + 1)
    counts[0] = 1.0
    reach = 0  # the largest sum reachable so far: the array beyond it is zero
    pending = 0  # factors of 2 not yet divided out
    for a in scores.tolist():
        top = min(reach + a, bound)
        if a <= top:
            # counts[s] += counts[s - a]; numpy buffers the overlapping operands, so the
            # right-hand side is the old array (as the recurrence needs).
            counts[a: top + 1] += counts[: top + 1 - a]
        reach = top
        pending += 1
        if pending == RESCALE_EVERY:
            counts *= 2.0 ** -RESCALE_EVERY
            pending = 0
    prob_lower_tail = float(counts.sum()) * 2.0 ** -pending
    return float(min(1.0, 2.0 * prob_lower_tail))


def _grouped(nonzero) -> tuple[np.ndarray, np.ndarray]:
    """Distinct doubled scores and how many non-zero changes carry each."""
    scores, _ = _doubled_scores(nonzero)
    return np.unique(scores, return_counts=True)


def monte_carlo_p_value(changes, *, resamples=MONTE_CARLO_RESAMPLES, seed=SEED) -> float | None:
    """Two-sided p-value from ``resamples`` random sign flips (seeded).

    Tied changes share a score, so the sum over a group of m tied changes is the score
    times a Binomial(m, 1/2) count: the same distribution as flipping each sign, drawn
    group by group. p = (1 + #{|T - S/2| >= |t - S/2|}) / (1 + resamples).
    """
    d = np.asarray(changes, dtype=float)
    d = d[d != 0]
    if d.size == 0:
        return None
    doubled, t = _doubled_scores(d)
    values, counts = np.unique(doubled, return_counts=True)
    centre = doubled.sum() / 2.0
    observed = abs(t - centre)
    rng = np.random.default_rng(seed)
    extreme = 0
    chunk = max(1, min(resamples, 5_000_000 // max(1, len(values))))
    done = 0
    while done < resamples:
        size = min(chunk, resamples - done)
        positives = rng.binomial(counts, 0.5, size=(size, len(values)))
        stats = positives @ values
        extreme += int(np.count_nonzero(np.abs(stats - centre) >= observed))
        done += size
    return (1 + extreme) / (1 + resamples)


def wilcoxon_p_value(changes, *, exact_limit=EXACT_LIMIT, resamples=MONTE_CARLO_RESAMPLES,
                     seed=SEED) -> tuple[float | None, str]:
    """The p-value and the name of the method that gave it."""
    d = np.asarray(changes, dtype=float)
    n_nonzero = int(np.count_nonzero(d))
    if n_nonzero == 0:
        return None, METHOD_NONE
    if n_nonzero <= exact_limit:
        return exact_p_value(d), METHOD_EXACT
    return (monte_carlo_p_value(d, resamples=resamples, seed=seed),
            METHOD_MONTE_CARLO.format(n=resamples, seed=seed))


def hodges_lehmann(changes) -> float | None:
    """The median of all Walsh averages (d_i + d_j) / 2 for i <= j, zeros included.

    Computed over the distinct values with their multiplicities (a pair of distinct values
    v_i < v_j occurs m_i * m_j times, a value with itself m_i (m_i + 1) / 2 times), so
    questionnaire totals with few distinct changes cost little whatever the cohort size.
    """
    d = np.asarray(changes, dtype=float)
    if d.size == 0:
        return None
    values, counts = np.unique(d, return_counts=True)
    i, j = np.triu_indices(len(values))
    averages = (values[i] + values[j]) / 2.0
    weights = np.where(i == j, counts[i] * (counts[i] + 1) // 2, counts[i] * counts[j])
    return _weighted_median(averages, weights.astype(np.int64))


def _weighted_median(values, weights) -> float:
    """The median of the multiset in which each value occurs ``weight`` times."""
    order = np.argsort(values, kind="mergesort")
    values, weights = values[order], weights[order]
    cumulative = np.cumsum(weights)
    total = int(cumulative[-1])
    # 0-based positions of the middle element(s) of the expanded, sorted multiset.
    low = np.searchsorted(cumulative, (total - 1) // 2 + 1)
    high = np.searchsorted(cumulative, total // 2 + 1)
    return float((values[low] + values[high]) / 2.0)


def rank_biserial(changes) -> float | None:
    r_plus, r_minus = signed_rank_sums(changes)
    if r_plus + r_minus == 0:
        return None
    return (r_plus - r_minus) / (r_plus + r_minus)


def rank_biserial_ci(changes, *, resamples=BOOTSTRAP_RESAMPLES, seed=SEED,
                     level=0.95) -> list[float] | None:
    """A percentile bootstrap interval for the rank-biserial r (pairs resampled with
    replacement, seeded); None under 2 non-zero pairs.

    Each resample is drawn as counts over the distinct changes (a multinomial), and the
    mid-ranks are computed from those counts, so the cost does not grow with n. Resamples
    without a non-zero change have no r and are left out.
    """
    d = np.asarray(changes, dtype=float)
    if np.count_nonzero(d) < 2:
        return None
    values, counts = np.unique(d, return_counts=True)
    rng = np.random.default_rng(seed)
    drawn = rng.multinomial(d.size, counts / d.size, size=resamples)  # (B, G)
    nonzero = values != 0
    values, drawn = values[nonzero], drawn[:, nonzero]
    magnitudes, group = np.unique(np.abs(values), return_inverse=True)
    # Counts per |value| (ranks are over |d|), then each group's mid-rank per resample.
    by_magnitude = np.zeros((resamples, len(magnitudes)), dtype=np.int64)
    for column, g in enumerate(group):
        by_magnitude[:, g] += drawn[:, column]
    before = np.cumsum(by_magnitude, axis=1) - by_magnitude
    mid = before + (by_magnitude + 1) / 2.0
    rank_of_value = mid[:, group]  # (B, G) the mid-rank each distinct value carries
    signed = np.where(values > 0, 1.0, -1.0)
    r_diff = (drawn * rank_of_value * signed).sum(axis=1)
    r_total = (drawn * rank_of_value).sum(axis=1)
    valid = r_total > 0
    r = r_diff[valid] / r_total[valid]
    alpha = (1 - level) / 2
    low, high = np.quantile(r, [alpha, 1 - alpha])
    return [float(low), float(high)]


def reliable_change_index(before, after, *, sd, reliability) -> float:
    """Jacobson & Truax (1991): (x2 - x1) / (SD * sqrt(2) * sqrt(1 - reliability))."""
    standard_error_of_difference = sd * math.sqrt(2) * math.sqrt(1 - reliability)
    return (after - before) / standard_error_of_difference


def classify_change(before, after, *, sd, reliability, higher_is_better=True) -> str:
    """"improved", "unchanged" or "deteriorated" by |RCI| > 1.96."""
    rci = reliable_change_index(before, after, sd=sd, reliability=reliability)
    if not higher_is_better:
        rci = -rci
    if rci > RCI_THRESHOLD:
        return "improved"
    if rci < -RCI_THRESHOLD:
        return "deteriorated"
    return "unchanged"


def reliable_change_counts(pairs, *, sd, reliability, higher_is_better=True) -> dict:
    counts = {"improved": 0, "unchanged": 0, "deteriorated": 0}
    for before, after in pairs:
        counts[classify_change(before, after, sd=sd, reliability=reliability,
                               higher_is_better=higher_is_better)] += 1
    return counts


def summarise(pairs, *, sd=None, reliability=None, higher_is_better=True,
              exact_limit=EXACT_LIMIT, seed=SEED) -> PairedSummary:
    """Every figure of ``manage.py outcome_stats`` for (before, after) pairs."""
    pairs = [(float(b), float(a)) for b, a in pairs]
    d = changes_of(pairs)
    r_plus, r_minus = signed_rank_sums(d)
    p_value, method = wilcoxon_p_value(d, exact_limit=exact_limit, seed=seed)
    if sd is not None and reliability is not None and sd > 0 and 0 <= reliability < 1:
        counts = reliable_change_counts(pairs, sd=sd, reliability=reliability,
                                        higher_is_better=higher_is_better)
    else:
        counts = {"improved": None, "unchanged": None, "deteriorated": None}
    return PairedSummary(
        n_pairs=len(pairs),
        n_nonzero=int(np.count_nonzero(d)),
        median_change=float(np.median(d)) if d.size else None,
        hodges_lehmann=hodges_lehmann(d),
        r_plus=r_plus,
        r_minus=r_minus,
        p_value=p_value,
        method=method,
        rank_biserial=rank_biserial(d),
        rank_biserial_ci=rank_biserial_ci(d, seed=seed),
        **counts,
    )
