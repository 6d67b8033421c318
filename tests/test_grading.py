"""The grader: lenient reading, every flag, frontier gaps, and one broken student never blocks
the rest of the class."""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orville_case.core.paths import dataset_dir
from orville_case.ethics import grading
from orville_case.ethics.submission import STEPS, TESTS, Worksheet, write_submission
from orville_case.zoning.plans import evaluate, read_plan

CURRENT = dataset_dir("orville") / "current_plan.csv"


def submit(folder: Path, d, front, *, n: int = 5, recommended: int = 0, extra=None) -> Path:
    """A complete, clean submission: ``n`` frontier plans (+ ``extra`` name -> plan)."""
    plans = {f"Point {k + 1}": dict(p.solution) for k, p in enumerate(front[:n])}
    plans.update(extra or {})
    names = list(plans)
    ws = Worksheet(student=folder.name, recommended=names[recommended],
                   origins=dict.fromkeys(names, "ε-constraint"))
    ws.steps = {k: f"answer to step {k}" for k in STEPS}
    ws.tests = {name: dict.fromkeys(TESTS, "yes") for name in names}
    metrics = {name: evaluate(d, p).as_dict() for name, p in plans.items()}
    return write_submission(folder, ws, plans, metrics)


def edit_json(folder: Path, **changes) -> None:
    path = folder / "worksheet.json"
    data = json.loads(path.read_text())
    data.update(changes)
    path.write_text(json.dumps(data))


def rewrite(path: Path, text: str) -> None:
    path.write_text(text)


def alt(folder: Path, k: int = 1) -> Path:
    return folder / "alternatives" / f"Point_{k}.csv"


