"""Self-checks and levelled hints for the exercises of notebook 05 (print ✓ or a HINT; never raise).

Each check runs the student's OWN function and compares it with the reference model
(:class:`~orville_case.msd.model.MSDModel`, :func:`~orville_case.msd.model.solve`); when they
differ it recomputes the typical mistakes (no normalisation, no 1/N, a plain mean for μ, a wrong
sign, a transposed gradient, a constraint on the wrong axis, moves between districts without a
border, the cap p as an equality, …) and names the one that matches — never the answer.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
from threadpoolctl import threadpool_limits

from orville_case.core.hints import Hints
from orville_case.core.selfcheck import answer, call, numbers, selfcheck
from orville_case.core.tolerances import DERIVATIVE_REL, EXACT_REL, SOLVER_REL, at_most, close
from orville_case.msd import model as msd
from orville_case.msd.data import MSDData

#: Levelled hints: ``hint("msd_objective")`` prints the idea, then a skeleton, then the key line.
hint = Hints({
    "msd_objective": [
        "Work district by district, all at once with numpy: first the students after the move "
        "E_n, then the three variables α (N × R), β and γ (N each), then their squared "
        "deviations from the county-wide μ. Normalise each term with constants taken at x = I, "
        "add the three, sum over districts and divide by N.",
        "E = x.T @ S;  alpha = (x.T @ (S[:, None] * A)) / E[:, None];  beta = E / T;  "
        "gamma = R / E;  f_alpha = ((alpha - mu_race) ** 2).sum(axis=1);  …  "
        "LO[k] = f_k(I).min(), SPAN[k] = np.ptp(f_k(I)).",
        "return sum((f - lo) / span for f, lo, span in zip(my_terms(x), LO, SPAN)).sum() / N",
    ],
    "msd_gradient": [
        "x_in only changes district n (its students E_n and its mix α_n), so the gradient is an "
        "N × N matrix G[i, n], one column per district. Differentiate each term with the chain "
        "rule through E_n (∂E_n/∂x_in = S_i), then apply the same normalisation and 1/N as F.",
        "G_alpha = 2 * S[:, None] * (A @ D.T - (alpha * D).sum(axis=1)) / E  with "
        "D = alpha - mu_race;  G_beta = 2 * S[:, None] * ((beta - mu_ratio) / T);  "
        "G_gamma = -2 * S[:, None] * (…)  (γ = R/E falls when E grows).",
        "return (G_alpha / SPAN[0] + G_beta / SPAN[1] + G_gamma / SPAN[2]) / N",
    ],
    "msd_solve": [
        "Give SLSQP one variable per allowed entry (b_ij = 1: bordering pairs and the "
        "diagonal), start from the status quo, and pass the constraints as dictionaries: "
        "'eq' for rows summing to 1, 'ineq' (meaning fun(v) ≥ 0) for the cap on moved students.",
        "src, dst = np.nonzero(B);  full(v) puts v into an N × N zero matrix at [src, dst];  "
        "rows = (src == np.arange(N)[:, None]) * 1.0 sums each row;  stay = S[src] * "
        "(src == dst) / S.sum() gives the share that stays;  minimize(F, v0, jac=…, "
        "method='SLSQP', bounds=[(0, 1)] * len(src), constraints=[…], "
        "options={'ftol': 1e-10, 'maxiter': 1000}).",
        "constraints = [{'type': 'eq', 'fun': lambda v: rows @ v - 1}, "
        "{'type': 'ineq', 'fun': lambda v: p - (1 - stay @ v)}]",
    ],
    "msd_frpm": [
        "FRPM students move with their district's students, exactly like a race group.",
        "msd.Term('frpm', 'composition', values) with values an N × 1 column of shares.",
        "msd.MSDModel(data, msd.default_terms(data) + [msd.Term('frpm', 'composition', "
        "data.frpm[:, None])])",
    ],
})


class _PlainMean(msd.Term):
    """A term whose target μ is the plain mean over districts (the mistake of forgetting to
    weight by students), to recognise it in a student's answer."""

    def target(self, S: np.ndarray) -> np.ndarray | float:
        return np.mean(self.variable(S, np.eye(len(S))), axis=0)


def _points(model: msd.MSDModel, count: int = 3, seed: int = 7) -> list[np.ndarray]:
    """The status quo x = I and ``count`` random feasible moves (where F is checked)."""
    rng = np.random.default_rng(seed)
    return [np.eye(model.N)] + [msd.random_start(model, p, rng)
                                for p in np.linspace(0.4, 1.0, count)]


def _same(got: list[float], want: list[float]) -> bool:
    return all(close(g, w, EXACT_REL) for g, w in zip(got, want, strict=True))


