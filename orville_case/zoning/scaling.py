"""Exact integer grids for real-valued per-zone counts (c_i, minority students).

The case defines c_i = b_i × (share of ED students in zone i): a real number, written in
``zones.csv`` with a few decimals. If every value has at most k decimals, then
c'_i = c_i · 10^k is an integer, and so is every sum of them and every *range*
max_j Σ_{i→j} c'_i − min_j Σ_{i→j} c'_i. In the original units, every Range#ED of every plan
lies on the grid 10^-k: this is what makes an ε-constraint with step 10^-k (step 1 in scaled
units) exact (see :func:`orville_case.zoning.tradeoffs.frontier`).

:func:`decimals` finds the smallest such k ≤ :data:`MAX_DECIMALS`; a value off every grid (e.g.
1/3 as a float) is refused with one line rather than handled approximately.
"""

from __future__ import annotations

from collections.abc import Mapping

from orville_case.core.errors import DataError, Problem

MAX_DECIMALS = 6
# c is "on the grid 10^-k" when it lies within GRID_TOL (in students) of a multiple of 10^-k:
# room for the binary rounding of a decimal read from text (|c| · 2^-52 ≈ 1e-13 for c ≈ 1,000),
# yet 1,000 times finer than the finest grid, so no two grid values are confused.
GRID_TOL = 1e-9
# HiGHS accepts a binary x_ij within its integrality tolerance τ of 0 or 1, so the count it sees
# at a school can differ from the plan's (x rounded) by up to τ · Σ_i c'_i, and a range by twice
# that. :func:`integrality_tolerance` sets τ = 0.1 / Σ_i c'_i (at most HiGHS's default 1e-6), so
# ranges are off by ≤ 0.2 of a grid step: a plan one step above an ε bound cannot pass for
# feasible, and a plan on the bound is feasible with its exact 0/1 x. HiGHS's smallest τ is
# 1e-10, hence the largest Σ_i c'_i accepted:
MAX_SCALED_TOTAL = 10**9
HIGHS_INTEGRALITY = 1e-6  # HiGHS's default mip_feasibility_tolerance


def decimals(values: Mapping[str, float], field: str = "econ_disadv") -> int:
    """Smallest k ≤ :data:`MAX_DECIMALS` such that every value is a multiple of 10^-k.

    Raises :class:`DataError` (one line, naming the first offending zone) when some value needs
    more than :data:`MAX_DECIMALS` decimals, or when the scaled integers would be too large to stay
    exact.
    """
    for k in range(MAX_DECIMALS + 1):
        if all(abs(v * 10**k - round(v * 10**k)) <= GRID_TOL * 10**k for v in values.values()):
            total = sum(abs(round(v * 10**k)) for v in values.values())
            if total > MAX_SCALED_TOTAL:
                raise DataError(Problem(
                    f"{field} needs {k} decimals, and at that precision its total {total:,} "
                    f"(in units of 10^-{k}) exceeds {MAX_SCALED_TOTAL:.0e}, the most the exact "
                    "frontier resolves", "zones.csv", field=field,
                    fix=f"round {field} to fewer decimals"))
            return k
    zone, value = next((z, v) for z, v in values.items()
                       if abs(v * 10**MAX_DECIMALS - round(v * 10**MAX_DECIMALS))
                       > GRID_TOL * 10**MAX_DECIMALS)
    raise DataError(Problem(
        f"zone '{zone}' has {field} = {value!r}, which has more than {MAX_DECIMALS} decimals; "
        "the exact frontier needs values on a decimal grid", "zones.csv", field=field,
        fix=f"round {field} to at most {MAX_DECIMALS} decimals"))


def scaled(values: Mapping[str, float], k: int) -> dict[str, int]:
    """c'_i = round(c_i · 10^k): the values as exact integers in units of 10^-k."""
    return {z: round(v * 10**k) for z, v in values.items()}


def integrality_tolerance(*counts: dict[str, int]) -> float:
    """HiGHS's integrality tolerance τ that keeps every range of these scaled counts within 0.2
    of a grid step (see :data:`MAX_SCALED_TOTAL`); the default 1e-6 for small totals."""
    total = max(sum(abs(v) for v in c.values()) for c in counts)
    return min(HIGHS_INTEGRALITY, 0.1 / max(total, 1))


def unscaled(value: int, k: int) -> float | int:
    """An integer in units of 10^-k back in the original units (an ``int`` when k = 0, so whole
    number data keep printing as before; otherwise the float nearest the exact decimal)."""
    return value if k == 0 else value / 10**k


def range_over_schools(counts: Mapping[str, int], plan: Mapping[str, str],
                       schools: tuple[str, ...]) -> int:
    """max_j − min_j of Σ_{i: π(i)=j} counts_i over ``schools`` (an empty school counts 0),
    in exact integer arithmetic."""
    per_school = dict.fromkeys(schools, 0)
    for zone, school in plan.items():
        per_school[school] += counts[zone]
    return max(per_school.values()) - min(per_school.values())
