"""Notebook 03 with a wrong answer fails its strict run at the self-check (not elsewhere)."""

from .sabotage import run_sabotaged


def test_epsilon_loop_with_a_step_of_one_fails_the_strict_run():
    err = run_sabotaged("03_two_objectives", [
        ("m.eps.set_value(report.range_ed - delta)", "m.eps.set_value(report.range_ed - 1)")])
    assert err is not None and "SelfCheckFailed" in str(err)
    assert "check_epsilon_frontier" in str(err)


def test_epsilon_loop_that_keeps_weakly_efficient_points_fails_the_strict_run():
    err = run_sabotaged("03_two_objectives", [("found.pop()  #", "pass  #")])
    assert err is not None and "SelfCheckFailed" in str(err)
    assert "weakly efficient" in str(err)
