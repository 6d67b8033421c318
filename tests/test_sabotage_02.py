"""Notebook 02 with a wrong answer fails its strict run at the self-check (not elsewhere)."""

from .sabotage import run_sabotaged


def test_range_model_with_ed_min_on_the_wrong_side_fails_the_strict_run():
    err = run_sabotaged("02_range_ed", [
        ("m.lower = pyo.Constraint(m.J, rule=lambda m, j: ed(m, j) >= m.ed_min)",
         "m.lower = pyo.Constraint(m.J, rule=lambda m, j: ed(m, j) <= m.ed_min)")])
    assert err is not None and "SelfCheckFailed" in str(err) and "check_range_model" in str(err)


def test_explorer_left_at_the_start_plan_fails_the_strict_run():
    """The widened target of exercise 2 still rejects the min-EWD plan the explorer starts from."""
    err = run_sabotaged("02_range_ed", [
        ("    ex.set_school(zone, school)", "    pass")])
    assert err is not None and "SelfCheckFailed" in str(err) and "check_plan_target" in str(err)
