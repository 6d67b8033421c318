"""The biobjective zoning case: frontier, payoff table and weighted-sum sweep for a District.

Objectives (both minimised): f₁ = EWD, f₂ = Range#ED. Every point reported here is evaluated from
its plan, so the numbers are those of the assignment: EWD by
:func:`orville_case.zoning.plans.evaluate`, Range#ED in exact integer arithmetic on the decimal
grid of c (:mod:`orville_case.zoning.scaling`), reported in students.
When no plan fits the capacities, every method raises :class:`~orville_case.core.errors.SolverError`
with one line saying so (never a solver traceback or an empty result); data whose magnitudes
floating-point arithmetic cannot resolve raise :class:`~orville_case.core.errors.DataError`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import replace
from functools import partial

from orville_case.core.errors import ArgumentError, DataError, Problem, SolverError
from orville_case.core.progress import track
from orville_case.zoning import scaling
from orville_case.zoning.biobjective import (
    Biobjective,
    FrontierInterrupted,
    Point,
    nondominated,
    parallel_frontier,
)
from orville_case.zoning.data import District
from orville_case.zoning.models import assignment_model, plan_of
from orville_case.zoning.plans import evaluate

# Largest EWD the engine accepts (student-miles, bound Σ_i b_i max_j h_ij). Two EWD values are
# told apart down to EXACT_REL = 1e-9 relative, and distances to 0.1 mile make EWD values differ
# by multiples of 0.1: below 1e7 that is ≥ 100 times the tolerance. (The engine's "no bound"
# NO_BOUND = 1e12 and HiGHS's "infinite" cost 1e20 are then far away too.) ORville: ~7,600.
MAX_EWD = 1e7


def check_magnitudes(d: District) -> int:
    """Refuse data whose numbers exact comparisons cannot resolve; return k, the decimals of c.

    Raises :class:`DataError` (one line) when the largest possible EWD exceeds :data:`MAX_EWD`
    or c is not on a decimal grid of at most :data:`~orville_case.zoning.scaling.MAX_DECIMALS`.
    """
    worst = sum(d.students[z] * max(d.miles[z, s] for s in d.schools) for z in d.zones)
    if not worst <= MAX_EWD:
        far = max(d.miles, key=d.miles.__getitem__)
        raise DataError(Problem(
            f"EWD could reach {worst:.3g} student-miles (largest distance {d.miles[far]:.3g} "
            f"miles, zone '{far[0]}' to '{far[1]}'), above {MAX_EWD:.0e}, the most the exact "
            "frontier resolves", "distances.csv", field="miles",
            fix="check the distances for a typo, or give them in a larger unit"))
    return scaling.decimals(d.econ_disadv)


def biobjective(d: District) -> Biobjective:
    """The EWD / Range#ED pair on one assignment model, ready for any method.

    The model counts ED students in units of 10^-k (c'_i = c_i · 10^k, integers; k = 0 for whole
    numbers), so the engine's f₂ is Range#ED · 10^k, an integer: use step 1. HiGHS's integrality
    tolerance is tightened so that its x cannot blur that grid
    (:func:`~orville_case.zoning.scaling.integrality_tolerance`). The public functions below
    report Range#ED in students.
    """
    k = check_magnitudes(d)
    ed = scaling.scaled(d.econ_disadv, k)
    m = assignment_model(d, ed)

    def measured(model):
        plan = plan_of(model)
        return evaluate(d, plan).ewd, scaling.range_over_schools(ed, plan, d.schools), plan

    return Biobjective(m, m.ewd, m.range_ed, evaluate=measured, solver_options={
        "mip_feasibility_tolerance": scaling.integrality_tolerance(ed)}, f2_unit=10.0 ** -k)


def _in_students(p: Point, d: District) -> Point:
    """A point of :func:`biobjective` with Range#ED back in students (the exact grid value)."""
    return replace(p, f2=scaling.unscaled(p.f2, scaling.decimals(d.econ_disadv)))


def no_plan_fits(d: District) -> SolverError:
    """The error for a district where no assignment satisfies Σ_i b_i x_ij ≤ u_j for every j.

    (Loading already rejects Σ b_i > Σ u_j, so here the zones, which are never split, do not pack.)
    """
    students, seats = sum(d.students.values()), sum(d.capacity.values())
    return SolverError(f"no zoning of '{d.name}' fits every school's capacity ({students} "
                       f"students for {seats} seats, but whole zones cannot be packed into the "
                       "schools); raise a capacity in schools.csv or check the students in "
                       "zones.csv")


def _ends(bo: Biobjective, d: District) -> tuple[Point, Point]:
    """The two lexicographic optima (min EWD first, min Range#ED first), or :func:`no_plan_fits`;
    in the engine's units."""
    first = bo.lexmin(1)
    if first is None:
        raise no_plan_fits(d)
    return first, bo.lexmin(2)


# Districts with at least this many zone × school pairs get their frontier on every core: below
# it a frontier takes seconds, less than starting the processes is worth (ORville: 27).
PARALLEL_FROM = 150


