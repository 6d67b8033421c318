"""Frontier engine: a published knapsack front, full enumeration (whole-number and real-valued c),
weighted sums, edge cases (no progress, magnitudes, too many decimals)."""

import json
from dataclasses import replace
from pathlib import Path

import pyomo.environ as pyo
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from orville_case.core.errors import ArgumentError, DataError, SolverError
from orville_case.zoning import tradeoffs
from orville_case.zoning.biobjective import Biobjective, Point, label_supported, nondominated
from orville_case.zoning.data import build_district
from orville_case.zoning.enumeration import enumerate_plans
from orville_case.zoning.plans import evaluate

KNAPSACK = json.loads((Path(__file__).parent / "fixtures" / "knapsack_17.json").read_text())


def _knapsack() -> Biobjective:
    n = range(len(KNAPSACK["weight"]))
    m = pyo.ConcreteModel(name="knapsack")
    m.x = pyo.Var(n, domain=pyo.Binary)
    m.cap = pyo.Constraint(expr=sum(KNAPSACK["weight"][i] * m.x[i] for i in n)
                           <= KNAPSACK["capacity"])
    # maximise both profits = minimise their negatives
    f1 = -sum(KNAPSACK["profit_1"][i] * m.x[i] for i in n)
    f2 = -sum(KNAPSACK["profit_2"][i] * m.x[i] for i in n)
    return Biobjective(m, f1, f2)


def test_knapsack_front_matches_published_complete_front():
    front = _knapsack().frontier(step=1, quiet=True)
    assert [[-round(p.f1), -round(p.f2)] for p in front] == KNAPSACK["front"]
    assert sum(p.supported for p in front) == 4


def test_knapsack_dichotomic_search_finds_exactly_the_extreme_supported_points():
    engine = _knapsack()
    extreme = engine.supported()
    front = _knapsack().frontier(quiet=True)
    assert {(p.f1, p.f2) for p in extreme} <= {(p.f1, p.f2) for p in front if p.supported}
    assert len(extreme) >= 3  # the two lexicographic optima plus at least one in between
    assert engine.stats.solves > 0 and engine.stats.highs_seconds > 0


def assert_frontier_is_enumeration(d, front):
    """Values AND count equal the enumerated nondominated set; each point's plan is feasible and
    attains the point (metrics recomputed by plans.evaluate)."""
    brute = enumerate_plans(d).nondominated()
    assert [(round(p.f1, 6), round(p.f2, 6)) for p in front] == \
        [(round(e, 6), round(r, 6)) for e, r, _ in brute]
    for p in front:
        report = evaluate(d, p.solution)
        assert report.feasible
        assert report.ewd == pytest.approx(p.f1, rel=1e-12)
        assert report.range_ed == pytest.approx(p.f2, rel=1e-12, abs=1e-9)


def test_orville_frontier_equals_enumeration(orville, orville_front):
    """The shipped data (whole-number c today, real-valued once zones.csv carries them)."""
    assert_frontier_is_enumeration(orville, orville_front)


@pytest.fixture(scope="module")
def fractional(orville):
    """ORville with c_i = b_i × ED share to 4 decimals, as the case defines c; its frontier."""
    share = {z: orville.econ_disadv[z] / orville.students[z] for z in orville.zones}
    d = replace(orville, econ_disadv={z: round(orville.students[z] * (share[z] + 0.0013), 4)
                                      for z in orville.zones})
    assert any(not float(c).is_integer() for c in d.econ_disadv.values())
    return d, tradeoffs.frontier(d, quiet=True)


def test_orville_with_unrounded_c_equals_enumeration(fractional):
    assert_frontier_is_enumeration(*fractional)


def test_payoff_table_and_weighted_sums_report_real_range_ed_in_students(fractional):
    d, front = fractional
    table = tradeoffs.payoff_table(d)
    assert (table["min EWD"].f1, table["min EWD"].f2) == (front[0].f1, front[0].f2)
    assert (table["min Range#ED"].f1, table["min Range#ED"].f2) == (front[-1].f1, front[-1].f2)
    sweep = tradeoffs.weighted_sum_sweep(d, [0.2, 0.5, 0.8], quiet=True)
    assert {(p.f1, p.f2) for _, p in sweep} <= {(p.f1, p.f2) for p in front if p.supported}


