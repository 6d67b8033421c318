"""Self-checks of notebook 03: right answers pass, mistakes get a hint without the answer."""

from __future__ import annotations

import math

import pyomo.environ as pyo
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orville_case.core import solvers
from orville_case.zoning import frontier_checks as fc
from orville_case.zoning import models, tradeoffs
from orville_case.zoning import plans as plans_mod
from orville_case.zoning.biobjective import Point, nondominated


@pytest.fixture(scope="module")
def table(orville):
    return tradeoffs.payoff_table(orville)


def outcome(capsys, ok: bool) -> str:
    out = capsys.readouterr().out
    assert ok == out.startswith("✓"), out
    assert ok or out.startswith("HINT:"), out
    return out


def unsolved(*_):
    raise NotImplementedError()


# ---------------------------------------------------------------- exercise 1: ideal and nadir
def good_ideal_nadir(table):
    rows = list(table.values())
    return ((min(p.f1 for p in rows), min(p.f2 for p in rows)),
            (max(p.f1 for p in rows), max(p.f2 for p in rows)))


def test_ideal_nadir_right(table, capsys):
    assert fc.check_ideal_nadir(good_ideal_nadir, table)
    outcome(capsys, True)


@pytest.mark.parametrize(("wrong", "says"), [
    (lambda t: good_ideal_nadir(t)[::-1], "swapped"),
    (lambda t: tuple(z[::-1] for z in good_ideal_nadir(t)), "EWD first"),
    (lambda t: ((t["min EWD"].f1, t["min EWD"].f2), good_ideal_nadir(t)[1]), "ideal point"),
    (lambda t: (good_ideal_nadir(t)[0], (1e9, 1e9)), "nadir point"),
    (lambda t: 42, "two pairs"),
    (unsolved, "NotImplementedError"),
])
def test_ideal_nadir_mistakes_get_hints_not_answers(table, capsys, wrong, says):
    assert not fc.check_ideal_nadir(wrong, table)
    out = outcome(capsys, False)
    assert says in out
    ideal, nadir = tradeoffs.ideal_nadir(table)
    assert f"{ideal[0]:g}" not in out and f"{nadir[0]:g}" not in out


def test_ideal_nadir_fitted_to_orville_fails_elsewhere(table, capsys):
    fixed = good_ideal_nadir(table)
    assert not fc.check_ideal_nadir(lambda t: fixed, table)
    outcome(capsys, False)


# ---------------------------------------------------------------- exercise 2: weighted sum
def weighted(district, w, ideal, nadir, *, normalise=True, swap=False, sense=pyo.minimize):
    m = models.assignment_model(district)
    s1, s2 = (nadir[0] - ideal[0], nadir[1] - ideal[1]) if normalise else (1.0, 1.0)
    a, b = (1 - w, w) if swap else (w, 1 - w)
    m.objective = pyo.Objective(expr=a * (m.ewd - ideal[0]) / s1 + b * (m.range_ed - ideal[1]) / s2,
                                sense=sense)
    return m


def test_weighted_sum_right(orville, table, capsys):
    assert fc.check_weighted_sum(weighted, orville, table)
    outcome(capsys, True)

    def without_constants(district, w, ideal, nadir):  # constants do not move the optimum
        m = models.assignment_model(district)
        m.objective = pyo.Objective(expr=w / (nadir[0] - ideal[0]) * m.ewd
                                    + (1 - w) / (nadir[1] - ideal[1]) * m.range_ed)
        return m

    assert fc.check_weighted_sum(without_constants, orville, table)
    outcome(capsys, True)


def by_nadir(district, w, ideal, nadir):
    m = models.assignment_model(district)
    m.objective = pyo.Objective(expr=w * m.ewd / nadir[0] + (1 - w) * m.range_ed / nadir[1])
    return m


def ewd_only(district, w, ideal, nadir):
    m = models.assignment_model(district)
    m.objective = pyo.Objective(expr=m.ewd)
    return m


def with_cut(district, w, ideal, nadir):
    m = weighted(district, w, ideal, nadir)
    m.cut = pyo.Constraint(expr=m.ewd >= nadir[0] + 1)
    return m


