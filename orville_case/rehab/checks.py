"""Self-checks for the exercises of notebook 06 (print ✓ or a HINT; never raise)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from orville_case.core.selfcheck import call, selfcheck
from orville_case.rehab import model as rehab
from orville_case.rehab.data import load_knapsack_example, load_published_results


@selfcheck
def check_lcff_weight(fn: Callable[[float], float]) -> bool:
    """Exercise 1: ``fn(share)`` is the LCFF student weight used for α and β."""
    for share in (0.30, 0.55, 0.6954, 0.90):
        got, hint = call(fn, share)
        if hint:
            print(hint)
            return False
        want = rehab.lcff_weight(share)
        if not np.isclose(got, want):
            print(f"HINT: for a share of {share:.2%} your weight is {got}. "
                  + ("Below 55 % only the 20 % base supplement applies."
                     if share <= 0.55 else
                     "Above 55 % the 50 % concentration supplement applies to the excess "
                     "over 55 % only, on top of the base supplement."))
            return False
    published = load_published_results()["alpha_beta"]
    print(f"✓ weight for LBUSD's 69.54 %: {fn(0.6954):.5f} (the thesis prints {published})")
    return True


@selfcheck
def check_dp_recurrence(fn: Callable) -> bool:
    """Exercise 2: ``fn(values, weights, W)`` returns the DP matrix ``V[0..n, 0..W]``."""
    items, table4 = load_knapsack_example()
    got, hint = call(fn, list(items["value"]), list(items["weight"]), 10)
    if hint:
        print(hint)
        return False
    got = np.asarray(got)
    if got.shape != table4.shape:
        print(f"HINT: the matrix should have n + 1 = 5 rows and W + 1 = 11 columns "
              f"(row 0 is 'no items yet'); yours has shape {got.shape}.")
        return False
    wrong = np.argwhere(got != table4)
    if len(wrong):
        i, w = wrong[0]
        print(f"HINT: V[{i}, {w}] differs from the thesis's Table 4. Compare leaving item {i} "
              f"(V[{i - 1}, {w}]) with taking it, allowed only if its weight is <= {w}.")
        return False
    rng = np.random.default_rng(6)
    values, weights = rng.integers(1, 60, 7), rng.integers(1, 9, 7)
    got, hint = call(fn, list(values), list(weights), 20)
    if hint or not np.allclose(np.asarray(got), rehab.dp_table(values, weights, 20)):
        print("HINT: Table 4 is right but another instance is not: avoid anything specific "
              "to the 4-item example (sizes, values).")
        return False
    print(f"✓ your matrix equals Table 4; optimum V[4, 10] = {table4[-1, -1]:g}")
    return True


def alpha_gainers(alpha: float, budget: float) -> set[str]:
    """Schools funded more dollars when α = β rise from 1 to ``alpha`` (exact DP optima)."""
    funded = []
    for a in (1.0, alpha):
        inst = rehab.build_instance(alpha=a)
        x = rehab.solve_dp(inst, budget).x
        funded.append(inst.items.assign(f=np.where(x, inst.costs, 0.0))
                      .groupby("school")["f"].sum())
    return set(funded[1].index[funded[1] > funded[0]])


@selfcheck
def check_alpha_gainers(fn: Callable[[float], set], alpha: float = 2.0) -> bool:
    """Exercise 3: ``fn(alpha)`` returns the schools that gain when α = β go from 1 to alpha."""
    budget = float(load_published_results()["budget"])
    got, hint = call(fn, alpha)
    if hint:
        print(hint)
        return False
    want = alpha_gainers(alpha, budget)
    got = set(got)
    if got != want:
        extra, missing = got - want, want - got
        print(f"HINT: {len(got)} schools given, {len(want)} expected. "
              + (f"Some of yours do not gain (e.g. '{sorted(extra)[0]}'): compare total funded "
                 "dollars per school, not project counts. " if extra else "")
              + ("Some gainers are missing: solve both α = 1 and the new α at the thesis's "
                 "$40M budget." if missing else ""))
        return False
    print(f"✓ {len(want)} schools gain when α = β = {alpha}")
    return True
