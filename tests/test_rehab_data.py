"""The shipped LBUSD data (thesis Tables 10-12) and the loader's validation messages."""

import numpy as np
import pytest

from orville_case.core.errors import DataError
from orville_case.core.paths import dataset_dir
from orville_case.rehab.data import (
    load_importance,
    load_projects,
    load_published,
    load_published_results,
)

SHIPPED = dataset_dir("rehab_lbusd") / "projects.csv"


def test_table10_has_87_schools_and_marshall_is_partly_unknown():
    data = load_projects()
    assert len(data.schools) == 87
    marshall = data.schools.set_index("school").loc["Marshall Academy Of The Arts"]
    assert marshall[["structure", "shell", "interiors", "services", "special"]].tolist() == [
        400000, 80000, 100000, 130000, 30000]
    assert marshall[["equipment", "students", "ell", "low_income"]].isna().all()
    complete = data.schools.drop(index=57)
    assert complete.notna().all().all(), "only row 58 may have unknown cells"


def test_marshall_projects_are_excluded_with_a_reason():
    projects = load_projects().projects()
    out = projects[~projects["usable"]]
    assert set(out["school"]) == {"Marshall Academy Of The Arts"} and len(out) == 6
    assert out["reason"].str.contains("unknown").all()
    assert projects["usable"].sum() == 86 * 6


def test_importance_is_table5_and_sums_to_one():
    weights = load_importance()["importance"]
    assert list(weights.index) == ["structure", "shell", "interiors", "services", "equipment",
                                   "special"]
    assert weights.sum() == pytest.approx(1.0, abs=1e-3)


def test_table12_spends_exactly_the_published_dp_budget():
    """Cross-check of the transcription and of Marshall's recovered costs (incl. $30k special)."""
    spent = load_published("dp").drop(columns="school").to_numpy().sum()
    assert spent == load_published_results()["dp_budget_used"]


def test_table11_legible_cells_leave_room_for_the_illegible_ones():
    table = load_published("ga").drop(columns="school")
    assert table.isna().sum().sum() == 8  # Addams x3, Marshall x5
    assert table.to_numpy()[~np.isnan(table.to_numpy())].sum() <= load_published_results()[
        "ga_budget_used"]


@pytest.mark.parametrize("which", ["ga", "dp"])
def test_published_tables_fund_projects_at_their_table10_cost(which):
    costs = load_projects().schools[load_importance().index].to_numpy()
    published = load_published(which).drop(columns="school").to_numpy()
    funded = np.nan_to_num(published) > 0
    assert np.array_equal(published[funded], costs[funded])


def _write(tmp_path, edit):
    lines = SHIPPED.read_text().splitlines()
    lines = edit(lines)
    path = tmp_path / "projects.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def _replace_cell(row, column, value):
    def edit(lines):
        header = lines[0].split(",")
        cells = lines[row - 1].split(",")
        cells[header.index(column)] = value
        lines[row - 1] = ",".join(cells)
        return lines
    return edit


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda lines: [lines[0].replace(",ell,", ",learners,")] + lines[1:],
         ["projects.csv, row 1, field 'ell': missing column",
          "projects.csv, row 1, field 'learners': unknown category column"]),
        (_replace_cell(5, "shell", "abc"), ["projects.csv, row 5, field 'shell': 'abc' is not"]),
        (_replace_cell(7, "services", "-1000"), ["projects.csv, row 7, field 'services': -1000"]),
        (_replace_cell(9, "school", "Addams Elementary"),
         ["projects.csv, row 9, field 'school': duplicate school 'Addams Elementary' (first at "
          "row 2)"]),
        (_replace_cell(3, "ell", "5000"), ["projects.csv, row 3, field 'ell': 5000 exceeds"]),
        (_replace_cell(6, "interiors", '"1,5"'),
         ["row 6, field 'interiors': '1,5' has a decimal comma (fix: use a dot"]),
        (_replace_cell(6, "students", "$400"),
         ["row 6, field 'students': '$400' is not a whole number (fix: write it without '$'"]),
        (_replace_cell(4, "students", "12.5"), ["row 4, field 'students': '12.5' is not a whole"]),
    ],
)
def test_validation_names_file_row_and_field(tmp_path, edit, expected):
    with pytest.raises(DataError) as err:
        load_projects(_write(tmp_path, edit))
    messages = [str(p) for p in err.value.problems]
    for text in expected:
        assert any(text in m for m in messages), (text, messages)
    assert all("\n" not in m for m in messages)


def test_missing_file_is_a_one_line_error(tmp_path):
    with pytest.raises(DataError, match="file not found"):
        load_projects(tmp_path / "nope.csv")


def test_dollar_signs_and_thousands_separators_are_accepted(tmp_path):
    data = load_projects(_write(tmp_path, _replace_cell(2, "shell", '"$120,000"')))
    assert data.schools.loc[0, "shell"] == 120000


def test_header_case_and_crlf_do_not_matter(tmp_path):
    path = _write(tmp_path, lambda lines: [lines[0].upper()] + lines[1:])
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert load_projects(path).schools.equals(load_projects().schools)
