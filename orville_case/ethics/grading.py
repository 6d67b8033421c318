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

Hostile hand-ins are contained: the grader never runs student code and never writes outside its
scratch folder; it extracts at most :data:`SUBMISSION_BUDGET` bytes and :data:`MAX_ENTRIES` files
per submission, **nested archives included** (counted as bytes are written, so a zip that lies
about its sizes is stopped too), deletes them after that student, and reads at most
:data:`MAX_READ` bytes of any one file; symbolic links are refused everywhere — a student entry,
a file or folder inside it, an entry of a zip — and never followed. A flag says what was refused.
Whether a flag needs a human look is decided here, once (:func:`needs_review`).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from orville_case.core.errors import OrvilleError, Problem
from orville_case.core.progress import track
from orville_case.core.tolerances import SOLVER_REL, at_most, close
from orville_case.ethics import rubric
from orville_case.ethics.submission import (
    FORMAT,
    MIN_ALTERNATIVES,
    STEPS,
    TESTS,
    step_has_content,
)
from orville_case.zoning.biobjective import Point
from orville_case.zoning.data import District, load_district
from orville_case.zoning.plans import Plan, PlanReport, evaluate, fmt_ed

SAMPLES = Path(__file__).resolve().parents[2] / "examples" / "sample_submissions"

FLAGS: dict[str, str] = {
    "zip": "handed in as a zip archive; its contents were graded",
    "zip-unsafe": "archive entries pointing outside the archive (or links) were skipped",
    "zip-encrypted": "a password-protected zip (or entry) could not be read: ask for one without",
    "symlink": "symbolic links were refused (never followed): ask for the files themselves",
    "too-large": "the submission went over the grader's size budget; the rest was not read",
    "name-not-utf8": "a file or folder name is not valid UTF-8 (shown with �): rename it",
    "unreadable": "a file could not be read (corrupt, binary, empty or not a valid archive)",
    "no-submission": "no worksheet and no plan files were found",
    "worksheet-invalid": "worksheet.json is broken or not in format " + FORMAT,
    "worksheet-shape": "a field of worksheet.json has the wrong type (e.g. alternatives not a "
                       "list): the rest was read",
    "json-too-deep": "worksheet.json nests too deeply to be read: the plan files were graded",
    "cell-too-long": "a plan file holds a cell longer than the grader reads: that plan skipped",
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

REPAIRS = frozenset({"zip", "columns", "delimiter", "names-normalised"})
"""Flags for what the grader repaired by itself; every other flag needs a human look."""


def needs_review(code: str) -> bool:
    """The one rule for "needs a human look": every flag except the silent repairs."""
    return code not in REPAIRS


SUBMISSION_BUDGET = 50_000_000
"""Bytes the grader extracts per submission, over all its archives (nested ones included)."""
MAX_ENTRIES = 5_000
"""Files the grader extracts per submission, over all its archives."""
MAX_READ = 5_000_000
"""Bytes the grader reads from any one worksheet or plan file."""
MAX_CELL = 1_000
"""Characters in one plan cell (a zone or school name is a few dozen)."""
MAX_MESSAGE = 600
"""Characters of one flag message (a long list is cut, with a note)."""

PLAN_COLUMNS = ("student", "alternative", "file", "origin", "recommended", "readable", "feasible",
                "violations", "ewd", "range_ed", "on_frontier", "ewd_gap", "range_gap",
                "ewd_optimal", "duplicate_of")
_PLAN_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")
_BY_HAND = (".md", ".docx", ".pdf", ".doc", ".odt", ".txt")
_RECOMMENDED = re.compile(r"^\*\*Recommended alternative: (.+)\*\*\s*$", re.MULTILINE)
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "'|'"}
_ZONE_HEADERS = {"zone", "zones", "elementary zone", "elementary", "zone name", "from zone"}
_SCHOOL_HEADERS = {"school", "schools", "middle school", "assigned school", "school name",
                   "to school", "assignment"}


