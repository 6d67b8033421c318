"""Where to open the new middle school: capacitated location-allocation for the ORville case.

The case fixes the new school's site (the district was already building it) and notes that,
ideally, location and zoning would be decided together (§2.3). Here they are. Sets: zones i,
existing schools E, candidate sites K; all schools J = E ∪ K. Data: b_i, c_i, capacity u_j,
h_ij miles. Variables: y_j ∈ {0,1} (school j open), x_ij ∈ {0,1} (zone i goes to j).

    Σ_j x_ij = 1                    ∀ i      every zone to one school
    x_ij ≤ y_j                      ∀ i, j   only to an open school
    Σ_i b_i x_ij ≤ u_j y_j          ∀ j      capacity (a closed site has none)
    Σ_{k∈K} y_k = p                          open exactly p new sites
    Σ_{j∈E} (1 − y_j) = q                    close exactly q existing schools (q = 0: none)
    ED_max ≥ Σ_i c_i x_ij           ∀ j
    ED_min ≤ Σ_i c_i x_ij + C (1 − y_j)  ∀ j   (C = Σ_i c_i: a closed site does not count)

    EWD = Σ_ij b_i h_ij x_ij,   Range#ED = ED_max − ED_min   (over the OPEN schools only).

Distances to candidate sites are ESTIMATED exactly like ``data/orville/distances.csv``:
1.3 × the great-circle distance between the estimated points, to 0.1 mile (:func:`road_miles`).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pyomo.environ as pyo

from orville_case.core.errors import DataError, OrvilleError, Problem, SolverError
from orville_case.core.paths import dataset_dir
from orville_case.core.solvers import solve
from orville_case.core.tolerances import SOLVER_REL
from orville_case.zoning import scaling
from orville_case.zoning.biobjective import Biobjective, Point
from orville_case.zoning.data import District, build_district
from orville_case.zoning.models import assignment_model, minimise
from orville_case.zoning.plans import Plan, evaluate

ROAD_FACTOR = 1.3  # typical urban circuity: road miles per great-circle mile (ESTIMATED)
EARTH_RADIUS_MILES = 3958.8


@dataclass(frozen=True)
class Site:
    """A candidate site for the new school, with its provenance tag."""

    name: str
    lat: float
    lon: float
    capacity: int
    status: str


def road_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """1.3 × great-circle (haversine) miles between (lat, lon) points ``a`` and ``b``."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return ROAD_FACTOR * 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(h))


def load_sites(path: str | Path | None = None) -> dict[str, Site]:
    """Read ``site,lat,lon,capacity,status`` (default: ``data/orville/sites.csv``).

    Raises :class:`DataError` listing every bad row (file, row, field, fix).
    """
    path = Path(path) if path is not None else dataset_dir("orville") / "sites.csv"
    if not path.is_file():
        raise DataError(Problem("file not found", str(path), fix="give the sites CSV's path"))
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    need = ["site", "lat", "lon", "capacity", "status"]
    if not rows or any(c not in rows[0] for c in need):
        raise DataError(Problem(f"the header must be {','.join(need)}", path.name, row=1,
                                fix="write that header line"))
    sites: dict[str, Site] = {}
    problems = []
    for n, r in enumerate(rows, start=2):
        try:
            site = Site(r["site"].strip(), float(r["lat"]), float(r["lon"]),
                        int(r["capacity"]), r["status"].strip())
        except (TypeError, ValueError):
            problems.append(Problem("lat, lon must be numbers and capacity a whole number",
                                    path.name, n, fix="correct the row"))
            continue
        if not site.name or site.name in sites or site.capacity <= 0:
            problems.append(Problem(f"site '{site.name}' is unnamed, repeated or has no seats",
                                    path.name, n, "site", fix="one row per named site, seats > 0"))
            continue
        sites[site.name] = site
    if problems:
        raise DataError(problems)
    return sites


def candidate_district(d: District, sites: Mapping[str, Site]) -> District:
    """``d``'s zones with its schools not named as a site (existing) plus every candidate site.

    A site's distances are :func:`road_miles` from each zone's point, rounded to 0.1 mile.
    """
    missing = [z for z in d.zones if z not in d.zone_coords]
    if missing:
        raise OrvilleError(f"zones without lat/lon ({', '.join(missing)}): distances to sites "
                           "cannot be estimated (fix: add lat,lon to zones.csv)")
    existing = [s for s in d.schools if s not in sites]
    capacity = {**{s: d.capacity[s] for s in existing},
                **{k: s.capacity for k, s in sites.items()}}
    miles = {(z, s): d.miles[z, s] for z in d.zones for s in existing}
    miles |= {(z, k): round(road_miles(d.zone_coords[z], (s.lat, s.lon)), 1)
              for z in d.zones for k, s in sites.items()}
    coords = {**{s: d.school_coords[s] for s in existing if s in d.school_coords},
              **{k: (s.lat, s.lon) for k, s in sites.items()}}
    return build_district(d.students, d.econ_disadv, capacity, miles, minority=d.minority,
                          zone_coords=d.zone_coords, school_coords=coords,
                          name=f"{d.name} with candidate sites")


def open_district(ld: District, open_schools: Iterable[str]) -> District:
    """``ld`` restricted to the open schools (for metrics over open schools only)."""
    keep = [s for s in ld.schools if s in set(open_schools)]
    return build_district(
        ld.students, ld.econ_disadv, {s: ld.capacity[s] for s in keep},
        {(z, s): ld.miles[z, s] for z in ld.zones for s in keep}, minority=ld.minority,
        zone_coords=ld.zone_coords,
        school_coords={s: ld.school_coords[s] for s in keep if s in ld.school_coords},
        name=ld.name)


