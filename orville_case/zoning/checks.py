"""Self-checks for the exercises of notebooks 01 and 02 (print ✓ or a HINT; never raise).

Every check recomputes the right result with the package (:mod:`orville_case.zoning.plans`,
:mod:`orville_case.zoning.models`) and compares; a hint names what differs and why, never the
answer.

* 01, exercise 1: :func:`check_ewd` — EWD = Σ_i b_i h_{i,π(i)} of a plan, by hand.
* 01, exercise 2: :func:`check_ewd_model` — the student's min-EWD model in Pyomo.
* 01, exercise 3: :func:`check_plan_read` — the plan read from the solved model's x.
* 02, exercise 1: :func:`check_range_ed` — Range#ED = max_j ED_j − min_j ED_j, by hand.
* 02, exercise 2: :func:`check_plan_target` — a plan found in the explorer that meets a target.
* 02, exercise 3: :func:`check_range_model` — the student's min–max Range#ED model in Pyomo.
* 02, exercise 4: :func:`check_tradeoff` — student-miles paid per unit of Range#ED.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pyomo.environ as pyo

from orville_case.core.errors import OrvilleError
from orville_case.core.hints import Hints
from orville_case.core.paths import dataset_dir
from orville_case.core.selfcheck import answer, call, quiet_pyomo, selfcheck
from orville_case.core.solvers import solve
from orville_case.core.tolerances import SOLVER_REL, TYPED_REL, close
from orville_case.zoning import models, tradeoffs
from orville_case.zoning.data import District, build_district, load_district
from orville_case.zoning.frames import tables
from orville_case.zoning.model_reading import (
    Row,
    active_objectives,
    assignment_var,
    linear,
    minimised_objective,
    proportional,
    rows,
)
from orville_case.zoning.plans import Plan, PlanReport, evaluate, fmt_ed, read_plan
from orville_case.zoning.synthetic import synthetic_district

hint = Hints({
    "ewd": [
        "EWD adds, over the zones, the zone's students times the miles to the school the plan "
        "gives it.",
        "sum(d.students[z] * d.miles[z, ...] for z in d.zones): which school goes in the ...?",
        "The school of zone z is plan[z].",
    ],
    "ewd_model": [
        "Four pieces, in this order: the variable x (one per zone and school, 0 or 1), the "
        "objective (EWD), one constraint per zone (exactly one school), one per school "
        "(capacity).",
        "m.x = pyo.Var(m.I, m.J, domain=...)  |  m.objective = pyo.Objective(expr=sum(... for i "
        "in m.I for j in m.J), sense=...)  |  m.one_school = pyo.Constraint(m.I, rule=lambda m, "
        "i: ...)  |  m.capacity = pyo.Constraint(m.J, rule=lambda m, j: ...)",
        "The capacity rule returns sum(zones.students[i] * m.x[i, j] for i in m.I) <= "
        "schools.capacity[j]; the objective's terms are zones.students[i] * miles.loc[i, j] * "
        "m.x[i, j].",
    ],
    "read_plan": [
        "After solving, pyo.value(m.x[i, j]) is 1 for the school zone i goes to and 0 otherwise.",
        "A dict comprehension over the pairs of x: {i: j for (i, j) in m.x if ...}.",
        "Keep the pair when pyo.value(m.x[i, j]) > 0.5 (solvers return 0.9999999 for 1).",
    ],
    "range_ed": [
        "Add each zone's c_i to the ED count of its school, starting every school at 0; then "
        "largest count minus smallest.",
        "ed = {s: 0 for s in d.schools}; for z in d.zones: ed[plan[z]] += ...",
        "return max(ed.values()) - min(ed.values()): the empty schools' 0 counts too.",
    ],
    "range_model": [
        "Two new continuous variables bound the ED counts of all schools from above (ED_max) and "
        "from below (ED_min); minimising their gap pushes them onto the largest and smallest "
        "ED_j.",
        "m.ed_max = pyo.Var(domain=pyo.NonNegativeReals) (same for ed_min)  |  m.upper = "
        "pyo.Constraint(m.J, rule=lambda m, j: ED_j <= m.ed_max)  |  m.lower = ... >= m.ed_min  "
        "|  m.objective = pyo.Objective(expr=...)",
        "ED_j is sum(zones.econ_disadv[i] * m.x[i, j] for i in m.I); the objective is m.ed_max - "
        "m.ed_min, minimised.",
    ],
    "plan_target": [
        "Start from the min-EWD plan. Which school has the most ED students, which the fewest?",
        "Move one zone with many ED students away from the ED-heaviest school. If the school "
        "that takes it runs out of seats, send one of its own zones the other way (a swap).",
        "Try swaps between the ED-heaviest school and the school with the most free seats; "
        "watch both numbers after each move and undo a move that costs many student-miles.",
    ],
    "tradeoff": [
        "A price: how much of one thing (student-miles) per unit of the other (Range#ED).",
        "Both differences are taken from the two reports: a.ewd, b.ewd, a.range_ed, b.range_ed.",
        "(extra EWD of b over a) / (Range#ED removed from a to b).",
    ],
})


def sample_plans(d: District) -> list[Plan]:
    """Plans a check tries: the current feeder plan (when it fits ``d``), each zone's nearest
    school, a rotation of schools, and everyone at one school (two schools left empty)."""
    plans = []
    with contextlib.suppress(OrvilleError):
        current = read_plan(dataset_dir("orville") / "current_plan.csv")
        if set(current) == set(d.zones) and set(current.values()) <= set(d.schools):
            plans.append(current)
    plans.append({z: min(d.schools, key=lambda s: d.miles[z, s]) for z in d.zones})
    plans.append({z: d.schools[k % len(d.schools)] for k, z in enumerate(d.zones)})
    plans.append(dict.fromkeys(d.zones, d.schools[0]))
    return plans


def _describe(plan: Mapping[str, str]) -> str:
    return "{" + ", ".join(f"{z}: {s}" for z, s in list(plan.items())[:3]) + ", ...}"


# ------------------------------------------------------------------------ notebook 01


@selfcheck
def check_ewd(fn: Callable[[Plan], float], district: District | None = None) -> bool:
    """Exercise 01-1: ``fn(plan)`` returns EWD = Σ_i b_i h_{i,π(i)} (student-miles)."""
    d = district or load_district()
    for plan in sample_plans(d):
        x = answer(fn, plan, unit="student-miles")
        if x is None:
            return False
        want = evaluate(d, plan).ewd
        if close(x, want):
            continue
        miles = sum(d.miles[z, plan[z]] for z in d.zones)
        ed_miles = sum(d.econ_disadv[z] * d.miles[z, plan[z]] for z in d.zones)
        total = sum(d.students.values())
        if close(x, miles):
            print("HINT: you added the miles h_ij only. Each zone's distance counts once per "
                  "student: multiply by b_i (d.students[zone]).")
        elif close(x, ed_miles):
            print("HINT: you weighted by the ED students c_i; EWD weights by all students b_i.")
        elif close(x * total, want):
            print("HINT: that is the average miles per student. EWD is the total: do not divide "
                  "by the number of students.")
        else:
            print(f"HINT: wrong for the plan {_describe(plan)}. For each zone look up "
                  "h = d.miles[zone, plan[zone]] (the school the plan gives it) and add b_i × h.")
        return False
    print(f"✓ your EWD agrees with plans.evaluate on {len(sample_plans(d))} plans")
    return True


def _raised_hint(hint: str, on_orville: bool) -> str:
    """Explain an exception from the student's model builder: a KeyError on the notebook's
    district is usually a lookup with swapped indices; an error only on the second district
    means the builder reads notebook data (``d``) instead of its arguments."""
    if not hint.startswith("HINT: your function raised"):
        return hint
    if not on_orville:
        return (hint + ". Your function works on ORville but not on another district: read the "
                "data only from its arguments zones, schools and miles (not from d or other "
                "notebook variables)")
    if hint.startswith("HINT: your function raised KeyError"):
        return (hint + ". A table was looked up with a key it does not have: zones.students[i], "
                "zones.econ_disadv[i], schools.capacity[j], and miles.loc[i, j] with the zone "
                "first, then the school")
    return hint


def _other_instance() -> District:
    """A second district for the model checks: a builder that only fits ORville fails it."""
    return synthetic_district(7, 3, seed=11, slack=1.05)


def _solve_hint(m: pyo.ConcreteModel) -> tuple[float | None, str | None]:
    """Solve a student's model: (objective, None), or (None, hint) if it has no optimum."""
    with quiet_pyomo():
        outcome, hint = call(solve, m)
    if hint:
        return None, ("HINT: HiGHS could not solve your model (is a variable unbounded? does "
                      "every variable get a domain?): " + hint.removeprefix("HINT: "))
    if not outcome.optimal:
        return None, ("HINT: your model has no feasible plan: check the direction of each "
                      "constraint (one school per zone is '== 1', capacity is '<=').")
    return outcome.objective, None


