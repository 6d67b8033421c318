"""Brute force for small instances: every one of |J|^|I| plans, vectorised with numpy.

Used to *check* the optimisation (tests and the notebooks): the nondominated set of all feasible
enumerated plans must equal the ε-constraint frontier. 3 schools and 9 zones give 19,683 plans.

The oracle is deliberately independent of the engine: it sums the real-valued c_i (and minority
counts) in floating point, with no scaling to a decimal grid. Metric values are rounded to 9
decimals so that two plans with the same exact value (summed in a different order) count as one
point; the data's values have at most 6 decimals, so no two different values are merged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orville_case.core.errors import OrvilleError
from orville_case.zoning.data import District

MAX_PLANS = 2_000_000
DECIMALS = 9  # rounding of metric values (see the module docstring)


@dataclass(frozen=True)
class Enumeration:
    """All plans as school indices (plans × zones) with EWD, Range#ED, feasibility and, when the
    district has a minority column, Range#Minority (else ``None``)."""

    assignment: np.ndarray
    ewd: np.ndarray
    range_ed: np.ndarray
    feasible: np.ndarray
    range_minority: np.ndarray | None = None

    def nondominated(self) -> list[tuple[float, float, int]]:
        """Sorted (EWD, Range#ED, index of one plan) of the feasible nondominated points."""
        idx = np.flatnonzero(self.feasible)
        order = idx[np.lexsort((self.range_ed[idx], self.ewd[idx]))]
        points, best = [], np.inf
        for k in order:
            if self.range_ed[k] < best:
                best = self.range_ed[k]
                points.append((float(self.ewd[k]), _number(self.range_ed[k]), int(k)))
        return points

    def nondominated3(self) -> list[tuple[float, float, float, int]]:
        """Sorted (EWD, Range#ED, Range#Minority, index of one plan) of the feasible points no
        other feasible plan dominates in all three objectives.

        In lexicographic order a dominating point comes before the point it dominates, and a
        dominated dominator is itself dominated by a kept point, so each point is compared only
        with the points kept so far.
        """
        if self.range_minority is None:
            raise OrvilleError("this district has no minority column: no third objective")
        idx = np.flatnonzero(self.feasible)
        values = np.column_stack([self.ewd[idx], self.range_ed[idx], self.range_minority[idx]])
        unique, first = np.unique(values, axis=0, return_index=True)  # sorted lexicographically
        kept: list[int] = []
        for row in range(len(unique)):
            if kept and (unique[kept, 1:] <= unique[row, 1:]).all(axis=1).any():
                continue  # a kept point is ≤ in every objective (and < in EWD or equal-and-<)
            kept.append(row)
        return [(float(unique[r, 0]), _number(unique[r, 1]), _number(unique[r, 2]),
                 int(idx[first[r]])) for r in kept]


def _number(value: float) -> float | int:
    """A metric value as a Python number: ``int`` when whole (as whole-number data give)."""
    return int(value) if float(value).is_integer() else float(value)


def enumerate_plans(d: District) -> Enumeration:
    """Evaluate every plan of ``d`` (raises :class:`OrvilleError` above MAX_PLANS plans)."""
    n_zones, n_schools = len(d.zones), len(d.schools)
    if n_schools**n_zones > MAX_PLANS:
        raise OrvilleError(f"{n_schools}^{n_zones} plans are too many to enumerate "
                          f"(limit {MAX_PLANS:,}); use the frontier engine instead")
    grids = np.indices((n_schools,) * n_zones).reshape(n_zones, -1).T
    rows = np.arange(n_zones)
    ewd = (d.b * d.h[rows, grids]).sum(axis=1)
    onehot = grids[:, :, None] == np.arange(n_schools)
    load = (d.b[None, :, None] * onehot).sum(axis=1)

    def spread(counts: np.ndarray) -> np.ndarray:
        per_school = (counts[None, :, None] * onehot).sum(axis=1)
        return np.round(per_school.max(axis=1) - per_school.min(axis=1), DECIMALS)

    minority = (np.array([d.minority[z] for z in d.zones], dtype=float) if d.minority else None)
    return Enumeration(
        assignment=grids,
        ewd=np.round(ewd, DECIMALS),
        range_ed=spread(d.c),
        feasible=(load <= d.u).all(axis=1),
        range_minority=spread(minority) if minority is not None else None,
    )
