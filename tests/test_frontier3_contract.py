"""frontier3 (whatever method computes it) equals a plain brute force over all plans."""

import itertools

import pytest

from orville_case.zoning.minority import range_minority
from orville_case.zoning.plans import evaluate
from orville_case.zoning.triobjective import frontier3
from orville_case.zoning.triobjective_checks import random_district


def _brute(d):
    points = set()
    for combo in itertools.product(d.schools, repeat=len(d.zones)):
        plan = dict(zip(d.zones, combo, strict=True))
        r = evaluate(d, plan)
        if r.feasible:
            points.add((round(r.ewd, 6), round(r.range_ed, 6), round(range_minority(d, plan), 6)))
    return sorted(p for p in points
                  if not any(q != p and all(a <= b for a, b in zip(q, p, strict=True))
                             for q in points))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_frontier3_equals_brute_force_with_one_plan_each(seed):
    d = random_district(seed, 6)
    front = frontier3(d)
    got = sorted((round(p.ewd, 6), round(p.range_ed, 6), round(p.range_minority, 6))
                 for p in front)
    assert got == _brute(d)
    for p in front:
        r = evaluate(d, p.plan)
        assert r.feasible and r.ewd == pytest.approx(p.ewd)
        assert range_minority(d, p.plan) == pytest.approx(p.range_minority)
