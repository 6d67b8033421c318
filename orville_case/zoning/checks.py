"""Self-checks for the exercises of notebooks 01 and 02 (print ✓ or a HINT; never raise).

Every check recomputes the right result with the package (:mod:`orville_case.zoning.plans`,
:mod:`orville_case.zoning.models`) and compares; a hint names what differs and why, never the
answer.

* 01, exercise 1: :func:`check_ewd` — EWD = Σ_i b_i h_{i,π(i)} of a plan, by hand.
* 01, exercise 2: :func:`check_capacity_rule` — the capacity constraint Σ_i b_i x_ij ≤ u_j in Pyomo.
* 02, exercise 1: :func:`check_range_ed` — Range#ED = max_j ED_j − min_j ED_j, by hand.
* 02, exercise 2: :func:`check_plan_target` — a plan found in the explorer that meets a target.
* 02, exercise 3: :func:`check_tradeoff` — student-miles paid per unit of Range#ED.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Mapping

import pyomo.environ as pyo
from pyomo.repn import generate_standard_repn

from orville_case.core.errors import OrvilleError
from orville_case.core.paths import dataset_dir
from orville_case.core.selfcheck import answer, call, selfcheck
from orville_case.core.tolerances import TYPED_REL, close
from orville_case.zoning import models, tradeoffs
from orville_case.zoning.data import District, load_district
from orville_case.zoning.plans import Plan, PlanReport, evaluate, read_plan


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


@contextlib.contextmanager
def _quiet_pyomo() -> Iterator[None]:
    """Silence Pyomo's own error log while a student's rule is tried (the hint says it all)."""
    log = logging.getLogger("pyomo")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)


def _model_with(d: District, rule: Callable) -> pyo.ConcreteModel:
    """The min-EWD model with the package's capacity constraint replaced by ``rule``."""
    m = models.min_ewd_model(d)
    m.del_component(m.capacity)
    m.capacity = pyo.Constraint(m.J, rule=rule)
    return m


def _capacity_hint(m: pyo.ConcreteModel, d: District) -> str | None:
    """A hint if ``m.capacity`` is not (a positive multiple of) Σ_i b_i x_ij ≤ u_j for every j."""
    if set(m.capacity.keys()) != set(d.schools):
        return ("HINT: write one constraint per school j (the rule gets m and j and returns an "
                "inequality); return Constraint.Skip for none of them.")
    for j in d.schools:
        con = m.capacity[j]
        if con.equality:
            return ("HINT: '==' forces every school to be exactly full; capacity is an upper "
                    "limit: use '<='.")
        repn = generate_standard_repn(con.body)
        coef = {(v.index()): c for v, c in zip(repn.linear_vars, repn.linear_coefs, strict=True)
                if v.parent_component() is m.x}
        if not repn.is_linear() or len(coef) != len(repn.linear_vars):
            return "HINT: the constraint should involve only the variables x[i, j], linearly."
        wrong_school = [i for (i, s) in coef if s != j]
        if wrong_school:
            return ("HINT: for school j sum over the zones i (for i in m.I) of x[i, j]; your sum "
                    "also contains x for other schools.")
        if con.has_lb() and not con.has_ub():
            return "HINT: the load may not exceed the capacity: load <= u_j, not >=."
        rhs = con.upper - repn.constant
        b = {i: float(d.students[i]) for i in d.zones}
        c = {i: float(d.econ_disadv[i]) for i in d.zones}
        got = {i: coef.get((i, j), 0.0) for i in d.zones}
        k = rhs / d.capacity[j] if d.capacity[j] else 1.0
        if all(close(got[i], k * c[i]) for i in d.zones) and k > 0:
            return ("HINT: you counted the ED students c_i (d.econ_disadv); a seat is needed "
                    "for every student b_i (d.students).")
        if all(close(got[i], k) for i in d.zones):
            return ("HINT: each x[i, j] = 1 brings b_i students (d.students[i]), not one: "
                    "multiply x[i, j] by b_i.")
        if k <= 0 or not all(close(got[i], k * b[i]) for i in d.zones):
            return (f"HINT: for school {j} the load should be Σ_i b_i x[i, {j}] and the limit "
                    f"its capacity u_j (d.capacity['{j}']).")
    return None


