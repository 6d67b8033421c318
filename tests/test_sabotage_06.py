"""Notebook 06 with a wrong answer fails its strict run at that exercise's self-check."""

import pytest

from .sabotage import run_sabotaged


@pytest.mark.parametrize(("old", "new", "check"), [
    ("max(share - 0.55, 0.0)", "(share - 0.55)", "check_lcff_weight"),
    # the DP takes an item twice: row i instead of row i - 1
    ("V[i - 1, w - weights[i - 1]] + values[i - 1]", "V[i, w - weights[i - 1]] + values[i - 1]",
     "check_knapsack_dp"),
    # the MILP relaxed: continuous x
    ("domain=pyo.Binary", "domain=pyo.NonNegativeReals, bounds=(0, 1)", "check_knapsack_model"),
    # the MILP's budget constraint with the wrong sense
    ("<= budget)", ">= budget)", "check_knapsack_model"),
    # the gainers compared the wrong way round
    ("after > before", "after < before", "check_alpha_gainers"),
])
def test_wrong_answer_fails_the_strict_run(old, new, check):
    err = run_sabotaged("06_rehab_budget", [(old, new)])
    assert err is not None and "SelfCheckFailed" in str(err) and check in str(err)
