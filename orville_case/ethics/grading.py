"""Grade a class's ORville submissions (format ``orville-submission/1``, see :mod:`.submission`).

The crux of the case is *how* students use analysis, not *which* plan they recommend (article
§5.2), so the grader computes the numbers and leaves the reasoning to the instructor:

* per plan: feasibility (every violation), EWD, Range#ED, whether (EWD, Range#ED) is a point of
  the exact nondominated frontier F, and otherwise its distance to F::

      ewd_gap(π)   = EWD(π)      − min{ f₁ : (f₁, f₂) ∈ F, f₂ ≤ Range#ED(π) }
      range_gap(π) = Range#ED(π) − min{ f₂ : (f₁, f₂) ∈ F, f₁ ≤ EWD(π) }

  (the student-miles a frontier plan saves at equal or better Range#ED, and the reverse); both are
  0 on the frontier and ≥ 0 for every feasible plan;
* per student: alternatives listed and distinct (the case asks for at least five), feasible ones,
  ones on the frontier, whether the EWD optimum (stage 1) is among them, which of Davis's seven
  steps have content, how many step-5 test answers are filled, and the recommended plan.

Reading is lenient because real submissions are messy: header case, whitespace, column order and
renamed columns, ``;``/tab delimiters, names differing in case or spacing, zips (at the top level
or inside a folder, extracted without path traversal), a worksheet only as Markdown/Word/PDF.
Each repair or problem becomes a :class:`Flag` on that student (codes in :data:`FLAGS`); nothing a
student hands in can stop the rest of the class from being graded.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from orville_case.core.errors import OrvilleError, Problem
from orville_case.core.progress import track
from orville_case.ethics.submission import FORMAT, MIN_ALTERNATIVES, STEPS, TESTS, step_has_content
from orville_case.zoning.biobjective import Point
from orville_case.zoning.data import District, load_district
from orville_case.zoning.plans import Plan, PlanReport, evaluate

SAMPLES = Path(__file__).resolve().parents[2] / "examples" / "sample_submissions"

FLAGS: dict[str, str] = {
    "zip": "handed in as a zip archive; its contents were graded",
    "zip-unsafe": "archive entries pointing outside the archive (or links) were skipped",
    "unreadable": "a file could not be read (corrupt, binary, empty or not a valid archive)",
    "no-submission": "no worksheet and no plan files were found",
    "worksheet-invalid": "worksheet.json is broken or not in format " + FORMAT,
    "worksheet-by-hand": "worksheet not machine-readable (only .md/.docx/.pdf): check by hand",
    "file-missing": "an alternative listed in worksheet.json has no plan file",
    "extra-file": "a plan file is not listed in worksheet.json (ignored; stale export?)",
    "columns": "plan columns were not exactly zone,school (renamed, reordered or guessed)",
    "delimiter": "plan file separated by ';', tab or '|' instead of ','",
    "names-normalised": "zone/school names matched ignoring case and spacing",
    "unknown-name": "a zone or school name matches nothing in the district",
    "missing-zone": "a plan leaves zones without a school",
    "split-zone": "a plan sends one zone to two schools",
    "too-few-alternatives": f"fewer than {MIN_ALTERNATIVES} distinct alternatives",
    "duplicates": "the same plan is listed under several names",
    "steps-missing": "some of the seven steps have no content",
    "tests-missing": "step 5: some of the seven tests are unanswered for some alternatives",
    "no-recommendation": "no recommended alternative, or it is not among the alternatives",
    "recommended-infeasible": "the recommended plan is not feasible",
    "recommended-dominated": "the recommended plan is dominated: does the worksheet justify it?",
    "data-mismatch": "the worksheet's metrics were computed on another dataset than the one graded",
    "grader-error": "the grader failed on this submission (please report it): check by hand",
}

PLAN_COLUMNS = ("student", "alternative", "file", "origin", "recommended", "readable", "feasible",
                "violations", "ewd", "range_ed", "on_frontier", "ewd_gap", "range_gap",
                "ewd_optimal", "duplicate_of")
_PLAN_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")
_BY_HAND = (".md", ".docx", ".pdf", ".doc", ".odt", ".txt")
_RECOMMENDED = re.compile(r"^\*\*Recommended alternative: (.+)\*\*\s*$", re.MULTILINE)
_ZIP_LIMIT = 50_000_000  # bytes extracted per archive: more is not a plausible submission
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "'|'"}
_ZONE_HEADERS = {"zone", "zones", "elementary zone", "elementary", "zone name", "from zone"}
_SCHOOL_HEADERS = {"school", "schools", "middle school", "assigned school", "school name",
                   "to school", "assignment"}


@dataclass(frozen=True)
class Flag:
    """Something about one submission that was repaired or needs a human look."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


