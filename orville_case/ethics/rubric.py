"""The instructor guide's rubric as gradebook columns: one per criterion, filled with points where
the grader can judge from the numbers, left EMPTY for the instructor where only reading can.

The six criteria and weights are those of ``solutions/instructor_guide.ipynb`` (§2, aligned to the
case's three teaching objectives O1–O3). The grader's points are a starting value the instructor
may overwrite; they never judge *which* plan a student recommends.

=====================  ======  ===========================================================
column                 weight  grader's rule (empty: read by the instructor)
=====================  ======  ===========================================================
rubric_O1_ewd_optimum  10      10 if a feasible alternative has the least EWD, else 0
rubric_O1_alternatives 15      15 × min(distinct feasible alternatives, 5) / 5
rubric_O1_biobjective  15      empty — dominance understood? (evidence: n_on_frontier, gaps)
rubric_O2_equity       20      empty — read steps 2, 3 and 7
rubric_O3_seven_steps  20      20 × ½ (steps with content / 7 + test answers / all tests);
                               empty when the worksheet is not machine-readable
rubric_O3_choice       20      empty — read step 6 (flags recommended-* point the way)
=====================  ======  ===========================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from orville_case.ethics.submission import MIN_ALTERNATIVES, STEPS

if TYPE_CHECKING:
    from orville_case.ethics.grading import StudentResult


@dataclass(frozen=True)
class Criterion:
    """One rubric row: its gradebook column, objective, weight (points) and, if the grader can
    judge it, the rule giving the share of the weight earned (0..1)."""

    column: str
    objective: str
    title: str
    weight: int
    share: Callable[[StudentResult], float | None] | None = None


def _ewd_optimum(s: StudentResult) -> float:
    return 1.0 if any(p.ewd_optimal for p in s.plans) else 0.0


def _alternatives(s: StudentResult) -> float:
    return min(sum(p.feasible for p in s.distinct), MIN_ALTERNATIVES) / MIN_ALTERNATIVES


def _seven_steps(s: StudentResult) -> float | None:
    if s.worksheet != "json":
        return None
    filled, total = s.tests_answered or (0, 0)
    return (len(s.steps_answered) / len(STEPS) + (filled / total if total else 0.0)) / 2


RUBRIC: tuple[Criterion, ...] = (
    Criterion("rubric_O1_ewd_optimum", "O1", "Stage 1: the EWD-optimal plan", 10, _ewd_optimum),
    Criterion("rubric_O1_alternatives", "O1", "At least five distinct, feasible alternatives, "
              "each evaluated on both metrics", 15, _alternatives),
    Criterion("rubric_O1_biobjective", "O1", "Use of biobjective methods; understanding of "
              "dominance", 15),
    Criterion("rubric_O2_equity", "O2", "How equity enters the model and what Range#ED does and "
              "does not capture", 20),
    Criterion("rubric_O3_seven_steps", "O3", "Seven steps worked through; seven tests applied to "
              "every alternative", 20, _seven_steps),
    Criterion("rubric_O3_choice", "O3", "The recommendation follows from the analysis and faces "
              "its trade-off", 20),
)


def points(s: StudentResult) -> dict[str, float | None]:
    """Column → points (rounded to 0.1) for each criterion; ``None`` for the instructor."""
    out: dict[str, float | None] = {}
    for c in RUBRIC:
        share = c.share(s) if c.share else None
        out[c.column] = None if share is None else round(c.weight * share, 1)
    return out