def _objective_hint(m: pyo.ConcreteModel, x: pyo.Var, d: District) -> str | None:
    """A hint unless ``m`` has one active objective: minimise a positive multiple of
    EWD = Σ_i Σ_j b_i h_ij x_ij."""
    coefs = minimised_objective(
        m, write="m.objective = pyo.Objective(expr=..., sense=pyo.minimize).",
        maximised="HINT: your objective is maximised: short trips mean sense=pyo.minimize.",
        nonlinear="HINT: the objective should be linear in x: a sum of number × x[i, j].")
    if isinstance(coefs, str):
        return coefs
    if proportional(coefs, {id(x[i, j]): d.students[i] * d.miles[i, j] for i, j in x}):
        return None
    if proportional(coefs, {id(x[i, j]): d.miles[i, j] for i, j in x}):
        return ("HINT: your objective adds the miles h_ij only: each zone's distance counts "
                "once per student, so multiply by b_i (zones.students[i]).")
    if proportional(coefs, {id(x[i, j]): d.econ_disadv[i] * d.miles[i, j] for i, j in x}):
        return "HINT: your objective weights by the ED students c_i; EWD weights by all b_i."
    return ("HINT: the objective should be EWD = Σ_i Σ_j b_i h_ij x[i, j]: for every pair "
            "(i, j), zones.students[i] * miles.loc[i, j] * m.x[i, j].")