@dataclass(frozen=True)
class Gaps:
    """Position of a point relative to the frontier (see module docstring)."""

    on_frontier: bool
    ewd_gap: float | None
    range_gap: float | None


def frontier_gaps(front: Sequence[tuple[float, float]], ewd: float, range_ed: float,
                  tol: float = 1e-6) -> Gaps:
    """``ewd_gap`` and ``range_gap`` of the point (``ewd``, ``range_ed``) against the frontier
    ``front`` (pairs (f₁, f₂)); a gap is ``None`` when no frontier point qualifies (the point is
    better than the frontier in that objective, so it cannot be feasible)."""
    etol = tol * max(1.0, abs(ewd))
    on = any(abs(f1 - ewd) <= etol and abs(f2 - range_ed) <= tol for f1, f2 in front)
    by_range = [f1 for f1, f2 in front if f2 <= range_ed + tol]
    by_ewd = [f2 for f1, f2 in front if f1 <= ewd + etol]
    return Gaps(on, ewd - min(by_range) if by_range else None,
                range_ed - min(by_ewd) if by_ewd else None)


@dataclass
class PlanResult:
    """One alternative of one student, read leniently and analysed."""

    name: str
    file: str
    origin: str = ""
    plan: Plan | None = None  # None: the file could not be read
    report: PlanReport | None = None
    split_zones: tuple[str, ...] = ()
    gaps: Gaps | None = None
    ewd_optimal: bool = False
    duplicate_of: str | None = None

    @property
    def feasible(self) -> bool:
        return self.report is not None and self.report.feasible and not self.split_zones

    @property
    def violations(self) -> list[str]:
        if self.report is None:
            return ["plan file unreadable"]
        split = [f"zone {z} sent to two schools" for z in self.split_zones]
        return list(self.report.violations) + split

    @property
    def on_frontier(self) -> bool:
        return bool(self.gaps and self.gaps.on_frontier)


@dataclass
class StudentResult:
    """Everything the grader found about one student's submission."""

    student: str
    source: str
    author: str = ""
    worksheet: str = "none"  # json | md | docx | pdf | ... | none
    steps: dict[str, str] = field(default_factory=dict)
    tests_answered: tuple[int, int] | None = None
    plans: list[PlanResult] = field(default_factory=list)
    recommended: str = ""
    data_name: str = ""  # dataset named in worksheet.json ("" when not recorded)
    flags: list[Flag] = field(default_factory=list)

    def flag(self, code: str, message: str) -> None:
        assert code in FLAGS, code
        self.flags.append(Flag(code, message))

    @property
    def distinct(self) -> list[PlanResult]:
        return [p for p in self.plans if p.plan is not None and p.duplicate_of is None]

    @property
    def steps_answered(self) -> list[str]:
        return [k for k in STEPS if step_has_content(self.steps.get(k, ""), k)]

    @property
    def recommended_plan(self) -> PlanResult | None:
        return next((p for p in self.plans if p.name == self.recommended), None)

    def row(self) -> dict[str, object]:
        """The gradebook row (one per student)."""
        rec = self.recommended_plan
        ok = self.worksheet == "json"
        return {
            "student": self.student, "author": self.author, "worksheet": self.worksheet,
            "n_alternatives": len(self.plans), "n_distinct": len(self.distinct),
            "n_feasible": sum(p.feasible for p in self.distinct),
            "n_on_frontier": sum(p.on_frontier for p in self.distinct),
            "has_ewd_optimum": _yes(any(p.ewd_optimal for p in self.plans)),
            "steps_answered": ",".join(self.steps_answered) if ok else "",
            "tests_answered": "{}/{}".format(*self.tests_answered) if self.tests_answered else "",
            "recommended": self.recommended,
            "recommended_feasible": _yes(rec.feasible) if rec else "",
            "recommended_on_frontier": _yes(rec.on_frontier) if rec else "",
            "recommended_ewd": _num(rec.report.ewd) if rec and rec.report else "",
            "recommended_range_ed": _num(rec.report.range_ed) if rec and rec.report else "",
            "n_flags": len(self.flags),
            "flags": "; ".join(dict.fromkeys(f.code for f in self.flags)),
            "flag_messages": " | ".join(f.message for f in self.flags),
        }

    def plan_rows(self) -> list[dict[str, object]]:
        """One row per alternative (the per-plan CSV), columns :data:`PLAN_COLUMNS`."""
        rows = []
        for p in self.plans:
            r, g = p.report, p.gaps
            rows.append(dict(zip(PLAN_COLUMNS, (
                self.student, p.name, p.file, p.origin, _yes(p.name == self.recommended),
                _yes(p.plan is not None), _yes(p.feasible), "; ".join(p.violations),
                _num(r.ewd) if r else "", _num(r.range_ed) if r else "",
                _yes(p.on_frontier) if g else "", _num(g.ewd_gap) if g else "",
                _num(g.range_gap) if g else "", _yes(p.ewd_optimal), p.duplicate_of or ""),
                strict=True)))
        return rows


