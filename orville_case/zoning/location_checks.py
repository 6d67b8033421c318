"""Self-checks for notebook 08, *Where to open the new school* (print ✓ or a HINT).

The student's own Pyomo model is solved here (min EWD, then min Range#ED) and compared with the
reference :func:`orville_case.zoning.location.location_model`, on ORville and on a small random
instance, so each typical mistake shows up as a wrong decision or a wrong optimum.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyomo.environ as pyo

from orville_case.core.hints import Hints
from orville_case.core.selfcheck import answer, call, quiet_pyomo, selfcheck
from orville_case.core.solvers import solve
from orville_case.core.tolerances import SOLVER_REL, close
from orville_case.zoning.data import District, build_district
from orville_case.zoning.location import best_ewd_at, location_model, open_district
from orville_case.zoning.model_reading import active_objectives
from orville_case.zoning.plans import evaluate
from orville_case.zoning.synthetic import synthetic_district

hint = Hints({
    "location_model": [
        "Two kinds of binaries: y_j (school j open) for every school and site, x_ij (zone i "
        "to school j). A zone may only go to an open school, and a closed site has no seats.",
        "Constraints: Σ_j x_ij = 1; x_ij ≤ y_j; Σ_i b_i x_ij ≤ u_j y_j; Σ_{k in new} y_k = n_new; "
        "y_j = 1 for the existing schools; ED_max ≥ ED_j; ED_min ≤ ED_j + C(1 − y_j).",
        "The big-M row: m.ed_lo = pyo.Constraint(m.J, rule=lambda m, j: m.ed_min <= "
        "sum(ld.econ_disadv[i] * m.x[i, j] for i in m.I) + C * (1 - m.y[j])), C = Σ_i c_i.",
    ],
    "site_ewd": [
        "Reuse your model and force the site open.",
        "m = my_location_model(ld, new, 1); fix y_site = 1; minimise m.ewd; return its value.",
        "m.y[site].fix(1)  (or a constraint m.y[site] == 1), then pyo.Objective(expr=m.ewd).",
    ],
})


def random_instance(seed: int) -> tuple[District, list[str]]:
    """7 zones, 2 existing schools and 3 candidate sites; opening any one site fits everyone."""
    d = synthetic_district(7, 5, seed)
    demand = sum(d.students.values())
    new = list(d.schools[2:])
    capacity = {s: int(np.ceil(0.42 * demand)) if s not in new else int(np.ceil(0.4 * demand))
                for s in d.schools}
    return build_district(d.students, d.econ_disadv, capacity, d.miles, name=d.name), new


def roomy_instance(seed: int) -> tuple[District, list[str]]:
    """6 zones, 2 existing schools and 3 candidate sites, each with a seat for every student.

    Nothing but the model itself keeps an existing school open or fixes the number of new
    schools here (on ORville the capacities do that, so such slips would go unnoticed)."""
    d = synthetic_district(6, 5, seed)
    demand = sum(d.students.values())
    return (build_district(d.students, d.econ_disadv, dict.fromkeys(d.schools, demand), d.miles,
                           name=d.name), list(d.schools[2:]))


def _structure_mistake(m: pyo.ConcreteModel) -> str | None:
    """A model that cannot be solved as the notebook will: an objective, or non-binary x, y."""
    if active_objectives(m):
        return ("your model already has an objective: return it without one (Exercise 2 and "
                "the check add their own, and a model may have only one).")
    for name in ("x", "y"):
        var = getattr(m, name)
        data = var.values() if isinstance(var, pyo.Var) else []
        if not data or not all(v.is_binary() for v in data):
            return (f"m.{name} must be binary (pyo.Var(..., domain=pyo.Binary)): a school is "
                    "open or not, a zone goes to one school — a fractional y_j would relax the "
                    "big-M row and the seats.")
    return None


def _feasible_with(m: pyo.ConcreteModel, expr) -> bool:
    """Whether the student's model still has a solution with the extra constraint ``expr``."""
    m.check_probe = pyo.Constraint(expr=expr)
    try:
        return _solve(m, m.ewd) is not None
    finally:
        m.del_component("check_probe")


def _probe_mistake(d: District, new: Sequence[str], n_new: int,
                   m: pyo.ConcreteModel) -> str | None:
    """On a roomy instance, closing an existing school or opening fewer or more than ``n_new``
    sites must be impossible."""
    opened = sum(m.y[k] for k in new)
    for word, probe in (("fewer", opened <= n_new - 1), ("more", opened >= n_new + 1)):
        if _feasible_with(m, probe):
            return (f"asked for n_new = {n_new} new schools, your model also allows {word}: use "
                    "the argument n_new in an equality, Σ_{k in new} y_k == n_new.")
    for j in d.schools:
        if j not in new and _feasible_with(m, m.y[j] <= 0):
            return (f"your model may close the existing school {j} when seats allow it: add "
                    "y_j == 1 for every school not in `new`.")
    return None


def _solve(m: pyo.ConcreteModel, expr) -> float | None:
    for o in m.component_objects(pyo.Objective, active=True):
        o.deactivate()
    m.check_objective = pyo.Objective(expr=expr)
    outcome = solve(m)
    m.del_component("check_objective")
    return outcome.objective if outcome.optimal else None


def _decision(ld: District, m: pyo.ConcreteModel) -> tuple[tuple[str, ...], dict[str, str]]:
    opened = tuple(j for j in ld.schools if pyo.value(m.y[j]) > 0.5)
    plan = {i: max(ld.schools, key=lambda j: pyo.value(m.x[i, j])) for i in ld.zones}
    return opened, plan


