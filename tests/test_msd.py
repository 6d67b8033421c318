"""The MSD model: hand-computed values, analytic gradients, constraints, solvers, sweeps."""

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orville_case.core.errors import DataError, OrvilleError, SolverError
from orville_case.msd import model as msd
from orville_case.msd.data import MSDData, load_msd, synthetic


def two_districts() -> MSDData:
    """A: 100 students (all group 1), 10 teachers, $1,000; B: 300 (all group 2), 10, $3,000."""
    race = pd.DataFrame([[1.0, 0.0], [0.0, 1.0]], columns=["g1", "g2"], index=["A", "B"])
    return MSDData(name="two", districts=("A", "B"), students=np.array([100.0, 300.0]),
                   teachers=np.array([10.0, 10.0]), revenue=np.array([1000.0, 3000.0]),
                   race=race, adjacency=np.array([[False, True], [True, False]]))


def test_hand_computed_two_districts():
    model = msd.MSDModel(two_districts(), normalisation="none")
    raw = model.raw(np.eye(2))
    # μ = (0.25, 0.75); A: (0.75² + 0.75²), B: (0.25² + 0.25²)
    assert np.allclose(raw["race"], [1.125, 0.125])
    assert np.allclose(raw["ratio"], [(10 - 20) ** 2, (30 - 20) ** 2])  # μ_β = 400/20
    assert np.allclose(raw["revenue"], [0, 0])  # γ = 10 = μ_γ in both
    x = np.array([[0.5, 0.5], [0.0, 1.0]])  # A sends 50 students to B
    assert np.allclose(model.raw(x)["ratio"], [(5 - 20) ** 2, (35 - 20) ** 2])
    assert np.isclose(model.raw(x)["race"][1], 2 * (50 / 350 - 0.25) ** 2)
    assert np.isclose(model.moved(x), 50 / 400)
    assert np.isclose(model.objective(x), sum(f.sum() for f in model.raw(x).values()) / 2)


def test_range_normalisation_maps_status_quo_to_0_1():
    model = msd.MSDModel(load_msd())
    for part in model.parts(np.eye(model.N)).values():
        assert np.isclose(part.min(), 0) and np.isclose(part.max(), 1)


@pytest.mark.parametrize("formulation", ["pairs", "dense"])
@pytest.mark.parametrize("normalisation", msd.NORMALISATIONS)
def test_gradient_matches_finite_differences(formulation, normalisation):
    model = msd.MSDModel(load_msd(), normalisation=normalisation, formulation=formulation)
    rng = np.random.default_rng(0)
    for _ in range(2):
        v = model.reduce(msd.random_start(model, 0.8, rng))
        _, g = model.fun(v)
        fd = msd.finite_difference(lambda w: model.fun(w)[0], v, h=1e-7)
        assert np.allclose(g, fd, rtol=1e-5, atol=1e-7 * np.abs(fd).max())


@settings(max_examples=15, deadline=None)
@given(n=st.integers(2, 8), seed=st.integers(0, 10_000), p=st.floats(0.05, 1.0))
def test_gradient_property_on_random_instances(n, seed, p):
    model = msd.MSDModel(synthetic(n, seed))
    v = model.reduce(msd.random_start(model, p, np.random.default_rng(seed)))
    _, g = model.fun(v)
    fd = msd.finite_difference(lambda w: model.fun(w)[0], v, h=1e-7)
    assert np.allclose(g, fd, rtol=1e-4, atol=1e-6 * max(np.abs(fd).max(), 1e-9))


def test_random_starts_are_feasible():
    model = msd.MSDModel(load_msd())
    rng = np.random.default_rng(1)
    for p in (0.0, 0.1, 0.7):
        assert model.violations(msd.random_start(model, p, rng), p) == []


