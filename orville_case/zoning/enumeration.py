"""Brute force for small instances: every one of |J|^|I| plans, vectorised with numpy.

Used to *check* the optimisation (tests and the notebook): the nondominated set of all feasible
enumerated plans must equal the ε-constraint frontier. 3 schools and 9 zones give 19,683 plans.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orville_case.core.errors import OrvilleError
from orville_case.zoning.data import District

MAX_PLANS = 2_000_000


@dataclass(frozen=True)
class Enumeration:
    """All plans as school indices (plans × zones) with EWD, Range#ED and feasibility."""

    assignment: np.ndarray
    ewd: np.ndarray
    range_ed: np.ndarray
    feasible: np.ndarray

    def nondominated(self) -> list[tuple[float, int, int]]:
        """Sorted (EWD, Range#ED, index of one plan) of the feasible nondominated points."""
        idx = np.flatnonzero(self.feasible)
        order = idx[np.lexsort((self.range_ed[idx], self.ewd[idx]))]
        points, best = [], np.inf
        for k in order:
            if self.range_ed[k] < best:
                best = self.range_ed[k]
                points.append((float(self.ewd[k]), int(self.range_ed[k]), int(k)))
        return points


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
    ed = (d.c[None, :, None] * onehot).sum(axis=1)
    return Enumeration(
        assignment=grids,
        ewd=np.round(ewd, 9),
        range_ed=(ed.max(axis=1) - ed.min(axis=1)).astype(int),
        feasible=(load <= d.u).all(axis=1),
    )
