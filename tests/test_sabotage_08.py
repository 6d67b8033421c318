"""Notebook 08 with a wrong answer fails its strict run at the right self-check."""

from .sabotage import run_sabotaged


def test_range_without_big_m_fails_check_location_model():
    err = run_sabotaged("08_new_school_location", [
        ("m.ed_min <= ed[j] + big * (1 - m.y[j])", "m.ed_min <= ed[j]")])
    assert err is not None and "SelfCheckFailed" in str(err)
    assert "check_location_model" in str(err)


def test_site_excluded_instead_of_forced_fails_check_site_ewd():
    err = run_sabotaged("08_new_school_location", [("m.y[site].fix(1)", "m.y[site].fix(0)")])
    assert err is not None and "SelfCheckFailed" in str(err)
    assert "check_site_ewd" in str(err)


def test_continuous_y_fails_check_location_model():
    err = run_sabotaged("08_new_school_location", [
        ("m.y = pyo.Var(m.J, domain=pyo.Binary)", "m.y = pyo.Var(m.J, domain=pyo.UnitInterval)")])
    assert err is not None and "SelfCheckFailed" in str(err)
    assert "check_location_model" in str(err)
