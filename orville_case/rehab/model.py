"""Budget allocation for school rehabilitation projects (Haghighat 2015): model, DP and MILP.

Each project ``j`` is a (school ``s``, category ``k``) pair with cost ``c_j``. The thesis states
its objective *per dollar* (Ch. 3, "Objective Function of Optimization Model"):

.. math:: O(x) = \\sum_j x_j\\,N_{Imp,k}\\,\\Bigl(Eq_{h,j} + \\alpha\\,Eq_{v-ELL,j}
          + \\beta\\,Eq_{v-LI,j}\\Bigr),\\qquad Eq_{h,j} = S_s / c_j,\\;
          Eq_{v-ELL,j} = E_s / c_j,\\; Eq_{v-LI,j} = L_s / c_j

(``N_Imp`` Noureddine's importance of the category; ``S, E, L`` the school's students,
English-language learners and low-income students), maximised subject to
:math:`\\sum_j c_j x_j \\le B`. Its GA maximises ``O`` (Appendix B). Its DP code (Appendix C)
maximises the *value*

.. math:: V(x) = \\sum_j x_j v_j,\\qquad v_j = N_{Imp,k}\\,(S_s + \\alpha E_s + \\beta L_s)
          = c_j\\,o_j,

where :math:`o_j = v_j / c_j` is project ``j``'s term of ``O``: ``V`` weights each term of ``O``
by the project's dollars. Both are linear in ``x`` (0-1 knapsacks with the same constraint and
different item values), so every method here takes ``objective="value"`` (V, the course's
default) or ``"per_dollar"`` (the thesis's O).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from orville_case.core.errors import OrvilleError
from orville_case.core.progress import track
from orville_case.core.solvers import make_solver, solve
from orville_case.rehab.data import RehabData, load_projects, load_published, load_published_results

OBJECTIVES = ("value", "per_dollar")
# The DP refuses a table larger than this (bytes): past it, memory and minutes of run time.
DP_MEMORY_LIMIT = 1 << 30


def lcff_weight(share: float, base: float = 0.2, concentration: float = 0.5,
                threshold: float = 0.55) -> float:
    """Student weight from California's LCFF rule as the thesis applies it (Ch. 2 and 4).

    :math:`w = 1 + 0.2\\,p + 0.5\\,\\max(p - 0.55, 0)` for a district whose share of
    English-learner and low-income students is ``p``.
    """
    if not 0 <= share <= 1:
        raise OrvilleError(f"the disadvantaged-student share must be in [0, 1], got {share}")
    return 1 + base * share + concentration * max(share - threshold, 0.0)


def default_alpha() -> float:
    """α = β for LBUSD: :func:`lcff_weight` of the district's published 69.54 % share."""
    return lcff_weight(float(load_published_results()["district_disadvantaged_share"]))


@dataclass(frozen=True)
class Instance:
    """The usable projects with ``cost``, ``value`` :math:`v_j` and ``per_dollar``
    :math:`o_j = v_j / c_j`; ``excluded`` lists the projects left out and why."""

    items: pd.DataFrame
    excluded: pd.DataFrame
    alpha: float
    beta: float

    def weights(self, objective: str) -> np.ndarray:
        if objective not in OBJECTIVES:
            raise OrvilleError(f"objective must be one of {OBJECTIVES}, got '{objective}'")
        return self.items[objective].to_numpy()

    @property
    def costs(self) -> np.ndarray:
        return self.items["cost"].to_numpy()


def build_instance(data: RehabData | None = None, alpha: float | None = None,
                   beta: float | None = None) -> Instance:
    """Projects with :math:`v_j` and :math:`o_j = v_j/c_j` (α, β default to
    :func:`default_alpha`)."""
    data = data or load_projects()
    alpha = default_alpha() if alpha is None else alpha
    beta = alpha if beta is None else beta
    projects = data.projects()
    items = projects[projects["usable"]].drop(columns=["usable", "reason"]).reset_index(drop=True)
    weighted = items["students"] + alpha * items["ell"] + beta * items["low_income"]
    items["value"] = items["importance"] * weighted
    items["per_dollar"] = items["value"] / items["cost"]
    excluded = projects.loc[~projects["usable"], ["school", "category", "cost", "reason"]]
    return Instance(items, excluded.reset_index(drop=True), alpha, beta)


