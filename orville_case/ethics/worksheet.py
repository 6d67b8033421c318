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
folder (:func:`work_dir`), atomically and under a file lock (:mod:`orville_case.ethics.autosave`),
so a crash — even ``kill -9`` mid-save — leaves the previous draft intact; leftover temporary files
are removed when the draft is opened. Opening a draft again (re-running the notebook, restarting
the kernel) reloads it. A draft that cannot be read is *renamed* to
``worksheet_draft.corrupt-<time>.json`` (never overwritten) and a new draft starts, with a message
saying where the old text is.

**Several copies.** Each save stores a fresh random token. When a copy saves (or a form is drawn)
and the file carries a token it did not write, another copy (a second tab or kernel) saved in
between: the two are merged field by field (:func:`orville_case.ethics.autosave.merge`). Edits to
different steps both survive; when both copies changed the *same* text, both texts are kept in that
field, the other copy's after a line "——— text from another copy … ———", the other copy's whole
draft is also kept as ``worksheet_draft.conflict-<time>.json``, and :attr:`WorksheetDraft.message`
says so in words.

**A failed save** (read-only folder, full disk) raises :class:`DraftNotSaved`, saying why; the
text stays in memory and the next change (or :meth:`WorksheetDraft.save`) tries again. A failed
save never makes the next one look like a change made elsewhere.

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
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from orville_case.core.errors import OrvilleError, Problem
from orville_case.ethics.autosave import (
    OTHER_COPY,
    atomic_write,
    locked,
    merge,
    remove_leftovers,
    why_not_saved,
)
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
from orville_case.zoning.plans import Plan, PlanReport, evaluate, fmt_ed, read_plan

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


def folder_name(student: str) -> str:
    """The export folder's name: the student's name with anything but letters (any script),
    digits, '.', '-' and '_' replaced by '_' (``"Zoë O'Neil"`` → ``Zoë_O_Neil``)."""
    return re.sub(r"[^\w.-]+", "_", student.strip()).strip("_.") or "student"