def test_violations_are_reported():
    model = msd.MSDModel(load_msd())
    x = np.eye(model.N)
    o, p = model.data.districts.index("Oakland Unified"), model.data.districts.index(
        "Piedmont City Unified")
    x[o, o], x[o, p] = 0.5, 0.5
    assert model.violations(x, 1.0) == []
    problems = model.violations(x, 0.05)
    assert len(problems) == 1 and "moved > p = 0.05" in problems[0]
    x[0, 5] = 0.2  # Alameda -> Emery: no border; row no longer sums to 1
    text = " | ".join(model.violations(x, 1.0))
    assert "Alameda Unified -> Emery Unified" in text and "> b_ij = 0" in text
    assert "row Alameda Unified sums to 1.2" in text
    x[1, 1] = -0.1
    assert any("< 0" in v for v in model.violations(x, 1.0))


@pytest.mark.parametrize("p", [0.0, 0.05, 0.3, 1.0])
def test_slsqp_solution_satisfies_every_constraint(p):
    model = msd.MSDModel(load_msd())
    s = msd.solve(model, p)
    assert s.converged, s.message
    assert model.violations(s.x, p, tol=1e-7) == []
    assert s.objective <= model.objective(np.eye(model.N)) + 1e-12
    assert s.history["objective"].iloc[0] == pytest.approx(model.objective(np.eye(model.N)))
    assert s.history["objective"].iloc[-1] == pytest.approx(s.objective, abs=1e-9)
    assert s.history["race"].iloc[0] == pytest.approx(1.0)


def test_p_zero_is_the_status_quo():
    model = msd.MSDModel(load_msd())
    assert np.allclose(msd.solve(model, 0.0).x, np.eye(model.N), atol=1e-9)


def test_dense_formulation_reaches_the_same_optimum():
    data = synthetic(6, seed=4)
    pairs, dense = msd.MSDModel(data), msd.MSDModel(data, formulation="dense")
    a, b = msd.solve(pairs, 0.4), msd.solve(dense, 0.4)
    c = msd.solve(pairs, 0.4, scaled=False)
    assert a.converged and b.converged and c.converged
    assert c.objective == pytest.approx(a.objective, abs=1e-7)
    assert dense.violations(b.x, 0.4, tol=1e-7) == []
    assert a.objective == pytest.approx(b.objective, abs=1e-7)


def test_optimum_is_monotone_in_p():
    model = msd.MSDModel(load_msd())
    table, solutions = msd.sweep(model, np.linspace(0, 1, 6), quiet=True)
    assert table["converged"].all()
    assert (np.diff(table["objective"]) <= 1e-9).all()
    assert (table["moved"] <= table["p"] + 1e-7).all()
    for s in solutions:
        assert model.violations(s.x, s.p, tol=1e-7) == []
    assert table.loc[0, "race"] == pytest.approx(1.0)


def test_multistart_and_trust_constr_agree_with_slsqp():
    model = msd.MSDModel(synthetic(5, seed=2))
    runs = msd.multistart(model, 0.5, starts=3, seed=1, quiet=True)
    assert [r.start for r in runs] == ["status quo", "random 1", "random 2", "random 3"]
    best = min(r.objective for r in runs)
    for r in runs:
        assert model.violations(r.x, 0.5, tol=1e-7) == []
    tc = msd.solve(model, 0.5, method="trust-constr", maxiter=3000)
    assert model.violations(tc.x, 0.5, tol=1e-6) == []
    assert tc.objective == pytest.approx(best, abs=1e-4)


def test_reductions_and_moves():
    model = msd.MSDModel(two_districts())
    s = msd.solve(model, 1.0)
    r = msd.reductions(model, s.x)
    assert r["max_before"] == pytest.approx(1.125)
    assert 0 < r["max_reduction"] <= 1 and 0 < r["mean_reduction"] <= 1
    moves = msd.moves_table(model, s.x).set_index("from")
    assert list(moves.columns) == ["to", "share", "students"] and len(moves) >= 1
    size = {"A": 100, "B": 300}
    for origin, row in moves.iterrows():
        assert row["students"] == pytest.approx(row["share"] * size[origin])


def test_bad_arguments():
    data = two_districts()
    with pytest.raises(OrvilleError, match="normalisation must be one of"):
        msd.MSDModel(data, normalisation="zscore")
    with pytest.raises(OrvilleError, match="p must be between 0 and 1"):
        msd.solve(msd.MSDModel(data), 1.5)
    with pytest.raises(OrvilleError, match="method must be"):
        msd.solve(msd.MSDModel(data), 0.5, method="Nelder-Mead")
    with pytest.raises(OrvilleError, match="Term kind"):
        msd.Term("x", "ratio", np.ones(2))


