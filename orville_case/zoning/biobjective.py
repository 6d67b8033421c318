"""Biobjective MILP methods, independent of the zoning model.

Both objectives f₁, f₂ are *minimised* (negate a maximisation objective). A point z = (f₁, f₂)
*dominates* z' when z ≤ z' componentwise and z ≠ z'; the nondominated frontier is the set of
images of efficient solutions.

* :meth:`Biobjective.frontier` — ε-constraint. Starting from ε = +∞ it solves  min f₁ s.t.
  f₂ ≤ ε, records the point (f₁*, f₂) and sets ε ← f₂ − step. As ε falls, f₁* can only rise; when
  the next solve returns the *same* f₁*, the previous point was weakly dominated and is dropped.
  This gives the same points as solving lexicographically (min f₂ s.t. f₁ ≤ f₁*) after every
  step, with one MILP per point instead of two (weak points cost one extra solve each; they are
  rare). When f₂ only takes values on a grid of width ``step`` (integers for Range#ED in scaled
  units, step = 1) this finds the *complete* frontier: the next nondominated f₂ is at most
  f₂ − step, with nothing in between. Every step must make progress (the new f₂ ≤ ε); if the
  solver answers otherwise — numbers too large for its floating-point arithmetic — the sweep
  stops with a :class:`SolverError` instead of looping. An infeasible subproblem ends the sweep
  normally.
* :func:`parallel_frontier` — the same sweep cut into independent ε-*slabs*
  (:meth:`Biobjective.slab`) run side by side on a process pool: the same points, in about
  1 / (number of cores) of the wall time when the slabs balance. Ctrl-C during either sweep raises
  :class:`FrontierInterrupted` carrying the points found so far.
* :meth:`Biobjective.weighted` — min λ₁ f₁ + λ₂ f₂ for λ > 0: always a *supported* point.
* :meth:`Biobjective.supported` — the dichotomic (Aneja–Nair) search: every *extreme* supported
  point exactly, with as few weighted solves as there are such points (plus the edges).
* :func:`label_supported` — marks frontier points that lie on the lower-left convex hull; the
  others (*unsupported*) are optimal for no weighted sum, which is why ε-constraint is needed.

The model is built once; every subproblem changes mutable parameters or the active objective and
is re-solved in place by a persistent HiGHS (see :mod:`orville_case.core.solvers`) to proven
optimality.
"""

from __future__ import annotations

import math
import multiprocessing
import queue
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import pyomo.environ as pyo

from orville_case.core.errors import ArgumentError, OrvilleError, SolverError
from orville_case.core.progress import Progress
from orville_case.core.solvers import make_solver, solve
from orville_case.core.tolerances import EXACT_REL, SOLVER_REL, close

# "No bound" for the mutable ε and f₁ caps. It must be finite: a bound that starts infinite is
# dropped from the persistent solver's row and later changes to it would be silently ignored.
# Objective values must stay far below it (callers check their data's magnitudes).
NO_BOUND = 1e12
Evaluate = Callable[[pyo.ConcreteModel], tuple[float, float, Any]]


@dataclass(frozen=True)
class Point:
    """A frontier point: objective values, the solution behind them, and (once labelled) support."""

    f1: float
    f2: float
    solution: Any = field(default=None, compare=False, repr=False)
    supported: bool | None = field(default=None, compare=False)


class FrontierInterrupted(OrvilleError):
    """The sweep was interrupted (Ctrl-C, or *Interrupt the kernel*); ``points`` holds the
    nondominated points found so far, sorted by f₁ — an incomplete frontier."""

    def __init__(self, points: list[Point]):
        self.points = points
        super().__init__(
            f"frontier interrupted: {len(points)} points found so far (incomplete: points "
            "not reached are missing, and the last point of an unfinished ε-slab may be weakly "
            "dominated); they are in this error's .points")


@dataclass
class Stats:
    """Work done: solver calls, seconds inside HiGHS (its own clock), wall seconds, and CPU
    seconds of every process involved (:func:`parallel_frontier` adds its workers')."""

    solves: int = 0
    highs_seconds: float = 0.0
    wall_seconds: float = 0.0
    cpu_seconds: float = 0.0