@pytest.mark.parametrize(("wrong", "says"), [
    (lambda *a: weighted(*a, normalise=False), "not normalised"),
    (lambda *a: weighted(*a, swap=True), "swapped"),
    (lambda *a: weighted(*a, sense=pyo.maximize), "maximised"),
    (by_nadir, "(f_k − z^I_k) / (z^N_k − z^I_k)"),
    (ewd_only, "positive number times m.range_ed"),
    (with_cut, "do not add"),
    (lambda *a: 3, "return the model"),
    (unsolved, "NotImplementedError"),
])
def test_weighted_sum_mistakes_get_hints(orville, table, capsys, wrong, says):
    assert not fc.check_weighted_sum(wrong, orville, table)
    out = outcome(capsys, False)
    assert says in out, out
    ideal, nadir = tradeoffs.ideal_nadir(table)
    assert f"{nadir[0] - ideal[0]:g}" not in out


# ---------------------------------------------------------------- exercise 3: the ε loop
def grid_step(values):
    return next(10.0 ** -k for k in range(7)
                if all(abs(v * 10**k - round(v * 10**k)) < 1e-6 for v in values))


def eps_loop(district, *, step=None, side="<=", drop=True, lower=True, twice=False,
             bounds=False, stale=False):
    """The student's loop; each keyword switches in one typical mistake (``bounds``: ε from the
    model's ED_max − ED_min instead of the plan; ``stale``: the loop tests the outcome only after
    reading and appending a plan)."""
    delta = grid_step(district.c) if step is None else step
    m = models.assignment_model(district)
    m.eps = pyo.Param(mutable=True, initialize=1e12)
    rng = m.range_ed
    m.equity = pyo.Constraint(expr=rng <= m.eps if side == "<=" else rng >= m.eps)
    m.objective = pyo.Objective(expr=m.ewd)
    plans = []
    while True:
        found = solvers.solve(m).optimal
        if not found and not stale:
            break
        plan = models.plan_of(m)
        r = plans_mod.evaluate(district, plan)
        if drop and plans and math.isclose(plans_mod.evaluate(district, plans[-1]).ewd, r.ewd):
            plans.pop()
        plans.append(plan)
        if twice:
            plans.append(plan)
        if lower:
            m.eps.set_value((pyo.value(m.range_ed) if bounds else r.range_ed) - delta)
        if not found:
            break
    return plans


def test_epsilon_loop_right(orville, capsys):
    assert fc.check_epsilon_frontier(eps_loop, orville)
    outcome(capsys, True)
    assert fc.check_epsilon_frontier(lambda d: eps_loop(d, step=1e-4), orville)  # finer: fine
    outcome(capsys, True)


@pytest.mark.parametrize(("wrong", "says"), [
    (lambda d: eps_loop(d, step=1.0), "missed 3 frontier point(s)"),
    (lambda d: eps_loop(d, step=0.1), "missed"),
    (lambda d: eps_loop(d, side=">="), "wrong side"),
    (lambda d: eps_loop(d, lower=False), "did not stop"),
    (lambda d: eps_loop(d, step=1e-9), "did not stop"),
    (lambda d: eps_loop(d, twice=True), "same point twice"),
    (lambda d: eps_loop(d, stale=True, drop=False), "after a solve that found one"),
    (lambda d: eps_loop(d, drop=False), "only weakly efficient"),
    (lambda d: eps_loop(d, bounds=True), "evaluate(district, plan).range_ed"),
    (lambda d: [dict.fromkeys(d.zones, d.schools[0])], "breaks a constraint"),
    (lambda d: eps_loop(d)[:-1], "missed 1 frontier point(s)"),
    (lambda d: tuple(eps_loop(d)), "list of plans"),
    (unsolved, "NotImplementedError"),
])
def test_epsilon_loop_mistakes_get_hints(orville, capsys, wrong, says):
    assert not fc.check_epsilon_frontier(wrong, orville)
    out = outcome(capsys, False)
    assert says in out, out


def test_the_tie_district_makes_a_loop_meet_weakly_efficient_points():
    """On the twin-zone district, with ties broken toward the largest Range#ED, the min-EWD plan
    is not the lexicographic one: a loop that keeps it returns a weakly efficient point."""
    d = fc._tie_instance()
    m = models.assignment_model(d)
    m.objective = pyo.Objective(expr=m.ewd)
    outcome = solvers.solve(m)
    before = plans_mod.evaluate(d, models.plan_of(m))
    fc._worst_tie(m, d, outcome.objective, solvers.solve)
    after = plans_mod.evaluate(d, models.plan_of(m))
    first = tradeoffs.frontier(d, quiet=True)[0]
    assert math.isclose(after.ewd, first.f1) and math.isclose(before.ewd, first.f1)
    assert after.range_ed > first.f2 and after.range_ed >= before.range_ed


