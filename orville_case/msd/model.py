"""The inter-district MSD model (Bermudez, Lee, Olive, Wright & McCullough, poster, UC Merced).

Decision: x (N × N), x_ij = share of district i's students moved to district j (x_ii = share
staying). Constraints: Σ_j x_ij = 1 for every i; 0 ≤ x_ij ≤ b_ij (b_ij = 1 for bordering
districts and i = j, else 0); share of all students moved Σ_i S_i (1 − x_ii) / Σ_i S_i ≤ p.

After the move district n has E_n = Σ_i S_i x_in students. Each *term* of the objective is a
district-level variable with a county-wide target μ (its value for the whole county, which no
move changes) and a per-district squared deviation f_n:

* composition (race): α_{r,n} = Σ_i S_i a_{r,i} x_in / E_n (groups move with the students),
  μ_r = Σ_i S_i a_{r,i} / Σ_i S_i, f_α,n = Σ_r (α_{r,n} − μ_r)²;
* students per resource that stays (teachers): β_n = E_n / T_n, μ_β = Σ S / Σ T,
  f_β,n = (β_n − μ_β)²;
* resource per student that stays (local revenue): γ_n = R_n / E_n, μ_γ = Σ R / Σ S,
  f_γ,n = (γ_n − μ_γ)².

Objective: F(x) = (1/N) Σ_n Σ_t (f_t,n(x) − m_t) / s_t, each term min-max normalised with
constants (m_t, s_t) fixed at the status quo x = I (see :data:`NORMALISATIONS`).

The gradient is analytic: with D_{r,n} = α_{r,n} − μ_r,
∂f_α,n/∂x_in = 2 S_i (Σ_r a_{r,i} D_{r,n} − Σ_r α_{r,n} D_{r,n}) / E_n,
∂f_β,n/∂x_in = 2 (β_n − μ_β) S_i / T_n,  ∂f_γ,n/∂x_in = −2 (γ_n − μ_γ) γ_n S_i / E_n,
and x_in affects no other district's terms.

Two formulations of the same problem for the solver (``formulation=``):

* ``"pairs"`` (default): one variable per ordered pair of *bordering* districts (i ≠ j);
  x_ii = 1 − Σ_{j≠i} x_ij is eliminated, so Σ_j x_ij = 1 holds exactly and the constraints are
  Σ_{j≠i} x_ij ≤ 1 (x_ii ≥ 0) and the moved share ≤ p. Far fewer variables: fast.
* ``"dense"``: all N² entries as variables with bounds [0, b_ij] and N equality constraints,
  exactly as written on the poster (slow for large N: SLSQP's work grows like N⁶).

Solvers (``solve(method=...)``): ``"SLSQP"`` (the poster's, the teaching method), ``"trust-constr"``
(scipy) and ``"ipopt"`` (an interior-point method through CasADi, optional extra ``fast``). F is
not quadratic (α and γ are ratios of functions linear in x), so a QP solver does not apply; but F
is a sum over districts n of functions of column n of x only, so its Hessian is block-diagonal
(one block per district, its neighbours' shares) and the constraints are sparse. SLSQP ignores
that (dense quasi-Newton QP: its time grows like the cube of the variables per iteration);
IPOPT with the exact sparse Hessian does not (100 synthetic districts: well under a second).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import BFGS, Bounds, LinearConstraint, minimize
from threadpoolctl import threadpool_limits

from orville_case.core.errors import DataError, OrvilleError, Problem, SolverError
from orville_case.core.progress import track
from orville_case.msd.data import MSDData

KINDS = ("composition", "students_per", "per_student")
METHODS = ("SLSQP", "trust-constr", "ipopt")
#: How each term is min-max normalised, with constants taken at the status quo x = I:
#: ``"range"``: (f_n − min_n f_n⁰) / (max_n f_n⁰ − min_n f_n⁰) — min-max scaling of the MSD values
#: across districts (default); ``"variable"``: the variable itself is min-max scaled before the
#: deviation is squared, i.e. f_n / (max_n v_n⁰ − min_n v_n⁰)² for β and γ (race shares are
#: already in [0, 1] and left as they are); ``"none"``: raw f_n (dollars² dominate everything).
NORMALISATIONS = ("range", "variable", "none")
LABELS = {"race": "race (f_α)", "ratio": "students per teacher (f_β)",
          "revenue": "local revenue per student (f_γ)"}


@dataclass(frozen=True)
class Term:
    """One district-level variable of the objective; see the module docstring for the math.

    ``kind`` is ``"composition"`` (``values``: N × K group shares of each district's students,
    they move with the students), ``"students_per"`` (``values``: T_n, a resource that stays,
    variable E_n / T_n) or ``"per_student"`` (``values``: R_n, stays, variable R_n / E_n).
    """

    name: str
    kind: str
    values: np.ndarray

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise OrvilleError(f"Term kind must be one of {', '.join(KINDS)}, got '{self.kind}'")

    def target(self, S: np.ndarray) -> np.ndarray | float:
        """μ: the county-wide value (unchanged by any move)."""
        v = np.asarray(self.values, dtype=float)
        if self.kind == "composition":
            v = v.reshape(len(S), -1)
            return S @ v / S.sum()
        return S.sum() / v.sum() if self.kind == "students_per" else v.sum() / S.sum()

    def variable(self, S: np.ndarray, x: np.ndarray) -> np.ndarray:
        """The variable after the move: α (N × K), β (N) or γ (N)."""
        E = x.T @ S
        v = np.asarray(self.values, dtype=float)
        if self.kind == "composition":
            return (x.T @ (S[:, None] * v.reshape(len(S), -1))) / E[:, None]
        return E / v if self.kind == "students_per" else v / E

    def msd(self, S: np.ndarray, x: np.ndarray) -> np.ndarray:
        """f_n for every district n (squared deviation from μ, summed over groups)."""
        dev = self.variable(S, x) - self.target(S)
        return (dev**2).sum(axis=1) if dev.ndim == 2 else dev**2

    def gradient(self, S: np.ndarray, x: np.ndarray) -> np.ndarray:
        """G with G[i, n] = ∂f_n/∂x_in (x_in affects only district n)."""
        E = x.T @ S
        var = self.variable(S, x)
        dev = var - self.target(S)
        if self.kind == "composition":
            a = np.asarray(self.values, dtype=float).reshape(len(S), -1)
            inner = a @ dev.T - (var * dev).sum(axis=1)[None, :]
            return 2 * S[:, None] * inner / E[None, :]
        if self.kind == "students_per":
            return 2 * S[:, None] * (dev / np.asarray(self.values, dtype=float))[None, :]
        return -2 * S[:, None] * (dev * var / E)[None, :]


def default_terms(data: MSDData) -> list[Term]:
    """The poster's three terms: race shares (α), students per teacher (β), revenue (γ)."""
    return [Term("race", "composition", data.race.to_numpy()),
            Term("ratio", "students_per", data.teachers),
            Term("revenue", "per_student", data.revenue)]


