"""Genetic algorithms for the rehabilitation knapsack: the thesis's GA, and ours (beyond it).

Own numpy code rather than a GA library: students can read every line, and no dependency is
needed. One ``numpy.random.Generator`` seeded from ``GAConfig.seed`` drives all randomness, so a
run is reproducible. Everything is vectorised over the population.

**The thesis's GA** (``operators="thesis"``; Haghighat 2015, Ch. 2 steps a-i, Appendix B):

* chromosome: one bit :math:`x_j` per project; first population: each bit set with probability
  ``density`` = 0.01 (the creation function ``mycf`` of Appendix B);
* fitness: the objective (the thesis's :math:`O`, per dollar) if :math:`\\sum_j c_j x_j \\le B`,
  otherwise the worst possible (Appendix B returns 1000 for the minimised :math:`-O`): a
  *penalty*; over-budget chromosomes stay in the population but lose every comparison;
* selection of parents among the fitter chromosomes: rank scaling (expectation
  :math:`\\propto 1/\\sqrt{\\mathrm{rank}}`) and stochastic uniform sampling, the defaults of
  MATLAB's ``ga``, which Appendix B leaves unchanged;
* scattered crossover of a pair with probability :math:`P_c^n = P_c(1 - n/M)`:
  :math:`x^{n+1}_{1j} = r_j x^n_{1j} + (1 - r_j) x^n_{2j}`,
  :math:`x^{n+1}_{2j} = r_j x^n_{2j} + (1 - r_j) x^n_{1j}`, :math:`r_j \\in \\{0, 1\\}` at random;
* mutation: each bit flips with probability :math:`P_m^n = P_m(1 - n/M)`;
* elitism: the ``elite`` fittest chromosomes pass unchanged;
* stop after :math:`M` generations (the thesis's setting: 2,000 chromosomes × 1,000
  generations), or, the thesis's second stop rule, when the best fitness has not changed for
  ``stall`` generations (off in the thesis's setting).

Here :math:`n = 0, \\dots, M-1` numbers the parent generation (the first population is
generation 0). The thesis does not print :math:`P_c` and :math:`P_m`; we use MATLAB ``ga``'s
defaults of its version (crossover fraction 0.8, uniform mutation rate 0.01 per bit). The thesis's
text says the mutation probability should *increase* while its formula decreases it; we
implement the formula.

**Ours, beyond the thesis** (``operators="ours"``), for large instances (the thesis's GA falls
far behind the optimum when the items multiply):

* *seeding*: chromosome 0 of the first population is the greedy selection (projects in
  decreasing objective per dollar, each taken if it still fits, :func:`greedy`);
* *repair*: after crossover and mutation an over-budget chromosome drops its selected projects
  worst objective-per-dollar first until it fits, then *fills*: unselected projects, best first,
  are added while they fit. Every chromosome is feasible and no project can be added to it.

Both use the same selection, crossover, mutation, elitism and rate schedule.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from orville_case.core.errors import OrvilleError
from orville_case.core.progress import track
from orville_case.rehab.model import Instance, Solution, check_budget, evaluate

OPERATORS = ("thesis", "ours")


@dataclass(frozen=True)
class GAConfig:
    """GA settings; the defaults are the thesis's (see the module docstring).

    ``mutation=None`` means 1/n per bit (n = number of projects); ``density=None`` means the
    budget's share of the total cost. ``decreasing=False`` keeps both rates constant;
    ``stall=k`` stops after k generations without a better best (``None``: run all M).
    """

    population: int = 2000
    generations: int = 1000
    crossover: float = 0.8
    mutation: float | None = 0.01
    decreasing: bool = True
    elite: int = 2
    density: float | None = 0.01
    operators: str = "thesis"
    stall: int | None = None
    seed: int = 2015

    def label(self) -> str:
        return f"GA ({self.operators}, {self.population:,} x {self.generations:,})"


#: The thesis's setting: 2,000 chromosomes, 1,000 generations, its operators.
THESIS = GAConfig()
#: Ours, beyond the thesis: seeding + repair/fill, mutation 1/n, a smaller population.
OURS = GAConfig(population=100, generations=200, mutation=None, density=None, operators="ours",
                stall=30)


def rates(config: GAConfig) -> pd.DataFrame:
    """The crossover and mutation probabilities of each generation n = 0..M-1 (``p_m`` is NaN
    when it is 1/n, which depends on the instance)."""
    n = np.arange(config.generations)
    shrink = 1 - n / config.generations if config.decreasing else np.ones(len(n))
    return pd.DataFrame({"generation": n, "p_c": config.crossover * shrink,
                         "p_m": (config.mutation or np.nan) * shrink})


def greedy(weights: np.ndarray, costs: np.ndarray, budget: float) -> np.ndarray:
    """The greedy selection: projects by decreasing ``weights / costs``, each taken if it fits."""
    order = np.argsort(-(weights / costs), kind="stable")
    return fill(np.zeros((1, len(costs)), dtype=bool), costs, order, budget)[0]


def drop(pop: np.ndarray, costs: np.ndarray, worst_first: np.ndarray,
         budget: float) -> np.ndarray:
    """Drop selected items in the order ``worst_first`` until each row fits ``budget``.

    With :math:`C` a row's cost and :math:`R_i` the cost of selected items before ``i`` in that
    order, item ``i`` is dropped iff it is selected and :math:`C - R_i > B`.
    """
    ordered = pop[:, worst_first]
    spent = ordered * costs[worst_first]
    before = np.cumsum(spent, axis=1) - spent
    total = spent.sum(axis=1, keepdims=True)
    ordered &= ~(total - before > budget)
    out = np.empty_like(pop)
    out[:, worst_first] = ordered
    return out


def fill(pop: np.ndarray, costs: np.ndarray, best_first: np.ndarray,
         budget: float) -> np.ndarray:
    """Add unselected items in the order ``best_first`` to every row while they fit ``budget``
    (rows must fit already). Stops as soon as no remaining item fits any row."""
    pop = pop.copy()
    slack = budget - pop @ costs
    ordered_costs = costs[best_first]
    cheapest_after = np.minimum.accumulate(ordered_costs[::-1])[::-1]
    for k, j in enumerate(best_first):
        if cheapest_after[k] > slack.max():
            break
        add = ~pop[:, j] & (costs[j] <= slack)
        pop[add, j] = True
        slack[add] -= costs[j]
    return pop


def select(rng: np.random.Generator, fit: np.ndarray, k: int) -> np.ndarray:
    """``k`` parent indices by rank scaling and stochastic uniform sampling, in random order.

    Rank r (1 = fittest) expects :math:`k\\,r^{-1/2} / \\sum_s s^{-1/2}` children; one random
    start and ``k`` equal steps along the cumulated expectations pick the parents.
    """
    order = np.argsort(-fit, kind="stable")
    expect = np.empty(len(fit))
    expect[order] = 1 / np.sqrt(np.arange(1, len(fit) + 1))
    edges = np.cumsum(expect * (k / expect.sum()))
    picks = np.searchsorted(edges, rng.random() + np.arange(k), side="right")
    return rng.permutation(np.minimum(picks, len(fit) - 1))


def _random_bits(rng: np.random.Generator, rows: int, n: int) -> np.ndarray:
    """A ``rows × n`` array of fair random bits (8 per random byte)."""
    packed = rng.integers(0, 256, size=(rows, (n + 7) // 8), dtype=np.uint8)
    return np.unpackbits(packed, axis=1, count=n).astype(bool)


def mutate(rng: np.random.Generator, pop: np.ndarray, p: float) -> None:
    """Flip each bit of ``pop`` with probability ``p``, in place (the number of flips is
    binomial, their positions uniform; a position drawn twice flips once)."""
    flat = pop.reshape(-1)
    count = rng.binomial(flat.size, p)
    if count:
        flat[rng.integers(0, flat.size, size=count)] ^= True


def solve_ga(instance: Instance, budget: float, objective: str = "value",
             config: GAConfig = OURS, quiet: bool = True) -> Solution:
    """Run the GA; ``Solution.history`` holds per generation the best and mean objective of the
    feasible chromosomes, their share, and the rates used (cf. thesis Fig. 13). With a
    ``stall`` rule the run may end before ``config.generations``."""
    if config.operators not in OPERATORS:
        raise OrvilleError(f"GA operators must be one of {OPERATORS}, got '{config.operators}'")
    if config.population < 2 or config.generations < 1 or not 0 <= config.elite < config.population:
        raise OrvilleError("the GA needs a population >= 2, generations >= 1 and "
                           "0 <= elite < population")
    budget = check_budget(budget)
    weights, costs = instance.weights(objective), instance.costs
    n = len(weights)
    rng = np.random.default_rng(config.seed)
    ratio_order = np.argsort(weights / costs, kind="stable")  # worst objective-per-dollar first
    ours = config.operators == "ours"

    def repair(pop: np.ndarray) -> np.ndarray:
        return fill(drop(pop, costs, ratio_order, budget), costs, ratio_order[::-1], budget)

    both = np.column_stack([weights, costs])  # one matrix product scores both (faster)

    def score(pop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        obj, spent = (pop @ both).T
        return obj, np.where(spent <= budget, obj, -np.inf)

    start = time.perf_counter()
    density = config.density if config.density is not None else budget / costs.sum()
    pop = rng.random((config.population, n)) < min(density, 1.0)
    if ours:
        pop = repair(pop)
        pop[0] = greedy(weights, costs, budget)
    obj, fit = score(pop)
    schedule = rates(replace(config, mutation=config.mutation or 1 / n))
    history = []
    for g in track(range(config.generations), f"GA ({config.operators})", quiet=quiet):
        p_c, p_m = schedule["p_c"].iloc[g], schedule["p_m"].iloc[g]
        elite = pop[np.argsort(-fit, kind="stable")[: config.elite]]
        pairs = (config.population - config.elite + 1) // 2
        parents = select(rng, fit, 2 * pairs)
        mum, dad = pop[parents[0::2]], pop[parents[1::2]]
        crossed = (rng.random(pairs) < p_c)[:, None] & _random_bits(rng, pairs, n)
        swap = crossed & (mum ^ dad)  # genes where the children take the other parent's bit
        children = np.vstack([mum ^ swap, dad ^ swap])
        children = children[: config.population - config.elite]
        mutate(rng, children, p_m)
        if ours:
            children = repair(children)
        pop = np.vstack([elite, children])
        obj, fit = score(pop)
        feasible = np.isfinite(fit)
        history.append({"generation": g + 1, "best": fit.max(),
                        "mean": obj[feasible].mean() if feasible.any() else np.nan,
                        "feasible_share": feasible.mean(), "p_c": p_c, "p_m": p_m})
        if config.stall and g >= config.stall and \
                history[-1]["best"] <= history[-1 - config.stall]["best"]:
            break
    if not np.isfinite(fit.max()):
        raise OrvilleError("the GA found no selection within the budget "
                           "(fix: use operators='ours', which repairs every chromosome)")
    best = pop[np.argmax(fit)]
    return evaluate(instance, best, config.label(), time.perf_counter() - start,
                    pd.DataFrame(history))
