"""Shared fixtures: the shipped ORville district and helpers to write small datasets."""

from __future__ import annotations

from pathlib import Path

import pytest

from orville_case.zoning.data import District, load_district


@pytest.fixture(scope="session")
def orville() -> District:
    return load_district()


def write_dataset(folder: Path, zones: str, schools: str, distances: str) -> Path:
    """Write a dataset folder from three CSV texts (leading whitespace per line removed)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("zones", zones), ("schools", schools), ("distances", distances)):
        lines = [ln.strip() for ln in text.strip().splitlines()]
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n")
    return folder


SMALL_ZONES = """zone,students,econ_disadv
A,10,5
B,20,2
C,30,9"""
SMALL_SCHOOLS = """school,capacity
X,40
Y,40"""
SMALL_DISTANCES = """zone,school,miles
A,X,1
A,Y,2
B,X,3
B,Y,1
C,X,2
C,Y,2.5"""


@pytest.fixture(scope="session")
def orville_front(orville):
    from orville_case.zoning import tradeoffs

    return tradeoffs.frontier(orville, quiet=True)
