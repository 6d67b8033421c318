"""Regenerate the SYNTHETIC sample submissions in ``examples/sample_submissions/``.

    python examples/make_sample_submissions.py [OUT_DIR]

Every plan comes from the shipped ORville data (frontier points, the pre-rezoning plan and a
greedy repair of it), so the samples follow the data and the submission format
(:func:`orville_case.ethics.submission.write_submission`). The broken ones are the same kind of
export,
damaged the way real hand-ins are: renamed/reordered columns and ';' delimiters, a missing zone,
a truncated worksheet.json and a corrupt CSV, zips with macOS clutter, no worksheet.json.
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

from orville_case.core.paths import dataset_dir
from orville_case.ethics.submission import STEPS, TESTS, Worksheet, write_submission
from orville_case.zoning import tradeoffs
from orville_case.zoning.data import District, load_district
from orville_case.zoning.plans import Plan, evaluate, fmt_ed, read_plan

OUT = Path(__file__).resolve().parent / "sample_submissions"
STAMP = (2024, 1, 15, 12, 0, 0)  # fixed zip timestamps: regenerating gives identical bytes


def repaired(d: District, plan: Plan) -> Plan:
    """Greedy hand repair: while a school is over capacity, move the zone whose move to a school
    with room adds the fewest student-miles b_i (h_new − h_old)."""
    plan = dict(plan)
    while not evaluate(d, plan).feasible:
        load = evaluate(d, plan).load
        moves = [(d.students[z] * (d.miles[z, t] - d.miles[z, s]), z, t)
                 for z, s in plan.items() if load[s] > d.capacity[s]
                 for t in d.schools if load[t] + d.students[z] <= d.capacity[t]]
        _, z, t = min(moves)
        plan[z] = t
    return plan


def knee(front: list) -> object:
    """The frontier point closest to the ideal point after scaling both objectives to [0, 1]."""
    f1 = [p.f1 for p in front]
    f2 = [p.f2 for p in front]

    def dist(p) -> float:
        return (((p.f1 - min(f1)) / (max(f1) - min(f1))) ** 2
                + ((p.f2 - min(f2)) / (max(f2) - min(f2))) ** 2)
    return min(front, key=dist)


def metrics(d: District, plans: dict[str, Plan]) -> dict[str, dict]:
    return {n: evaluate(d, p).as_dict() for n, p in plans.items()}


def strong(d: District, front: list, folder: Path, student: str) -> Path:
    """Six alternatives from four methods, all seven steps and tests answered with numbers."""
    lo, hi, mid = front[0], front[-1], knee(front)
    unsupported = next(p for p in front if p.supported is False)
    plans = {"Min EWD (stage 1)": lo.solution, "Min Range#ED": hi.solution,
             "Compromise (knee)": mid.solution, "Unsupported eps-point": unsupported.solution,
             "Repaired current plan": repaired(d, read_plan(_current())),
             "Second-best equity": front[-2].solution}
    m = metrics(d, plans)
    ws = Worksheet(student=student, recommended="Compromise (knee)", origins={
        "Min EWD (stage 1)": "single-objective MILP (stage 1)",
        "Min Range#ED": "lexicographic min Range#ED, then EWD",
        "Compromise (knee)": "ε-constraint frontier, point closest to the ideal",
        "Unsupported eps-point": "ε-constraint: not reachable by any weighted sum",
        "Repaired current plan": "by hand: current zones, moved until capacities hold",
        "Second-best equity": "ε-constraint frontier"})
    extra = m["Compromise (knee)"]["ewd"] - lo.f1
    ws.steps = {
        "1": "The board must assign nine elementary zones to three middle schools within "
             "capacity. It is ethical as well as technical: who rides longer and how "
             "economically disadvantaged (ED) students are spread across schools are choices "
             "about fairness, not only cost.",
        "2": f"EWD ranges from {lo.f1:,.1f} to {hi.f1:,.1f} student-miles on the frontier and "
             f"Range#ED from {fmt_ed(hi.f2)} to {fmt_ed(lo.f2)}. Enrollments and ED counts are "
             "estimates (3rd+4th grade enrollments, ED percentages); a different estimate of ED in "
             "one zone could reorder the middle of the frontier.",
        "3": "Students and families (ride time, friendships), teachers (classroom needs), the "
             "board (its stated priorities: continuity, proximity, equity), taxpayers (bus "
             "cost), the IISE code (public welfare), capacity law.",
        "4": f"Six alternatives from four methods; {len(front)} frontier points exist and I "
             "kept the two extremes, the knee, an unsupported point and a by-hand repair of the "
             "current plan so the board sees what the status quo costs.",
        "5": "See the table: I applied the seven tests to every alternative.",
        "6": f"I recommend the compromise: it costs {extra:,.1f} student-miles more than the "
             f"EWD optimum but cuts Range#ED from {fmt_ed(lo.f2)} to {fmt_ed(mid.f2)}. The "
             "extremes each sacrifice one board priority almost entirely; the compromise passes "
             "the publicity and reversibility tests best.",
        "7": "Range#ED counts students, not shares; a percentage metric (nonlinear) might tell "
             "the board more. Next time I would ask for ride times rather than miles.",
    }
    for name in plans:
        ws.tests[name] = {k: f"{name}: considered ({k})" for k in TESTS}
    return write_submission(folder, ws, plans, m, data=d.name)


def _current() -> Path:
    return dataset_dir("orville") / "current_plan.csv"


def weak(d: District, front: list, folder: Path, student: str) -> Path:
    """Five names but four distinct plans, the status quo (infeasible), no EWD optimum, three
    steps answered, a dominated recommendation."""
    status_quo = read_plan(_current())
    fix = repaired(d, status_quo)
    (_, half), = tradeoffs.weighted_sum_sweep(d, [0.5], quiet=True)
    plans = {"Status quo": status_quo, "Weighted 50/50": half.solution,
             "My plan": fix, "My plan v2": dict(half.solution), "Min Range": front[-1].solution}
    ws = Worksheet(student=student, recommended="My plan",
                   origins={"Weighted 50/50": "weighted sum", "My plan": "by hand"})
    ws.steps.update({"1": "Assign zones to schools.",
                     "4": "I made five plans.",
                     "6": "My plan, because it keeps most zones where they are."})
    ws.tests["My plan"] = {"harm": "Little harm.", "publicity": "OK."}
    return write_submission(folder, ws, plans, metrics(d, plans), data=d.name)


def varied(d: District, front: list, folder: Path, student: str, pick: int) -> Path:
    """A complete submission of the five extreme-to-extreme frontier points, recommending
    frontier point ``pick`` (gives the class report a spread of recommendations)."""
    chosen = [front[k] for k in sorted({0, 2, 4, len(front) - 3, len(front) - 1})]
    plans = {f"Frontier point {k + 1}": p.solution for k, p in enumerate(chosen)}
    names = list(plans)
    ws = Worksheet(student=student, recommended=names[pick % len(names)],
                   origins=dict.fromkeys(plans, "ε-constraint"))
    ws.steps = {k: f"{title}: answered in full (synthetic sample)." for k, (title, _) in
                STEPS.items()}
    ws.tests = {n: dict.fromkeys(TESTS, "answered") for n in plans}
    return write_submission(folder, ws, plans, metrics(d, plans), data=d.name)


def damage_columns(folder: Path) -> None:
    """Header variants seen in real hand-ins: swapped, renamed with ';', spaced and upper-case
    names, tab-separated with an extra column."""
    a, b, c, e = sorted((folder / "alternatives").glob("*.csv"))[:4]

    def rows(path: Path) -> list[list[str]]:
        return [line.split(",") for line in path.read_text().splitlines()[1:]]

    def write(path: Path, header: str, body: list, sep: str = ",") -> None:
        path.write_text("\n".join([header] + [sep.join(r) for r in body]) + "\n")

    write(a, "school,zone", [(s, z) for z, s in rows(a)])
    write(b, "Elementary Zone;Assigned School", rows(b), ";")
    write(c, " ZONE , School ", [(f"  {z.lower()} ", f"{s.upper()} ") for z, s in rows(c)])
    write(e, "zone\tschool\tnote", [(z, s, "checked") for z, s in rows(e)], "\t")


def drop_zone(folder: Path, stem: str, zone: str) -> None:
    path = folder / "alternatives" / f"{stem}.csv"
    path.write_text("".join(ln for ln in path.read_text().splitlines(keepends=True)
                            if not ln.startswith(zone + ",")))


def break_files(folder: Path) -> None:
    """Truncated worksheet.json (the download broke) and one CSV overwritten with binary junk."""
    sheet = folder / "worksheet.json"
    sheet.write_text(sheet.read_text()[:400])
    victim = sorted((folder / "alternatives").glob("*.csv"))[1]
    victim.write_bytes(bytes(range(256)) * 4)


def zip_folder(folder: Path, archive: Path, wrapper: str) -> None:
    """Zip ``folder`` under ``wrapper/`` the way Finder does (with __MACOSX clutter), then
    remove the folder."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                rel = f.relative_to(folder).as_posix()
                zf.writestr(zipfile.ZipInfo(f"{wrapper}/{rel}", STAMP), f.read_bytes())
                zf.writestr(zipfile.ZipInfo(f"__MACOSX/{wrapper}/._{f.name}", STAMP), b"\0\5")
    shutil.rmtree(folder)


