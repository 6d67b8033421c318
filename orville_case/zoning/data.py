"""Load and validate a zoning dataset into a typed :class:`District`.

Data contract (a folder with three CSV files; identifiers are strings, headers case-insensitive):

* ``zones.csv``: ``zone,students,econ_disadv`` (+ optional ``lat,lon``): ``students`` = b_i, the
  middle-school cohort of elementary zone i; ``econ_disadv`` = c_i, how many of them are
  economically disadvantaged (ED). Both whole numbers, 0 ≤ c_i ≤ b_i.
* ``schools.csv``: ``school,capacity`` (+ optional ``lat,lon``): u_j, seats at middle school j.
* ``distances.csv``: ``zone,school,miles`` — h_ij, one row per (zone, school) pair.

Every problem found is reported (not just the first), each naming file, spreadsheet row (the
header is row 1) and field, with the fix. Nothing here lets a pandas or Pyomo traceback through.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from orville_case.core.errors import DataError, Problem
from orville_case.core.paths import dataset_dir

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
    c_i ≤ b_i, and Σ b_i ≤ Σ u_j (otherwise no plan can respect every capacity).
    """
    zf, sf, df = files
    problems: list[Problem] = []
    for (z, s) in miles:
        if z not in students:
            problems.append(Problem(f"unknown zone '{z}'", df, field="zone",
                                    fix=f"use a zone listed in {zf}"))
        if s not in capacity:
            problems.append(Problem(f"unknown school '{s}'", df, field="school",
                                    fix=f"use a school listed in {sf}"))
    for z in students:
        for s in capacity:
            if (z, s) not in miles:
                problems.append(Problem(f"no distance for zone '{z}' and school '{s}'", df,
                                        fix="add a row zone,school,miles for this pair"))
        if econ_disadv[z] > students[z]:
            problems.append(Problem(
                f"zone '{z}' has more ED students ({econ_disadv[z]}) than students "
                f"({students[z]})", zf, field="econ_disadv", fix="econ_disadv ≤ students"))
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


class _Table:
    """Rows of one CSV with normalised headers; collects problems instead of raising."""

    def __init__(self, path: Path, required: Iterable[str], optional: Iterable[str] = ()):
        self.name = path.name
        self.problems: list[Problem] = []
        self.rows: list[tuple[int, dict[str, str]]] = []
        self.columns: set[str] = set()
        self.readable = False  # True once the file opened and its header has every column
        if not path.is_file():
            self.problems.append(Problem(f"file not found in {path.parent}", path.name,
                                         fix="check the folder, or create the file"))
            return
        try:
            with open(path, newline="", encoding="utf-8-sig") as f:
                reader = csv.reader(f)
                header = next(reader, None)
                if header is None:
                    self.problems.append(Problem("file is empty", path.name,
                                                 fix=f"add a header row: {','.join(required)}"))
                    return
                names = [h.strip().lower() for h in header]
                self.columns = set(names)
                missing = [c for c in required if c not in self.columns]
                if missing:
                    self.problems.append(Problem(
                        f"missing column(s) {', '.join(missing)}; found {', '.join(header)}",
                        path.name, row=1, fix=f"the header must include {','.join(required)}"))
                    return
                self.readable = True
                for n, raw in enumerate(reader, start=2):
                    if not any(cell.strip() for cell in raw):
                        continue
                    if len(raw) != len(names):
                        self.problems.append(Problem(
                            f"expected {len(names)} values, found {len(raw)}", path.name, row=n,
                            fix="check for missing or extra commas"))
                        continue
                    self.rows.append((n, {k: v.strip() for k, v in zip(names, raw, strict=True)}))
        except (UnicodeDecodeError, csv.Error) as exc:
            self.problems.append(Problem(f"cannot be read as CSV ({exc})", path.name,
                                         fix="save it as UTF-8 comma-separated text"))
        self.optional = [c for c in optional if c in self.columns]

    def number(self, n: int, row: dict[str, str], col: str, *, integer: bool) -> float | None:
        text = row[col]
        kind = "a whole number" if integer else "a number"
        try:
            value = float(text.replace(",", "")) if text else math.nan
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or (integer and value != int(value)):
            self.problems.append(Problem(f"'{text}' is not {kind}", self.name, n, col,
                                         fix=f"write {kind} ≥ 0"))
            return None
        if value < 0:
            self.problems.append(Problem(f"{text} is negative", self.name, n, col,
                                         fix="values must be ≥ 0"))
            return None
        return int(value) if integer else value

    def ident(self, n: int, row: dict[str, str], col: str, seen: dict) -> str | None:
        key = row[col]
        if not key:
            self.problems.append(Problem("empty identifier", self.name, n, col,
                                         fix=f"give every row a {col} name"))
            return None
        if key in seen:
            self.problems.append(Problem(f"duplicate {col} '{key}' (first at row {seen[key]})",
                                         self.name, n, col, fix="keep one row per " + col))
            return None
        seen[key] = n
        return key

    def coords(self, n: int, row: dict[str, str]) -> tuple[float, float] | None:
        if self.optional != ["lat", "lon"] or not (row["lat"] or row["lon"]):
            return None
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            self.problems.append(Problem("lat/lon must be numbers", self.name, n, "lat",
                                         fix="write decimal degrees or leave both blank"))
            return None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            self.problems.append(Problem(f"({lat}, {lon}) is not a place on Earth", self.name, n,
                                         "lat", fix="write decimal degrees"))
            return None
        return lat, lon


