"""Racial/ethnic-minority students per school: the third objective of the ORville extension.

With m_i the minority students among zone i's cohort b_i (``District.minority``, real-valued),
a plan π puts  M_j(π) = Σ_{i: π(i)=j} m_i  minority students in school j, and

    Range#Minority(π) = max_j M_j(π) − min_j M_j(π)          (an empty school counts as 0),

the same kind of count range the case uses for ED students (§2.3 of the case article names it as
the board's second equity measure). Shares M_j / L_j are reported for reading only: as the article
says, a share objective would make the model nonlinear.
"""

from __future__ import annotations

from collections.abc import Mapping

from orville_case.core.errors import DataError, Problem
from orville_case.zoning.data import District


def require_minority(d: District) -> None:
    """Raise :class:`DataError` (one line) when ``d`` has no minority value for some zone."""
    if not d.minority:
        raise DataError(Problem(
            f"'{d.name}' has no minority column, so Range#Minority cannot be computed",
            "zones.csv", field="minority",
            fix="add a column minority (minority students per zone) or leave out "
                "range_minority"))
    missing = [z for z in d.zones if z not in d.minority]
    if missing:
        raise DataError(Problem(
            f"no minority value for zone(s) {', '.join(missing)}", "zones.csv", field="minority",
            fix="give every zone a minority count"))


def minority_by_school(d: District, plan: Mapping[str, str]) -> dict[str, float]:
    """M_j = Σ_{i: π(i)=j} m_i for every school of ``d`` (0.0 where no zone is assigned)."""
    require_minority(d)
    counts = dict.fromkeys(d.schools, 0.0)
    for z in d.zones:
        counts[plan[z]] += d.minority[z]
    return counts


def range_minority(d: District, plan: Mapping[str, str]) -> float:
    """Range#Minority = max_j M_j − min_j M_j over all schools of ``d``."""
    counts = minority_by_school(d, plan).values()
    return max(counts) - min(counts)


def minority_shares(d: District, plan: Mapping[str, str]) -> dict[str, float]:
    """M_j / L_j, the minority share of each school's students (NaN for an empty school)."""
    counts = minority_by_school(d, plan)
    load = dict.fromkeys(d.schools, 0)
    for z in d.zones:
        load[plan[z]] += d.students[z]
    return {s: counts[s] / load[s] if load[s] else float("nan") for s in d.schools}
