"""The survey command: agreement with scipy.stats.wilcoxon, Table 1 statistics, bad files."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from orville_case.cli import main
from orville_case.survey import analysis, instrument
from orville_case.survey.demo import demo_answers

ROOT = Path(__file__).resolve().parent.parent
HEADER = "student,phase,q1,q2,q3\n"
CONTRACT = {"item", "n_pre", "n_post", "n_pairs", "median_pre", "median_post", "mode_pre",
            "mode_post", "mean_pre", "mean_post", "statistic", "p_value", "p_value_greater",
            "effect_size"}  # the keys of `survey --json` other tools rely on (DESIGN.md)


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["survey", *args])
    return code, out.getvalue(), err.getvalue()


answer = st.integers(1, 5)
sheet = st.tuples(answer, answer, answer)
# one student: pre sheet or None, post sheet or None (at least one); codes are unique per student
student = st.one_of(st.tuples(sheet, sheet), st.tuples(sheet, st.none()),
                    st.tuples(st.none(), sheet))


@settings(max_examples=60, deadline=None)
@given(st.lists(student, min_size=1, max_size=70), st.booleans())
def test_json_agrees_with_scipy_wilcoxon(students, shuffle):
    rows = [(f"s{k}", phase, s) for k, (pre, post) in enumerate(students)
            for phase, s in (("pre", pre), ("post", post)) if s is not None]
    if shuffle:
        rows.reverse()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "answers.csv"
        path.write_text(HEADER + "".join(f"{c},{p},{a},{b},{d}\n" for c, p, (a, b, d) in rows))
        code, out, _ = _run(str(path), "--json")
    assert code == 0
    items = json.loads(out)["items"]
    assert [i["item"] for i in items] == ["q1", "q2", "q3"]
    assert all(set(i) >= CONTRACT for i in items)
    pairs = [(pre, post) for pre, post in students if pre and post]
    for m, item in enumerate(items):
        pre_all = [s[m] for s, _ in students if s]
        post_all = [s[m] for _, s in students if s]
        assert (item["n_pre"], item["n_post"], item["n_pairs"]) == \
            (len(pre_all), len(post_all), len(pairs))
        if pre_all:
            assert item["mean_pre"] == pytest.approx(np.mean(pre_all))
            assert item["median_pre"] == np.median(pre_all)
            counts = np.bincount(pre_all, minlength=6)
            assert counts[item["mode_pre"]] == counts.max()
        x = np.array([pre[m] for pre, _ in pairs])
        y = np.array([post[m] for _, post in pairs])
        if not np.any(y - x):  # nothing changed (or no pairs): no test, no NaN
            assert item["statistic"] is item["p_value"] is item["effect_size"] is None
            assert item["note"]
            continue
        two, greater = stats.wilcoxon(y, x), stats.wilcoxon(y, x, alternative="greater")
        assert item["statistic"] == float(two.statistic)
        assert item["p_value"] == float(two.pvalue)
        assert item["p_value_greater"] == float(greater.pvalue)
        d = (y - x)[y != x]
        ranks = stats.rankdata(np.abs(d))
        assert item["effect_size"] == pytest.approx((ranks[d > 0].sum() - ranks[d < 0].sum())
                                                    / ranks.sum())


def test_table_and_unpaired_list(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(HEADER + "Fox17,pre,3,3,4\nfox17 ,POST,4,5,4\nowl,pre,2,2,5\nbee,post,5,5,5\n")
    code, out, _ = _run(str(path))
    assert code == 0
    assert "answered only pre (1): owl" in out and "answered only post (1): bee" in out
    assert "Number of paired responses" in out and "all 1 paired differences are zero" in out


def test_too_few_changes_are_said_not_hidden():
    test = analysis.signed_rank(np.array([3, 3, 4]), np.array([4, 5, 5]))
    assert test.p_value == stats.wilcoxon([4, 5, 5], [3, 3, 4]).pvalue
    assert "no outcome can reach a two-sided p below 0.05" in test.note
    assert analysis.signed_rank(np.array([], int), np.array([], int)).note.startswith("no pairs")


@pytest.mark.parametrize("pre, post, method", [
    ([0] * 40, [(k + 1) * (1 if k % 3 else -1) for k in range(40)], "exact"),  # no ties
    ([3] * 60, [4] * 30 + [2] * 10 + [5] * 20, "asymptotic"),
])
def test_method_label_is_what_scipy_auto_used(pre, post, method):
    pre, post = np.array(pre), np.array(post)
    test = analysis.signed_rank(pre, post)
    assert test.method.startswith({"exact": "exact", "asymptotic": "normal"}[method])
    assert test.p_value == stats.wilcoxon(post, pre, method=method).pvalue


def test_effect_size_and_holm():
    assert analysis.rank_biserial(np.array([1, 2, 0, 1])) == 1.0
    assert analysis.rank_biserial(np.array([1, -1])) == 0.0
    assert analysis.rank_biserial(np.array([0, 0])) is None
    # Holm by hand: m = 3; 0.01*3 = 0.03, 0.02*2 = 0.04, 0.04*1 -> max(0.04, 0.04) = 0.04
    assert analysis.holm([0.04, 0.01, None, 0.02]) == pytest.approx([0.04, 0.03, None, 0.04])
    assert analysis.holm([0.5, 0.6]) == pytest.approx([1.0, 1.0])


def test_out_writes_chart_and_html(tmp_path):
    path = tmp_path / "demo.csv"
    demo_answers(30, seed=1).to_csv(path, index=False)
    code, out, _ = _run(str(path), "--out", str(tmp_path / "o"), "--json")
    assert code == 0
    files = json.loads(out)["files"]
    assert [Path(f).name for f in files] == ["survey.png", "survey.html"]
    assert Path(files[0]).read_bytes()[:4] == b"\x89PNG"
    page = Path(files[1]).read_text()
    assert "Pre/post perception survey" in page and "data:image/png;base64," in page


def test_committed_instrument_is_what_the_module_writes():
    for name, make in instrument.FILES.items():
        assert (ROOT / "examples" / "survey" / name).read_text() == make(), \
            "run `python -m orville_case.survey.instrument`"
    assert (ROOT / "examples" / "survey" / "template.csv").read_text() == HEADER


BAD = [
    ("answer 6", HEADER + "a,pre,6,3,3\n", "row 2, field 'q1': answer 6 is not one of 1–5"),
    ("unknown phase", HEADER + "a,before,3,3,3\n", "row 2, field 'phase': unknown phase 'before'"),
    ("twice", HEADER + "a,pre,3,3,3\nA ,pre,4,4,4\n",
     "row 3, field 'student': student 'a' answered the pre survey twice (first in row 2)"),
    ("missing column", "student,phase,q1,q2\na,pre,3,3\n", "row 1, field 'q3': missing column"),
    ("blank answer", HEADER + "a,pre,3,,3\n",
     "row 2, field 'q2': blank cell (fix: write a whole number 1–5"),
    ("non-numeric", HEADER + "a,pre,3,3,agree\n",
     "row 2, field 'q3': 'agree' is not a whole number"),
    ("fraction", HEADER + "a,pre,3.5,3,3\n", "row 2, field 'q1': '3.5' is not a whole number"),
    ("blank student", HEADER + " ,post,3,3,3\n", "row 2, field 'student': blank student code"),
    ("semicolons", HEADER.replace(",", ";") + "a;pre;3;3;3\n",
     "row 1: columns are separated by ';'"),
    ("header only", HEADER, ": no answers (fix: add one row per filled-in sheet"),
    ("empty file", "", ": file is empty (fix: add a header row: student,phase,q1,q2,q3"),
]


@pytest.mark.parametrize("case, text, message", BAD, ids=[b[0] for b in BAD])
def test_bad_file_is_one_line_and_exit_2(tmp_path, case, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    code, out, err = _run(str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"error: {path}") and message in err and "(fix: " in err
    assert len(err.strip().splitlines()) == 1


def test_every_bad_row_is_reported(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "a,pre,0,3,3\nb,mid,3,3,3\nc,post,3,3,9\n")
    _, _, err = _run(str(path))
    assert [line.split(",")[1].strip() for line in err.splitlines()] == ["row 2", "row 3", "row 4"]


def test_not_utf8_names_the_row_and_the_fix(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "a,pre,3,3,3\nzoë,pre,3,3,3\n").encode("latin-1"))
    code, _, err = _run(str(path))
    assert code == 2
    assert err.strip() == (f"error: {path}, row 3: is not UTF-8 text (byte 0xeb) "
                           "(fix: save it as 'CSV UTF-8' (Excel) or as UTF-8 text)")


def test_command_line_without_traceback(tmp_path):
    out = subprocess.run([sys.executable, "-m", "orville_case", "survey", "missing.csv"],
                         capture_output=True, text=True)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.startswith("error: missing.csv: answer file not found in /")


def test_committed_demo_file_is_the_seeded_generator_output(tmp_path):
    from orville_case.survey.demo import DEMO_FILE
    demo_answers().to_csv(tmp_path / DEMO_FILE, index=False)
    assert (ROOT / "examples" / "survey" / DEMO_FILE).read_text() == \
        (tmp_path / DEMO_FILE).read_text(), "run `python -m orville_case.survey.demo`"