def load_district(folder: str | Path | None = None) -> District:
    """Read and validate a dataset folder (default: the shipped ORville data).

    Raises :class:`DataError` listing every problem, each with file, row, field and fix.
    """
    folder = Path(folder) if folder is not None else dataset_dir("orville")
    if not folder.is_dir():
        raise DataError(Problem(f"data folder '{folder}' does not exist",
                                fix="pass the folder that holds zones.csv, schools.csv, "
                                    "distances.csv"))
    zt = _Table(folder / "zones.csv", ["zone", "students", "econ_disadv"], ["lat", "lon"])
    st = _Table(folder / "schools.csv", ["school", "capacity"], ["lat", "lon"])
    dt = _Table(folder / "distances.csv", ["zone", "school", "miles"])
    students, econ, capacity, zc, sc = {}, {}, {}, {}, {}
    miles: dict[tuple[str, str], float] = {}
    seen: dict = {}
    for n, row in zt.rows:
        z = zt.ident(n, row, "zone", seen)
        b = zt.number(n, row, "students", integer=True)
        c = zt.number(n, row, "econ_disadv", integer=True)
        if z is not None and b is not None and c is not None:
            students[z], econ[z] = b, c
            if (xy := zt.coords(n, row)) is not None:
                zc[z] = xy
    seen = {}
    for n, row in st.rows:
        s = st.ident(n, row, "school", seen)
        u = st.number(n, row, "capacity", integer=True)
        if s is not None and u is not None:
            capacity[s] = u
            if (xy := st.coords(n, row)) is not None:
                sc[s] = xy
    zone_ids = {row["zone"] for _, row in zt.rows}
    school_ids = {row["school"] for _, row in st.rows}
    seen_pairs: dict = {}
    for n, row in dt.rows:
        pair = (row["zone"], row["school"])
        h = dt.number(n, row, "miles", integer=False)
        if pair in seen_pairs:
            dt.problems.append(Problem(f"duplicate pair {pair} (first at row {seen_pairs[pair]})",
                                       dt.name, n, "school", fix="keep one row per pair"))
        elif zt.readable and pair[0] not in zone_ids:
            dt.problems.append(Problem(f"unknown zone '{pair[0]}'", dt.name, n, "zone",
                                       fix="use a zone listed in zones.csv"))
        elif st.readable and pair[1] not in school_ids:
            dt.problems.append(Problem(f"unknown school '{pair[1]}'", dt.name, n, "school",
                                       fix="use a school listed in schools.csv"))
        elif h is not None:
            miles[pair] = h
        seen_pairs.setdefault(pair, n)
    problems = zt.problems + st.problems + dt.problems
    if problems:
        raise DataError(problems)
    return build_district(students, econ, capacity, miles, zone_coords=zc, school_coords=sc,
                          name=folder.name,
                          files=("zones.csv", "schools.csv", "distances.csv"))
