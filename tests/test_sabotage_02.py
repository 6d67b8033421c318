"""Notebook 02 with a wrong answer fails its strict run at the self-check (not elsewhere)."""

from .sabotage import run_sabotaged


def test_range_model_with_ed_min_on_the_wrong_side_fails_the_strict_run():
    err = run_sabotaged("02_range_ed", [
        ("m.lower = pyo.Constraint(m.J, rule=lambda m, j: ed(m, j) >= m.ed_min)",
         "m.lower = pyo.Constraint(m.J, rule=lambda m, j: ed(m, j) <= m.ed_min)")])
    assert err is not None and "SelfCheckFailed" in str(err) and "check_range_model" in str(err)
