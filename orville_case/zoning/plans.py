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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from orville_case.core.errors import DataError, Problem
from orville_case.zoning.data import District

Plan = dict[str, str]


@dataclass(frozen=True)
class PlanReport:
    """Metrics and feasibility of one plan. Metrics are ``None`` when the plan is incomplete."""

    ewd: float | None
    range_ed: int | None
    ed: dict[str, int]
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


def ed_by_school(district: District, plan: Mapping[str, str]) -> dict[str, int]:
    """ED_j = Σ_{i: π(i)=j} c_i for every school (0 where no zone is assigned)."""
    ed = dict.fromkeys(district.schools, 0)
    for z, s in plan.items():
        if z in district.econ_disadv and s in ed:
            ed[s] += district.econ_disadv[z]
    return ed


def range_ed(district: District, plan: Mapping[str, str]) -> int:
    """Range#ED = max_j ED_j − min_j ED_j over all schools (an empty school counts as 0)."""
    ed = ed_by_school(district, plan).values()
    return max(ed) - min(ed)


def evaluate(district: District, plan: Mapping[str, str]) -> PlanReport:
    """Metrics plus every violation of ``plan`` (see module docstring)."""
    violations = []
    missing = [z for z in district.zones if z not in plan]
    if missing:
        violations.append(f"zones without a school: {', '.join(missing)}")
    unknown_z = [z for z in plan if z not in district.students]
    if unknown_z:
        violations.append(f"unknown zones: {', '.join(unknown_z)}")
    unknown_s = sorted({s for z, s in plan.items() if s not in district.capacity})
    if unknown_s:
        violations.append(f"unknown schools: {', '.join(unknown_s)} "
                          f"(known: {', '.join(district.schools)})")
    load = dict.fromkeys(district.schools, 0)
    for z, s in plan.items():
        if z in district.students and s in load:
            load[s] += district.students[z]
    for s in district.schools:
        if load[s] > district.capacity[s]:
            violations.append(f"{s} over capacity: {load[s]} students for "
                              f"{district.capacity[s]} seats (+{load[s] - district.capacity[s]})")
    complete = not (missing or unknown_z or unknown_s)
    return PlanReport(
        ewd=ewd(district, plan) if complete else None,
        range_ed=range_ed(district, plan) if complete else None,
        ed=ed_by_school(district, plan), load=load, capacity=dict(district.capacity),
        violations=tuple(violations),
    )


def read_plan(path: str | Path) -> Plan:
    """Read a ``zone,school`` CSV into a plan (names kept as written, whitespace stripped).

    Malformed files raise :class:`DataError` naming file, row and field; a zone listed twice with
    different schools is an error (a zone cannot be split). Names are checked by :func:`evaluate`.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(Problem("plan file not found", str(path),
                                fix="give the path of a CSV with columns zone,school"))
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataError(Problem(f"cannot be read as CSV ({exc})", path.name,
                                fix="save it as UTF-8 comma-separated text")) from None
    header = [h.strip().lower() for h in rows[0]] if rows else []
    if "zone" not in header or "school" not in header:
        raise DataError(Problem(f"header must have columns zone and school, found {rows[:1]}",
                                path.name, row=1, fix="first line: zone,school"))
    iz, js = header.index("zone"), header.index("school")
    plan: Plan = {}
    first: dict[str, int] = {}
    problems = []
    for n, raw in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in raw):
            continue
        if len(raw) <= max(iz, js) or not raw[iz].strip() or not raw[js].strip():
            problems.append(Problem("zone or school is empty", path.name, n,
                                    fix="every row needs a zone and a school"))
            continue
        z, s = raw[iz].strip(), raw[js].strip()
        if z in plan and plan[z] != s:
            problems.append(Problem(f"zone '{z}' assigned twice ({plan[z]} at row {first[z]}, "
                                    f"{s} here)", path.name, n, "school",
                                    fix="a zone goes to exactly one school"))
            continue
        plan[z], first[z] = s, first.get(z, n)
    if problems:
        raise DataError(problems)
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