def _assignment_hint(x: pyo.Var, d: District, table: list[Row]) -> str | None:
    """A hint unless, for every zone i, some row forces Σ_j x_ij ≥ 1 (with ≤ 1 or a minimised
    EWD, exactly one school)."""
    for i in d.zones:
        own = {id(x[i, j]) for j in d.schools}
        at_least = [r for r in table if set(r.coefs) == own and r.rhs < 0
                    and close(proportional(r.coefs, dict.fromkeys(own, -1.0)) or 0, -r.rhs)]
        if not at_least:
            return (f"HINT: nothing makes zone {i} go to a school: write one constraint per zone "
                    "i, Σ_j x[i, j] == 1 (with '== 1', not '<= 1').")
    return None


def _at_most_one(x: pyo.Var, d: District, table: list[Row]) -> bool:
    """True if, for every zone i, some row reads (a positive multiple of) Σ_j x_ij ≤ 1."""
    for i in d.zones:
        own = {id(x[i, j]) for j in d.schools}
        if not any(set(r.coefs) == own and r.rhs > 0
                   and close(proportional(r.coefs, dict.fromkeys(own, 1.0)) or 0, r.rhs)
                   for r in table):
            return False
    return True


def _capacity_hint(x: pyo.Var, d: District, table: list[Row]) -> str | None:
    """A hint unless, for every school j, a row reads (a positive multiple of)
    Σ_i b_i x_ij ≤ u_j."""
    pair = {id(x[i, j]): (i, j) for i, j in x}
    for r in table:
        zones = {pair[v][0] for v in r.coefs if v in pair}
        schools = {pair[v][1] for v in r.coefs if v in pair}
        if len(schools) > 1 and len(zones) > 1 and all(a > 0 for a in r.coefs.values()):
            return ("HINT: a capacity constraint sums over the zones i for ONE school j; your "
                    f"constraint '{r.name}' also contains x for other schools.")
    for j in d.schools:
        col = {id(x[i, j]) for i in d.zones}
        mine = [r for r in table if len(r.coefs) > 1 and set(r.coefs) <= col]
        if not mine:
            return (f"HINT: no capacity constraint for school {j}: write one per school j, "
                    "Σ_i b_i x[i, j] <= u_j.")
        if any(r.equality for r in mine):
            return ("HINT: '==' forces every school to be exactly full; capacity is an upper "
                    "limit: use '<='.")
        upper = [r for r in mine if all(a > 0 for a in r.coefs.values())]
        if not upper:
            return "HINT: the load may not exceed the capacity: load <= u_j, not >=."
        r = upper[0]
        k = proportional(r.coefs, {id(x[i, j]): d.students[i] for i in d.zones})
        if k is None:
            if proportional(r.coefs, {id(x[i, j]): d.econ_disadv[i] for i in d.zones}):
                return ("HINT: your capacity counts the ED students c_i; a seat is needed for "
                        "every student b_i (zones.students[i]).")
            if proportional(r.coefs, {id(x[i, j]): 1.0 for i in d.zones}):
                return ("HINT: in the capacity constraint each x[i, j] = 1 brings b_i students "
                        "(zones.students[i]), not one: multiply x[i, j] by b_i.")
            return (f"HINT: for school {j} the load should be Σ_i b_i x[i, {j}], with b_i = "
                    "zones.students[i].")
        if not close(r.rhs, k * d.capacity[j]):
            return (f"HINT: the limit for school {j} should be its own capacity u_j = "
                    "schools.capacity[j].")
    return None


