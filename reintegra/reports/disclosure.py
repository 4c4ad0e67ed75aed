"""Statistical disclosure control for everything the report publishes.

Pure functions over tables of numbers: no database, no Django. The rules and their sources
are written out in docs/reports.md; in short:

* **Threshold k** (setting ``REPORT_DISCLOSURE_K``, default 10, never below 3) on every count
  of people, zeros included: a published count is at least k.
* **Polish statistics act** (ustawa o statystyce publicznej, 29.06.1995, art. 38(2)): no
  figure on fewer than 3 units (k >= 3 enforces it) and no magnitude (hours, sessions)
  where one person makes over 3/4 of it (``DOMINANCE``).
* **Insider**: a person who knows their own contribution must not learn another's. For
  magnitudes the p%-rule (Hundepool et al., *Statistical Disclosure Control*, Wiley 2012,
  section 4.2.2; p = 10 is our choice, unverified against any national practice): the
  second-largest contributor, subtracting themselves, must not estimate the largest one
  to within p%. For counts, the feasibility check below is done with every non-empty
  suppressed cell known to hold at least one person (every insider at once).
* **Secondary suppression**: every suppressed cell (margins included) must keep at least
  ``MIN_FEASIBLE_VALUES`` = 3 possible integer values given every published figure of the
  report: the row, column and grand totals and the tables it shares cells with (linked
  tables). Checked exactly, by mixed-integer programming (scipy's HiGHS), in the spirit
  of Statistics Norway's GaussSuppression (the reference method): cells are added
  greedily, smallest first, until no suppressed cell can be recomputed or narrowed.
* **Statistics** (percentages, means, medians) only over at least k people.
* **Differencing**: a new public table is compared with the same table of every public
  report kept before; a published cell whose difference from the earlier one is between
  1 and k-1 people is suppressed (and secondary suppression runs again).

The internal audience (coordinators only) gets the figures unprotected.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

DEFAULT_K = 10
MIN_K = 3  # art. 38(2): no figure on fewer than 3 units
DOMINANCE = 0.75  # art. 38(2): no magnitude where one unit makes over 3/4 of it
P_PERCENT = 0.10  # p%-rule against the insider (our choice, see the module docstring)
MIN_FEASIBLE_VALUES = 3  # a suppressed cell may not be narrowed to fewer possible values

T = "T"  # the key of a margin: (table, r, T) row total, (table, T, c) column total

PRIMARY = "primary"
SECONDARY = "secondary"
DIFFERENCE = "difference"
DOMINANT = "dominance"


def effective_k(k: int | None) -> int:
    """The threshold in force: the setting, or 10, and never below 3 whatever is asked."""
    if k is None:
        k = DEFAULT_K
    return max(int(k), MIN_K)


# --- Tables ---------------------------------------------------------------------------------


@dataclass
class Table:
    """One table of true figures. ``additive`` tables count each unit in exactly one cell,
    so their margins are sums; a multi-select table (one person, several forms of
    exploitation) is not additive and publishes only its grand total (distinct people).

    For magnitudes (unit other than "people"), ``contributions`` maps each cell key
    ``(r, c)`` (margins with ``T``) to the per-person amounts that make it up."""

    id: str
    title: str
    unit: str
    row_labels: list[str]
    col_labels: list[str]
    cells: list[list[int]]
    additive: bool = True
    grand_total_override: int | None = None  # distinct people of a non-additive table
    contributions: dict | None = None

    @property
    def is_people(self) -> bool:
        return self.unit == "people"

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.row_labels), len(self.col_labels)

    def is_two_way(self) -> bool:
        return len(self.row_labels) > 1 and len(self.col_labels) > 1

    def has_row_totals(self) -> bool:
        """A one-way table's only margin is its grand total."""
        return self.additive and self.is_two_way()

    def has_col_totals(self) -> bool:
        return self.additive and self.is_two_way()

    def row_total(self, r: int) -> int:
        return sum(self.cells[r])

    def col_total(self, c: int) -> int:
        return sum(row[c] for row in self.cells)

    def grand_total(self) -> int:
        if self.grand_total_override is not None:
            return self.grand_total_override
        return sum(sum(row) for row in self.cells)

    def value(self, key) -> int:
        r, c = key
        if r == T and c == T:
            return self.grand_total()
        if c == T:
            return self.row_total(r)
        if r == T:
            return self.col_total(c)
        return self.cells[r][c]

    def keys(self) -> list[tuple]:
        """Every published figure of the table: cells, then the margins it has."""
        rows, cols = self.shape
        keys = [(r, c) for r in range(rows) for c in range(cols)]
        if self.has_row_totals():
            keys += [(r, T) for r in range(rows)]
        if self.has_col_totals():
            keys += [(T, c) for c in range(cols)]
        keys.append((T, T))
        return keys

    def equations(self) -> list[dict]:
        """Linear equations between the keys: sum of coef * x = 0."""
        if not self.additive:
            return []
        rows, cols = self.shape
        eqs = []
        row_key = (lambda r: (r, T)) if self.has_row_totals() else (lambda r: (r, 0))
        col_key = (lambda c: (T, c)) if self.has_col_totals() else (lambda c: (0, c))
        if self.has_row_totals():
            for r in range(rows):
                eq = {(r, c): 1 for c in range(cols)}
                eq[(r, T)] = -1
                eqs.append(eq)
        if self.has_col_totals():
            for c in range(cols):
                eq = {(r, c): 1 for r in range(rows)}
                eq[(T, c)] = -1
                eqs.append(eq)
        # the grand total, from the rows and from the columns
        eq = {}
        for r in range(rows):
            if self.has_row_totals() or cols == 1:
                eq[row_key(r)] = eq.get(row_key(r), 0) + 1
        if eq:
            eq[(T, T)] = -1
            eqs.append(eq)
        eq = {}
        for c in range(cols):
            if self.has_col_totals() or rows == 1:
                eq[col_key(c)] = eq.get(col_key(c), 0) + 1
        if eq:
            eq[(T, T)] = -1
            eqs.append(eq)
        return eqs

    def inequalities(self) -> list[dict]:
        """sum of coef * x <= 0. A non-additive (multi-select) table: each cell is at most
        the people counted, and the cells together at least as many."""
        if self.additive:
            return []
        rows, cols = self.shape
        ineqs = [{(r, c): 1, (T, T): -1} for r in range(rows) for c in range(cols)]
        together = {(r, c): -1 for r in range(rows) for c in range(cols)}
        together[(T, T)] = 1
        ineqs.append(together)
        return ineqs