class MSDModel:
    """F(x), its gradient and the linear constraints for one dataset (see module docstring)."""

    def __init__(self, data: MSDData, terms: Sequence[Term] | None = None, *,
                 normalisation: str = "range", formulation: str = "pairs"):
        if normalisation not in NORMALISATIONS:
            raise OrvilleError(f"normalisation must be one of {', '.join(NORMALISATIONS)}, "
                              f"got '{normalisation}'")
        if formulation not in ("pairs", "dense"):
            raise OrvilleError(f"formulation must be 'pairs' or 'dense', got '{formulation}'")
        if data.n < 2:
            raise DataError(Problem(f"only {data.n} district: there is nowhere to move students",
                                    file="districts.csv", fix="give at least two districts"))
        if not np.asarray(data.adjacency).any():
            raise DataError(Problem("no two districts share a border: no student can move",
                                    file="adjacency.csv", fix="list the bordering pairs"))
        self.data, self.normalisation, self.formulation = data, normalisation, formulation
        self.terms = list(terms) if terms is not None else default_terms(data)
        self.S = np.asarray(data.students, dtype=float)
        self.N = data.n
        self.b = data.bounds
        if formulation == "pairs":
            self.rows, self.cols = np.nonzero(data.adjacency)
        else:
            self.rows, self.cols = np.indices((self.N, self.N)).reshape(2, -1)
        eye = np.eye(self.N)
        with np.errstate(over="ignore", invalid="ignore"):
            self.status_quo = self.raw(eye)  # f_t,n before any move (x = I), per term, district
        for name, f0 in self.status_quo.items():
            if not np.isfinite(f0).all():
                raise DataError(Problem(
                    f"term '{name}' is not a finite number at the status quo (values too large "
                    "to square in floating point?)", file="districts.csv",
                    fix="give the values in plain units, far below 1e150"))
        self.offset, self.scale = {}, {}
        for t in self.terms:
            f0 = self.status_quo[t.name]
            if normalisation == "range":
                lo, span = f0.min(), np.ptp(f0)
            elif normalisation == "variable" and t.kind != "composition":
                lo, span = 0.0, np.ptp(t.variable(self.S, eye)) ** 2
            else:
                lo, span = 0.0, 1.0
            self.offset[t.name], self.scale[t.name] = lo, span if span > 0 else 1.0

    # --- the full matrix x and the solver's vector v ---
    @property
    def size(self) -> int:
        """Number of solver variables."""
        return len(self.rows)

    def full(self, v: np.ndarray) -> np.ndarray:
        """x (N × N) from the solver's variables (pairs: x_ii = 1 − Σ_{j≠i} x_ij)."""
        x = np.zeros((self.N, self.N))
        x[self.rows, self.cols] = v
        if self.formulation == "pairs":
            x[np.diag_indices(self.N)] = 1 - x.sum(axis=1)
        return x

    def reduce(self, x: np.ndarray) -> np.ndarray:
        """The solver's variables for a full x."""
        return np.asarray(x, dtype=float)[self.rows, self.cols].copy()

    # --- objective ---
    def raw(self, x: np.ndarray) -> dict[str, np.ndarray]:
        """f_t,n before normalisation, per term and district."""
        return {t.name: t.msd(self.S, x) for t in self.terms}

    def parts(self, x: np.ndarray) -> dict[str, np.ndarray]:
        """Normalised (f_t,n − m_t) / s_t per term and district."""
        return {k: (f - self.offset[k]) / self.scale[k] for k, f in self.raw(x).items()}

    def objective(self, x: np.ndarray) -> float:
        """F(x) = (1/N) Σ_n Σ_t normalised f_t,n."""
        return float(sum(p.sum() for p in self.parts(x).values()) / self.N)

    def gradient(self, x: np.ndarray) -> np.ndarray:
        """∂F/∂x_in for every entry of the full matrix."""
        return sum(t.gradient(self.S, x) / self.scale[t.name] for t in self.terms) / self.N

    def fun(self, v: np.ndarray) -> tuple[float, np.ndarray]:
        """F and ∂F/∂v for the solver (chain rule through :meth:`full`)."""
        x = self.full(v)
        G = self.gradient(x)
        g = G[self.rows, self.cols]
        if self.formulation == "pairs":
            g = g - G[self.rows, self.rows]
        return self.objective(x), g

    # --- constraints ---
    def moved(self, x: np.ndarray) -> float:
        """Share of all students moved: Σ_i S_i (1 − x_ii) / Σ_i S_i."""
        return float(self.S @ (1 - np.diag(x)) / self.S.sum())

    def constraints(self, p: float) -> tuple[list[LinearConstraint], Bounds]:
        """The constraints on v as (linear constraints, bounds) — all of them are linear."""
        n = self.size
        onehot = np.zeros((self.N, n))
        onehot[self.rows, np.arange(n)] = 1.0
        if self.formulation == "pairs":
            moved = self.S[self.rows] / self.S.sum()
            return ([LinearConstraint(onehot, -np.inf, 1.0),
                     LinearConstraint(moved[None, :], -np.inf, p)],
                    Bounds(np.zeros(n), np.ones(n)))
        diag = self.rows == self.cols
        moved = np.where(diag, -self.S[self.rows], 0.0) / self.S.sum()
        return ([LinearConstraint(onehot, 1.0, 1.0),
                 LinearConstraint(moved[None, :], -np.inf, p - 1.0)],
                Bounds(np.zeros(n), self.b[self.rows, self.cols]))

    def violations(self, x: np.ndarray, p: float, tol: float = 1e-6) -> list[str]:
        """Every constraint of the model that the full x breaks by more than ``tol``."""
        names = self.data.districts
        out = []
        for i, j in zip(*np.nonzero(x < -tol), strict=True):
            out.append(f"x[{names[i]} -> {names[j]}] = {x[i, j]:.3g} < 0")
        for i, j in zip(*np.nonzero(x > self.b + tol), strict=True):
            out.append(f"x[{names[i]} -> {names[j]}] = {x[i, j]:.3g} > b_ij = {self.b[i, j]:g}")
        for i in np.flatnonzero(np.abs(x.sum(axis=1) - 1) > tol):
            out.append(f"row {names[i]} sums to {x[i].sum():.6g}, not 1")
        if self.moved(x) > p + tol:
            out.append(f"{self.moved(x):.6g} of the students moved > p = {p:g}")
        return out