def _ewd_model_hint(build: Callable, d: District) -> tuple[pyo.ConcreteModel | None, str | None]:
    """Build the student's EWD model on ``d``, inspect it and solve it: (model, None) or a hint."""
    with quiet_pyomo():
        m, hint = call(build, *tables(d))
    if hint:
        return None, hint
    if not isinstance(m, pyo.ConcreteModel):
        return None, f"HINT: return the model m (a pyo.ConcreteModel), not a {type(m).__name__}."
    x = assignment_var(m, d)
    if x is None:
        return None, ("HINT: declare the decisions as one variable x indexed by zone and school: "
                      "m.x = pyo.Var(m.I, m.J, ...) with m.I the zones and m.J the schools.")
    if not all(v.is_integer() for v in x.values()):
        return None, ("HINT: your x is continuous, so the solver may split a zone between "
                      "schools; continuity needs x[i, j] ∈ {0, 1}: domain=pyo.Binary.")
    table = rows(m)
    if table is None:
        return None, "HINT: every constraint should be linear in x (sums of number × x[i, j])."
    hint = (_objective_hint(m, x, d) or _assignment_hint(x, d, table)
            or _capacity_hint(x, d, table))
    if hint:
        return None, hint
    value, hint = _solve_hint(m)
    if hint:
        return None, hint
    plan = {i: max(d.schools, key=lambda j: pyo.value(x[i, j])) for i in d.zones}
    best = evaluate(d, models.solve_plan(models.min_ewd_model(d))).ewd
    got = evaluate(d, plan)
    if not got.feasible or got.ewd < best and not close(got.ewd, best, SOLVER_REL):
        return None, ("HINT: your model reads right term by term, yet its optimum breaks a "
                      "capacity or is shorter than any feasible plan: a constraint is missing.")
    if not close(got.ewd, best, SOLVER_REL):
        return None, ("HINT: your model reads right term by term, yet its optimum is not the "
                      "shortest feasible plan: look for an extra constraint that cuts plans off.")
    return m, None


