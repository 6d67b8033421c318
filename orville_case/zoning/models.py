"""Pyomo models of the ORville zoning case (a generalized assignment problem with two objectives).

Sets: zones i ∈ I, schools j ∈ J. Data: b_i students, c_i ED students, u_j capacity, h_ij miles.
Variables: x_ij ∈ {0, 1} (zone i goes to school j); ED_max, ED_min ≥ 0.

    Σ_j x_ij = 1                      ∀ i   (every zone to exactly one school)
    Σ_i b_i x_ij ≤ u_j                ∀ j   (capacity)
    ED_max ≥ Σ_i c_i x_ij ≥ ED_min    ∀ j   (bounds on ED students per school)

    EWD      = Σ_i Σ_j b_i h_ij x_ij
    Range#ED = ED_max − ED_min

The per-school count and its range are built by :func:`add_range`, which a third objective reuses
(Range#Minority, :mod:`orville_case.zoning.triobjective`); a caller may pass the counts in scaled
integer units (:mod:`orville_case.zoning.scaling`) so that the solver sees whole numbers.

``ED_max − ED_min`` is only an *upper bound* on the true range max_j ED_j − min_j ED_j unless it is
being minimised, so reported metrics are always recomputed from the assignment x
(:func:`plan_of` + :func:`orville_case.zoning.plans.evaluate`), never read from ED_max/ED_min.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyomo.environ as pyo

from orville_case.core.errors import ArgumentError, SolverError
from orville_case.core.solvers import solve
from orville_case.zoning.data import District
from orville_case.zoning.plans import Plan


def assignment_model(d: District, ed: Mapping[str, float] | None = None) -> pyo.ConcreteModel:
    """Feasible zonings of ``d`` with expressions ``m.ewd`` and ``m.range_ed`` (no objective).

    ``ed`` replaces c_i (default ``d.econ_disadv``), e.g. by c_i · 10^k as integers; Range#ED is
    then in the same units.
    """
    m = pyo.ConcreteModel(name=f"zoning of {d.name}")
    m.I = pyo.Set(initialize=d.zones, ordered=True)
    m.J = pyo.Set(initialize=d.schools, ordered=True)
    m.x = pyo.Var(m.I, m.J, domain=pyo.Binary)

    m.one_school = pyo.Constraint(m.I, rule=lambda m, i: sum(m.x[i, j] for j in m.J) == 1)
    m.capacity = pyo.Constraint(
        m.J, rule=lambda m, j: sum(d.students[i] * m.x[i, j] for i in m.I) <= d.capacity[j])
    m.ewd = pyo.Expression(
        expr=sum(d.students[i] * d.miles[i, j] * m.x[i, j] for i in m.I for j in m.J))
    m.range_ed = add_range(m, "ed", d.econ_disadv if ed is None else ed)
    return m


def add_range(m: pyo.ConcreteModel, name: str, counts: Mapping[str, float]) -> pyo.Expression:
    """Add the per-school count ``m.<name>[j]`` = Σ_i counts_i x_ij, variables ``m.<name>_max``,
    ``m.<name>_min`` ≥ 0 bounding it, and return the expression ``<name>_max − <name>_min`` (the
    range when minimised or bounded from above); attach it to ``m`` under a name of your choice."""
    top, bottom = pyo.Var(domain=pyo.NonNegativeReals), pyo.Var(domain=pyo.NonNegativeReals)
    m.add_component(f"{name}_max", top)
    m.add_component(f"{name}_min", bottom)
    per_school = pyo.Expression(m.J, rule=lambda m, j: sum(counts[i] * m.x[i, j] for i in m.I))
    m.add_component(name, per_school)
    m.add_component(f"{name}_upper",
                    pyo.Constraint(m.J, rule=lambda m, j: per_school[j] <= top))
    m.add_component(f"{name}_lower",
                    pyo.Constraint(m.J, rule=lambda m, j: per_school[j] >= bottom))
    return pyo.Expression(expr=top - bottom)  # the caller names it, e.g. m.range_ed


def minimise(m: pyo.ConcreteModel, expr: pyo.Expression) -> pyo.ConcreteModel:
    """Give ``m`` (which has no objective yet) the objective  min ``expr``; return ``m``."""
    m.objective = pyo.Objective(expr=expr, sense=pyo.minimize)
    return m


def min_ewd_model(d: District) -> pyo.ConcreteModel:
    """Stage 1 of the case: minimise EWD subject to assignment and capacity."""
    m = assignment_model(d)
    return minimise(m, m.ewd)


def min_range_model(d: District) -> pyo.ConcreteModel:
    """Minimise Range#ED alone (distance ignored)."""
    m = assignment_model(d)
    return minimise(m, m.range_ed)


def weighted_sum_model(d: District, w: float, ideal: tuple[float, float],
                       nadir: tuple[float, float]) -> pyo.ConcreteModel:
    """Minimise  w·(EWD − z₁ᴵ)/(z₁ᴺ − z₁ᴵ) + (1 − w)·(Range#ED − z₂ᴵ)/(z₂ᴺ − z₂ᴵ),  0 ≤ w ≤ 1.

    Normalising by the ideal point zᴵ and the nadir point zᴺ puts both objectives on a 0-1 scale,
    so w means the same thing whatever the units (miles vs students).
    """
    if not 0 <= w <= 1:
        raise ArgumentError(f"weight w = {w} must lie between 0 and 1")
    span1, span2 = nadir[0] - ideal[0] or 1.0, nadir[1] - ideal[1] or 1.0
    m = assignment_model(d)
    return minimise(m, w * (m.ewd - ideal[0]) / span1 + (1 - w) * (m.range_ed - ideal[1]) / span2)


def epsilon_model(d: District, epsilon: float) -> pyo.ConcreteModel:
    """ε-constraint: minimise EWD subject to Range#ED ≤ ε (ε is the mutable parameter ``m.eps``)."""
    m = assignment_model(d)
    m.eps = pyo.Param(initialize=epsilon, mutable=True)
    m.range_at_most_eps = pyo.Constraint(expr=m.range_ed <= m.eps)
    return minimise(m, m.ewd)


def plan_of(m: pyo.ConcreteModel) -> Plan:
    """The plan encoded by the (solved) binary variables x_ij."""
    return {i: max(m.J, key=lambda j: pyo.value(m.x[i, j])) for i in m.I}


def solve_plan(m: pyo.ConcreteModel) -> Plan:
    """Solve a zoning model to proven optimality and return its plan.

    Raises :class:`SolverError` with a readable reason when no plan satisfies the constraints.
    """
    outcome = solve(m)
    if not outcome.optimal:
        eps = f" with Range#ED ≤ {pyo.value(m.eps):g}" if hasattr(m, "eps") else ""
        raise SolverError(f"no plan meets every capacity{eps}; relax the bound "
                          "(see the frontier for the smallest achievable Range#ED)")
    return plan_of(m)