def replicate(data: RehabData, copies: int) -> RehabData:
    """The dataset with every school ``copies`` times (copy k named "<school> #k"): the same mix
    of projects, ``copies`` times as many items, for scaling studies (scale the budget too)."""
    if copies < 1:
        raise OrvilleError(f"copies must be >= 1, got {copies}")
    frames = [data.schools.assign(school=data.schools["school"] + (f" #{k + 1}" if k else ""))
              for k in range(copies)]
    return RehabData(pd.concat(frames, ignore_index=True), data.importance,
                     f"{data.source} x{copies}")


@dataclass
class Solution:
    """A selection ``x`` (bool per item) and how it scores: ``value`` V(x), ``per_dollar``
    O(x) (the thesis's objective)."""

    method: str
    x: np.ndarray
    value: float
    per_dollar: float
    budget_used: float
    seconds: float
    history: pd.DataFrame | None = field(default=None, repr=False)

    def objective(self, objective: str) -> float:
        return self.value if objective == "value" else self.per_dollar


def evaluate(instance: Instance, x: np.ndarray, method: str, seconds: float = 0.0,
             history: pd.DataFrame | None = None) -> Solution:
    """Score selection ``x`` on both objectives."""
    x = np.asarray(x, dtype=bool)
    return Solution(method, x, float(instance.items["value"][x].sum()),
                    float(instance.items["per_dollar"][x].sum()), float(instance.costs[x].sum()),
                    seconds, history)