def test_epsilon_loop_dominated_point(orville, capsys):
    def with_range_objective(d):  # minimises Range#ED under ε: returns a dominated point
        plans = eps_loop(d)
        m = models.min_range_model(d)
        return [models.plan_of(_solved(m))] + plans[1:]
    assert not fc.check_epsilon_frontier(with_range_objective, orville)
    assert "dominated" in outcome(capsys, False)


def _solved(m):
    solvers.solve(m)
    return m


# ---------------------------------------------------------------- exercise 3: unsupported points
def hull_test(points, on_edge_counts=False):
    """A student's way: unsupported = strictly above the chord of a left and a right point."""
    tol = -1e-9 if on_edge_counts else 1e-9
    out = []
    for k, (x, y) in enumerate(points):
        for a in points[:k]:
            for c in points[k + 1:]:
                t = (x - a[0]) / (c[0] - a[0])
                if y > a[1] + t * (c[1] - a[1]) + tol:
                    out.append((x, y))
                    break
            else:
                continue
            break
    return out


def test_unsupported_right(orville_front, capsys):
    assert fc.check_unsupported(hull_test, orville_front)
    n = len(fc.unsupported([(p.f1, p.f2) for p in orville_front]))
    assert f"{n} of the {len(orville_front)}" in outcome(capsys, True)


def test_unsupported_mistakes(orville_front, capsys):
    n = len(fc.unsupported([(p.f1, p.f2) for p in orville_front]))
    assert not fc.check_unsupported(lambda pts: hull_test(pts, on_edge_counts=True),
                                    orville_front)  # the hand example has a point on an edge
    assert "test frontier #1, a point you call unsupported" in outcome(capsys, False)
    assert not fc.check_unsupported(lambda pts: pts[1:-1], orville_front)
    assert "lies on the lower-left convex hull" in outcome(capsys, False)
    assert not fc.check_unsupported(lambda pts: [], orville_front)
    assert f"missed {n}" in outcome(capsys, False)
    fixed = fc.unsupported([(p.f1, p.f2) for p in orville_front])
    assert not fc.check_unsupported(lambda pts: fixed, orville_front)
    outcome(capsys, False)
    assert not fc.check_unsupported(unsolved, orville_front)
    outcome(capsys, False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), min_size=1, max_size=12))
def test_reference_agrees_with_the_chord_test(raw):
    front = [(p.f1, p.f2) for p in nondominated(Point(float(x), float(y)) for x, y in raw)]
    assert fc.unsupported(front) == hull_test(front)


# ---------------------------------------------------------------- exercise 4: price of equity
def price(a, b):
    return (b[0] - a[0]) / (a[1] - b[1])


def test_price_right(orville_front, capsys):
    assert fc.check_price(price, orville_front)
    outcome(capsys, True)


@pytest.mark.parametrize(("wrong", "says"), [
    (lambda a, b: -price(a, b), "sign"),
    (lambda a, b: 1 / price(a, b), "upside down"),
    (lambda a, b: b[0] - a[0], "divided by"),
    (lambda a, b: "x", "one number"),
    (unsolved, "NotImplementedError"),
])
def test_price_mistakes(orville_front, capsys, wrong, says):
    assert not fc.check_price(wrong, orville_front)
    assert says in outcome(capsys, False)


def test_trade_offs_rows(orville_front):
    rows = tradeoffs.trade_offs(orville_front)
    assert len(rows) == len(orville_front) - 1
    for r, (a, b) in zip(rows, zip(orville_front, orville_front[1:], strict=False), strict=True):
        assert r["extra EWD"] > 0 and r["Range#ED removed"] > 0
        assert r["student-miles per ED student"] == pytest.approx(price((a.f1, a.f2),
                                                                        (b.f1, b.f2)))
    with pytest.raises(ValueError, match="same Range#ED"):
        tradeoffs.price_of_equity(Point(1, 2), Point(3, 2))
