"""The Excel export: live formulas (not cached numbers) that agree with plans.evaluate.

The workbook's formulas are evaluated by pycel (an independent Excel formula engine), with the
plan typed into the input cells, and compared with :func:`orville_case.zoning.plans.evaluate`.
"""

from __future__ import annotations

import numpy as np
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycel import ExcelCompiler

from orville_case.core.errors import OrvilleError
from orville_case.core.paths import dataset_dir
from orville_case.zoning import models
from orville_case.zoning.data import build_district, load_district
from orville_case.zoning.excel import cells, export_workbook
from orville_case.zoning.plans import evaluate, read_plan

from .conftest import SMALL_DISTANCES, SMALL_SCHOOLS, SMALL_ZONES, write_dataset


@pytest.fixture(scope="module")
def current():
    return read_plan(dataset_dir("orville") / "current_plan.csv")


@pytest.fixture(scope="module")
def book(orville, current, tmp_path_factory):
    return export_workbook(orville, current, tmp_path_factory.mktemp("xl") / "plan.xlsx")


@pytest.fixture(scope="module")
def engine(book):
    return ExcelCompiler(filename=str(book))


def spreadsheet_report(xl: ExcelCompiler, district, plan) -> dict:
    """Type ``plan`` into the input cells and read every result back."""
    at = cells(district)
    xl.evaluate(at.feasible)  # pycel knows a cell once a result that depends on it was evaluated
    for z in district.zones:  # a blank input is "" (pycel ignores set_value(cell, None))
        xl.set_value(at.school_of[z], plan.get(z) or "")
    return {
        "ewd": xl.evaluate(at.ewd), "range_ed": xl.evaluate(at.range_ed),
        "load": {s: xl.evaluate(a) for s, a in at.load.items()},
        "ed": {s: xl.evaluate(a) for s, a in at.ed.items()},
        "over": {s for s, a in at.status.items() if xl.evaluate(a) == "OVER"},
        "feasible": xl.evaluate(at.feasible), "assigned": xl.evaluate(at.assigned),
    }


def assert_agrees(got: dict, district, plan) -> None:
    want = evaluate(district, plan)
    assert got["ewd"] == pytest.approx(want.ewd)
    assert got["range_ed"] == pytest.approx(want.range_ed)  # real-valued c_i: sums may reorder
    assert got["load"] == want.load and got["ed"] == pytest.approx(want.ed)
    assert got["over"] == {s for s in district.schools if want.load[s] > want.capacity[s]}
    assert got["feasible"] == ("YES" if want.feasible else "NO")
    assert got["assigned"] == len(district.zones)


def test_results_are_formulas_not_cached_numbers(book, orville):
    at = cells(orville)
    formulas = openpyxl.load_workbook(book)
    cached = openpyxl.load_workbook(book, data_only=True)
    results = [at.ewd, at.range_ed, at.feasible, at.assigned, at.over,
               *at.load.values(), *at.ed.values(), *at.status.values()]
    for address in results:
        sheet, cell = address.split("!")
        assert str(formulas[sheet][cell].value).startswith("="), address
        assert cached[sheet][cell].value is None, f"{address} holds a cached constant"
    plan = formulas["plan"]
    assert "SUMPRODUCT" in plan[at.ewd.split("!")[1]].value
    assert "MAX" in plan[at.range_ed.split("!")[1]].value


def test_data_sheets_hold_the_district(book, orville):
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["plan", "zones", "schools", "distances"]
    dist = wb["distances"]
    assert [c.value for c in dist[1]][1:] == list(orville.schools)
    for r, z in enumerate(orville.zones, start=2):
        assert dist.cell(r, 1).value == z
        assert [dist.cell(r, k + 2).value for k in range(len(orville.schools))] == \
            [orville.miles[z, s] for s in orville.schools]
        assert [c.value for c in wb["zones"][r]] == \
            [z, orville.students[z], orville.econ_disadv[z]]
    assert [(r[0].value, r[1].value) for r in wb["schools"].iter_rows(min_row=2)] == \
        list(orville.capacity.items())


