"""Data for the inter-district MSD model (notebook 05): load, convert, synthesise.

A dataset is a folder with two CSV files (headers case-insensitive, identifiers are strings):

* ``districts.csv``: ``district,enrollment,teachers,local_revenue`` and one column of student
  *counts* per group in :data:`RACES` (``white,black,hispanic,asian,other``), plus optional
  ``leaid,lat,lon,frpm`` (``frpm``: students eligible for free or reduced-price meals).
  S_i = enrollment, T_i = teachers (FTE), R_i = local revenue (USD, one school year);
  a_{r,i} = count_r / Σ_r count_r, the race shares of district i. Enrollment and counts are
  whole numbers, S_i, T_i, R_i > 0; values at or above :data:`MAX_STUDENTS` /
  :data:`MAX_REVENUE` are refused.
* ``adjacency.csv``: ``district_a,district_b`` (+ optional ``confidence`` H/M/L): one row per pair
  of districts sharing a border; b_ij = b_ji = 1 for a listed pair (and b_ii = 1), else 0.
  At least two districts and one border are needed (otherwise nothing can move).

Files are read by :func:`orville_case.core.tables.read_table` (its rules for blanks, BOM,
thousands separators, decimal commas, NaN, … hold here as everywhere).

:func:`load_msd` reads such a folder (default: the shipped, ESTIMATED Alameda County data),
:func:`load_portal` builds the same :class:`MSDData` from the public NCES CCD files as downloaded
from the Urban Institute Education Data Portal, :func:`write_msd` writes it back as a folder, and
:func:`synthetic` makes a random instance of any size for timing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from orville_case.core.errors import DataError, Problem, Problems
from orville_case.core.paths import dataset_dir
from orville_case.core.tables import (
    BadNumber,
    Number,
    Table,
    parse_number,
    read_table,
    require_folder,
)

DATASET = "msd_alameda"
RACES = ("white", "black", "hispanic", "asian", "other")
CONFIDENCE = {"H": 3, "M": 2, "L": 1}
#: Education Data Portal race codes (CCD enrollment by race); every other code except 99 (total)
#: is counted as "other".
PORTAL_RACE = {1: "white", 2: "black", 3: "hispanic", 4: "asian"}
PORTAL_FILES = ("directory.csv", "enrollment_race.csv", "finance.csv")


@dataclass(frozen=True)
class MSDData:
    """N districts: S_i students, T_i teachers, R_i local revenue, race shares a_ri, borders."""

    name: str
    districts: tuple[str, ...]
    students: np.ndarray
    teachers: np.ndarray
    revenue: np.ndarray
    race: pd.DataFrame  # N × R shares a_{r,i}, rows = districts, each row sums to 1
    adjacency: np.ndarray  # N × N bool, symmetric, False on the diagonal
    leaid: tuple[str, ...] = ()
    lat: np.ndarray | None = None
    lon: np.ndarray | None = None
    frpm: np.ndarray | None = None  # share of students eligible for free/reduced-price meals

    @property
    def n(self) -> int:
        return len(self.districts)

    @property
    def bounds(self) -> np.ndarray:
        """b_ij: 1 where district i may send students to j (bordering, or i = j), else 0."""
        return (self.adjacency | np.eye(self.n, dtype=bool)).astype(float)

    def table(self) -> pd.DataFrame:
        """One row per district: S, T, R, S/T, R/S and the race shares (for display)."""
        frame = pd.DataFrame({"students": self.students, "teachers": self.teachers,
                              "local_revenue": self.revenue}, index=list(self.districts))
        frame["students_per_teacher"] = self.students / self.teachers
        frame["revenue_per_student"] = self.revenue / self.students
        return frame.join(self.race.set_axis(list(self.districts)))

    def neighbours(self, district: str) -> list[str]:
        i = self.districts.index(district)
        return [self.districts[j] for j in np.flatnonzero(self.adjacency[i])]


#: Largest values accepted (exclusive): a county has far fewer than 100 million students, and
#: 1e13 USD is ten times all US school revenue in a year. Larger values are typing or unit
#: errors, and their squares (the MSD terms) would overflow to inf/NaN.
MAX_STUDENTS = 1e8
MAX_REVENUE = 1e13
_UNITS = "check the units: counts of students, revenue in USD per school year"
_COUNT = Number("whole", below=MAX_STUDENTS, why=_UNITS)
_DISTRICT_COLUMNS = {"enrollment": Number("whole", positive=True, below=MAX_STUDENTS,
                                           why=_UNITS),
                     "teachers": Number("real", positive=True, below=MAX_STUDENTS, why=_UNITS),
                     "local_revenue": Number("money", positive=True, below=MAX_REVENUE,
                                             why=_UNITS),
                     **dict.fromkeys(RACES, _COUNT), "frpm": _COUNT,
                     "lat": Number("signed", blank=True), "lon": Number("signed", blank=True)}
_FIX = "check the folder name; see the data contract in orville_case/msd/data.py"


def _read(path: Path, required: list[str] = (), numeric: dict | None = None) -> Table:
    return read_table(path, required=required, numeric=numeric, fix=_FIX)


def _numbers(texts: pd.Series, rows: pd.Series, name: str, problems: Problems,
             spec: Number) -> np.ndarray:
    """Text cells of a portal download (spreadsheet ``rows``) as floats, by the course's number
    rules; a negative portal code (-1 missing, -2 not applicable, -3 suppressed) is a problem."""
    values = np.full(len(texts), np.nan)
    for k, (text, n) in enumerate(zip(texts, rows, strict=True)):
        try:
            values[k] = parse_number(str(text), spec)
        except BadNumber as bad:
            message, fix = str(bad), bad.fix
            if str(text).strip().startswith("-"):
                message = f"{str(text).strip()} is a portal code for a missing value"
                fix = "pick a year or districts where this value is reported"
            problems.append(Problem(message, name, int(n), str(texts.name), fix))
    return values


def adjacency_matrix(districts: tuple[str, ...], pairs: Table, min_confidence: str = "L",
                     aliases: dict[str, str] | None = None,
                     others: frozenset[str] = frozenset()) -> np.ndarray:
    """Symmetric bool matrix from the rows ``district_a,district_b[,confidence]`` of ``pairs``.

    Rows whose confidence is below ``min_confidence`` (H > M > L) are left out. ``aliases`` maps
    other identifiers (e.g. LEAIDs) to district names; rows naming one of ``others`` (known
    districts outside the selection) are skipped; any other unknown name is an error.
    """
    index = {d: k for k, d in enumerate(districts)} | {
        a: districts.index(d) for a, d in (aliases or {}).items()}
    floor = CONFIDENCE.get(min_confidence.upper())
    if floor is None:
        raise DataError(Problem(f"min_confidence must be H, M or L, got '{min_confidence}'",
                                fix="use 'H', 'M' or 'L'"))
    pairs.raise_problems()
    adj = np.zeros((len(districts),) * 2, dtype=bool)
    for row, rec in pairs.rows:
        level = CONFIDENCE.get(str(rec.get("confidence") or "H").upper())
        if level is None:
            pairs.problem(f"confidence '{rec['confidence']}' is not H, M or L", row,
                          "confidence", "write H, M or L (or leave blank for H)")
            continue
        ends = []
        for field in ("district_a", "district_b"):
            key = str(rec[field])
            if key not in index and key not in others:
                pairs.problem(f"unknown district '{key}'", row, field,
                              "use a name (or LEAID) of districts.csv")
            ends.append(index.get(key))
        if None in ends or level < floor:
            continue
        i, j = ends
        if i == j:
            pairs.problem("a district cannot border itself", row, "district_b",
                          "remove this row")
        adj[i, j] = adj[j, i] = True
    pairs.raise_problems()
    return adj


def load_msd(folder: str | Path | None = None, *, min_confidence: str = "L") -> MSDData:
    """Read a dataset folder (default: the shipped ESTIMATED Alameda County data).

    ``min_confidence`` drops estimated borders below that confidence (``"H"``, ``"M"`` or ``"L"``).
    Refused (each as one problem with the fix): fewer than two districts, no border at all
    (nothing can move), values beyond :data:`MAX_STUDENTS` / :data:`MAX_REVENUE`, more FRPM
    students than students, a district whose race counts are all 0.
    """
    folder = require_folder(folder if folder is not None else dataset_dir(DATASET),
                            holds="districts.csv and adjacency.csv")
    table = _read(folder / "districts.csv",
                  ["district", "enrollment", "teachers", "local_revenue", *RACES],
                  _DISTRICT_COLUMNS)
    table.raise_problems()
    table.keys("district")
    frame = table.frame()
    if len(frame) < 2:
        table.problem(f"{len(frame)} district(s): moving students needs at least two",
                      fix="add rows, one per district")
    if "frpm" in frame.columns:
        for n in frame.index[frame["frpm"] > frame["enrollment"]]:
            table.problem("more FRPM students than enrollment", n, "frpm",
                          "frpm counts students, at most the enrollment")
    counts = frame[list(RACES)].to_numpy(float)
    for n in frame.index[counts.sum(axis=1) <= 0]:
        table.problem("race counts sum to 0", n, "white", "write the students of each group")
    table.raise_problems()
    districts = tuple(frame["district"])
    pairs = _read(folder / "adjacency.csv", ["district_a", "district_b"])
    adjacency = adjacency_matrix(districts, pairs, min_confidence)
    if not adjacency.any():
        raise DataError(Problem("no two districts border each other: no student can move",
                                "adjacency.csv", fix="add one row district_a,district_b per "
                                "pair of bordering districts" + (
                                    "" if min_confidence.upper() == "L"
                                    else ", or lower min_confidence")))
    race = pd.DataFrame(counts / counts.sum(axis=1, keepdims=True), columns=list(RACES),
                        index=list(districts))
    students = frame["enrollment"].to_numpy(float)
    coords = {c: frame[c].to_numpy(float) for c in ("lat", "lon") if c in frame.columns}
    return MSDData(name=folder.name, districts=districts, students=students,
                   teachers=frame["teachers"].to_numpy(float),
                   revenue=frame["local_revenue"].to_numpy(float), race=race,
                   adjacency=adjacency,
                   leaid=tuple(frame["leaid"]) if "leaid" in frame.columns else (),
                   lat=coords.get("lat"), lon=coords.get("lon"),
                   frpm=frame["frpm"].to_numpy(float) / students
                   if "frpm" in frame.columns else None)


def write_msd(data: MSDData, folder: str | Path) -> Path:
    """Write ``data`` as a dataset folder (districts.csv, adjacency.csv) readable by load_msd."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    counts = (data.race.to_numpy() * data.students[:, None]).round().astype(int)
    frame = pd.DataFrame({"district": data.districts,
                          "leaid": data.leaid or [""] * data.n,
                          "enrollment": data.students, "teachers": data.teachers,
                          "local_revenue": data.revenue})
    for k, r in enumerate(data.race.columns):
        frame[r] = counts[:, k]
    if data.lat is not None and data.lon is not None:
        frame["lat"], frame["lon"] = data.lat, data.lon
    if data.frpm is not None:
        frame["frpm"] = (data.frpm * data.students).round()
    frame.to_csv(folder / "districts.csv", index=False)
    i, j = np.nonzero(np.triu(data.adjacency))
    pd.DataFrame({"district_a": np.array(data.districts)[i],
                  "district_b": np.array(data.districts)[j]}).to_csv(
        folder / "adjacency.csv", index=False)
    return folder


