"""Zoning plans and their metrics.

A *plan* maps every zone i to one school j (continuity: a zone is never split). For a plan π:

* enrollment-weighted distance  EWD(π) = Σ_i b_i · h_{i,π(i)}  (student-miles);
* ED students per school        ED_j(π) = Σ_{i: π(i)=j} c_i;
* equity metric                 Range#ED(π) = max_j ED_j(π) − min_j ED_j(π);
* load per school               L_j(π) = Σ_{i: π(i)=j} b_i, feasible when L_j ≤ u_j for all j.

:func:`evaluate` never stops at the first problem: it lists every violation (missing zones,
unknown zones or schools, over-capacity schools) and computes the metrics whenever the plan is
complete.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from orville_case.core.tables import read_table
from orville_case.zoning.data import District

Plan = dict[str, str]


@dataclass(frozen=True)
class PlanReport:
    """Metrics and feasibility of one plan. Metrics are ``None`` when the plan is incomplete."""

    ewd: float | None
    range_ed: float | None
    ed: dict[str, float]
    load: dict[str, int]
    capacity: dict[str, int]
    violations: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.ewd is not None

    @property
    def feasible(self) -> bool:
        return self.complete and not self.violations

    def utilisation(self) -> dict[str, float]:
        """L_j / u_j per school (inf for a zero-capacity school that gets students)."""
        return {s: (self.load[s] / u if u else (float("inf") if self.load[s] else 0.0))
                for s, u in self.capacity.items()}

    def as_dict(self) -> dict:
        return {"ewd": self.ewd, "range_ed": self.range_ed, "feasible": self.feasible,
                "ed": self.ed, "load": self.load, "capacity": self.capacity,
                "violations": list(self.violations)}


def ewd(district: District, plan: Mapping[str, str]) -> float:
    """EWD = Σ_i b_i h_{i,π(i)} for a complete plan with known names."""
    return sum(district.students[z] * district.miles[z, plan[z]] for z in district.zones)


def ed_by_school(district: District, plan: Mapping[str, str]) -> dict[str, float]:
    """ED_j = Σ_{i: π(i)=j} c_i for every school (0 where no zone is assigned); c_i is real.

    Summed with ``math.fsum`` (correctly rounded), so ED_j does not depend on the order in which
    the plan lists its zones."""
    terms: dict[str, list[float]] = {s: [] for s in district.schools}
    for z, s in plan.items():
        if z in district.econ_disadv and s in terms:
            terms[s].append(district.econ_disadv[z])
    return {s: math.fsum(v) for s, v in terms.items()}


def range_ed(district: District, plan: Mapping[str, str]) -> float:
    """Range#ED = max_j ED_j − min_j ED_j over all schools (an empty school counts as 0).

    A real number, since c_i is (shown by :func:`fmt_ed`).
    """
    ed = ed_by_school(district, plan).values()
    return max(ed) - min(ed)


def fmt_ed(value: float) -> str:
    """How ED counts and Range#ED are shown everywhere (explorer, figures, CLI, worksheet,
    grader): c_i = b_i × ED share is real-valued (case §2.2), so up to two decimals, trailing
    zeros dropped (37, 12.3, 101.12)."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def evaluate(district: District, plan: Mapping[str, str]) -> PlanReport:
    """Metrics plus every violation of ``plan`` (see module docstring)."""
    violations = []
    missing = [z for z in district.zones if z not in plan]
    if missing:
        violations.append(f"zones without a school: {', '.join(missing)}")
    unknown = district.unknown(plan)
    violations += [str(p) for p in unknown]
    load = dict.fromkeys(district.schools, 0)
    for z, s in plan.items():
        if z in district.students and s in load:
            load[s] += district.students[z]
    for s in district.schools:
        if load[s] > district.capacity[s]:
            violations.append(f"{s} over capacity: {load[s]} students for "
                              f"{district.capacity[s]} seats (+{load[s] - district.capacity[s]})")
    complete = not (missing or unknown)
    return PlanReport(
        ewd=ewd(district, plan) if complete else None,
        range_ed=range_ed(district, plan) if complete else None,
        ed=ed_by_school(district, plan), load=load, capacity=dict(district.capacity),
        violations=tuple(violations),
    )


def read_plan(path: str | Path) -> Plan:
    """Read a ``zone,school`` CSV into a plan (names kept as written, whitespace stripped).

    The file is read by :func:`orville_case.core.tables.read_table` (same rules as the data);
    malformed files raise :class:`DataError` naming file, row and field; a zone listed twice with
    different schools is an error (a zone cannot be split). Names are checked by :func:`evaluate`.
    """
    path = Path(path)
    table = read_table(path, required=["zone", "school"], name=str(path), what="plan file",
                       fix="give the path of a CSV with columns zone,school")
    plan: Plan = {}
    first: dict[str, int] = {}
    for n, row in table.rows:
        z, s = str(row["zone"]), str(row["school"])
        if not z or not s:
            table.problem("zone or school is empty", n, fix="every row needs a zone and a school")
        elif z in plan and plan[z] != s:
            table.problem(f"zone '{z}' assigned twice ({plan[z]} at row {first[z]}, {s} here)",
                          n, "school", "a zone goes to exactly one school")
        else:
            plan[z], first[z] = s, first.get(z, n)
    table.raise_problems()
    return plan


def write_plan(plan: Mapping[str, str], path: str | Path) -> Path:
    """Write a plan as ``zone,school`` CSV (the format :func:`read_plan` and the grader read)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["zone", "school"])
        w.writerows(plan.items())
    return path