def shown(text: str) -> str:
    """``text`` safe to print, write as UTF-8 and draw: bytes of a name that were not valid
    UTF-8 (kept by Python as surrogates) become �."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


class Budget:
    """What one submission may still extract: :data:`SUBMISSION_BUDGET` bytes and
    :data:`MAX_ENTRIES` files, shared by all its archives."""

    def __init__(self, size: int = SUBMISSION_BUDGET, entries: int = MAX_ENTRIES):
        self.size, self.bytes_left, self.entries_left = size, size, entries
        self.exceeded = False
        self.unopened: list[str] = []  # archives left closed once the budget was spent

    @property
    def used(self) -> int:
        return self.size - self.bytes_left


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
                  rel: float = SOLVER_REL) -> Gaps:
    """``ewd_gap`` and ``range_gap`` of the point (``ewd``, ``range_ed``) against the frontier
    ``front`` (pairs (f₁, f₂)), comparisons up to the solver's tolerance ``rel``
    (:mod:`orville_case.core.tolerances`); a gap is ``None`` when no frontier point qualifies
    (the point is better than the frontier in that objective, so it cannot be feasible)."""
    on = any(close(f1, ewd, rel) and close(f2, range_ed, rel) for f1, f2 in front)
    by_range = [f1 for f1, f2 in front if at_most(f2, range_ed, rel)]
    by_ewd = [f2 for f1, f2 in front if at_most(f1, ewd, rel)]
    return Gaps(on, max(0.0, ewd - min(by_range)) if by_range else None,
                max(0.0, range_ed - min(by_ewd)) if by_ewd else None)


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
    budget: Budget = field(default_factory=lambda: Budget())
    refused: dict[str, set[str]] = field(default_factory=lambda: {"symlink": set(),
                                                                  "name-not-utf8": set()})

    def flag(self, code: str, message: str) -> None:
        """Record a flag; ``code`` must be one of :data:`FLAGS` (a grader bug otherwise)."""
        if code not in FLAGS:
            raise ValueError(f"unknown flag code {code!r}: add it to grading.FLAGS")
        message = shown(message)
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + f" … ({len(message) - MAX_MESSAGE:,} more chars)"
        self.flags.append(Flag(code, message))

    @property
    def review_flags(self) -> list[Flag]:
        """The flags that need a human look (:func:`needs_review`)."""
        return [f for f in self.flags if needs_review(f.code)]

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
            "recommended_range_ed": _range(rec.report.range_ed) if rec and rec.report else "",
            **{c: _num(v) for c, v in rubric.points(self).items()},
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
                _num(r.ewd) if r else "", _range(r.range_ed) if r else "",
                _yes(p.on_frontier) if g else "", _num(g.ewd_gap) if g else "",
                _range(g.range_gap) if g else "", _yes(p.ewd_optimal), p.duplicate_of or ""),
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
    """A number for the CSVs: one decimal (EWD in student-miles), '' for none."""
    return "" if value is None else f"{value:.1f}".removesuffix(".0")


def _range(value: float | None) -> str:
    """Range#ED for the CSVs: real-valued c_i, so up to two decimals (no thousands commas)."""
    return "" if value is None else fmt_ed(value).replace(",", "")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell a spreadsheet will not run (OWASP CSV-injection rule): text whose first
    non-blank character is = + - @ tab or CR gets a leading apostrophe, which spreadsheets
    show as text and do not display; plain numbers stay numbers; bad UTF-8 becomes �."""
    if not isinstance(value, str):
        return value
    text = shown(value)
    if _PLAIN_NUMBER.fullmatch(text) or not text.lstrip(" ").startswith(_FORMULA_START):
        return text
    return "'" + text


def _canon(name: str) -> str:
    """A name with case, spacing, '_' and '-' differences removed."""
    return " ".join(re.split(r"[\s_-]+", name.strip())).casefold().strip()


def is_ewd_optimal(ewd: float, best: float) -> bool:
    """Whether a plan's EWD is the least EWD ``best`` (stage 1 of the case): at most ``best`` up
    to the solver's tolerance (:func:`orville_case.core.tolerances.at_most`); the grader and
    notebook 04's self-check decide this the same way."""
    return at_most(ewd, best, SOLVER_REL)


