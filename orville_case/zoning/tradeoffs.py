"""The biobjective zoning case: frontier, payoff table and weighted-sum sweep for a District.

Objectives (both minimised): f₁ = EWD, f₂ = Range#ED. Every point reported here is evaluated from
its plan with :func:`orville_case.zoning.plans.evaluate`, so the numbers are those of the
assignment.
When no plan fits the capacities, every method raises :class:`~orville_case.core.errors.SolverError`
with one line saying so (never a solver traceback or an empty result).
"""

from __future__ import annotations

from collections.abc import Iterable

from orville_case.core.errors import SolverError
from orville_case.core.progress import track
from orville_case.zoning.biobjective import Biobjective, Point, nondominated
from orville_case.zoning.data import District
from orville_case.zoning.models import assignment_model, plan_of
from orville_case.zoning.plans import evaluate


def biobjective(d: District) -> Biobjective:
    """The EWD / Range#ED pair on one assignment model, ready for any method."""
    m = assignment_model(d)

    def measured(model):
        plan = plan_of(model)
        report = evaluate(d, plan)
        return report.ewd, report.range_ed, plan

    return Biobjective(m, m.ewd, m.range_ed, evaluate=measured)


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
    """The two lexicographic optima (min EWD first, min Range#ED first), or :func:`no_plan_fits`."""
    first = bo.lexmin(1)
    if first is None:
        raise no_plan_fits(d)
    return first, bo.lexmin(2)


def frontier(d: District, *, quiet: bool = False, max_points: int | None = None) -> list[Point]:
    """Complete nondominated EWD / Range#ED frontier (ε-constraint, step 1), labelled supported.

    Range#ED is an integer because every c_i is, so a step of 1 misses no point. ``max_points``
    stops after that many ε-steps (see :meth:`Biobjective.frontier`).
    """
    points = biobjective(d).frontier(step=1, quiet=quiet, max_points=max_points)
    if not points:
        raise no_plan_fits(d)
    return points


def payoff_table(d: District) -> dict[str, Point]:
    """Lexicographic optima: ``'min EWD'`` and ``'min Range#ED'``; with them the ideal point
    (best of each objective) and nadir point (worst of each over the two optima)."""
    first, second = _ends(biobjective(d), d)
    return {"min EWD": first, "min Range#ED": second}


def ideal_nadir(table: dict[str, Point]) -> tuple[tuple[float, float], tuple[float, float]]:
    """Ideal zᴵ = (min f₁, min f₂) and nadir zᴺ = (max f₁, max f₂) over the payoff table."""
    pts = list(table.values())
    ideal = (min(p.f1 for p in pts), min(p.f2 for p in pts))
    nadir = (max(p.f1 for p in pts), max(p.f2 for p in pts))
    return ideal, nadir


def weighted_sum_sweep(d: District, weights: Iterable[float], *,
                       quiet: bool = False) -> list[tuple[float, Point]]:
    """For each w in (0, 1): the optimum of w·f̂₁ + (1 − w)·f̂₂ with objectives normalised by the
    ideal and nadir points. Returns (w, point) pairs; distinct points are supported points."""
    bo = biobjective(d)
    first, second = _ends(bo, d)
    ideal, nadir = ideal_nadir({"a": first, "b": second})
    span1, span2 = nadir[0] - ideal[0] or 1.0, nadir[1] - ideal[1] or 1.0
    out = []
    for w in track(list(weights), "weighted sum", quiet=quiet):
        if not 0 < w < 1:
            raise ValueError(f"weight {w} must be strictly between 0 and 1")
        out.append((w, bo.weighted(w / span1, (1 - w) / span2)))
    return out


def distinct_points(pairs: Iterable[tuple[float, Point]]) -> list[Point]:
    """The different points found by a sweep, sorted by EWD."""
    return nondominated(p for _, p in pairs)


def price_of_equity(a: Point, b: Point) -> float:
    """Student-miles paid per ED student of Range#ED removed, moving from ``a`` to ``b``:

        (EWD(b) − EWD(a)) / (Range#ED(a) − Range#ED(b)).

    Along the frontier (a left of b) both differences are positive.
    """
    if a.f2 == b.f2:
        raise ValueError("the two points have the same Range#ED: no reduction to price")
    return (b.f1 - a.f1) / (a.f2 - b.f2)


def trade_offs(front: Iterable[Point]) -> list[dict[str, float]]:
    """One row per step between consecutive frontier points (EWD order): from/to numbers
    (1-based), extra EWD, Range#ED removed and :func:`price_of_equity`."""
    pts = sorted(front, key=lambda p: p.f1)
    return [{"from": k, "to": k + 1, "extra EWD": b.f1 - a.f1, "Range#ED removed": a.f2 - b.f2,
             "student-miles per ED student": price_of_equity(a, b)}
            for k, (a, b) in enumerate(zip(pts, pts[1:], strict=False), 1)]
