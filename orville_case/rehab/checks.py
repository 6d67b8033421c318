"""Self-checks and levelled hints for the exercises of notebook 06 (print ✓ or a HINT).

The checks test the student's *own* knapsack DP and MILP: on several small instances (the
thesis's 4-item example among them) they compare value and feasibility with the course's
reference (:mod:`orville_case.rehab.model`), and when something differs they name the typical
mistake behind it (table off by one, an item taken twice, the "leave it" option forgotten, a
continuous variable, the wrong sense, a missing budget constraint, ...), never the answer.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyomo.environ as pyo
from pyomo.repn import generate_standard_repn

from orville_case.core.errors import OrvilleError
from orville_case.core.hints import Hints
from orville_case.core.selfcheck import call, quiet_pyomo, selfcheck
from orville_case.core.solvers import solve
from orville_case.rehab import model as rehab
from orville_case.rehab.data import load_knapsack_example, load_published_results

hint = Hints({
    "lcff_weight": [
        "Every student counts 1; the base supplement adds 0.2 x share; the concentration "
        "supplement adds 0.5 x (the part of the share above 55 %), and nothing below 55 %.",
        "return 1 + 0.2 * share + 0.5 * (excess over 0.55, never negative)",
        "the excess over 55 % is max(share - 0.55, 0.0)",
    ],
    "knapsack_dp": [
        "V has n + 1 rows (row 0 = no items yet) and W + 1 columns (capacities 0..W). Row i "
        "looks only at row i - 1: leave item i, or take it if it fits and add its value to the "
        "best of row i - 1 at the capacity that is left. Then walk back from V[n, W].",
        "V = np.zeros((n + 1, W + 1)); for i in 1..n, for w in 0..W: V[i, w] = V[i-1, w]; if "
        "item i fits (weights[i-1] <= w): V[i, w] = max(V[i, w], <take it>). Back-track: for i "
        "from n down to 1, if V[i, w] != V[i-1, w], item i-1 (0-based) was taken: w -= its "
        "weight.",
        "take it = V[i - 1, w - weights[i - 1]] + values[i - 1]   (row i - 1: each item once)",
    ],
    "knapsack_milp": [
        "One binary variable per project (funded or not), one objective (the total value, "
        "maximised) and one constraint (the funded costs stay within the budget).",
        "m = pyo.ConcreteModel(); m.x = pyo.Var(items.index, domain=...); m.value = "
        "pyo.Objective(expr=..., sense=...); m.budget = pyo.Constraint(expr=... <= budget)",
        "sum(items.loc[j, 'cost'] * m.x[j] for j in items.index) <= budget",
    ],
    "alpha_gainers": [
        "Solve the knapsack twice at the same budget, once with α = β = 1 and once with the new "
        "α, and compare the dollars each school receives.",
        "for a in (1.0, alpha): build the instance with alpha=a, solve your model on its items, "
        "sum the funded costs per school (groupby('school')); then keep the schools whose sum "
        "grew.",
        "set(after.index[after > before])  with before/after the funded dollars per school",
    ],
})


# ---------------------------------------------------------------- exercise 1: LCFF weight
@selfcheck
def check_lcff_weight(fn: Callable[[float], float]) -> bool:
    """Exercise 1: ``fn(share)`` is the LCFF student weight used for α and β."""
    for share in (0.30, 0.55, 0.6954, 0.90):
        got, failure = call(fn, share)
        if failure:
            print(failure)
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


# ---------------------------------------------------------------- exercise 2: the DP
def dp_instances() -> list[tuple[str, np.ndarray, np.ndarray, int]]:
    """The instances a DP answer is checked on: the thesis's 4-item example (Tables 2-4), one
    where taking the best value per weight first is not optimal (a selection made greedily
    instead of by back-tracking fails there) and three seeded random ones."""
    items, _ = load_knapsack_example()
    out = [("the thesis's 4-item example", items["value"].to_numpy(float),
            items["weight"].to_numpy(int), 10),
           ("an instance where best-value-per-weight first fails",
            np.array([60.0, 100.0, 120.0]), np.array([10, 20, 30]), 50)]
    rng = np.random.default_rng(6)
    for k, (n, capacity) in enumerate([(6, 15), (7, 20), (8, 23)]):
        out.append((f"random instance {k + 1}", rng.integers(1, 60, n).astype(float),
                    rng.integers(1, 9, n), capacity))
    return out


def dp_variant(values, weights, capacity: int, *, reuse: bool = False,
               always_take: bool = False, strict: bool = False) -> np.ndarray:
    """The DP matrix with a typical mistake (none by default: the right recurrence).

    ``reuse``: take from row i instead of i - 1 (an item can be taken again and again);
    ``always_take``: take an item whenever it fits, forgetting the option to leave it;
    ``strict``: an item of weight exactly w is treated as not fitting.
    """
    n = len(values)
    table = np.zeros((n + 1, capacity + 1))
    for i, (vi, wi) in enumerate(zip(values, weights, strict=True), start=1):
        source = i if reuse else i - 1  # the row "take item i" builds on
        for w in range(capacity + 1):
            table[i, w] = table[i - 1, w]
            if wi < w or (wi == w and not strict):
                take = table[source, w - wi] + vi
                table[i, w] = take if always_take else max(table[i, w], take)
    return table


_DP_MISTAKES = {
    "reuse": "your table lets an item be taken twice: 'take it' must look at row i - 1 "
             "(items 1..i-1), not at row i, which may already contain item i.",
    "always_take": "your table takes item i whenever it fits: V[i, w] is the better of "
                   "LEAVING item i (V[i-1, w]) and taking it, so compare both with max().",
    "strict": "your table treats an item as not fitting when its weight equals the capacity: "
              "an item fits when weights[i-1] <= w.",
}


def _shape_hint(shape: tuple, n: int, capacity: int) -> str:
    rows = "rows: n + 1 (row 0 = no items yet)" if len(shape) < 1 or shape[0] != n + 1 else ""
    cols = ("columns: W + 1 (capacities 0, 1, ..., W)"
            if len(shape) < 2 or shape[1] != capacity + 1 else "")
    return (f"HINT: off by one in the table size: it should have {n + 1} x {capacity + 1} "
            f"cells, yours has shape {shape}; check the " + " and ".join(p for p in (rows, cols)
                                                                       if p) + ".")


def _selection_hint(chosen, values, weights, capacity, best: float, where: str) -> str | None:
    """A hint if ``chosen`` (0-based item positions) is not an optimal selection."""
    try:
        items = [int(i) for i in chosen]
    except (TypeError, ValueError):
        return f"HINT ({where}): return the chosen items as a list of positions (ints)."
    n = len(values)
    if len(set(items)) < len(items):
        return (f"HINT ({where}): your selection lists an item twice: in a 0-1 knapsack each "
                "item is taken at most once; after taking item i, continue at row i - 1.")
    shifted = [i - 1 for i in items]
    if items and all(0 <= i < n for i in shifted) and weights[shifted].sum() <= capacity \
            and np.isclose(values[shifted].sum(), best) and not (
                all(0 <= i < n for i in items) and np.isclose(values[items].sum(), best)):
        return (f"HINT ({where}): your items are numbered from 1: return 0-based positions "
                "(row i of V is item i - 1 of the lists).")
    if any(not 0 <= i < n for i in items):
        return f"HINT ({where}): item positions must be 0..{n - 1}; yours are {sorted(items)}."
    if weights[items].sum() > capacity:
        return (f"HINT ({where}): your items weigh {weights[items].sum()} > W = {capacity}: "
                "after taking an item, go on with the capacity it leaves (w - its weight).")
    if not np.isclose(values[items].sum(), best):
        return (f"HINT ({where}): your items are worth {values[items].sum():g}, not V[n, W] = "
                f"{best:g}: back-track through V (item i was taken where V[i, w] differs from "
                "V[i-1, w]) instead of choosing the items another way.")
    return None


@selfcheck
def check_knapsack_dp(fn: Callable) -> bool:
    """Exercise 2: ``fn(values, weights, W)`` returns ``(V, chosen)``: the DP matrix
    ``V[0..n, 0..W]`` and an optimal selection as 0-based item positions."""
    for where, values, weights, capacity in dp_instances():
        got, failure = call(fn, list(values), list(weights), capacity)
        if failure:
            print(failure + (" This is usually an off by one in the table size: V has n + 1 "
                             "rows and W + 1 columns, and row i is item i - 1 of the lists."
                             if "IndexError" in failure else ""))
            return False
        if not isinstance(got, tuple) or len(got) != 2:
            print("HINT: return two things, `return V, chosen` (the table and the items).")
            return False
        table, chosen = got
        try:
            table = np.asarray(table, dtype=float)
        except (TypeError, ValueError):
            print("HINT: V should be a numpy array of numbers.")
            return False
        n = len(values)
        if table.shape != (n + 1, capacity + 1):
            print(_shape_hint(table.shape, n, capacity))
            return False
        right = dp_variant(values, weights, capacity)
        if not np.allclose(table, right):
            named = [k for k in _DP_MISTAKES
                     if np.allclose(table, dp_variant(values, weights, capacity, **{k: True}))]
            if named:
                print(f"HINT ({where}): {_DP_MISTAKES[named[0]]}")
            else:
                i, w = np.argwhere(~np.isclose(table, right))[0]
                print(f"HINT ({where}): V[{i}, {w}] is wrong. Compare leaving item {i} "
                      f"(V[{i - 1}, {w}]) with taking it, allowed only if its weight is <= {w}.")
            return False
        failure = _selection_hint(chosen, values, weights, capacity, right[-1, -1], where)
        if failure:
            print(failure)
            return False
    _, table4 = load_knapsack_example()
    print(f"✓ your DP reproduces the thesis's Table 4 (optimum V[4, 10] = {table4[-1, -1]:g}) "
          f"and finds an optimal selection on {len(dp_instances())} instances")
    return True


# ---------------------------------------------------------------- exercise 3: the MILP
def milp_instances() -> list[tuple[str, pd.DataFrame, float]]:
    """Instances a MILP answer is checked on: the 4-item example and three seeded random ones
    (items as pandas tables with ``value`` and ``cost``, indexed by a project id)."""
    items, _ = load_knapsack_example()
    example = pd.DataFrame({"value": items["value"].to_numpy(float),
                            "cost": items["weight"].to_numpy(float)},
                           index=[f"item {i}" for i in items["item"]])
    out = [("the thesis's 4-item example", example, 10.0)]
    rng = np.random.default_rng(15)
    for k, n in enumerate((6, 8, 9)):
        frame = pd.DataFrame({"value": rng.integers(5, 500, n).astype(float),
                              "cost": 5_000.0 * rng.integers(2, 60, n)},
                             index=[f"P{j}" for j in range(n)])
        out.append((f"random instance {k + 1}", frame, float(frame["cost"].sum() // 2)))
    return out


def _coefficients(expr) -> tuple[np.ndarray, float] | None:
    """Sorted linear coefficients and constant of ``expr``; None if it is not linear."""
    repn = generate_standard_repn(expr, quadratic=False)
    if not repn.is_linear():
        return None
    return np.sort(np.asarray(repn.linear_coefs, dtype=float)), float(pyo.value(repn.constant))


def _same(coefs: np.ndarray, column: pd.Series) -> bool:
    return len(coefs) == len(column) and np.allclose(coefs, np.sort(column.to_numpy(float)))


def _structure_hint(m, items: pd.DataFrame, budget: float) -> str | None:
    """A hint naming the first structural mistake of a knapsack model, or None."""
    variables = list(m.component_data_objects(pyo.Var, descend_into=True))
    if len(variables) != len(items):
        return (f"one variable per project: {len(items)} projects, your model has "
                f"{len(variables)} variables (index the Var by items.index).")
    if any(v.is_continuous() for v in variables):
        return ("your variables are continuous: a project is funded or not (all or nothing), "
                "so x must be binary (domain=pyo.Binary).")
    if not all(v.is_binary() for v in variables):
        return "your variables are integer but not 0-1: use domain=pyo.Binary."
    objectives = list(m.component_data_objects(pyo.Objective, active=True))
    if len(objectives) != 1:
        return f"the model needs exactly one active objective; it has {len(objectives)}."
    objective = objectives[0]
    if objective.sense != pyo.maximize:
        return "your objective is minimised: the district wants as much value as possible."
    coefs = _coefficients(objective.expr)
    if coefs is None or not _same(coefs[0], items["value"]):
        if coefs is not None and _same(coefs[0], items["cost"]):
            return "your objective adds up the costs: it should add up each project's value."
        return "the objective should be the sum of value_j * x_j over the projects."
    budget_rows = []
    for c in m.component_data_objects(pyo.Constraint, active=True):
        found = _coefficients(c.body)
        if found is not None and len(found[0]) == len(items):
            budget_rows.append((c, *found))
    if not budget_rows:
        return ("your model has no budget constraint: without it every project is funded. "
                "Add: the sum of cost_j * x_j is at most the budget.")
    c, coefs, constant = budget_rows[0]
    if _same(coefs, items["value"]) and not _same(coefs, items["cost"]):
        return "your budget constraint adds up the values: it should add up the costs."
    if not (_same(coefs, items["cost"]) or _same(-coefs, items["cost"])):
        return "the budget constraint should be the sum of cost_j * x_j over the projects."
    if c.equality:
        return "your budget constraint is an equality: spending may be LESS than the budget."
    sign = 1.0 if _same(coefs, items["cost"]) else -1.0
    upper = c.upper if sign > 0 else c.lower
    if upper is None:
        return ("your budget constraint has the wrong sense (>=): spending must stay AT MOST "
                "the budget (<=).")
    rhs = sign * (pyo.value(upper) - constant)
    if not np.isclose(rhs, budget):
        return f"the right-hand side of your budget constraint is {rhs:g}, not the budget."
    return None


@selfcheck
def check_knapsack_model(fn: Callable[[pd.DataFrame, float], pyo.ConcreteModel]) -> bool:
    """Exercise 3: ``fn(items, budget)`` builds the knapsack MILP (Pyomo) for a table of
    projects with columns ``value`` and ``cost``. Checked: structure, then the HiGHS optimum
    against the reference DP on every instance of :func:`milp_instances`."""
    for where, items, budget in milp_instances():
        m, failure = call(fn, items.copy(), budget)
        if failure:
            print(failure)
            return False
        if not isinstance(m, pyo.ConcreteModel):
            print(f"HINT: return the Pyomo model (a ConcreteModel), not a {type(m).__name__}.")
            return False
        if not isinstance(getattr(m, "x", None), pyo.Var):
            print("HINT: call the variables m.x (m.x = pyo.Var(items.index, ...)): the "
                  "notebook reads the funded projects back from them.")
            return False
        if m.x.is_indexed() and set(m.x.keys()) != set(items.index):
            print(f"HINT ({where}): index m.x by the table's index (items.index, here "
                  f"{list(items.index[:2])}, ...), not by positions 0..n-1: the notebook reads "
                  "m.x[j] for j in items.index.")
            return False
        structure = _structure_hint(m, items, budget)
        if structure:
            print(f"HINT ({where}): {structure}")
            return False
        with quiet_pyomo():
            try:
                outcome = solve(m)
            except OrvilleError as exc:
                print(f"HINT ({where}): HiGHS could not solve your model: {exc}")
                return False
        unit = rehab.cost_unit(items["cost"].to_numpy())
        best, _ = rehab.knapsack_dp(items["value"].to_numpy(),
                                    rehab.rounded_costs(items["cost"].to_numpy(), unit),
                                    int(budget // unit))
        if not outcome.optimal or not np.isclose(outcome.objective, best[-1]):
            print(f"HINT ({where}): your model's optimum ({outcome.objective}) is not the exact "
                  "optimum: check that each x_j gets its own project's value and cost.")
            return False
    print(f"✓ your MILP has the knapsack's structure and HiGHS finds the exact optimum on "
          f"{len(milp_instances())} instances")
    return True


# ---------------------------------------------------------------- exercise 4: who gains
def alpha_gainers(alpha: float, budget: float) -> set[str]:
    """Schools funded more dollars when α = β rise from 1 to ``alpha`` (exact DP optima)."""
    def dollars_per_school(a: float) -> pd.Series:
        inst = rehab.build_instance(alpha=a)
        x = rehab.solve_dp(inst, budget).x
        return inst.items.assign(f=np.where(x, inst.costs, 0.0)).groupby("school")["f"].sum()

    gain = dollars_per_school(alpha) - dollars_per_school(1.0)
    return set(gain.index[gain > 0])


@selfcheck
def check_alpha_gainers(fn: Callable[[float], set], alpha: float = 2.0) -> bool:
    """Exercise 4: ``fn(alpha)`` returns the schools that gain when α = β go from 1 to alpha."""
    budget = float(load_published_results()["budget"])
    got, failure = call(fn, alpha)
    if failure:
        print(failure)
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
