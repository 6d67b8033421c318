"""The ESTIMATED minority column: reproducible from its facts, and the Range#Minority metric."""

import csv
import runpy
import shutil

import pytest

from orville_case.core.errors import DataError
from orville_case.core.paths import dataset_dir
from orville_case.zoning.data import build_district, load_district
from orville_case.zoning.minority import (
    minority_by_school,
    minority_shares,
    range_minority,
)

ORVILLE = dataset_dir("orville")


def test_facts_minority_matches_its_derivation_script(tmp_path):
    work = tmp_path / "orville"
    shutil.copytree(ORVILLE, work)
    (work / "facts_minority.csv").unlink()
    runpy.run_path(str(work / "derive_minority.py"), run_name="__main__")
    assert (work / "facts_minority.csv").read_text() == (ORVILLE / "facts_minority.csv").read_text()


def test_every_zone_is_tagged_estimated_and_the_district_share_is_the_assumed_one():
    with open(ORVILLE / "facts_minority.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert all(r["minority_status"].startswith("ESTIMATED") for r in rows)
    d = load_district()
    assert set(d.minority) == set(d.zones)
    assert all(0 <= d.minority[z] <= d.students[z] for z in d.zones)
    share = sum(d.minority.values()) / sum(d.students.values())
    assert share == pytest.approx(0.40, abs=0.002)  # M = 0.40, up to the 3-decimal rounding


def _small():
    return build_district({"A": 10, "B": 20, "C": 30}, {"A": 1, "B": 2, "C": 3},
                          {"X": 60, "Y": 60, "Z": 60},
                          {(z, s): 1.0 for z in "ABC" for s in "XYZ"},
                          minority={"A": 2.5, "B": 10.0, "C": 4.5})


def test_range_minority_counts_empty_schools_as_zero():
    d = _small()
    plan = {"A": "X", "B": "X", "C": "Y"}
    assert minority_by_school(d, plan) == {"X": 12.5, "Y": 4.5, "Z": 0.0}
    assert range_minority(d, plan) == 12.5
    shares = minority_shares(d, plan)
    assert shares["X"] == pytest.approx(12.5 / 30) and shares["Z"] != shares["Z"]  # NaN


def test_a_district_without_the_column_says_so():
    d = build_district({"A": 1}, {"A": 0}, {"X": 1}, {("A", "X"): 1.0})
    with pytest.raises(DataError, match="minority"):
        range_minority(d, {"A": "X"})
