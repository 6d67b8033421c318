"""``grade ... --survey FILE.csv`` attaches the survey summary to the class report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from orville_case.cli import main

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "survey" / "demo_answers_SYNTHETIC.csv"
SAMPLES = ROOT / "examples" / "sample_submissions"


def test_report_carries_the_survey_section(tmp_path, capsys):
    assert main(["grade", str(SAMPLES), "--out", str(tmp_path), "--survey", str(DEMO)]) == 0
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.count('<section id="survey">') == 1
    assert "Paired tests (as the article's Table 2)" in page
    assert page.index("class grading report") < page.index('<section id="survey">')


def test_bad_survey_stops_before_grading(tmp_path):
    bad = tmp_path / "s.csv"
    bad.write_text("student,phase,q1,q2,q3\na,pre,7,3,3\n")
    out = subprocess.run([sys.executable, "-m", "orville_case", "grade", str(SAMPLES), "--out",
                          str(tmp_path / "o"), "--survey", str(bad)], capture_output=True,
                         text=True)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.strip().endswith("field 'q1': answer 7 is not one of 1–5 (fix: write a "
                                       "whole number 1–5 (1 = strongly disagree … 5 = strongly "
                                       "agree))")
    assert not (tmp_path / "o").exists()
