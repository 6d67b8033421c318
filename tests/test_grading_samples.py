"""The shipped sample submissions, the class report and the ``grade`` command."""

from __future__ import annotations

import base64
import filecmp
import json
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from orville_case.cli import main
from orville_case.ethics import grading
from orville_case.ethics import report as grading_report

SAMPLES = grading.SAMPLES
EXPECTED = {  # the README's table of samples, as flag codes
    "strong_student": set(),
    "weak_student": {"duplicates", "too-few-alternatives", "steps-missing", "tests-missing",
                     "recommended-dominated"},
    "wrong_columns": {"columns", "delimiter", "names-normalised"},
    "missing_zone": {"missing-zone", "recommended-infeasible"},
    "unreadable": {"worksheet-invalid", "worksheet-by-hand", "unreadable",
                   "too-few-alternatives"},
    "markdown_only": {"worksheet-by-hand"},
    "zipped_student": {"zip"},
    "zip_in_folder": {"zip"},
}


@pytest.fixture(scope="module")
def graded(orville, orville_front) -> grading.ClassResult:
    return grading.grade_class(SAMPLES, orville, front=orville_front, quiet=True)


def test_samples_get_the_flags_their_readme_promises(graded):
    assert {s.student: {f.code for f in s.flags} for s in graded.students} == EXPECTED
    assert graded.ignored == ["README.md"]
    readme = (SAMPLES / "README.md").read_text()
    assert all(f"`{name}" in readme for name in EXPECTED)


def test_strong_and_weak_samples(graded):
    by = {s.student: s.row() for s in graded.students}
    strong, weak = by["strong_student"], by["weak_student"]
    assert strong["n_distinct"] == 6 and strong["has_ewd_optimum"] == "yes"
    assert strong["steps_answered"] == "1,2,3,4,5,6,7" and strong["n_on_frontier"] == 5
    assert strong["recommended_on_frontier"] == "yes"
    assert weak["n_alternatives"] == 5 and weak["n_distinct"] == 4
    assert weak["has_ewd_optimum"] == "no" and weak["steps_answered"] == "1,4,6"
    assert weak["recommended_feasible"] == "yes" and weak["recommended_on_frontier"] == "no"


def test_samples_are_what_the_generator_writes(tmp_path):
    """The committed samples are in the current submission format (regenerate if this fails:
    ``python examples/make_sample_submissions.py``)."""
    script = runpy.run_path(str(SAMPLES.parent / "make_sample_submissions.py"))
    out = script["main"](tmp_path / "samples")
    committed = sorted(p.relative_to(SAMPLES) for p in SAMPLES.rglob("*") if p.is_file()
                       and p.name != "README.md")
    assert sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file()) == committed
    _, mismatch, errors = filecmp.cmpfiles(SAMPLES, out, [str(p) for p in committed],
                                           shallow=False)
    assert mismatch == [] and errors == []


def test_report_is_self_contained_with_figures_and_escaped_text(graded, tmp_path):
    evil = graded.students[0]
    evil.steps["6"] = "<script>alert('x')</script> & because"
    evil.worksheet = "json"
    text = grading_report.write_report(graded, tmp_path / "r.html").read_text()
    assert "<script>" not in text and "&lt;script&gt;" in text
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', text)
    drawable = [s for s in graded.students if any(p.report and p.report.ewd is not None
                                                  for p in s.plans)]
    assert len(images) == 2 + len(drawable)  # two class figures, one per drawable student
    assert all(base64.b64decode(i).startswith(b"\x89PNG") for i in images)
    assert "src=\"http" not in text and "<link" not in text  # nothing fetched from outside
    for s in graded.students:
        assert f'id="s-{s.student}"' in text
    assert "Needs a human look" in text and "weak_student</a>: <code>" in text


def test_grade_command(tmp_path, capsys, monkeypatch, orville_front):
    from orville_case.zoning import tradeoffs

    monkeypatch.setattr(tradeoffs, "frontier", lambda d, quiet=False: orville_front)
    out = tmp_path / "out"
    assert main(["grade", str(SAMPLES), "--out", str(out), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert Path(payload["report"]).is_file() and Path(payload["gradebook"]).is_file()
    assert {r["student"] for r in payload["students"]} == set(EXPECTED)
    assert main(["grade", str(SAMPLES), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("graded 8 submissions against 8 frontier points; 4 need a human look")
    assert f"report:    {out / 'report.html'}" in text


def test_grade_command_error_is_one_line(tmp_path):
    run = subprocess.run([sys.executable, "-m", "orville_case", "grade", str(tmp_path / "none")],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.strip() == f"error: {tmp_path / 'none'}: submissions folder not found " \
                                 "(fix: give the folder holding one sub-folder or zip per student)"