def _model_mistake(ld: District, new: Sequence[str], n_new: int,
                   m: pyo.ConcreteModel) -> str | None:
    """The first mistake found in the student's model ``m`` built for ``n_new`` new schools,
    compared with the reference model (None: it behaves as the reference)."""
    ref = location_model(ld, new, n_new)
    best_ewd, best_range = _solve(ref, ref.ewd), _solve(ref, ref.range_ed)
    got = _solve(m, m.ewd)
    if got is None:
        return ("your model has no solution: check Σ_k y_k = n_new over the candidate sites "
                "only, and that existing schools are open (y = 1).")
    opened, plan = _decision(ld, m)
    if sum(k in opened for k in new) != n_new:
        return ("your model opens several (or no) candidate sites: add Σ_{k in new} y_k = n_new "
                "(an equality).")
    if any(s not in opened for s in ld.schools if s not in new):
        return "an existing school was closed: keep y_j = 1 for the schools not in `new`."
    if any(plan[z] not in opened for z in ld.zones):
        return ("a zone goes to a site that is not open: link them with x_ij ≤ y_j (and give a "
                "closed site no seats: Σ_i b_i x_ij ≤ u_j y_j).")
    report = evaluate(open_district(ld, opened), plan)
    if not report.feasible:
        return f"the decision breaks a capacity ({report.violations[0]}): Σ_i b_i x_ij ≤ u_j y_j."
    if not close(pyo.value(m.ewd), report.ewd, SOLVER_REL):
        return ("m.ewd does not equal the decision's EWD Σ_i b_i h_ij x_ij: weight each distance "
                "by the zone's students b_i.")
    if not close(got, best_ewd, SOLVER_REL):
        return (f"minimising your m.ewd gives {got:,.1f}, but the least EWD is {best_ewd:,.1f}: "
                "a constraint is too strict (only link x to y and cap seats by u_j y_j).")
    low = _solve(m, m.range_ed)
    opened, plan = _decision(ld, m)
    true_range = evaluate(open_district(ld, opened), plan).range_ed
    if (low is None or not close(low, best_range, SOLVER_REL)
            or not close(low, true_range, SOLVER_REL)):
        return ("minimising your m.range_ed does not give the least Range#ED over the OPEN "
                "schools: a closed site has ED_j = 0 and must not pull ED_min down — relax its "
                "row with a big-M, ED_min ≤ ED_j + C(1 − y_j), C = Σ_i c_i.")
    return None


@selfcheck
def check_location_model(fn: Callable, ld: District, new: Sequence[str]) -> bool:
    """Exercise 1: ``fn(ld, new, n_new)`` builds the location model (``m.x``, ``m.y``,
    ``m.ewd``, ``m.range_ed``, no objective). Solved for min EWD and min Range#ED on ``ld`` and
    on a random instance and compared with the reference model; then probed on a roomy instance
    with ``n_new = 2``, where only the model keeps existing schools open and counts new sites."""
    cases = [("ORville", ld, list(new), 1, _model_mistake),
             ("a random test instance", *random_instance(5), 1, _model_mistake),
             ("a test instance where every school could seat all students", *roomy_instance(7), 2,
              _probe_mistake)]
    for where, d, sites, n_new, inspect in cases:
        with quiet_pyomo():
            m, msg = call(fn, d, sites, n_new)
        if msg:
            print(msg)
            return False
        missing = [a for a in ("x", "y", "ewd", "range_ed") if not hasattr(m, a)]
        if missing:
            print(f"HINT: your model needs components named {', '.join(missing)} (m.x, m.y, "
                  "m.ewd, m.range_ed).")
            return False
        mistake = _structure_mistake(m) or inspect(d, sites, n_new, m)
        if mistake:
            print(f"HINT ({where}): {mistake}")
            return False
    print("✓ your model behaves as the reference on ORville and two random instances: sites, "
          "seats, least EWD, least Range#ED")
    return True


@selfcheck
def check_site_ewd(fn: Callable, ld: District, new: Sequence[str], sites: Sequence[str]) -> bool:
    """Exercise 2: ``fn(ld, new, site)`` = least EWD with the new school at ``site``.

    Tried at the best site first (where forgetting to fix the site goes unnoticed but fixing it
    closed shows), then at ``sites``."""
    ref = location_model(ld, new, 1)
    free = _solve(ref, ref.ewd)
    best = next(k for k in new if pyo.value(ref.y[k]) > 0.5)
    tried = [best, *(k for k in sites if k != best)]
    for site in tried:
        with quiet_pyomo():
            got = answer(fn, ld, new, site, unit="student-miles")
        if got is None:
            return False
        want = best_ewd_at(ld, new, site)
        if close(got, want, SOLVER_REL):
            continue
        if close(got, free, SOLVER_REL):
            print(f"HINT: for {site} you return the least EWD over ALL sites: force y[{site}] "
                  "= 1 before solving.")
        elif close(got, best_ewd_at(ld, new, site, is_open=False), SOLVER_REL):
            print(f"HINT: for {site} your EWD is the best WITHOUT that site: did you fix "
                  "y = 0 (exclude the site) instead of y = 1?")
        else:
            print(f"HINT: for {site} your value is not the least EWD with that site open: "
                  "minimise m.ewd (not Range#ED) and return pyo.value(m.ewd).")
        return False
    print(f"✓ your least EWD per site is right for {', '.join(tried)}")
    return True
