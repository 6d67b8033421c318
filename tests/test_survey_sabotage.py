"""The instructor survey notebook with a wrong hand computation fails at its self-check."""

from .sabotage import run_sabotaged


def test_reversed_differences_fail_the_strict_run():
    err = run_sabotaged("instructor_survey", [("d = post[both] - pre[both]",
                                               "d = pre[both] - post[both]")])
    assert err is not None and "SelfCheckFailed" in str(err) and "check_item_by_hand" in str(err)


def test_dropping_the_zeros_by_hand_fails_the_strict_run():
    err = run_sabotaged("instructor_survey", [
        ("d = post[both] - pre[both]", "d = (post[both] - pre[both]).loc[lambda x: x != 0]")])
    assert err is not None and "SelfCheckFailed" in str(err) and "check_item_by_hand" in str(err)
