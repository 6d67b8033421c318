"""The single-objective builders notebooks show students."""

import pytest

from orville_case.core.errors import ArgumentError, SolverError
from orville_case.zoning import models, tradeoffs
from orville_case.zoning.plans import evaluate


def test_min_ewd_and_min_range_are_the_frontier_ends(orville, orville_front):
    best = evaluate(orville, models.solve_plan(models.min_ewd_model(orville)))
    assert best.feasible and best.ewd == pytest.approx(orville_front[0].f1)
    fair = evaluate(orville, models.solve_plan(models.min_range_model(orville)))
    assert fair.range_ed == pytest.approx(orville_front[-1].f2)  # exact grid value vs float sum


@pytest.mark.parametrize("eps", [0, 10, 20, 35, 100])
def test_epsilon_model_respects_the_true_range(orville, orville_front, eps):
    feasible = [p for p in orville_front if p.f2 <= eps]
    if not feasible:
        with pytest.raises(SolverError, match=f"Range#ED ≤ {eps}"):
            models.solve_plan(models.epsilon_model(orville, eps))
        return
    report = evaluate(orville, models.solve_plan(models.epsilon_model(orville, eps)))
    assert report.feasible and report.range_ed <= eps
    assert report.ewd == pytest.approx(min(p.f1 for p in feasible))


def test_weighted_sum_model_finds_a_supported_point(orville, orville_front):
    table = tradeoffs.payoff_table(orville)
    ideal, nadir = tradeoffs.ideal_nadir(table)
    plan = models.solve_plan(models.weighted_sum_model(orville, 0.5, ideal, nadir))
    r = evaluate(orville, plan)
    supported = [(p.f1, p.f2) for p in orville_front if p.supported]
    assert (pytest.approx(r.ewd), pytest.approx(r.range_ed)) in supported
    with pytest.raises(ArgumentError, match="between 0 and 1"):
        models.weighted_sum_model(orville, 1.5, ideal, nadir)