class Biobjective:
    """Attach the machinery for two objectives to ``model`` (which must have no active objective).

    ``evaluate(model) -> (f1, f2, solution)`` recomputes the objective values from the solved
    variables (default: the values of the two expressions). Use it to report metrics from the
    decision itself rather than from auxiliary variables: such values are exact up to rounding
    and compared with :data:`~orville_case.core.tolerances.EXACT_REL`; the solver's own values only
    with :data:`~orville_case.core.tolerances.SOLVER_REL`. ``solver_options`` are HiGHS options
    for this engine's solver (e.g. a tighter ``mip_feasibility_tolerance``). ``f2_unit`` converts
    f₂ (and ε) to the units a person reads, for the progress label only (e.g. 10^-k when the model
    counts in units of 10^-k).
    """

    def __init__(self, model: pyo.ConcreteModel, f1: Any, f2: Any, *,
                 evaluate: Evaluate | None = None, solver_options: dict | None = None,
                 f2_unit: float = 1.0):
        self.model, self.stats, self.f2_unit = model, Stats(), f2_unit
        self._exact = evaluate is not None  # values from the decision, not the solver's
        self.rel_tol = EXACT_REL if self._exact else SOLVER_REL
        self._evaluate = evaluate or (lambda m: (pyo.value(f1), pyo.value(f2), None))
        b = model.biobjective = pyo.Block()
        b.eps = pyo.Param(mutable=True, initialize=NO_BOUND)
        b.f1_cap = pyo.Param(mutable=True, initialize=NO_BOUND)
        b.w1 = pyo.Param(mutable=True, initialize=1.0)
        b.w2 = pyo.Param(mutable=True, initialize=1.0)
        b.f2_bound = pyo.Constraint(expr=pyo.inequality(None, f2, b.eps))
        b.f1_bound = pyo.Constraint(expr=pyo.inequality(None, f1, b.f1_cap))
        b.min_f1 = pyo.Objective(expr=f1)
        b.min_f2 = pyo.Objective(expr=f2)
        b.min_weighted = pyo.Objective(expr=b.w1 * f1 + b.w2 * f2)
        self._objectives = (b.min_f1, b.min_f2, b.min_weighted)
        self._solver = make_solver()
        self._solver.config.solver_options.update(solver_options or {})

    # ------------------------------------------------------------------ building blocks
    def _solve(self, objective: pyo.Objective) -> float | None:
        for o in self._objectives:
            o.activate() if o is objective else o.deactivate()
        outcome = solve(self.model, self._solver)
        self.stats.solves += 1
        self.stats.highs_seconds += outcome.highs_seconds
        return outcome.objective if outcome.optimal else None

    def _point(self) -> Point:
        f1, f2, sol = self._evaluate(self.model)
        return Point(f1, f2, sol)

    @staticmethod
    def _slack(value: float) -> float:
        """``value`` plus room for solver noise (SOLVER_REL, relative): a bound set from a
        solver's objective value must not cut off the very solution that produced it."""
        return value + max(1.0, abs(value)) * SOLVER_REL

    def _same_f1(self, a: float, b: float) -> bool:
        """Whether two reported f₁ values are equal. Values recomputed by ``evaluate`` from the
        decision are exact up to rounding, so EXACT_REL applies; the wider SOLVER_REL could
        merge two genuinely different values on a large instance (EWD moves in steps of 0.1
        student-miles, which a 1e-6 relative tolerance exceeds once EWD passes 1e5)."""
        return close(a, b, self.rel_tol)

    def lexmin(self, first: int = 1, eps: float = NO_BOUND) -> Point | None:
        """Lexicographic minimum: the first objective, then the other (f₂ ≤ eps throughout)."""
        b = self.model.biobjective
        b.eps.set_value(eps)
        b.f1_cap.set_value(NO_BOUND)
        if first == 1:
            z1 = self._solve(b.min_f1)
            if z1 is None:
                return None
            b.f1_cap.set_value(self._slack(z1))
            self._solve(b.min_f2)
            b.f1_cap.set_value(NO_BOUND)
        else:
            z2 = self._solve(b.min_f2)
            if z2 is None:
                return None
            b.eps.set_value(min(eps, self._slack(z2)))
            self._solve(b.min_f1)
        point = self._point()
        b.eps.set_value(NO_BOUND)
        return point

    def label(self, eps: float, p: Point) -> str:
        """The progress label of an ε-step, f₂ and ε in :attr:`f2_unit`."""
        bound = "∞" if eps >= NO_BOUND else f"{eps * self.f2_unit:.6g}"
        return f"ε={bound} f1={p.f1:.6g} f2={p.f2 * self.f2_unit:.6g}"

    # ------------------------------------------------------------------ methods
    def frontier(self, step: float = 1.0, *, quiet: bool = False, max_points: int | None = None,
                 known: Callable[[float], Point | None] | None = None) -> list[Point]:
        """Complete nondominated frontier by ε-constraint (see module docstring).

        ``known(ε)`` may return a point already known to be the lexicographic minimum of
        (f₁, then f₂) subject to f₂ ≤ ε — the sweep then takes it instead of solving — or None.

        ``max_points`` stops after that many ε-steps (the points of smallest f₁ first); the last
        of them may then be weakly dominated by a point the sweep did not reach. For benchmarks.
        Raises :class:`SolverError` when a step makes no progress (see the module docstring).
        """
        if not step > 0:
            raise ArgumentError(f"the ε step must be positive, got {step}")
        start = time.perf_counter()
        b = self.model.biobjective
        b.f1_cap.set_value(NO_BOUND)
        points: list[Point] = []
        eps, steps = NO_BOUND, 0
        with Progress(None, "ε-constraint", quiet=quiet) as bar, _keep_on_interrupt(points):
            while max_points is None or steps < max_points:
                p = self._step(eps, known, check=bool(points))
                if p is None:
                    break
                steps += 1
                _add(points, p, self._same_f1)
                bar.advance(self.label(eps, p))
                eps = p.f2 - step
        b.eps.set_value(NO_BOUND)
        self.stats.wall_seconds += time.perf_counter() - start
        return label_supported(nondominated(points))

    def _step(self, eps: float, known: Callable[[float], Point | None] | None = None, *,
              check: bool = True) -> Point | None:
        """One ε-step: the point of min f₁ s.t. f₂ ≤ ε (``known(ε)`` if it has one), None when
        infeasible; with ``check``, a :class:`SolverError` when f₂ > ε (no progress)."""
        b = self.model.biobjective
        b.eps.set_value(eps)
        p = known(eps) if known is not None else None
        if p is None:
            if self._solve(b.min_f1) is None:
                return None
            p = self._point()
        if check and not p.f2 <= eps + self.rel_tol * max(1.0, abs(eps)):
            raise SolverError(
                f"the ε-constraint made no progress: asked for f2 ≤ {eps:.10g}, the "
                f"solver returned f2 = {p.f2:.10g} (its floating-point arithmetic "
                "cannot resolve numbers this large); scale the data to smaller numbers")
        return p

    def slab(self, high: float, low: float, step: float = 1.0,
             report: Callable[[float, Point], None] | None = None
             ) -> tuple[list[Point], float | None]:
        """The ε-sweep restricted to one *slab*: ε = high, f₂ − step, … while ε > ``low``.

        Returns the points (weak ones dropped as in :meth:`frontier`) and the ε at which the
        sweep met infeasibility (no plan has f₂ ≤ it: lower slabs are empty), or None. Every
        nondominated point with low < f₂ ≤ high is among them, by the grid argument of the
        module docstring; the last one may have f₂ ≤ low (the next slab finds it too).
        """
        points: list[Point] = []
        b = self.model.biobjective
        b.f1_cap.set_value(NO_BOUND)
        eps = high
        while eps > low:
            p = self._step(eps)
            if p is None:
                b.eps.set_value(NO_BOUND)
                return points, eps
            _add(points, p, self._same_f1)
            if report is not None:
                report(eps, p)
            eps = p.f2 - step
        b.eps.set_value(NO_BOUND)
        return points, None

    def weighted(self, w1: float, w2: float) -> Point:
        """Optimal point of min w₁f₁ + w₂f₂ (weights > 0 give a supported nondominated point)."""
        b = self.model.biobjective
        b.w1.set_value(w1)
        b.w2.set_value(w2)
        if self._solve(b.min_weighted) is None:
            raise SolverError(f"model '{self.model.name}' has no feasible solution")
        return self._point()

    def supported(self) -> list[Point]:
        """All extreme supported points: dichotomic search between the two lexicographic optima."""
        start = time.perf_counter()
        a, z = self.lexmin(1), self.lexmin(2)
        if a is None or z is None:
            return []
        found = {(a.f1, a.f2): a, (z.f1, z.f2): z}
        stack = [(a, z)]
        while stack:
            left, right = stack.pop()
            w1, w2 = left.f2 - right.f2, right.f1 - left.f1
            if w1 <= 0 or w2 <= 0:
                continue
            c = self.weighted(w1, w2)
            line = w1 * left.f1 + w2 * left.f2  # both ends lie on it
            # strictly below the line up to rounding: a new extreme point (EXACT_REL also for
            # solver values: a tie mistaken for a point only costs two more weighted solves)
            if w1 * c.f1 + w2 * c.f2 < line - EXACT_REL * max(1.0, abs(line)):
                found[(c.f1, c.f2)] = c
                stack += [(left, c), (c, right)]
        self.stats.wall_seconds += time.perf_counter() - start
        return sorted(found.values(), key=lambda p: (p.f1, p.f2))


