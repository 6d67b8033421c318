"""Notebook 05 with a wrong answer fails its strict run at the self-check (not elsewhere)."""

import pytest

from .sabotage import run_sabotaged


@pytest.mark.parametrize("old, new, check", [
    # the revenue gradient with the wrong sign
    ("G_gamma = -2 * S[:, None]", "G_gamma = 2 * S[:, None]", "check_gradient"),
    # the cap on moved students as an equality
    ('{"type": "ineq", "fun": lambda v: p - (1 - stay @ v),',
     '{"type": "eq", "fun": lambda v: p - (1 - stay @ v),', "check_solve"),
])
def test_wrong_answer_fails_the_strict_run(old, new, check):
    err = run_sabotaged("05_msd_districts", [(old, new)])
    assert err is not None and "SelfCheckFailed" in str(err) and check in str(err)
