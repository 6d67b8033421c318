"""A seeded genetic algorithm for the rehabilitation knapsack (own numpy code).

Own code rather than a GA library: the algorithm is short, students should be able to read every
line, and no extra dependency is needed. The design follows the thesis (bit-string chromosomes,
scattered crossover, bit-flip mutation, elitism) with one documented change for feasibility:

* ``feasibility="repair"`` (default): an over-budget chromosome drops its selected projects in
  increasing order of objective-per-dollar until it fits. Every chromosome is then feasible.
* ``feasibility="penalty"``: the thesis's rule (Appendix B gives an over-budget chromosome the
  worst possible fitness); infeasible chromosomes never win a tournament but stay in the pool.

Everything is vectorised over the population; one ``numpy.random.Generator`` seeded from
``GAConfig.seed`` drives all randomness, so a run is reproducible.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from orville_case.core.errors import OrvilleError
from orville_case.core.progress import track
from orville_case.rehab.model import Instance, Solution, evaluate


@dataclass(frozen=True)
class GAConfig:
    """GA settings. ``mutation`` defaults to 1/n per bit, ``density`` (share of bits set in the
    first generation) to half of budget / total cost."""

    population: int = 200
    generations: int = 300
    crossover: float = 0.9
    mutation: float | None = None
    elite: int = 2
    density: float | None = None
    feasibility: str = "repair"
    seed: int = 2015


def repair(pop: np.ndarray, costs: np.ndarray, order: np.ndarray, budget: float) -> np.ndarray:
    """Drop selected items in the given ``order`` (worst first) until each row fits ``budget``.

    With :math:`C` a row's cost and :math:`R_i` the cost of selected items before ``i`` in
    ``order``, item ``i`` is dropped iff it is selected and :math:`C - R_i > B`.
    """
    ordered = pop[:, order]
    spent = ordered * costs[order]
    before = np.cumsum(spent, axis=1) - spent
    total = spent.sum(axis=1, keepdims=True)
    ordered &= ~(total - before > budget)
    out = np.empty_like(pop)
    out[:, order] = ordered
    return out


def _tournament(rng: np.random.Generator, score: np.ndarray, k: int) -> np.ndarray:
    """Indices of ``k`` binary-tournament winners."""
    a, b = rng.integers(0, len(score), size=(2, k))
    return np.where(score[a] >= score[b], a, b)


def solve_ga(instance: Instance, budget: float, objective: str = "value",
             config: GAConfig = GAConfig(), quiet: bool = True) -> Solution:
    """Run the GA; ``Solution.history`` holds best/mean objective per generation (Fig. 13)."""
    if config.feasibility not in ("repair", "penalty"):
        raise OrvilleError("feasibility must be 'repair' or 'penalty'")
    weights, costs = instance.weights(objective), instance.costs
    n = len(weights)
    rng = np.random.default_rng(config.seed)
    pm = config.mutation if config.mutation is not None else 1.0 / n
    density = config.density if config.density is not None else 0.5 * budget / costs.sum()
    order = np.argsort(weights / costs)  # worst objective-per-dollar first
    fix = config.feasibility == "repair"

    def score(pop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        obj = pop @ weights
        feasible = pop @ costs <= budget
        return obj, np.where(feasible, obj, -np.inf)

    start = time.perf_counter()
    pop = rng.random((config.population, n)) < min(density, 1.0)
    if fix:
        pop = repair(pop, costs, order, budget)
    obj, fit = score(pop)
    history = []
    for generation in track(range(config.generations), "GA", quiet=quiet):
        elite = pop[np.argsort(fit)[::-1][: config.elite]]
        parents = pop[_tournament(rng, fit, 2 * config.population)]
        mum, dad = parents[0::2], parents[1::2]
        mix = rng.random((config.population, 1)) < config.crossover
        scatter = rng.random((config.population, n)) < 0.5
        children = np.where(mix & scatter, dad, mum)
        children ^= rng.random(children.shape) < pm
        if fix:
            children = repair(children, costs, order, budget)
        children[: config.elite] = elite
        pop = children
        obj, fit = score(pop)
        feasible = np.isfinite(fit)
        history.append({"generation": generation + 1, "best": fit.max(),
                        "mean": obj[feasible].mean() if feasible.any() else np.nan,
                        "feasible_share": feasible.mean()})
    if not np.isfinite(fit.max()):
        raise OrvilleError("the GA found no affordable selection; use feasibility='repair'")
    best = pop[np.argmax(fit)]
    return evaluate(instance, best, f"GA (seed {config.seed})", time.perf_counter() - start,
                    pd.DataFrame(history))