def _junk(path: PurePosixPath | Path) -> bool:
    """macOS/Windows clutter inside archives and folders."""
    return any(p == "__MACOSX" or p.startswith(".") for p in path.parts) or \
        path.name in {"Thumbs.db", "desktop.ini"}


# --- locating the submission: folders, zips, zips inside folders ---


def safe_extract(archive: Path, dest: Path, budget: Budget | None = None) -> dict[str, list[str]]:
    """Extract ``archive`` into ``dest`` without leaving it or exceeding ``budget``; return the
    entries skipped, by reason (``unsafe``, ``link``, ``encrypted``, ``budget``, ``broken``).

    Skipped: absolute paths, paths with ``..`` that resolve outside ``dest``, symbolic links,
    encrypted entries, entries whose data is corrupt or use an unknown compression, and
    everything once the budget (bytes counted as written, files) is spent. Raises
    :class:`zipfile.BadZipFile` for a file that is not a zip at all.
    """
    budget = budget or Budget()
    dest = dest.resolve()
    skipped: dict[str, list[str]] = {"unsafe": [], "link": [], "encrypted": [], "budget": [],
                                     "broken": []}
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            name = info.filename.replace("\\", "/")
            target = (dest / name).resolve()
            if (info.external_attr >> 16) & 0o170000 == 0o120000:
                skipped["link"].append(info.filename)
                continue
            if name.startswith("/") or not target.is_relative_to(dest):
                skipped["unsafe"].append(info.filename)
                continue
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            if info.flag_bits & 0x1:
                skipped["encrypted"].append(info.filename)
                continue
            if budget.exceeded or budget.entries_left <= 0:
                budget.exceeded = True
                skipped["budget"].append(info.filename)
                continue
            budget.entries_left -= 1
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                _copy_within(zf, info, target, budget)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError,
                    RuntimeError) as exc:
                target.unlink(missing_ok=True)
                skipped["budget" if budget.exceeded else "broken"].append(
                    f"{info.filename} ({exc})" if not budget.exceeded else info.filename)
    return skipped


class _OverBudget(RuntimeError):
    pass


def _copy_within(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path,
                 budget: Budget) -> None:
    """Copy one entry, counting the bytes actually written against ``budget`` (a zip may lie
    about its sizes); past the budget the partial file is removed by the caller."""
    with zf.open(info) as src, open(target, "wb") as out:
        while chunk := src.read(1 << 16):
            if len(chunk) > budget.bytes_left:
                budget.exceeded = True
                raise _OverBudget("over the budget")
            budget.bytes_left -= len(chunk)
            out.write(chunk)


def _extract(archive: Path, label: str, dest: Path, res: StudentResult) -> Path | None:
    """Extract one archive for ``res`` (within its budget); flags say what happened."""
    if res.budget.exceeded:
        res.budget.unopened.append(label)
        return None
    try:
        skipped = safe_extract(archive, dest, res.budget)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
        res.flag("unreadable", f"{label}: not a valid zip archive ({exc})")
        return None
    res.flag("zip", f"{label} extracted and graded")
    if skipped["unsafe"]:
        res.flag("zip-unsafe", f"{label}: skipped {len(skipped['unsafe'])} entries pointing "
                               f"outside the archive: {', '.join(skipped['unsafe'][:3])}")
    if skipped["link"]:
        res.flag("symlink", f"{label}: {len(skipped['link'])} symbolic link(s) refused: "
                            f"{', '.join(skipped['link'][:3])}")
    if skipped["encrypted"]:
        res.flag("zip-encrypted", f"{label}: {len(skipped['encrypted'])} password-protected "
                                  f"entr(y/ies) not read: {', '.join(skipped['encrypted'][:3])}"
                                  " — ask the student for a zip without a password")
    if skipped["broken"]:
        res.flag("unreadable", f"{label}: {len(skipped['broken'])} corrupt entr(y/ies): "
                               f"{', '.join(skipped['broken'][:3])}")
    if skipped["budget"] and not any(f.code == "too-large" for f in res.flags):
        res.flag("too-large", f"{label}: extraction stopped at the grader's budget of "
                              f"{SUBMISSION_BUDGET // 1_000_000} MB / {MAX_ENTRIES} files per "
                              f"submission (nested archives included); "
                              f"{len(skipped['budget'])} entries not extracted")
    return dest