def free_name(path: Path, label: str) -> Path:
    """``<stem>.<label>-<time>.json`` beside ``path``, a name no file has yet."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    k, target = 1, path.with_name(f"{path.stem}.{label}-{stamp}{path.suffix}")
    while target.exists():
        k += 1
        target = path.with_name(f"{path.stem}.{label}-{stamp}-{k}{path.suffix}")
    return target


def keep_aside(path: Path, label: str) -> Path:
    """Rename ``path`` to :func:`free_name` (nothing is overwritten)."""
    target = free_name(path, label)
    path.rename(target)
    return target


class DraftNotSaved(OrvilleError):
    """The draft could not be written (read-only folder, full disk); the text is still in
    memory and the next change or :meth:`WorksheetDraft.save` tries again."""


Field = tuple[str, ...]  # ("student",), ("step", k), ("alternative", name), ("test", name, key)


def describe(key: Field) -> str:
    """A merged field in words, for the student."""
    return {"student": "your name", "recommended": "the recommendation (step 6)",
            "step": f"step {key[-1]}", "alternative": f"alternative '{key[-1]}'",
            "test": f"the '{key[-1]}' test of '{key[1]}'"}[key[0]]


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
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.folder is not None and not self.missing

    def __str__(self) -> str:
        if self.folder is None:
            return "Not exported: " + "; ".join(self.missing)
        head = (f"Exported to {self.folder}\nHand in {self.archive} (or the whole folder).")
        tail = "".join(f"\nNote: {n}" for n in self.notes)
        if not self.missing:
            return head + "\n✓ the worksheet is complete." + tail
        return head + "\nStill missing (you may export again at any time):\n" + "\n".join(
            f"  - {m}" for m in self.missing) + tail


def frontier_name(points: list[Point], k: int) -> str:
    """Default name of frontier point ``k`` (0-based, points sorted by EWD)."""
    p = points[k]
    return f"Frontier {k + 1} (EWD {p.f1:,.0f}, Range#ED {fmt_ed(p.f2)})"


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
        self.message = ""  # the last thing worth telling the student (open, merge, failed save)
        self.updated: list[Field] = []  # fields the last merge changed here (the form redraws)
        self.pending = False  # True after a failed save: memory holds text the disk lacks
        self._token: str | None = None  # token of the version last read or written
        self._base: dict[Field, object] = self._flat()  # ... and its fields (merge base)
        self._data_name = ""  # dataset the loaded draft was written for
        self._reports: dict[str, PlanReport] = {}

    # ------------------------------------------------------------------ loading and saving
    @classmethod
    def open(cls, district: District, folder: str | Path | None = None, *,
             autosave: bool = True) -> WorksheetDraft:
        """Reload the draft in the work folder, or start a new one; ``message`` says which.
        Temporary files an interrupted save left behind are removed."""
        draft = cls(district, folder, autosave=autosave)
        if draft.folder.is_dir():
            with locked(draft.path):
                remove_leftovers(draft.path)
        if not draft.path.exists():
            draft.message = (f"New worksheet: every change is saved to {draft.path} as you "
                             "type; re-running the notebook reloads it.")
            return draft
        try:
            raw = json.loads(draft.path.read_text(encoding="utf-8"))
            draft._load(raw)
        except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError) as exc:
            fresh = cls(district, folder, autosave=autosave)
            backup = keep_aside(draft.path, "corrupt")
            fresh.message = (f"Your saved draft {draft.path.name} could not be read ({exc}). "
                             f"It was kept unchanged as {backup} — open it in a text editor to "
                             "copy your text back. A new, empty draft starts now.")
            return fresh
        draft._token, draft._base = raw.get("token"), draft._flat()
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

    def as_json(self, token: str | None = None) -> dict:
        """The draft as saved (plans included, metrics not: they are recomputed on load);
        ``token`` identifies this version (see :mod:`orville_case.ethics.autosave`)."""
        return {"format": DRAFT_FORMAT, "token": token, "student": self.student,
                "steps": self.steps,
                "alternatives": [{"name": a.name, "origin": a.origin, "plan": a.plan}
                                 for a in self.alternatives.values()],
                "tests": {n: t for n, t in self.tests.items() if n in self.alternatives},
                "recommended": self.recommended, "data": self.district.name,
                "saved": datetime.now().isoformat(timespec="seconds")}

    def _flat(self) -> dict[Field, object]:
        """The draft as independent fields, the unit of merging."""
        out: dict[Field, object] = {("student",): self.student,
                                    ("recommended",): self.recommended}
        out.update({("step", k): v for k, v in self.steps.items()})
        for a in self.alternatives.values():
            out["alternative", a.name] = {"plan": a.plan, "origin": a.origin}
        for name, answers in self.tests.items():
            if name in self.alternatives:
                out.update({("test", name, t): v for t, v in answers.items()})
        return out

    def _set_flat(self, fields: Mapping[Field, object], order: list[str]) -> None:
        """Replace the content by ``fields``; alternatives keep ``order``, new ones follow."""
        names = [k[1] for k in fields if k[0] == "alternative"]
        names.sort(key=lambda n: order.index(n) if n in order else len(order))
        self.student = str(fields.get(("student",), ""))
        self.steps = {k: str(fields.get(("step", k), "")) for k in STEPS}
        self.alternatives = {}
        for n in names:
            v = fields["alternative", n]
            self.alternatives[n] = Alternative(n, dict(v["plan"]), v["origin"])
        self.tests = {}
        for key, v in fields.items():
            if key[0] == "test" and key[1] in self.alternatives:
                self.tests.setdefault(key[1], {})[key[2]] = str(v)
        rec = str(fields.get(("recommended",), ""))
        self.recommended = rec if rec in self.alternatives else ""

    def _pull(self) -> None:
        """Merge into memory what another copy saved since this one last read or wrote the
        file (call under :func:`locked`). Sets :attr:`updated` and, if anything came in,
        :attr:`message`."""
        self.updated = []
        if not self.path.exists():
            return
        try:
            text = self.path.read_text(encoding="utf-8")
            raw = json.loads(text)
            if isinstance(raw, dict) and raw.get("token") == self._token:
                return  # nobody else saved
            other = WorksheetDraft(self.district, self.folder, autosave=False)
            other._load(raw)
        except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError) as exc:
            backup = keep_aside(self.path, "corrupt")
            self.message = (f"The draft file had been damaged ({exc}); it was kept unchanged "
                            f"as {backup} and this notebook's text saved instead.")
            return
        when = str(raw.get("saved", "?")).replace("T", " ")
        extra: dict[Field, object] = {}

        def both(key: Field, mine: object, theirs: object) -> object:
            if key[0] in ("step", "test"):  # text: keep both
                if not str(mine or "").strip():
                    return theirs
                if not str(theirs or "").strip():
                    return mine
                return f"{mine}\n\n{OTHER_COPY.format(time=when)}\n{theirs}"
            if key[0] == "alternative" and mine is not None and theirs is not None:
                extra["alternative", f"{key[1]} (other copy)"] = theirs
            return mine if mine not in (None, "") else theirs

        result = merge(self._base, self._flat(), other._flat(), both)
        order = list(self.alternatives) + list(other.alternatives)
        self._set_flat({**result.fields, **extra}, order)
        self._token, self._base = raw.get("token"), other._flat()
        self.updated = result.taken + result.conflicts + list(extra)
        parts = []
        if result.taken:
            parts.append("Brought in from another copy of this notebook (another tab or "
                         "kernel): " + ", ".join(map(describe, result.taken)) + ".")
        if result.conflicts:
            kept = free_name(self.path, "conflict")
            atomic_write(kept, text)
            texts = [describe(k) for k in result.conflicts if k[0] in ("step", "test")]
            other_fields = [describe(k) for k in result.conflicts if k[0] not in ("step", "test")]
            if texts:
                parts.append(f"{', '.join(texts)} changed both here and in another copy of "
                             "this notebook. Nothing was lost: each holds both texts, the other "
                             "copy's below the line '" + OTHER_COPY.split(" (")[0] + " …' — "
                             "keep what you want and delete the rest.")
            if other_fields:
                parts.append(f"{', '.join(other_fields)} changed both here and in another "
                             "copy: this copy's version was kept" + (
                                 " and the other copy's plan added as '… (other copy)'"
                                 if extra else "") + ".")
            parts.append(f"The other copy's whole draft is kept as {kept} (open it in a text "
                         "editor to copy from it).")
        if parts:
            self.message = " ".join(parts)

    def save(self) -> Path:
        """Write the draft now (atomic, under the lock), merging first what another copy saved
        since (see module docstring). Raises :class:`DraftNotSaved` if the disk refuses; the
        text stays in memory and the next save tries again."""
        was_pending = self.pending
        try:
            with locked(self.path):
                self._pull()
                token = uuid.uuid4().hex
                atomic_write(self.path, json.dumps(self.as_json(token), indent=2,
                                                   ensure_ascii=False))
        except OSError as exc:
            self.pending = True
            self.message = (f"NOT saved: {why_not_saved(exc, self.folder)}. Your text is kept "
                            "in this notebook's memory (do not restart the kernel); it is saved "
                            "at your next change, or run draft.save() once the problem is "
                            "fixed.")
            raise DraftNotSaved(self.message) from None
        self._token, self._base, self.pending = token, self._flat(), False
        if was_pending:
            self.message = f"Saved again: everything in memory is now in {self.path}."
        return self.path

    def sync(self) -> list[Field]:
        """Bring in what another copy saved (merged field by field) and save what only this
        copy holds; returns the fields that changed here. Forms call it when drawn, so a
        re-run form cell shows the newest text."""
        try:
            with locked(self.path):
                self._pull()
        except OSError:
            pass  # unreadable now: keep what is in memory; the next save reports why
        updated = self.updated
        if self._flat() != self._base and self.autosave:
            self.save()
        return updated

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

    def step_gaps(self) -> dict[str, list[str]]:
        """What each of Davis's seven steps still lacks, one line each (empty list: done).

        Steps 1, 2, 3 and 7 are done with text; step 4 with at least :data:`MIN_ALTERNATIVES`
        alternatives; step 5 with all seven tests answered for every alternative; step 6 with a
        feasible recommendation and its justification. The same rule counts the steps in
        :meth:`summary` and lists what is missing at export."""
        gaps: dict[str, list[str]] = {k: [] for k in STEPS}
        for k in ESSAY_STEPS:
            if not step_has_content(self.steps[k], k):
                gaps[k].append(f"step {k} ({STEPS[k][0]}): no text yet")
        n = len(self.alternatives)
        if n < MIN_ALTERNATIVES:
            gaps["4"].append(f"step 4: {MIN_ALTERNATIVES - n} more alternative(s) "
                             f"(you have {n}, the case asks for at least {MIN_ALTERNATIVES})")
        todo = self.unanswered_tests()
        if not self.alternatives:
            gaps["5"].append("step 5: add alternatives in step 4, then answer the seven tests "
                             "for each")
        elif todo:
            by_alt = {n: [t for m, t in todo if m == n] for n, _ in todo}
            gaps["5"].append(f"step 5: {len(todo)} unanswered test(s) — " + "; ".join(
                f"{n}: {'all seven' if len(ts) == len(TESTS) else ', '.join(ts)}"
                for n, ts in by_alt.items()))
        if not self.recommended:
            gaps["6"].append("step 6: choose the alternative you recommend")
        elif not self.report(self.recommended).feasible:
            gaps["6"].append(f"step 6: the recommended '{self.recommended}' is infeasible")
        return gaps

    def summary(self) -> str:
        """One line: name, steps done (of seven), alternatives, tests answered, recommendation."""
        done = [k for k, lack in self.step_gaps().items() if not lack]
        total = len(self.alternatives) * len(TESTS)
        answered = total - len(self.unanswered_tests())
        return (f"student '{self.student or '?'}', {len(done)}/{len(STEPS)} steps done, "
                f"{len(self.alternatives)} alternatives, {answered}/{total} test answers, "
                f"recommended: {self.recommended or 'none yet'}")

    # ------------------------------------------------------------------ export
    def missing(self) -> list[str]:
        """What the worksheet still lacks, one clear line each (empty list: complete)."""
        out = [] if self.student else ["your name (it names the exported folder)"]
        return out + [line for lack in self.step_gaps().values() for line in lack]

    def notes(self) -> list[str]:
        """Things worth a second look that are not missing (infeasible alternatives may be
        discussed, e.g. the status quo, if the worksheet says why)."""
        bad = [n for n in self.alternatives if not self.report(n).feasible]
        return [f"step 4: infeasible alternative(s) {', '.join(bad)} — fine to discuss; say in "
                "step 4 why you keep them"] if bad else []

    def worksheet(self) -> Worksheet:
        """The :class:`~orville_case.ethics.submission.Worksheet` to export. Steps 4 and 5 carry
        your
        notes followed by a listing generated from the tables (so the text says what they hold)."""
        steps = dict(self.steps)
        listing = [f"- {n}: EWD {r.ewd:,.1f}, Range#ED {fmt_ed(r.range_ed)}" if r.complete
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
        return ExportResult(target, archive, self.missing(), self.notes())


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} should be text, found {type(value).__name__}")
    return value


def _join(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p.strip())