def zip_dir(folder: Path, archive: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(archive, "w") as zf:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                zf.write(f, prefix + f.relative_to(folder).as_posix())
    return archive


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# --- one mutation per flag: (folder, d, front, tmp) -> the student's entry path ---


def _zip(f, d, front, tmp):
    archive = zip_dir(f, tmp / "zipped.zip", "export/")
    return archive


def _zip_unsafe(f, d, front, tmp):
    archive = zip_dir(f, tmp / "evil.zip")
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr("../../escaped.txt", "gotcha")
        zf.writestr("/abs.txt", "gotcha")
    return archive


def _unreadable(f, d, front, tmp):
    alt(f).write_bytes(b"\x00\x01\x02PK-ish garbage\xff" * 30)
    return f


def _no_submission(f, d, front, tmp):
    empty = tmp / "empty_student"
    empty.mkdir()
    (empty / ".DS_Store").write_bytes(b"\0")
    return empty


def _worksheet_invalid(f, d, front, tmp):
    sheet = f / "worksheet.json"
    sheet.write_text(sheet.read_text()[:100])
    return f


def _worksheet_by_hand(f, d, front, tmp):
    (f / "worksheet.json").unlink()
    (f / "worksheet.md").unlink()
    (f / "My worksheet.docx").write_bytes(b"PK\x03\x04 a Word file")
    return f


def _file_missing(f, d, front, tmp):
    alt(f, 2).unlink()
    return f


def _extra_file(f, d, front, tmp):
    (f / "alternatives" / "old_draft.csv").write_text(alt(f).read_text())
    return f


def _columns(f, d, front, tmp):
    rows = _csv_rows(alt(f).read_text())[1:]
    rewrite(alt(f), "School,Zone\n" + "".join(f"{s},{z}\n" for z, s in rows))
    return f


def _delimiter(f, d, front, tmp):
    rewrite(alt(f), alt(f).read_text().replace(",", ";"))
    return f


def _names_normalised(f, d, front, tmp):
    rows = _csv_rows(alt(f).read_text())
    rewrite(alt(f), "zone,school\n" + "".join(f" {z.upper()} ,{s.lower()}  \n"
                                              for z, s in rows[1:]))
    return f


def _unknown_name(f, d, front, tmp):
    rewrite(alt(f), alt(f).read_text().replace("Mason", "Jefferson"))
    return f


def _missing_zone(f, d, front, tmp):
    lines = alt(f).read_text().splitlines(keepends=True)
    rewrite(alt(f), "".join(ln for ln in lines if not ln.startswith("Leland,")))
    return f


def _split_zone(f, d, front, tmp):
    plan = read_plan(alt(f))
    other = next(s for s in d.schools if s != plan["Leland"])
    rewrite(alt(f), alt(f).read_text() + f"Leland,{other}\n")
    return f


def _too_few(f, d, front, tmp):
    return submit(tmp / "four", d, front, n=4)


def _duplicates(f, d, front, tmp):
    return submit(tmp / "dup", d, front, extra={"Copy": dict(front[0].solution)})


def _steps_missing(f, d, front, tmp):
    edit_json(f, steps={"1": "x", "2": "  ", "3": "_(not answered yet)_", "4": STEPS["4"][1]})
    return f


def _tests_missing(f, d, front, tmp):
    edit_json(f, tests={"Point 1": {"harm": "fine"}})
    return f


def _no_recommendation(f, d, front, tmp):
    edit_json(f, recommended="Plan Z")
    return f


def _recommended_infeasible(f, d, front, tmp):
    return submit(tmp / "status_quo", d, front, recommended=5,
                  extra={"Status quo": read_plan(CURRENT)})


def _recommended_dominated(f, d, front, tmp):
    def on_front(r) -> bool:  # Range#ED is real-valued: compare with a tolerance
        return any(r.ewd == pytest.approx(p.f1) and r.range_ed == pytest.approx(p.f2)
                   for p in front)

    start = front[0].solution  # one zone moved: a different, feasible plan off the frontier
    moves = ({**start, z: s} for z in d.zones for s in d.schools if start[z] != s)
    plan = next(p for p in moves if evaluate(d, p).feasible and not on_front(evaluate(d, p)))
    return submit(tmp / "dominated", d, front, recommended=5, extra={"Detour": plan})


def _data_mismatch(f, d, front, tmp):
    edit_json(f, data="springfield")
    return f


def encrypt(archive: Path, names: tuple[str, ...] = ()) -> Path:
    """Mark zip entries as password-protected (all, or those in ``names``), as a zip tool does:
    bit 0 of the general-purpose flags in the local and the central header."""
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        infos = [i for i in zf.infolist() if not names or i.filename in names]
    for info in infos:
        data[info.header_offset + 6] |= 1  # local header
    pos = data.find(b"PK\x01\x02")
    while pos != -1:  # central directory: name at offset 46, length at 28
        name = bytes(data[pos + 46: pos + 46 + int.from_bytes(data[pos + 28:pos + 30], "little")])
        if not names or name.decode() in names:
            data[pos + 8] |= 1
        pos = data.find(b"PK\x01\x02", pos + 4)
    archive.write_bytes(bytes(data))
    return archive


def _zip_encrypted(f, d, front, tmp):
    return encrypt(zip_dir(f, tmp / "locked.zip"), ("alternatives/Point_1.csv",))


def _symlink(f, d, front, tmp):
    (tmp / "outside.csv").write_text("zone,school\nSECRET-OUTSIDE,Mason\n")
    alt(f).unlink()
    alt(f).symlink_to(tmp / "outside.csv")
    return f


def _too_large(f, d, front, tmp):
    """A zip of zips that unpacks beyond the budget; small on disk (zeros compress ~1000×)."""
    work = zip_dir(f, tmp / "a_work.zip")
    inner = tmp / "inner.zip"
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.bin", bytes(grading.SUBMISSION_BUDGET // 4))
    archive = tmp / "bomb.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(work, "a_work.zip")
        for k in range(6):
            zf.write(inner, f"part{k}.zip")
    return archive


def _name_not_utf8(f, d, front, tmp):
    target = Path(os.fsdecode(bytes(tmp / "x")[:-1] + b"caf\xe9"))
    f.rename(target)
    return target


def _worksheet_shape(f, d, front, tmp):
    edit_json(f, alternatives=42)
    return f


def _json_too_deep(f, d, front, tmp):
    (f / "worksheet.json").write_text('{"steps": ' + "[" * 200_000 + "]" * 200_000 + "}")
    return f


def _cell_too_long(f, d, front, tmp):
    rewrite(alt(f), alt(f).read_text() + "Leland," + "M" * (128 * 1024) + "\n")
    return f


def _grader_error(f, d, front, tmp):
    (f / "BOOM").write_text("")  # the monkeypatched analysis below fails on this student
    return f


MUTATIONS = {
    "zip": _zip, "zip-unsafe": _zip_unsafe, "unreadable": _unreadable,
    "no-submission": _no_submission, "worksheet-invalid": _worksheet_invalid,
    "worksheet-by-hand": _worksheet_by_hand, "file-missing": _file_missing,
    "extra-file": _extra_file, "columns": _columns, "delimiter": _delimiter,
    "names-normalised": _names_normalised, "unknown-name": _unknown_name,
    "missing-zone": _missing_zone, "split-zone": _split_zone,
    "too-few-alternatives": _too_few, "duplicates": _duplicates,
    "steps-missing": _steps_missing, "tests-missing": _tests_missing,
    "no-recommendation": _no_recommendation, "recommended-infeasible": _recommended_infeasible,
    "recommended-dominated": _recommended_dominated, "grader-error": _grader_error,
    "data-mismatch": _data_mismatch, "zip-encrypted": _zip_encrypted, "symlink": _symlink,
    "too-large": _too_large, "name-not-utf8": _name_not_utf8,
    "worksheet-shape": _worksheet_shape, "json-too-deep": _json_too_deep,
    "cell-too-long": _cell_too_long,
}
# the four former "grader-error" cases keep the rest of the student's work: distinct plans left
KEEPS_THE_REST = {"zip-encrypted": 4, "worksheet-shape": 5, "json-too-deep": 5,
                  "cell-too-long": 4, "symlink": 4, "name-not-utf8": 5}


def test_every_flag_has_a_test():
    assert set(MUTATIONS) == set(grading.FLAGS)


@pytest.fixture
def broken_analyse(monkeypatch):
    real = grading._analyse

    def analyse(res, root, *args):
        if (root / "BOOM").exists():
            raise RuntimeError("simulated grader bug")
        return real(res, root, *args)

    monkeypatch.setattr(grading, "_analyse", analyse)


@pytest.mark.parametrize("code", sorted(MUTATIONS))
def test_flag_raised_and_the_rest_of_the_class_graded(code, tmp_path, orville, orville_front,
                                                      broken_analyse):
    cls = tmp_path / "class"
    submit(cls / "alice", orville, orville_front)
    victim = submit(tmp_path / "work" / "bob", orville, orville_front)
    entry = MUTATIONS[code](victim, orville, orville_front, tmp_path / "work")
    target = cls / entry.name
    entry.rename(target)
    submit(cls / "zoe", orville, orville_front)
    result = grading.grade_class(cls, orville, front=orville_front, quiet=True)
    by_name = {s.student: s for s in result.students}
    assert len(result.students) == 3
    for good in ("alice", "zoe"):
        s = by_name[good]
        assert s.flags == [] and len(s.distinct) == 5 and s.recommended == "Point 1"
        assert s.row()["n_on_frontier"] == 5 and s.row()["has_ewd_optimum"] == "yes"
    bad = by_name[grading.shown(target.stem if target.is_file() else target.name)]
    assert code in {f.code for f in bad.flags}, [str(f) for f in bad.flags]
    assert all(f.message for f in bad.flags)
    if code != "grader-error":
        assert "grader-error" not in {f.code for f in bad.flags}, [str(f) for f in bad.flags]
    if code in KEEPS_THE_REST:
        assert len(bad.distinct) == KEEPS_THE_REST[code], [str(f) for f in bad.flags]
    assert not (tmp_path / "escaped.txt").exists() and not Path("/abs.txt").exists()


def test_clean_submission_numbers(tmp_path, orville, orville_front):
    folder = submit(tmp_path / "c" / "ann", orville, orville_front, n=8, recommended=5,
                    extra={"Status quo": read_plan(CURRENT)})
    (s,) = grading.grade_class(folder.parent, orville, front=orville_front, quiet=True).students
    row = s.row()
    assert row["n_alternatives"] == 9 and row["n_distinct"] == 9 and row["n_feasible"] == 8
    assert row["n_on_frontier"] == 8 and row["has_ewd_optimum"] == "yes"
    assert row["steps_answered"] == "1,2,3,4,5,6,7" and row["tests_answered"] == "63/63"
    assert row["recommended"] == "Point 6" and row["recommended_on_frontier"] == "yes"
    assert row["recommended_ewd"] == f"{orville_front[5].f1:.1f}".removesuffix(".0")
    quo = next(p for p in s.plans if p.name == "Status quo")
    assert not quo.feasible and quo.gaps is None and any("over capacity" in v
                                                         for v in quo.violations)


def test_repaired_files_give_the_same_numbers_as_clean_ones(tmp_path, orville, orville_front):
    """Column order, renamed headers, ';', tabs, case and padding change nothing but flags."""
    submit(tmp_path / "c" / "clean", orville, orville_front)
    messy = submit(tmp_path / "c" / "messy", orville, orville_front)
    for k, (header, fmt) in enumerate([
            ("School;Elementary Zone", lambda z, s: f"{s};{z}"),
            ("zone\tschool\tnote", lambda z, s: f"{z}\t{s}\tok"),
            ("  ZONE ,  school ", lambda z, s: f"  {z.lower()},{s.upper()} "),
            ("", lambda z, s: f"{z},{s}")], start=1):
        rows = _csv_rows(alt(messy, k).read_text())[1:]
        rewrite(alt(messy, k), (header + "\n" if header else "")
                + "".join(fmt(z, s) + "\n" for z, s in rows))
    result = grading.grade_class(tmp_path / "c", orville, front=orville_front, quiet=True)
    a, b = result.students
    assert [p.plan for p in a.plans] == [p.plan for p in b.plans]
    assert a.row() | {"student": "", "author": ""} == b.row() | {
        "student": "", "author": "", "flags": "", "flag_messages": "", "n_flags": 0}
    assert {"columns", "delimiter", "names-normalised"} == {f.code for f in b.flags}
    assert any("no header row" in f.message for f in b.flags)


def test_excel_plan_is_read(tmp_path, orville, orville_front):
    from openpyxl import Workbook

    folder = submit(tmp_path / "c" / "xl", orville, orville_front)
    wb = Workbook()
    sheet = wb.active
    sheet.append(["Zone", "School"])
    for z, s in read_plan(alt(folder)).items():
        sheet.append([z, s])
    wb.save(folder / "alternatives" / "Point_1.xlsx")
    alt(folder).unlink()
    edit_json(folder, alternatives=[
        {"name": a["name"], "file": a["file"].replace("Point_1.csv", "Point_1.xlsx")}
        for a in json.loads((folder / "worksheet.json").read_text())["alternatives"]])
    (s,) = grading.grade_class(folder.parent, orville, front=orville_front, quiet=True).students
    assert s.plans[0].on_frontier and s.plans[0].ewd_optimal


def test_zip_in_folder_with_wrapper_and_macos_clutter(tmp_path, orville, orville_front):
    inner = submit(tmp_path / "w" / "x", orville, orville_front, recommended=2)
    student = tmp_path / "c" / "carl"
    student.mkdir(parents=True)
    archive = zip_dir(inner, student / "export.zip", "My Export/")
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr("__MACOSX/My Export/._worksheet.json", b"\0\5junk")
    (s,) = grading.grade_class(student.parent, orville, front=orville_front,
                               quiet=True).students
    assert [f.code for f in s.flags] == ["zip"]
    assert s.recommended == "Point 3" and len(s.distinct) == 5


def test_bad_zip_and_markdown_fallback_recommendation(tmp_path, orville, orville_front):
    cls = tmp_path / "c"
    cls.mkdir()
    (cls / "broken.zip").write_bytes(b"PK\x03\x04 truncated")
    md_only = submit(cls / "md", orville, orville_front, recommended=3)
    (md_only / "worksheet.json").unlink()
    result = grading.grade_class(cls, orville, front=orville_front, quiet=True)
    broken, md = result.students
    assert [f.code for f in broken.flags] == ["unreadable"]
    assert md.worksheet == "md" and md.recommended == "Point_4"
    assert [f.code for f in md.flags] == ["worksheet-by-hand"]
    assert md.row()["steps_answered"] == ""


def test_safe_extract_keeps_everything_inside(tmp_path):
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ok/file.csv", "zone,school\n")
        zf.writestr("ok/../../up.txt", "x")
        zf.writestr("..\\win.txt", "x")
        link = zipfile.ZipInfo("link")
        link.external_attr = 0o120777 << 16
        zf.writestr(link, "/etc/passwd")
    dest = tmp_path / "out"
    skipped = grading.safe_extract(archive, dest)
    assert sorted(skipped["unsafe"]) == sorted(["ok/../../up.txt", "..\\win.txt"])
    assert skipped["link"] == ["link"]
    assert [p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()] == \
        ["ok/file.csv"]
    assert not (tmp_path / "up.txt").exists() and not (tmp_path / "win.txt").exists()


def test_the_budget_counts_bytes_written_over_nested_archives(tmp_path):
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.bin", bytes(3000))
    budget = grading.Budget(size=10_000, entries=100)
    for k in range(5):  # five archives share one budget: the fourth is cut off
        skipped = grading.safe_extract(inner, tmp_path / f"out{k}", budget)
        assert budget.used <= 10_000
    assert budget.exceeded and skipped["budget"] == ["zeros.bin"]
    assert not (tmp_path / "out4" / "zeros.bin").exists()  # partial files removed


def test_a_zip_that_lies_about_its_sizes_is_stopped(tmp_path):
    archive = tmp_path / "liar.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.bin", bytes(50_000))
    data = bytearray(archive.read_bytes())  # declare 10 bytes in both headers
    data[22:26] = (10).to_bytes(4, "little")
    cd = data.find(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (10).to_bytes(4, "little")
    archive.write_bytes(bytes(data))
    budget = grading.Budget(size=20_000)
    skipped = grading.safe_extract(archive, tmp_path / "out", budget)
    assert sum(f.stat().st_size for f in (tmp_path / "out").rglob("*") if f.is_file()) <= 20_000
    assert skipped["budget"] or skipped["broken"]


def test_spreadsheet_safe_cells():
    safe = grading.spreadsheet_safe
    for bad in ("=1+1", '=HYPERLINK("http://x","y")', "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx",
                "  =1+1"):
        assert safe(bad) == "'" + bad
    for good in ("6090.9", "-3", "+4.5", "Plan A", "", "zone = school", 12.5, 3):
        assert safe(good) == good


def test_listed_file_outside_the_submission_is_refused(tmp_path, orville, orville_front):
    folder = submit(tmp_path / "c" / "eve", orville, orville_front)
    (tmp_path / "secret.csv").write_text(alt(folder).read_text())
    data = json.loads((folder / "worksheet.json").read_text())
    data["alternatives"][0]["file"] = "../../secret.csv"
    (folder / "worksheet.json").write_text(json.dumps(data))
    (s,) = grading.grade_class(folder.parent, orville, front=orville_front, quiet=True).students
    assert "file-missing" in {f.code for f in s.flags} and s.plans[0].plan is None


def test_class_errors_are_course_errors(tmp_path, orville, orville_front):
    from orville_case.core.errors import OrvilleError

    with pytest.raises(OrvilleError, match="submissions folder not found"):
        grading.grade_class(tmp_path / "nope", orville, front=orville_front)
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(OrvilleError, match="no student sub-folders"):
        grading.grade_class(tmp_path, orville, front=orville_front)


def test_tables_have_the_gradebook_columns(tmp_path, orville, orville_front):
    submit(tmp_path / "c" / "ann", orville, orville_front)
    result = grading.grade_class(tmp_path / "c", orville, front=orville_front, quiet=True)
    book, plans = grading.write_tables(result, tmp_path / "out")
    header = next(csv.reader(book.open()))
    assert {"student", "n_alternatives", "n_distinct", "n_feasible", "n_on_frontier",
            "has_ewd_optimum", "steps_answered", "recommended", "recommended_feasible",
            "recommended_on_frontier", "flags"} <= set(header)
    rows = list(csv.DictReader(plans.open()))
    assert tuple(rows[0]) == grading.PLAN_COLUMNS and len(rows) == 5
    assert [r["on_frontier"] for r in rows] == ["yes"] * 5
    assert [r["ewd_gap"] for r in rows] == ["0"] * 5


def test_frontier_gaps_example():
    front = [(10.0, 5.0), (8.0, 7.0), (6.0, 9.0)]
    assert grading.frontier_gaps(front, 8, 7) == grading.Gaps(True, 0, 0)
    assert grading.frontier_gaps(front, 10, 8) == grading.Gaps(False, 2, 3)
    assert grading.frontier_gaps(front, 9, 9) == grading.Gaps(False, 3, 2)


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), min_size=1, max_size=8),
       st.integers(0, 60), st.integers(0, 60))
