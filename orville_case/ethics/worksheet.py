"""Davis's seven-step ethics worksheet for the ORville case: the model behind notebook 04.

A :class:`WorksheetDraft` holds what a student builds over the case's two weeks:

* free text for every step (steps 1, 2, 3, 6, 7 are essays; 4 and 5 take optional notes);
* step 4, the alternatives: named plans (from the exact frontier, the plan explorer, a dict or a
  ``zone,school`` CSV), each evaluated with :func:`orville_case.zoning.plans.evaluate` — EWD,
  Range#ED,
  feasibility and every violation — never typed by the student;
* step 5, a table alternatives × Davis's seven tests (:data:`orville_case.ethics.submission.TESTS`);
* step 6, the recommended alternative (its justification is the step-6 text).

**Autosave.** Every change is written at once to ``worksheet_draft.json`` in the student's work
folder (:func:`work_dir`), atomically (a temporary file in the same folder, then ``os.replace``),
so a crash mid-write leaves the previous draft intact. Opening a draft again (re-running the
notebook, restarting the kernel) reloads it. A draft that cannot be read is *renamed* to
``worksheet_draft.corrupt-<time>.json`` (never overwritten) and a new draft starts, with a message
saying where the old text is. If another copy of the notebook changed the draft since it was
loaded, that version is kept as ``worksheet_draft.conflict-<time>.json`` before it is replaced.

**Export** (:meth:`WorksheetDraft.export`) writes one folder in the instructor's format
``orville-submission/1`` (:mod:`orville_case.ethics.submission`) plus a zip of it, and lists what
is still
missing. The format stores an incomplete worksheet as it is and the grader flags the gaps, so an
export is allowed at any time (hand in a draft early, re-export later); the only requirement is a
student name, which names the folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from orville_case.core.errors import OrvilleError, Problem
from orville_case.ethics.submission import (
    MIN_ALTERNATIVES,
    STEPS,
    TESTS,
    Worksheet,
    step_has_content,
    write_submission,
)
from orville_case.zoning.biobjective import Point
from orville_case.zoning.data import District
from orville_case.zoning.plans import Plan, PlanReport, evaluate, read_plan

WORK_ENV = "ORVILLE_WORK_DIR"
WORK_FOLDER = "my_work"
DRAFT_FILE = "worksheet_draft.json"
DRAFT_FORMAT = "orville-worksheet-draft/1"
HAND_IN = "hand_in"
ESSAY_STEPS = ("1", "2", "3", "6", "7")  # steps answered in prose; 4 and 5 are structured


def work_dir(folder: str | Path | None = None) -> Path:
    """The student's work folder: ``folder`` if given, else ``$ORVILLE_WORK_DIR``, else
    ``my_work/`` in the current folder (next to the notebook in Jupyter; git ignores it)."""
    if folder is not None:
        return Path(folder)
    env = os.environ.get(WORK_ENV)
    return Path(env) if env else Path.cwd() / WORK_FOLDER


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def folder_name(student: str) -> str:
    """The export folder's name: the student's name with anything but letters (any script),
    digits, '.', '-' and '_' replaced by '_' (``"Zoë O'Neil"`` → ``Zoë_O_Neil``)."""
    return re.sub(r"[^\w.-]+", "_", student.strip()).strip("_.") or "student"


def keep_aside(path: Path, label: str) -> Path:
    """Rename ``path`` to ``<stem>.<label>-<time>.json`` (a free name: nothing is overwritten)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    k, target = 1, path.with_name(f"{path.stem}.{label}-{stamp}{path.suffix}")
    while target.exists():
        k += 1
        target = path.with_name(f"{path.stem}.{label}-{stamp}-{k}{path.suffix}")
    path.rename(target)
    return target


@dataclass
class Alternative:
    """One option of step 4: a named plan and where it came from."""

    name: str
    plan: Plan
    origin: str = ""


@dataclass
class ExportResult:
    """Where an export went and what the worksheet still lacks (empty: complete)."""

    folder: Path | None
    archive: Path | None
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.folder is not None and not self.missing

    def __str__(self) -> str:
        if self.folder is None:
            return "Not exported: " + "; ".join(self.missing)
        head = (f"Exported to {self.folder}\nHand in {self.archive} (or the whole folder).")
        if not self.missing:
            return head + "\n✓ the worksheet is complete."
        return head + "\nStill missing (you may export again at any time):\n" + "\n".join(
            f"  - {m}" for m in self.missing)


def frontier_name(points: list[Point], k: int) -> str:
    """Default name of frontier point ``k`` (0-based, points sorted by EWD)."""
    p = points[k]
    return f"Frontier {k + 1} (EWD {p.f1:,.0f}, Range#ED {p.f2:g})"