def _add(points: list[Point], p: Point, same_f1: Callable[[float, float], bool]) -> None:
    """Append the next point of a sweep (f₂ falling); a previous point with the same f₁ and a
    larger f₂ was only weakly nondominated and is replaced."""
    if points and same_f1(p.f1, points[-1].f1):
        if p.f2 >= points[-1].f2:
            return
        points.pop()
    points.append(p)


class _keep_on_interrupt:  # noqa: N801  (used like a function: ``with _keep_on_interrupt(pts)``)
    """Turn a KeyboardInterrupt into :class:`FrontierInterrupted` carrying ``points``."""

    def __init__(self, points: list[Point]):
        self.points = points

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> None:
        if kind is not None and issubclass(kind, KeyboardInterrupt):
            raise FrontierInterrupted(label_supported(nondominated(self.points))) from exc


# ---------------------------------------------------------------- independent ε-slabs, in parallel
# A worker process holds one Biobjective (built once by the pickled ``build``) and sweeps slabs.
_WORKER: dict[str, Any] = {}


def _init_worker(build: Callable[[], Biobjective], events, floor) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _WORKER.update(cpu=time.process_time())  # the first slab's CPU includes building the model
    _WORKER.update(bo=build(), events=events, floor=floor)


def _run_slab(task: tuple[int, float, float, float]) -> tuple[int, list[Point], Stats]:
    """Sweep one slab unless a slab above it already met an infeasible ε at or above its top.
    Each point is also sent to the parent at once (progress; kept if the run is interrupted)."""
    index, high, low, step = task
    bo, events, floor = _WORKER["bo"], _WORKER["events"], _WORKER["floor"]
    points: list[Point] = []
    solves, highs = bo.stats.solves, bo.stats.highs_seconds
    if high > floor.value:
        points, infeasible = bo.slab(high, low, step, lambda eps, p: events.put((index, eps, p)))
        if infeasible is not None:
            with floor.get_lock():
                floor.value = max(floor.value, infeasible)
    cpu, _WORKER["cpu"] = time.process_time() - _WORKER["cpu"], time.process_time()
    return index, points, Stats(bo.stats.solves - solves, bo.stats.highs_seconds - highs,
                                cpu_seconds=cpu)


