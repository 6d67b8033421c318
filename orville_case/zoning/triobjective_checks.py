"""Self-checks for notebook 07, *Three objectives* (print ✓ or a HINT naming the mistake).

References come from the package (:mod:`orville_case.zoning.minority`,
:func:`orville_case.zoning.triobjective.frontier3`) and are tried on ORville and on small random
districts, so an answer that only fits the ORville numbers does not pass.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from orville_case.core.hints import Hints
from orville_case.core.selfcheck import answer, call, quiet_pyomo, selfcheck
from orville_case.core.tolerances import EXACT_REL, SOLVER_REL, at_most, close
from orville_case.zoning.data import District, build_district
from orville_case.zoning.minority import minority_by_school, range_minority
from orville_case.zoning.plans import evaluate
from orville_case.zoning.synthetic import synthetic_district
from orville_case.zoning.triobjective import frontier3

hint = Hints({
    "range_minority": [
        "Add up m_i (district.minority) per school, then take the largest minus the smallest.",
        "Start every school of district.schools at 0, so a school without zones counts as 0; "
        "loop over the zones and add district.minority[z] to the school plan[z].",
        "counts = dict.fromkeys(district.schools, 0.0); ...; "
        "return max(counts.values()) - min(counts.values())",
    ],
    "three_epsilon": [
        "Same model as notebook 03's ε-constraint, with a second range linearised like the "
        "first: two new variables M_max and M_min.",
        "M_j = Σ_i m_i x_ij; constraints M_max ≥ M_j ≥ M_min for every school j, then "
        "M_max − M_min ≤ eps_minority and m.range_ed ≤ eps_ed; minimise m.ewd.",
        "m.min_hi = pyo.Constraint(m.J, rule=lambda m, j: sum(district.minority[i] * m.x[i, j] "
        "for i in m.I) <= m.mmax)  (and the same with >= m.mmin)",
    ],
})


def random_district(seed: int, n_zones: int = 6) -> District:
    """A small synthetic district with a real-valued minority column (one decimal)."""
    d = synthetic_district(n_zones, 3, seed)
    rng = np.random.default_rng(seed + 100)
    share = np.clip(0.4 + 0.8 * (d.c / d.b - 0.4) + rng.normal(0, 0.1, n_zones), 0, 1)
    minority = {z: round(float(b * s), 1) for z, b, s in zip(d.zones, d.b, share, strict=True)}
    return build_district(d.students, d.econ_disadv, d.capacity, d.miles, minority=minority,
                          name=d.name)


def _test_plans(d: District, seed: int) -> list[dict[str, str]]:
    """A few plans of ``d``: random ones and one that leaves a school empty."""
    rng = np.random.default_rng(seed)
    plans = [{z: d.schools[rng.integers(len(d.schools))] for z in d.zones} for _ in range(3)]
    plans.append({z: d.schools[k % 2] for k, z in enumerate(d.zones)})  # last school empty
    return plans


@selfcheck
def check_range_minority(fn: Callable, district: District, plans: Sequence[dict]) -> bool:
    """Exercise 1: ``fn(district, plan)`` = max_j M_j − min_j M_j (minority students)."""
    cases = [(district, p) for p in plans]
    for seed in (1, 2):
        d = random_district(seed)
        cases += [(d, p) for p in _test_plans(d, seed)]
    for d, plan in cases:
        got = answer(fn, d, plan, unit="minority students")
        if got is None:
            return False
        want = range_minority(d, plan)
        counts = minority_by_school(d, plan)
        used = [counts[s] for s in set(plan.values())]
        ed = evaluate(d, plan).range_ed
        if close(got, want):
            continue
        if got <= 1 and want > 1:
            print("HINT: your value looks like a share: Range#Minority counts students "
                  "(Σ m_i per school), as Range#ED counts ED students.")
        elif close(got, max(used) - min(used)):
            print("HINT: a school that gets no zone has 0 minority students and counts in the "
                  "range: start every school of district.schools at 0.")
        elif close(got, ed):
            print("HINT: that is Range#ED: use district.minority (m_i), not econ_disadv (c_i).")
        elif got == round(got) and abs(got - want) < 1:  # rounded or truncated
            print(f"HINT: for one plan you return {got:g}, the range is {want:g}: do not round, "
                  "the m_i are real numbers (estimated counts with one decimal).")
        else:
            print(f"HINT: for one plan you return {got:g}, but max − min of the schools' "
                  "minority counts is different: add m_i of each zone to its plan's school.")
        return False
    print(f"✓ your Range#Minority is right on all {len(cases)} plans tried")
    return True


def _best_ewd(front: Sequence, eps_ed: float, eps_min: float) -> float | None:
    """min EWD s.t. Range#ED ≤ eps_ed, Range#Minority ≤ eps_min: attained at a frontier point."""
    ok = [p.ewd for p in front if at_most(p.range_ed, eps_ed, EXACT_REL)
          and at_most(p.range_minority, eps_min, EXACT_REL)]
    return min(ok) if ok else None


@selfcheck
def check_three_epsilon(fn: Callable, district: District,
                        bounds: Sequence[tuple[float, float]]) -> bool:
    """Exercise 2: ``fn(district, eps_ed, eps_minority)`` = a plan of least EWD within both.

    The reference optimum is read off the exact frontier (the least EWD under the two bounds is
    always attained at a nondominated point). Tried on ORville's ``bounds`` and on a random
    district at the bounds of two of its frontier points.
    """
    front = frontier3(district, quiet=True)
    small = random_district(3, 7)
    small_front = frontier3(small, quiet=True)
    picks = [small_front[len(small_front) // 2], small_front[-1]]
    cases = [(district, front, e1, e2) for e1, e2 in bounds]
    cases += [(small, small_front, p.range_ed, p.range_minority) for p in picks]
    for d, fr, e1, e2 in cases:
        want = _best_ewd(fr, e1, e2)
        if want is None:
            continue
        with quiet_pyomo():
            plan, msg = call(fn, d, e1, e2)
        if msg:
            print(msg)
            return False
        if not isinstance(plan, dict):
            print(f"HINT: return the plan as a dict zone → school (return "
                  f"models.solve_plan(m)); got {type(plan).__name__}.")
            return False
        rep = evaluate(d, plan)
        if not rep.feasible:
            print("HINT: your plan breaks the assignment or a capacity: keep every constraint "
                  f"of models.assignment_model ({'; '.join(rep.violations[:1])}).")
            return False
        if not at_most(rep.range_ed, e1, SOLVER_REL):
            print(f"HINT: Range#ED = {rep.range_ed:g} > eps_ed = {e1:g}: keep the bound on "
                  "m.range_ed.")
            return False
        rm = range_minority(d, plan)
        if not at_most(rm, e2, SOLVER_REL):
            print(f"HINT: Range#Minority = {rm:g} > eps_minority = {e2:g}: your bound does not "
                  "hold. Check (1) BOTH M_max ≥ M_j and M_j ≥ M_min for every school, with the "
                  "minority counts m_i (not c_i); (2) the bound's side, "
                  "M_max − M_min ≤ eps_minority.")
            return False
        if not at_most(rep.ewd, want, SOLVER_REL):
            print(f"HINT: your plan meets both bounds, but another one has less EWD "
                  f"({want:,.1f} < {rep.ewd:,.1f}): minimise m.ewd (not a range, not maximise), "
                  "and make the bounds no stricter than asked: ≤ eps exactly, with M_max and "
                  "M_min real-valued variables (not integers).")
            return False
    print(f"✓ least EWD under both bounds in all {len(cases)} cases tried")
    return True