def _files(root: Path, res: StudentResult | None = None) -> list[Path]:
    """Regular files under ``root``, clutter excluded, never through a symbolic link (links are
    recorded on ``res`` and refused; names that are not UTF-8 recorded too)."""
    out = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        here = Path(folder)
        for d in list(dirs):
            if (here / d).is_symlink():
                dirs.remove(d)
                if res is not None:
                    res.refused["symlink"].add(shown(str((here / d).relative_to(root))))
        for name in names:
            path = here / name
            rel = path.relative_to(root)
            if _junk(rel):
                continue
            if res is not None and shown(name) != name:
                res.refused["name-not-utf8"].add(shown(str(rel)))
            if path.is_symlink():
                if res is not None:
                    res.refused["symlink"].add(shown(str(rel)))
                continue
            if path.is_file():
                out.append(path)
    return sorted(out)


def _inside(root: Path, rel: PurePosixPath) -> Path | None:
    """``root / rel`` if it stays inside ``root`` through no symbolic link and is a regular
    file; else ``None``."""
    if rel.is_absolute() or ".." in rel.parts:
        return None
    path = root
    for part in rel.parts:
        path = path / part
        if path.is_symlink():
            return None
    return path if path.is_file() else None


def _read_bytes(path: Path, label: str, res: StudentResult) -> bytes | None:
    """A file's bytes, or ``None`` (flagged) when it is larger than :data:`MAX_READ`."""
    size = path.stat().st_size
    if size > MAX_READ:
        res.flag("too-large", f"{label}: {size:,} bytes, more than the {MAX_READ:,} the grader "
                              "reads from one file; not read")
        return None
    return path.read_bytes()


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
        files = _files(root, res)
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
    if root is None or not _files(root, res):
        res.flag("no-submission", "no worksheet and no plan files found")
        return None
    return root


# --- the worksheet ---


def _read_worksheet(root: Path, res: StudentResult) -> list[dict[str, str]] | None:
    """Fill ``res`` from ``worksheet.json``; return its alternatives (None if unusable).

    A field of the wrong type is flagged (``worksheet-shape``) and the rest still read; when
    ``alternatives`` itself is unusable, the plan files in ``alternatives/`` are graded."""
    path = _inside(root, PurePosixPath("worksheet.json"))
    if path is None:
        return None
    raw = _read_bytes(path, "worksheet.json", res)
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        res.flag("worksheet-invalid", f"worksheet.json is not valid JSON ({exc})")
        return None
    except RecursionError:
        res.flag("json-too-deep", "worksheet.json nests lists/objects too deeply to be read; "
                                  "the plan files and documents were graded instead")
        return None
    if not isinstance(data, dict):
        res.flag("worksheet-invalid", "worksheet.json does not hold a JSON object")
        return None
    if data.get("format") != FORMAT:
        res.flag("worksheet-invalid", f"worksheet.json format is {_brief(data.get('format'))}, "
                                      f"expected {FORMAT!r}; read anyway")
    res.worksheet, res.author = "json", _field_text(data, "student", res)
    steps = _field(data, "steps", dict, res) or {}
    res.steps = {str(k).strip(): _field_text(steps, k, res, f"steps.{k}") for k in steps}
    res.recommended = _field_text(data, "recommended", res).strip()
    res.data_name = _field_text(data, "data", res).strip()
    listed = _field(data, "alternatives", list, res)
    if listed is None:
        entries = _plan_entries(root, res, under="alternatives")
    else:
        entries = []
        for k, alt in enumerate(listed, 1):
            if not isinstance(alt, dict) or not alt.get("name") or not alt.get("file"):
                res.flag("worksheet-invalid", f"worksheet.json alternative #{k} lacks a name or "
                                              "file")
                continue
            entries.append({"name": _field_text(alt, "name", res, f"alternative #{k} name"
                                                ).strip(),
                            "file": _field_text(alt, "file", res, f"alternative #{k} file"
                                                ).strip(),
                            "origin": _field_text(alt, "origin", res, f"alternative #{k} origin")})
    tests = _field(data, "tests", dict, res) or {}
    by_canon = {_canon(str(k)): v for k, v in tests.items()}
    filled, missing = 0, []
    for e in entries:
        answers = tests.get(e["name"], by_canon.get(_canon(e["name"])))
        answers = answers if isinstance(answers, dict) else {}
        n = sum(isinstance(answers.get(t), str) and bool(answers[t].strip()) for t in TESTS)
        filled += n
        if n < len(TESTS):
            missing.append(f"{e['name']} ({len(TESTS) - n})")
    res.tests_answered = (filled, len(TESTS) * len(entries))
    if missing:
        res.flag("tests-missing", "step 5: unanswered tests for " + ", ".join(missing))
    return entries


