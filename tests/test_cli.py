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


def _one_line(out: subprocess.CompletedProcess, starts: str) -> None:
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith(starts), out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
    assert "(fix: " in out.stderr


@pytest.mark.parametrize(("args", "starts"), [
    (["rehab", "--budget", "nan"], "error: argument --budget: 'nan' is not an amount in dollars"),
    (["rehab", "--budget", "inf"], "error: argument --budget: 'inf' is not an amount"),
    (["rehab", "--budget", "-1"], "error: argument --budget: -1 is negative"),
    (["rehab", "--budget", "1e308"], "error: argument --budget: 1e308 is too large"),
    (["msd", "--p", "nan"], "error: argument --p: 'nan' is not a share between 0 and 1"),
    (["msd", "--p", "-0.1"], "error: argument --p: -0.1 is negative"),
    (["frontier", "--colour"], "error: unrecognized arguments: --colour (fix: see"),
    (["evaluate"], "error: the following arguments are required: PLAN.csv"),
    (["rehab", "--method", "exact"], "error: argument --method: invalid choice: 'exact'"),
])
def test_bad_options_are_one_line_with_the_fix(args, starts):
    _one_line(subprocess.run([sys.executable, "-m", "orville_case", *args],
                             capture_output=True, text=True), starts)


def test_a_folder_where_a_file_should_be_and_back(tmp_path, capsys):
    folder = write_dataset(tmp_path / "d", SMALL_ZONES, SMALL_SCHOOLS, SMALL_DISTANCES)
    assert main(["evaluate", str(folder), "--data", str(folder)]) == 2
    assert capsys.readouterr().err == f"error: {folder}: is a folder, not a plan file (fix: give " \
                                      "the path of the CSV file itself)\n"
    assert main(["frontier", "--data", str(folder / "zones.csv")]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    (folder / "zones.csv").write_text("")
    assert main(["frontier", "--data", str(folder)]) == 2
    assert capsys.readouterr().err.startswith("error: zones.csv: file is empty")
    assert main(["grade", str(folder), "--out", str(folder / "schools.csv")]) == 2
    assert "--out" in capsys.readouterr().err


def test_relative_plan_path_names_the_folder_it_was_read_from(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["evaluate", "plan.csv"]) == 2
    assert capsys.readouterr().err.startswith(
        f"error: plan.csv: plan file not found in {tmp_path.resolve()} (fix:")


def test_each_command_loads_only_its_own_data(tmp_path, monkeypatch, capsys):
    """A broken rehab dataset breaks `rehab` (one line), not `frontier` or the parser."""
    import shutil

    root = tmp_path / "data"
    shutil.copytree(dataset_dir("orville").parent, root)
    (root / "rehab_lbusd" / "published_results.csv").write_text("garbage\n")
    monkeypatch.setenv("ORVILLE_DATA_ROOT", str(root))
    folder = write_dataset(tmp_path / "d", SMALL_ZONES, SMALL_SCHOOLS, SMALL_DISTANCES)
    assert main(["frontier", "--data", str(folder)]) == 0
    assert main(["rehab", "--help"]) == 0
    capsys.readouterr()
    assert main(["rehab"]) == 2
    assert capsys.readouterr().err.startswith(
        "error: published_results.csv, row 1, field 'quantity': missing column")


def test_unreadable_data_file(tmp_path, monkeypatch, capsys):
    from pathlib import Path

    folder = write_dataset(tmp_path / "d", SMALL_ZONES, SMALL_SCHOOLS, SMALL_DISTANCES)
    read = Path.read_bytes

    def denied(self):
        if self.name == "schools.csv":
            raise PermissionError(13, "Permission denied")
        return read(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    assert main(["frontier", "--data", str(folder)]) == 2
    assert capsys.readouterr().err == ("error: schools.csv: cannot be read: permission denied "
                                       "(fix: make the file readable (chmod u+r) or copy it "
                                       "somewhere readable)\n")


def test_many_problems_are_capped(tmp_path, capsys):
    rows = "\n".join(f"A,X{k},far" for k in range(50))
    folder = write_dataset(tmp_path / "d", SMALL_ZONES, SMALL_SCHOOLS,
                           SMALL_DISTANCES + "\n" + rows)
    assert main(["frontier", "--data", str(folder)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 21 and err[-1].startswith("error: … and ") and "more problems" in err[-1]