@selfcheck
def check_objective(fn: Callable[[np.ndarray], float], data: MSDData) -> bool:
    """Exercise 1: ``fn(x)`` returns F(x), the normalised objective, for a full N × N x."""
    model = msd.MSDModel(data)
    points = _points(model)
    got = []
    for x in points:
        value = answer(fn, x.copy(), unit="F, the objective")
        if value is None:
            return False
        got.append(value)
    want = [model.objective(x) for x in points]
    if _same(got, want):
        print(f"✓ F is right at the status quo (F = {got[0]:.4f}) and after {len(points) - 1} "
              f"random moves (e.g. F = {got[1]:.4f})")
        return True
    raw = msd.MSDModel(data, normalisation="none")
    plain = msd.MSDModel(data, [_PlainMean(t.name, t.kind, t.values) for t in model.terms])
    unshifted = [sum((f / model.scale[k]).sum() for k, f in model.raw(x).items()) / model.N
                 for x in points]
    mistakes = [
        ([model.N * w for w in want], "divide the sum over districts by N (F is a mean)."),
        ([raw.objective(x) for x in points],
         "normalise each term: (f − min f⁰) / (max f⁰ − min f⁰) with f⁰ = the term at x = I; "
         "raw dollars² swamp everything else."),
        (unshifted, "min-max scaling subtracts the smallest status-quo value before dividing "
                    "by the range."),
        ([plain.objective(x) for x in points],
         "μ is the county-wide value: weight by students (e.g. μ_r = Σ_i S_i a_ri / Σ_i S_i), "
         "not a plain mean of the districts' values."),
    ]
    for values, text in mistakes:
        if _same(got, values):
            print("HINT: " + text)
            return False
    if close(got[0], want[0], EXACT_REL):
        print("HINT: right at the status quo, wrong after a move: compute E_n = Σ_i S_i x_in "
              "and the variables from x, and keep LO and SPAN fixed (taken at x = I).")
    else:
        print("HINT: F is wrong already at the status quo x = I: check each term against its "
              "formula (sum the race deviations over groups; no square roots) and the "
              "normalisation (f − LO) / SPAN with LO = min and SPAN = max − min of f at x = I.")
    return False


def _fd_gradient(fn: Callable[[np.ndarray], float], x: np.ndarray, mask: np.ndarray,
                 h: float = 1e-6) -> np.ndarray:
    """Central finite differences of ``fn`` at x on the entries where ``mask`` is True."""
    G = np.full(x.shape, np.nan)
    for i, n in zip(*np.nonzero(mask), strict=True):
        up, down = x.copy(), x.copy()
        up[i, n] += h
        down[i, n] -= h
        G[i, n] = (fn(up) - fn(down)) / (2 * h)
    return G


@selfcheck
def check_gradient(fn: Callable[[np.ndarray], np.ndarray], data: MSDData,
                   objective: Callable[[np.ndarray], float] | None = None) -> bool:
    """Exercise 2: ``fn(x)`` returns G[i, n] = ∂F/∂x_in (N × N). Compared with the reference
    gradient and with finite differences of the student's own ``objective`` (when given), on the
    entries the solver uses (b_in = 1)."""
    model = msd.MSDModel(data)
    mask = model.b > 0
    x = _points(model, count=1, seed=11)[1]
    got, problem = call(fn, x.copy())
    if problem:
        print(problem)
        return False
    if (got := numbers(got)) is None:
        return False
    if got.shape != x.shape:
        print(f"HINT: return the N × N matrix G[i, n] = ∂F/∂x_in (here {x.shape}), "
              f"not shape {got.shape}.")
        return False
    want = model.gradient(x)
    fd = None
    if objective is not None:
        fd_hint = None
        try:
            with np.errstate(all="ignore"):
                fd = _fd_gradient(lambda y: float(objective(y)), x, mask)
        except Exception as exc:  # noqa: BLE001  (a self-check reports, it does not crash)
            fd_hint = f"HINT: your objective raised {type(exc).__name__}: {exc}"
        if fd_hint:
            print(fd_hint)
            return False

    def same(a: np.ndarray, rtol: float = 1e-6) -> bool:  # entry by entry, not to the largest
        return np.allclose(got[mask], a[mask], rtol=rtol, atol=1e-9 * np.abs(want[mask]).max())

    if same(want):
        agree = "" if fd is None else (
            "; it agrees with finite differences of your F" if same(fd, 1e-5) else
            "; NOTE: finite differences of your F disagree: recheck exercise 1")
        i, n = np.unravel_index(np.argmax(np.where(mask, np.abs(want), 0)), want.shape)
        print(f"✓ gradient right on all {mask.sum()} entries b_in = 1, e.g. "
              f"∂F/∂x[{data.districts[i]} -> {data.districts[n]}] = {got[i, n]:.4g}{agree}")
        return True
    raw = msd.MSDModel(data, normalisation="none")
    mistakes = [
        (-want, "wrong sign: check each term's chain rule (γ = R/E falls when E grows, β "
                "rises)."),
        (want.T, "rows and columns swapped: G[i, n] is the derivative by x_in, the share of "
                 "district i's students sent to n (a column of x is one receiving district)."),
        (model.N * want, "F is divided by N: so is its gradient."),
        (raw.gradient(x), "divide each term's gradient by its SPAN, as in F (the shift LO has "
                          "no derivative)."),
        (model.N * raw.gradient(x), "divide each term's gradient by its SPAN and the sum by N, "
                                    "as in F."),
    ]
    for wrong, text in mistakes:
        if same(wrong):
            print("HINT: " + text)
            return False
    for term in model.terms:
        part = term.gradient(model.S, x) / model.scale[term.name] / model.N
        if same(want - part):
            print(f"HINT: the {msd.LABELS[term.name]} part is missing from your gradient.")
            return False
        if same(want - 2 * part):
            print(f"HINT: the {msd.LABELS[term.name]} part has the wrong sign: redo its chain "
                  "rule through E_n.")
            return False
        if same(want - part + part / model.S[:, None]):
            print(f"HINT: the {msd.LABELS[term.name]} part lacks the factor S_i: you "
                  "differentiated by E_n; the chain rule through E_n multiplies by "
                  "∂E_n/∂x_in = S_i.")
            return False
    if fd is not None and same(fd, 1e-5):
        print("HINT: your gradient matches finite differences of YOUR objective, so the "
              "objective itself is wrong: fix exercise 1 first.")
    else:
        print("HINT: compare with finite differences term by term: (F(x + h e_in) − F(x − h "
              "e_in)) / 2h for one entry; the term whose part disagrees has the error.")
    return False


