"""Re-create the CSVs of this folder from the thesis's text (Haghighat 2015, Tables 10-12).

    python data/rehab_lbusd/transcribe.py PATH/TO/003_a0b933966ba0eded.txt

The text is the PDF's text layer: one table row per line, cells separated by tabs. Rows that the
text layer garbled are listed in ``REPAIRS`` with the evidence for every value we fill in; cells we
cannot recover stay blank (= unknown) in the CSV. Nothing else is edited by hand.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATEGORIES = ["structure", "shell", "interiors", "services", "equipment", "special"]
COUNTS = ["students", "ell", "low_income"]
# (first line, last line) of each table in the seed text, 1-based inclusive.
TABLES = {
    "projects.csv": (871, 1003),
    "published_ga_table11.csv": (1006, 1128),
    "published_dp_table12.csv": (1153, 1261),
}
_ROW_NUMBER = re.compile(r"^(?:\D{0,12}\s)?(\d{1,2})$")

# Garbled rows: (file, school number) -> cells. None = unreadable, left blank.
REPAIRS: dict[tuple[str, int], dict[str, object]] = {
    # Table 10 row 58: the text layer kept structure/shell/interiors/services; the equipment cell
    # reads "6000" fused with the header (unreadable); special construction is empty but Table 12
    # funds Marshall's special-construction project at $30,000, so that is its cost. The three
    # student counts are lost and cannot be recovered from anything in the thesis.
    ("projects.csv", 58): {
        "school": "Marshall Academy Of The Arts",
        "structure": 400000, "shell": 80000, "interiors": 100000, "services": 130000,
        "equipment": None, "special": 30000, "students": None, "ell": None, "low_income": None,
    },
    # Table 11 row 1: only shell and interiors survive in the text layer; the text (section
    # "Comparison of the Two Methods") says the GA funds Addams's Equipment project ($110,000).
    ("published_ga_table11.csv", 1): {
        "school": "Addams Elementary", "structure": None, "shell": 120000, "interiors": 20000,
        "services": None, "equipment": 110000, "special": None,
    },
    # Table 11 row 46: the school name is split over two lines; the values are on the second.
    ("published_ga_table11.csv", 46): {
        "school": "Lafayette Elementary", "structure": 390000, "shell": 80000, "interiors": 30000,
        "services": 160000, "equipment": 10000, "special": 0,
    },
    # Table 11 row 58: only services ($130,000) is legible.
    ("published_ga_table11.csv", 58): {
        "school": "Marshall Academy Of The Arts", "structure": None, "shell": None,
        "interiors": None, "services": 130000, "equipment": None, "special": None,
    },
}

# Table 12 rows 34-35: the two-line names "Hill Classical / Middle" and "Holmes / Elementary" were
# shifted by one line in the text layer ("Middle Holmes", "Elementary"); the costs are intact.
NAME_SHIFTS = {("published_dp_table12.csv", 34): "Hill Classical Middle",
               ("published_dp_table12.csv", 35): "Holmes Elementary"}


def _number(cell: str) -> int:
    return int(cell.replace("\\", "").replace("$", "").replace(",", ""))


def parse_table(lines: list[str], name: str) -> dict[int, dict[str, object]]:
    """Rows ``number -> {school, costs..., [counts...]}`` of one table; repairs applied."""
    first, last = TABLES[name]
    width = len(CATEGORIES) + (len(COUNTS) if name == "projects.csv" else 0)
    rows: dict[int, dict[str, object]] = {}
    for line in lines[first - 1 : last]:
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        numbered = [i for i, c in enumerate(cells[:2]) if _ROW_NUMBER.match(c)]
        if not numbered or len(cells) < numbered[0] + 2 + width:
            continue
        i = numbered[0]
        values = cells[i + 2 : i + 2 + width]
        if not all(re.fullmatch(r"\\?\$?[\d,]+", v) for v in values):
            continue
        number = int(_ROW_NUMBER.match(cells[i]).group(1))
        fields = CATEGORIES + (COUNTS if width > len(CATEGORIES) else [])
        numbers = dict(zip(fields, map(_number, values), strict=True))
        rows[number] = {"school": cells[i + 1], **numbers}
    for (file, number), cells in REPAIRS.items():
        if file == name:
            rows[number] = dict(cells)
    for (file, number), school in NAME_SHIFTS.items():
        if file == name:
            rows[number]["school"] = school
    missing = sorted(set(range(1, 88)) - set(rows))
    if missing:
        raise SystemExit(f"{name}: rows {missing} not found; update TABLES or REPAIRS")
    return rows


def _key(school: str) -> str:
    return re.sub(r"-\s+", "-", school).lower()


def use_table10_names(rows: dict, projects: dict, name: str) -> None:
    """Published tables split long names over lines ("Cubberley K-"); use Table 10's names."""
    for number, row in rows.items():
        short, full = _key(str(row["school"])), _key(str(projects[number]["school"]))
        if not full.startswith(short):
            raise SystemExit(f"{name}: row {number} is {row['school']!r}, Table 10 has "
                             f"{projects[number]['school']!r}")
        row["school"] = projects[number]["school"]


def write(name: str, rows: dict[int, dict[str, object]]) -> None:
    fields = ["no", "school", *CATEGORIES] + (COUNTS if name == "projects.csv" else [])
    with open(HERE / name, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(fields)
        for number in sorted(rows):
            row = rows[number]
            out.writerow([number] + ["" if row[k] is None else row[k] for k in fields[1:]])


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    lines = Path(argv[0]).read_text().splitlines()
    projects = parse_table(lines, "projects.csv")
    for project in projects.values():
        project["school"] = re.sub(r"-\s+", "-", str(project["school"]))
    for name in TABLES:
        rows = projects if name == "projects.csv" else parse_table(lines, name)
        use_table10_names(rows, projects, name)
        write(name, rows)
        print(f"wrote {HERE / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
