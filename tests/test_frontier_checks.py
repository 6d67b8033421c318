"""Self-checks of notebook 03: right answers pass, mistakes get a hint without the answer."""

from __future__ import annotations

import pyomo.environ as pyo
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orville_case.zoning import frontier_checks as fc
from orville_case.zoning import models, tradeoffs
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


# ---------------------------------------------------------------- exercise 2: ε-constraint
def epsilon_plan(district, eps, *, objective="ewd", constrain=True):
    m = models.assignment_model(district)
    if constrain:
        m.equity = pyo.Constraint(expr=m.range_ed <= eps)
    m.objective = pyo.Objective(expr=getattr(m, objective))
    return models.solve_plan(m)


def test_epsilon_right(orville, table, capsys):
    assert fc.check_epsilon_constraint(epsilon_plan, orville, table)
    outcome(capsys, True)


def test_epsilon_reference_is_the_frontier(orville, orville_front, table, capsys):
    """Off-frontier ε values and ε below the ideal (skipped): the check agrees with the front."""
    eps = [orville_front[-1].f2 - 1, orville_front[-1].f2, orville_front[3].f2 + 0.5]
    assert fc.check_epsilon_constraint(epsilon_plan, orville, table, eps)
    assert "✓" in capsys.readouterr().out

    def frontier_reader(d, e):  # the best plan read off the exact frontier
        return min((p for p in orville_front if p.f2 <= e), key=lambda p: p.f1).solution

    assert fc.check_epsilon_constraint(frontier_reader, orville, table, eps)
    outcome(capsys, True)


@pytest.mark.parametrize(("wrong", "says"), [
    (lambda d, e: epsilon_plan(d, e, constrain=False), "add the constraint"),
    (lambda d, e: epsilon_plan(d, e, objective="range_ed"), "minimise EWD"),
    (lambda d, e: dict.fromkeys(d.zones, d.schools[0]), "capacity"),
    (lambda d, e: {d.zones[0]: d.schools[0]}, "every zone"),
    (lambda d, e: [1, 2], "dict"),
    (unsolved, "NotImplementedError"),
])
def test_epsilon_mistakes_get_hints(orville, table, capsys, wrong, says):
    assert not fc.check_epsilon_constraint(wrong, orville, table)
    assert says in outcome(capsys, False)


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
    assert "4 of the 8" in outcome(capsys, True)


def test_unsupported_mistakes(orville_front, capsys):
    assert not fc.check_unsupported(lambda pts: hull_test(pts, on_edge_counts=True),
                                    orville_front)  # the hand example has a point on an edge
    assert "test frontier #1, a point you call unsupported" in outcome(capsys, False)
    assert not fc.check_unsupported(lambda pts: pts[1:-1], orville_front)
    assert "lies on the lower-left convex hull" in outcome(capsys, False)
    assert not fc.check_unsupported(lambda pts: [], orville_front)
    assert "missed 4" in outcome(capsys, False)
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