def test_dropdown_of_schools_on_every_input_cell(book, orville):
    ws = openpyxl.load_workbook(book)["plan"]
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and dv.formula1 == "=schools!$A$2:$A$4" and dv.showErrorMessage
    inputs = {cells(orville).school_of[z].split("!")[1] for z in orville.zones}
    assert inputs == {c.coordinate for rng in dv.sqref.ranges for row in ws[rng.coord] for c in row}


def test_exported_plan_is_evaluated_like_the_package(engine, orville, current):
    assert_agrees(spreadsheet_report(engine, orville, current), orville, current)


@pytest.mark.parametrize("model", [models.min_ewd_model, models.min_range_model])
def test_optimal_plans_agree(engine, orville, model):
    plan = models.solve_plan(model(orville))
    assert_agrees(spreadsheet_report(engine, orville, plan), orville, plan)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_typed_plan_agrees(engine, orville, data):
    plan = {z: data.draw(st.sampled_from(orville.schools), label=z) for z in orville.zones}
    assert_agrees(spreadsheet_report(engine, orville, plan), orville, plan)


def test_blank_or_unknown_school_makes_the_plan_incomplete(engine, orville, current):
    for typed in ("", "Lincoln"):
        got = spreadsheet_report(engine, orville, {**current, "Leland": typed})
        assert got["assigned"] == len(orville.zones) - 1
        assert got["ewd"] == got["range_ed"] == "incomplete"
        assert got["feasible"] == "NO"


def test_editing_a_capacity_on_the_data_sheet_updates_the_flags(book, orville, current):
    xl = ExcelCompiler(filename=str(book))
    assert spreadsheet_report(xl, orville, current)["over"] == {"Hartley", "Mason"}
    xl.set_value("schools!B3", 1000)  # Mason's capacity
    xl.set_value("schools!B2", 700)  # Hartley's
    got = spreadsheet_report(xl, orville, current)
    assert got["over"] == set() and got["feasible"] == "YES"


def test_partial_plan_leaves_inputs_blank_and_unknown_names_are_errors(orville, tmp_path):
    path = export_workbook(orville, {"Leland": "Colter"}, tmp_path / "out" / "p.xlsx")
    ws = openpyxl.load_workbook(path)["plan"]
    typed = [ws[cells(orville).school_of[z].split("!")[1]].value for z in orville.zones]
    assert typed.count("Colter") == 1 and typed.count(None) == len(orville.zones) - 1
    with pytest.raises(OrvilleError, match="unknown school 'Lincoln'.*use one of Hartley"):
        export_workbook(orville, {"Leland": "Lincoln"}, tmp_path / "bad.xlsx")
    with pytest.raises(OrvilleError, match="unknown zone 'Atlantis'"):
        export_workbook(orville, {"Atlantis": "Mason"}, tmp_path / "bad.xlsx")
    assert not (tmp_path / "bad.xlsx").exists()


def test_other_district_sizes(tmp_path):
    d = load_district(write_dataset(tmp_path / "small", SMALL_ZONES, SMALL_SCHOOLS,
                                    SMALL_DISTANCES))
    xl = ExcelCompiler(filename=str(export_workbook(d, {}, tmp_path / "small.xlsx")))
    rng = np.random.default_rng(3)
    for _ in range(5):
        plan = {z: str(rng.choice(d.schools)) for z in d.zones}
        assert_agrees(spreadsheet_report(xl, d, plan), d, plan)


def test_real_valued_ed_counts(orville, tmp_path):
    """The case's c_i = b_i × share are real numbers; the formulas carry them unrounded."""
    real = build_district(orville.students,
                          {z: round(c * 1.0123, 4) for z, c in orville.econ_disadv.items()},
                          orville.capacity, orville.miles)
    xl = ExcelCompiler(filename=str(export_workbook(real, {}, tmp_path / "real.xlsx")))
    rng = np.random.default_rng(5)
    for _ in range(5):
        plan = {z: str(rng.choice(real.schools)) for z in real.zones}
        assert_agrees(spreadsheet_report(xl, real, plan), real, plan)