@dataclass
class ClassResult:
    """A graded class: the district, its exact frontier, one result per student."""

    district: District
    frontier: list[Point]
    students: list[StudentResult]
    ignored: list[str] = field(default_factory=list)

    @property
    def min_ewd(self) -> float:
        return min(p.f1 for p in self.frontier)


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}".removesuffix(".0")


def _canon(name: str) -> str:
    """A name with case, spacing, '_' and '-' differences removed."""
    return " ".join(re.split(r"[\s_-]+", name.strip())).casefold().strip()


def is_ewd_optimal(ewd: float, best: float) -> bool:
    """Whether a plan's EWD equals the least EWD ``best`` (stage 1 of the case), up to 1e-6
    relative: the grader and notebook 04's self-check decide this the same way."""
    return abs(ewd - best) <= 1e-6 * max(1.0, best)


def _junk(path: PurePosixPath | Path) -> bool:
    """macOS/Windows clutter inside archives and folders."""
    return any(p == "__MACOSX" or p.startswith(".") for p in path.parts) or \
        path.name in {"Thumbs.db", "desktop.ini"}


# --- locating the submission: folders, zips, zips inside folders ---


def safe_extract(archive: Path, dest: Path) -> list[str]:
    """Extract ``archive`` into ``dest`` without leaving it; return the entries skipped.

    Skipped: absolute paths, paths with ``..`` that resolve outside ``dest``, symbolic links, and
    everything after ``_ZIP_LIMIT`` bytes. Raises :class:`zipfile.BadZipFile` for a broken zip.
    """
    dest = dest.resolve()
    skipped, total = [], 0
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            name = info.filename.replace("\\", "/")
            target = (dest / name).resolve()
            is_link = (info.external_attr >> 16) & 0o170000 == 0o120000
            if name.startswith("/") or is_link or not target.is_relative_to(dest):
                skipped.append(info.filename)
                continue
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            total += info.file_size
            if total > _ZIP_LIMIT:
                skipped.append(info.filename)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)
    return skipped


def _extract(archive: Path, label: str, dest: Path, res: StudentResult) -> Path | None:
    """Extract one archive for ``res``; flags say what happened."""
    try:
        skipped = safe_extract(archive, dest)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        res.flag("unreadable", f"{label}: not a valid zip archive ({exc})")
        return None
    res.flag("zip", f"{label} extracted and graded")
    if skipped:
        res.flag("zip-unsafe", f"{label}: skipped {len(skipped)} unsafe or oversized "
                               f"entries: {', '.join(skipped[:3])}")
    return dest


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not _junk(p.relative_to(root)))


def _shallowest_sheet(files: list[Path]) -> Path | None:
    sheets = [f for f in files if f.name.lower() == "worksheet.json"]
    return min(sheets, key=lambda f: len(f.parts)) if sheets else None