class WorksheetDraft:
    """The worksheet being written (see module docstring). Open it with :meth:`open`."""

    def __init__(self, district: District, folder: str | Path | None = None, *,
                 autosave: bool = True):
        self.district = district
        self.folder = work_dir(folder)
        self.path = self.folder / DRAFT_FILE
        self.autosave = autosave
        self.student = ""
        self.steps: dict[str, str] = dict.fromkeys(STEPS, "")
        self.alternatives: dict[str, Alternative] = {}
        self.tests: dict[str, dict[str, str]] = {}
        self.recommended = ""
        self.message = ""  # what happened when the draft was opened (for the notebook)
        self._revision = 0
        self._data_name = ""  # dataset the loaded draft was written for
        self._reports: dict[str, PlanReport] = {}

    # ------------------------------------------------------------------ loading and saving
    @classmethod
    def open(cls, district: District, folder: str | Path | None = None, *,
             autosave: bool = True) -> WorksheetDraft:
        """Reload the draft in the work folder, or start a new one; ``message`` says which."""
        draft = cls(district, folder, autosave=autosave)
        if not draft.path.exists():
            draft.message = (f"New worksheet: every change is saved to {draft.path} as you "
                             "type; re-running the notebook reloads it.")
            return draft
        try:
            draft._load(json.loads(draft.path.read_text(encoding="utf-8")))
        except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError) as exc:
            fresh = cls(district, folder, autosave=autosave)
            backup = keep_aside(draft.path, "corrupt")
            fresh.message = (f"Your saved draft {draft.path.name} could not be read ({exc}). "
                             f"It was kept unchanged as {backup} — open it in a text editor to "
                             "copy your text back. A new, empty draft starts now.")
            return fresh
        draft.message = (f"Reloaded your draft from {draft.path}: {draft.summary()}. "
                         "Every change is saved as you type.")
        if draft._data_name and draft._data_name != district.name:
            draft.message += (f" Note: it was written for dataset '{draft._data_name}'; the "
                              f"metrics shown now are computed on '{district.name}'.")
        return draft

    def _load(self, raw: object) -> None:
        """Fill this draft from parsed JSON; raise ValueError/TypeError on any bad shape."""
        if not isinstance(raw, dict) or raw.get("format") != DRAFT_FORMAT:
            raise ValueError(f"not a worksheet draft (format must be {DRAFT_FORMAT})")
        self.student = _text(raw.get("student", ""), "student")
        steps = raw.get("steps", {})
        for key in STEPS:
            self.steps[key] = _text(steps.get(key, ""), f"step {key}")
        for entry in raw.get("alternatives", []):
            name = _text(entry["name"], "alternative name")
            plan = entry["plan"]
            if not isinstance(plan, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) for k, v in plan.items()):
                raise ValueError(f"plan of alternative '{name}' is not a zone → school mapping")
            self.alternatives[name] = Alternative(name, dict(plan),
                                                  _text(entry.get("origin", ""), "origin"))
        for name, answers in raw.get("tests", {}).items():
            if name in self.alternatives:
                self.tests[name] = {k: _text(v, f"test {k}") for k, v in answers.items()
                                    if k in TESTS}
        rec = _text(raw.get("recommended", ""), "recommended")
        self.recommended = rec if rec in self.alternatives else ""
        self._data_name = _text(raw.get("data", ""), "data")
        self._revision = int(raw.get("revision", 0))

    def as_json(self) -> dict:
        """The draft as saved (plans included, metrics not: they are recomputed on load)."""
        return {"format": DRAFT_FORMAT, "revision": self._revision, "student": self.student,
                "steps": self.steps,
                "alternatives": [{"name": a.name, "origin": a.origin, "plan": a.plan}
                                 for a in self.alternatives.values()],
                "tests": {n: t for n, t in self.tests.items() if n in self.alternatives},
                "recommended": self.recommended, "data": self.district.name,
                "saved": datetime.now().isoformat(timespec="seconds")}

    def save(self) -> Path:
        """Write the draft now (atomic). If another copy changed the file since this one loaded
        or saved it, that version is first kept aside as a ``.conflict-<time>.json`` file."""
        if self.path.exists():
            try:
                on_disk = int(json.loads(self.path.read_text(encoding="utf-8"))["revision"])
            except (ValueError, TypeError, KeyError, UnicodeDecodeError):
                on_disk = None
            if on_disk != self._revision:
                kept = keep_aside(self.path, "conflict")
                self.message = (f"The draft file had been changed elsewhere (another notebook "
                                f"tab?); that version was kept as {kept}.")
        self._revision += 1
        atomic_write(self.path, json.dumps(self.as_json(), indent=2, ensure_ascii=False))
        return self.path

    def _changed(self) -> None:
        if self.autosave:
            self.save()

    # ------------------------------------------------------------------ text
    def set_student(self, name: str) -> None:
        """Your name or student id (it names the exported folder)."""
        self.student = name.strip()
        self._changed()

    def set_step(self, key: str, text: str) -> None:
        """The text of step ``key`` ('1'..'7'); for 4 and 5 these are notes on the tables."""
        if key not in STEPS:
            raise OrvilleError(Problem(f"unknown step '{key}'", fix="steps are '1' to '7'"))
        self.steps[key] = text
        self._changed()

    def set_test(self, alternative: str, test: str, text: str) -> None:
        """Step 5: your answer to Davis's ``test`` for ``alternative``."""
        self._require(alternative)
        if test not in TESTS:
            raise OrvilleError(Problem(f"unknown test '{test}'",
                                      fix=f"use one of {', '.join(TESTS)}"))
        self.tests.setdefault(alternative, {})[test] = text
        self._changed()

    def recommend(self, alternative: str) -> None:
        """Step 6: the alternative you recommend ('' to clear); justify it in step 6's text."""
        if alternative:
            self._require(alternative)
        self.recommended = alternative
        self._changed()

    # ------------------------------------------------------------------ alternatives
    def add(self, name: str, plan: Mapping[str, str], origin: str = "") -> Alternative:
        """Add a plan as an alternative. Infeasible plans are accepted (and flagged in the
        table); an empty or taken name, or a plan identical to another alternative, is refused."""
        name = " ".join(str(name).split())
        if not name:
            raise OrvilleError(Problem("the alternative needs a name",
                                      fix="e.g. 'Min EWD' or 'Equity first'"))
        if name in self.alternatives:
            raise OrvilleError(Problem(f"there is already an alternative named '{name}'",
                                      fix="choose another name or remove the old one first"))
        plan = {str(z).strip(): str(s).strip() for z, s in plan.items()}
        twin = next((a.name for a in self.alternatives.values() if a.plan == plan), None)
        if twin:
            raise OrvilleError(Problem(f"'{name}' is the same plan as the alternative '{twin}'",
                                      fix="step 4 asks for different options; change a zone"))
        alt = Alternative(name, plan, origin.strip())
        self.alternatives[name] = alt
        self._changed()
        return alt

    def add_frontier_point(self, points: list[Point], k: int, name: str = "") -> Alternative:
        """Add frontier point ``k`` (0-based, in the order of ``points``: by EWD)."""
        if not 0 <= k < len(points):
            raise OrvilleError(Problem(f"there is no frontier point {k + 1}",
                                      fix=f"pick 1 to {len(points)}"))
        p = points[k]
        kind = {True: "supported", False: "unsupported", None: ""}[p.supported]
        origin = (f"exact frontier point {k + 1} of {len(points)} (ε-constraint)"
                  + (f", {kind}" if kind else ""))
        return self.add(name or frontier_name(points, k), p.solution, origin)

    def add_csv(self, path: str | Path, name: str = "", origin: str = "") -> Alternative:
        """Add the plan in a ``zone,school`` CSV (named after the file unless ``name``)."""
        path = Path(path)
        return self.add(name or path.stem, read_plan(path), origin or f"my plan ({path.name})")

    def add_plans(self, plans: Mapping[str, Mapping[str, str]], origin: str = "") -> None:
        """Add several plans ``{name: {zone: school}}`` (e.g. from your own notebook)."""
        for name, plan in plans.items():
            self.add(name, plan, origin)

    def remove(self, name: str) -> None:
        """Remove an alternative with its test answers (and the recommendation if it was it)."""
        self._require(name)
        del self.alternatives[name]
        self.tests.pop(name, None)
        if self.recommended == name:
            self.recommended = ""
        self._changed()

    def _require(self, name: str) -> None:
        if name not in self.alternatives:
            raise OrvilleError(Problem(f"no alternative named '{name}'",
                                      fix=f"use one of {', '.join(self.alternatives) or '—'}"
                                          " (add it in step 4 first)"))

    def report(self, name: str) -> PlanReport:
        """``evaluate(district, plan)`` of one alternative (cached; plans never change)."""
        self._require(name)
        key = json.dumps(self.alternatives[name].plan, sort_keys=True)
        if key not in self._reports:
            self._reports[key] = evaluate(self.district, self.alternatives[name].plan)
        return self._reports[key]

    # ------------------------------------------------------------------ tables
    def table(self) -> pd.DataFrame:
        """Step 4: one row per alternative — origin, EWD, Range#ED, feasible, violations."""
        rows = []
        for name, alt in self.alternatives.items():
            r = self.report(name)
            rows.append({"alternative": name, "origin": alt.origin, "EWD": r.ewd,
                         "Range#ED": r.range_ed, "feasible": r.feasible,
                         "violations": "; ".join(r.violations),
                         "recommended": name == self.recommended})
        cols = ["alternative", "origin", "EWD", "Range#ED", "feasible", "violations",
                "recommended"]
        return pd.DataFrame(rows, columns=cols).set_index("alternative")

    def unanswered_tests(self) -> list[tuple[str, str]]:
        """(alternative, test) pairs of step 5 without an answer."""
        return [(n, t) for n in self.alternatives for t in TESTS
                if not self.tests.get(n, {}).get(t, "").strip()]

    def summary(self) -> str:
        """One line: name, steps written, alternatives, tests answered, recommendation."""
        essays = sum(step_has_content(self.steps[k], k) for k in ESSAY_STEPS)
        total = len(self.alternatives) * len(TESTS)
        done = total - len(self.unanswered_tests())
        return (f"student '{self.student or '?'}', {essays}/{len(ESSAY_STEPS)} written steps, "
                f"{len(self.alternatives)} alternatives, {done}/{total} test answers, "
                f"recommended: {self.recommended or 'none yet'}")

    # ------------------------------------------------------------------ export
    def missing(self) -> list[str]:
        """What the worksheet still lacks, one clear line each (empty list: complete)."""
        out = []
        if not self.student:
            out.append("your name (it names the exported folder)")
        empty = [k for k in ESSAY_STEPS if not step_has_content(self.steps[k], k)]
        if empty:
            out.append("text for step " + ", ".join(f"{k} ({STEPS[k][0]})" for k in empty))
        n = len(self.alternatives)
        if n < MIN_ALTERNATIVES:
            out.append(f"step 4: {MIN_ALTERNATIVES - n} more alternative(s) "
                       f"(you have {n}, the case asks for at least {MIN_ALTERNATIVES})")
        bad = [n for n in self.alternatives if not self.report(n).feasible]
        if bad:
            out.append("step 4: infeasible alternatives (fine to discuss, but say why you keep "
                       "them): " + ", ".join(bad))
        todo = self.unanswered_tests()
        if todo:
            by_alt = {n: [t for m, t in todo if m == n] for n, _ in todo}
            out.append(f"step 5: {len(todo)} unanswered test(s) — " + "; ".join(
                f"{n}: {'all seven' if len(ts) == len(TESTS) else ', '.join(ts)}"
                for n, ts in by_alt.items()))
        if not self.recommended:
            out.append("step 6: choose the alternative you recommend")
        elif not self.report(self.recommended).feasible:
            out.append(f"step 6: the recommended '{self.recommended}' is infeasible")
        return out

    def worksheet(self) -> Worksheet:
        """The :class:`~orville_case.ethics.submission.Worksheet` to export. Steps 4 and 5 carry
        your
        notes followed by a listing generated from the tables (so the text says what they hold)."""
        steps = dict(self.steps)
        listing = [f"- {n}: EWD {r.ewd:,.1f}, Range#ED {r.range_ed}" if r.complete
                   else f"- {n}: incomplete plan" for n, r in
                   ((n, self.report(n)) for n in self.alternatives)]
        if listing:
            steps["4"] = _join(steps["4"], f"{len(listing)} alternatives (metrics computed by "
                               "orville_case.zoning.plans.evaluate):\n" + "\n".join(listing))
        total = len(self.alternatives) * len(TESTS)
        answered = total - len(self.unanswered_tests())
        if answered:
            steps["5"] = _join(steps["5"], f"Seven tests answered for the alternatives: "
                               f"{answered} of {total} answers (table above).")
        return Worksheet(student=self.student, steps=steps,
                         tests={n: dict(t) for n, t in self.tests.items()
                                if n in self.alternatives},
                         origins={n: a.origin for n, a in self.alternatives.items()},
                         recommended=self.recommended)

    def export(self, folder: str | Path | None = None) -> ExportResult:
        """Write ``<work>/hand_in/<name>/`` (format ``orville-submission/1``) and a zip of it.

        Allowed for an incomplete worksheet (the result lists what is missing); refused, with
        nothing written, only when the student name is empty."""
        if not self.student:
            return ExportResult(None, None, ["type your name first (it names the folder)"])
        base = Path(folder) if folder is not None else self.folder / HAND_IN
        target = base / folder_name(self.student)
        plans = {n: a.plan for n, a in self.alternatives.items()}
        metrics = {n: self.report(n).as_dict() for n in self.alternatives}
        write_submission(target, self.worksheet(), plans, metrics, data=self.district.name)
        archive = Path(shutil.make_archive(str(target), "zip", root_dir=base,
                                           base_dir=target.name))
        return ExportResult(target, archive, self.missing())


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} should be text, found {type(value).__name__}")
    return value


def _join(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p.strip())

