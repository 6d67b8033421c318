"""Load and validate a zoning dataset into a typed :class:`District`.

Data contract (a folder with three CSV files; identifiers are strings, headers case-insensitive):

* ``zones.csv``: ``zone,students,econ_disadv`` (+ optional ``minority``, ``lat,lon``):
  ``students`` = b_i, the middle-school cohort of elementary zone i (a whole number);
  ``econ_disadv`` = c_i = b_i × (share of economically disadvantaged students in zone i), a real
  number with 0 ≤ c_i ≤ b_i (the case's definition, §2.2); ``minority`` likewise, if present.
* ``schools.csv``: ``school,capacity`` (+ optional ``lat,lon``): u_j, seats at middle school j.
* ``distances.csv``: ``zone,school,miles`` — h_ij, one row per (zone, school) pair.

Every problem found is reported (not just the first), each naming file, spreadsheet row (the
header is row 1) and field, with the fix. Nothing here lets a pandas or Pyomo traceback through.
A zone or school name the district does not have is reported by :func:`unknown_name`, the one
message for it everywhere (loader, plans, figures, explorer, Excel export).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from orville_case.core.errors import DataError, OrvilleError, Problem, Problems
from orville_case.core.paths import dataset_dir
from orville_case.core.tables import Number, Table, read_table, require_folder

Coords = dict[str, tuple[float, float]]


@dataclass(frozen=True)
class District:
    """A validated zoning instance: zones i with b_i, c_i; schools j with u_j; distances h_ij."""

    zones: tuple[str, ...]
    schools: tuple[str, ...]
    students: dict[str, int]
    econ_disadv: dict[str, float]
    capacity: dict[str, int]
    miles: dict[tuple[str, str], float]
    minority: dict[str, float] = field(default_factory=dict)  # optional column; {} when absent
    zone_coords: Coords = field(default_factory=dict)
    school_coords: Coords = field(default_factory=dict)
    name: str = "district"

    def unknown(self, plan: Mapping[str, str]) -> list[Problem]:
        """One :func:`unknown_name` problem per zone or school of ``plan`` not in the district."""
        problems = [unknown_name("zone", z, self.zones) for z in plan if z not in self.students]
        return problems + [unknown_name("school", s, self.schools)
                           for s in dict.fromkeys(plan.values()) if s not in self.capacity]

    def require_known(self, plan: Mapping[str, str]) -> None:
        """Raise :class:`OrvilleError` if ``plan`` names a zone or school not in the district."""
        if problems := self.unknown(plan):
            raise OrvilleError(problems)

    @property
    def b(self) -> np.ndarray:
        """b_i as a vector in zone order."""
        return np.array([self.students[z] for z in self.zones], dtype=float)

    @property
    def c(self) -> np.ndarray:
        """c_i as a vector in zone order."""
        return np.array([self.econ_disadv[z] for z in self.zones], dtype=float)

    @property
    def u(self) -> np.ndarray:
        """u_j as a vector in school order."""
        return np.array([self.capacity[s] for s in self.schools], dtype=float)

    @property
    def h(self) -> np.ndarray:
        """h_ij as a (zones × schools) matrix."""
        return np.array([[self.miles[z, s] for s in self.schools] for z in self.zones])


def unknown_name(kind: str, name: str, known: Iterable[str], *, file: str | None = None,
                 row: int | None = None) -> Problem:
    """The one message for a ``kind`` ("zone" or "school") name that matches none of ``known``."""
    return Problem(f"unknown {kind} '{name}'", file, row, kind if file else None,
                   fix=f"use one of {', '.join(known)}")


def build_district(
    students: Mapping[str, int],
    econ_disadv: Mapping[str, float],
    capacity: Mapping[str, int],
    miles: Mapping[tuple[str, str], float],
    *,
    minority: Mapping[str, float] | None = None,
    zone_coords: Coords | None = None,
    school_coords: Coords | None = None,
    name: str = "district",
    files: tuple[str, str, str] = ("zones", "schools", "distances"),
) -> District:
    """Check cross-table consistency and return a :class:`District` (raises :class:`DataError`).

    Checks: every distance names a known zone and school, every pair has a distance,
    0 ≤ c_i ≤ b_i (and 0 ≤ minority_i ≤ b_i), and Σ b_i ≤ Σ u_j (otherwise no plan can respect
    every capacity). c_i and minority_i may be real numbers.
    """
    zf, sf, df = files
    problems = Problems()
    for (z, s) in miles:
        if z not in students:
            problems.append(unknown_name("zone", z, students, file=df))
        if s not in capacity:
            problems.append(unknown_name("school", s, capacity, file=df))
    for z, m in (minority or {}).items():
        if z not in students:
            problems.append(unknown_name("zone", z, students, file=zf))
        elif not 0 <= m <= students[z]:
            problems.append(Problem(f"zone '{z}' has {m} minority students of {students[z]}", zf,
                                    field="minority", fix="0 ≤ minority ≤ students"))
    for z in students:
        for s in capacity:
            if (z, s) not in miles:
                problems.append(Problem(f"no distance for zone '{z}' and school '{s}'", df,
                                        fix="add a row zone,school,miles for this pair"))
        c = econ_disadv.get(z)
        if c is None or not 0 <= c <= students[z]:
            says = (f"more ED students ({c}) than students ({students[z]})"
                    if c is not None and c > students[z] else f"{c} ED students")
            problems.append(Problem(f"zone '{z}' has {says}", zf, field="econ_disadv",
                                    fix="0 ≤ econ_disadv ≤ students"))
    if not students:
        problems.append(Problem("no zones", zf, fix="add at least one zone row"))
    if not capacity:
        problems.append(Problem("no schools", sf, fix="add at least one school row"))
    demand, seats = sum(students.values()), sum(capacity.values())
    if demand > seats:
        problems.append(Problem(
            f"total demand {demand} exceeds total capacity {seats}: no plan can be feasible",
            sf, field="capacity", fix="raise capacities or lower the zones' students"))
    if problems:
        raise DataError(problems)
    return District(
        zones=tuple(students), schools=tuple(capacity), students=dict(students),
        econ_disadv=dict(econ_disadv), capacity=dict(capacity), miles=dict(miles),
        minority=dict(minority or {}), zone_coords=dict(zone_coords or {}),
        school_coords=dict(school_coords or {}), name=name,
    )


# --------------------------------------------------------------------------- CSV reading

#: Largest b_i / u_j and h_ij the loader accepts (exclusive). HiGHS refuses matrix values of
#: 1e15 or more (its ``large_matrix_value``) and a double stops representing every integer above
#: 2^53 ≈ 9e15; below these bounds every EWD coefficient b_i·h_ij is under 1e13, so EWD sums of
#: hundreds of zones stay exact to the hundredth of a student-mile and well inside HiGHS's range.
MAX_STUDENTS = 1e7
MAX_MILES = 1e6
_TOO_MANY = "a zone or school has fewer than 10 million students; check the units"
_TOO_FAR = "distances are in miles (under 1,000,000); check the units"
_COUNT = Number("whole", below=MAX_STUDENTS, why=_TOO_MANY)
_PART = Number("real", below=MAX_STUDENTS, why=_TOO_MANY)  # c_i and minority: real-valued
_DEGREES = Number("signed", blank=True)
FILES = ("zones.csv", "schools.csv", "distances.csv")


def _coords(table: Table, n: int, row: dict) -> tuple[float, float] | None:
    lat, lon = row.get("lat"), row.get("lon")
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        table.problem("lat and lon go together", n, "lat" if lat is None else "lon",
                      "write both in decimal degrees, or leave both blank")
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        table.problem(f"({lat}, {lon}) is not a place on Earth", n, "lat",
                      "write decimal degrees")
        return None
    return float(lat), float(lon)


def load_district(folder: str | Path | None = None) -> District:
    """Read and validate a dataset folder (default: the shipped ORville data).

    Files are read by :func:`orville_case.core.tables.read_table` (its rules for blanks, BOM,
    thousands separators, decimal commas, …). ``students`` and ``capacity`` are whole numbers,
    ``econ_disadv`` (and the optional ``minority``) real numbers with 0 ≤ value ≤ b_i; b_i, u_j
    below :data:`MAX_STUDENTS` and h_ij below :data:`MAX_MILES`. Raises :class:`DataError`
    listing every problem, each with file, row, field and fix.
    """
    folder = require_folder(folder if folder is not None else dataset_dir("orville"),
                            holds=", ".join(FILES))
    zt = read_table(folder / FILES[0], required=["zone", "students", "econ_disadv"],
                    numeric={"students": _COUNT, "econ_disadv": _PART, "minority": _PART,
                             "lat": _DEGREES, "lon": _DEGREES})
    st = read_table(folder / FILES[1], required=["school", "capacity"],
                    numeric={"capacity": _COUNT, "lat": _DEGREES, "lon": _DEGREES})
    dt = read_table(folder / FILES[2], required=["zone", "school", "miles"],
                    numeric={"miles": Number("real", below=MAX_MILES, why=_TOO_FAR)})
    students, econ, minority, capacity, zc, sc = {}, {}, {}, {}, {}, {}
    has_minority = "minority" in zt.columns
    seen: dict[str, int] = {}
    for n, row in zt.rows:
        z = zt.key(n, row, "zone", seen)
        if z is None or None in (row["students"], row["econ_disadv"], row.get("minority", 0)):
            continue
        students[z], econ[z] = row["students"], row["econ_disadv"]
        if has_minority:
            minority[z] = row["minority"]
        if (xy := _coords(zt, n, row)) is not None:
            zc[z] = xy
    seen = {}
    for n, row in st.rows:
        s = st.key(n, row, "school", seen)
        if s is not None and row["capacity"] is not None:
            capacity[s] = row["capacity"]
            if (xy := _coords(st, n, row)) is not None:
                sc[s] = xy
    zone_ids = dict.fromkeys(str(row["zone"]) for _, row in zt.rows)  # ordered, fast `in`
    school_ids = dict.fromkeys(str(row["school"]) for _, row in st.rows)
    miles: dict[tuple[str, str], float] = {}
    seen_pairs: dict[tuple[str, str], int] = {}
    for n, row in dt.rows:
        if dt.too_many(n):
            break
        pair = (str(row["zone"]), str(row["school"]))
        if pair in seen_pairs:
            dt.problem(f"duplicate pair {pair} (first at row {seen_pairs[pair]})", n, "school",
                       "keep one row per pair")
        elif zt.readable and pair[0] not in zone_ids:
            dt.problems.append(unknown_name("zone", pair[0], zone_ids, file=dt.name, row=n))
        elif st.readable and pair[1] not in school_ids:
            dt.problems.append(unknown_name("school", pair[1], school_ids, file=dt.name, row=n))
        elif row["miles"] is not None:
            miles[pair] = row["miles"]
        seen_pairs.setdefault(pair, n)
    problems = Problems(zt.problems)
    problems += st.problems
    problems += dt.problems
    if problems:
        raise DataError(problems)
    return build_district(students, econ, capacity, miles, minority=minority if has_minority
                          else None, zone_coords=zc, school_coords=sc, name=folder.name,
                          files=FILES)
