"""Notebook 04 with a wrong answer fails its strict run at the self-check (not elsewhere)."""

from .sabotage import run_sabotaged


def test_wrong_price_of_equity_fails_the_strict_run():
    err = run_sabotaged("04_ethics_worksheet", [
        ("return (ewd_b - ewd_a) / (range_a - range_b)",
         "return (ewd_b - ewd_a) / (range_a + range_b)")])
    assert err is not None and "SelfCheckFailed" in str(err)
    assert "check_price_of_equity" in str(err)


def test_ed_shares_over_capacity_fail_the_strict_run():
    err = run_sabotaged("04_ethics_worksheet", [
        ("return {s: r.ed[s] / r.load[s] if r.load[s] else 0.0 for s in district.schools}",
         "return {s: r.ed[s] / district.capacity[s] for s in district.schools}")])
    assert err is not None and "SelfCheckFailed" in str(err) and "check_ed_shares" in str(err)
