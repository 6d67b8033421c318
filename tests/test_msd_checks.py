"""Notebook 05's self-checks: each accepts a right answer and names each typical mistake.

``Student`` is a student's answer to the three exercises (objective, gradient, SLSQP call) written
from the notebook's formulas, with switches that make one typical mistake at a time.
"""

from dataclasses import dataclass

import numpy as np
import pytest
from scipy.optimize import minimize

from orville_case.core.selfcheck import SelfCheckFailed
from orville_case.msd.checks import check_gradient, check_objective, check_solve, hint
from orville_case.msd.data import load_msd


@dataclass
class Student:
    mistake: str = ""

    def __post_init__(self):
        d = self.data = load_msd()
        self.S, self.T, self.R = d.students, d.teachers, d.revenue
        self.A, self.B, self.N = d.race.to_numpy(), d.bounds, d.n
        S, T, R, A = self.S, self.T, self.R, self.A
        if self.mistake == "plain mean":
            self.mu = (A.mean(axis=0), (S / T).mean(), (R / S).mean())
        else:
            self.mu = (S @ A / S.sum(), S.sum() / T.sum(), R.sum() / S.sum())
        before = self.terms(np.eye(self.N))
        self.lo = [f.min() for f in before]
        self.span = [np.ptp(f) for f in before]

    def terms(self, x):
        S = self.S
        E = S.copy() if self.mistake == "E = S" else x.T @ S
        alpha = x.T @ (S[:, None] * self.A) / E[:, None]
        beta, gamma = E / self.T, self.R / E
        return (((alpha - self.mu[0]) ** 2).sum(axis=1), (beta - self.mu[1]) ** 2,
                (gamma - self.mu[2]) ** 2)

    def objective(self, x):
        if self.mistake == "no normalisation":
            return sum(self.terms(x)).sum() / self.N
        lo = [0, 0, 0] if self.mistake == "no shift" else self.lo
        total = sum((f - a) / s for f, a, s in zip(self.terms(x), lo, self.span, strict=True))
        return total.sum() if self.mistake == "no 1/N" else total.sum() / self.N

    def gradient(self, x):
        S, A, mu = self.S, self.A, self.mu
        E = x.T @ S
        alpha = x.T @ (S[:, None] * A) / E[:, None]
        D = alpha - mu[0]
        ga = 2 * S[:, None] * (A @ D.T - (alpha * D).sum(axis=1)) / E
        gb = 2 * S[:, None] * ((E / self.T - mu[1]) / self.T)
        gamma = self.R / E
        gg = 2 * S[:, None] * ((gamma - mu[2]) * gamma / E)  # the sign is applied below
        gg = gg if self.mistake == "gradient sign" else -gg
        if self.mistake == "gradient revenue by E":  # d/dE_n instead of d/dx_in: no S_i
            gg = gg / S[:, None]
        raw = self.mistake in ("gradient not normalised", "gradient raw")
        span = [1, 1, 1] if raw else self.span
        parts = [ga / span[0], gb / span[1], gg / span[2]]
        if self.mistake == "gradient misses revenue":
            parts.pop()
        G = sum(parts) / (1 if self.mistake in ("gradient no 1/N", "gradient raw") else self.N)
        return G.T if self.mistake == "gradient transposed" else G

    def solve(self, p):
        N, S = self.N, self.S
        B = np.ones((N, N)) if self.mistake == "all pairs" else self.B
        src, dst = np.nonzero(B)

        def full(v):
            x = np.zeros((N, N))
            x[src, dst] = v
            return x

        rows = ((dst if self.mistake == "columns" else src) == np.arange(N)[:, None]) * 1.0
        stay = ((src == dst) / N if self.mistake == "cap unweighted"
                else S[src] * (src == dst) / S.sum())
        cap = {"type": "eq" if self.mistake == "cap equality" else "ineq",
               "fun": lambda v: (-1 if self.mistake == "cap sign" else 1) * (p - 1 + stay @ v)}
        # (N² variables are slow: the "all pairs" mistake shows after a few iterations)
        start = np.zeros(len(src)) if self.mistake == "zero start" else (src == dst) * 1.0
        res = minimize(lambda v: self.objective(full(v)), start,
                       jac=lambda v: self.gradient(full(v))[src, dst], method="SLSQP",
                       bounds=[(0, 1)] * len(src),
                       constraints=[{"type": "eq", "fun": lambda v: rows @ v - 1}, cap],
                       options={"ftol": 1e-10,
                                "maxiter": 20 if self.mistake == "all pairs" else 1000})
        return full(res.x)


