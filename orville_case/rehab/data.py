"""Load and validate the school-rehabilitation data (Haghighat 2015, LBUSD, ``data/rehab_lbusd/``).

``projects.csv`` has one row per school: the cost of its project in each of the six categories of
``importance.csv`` and its numbers of students, English-language learners (``ell``) and low-income
students. A blank cell means *unknown* (the thesis's row 58 is garbled): projects with an unknown
cost or at a school with unknown student counts are kept out of the optimization and listed with
the reason by :meth:`RehabData.projects`. Anything else that is not a valid number is an error.
Files are read by :func:`orville_case.core.tables.read_table` (the course's one set of rules for
headers, BOM, thousands separators, ``$``, decimal commas, NaN, …).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from orville_case.core.errors import DataError, Problem
from orville_case.core.paths import dataset_dir
from orville_case.core.tables import Number, Table, read_table

DATASET = "rehab_lbusd"
COUNTS = ("students", "ell", "low_income")


#: Costs of one project and counts of one school's students are far below these bounds (the
#: whole LBUSD programme is about $81.5 M, the district about 70,000 students); values at or
#: above them are typing or unit errors.
MAX_COST = 1e10
MAX_STUDENTS = 1e7
_COST = Number("money", blank=True, below=MAX_COST, why="costs are in USD; check the units")
_COUNT = Number("whole", blank=True, below=MAX_STUDENTS, why="check the units")


def _read(path: Path, required: list[str], numeric: dict | None = None) -> Table:
    table = read_table(path, required=required, numeric=numeric,
                       fix=f"restore it from the course's data/{DATASET}/ folder")
    table.raise_problems()
    return table


def load_importance(path: Path | None = None) -> pd.DataFrame:
    """Category weights (Noureddine's AHP factors, thesis Table 5), indexed by category key.

    Each weight is a share in (0, 1].
    """
    path = path or dataset_dir(DATASET) / "importance.csv"
    table = _read(path, ["category", "label", "importance"],
                  {"importance": Number("share", positive=True)})
    table.keys("category")
    table.raise_problems()
    return table.frame().set_index("category")


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

    Costs are amounts in USD, student counts whole numbers; a blank cell is *unknown*. Every
    problem found (missing column, unknown category column, non-numeric or negative value,
    duplicate school, more ELL/low-income students than students) is reported, one line each.
    """
    importance = load_importance() if importance is None else importance
    path = path or dataset_dir(DATASET) / "projects.csv"
    categories = list(importance.index)
    numeric = {**dict.fromkeys(categories, _COST), **dict.fromkeys(COUNTS, _COUNT)}
    table = read_table(path, required=["school", *categories, *COUNTS], numeric=numeric,
                       fix=f"restore it from the course's data/{DATASET}/ folder")
    known = {"no", "school", *categories, *COUNTS}
    for c in table.columns:
        if c not in known:
            table.problem(f"unknown category column (known: {', '.join(categories)})", 1, c,
                          "rename it or add the category to importance.csv")
    table.raise_problems()
    table.keys("school")
    frame = table.frame()
    for c in ("ell", "low_income"):
        for n in frame.index[frame[c] > frame["students"]]:
            table.problem(f"{frame.at[n, c]:g} exceeds the {frame.at[n, 'students']:g} students",
                          n, c, f"{c} counts students of the school: at most its students")
    table.raise_problems()
    schools = frame[["school", *categories, *COUNTS]].reset_index(drop=True)
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
        raise DataError(Problem(f"unknown published table '{which}'",
                                fix=f"use one of {sorted(files)}"))
    categories = list(load_importance().index)
    table = _read(dataset_dir(DATASET) / files[which], ["school", *categories],
                  dict.fromkeys(categories, _COST))
    return table.frame()[["school", *categories]].reset_index(drop=True)


def load_published_results() -> pd.Series:
    """Scalar figures reported in the thesis (``published_results.csv``), by quantity name."""
    table = _read(dataset_dir(DATASET) / "published_results.csv", ["quantity", "value"],
                  {"value": "real"})
    table.keys("quantity")
    table.raise_problems()
    return table.frame().set_index("quantity")["value"]


def load_knapsack_example() -> tuple[pd.DataFrame, np.ndarray]:
    """The thesis's 4-item example: items (Table 2) and its DP matrix V[i, w] (Table 4)."""
    folder = dataset_dir(DATASET)
    items = _read(folder / "knapsack_example.csv", ["item", "value", "weight"],
                  dict.fromkeys(["item", "value", "weight"], "whole"))
    path = folder / "knapsack_example_table4.csv"
    weights = [c for c in _read(path, ["i"]).columns if c != "i"]  # w0 … w_capacity
    table = _read(path, ["i", *weights], dict.fromkeys(weights, "whole"))
    return (items.frame().astype(int).reset_index(drop=True),
            table.frame()[weights].to_numpy(dtype=int))
