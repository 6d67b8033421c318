"""Seeded synthetic districts: larger zoning instances for benchmarks and scaling experiments.

A district of n zones and m schools around Fayetteville, AR (the ORville latitude/longitude):

* zone and school sites uniform in a square of ``side_miles`` (schools kept away from the edge);
* b_i ~ uniform integers in [80, 320] students; c_i ~ Binomial(b_i, p_i) with the ED share
  p_i = clip(0.15 + 0.6·x_i + N(0, 0.08), 0.02, 0.95) rising from west to east (x_i ∈ [0, 1] is
  the zone's relative east-west position), so equity and distance pull against each other;
* h_ij = 1.25 × straight-line miles (a common road-circuity factor), rounded to 0.1 mile;
* u_j: the total demand Σ b_i times ``slack`` (default 1.15), split over schools with
  Dirichlet(8, …, 8) shares and rounded up, so every instance has room for every student.

The same ``seed`` always gives the same :class:`District` (numpy's ``default_rng``).
"""

from __future__ import annotations

import math

import numpy as np

from orville_case.core.errors import ArgumentError, Problem
from orville_case.zoning.data import District, build_district

ORIGIN = (36.08, -94.17)  # (lat, lon) of the square's centre
CIRCUITY = 1.25
_MILES_PER_DEG_LAT = 69.0


def synthetic_district(n_zones: int, n_schools: int, seed: int = 0, *,
                       side_miles: float = 12.0, slack: float = 1.15) -> District:
    """A validated random district with ``n_zones`` zones and ``n_schools`` schools."""
    if n_zones < 1 or n_schools < 1:
        raise ArgumentError(Problem(f"{n_zones} zone(s) and {n_schools} school(s): a district "
                                   "needs at least one of each", fix="n_zones ≥ 1, n_schools ≥ 1"))
    if slack < 1:
        raise ArgumentError(Problem(f"slack {slack} < 1 would leave students without a seat",
                                   fix="slack ≥ 1 (total capacity / total students)"))
    rng = np.random.default_rng(seed)
    zones_xy = rng.uniform(0, side_miles, size=(n_zones, 2))
    schools_xy = rng.uniform(0.15 * side_miles, 0.85 * side_miles, size=(n_schools, 2))
    students = rng.integers(80, 321, size=n_zones)
    share = np.clip(0.15 + 0.6 * zones_xy[:, 0] / side_miles + rng.normal(0, 0.08, n_zones),
                    0.02, 0.95)
    econ = rng.binomial(students, share)
    split = rng.dirichlet(np.full(n_schools, 8.0))
    capacity = np.ceil(students.sum() * slack * split).astype(int)

    zones = [f"Z{k:03d}" for k in range(n_zones)]
    schools = [f"S{k:02d}" for k in range(n_schools)]
    gap = zones_xy[:, None, :] - schools_xy[None, :, :]
    miles = np.round(CIRCUITY * np.hypot(gap[..., 0], gap[..., 1]), 1)
    return build_district(
        {z: int(b) for z, b in zip(zones, students, strict=True)},
        {z: int(c) for z, c in zip(zones, econ, strict=True)},
        {s: int(u) for s, u in zip(schools, capacity, strict=True)},
        {(z, s): float(miles[i, j]) for i, z in enumerate(zones) for j, s in enumerate(schools)},
        zone_coords={z: _latlon(p, side_miles) for z, p in zip(zones, zones_xy, strict=True)},
        school_coords={s: _latlon(p, side_miles) for s, p in zip(schools, schools_xy, strict=True)},
        name=f"synthetic {n_zones}x{n_schools} seed {seed}",
    )


def _latlon(xy: np.ndarray, side: float) -> tuple[float, float]:
    """Miles east/north of the square's south-west corner → (lat, lon) near :data:`ORIGIN`."""
    lat0, lon0 = ORIGIN
    half = side / 2
    lat = lat0 + (xy[1] - half) / _MILES_PER_DEG_LAT
    lon = lon0 + (xy[0] - half) / (_MILES_PER_DEG_LAT * math.cos(math.radians(lat0)))
    return round(float(lat), 5), round(float(lon), 5)