# ---------------------------------------------------------------- dynamic programming
def _dp_rows(values: np.ndarray, weights: np.ndarray,
             capacity: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield, item by item, the row ``V[i, 0..W]`` and the mask "item i taken" of the recurrence

    :math:`V[i,w] = \\max(V[i-1,w],\\; V[i-1,w-w_i] + v_i)` if :math:`w_i \\le w`, else
    :math:`V[i-1,w]`, computed for all ``w`` at once (one numpy operation per item).
    """
    row = np.zeros(capacity + 1)
    for v, w in zip(values, weights, strict=True):
        take = np.zeros(capacity + 1, dtype=bool)
        if w <= capacity:
            candidate = row[: capacity + 1 - w] + v  # V[i-1, w - w_i] + v_i, before updating
            take[w:] = candidate > row[w:]
            row = row.copy()
            row[w:] = np.where(take[w:], candidate, row[w:])
        yield row, take


def _check_dp_input(values, weights, capacity) -> tuple[np.ndarray, np.ndarray]:
    weights = np.asarray(weights)
    if np.any(weights <= 0) or np.any(weights % 1 != 0) or capacity < 0 or capacity % 1 != 0:
        raise OrvilleError("DP needs positive whole-number weights and a whole-number capacity")
    return np.asarray(values, dtype=float), weights.astype(np.int64)


def dp_table(values, weights, capacity: int) -> np.ndarray:
    """The full DP matrix ``V[0..n, 0..W]`` (thesis Table 4) — for small teaching examples."""
    values, weights = _check_dp_input(values, weights, capacity)
    rows = [np.zeros(capacity + 1)] + [row for row, _ in _dp_rows(values, weights, capacity)]
    return np.vstack(rows)


def dp_bytes(n_items: int, capacity: int) -> int:
    """Memory of :func:`knapsack_dp`: the take-table packed eight capacities per byte plus about
    four float rows of ``W + 1`` cells (value row, candidate, mask, copy)."""
    return (capacity + 8) // 8 * n_items + 4 * 8 * (capacity + 1)


def knapsack_dp(values, weights, capacity: int,
                limit: int = DP_MEMORY_LIMIT) -> tuple[np.ndarray, np.ndarray]:
    """Exact 0-1 knapsack by DP: returns (``best``, ``x``).

    ``best[w]`` is the optimum for every capacity ``w <= W`` (one pass solves all budgets);
    ``x`` is an optimal selection for ``W``. Memory: one value row plus the take-table packed
    eight capacities per byte (:func:`dp_bytes`), back-tracked from ``W``. A table larger than
    ``limit`` bytes is refused (time grows like memory: n × W cells).
    """
    values, weights = _check_dp_input(values, weights, capacity)
    need = dp_bytes(len(values), capacity)
    if need > limit:
        raise OrvilleError(
            f"the DP table of {len(values):,} items x {capacity + 1:,} budget units needs "
            f"{need / 2**30:,.1f} GiB, over the DP limit of {limit / 2**30:g} GiB "
            "(fix: use --method milp, rehab.solve_milp in Python)")
    packed = np.zeros((len(values), (capacity + 8) // 8), dtype=np.uint8)
    best = np.zeros(capacity + 1)
    for i, (row, take) in enumerate(_dp_rows(values, weights, capacity)):
        packed[i] = np.packbits(take)
        best = row
    x = np.zeros(len(values), dtype=bool)
    w = capacity
    for i in range(len(values) - 1, -1, -1):
        if (packed[i, w >> 3] >> (7 - (w & 7))) & 1:
            x[i] = True
            w -= weights[i]
    return best, x


def _cents(dollars, up: bool) -> np.ndarray:
    """Dollars as whole cents, rounded up (costs) or down (budgets); 1e-6 ¢ absorbs float noise."""
    cents = np.asarray(dollars, dtype=float) * 100
    return (np.ceil(cents - 1e-6) if up else np.floor(cents + 1e-6)).astype(np.int64)


def cost_unit(costs: np.ndarray) -> float:
    """The largest unit, in dollars, dividing every cost counted in cents (``$5,000`` for the
    thesis's data)."""
    return float(np.gcd.reduce(_cents(costs, up=True))) / 100 if len(costs) else 1.0


def rounded_costs(costs: np.ndarray, unit: float) -> np.ndarray:
    """Costs in whole units of ``unit`` dollars (a whole number of cents), rounded *up* so a
    selection affordable after rounding is affordable in dollars (exact when ``unit`` divides
    every cost)."""
    unit_cents = max(round(unit * 100), 1)
    return -(-_cents(costs, up=True) // unit_cents)


def check_budget(budget: float) -> float:
    """``budget`` as a float, or an :class:`OrvilleError` if it is negative, NaN or infinite."""
    if not np.isfinite(budget) or budget < 0:
        raise OrvilleError(f"the budget must be a finite number >= 0, got {budget:g} "
                           "(fix: pass the budget in dollars, e.g. --budget 40000000)")
    return float(budget)


def solve_dp(instance: Instance, budget: float, objective: str = "value",
             unit: float | None = None, limit: int = DP_MEMORY_LIMIT) -> Solution:
    """Exact DP on costs in units of ``unit`` dollars (default :func:`cost_unit`).

    Costs are rounded up and the budget down to whole units; with the default unit both are
    exact, otherwise the result is optimal for the rounded problem (see :func:`rounded_costs`).
    The capacity is at most the total cost (a larger budget buys everything), so a huge budget
    costs no memory; a table above ``limit`` bytes is refused (see :func:`knapsack_dp`).
    """
    budget = check_budget(budget)
    unit = unit or cost_unit(instance.costs)
    weights = rounded_costs(instance.costs, unit)
    capacity = int(weights.sum())  # a budget this large buys every project
    if budget < instance.costs.sum():
        capacity = min(int(_cents(budget, up=False)) // max(round(unit * 100), 1), capacity)
    start = time.perf_counter()
    _, x = knapsack_dp(instance.weights(objective), weights, capacity, limit)
    return evaluate(instance, x, f"DP (unit ${unit:,.2f})".replace(".00)", ")"),
                    time.perf_counter() - start)


# ---------------------------------------------------------------- MILP (Pyomo + HiGHS)
def knapsack_model(weights: np.ndarray, costs: np.ndarray, budget: float) -> pyo.ConcreteModel:
    """:math:`\\max \\sum_j w_j x_j` s.t. :math:`\\sum_j c_j x_j \\le B`, ``x`` binary;
    ``budget`` is a mutable parameter so a sweep re-solves the same model."""
    m = pyo.ConcreteModel(name="rehab_knapsack")
    m.J = pyo.RangeSet(0, len(weights) - 1)
    m.x = pyo.Var(m.J, domain=pyo.Binary)
    m.budget = pyo.Param(mutable=True, initialize=float(budget))
    m.cost = pyo.Constraint(expr=sum(float(costs[j]) * m.x[j] for j in m.J) <= m.budget)
    m.obj = pyo.Objective(expr=sum(float(weights[j]) * m.x[j] for j in m.J), sense=pyo.maximize)
    return m


def _selection(m: pyo.ConcreteModel) -> np.ndarray:
    return np.array([pyo.value(m.x[j]) > 0.5 for j in m.J], dtype=bool)


def solve_milp(instance: Instance, budget: float, objective: str = "value",
               costs: np.ndarray | None = None) -> Solution:
    """Exact optimum by HiGHS (proven, gap 0). ``costs`` overrides the instance's costs, e.g.
    rounded costs to compare with :func:`solve_dp` on a coarser unit."""
    costs = instance.costs if costs is None else costs
    m = knapsack_model(instance.weights(objective), costs, check_budget(budget))
    start = time.perf_counter()
    outcome = solve(m, make_solver())
    seconds = time.perf_counter() - start
    if not outcome.optimal:
        raise OrvilleError(f"no selection fits a budget of {budget:,.0f}")
    return evaluate(instance, _selection(m), "MILP (HiGHS)", seconds)


def budget_sweep(instance: Instance, budgets, objective: str = "value",
                 quiet: bool = False) -> pd.DataFrame:
    """Optimal objective and spending for each budget (one persistent MILP, re-solved)."""
    solver = make_solver()
    m = knapsack_model(instance.weights(objective), instance.costs, float(max(budgets)))
    rows = []
    for budget in track(list(budgets), "budget sweep", quiet=quiet):
        m.budget.set_value(float(budget))
        solve(m, solver)
        s = evaluate(instance, _selection(m), "MILP")
        rows.append({"budget": float(budget), "objective": s.objective(objective),
                     "budget_used": s.budget_used, "projects": int(s.x.sum())})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- the published solutions
def published_selection(instance: Instance, which: str) -> pd.Series:
    """Thesis Table 11 (``"ga"``) or 12 (``"dp"``) as 1/0/NaN (illegible) per usable item."""
    table = load_published(which)
    long = table.melt(id_vars="school", var_name="category", value_name="cost")
    chosen = long.set_index(["school", "category"])["cost"]
    keys = pd.MultiIndex.from_frame(instance.items[["school", "category"]])
    cells = chosen.reindex(keys).to_numpy()
    return pd.Series(np.where(np.isnan(cells), np.nan, cells > 0), name=which)


def published_spend_outside(instance: Instance, which: str) -> float:
    """Dollars the published table spends on projects missing from ``instance`` (row 58);
    NaN if some of those cells are illegible."""
    long = load_published(which).melt(id_vars="school", var_name="category", value_name="cost")
    inside = set(zip(instance.items["school"], instance.items["category"], strict=True))
    outside = long[[(s, c) not in inside for s, c in zip(long["school"], long["category"],
                                                          strict=True)]]
    return float(outside["cost"].sum(skipna=False))


def overlap(ours: Solution, published: pd.Series) -> dict[str, int]:
    """How a selection agrees with a published one on the legible cells."""
    legible = published.notna().to_numpy()
    theirs = published.fillna(0).to_numpy().astype(bool)
    return {"both": int((ours.x & theirs & legible).sum()),
            "only_ours": int((ours.x & ~theirs & legible).sum()),
            "only_published": int((~ours.x & theirs & legible).sum()),
            "illegible": int((~legible).sum())}


def selection_table(instance: Instance, solution: Solution) -> pd.DataFrame:
    """The funded projects: school, category, cost (the CLI's and notebook's listing)."""
    return instance.items.loc[solution.x, ["school", "category", "label", "cost", "value"]]


def spending_per_student(instance: Instance, solution: Solution) -> pd.DataFrame:
    """Dollars funded per school divided by its students, ELL and low-income students
    (thesis Figs. 15-16; NaN where a school has none of that group)."""
    funded = instance.items.assign(funded=np.where(solution.x, instance.costs, 0.0))
    per = funded.groupby("school", sort=False).agg(
        no=("no", "first"), funded=("funded", "sum"), students=("students", "first"),
        ell=("ell", "first"), low_income=("low_income", "first"))
    for group in ("students", "ell", "low_income"):
        per[f"per_{group}"] = per["funded"] / per[group].where(per[group] > 0)
    return per.reset_index()