def location_model(ld: District, new: Sequence[str], n_new: int = 1, closed: int = 0,
                   ed: Mapping[str, float] | None = None) -> pyo.ConcreteModel:
    """The reference model of the module docstring (``m.ewd``, ``m.range_ed``; no objective).

    It is the zoning model of :func:`~orville_case.zoning.models.assignment_model` over all
    schools and sites, with the site decisions y added: capacity and the ED_min bound count only
    open schools. ``ed`` replaces c_i as there (e.g. scaled to integers).
    """
    m = assignment_model(ld, ed)
    m.name = f"location-allocation on {ld.name}"
    counts = ld.econ_disadv if ed is None else ed
    big = sum(counts.values())
    m.K = pyo.Set(initialize=list(new), ordered=True)
    m.E = pyo.Set(initialize=[s for s in ld.schools if s not in set(new)], ordered=True)
    m.y = pyo.Var(m.J, within=pyo.Binary, doc="y_j = 1: school or site j is open")
    m.capacity.deactivate()  # replaced by the capacity of an open school
    m.students_at = pyo.Expression(
        m.J, rule=lambda m, j: sum(ld.students[i] * m.x[i, j] for i in m.I))
    m.capacity_if_open = pyo.Constraint(
        m.J, rule=lambda m, j: m.students_at[j] <= ld.capacity[j] * m.y[j])
    m.only_open = pyo.Constraint(m.I, m.J, rule=lambda m, i, j: m.x[i, j] <= m.y[j])
    m.open_new = pyo.Constraint(expr=sum(m.y[k] for k in m.K) == n_new)
    m.close_old = pyo.Constraint(expr=sum(1 - m.y[j] for j in m.E) == closed)
    m.ed_lower.deactivate()  # a closed site (ED 0) must not pull ED_min down: big-M
    m.ed_lower_if_open = pyo.Constraint(
        m.J, rule=lambda m, j: m.ed_min <= m.ed[j] + big * (1 - m.y[j]))
    return m


@dataclass(frozen=True)
class Decision:
    """A location-allocation decision and its metrics (recomputed from the decision)."""

    open: tuple[str, ...]
    plan: Plan
    ewd: float
    range_ed: float


def decision_of(ld: District, m: pyo.ConcreteModel) -> Decision:
    """Read the open schools (y) and the plan (x) of a solved model; metrics over open schools."""
    opened = tuple(j for j in ld.schools if pyo.value(m.y[j]) > 0.5)
    plan = {i: max(ld.schools, key=lambda j: pyo.value(m.x[i, j])) for i in ld.zones}
    report = evaluate(open_district(ld, opened), plan)
    if not report.feasible:
        raise SolverError(f"the solved model's plan is not feasible: {report.violations[0]}")
    return Decision(opened, plan, report.ewd, report.range_ed)


def solve_decision(ld: District, m: pyo.ConcreteModel, objective: str = "ewd") -> Decision:
    """Minimise ``m.ewd`` or ``m.range_ed`` (then the other, lexicographically) and decide."""
    first, second = (m.ewd, m.range_ed) if objective == "ewd" else (m.range_ed, m.ewd)
    m.lex_first = pyo.Objective(expr=first)
    outcome = solve(m)
    if not outcome.optimal:
        m.del_component(m.lex_first)
        raise SolverError("no decision meets every constraint: check the number of sites to "
                          "open, the capacities and any fixed site")
    m.lex_first.deactivate()
    m.lex_cap = pyo.Constraint(expr=first <= outcome.objective
                               + SOLVER_REL * max(1.0, abs(outcome.objective)))
    m.lex_second = pyo.Objective(expr=second)
    solve(m)
    decision = decision_of(ld, m)
    for name in ("lex_first", "lex_cap", "lex_second"):
        m.del_component(name)
    return decision


def best_ewd_at(ld: District, new: Sequence[str], site: str, *, is_open: bool = True) -> float:
    """The least EWD when the new school must be at ``site`` (``is_open=False``: must not be
    there); NaN when no decision is feasible."""
    m = location_model(ld, new, 1)
    m.y[site].fix(1 if is_open else 0)
    outcome = solve(minimise(m, m.ewd))
    return outcome.objective if outcome.optimal else float("nan")


def location_frontier(ld: District, new: Sequence[str], n_new: int = 1, *,
                      quiet: bool = False) -> list[Point]:
    """Every nondominated (EWD, Range#ED) point of the location problem; ``solution`` is the
    :class:`Decision`.

    Exact as :func:`~orville_case.zoning.tradeoffs.frontier`: c_i is counted in units of 10^-k
    (integers, :mod:`~orville_case.zoning.scaling`), so Range#ED over the open schools lies on
    that grid and the ε-constraint with step 1 misses no point; values are reported in students.
    """
    k = scaling.decimals(ld.econ_disadv)
    ed = scaling.scaled(ld.econ_disadv, k)
    m = location_model(ld, new, n_new, ed=ed)

    def measured(model: pyo.ConcreteModel) -> tuple[float, int, Decision]:
        d = decision_of(ld, model)
        return d.ewd, scaling.range_over_schools(ed, d.plan, d.open), d

    points = Biobjective(m, m.ewd, m.range_ed, evaluate=measured, solver_options={
        "mip_feasibility_tolerance": scaling.integrality_tolerance(ed)}, f2_unit=10.0 ** -k
    ).frontier(step=1, quiet=quiet)
    return [replace(p, f2=scaling.unscaled(p.f2, k)) for p in points]