@dataclass
class Solution:
    """A solver's answer: the full x, F, and how the solver got there (per-term values:
    ``model.parts(x)``)."""

    x: np.ndarray
    p: float
    objective: float
    method: str
    iterations: int
    seconds: float
    converged: bool
    message: str
    history: pd.DataFrame = field(repr=False)  # per iteration: F and each term's relative MSD
    start: str = "status quo"


def shrink(model: MSDModel, x: np.ndarray, p: float) -> np.ndarray:
    """x moved toward the status quo, I + t (x − I), just enough to move at most p."""
    moved = model.moved(x)
    t = 1.0 if moved <= p else p / moved
    return np.eye(model.N) + t * (x - np.eye(model.N))


def random_start(model: MSDModel, p: float, rng: np.random.Generator) -> np.ndarray:
    """A random feasible x: random shares to each neighbour, shrunk to move at most p."""
    w = rng.random((model.N, model.N)) * model.data.adjacency
    stay = rng.random(model.N)[:, None]
    x = (1 - stay) * w / np.maximum(w.sum(axis=1, keepdims=True), 1e-300)
    x[np.diag_indices(model.N)] = 1 - x.sum(axis=1)
    return shrink(model, x, p * rng.uniform(0.5, 1.0))


def solve(model: MSDModel, p: float, *, x0: np.ndarray | None = None,
          method: str = "SLSQP", maxiter: int = 500, tol: float = 1e-10,
          start: str | None = None, scaled: bool = True) -> Solution:
    """Minimise F subject to the constraints: ``"SLSQP"`` or ``"trust-constr"`` (scipy, on the
    model's formulation) or ``"ipopt"`` (sparse interior point, see :func:`_solve_ipopt`).

    ``x0`` (full N × N) is the starting point, shrunk toward the status quo if it moves more than
    p; default: the status quo x = I. The history records F and each term's MSD relative to the
    status quo (:func:`relative_msd`) at the start and after every iteration (IPOPT: at the start
    and the end only). ``scaled`` solves in student units (see below); ``tol`` is SLSQP's
    ``ftol`` on F / F(status quo), IPOPT's ``tol``. A NaN or infinite result is a SolverError.
    """
    if not 0 <= p <= 1:
        raise OrvilleError(f"p must be between 0 and 1, got {p:g}")
    if method not in METHODS:
        raise OrvilleError(f"method must be one of {', '.join(METHODS)}, got '{method}'")
    start = start or ("status quo" if x0 is None else "given")
    x0 = shrink(model, np.eye(model.N) if x0 is None else np.asarray(x0, float), p)
    if method == "ipopt":
        return _checked(_solve_ipopt(model, p, x0, maxiter, tol, start))
    history: list[dict] = []
    # The solver works on u = c · v with c_k = S_i / mean(S): u counts students rather than
    # shares, which evens out the gradient (a share of a big district moves many students):
    # SLSQP needs fewer iterations (117 vs 155 on Alameda, 227 vs 409 for a synthetic N = 40).
    # x, F and the constraints are unchanged.
    c = model.S[model.rows] / model.S.mean() if scaled else np.ones(model.size)
    linear, bounds = model.constraints(p)
    linear = [LinearConstraint(lc.A / c[None, :], lc.lb, lc.ub) for lc in linear]
    bounds = Bounds(bounds.lb * c, bounds.ub * c)

    # F is also divided by its status-quo value: a constant factor that leaves the optimum
    # unchanged but keeps SLSQP's tolerances meaningful when the terms are not normalised.
    unit = abs(model.objective(np.eye(model.N))) or 1.0

    def fun(u: np.ndarray) -> tuple[float, np.ndarray]:
        value, grad = model.fun(u / c)
        return value / unit, grad / c / unit

    def record(u: np.ndarray) -> None:
        x = model.full(u / c)
        history.append({"iteration": len(history), "objective": model.objective(x),
                        **relative_msd(model, x)})

    u0 = model.reduce(x0) * c
    record(u0)
    if method == "SLSQP":
        cons = [d for lc in linear for d in _slsqp_constraints(lc)]
        run = dict(method="SLSQP", constraints=cons, callback=record,
                   options={"maxiter": maxiter, "ftol": tol})
    else:
        run = dict(method="trust-constr", constraints=linear, hess=BFGS(),
                   callback=lambda u, state: record(u),
                   options={"maxiter": maxiter, "gtol": 1e-8, "xtol": 1e-10})
    began = time.perf_counter()
    # The solvers' dense linear algebra is small: multi-threaded BLAS only makes the threads
    # contend (measured 10x slower on 2 cores), so it runs on one thread.
    with threadpool_limits(limits=1, user_api="blas"), np.errstate(divide="ignore",
                                                                   invalid="ignore"):
        res = minimize(fun, u0, jac=True, bounds=bounds, **run)
    seconds = time.perf_counter() - began
    x = model.full(np.clip(res.x, bounds.lb, bounds.ub) / c)
    with np.errstate(all="ignore"):
        value = model.objective(x)
    return _checked(Solution(x=x, p=p, objective=value, method=method,
                             iterations=int(res.nit), seconds=seconds,
                             converged=bool(res.success), message=str(res.message),
                             history=pd.DataFrame(history), start=start))


