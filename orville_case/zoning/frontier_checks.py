"""Self-checks for the exercises of notebook 03, *Two objectives* (print ✓ or a HINT; never raise).

The reference answers are computed here from the package (:mod:`orville_case.zoning.tradeoffs`,
:func:`orville_case.zoning.biobjective.label_supported`), on the notebook's data and on other
instances,
so a function that only fits the ORville numbers does not pass.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from orville_case.core.selfcheck import answer, call, selfcheck
from orville_case.core.tolerances import at_most, close
from orville_case.zoning.biobjective import Point, label_supported, nondominated
from orville_case.zoning.data import District
from orville_case.zoning.models import epsilon_model, solve_plan
from orville_case.zoning.plans import evaluate
from orville_case.zoning.tradeoffs import ideal_nadir, price_of_equity

Pair = tuple[float, float]


def _close(a: Sequence[float], b: Sequence[float]) -> bool:
    return len(a) == len(b) and bool(np.allclose(np.asarray(a, float), np.asarray(b, float)))


@selfcheck
def check_ideal_nadir(fn: Callable, table: dict[str, Point]) -> bool:
    """Exercise 1: ``fn(table) -> (ideal, nadir)``, each an (EWD, Range#ED) pair."""
    other = {"min Range#ED": Point(80.0, 2.0), "min EWD": Point(30.0, 11.0)}  # rows swapped
    for tab in (table, other):
        got, hint = call(fn, tab)
        if hint:
            print(hint)
            return False
        want = ideal_nadir(tab)
        try:
            ideal, nadir = (tuple(float(v) for v in z) for z in got)
        except (TypeError, ValueError):
            print("HINT: return two pairs, (ideal, nadir), each as (EWD, Range#ED).")
            return False
        if _close(ideal, want[1]) and _close(nadir, want[0]):
            print("HINT: ideal and nadir are swapped: the ideal point is the better one.")
            return False
        if _close(ideal, want[0][::-1]) or _close(nadir, want[1][::-1]):
            print("HINT: give each point as (EWD, Range#ED), EWD first.")
            return False
        if not _close(ideal, want[0]):
            print("HINT: the ideal point takes, for each objective separately, its best "
                  "(smallest) value in the table; no single plan need reach it.")
            return False
        if not _close(nadir, want[1]):
            print("HINT: the nadir point takes, for each objective, its worst (largest) value "
                  "over the rows of the payoff table (the lexicographic optima), not over "
                  "all plans.")
            return False
    ideal, nadir = ideal_nadir(table)
    print(f"✓ ideal (EWD {ideal[0]:,.1f}, Range#ED {ideal[1]:g}), "
          f"nadir (EWD {nadir[0]:,.1f}, Range#ED {nadir[1]:g})")
    return True


@selfcheck
def check_epsilon_constraint(fn: Callable, district: District, table: dict[str, Point],
                             epsilons: Sequence[float] | None = None) -> bool:
    """Exercise 2: ``fn(district, eps)`` returns a plan of least EWD with Range#ED ≤ eps.

    The reference for each ε is the package's ε-constraint model solved to optimality. By
    default three ε are tried, from the payoff ``table``: 4 above the smallest Range#ED, halfway
    between the smallest and the largest, and 10 above the largest (no bound in effect).
    """
    ideal, nadir = ideal_nadir(table)
    if epsilons is None:
        epsilons = [ideal[1] + 4, (ideal[1] + nadir[1]) // 2, nadir[1] + 10]
    for eps in [e for e in epsilons if e >= ideal[1]]:  # below the ideal no plan exists
        plan, hint = call(fn, district, eps)
        if hint:
            print(hint)
            return False
        if not isinstance(plan, dict):
            print(f"HINT: return the plan as a dict zone → school (e.g. models.plan_of(m)); "
                  f"got {type(plan).__name__}.")
            return False
        report = evaluate(district, plan)
        if not report.complete:
            print("HINT: your plan does not give every zone exactly one school: "
                  + "; ".join(report.violations[:2]))
            return False
        if not report.feasible:
            print(f"HINT: for ε = {eps:g} your plan breaks a capacity ({report.violations[0]}): "
                  "keep every constraint of the assignment model.")
            return False
        if report.range_ed > eps:
            print(f"HINT: for ε = {eps:g} your plan has Range#ED = {report.range_ed} > ε: "
                  "add the constraint Range#ED ≤ ε to the model.")
            return False
        best = evaluate(district, solve_plan(epsilon_model(district, eps))).ewd
        if not at_most(report.ewd, best):
            print(f"HINT: for ε = {eps:g} your plan respects Range#ED ≤ ε, but another plan "
                  "that does has shorter trips: minimise EWD (not Range#ED, not a weighted "
                  "sum) and let the solver prove optimality.")
            return False
    print(f"✓ your ε-constraint plans have the least EWD for every ε tried "
          f"({', '.join(f'{e:g}' for e in epsilons)})")
    return True


def _random_front(rng: np.random.Generator, n: int) -> list[Pair]:
    """A random nondominated set of ``n`` integer points (EWD increasing, Range#ED decreasing)."""
    xs = np.cumsum(rng.integers(1, 40, n))
    ys = np.cumsum(rng.integers(1, 12, n))[::-1]
    return [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]


def unsupported(points: Sequence[Pair]) -> list[Pair]:
    """Points of a nondominated set that no weighted sum with λ > 0 makes optimal."""
    labelled = label_supported(nondominated(Point(float(x), float(y)) for x, y in points))
    return [(p.f1, p.f2) for p in labelled if not p.supported]


@selfcheck
def check_unsupported(fn: Callable, front: Sequence[Point]) -> bool:
    """Exercise 3: ``fn(points)`` returns the (EWD, Range#ED) pairs that are unsupported.

    Tried on the ORville frontier, on a hand example with a point exactly on a hull edge (it is
    supported) and on random frontiers.
    """
    rng = np.random.default_rng(3)
    cases = [[(p.f1, p.f2) for p in sorted(front, key=lambda p: p.f1)],
             [(0.0, 10.0), (1.0, 6.0), (2.0, 5.0), (3.0, 3.0), (4.0, 2.0), (6.0, 0.0)],
             *(_random_front(rng, n) for n in (4, 7, 12))]
    for k, points in enumerate(cases):
        got, hint = call(fn, list(points))
        if hint:
            print(hint)
            return False
        try:
            got_set = {(float(x), float(y)) for x, y in got}
        except (TypeError, ValueError):
            print("HINT: return a list of (EWD, Range#ED) pairs taken from the input.")
            return False
        want = set(unsupported(points))
        where = "the ORville frontier" if k == 0 else f"test frontier #{k}"
        if got_set - want:
            print(f"HINT: on {where}, a point you call unsupported lies on the lower-left "
                  "convex hull, so some weighted sum finds it. Points exactly on a hull edge "
                  "count as supported.")
            return False
        if want - got_set:
            print(f"HINT: on {where} you missed {len(want - got_set)} unsupported point(s): "
                  "look for points strictly above the segment joining two other frontier "
                  "points (one on each side).")
            return False
    print(f"✓ {len(unsupported(cases[0]))} of the {len(cases[0])} ORville frontier points are "
          "unsupported; your test agrees on every frontier tried")
    return True


@selfcheck
def check_price(fn: Callable, front: Sequence[Point]) -> bool:
    """Exercise 4: ``fn(a, b)`` = student-miles paid per ED student of Range#ED removed, a → b."""
    pts = sorted(front, key=lambda p: p.f1)
    pairs = [(a, b) for i, a in enumerate(pts) for b in pts[i + 1:]]
    pairs += [(Point(100.0, 9.0), Point(160.0, 5.0))]
    for a, b in pairs:
        value = answer(fn, (a.f1, a.f2), (b.f1, b.f2), unit="student-miles per ED student")
        if value is None:
            return False
        want = price_of_equity(a, b)
        if close(value, -want):
            print("HINT: the sign is off: moving toward fairness costs miles, so the price is "
                  "positive.")
            return False
        if close(value, 1 / want):
            print("HINT: upside down: divide the extra EWD by the Range#ED removed.")
            return False
        if not close(value, want):
            print(f"HINT: from ({a.f1:,.1f}, {a.f2:g}) to ({b.f1:,.1f}, {b.f2:g}) your price "
                  f"is {value:g}: it is the change in EWD divided by the change in Range#ED.")
            return False
    print(f"✓ your price agrees on all {len(pairs)} pairs tried")
    return True