@pytest.fixture(scope="module")
def right():
    return Student()


def test_right_answers_pass(right, capsys):
    assert check_objective(right.objective, right.data)
    assert check_gradient(right.gradient, right.data, right.objective)
    assert "agrees with finite differences of your F" in capsys.readouterr().out
    assert check_solve(right.solve, right.data)
    assert capsys.readouterr().out.startswith("✓ feasible and optimal")


@pytest.mark.parametrize("mistake, words", [
    ("no 1/N", "by N"), ("no normalisation", "normalise each term"),
    ("no shift", "subtracts the smallest"), ("plain mean", "weight by students"),
    ("E = S", "right at the status quo, wrong after a move")])
def test_objective_mistakes_are_named(mistake, words, capsys):
    s = Student(mistake)
    assert not check_objective(s.objective, s.data)
    assert words in capsys.readouterr().out


@pytest.mark.parametrize("mistake, words", [
    ("gradient sign", "part has the wrong sign"),
    ("gradient transposed", "rows and columns swapped"),
    ("gradient no 1/N", "divided by N"), ("gradient not normalised", "by its SPAN, as in F"),
    ("gradient raw", "by its SPAN and the sum by N"),
    ("gradient revenue by E", "revenue per student (f_γ) part lacks the factor S_i"),
    ("gradient misses revenue", "revenue per student (f_γ) part is missing")])
def test_gradient_mistakes_are_named(mistake, words, capsys):
    s = Student(mistake)
    assert not check_gradient(s.gradient, s.data, s.objective)
    assert words in capsys.readouterr().out


def test_gradient_of_a_wrong_objective_points_to_exercise_1(capsys):
    s = Student("no shift")  # a shift does not change the gradient: gradient right, F wrong
    assert check_gradient(s.gradient, s.data, s.objective)
    s = Student("plain mean")  # a consistent gradient of the wrong F
    assert not check_gradient(s.gradient, s.data, s.objective)
    assert "fix exercise 1 first" in capsys.readouterr().out


@pytest.mark.parametrize("mistake, words", [
    ("columns", "the rows do not"), ("all pairs", "without a border"),
    ("cap equality", "not an equality"), ("cap sign", "wrong sign"),
    ("cap unweighted", "the share moved counts students"), ("zero start", "x is all zeros")])
def test_solve_mistakes_are_named(mistake, words, capsys):
    s = Student(mistake)
    assert not check_solve(s.solve, s.data)
    assert words in capsys.readouterr().out


def test_solve_that_stops_early_is_worse(right, capsys):
    def lazy(p):
        return np.eye(right.N)  # feasible, but no optimisation at all
    assert not check_solve(lazy, right.data)
    assert "worse than the optimum" in capsys.readouterr().out
    assert not check_solve(lambda p: right.solve(p).ravel(), right.data)
    assert "full N × N matrix" in capsys.readouterr().out


def test_unsolved_and_broken_answers_get_hints_not_errors(right, capsys):
    def unsolved(*_):
        raise NotImplementedError()

    for check, args in ((check_objective, ()), (check_gradient, ()), (check_solve, ())):
        assert not check(unsolved, right.data, *args)
        assert "NotImplementedError" in capsys.readouterr().out
    assert not check_objective(lambda x: "small", right.data)
    assert "return a number" in capsys.readouterr().out
    assert not check_gradient(lambda x: np.full_like(x, np.nan), right.data)
    assert "NaN or infinite" in capsys.readouterr().out


def test_strict_mode_raises(right, monkeypatch):
    monkeypatch.setenv("ORVILLE_STRICT", "1")
    with pytest.raises(SelfCheckFailed, match="check_objective"):
        check_objective(Student("no 1/N").objective, right.data)


def test_hints_have_three_levels(capsys):
    for exercise in ("msd_objective", "msd_gradient", "msd_solve"):
        texts = [hint(exercise) for _ in range(3)]
        assert [t.split(" ")[1] for t in texts] == ["1/3", "2/3", "3/3"]
    capsys.readouterr()