def test_frontier_gaps_properties(raw, x, y):
    """For any point the frontier does not beat: gaps ≥ 0, and 0/0 exactly on the frontier."""
    front = sorted({(float(a), float(b)) for a, b in raw
                    if not any(c <= a and e <= b and (c, e) != (a, b) for c, e in raw)})
    beaten = any(a <= x and b <= y for a, b in front)
    gaps = grading.frontier_gaps(front, x, y)
    if beaten:
        assert gaps.ewd_gap >= 0 and gaps.range_gap >= 0
        assert gaps.on_frontier == ((x, y) in front) == (gaps.ewd_gap == gaps.range_gap == 0)
    else:
        assert not gaps.on_frontier


# --- rubric columns, the review rule, real-valued c_i, report content ---


def test_rubric_columns_filled_where_the_grader_can_judge(tmp_path, orville, orville_front):
    from orville_case.ethics.rubric import RUBRIC

    submit(tmp_path / "c" / "ann", orville, orville_front)  # complete
    four = submit(tmp_path / "c" / "bo", orville, orville_front, n=4, recommended=3)
    edit_json(four, steps={"1": "only one step"}, tests={})
    md = submit(tmp_path / "c" / "cy", orville, orville_front)
    (md / "worksheet.json").unlink()
    result = grading.grade_class(tmp_path / "c", orville, front=orville_front, quiet=True)
    book, _ = grading.write_tables(result, tmp_path / "out")
    rows = {r["student"]: r for r in csv.DictReader(book.open())}
    columns = [c.column for c in RUBRIC]
    assert [c for c in next(iter(rows.values())) if c.startswith("rubric_")] == columns
    assert sum(c.weight for c in RUBRIC) == 100
    ann, bo, cy = rows["ann"], rows["bo"], rows["cy"]
    assert [ann[c] for c in columns] == ["10", "15", "", "", "20", ""]
    # bo: EWD optimum yes, 4 of 5 alternatives, 1 of 7 steps and 0 tests → 20 × (1/7 + 0)/2
    assert [bo[c] for c in columns] == ["10", "12", "", "", "1.4", ""]
    assert cy["rubric_O3_seven_steps"] == ""  # by hand: not the grader's to judge
    assert all(r[c] == "" for r in rows.values() for c in columns
               if next(x for x in RUBRIC if x.column == c).share is None)


