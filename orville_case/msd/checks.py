"""Self-checks for the exercises of notebook 05 (print ✓ or a HINT; never raise)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from orville_case.core.selfcheck import call, numbers, selfcheck
from orville_case.core.tolerances import DERIVATIVE_REL, EXACT_REL, SOLVER_REL, close
from orville_case.msd import model as msd
from orville_case.msd.data import MSDData


@selfcheck
def check_race_msd(fn: Callable[[MSDData], np.ndarray], data: MSDData) -> bool:
    """Exercise 1: ``fn(data)`` returns f_α,n for every district before any move."""
    got, hint = call(fn, data)
    if hint:
        print(hint)
        return False
    model = msd.MSDModel(data)
    want = model.status_quo["race"]
    if (got := numbers(got)) is None:
        return False
    got = got.ravel()
    if got.shape != want.shape:
        print(f"HINT: return one number per district ({data.n}), not shape {got.shape}.")
        return False
    if not np.allclose(got, want, rtol=SOLVER_REL):
        mu_plain = data.race.to_numpy().mean(axis=0)
        plain = ((data.race.to_numpy() - mu_plain) ** 2).sum(axis=1)
        print("HINT: " + ("μ_r is the county-wide share: weight each district's shares by its "
                          "students (Σ_i S_i a_ri / Σ_i S_i), not a plain mean of districts."
                          if np.allclose(got, plain) else
                          "f_α,n = Σ_r (a_rn − μ_r)² with a_rn the share of race r in district "
                          "n and μ_r the county-wide share; sum over races, no square root."))
        return False
    k = int(np.argmax(want))
    print(f"✓ race MSD for all {data.n} districts; the largest is {data.districts[k]} "
          f"({want[k]:.3f})")
    return True


@selfcheck
def check_revenue_gradient(fn: Callable[[np.ndarray], np.ndarray], data: MSDData,
                           seed: int = 5) -> bool:
    """Exercise 2: ``fn(x)`` returns G[i, n] = ∂f_γ,n/∂x_in for a full N × N matrix x."""
    model = msd.MSDModel(data)
    x = msd.random_start(model, 0.5, np.random.default_rng(seed))
    got, hint = call(fn, x)
    if hint:
        print(hint)
        return False
    if (got := numbers(got)) is None:
        return False
    term = next(t for t in model.terms if t.name == "revenue")
    want = term.gradient(model.S, x)
    if got.shape != want.shape:
        print(f"HINT: return an N × N matrix (here {want.shape}), not shape {got.shape}.")
        return False
    if not np.allclose(got, want, rtol=SOLVER_REL, atol=EXACT_REL * np.abs(want).max()):
        if np.allclose(got, -want, rtol=SOLVER_REL):
            print("HINT: wrong sign: γ_n = R_n / E_n falls when E_n grows.")
        else:
            print("HINT: use the chain rule: ∂f/∂x_in = 2 (γ_n − μ_γ) · ∂γ_n/∂E_n · ∂E_n/∂x_in, "
                  "with ∂E_n/∂x_in = S_i.")
        return False
    i, n = np.unravel_index(np.argmax(np.abs(want)), want.shape)
    fd = msd.finite_difference(lambda v: term.msd(model.S, _bump(x, i, n, v[0]))[n],
                               np.array([x[i, n]]), h=1e-7)[0]
    print(f"✓ your gradient matches; e.g. ∂f_γ/∂x[{data.districts[i]} -> "
          f"{data.districts[n]}] = {got[i, n]:.4g} (finite difference {fd:.4g})")
    return True


def _bump(x: np.ndarray, i: int, n: int, value: float) -> np.ndarray:
    y = x.copy()
    y[i, n] = value
    return y


@selfcheck
def check_added_term(fn: Callable[[MSDData], msd.MSDModel], data: MSDData) -> bool:
    """Exercise 3: ``fn(data)`` returns an MSDModel with a fourth term for the FRPM share."""
    model, hint = call(fn, data)
    if hint:
        print(hint)
        return False
    if not isinstance(model, msd.MSDModel) or len(model.terms) != 4:
        print("HINT: return msd.MSDModel(data, terms) with the three default terms plus one.")
        return False
    extra = model.terms[-1]
    mu = np.atleast_1d(extra.target(model.S))
    county = data.frpm @ data.students / data.students.sum()
    if extra.kind != "composition" or not close(mu[0], county):
        print("HINT: FRPM students move with their district's students like a race group: "
              "use kind 'composition' with values = data.frpm as an N × 1 column.")
        return False
    v = model.reduce(msd.random_start(model, 0.5, np.random.default_rng(2)))
    _, g = model.fun(v)
    fd = msd.finite_difference(lambda w: model.fun(w)[0], v)
    if not np.allclose(g, fd, rtol=DERIVATIVE_REL, atol=SOLVER_REL * np.abs(fd).max()):
        print("HINT: the model's gradient disagrees with finite differences: check values.")
        return False
    solution = msd.solve(model, 1.0)
    left = msd.relative_msd(model, solution.x)[extra.name]
    print(f"✓ four terms, gradient checked; at p = 1 the FRPM MSD falls to {left:.0%} of the "
          f"status quo (SLSQP {solution.iterations} iterations, {solution.seconds:.2f} s)")
    return True
