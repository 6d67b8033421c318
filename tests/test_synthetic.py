"""Seeded synthetic districts: valid, reproducible, solvable; the frontier's max_points bound."""

import pytest

from orville_case.core.errors import ArgumentError
from orville_case.zoning import tradeoffs
from orville_case.zoning.biobjective import nondominated
from orville_case.zoning.enumeration import enumerate_plans
from orville_case.zoning.synthetic import synthetic_district


def test_same_seed_same_district_and_different_seed_differs():
    a, b, c = (synthetic_district(30, 4, s) for s in (7, 7, 8))
    assert a == b
    assert a.students != c.students


@pytest.mark.parametrize(("n", "m"), [(1, 1), (12, 3), (200, 6)])
def test_shape_and_data_contract(n, m):
    d = synthetic_district(n, m, seed=3)
    assert (len(d.zones), len(d.schools)) == (n, m)
    assert all(0 <= d.econ_disadv[z] <= d.students[z] for z in d.zones)
    assert sum(d.capacity.values()) >= 1.15 * sum(d.students.values())
    assert len(d.miles) == n * m and min(d.miles.values()) >= 0
    assert set(d.zone_coords) == set(d.zones) and set(d.school_coords) == set(d.schools)


def test_bad_sizes_are_rejected():
    with pytest.raises(ArgumentError, match="needs at least one of each"):
        synthetic_district(0, 3)
    with pytest.raises(ArgumentError, match="without a seat"):
        synthetic_district(5, 2, slack=0.9)


def test_max_points_gives_the_start_of_the_complete_frontier():
    d = synthetic_district(8, 3, seed=2)
    full = tradeoffs.frontier(d, quiet=True)
    assert len(full) >= 3
    start = tradeoffs.frontier(d, quiet=True, max_points=2)
    assert 1 <= len(start) <= 2
    assert [(p.f1, p.f2) for p in start] == [(p.f1, p.f2) for p in full[: len(start)]]
    assert nondominated(full) == full
    brute = enumerate_plans(d).nondominated()  # one-solve-per-point engine vs brute force
    assert [(round(p.f1, 6), p.f2) for p in full] == [(round(e, 6), r) for e, r, _ in brute]
    assert all(isinstance(p.f2, int) for p in full)  # whole-number c: integers, as before