def slab_bounds(top: float, bottom: float, slabs: int, step: float = 1.0) -> list[float]:
    """ε-boundaries top = e₀ > e₁ > … > e_S = bottom on the step grid, evenly spaced
    (e_k = bottom + (top − bottom)(1 − k/S), rounded down to the grid)."""
    span = (top - bottom) / step
    bounds = [top]
    for k in range(1, slabs):
        e = bottom + step * int(span * (1 - k / slabs))
        if e < bounds[-1]:
            bounds.append(e)
    if bounds[-1] > bottom:
        bounds.append(bottom)
    return bounds


def parallel_frontier(build: Callable[[], Biobjective], *, step: float = 1.0,
                      workers: int = 2, slabs_per_worker: int = 6, quiet: bool = False,
                      stats: Stats | None = None) -> list[Point]:
    """:meth:`Biobjective.frontier` on ``workers`` processes: the same points.

    The first point (min f₁, ε = ∞) is solved here; its f₂ = F, and the LP relaxation of
    min f₂ gives L ≤ every plan's f₂. The ε-range (L − step, F − step] is cut into slabs
    (:func:`slab_bounds`; the lowest one is open below, so a wrong L costs time, never a
    point), and each slab is an independent sweep
    (:meth:`Biobjective.slab`) that finds every nondominated point with f₂ in it: the slabs run
    on a process pool, top first, and a slab that meets an infeasible ε tells the slabs below
    it to skip. Merging the slabs' points in ε order with the same weak-point rule as the
    sequential sweep gives exactly its frontier. ``build`` (picklable, e.g. a
    :func:`functools.partial`) makes the Biobjective in each process. Ctrl-C raises
    :class:`FrontierInterrupted` with the points found so far. Maps to several machines by
    handing the same slab tasks to e.g. Dask's or Ray's scheduler instead of the pool.
    """
    start, cpu = time.perf_counter(), time.process_time()
    stats = stats if stats is not None else Stats()
    bo = build()
    first = bo._step(NO_BOUND, check=False)
    if first is None:
        return []
    bo._solver.config.solver_options["solve_relaxation"] = True  # an LP: where slabs may end
    floor_lp = bo._solve(bo.model.biobjective.min_f2)
    bo._solver.config.solver_options["solve_relaxation"] = False
    stats.solves += bo.stats.solves
    stats.highs_seconds += bo.stats.highs_seconds
    lowest = (floor_lp or 0.0) - max(1.0, abs(floor_lp or 0.0)) * SOLVER_REL
    bottom = step * (math.floor(lowest / step) - 1)
    bounds = slab_bounds(first.f2 - step, min(bottom, first.f2 - 2 * step),
                         slabs_per_worker * workers, step)
    bounds[-1] = -NO_BOUND  # the last slab runs to infeasibility: exact whatever the LP said
    tasks = [(k, hi, lo, step) for k, (hi, lo) in enumerate(zip(bounds, bounds[1:],
                                                               strict=False))]
    # Not "fork": HiGHS's thread pool, running in this process, would deadlock in a forked child.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    events, floor = context.Queue(), context.Value("d", -NO_BOUND)
    found: list[list[tuple[float, Point]]] = [[] for _ in tasks]

    def drain(bar: Progress, timeout: float) -> None:
        try:
            while True:
                index, eps, p = events.get(timeout=timeout)
                found[index].append((eps, p))
                bar.advance(bo.label(eps, p))
                timeout = 0.0
        except queue.Empty:
            pass

    def merged() -> list[Point]:
        points = [first]
        for slab_points in found:
            for _, p in slab_points:
                _add(points, p, bo._same_f1)
        return points

    pool = context.Pool(workers, _init_worker, (build, events, floor))
    try:
        with Progress(None, "ε-constraint", quiet=quiet) as bar:
            bar.advance(bo.label(NO_BOUND, first))
            result = pool.map_async(_run_slab, tasks, chunksize=1)
            while not result.ready():
                drain(bar, 0.2)
            for index, points, work in result.get():
                found[index] = [(0.0, p) for p in points]  # the slab's own, complete list
                stats.solves += work.solves
                stats.highs_seconds += work.highs_seconds
                stats.cpu_seconds += work.cpu_seconds
    except KeyboardInterrupt as exc:
        raise FrontierInterrupted(label_supported(nondominated(merged()))) from exc
    finally:
        pool.terminate()
        pool.join()
    stats.wall_seconds += time.perf_counter() - start
    stats.cpu_seconds += time.process_time() - cpu
    return label_supported(nondominated(merged()))


