"""Every validation problem gives one clear message naming file, row and field."""

import pytest

from orville_case.core.errors import DataError
from orville_case.zoning.data import load_district

from .conftest import SMALL_DISTANCES, SMALL_SCHOOLS, SMALL_ZONES, write_dataset


def _problems(tmp_path, zones=SMALL_ZONES, schools=SMALL_SCHOOLS, distances=SMALL_DISTANCES):
    with pytest.raises(DataError) as info:
        load_district(write_dataset(tmp_path / "d", zones, schools, distances))
    return [str(p) for p in info.value.problems]


def test_small_dataset_loads(tmp_path):
    d = load_district(write_dataset(tmp_path / "d", SMALL_ZONES, SMALL_SCHOOLS, SMALL_DISTANCES))
    assert d.zones == ("A", "B", "C") and d.schools == ("X", "Y")
    assert d.miles["C", "Y"] == 2.5 and d.students["B"] == 20 and d.capacity["X"] == 40


def test_missing_file(tmp_path):
    folder = write_dataset(tmp_path / "d", SMALL_ZONES, SMALL_SCHOOLS, SMALL_DISTANCES)
    (folder / "schools.csv").unlink()
    with pytest.raises(DataError, match=r"^schools.csv: file not found"):
        load_district(folder)


def test_missing_folder(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        load_district(tmp_path / "nowhere")


def test_missing_column(tmp_path):
    [msg] = _problems(tmp_path, zones="zone,students\nA,10")
    assert msg == ("zones.csv, row 1, field 'econ_disadv': missing column (fix: add a "
                   "'econ_disadv' column to the header (found: zone, students))")


@pytest.mark.parametrize("value, says", [("abc", "'abc' is not a whole number"),
                                         ("12.5", "'12.5' is not a whole number"),
                                         ("", "blank cell"),
                                         ('"3,4"', "'3,4' has a decimal comma"),
                                         ("1_0", "'1_0' is not a whole number"),
                                         ("nan", "'nan' is not a whole number"),
                                         ("1e7", "1e7 is too large"),
                                         ("-3", "-3 is negative")])
def test_bad_numbers(tmp_path, value, says):
    [msg] = _problems(tmp_path, zones=SMALL_ZONES.replace("B,20,2", f"B,{value},2"))
    assert msg.startswith(f"zones.csv, row 3, field 'students': {says}")
    assert "fix:" in msg


def test_negative_capacity(tmp_path):
    [msg] = _problems(tmp_path, schools="school,capacity\nX,40\nY,-40")
    assert msg.startswith("schools.csv, row 3, field 'capacity': -40 is negative")


def test_non_numeric_distance(tmp_path):
    [msg] = _problems(tmp_path, distances=SMALL_DISTANCES.replace("C,Y,2.5", "C,Y,far"))
    assert msg.startswith("distances.csv, row 7, field 'miles': 'far' is not a number")


def test_duplicate_ids(tmp_path):
    msgs = _problems(tmp_path, zones=SMALL_ZONES + "\nA,5,1")
    assert msgs == ["zones.csv, row 5, field 'zone': duplicate zone 'A' (first at row 2) "
                    "(fix: keep one row per zone)"]
    [msg] = _problems(tmp_path, distances=SMALL_DISTANCES + "\nA,X,9")
    assert msg.startswith("distances.csv, row 8, field 'school': duplicate pair ('A', 'X')")


def test_unknown_zone_or_school_in_distances(tmp_path):
    msgs = _problems(tmp_path, distances=SMALL_DISTANCES + "\nD,X,1\nA,Z,1")
    assert msgs[0].startswith("distances.csv, row 8, field 'zone': unknown zone 'D'")
    assert msgs[1].startswith("distances.csv, row 9, field 'school': unknown school 'Z'")


def test_missing_distance_pair(tmp_path):
    [msg] = _problems(tmp_path, distances=SMALL_DISTANCES.replace("B,Y,1\n", ""))
    assert msg.startswith("distances.csv: no distance for zone 'B' and school 'Y'")


def test_demand_above_capacity(tmp_path):
    [msg] = _problems(tmp_path, schools="school,capacity\nX,30\nY,20")
    assert "total demand 60 exceeds total capacity 50" in msg and msg.startswith("schools.csv")


def test_more_ed_than_students(tmp_path):
    [msg] = _problems(tmp_path, zones=SMALL_ZONES.replace("A,10,5", "A,10,11"))
    assert msg.startswith("zones.csv, field 'econ_disadv': zone 'A' has more ED students")


def test_ragged_row_and_every_problem_reported(tmp_path):
    msgs = _problems(tmp_path, zones=SMALL_ZONES.replace("A,10,5", "A,10") + "\nD,x,1",
                     schools="school,capacity\nX,-1\nY,40")
    assert msgs[0].startswith("zones.csv, row 2: expected 3 values, found 2")
    assert msgs[1].startswith("zones.csv, row 5, field 'students'")
    assert msgs[2].startswith("schools.csv, row 2, field 'capacity'")


def test_headers_are_case_and_space_insensitive_and_bom_ok(tmp_path):
    folder = write_dataset(tmp_path / "d", SMALL_ZONES.replace("zone,students", " Zone , STUDENTS"),
                           SMALL_SCHOOLS, SMALL_DISTANCES)
    raw = (folder / "schools.csv").read_bytes()
    (folder / "schools.csv").write_bytes(b"\xef\xbb\xbf" + raw)
    assert load_district(folder).zones == ("A", "B", "C")


def test_not_utf8(tmp_path):
    folder = write_dataset(tmp_path / "d", SMALL_ZONES, SMALL_SCHOOLS, SMALL_DISTANCES)
    (folder / "zones.csv").write_bytes("zone,students,econ_disadv\n\xe9,1,1\n".encode("latin-1"))
    with pytest.raises(DataError, match=r"zones.csv, row 2: is not UTF-8 text \(byte 0xe9\)"):
        load_district(folder)


def test_real_valued_econ_disadv_and_optional_minority(tmp_path):
    zones = "zone,students,econ_disadv,minority\nA,10,5.25,3.5\nB,20,0.3333,20\nC,30,9,0"
    d = load_district(write_dataset(tmp_path / "d", zones, SMALL_SCHOOLS, SMALL_DISTANCES))
    assert d.econ_disadv == {"A": 5.25, "B": 0.3333, "C": 9.0}
    assert d.minority == {"A": 3.5, "B": 20.0, "C": 0.0}
    assert load_district(write_dataset(tmp_path / "e", SMALL_ZONES, SMALL_SCHOOLS,
                                       SMALL_DISTANCES)).minority == {}


def test_minority_and_econ_disadv_between_0_and_students(tmp_path):
    [msg] = _problems(tmp_path, zones="zone,students,econ_disadv,minority\nA,10,1,3\n"
                                      "B,20,2,2\nC,30,9,")
    assert msg == "zones.csv, row 4, field 'minority': blank cell (fix: write a number ≥ 0)"
    msgs = _problems(tmp_path, zones="zone,students,econ_disadv,minority\nA,10,10.5,3\n"
                                     "B,20,2,20.01\nC,30,9,0")
    assert msgs == [
        "zones.csv, field 'minority': zone 'B' has 20.01 minority students of 20 "
        "(fix: 0 ≤ minority ≤ students)",
        "zones.csv, field 'econ_disadv': zone 'A' has more ED students (10.5) than students (10) "
        "(fix: 0 ≤ econ_disadv ≤ students)",
    ]


@pytest.mark.parametrize(("file", "old", "new", "says"), [
    ("distances", "C,Y,2.5", "C,Y,1e25", "distances.csv, row 7, field 'miles': 1e25 is too large"),
    ("distances", "C,Y,2.5", 'C,Y,"2,5"', "distances.csv, row 7, field 'miles': '2,5' has a "
                                          "decimal comma (fix: use a dot as decimal separator"),
    ("zones", "B,20,2", "B,10000000,2",
     "zones.csv, row 3, field 'students': 10000000 is too large"),
    ("schools", "Y,40", "Y,1e7", "schools.csv, row 3, field 'capacity': 1e7 is too large"),
])
def test_magnitudes_that_break_exact_arithmetic_are_refused(tmp_path, file, old, new, says):
    texts = {"zones": SMALL_ZONES, "schools": SMALL_SCHOOLS, "distances": SMALL_DISTANCES}
    texts[file] = texts[file].replace(old, new)
    msgs = _problems(tmp_path, **texts)
    assert msgs[0].startswith(says), msgs
