"""Estimate each ORville zone's share of racial/ethnic-minority students (``facts_minority.csv``).

No public per-school race figures for 2021-22 were found while gathering the data (see README.md),
so every share here is **ESTIMATED** by one stated rule, and a test checks that the shipped
``facts_minority.csv`` equals what this script derives:

    m_i = clip(M + β · (s_i − S), 0, 1)

* s_i — the zone's economically disadvantaged share as ``derive.py`` uses it (SOURCED, WEAK or the
  residual rate; see README.md), S = 0.373 its cohort-weighted district mean;
* M = 0.40 — ASSUMED district minority share (an order of magnitude for the district, NOT read in
  a source: replace it with NCES CCD 2021-22 race counts for LEAID 0506120);
* β = 0.6 — ASSUMED slope: a zone's minority share moves 0.6 point per point of its ED share, the
  positive association the case describes (school zones mirror segregated neighbourhoods) without
  claiming its strength.

Because Σ_i b_i s_i = S Σ_i b_i, the cohort-weighted mean of m_i is M (when no clipping occurs).
``derive.py`` then writes minority_i = b_i · m_i (students, one decimal) into ``zones.csv``.
Run: ``python data/orville/derive_minority.py``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from derive import DISTRICT_ED_SHARE, cohorts, ed_shares  # noqa: E402  (one rule for s_i)

DISTRICT_MINORITY_SHARE = 0.40  # M, ASSUMED (see module docstring)
SLOPE = 0.6  # β, ASSUMED
STATUS = ("ESTIMATED (m = 0.40 + 0.6 x (ED share - 0.373); ED share {ed}; "
          "M and the slope ASSUMED, no per-school race figure found)")


def minority_shares(facts: list[dict[str, str]]) -> dict[str, float]:
    """m_i per zone (rounded to 3 decimals) from the ED shares of ``derive.ed_shares``."""
    s = ed_shares(facts, cohorts(facts))
    return {z: round(min(1.0, max(0.0, DISTRICT_MINORITY_SHARE
                                  + SLOPE * (share - DISTRICT_ED_SHARE))), 3)
            for z, share in s.items()}


def rows(facts: list[dict[str, str]]) -> list[list[str]]:
    """The rows of ``facts_minority.csv``: zone, m_i, and its status naming the ED share's."""
    m = minority_shares(facts)
    ed_status = {r["zone"]: (r["ed_share_status"].split(" ")[0] if r["ed_share"]
                             else "the residual rate") for r in facts}
    return [[z, f"{m[z]:.3f}", STATUS.format(ed=ed_status[z])] for z in m]


def main() -> None:
    with open(HERE / "facts_zones.csv", newline="") as f:
        facts = list(csv.DictReader(f))
    with open(HERE / "facts_minority.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["zone", "minority_share", "minority_status"])
        w.writerows(rows(facts))


if __name__ == "__main__":
    main()
