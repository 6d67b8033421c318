"""The submission folder a student exports from notebook 04 and an instructor grades.

Format ``orville-submission/1`` — one folder per student::

    <student>/
      worksheet.json            machine-readable worksheet (below)
      worksheet.md              the same worksheet as a readable document
      alternatives/<name>.csv   one plan per alternative, columns zone,school

``worksheet.json``::

    {"format": "orville-submission/1",
     "student": "<name or id>",
     "steps": {"1": text, "2": text, ..., "7": text},       # Davis's seven steps, free text
     "tests": {"<alternative>": {"<test key>": text, ...}},  # step 5, one row per alternative
     "alternatives": [{"name": str, "file": "alternatives/<name>.csv", "origin": str}],
     "recommended": "<alternative name>",
     "data": "<name of the dataset the plans were evaluated on>"}

Each alternative gets its own file: names that clean up to the same file name get a suffix
(``Plan_A.csv``, ``Plan_A_2.csv``); re-exporting replaces the whole ``alternatives/`` folder so no
stale plan survives; the recommendation must name one of the alternatives.

The seven steps follow Davis (2023), *Seven-step method for ethical decision-making* (Online Ethics
Center), as the case prescribes; the step-4 and step-7 prompts keep Davis's own advice ("be
imaginative, try to avoid 'dilemma'"; step 7's "what could you do to make it less likely that you
would have to make such a decision again?", precautions, support, changing the organization);
step 5 applies Davis's seven tests to every alternative.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from orville_case.core.errors import OrvilleError
from orville_case.zoning.plans import Plan, fmt_ed, write_plan

FORMAT = "orville-submission/1"

STEPS: dict[str, tuple[str, str]] = {
    "1": ("State the problem", "What is the decision, who makes it, and what makes it an "
          "ethical problem and not only a technical one?"),
    "2": ("Check the facts", "What do the data and the models say? Which numbers are estimates, "
          "and what would change your view if it were different?"),
    "3": ("Identify relevant factors", "Stakeholders (students, families, teachers, the board, "
          "taxpayers), laws and policies, codes of ethics (IISE), practical constraints."),
    "4": ("Develop a list of options", "Be imaginative; avoid a false dilemma (not just 'min "
          "EWD or min Range#ED'). At least five alternative plans, each evaluated on EWD and "
          "Range#ED. Where does each come from and what does it favour?"),
    "5": ("Test the options", "Apply the seven tests below to every alternative."),
    "6": ("Make a choice", "Recommend one alternative and justify it with steps 1-5."),
    "7": ("Review steps 1-6", "What could you do to make it less likely that you would have to "
          "make such a decision again? Any precautions, more support next time, a change in "
          "the organization (e.g. a policy proposal)? What would you tell the board about the "
          "metrics themselves?"),
}

TESTS: dict[str, str] = {
    "harm": "Harm: does this option do less harm than the alternatives?",
    "publicity": "Publicity: would I want this choice published in the newspaper?",
    "defensibility": "Defensibility: could I defend it before a committee of peers or the board?",
    "reversibility": "Reversibility: would I still choose it if I were among those it "
                     "disadvantages?",
    "colleague": "Colleague: what do my colleagues (classmates) say when I describe it?",
    "professional": "Professional: what might my profession's ethics committee (IISE code) say?",
    "organization": "Organization: what does the district's own policy or counsel say?",
}

MIN_ALTERNATIVES = 5
_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")
NOT_ANSWERED = "_(not answered yet)_"
PLACEHOLDERS = {"", NOT_ANSWERED, "_your answer here_", "your answer here"}


def step_has_content(text: str, step: str) -> bool:
    """True when a worksheet step holds more than a placeholder or the step's own prompt."""
    t = " ".join(str(text).split())
    return t.casefold() not in PLACEHOLDERS and t != " ".join(STEPS[step][1].split())


def safe_name(name: str) -> str:
    """A file-system-safe version of an alternative's name."""
    return _SAFE.sub("_", name.strip()).strip("_") or "plan"