def workers_for(d: District) -> int:
    """How many processes :func:`frontier` uses: 1 for small districts, else every core this
    process may run on. Also 1 when the program is a script run by path (``python my.py``):
    worker processes re-import such a script, which is safe only under
    ``if __name__ == "__main__":`` — there, ask for ``workers`` explicitly. Notebooks, ``python
    -m orville_case`` and ``python -c`` need no such guard."""
    main = sys.modules.get("__main__")
    by_path = getattr(main, "__spec__", None) is None and hasattr(main, "__file__")
    if len(d.zones) * len(d.schools) < PARALLEL_FROM or by_path:
        return 1
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(
        os.cpu_count() or 1)
    return max(1, len(cores))


def frontier(d: District, *, quiet: bool = False, max_points: int | None = None,
             workers: int | None = None) -> list[Point]:
    """Complete nondominated EWD / Range#ED frontier (ε-constraint), labelled supported.

    Exact for real-valued c: if every c_i has at most k decimals, c'_i = c_i · 10^k is an integer,
    so every plan's Range#ED lies on the grid 10^-k (sums and differences of multiples of 10^-k).
    After a point with Range#ED = r, the next nondominated point therefore has Range#ED ≤ r − 10^-k:
    the ε-constraint in scaled units with step 1 skips no attainable value, so no point is missed
    (HiGHS's integrality tolerance is set so that its fractional x cannot blur the grid:
    :func:`~orville_case.zoning.scaling.integrality_tolerance`). A step that returns the same EWD
    drops the previous, weakly dominated point, so none is reported. Whole-number c (k = 0) gives
    today's model exactly. ``max_points`` stops after that many ε-steps (see
    :meth:`Biobjective.frontier`).

    ``workers`` processes (default :func:`workers_for`) sweep independent ε-slabs side by side
    (:func:`~orville_case.zoning.biobjective.parallel_frontier`): the same points. Ctrl-C (or
    interrupting the kernel) raises :class:`FrontierInterrupted` whose ``.points`` are the
    points found so far, in students.
    """
    workers = workers_for(d) if workers is None else workers
    if workers < 1:
        raise ArgumentError(f"workers must be at least 1, got {workers}")
    try:
        if workers == 1 or max_points is not None:
            points = biobjective(d).frontier(step=1, quiet=quiet, max_points=max_points)
        else:
            check_magnitudes(d)
            points = parallel_frontier(partial(biobjective, d), workers=workers, quiet=quiet)
    except FrontierInterrupted as stop:
        raise FrontierInterrupted([_in_students(p, d) for p in stop.points]) from stop
    if not points:
        raise no_plan_fits(d)
    return [_in_students(p, d) for p in points]


def payoff_table(d: District) -> dict[str, Point]:
    """Lexicographic optima: ``'min EWD'`` and ``'min Range#ED'``; with them the ideal point
    (best of each objective) and nadir point (worst of each over the two optima)."""
    first, second = _ends(biobjective(d), d)
    return {"min EWD": _in_students(first, d), "min Range#ED": _in_students(second, d)}


def ideal_nadir(table: dict[str, Point]) -> tuple[tuple[float, float], tuple[float, float]]:
    """Ideal zᴵ = (min f₁, min f₂) and nadir zᴺ = (max f₁, max f₂) over the payoff table."""
    f1s, f2s = zip(*((p.f1, p.f2) for p in table.values()), strict=True)
    return (min(f1s), min(f2s)), (max(f1s), max(f2s))


def weighted_sum_sweep(d: District, weights: Iterable[float], *,
                       quiet: bool = False) -> list[tuple[float, Point]]:
    """For each w in (0, 1): the optimum of w·f̂₁ + (1 − w)·f̂₂ with objectives normalised by the
    ideal and nadir points. Returns (w, point) pairs; distinct points are supported points."""
    weights = list(weights)
    for w in weights:
        if not 0 < w < 1:
            raise ArgumentError(f"weight {w} must be strictly between 0 and 1")
    bo = biobjective(d)
    first, second = _ends(bo, d)
    ideal, nadir = ideal_nadir({"a": first, "b": second})  # in the engine's units
    span1, span2 = nadir[0] - ideal[0] or 1.0, nadir[1] - ideal[1] or 1.0
    return [(w, _in_students(bo.weighted(w / span1, (1 - w) / span2), d))
            for w in track(weights, "weighted sum", quiet=quiet)]


def distinct_points(pairs: Iterable[tuple[float, Point]]) -> list[Point]:
    """The different points found by a sweep, sorted by EWD."""
    return nondominated(p for _, p in pairs)


def price_of_equity(a: Point, b: Point) -> float:
    """Student-miles paid per ED student of Range#ED removed, moving from ``a`` to ``b``:

        (EWD(b) − EWD(a)) / (Range#ED(a) − Range#ED(b)).

    Along the frontier (a left of b) both differences are positive.
    """
    if a.f2 == b.f2:
        raise ArgumentError("the two points have the same Range#ED: no reduction to price")
    return (b.f1 - a.f1) / (a.f2 - b.f2)


def trade_offs(front: Iterable[Point]) -> list[dict[str, float]]:
    """One row per step between consecutive frontier points (EWD order): from/to numbers
    (1-based), extra EWD, Range#ED removed and :func:`price_of_equity`."""
    pts = sorted(front, key=lambda p: p.f1)
    return [{"from": k, "to": k + 1, "extra EWD": b.f1 - a.f1, "Range#ED removed": a.f2 - b.f2,
             "student-miles per ED student": price_of_equity(a, b)}
            for k, (a, b) in enumerate(zip(pts, pts[1:], strict=False), 1)]
