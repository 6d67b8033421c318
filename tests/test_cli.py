"""The command line: contract output, exit codes, one-line errors without tracebacks."""

import json
import subprocess
import sys

import pytest

from orville_case.cli import main
from orville_case.core.paths import dataset_dir
from orville_case.zoning.enumeration import enumerate_plans

from .conftest import SMALL_DISTANCES, SMALL_SCHOOLS, SMALL_ZONES, write_dataset


def test_frontier_json_is_the_enumerated_nondominated_set(orville):
    out = subprocess.run([sys.executable, "-m", "orville_case", "frontier", "--json"],
                         capture_output=True, text=True, check=True)
    points = json.loads(out.stdout)["points"]
    brute = enumerate_plans(orville).nondominated()
    assert [(round(p["ewd"], 6), p["range_ed"]) for p in points] == \
        [(round(e, 6), r) for e, r, _ in brute]
    for p in points:
        assert set(p["plan"]) == set(orville.zones)
        assert set(p["plan"].values()) <= set(orville.schools)


def test_frontier_table_on_another_dataset(tmp_path, capsys):
    folder = write_dataset(tmp_path / "d", SMALL_ZONES, SMALL_SCHOOLS, SMALL_DISTANCES)
    assert main(["frontier", "--data", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 nondominated points for d")


def test_evaluate_feasible_and_infeasible(tmp_path, capsys):
    folder = write_dataset(tmp_path / "d", SMALL_ZONES, SMALL_SCHOOLS, SMALL_DISTANCES)
    plan = tmp_path / "plan.csv"
    plan.write_text("zone,school\nA,X\nB,Y\nC,X\n")
    assert main(["evaluate", str(plan), "--data", str(folder), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ewd"] == 90 and report["range_ed"] == 12 and report["feasible"]
    plan.write_text("zone,school\nA,X\nB,X\nC,X\n")
    assert main(["evaluate", str(plan), "--data", str(folder)]) == 1
    captured = capsys.readouterr()
    assert "NOT feasible" in captured.out
    assert captured.err.strip() == f"error: {plan}: X over capacity: 60 students for 40 seats (+20)"


def test_evaluate_shipped_current_plan(capsys):
    assert main(["evaluate", str(dataset_dir("orville") / "current_plan.csv")]) == 1
    assert "over capacity" in capsys.readouterr().err


@pytest.mark.parametrize("args, message", [
    (["evaluate", "no-such-plan.csv"], "error: no-such-plan.csv: plan file not found"),
    (["frontier", "--data", "no-such-dir"], "error: data folder 'no-such-dir' does not exist"),
])
def test_bad_input_is_one_line_without_traceback(args, message):
    out = subprocess.run([sys.executable, "-m", "orville_case", *args],
                         capture_output=True, text=True)
    assert out.returncode == 2
    assert out.stderr.startswith(message)
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_bad_dataset_lists_each_problem(tmp_path, capsys):
    folder = write_dataset(tmp_path / "d", SMALL_ZONES.replace("B,20,2", "B,twenty,2"),
                           SMALL_SCHOOLS.replace("Y,40", "Y,-4"), SMALL_DISTANCES)
    assert main(["frontier", "--data", str(folder)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "error: zones.csv, row 3, field 'students': 'twenty' is not a whole number "
        "(fix: write a whole number ≥ 0)",
        "error: schools.csv, row 3, field 'capacity': -4 is negative (fix: values must be ≥ 0)",
    ]