def load_portal(folder: str | Path, county_code: int | str, adjacency: str | Path, *,
                year: int | None = None, name_contains: str | None = None,
                leaids: list[str] | None = None) -> MSDData:
    """Build :class:`MSDData` for one county from Education Data Portal (NCES CCD) downloads.

    ``folder`` holds the portal's CSV downloads, saved under these names:

    * ``directory.csv`` — ``/school-districts/ccd/directory/{year}/``: ``leaid, lea_name,
      county_code, enrollment, teachers_total_fte`` (+ ``year``, ``agency_type``, ``latitude``,
      ``longitude`` used when present);
    * ``enrollment_race.csv`` — ``/school-districts/ccd/enrollment/{year}/grade-99/race/``:
      ``leaid, grade, race, sex, enrollment`` (rows with grade 99 and sex 99 are used; race
      1 white, 2 black, 3 Hispanic, 4 Asian, every other code but 99 = other);
    * ``finance.csv`` — ``/school-districts/ccd/finance/{year}/``: ``leaid, rev_local_total``.

    The districts are those of ``county_code`` (5-digit FIPS, e.g. 6001 = Alameda County, CA)
    with ``agency_type`` 1 (regular district) when that column exists, optionally only names
    containing ``name_contains`` (e.g. "Unified") or only the given ``leaids``. S_i is the sum
    of the race counts, T_i = teachers_total_fte, R_i = rev_local_total. ``adjacency`` is a CSV
    ``district_a,district_b`` naming bordering districts by name or LEAID (the portal has no
    boundaries; see data/msd_alameda/README.md for how to derive it from NCES EDGE files).
    Negative portal values (-1 missing, -2 not applicable, -3 suppressed) are reported as errors.
    """
    folder = Path(folder)
    tables = [_read(folder / f, cols) for f, cols in zip(PORTAL_FILES, (
        ["leaid", "lea_name", "county_code", "teachers_total_fte"],
        ["leaid", "grade", "race", "sex", "enrollment"], ["leaid", "rev_local_total"]),
        strict=True)]
    found = Problems()
    for t in tables:
        found += t.problems
    if found:
        raise DataError(found)
    directory, race, finance = (t.frame().rename_axis("_row").reset_index() for t in tables)
    for frame in (directory, race, finance):
        frame["leaid"] = frame["leaid"].str.zfill(7)
        if year is not None and "year" in frame.columns:
            frame.drop(frame.index[frame["year"] != str(year)], inplace=True)
    keep = pd.to_numeric(directory["county_code"], errors="coerce") == int(county_code)
    if "agency_type" in directory.columns:
        keep &= directory["agency_type"] == "1"
    if name_contains:
        keep &= directory["lea_name"].str.contains(name_contains, case=False, regex=False)
    if leaids is not None:
        keep &= directory["leaid"].isin([str(x).zfill(7) for x in leaids])
    everything, directory = directory, directory[keep].reset_index(drop=True)
    if directory.empty:
        raise DataError(Problem(f"no district of county {county_code} matches",
                                file=PORTAL_FILES[0], field="county_code",
                                fix="check county_code (5-digit FIPS), name_contains, leaids"))
    ids = list(directory["leaid"])
    problems = Problems()
    names = directory["lea_name"]
    teachers = _numbers(directory["teachers_total_fte"], directory["_row"], PORTAL_FILES[0],
                        problems, _DISTRICT_COLUMNS["teachers"])
    total = race[(race["grade"] == "99") & (race["sex"] == "99")
                 & (race["race"] != "99") & race["leaid"].isin(ids)].copy()
    total["group"] = pd.to_numeric(total["race"], errors="coerce").map(PORTAL_RACE).fillna("other")
    total["n"] = pd.to_numeric(total["enrollment"], errors="coerce")
    total.loc[total["n"] < 0, "n"] = 0.0  # suppressed / not applicable cells count as none
    counts = total.pivot_table(index="leaid", columns="group", values="n", aggfunc="sum"
                               ).reindex(index=ids, columns=list(RACES)).fillna(0.0)
    students = counts.sum(axis=1).to_numpy()
    for k in np.flatnonzero(students <= 0):
        problems.append(Problem(f"no enrollment-by-race rows for {names[k]} "
                                f"(leaid {ids[k]})", file=PORTAL_FILES[1], field="enrollment",
                                fix="download grade-99/race for the same year"))
    fin = finance.drop_duplicates("leaid").set_index("leaid").reindex(ids)
    for k in np.flatnonzero(fin["rev_local_total"].isna().to_numpy()):
        problems.append(Problem(f"no finance row for {names[k]} (leaid {ids[k]})",
                                file=PORTAL_FILES[2], field="leaid"))
    fin = fin.dropna(subset=["rev_local_total"])
    revenue = _numbers(fin["rev_local_total"], fin["_row"], PORTAL_FILES[2], problems,
                       _DISTRICT_COLUMNS["local_revenue"])
    if problems:
        raise DataError(problems)
    districts = tuple(names)
    everyone = frozenset(everything["leaid"]) | frozenset(everything["lea_name"])
    adj = adjacency_matrix(districts, _read(Path(adjacency), ["district_a", "district_b"]),
                           aliases=dict(zip(ids, districts, strict=True)), others=everyone)
    coords = {c: pd.to_numeric(directory[c], errors="coerce").to_numpy(float)
              for c in ("latitude", "longitude") if c in directory.columns}
    shares = counts.to_numpy() / students[:, None]
    return MSDData(name=f"county {county_code}", districts=districts, students=students,
                   teachers=teachers, revenue=revenue,
                   race=pd.DataFrame(shares, columns=list(RACES), index=list(districts)),
                   adjacency=adj, leaid=tuple(ids), lat=coords.get("latitude"),
                   lon=coords.get("longitude"))


