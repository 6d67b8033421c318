"""Self-checks of notebook 06: ✓ for a right answer, a HINT naming the mistake otherwise.

Each typical mistake is written here as a student would write it, and the check must name it.
"""

import numpy as np
import pandas as pd
import pyomo.environ as pyo
import pytest

from orville_case.core.selfcheck import SelfCheckFailed
from orville_case.rehab import model as rehab
from orville_case.rehab.checks import (
    check_alpha_gainers,
    check_knapsack_dp,
    check_knapsack_model,
    check_lcff_weight,
    dp_variant,
    hint,
)


@pytest.fixture(autouse=True)
def lenient(monkeypatch):
    """Students' mode: a failing check returns False (the suite sets strict for notebooks)."""
    monkeypatch.delenv("ORVILLE_STRICT", raising=False)


def _not_done(*args):
    raise NotImplementedError()


def test_lcff_check_accepts_right_and_hints_on_wrong(capsys):
    assert check_lcff_weight(rehab.lcff_weight)
    assert "✓" in capsys.readouterr().out
    assert not check_lcff_weight(lambda p: 1 + 0.2 * p + 0.5 * (p - 0.55))  # no max(., 0)
    assert "HINT" in capsys.readouterr().out
    assert not check_lcff_weight(_not_done)
    assert "NotImplementedError" in capsys.readouterr().out


# ---------------------------------------------------------------- the DP exercise
def student_dp(values, weights, W, *, rows=1, cols=1, reuse=False, always_take=False,
               strict=False, one_based=False, keep_w=False, repeat=False):
    """A student's DP with switchable typical mistakes (all off: a right answer)."""
    n = len(values)
    V = np.zeros((n + rows, W + cols))
    for i in range(1, n + 1):
        for w in range(min(W + 1, W + cols)):
            if i >= n + rows:
                break
            V[i, w] = V[i - 1, w]
            fits = weights[i - 1] < w if strict else weights[i - 1] <= w
            if fits:
                take = V[i if reuse else i - 1, w - weights[i - 1]] + values[i - 1]
                V[i, w] = take if always_take else max(V[i, w], take)
    chosen, w = [], W
    for i in range(n, 0, -1):
        if V[i, w] != V[i - 1, w]:
            chosen.append(i if one_based else i - 1)
            if repeat:
                chosen.append(i - 1)
            if not keep_w:
                w -= weights[i - 1]
    return V, chosen


def test_reference_variant_is_the_package_dp():
    v, w = [10, 40, 30, 50], [5, 4, 6, 3]
    np.testing.assert_array_equal(dp_variant(v, w, 10), rehab.dp_table(v, w, 10))


def test_dp_check_accepts_a_right_dp(capsys):
    assert check_knapsack_dp(student_dp)
    assert "✓" in capsys.readouterr().out


@pytest.mark.parametrize(("mistake", "named"), [
    ({"rows": 0}, "off by one in the table size"),
    ({"cols": 0}, "off by one in the table size"),
    ({"reuse": True}, "taken twice"),
    ({"always_take": True}, "LEAVING item i"),
    ({"strict": True}, "weights[i-1] <= w"),
    ({"one_based": True}, "numbered from 1"),
    ({"keep_w": True}, "capacity it leaves"),
    ({"repeat": True}, "lists an item twice"),
])
def test_dp_check_names_each_typical_mistake(capsys, mistake, named):
    assert not check_knapsack_dp(lambda v, w, W: student_dp(v, w, W, **mistake))
    out = capsys.readouterr().out
    assert "HINT" in out and named in out, out
    assert "✓" not in out


def test_dp_check_rejects_a_greedy_selection_next_to_a_right_table(capsys):
    def greedy(values, weights, W):  # right table, items picked by value per weight
        order = np.argsort(-np.asarray(values) / np.asarray(weights), kind="stable")
        chosen, left = [], W
        for j in order:
            if weights[j] <= left:
                chosen.append(int(j))
                left -= weights[j]
        return student_dp(values, weights, W)[0], chosen
    assert not check_knapsack_dp(greedy)
    out = capsys.readouterr().out
    assert "best-value-per-weight first fails" in out and "back-track through V" in out, out


def test_dp_check_names_the_missing_row_zero(capsys):
    assert not check_knapsack_dp(lambda v, w, W: (student_dp(v, w, W)[0][1:], []))
    assert "rows: n + 1 (row 0 = no items yet)" in capsys.readouterr().out


def test_dp_check_unsolved_and_wrong_return(capsys):
    assert not check_knapsack_dp(_not_done)
    assert "NotImplementedError" in capsys.readouterr().out
    assert not check_knapsack_dp(lambda v, w, W: student_dp(v, w, W)[0])
    assert "return V, chosen" in capsys.readouterr().out


def test_dp_check_raises_under_strict(monkeypatch):
    monkeypatch.setenv("ORVILLE_STRICT", "1")
    with pytest.raises(SelfCheckFailed):
        check_knapsack_dp(lambda v, w, W: student_dp(v, w, W, reuse=True))


