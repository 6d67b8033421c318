"""Read a student's Pyomo zoning model back as linear algebra, so a self-check can name a mistake.

A self-check solves the student's model *and* inspects it: the objective and every active
constraint are turned into linear rows with :func:`pyomo.repn.generate_standard_repn`. Each
constraint ``lb ≤ Σ_k a_k v_k + const ≤ ub`` becomes one or two rows in the form
``Σ_k a_k v_k ≤ rhs`` (a ``≥`` side is negated), so "which variables, which coefficients, which
direction" are questions about :class:`Row` objects.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pyomo.environ as pyo
from pyomo.repn import generate_standard_repn

from orville_case.zoning.data import District

Coefs = dict[int, float]  # id(VarData) -> its coefficient (Pyomo variables are not hashable)


@dataclass(frozen=True)
class Row:
    """``Σ coefs[id(v)]·v ≤ rhs`` from the constraint ``name`` (``equality``: it was ==)."""

    coefs: Coefs
    rhs: float
    name: str
    equality: bool


def assignment_var(m: pyo.ConcreteModel, d: District) -> pyo.Var | None:
    """The variable component indexed exactly by (zone, school) pairs: the student's x."""
    want = {(i, j) for i in d.zones for j in d.schools}
    for var in m.component_objects(pyo.Var, active=True):
        if var.is_indexed() and set(var.keys()) == want:
            return var
    return None


def linear(expr: object) -> tuple[Coefs, float] | None:
    """``expr`` as (coefficients, constant), or ``None`` if it is not linear."""
    repn = generate_standard_repn(expr, compute_values=True)
    if not repn.is_linear():
        return None
    coefs: Coefs = {}
    for v, a in zip(repn.linear_vars, repn.linear_coefs, strict=True):
        coefs[id(v)] = coefs.get(id(v), 0.0) + float(a)
    return {v: a for v, a in coefs.items() if a != 0}, float(pyo.value(repn.constant))


def rows(m: pyo.ConcreteModel) -> list[Row] | None:
    """Every active constraint of ``m`` as ≤ rows, or ``None`` if one is not linear."""
    out = []
    for con in m.component_data_objects(pyo.Constraint, active=True):
        lin = linear(con.body)
        if lin is None:
            return None
        coefs, const = lin
        if con.has_ub():
            out.append(Row(coefs, pyo.value(con.upper) - const, con.name, con.equality))
        if con.has_lb():
            out.append(Row({v: -a for v, a in coefs.items()}, const - pyo.value(con.lower),
                           con.name, con.equality))
    return out


def active_objectives(m: pyo.ConcreteModel) -> list[pyo.Objective]:
    """The active objectives of ``m`` (a well-formed model has exactly one)."""
    return list(m.component_data_objects(pyo.Objective, active=True))


def minimised_objective(m: pyo.ConcreteModel, *, write: str, maximised: str,
                        nonlinear: str) -> Coefs | str:
    """The coefficients of ``m``'s one active objective when it is minimised and linear, else the
    hint naming what is wrong: several objectives (``write`` says how to write one), maximised,
    or not linear."""
    objs = active_objectives(m)
    if len(objs) != 1:
        return (f"HINT: your model has {len(objs)} active objectives; give it exactly one, "
                + write)
    if objs[0].sense == pyo.maximize:
        return maximised
    lin = linear(objs[0].expr)
    return nonlinear if lin is None else lin[0]


def proportional(got: Mapping[int, float], want: Mapping[int, float]) -> float | None:
    """The factor k > 0 with got = k·want on the union of keys (missing = 0), else ``None``."""
    keys = set(got) | set(want)
    ref = max(keys, key=lambda k: abs(want.get(k, 0.0)), default=None)
    if ref is None or want.get(ref, 0.0) == 0:
        return None
    k = got.get(ref, 0.0) / want[ref]
    if k <= 0:
        return None
    scale = max(abs(a) for a in want.values())
    ok = all(math.isclose(got.get(key, 0.0), k * want.get(key, 0.0), rel_tol=1e-9,
                          abs_tol=1e-12 * k * scale) for key in keys)
    return k if ok else None