@selfcheck
def check_ewd_model(build: Callable, district: District | None = None) -> bool:
    """Exercise 01-2: ``build(zones, schools, miles)`` returns the min-EWD model (module
    :mod:`orville_case.zoning.frames` gives the tables).

    The builder is run on the notebook's district and on a second one; each model is inspected
    (binary x, objective, one school per zone, capacity) and solved with HiGHS, and its optimum is
    compared with the package's model.
    """
    d = district or load_district()
    for inst in (d, _other_instance()):
        m, hint = _ewd_model_hint(build, inst)
        if hint:
            where = "" if inst is d else f" (on a second test district, {inst.name})"
            print(_raised_hint(hint + where, inst is d))
            return False
        if inst is d:
            exact = _at_most_one(assignment_var(m, d), d, rows(m))
    print("✓ your model has binary x, minimises EWD, gives every zone one school, respects every "
          "capacity, and HiGHS proves the same optimum as the reference on two districts")
    if not exact:
        print("  Note: with '>= 1' a zone may take two schools; only minimising keeps it at one "
              "here. Continuity says exactly one: write '== 1', as in the model above.")
    return True


@selfcheck
def check_plan_read(plan: Mapping[str, str], district: District | None = None) -> bool:
    """Exercise 01-3: ``plan`` ({zone: school}) is read from the solved min-EWD model's x."""
    d = district or load_district()
    report = evaluate(d, plan) if isinstance(plan, Mapping) else None
    if report is None or not report.complete:
        print("HINT: read the plan from the solved x as a dict {zone: school}: zone i goes to the "
              "school j with pyo.value(m.x[i, j]) = 1.")
        return False
    best = evaluate(d, models.solve_plan(models.min_ewd_model(d))).ewd
    if not report.feasible or not close(report.ewd, best, SOLVER_REL):
        print("HINT: this is not the optimal plan: solve your model first (and pass the checks "
              "above), then give each zone the school j whose x[i, j] is 1 (not 0).")
        return False
    print(f"✓ the plan read from your model: every zone has one school, every school has room, "
          f"EWD = {report.ewd:,.1f} student-miles (the least possible)")
    return True


# ------------------------------------------------------------------------ notebook 02


@selfcheck
def check_range_ed(fn: Callable[[Plan], float], district: District | None = None) -> bool:
    """Exercise 02-1: ``fn(plan)`` returns Range#ED = max_j ED_j − min_j ED_j (a count)."""
    d = district or load_district()
    for plan in sample_plans(d):
        x = answer(fn, plan, unit="students")
        if x is None:
            return False
        report = evaluate(d, plan)
        if close(x, report.range_ed):
            continue
        used = [s for s in d.schools if report.load[s]]
        shares = [report.ed[s] / report.load[s] for s in used]
        loads = report.load.values()
        if close(x, max(report.ed[s] for s in used) - min(report.ed[s] for s in used)):
            print(f"HINT: right while every school gets a zone, wrong for {_describe(plan)}: "
                  "a school that gets no zone has ED_j = 0, and it counts in the minimum.")
        elif 0 < x <= 1 or close(x, 100 * (max(shares) - min(shares))):
            print("HINT: Range#ED counts ED students, it is not a percentage. The case uses counts "
                  "on purpose (article §2.3): a share ED_j / L_j would make the model nonlinear.")
        elif close(x, max(loads) - min(loads)):
            print("HINT: that is the range of all students L_j; Range#ED uses only the "
                  "economically disadvantaged c_i (d.econ_disadv).")
        elif close(x, max(report.ed.values())):
            print("HINT: that is max_j ED_j; subtract the smallest ED_j.")
        elif close(-x, report.range_ed):
            print("HINT: your Range#ED is negative: largest ED_j minus smallest, not the other "
                  "way round.")
        elif x == round(x) and abs(x - report.range_ed) < 1:
            print("HINT: do not round: the c_i are real numbers (b_i × the zone's ED share), so "
                  "Range#ED keeps its decimals.")
        else:
            print(f"HINT: wrong for the plan {_describe(plan)}. Add c_i of each zone to its "
                  "school's ED_j (start every school at 0), then take max − min over schools.")
        return False
    print(f"✓ your Range#ED agrees with plans.evaluate on {len(sample_plans(d))} plans")
    return True


