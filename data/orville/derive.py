"""Derive the ORville case data (zones.csv, schools.csv, distances.csv) from the gathered facts.

Run ``python data/orville/derive.py`` to rebuild; ``tests/test_orville_data.py`` checks that the
shipped CSVs equal what this script derives, so every estimate is reproducible. The methods are
explained in README.md next to this file:

* b_i (grade 3+4 cohort) = round(share × round(enroll_2016_17 × G)), G = 10,349 / 9,864 the
  district's enrollment growth 2016-17 → fall 2021; share = 2/5 for K-4 campuses, 2/7 for K-6.
* c_i (economically disadvantaged) = b_i × ed_share, a real number as the case defines it (§2.2),
  NOT rounded to a whole student. Where ed_share is MISSING, the zones share one residual rate
  chosen so the cohort-weighted district rate equals 37.3 % (2018-19). The known shares have at
  most :data:`DECIMALS` decimals, so their c_i are exact at that precision; the residual rate has
  infinitely many, so every c_i is written with at most :data:`DECIMALS` decimals.
* minority_i = round(b_i × minority_share_i, 1), the shares ESTIMATED in facts_minority.csv
  (written by derive_minority.py; see README.md).
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
GROWTH = 10_349 / 9_864  # district enrollment Oct 2021 / 2016-17 (both SOURCED)
DISTRICT_ED_SHARE = 0.373  # district FRL share 2018-19 (SOURCED)
COHORT_SHARE = {"K-4": 2 / 5, "K-6": 2 / 7}  # grades 3 and 4 out of the campus's grades
DECIMALS = 4  # precision of c_i in zones.csv (the sourced shares have at most 4 decimals)


def _read(name: str) -> list[dict[str, str]]:
    with open(HERE / name, newline="") as f:
        return list(csv.DictReader(f))


def _write(name: str, header: list[str], rows: list[list]) -> None:
    with open(HERE / name, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def cohorts(facts: list[dict[str, str]]) -> dict[str, int]:
    """b_i for every zone."""
    return {
        r["zone"]: round(COHORT_SHARE[r["grades_2021_22"]]
                         * round(int(r["enroll_2016_17"]) * GROWTH))
        for r in facts
    }


def ed_shares(facts: list[dict[str, str]], b: dict[str, int]) -> dict[str, float]:
    """Economically disadvantaged share per zone, missing ones filled by the residual rate."""
    known = {r["zone"]: float(r["ed_share"]) for r in facts if r["ed_share"]}
    missing = [z for z in b if z not in known]
    target = DISTRICT_ED_SHARE * sum(b.values())
    residual = (target - sum(b[z] * s for z, s in known.items())) / sum(b[z] for z in missing)
    return {z: known.get(z, residual) for z in b}


def decimal(x: float) -> str:
    """``x`` rounded to :data:`DECIMALS` decimals, written without trailing zeros."""
    return f"{x:.{DECIMALS}f}".rstrip("0").rstrip(".")


def main() -> None:
    zones = _read("facts_zones.csv")
    b = cohorts(zones)
    share = ed_shares(zones, b)
    minority = {r["zone"]: float(r["minority_share"]) for r in _read("facts_minority.csv")}
    _write("zones.csv", ["zone", "students", "econ_disadv", "minority", "lat", "lon"],
           [[r["zone"], b[r["zone"]], decimal(b[r["zone"]] * share[r["zone"]]),
             round(b[r["zone"]] * minority[r["zone"]], 1), r["lat"], r["lon"]] for r in zones])
    schools = _read("facts_schools.csv")
    _write("schools.csv", ["school", "capacity", "lat", "lon"],
           [[s["school"], s["capacity"], s["lat"], s["lon"]] for s in schools])
    dist = _read("facts_distances.csv")
    _write("distances.csv", ["zone", "school", "miles"],
           [[r["zone"], s["school"], r[s["school"]]] for r in dist for s in schools])


if __name__ == "__main__":
    main()
