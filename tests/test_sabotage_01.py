"""Notebook 01 with a wrong answer fails its strict run at the self-check (not elsewhere)."""

from .sabotage import run_sabotaged


def test_model_without_b_i_in_the_capacity_fails_the_strict_run():
    err = run_sabotaged("01_ewd_model", [
        ("m.J, rule=lambda m, j: sum(zones.students[i] * m.x[i, j] for i in m.I)",
         "m.J, rule=lambda m, j: sum(m.x[i, j] for i in m.I)")])
    assert err is not None and "SelfCheckFailed" in str(err) and "check_ewd_model" in str(err)
