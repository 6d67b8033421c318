"""Three objectives: EWD, Range#ED and Range#Minority — the exact nondominated set.

Range#Minority(π) = max_j M_j(π) − min_j M_j(π) with M_j(π) = Σ_{i: π(i)=j} m_i, the students
of racial/ethnic minorities per school (``District.minority``, real-valued like c_i). All three
objectives are minimised; z dominates z' when z ≤ z' in every objective and z ≠ z'.

Method (recursive ε-constraint, exact). m'_i = m_i · 10^k is an integer (k: the decimals of m,
:mod:`orville_case.zoning.scaling`), so every Range#Minority lies on the integer grid in scaled
units. Let P(L) be the zoning problem with the extra constraint Range#Minority' ≤ L and F(L) its
complete two-objective (EWD, Range#ED) frontier, found exactly by
:func:`orville_case.zoning.tradeoffs.frontier`'s method, with one plan per point. Starting from
L = ∞, repeat: compute F(L); record each point with its plan's Range#Minority'; let M be the
largest of those; continue with L ← M − 1, until P(L) is infeasible.

Saved solves. At the next level L' < L, a point q of F(L) is still the lexicographic minimum of
(EWD, then Range#ED) subject to Range#ED ≤ ε in P(L') whenever it is that minimum in P(L) (q is
the first point of F(L), in EWD order, with Range#ED ≤ ε) and its recorded plan has
Range#Minority' ≤ L': P(L') ⊆ P(L) cannot do better, and q's plan is in P(L'). The sweep at L'
takes such points without solving (``known`` in :meth:`Biobjective.frontier`); only the points
whose plans break the new level are solved again.

Why nothing is missed. (1) For every L' in [M, L], F(L') = F(L): P(L') ⊆ P(L), and every point
of F(L) is still attained in P(L') by its recorded plan (Range#Minority' ≤ M ≤ L'). So the
visited intervals [M, L] and the grid steps between them cover every level down to the first
infeasible one. (2) Let z be nondominated in three objectives, and L the visited level with
z₃ ∈ [M, L]. Then (z₁, z₂) ∈ F(z₃) = F(L): a plan of P(z₃) beating it in EWD and Range#ED would
dominate z. The plan recorded for (z₁, z₂) has Range#Minority ≤ z₃; if it were < z₃ it would
dominate z; so it is z itself. (3) Every recorded point is attained by its plan; filtering the
recorded points to the nondominated ones therefore leaves exactly the nondominated set — no
point missed, none dominated. Each level lowers L by at least 1, so the loop ends.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pyomo.environ as pyo

from orville_case.core.errors import SolverError
from orville_case.core.progress import Progress
from orville_case.core.tolerances import EXACT_REL
from orville_case.zoning import scaling
from orville_case.zoning.biobjective import NO_BOUND, Biobjective, Point
from orville_case.zoning.data import District
from orville_case.zoning.minority import require_minority
from orville_case.zoning.models import add_range, assignment_model, plan_of
from orville_case.zoning.plans import Plan, evaluate
from orville_case.zoning.tradeoffs import check_magnitudes, no_plan_fits


@dataclass(frozen=True)
class Point3:
    """A nondominated point of the three-objective case and one plan (zone → school) attaining
    it. Range#ED in ED students, Range#Minority in minority students."""

    ewd: float
    range_ed: float
    range_minority: float
    plan: Plan = field(compare=False, repr=False)

    @property
    def values(self) -> tuple[float, float, float]:
        return self.ewd, self.range_ed, self.range_minority


def frontier3(district: District, *, quiet: bool = False) -> list[Point3]:
    """Every nondominated (EWD, Range#ED, Range#Minority) point with one plan each, sorted by
    EWD, then Range#ED (see the module docstring for the method and why it is exact)."""
    require_minority(district)
    k_ed = check_magnitudes(district)
    k_min = scaling.decimals(district.minority, "minority")
    ed = scaling.scaled(district.econ_disadv, k_ed)
    minority = scaling.scaled(district.minority, k_min)

    m = assignment_model(district, ed)
    m.range_minority = add_range(m, "minority", minority)
    m.minority_cap = pyo.Param(mutable=True, initialize=NO_BOUND)
    m.minority_bound = pyo.Constraint(expr=m.range_minority <= m.minority_cap)

    def measured(model):
        plan = plan_of(model)
        spread = scaling.range_over_schools(ed, plan, district.schools)
        return evaluate(district, plan).ewd, spread, plan

    bo = Biobjective(m, m.ewd, m.range_ed, evaluate=measured, solver_options={
        "mip_feasibility_tolerance": scaling.integrality_tolerance(ed, minority)},
        f2_unit=10.0 ** -k_ed)
    found: list[Point3] = []
    level: float = NO_BOUND
    previous: list[tuple[Point, int]] = []  # F(L) of the last level, in EWD order, with spreads

    def known(eps: float) -> Point | None:
        """The lexicographic minimum at ε from the last level, if its plan meets this level."""
        for p, spread in previous:
            if p.f2 <= eps:
                return p if spread <= level else None
        return None

    start = time.perf_counter()
    with Progress(None, "3-objective levels", quiet=quiet) as bar:
        while True:
            m.minority_cap.set_value(level)
            layer = bo.frontier(step=1, quiet=True, known=known)
            if not layer:
                break
            spreads = [scaling.range_over_schools(minority, p.solution, district.schools)
                       for p in layer]
            previous = list(zip(layer, spreads, strict=True))
            found += [Point3(p.f1, scaling.unscaled(p.f2, k_ed), scaling.unscaled(r, k_min),
                             p.solution) for p, r in zip(layer, spreads, strict=True)]
            top = max(spreads)
            bar.advance(f"levels; the last: {len(layer)} point(s), Range#Minority ≤ "
                        f"{scaling.unscaled(top, k_min):g} ({time.perf_counter() - start:.0f} s)")
            if top > level:  # the solver broke the bound: stop rather than loop
                raise SolverError(
                    f"the Range#Minority levels made no progress (asked for ≤ {level:.10g} in "
                    f"units of 10^-{k_min}, the solver returned a plan with {top}); scale the "
                    "minority counts to smaller numbers")
            level = top - 1
    if not found:
        raise no_plan_fits(district)
    return nondominated3(found)


def nondominated3(points: Iterable[Point3]) -> list[Point3]:
    """The points no other point dominates in all three objectives (one per value), sorted.

    Range#ED and Range#Minority are exact grid values and compared exactly; EWD values, sums of
    floats, are equal when :func:`~orville_case.core.tolerances.close` (EXACT_REL).
    """
    pts = sorted(points, key=lambda p: p.values)
    if not pts:
        return []
    v = np.array([p.values for p in pts], dtype=float)
    tol = EXACT_REL * np.maximum(1.0, np.abs(v[:, 0]))
    kept = []
    for i, p in enumerate(pts):
        at_most = (v[:, 0] <= v[i, 0] + tol[i]) & (v[:, 1] <= v[i, 1]) & (v[:, 2] <= v[i, 2])
        better = (v[:, 0] < v[i, 0] - tol[i]) | (v[:, 1] < v[i, 1]) | (v[:, 2] < v[i, 2])
        twin_before = at_most & ~better & (np.arange(len(pts)) < i)
        if not (at_most & better).any() and not twin_before.any():
            kept.append(p)
    return kept