@selfcheck
def check_solve(fn: Callable[[float], np.ndarray], data: MSDData,
                ps: tuple[float, ...] = (0.3, 1.0)) -> bool:
    """Exercise 3: ``fn(p)`` returns the optimal full N × N x for the cap p. For each p: every
    constraint holds and F is at least as good as the reference solver's (SLSQP, pairs form)."""
    model = msd.MSDModel(data)
    report = []
    for p in ps:
        # One BLAS thread: SLSQP's small dense algebra only contends on several (10x slower).
        with np.errstate(all="ignore"), warnings.catch_warnings(), threadpool_limits(
                limits=1, user_api="blas"):
            warnings.simplefilter("ignore")
            got, problem = call(fn, p)
        if problem:
            print(problem)
            return False
        if (x := numbers(got)) is None:
            return False
        if x.shape != (model.N, model.N):
            print(f"HINT: return the full N × N matrix x (here {(model.N, model.N)}), not "
                  f"shape {x.shape}: put the solver's variables back into it.")
            return False
        if (text := _solve_mistake(model, x, p)) is not None:
            print(f"HINT (p = {p:g}): {text}")
            return False
        report.append(f"p = {p:g}: F = {model.objective(x):.5f}, {model.moved(x):.1%} moved")
    print("✓ feasible and optimal (as good as the reference solver): " + "; ".join(report))
    return True


def _solve_mistake(model: msd.MSDModel, x: np.ndarray, p: float) -> str | None:
    """The typical mistake that explains a wrong answer x for the cap p, or None if x is right."""
    tol = SOLVER_REL
    if (x[model.b == 0] > tol).any():
        return ("students moved between districts without a border: allow x_ij > 0 only where "
                "b_ij = 1 (variables for those entries only, or bounds 0 ≤ x_ij ≤ b_ij).")
    rows_ok = np.allclose(x.sum(axis=1), 1, atol=tol)
    if not rows_ok and np.allclose(x.sum(axis=0), 1, atol=tol):
        return ("the columns of x sum to 1, the rows do not: each ROW i (where district i's "
                "students go, staying included) must sum to 1.")
    if (violations := model.violations(x, p, tol)):
        if np.allclose(x, 0):
            return ("your x is all zeros: SLSQP stopped without a feasible point (check "
                    "res.success and res.message). Start from the status quo x = I, which "
                    "satisfies every constraint.")
        if model.moved(x) > p + tol:
            if 1 - np.diag(x).mean() <= p + tol:
                return (f"{model.moved(x):.1%} of the students moved, more than p: the share "
                        "moved counts students, 1 − Σ_i S_i x_ii / Σ_i S_i, not the plain mean "
                        "of the x_ii.")
            return (f"{model.moved(x):.1%} of the students moved, more than p: the cap is "
                    "missing or has the wrong sign ('ineq' means fun(v) ≥ 0).")
        return f"a constraint is broken: {violations[0]}."
    best = msd.solve(model, p)
    value = model.objective(x)
    if at_most(value, best.objective, SOLVER_REL):
        return None
    if abs(model.moved(x) - p) < tol and model.moved(best.x) < p - 1e-3:
        return (f"exactly p = {p:g} of the students moved, but the optimum moves less: the cap "
                "is an inequality (moved ≤ p, 'ineq'), not an equality.")
    return (f"feasible, but F = {value:.6f} is worse than the optimum the reference solver "
            "finds: start from the status quo, pass jac= your gradient, use ftol 1e-10 and "
            "enough maxiter, and check res.success.")


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