def test_progress_label_reads_range_ed_and_eps_in_students(orville, orville_front):
    """The engine counts ED students in units of 10^-k; its progress label must not show those
    (a student who just wrote ε ← Range#ED − δ would read 50542 for 5.0542)."""
    bo = tradeoffs.biobjective(orville)
    last, before = orville_front[-1], orville_front[-2]
    scaled = replace(last, f2=round(last.f2 / bo.f2_unit))
    label = bo.label(round(before.f2 / bo.f2_unit) - 1, scaled)
    assert bo.f2_unit < 1  # ORville's c_i have decimals: the test would be vacuous otherwise
    assert f"f2={last.f2:.6g}" in label and f"ε={before.f2 - bo.f2_unit:.6g}" in label, label
    assert bo.label(1e12, scaled).startswith("ε=∞ ")


def test_weighted_sum_points_are_supported_frontier_points(orville, orville_front):
    sweep = tradeoffs.weighted_sum_sweep(orville, [k / 20 for k in range(1, 20)], quiet=True)
    found = {(round(p.f1, 6), p.f2) for _, p in sweep}
    supported = {(round(p.f1, 6), p.f2) for p in orville_front if p.supported}
    assert found <= supported
    unsupported = [p for p in orville_front if not p.supported]
    assert unsupported, "the ORville data should show unsupported points"


def test_payoff_table_gives_the_frontier_ends(orville, orville_front):
    first, last = orville_front[0], orville_front[-1]
    table = tradeoffs.payoff_table(orville)
    assert (table["min EWD"].f1, table["min EWD"].f2) == (first.f1, first.f2)
    assert (table["min Range#ED"].f1, table["min Range#ED"].f2) == (last.f1, last.f2)
    ideal, nadir = tradeoffs.ideal_nadir(table)
    assert ideal == (first.f1, last.f2) and nadir == (last.f1, first.f2)


def test_infeasible_instance_gives_empty_frontier():
    m = pyo.ConcreteModel()
    m.x = pyo.Var([0, 1], domain=pyo.Binary)
    m.c = pyo.Constraint(expr=m.x[0] + m.x[1] >= 3)
    assert Biobjective(m, m.x[0], m.x[1]).frontier(quiet=True) == []


def test_nondominated_and_supported_labels_on_a_hand_example():
    pts = [Point(0, 10), Point(1, 6), Point(2, 5), Point(3, 3), Point(4, 2), Point(6, 0),
           Point(5, 5), Point(1, 6)]
    front = label_supported(nondominated(pts))
    assert [(p.f1, p.f2) for p in front] == [(0, 10), (1, 6), (2, 5), (3, 3), (4, 2), (6, 0)]
    # hull: (0,10)-(1,6)-(3,3)-(6,0); (2,5) lies above it; (4,2) lies on the edge (3,3)-(6,0)
    assert [p.supported for p in front] == [True, True, False, True, True, True]


def real_counts(b: int, decimals: int) -> st.SearchStrategy[float]:
    """A count in [0, b] with ``decimals`` decimals, or a value such as b × 0.3333 (4 decimals)."""
    on_grid = st.integers(0, b * 10**decimals).map(lambda n: n / 10**decimals)
    thirds = st.sampled_from([0.3333, 0.6667, 0.1, 0.7]).map(lambda s: round(b * s, 4))
    return st.one_of(on_grid, thirds)


@st.composite
def districts(draw, fractional: bool = False):
    n_z = draw(st.integers(3, 6))
    n_s = draw(st.integers(2, 3))
    zones = [f"z{i}" for i in range(n_z)]
    schools = [f"s{j}" for j in range(n_s)]
    b = {z: draw(st.integers(1, 60)) for z in zones}
    if fractional:
        decimals = draw(st.integers(1, 4))
        c = {z: draw(real_counts(b[z], decimals)) for z in zones}
    else:
        c = {z: draw(st.integers(0, b[z])) for z in zones}
    total = sum(b.values())
    slack = draw(st.floats(1.0, 1.6))
    u = {s: int(total * slack / n_s) + draw(st.integers(0, 20)) for s in schools}
    h = {(z, s): draw(st.integers(1, 90)) / 10 for z in zones for s in schools}
    if sum(u.values()) < total:
        u[schools[0]] += total - sum(u.values())
    return build_district(b, c, u, h, name="random")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(districts())
def test_random_small_instances_match_enumeration(d):
    brute = enumerate_plans(d).nondominated()
    if not brute:  # the zones do not pack into the schools
        with pytest.raises(SolverError, match="fits every school's capacity"):
            tradeoffs.frontier(d, quiet=True)
        return
    assert_frontier_is_enumeration(d, tradeoffs.frontier(d, quiet=True))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(districts(fractional=True))