def _locate(entry: Path, scratch: Path, res: StudentResult) -> Path | None:
    """The folder holding the submission: the shallowest one with ``worksheet.json``, looking
    inside zips (one level of zips inside zips) when the folder itself has neither a worksheet
    nor plan files. ``None`` when nothing usable was found (a flag says why)."""
    root: Path | None = entry
    if entry.is_file():
        root = _extract(entry, entry.name, scratch / "zip", res)
    for depth in range(3):
        if root is None:
            return None
        files = _files(root)
        sheet = _shallowest_sheet(files)
        if sheet:
            return sheet.parent
        zips = [f for f in files if f.suffix.lower() == ".zip"]
        if not zips or depth == 2:
            break
        inner = scratch / f"inner{depth}"
        for k, z in enumerate(zips):
            _extract(z, str(z.relative_to(root)), inner / str(k), res)
        useful = [f for f in files if f.suffix.lower() in _PLAN_SUFFIXES + _BY_HAND]
        if not inner.is_dir() or (useful and not _shallowest_sheet(_files(inner))):
            break  # the loose files are the submission; the zips held nothing better
        root = inner
    if root is None or not _files(root):
        res.flag("no-submission", "no worksheet and no plan files found")
        return None
    return root


# --- the worksheet ---


def _read_worksheet(root: Path, res: StudentResult) -> list[dict[str, str]] | None:
    """Fill ``res`` from ``worksheet.json``; return its alternatives (None if unusable)."""
    path = root / "worksheet.json"
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        res.flag("worksheet-invalid", f"worksheet.json is not valid JSON ({exc})")
        return None
    if not isinstance(data, dict):
        res.flag("worksheet-invalid", "worksheet.json does not hold a JSON object")
        return None
    if data.get("format") != FORMAT:
        res.flag("worksheet-invalid", f"worksheet.json format is {data.get('format')!r}, "
                                      f"expected {FORMAT!r}; read anyway")
    res.worksheet, res.author = "json", str(data.get("student") or "")
    steps = data.get("steps") if isinstance(data.get("steps"), dict) else {}
    res.steps = {str(k).strip(): str(v or "") for k, v in steps.items()}
    res.recommended = str(data.get("recommended") or "").strip()
    res.data_name = str(data.get("data") or "").strip()
    entries = []
    for k, alt in enumerate(data.get("alternatives") or [], 1):
        if not isinstance(alt, dict) or not alt.get("name") or not alt.get("file"):
            res.flag("worksheet-invalid", f"worksheet.json alternative #{k} lacks a name or file")
            continue
        entries.append({"name": str(alt["name"]).strip(), "file": str(alt["file"]).strip(),
                        "origin": str(alt.get("origin") or "")})
    tests = data.get("tests") if isinstance(data.get("tests"), dict) else {}
    filled, missing = 0, []
    for e in entries:
        answers = tests.get(e["name"]) if isinstance(tests.get(e["name"]), dict) else {}
        n = sum(bool(str(answers.get(t) or "").strip()) for t in TESTS)
        filled += n
        if n < len(TESTS):
            missing.append(f"{e['name']} ({len(TESTS) - n})")
    res.tests_answered = (filled, len(TESTS) * len(entries))
    if missing:
        res.flag("tests-missing", "step 5: unanswered tests for " + ", ".join(missing))
    return entries


def _fallback(root: Path, res: StudentResult) -> list[dict[str, str]]:
    """No usable worksheet.json: every plan file is an alternative; note the human-only sheet."""
    files = _files(root)
    docs = [f for f in files if f.suffix.lower() in _BY_HAND and "alternatives" not in f.parts]
    if docs:
        res.worksheet = docs[0].suffix.lower().lstrip(".")
        res.recommended = _recommended_in_markdown(docs)
        res.flag("worksheet-by-hand", "worksheet not machine-readable, check by hand: "
                 + ", ".join(str(d.relative_to(root)) for d in docs))
    else:
        res.flag("worksheet-by-hand", "no readable worksheet (no valid worksheet.json, no .md, "
                                      ".docx or .pdf): check the submission by hand")
    plans = [f for f in files if f.suffix.lower() in _PLAN_SUFFIXES and f not in docs]
    return [{"name": f.stem, "file": str(f.relative_to(root)), "origin": ""} for f in plans]


def _recommended_in_markdown(docs: list[Path]) -> str:
    """The recommendation line :func:`orville_case.ethics.submission.markdown` writes, if
    present."""
    for doc in docs:
        if doc.suffix.lower() == ".md":
            found = _RECOMMENDED.search(doc.read_text(encoding="utf-8", errors="replace"))
            if found:
                return found.group(1).strip()
    return ""


# --- plans ---