def test_ipopt_reaches_slsqps_optimum_on_every_normalisation():
    data = load_msd()
    for normalisation in msd.NORMALISATIONS:
        model = msd.MSDModel(data, normalisation=normalisation)
        for p in (0.1, 1.0):
            a, b = msd.solve(model, p), msd.solve(model, p, method="ipopt")
            assert b.converged and b.method == "ipopt", b.message
            assert model.violations(b.x, p, tol=1e-7) == []
            assert b.objective == pytest.approx(a.objective, rel=1e-6)


def test_ipopt_on_a_larger_synthetic_instance_matches_slsqp():
    model = msd.MSDModel(synthetic(30, seed=3))
    a, b = msd.solve(model, 0.5), msd.solve(model, 0.5, method="ipopt")
    assert a.converged and b.converged
    assert b.objective == pytest.approx(a.objective, rel=1e-6)
    assert list(b.history["iteration"]) == [0, b.iterations]


@settings(max_examples=10, deadline=None)
@given(n=st.integers(2, 9), seed=st.integers(0, 10_000))
def test_symbolic_objective_equals_the_numpy_objective(n, seed):
    import casadi

    model = msd.MSDModel(synthetic(n, seed))
    rows, cols = np.nonzero(model.b)
    v = casadi.SX.sym("v", len(rows))
    F = casadi.Function("F", [v], [msd.symbolic_objective(model, v, rows, cols)])
    x = msd.random_start(model, 0.7, np.random.default_rng(seed))
    assert float(F(x[rows, cols])) == pytest.approx(model.objective(x), rel=1e-12)


def test_unknown_method_is_one_line():
    with pytest.raises(OrvilleError, match="method must be one of SLSQP, trust-constr, ipopt"):
        msd.solve(msd.MSDModel(load_msd()), 0.5, method="newton")


def _with(data: MSDData, **changes) -> MSDData:
    return dataclasses.replace(data, **changes)


def test_unsolvable_datasets_are_one_line_errors():
    d = load_msd()
    one = _with(d, districts=d.districts[:1], students=d.students[:1], teachers=d.teachers[:1],
                revenue=d.revenue[:1], race=d.race.iloc[:1], adjacency=d.adjacency[:1, :1])
    with pytest.raises(DataError, match="only 1 district: there is nowhere to move"):
        msd.MSDModel(one)
    with pytest.raises(DataError, match="no two districts share a border"):
        msd.MSDModel(_with(d, adjacency=np.zeros_like(d.adjacency)))
    revenue = d.revenue.copy()
    revenue[0] = 1e300
    with pytest.raises(DataError, match="term 'revenue' is not a finite number") as err:
        msd.MSDModel(_with(d, revenue=revenue))
    assert "\n" not in str(err.value)


def test_a_non_finite_result_is_a_solver_error(monkeypatch):
    model = msd.MSDModel(load_msd())
    monkeypatch.setattr(model, "objective", lambda x: float("nan"))
    for method in ("SLSQP", "ipopt"):
        with pytest.raises(SolverError, match="returned a non-finite result"):
            msd.solve(model, 0.5, method=method)


def test_ipopt_without_casadi_is_a_one_line_error(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "casadi", None)  # import casadi → ImportError
    with pytest.raises(SolverError, match="method 'ipopt' needs the CasADi package"):
        msd.solve(msd.MSDModel(load_msd()), 0.5, method="ipopt")


def test_multistart_plot_prints_f_itself_not_an_offset():
    from types import SimpleNamespace

    import matplotlib
    matplotlib.use("Agg")
    from orville_case.msd.plots import plot_multistart
    runs = [SimpleNamespace(objective=0.1163373 + d, start=s, method="SLSQP")
            for d, s in ((0.0, "status quo"), (2e-9, "random 1"), (5e-9, "random 2"))]
    ax = plot_multistart(runs)
    ax.figure.canvas.draw()
    assert ax.yaxis.get_offset_text().get_text() == ""
    assert any(t.get_text().startswith("0.11633") for t in ax.get_yticklabels())
