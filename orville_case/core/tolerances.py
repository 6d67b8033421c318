"""Named tolerances: the one place that says when two numbers count as equal.

* :data:`EXACT_REL` — values computed from a plan or a formula (sums of data): equal up to
  floating-point rounding.
* :data:`SOLVER_REL` — values a solver proved optimal: HiGHS's feasibility and gap tolerances
  (about 1e-6 relative) decide.
* :data:`TYPED_REL` — a number a person typed or rounded (a student's answer): 0.1 %.
* :data:`DERIVATIVE_REL` — an analytic derivative against its central finite difference, whose
  truncation (∝ h²) and rounding (∝ ε/h) errors are about 1e-5 relative at the best step h.
"""

from __future__ import annotations

EXACT_REL = 1e-9
SOLVER_REL = 1e-6
TYPED_REL = 1e-3
DERIVATIVE_REL = 1e-4


def close(a: float, b: float, rel: float = EXACT_REL) -> bool:
    """|a − b| ≤ rel · max(1, |a|, |b|): equal up to ``rel`` (absolute below magnitude 1)."""
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def at_most(value: float, best: float, rel: float = SOLVER_REL) -> bool:
    """value ≤ best up to ``rel``: e.g. a plan's EWD against the proven least EWD."""
    return value <= best + rel * max(1.0, abs(best))
