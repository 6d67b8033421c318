"""The seven-step worksheet of notebook 04: autosave and reload, corrupt drafts, alternatives and
their flags, export read back by the instructor's grader, self-checks, and the widget form."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orville_case.core.errors import DataError, OrvilleError
from orville_case.ethics import autosave, grading, worksheet
from orville_case.ethics import checks as ec
from orville_case.ethics import widgets as worksheet_widgets
from orville_case.ethics.plots import plot_alternatives, short_name
from orville_case.ethics.submission import STEPS, TESTS
from orville_case.ethics.widgets import NONE, WorksheetForm
from orville_case.ethics.worksheet import DRAFT_FILE, WorksheetDraft, frontier_name
from orville_case.zoning.explorer import PlanExplorer, default_plan
from orville_case.zoning.plans import evaluate, fmt_ed, read_plan, write_plan

PICK = (0, 2, 5, 6, 7)  # frontier points (by EWD) used for a complete sample worksheet


def fill(draft: WorksheetDraft, front) -> WorksheetDraft:
    """A complete worksheet: five frontier plans, every step and test, a justified choice."""
    draft.set_student("Ada Lovelace")
    for k in PICK:
        draft.add_frontier_point(front, k)
    for key in STEPS:
        draft.set_step(key, f"My own words for step {key}, written after reading the case.")
    for n, name in enumerate(draft.alternatives):
        for t in TESTS:
            draft.set_test(name, t, f"For option {n} the {t} test says something specific.")
    rec = list(draft.alternatives)[3]
    r = draft.report(rec)
    first = list(draft.alternatives)[0]
    draft.recommend(rec)
    draft.set_step("6", f"I recommend {rec}: EWD {r.ewd:,.1f} and Range#ED {r.range_ed}, "
                        f"against {first} which has the lowest EWD but a larger range.")
    return draft


@pytest.fixture
def draft(orville, tmp_path) -> WorksheetDraft:
    return WorksheetDraft.open(orville, tmp_path / "work")


@pytest.fixture
def complete(draft, orville_front) -> WorksheetDraft:
    draft.autosave = False  # one save instead of ~50 (autosave has its own tests)
    fill(draft, orville_front)
    draft.autosave = True
    draft.save()
    return draft


def reopen(d: WorksheetDraft) -> WorksheetDraft:
    return WorksheetDraft.open(d.district, d.folder)


def state(d: WorksheetDraft) -> dict:
    return {"student": d.student, "steps": d.steps, "tests": d.tests,
            "recommended": d.recommended,
            "alternatives": [(a.name, a.plan, a.origin) for a in d.alternatives.values()]}


# ---------------------------------------------------------------------- work folder
def test_work_dir_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv(worksheet.WORK_ENV, str(tmp_path / "env"))
    assert worksheet.work_dir(tmp_path / "given") == tmp_path / "given"
    assert worksheet.work_dir() == tmp_path / "env"
    monkeypatch.delenv(worksheet.WORK_ENV)
    monkeypatch.chdir(tmp_path)
    assert worksheet.work_dir() == tmp_path / "my_work"


def test_the_test_session_never_writes_into_the_repository():
    work = Path(os.environ[worksheet.WORK_ENV]).resolve()
    repo = Path(__file__).resolve().parent.parent
    assert repo not in work.parents
    assert "my_work/" in (repo / ".gitignore").read_text().splitlines()


# ---------------------------------------------------------------------- autosave and reload
def test_new_draft_says_where_it_saves(draft):
    assert "New worksheet" in draft.message and str(draft.path) in draft.message
    assert not draft.path.exists()  # nothing is written before the first change


def test_every_change_is_saved_and_reloaded(draft, orville_front):
    complete = fill(draft, orville_front)
    again = reopen(complete)
    assert state(again) == state(complete)
    assert "Reloaded your draft" in again.message and "5 alternatives" in again.message
    assert "35/35 test answers" in again.message


def test_each_single_edit_is_on_disk_immediately(draft, orville_front):
    draft.set_step("2", "facts")
    assert reopen(draft).steps["2"] == "facts"
    draft.add_frontier_point(orville_front, 0, "Min EWD")
    assert list(reopen(draft).alternatives) == ["Min EWD"]
    draft.set_test("Min EWD", "harm", "long rides")
    assert reopen(draft).tests == {"Min EWD": {"harm": "long rides"}}
    draft.recommend("Min EWD")
    assert reopen(draft).recommended == "Min EWD"
    draft.remove("Min EWD")
    back = reopen(draft)
    assert back.alternatives == {} and back.tests == {} and back.recommended == ""


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.dictionaries(st.sampled_from(list(STEPS)), st.text(max_size=200)),
       name=st.text(max_size=40))
def test_any_text_survives_a_reload(draft, texts, name):
    draft.set_student(name)
    for key, text in texts.items():
        draft.set_step(key, text)
    again = reopen(draft)
    assert again.steps == draft.steps and again.student == name.strip()


def test_an_interrupted_write_leaves_the_old_draft(draft, monkeypatch):
    draft.set_step("1", "kept")
    before = draft.path.read_bytes()

    def broken(*_):
        raise OSError("disk full")

    monkeypatch.setattr(autosave.os, "replace", broken)
    with pytest.raises(worksheet.DraftNotSaved, match="disk full"):
        draft.set_step("1", "not on disk yet")
    assert draft.path.read_bytes() == before
    assert not list(draft.folder.glob("*.tmp"))  # no temp file left
    assert draft.steps["1"] == "not on disk yet"  # kept in memory


@pytest.mark.parametrize("content", [
    b'{"format": "orville-worksheet-draft/1", "steps": {"1": "half a sent',
    b"\xff\xfe not text",
    b'{"format": "something else"}',
    b'{"format": "orville-worksheet-draft/1", "alternatives": [{"name": "A", "plan": [1]}]}',
    b'{"format": "orville-worksheet-draft/1", "steps": {"1": 42}}',
    b"[]",
])
def test_a_corrupt_draft_is_kept_aside_not_overwritten(orville, tmp_path, content):
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / DRAFT_FILE).write_bytes(content)
    d = WorksheetDraft.open(orville, folder)
    backups = list(folder.glob("worksheet_draft.corrupt-*.json"))
    assert len(backups) == 1 and backups[0].read_bytes() == content
    assert "could not be read" in d.message and str(backups[0]) in d.message
    assert d.alternatives == {} and d.steps == dict.fromkeys(STEPS, "")
    d.set_step("1", "fresh start")
    assert backups[0].read_bytes() == content
    assert reopen(d).steps["1"] == "fresh start"
    (folder / DRAFT_FILE).write_bytes(content)  # a second corrupt draft gets its own backup
    WorksheetDraft.open(orville, folder)
    assert len(list(folder.glob("worksheet_draft.corrupt-*.json"))) == 2


def test_two_open_copies_editing_different_steps_merge(draft):
    other = reopen(draft)
    draft.set_step("1", "written in tab A")
    other.set_step("2", "written in tab B")
    assert not list(draft.folder.glob("worksheet_draft.conflict-*.json"))  # nothing to keep
    assert "Brought in from another copy" in other.message and "step 1" in other.message
    again = reopen(draft)
    assert (again.steps["1"], again.steps["2"]) == ("written in tab A", "written in tab B")


def test_a_draft_from_another_dataset_is_reloaded_with_a_note(draft, tmp_path):
    from orville_case.zoning.data import load_district
    from tests.conftest import SMALL_DISTANCES, SMALL_SCHOOLS, SMALL_ZONES, write_dataset

    draft.set_step("1", "text")
    small = load_district(write_dataset(tmp_path / "small", SMALL_ZONES, SMALL_SCHOOLS,
                                        SMALL_DISTANCES))
    again = WorksheetDraft.open(small, draft.folder)
    assert again.steps["1"] == "text" and "written for dataset 'orville'" in again.message


# ---------------------------------------------------------------------- alternatives
def test_alternatives_are_evaluated_and_infeasible_ones_flagged(draft, orville, orville_front,
                                                                tmp_path):
    current = default_plan(orville)
    draft.add("Status quo", current, "current feeder plan")
    draft.add_frontier_point(orville_front, 0)
    partial = dict(current)
    del partial["Leland"]
    write_plan(partial, tmp_path / "partial.csv")
    draft.add_csv(tmp_path / "partial.csv")
    table = draft.table()
    assert list(table.index) == ["Status quo", frontier_name(orville_front, 0), "partial"]
    want = evaluate(orville, current)
    row = table.loc["Status quo"]
    assert row["EWD"] == pytest.approx(want.ewd) and row["Range#ED"] == want.range_ed
    assert not row["feasible"] and "Mason over capacity" in row["violations"]
    first = table.iloc[1]
    assert first["feasible"] and first["EWD"] == pytest.approx(orville_front[0].f1)
    assert "supported" in first["origin"]
    assert "zones without a school: Leland" in table.loc["partial", "violations"]
    assert table.loc["partial", "EWD"] != table.loc["partial", "EWD"]  # NaN: incomplete
    notes = "\n".join(draft.notes())  # a note, not "missing": the grader does not flag it
    assert "infeasible alternative(s) Status quo, partial" in notes
    assert "infeasible" not in "\n".join(draft.missing())


def test_refused_alternatives_are_clear_and_change_nothing(draft, orville, orville_front):
    draft.add_frontier_point(orville_front, 0, "Min EWD")
    cases = [(lambda: draft.add("Min EWD", default_plan(orville)), "already an alternative"),
             (lambda: draft.add("Copy", orville_front[0].solution), "same plan as .*Min EWD"),
             (lambda: draft.add("   ", default_plan(orville)), "needs a name"),
             (lambda: draft.add_frontier_point(orville_front, 99), "no frontier point 100"),
             (lambda: draft.set_test("Ghost", "harm", "x"), "no alternative named 'Ghost'"),
             (lambda: draft.set_test("Min EWD", "luck", "x"), "unknown test 'luck'"),
             (lambda: draft.recommend("Ghost"), "no alternative named"),
             (lambda: draft.set_step("8", "x"), "unknown step")]
    for action, match in cases:
        with pytest.raises(OrvilleError, match=match):
            action()
    assert list(reopen(draft).alternatives) == ["Min EWD"]


def test_add_plans_and_csv_errors(draft, orville, tmp_path):
    draft.add_plans({"Mine": default_plan(orville)}, origin="by hand")
    assert draft.alternatives["Mine"].origin == "by hand"
    bad = tmp_path / "bad.csv"
    bad.write_text("zone;school\nLeland;Mason\n")
    with pytest.raises(DataError, match="bad.csv.*separated by ';'"):
        draft.add_csv(bad)


# ---------------------------------------------------------------------- export
def test_export_without_a_name_writes_nothing(draft):
    result = draft.export()
    assert result.folder is None and "type your name" in str(result)
    assert not (draft.folder / worksheet.HAND_IN).exists()


@pytest.mark.parametrize(("name", "folder"), [
    ("Ada Lovelace", "Ada_Lovelace"), ("Zoë O'Neil", "Zoë_O_Neil"), ("李雷", "李雷"),
    ("../../etc", "etc"), ("  ///  ", "student"),
])
def test_export_folder_names(name, folder):
    assert worksheet.folder_name(name) == folder


def test_a_non_latin_name_exports_and_grades(draft, orville, orville_front):
    draft.set_student("李雷")
    draft.add_frontier_point(orville_front, 0, "最短")
    result = draft.export()
    assert result.folder.name == "李雷" and result.archive.name == "李雷.zip"
    graded = grading.grade_class(result.folder.parent, orville, front=orville_front, quiet=True)
    codes = {s.student: {f.code for f in s.flags} for s in graded.students}
    assert "grader-error" not in set().union(*codes.values())
    assert graded.students[0].plans[0].name == "最短"


def test_an_incomplete_export_lists_what_is_missing(draft, orville_front):
    draft.set_student("Bo")
    draft.add_frontier_point(orville_front, 0)
    result = draft.export()
    assert result.folder.is_dir() and result.archive.is_file() and not result.complete
    text = str(result)
    assert "4 more alternative(s)" in text and "choose the alternative you recommend" in text
    assert "step 1 (State the problem): no text yet" in text
    first = frontier_name(orville_front, 0)
    assert f"step 5: 7 unanswered test(s) — {first}: all seven" in text
    draft.set_test(first, "harm", "long trips for some")
    assert f"6 unanswered test(s) — {first}: publicity, defensibility" \
        in "\n".join(draft.missing())


def test_status_counts_all_seven_steps_with_one_rule(draft, orville_front):
    assert "0/7 steps done" in draft.summary()
    draft.set_step("1", "The board must rezone three middle schools.")
    draft.set_step("4", "notes only")  # step 4 needs five alternatives, not notes
    assert "1/7 steps done" in draft.summary()
    for k in range(5):
        draft.add_frontier_point(orville_front, k)
    gaps = draft.step_gaps()
    assert gaps["4"] == [] and gaps["5"] and "2/7 steps done" in draft.summary()
    assert len([k for k, lack in gaps.items() if lack]) == 5


def test_an_incomplete_export_never_gets_a_clean_bill(draft, orville, orville_front, capsys):
    draft.set_student("Cy")
    for k in range(5):
        draft.add_frontier_point(orville_front, k)
    result = draft.export()
    assert not ec.check_export(result, orville, orville_front)
    out = capsys.readouterr().out
    assert "Still missing" in str(result) and "HINT" in out and "no flags" not in out
    assert "step 5" in out


def test_complete_export_round_trips_through_the_grader(complete, orville, orville_front,
                                                        tmp_path):
    result = complete.export()
    assert result.complete and "✓ the worksheet is complete" in str(result)
    graded = grading.grade_class(result.folder.parent, orville, front=orville_front, quiet=True)
    by_source = {Path(s.source).name: s for s in graded.students}
    folder = by_source[result.folder.name]
    assert folder.flags == [], folder.flags
    assert folder.recommended == complete.recommended
    assert [p.name for p in folder.plans] == list(complete.alternatives)
    for p in folder.plans:
        assert p.plan == complete.alternatives[p.name].plan and p.on_frontier
    assert [f.code for f in by_source[result.archive.name].flags] == ["zip"]
    row = folder.row()
    assert row["steps_answered"] == "1,2,3,4,5,6,7" and row["tests_answered"] == "35/35"


def test_re_export_replaces_the_previous_one(complete):
    first = complete.export()
    complete.remove(list(complete.alternatives)[0])
    second = complete.export()
    assert second.folder == first.folder
    assert len(list((second.folder / "alternatives").glob("*.csv"))) == 4
    assert "1 more alternative" in str(second)


def test_exported_steps_4_and_5_describe_the_tables(complete, orville_front):
    ws = complete.worksheet()
    assert ws.steps["4"].startswith("My own words for step 4")
    shown = f"Range#ED {fmt_ed(orville_front[0].f2)}"  # as in the step-4 table (two decimals)
    assert "5 alternatives" in ws.steps["4"] and shown in ws.steps["4"]
    assert "35 of 35 answers" in ws.steps["5"]
    empty = WorksheetDraft(complete.district, complete.folder, autosave=False).worksheet()
    assert empty.steps["4"] == "" and empty.steps["5"] == ""  # nothing to describe: no text


# ---------------------------------------------------------------------- self-checks
def test_checks_pass_on_a_complete_worksheet(complete, orville, orville_front, capsys):
    assert ec.check_alternatives(complete, orville_front)
    assert ec.check_tests(complete)
    assert ec.check_recommendation(complete)
    assert ec.check_export(complete.export(), orville, orville_front)
    out = capsys.readouterr().out
    assert out.count("✓") == 4 and "HINT" not in out


def test_check_alternatives_hints(draft, orville, orville_front, capsys):
    draft.add_frontier_point(orville_front, 6)
    draft.add_frontier_point(orville_front, 7)
    draft.add("Status quo", default_plan(orville))
    assert not ec.check_alternatives(draft, orville_front)
    out = capsys.readouterr().out
    assert "at least 5" in out and "infeasible: Status quo" in out
    assert "smallest possible EWD" in out and "cover" in out
    narrow = WorksheetDraft(orville, draft.folder, autosave=False)
    for k in (0, 1):
        narrow.add_frontier_point(orville_front, k)
    assert not ec.check_alternatives(narrow, orville_front)
    ranges = [p.f2 for p in orville_front]
    covered = (ranges[0] - ranges[1]) / (max(ranges) - min(ranges))  # 10% on the ORville data
    assert covered < ec.SPAN_SHARE
    assert f"cover {covered:.0%}" in capsys.readouterr().out


def test_check_alternatives_notes_dominated_plans(complete, orville, orville_front, capsys):
    def on_front(r) -> bool:  # Range#ED is real-valued: compare with a tolerance
        return any(r.ewd == pytest.approx(p.f1) and r.range_ed == pytest.approx(p.f2)
                   for p in orville_front)

    start = orville_front[0].solution
    moves = ({**start, z: s} for z in orville.zones for s in orville.schools if start[z] != s)
    plan = next(p for p in moves if evaluate(orville, p).feasible
                and not on_front(evaluate(orville, p)))
    complete.add("Tweaked", plan)
    assert ec.check_alternatives(complete, orville_front)  # a note, not a failure
    assert "note: 'Tweaked' is dominated" in capsys.readouterr().out


def test_check_tests_hints(complete, capsys):
    name = list(complete.alternatives)[1]
    complete.set_test(name, "publicity", "ok")
    assert not ec.check_tests(complete)
    assert f"'publicity' for '{name}'" in capsys.readouterr().out
    for n in complete.alternatives:
        complete.set_test(n, "publicity", "Same words for all")
    assert not ec.check_tests(complete)
    assert "identical for every alternative" in capsys.readouterr().out


def test_check_recommendation_hints(complete, orville, capsys):
    rec = complete.recommended
    complete.set_step("6", "I like it because it feels fair.")
    assert not ec.check_recommendation(complete)
    assert "quote the numbers" in capsys.readouterr().out
    r = complete.report(rec)
    complete.set_step("6", f"It has Range#ED {r.range_ed}, which is fair.")
    assert not ec.check_recommendation(complete)
    assert "compare your choice" in capsys.readouterr().out
    complete.add("Status quo", default_plan(orville))
    complete.recommend("Status quo")
    assert not ec.check_recommendation(complete)
    assert "infeasible" in capsys.readouterr().out
    complete.recommend("")
    assert not ec.check_recommendation(complete)


@pytest.mark.parametrize(("text", "value", "found"), [
    ("EWD 6,090.9 miles", 6090.9, True), ("EWD 6091", 6090.9, True),
    ("EWD 60909", 6090.9, False), ("Range#ED 15.", 15, True), ("Range#ED 150", 15, False),
    ("1.15", 15, False), ("15,000", 15, False),
    # real-valued Range#ED: as shown (two decimals), as in the data, or pasted from Python
    ("Range#ED 42.05", 42.0542, True), ("Range#ED 42.0542", 42.0542, True),
    ("Range#ED 9.330000000000013", 9.330000000000013, True), ("Range#ED 42.06", 42.0542, False),
    ("Range#ED 42.0543", 42.0542, False),
])
def test_mentions(text, value, found):
    assert ec.mentions(text, value) is found


def test_check_price_of_equity(orville_front, capsys):
    assert ec.check_price_of_equity(lambda ea, ra, eb, rb: (eb - ea) / (ra - rb), orville_front)
    assert "✓ along the frontier" in capsys.readouterr().out
    assert not ec.check_price_of_equity(lambda ea, ra, eb, rb: "twelve", orville_front)  # no raise
    assert "return a number" in capsys.readouterr().out
    assert not ec.check_price_of_equity(lambda a, b, c, d: (c - a) / (d - b), orville_front)
    assert "HINT" in capsys.readouterr().out

    def unsolved(*_):
        raise NotImplementedError()

    assert not ec.check_price_of_equity(unsolved, orville_front)
    assert "replace `raise NotImplementedError()`" in capsys.readouterr().out


def test_check_export_reports_grader_flags(draft, orville, orville_front, capsys):
    assert not ec.check_export(draft.export(), orville, orville_front)
    assert "type your name" in capsys.readouterr().out
    draft.set_student("Cy")
    draft.add_frontier_point(orville_front, 0)
    assert not ec.check_export(draft.export(), orville, orville_front)
    out = capsys.readouterr().out
    assert "fewer than 5" in out or "too-few" in out or "alternatives" in out


# ---------------------------------------------------------------------- figure
def test_plot_alternatives(complete, orville, orville_front):
    complete.add("Status quo", default_plan(orville))
    ax = plot_alternatives(complete, orville_front)
    labels = [t.get_text() for t in ax.texts]
    assert labels == [short_name(n) for n in complete.alternatives]
    assert short_name("Frontier 3 (EWD 5,373, Range#ED 36.05)") == "Frontier 3"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["ε-constraint: supported (4)", "ε-constraint: unsupported (4)",
                      "your alternative (feasible)", "recommended",
                      "your alternative (infeasible)"]
    assert ax.get_ylim()[1] > 254  # the status quo's Range#ED is inside the axes
    plt.close(ax.figure)


# ---------------------------------------------------------------------- widget form
@pytest.fixture
def form(draft, orville, orville_front):
    ex = PlanExplorer(orville, figures=False)
    return WorksheetForm(draft, orville_front, ex, figures=False)


def classes(w) -> set[str]:
    out = set(getattr(w, "_dom_classes", ()))
    for child in getattr(w, "children", ()):
        out |= classes(child)
    return out


def test_form_css_hooks(form):
    have = classes(form.widget)
    want = {"orville-worksheet", "orville-ws-student", "orville-ws-alternatives",
            "orville-ws-add-frontier", "orville-ws-add-explorer", "orville-ws-add-csv",
            "orville-ws-upload", "orville-ws-remove", "orville-ws-recommend",
            "orville-ws-export", "orville-ws-export-status", "orville-ws-status",
            "orville-ws-tests-overview", "orville-ws-test-alternative", "orville-ws-figure",
            "orville-ws-save"}
    want |= {f"orville-ws-step-{k}" for k in STEPS} | {f"orville-ws-test-{t}" for t in TESTS}
    assert want <= have


def test_typing_in_the_form_is_saved(form):
    form.student.value = "Ada"
    form.steps["1"].value = "The board must rezone."
    again = reopen(form.draft)
    assert again.student == "Ada" and again.steps["1"] == "The board must rezone."
    assert "Saved" in form.status.value


def test_form_after_a_rerun_shows_the_saved_text(form, orville_front):
    form.steps["7"].value = "Next time: ask families."
    form.frontier_point.value = 2
    click(form, "orville-ws-add-frontier")
    again = WorksheetForm(reopen(form.draft), orville_front, figures=False)
    assert again.steps["7"].value == "Next time: ask families."
    assert list(again.recommend.options) == [NONE, frontier_name(orville_front, 2)]
    assert "Reloaded your draft" in again.status.value


def click(form: WorksheetForm, css: str) -> None:
    def find(w):
        if css in getattr(w, "_dom_classes", ()):
            return w
        for child in getattr(w, "children", ()):
            got = find(child)
            if got is not None:
                return got
        return None

    find(form.widget).click()


def test_adding_alternatives_from_every_source(form, orville, orville_front, tmp_path):
    form.frontier_point.value = 5
    click(form, "orville-ws-add-frontier")
    sixth = frontier_name(orville_front, 5)
    assert sixth == "Frontier 6 (EWD 6,091, Range#ED 14.27)"  # real-valued Range#ED as shown
    assert list(form.draft.alternatives) == [sixth]
    assert f'data-name="{sixth}"' in form.alt_table.value
    form.explorer.set_school("Leland", "Colter")
    form.alt_name.value = "My tweak"
    click(form, "orville-ws-add-explorer")
    assert form.draft.alternatives["My tweak"].plan == form.explorer.plan
    assert form.alt_name.value == ""  # cleared for the next one
    csv = write_plan(orville_front[0].solution, tmp_path / "stage1.csv")
    form.csv_path.value = str(csv)
    click(form, "orville-ws-add-csv")
    assert form.draft.alternatives["stage1"].plan == read_plan(csv)
    form.upload.value = ({"name": "status quo.csv", "type": "text/csv", "size": 0,
                          "last_modified": datetime.now(UTC),
                          "content": memoryview((Path(__file__).parent.parent / "data"
                                                 / "orville" / "current_plan.csv").read_bytes())},)
    assert "status quo" in form.draft.alternatives
    assert form.upload.value == ()  # ready for the next file
    assert "orville-ws-infeasible" in form.alt_table.value  # the status quo overloads Mason
    assert (form.draft.folder / "uploads" / "status_quo.csv").is_file()
    assert list(form.remove_choice.options) == list(form.draft.alternatives)
    assert list(form.test_alternative.options) == list(form.draft.alternatives)
    assert list(form.recommend.options) == [NONE, *form.draft.alternatives]


def test_a_refused_add_shows_the_reason(form, orville_front):
    form.frontier_point.value = 0
    click(form, "orville-ws-add-frontier")
    click(form, "orville-ws-add-frontier")
    assert "already an alternative" in form.alt_message.value
    form.csv_path.value = "no/such/file.csv"
    click(form, "orville-ws-add-csv")
    assert "plan file not found" in form.alt_message.value
    assert len(form.draft.alternatives) == 1


def test_an_alternative_is_always_selected_for_the_tests(form, orville_front):
    assert form.test_alternative.value is None
    assert all(a.disabled for a in form.test_areas.values())  # nothing to test yet
    click(form, "orville-ws-add-frontier")
    first = list(form.draft.alternatives)[0]
    assert form.test_alternative.value == first
    assert not any(a.disabled for a in form.test_areas.values())
    form.test_areas["colleague"].value = "my classmates disagree"
    assert reopen(form.draft).tests == {first: {"colleague": "my classmates disagree"}}
    again = WorksheetForm(reopen(form.draft), orville_front, figures=False)  # a re-run
    assert again.test_alternative.value == first
    assert again.test_areas["colleague"].value == "my classmates disagree"
    form.remove_choice.value = first
    click(form, "orville-ws-remove")
    assert form.test_alternative.value is None
    assert all(a.disabled for a in form.test_areas.values())


def test_tests_table_follows_the_selected_alternative(form, orville_front):
    for k in (0, 7):
        form.frontier_point.value = k
        click(form, "orville-ws-add-frontier")
    a, b = form.draft.alternatives
    form.test_alternative.value = a
    form.test_areas["harm"].value = "long rides for Owl Ridge"
    form.test_alternative.value = b
    assert form.test_areas["harm"].value == ""
    form.test_areas["harm"].value = "fewer long rides"
    form.test_alternative.value = a
    assert form.test_areas["harm"].value == "long rides for Owl Ridge"
    assert reopen(form.draft).tests == {a: {"harm": "long rides for Owl Ridge"},
                                        b: {"harm": "fewer long rides"}}
    assert form.tests_overview.value.count("✓") == 2


def test_recommend_and_remove(form):
    for k in (0, 7):
        form.frontier_point.value = k
        click(form, "orville-ws-add-frontier")
    a, b = form.draft.alternatives
    form.recommend.value = b
    assert reopen(form.draft).recommended == b and "★" in form.alt_table.value
    form.remove_choice.value = b
    click(form, "orville-ws-remove")
    assert form.recommend.value == NONE and form.draft.recommended == ""
    assert list(form.draft.alternatives) == [a] and "removed" in form.alt_message.value


def test_export_button(form, orville_front):
    click(form, "orville-ws-export")
    assert "type your name" in form.export_status.value
    form.student.value = "Ada"
    form.frontier_point.value = 0
    click(form, "orville-ws-add-frontier")
    click(form, "orville-ws-export")
    status = form.export_status.value
    assert "Exported at" in status and "Ada.zip" in status and "4 more alternative" in status
    assert (form.draft.folder / "hand_in" / "Ada" / "worksheet.json").is_file()


def test_complete_form_export_has_nothing_missing(complete, orville_front):
    form = WorksheetForm(complete, orville_front, figures=False)
    assert form.recommend.value == complete.recommended
    form.export()
    assert "✓ nothing missing" in form.export_status.value


def test_form_figure_is_redrawn_and_closed(complete, orville_front, monkeypatch):
    plt.close("all")  # figures an earlier test in this process left open are not the form's
    drawn = []

    def spy(draft, front):
        drawn.append(list(draft.alternatives))
        return plot_alternatives(draft, front)

    monkeypatch.setattr(worksheet_widgets, "plot_alternatives", spy)
    form = WorksheetForm(complete, orville_front, figures=True)
    form.remove_choice.value = list(complete.alternatives)[0]
    click(form, "orville-ws-remove")
    assert [len(d) for d in drawn] == [5, 4]
    assert plt.get_fignums() == []


def test_export_folder_can_be_moved_and_still_graded(complete, orville, orville_front, tmp_path):
    result = complete.export()
    moved = tmp_path / "collected" / "ada"
    shutil.copytree(result.folder, moved)
    graded = grading.grade_class(moved.parent, orville, front=orville_front, quiet=True)
    assert graded.students[0].flags == []


def test_check_ed_shares(orville, orville_front, capsys):
    plans = [p.solution for p in orville_front[:3]]
    assert ec.check_ed_shares(lambda p: ec.ed_shares(orville, p), orville, plans)
    shares = ec.ed_shares(orville, plans[0])
    r = evaluate(orville, plans[0])
    assert shares == {s: r.ed[s] / r.load[s] for s in orville.schools}
    by_capacity = {s: r.ed[s] / orville.capacity[s] for s in orville.schools}
    assert not ec.check_ed_shares(lambda p: by_capacity, orville, plans)
    assert "Divide the ED students" in capsys.readouterr().out
    assert not ec.check_ed_shares(lambda p: [0.1], orville, plans)
    assert "one entry per school" in capsys.readouterr().out
    as_text = {s: "0.3" if k else "about a third" for k, s in enumerate(orville.schools)}
    assert not ec.check_ed_shares(lambda p: as_text, orville, plans)  # no raise
    assert "should be a number" in capsys.readouterr().out