def test_one_rule_for_needs_a_human_look():
    assert grading.needs_review("duplicates") and not grading.needs_review("zip")
    res = grading.StudentResult("s", "src")
    res.flag("zip", "repaired")
    res.flag("symlink", "refused")
    assert [f.code for f in res.review_flags] == ["symlink"]
    with pytest.raises(ValueError, match="unknown flag code"):
        res.flag("no-such-flag", "x")


def test_long_flag_messages_are_cut():
    res = grading.StudentResult("s", "src")
    res.flag("unknown-name", "x" * 5000)
    assert len(res.flags[0].message) < grading.MAX_MESSAGE + 40


def test_real_valued_range_ed_is_shown_with_up_to_two_decimals(tmp_path, orville, orville_front):
    """c_i = b_i × ED share is real-valued (case §2.2): Range#ED shows as 101.12, 12.3, 37."""
    from dataclasses import replace

    from orville_case.ethics import report
    from orville_case.zoning.plans import fmt_ed

    assert [fmt_ed(v) for v in (37, 37.0, 12.3, 101.123, 12.299999999, 1234.5)] == \
        ["37", "37", "12.3", "101.12", "12.3", "1,234.5"]
    assert grading._range(1234.567) == "1234.57"  # CSV: no thousands separator
    res = grading.StudentResult("s", "src")
    res.plans.append(grading.PlanResult("A", "a.csv", gaps=grading.Gaps(False, 1.0, 2.345)))
    assert res.plan_rows()[0]["range_gap"] == "2.35"
    submit(tmp_path / "c" / "ann", orville, orville_front)
    front = [replace(p, f2=p.f2 + 0.125) for p in orville_front]
    result = grading.grade_class(tmp_path / "c", orville, front=front, quiet=True)
    html = report.render_html(result, quiet=True)
    assert f"<td class=n>{fmt_ed(front[0].f2)}</td>" in html and ">42.18<" in html  # 42.1792


