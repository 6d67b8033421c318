"""Racial/ethnic-minority students per school: the third objective of the ORville extension.

With m_i the minority students among zone i's cohort b_i (``District.minority``, real-valued),
a plan π puts  M_j(π) = Σ_{i: π(i)=j} m_i  minority students in school j, and

    Range#Minority(π) = max_j M_j(π) − min_j M_j(π)          (an empty school counts as 0),

the same kind of count range the case uses for ED students (§2.3 of the case article names it as
the board's second equity measure). Shares M_j / L_j are reported for reading only: as the article
says, a share objective would make the model nonlinear.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping

from orville_case.core.errors import DataError, Problem
from orville_case.core.paths import dataset_dir
from orville_case.zoning.data import District, build_district, load_district


def minority_by_school(d: District, plan: Mapping[str, str]) -> dict[str, float]:
    """M_j = Σ_{i: π(i)=j} m_i for every school of ``d`` (0.0 where no zone is assigned)."""
    if not d.minority:
        raise DataError(Problem(f"dataset '{d.name}' has no minority column", "zones.csv",
                                field="minority", fix="add a minority column to zones.csv"))
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


def load_with_minority() -> District:
    """The shipped ORville district with its minority column.

    TEMPORARY (remove at merge, use ``load_district()``): until ``derive.py`` writes the
    ``minority`` column into ``zones.csv``, it is formed here from ``facts_minority.csv`` as
    m_i = round(b_i × share_i, 1), the rule ``derive.py`` will apply.
    """
    d = load_district()
    if d.minority:
        return d
    path = dataset_dir("orville") / "facts_minority.csv"
    with open(path, newline="") as f:
        share = {r["zone"]: float(r["minority_share"]) for r in csv.DictReader(f)}
    return build_district(d.students, d.econ_disadv, d.capacity, d.miles,
                          minority={z: round(d.students[z] * share[z], 1) for z in d.zones},
                          zone_coords=d.zone_coords, school_coords=d.school_coords, name=d.name)