_JSON_TYPES = {dict: "an object", list: "a list", str: "text"}


def _brief(value: object) -> str:
    """A JSON value described in a few characters (for flag messages)."""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, dict | list) else \
        {dict: "an object", list: "a list"}[type(value)]
    return text if len(text) <= 40 else text[:37] + "..."


def _field(data: dict, key: str, kind: type, res: StudentResult,
           where: str | None = None) -> object:
    """``data[key]`` if it has type ``kind``; ``None`` if absent; flagged and ``None`` if it
    has another type."""
    value = data.get(key)
    if value is None or isinstance(value, kind):
        return value
    res.flag("worksheet-shape", f"worksheet.json '{where or key}' is {_brief(value)}, expected "
                                f"{_JSON_TYPES[kind]}; ignored" + (
                                    " (the plan files in alternatives/ were graded)"
                                    if key == "alternatives" else ""))
    return None


def _field_text(data: dict, key: str, res: StudentResult, where: str | None = None) -> str:
    """A text field; a number or true/false is taken as its text, anything else flagged."""
    value = data.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return _field(data, key, str, res, where) or ""


def _plan_entries(root: Path, res: StudentResult, under: str = "",
                  exclude: tuple[Path, ...] = ()) -> list[dict[str, str]]:
    """Every plan-like file (under ``under``/ if given) as an alternative named after it."""
    files = _files_under(root, under, res) if under else _files(root, res)
    return [{"name": shown(f.stem), "file": f.relative_to(root).as_posix(), "origin": ""}
            for f in files if f.suffix.lower() in _PLAN_SUFFIXES and f not in exclude]


def _files_under(root: Path, under: str, res: StudentResult) -> list[Path]:
    """The files in the folder ``root/under`` (none if it is missing or a symbolic link)."""
    base = root / under
    return [] if base.is_symlink() or not base.is_dir() else _files(base, res)


def _fallback(root: Path, res: StudentResult) -> list[dict[str, str]]:
    """No usable worksheet.json: every plan file is an alternative; note the human-only sheet."""
    files = _files(root, res)
    docs = [f for f in files if f.suffix.lower() in _BY_HAND and "alternatives" not in f.parts]
    if docs:
        res.worksheet = docs[0].suffix.lower().lstrip(".")
        res.recommended = _recommended_in_markdown(docs, res)
        res.flag("worksheet-by-hand", "worksheet not machine-readable, check by hand: "
                 + ", ".join(str(d.relative_to(root)) for d in docs))
    else:
        res.flag("worksheet-by-hand", "no readable worksheet (no valid worksheet.json, no .md, "
                                      ".docx or .pdf): check the submission by hand")
    return _plan_entries(root, res, exclude=tuple(docs))


def _recommended_in_markdown(docs: list[Path], res: StudentResult) -> str:
    """The recommendation line :func:`orville_case.ethics.submission.markdown` writes, if
    present."""
    for doc in docs:
        if doc.suffix.lower() == ".md":
            raw = _read_bytes(doc, doc.name, res)
            found = _RECOMMENDED.search(raw.decode("utf-8", "replace")) if raw else None
            if found:
                return found.group(1).strip()
    return ""


# --- plans ---


