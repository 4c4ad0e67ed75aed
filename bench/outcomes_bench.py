#!/usr/bin/env python
"""Times of the outcomes statistics (printed, never asserted): the exact signed-rank
p-value for 1,000 non-zero pairs (budget < 2 s), the whole summary, and the Monte Carlo
fallback for 100,000 pairs.  Run: ``.venv/bin/python bench/outcomes_bench.py``."""

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reintegra.outcomes import statistics as s  # noqa: E402


def timed(label, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label:<62} {time.perf_counter() - start:7.3f} s   {result}")


def main():
    rng = np.random.default_rng(1)
    tied = rng.integers(-8, 9, size=1000).astype(float)  # questionnaire-like: many ties
    tied[tied == 0] = 1
    distinct = rng.normal(0.05, 1, size=1000)  # no ties at all
    timed("exact p, 1,000 pairs, 16 distinct |change| (ties)", lambda: s.exact_p_value(tied))
    timed("exact p, 1,000 pairs, all distinct", lambda: s.exact_p_value(distinct))
    timed("whole summary, 1,000 tied pairs", lambda: s.summarise(
        [(0, x) for x in tied], sd=5.0, reliability=0.85).p_value)
    big = rng.integers(-10, 12, size=100_000).astype(float)
    timed("Monte Carlo p (100,000 flips), 100,000 pairs", lambda: s.wilcoxon_p_value(big))
    timed("whole summary, 100,000 pairs", lambda: s.summarise(
        [(0, x) for x in big], sd=5.0, reliability=0.85).method)


if __name__ == "__main__":
    main()
