"""The one place that creates and runs the MILP solver (HiGHS through Pyomo).

Every LP/MIP in the course is solved by :func:`solve`. It uses Pyomo's persistent HiGHS
interface, so a model can be re-solved in place after a mutable parameter or the active
objective changes (the frontier engine relies on this). Optimality is *proven*: the relative
and absolute MIP gaps are 0 unless a caller asks otherwise.

Outcomes are reported as a small :class:`Outcome`; an infeasible model is a normal outcome
(``status == "infeasible"``), everything else that is not optimal raises :class:`SolverError`
with a message a student can act on.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyomo.environ as pyo
from pyomo.contrib.solver.common.results import TerminationCondition
from pyomo.contrib.solver.solvers.highs import Highs

from orville_case.core.errors import SolverError

_OPTIMAL = {TerminationCondition.convergenceCriteriaSatisfied}
# HiGHS accepts x = 1 − 1e-6 as integral by default. Times a coefficient c_i ≈ 100 that fakes
# 1e-4 of slack in a constraint such as Range#ED ≤ ε, so an ε-constraint step of 1e-4 (c_i with
# four decimals) returns the same plan forever. 1e-9 keeps such fake slack far below any step.
INTEGRALITY_TOL = 1e-9
# HiGHS presolve may only say "infeasible or unbounded"; every model in the course is bounded
# (binary or box-bounded variables), so that answer means infeasible here.
_INFEASIBLE = {
    TerminationCondition.provenInfeasible,
    TerminationCondition.locallyInfeasible,
    TerminationCondition.infeasibleOrUnbounded,
}


@dataclass(frozen=True)
class Outcome:
    """Result of one solve: ``status`` is ``"optimal"`` or ``"infeasible"``."""

    status: str
    objective: float | None
    highs_seconds: float

    @property
    def optimal(self) -> bool:
        return self.status == "optimal"


def make_solver(*, mip_rel_gap: float = 0.0, time_limit: float | None = None) -> Highs:
    """A quiet persistent HiGHS solver proving optimality to ``mip_rel_gap`` (default 0)."""
    solver = Highs()
    if not solver.available():
        raise SolverError("HiGHS is not available: install it with 'pip install highspy'")
    cfg = solver.config
    cfg.load_solutions = False
    cfg.raise_exception_on_nonoptimal_result = False
    cfg.solver_options["output_flag"] = False
    cfg.solver_options["mip_rel_gap"] = mip_rel_gap
    cfg.solver_options["mip_abs_gap"] = 0.0 if mip_rel_gap == 0.0 else 1e-6
    cfg.solver_options["mip_feasibility_tolerance"] = INTEGRALITY_TOL
    if time_limit is not None:
        cfg.time_limit = time_limit
    return solver


def solve(model: pyo.ConcreteModel, solver: Highs | None = None) -> Outcome:
    """Solve ``model`` (its single active objective) and load the solution into its variables.

    Pass the same ``solver`` again to re-solve in place after changing mutable parameters.
    """
    if not any(True for _ in model.component_data_objects(pyo.Objective, active=True)):
        raise SolverError(f"model '{model.name}' has no objective (fix: add one, e.g. "
                          "m.objective = pyo.Objective(expr=..., sense=pyo.minimize))")
    solver = solver or make_solver()
    try:
        res = solver.solve(model)
    except (ValueError, RuntimeError) as exc:  # model not understood by the solver
        raise SolverError(f"HiGHS could not solve model '{model.name}': {exc}") from exc
    # HiGHS's run clock accumulates over the life of a persistent solver: report the increment.
    clock = float(res.timing_info.highs_time)
    seconds = clock - getattr(solver, "_orville_clock", 0.0)
    solver._orville_clock = clock
    tc = res.termination_condition
    if tc == TerminationCondition.interrupted:  # HiGHS caught Ctrl-C: let callers see it as such
        raise KeyboardInterrupt
    if tc in _INFEASIBLE:
        return Outcome("infeasible", None, seconds)
    if tc == TerminationCondition.unbounded:
        raise SolverError(
            f"model '{model.name}' is unbounded: the objective can improve forever (fix: check "
            "each variable's domain and the side of each constraint)"
        )
    if tc not in _OPTIMAL:
        raise SolverError(
            f"model '{model.name}' was not solved to proven optimality ({tc.name}); "
            "if a time limit was set, raise it"
        )
    res.solution_loader.load_vars()
    return Outcome("optimal", float(res.incumbent_objective), seconds)