def _checked(solution: Solution) -> Solution:
    """The solution, or a SolverError if its x or F is NaN or infinite (never print F = nan)."""
    if not (np.isfinite(solution.x).all() and np.isfinite(solution.objective)):
        raise SolverError(Problem(
            f"{solution.method} returned a non-finite result (F = {solution.objective})",
            fix="check districts.csv for extreme values, or try --method ipopt"))
    return solution


def _solve_ipopt(model: MSDModel, p: float, x0: np.ndarray, maxiter: int, tol: float,
                 start: str) -> Solution:
    """IPOPT (interior point, exact sparse Hessian by CasADi's automatic differentiation).

    Variables: the entries x_ij with b_ij = 1 (bordering pairs and the diagonal); constraints
    Σ_j x_ij = 1, 0 ≤ x_ij ≤ 1 and the moved share ≤ p, as in the poster. F is written once more
    symbolically by :func:`symbolic_objective` (a test checks it equals :meth:`MSDModel.objective`).
    """
    try:
        import casadi
    except ImportError:
        raise SolverError(Problem("method 'ipopt' needs the CasADi package",
                                  fix="pip install 'orville-case[fast]' (or: pip install casadi)"
                                  )) from None
    rows, cols = np.nonzero(model.b)
    v = casadi.SX.sym("x", len(rows))
    unit = abs(model.objective(np.eye(model.N))) or 1.0
    moved = np.where(rows == cols, -model.S[rows], 0.0) / model.S.sum()
    sums = [casadi.sum1(v[np.flatnonzero(rows == i).tolist()]) for i in range(model.N)]
    nlp = {"x": v, "f": symbolic_objective(model, v, rows, cols) / unit,
           "g": casadi.vertcat(*sums, casadi.dot(casadi.DM(moved), v))}
    history = [{"iteration": 0, "objective": model.objective(x0), **relative_msd(model, x0)}]
    began = time.perf_counter()
    solver = casadi.nlpsol("msd", "ipopt", nlp, {
        "print_time": False, "ipopt": {"print_level": 0, "sb": "yes", "tol": tol,
                                       "max_iter": maxiter}})
    res = solver(x0=x0[rows, cols], lbx=0.0, ubx=1.0, lbg=np.r_[np.ones(model.N), -np.inf],
                 ubg=np.r_[np.ones(model.N), p - 1.0])
    seconds = time.perf_counter() - began
    stats = solver.stats()
    x = np.zeros((model.N, model.N))
    x[rows, cols] = np.clip(np.asarray(res["x"]).ravel(), 0.0, 1.0)
    with np.errstate(all="ignore"):
        value = model.objective(x)
        if np.isfinite(value):
            history.append({"iteration": int(stats["iter_count"]), "objective": value,
                            **relative_msd(model, x)})
    return Solution(x=x, p=p, objective=value, method="ipopt",
                    iterations=int(stats["iter_count"]), seconds=seconds,
                    converged=bool(stats["success"]), message=str(stats["return_status"]),
                    history=pd.DataFrame(history), start=start)