# ---------------------------------------------------------------- the MILP exercise
def student_model(items: pd.DataFrame, budget: float, *, domain=pyo.Binary, sense=pyo.maximize,
                  budget_row="<=", objective="value", constraint="cost"):
    """A student's knapsack MILP with switchable typical mistakes (defaults: right)."""
    m = pyo.ConcreteModel()
    m.x = pyo.Var(items.index, domain=domain, bounds=(0, 1))
    m.value = pyo.Objective(expr=sum(items.loc[j, objective] * m.x[j] for j in items.index),
                            sense=sense)
    spent = sum(items.loc[j, constraint] * m.x[j] for j in items.index)
    if budget_row == "<=":
        m.budget = pyo.Constraint(expr=spent <= budget)
    elif budget_row == ">=":
        m.budget = pyo.Constraint(expr=spent >= budget)
    elif budget_row == "==":
        m.budget = pyo.Constraint(expr=spent == budget)
    elif budget_row == "moved":  # same constraint written as spent - budget <= 0
        m.budget = pyo.Constraint(expr=spent - budget <= 0)
    elif budget_row == "half":
        m.budget = pyo.Constraint(expr=spent <= budget / 2)
    return m


@pytest.mark.parametrize("variant", [{}, {"budget_row": "moved"}])
def test_milp_check_accepts_right_models(capsys, variant):
    assert check_knapsack_model(lambda items, b: student_model(items, b, **variant))
    assert "✓" in capsys.readouterr().out


def test_milp_check_wants_the_variables_indexed_like_the_table(capsys):
    # The package's model numbers its variables 0..n-1: right structure, but the notebook
    # reads m.x[j] for j in the table's index (P000, ...), so it would crash there.
    def package(items, budget):
        return rehab.knapsack_model(items["value"].to_numpy(), items["cost"].to_numpy(), budget)
    assert not check_knapsack_model(package)
    assert "index m.x by the table's index" in capsys.readouterr().out

    def by_index(items, budget):  # the same formulation, indexed by the table's index
        return student_model(items, budget)
    assert check_knapsack_model(by_index)


@pytest.mark.parametrize(("mistake", "named"), [
    ({"domain": pyo.NonNegativeReals}, "continuous"),
    ({"domain": pyo.NonNegativeIntegers}, "integer but not 0-1"),
    ({"sense": pyo.minimize}, "minimised"),
    ({"budget_row": None}, "no budget constraint"),
    ({"budget_row": ">="}, "wrong sense"),
    ({"budget_row": "=="}, "equality"),
    ({"budget_row": "half"}, "right-hand side"),
    ({"objective": "cost"}, "objective adds up the costs"),
    ({"constraint": "value"}, "constraint adds up the values"),
])
def test_milp_check_names_each_typical_mistake(capsys, mistake, named):
    if mistake.get("domain") is pyo.NonNegativeIntegers:
        def fn(items, b):
            m = student_model(items, b, **mistake)
            for v in m.x.values():
                v.setub(None)
            return m
    else:
        def fn(items, b):
            return student_model(items, b, **mistake)
    assert not check_knapsack_model(fn)
    out = capsys.readouterr().out
    assert "HINT" in out and named in out, out


def test_milp_check_catches_values_paired_with_the_wrong_project(capsys):
    def shuffled(items, budget):  # right coefficients, wrong pairing of value and cost
        flipped = items.assign(value=items["value"].to_numpy()[::-1])
        return student_model(flipped, budget)
    assert not check_knapsack_model(shuffled)
    assert "its own project's value and cost" in capsys.readouterr().out


def test_milp_check_asks_for_variables_named_x(capsys):
    def named_y(items, budget):
        m = pyo.ConcreteModel()
        m.y = pyo.Var(items.index, domain=pyo.Binary)
        m.value = pyo.Objective(expr=sum(items["value"][j] * m.y[j] for j in items.index),
                                sense=pyo.maximize)
        m.budget = pyo.Constraint(expr=sum(items["cost"][j] * m.y[j] for j in items.index)
                                  <= budget)
        return m
    assert not check_knapsack_model(named_y)
    assert "call the variables m.x" in capsys.readouterr().out


def test_milp_check_unsolved_and_not_a_model(capsys):
    assert not check_knapsack_model(_not_done)
    assert "NotImplementedError" in capsys.readouterr().out
    assert not check_knapsack_model(lambda items, b: None)
    assert "ConcreteModel" in capsys.readouterr().out


# ---------------------------------------------------------------- the α exercise and hints
@pytest.mark.parametrize("answer", [set(), {"Nonexistent School"}])
def test_gainers_check_hints_without_raising(capsys, answer):
    assert not check_alpha_gainers(lambda alpha: answer)
    assert "HINT" in capsys.readouterr().out


def test_hints_come_in_levels_for_every_exercise(capsys):
    for exercise in ("lcff_weight", "knapsack_dp", "knapsack_milp", "alpha_gainers"):
        first, second, third = (hint(exercise) for _ in range(3))
        assert first != second != third and "3/3" in third