def _rows(path: Path, label: str, res: StudentResult) -> list[list[str]] | None:
    """Cells of a plan file (CSV with any delimiter, or the first sheet of an .xlsx)."""
    raw = path.read_bytes()
    if raw.startswith(b"PK\x03\x04"):
        return _xlsx_rows(path, label, res)
    text = None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or "\x00" in text:
        res.flag("unreadable", f"{label}: binary content, not a text CSV (save it as CSV)")
        return None
    if not text.strip():
        res.flag("unreadable", f"{label}: the file is empty")
        return None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters="".join(_DELIMITERS))
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    if delimiter != ",":
        res.flag("delimiter", f"{label}: {_DELIMITERS[delimiter]}-separated; read anyway")
    rows = csv.reader(text.splitlines(), delimiter=delimiter)
    return [r for r in rows if any(c.strip() for c in r)]


def _xlsx_rows(path: Path, label: str, res: StudentResult) -> list[list[str]] | None:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
        values = list(wb.worksheets[0].iter_rows(values_only=True))
        wb.close()
    except Exception as exc:  # noqa: BLE001  (openpyxl raises many types on corrupt files)
        res.flag("unreadable", f"{label}: cannot be read as an Excel workbook ({exc})")
        return None
    rows = [["" if v is None else str(v) for v in r] for r in values]
    return [r for r in rows if any(c.strip() for c in r)]


class _Names:
    """Official zone and school names of a district, found ignoring case and spacing."""

    def __init__(self, district: District):
        self.zones = {_canon(z): z for z in district.zones}
        self.schools = {_canon(s): s for s in district.schools}

    @staticmethod
    def match(value: str, table: dict[str, str]) -> str | None:
        return table.get(_canon(value))


def _columns(rows: list[list[str]], names: _Names, label: str,
             res: StudentResult) -> tuple[int, int, int] | None:
    """(zone column, school column, first data row), from the header or the contents."""
    head = [_canon(h) for h in rows[0]]
    headerless = any(names.match(c, names.zones) for c in rows[0])
    data = rows if headerless else rows[1:]
    width = max(len(r) for r in rows)

    def pick(known: set[str], table: dict[str, str]) -> int | None:
        named = [k for k, h in enumerate(head) if h in known] if not headerless else []
        if named:
            return named[0]
        hits = [sum(len(r) > k and names.match(r[k], table) is not None for r in data)
                for k in range(width)]
        return hits.index(max(hits)) if max(hits, default=0) > 0 else None

    iz, js = pick(_ZONE_HEADERS, names.zones), pick(_SCHOOL_HEADERS, names.schools)
    if iz is None or js is None or iz == js:
        res.flag("unreadable", f"{label}: cannot tell which column holds zones and which "
                               f"schools (header {rows[0]})")
        return None
    found = ",".join(rows[0])
    if headerless:
        res.flag("columns", f"{label}: no header row; columns {iz + 1} (zone) and {js + 1} "
                            "(school) recognised from their contents")
    elif rows[0] != ["zone", "school"]:
        res.flag("columns", f"{label}: header '{found}', expected exactly 'zone,school'; read "
                            f"zones from column {iz + 1} '{rows[0][iz].strip()}', schools from "
                            f"column {js + 1} '{rows[0][js].strip()}'")
    return iz, js, 0 if headerless else 1


def read_plan_leniently(path: Path, label: str, district: District, res: StudentResult,
                        names: _Names | None = None) -> tuple[Plan | None, tuple[str, ...]]:
    """Read one plan file, repairing what can be repaired (each repair flagged on ``res``).

    Returns the plan with official names (unmatched names kept as written, so
    :func:`~orville_case.zoning.plans.evaluate` reports them) and the zones sent to two schools.
    """
    names = names or _Names(district)
    rows = _rows(path, label, res)
    if not rows:
        return None, ()
    cols = _columns(rows, names, label, res)
    if cols is None:
        return None, ()
    iz, js, start = cols
    plan: Plan = {}
    split: list[str] = []
    normalised: set[str] = set()
    for r in rows[start:]:
        raw_z, raw_s = (r[iz] if len(r) > iz else ""), (r[js] if len(r) > js else "")
        if not raw_z.strip():
            continue
        z = names.match(raw_z, names.zones) or raw_z.strip()
        s = names.match(raw_s, names.schools) or raw_s.strip()
        normalised.update(f"'{a}'→{b}" for a, b in ((raw_z, z), (raw_s, s))
                          if a != b and _canon(a) == _canon(b))
        if z in plan and plan[z] != s:
            split.append(z)
        plan.setdefault(z, s)
    if normalised:
        shown = sorted(normalised)
        more = f" and {len(shown) - 3} more" if len(shown) > 3 else ""
        res.flag("names-normalised", f"{label}: " + ", ".join(shown[:3]) + more)
    if split:
        res.flag("split-zone", f"{label}: zone(s) {', '.join(split)} assigned to two schools "
                               "(first one used; plan counted infeasible)")
    report = evaluate(district, plan)
    missing = [z for z in district.zones if z not in plan]
    if missing:
        res.flag("missing-zone", f"{label}: no school for zone(s) {', '.join(missing)}")
    unknown = [v for v in report.violations if v.startswith("unknown")]
    if unknown:
        res.flag("unknown-name", f"{label}: " + "; ".join(unknown))
    return plan, tuple(split)