def symbolic_objective(model: MSDModel, v, rows: np.ndarray, cols: np.ndarray):
    """F as a CasADi expression of the entries v_k = x[rows[k], cols[k]] (same math as
    :meth:`MSDModel.objective`; district n's terms read only the entries of column n)."""
    import casadi

    total = 0
    for n in range(model.N):
        k = np.flatnonzero(cols == n).tolist()
        S = model.S[rows[k]]
        E = casadi.dot(casadi.DM(S), v[k])
        for t in model.terms:
            values, mu = np.asarray(t.values, dtype=float), t.target(model.S)
            if t.kind == "composition":
                a = values.reshape(model.N, -1)[rows[k]]
                f = sum((casadi.dot(casadi.DM(S * a[:, r]), v[k]) / E - mu[r]) ** 2
                        for r in range(a.shape[1]))
            elif t.kind == "students_per":
                f = (E / values[n] - mu) ** 2
            else:
                f = (values[n] / E - mu) ** 2
            total += (f - model.offset[t.name]) / model.scale[t.name]
    return total / model.N


def _slsqp_constraints(lc: LinearConstraint) -> list[dict]:
    """SLSQP wants g(v) ≥ 0 / h(v) = 0 dictionaries; translate lb ≤ A v ≤ ub."""
    A, lb, ub = np.atleast_2d(lc.A), np.broadcast_to(lc.lb, lc.A.shape[0]), \
        np.broadcast_to(lc.ub, lc.A.shape[0])
    if np.array_equal(lb, ub):
        return [{"type": "eq", "fun": lambda v: A @ v - ub, "jac": lambda v: A}]
    out = []
    if np.isfinite(ub).any():
        out.append({"type": "ineq", "fun": lambda v: ub - A @ v, "jac": lambda v: -A})
    if np.isfinite(lb).any():
        out.append({"type": "ineq", "fun": lambda v: A @ v - lb, "jac": lambda v: A})
    return out