@selfcheck
def check_capacity_rule(rule: Callable, district: District | None = None) -> bool:
    """Exercise 01-2: ``rule(m, j)`` returns Σ_i b_i x_ij ≤ u_j for the model of notebook 01.

    The rule is put into the min-EWD model in place of the package's capacity constraint; the
    constraint is read back term by term and the model is solved and compared with the package's.
    """
    d = district or load_district()
    with _quiet_pyomo():
        m, hint = call(_model_with, d, rule)
    if hint:
        print(hint + " (Pyomo calls your rule once per school j, with the model m and j.)")
        return False
    hint = _capacity_hint(m, d)
    if hint:
        print(hint)
        return False
    plan = models.solve_plan(m)
    ours = evaluate(d, models.solve_plan(models.min_ewd_model(d)))
    got = evaluate(d, plan)
    if not got.feasible or not close(got.ewd, ours.ewd):
        print("HINT: the constraint reads right but the optimum differs from the package's "
              "model; check the limit is each school's own capacity.")
        return False
    print(f"✓ capacity constraint right: with it, min EWD = {got.ewd:,.1f} student-miles and "
          "every school has room")
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
        else:
            print(f"HINT: wrong for the plan {_describe(plan)}. Add c_i of each zone to its "
                  "school's ED_j (start every school at 0), then take max − min over schools.")
        return False
    print(f"✓ your Range#ED agrees with plans.evaluate on {len(sample_plans(d))} plans")
    return True


@selfcheck
def check_plan_target(plan: Mapping[str, str], max_range: int = 40, max_ewd: float = 6000,
                      district: District | None = None) -> bool:
    """Exercise 02-2: a feasible plan with Range#ED ≤ ``max_range`` and EWD ≤ ``max_ewd``."""
    d = district or load_district()
    if not isinstance(plan, Mapping):
        print("HINT: give the plan as a dict {zone: school}, e.g. ex.plan from the explorer.")
        return False
    report = evaluate(d, plan)
    if not report.complete:
        print("HINT: " + "; ".join(report.violations) + ".")
        return False
    problems = []
    over = [s for s in d.schools if report.load[s] > report.capacity[s]]
    if over:
        problems.append(f"{', '.join(over)} over capacity: move a zone from there to a school "
                        "with room")
    if report.range_ed > max_range:
        ed = report.ed
        hi, lo = max(ed, key=ed.get), min(ed, key=ed.get)
        problems.append(f"Range#ED is {report.range_ed} > {max_range}: {hi} has the most ED "
                        f"students ({ed[hi]}), {lo} the fewest ({ed[lo]}); moving a zone with "
                        f"many ED students from {hi} towards {lo} narrows the gap")
    if report.ewd > max_ewd:
        far = max(d.zones, key=lambda z: d.students[z] * d.miles[z, plan[z]])
        problems.append(f"EWD is {report.ewd:,.1f} > {max_ewd:,.0f}: the biggest contribution "
                        f"is {far} ({d.students[far]} students × {d.miles[far, plan[far]]} mi); "
                        "prefer moves between nearby schools")
    if problems:
        print("HINT: " + "; ".join(problems) + ". Two well-chosen moves from the min-EWD "
              "plan are enough.")
        return False
    print(f"✓ feasible, Range#ED = {report.range_ed} ≤ {max_range}, "
          f"EWD = {report.ewd:,.1f} ≤ {max_ewd:,.0f}")
    return True


@selfcheck
def check_tradeoff(fn: Callable[[PlanReport, PlanReport], float],
                   district: District | None = None) -> bool:
    """Exercise 02-3: ``fn(a, b)`` returns the extra student-miles per unit of Range#ED removed
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