def _fractional(d: District) -> District:
    """``d`` with real-valued c_i (two decimals), as the case defines them (article §2.2)."""
    return build_district(d.students, {z: round(0.97 * c, 2) for z, c in d.econ_disadv.items()},
                          d.capacity, d.miles, name=f"{d.name}, real-valued c_i")


def _ed_row_hint(x: pyo.Var, d: District, table: list[Row], aux: int, name: str,
                 sign: int) -> str | None:
    """A hint unless every school j has a row  sign·(Σ_i c_i x_ij − aux) ≤ 0  (up to a factor):
    sign = +1 for ED_j ≤ ED_max, −1 for ED_j ≥ ED_min."""
    side = {1: f"ED_j <= {name}", -1: f"ED_j >= {name}"}[sign]
    for j in d.schools:
        col = {id(x[i, j]) for i in d.zones}
        mine = [r for r in table if aux in r.coefs and set(r.coefs) - {aux} <= col
                and len(r.coefs) > 1]
        if not mine:
            return (f"HINT: no constraint ties {name} to the ED count of school {j}: write one "
                    f"per school j, {side}.")
        good = [r for r in mine if sign * r.coefs[aux] < 0]
        if not good:
            where = "above" if sign == 1 else "below"
            return (f"HINT: {name} is on the wrong side: it must lie {where} every school's ED "
                    f"count, {side}.")
        r = good[0]
        k = -sign * r.coefs[aux]
        x_part = {v: sign * a for v, a in r.coefs.items() if v != aux}
        if proportional(x_part, {id(x[i, j]): d.students[i] for i in d.zones}) and \
                not proportional(x_part, {id(x[i, j]): d.econ_disadv[i] for i in d.zones}):
            return ("HINT: your ED count sums all students b_i; ED_j counts the economically "
                    "disadvantaged only, c_i (zones.econ_disadv[i]).")
        if not close(proportional(x_part, {id(x[i, j]): d.econ_disadv[i] for i in d.zones})
                     or -1.0, k) or not close(r.rhs, 0.0):
            return (f"HINT: for school {j} write {side} with ED_j = Σ_i c_i x[i, {j}] "
                    "(zones.econ_disadv[i]) and nothing else in the constraint.")
    return None