def people_table(id, title, row_labels, col_labels, cells) -> Table:
    return Table(id=id, title=title, unit="people", row_labels=list(row_labels),
                 col_labels=list(col_labels), cells=[list(map(int, row)) for row in cells])


def multi_select_table(id, title, row_labels, col_labels, cells, people: int) -> Table:
    return Table(id=id, title=title, unit="people", row_labels=list(row_labels),
                 col_labels=list(col_labels), cells=[list(map(int, row)) for row in cells],
                 additive=False, grand_total_override=int(people))


def magnitude_table(id, title, unit, row_labels, col_labels,
                    records: Iterable[tuple[int, int, object, float]]) -> Table:
    """A table of sums (hours, sessions) from (row, column, person, amount) records. Cells
    are rounded to whole units after summing (the published figures are whole hours)."""
    rows, cols = len(row_labels), len(col_labels)
    per_person: dict[tuple, dict] = {}
    for r, c, person, amount in records:
        for key in ((r, c), (r, T), (T, c), (T, T)):
            bucket = per_person.setdefault(key, {})
            bucket[person] = bucket.get(person, 0) + float(amount)
    cells = [[int(round(sum(per_person.get((r, c), {}).values()))) for c in range(cols)]
             for r in range(rows)]
    contributions = {key: sorted(bucket.values(), reverse=True)
                     for key, bucket in per_person.items()}
    return Table(id=id, title=title, unit=unit, row_labels=list(row_labels),
                 col_labels=list(col_labels), cells=cells, contributions=contributions)


# --- Primary rules --------------------------------------------------------------------------


def count_is_sensitive(value: int, k: int) -> bool:
    """Every count below k, zeros included (a zero also tells: "nobody of them")."""
    return value < k


def magnitude_is_sensitive(amounts: Sequence[float], k: int) -> str | None:
    """Why a sum of per-person amounts may not be published, or None."""
    amounts = sorted((a for a in amounts if a > 0), reverse=True)
    if len(amounts) < k:
        return PRIMARY
    total = sum(amounts)
    if amounts[0] > DOMINANCE * total:
        return DOMINANT
    second = amounts[1] if len(amounts) > 1 else 0.0
    # p%-rule: what the second-largest contributor cannot know (everyone but themselves
    # and the largest) must exceed p% of the largest.
    if total - amounts[0] - second < P_PERCENT * amounts[0]:
        return DOMINANT
    return None