def _rows(path: Path, label: str, res: StudentResult) -> list[list[str]] | None:
    """Cells of a plan file (CSV with any delimiter, or the first sheet of an .xlsx)."""
    raw = _read_bytes(path, label, res)
    if raw is None:
        return None
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
    try:
        rows = [r for r in csv.reader(text.splitlines(), delimiter=delimiter)
                if any(c.strip() for c in r)]
    except csv.Error as exc:  # e.g. a cell over csv's own field limit (128 KiB)
        res.flag("cell-too-long" if "field larger" in str(exc) else "unreadable",
                 f"{label}: cannot be read as CSV ({exc}); this plan was skipped")
        return None
    return _cells_checked(rows, label, res)


def _cells_checked(rows: list[list[str]], label: str,
                   res: StudentResult) -> list[list[str]] | None:
    """``rows`` unless a cell is longer than :data:`MAX_CELL` (then flagged, ``None``)."""
    longest = max((len(c) for r in rows for c in r), default=0)
    if longest > MAX_CELL:
        res.flag("cell-too-long", f"{label}: a cell of {longest:,} characters (a zone or school "
                                  f"name is short; the grader reads at most {MAX_CELL:,}); "
                                  "this plan was skipped")
        return None
    return rows


def _xlsx_rows(path: Path, label: str, res: StudentResult) -> list[list[str]] | None:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as zf:  # an .xlsx is a zip: refuse a bomb before opening
            declared = sum(i.file_size for i in zf.infolist())
        if declared > SUBMISSION_BUDGET:
            res.flag("too-large", f"{label}: the workbook unpacks to {declared:,} bytes, more "
                                  f"than the grader's budget of {SUBMISSION_BUDGET:,}; not read")
            return None
        wb = load_workbook(path, read_only=True, data_only=True)
        values = list(wb.worksheets[0].iter_rows(values_only=True))
        wb.close()
    except Exception as exc:  # noqa: BLE001  (openpyxl raises many types on corrupt files)
        res.flag("unreadable", f"{label}: cannot be read as an Excel workbook ({exc})")
        return None
    rows = [["" if v is None else str(v) for v in r] for r in values]
    return _cells_checked([r for r in rows if any(c.strip() for c in r)], label, res)


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
    missing = [z for z in district.zones if z not in plan]
    if missing:
        res.flag("missing-zone", f"{label}: no school for zone(s) {', '.join(missing)}")
    unknown = [v for v in evaluate(district, plan).violations if v.startswith("unknown")]
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
        path = _inside(root, rel)
        if path is None:
            linked = not rel.is_absolute() and ".." not in rel.parts and any(
                (root / PurePosixPath(*rel.parts[:k])).is_symlink()
                for k in range(1, len(rel.parts) + 1))
            if linked:
                res.refused["symlink"].add(shown(e["file"]))
            else:
                res.flag("file-missing", f"{p.name}: plan file '{e['file']}' not found")
            continue
        try:
            _read_one(p, path, e["file"], district, res, names, pairs, best, seen)
        except Exception as exc:  # noqa: BLE001  (one plan must not drop the student's others)
            p.plan = p.report = p.gaps = None
            res.flag("grader-error", f"{p.name}: the grader failed on this plan "
                                     f"({type(exc).__name__}: {exc}); the other plans were graded")
    dups = [f"{p.name} = {p.duplicate_of}" for p in res.plans if p.duplicate_of]
    if dups:
        res.flag("duplicates", "same plan listed twice: " + "; ".join(dups))
    if len(res.distinct) < MIN_ALTERNATIVES:
        res.flag("too-few-alternatives", f"{len(res.distinct)} distinct readable alternatives "
                 f"({len(res.plans)} listed); the case asks for at least {MIN_ALTERNATIVES}")