def _range_model_hint(build: Callable, d: District) -> str | None:
    """Build the student's Range#ED model on ``d``, inspect it and solve it: a hint, or None."""
    with quiet_pyomo():
        m, hint = call(build, *tables(d))
    if hint:
        return hint
    if not isinstance(m, pyo.ConcreteModel):
        return f"HINT: return the model m (a pyo.ConcreteModel), not a {type(m).__name__}."
    x = assignment_var(m, d)
    if x is None:
        return "HINT: keep the zoning part: start from m = zoning_model(zones, schools, miles)."
    objs = active_objectives(m)
    if len(objs) != 1:
        return (f"HINT: your model has {len(objs)} active objectives; give it exactly one, "
                "m.objective = pyo.Objective(expr=...).")
    if objs[0].sense == pyo.maximize:
        return "HINT: your objective is maximised: a small Range#ED is wanted, minimise it."
    lin, table = linear(objs[0].expr), rows(m)
    if lin is None or table is None:
        return "HINT: the objective and the constraints should be linear (number × variable)."
    coefs, xs = lin[0], {id(v) for v in x.values()}
    if set(coefs) & xs:
        return ("HINT: the objective should contain only the two bounding variables; the x "
                "enter through the constraints ED_min <= ED_j <= ED_max.")
    pos = [v for v, a in coefs.items() if a > 0]
    neg = [v for v, a in coefs.items() if a < 0]
    if len(pos) == 1 and not neg:
        return ("HINT: minimising ED_max alone makes the largest school's ED count small (a "
                "min–max), not the gap: the objective is ED_max − ED_min.")
    if len(pos) == 2 and not neg:
        return "HINT: Range#ED is a difference: ED_max − ED_min, not a sum."
    if len(pos) != 1 or len(neg) != 1 or not close(coefs[pos[0]], -coefs[neg[0]]):
        return "HINT: the objective should be m.ed_max - m.ed_min (your two new variables)."
    by_id = {id(v): v for v in m.component_data_objects(pyo.Var)}
    if any(by_id[v].is_integer() for v in (pos[0], neg[0])):
        return ("HINT: your ED_max / ED_min are integer, but the c_i are real numbers (b_i × "
                "the ED share): declare them with domain=pyo.NonNegativeReals.")
    hint = (_ed_row_hint(x, d, table, pos[0], "ED_max", 1)
            or _ed_row_hint(x, d, table, neg[0], "ED_min", -1))
    if hint:
        return hint
    value, hint = _solve_hint(m)
    if hint:
        return hint
    best = solve(models.min_range_model(d)).objective
    got = value / coefs[pos[0]]
    if got < best and not close(got, best, SOLVER_REL):
        return ("HINT: your optimum is below the least Range#ED any zoning plan can reach: a "
                "zoning constraint is missing. Start from m = zoning_model(zones, schools, miles) "
                "(one school per zone, capacities) and add to it.")
    if not close(got, best, SOLVER_REL):
        return ("HINT: your model reads right term by term, yet its optimum is not the least "
                "Range#ED: look for an extra constraint that cuts plans off.")
    return None


@selfcheck
def check_range_model(build: Callable, district: District | None = None) -> bool:
    """Exercise 02-3: ``build(zones, schools, miles)`` returns the min-Range#ED model, i.e. the
    zoning constraints plus ED_max, ED_min ≥ 0 with ED_min ≤ Σ_i c_i x_ij ≤ ED_max ∀j and the
    objective min ED_max − ED_min.

    Run on the notebook's district and on a second one with real-valued c_i; each model is
    inspected (objective, bounding constraints and their sides, c_i not b_i, real variables),
    solved with HiGHS and compared with :func:`orville_case.zoning.models.min_range_model`.
    """
    d = district or load_district()
    for inst in (d, _fractional(_other_instance())):
        hint = _range_model_hint(build, inst)
        if hint:
            where = "" if inst is d else f" (on a second test district, {inst.name})"
            print(_raised_hint(hint + where, inst is d))
            return False
    print("✓ your min–max model bounds every school's ED count from both sides, minimises "
          "ED_max − ED_min, and HiGHS proves the same least Range#ED as the reference on two "
          "districts")
    return True


@dataclass(frozen=True)
class Target:
    """Exercise 02-2's goal: a feasible plan with Range#ED ≤ ``max_range`` and EWD ≤ ``max_ewd``.

    ``plan`` is one plan that meets it (for the instructor; the notebook does not show it)."""

    max_range: float
    max_ewd: float
    plan: Plan
    moves: int


def plan_target(d: District) -> Target:
    """A target reachable from the min-EWD plan in few moves, met by more than one plan.

    The frontier points whose plan differs from the min-EWD plan in at most two zones are the
    fairer plans that stay short; the target is the box around all of them: Range#ED up to the
    largest of their Range#ED (rounded up to whole students), EWD up to the largest of their EWD
    (rounded up to the next 100 student-miles). Every one of them meets it, so a student who finds
    any good two-move plan succeeds (a target set by the single best of them admits one plan of
    ORville's 19,683). ``plan`` is the shortest of them."""
    front = tradeoffs.frontier(d, quiet=True)
    start = front[0].solution
    def moves(p):
        return sum(p.solution[z] != start[z] for z in d.zones)
    near = [p for p in front[1:] if moves(p) <= 2] or front[1:2] or front
    p = min(near, key=lambda p: p.f1)
    return Target(float(math.ceil(max(q.f2 for q in near))),
                  float(math.ceil(max(q.f1 for q in near) / 100) * 100), p.solution, moves(p))


