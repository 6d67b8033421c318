"""Load and validate the school-rehabilitation data (Haghighat 2015, LBUSD, ``data/rehab_lbusd/``).

``projects.csv`` has one row per school: the cost of its project in each of the six categories of
``importance.csv`` and its numbers of students, English-language learners (``ell``) and low-income
students. A blank cell means *unknown* (the thesis's row 58 is garbled): projects with an unknown
cost or at a school with unknown student counts are kept out of the optimization and listed with
the reason by :meth:`RehabData.projects`. Anything else that is not a valid number is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from orville_case.core.errors import DataError, Problem
from orville_case.core.paths import dataset_dir
from orville_case.core.tables import missing_columns, read_table, require_columns

DATASET = "rehab_lbusd"
COUNTS = ("students", "ell", "low_income")


def _read(path: Path) -> pd.DataFrame:
    return read_table(path, fix=f"restore it from the course's data/{DATASET}/ folder")


def load_importance(path: Path | None = None) -> pd.DataFrame:
    """Category weights (Noureddine's AHP factors, thesis Table 5), indexed by category key."""
    path = path or dataset_dir(DATASET) / "importance.csv"
    frame = _read(path)
    require_columns(frame, ["category", "label", "importance"], path.name)
    weights = pd.to_numeric(frame["importance"], errors="coerce")
    bad = [Problem("importance must be a number in (0, 1]", file=path.name, row=i + 2,
                   field="importance") for i in np.flatnonzero(~((weights > 0) & (weights <= 1)))]
    if bad:
        raise DataError(bad)
    frame["importance"] = weights
    return frame.set_index("category")


def _numbers(frame: pd.DataFrame, column: str, name: str, problems: list[Problem],
             integer: bool = False) -> pd.Series:
    """Column as floats (blank -> NaN); non-numbers and negatives are reported in ``problems``."""
    text = frame[column].str.strip().str.replace(r"[$,]", "", regex=True)
    values = pd.to_numeric(text, errors="coerce")
    for i in np.flatnonzero(values.isna() & (text != "")):
        problems.append(Problem(f"'{frame[column].iloc[i]}' is not a number", file=name,
                                row=i + 2, field=column, fix="write a plain number or leave blank"))
    for i in np.flatnonzero(values < 0):
        problems.append(Problem(f"{values.iloc[i]:g} is negative", file=name, row=i + 2,
                                field=column, fix="costs and counts are >= 0"))
    if integer:
        for i in np.flatnonzero(values.notna() & (values % 1 != 0)):
            problems.append(Problem(f"{values.iloc[i]:g} is not a whole number", file=name,
                                    row=i + 2, field=column, fix="counts are whole numbers"))
    return values.astype(float)


@dataclass(frozen=True)
class RehabData:
    """Schools (one row each, blank = NaN) and category importance weights."""

    schools: pd.DataFrame
    importance: pd.DataFrame
    source: str

    @property
    def categories(self) -> list[str]:
        return list(self.importance.index)

    def projects(self) -> pd.DataFrame:
        """One row per (school, category) project with ``usable`` and the ``reason`` if not.

        Columns: no (the school's position in the file, = thesis Table 10 number), school,
        students, ell, low_income, category, cost, label, importance, usable, reason.
        Zero-cost cells are "no project requested" and are dropped.
        """
        schools = self.schools.assign(no=np.arange(1, len(self.schools) + 1))
        rows = schools.melt(id_vars=["no", "school", *COUNTS], value_vars=self.categories,
                                 var_name="category", value_name="cost")
        rows["label"] = rows["category"].map(self.importance["label"])
        rows["importance"] = rows["category"].map(self.importance["importance"])
        rows = rows[rows["cost"] != 0].reset_index(drop=True)
        counts_known = rows[list(COUNTS)].notna().all(axis=1)
        rows["usable"] = rows["cost"].notna() & counts_known
        rows["reason"] = np.where(rows["cost"].isna(), "cost unknown (garbled in source)",
                                  np.where(~counts_known, "student counts unknown (garbled)", ""))
        key = rows["no"] * len(self.categories) + rows["category"].map(
            {c: i for i, c in enumerate(self.categories)})
        return rows.assign(_k=key).sort_values("_k").drop(columns="_k").reset_index(drop=True)


def load_projects(path: Path | None = None, importance: pd.DataFrame | None = None) -> RehabData:
    """Read and validate ``projects.csv`` (default: the shipped LBUSD table of the thesis).

    Every problem found (missing column, unknown category column, non-numeric or negative value,
    duplicate school, more ELL/low-income students than students) is reported, one line each.
    """
    importance = load_importance() if importance is None else importance
    path = path or dataset_dir(DATASET) / "projects.csv"
    name = path.name
    frame = _read(path)
    categories = list(importance.index)
    known = {"no", "school", *categories, *COUNTS}
    problems = missing_columns(frame, ["school", *categories, *COUNTS], name)
    problems += [Problem(f"unknown category column (known: {', '.join(categories)})", file=name,
                         row=1, field=c, fix="rename it or add the category to importance.csv")
                 for c in frame.columns if c not in known]
    if problems:
        raise DataError(problems)
    schools = pd.DataFrame({"school": frame["school"].str.strip()})
    for i in np.flatnonzero(schools["school"] == ""):
        problems.append(Problem("school name is empty", file=name, row=i + 2, field="school"))
    first_row: dict[str, int] = {}
    for i, school in enumerate(schools["school"]):
        if school and school in first_row:
            problems.append(Problem(f"duplicate school '{school}' (first on row "
                                    f"{first_row[school]})", file=name, row=i + 2,
                                    field="school", fix="merge the two rows"))
        first_row.setdefault(school, i + 2)
    for c in categories:
        schools[c] = _numbers(frame, c, name, problems)
    for c in COUNTS:
        schools[c] = _numbers(frame, c, name, problems, integer=True)
    for c in ("ell", "low_income"):
        for i in np.flatnonzero(schools[c] > schools["students"]):
            total = schools["students"].iloc[i]
            problems.append(Problem(f"{schools[c].iloc[i]:g} exceeds the {total:g} students",
                                    file=name, row=i + 2, field=c))
    if problems:
        raise DataError(problems)
    return RehabData(schools, importance, str(path))


def load_dataset(folder: str | Path | None = None) -> RehabData:
    """A dataset folder holding ``projects.csv`` and ``importance.csv`` in the shipped contract
    (default: the shipped LBUSD data)."""
    folder = Path(folder) if folder is not None else dataset_dir(DATASET)
    if not folder.is_dir():
        raise DataError(Problem(f"data folder '{folder}' does not exist",
                                fix="pass the folder that holds projects.csv and importance.csv"))
    return load_projects(folder / "projects.csv", load_importance(folder / "importance.csv"))


def load_published(which: str) -> pd.DataFrame:
    """The thesis's solution tables as 0/1/NaN per (school, category): ``"ga"`` (Table 11) or
    ``"dp"`` (Table 12). NaN marks a cell that is illegible in the source."""
    files = {"ga": "published_ga_table11.csv", "dp": "published_dp_table12.csv"}
    if which not in files:
        raise DataError(f"unknown published table '{which}' (use one of {sorted(files)})")
    path = dataset_dir(DATASET) / files[which]
    frame = _read(path)
    importance = load_importance()
    require_columns(frame, ["school", *importance.index], path.name)
    problems: list[Problem] = []
    costs = pd.DataFrame({c: _numbers(frame, c, path.name, problems) for c in importance.index})
    if problems:
        raise DataError(problems)
    costs.insert(0, "school", frame["school"])
    return costs


def load_published_results() -> pd.Series:
    """Scalar figures reported in the thesis (``published_results.csv``), by quantity name."""
    path = dataset_dir(DATASET) / "published_results.csv"
    frame = _read(path)
    require_columns(frame, ["quantity", "value"], path.name)
    return pd.to_numeric(frame.set_index("quantity")["value"])


def load_knapsack_example() -> tuple[pd.DataFrame, np.ndarray]:
    """The thesis's 4-item example: items (Table 2) and its DP matrix V[i, w] (Table 4)."""
    folder = dataset_dir(DATASET)
    items = pd.read_csv(folder / "knapsack_example.csv")
    table = pd.read_csv(folder / "knapsack_example_table4.csv").drop(columns="i").to_numpy()
    return items, table
