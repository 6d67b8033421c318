"""The shipped ORville data: reproducible from its facts, documented column by column."""

import runpy
import shutil

from orville_case.core.paths import dataset_dir

ORVILLE = dataset_dir("orville")
DERIVED = ("zones.csv", "schools.csv", "distances.csv")


def test_derived_csvs_match_the_derivation_script(tmp_path):
    work = tmp_path / "orville"
    shutil.copytree(ORVILLE, work)
    for name in DERIVED:
        (work / name).unlink()
    runpy.run_path(str(work / "derive.py"), run_name="__main__")
    for name in DERIVED:
        assert (work / name).read_text() == (ORVILLE / name).read_text(), name


def test_shape_of_the_case(orville):
    assert len(orville.zones) == 9 and len(orville.schools) == 3
    assert all(isinstance(v, int) for v in orville.students.values())
    # c_i = b_i × ED share is real-valued (issue 14): at most 4 decimals, 0 ≤ c_i ≤ b_i
    assert all(0 <= c <= orville.students[z] for z, c in orville.econ_disadv.items())
    assert all(round(c, 4) == c for c in orville.econ_disadv.values())
    assert any(c != round(c) for c in orville.econ_disadv.values())
    assert set(orville.zone_coords) == set(orville.zones)
    assert set(orville.school_coords) == set(orville.schools)


def test_readme_documents_every_column_of_every_csv():
    readme = (ORVILLE / "README.md").read_text()
    for csv_file in ORVILLE.glob("*.csv"):
        header = csv_file.read_text().splitlines()[0].split(",")
        for column in header:
            assert f"`{column}`" in readme, f"{csv_file.name}: column {column} undocumented"
    assert "SOURCED" in readme and "ESTIMATED" in readme
    assert "restricted" in readme and "reconstruction" in readme


def test_every_data_folder_has_a_readme():
    for folder in dataset_dir("orville").parent.iterdir():
        if folder.is_dir():
            assert (folder / "README.md").is_file(), f"{folder.name} has no README.md"
