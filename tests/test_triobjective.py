"""Three objectives (EWD, Range#ED, Range#Minority): the exact nondominated set equals brute-force
enumeration on random small instances with real-valued columns and on the ORville instance; the
CLI's --objectives option and its one-line errors."""

import json
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from orville_case.cli import main
from orville_case.core.errors import DataError
from orville_case.zoning import scaling, triobjective
from orville_case.zoning.data import load_district
from orville_case.zoning.enumeration import enumerate_plans
from orville_case.zoning.plans import evaluate

from .conftest import SMALL_DISTANCES, SMALL_SCHOOLS, SMALL_ZONES, write_dataset
from .test_frontier import districts, real_counts


def with_minority(d, seed: int = 0, decimals: int = 2):
    """``d`` with a synthetic minority column: b_i × a random share, ``decimals`` decimals (a test
    stand-in; the shipped minority data are documented in data/orville/README)."""
    rng = np.random.default_rng(seed)
    return replace(d, minority={z: round(d.students[z] * rng.uniform(0.05, 0.7), decimals)
                                for z in d.zones})


def assert_equals_enumeration(d, points):
    """Values AND count equal the enumerated nondominated set; every plan attains its point."""
    brute = enumerate_plans(d).nondominated3()
    assert [(round(p.ewd, 6), round(p.range_ed, 6), round(p.range_minority, 6))
            for p in points] == [(round(e, 6), round(r, 6), round(m, 6)) for e, r, m, _ in brute]
    minority = scaling.scaled(d.minority, scaling.decimals(d.minority))
    for p in points:
        report = evaluate(d, p.plan)
        assert report.feasible
        assert report.ewd == pytest.approx(p.ewd, rel=1e-12)
        assert report.range_ed == pytest.approx(p.range_ed, rel=1e-12, abs=1e-9)
        spread = scaling.range_over_schools(minority, p.plan, d.schools)
        assert scaling.unscaled(spread, scaling.decimals(d.minority)) == p.range_minority


@pytest.fixture(scope="module")
def orville3():
    d = with_minority(load_district(), seed=1, decimals=2)
    return d, triobjective.frontier3(d, quiet=True)


def test_orville_with_a_minority_column_equals_enumeration(orville3):
    d, points = orville3
    assert_equals_enumeration(d, points)
    assert len({p.range_minority for p in points}) > 3  # the third objective really varies


def test_the_two_objective_frontier_is_inside(orville3, orville_front):
    """Every two-objective frontier point reappears (with the least Range#Minority among its
    plans), so a third objective only adds points."""
    _, points = orville3
    pairs = {(round(p.ewd, 6), p.range_ed) for p in points}
    assert {(round(p.f1, 6), p.f2) for p in orville_front} <= pairs


@st.composite
def districts3(draw):
    d = draw(districts(fractional=True))
    decimals = draw(st.integers(0, 3))
    return replace(d, minority={z: draw(real_counts(d.students[z], decimals)) for z in d.zones})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(districts3())
def test_random_real_valued_instances_match_enumeration(d):
    assume(enumerate_plans(d).nondominated3())  # some plan fits (the 2-D tests cover the rest)
    assert_equals_enumeration(d, triobjective.frontier3(d, quiet=True))


def test_no_minority_column_is_one_clear_line(orville):
    with pytest.raises(DataError) as info:
        triobjective.frontier3(replace(orville, minority={}), quiet=True)
    assert "\n" not in str(info.value) and "minority" in str(info.value)


def test_a_partial_minority_column_is_one_clear_line(orville):
    d = replace(orville, minority={orville.zones[0]: 3.0})
    with pytest.raises(DataError) as info:
        triobjective.frontier3(d, quiet=True)
    assert "\n" not in str(info.value) and orville.zones[1] in str(info.value)


def test_minority_with_too_many_decimals_is_refused(orville):
    d = replace(orville, minority={z: orville.students[z] / 7 for z in orville.zones})
    with pytest.raises(DataError, match="minority.*6 decimals"):
        triobjective.frontier3(d, quiet=True)


# ----------------------------------------------------------------------------------- CLI


@pytest.fixture
def small_with_minority(tmp_path, monkeypatch):
    """The small test dataset, loaded with a minority column (the loader reads it from
    zones.csv; here it is added to the loaded district so the test does not depend on that)."""
    folder = write_dataset(tmp_path / "d", SMALL_ZONES, SMALL_SCHOOLS, SMALL_DISTANCES)
    from orville_case.zoning import data

    real = data.load_district
    monkeypatch.setattr(data, "load_district", lambda f=None: replace(
        real(f), minority={"A": 2.5, "B": 10.25, "C": 3.0}))
    return folder


def test_cli_three_objectives_json(small_with_minority, capsys):
    assert main(["frontier", "--data", str(small_with_minority), "--objectives",
                 "ewd,range_ed,range_minority", "--json"]) == 0
    points = json.loads(capsys.readouterr().out)["points"]
    from orville_case.zoning import data

    d = data.load_district(small_with_minority)
    brute = enumerate_plans(d).nondominated3()
    assert [(p["ewd"], p["range_ed"], p["range_minority"]) for p in points] == \
        [(e, r, m) for e, r, m, _ in brute]
    assert all(set(p) == {"ewd", "range_ed", "range_minority", "plan"} for p in points)
    assert all(set(p["plan"]) == set(d.zones) for p in points)


def test_cli_three_objectives_table(small_with_minority, capsys):
    assert main(["frontier", "--data", str(small_with_minority), "--objectives",
                 "range_minority,ewd,range_ed"]) == 0
    out = capsys.readouterr().out  # plan A, B -> Y, C -> X: minority 12.75 vs 3.0
    assert "(EWD, Range#ED, Range#Minority)" in out and "Range#Minority 9.75" in out


def test_cli_default_objectives_are_the_two_of_the_case(tmp_path, capsys):
    folder = write_dataset(tmp_path / "d", SMALL_ZONES, SMALL_SCHOOLS, SMALL_DISTANCES)
    assert main(["frontier", "--data", str(folder), "--json"]) == 0
    default = capsys.readouterr().out
    assert main(["frontier", "--data", str(folder), "--json", "--objectives", "ewd,range_ed"]) == 0
    assert capsys.readouterr().out == default
    assert all("supported" in p for p in json.loads(default)["points"])


@pytest.mark.parametrize(("objectives", "message"), [
    ("ewd,distance", "unknown objective 'distance'"),
    ("ewd,range_ed,ewd", "'ewd' is named twice"),
    ("range_ed,range_minority", "leaves out ewd"),
    ("ewd", "not a supported set"),
    ("ewd,range_ed,range_minority", "no minority column"),
])
def test_cli_bad_objectives_one_line_exit_2(tmp_path, capsys, objectives, message):
    folder = write_dataset(tmp_path / "d", SMALL_ZONES, SMALL_SCHOOLS, SMALL_DISTANCES)
    assert main(["frontier", "--data", str(folder), "--objectives", objectives]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
