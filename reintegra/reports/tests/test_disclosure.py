"""Disclosure control: each rule, and property tests that no suppressed figure can be
recovered from what is published. The checks here are written independently of the
module's own (linear algebra and scipy's linprog, not its MILP)."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from reintegra.reports import disclosure as d
from reintegra.reports.disclosure import T

# --- an independent attacker ----------------------------------------------------------------


def attacker_system(tables, protected, links=(), sums=()):
    """Unknowns: every suppressed figure; equations: every additive relation of every table,
    with published figures as constants, and linked figures equal."""
    unknowns, equations = {}, []

    def term(tid, key):
        pt = next(p for p in protected if p.id == tid)
        value = pt.figure(key)
        if value is None:
            return ("x", unknowns.setdefault((tid, key), len(unknowns)))
        return ("c", value)

    for t in tables:
        for eq in t.equations():
            equations.append([(coef, term(t.id, key)) for key, coef in eq.items()])
    for link in links:
        equations.append([(1, term(*link.a)), (-1, term(*link.b))])
    for relation in sums:  # a published total is the sum of its parts
        equations.append([(-1, term(*relation.total))]
                         + [(1, term(*part)) for part in relation.parts])
    n = len(unknowns)
    A, b = [], []
    for eq in equations:
        row, rhs = np.zeros(n), 0.0
        for coef, (kind, v) in eq:
            if kind == "x":
                row[v] += coef
            else:
                rhs -= coef * v
        if row.any():
            A.append(row)
            b.append(rhs)
    return unknowns, np.array(A, dtype=float).reshape(len(A), n), np.array(b)


def determined(A, i) -> bool:
    """Is unknown i fixed by the equations (e_i in the row space of A)?"""
    if A.size == 0:
        return False
    e = np.zeros(A.shape[1])
    e[i] = 1
    return np.linalg.matrix_rank(np.vstack([A, e])) == np.linalg.matrix_rank(A)


def lp_interval(A, b, i, lower):
    n = A.shape[1]
    out = []
    for sign in (1, -1):
        c = np.zeros(n)
        c[i] = sign
        res = linprog(c, A_eq=A if A.size else None, b_eq=b if A.size else None,
                      bounds=[(lo, None) for lo in lower], method="highs")
        if res.status == 3:
            out.append(np.inf * -sign)
        else:
            assert res.status == 0, res.message
            out.append(sign * res.fun)
    return out


def assert_unrecoverable(tables, protected, links=(), insider=True, sums=()):
    unknowns, A, b = attacker_system(tables, protected, links, sums)
    truth = {ref: next(t for t in tables if t.id == ref[0]).value(ref[1]) for ref in unknowns}
    for ref, i in unknowns.items():
        assert not determined(A, i), f"{ref} is determined by the published figures"
        lower = [1 if insider and truth[r] >= 1 else 0 for r in unknowns]
        lo, hi = lp_interval(A, b, i, lower)
        # >= 3 integer values needs the continuous interval to be at least 2 wide
        assert hi - lo >= 2 - 1e-6, f"{ref} narrowed to [{lo}, {hi}]"


# --- the rules, one by one ------------------------------------------------------------------


def test_k_is_never_below_3_and_defaults_to_10():
    assert d.effective_k(None) == 10
    assert d.effective_k(1) == 3
    assert d.effective_k(0) == 3
    assert d.effective_k(11) == 11


def test_every_count_below_k_is_suppressed_zeros_included():
    table = d.people_table("t", "t", ["a", "b", "c", "d"], ["n"], [[0], [12], [9], [30]])
    out = d.protect([table], k=10)[0]
    assert out.cells[0][0] is None  # a zero
    assert out.cells[2][0] is None  # 9 < 10
    assert out.cells[3][0] == 30
    assert all(v is None or v >= 10 for row in out.cells for v in row)


def test_a_lone_small_cell_takes_a_second_one_with_it():
    # one-way table with its total: 9 alone would be the total minus the rest
    table = d.people_table("t", "t", ["a", "b", "c"], ["n"], [[9], [12], [30]])
    out = d.protect([table], k=10)[0]
    assert out.grand_total == 51
    assert out.cells[0][0] is None
    assert out.cells[1][0] is None  # the smallest other cell, secondary
    assert out.reasons[(1, 0)] == d.SECONDARY
    assert out.cells[2][0] == 30
    assert_unrecoverable([table], [out])


def test_two_way_table_margins_do_not_give_a_cell_away():
    table = d.people_table("t", "t", ["PL", "abroad"], ["women", "men"], [[20, 3], [12, 15]])
    out = d.protect([table], k=10)[0]
    assert out.cells[0][1] is None
    hidden = sum(v is None for row in out.cells for v in row)
    assert hidden >= 4  # a 2x2 needs the whole rectangle
    assert_unrecoverable([table], [out])


def test_statistics_act_dominance_on_magnitudes():
    # 12 people, one with 100 of 120 hours: over 3/4
    records = [(0, 0, "big", 100)] + [(0, 0, f"p{i}", 20 / 11) for i in range(11)]
    table = d.magnitude_table("h", "hours", "hours", ["all"], ["x"], records)
    out = d.protect([table], k=10)[0]
    assert out.cells[0][0] is None
    assert out.reasons[(0, 0)] == d.DOMINANT


def test_magnitude_on_fewer_than_k_people_is_suppressed():
    records = [(0, 0, f"p{i}", 10) for i in range(5)] + [(1, 0, f"q{i}", 10) for i in range(20)]
    table = d.magnitude_table("h", "hours", "hours", ["a", "b"], ["x"], records)
    out = d.protect([table], k=10)[0]
    assert out.cells[0][0] is None
    assert out.reasons[(0, 0)] == d.PRIMARY


def test_p_percent_rule_protects_against_the_second_largest_contributor():
    # 10 people, shares below 3/4, but the two largest make nearly all of it
    records = [(0, 0, "a", 60), (0, 0, "b", 39)] + [(0, 0, f"p{i}", 0.1) for i in range(8)]
    assert d.magnitude_is_sensitive([r[3] for r in records], 10) == d.DOMINANT
    even = [10.0] * 10
    assert d.magnitude_is_sensitive(even, 10) is None


def test_statistics_on_fewer_than_k_people_are_withheld():
    stat = d.Statistic("m", "mean", 4.2, 9, "mean")
    assert d.protect_statistic(stat, 10, public=True).value is None
    assert d.protect_statistic(stat, 10, public=True).n is None
    assert d.protect_statistic(d.Statistic("m", "mean", 4.2, 10), 10, public=True).value == 4.2
    assert d.protect_statistic(stat, 10, public=False).value == 4.2


def test_a_statistic_does_not_give_away_a_hidden_figure():
    table = d.people_table("g", "g", ["women", "men", "other"], ["n"], [[14], [10], [0]])
    hidden_total = d.protect([table], k=10)[0]
    hidden_total.grand_total = None  # as secondary suppression may leave it
    shown = d.protect([table], k=10)[0]
    stat = d.Statistic("pct", "served / target", 80.0, 24, "percentage", ref=("g", (T, T)))
    assert d.protect_statistic(stat, 10, True, {"g": hidden_total}).value is None
    assert d.protect_statistic(stat, 10, True, {"g": shown}).value == 80.0
    loose = d.Statistic("rate", "attendance", 75.0, 12, "median")
    kept = d.protect_statistic(loose, 10, True, {})
    assert kept.value == 75.0 and kept.n is None  # an n in no table is not shown


def test_internal_audience_sees_everything():
    table = d.people_table("t", "t", ["a", "b"], ["n"], [[1], [2]])
    out = d.unprotected([table])[0]
    assert out.cells == [[1], [2]] and out.grand_total == 3


def test_linked_tables_a_cell_cannot_be_recovered_through_another_table():
    by_gender = d.people_table("g", "gender", ["women", "men"], ["n"], [[30], [15]])
    cross = d.people_table("ga", "gender x age", ["women", "men"], ["18-29", "30+"],
                           [[25, 5], [12, 3]])
    links = [d.Link(("g", (0, 0)), ("ga", (0, T))), d.Link(("g", (1, 0)), ("ga", (1, T))),
             d.Link(("g", (T, T)), ("ga", (T, T)))]
    out = d.protect([by_gender, cross], k=10, links=links)
    ga = out[1]
    assert ga.cells[0][1] is None and ga.cells[1][1] is None
    # the men's row total in the cross table would give 3 from 12: it must be protected,
    # and the same figure in the one-way table with it
    assert_unrecoverable([by_gender, cross], out, links)
    assert (out[0].cells[1][0] is None) == (ga.row_totals[1] is None)


def test_linked_figures_must_agree():
    a = d.people_table("a", "a", ["x"], ["n"], [[12]])
    b = d.people_table("b", "b", ["x"], ["n"], [[13]])
    with pytest.raises(ValueError):
        d.protect([a, b], links=[d.Link(("a", (T, T)), ("b", (T, T)))])


def test_insider_cannot_learn_that_one_other_person_shares_their_cell():
    # with 37, 20 and 15 published the two hidden cells hold 2 people: 0, 1 or 2 each
    # to an outsider, but the one in cell c knows c >= 1, so d is 0 or 1. The rule must
    # hide more (the 15).
    table = d.people_table("t", "t", ["a", "b", "c", "d"], ["n"], [[20], [15], [1], [1]])
    out = d.protect([table], k=10)[0]
    assert out.cells[1][0] is None
    assert_unrecoverable([table], [out], insider=True)
    assert d.protect([table], k=10, insider=False)[0].cells[1][0] == 15


def test_multi_select_table_publishes_the_people_not_a_sum():
    table = d.multi_select_table("e", "forms", ["labour", "sexual", "begging"], ["n"],
                                 [[25], [20], [2]], people=41)
    out = d.protect([table], k=10)[0]
    assert out.grand_total == 41
    assert out.cells[2][0] is None
    assert out.cells[0][0] == 25


def test_merging_categories_keeps_more_information():
    countries = d.people_table("c", "citizenship", ["PL", "UA", "BY", "VN", "NG"], ["n"],
                               [[20], [6], [5], [6], [4]])
    regions = d.merge_rows(countries, {"UA": "Eastern Europe", "BY": "Eastern Europe",
                                       "PL": "home", "VN": "Asia and Africa",
                                       "NG": "Asia and Africa"})
    chosen = d.choose_granularity([countries, regions], k=10)
    assert chosen is regions
    out = d.protect([chosen], k=10)[0]
    assert out.cells == [[20], [11], [10]]


def test_differencing_against_an_earlier_report_suppresses_the_small_difference():
    interim = d.protect([d.people_table("g", "gender", ["women", "men"], ["n"],
                                        [[30], [20]])], k=10)
    final_table = d.people_table("g", "gender", ["women", "men"], ["n"], [[32], [20]])
    final = d.protect([final_table], k=10, history=interim)
    assert d.difference_disclosures(final, interim, k=10) == []
    assert final[0].cells[0][0] is None  # 32 against 30: two people singled out
    assert final[0].grand_total is None or final[0].grand_total - 50 >= 10
    # without the history, the same table would be published whole
    assert d.protect([final_table], k=10)[0].cells[0][0] == 32
    assert d.difference_disclosures(d.protect([final_table], k=10), interim, k=10)


# --- property tests -------------------------------------------------------------------------


@st.composite
def random_tables(draw):
    rows = draw(st.integers(1, 4))
    cols = draw(st.integers(1, 4))
    cells = draw(st.lists(st.lists(st.integers(0, 25), min_size=cols, max_size=cols),
                          min_size=rows, max_size=rows))
    return d.people_table("t", "t", [f"r{i}" for i in range(rows)],
                          [f"c{j}" for j in range(cols)], cells)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=random_tables(), k=st.integers(0, 12))
def test_property_no_suppressed_cell_is_recoverable(table, k):
    out = d.protect([table], k=k)[0]
    kk = d.effective_k(k)
    for key in table.keys():
        value = out.figure(key)
        assert value is None or value >= kk  # primary: nothing below k is published
        assert value is None or value == table.value(key)  # no figure is altered
    assert_unrecoverable([table], [out])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=random_tables(), split=st.data())
def test_property_linked_tables_stay_protected(table, split):
    # a one-way table of the row totals of the random table, linked to it
    rows = len(table.row_labels)
    if rows < 2 or len(table.col_labels) < 2:
        return
    margin = d.people_table("m", "m", table.row_labels, ["n"],
                            [[table.row_total(r)] for r in range(rows)])
    links = [d.Link(("m", (r, 0)), ("t", (r, T))) for r in range(rows)]
    links.append(d.Link(("m", (T, T)), ("t", (T, T))))
    out = d.protect([table, margin], k=10, links=links)
    assert_unrecoverable([table, margin], out, links)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=random_tables())
def test_property_a_single_insider_learns_no_exact_cell(table):
    """Insider by insider (not all at once): the reader is in one hidden cell; no other
    hidden cell is pinned or narrowed below 3 values."""
    out = d.protect([table], k=10)[0]
    unknowns, A, b = attacker_system([table], [out])
    truth = {ref: table.value(ref[1]) for ref in unknowns}
    for insider, j in unknowns.items():
        if truth[insider] < 1:
            continue
        lower = [0] * len(unknowns)
        lower[j] = 1
        for ref, i in unknowns.items():
            lo, hi = lp_interval(A, b, i, lower)
            assert hi - lo >= 2 - 1e-6, (insider, ref, lo, hi)


@st.composite
def set_by_subgroup_tables(draw):
    """Completion per set of activities and subgroup (sets x subgroups rows), and a second
    table of the same people in the same rows (improvement)."""
    sets = draw(st.integers(1, 3))
    groups = draw(st.integers(2, 3))
    cols = draw(st.integers(1, 3))
    rows = sets * groups
    cells = draw(st.lists(st.lists(st.integers(0, 20), min_size=cols, max_size=cols),
                          min_size=rows, max_size=rows))
    fine = d.people_table("fine", "fine", [f"r{i}" for i in range(rows)],
                          [f"c{j}" for j in range(cols)], cells)
    split = []
    for r in range(rows):
        total = sum(cells[r])
        first = draw(st.integers(0, total))
        split.append([first, total - first])
    other = d.people_table("other", "other", fine.row_labels, ["yes", "no"], split)
    return fine, other, sets, groups


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables=set_by_subgroup_tables())
def test_property_per_set_totals_do_not_give_away_a_subgroup_cell(tables):
    fine, other, sets, groups = tables
    by_set, sums = d.summed_rows(fine, "by_set", "by set", [
        (f"s{i}", [i * groups + j for j in range(groups)]) for i in range(sets)])
    links = []
    if fine.has_row_totals():
        links = [d.Link(("other", (r, T)), ("fine", (r, T))) for r in range(len(fine.row_labels))]
    links.append(d.Link(("other", (T, T)), ("fine", (T, T))))
    out = d.protect([fine, by_set, other], k=10, links=links, sums=sums)
    for t, o in zip((fine, by_set, other), out, strict=True):
        for key in t.keys():
            assert o.figure(key) is None or o.figure(key) >= 10
    assert_unrecoverable([fine, by_set, other], out, links, sums=sums)


def test_a_sum_that_does_not_add_up_is_refused():
    fine = d.people_table("fine", "fine", ["a", "b"], ["n"], [[12], [13]])
    coarse = d.people_table("coarse", "coarse", ["ab"], ["n"], [[26]])
    with pytest.raises(ValueError):
        d.protect([fine, coarse], sums=[d.Sum(("coarse", (0, 0)),
                                              [("fine", (0, 0)), ("fine", (1, 0))])])


def test_a_per_set_total_beside_its_subgroups_gives_no_hidden_cell_away():
    """Without the relation, 25 = 15 + 10 + x published together would tell x = 0."""
    fine = d.people_table("fine", "fine", ["s: PL", "s: abroad", "s: unknown"], ["n"],
                          [[15], [10], [0]])
    by_set, sums = d.summed_rows(fine, "by_set", "by set", [("s", [0, 1, 2])])
    other = d.people_table("x", "x", ["t"], ["n"], [[25]])  # unlinked, just to be two
    protected = d.protect([fine, by_set, other], k=10, sums=sums)
    assert_unrecoverable([fine, by_set], protected[:2], sums=sums)
    assert protected[0].cells[2][0] is None
