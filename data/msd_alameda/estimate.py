"""Write the ESTIMATED Alameda County MSD dataset (districts.csv, adjacency.csv) in this folder.

The exact 2018-19 NCES CCD figures the poster used were not available when the course was built
(no internet access; see README.md). Every number below is therefore an ESTIMATE: a rounded
figure consistent with each district's public profile (size, demographic make-up, staffing,
local funding) as the course authors know it, anchored where possible on the scattered
other-year facts listed in README.md. They are good enough to teach the model; they are not the
poster's data. Replace them with the real figures by ``orville_case.msd.data.load_portal``.

Run ``python data/msd_alameda/estimate.py`` to regenerate the CSVs from the table below:
counts are derived from the rounded inputs (race counts = enrollment × share, the last group
takes the rounding remainder; teachers = enrollment / pupil-teacher ratio; local revenue =
enrollment × local revenue per student).
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
RACES = ("white", "black", "hispanic", "asian", "other")

# district, NCES LEAID (blank = not found), approx. centre lat/lon, enrollment,
# % white/black/hispanic/asian/other, pupil/teacher ratio, local revenue per student (USD),
# % eligible for free or reduced-price meals (FRPM)
ASSUMPTIONS = [
    ("Alameda Unified", "0601770", 37.765, -122.255, 11200, (29, 8, 15, 35, 13), 20.5, 5000, 30),
    ("Albany Unified", "", 37.890, -122.298, 3700, (35, 4, 14, 31, 16), 19.0, 7000, 25),
    ("Berkeley Unified", "0604740", 37.870, -122.270, 9800, (38, 15, 22, 8, 17), 17.5, 9000, 31),
    ("Castro Valley Unified", "", 37.700, -122.060, 9300, (28, 7, 23, 29, 13), 22.5, 3500, 28),
    ("Dublin Unified", "", 37.715, -121.910, 12000, (21, 4, 10, 56, 9), 23.0, 5500, 12),
    ("Emery Unified", "", 37.835, -122.288, 750, (8, 45, 30, 7, 10), 16.0, 14000, 80),
    ("Fremont Unified", "", 37.535, -121.975, 35000, (12, 2, 11, 68, 7), 24.0, 3500, 20),
    ("Hayward Unified", "", 37.650, -122.070, 20500, (6, 10, 64, 13, 7), 21.0, 3500, 75),
    ("Livermore Valley Joint Unified", "", 37.680, -121.770, 13600, (53, 2, 33, 7, 5), 23.0,
     4500, 30),
    ("New Haven Unified", "", 37.595, -122.030, 11000, (8, 6, 45, 35, 6), 22.0, 3500, 50),
    ("Newark Unified", "", 37.530, -122.035, 6000, (14, 4, 48, 28, 6), 22.0, 4000, 50),
    ("Oakland Unified", "", 37.800, -122.200, 37000, (11, 24, 46, 13, 6), 19.0, 5500, 73),
    ("Piedmont City Unified", "0630330", 37.825, -122.232, 2600, (63, 2, 6, 19, 10), 17.5,
     14500, 3),
    ("Pleasanton Unified", "", 37.660, -121.875, 14900, (39, 2, 11, 40, 8), 22.5, 5000, 10),
    ("San Leandro Unified", "", 37.720, -122.155, 8800, (7, 15, 45, 26, 7), 22.0, 3500, 62),
    ("San Lorenzo Unified", "", 37.680, -122.125, 11000, (6, 11, 58, 18, 7), 22.0, 3000, 70),
    ("Sunol Glen Unified", "", 37.595, -121.885, 270, (70, 1, 14, 8, 7), 17.0, 15000, 8),
]

# Shared land borders judged from geography (H high, M medium, L low confidence); see README.md.
ADJACENCY = [
    ("Albany Unified", "Berkeley Unified", "H"), ("Berkeley Unified", "Emery Unified", "H"),
    ("Berkeley Unified", "Oakland Unified", "H"), ("Emery Unified", "Oakland Unified", "H"),
    ("Piedmont City Unified", "Oakland Unified", "H"), ("Alameda Unified", "Oakland Unified", "M"),
    ("Oakland Unified", "San Leandro Unified", "H"),
    ("Oakland Unified", "Castro Valley Unified", "L"),
    ("San Leandro Unified", "San Lorenzo Unified", "H"),
    ("San Leandro Unified", "Castro Valley Unified", "H"),
    ("San Lorenzo Unified", "Castro Valley Unified", "H"),
    ("San Lorenzo Unified", "Hayward Unified", "H"),
    ("Castro Valley Unified", "Hayward Unified", "H"),
    ("Hayward Unified", "New Haven Unified", "H"), ("New Haven Unified", "Fremont Unified", "H"),
    ("Newark Unified", "Fremont Unified", "H"), ("Newark Unified", "New Haven Unified", "L"),
    ("Fremont Unified", "Sunol Glen Unified", "M"), ("Fremont Unified", "Hayward Unified", "L"),
    ("Sunol Glen Unified", "Pleasanton Unified", "H"),
    ("Sunol Glen Unified", "Livermore Valley Joint Unified", "M"),
    ("Pleasanton Unified", "Dublin Unified", "H"),
    ("Pleasanton Unified", "Livermore Valley Joint Unified", "H"),
    ("Dublin Unified", "Livermore Valley Joint Unified", "H"),
    ("Dublin Unified", "Castro Valley Unified", "L"),
    ("Castro Valley Unified", "Pleasanton Unified", "L"),
    ("Hayward Unified", "Sunol Glen Unified", "L"),
    ("Fremont Unified", "Livermore Valley Joint Unified", "L"),
]


def district_rows() -> list[dict]:
    rows = []
    for name, leaid, lat, lon, enroll, pct, ratio, rev, frpm in ASSUMPTIONS:
        assert sum(pct) == 100, name
        counts = [round(enroll * s / 100) for s in pct[:-1]]
        counts.append(enroll - sum(counts))
        rows.append({"district": name, "leaid": leaid, "lat": lat, "lon": lon,
                     "enrollment": enroll, "teachers": round(enroll / ratio, 1),
                     "local_revenue": enroll * rev, **dict(zip(RACES, counts, strict=True)),
                     "frpm": round(enroll * frpm / 100)})
    return rows


def write() -> None:
    rows = district_rows()
    with open(HERE / "districts.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with open(HERE / "adjacency.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["district_a", "district_b", "confidence"])
        writer.writerows(ADJACENCY)


if __name__ == "__main__":
    write()
