"""Plan metrics against hand computations, and the violation report."""

import pytest

from orville_case.core.errors import DataError
from orville_case.zoning.data import load_district
from orville_case.zoning.plans import evaluate, read_plan, write_plan

from .conftest import SMALL_DISTANCES, SMALL_SCHOOLS, SMALL_ZONES, write_dataset


@pytest.fixture
def small(tmp_path):
    return load_district(write_dataset(tmp_path / "d", SMALL_ZONES, SMALL_SCHOOLS, SMALL_DISTANCES))


def test_metrics_by_hand(small):
    # A->X (10*1), B->Y (20*1), C->X (30*2): EWD = 10 + 20 + 60 = 90
    # ED: X = 5 + 9 = 14, Y = 2  -> Range#ED = 12; loads X = 40, Y = 20
    r = evaluate(small, {"A": "X", "B": "Y", "C": "X"})
    assert r.ewd == pytest.approx(90)
    assert r.ed == {"X": 14, "Y": 2}
    assert r.range_ed == 12
    assert r.load == {"X": 40, "Y": 20}
    assert r.feasible and r.violations == ()
    assert r.utilisation() == {"X": 1.0, "Y": 0.5}


def test_empty_school_counts_as_zero_ed(small):
    r = evaluate(small, {"A": "Y", "B": "Y", "C": "X"})
    assert r.ed == {"X": 9, "Y": 7} and r.range_ed == 2
    r = evaluate(small, {"A": "X", "B": "X", "C": "X"})
    assert r.range_ed == 16  # Y has no zone: min ED is 0
    assert any("X over capacity: 60 students for 40 seats" in v for v in r.violations)


def test_every_violation_is_listed(small):
    r = evaluate(small, {"A": "X", "B": "Z", "Q": "X"})
    text = "\n".join(r.violations)
    assert "zones without a school: C" in text
    assert "unknown zone 'Q' (fix: use one of A, B, C)" in text
    assert "unknown school 'Z' (fix: use one of X, Y)" in text
    assert not r.complete and not r.feasible and r.ewd is None and r.range_ed is None


def test_current_plan_of_orville_is_over_capacity(orville):
    plan = read_plan(__import__("orville_case.core.paths").core.paths.dataset_dir("orville")
                     / "current_plan.csv")
    r = evaluate(orville, plan)
    assert r.complete and not r.feasible
    assert sum(r.load.values()) == sum(orville.students.values())


def test_plan_csv_round_trip_and_errors(tmp_path):
    plan = {"A": "X", "B": "Y"}
    assert read_plan(write_plan(plan, tmp_path / "p.csv")) == plan
    (tmp_path / "twice.csv").write_text("zone,school\nA,X\nA,Y\n")
    with pytest.raises(DataError, match=r"twice.csv, row 3, field 'school': zone 'A' assigned"):
        read_plan(tmp_path / "twice.csv")
    (tmp_path / "cols.csv").write_text("elementary,middle\nA,X\n")
    with pytest.raises(DataError, match="row 1, field 'zone': missing column"):
        read_plan(tmp_path / "cols.csv")
    with pytest.raises(DataError, match=f"plan file not found in {tmp_path}"):
        read_plan(tmp_path / "missing.csv")
    (tmp_path / "blank.csv").write_text("school,zone\nX,\n")
    with pytest.raises(DataError, match="row 2: zone or school is empty"):
        read_plan(tmp_path / "blank.csv")