def nondominated(points: Iterable[Point], tol: float = EXACT_REL) -> list[Point]:
    """Points not dominated by any other (duplicates kept once), sorted by f₁."""
    ordered = sorted(points, key=lambda p: (p.f1, p.f2))
    kept: list[Point] = []
    for p in ordered:
        if kept and p.f2 >= kept[-1].f2 - tol * max(1.0, abs(p.f2)):
            continue
        kept.append(p)
    return kept


def label_supported(points: list[Point]) -> list[Point]:
    """Mark each point of a nondominated frontier as supported (on the lower-left hull) or not.

    A point is supported iff some weights λ > 0 make it optimal for min λ₁f₁ + λ₂f₂ among the
    frontier points, i.e. it lies on the lower-left convex hull (edges included).
    """
    pts = sorted(points, key=lambda p: (p.f1, p.f2))
    hull: list[Point] = []
    for p in pts:  # monotone-chain lower hull, f2 decreasing along f1
        while len(hull) >= 2 and _cross(hull[-2], hull[-1], p) <= 0:
            hull.pop()
        hull.append(p)
    labelled = []
    for p in pts:
        on_hull = any(_on_segment(p, a, c) for a, c in zip(hull, hull[1:], strict=False))
        labelled.append(replace(p, supported=on_hull or p in hull))
    return labelled


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a.f1 - o.f1) * (b.f2 - o.f2) - (a.f2 - o.f2) * (b.f1 - o.f1)


def _on_segment(p: Point, a: Point, c: Point) -> bool:
    if not (a.f1 <= p.f1 <= c.f1):
        return False
    scale = max(1.0, abs(c.f1 - a.f1) * abs(a.f2 - c.f2))
    return abs(_cross(a, c, p)) <= EXACT_REL * scale