def test_report_shows_every_step_collapsed_and_takes_extra_sections(tmp_path, orville,
                                                                    orville_front):
    from orville_case.ethics import report

    folder = submit(tmp_path / "c" / "ann", orville, orville_front)
    edit_json(folder, steps={k: f"distinct text of step {k} $x$ <b>" for k in STEPS})
    result = grading.grade_class(tmp_path / "c", orville, front=orville_front, quiet=True)
    html = report.render_html(result, extra=[("Survey", "<p>survey body</p>")], quiet=True)
    assert html.count('<details class="step-text"') == len(STEPS)
    assert html.count('<details class="step-text" open>') == 1  # step 6
    for k in STEPS:
        assert f"distinct text of step {k} $x$ &lt;b&gt;" in html
    assert "<h2>Survey</h2><p>survey body</p>" in html
    assert html.index("<h2>Survey</h2>") > html.index("<h2>Gradebook</h2>")


def test_student_text_is_drawn_without_mathtext(tmp_path, orville, orville_front):
    from orville_case.ethics import report

    folder = submit(tmp_path / "c" / "x", orville, orville_front)
    folder.rename(tmp_path / "c" / "$\\frac{x$")
    result = grading.grade_class(tmp_path / "c", orville, front=orville_front, quiet=True)
    fig = report.student_figure(result, result.students[0])
    fig.savefig(io.BytesIO(), format="png")  # mathtext would raise here
    assert fig.axes[0].get_title() == "\\$\\frac{x\\$"
    report.alternatives_figure(result).savefig(io.BytesIO(), format="png")


def test_grade_command_cannot_write_its_results(tmp_path):
    import subprocess
    import sys

    cls = tmp_path / "c"
    cls.mkdir()
    (cls / "ann").mkdir()
    (tmp_path / "out").write_text("a file where the output folder should be")
    run = subprocess.run([sys.executable, "-m", "orville_case", "grade", str(cls), "--out",
                          str(tmp_path / "out")], capture_output=True, text=True)
    # refused before grading: one line, exit 2
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.count("\n") == 1 and "is a file, not a folder" in run.stderr
    assert "--out" in run.stderr
    # a folder that passes that check but where the write itself fails (root ignores
    # permissions, so a folder stands where gradebook.csv is to be written)
    (tmp_path / "out2" / "gradebook.csv").mkdir(parents=True)
    run = subprocess.run([sys.executable, "-m", "orville_case", "grade", str(cls), "--out",
                          str(tmp_path / "out2")], capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "cannot write the results" in run.stderr and "--out" in run.stderr