def primary_reasons(table: Table, k: int) -> dict[tuple, str]:
    reasons = {}
    for key in table.keys():
        if table.is_people:
            if count_is_sensitive(table.value(key), k):
                reasons[key] = PRIMARY
        else:
            why = magnitude_is_sensitive((table.contributions or {}).get(key, []), k)
            if why:
                reasons[key] = why
    return reasons


# --- Linked problem -------------------------------------------------------------------------


class _Links:
    """Union-find over (table id, key): linked cells are one figure, published or not
    together."""

    def __init__(self):
        self.parent = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb, key=repr)] = min(ra, rb, key=repr)


@dataclass
class Link:
    """Two figures of a report that are the same number (e.g. the grand totals of two
    tables of the same people, or a 1-way table and the margins of a 2-way one)."""

    a: tuple  # (table id, key)
    b: tuple


@dataclass
class Sum:
    """A figure of the report that is the sum of other figures: a coarser table derived
    from a finer one (completion per set of activities is the sum, over the subgroups, of
    completion per set and subgroup). Linear algebra over the published figures sees the
    relation, so secondary suppression must too."""

    total: tuple  # (table id, key)
    parts: list[tuple]  # [(table id, key), ...]


@dataclass
class Problem:
    tables: list[Table]
    links: list[Link] = field(default_factory=list)
    sums: list[Sum] = field(default_factory=list)

    def __post_init__(self):
        self.by_id = {t.id: t for t in self.tables}
        self._links = _Links()
        for t in self.tables:
            for key in t.keys():
                self._links.find((t.id, key))
        for link in self.links:
            va, vb = self.true_value(link.a), self.true_value(link.b)
            if va != vb:
                raise ValueError(f"linked figures differ: {link.a}={va}, {link.b}={vb}")
            self._links.union(link.a, link.b)
        self.variables = sorted({self._links.find((t.id, k)) for t in self.tables
                                 for k in t.keys()}, key=repr)
        self.index = {v: i for i, v in enumerate(self.variables)}
        self.members: dict = {}
        for t in self.tables:
            for key in t.keys():
                self.members.setdefault(self.var((t.id, key)), []).append((t.id, key))
        self.values = np.array([self.true_value(v) for v in self.variables], dtype=float)
        self.eq_rows = [self._row(t, eq) for t in self.tables for eq in t.equations()]
        for relation in self.sums:
            total = self.true_value(relation.total)
            parts = sum(self.true_value(part) for part in relation.parts)
            if total != parts:
                raise ValueError(f"{relation.total}={total} is not the sum of its parts "
                                 f"({parts})")
            row = np.zeros(len(self.variables))
            row[self.index[self.var(relation.total)]] -= 1
            for part in relation.parts:
                row[self.index[self.var(part)]] += 1
            if np.any(row != 0):
                self.eq_rows.append(row)
        self.ub_rows = [self._row(t, eq) for t in self.tables for eq in t.inequalities()]
        self.integer = True
        self.people = np.array([self.by_id[v[0]].is_people for v in self.variables])

    def true_value(self, ref) -> int:
        tid, key = ref
        return self.by_id[tid].value(key)

    def var(self, ref):
        return self._links.find(ref)

    def _row(self, table, eq) -> np.ndarray:
        row = np.zeros(len(self.variables))
        for key, coef in eq.items():
            row[self.index[self.var((table.id, key))]] += coef
        return row