# --- one student, the class ---


def _analyse(res: StudentResult, root: Path, entries: list[dict[str, str]],
             district: District, front: list[Point]) -> None:
    """Read every listed plan and compute metrics, frontier gaps, duplicates, the EWD optimum."""
    names = _Names(district)
    pairs = [(p.f1, p.f2) for p in front]
    best = min(f1 for f1, _ in pairs)
    seen: dict[tuple, str] = {}
    for e in entries:
        p = PlanResult(e["name"], e["file"], e["origin"])
        res.plans.append(p)
        rel = PurePosixPath(e["file"].replace("\\", "/"))
        path = (root / rel).resolve()
        if rel.is_absolute() or not path.is_relative_to(root.resolve()) or not path.is_file():
            res.flag("file-missing", f"{p.name}: plan file '{e['file']}' not found")
            continue
        p.plan, p.split_zones = read_plan_leniently(path, e["file"], district, res, names)
        if p.plan is None:
            continue
        p.report = evaluate(district, p.plan)
        key = tuple(sorted(p.plan.items()))
        p.duplicate_of = seen.get(key)
        seen.setdefault(key, p.name)
        if p.report.complete and p.feasible:
            p.gaps = frontier_gaps(pairs, p.report.ewd, p.report.range_ed)
            p.ewd_optimal = is_ewd_optimal(p.report.ewd, best)
    dups = [f"{p.name} = {p.duplicate_of}" for p in res.plans if p.duplicate_of]
    if dups:
        res.flag("duplicates", "same plan listed twice: " + "; ".join(dups))
    if len(res.distinct) < MIN_ALTERNATIVES:
        res.flag("too-few-alternatives", f"{len(res.distinct)} distinct readable alternatives "
                 f"({len(res.plans)} listed); the case asks for at least {MIN_ALTERNATIVES}")


def _check_recommendation(res: StudentResult, front: list[Point]) -> None:
    names = [p.name for p in res.plans]
    if not res.recommended:
        hint = "" if res.worksheet == "json" else " (read it in the worksheet)"
        res.flag("no-recommendation", "no recommended alternative recorded" + hint)
        return
    if res.recommended not in names:
        match = [n for n in names if _canon(n) == _canon(res.recommended)]
        if not match:
            res.flag("no-recommendation", f"recommended '{res.recommended}' is not among the "
                                          f"alternatives ({', '.join(names) or 'none'})")
            return
        res.recommended = match[0]
    rec = res.recommended_plan
    if rec is None or not rec.feasible:
        why = "; ".join(rec.violations) if rec else "unreadable"
        res.flag("recommended-infeasible", f"recommended '{res.recommended}' is not feasible: "
                                           f"{why}")
    elif not rec.on_frontier and rec.gaps is not None and rec.report is not None:
        better = [p for p in front if p.f1 <= rec.report.ewd and p.f2 <= rec.report.range_ed]
        b = min(better, key=lambda p: (p.f1, p.f2))
        res.flag("recommended-dominated",
                 f"recommended '{res.recommended}' (EWD {rec.report.ewd:,.1f}, Range#ED "
                 f"{rec.report.range_ed}) is dominated, e.g. by EWD {b.f1:,.1f}, Range#ED "
                 f"{b.f2:g}; does the worksheet justify it?")


