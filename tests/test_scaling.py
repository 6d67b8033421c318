"""Exact decimal grids for real-valued counts: the precision found, the integers, the refusals."""

import pytest

from orville_case.core.errors import DataError
from orville_case.zoning import scaling


@pytest.mark.parametrize(("values", "k"), [
    ([101, 89, 0], 0),
    ([101.0, 89.5], 1),
    ([101.1234, 0.3333, 7], 4),
    ([0.1 + 0.2], 1),  # 0.30000000000000004: binary noise, not a 17th decimal
    ([12.000001], 6),
])
def test_smallest_decimal_grid(values, k):
    counts = {f"z{i}": v for i, v in enumerate(values)}
    assert scaling.decimals(counts) == k
    ints = scaling.scaled(counts, k)
    assert all(isinstance(v, int) and v == pytest.approx(c * 10**k) for v, c in
               zip(ints.values(), values, strict=True))


def test_ranges_are_exact_integers_and_come_back_in_units():
    counts = scaling.scaled({"a": 0.1, "b": 0.2, "c": 0.3}, 1)
    spread = scaling.range_over_schools(counts, {"a": "X", "b": "X", "c": "Y"}, ("X", "Y", "Z"))
    assert spread == 3 and scaling.unscaled(spread, 1) == 0.3  # (0.1 + 0.2) − 0, exactly
    assert scaling.unscaled(7, 0) == 7 and isinstance(scaling.unscaled(7, 0), int)


def test_off_grid_values_are_refused_in_one_line():
    with pytest.raises(DataError) as info:
        scaling.decimals({"a": 1.0, "b": 1 / 3}, "minority")
    message = str(info.value)
    assert "\n" not in message and "zone 'b'" in message and "6 decimals" in message


def test_totals_beyond_exact_solver_arithmetic_are_refused():
    with pytest.raises(DataError, match="exceeds"):
        scaling.decimals({"a": 2000.123456})
    assert scaling.decimals({"a": 200.123456}) == 6  # 2.0e8 in units of 1e-6: fine


def test_integrality_tolerance_tightens_with_the_total():
    assert scaling.integrality_tolerance({"a": 645}) == scaling.HIGHS_INTEGRALITY
    assert scaling.integrality_tolerance({"a": 6_450_000}, {"b": 10}) == pytest.approx(0.1 / 6.45e6)
