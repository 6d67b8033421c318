"""The slab-parallel frontier equals the plain sweep; Ctrl-C keeps the points found so far."""

import pytest

from orville_case.cli import main
from orville_case.core.errors import ArgumentError
from orville_case.zoning import tradeoffs
from orville_case.zoning.biobjective import Biobjective, FrontierInterrupted, slab_bounds
from orville_case.zoning.synthetic import synthetic_district


def _key(points):
    return [(p.f1, p.f2, p.supported) for p in points]


@pytest.mark.parametrize(("zones", "schools", "seed"), [(12, 3, 1), (14, 3, 2), (10, 4, 3)])
def test_parallel_slabs_equal_the_plain_sweep(zones, schools, seed):
    d = synthetic_district(zones, schools, seed)
    plain = tradeoffs.frontier(d, quiet=True, workers=1)
    assert len(plain) > 5  # a real frontier, not a trivial one
    assert _key(tradeoffs.frontier(d, quiet=True, workers=2)) == _key(plain)


def test_slab_bounds_cover_the_range_on_the_grid_finer_at_the_bottom():
    bounds = slab_bounds(300, -1, 12)
    assert bounds[0] == 300 and bounds[-1] == -1
    assert all(a > b for a, b in zip(bounds, bounds[1:], strict=False))
    assert all(float(b).is_integer() for b in bounds)
    widths = [a - b for a, b in zip(bounds, bounds[1:], strict=False)]
    assert widths[-1] < widths[0]


def test_workers_must_be_positive():
    with pytest.raises(ArgumentError, match="workers"):
        tradeoffs.frontier(synthetic_district(5, 2, 1), quiet=True, workers=0)


def test_interrupted_sweep_keeps_the_points_found(monkeypatch):
    d = synthetic_district(12, 3, 1)
    full = {(p.f1, p.f2) for p in tradeoffs.frontier(d, quiet=True, workers=1)}
    solve, calls = Biobjective._solve, []

    def interrupted_at_the_sixth(self, objective):
        calls.append(objective)
        if len(calls) == 6:
            raise KeyboardInterrupt
        return solve(self, objective)

    monkeypatch.setattr(Biobjective, "_solve", interrupted_at_the_sixth)
    with pytest.raises(FrontierInterrupted, match="5 points found so far") as stop:
        tradeoffs.frontier(d, quiet=True, workers=1)
    found = {(p.f1, p.f2) for p in stop.value.points}
    # the last point found may be weakly dominated by one not reached; the others are exact
    assert len(found - full) <= 1 and len(found & full) >= 4


def test_cli_prints_the_points_found_and_exits_130(monkeypatch, capsys, orville_front):
    def interrupted(d, quiet):
        raise FrontierInterrupted(orville_front[:3])

    monkeypatch.setattr(tradeoffs, "frontier", interrupted)
    assert main(["frontier"]) == 130
    captured = capsys.readouterr()
    assert captured.out.startswith("3 nondominated points")
    assert "frontier interrupted" in captured.err and len(captured.err.splitlines()) == 1