def feasible_interval(problem: Problem, suppressed: set[int], i: int,
                      insider: bool = True) -> tuple[float, float]:
    """The least and greatest integer value variable i can take given every published
    figure (exact, by MILP). With ``insider``, every suppressed count that is not zero is
    known to be at least 1 (someone in it may be the reader)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    hidden = sorted(suppressed)
    pos = {v: j for j, v in enumerate(hidden)}
    published = [v for v in range(len(problem.variables)) if v not in suppressed]
    constraints = []
    for rows, kind in ((problem.eq_rows, "eq"), (problem.ub_rows, "ub")):
        if not rows:
            continue
        A = np.array(rows)
        rhs = -A[:, published] @ problem.values[published]
        A_hidden = A[:, hidden]
        keep = np.any(A_hidden != 0, axis=1)
        if not keep.any():
            continue
        if kind == "eq":
            constraints.append(LinearConstraint(A_hidden[keep], rhs[keep], rhs[keep]))
        else:
            constraints.append(LinearConstraint(A_hidden[keep], -np.inf, rhs[keep]))
    lower = np.zeros(len(hidden))
    if insider:
        for v in hidden:
            if problem.people[v] and problem.values[v] >= 1:
                lower[pos[v]] = 1
    bounds = Bounds(lower, np.full(len(hidden), np.inf))
    integrality = np.ones(len(hidden))
    result = []
    for sign in (1, -1):
        c = np.zeros(len(hidden))
        c[pos[i]] = sign
        res = milp(c, constraints=constraints, bounds=bounds, integrality=integrality)
        if res.status != 0:
            # The true figures are always a solution, so the only way not to reach an
            # optimum is an unbounded direction (HiGHS may say "infeasible or unbounded").
            result.append(-sign * math.inf)
        else:
            result.append(sign * res.fun)
    return result[0], result[1]


def possible_values(interval: tuple[float, float]) -> float:
    lo, hi = interval
    if math.isinf(hi):
        return math.inf
    return math.floor(hi + 1e-6) - math.ceil(lo - 1e-6) + 1


# --- Protection -----------------------------------------------------------------------------


@dataclass
class ProtectedTable:
    id: str
    title: str
    unit: str
    row_labels: list[str]
    col_labels: list[str]
    cells: list[list[int | None]]
    row_totals: list[int | None] | None
    col_totals: list[int | None] | None
    grand_total: int | None
    reasons: dict = field(default_factory=dict)  # key -> why suppressed (never published)

    def as_json(self) -> dict:
        return {"id": self.id, "title": self.title, "unit": self.unit,
                "row_labels": self.row_labels, "col_labels": self.col_labels,
                "cells": self.cells, "row_totals": self.row_totals,
                "col_totals": self.col_totals, "grand_total": self.grand_total}

    def figure(self, key):
        r, c = key
        if r == T and c == T:
            return self.grand_total
        if c == T:
            return None if self.row_totals is None else self.row_totals[r]
        if r == T:
            return None if self.col_totals is None else self.col_totals[c]
        return self.cells[r][c]

    @property
    def suppressed_count(self) -> int:
        return sum(v is None for row in self.cells for v in row)


def _publish(table: Table, hidden_keys: set, reasons: dict) -> ProtectedTable:
    def shown(key):
        return None if key in hidden_keys else table.value(key)

    rows, cols = table.shape
    return ProtectedTable(
        id=table.id, title=table.title, unit=table.unit, row_labels=table.row_labels,
        col_labels=table.col_labels,
        cells=[[shown((r, c)) for c in range(cols)] for r in range(rows)],
        row_totals=[shown((r, T)) for r in range(rows)] if table.has_row_totals() else None,
        col_totals=[shown((T, c)) for c in range(cols)] if table.has_col_totals() else None,
        grand_total=shown((T, T)), reasons=reasons,
    )


def unprotected(tables: list[Table]) -> list[ProtectedTable]:
    """The internal audience: every figure as it is."""
    return [_publish(t, set(), {}) for t in tables]


def protect(tables: list[Table], *, k: int | None = None, links: Sequence[Link] = (),
            history: Sequence[ProtectedTable] = (), insider: bool = True,
            sums: Sequence[Sum] = ()) -> list[ProtectedTable]:
    """Primary and secondary suppression over the tables of one report, linked (equal
    figures) and summed (a figure that is the sum of others)."""
    k = effective_k(k)
    problem = Problem(list(tables), list(links), list(sums))
    why: dict[int, str] = {}
    for t in tables:
        for key, reason in primary_reasons(t, k).items():
            why.setdefault(problem.index[problem.var((t.id, key))], reason)
    for i, reason in _differences(problem, history, k).items():
        why.setdefault(i, reason)
    suppressed = set(why)
    _secondary(problem, suppressed, why, insider)
    return _result(problem, suppressed, why)


def _result(problem, suppressed, why) -> list[ProtectedTable]:
    out = []
    for t in problem.tables:
        hidden, reasons = set(), {}
        for key in t.keys():
            i = problem.index[problem.var((t.id, key))]
            if i in suppressed:
                hidden.add(key)
                reasons[key] = why.get(i, SECONDARY)
        out.append(_publish(t, hidden, reasons))
    return out


def _secondary(problem: Problem, suppressed: set[int], why: dict, insider: bool) -> None:
    """Suppress more cells until every suppressed one keeps >= 3 possible values.
    Suppressing more only widens the feasible set, so a cell once safe stays safe."""
    safe: set[int] = set()
    while True:
        weak = None
        for i in sorted(suppressed - safe):
            if possible_values(feasible_interval(problem, suppressed, i, insider)) \
                    >= MIN_FEASIBLE_VALUES:
                safe.add(i)
            else:
                weak = i
                break
        if weak is None:
            return
        candidate = _cheapest(problem, suppressed, _relevant(problem, suppressed, weak))
        if candidate is None:
            # Pinned by the tables' structure alone (an empty table's zero total): no
            # published figure bears on it, so it tells nothing about anyone.
            safe.add(weak)
            continue
        suppressed.add(candidate)
        why.setdefault(candidate, SECONDARY)


def _relevant(problem: Problem, suppressed: set[int], weak: int) -> set[int]:
    """The published figures that bear on a hidden one: those in an equation with it or
    with a hidden figure linked to it through other equations (nothing else can narrow
    it, so nothing else is worth hiding)."""
    rows = [*problem.eq_rows, *problem.ub_rows]
    seen, queue, published = {weak}, [weak], set()
    while queue:
        i = queue.pop()
        for row in rows:
            if row[i] == 0:
                continue
            for j in np.nonzero(row)[0].tolist():
                if j in suppressed:
                    if j not in seen:
                        seen.add(j)
                        queue.append(j)
                else:
                    published.add(j)
    return published


def _cheapest(problem, suppressed, candidates) -> int | None:
    """The published figure whose loss costs least: an inner cell before a margin, the
    smallest value first (GaussSuppression's default priority is similar)."""
    pool = [j for j in candidates if j not in suppressed]
    if not pool:
        return None

    def cost(j):
        members = problem.members[problem.variables[j]]
        is_margin = any(T in key for _tid, key in members)
        # a figure shared by several tables costs each of them
        return (is_margin, len(members), problem.values[j], repr(problem.variables[j]))

    return min(pool, key=cost)


# --- Differencing between reports -----------------------------------------------------------


def _differences(problem: Problem, history: Sequence[ProtectedTable], k: int) -> dict:
    """Cells whose difference from the same cell of an earlier public report is 1..k-1
    people: publishing both would single those people out."""
    out = {}
    for old in history:
        new = problem.by_id.get(old.id)
        if new is None or not new.is_people:
            continue
        for key in new.keys():
            old_value = _matching(old, new, key)
            if old_value is None:
                continue
            if 0 < abs(new.value(key) - old_value) < k:
                out[problem.index[problem.var((new.id, key))]] = DIFFERENCE
    return out


def _matching(old: ProtectedTable, new: Table, key):
    """The earlier published figure for the same row and column labels, if published."""
    r, c = key
    try:
        old_r = T if r == T else old.row_labels.index(new.row_labels[r])
        old_c = T if c == T else old.col_labels.index(new.col_labels[c])
    except ValueError:
        return None
    return old.figure((old_r, old_c))


def difference_disclosures(new: Sequence[ProtectedTable], history: Sequence[ProtectedTable],
                           k: int | None = None) -> list[tuple[str, tuple, int]]:
    """(table id, key, difference) for every published pair that differs by 1..k-1: empty
    for a report that is safe to publish beside the earlier ones."""
    k = effective_k(k)
    found = []
    for old in history:
        for table in new:
            if table.id != old.id or table.unit != "people":
                continue
            rows, cols = len(table.row_labels), len(table.col_labels)
            keys = [(r, c) for r in range(rows) for c in range(cols)]
            keys += [(r, T) for r in range(rows)] + [(T, c) for c in range(cols)] + [(T, T)]
            for key in keys:
                value = table.figure(key)
                if value is None:
                    continue
                r, c = key
                try:
                    old_key = (T if r == T else old.row_labels.index(table.row_labels[r]),
                               T if c == T else old.col_labels.index(table.col_labels[c]))
                except ValueError:
                    continue
                old_value = old.figure(old_key)
                if old_value is not None and 0 < abs(value - old_value) < k:
                    found.append((table.id, key, value - old_value))
    return found


# --- Statistics and category merging -------------------------------------------------------


@dataclass
class Statistic:
    id: str
    label: str
    value: float | None
    n: int | None  # people it rests on; None when even that would tell too much
    kind: str = "mean"  # "percentage" | "mean" | "median" | "other"
    ref: tuple | None = None  # (table id, key) of the published figure equal to n


    def as_json(self) -> dict:
        return {"id": self.id, "label": self.label, "kind": self.kind, "value": self.value,
                "n": self.n}


def protect_statistic(stat: Statistic, k: int | None, public: bool,
                      tables: dict | None = None) -> Statistic:
    """No percentage, mean or median over fewer than k people. Its n (and a percentage
    of a known target, which is n in disguise) must not give away a figure the tables
    hide: a statistic whose n is a hidden figure is withheld, and an n that is no table's
    figure is not shown (it could differ from one by a few people)."""
    k = effective_k(k)
    if not public:
        return stat
    withheld = Statistic(stat.id, stat.label, None, None, stat.kind, stat.ref)
    if stat.n is None or stat.n < k:
        return withheld
    if stat.ref is None:
        return Statistic(stat.id, stat.label, stat.value, None, stat.kind)
    table = (tables or {}).get(stat.ref[0])
    if table is None or table.figure(stat.ref[1]) is None:
        return withheld
    return stat


def published_people(table: ProtectedTable) -> int:
    """How many people a protected table still shows in its inner cells: the measure of
    the information a merge keeps."""
    if table.unit != "people":
        return 0
    return sum(v for row in table.cells for v in row if v is not None)


def choose_granularity(candidates: Sequence[Table], *, k: int | None = None,
                       public: bool = True) -> Table:
    """Of the same figures at several levels of detail (countries, regions, home/abroad),
    the one that publishes the most people once protected; the finer on a tie. Merging
    before suppressing, where that keeps more information."""
    if not public or len(candidates) == 1:
        return candidates[0]
    best, best_score = None, -1
    for table in candidates:
        score = published_people(protect([table], k=k)[0])
        if score > best_score:
            best, best_score = table, score
    return best


def merge_rows(table: Table, mapping: dict[str, str], order: Sequence[str] | None = None
               ) -> Table:
    """The table with its rows merged by ``mapping`` (row label -> broader label)."""
    groups: dict[str, list[int]] = {}
    for r, label in enumerate(table.row_labels):
        groups.setdefault(mapping.get(label, label), []).append(r)
    labels = [g for g in (order or groups) if g in groups]
    cells = [[sum(table.cells[r][c] for r in groups[g]) for c in range(len(table.col_labels))]
             for g in labels]
    return Table(id=table.id, title=table.title, unit=table.unit, row_labels=labels,
                 col_labels=table.col_labels, cells=cells, additive=table.additive,
                 grand_total_override=table.grand_total_override)


def summed_rows(fine: Table, id: str, title: str,
                groups: Sequence[tuple[str, Sequence[int]]]) -> tuple[Table, list[Sum]]:
    """A coarser table whose row g is the sum of the fine table's rows ``groups[g]``, and
    the relations that tie every figure of it to the fine table: published side by side,
    the coarse figures are sums of fine ones, and suppression must know it."""
    cols = len(fine.col_labels)
    cells = [[sum(fine.cells[r][c] for r in rows) for c in range(cols)] for _l, rows in groups]
    coarse = Table(id=id, title=title, unit=fine.unit, row_labels=[lab for lab, _r in groups],
                   col_labels=list(fine.col_labels), cells=cells)
    sums = [Sum((id, (g, c)), [(fine.id, (r, c)) for r in rows])
            for g, (_l, rows) in enumerate(groups) for c in range(cols)]
    if coarse.has_row_totals() and fine.has_row_totals():
        sums += [Sum((id, (g, T)), [(fine.id, (r, T)) for r in rows])
                 for g, (_l, rows) in enumerate(groups)]
    if coarse.has_col_totals() and fine.has_col_totals():
        sums += [Sum((id, (T, c)), [(fine.id, (T, c))]) for c in range(cols)]
    sums.append(Sum((id, (T, T)), [(fine.id, (T, T))]))
    return coarse, sums
