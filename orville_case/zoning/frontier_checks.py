"""Self-checks for the exercises of notebook 03, *Two objectives* (print ✓ or a HINT; never raise).

The reference answers are computed here from the package (:mod:`orville_case.zoning.tradeoffs`,
:func:`orville_case.zoning.biobjective.label_supported`), on the notebook's data and on other
instances,
so a function that only fits the ORville numbers does not pass.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence

import numpy as np
import pyomo.environ as pyo

from orville_case.core import solvers
from orville_case.core.hints import Hints
from orville_case.core.selfcheck import answer, call, quiet_pyomo, selfcheck
from orville_case.core.solvers import solve
from orville_case.core.tolerances import EXACT_REL, SOLVER_REL, TYPED_REL, close
from orville_case.zoning import models
from orville_case.zoning.biobjective import Point, label_supported, nondominated
from orville_case.zoning.data import District, build_district
from orville_case.zoning.model_reading import (
    minimised_objective,
    proportional,
    rows,
)
from orville_case.zoning.models import weighted_sum_model
from orville_case.zoning.plans import evaluate
from orville_case.zoning.synthetic import synthetic_district
from orville_case.zoning.tradeoffs import frontier, ideal_nadir, price_of_equity

Pair = tuple[float, float]

hint = Hints({
    "ideal_nadir": [
        "Both points are built one objective at a time from the rows of the payoff table.",
        "ideal: the best (smallest) EWD and the best Range#ED; nadir: the worst (largest) of each "
        "over the rows.",
        "rows = list(table.values()); ideal = (min(p.f1 for p in rows), min(p.f2 for p in rows)).",
    ],
    "weighted_sum": [
        "Scale each objective to [0, 1] with the ideal and nadir points, then mix them with w "
        "and 1 − w.",
        "m = models.assignment_model(district); m.objective = pyo.Objective(expr=w * (...) / (...)"
        " + (1 - w) * (...) / (...)); return m",
        "The EWD term is (m.ewd - ideal[0]) / (nadir[0] - ideal[0]); Range#ED's uses m.range_ed "
        "and index 1.",
    ],
    "epsilon_loop": [
        "One model with a mutable ε: solve, record the plan, lower ε just below the Range#ED "
        "you found, repeat until no plan is left.",
        "m.eps = pyo.Param(mutable=True, initialize=1e12); m.equity = pyo.Constraint(expr=... <= "
        "m.eps); m.objective = pyo.Objective(expr=m.ewd); while solvers.solve(m).optimal: ...",
        "Inside the loop: plan = models.plan_of(m); r = evaluate(district, plan); drop the last "
        "plan if its EWD equals r.ewd (compare with math.isclose); append; "
        "m.eps.set_value(r.range_ed - delta).",
    ],
    "unsupported": [
        "A point is unsupported when it lies strictly above the segment joining a point to its "
        "left and a point to its right.",
        "For each point k, try every a in points[:k] and c in points[k + 1:]: compute the height "
        "of the segment a–c at the x of point k.",
        "y > ya + (x - xa) / (xc - xa) * (yc - ya) (plus a tiny tolerance, so ties count as "
        "supported).",
    ],
    "price": [
        "Extra travel divided by the imbalance removed.",
        "a and b are (EWD, Range#ED) pairs: a[0], a[1], b[0], b[1].",
        "(b[0] - a[0]) / (a[1] - b[1]).",
    ],
})


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


def _weights(m: pyo.ConcreteModel, d: District) -> tuple[float, float] | str:
    """The student's objective as α·EWD + β·Range#ED (+ a constant): (α, β), or a hint.

    Read on the package's assignment model: EWD's coefficient on x_ij is b_i h_ij, Range#ED's
    on ED_max is +1 and on ED_min −1."""
    coefs = minimised_objective(
        m, write="m.objective = pyo.Objective(expr=...).",
        maximised="HINT: your objective is maximised; both objectives are to be minimised.",
        nonlinear="HINT: the weighted sum is linear: number × m.ewd + number × m.range_ed.")
    if isinstance(coefs, str):
        return coefs
    alpha = proportional(coefs | {id(m.ed_max): 0.0, id(m.ed_min): 0.0},
                         {id(m.x[i, j]): d.students[i] * d.miles[i, j] for i, j in m.x})
    beta = coefs.get(id(m.ed_max), 0.0)
    if alpha is None or not close(coefs.get(id(m.ed_min), 0.0), -beta) or beta <= 0:
        return ("HINT: the objective should be a positive number times m.ewd plus a positive "
                "number times m.range_ed (and constants): use the two expressions of the model.")
    return alpha, beta


@selfcheck
def check_weighted_sum(fn: Callable, district: District, table: dict[str, Point],
                       weights: Sequence[float] = (0.2, 0.5, 0.9)) -> bool:
    """Exercise 2: ``fn(district, w, ideal, nadir)`` returns a model minimising the normalised
    weighted sum  w·(EWD − z₁ᴵ)/(z₁ᴺ − z₁ᴵ) + (1 − w)·(Range#ED − z₂ᴵ)/(z₂ᴺ − z₂ᴵ).

    The objective is read back as α·EWD + β·Range#ED; only the ratio β/α decides the optimum, and
    it is compared with (1 − w)/span₂ ÷ w/span₁ (typical wrong ratios get their own hint). Then
    the model is solved and its plan's weighted value compared with the reference model's.
    """
    ideal, nadir = ideal_nadir(table)
    span1, span2 = nadir[0] - ideal[0], nadir[1] - ideal[1]
    for w in weights:
        with quiet_pyomo():
            m, hint = call(fn, district, w, ideal, nadir)
        if hint:
            print(hint)
            return False
        if not isinstance(m, pyo.ConcreteModel) or not hasattr(m, "ewd"):
            print("HINT: return the model: start from m = models.assignment_model(district), "
                  "add the objective, return m.")
            return False
        got = _weights(m, district)
        if isinstance(got, str):
            print(got)
            return False
        ratio, want = got[1] / got[0], ((1 - w) / span2) / (w / span1)
        if not close(ratio, want, TYPED_REL):
            if close(ratio, (1 - w) / w, TYPED_REL):
                print("HINT: not normalised: EWD (thousands of student-miles) swamps Range#ED "
                      "(tens of students); divide each objective's distance to the ideal by "
                      "its range z^N − z^I.")
            elif close(ratio, (w / span2) / ((1 - w) / span1), TYPED_REL):
                print("HINT: the weights are swapped: w multiplies the (normalised) EWD and "
                      "1 − w the (normalised) Range#ED.")
            else:
                print(f"HINT: for w = {w:g} the balance between the two terms is off: each "
                      "objective f_k should be scaled as (f_k − z^I_k) / (z^N_k − z^I_k).")
            return False
        _, hint = _solve_value(m)
        if hint:
            print(hint)
            return False
        r = evaluate(district, models.plan_of(m))
        mine = w * (r.ewd - ideal[0]) / span1 + (1 - w) * (r.range_ed - ideal[1]) / span2
        best, _ = _solve_value(weighted_sum_model(district, w, ideal, nadir))
        if not r.feasible or mine > best + SOLVER_REL:
            print("HINT: your objective is right, yet its optimum is not the reference's: do "
                  "not add or change constraints of the assignment model.")
            return False
    print(f"✓ your normalised weighted sum is right for w = "
          f"{', '.join(f'{w:g}' for w in weights)}")
    return True


def _solve_value(m: pyo.ConcreteModel) -> tuple[float, str | None]:
    """Solve ``m``: (objective value, None) or (nan, hint)."""
    with quiet_pyomo():
        outcome, hint = call(solve, m)
    if hint or not outcome.optimal:
        return float("nan"), (hint or "HINT: your model has no feasible plan.")
    return outcome.objective, None


# The test district's c_i are whole numbers × _SCALE: two decimals, and Range#ED values 0.03
# apart, so a step of 1 (or 0.1) skips frontier points.
_SCALE = 0.01


class _TooManySolves(Exception):
    """Raised inside a student's loop once it has solved more models than it can need."""


@contextlib.contextmanager
def _solve_budget(limit: int, worst_ties: District | None = None) -> Iterator[list]:
    """Count the solves made through :func:`orville_case.core.solvers.solve` (also as
    ``models.solve``); the ``limit``-th + 1 raises :class:`_TooManySolves` (an endless loop).
    Yields ``[count, last model solved, the ε bound of each solve]`` (see :func:`_epsilon`).

    With ``worst_ties`` (the district being solved), each optimal solve of a model built on
    :func:`~orville_case.zoning.models.assignment_model` leaves in ``m.x``, among the plans with
    the same optimal objective, one of largest Range#ED (:func:`_worst_tie`): the tie-break a
    solver is free to make, so a loop that does not drop weakly efficient points shows it."""
    count: list = [0, None, []]
    original = solvers.solve

    def counted(*args, **kwargs):
        count[0] += 1
        count[1] = args[0] if args else kwargs.get("model")
        count[2].append(_epsilon(count[1]))
        if count[0] > limit:
            raise _TooManySolves(f"more than {limit} solves")
        outcome = original(*args, **kwargs)
        if worst_ties is not None and outcome.optimal and isinstance(count[1], pyo.Block):
            _worst_tie(count[1], worst_ties, outcome.objective, original)
        return outcome

    solvers.solve, models.solve = counted, counted
    try:
        yield count
    finally:
        solvers.solve, models.solve = original, original


def _scaled_instance(seed: int = 3, scale: float = _SCALE) -> tuple[District, District]:
    """An integer-c district and the same district with every c_i × ``scale`` (real-valued).

    Range#ED scales by ``scale`` and EWD does not change, so the second one's frontier is the
    first one's with f₂ × ``scale``: an exact reference for real-valued c_i that needs only the
    integer case."""
    d = synthetic_district(7, 3, seed=seed, slack=1.1)
    frac = build_district(d.students, {z: c * scale for z, c in d.econ_disadv.items()},
                          d.capacity, d.miles, name=f"{d.name}, c_i × {scale:g}")
    return d, frac


def _tie_instance(seed: int = 3) -> District:
    """A district with many ties in EWD: a twin of zone Z000 (same b_i, same distances, other
    c_i). Swapping the twins keeps EWD and changes Range#ED, so a minimum of EWD under a bound on
    Range#ED is often reached by plans of different Range#ED; with :func:`_worst_tie` the loop
    meets weakly efficient points and must drop them."""
    d = synthetic_district(6, 3, seed=seed, slack=1.15)
    twin, first = "Z_twin", d.zones[0]
    students = {**d.students, twin: d.students[first]}
    econ = {**d.econ_disadv, twin: d.students[first] - d.econ_disadv[first]}
    miles = {**d.miles, **{(twin, s): d.miles[first, s] for s in d.schools}}
    capacity = {s: u + d.students[first] // len(d.schools) + 1 for s, u in d.capacity.items()}
    return build_district(students, econ, capacity, miles, name=f"{d.name} with a twin zone")


def _worst_tie(m: pyo.Block, d: District, value: float, solve_fn: Callable) -> None:
    """Move the solved ``m.x`` to a plan with the same objective ``value`` and the largest
    Range#ED: for each ordered pair of schools (j, k), maximise ED_j − ED_k on a copy of ``m``
    whose objective is bounded by ``value``. Leaves ``m`` as it is when it is not a zoning of
    ``d`` with one active objective."""
    try:
        active = list(m.component_data_objects(pyo.Objective, active=True))
        if len(active) != 1 or not all((i, j) in m.x for i in d.zones for j in d.schools):
            return
        c = m.clone()
    except (AttributeError, TypeError, KeyError):
        return
    objective = pyo.ComponentUID(active[0]).find_component_on(c)
    sign = 1.0 if objective.sense == pyo.minimize else -1.0
    objective.deactivate()
    c.tie_cut = pyo.Constraint(
        expr=sign * objective.expr <= sign * value + SOLVER_REL * max(1.0, abs(value)))
    worst, plan = evaluate(d, models.plan_of(m)).range_ed, None
    for j in d.schools:
        for k in d.schools:
            if j == k:
                continue
            c.spread = pyo.Objective(sense=pyo.maximize, expr=sum(
                d.econ_disadv[i] * (c.x[i, j] - c.x[i, k]) for i in d.zones))
            if solve_fn(c).optimal:
                tied = models.plan_of(c)
                r = evaluate(d, tied)
                if r.feasible and r.range_ed > worst + EXACT_REL * max(1.0, worst):
                    worst, plan = r.range_ed, tied
            c.del_component(c.spread)
    if plan is not None:
        for i in d.zones:
            for j in d.schools:
                m.x[i, j].set_value(1.0 if plan[i] == j else 0.0)


def _range_rows(m: pyo.Block | None) -> list[tuple[float, float, float]]:
    """Every ≤-row of ``m`` in ED_max and ED_min alone, as (coefficient of ED_max, coefficient
    of ED_min, right-hand side); none when ``m`` has no such variables."""
    if not hasattr(m, "ed_max") or not hasattr(m, "ed_min"):
        return []
    top, bottom = id(m.ed_max), id(m.ed_min)
    return [(r.coefs[top], r.coefs[bottom], r.rhs) for r in rows(m) or []
            if set(r.coefs) == {top, bottom}]


def _epsilon(m: pyo.Block | None) -> float | None:
    """The bound ε of a constraint  ED_max − ED_min ≤ ε  in ``m`` (None if there is none)."""
    return next((rhs / a for a, b, rhs in _range_rows(m) if a > 0 and close(b, -a)), None)


def _bounds_range_from_below(m: pyo.ConcreteModel | None) -> bool:
    """Whether ``m`` has a constraint  ED_max − ED_min ≥ something  (the ε on the wrong side)."""
    return any(a < 0 for a, _, _ in _range_rows(m))


def _loose_bounds(m: pyo.Block | None, d: District) -> bool:
    """Whether the solved ``m`` has ED_max − ED_min above the Range#ED of its plan (loose bounds,
    so an ε taken from them falls by only δ per solve)."""
    try:
        bound = pyo.value(m.ed_max) - pyo.value(m.ed_min)
        r = evaluate(d, models.plan_of(m))
    except (AttributeError, TypeError, ValueError, KeyError):
        return False
    return r.range_ed is not None and bound > r.range_ed + SOLVER_REL * max(1.0, bound)


def _frontier_hint(fn: Callable, d: District, reference: list[Pair], *,
                   worst_ties: bool = False) -> str | None:
    """Run the student's loop on ``d`` and compare its points with ``reference``: a hint or None.
    With ``worst_ties`` the solver breaks ties in EWD toward the largest Range#ED."""
    limit = 3 * len(reference) + 10
    with _solve_budget(limit, d if worst_ties else None) as count, quiet_pyomo():
        got, hint = call(fn, d)
    if count[0] > limit:
        if _bounds_range_from_below(count[1]):
            return ("HINT: your ε constraint is on the wrong side: Range#ED >= ε can always be met "
                    "(ED_max may grow), so the loop never ends; ε is an upper bound on Range#ED.")
        eps = [e for e in count[2][-3:] if e is not None]
        falling = len(eps) == 3 and eps[0] > eps[1] > eps[2]
        if falling and _loose_bounds(count[1], d):
            return ("HINT: your loop did not stop: ε fell by only δ per solve. Take the Range#ED "
                    "of the plan found from evaluate(district, plan).range_ed, not from the "
                    "model's ED_max − ED_min: under an ε bound those two may be loose.")
        return ("HINT: your loop did not stop: after each solve, lower ε to the Range#ED of the "
                "plan just found minus δ (and δ must exceed the solver's tolerance, about 1e-6).")
    if hint:
        return hint
    if not isinstance(got, list) or not all(isinstance(p, dict) for p in got):
        return "HINT: return a list of plans, each a dict {zone: school} (models.plan_of(m))."
    if not got:
        return ("HINT: your loop found no plan: start with no bound (ε huge) and constrain "
                "m.range_ed <= m.eps (not >=).")
    reports = [evaluate(d, p) for p in got]
    bad = [r for r in reports if not r.feasible]
    if bad:
        return ("HINT: a plan you return breaks a constraint (" + "; ".join(bad[0].violations[:1])
                + "): keep the assignment model's constraints.")
    pts = [(r.ewd, r.range_ed) for r in reports]
    for a, b in zip(pts, pts[1:], strict=False):
        if close(a[0], b[0]) and close(a[1], b[1]):
            return ("HINT: you return the same point twice in a row: read and append a plan only "
                    "after a solve that found one (while solvers.solve(m).optimal: ...); after "
                    "a failed solve m.x still holds the last plan.")
        if close(a[0], b[0]):
            return ("HINT: two of your points have the same EWD: the one with the larger "
                    "Range#ED is only weakly efficient; when a solve repeats the last EWD, drop "
                    "the last point before you append the new one.")
    front = {(round(x, 6), round(y, 6)) for x, y in reference}
    mine = {(round(x, 6), round(y, 6)) for x, y in pts}
    if mine - front:
        return ("HINT: a point you return is dominated: keep EWD as the objective (minimised) "
                "and Range#ED <= ε as the constraint, and take each point's numbers from its "
                "plan (evaluate).")
    if front - mine:
        return (f"HINT: you missed {len(front - mine)} frontier point(s): your ε jumped over "
                "Range#ED values that a plan can have. The step δ must be no larger than the "
                "smallest possible difference of two Range#ED values: the grid set by the "
                "decimals of the c_i.")
    return None


@selfcheck
def check_epsilon_frontier(fn: Callable, district: District) -> bool:
    """Exercise 3: ``fn(district)`` runs the ε-constraint loop and returns the plans of the
    complete nondominated frontier (one per point, in the order found).

    Compared with :func:`orville_case.zoning.tradeoffs.frontier` on ``district``, and on a
    district whose c_i have two decimals (its exact frontier is an integer district's, scaled; see
    :func:`_scaled_instance`), where a step of 1 misses points, and on a district with twin zones
    (:func:`_tie_instance`) whose ties in EWD the solver breaks toward the largest Range#ED, so a
    loop that keeps weakly efficient points returns them. Each solve is counted, so an endless
    loop ends with a hint.
    """
    whole, frac = _scaled_instance()
    scaled = [(p.f1, p.f2 * _SCALE) for p in frontier(whole, quiet=True)]
    twins = _tie_instance()
    cases = [(district, [(p.f1, p.f2) for p in frontier(district, quiet=True)]), (frac, scaled),
             (twins, [(p.f1, p.f2) for p in frontier(twins, quiet=True)])]
    for d, reference in cases:
        hint = _frontier_hint(fn, d, reference, worst_ties=d is twins)
        if hint:
            print(hint + ("" if d is district else f" (on the test district '{d.name}')"))
            return False
    print(f"✓ your ε-constraint loop finds all {len(cases[0][1])} frontier points, and the "
          f"complete frontier of a test district with real-valued c_i ({len(scaled)} points) "
          f"and of one with ties in EWD ({len(cases[2][1])} points)")
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
