"""MSD data: the shipped ESTIMATED Alameda set, validation errors, the portal loader, synthetic."""

from pathlib import Path

import numpy as np
import pytest

from orville_case.core.errors import DataError
from orville_case.core.paths import dataset_dir
from orville_case.msd.data import RACES, load_msd, load_portal, synthetic, write_msd

PORTAL = Path(__file__).parent / "fixtures" / "portal"


def test_shipped_alameda():
    data = load_msd()
    assert data.n == 17 and "Oakland Unified" in data.districts
    assert np.array_equal(data.adjacency, data.adjacency.T) and not data.adjacency.diagonal().any()
    assert np.allclose(data.race.sum(axis=1), 1)
    assert data.neighbours("Piedmont City Unified") == ["Oakland Unified"]
    assert data.adjacency.sum() // 2 == 28
    assert (data.frpm > 0).all() and (data.frpm < 1).all()


def test_readme_labels_every_column():
    text = (dataset_dir("msd_alameda") / "README.md").read_text()
    header = (dataset_dir("msd_alameda") / "districts.csv").read_text().splitlines()[0]
    for column in header.split(",") + ["district_a", "district_b", "confidence"]:
        assert f"`{column}`" in text, column
    assert text.count("ESTIMATED") >= 8


def test_min_confidence_drops_uncertain_borders():
    high = load_msd(min_confidence="H")
    assert high.adjacency.sum() < load_msd().adjacency.sum()
    assert not high.adjacency[high.districts.index("Oakland Unified"),
                              high.districts.index("Alameda Unified")]


def _copy(tmp_path, districts=None, adjacency=None):
    src = dataset_dir("msd_alameda")
    folder = tmp_path / "d"
    folder.mkdir(parents=True)
    (folder / "districts.csv").write_text(districts or (src / "districts.csv").read_text())
    (folder / "adjacency.csv").write_text(adjacency or (src / "adjacency.csv").read_text())
    return folder


def test_errors_name_file_row_field(tmp_path):
    text = (dataset_dir("msd_alameda") / "districts.csv").read_text().splitlines()
    text[3] = text[3].replace(",9800,", ",lots,")  # Berkeley enrollment
    with pytest.raises(DataError) as err:
        load_msd(_copy(tmp_path, districts="\n".join(text)))
    assert str(err.value) == ("districts.csv, row 4, field 'enrollment': 'lots' is not a whole "
                              "number (fix: write a whole number > 0)")


def test_unknown_adjacency_name(tmp_path):
    folder = _copy(tmp_path, adjacency="district_a,district_b\nOakland Unified,Atlantis\n")
    with pytest.raises(DataError, match="adjacency.csv, row 2, field 'district_b': unknown"):
        load_msd(folder)


def test_missing_column(tmp_path):
    folder = _copy(tmp_path, districts="district,enrollment\nA,1\n")
    with pytest.raises(DataError, match="field 'teachers': missing column"):
        load_msd(folder)


def test_write_read_round_trip(tmp_path):
    data = load_msd()
    again = load_msd(write_msd(data, tmp_path / "copy"))
    assert again.districts == data.districts
    assert np.array_equal(again.adjacency, data.adjacency)
    assert np.allclose(again.race, data.race, atol=1e-3)
    assert np.allclose(again.frpm, data.frpm, atol=1e-3)


def test_portal_fixture_builds_the_dataset():
    data = load_portal(PORTAL, 6001, PORTAL / "adjacency.csv", name_contains="Unified")
    assert data.districts == ("North Unified", "Middle Unified", "South Unified")
    assert data.leaid == ("0600001", "0600002", "0600003")  # Excel-stripped zero restored
    assert list(data.students) == [1000, 2000, 500]  # grade 99, sex 99, race ≠ 99 only
    assert list(data.teachers) == [50, 80.5, 25]
    assert list(data.revenue) == [6e6, 8e6, 4.5e6]
    assert list(data.race.columns) == list(RACES)
    assert np.allclose(data.race.iloc[0], [0.5, 0.1, 0.2, 0.15, 0.05])
    assert np.isclose(data.race.loc["Middle Unified", "other"], 200 / 2000)  # 7 and 9 → other
    assert data.adjacency.sum() == 4 and not data.adjacency[0, 2]
    assert np.allclose(data.lat, [37.85, 37.75, 37.65])


def test_portal_filters_and_write(tmp_path):
    data = load_portal(PORTAL, "6001", PORTAL / "adjacency.csv")  # all regular districts
    assert "Hill Elementary" in data.districts
    assert "County Office of Education" not in data.districts  # agency_type 4
    assert "Elsewhere Unified" not in data.districts  # other county
    again = load_msd(write_msd(data, tmp_path / "county"))
    assert again.districts == data.districts and np.allclose(again.revenue, data.revenue)
    one = load_portal(PORTAL, 6001, PORTAL / "adjacency.csv", leaids=["600002", "0600003"])
    assert one.districts == ("Middle Unified", "South Unified")


def test_portal_missing_values_are_errors(tmp_path):
    for name in ("directory.csv", "enrollment_race.csv", "adjacency.csv"):
        (tmp_path / name).write_text((PORTAL / name).read_text())
    (tmp_path / "finance.csv").write_text(
        (PORTAL / "finance.csv").read_text().replace("8000000,27000000", "-3,27000000"))
    with pytest.raises(DataError, match="finance.csv, row 3, field 'rev_local_total': -3 is a "
                                        "portal code for a missing value"):
        load_portal(tmp_path, 6001, tmp_path / "adjacency.csv", name_contains="Unified")
    with pytest.raises(DataError, match="no district of county 9999"):
        load_portal(tmp_path, 9999, tmp_path / "adjacency.csv")


@pytest.mark.parametrize("n", [2, 7, 40])
def test_synthetic(n):
    data = synthetic(n, seed=3)
    assert data.n == n and np.array_equal(data.adjacency, data.adjacency.T)
    assert data.adjacency.any(axis=1).all() and np.allclose(data.race.sum(axis=1), 1)
    assert np.array_equal(synthetic(n, seed=3).students, data.students)


def test_datasets_that_cannot_be_solved_are_refused(tmp_path):
    src = (dataset_dir("msd_alameda") / "districts.csv").read_text().splitlines()
    cases = [
        ({"districts": " "}, "districts.csv: file is empty (fix: add a header row: district,"),
        ({"districts": "\n".join(src[:2])}, "districts.csv: 1 district(s): moving students "
                                            "needs at least two"),
        ({"adjacency": "district_a,district_b\n"}, "adjacency.csv: no two districts border "
                                                    "each other: no student can move"),
        ({"districts": "\n".join([src[0], src[1].replace(",56000000,", ",1e300,"), *src[2:]])},
         "districts.csv, row 2, field 'local_revenue': 1e300 is too large"),
        ({"districts": "\n".join([src[0], src[1].replace(",56000000,", ",nan,"), *src[2:]])},
         "districts.csv, row 2, field 'local_revenue': 'nan' is not an amount in dollars"),
    ]
    for k, (files, says) in enumerate(cases):
        with pytest.raises(DataError) as err:
            load_msd(_copy(tmp_path / str(k), **files))
        assert str(err.value).startswith(says), str(err.value)
