"""Notebook 01 with a wrong answer fails its strict run at the self-check (not elsewhere)."""

from .sabotage import run_sabotaged


def test_wrong_ewd_fails_the_strict_run():
    err = run_sabotaged("01_ewd_model", [
        ("return sum(d.students[z] * d.miles[z, plan[z]] for z in d.zones)",
         "return 0.5 * sum(d.students[z] * d.miles[z, plan[z]] for z in d.zones)")])
    assert err is not None and "SelfCheckFailed" in str(err) and "check_ewd" in str(err)