def relative_msd(model: MSDModel, x: np.ndarray) -> dict[str, float]:
    """Mean raw MSD of each term at x divided by its value at the status quo (1 = no change)."""
    before = {k: f.mean() for k, f in model.status_quo.items()}
    return {k: float(f.mean() / before[k]) if before[k] > 0 else float("nan")
            for k, f in model.raw(x).items()}


def sweep(model: MSDModel, ps: Sequence[float], *, quiet: bool = False,
          method: str = "SLSQP") -> tuple[pd.DataFrame, list[Solution]]:
    """Solve for each p in increasing order, each warm-started from the previous optimum.

    The previous optimum is feasible for a larger p, so the optimum found can only stay or
    improve (up to solver tolerance). Returns a table (p, objective, each term's MSD relative to
    the status quo, moved share, iterations, seconds, converged) and the solutions.
    """
    solutions, x = [], None
    for p in track(sorted(ps), f"MSD sweep ({method})", quiet=quiet):
        s = solve(model, float(p), x0=x, method=method)
        solutions.append(s)
        x = s.x
    table = pd.DataFrame([{"p": s.p, "objective": s.objective,
                           **relative_msd(model, s.x), "moved": model.moved(s.x),
                           "iterations": s.iterations, "seconds": s.seconds,
                           "converged": s.converged} for s in solutions])
    return table, solutions