@dataclass
class Worksheet:
    """What a student writes in the seven-step worksheet (plans are kept separately)."""

    student: str
    steps: dict[str, str] = field(default_factory=lambda: dict.fromkeys(STEPS, ""))
    tests: dict[str, dict[str, str]] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    recommended: str = ""


def markdown(ws: Worksheet, metrics: Mapping[str, Mapping[str, object]]) -> str:
    """The worksheet as a readable Markdown document; ``metrics[name]`` holds EWD, Range#ED,
    feasibility for each alternative (computed by the caller, never typed by the student)."""
    out = [f"# Seven-step ethics worksheet — ORville zoning\n\nStudent: **{ws.student}**\n"]
    for key, (title, _) in STEPS.items():
        out.append(f"## Step {key}: {title}\n")
        if key == "4":
            out.append("| alternative | origin | EWD | Range#ED | feasible |")
            out.append("|---|---|---|---|---|")
            for name, m in metrics.items():
                ewd = f"{m['ewd']:,.1f}" if m.get("ewd") is not None else "—"
                rng = fmt_ed(m["range_ed"]) if m.get("range_ed") is not None else "—"
                feas = "yes" if m.get("feasible") else "NO: " + "; ".join(m.get("violations", []))
                out.append(f"| {name} | {ws.origins.get(name, '')} | {ewd} | {rng} | {feas} |")
            out.append("")
        if key == "5":
            names = list(metrics)
            out.append("| test | " + " | ".join(names) + " |")
            out.append("|---|" + "---|" * len(names))
            for tkey, question in TESTS.items():
                cells = [ws.tests.get(n, {}).get(tkey, "").replace("|", "/").replace("\n", " ")
                         for n in names]
                out.append(f"| {question.split(':')[0]} | " + " | ".join(cells) + " |")
            out.append("")
        if key == "6" and ws.recommended:
            out.append(f"**Recommended alternative: {ws.recommended}**\n")
        out.append((ws.steps.get(key) or NOT_ANSWERED).strip() + "\n")
    return "\n".join(out)


def file_names(names: list[str]) -> dict[str, str]:
    """A distinct ``alternatives/<safe name>.csv`` path for every alternative name."""
    taken: set[str] = set()
    out = {}
    for name in names:
        stem, k = safe_name(name), 1
        candidate = stem
        while candidate.lower() in taken:
            k += 1
            candidate = f"{stem}_{k}"
        taken.add(candidate.lower())
        out[name] = f"alternatives/{candidate}.csv"
    return out


def write_submission(folder: str | Path, ws: Worksheet, plans: Mapping[str, Plan],
                     metrics: Mapping[str, Mapping[str, object]], data: str = "") -> Path:
    """Write ``folder`` in format ``orville-submission/1`` and return its path.

    ``data`` names the dataset the metrics were computed on (``District.name``).
    """
    if ws.recommended and ws.recommended not in plans:
        raise OrvilleError(f"the recommended alternative '{ws.recommended}' is not one of "
                          f"{', '.join(plans) or 'the (empty) list of alternatives'}; "
                          "pick one of them in step 6")
    folder = Path(folder)
    alternatives = folder / "alternatives"
    if alternatives.is_dir():  # a re-export replaces every plan: no stale file survives
        for old in alternatives.glob("*.csv"):
            old.unlink()
    alternatives.mkdir(parents=True, exist_ok=True)
    entries = []
    for name, rel in file_names(list(plans)).items():
        write_plan(plans[name], folder / rel)
        entries.append({"name": name, "file": rel, "origin": ws.origins.get(name, "")})
    payload = {"format": FORMAT, "student": ws.student, "steps": ws.steps, "tests": ws.tests,
               "alternatives": entries, "recommended": ws.recommended, "data": data}
    (folder / "worksheet.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    (folder / "worksheet.md").write_text(markdown(ws, metrics))
    return folder