def grade_student(entry: Path, district: District, front: list[Point],
                  scratch: Path) -> StudentResult:
    """Grade one student's folder or zip (``scratch``: an empty folder for extracted files)."""
    res = StudentResult(student=entry.stem if entry.is_file() else entry.name, source=str(entry))
    root = _locate(entry, scratch, res)
    if root is None:
        return res
    entries = _read_worksheet(root, res)
    if entries is None:
        entries = _fallback(root, res)
    else:
        listed = {str(PurePosixPath(e["file"].replace("\\", "/"))) for e in entries}
        extra = [str(f.relative_to(root)) for f in _files(root / "alternatives")
                 if str(f.relative_to(root).as_posix()) not in listed] \
            if (root / "alternatives").is_dir() else []
        if extra:
            res.flag("extra-file", "not listed in worksheet.json (ignored): " + ", ".join(extra))
    if res.data_name and res.data_name != district.name:
        res.flag("data-mismatch", f"worksheet.json says the plans were evaluated on dataset "
                                  f"'{res.data_name}', graded on '{district.name}'")
    if res.worksheet == "json":
        missing = [k for k in STEPS if k not in res.steps_answered]
        if missing:
            res.flag("steps-missing", f"steps without content: {', '.join(missing)}")
    _analyse(res, root, entries, district, front)
    _check_recommendation(res, front)
    return res


def _grade_isolated(entry: Path, district: District, front: list[Point],
                    scratch: Path) -> StudentResult:
    """:func:`grade_student`, but an unforeseen failure becomes a flag, never a stopped batch."""
    try:
        return grade_student(entry, district, front, scratch)
    except Exception as exc:  # noqa: BLE001  (one student's files must not stop the class)
        res = StudentResult(student=entry.stem if entry.is_file() else entry.name,
                            source=str(entry))
        res.flag("grader-error", f"{type(exc).__name__}: {exc}")
        return res


def student_entries(folder: Path) -> tuple[list[Path], list[str]]:
    """Sub-folders and zips of ``folder`` (one per student), and the other names ignored."""
    entries, ignored = [], []
    for p in sorted(folder.iterdir()):
        if _junk(PurePosixPath(p.name)):
            continue
        if p.is_dir() or p.suffix.lower() == ".zip":
            entries.append(p)
        else:
            ignored.append(p.name)
    return entries, ignored


def grade_class(submissions: str | Path, district: District | None = None, *,
                front: list[Point] | None = None, quiet: bool = False) -> ClassResult:
    """Grade every student folder/zip in ``submissions`` against the exact frontier (computed
    once here unless ``front`` is given)."""
    from orville_case.zoning.tradeoffs import frontier

    folder = Path(submissions)
    if not folder.is_dir():
        raise OrvilleError(Problem("submissions folder not found", str(folder),
                                  fix="give the folder holding one sub-folder or zip per student"))
    entries, ignored = student_entries(folder)
    if not entries:
        raise OrvilleError(Problem("no student sub-folders or zip files found", str(folder),
                                  fix="put one folder (or .zip) per student in it"))
    district = district or load_district()
    front = front if front is not None else frontier(district, quiet=quiet)
    students = []
    with tempfile.TemporaryDirectory(prefix="orville-grading-") as tmp:
        for k, entry in enumerate(track(entries, "grading", quiet=quiet)):
            scratch = Path(tmp) / str(k)
            scratch.mkdir()
            students.append(_grade_isolated(entry, district, front, scratch))
    _disambiguate(students)
    return ClassResult(district, front, students, ignored)


def _disambiguate(students: Iterable[StudentResult]) -> None:
    """``ada/`` and ``ada.zip`` both present: keep both, named apart by their source."""
    seen: dict[str, int] = {}
    for s in students:
        seen[s.student] = seen.get(s.student, 0) + 1
    for s in students:
        if seen[s.student] > 1:
            s.student = Path(s.source).name


def write_tables(result: ClassResult, out: str | Path) -> tuple[Path, Path]:
    """Write ``gradebook.csv`` (one row per student) and ``plans.csv`` (one per alternative)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = out / "gradebook.csv", out / "plans.csv"
    tables = [[s.row() for s in result.students],
              [r for s in result.students for r in s.plan_rows()]]
    for path, rows in zip(paths, tables, strict=True):
        header = list(rows[0]) if rows else list(PLAN_COLUMNS)
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    return paths

