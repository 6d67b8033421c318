"""Notebook 07 with a wrong answer fails its strict run at the right self-check."""

from .sabotage import run_sabotaged


def test_range_of_ed_instead_of_minority_fails_check_range_minority():
    err = run_sabotaged("07_three_objectives", [
        ("counts[plan[zone]] += district.minority[zone]",
         "counts[plan[zone]] += district.econ_disadv[zone]")])
    assert err is not None and "SelfCheckFailed" in str(err)
    assert "check_range_minority" in str(err)


def test_missing_lower_row_fails_check_three_epsilon():
    err = run_sabotaged("07_three_objectives", [
        ("m.min_lo = pyo.Constraint(m.J, rule=lambda m, j: m.minority[j] >= m.mmin)", "")])
    assert err is not None and "SelfCheckFailed" in str(err)
    assert "check_three_epsilon" in str(err)


def test_bound_on_the_wrong_side_fails_check_three_epsilon():
    err = run_sabotaged("07_three_objectives", [
        ("m.mmax - m.mmin <= eps_minority", "m.mmax - m.mmin >= eps_minority")])
    assert err is not None and "SelfCheckFailed" in str(err)
    assert "check_three_epsilon" in str(err)