def test_random_fractional_instances_match_enumeration(d):
    """Real-valued c (1–4 decimals, values such as b × 0.3333): no point missed, none dominated.
    (``assume``: 60 instances where some plan fits are compared; the others are redrawn.)"""
    assume(enumerate_plans(d).nondominated())
    assert_frontier_is_enumeration(d, tradeoffs.frontier(d, quiet=True))


def test_a_step_that_makes_no_progress_stops_with_an_error():
    """If the solver's answer ignores the ε bound (as with numbers beyond its precision), the
    sweep raises instead of looping for ever."""
    m = pyo.ConcreteModel(name="stuck")
    m.x = pyo.Var([0, 1], domain=pyo.Binary)
    m.one = pyo.Constraint(expr=m.x[0] + m.x[1] == 1)
    stuck = Biobjective(m, m.x[0], m.x[1], evaluate=lambda model: (0.0, 5.0, None))
    with pytest.raises(SolverError, match="made no progress"):
        stuck.frontier(quiet=True)
    with pytest.raises(ArgumentError, match="positive"):
        stuck.frontier(step=0, quiet=True)


def test_huge_distances_are_refused_in_one_line(orville):
    far = replace(orville, miles={**orville.miles, (orville.zones[0], orville.schools[0]): 1e25})
    with pytest.raises(DataError) as info:
        tradeoffs.frontier(far, quiet=True)
    assert "\n" not in str(info.value) and "distances.csv" in str(info.value)


def test_c_with_more_than_six_decimals_is_refused_in_one_line(orville):
    thirds = replace(orville, econ_disadv={z: orville.students[z] / 3 for z in orville.zones})
    with pytest.raises(DataError) as info:
        tradeoffs.frontier(thirds, quiet=True)
    message = str(info.value)
    assert "\n" not in message and "econ_disadv" in message and "6 decimals" in message


def test_wrong_weights_raise_the_same_error_everywhere(orville):
    from orville_case.zoning import models

    for call in (lambda: tradeoffs.weighted_sum_sweep(orville, [1.5], quiet=True),
                 lambda: models.weighted_sum_model(orville, 1.5, (0, 0), (1, 1))):
        with pytest.raises(ArgumentError, match="between 0 and 1"):
            call()
    with pytest.raises(ArgumentError, match="same Range#ED"):
        tradeoffs.price_of_equity(Point(1, 2), Point(3, 2))


def test_close_but_different_f1_values_are_both_kept():
    """At EWD ≈ 1.4e5 two frontier points 0.1 student-miles apart are distinct: the sweep must
    not take the second for a repeat of the first (a 1e-6 relative slack would)."""
    m = pyo.ConcreteModel()
    m.pick = pyo.Var([0, 1], domain=pyo.Binary)
    m.one = pyo.Constraint(expr=m.pick[0] + m.pick[1] == 1)
    f1 = 142_000.0 * m.pick[0] + 142_000.1 * m.pick[1]
    f2 = 2 * m.pick[0] + 1 * m.pick[1]

    def measured(model):
        chosen = 0 if pyo.value(model.pick[0]) > 0.5 else 1
        return (142_000.0, 2.0, chosen) if chosen == 0 else (142_000.1, 1.0, chosen)

    front = Biobjective(m, f1, f2, evaluate=measured).frontier(quiet=True)
    assert [(p.f1, p.f2) for p in front] == [(142_000.0, 2.0), (142_000.1, 1.0)]


class _Built(Exception):
    """Raised by the patched engine once it is built: the test needs its f2_unit only."""


@pytest.mark.parametrize("build", ["location", "three objectives"])
def test_every_exact_frontier_labels_its_progress_in_students(orville, monkeypatch, build):
    """The location and three-objective frontiers count ED in units of 10^-k like the 2-D one;
    their engines must convert the progress label back to students (f2_unit = 10^-k)."""
    from orville_case.zoning import location, scaling, triobjective

    units = []

    def record(self, *args, f2_unit=1.0, **kwargs):
        units.append(f2_unit)
        raise _Built

    monkeypatch.setattr(Biobjective, "__init__", record)
    with pytest.raises(_Built):
        if build == "location":
            ld = location.candidate_district(orville, location.load_sites())
            location.location_frontier(ld, list(location.load_sites()), quiet=True)
        else:
            triobjective.frontier3(orville, quiet=True)
    assert units == [10.0 ** -scaling.decimals(orville.econ_disadv)] and units[0] < 1
