"""The submission format written by notebook 04 (and read by the grader)."""

import json

from orville_case.ethics import submission
from orville_case.zoning.plans import evaluate, read_plan


def test_write_submission_round_trip(tmp_path, orville):
    plans = {"Min EWD": dict.fromkeys(orville.zones, "Mason"),
             "My plan / v2": dict.fromkeys(orville.zones, "Colter")}
    ws = submission.Worksheet(student="Ada L.", recommended="My plan / v2",
                              origins={"Min EWD": "optimisation"})
    ws.steps["1"] = "Rezone ORville."
    ws.tests["Min EWD"] = {"harm": "Long | rides"}
    metrics = {n: evaluate(orville, p).as_dict() for n, p in plans.items()}
    folder = submission.write_submission(tmp_path / "ada", ws, plans, metrics)
    data = json.loads((folder / "worksheet.json").read_text())
    assert data["format"] == submission.FORMAT and data["recommended"] == "My plan / v2"
    files = [a["file"] for a in data["alternatives"]]
    assert files == ["alternatives/Min_EWD.csv", "alternatives/My_plan_v2.csv"]
    assert read_plan(folder / files[1]) == plans["My plan / v2"]
    md = (folder / "worksheet.md").read_text()
    assert "## Step 7: Review steps 1-6" in md and "Rezone ORville." in md
    assert "NO: Mason over capacity" in md and "Long / rides" in md
    assert "**Recommended alternative: My plan / v2**" in md


def test_colliding_names_get_distinct_files_and_reexport_leaves_no_stale_plan(tmp_path, orville):
    plan = dict.fromkeys(orville.zones, "Mason")
    ws = submission.Worksheet(student="B")
    plans = {"Plan A": plan, "Plan_A": plan, "plan a": plan}
    assert list(submission.file_names(list(plans)).values()) == [
        "alternatives/Plan_A.csv", "alternatives/Plan_A_2.csv", "alternatives/plan_a_3.csv"]
    folder = submission.write_submission(tmp_path / "b", ws, plans, {}, data="orville")
    assert len(list((folder / "alternatives").glob("*.csv"))) == 3
    submission.write_submission(folder, ws, {"Only": plan}, {})
    assert [p.name for p in (folder / "alternatives").glob("*.csv")] == ["Only.csv"]


def test_recommendation_must_be_an_alternative(tmp_path, orville):
    import pytest

    from orville_case.core.errors import OrvilleError

    ws = submission.Worksheet(student="C", recommended="Ghost")
    with pytest.raises(OrvilleError, match="'Ghost' is not one of Real"):
        submission.write_submission(tmp_path / "c", ws, {"Real": {}}, {})
    assert not (tmp_path / "c").exists()
