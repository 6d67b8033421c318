"""The worksheet draft under concurrent and failing writes (issue 16): two writers in separate
PROCESSES in every interleaving, a read-only folder, a full disk, ``kill -9`` mid-save, and the
form after a failed save, an upload it cannot store, and a re-run."""

from __future__ import annotations

import errno
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orville_case.ethics import autosave, worksheet
from orville_case.ethics.autosave import OTHER_COPY, merge
from orville_case.ethics.widgets import WorksheetForm
from orville_case.ethics.worksheet import DRAFT_FILE, DraftNotSaved, WorksheetDraft

from .test_worksheet import click

ROOT = Path(__file__).resolve().parent.parent

# A writer process: reads one JSON command per line, answers one JSON line. "set" edits like a
# student in the form: it replaces this writer's own previous words in what the box shows now
# (text merged in from the other copy stays unless the student deletes it).
WRITER = r"""
import json, sys
from orville_case.ethics.worksheet import WorksheetDraft
from orville_case.zoning.data import load_district
district, draft, own = load_district(), None, {}
for line in sys.stdin:
    cmd = json.loads(line)
    if cmd[0] == "open":
        draft, own = WorksheetDraft.open(district, cmd[1]), {}
    elif cmd[0] == "set":
        shown, mine = draft.steps[cmd[1]], own.get(cmd[1])
        draft.set_step(cmd[1], shown.replace(mine, cmd[2], 1) if mine and mine in shown
                       else cmd[2])
        own[cmd[1]] = cmd[2]
    elif cmd[0] == "loop":  # save until killed
        k = 0
        print(json.dumps(["looping"]), flush=True)
        while True:
            k += 1
            draft.set_step("1", f"version {k} " + "x" * cmd[1])
    print(json.dumps(["ok", draft.message]), flush=True)
"""


class Writer:
    """One Python process holding one copy of the worksheet."""

    def __init__(self):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen([sys.executable, "-c", WRITER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        self.messages: list[str] = []

    def __call__(self, *cmd) -> list:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        reply = json.loads(self.proc.stdout.readline())
        if reply[0] == "ok":
            self.messages.append(reply[1])
        return reply

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def writers():
    a, b = Writer(), Writer()
    yield a, b
    a.close()
    b.close()


def on_disk(folder: Path) -> str:
    """Everything the folder holds as text (main draft and conflict copies)."""
    return "\n".join(p.read_text(encoding="utf-8") for p in folder.glob("*.json"))


def interleavings(a: list, b: list):
    """Every order of the two op lists that keeps each list's own order."""
    n = len(a) + len(b)
    for slots in itertools.combinations(range(n), len(a)):
        ia, ib, out = iter(a), iter(b), []
        for k in range(n):
            out.append(("A", next(ia)) if k in slots else ("B", next(ib)))
        yield out


A_OPS = [("set", "1", "alpha one"), ("set", "1", "alpha two")]
B_SAME = [("set", "1", "bravo one")]
B_OTHER = [("set", "2", "bravo one"), ("set", "2", "bravo two")]


@pytest.mark.parametrize("b_ops", [B_SAME, B_OTHER], ids=["same step", "different steps"])
def test_two_processes_in_every_interleaving_lose_no_text(writers, tmp_path, orville, b_ops):
    a, b = writers
    for k, order in enumerate(interleavings(A_OPS, b_ops)):
        folder = tmp_path / f"order{k}"
        a("open", str(folder))
        b("open", str(folder))
        a.messages.clear()
        b.messages.clear()
        for who, op in order:
            (a if who == "A" else b)(*op)
        final = WorksheetDraft.open(orville, folder)
        last = {"A": A_OPS[-1], "B": b_ops[-1]}
        for who, (_, step, text) in last.items():
            assert text in final.steps[step], (order, who, final.steps)
        if b_ops is B_OTHER:  # different steps: merged, no conflict, no marker
            assert final.steps["1"] == "alpha two" and final.steps["2"] == "bravo two"
            assert not list(folder.glob("*.conflict-*.json"))
        told = " ".join(a.messages + b.messages)
        if OTHER_COPY.split(" (")[0] in final.steps["1"]:  # both texts kept: someone was told
            assert "Nothing was lost" in told and "step 1" in told
            kept = list(folder.glob("worksheet_draft.conflict-*.json"))
            assert kept and str(kept[0].name) in told


def test_two_processes_saving_at_the_same_time(tmp_path, orville):
    """No coordination: both hammer the draft; the lock serialises read-merge-write."""
    folder = tmp_path / "race"
    script = ("import sys\nfrom orville_case.ethics.worksheet import WorksheetDraft\n"
              "from orville_case.zoning.data import load_district\n"
              "d = WorksheetDraft.open(load_district(), sys.argv[1])\n"
              "for k in range(40):\n    d.set_step(sys.argv[2], f'{sys.argv[2]}: text {k}')\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", script, str(folder), step], env=env)
             for step in ("3", "7")]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    final = WorksheetDraft.open(orville, folder)
    assert final.steps["3"] == "3: text 39" and final.steps["7"] == "7: text 39"