def multistart(model: MSDModel, p: float, starts: int = 10, *, seed: int = 0,
               method: str = "SLSQP", quiet: bool = False) -> list[Solution]:
    """Solve from the status quo and from ``starts`` random feasible points (local optima)."""
    rng = np.random.default_rng(seed)
    out = [solve(model, p, method=method, start="status quo")]
    for k in track(range(starts), f"multistart ({method})", quiet=quiet):
        out.append(solve(model, p, x0=random_start(model, p, rng), method=method,
                         start=f"random {k + 1}"))
    return out


def reductions(model: MSDModel, x: np.ndarray, term: str = "race") -> dict[str, float]:
    """Max and mean per-district MSD of ``term`` before (x = I) and at x, and their reductions."""
    before, after = model.status_quo[term], model.raw(x)[term]
    return {"max_before": float(before.max()), "max_after": float(after.max()),
            "max_reduction": float(1 - after.max() / before.max()),
            "mean_before": float(before.mean()), "mean_after": float(after.mean()),
            "mean_reduction": float(1 - after.mean() / before.mean())}


def moves_table(model: MSDModel, x: np.ndarray, threshold: float = 1e-4) -> pd.DataFrame:
    """Every move i → j (i ≠ j) above ``threshold``: share of i's students and head count."""
    names = model.data.districts
    rows = [{"from": names[i], "to": names[j], "share": x[i, j], "students": x[i, j] * model.S[i]}
            for i, j in zip(*np.nonzero(x > threshold), strict=True) if i != j]
    return pd.DataFrame(rows, columns=["from", "to", "share", "students"])


def finite_difference(fun: Callable[[np.ndarray], float], v: np.ndarray,
                      h: float = 1e-6) -> np.ndarray:
    """Central finite differences of a scalar function (to test analytic gradients)."""
    g = np.zeros_like(v, dtype=float)
    for k in range(v.size):
        e = np.zeros_like(v, dtype=float)
        e[k] = h
        g[k] = (fun(v + e) - fun(v - e)) / (2 * h)
    return g