def main(out: Path = OUT) -> Path:
    d = load_district()
    front = tradeoffs.frontier(d, quiet=True)
    if out.exists():
        for child in out.iterdir():
            if child.name != "README.md":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    out.mkdir(parents=True, exist_ok=True)
    strong(d, front, out / "strong_student", "Sample S. Strong (synthetic)")
    weak(d, front, out / "weak_student", "Sample W. Weak (synthetic)")
    damage_columns(varied(d, front, out / "wrong_columns", "Sample C. Columns (synthetic)", 4))
    missing = varied(d, front, out / "missing_zone", "Sample M. Missing (synthetic)", 1)
    drop_zone(missing, "Frontier_point_2", "Leland")
    break_files(varied(d, front, out / "unreadable", "Sample U. Unreadable (synthetic)", 2))
    no_json = varied(d, front, out / "markdown_only", "Sample N. Markdown (synthetic)", 3)
    (no_json / "worksheet.json").unlink()
    zipped = varied(d, front, out / "_zipped", "Sample Z. Zipped (synthetic)", 2)
    zip_folder(zipped, out / "zipped_student.zip", "orville_submission")
    inner = varied(d, front, out / "_inner", "Sample F. Folder-zip (synthetic)", 0)
    (out / "zip_in_folder").mkdir()
    zip_folder(inner, out / "zip_in_folder" / "my_export.zip", "export")
    return out


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