def test_kill_9_mid_save_leaves_a_readable_draft_and_no_temp_files(tmp_path, orville):
    folder = tmp_path / "killed"
    w = Writer()
    w("open", str(folder))
    w("set", "2", "kept across kills")
    w.proc.stdin.write(json.dumps(["loop", 200_000]) + "\n")
    w.proc.stdin.flush()
    assert json.loads(w.proc.stdout.readline()) == ["looping"]
    time.sleep(0.7)  # ~1 MB saves back to back: the kill lands mid-save most of the time
    w.proc.send_signal(signal.SIGKILL)
    w.proc.wait(timeout=30)
    (folder / f".{DRAFT_FILE}.leftover.tmp").write_text("half a save")  # as a kill leaves it
    d = WorksheetDraft.open(orville, folder)
    assert "could not be read" not in d.message
    assert d.steps["2"] == "kept across kills" and d.steps["1"].startswith("version ")
    assert not list(folder.glob(".*.tmp"))


# ---------------------------------------------------------------------- failing disk
def refuse(code: int):
    def fail(*_a, **_k):
        raise OSError(code, os.strerror(code))
    return fail


@pytest.mark.parametrize(("target", "code", "words"), [
    ("mkstemp", errno.EACCES, "read-only"),
    ("mkstemp", errno.EROFS, "read-only"),
    ("_write_all", errno.ENOSPC, "disk holding"),
])
def test_a_failed_save_says_why_keeps_the_text_and_causes_no_false_conflict(
        orville, tmp_path, monkeypatch, target, code, words):
    draft = WorksheetDraft.open(orville, tmp_path / "work")
    draft.set_step("1", "saved before the failure")
    with monkeypatch.context() as m:
        m.setattr(autosave.tempfile if target == "mkstemp" else autosave, target, refuse(code))
        with pytest.raises(DraftNotSaved, match=words):
            draft.set_step("2", "typed while the disk refused")
        with pytest.raises(DraftNotSaved):
            draft.set_step("3", "and more")
        assert draft.pending and "kept in this notebook's memory" in draft.message
    assert not list(draft.folder.glob("*.tmp"))
    draft.set_step("4", "the disk is back")  # retried with the next change
    assert not draft.pending and "Saved again" in draft.message
    assert "another copy" not in draft.message
    assert not list(draft.folder.glob("*.conflict-*.json"))
    again = WorksheetDraft.open(orville, draft.folder)
    assert [again.steps[k] for k in "1234"] == ["saved before the failure",
                                                "typed while the disk refused", "and more",
                                                "the disk is back"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root ignores folder permissions")
def test_a_really_read_only_folder(orville, tmp_path):
    draft = WorksheetDraft.open(orville, tmp_path / "work")
    draft.set_step("1", "first")
    draft.folder.chmod(0o555)
    try:
        with pytest.raises(DraftNotSaved, match="read-only"):
            draft.set_step("1", "second")
    finally:
        draft.folder.chmod(0o755)
    draft.save()
    assert WorksheetDraft.open(orville, draft.folder).steps["1"] == "second"


def test_the_form_shows_a_failed_save_and_keeps_the_text(orville, orville_front, tmp_path,
                                                          monkeypatch):
    form = WorksheetForm(WorksheetDraft.open(orville, tmp_path / "work"), orville_front,
                         figures=False)
    with monkeypatch.context() as m:
        m.setattr(autosave, "_write_all", refuse(errno.ENOSPC))
        form.steps["1"].value = "typed while the disk is full"
        assert "NOT saved" in form.status.value and "full" in form.status.value
    click(form, "orville-ws-save")  # the button retries at once
    assert "Saved again" in form.status.value and "NOT saved" not in form.status.value
    form.steps["2"].value = "disk fine again"
    assert "Saved" in form.status.value and "NOT saved" not in form.status.value
    again = WorksheetDraft.open(orville, form.draft.folder)
    assert again.steps["1"] == "typed while the disk is full"


def test_an_upload_that_cannot_be_stored_is_reported_and_still_added(orville, orville_front,
                                                                     tmp_path, monkeypatch):
    form = WorksheetForm(WorksheetDraft.open(orville, tmp_path / "work"), orville_front,
                         figures=False)
    plan = orville_front[0].solution
    content = ("zone,school\n" + "".join(f"{z},{s}\n" for z, s in plan.items())).encode()
    real = Path.write_bytes

    def read_only(self, data):
        if form.draft.folder in self.parents:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", read_only)
    form._on_upload({"new": [{"name": "mine.csv", "content": content}]})
    assert "read-only" in form.alt_message.value and "mine" in form.draft.alternatives


# ---------------------------------------------------------------------- re-run form
def test_a_rerun_form_shows_the_newest_text(orville, orville_front, tmp_path):
    old = WorksheetDraft.open(orville, tmp_path / "work")
    old_form = WorksheetForm(old, orville_front, figures=False)
    new = WorksheetDraft.open(orville, old.folder)  # the student re-runs the open cell ...
    old_form.steps["3"].value = "typed in the old form"  # ... but types in the old form
    rerun = WorksheetForm(new, orville_front, figures=False)
    assert rerun.steps["3"].value == "typed in the old form"
    assert "Brought in from another copy" in rerun.status.value
    assert not list(old.folder.glob("*.conflict-*.json"))


def test_a_conflict_is_shown_in_the_form_in_words(orville, orville_front, tmp_path):
    form = WorksheetForm(WorksheetDraft.open(orville, tmp_path / "work"), orville_front,
                         figures=False)
    other = WorksheetDraft.open(orville, form.draft.folder)
    other.set_step("6", "the other tab's reasons")
    form.steps["6"].value = "this tab's reasons"
    shown = form.steps["6"].value
    assert "this tab's reasons" in shown and "the other tab's reasons" in shown
    assert "Nothing was lost" in form.status.value and "step 6" in form.status.value
    assert "keep what you want and delete the rest" in form.status.value


def test_alternatives_and_tests_merge_and_a_same_name_conflict_keeps_both(orville,
                                                                          orville_front,
                                                                          tmp_path):
    a = WorksheetDraft.open(orville, tmp_path / "work")
    b = WorksheetDraft.open(orville, a.folder)
    a.add_frontier_point(orville_front, 0, "Plan X")
    b.add_frontier_point(orville_front, 3, "Plan X")  # same name, another plan
    b.add_frontier_point(orville_front, 5, "Plan Y")
    final = WorksheetDraft.open(orville, a.folder)
    assert set(final.alternatives) == {"Plan X", "Plan X (other copy)", "Plan Y"}
    plans = {n: x.plan for n, x in final.alternatives.items()}
    assert orville_front[0].solution in plans.values()
    assert orville_front[3].solution in plans.values()


def test_merge_rule():
    def both(_k, m, t):
        return f"{m}+{t}"
    base = {"s": "0", "t": "0", "u": "0", "v": "0"}
    mine = {"s": "1", "t": "0", "u": "1", "v": "0"}
    theirs = {"s": "0", "t": "2", "u": "2", "w": "new"}
    got = merge(base, mine, theirs, both)
    assert got.fields == {"s": "1", "t": "2", "u": "1+2", "w": "new"}  # v removed by them
    assert sorted(got.taken) == ["t", "v", "w"] and got.conflicts == ["u"]


def test_legacy_draft_with_a_revision_counter_still_opens(orville, tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / DRAFT_FILE).write_text(json.dumps(
        {"format": worksheet.DRAFT_FORMAT, "revision": 7, "steps": {"1": "old text"}}))
    d = WorksheetDraft.open(orville, folder)
    d.set_step("2", "new text")
    assert WorksheetDraft.open(orville, folder).steps == {**d.steps}
    assert not list(folder.glob("*.conflict-*.json"))


texts = st.dictionaries(st.sampled_from("abcde"), st.text(alphabet="xyz ", max_size=6))


@settings(max_examples=200, deadline=None)
@given(base=texts, mine=texts, theirs=texts)
def test_merge_keeps_every_change_of_either_copy(base, mine, theirs):
    """Whatever each copy changed relative to the base is in the merge (text fields)."""
    def both(_k, m, t):
        return f"{m}\n{OTHER_COPY}\n{t}" if m and t else (m or t)
    got = merge(base, mine, theirs, both).fields
    for side in (mine, theirs):
        for k, v in side.items():
            if v != base.get(k) and v:
                assert v in got.get(k, ""), (k, base, mine, theirs, got)
    for k in set(base) | set(mine) | set(theirs):  # untouched by one side: the other's value
        if mine.get(k) == base.get(k):
            assert got.get(k) == theirs.get(k)
        if theirs.get(k) == base.get(k):
            assert got.get(k) == mine.get(k)
