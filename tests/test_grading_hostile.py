"""A class holding every hostile hand-in of issue 16, graded through the real command line.

The corpus is generated at test time (a few MB on disk; the nested-zip bomb unpacks to far more
than the budget). Acceptance: exit 0, ``report.html`` written, each hostile case flagged with its
own reason, temporary files within the documented per-submission budget, no content from
outside a submission and no formula cell in the CSVs.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from orville_case.ethics import grading

from .test_grading import MUTATIONS, edit_json, submit, zip_dir

ROOT = Path(__file__).resolve().parent.parent
SECRET = "SECRET-OUTSIDE-THE-SUBMISSION"
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _outside(tmp: Path, d, front) -> Path:
    """A complete submission OUTSIDE the class folder, whose text holds :data:`SECRET`."""
    folder = submit(tmp / "outside" / "victim", d, front)
    edit_json(folder, student=SECRET, steps={k: SECRET for k in "1234567"})
    (folder / "worksheet.md").write_text(f"# {SECRET}\n")
    return folder


def build_class(cls: Path, tmp: Path, d, front) -> dict[str, str]:
    """The hostile class; returns {student name as graded: flag code it must carry}."""
    cls.mkdir()
    expect: dict[str, str] = {}
    submit(cls / "alice", d, front)
    outside = _outside(tmp, d, front)
    work = tmp / "work"
    work.mkdir()
    for code, mutate in MUTATIONS.items():
        if code in ("grader-error", "zip"):  # a simulated bug; a plain zip is no attack
            continue
        victim = submit(work / f"v-{code}", d, front)
        entry = mutate(victim, d, front, work)
        target = cls / entry.name
        entry.rename(target)
        expect[grading.shown(target.stem if target.is_file() else target.name)] = code
    # symlinks: a worksheet.json, a worksheet.md, a whole folder, a link inside a zip
    s = submit(cls / "link-sheet", d, front)
    (s / "worksheet.json").unlink()
    (s / "worksheet.json").symlink_to(outside / "worksheet.json")
    (s / "worksheet.md").unlink()
    (s / "worksheet.md").symlink_to(outside / "worksheet.md")
    expect["link-sheet"] = "symlink"
    (cls / "link-folder").symlink_to(outside, target_is_directory=True)
    expect["link-folder"] = "symlink"
    s = submit(work / "zl", d, front)
    archive = zip_dir(s, cls / "link-in-zip.zip")
    with zipfile.ZipFile(archive, "a") as zf:
        info = zipfile.ZipInfo("alternatives/Point_9.csv")
        info.external_attr = 0o120777 << 16
        zf.writestr(info, str(outside / "alternatives" / "Point_1.csv"))
    expect["link-in-zip"] = "symlink"
    # the 20-zip bomb of the issue: a small zip of zips, each unpacking to 8 MB of zeros
    inner = work / "zeros.zip"
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.bin", bytes(8_000_000))
    with zipfile.ZipFile(cls / "bomb20.zip", "w") as zf:
        for k in range(20):
            zf.write(inner, f"part{k:02}.zip")
    expect["bomb20"] = "too-large"
    # text a spreadsheet would run, a mathtext folder name
    s = submit(cls / "=HYPERLINK(\"http:evil\",\"x\")", d, front,
               extra={"=1+1": dict(front[6].solution)}, recommended=5)
    edit_json(s, student="@SUM(A1:A9)")
    s = submit(cls / "$\\frac{x$", d, front)
    (s / "alternatives" / "Point_1.csv").rename(s / "alternatives" / "$x^2$.csv")
    return expect


@pytest.fixture(scope="module")
def graded(tmp_path_factory, orville, orville_front):
    tmp = tmp_path_factory.mktemp("hostile")
    cls = tmp / "class"
    expect = build_class(cls, tmp, orville, orville_front)
    scratch = tmp / "tmpdir"
    scratch.mkdir()
    peak, done = [0], threading.Event()

    def watch():  # the largest amount of temporary data seen during the run
        while not done.is_set():
            size = 0
            for folder, _, names in os.walk(scratch):
                for n in names:
                    with contextlib.suppress(OSError):
                        size += os.lstat(os.path.join(folder, n)).st_size
            peak[0] = max(peak[0], size)
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(scratch)}
    try:
        run = subprocess.run([sys.executable, "-m", "orville_case", "grade", str(cls),
                              "--out", str(tmp / "out"), "--json"], env=env, cwd=tmp,
                             capture_output=True, timeout=600)
    finally:
        done.set()
        watcher.join()
    return run, tmp / "out", expect, peak[0], tmp


def test_the_class_is_graded_and_the_report_written(graded):
    run, out, expect, _, _ = graded
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    assert (out / "report.html").stat().st_size > 10_000
    with open(out / "gradebook.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(expect) + 3  # + alice, the formula student, the mathtext one


def test_each_hostile_case_has_its_own_flag(graded):
    run, out, expect, _, _ = graded
    students = {s["student"]: s for s in json.loads(run.stdout)["students"]}
    for name, code in expect.items():
        assert name in students, (name, sorted(students))
        flags = students[name]["flags"].split("; ")
        assert code in flags, (name, flags)
        assert "grader-error" not in flags, (name, students[name]["flag_messages"])
    assert students["alice"]["flags"] == ""


def test_nothing_from_outside_a_submission_is_read(graded):
    _, out, _, _, _ = graded
    for f in ("gradebook.csv", "plans.csv", "report.html"):
        assert SECRET not in (out / f).read_text(encoding="utf-8"), f


def test_no_formula_cell_and_numbers_stay_numbers(graded):
    _, out, _, _, _ = graded
    for name in ("gradebook.csv", "plans.csv"):
        with open(out / name, encoding="utf-8") as f:
            rows = list(csv.reader(f))
        cells = [c for r in rows for c in r]
        bad = [c for c in cells if c.lstrip(" ").startswith(FORMULA)
               and not grading._PLAIN_NUMBER.fullmatch(c)]
        assert not bad, bad[:5]
        assert any(c.startswith("'=1+1") for c in cells) or name == "gradebook.csv"
    with open(out / "gradebook.csv", encoding="utf-8") as f:
        book = {r["author"]: r for r in csv.DictReader(f)}
    assert "'@SUM(A1:A9)" in book
    row = next(r for r in book.values() if r["recommended"] == "'=1+1")
    float(row["recommended_ewd"])  # a number, not text


def test_temporary_files_stay_within_the_budget(graded):
    _, _, _, peak, tmp = graded
    assert 0 < peak <= grading.SUBMISSION_BUDGET * 1.05, peak
    assert not list((tmp / "tmpdir").iterdir())  # and all removed at the end


def test_names_are_shown_safely(graded):
    run, out, _, _, _ = graded
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "caf�" in report and "$\\frac{x$" in report
    assert "could not be drawn" not in report