def synthetic(n: int, seed: int = 0) -> MSDData:
    """A random instance of ``n`` districts for timing and tests (not real data).

    Districts are random points in the unit square; bordering pairs are the edges of their
    Delaunay triangulation (planar, fewer than 6 neighbours per district on average).
    Race shares vary smoothly in space (so neighbours differ less than distant districts);
    enrollment is log-normal, S/T in [15, 25], local revenue per student in [2,000, 15,000].
    """
    from scipy.spatial import Delaunay

    rng = np.random.default_rng(seed)
    xy = rng.random((n, 2))
    adj = np.zeros((n, n), dtype=bool)
    if n >= 3:
        for simplex in Delaunay(xy).simplices:
            for a in simplex:
                adj[a, simplex] = True
    else:
        adj[:] = True
    np.fill_diagonal(adj, False)
    centres = rng.random((len(RACES), 2))
    weight = np.exp(-3 * ((xy[:, None, :] - centres[None]) ** 2).sum(-1)) * rng.gamma(
        2.0, 1.0, (n, len(RACES)))
    race = weight / weight.sum(axis=1, keepdims=True)
    students = np.round(rng.lognormal(np.log(8000), 0.9, n)) + 100
    teachers = np.round(students / rng.uniform(15, 25, n), 1)
    revenue = students * rng.uniform(2000, 15000, n)
    names = tuple(f"D{k:03d}" for k in range(n))
    return MSDData(name=f"synthetic-{n}-seed{seed}", districts=names, students=students,
                   teachers=teachers, revenue=revenue,
                   race=pd.DataFrame(race, columns=list(RACES), index=list(names)),
                   adjacency=adj, lat=xy[:, 1], lon=xy[:, 0])