@selfcheck
def check_plan_target(plan: Mapping[str, str], target: Target | None = None,
                      district: District | None = None) -> bool:
    """Exercise 02-2: a feasible plan with Range#ED ≤ ``target.max_range`` and EWD ≤
    ``target.max_ewd`` (default: :func:`plan_target` of the district)."""
    d = district or load_district()
    if not isinstance(plan, Mapping):
        print("HINT: give the plan as a dict {zone: school}, e.g. ex.plan from the explorer.")
        return False
    report = evaluate(d, plan)
    if not report.complete:
        print("HINT: " + "; ".join(report.violations) + ".")
        return False
    t = target or plan_target(d)
    problems = []
    over = [s for s in d.schools if report.load[s] > report.capacity[s]]
    if over:
        problems.append(f"{', '.join(over)} over capacity: move a zone from there to a school "
                        "with room")
    if report.range_ed > t.max_range:
        ed = report.ed
        hi, lo = max(ed, key=ed.get), min(ed, key=ed.get)
        problems.append(f"Range#ED is {fmt_ed(report.range_ed)} > {t.max_range:g}: {hi} has the "
                        f"most ED students ({fmt_ed(ed[hi])}), {lo} the fewest "
                        f"({fmt_ed(ed[lo])}); "
                        f"moving a zone with many ED students out of {hi}, or one with few into "
                        f"{lo}, narrows the gap; a school without room for a zone can still take "
                        "it in a swap (send one of its own zones the other way)")
    if report.ewd > t.max_ewd:
        far = max(d.zones, key=lambda z: d.students[z] * d.miles[z, plan[z]])
        problems.append(f"EWD is {report.ewd:,.1f} > {t.max_ewd:,.0f}: the biggest contribution "
                        f"is {far} ({d.students[far]} students × {d.miles[far, plan[far]]} mi); "
                        "prefer moves between nearby schools")
    if problems:
        few = "Two" if t.moves == 2 else "A few" if t.moves > 2 else "One"
        print("HINT: " + "; ".join(problems) + f". {few} well-chosen move(s) from the min-EWD "
              "plan are enough.")
        return False
    print(f"✓ feasible, Range#ED = {fmt_ed(report.range_ed)} ≤ {t.max_range:g}, "
          f"EWD = {report.ewd:,.1f} ≤ {t.max_ewd:,.0f}")
    return True


@selfcheck
def check_tradeoff(fn: Callable[[PlanReport, PlanReport], float],
                   district: District | None = None) -> bool:
    """Exercise 02-4: ``fn(a, b)`` returns the extra student-miles per unit of Range#ED removed
    from report ``a`` (min EWD) to report ``b`` (min Range#ED, then EWD), both lexicographic
    optima: (EWD_b − EWD_a) / (Range_a − Range_b)."""
    d = district or load_district()
    table = tradeoffs.payoff_table(d)
    a, b = (evaluate(d, table[k].solution) for k in ("min EWD", "min Range#ED"))
    x = answer(fn, a, b, unit="student-miles per ED student")
    if x is None:
        return False
    want = (b.ewd - a.ewd) / (a.range_ed - b.range_ed)
    if close(x, want, TYPED_REL):
        print(f"✓ {x:,.1f} extra student-miles for each ED student less between the most and "
              "the least ED-heavy school")
        return True
    if x < 0:
        print("HINT: both differences are positive: EWD goes up, Range#ED goes down.")
    elif close(x * want, 1, TYPED_REL):
        print("HINT: you divided Range#ED by EWD; the question asks for student-miles per unit "
              "of Range#ED.")
    else:
        print("HINT: use the two reports you are given, a (min EWD) and b (min Range#ED, then "
              "EWD): ΔEWD / ΔRange#ED, with .ewd and .range_ed.")
    return False
