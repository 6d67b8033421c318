"""Three objectives: EWD, Range#ED and Range#Minority, all minimised.

PLACEHOLDER on the ``ext`` branch: replaced by the engine branch's exact ε-method at merge (same
API: ``frontier3(district)`` returning points with ``.ewd .range_ed .range_minority .plan``).
This stand-in is exact by brute force: it evaluates all |J|^|I| plans
(:mod:`orville_case.zoning.enumeration`; 3^9 = 19,683 for ORville) and keeps the feasible ones
that no other feasible plan dominates, one plan per nondominated point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orville_case.zoning.data import District
from orville_case.zoning.enumeration import enumerate_plans
from orville_case.zoning.plans import Plan


@dataclass(frozen=True)
class Point3:
    """A nondominated point of the three objectives and one plan attaining it."""

    ewd: float
    range_ed: float
    range_minority: float
    plan: Plan


def frontier3(district: District) -> list[Point3]:
    """Every nondominated (EWD, Range#ED, Range#Minority) point, sorted, one plan each."""
    e = enumerate_plans(district)
    m = np.array([district.minority[z] for z in district.zones])
    onehot = e.assignment[:, :, None] == np.arange(len(district.schools))
    counts = (m[None, :, None] * onehot).sum(axis=1)
    rm = np.round(counts.max(axis=1) - counts.min(axis=1), 9)
    idx = np.flatnonzero(e.feasible)
    f = np.column_stack([e.ewd[idx], e.range_ed[idx].astype(float), rm[idx]])
    f, first = np.unique(f, axis=0, return_index=True)  # sorted; one plan per point
    keep = [k for k in range(len(f))
            if not ((f <= f[k]).all(axis=1) & (f < f[k]).any(axis=1)).any()]
    return [Point3(float(f[k, 0]), float(f[k, 1]), float(f[k, 2]),
                   {z: district.schools[s] for z, s in
                    zip(district.zones, e.assignment[idx[first[k]]], strict=True)})
            for k in keep]