def _read_one(p: PlanResult, path: Path, label: str, district: District, res: StudentResult,
              names: _Names, pairs: list[tuple[float, float]], best: float,
              seen: dict[tuple, str]) -> None:
    """Read, evaluate and place one plan of ``res``."""
    p.plan, p.split_zones = read_plan_leniently(path, label, district, res, names)
    if p.plan is None:
        return
    p.report = evaluate(district, p.plan)
    key = tuple(sorted(p.plan.items()))
    p.duplicate_of = seen.get(key)
    seen.setdefault(key, p.name)
    if p.report.complete and p.feasible:
        p.gaps = frontier_gaps(pairs, p.report.ewd, p.report.range_ed)
        p.ewd_optimal = is_ewd_optimal(p.report.ewd, best)


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
        better = [p for p in front
                  if at_most(p.f1, rec.report.ewd) and at_most(p.f2, rec.report.range_ed)]
        if not better:  # off the given frontier but beaten by none of its points: not dominated
            return
        b = min(better, key=lambda p: (p.f1, p.f2))
        res.flag("recommended-dominated",
                 f"recommended '{res.recommended}' (EWD {rec.report.ewd:,.1f}, Range#ED "
                 f"{fmt_ed(rec.report.range_ed)}) is dominated, e.g. by EWD {b.f1:,.1f}, "
                 f"Range#ED {fmt_ed(b.f2)}; does the worksheet justify it?")


def grade_student(entry: Path, district: District, front: list[Point],
                  scratch: Path) -> StudentResult:
    """Grade one student's folder or zip (``scratch``: an empty folder for extracted files).
    An unforeseen failure becomes a ``grader-error`` flag on the same result, keeping what was
    found before it; it never stops the class."""
    name = shown(entry.stem if entry.is_file() and not entry.is_symlink() else entry.name)
    res = StudentResult(student=name, source=shown(str(entry)))
    if name != entry.name and name != entry.stem:
        res.refused["name-not-utf8"].add(name)
    try:
        _grade_into(res, entry, district, front, scratch)
    except Exception as exc:  # noqa: BLE001  (one student's files must not stop the class)
        res.flag("grader-error", f"{type(exc).__name__}: {exc}")
    if res.budget.unopened:
        res.flag("too-large", f"{len(res.budget.unopened)} more archive(s) not opened, the "
                              "budget being spent: " + ", ".join(res.budget.unopened[:5]))
    if res.refused["symlink"]:
        links = sorted(res.refused["symlink"])
        res.flag("symlink", f"{len(links)} symbolic link(s) refused, never followed: "
                            + ", ".join(links[:5]))
    if res.refused["name-not-utf8"]:
        bad = sorted(res.refused["name-not-utf8"])
        res.flag("name-not-utf8", f"{len(bad)} name(s) not valid UTF-8, shown with �: "
                                  + ", ".join(bad[:5]) + " — ask the student to rename them")
    return res


def _grade_into(res: StudentResult, entry: Path, district: District, front: list[Point],
                scratch: Path) -> None:
    if entry.is_symlink():
        res.refused["symlink"].add(res.student)
        res.flag("no-submission", "the submission itself is a symbolic link (refused, never "
                                  "followed): ask for the folder or zip itself")
        return
    root = _locate(entry, scratch, res)
    if root is None:
        return
    entries = _read_worksheet(root, res)
    if entries is None:
        entries = _fallback(root, res)
    else:
        listed = {PurePosixPath(e["file"].replace("\\", "/")).as_posix() for e in entries}
        extra = [f.relative_to(root).as_posix() for f in _files_under(root, "alternatives", res)
                 if f.relative_to(root).as_posix() not in listed]
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


def student_entries(folder: Path) -> tuple[list[Path], list[str]]:
    """Sub-folders and zips of ``folder`` (one per student; symbolic links too, so that they
    are reported), and the other names ignored."""
    entries, ignored = [], []
    for p in sorted(folder.iterdir()):
        if _junk(PurePosixPath(p.name)):
            continue
        if p.is_symlink() or p.is_dir() or p.suffix.lower() == ".zip":
            entries.append(p)
        else:
            ignored.append(shown(p.name))
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
    try:
        entries, ignored = student_entries(folder)
    except OSError as exc:
        raise OrvilleError(Problem(f"cannot list the submissions ({exc.strerror or exc})",
                                   str(folder), fix="check the folder's permissions")) from None
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
            students.append(grade_student(entry, district, front, scratch))
            shutil.rmtree(scratch, ignore_errors=True)  # at most one budget on disk at a time
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
        with open(path, "w", newline="", encoding="utf-8", errors="replace") as f:
            w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
            w.writeheader()
            w.writerows({k: spreadsheet_safe(v) for k, v in r.items()} for r in rows)
    return paths

