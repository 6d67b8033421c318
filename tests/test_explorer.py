"""Kernel-side tests of the plan explorer: widget values in, displayed metrics out."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest

from orville_case.core.errors import OrvilleError
from orville_case.core.paths import dataset_dir
from orville_case.zoning import explorer
from orville_case.zoning.data import build_district, load_district
from orville_case.zoning.explorer import PlanExplorer, zone_slug
from orville_case.zoning.plans import evaluate, read_plan

from .conftest import SMALL_DISTANCES, SMALL_SCHOOLS, SMALL_ZONES, write_dataset


def shown(ex: PlanExplorer) -> dict:
    """What a reader sees in the metrics panel, parsed back from its HTML text."""
    text = ex.metrics_html.value
    ewd = re.search(r"EWD = ([\d,]+\.\d) student-miles", text)
    rng = re.search(r"Range#ED = ([\d,.]+)<", text)
    rows = re.findall(r'data-school="([^"]+)"[^>]*><td>[^<]+</td><td>(\d+)</td><td>(\d+)</td>'
                      r"<td>[^<]+</td><td>([\d,.]+)</td>", text)
    return {
        "ewd": float(ewd.group(1).replace(",", "")) if ewd else None,
        "range_ed": float(rng.group(1).replace(",", "")) if rng else None,
        "load": {s: int(lo) for s, lo, _, _ in rows},
        "capacity": {s: int(u) for s, _, u, _ in rows},
        "ed": {s: float(e.replace(",", "")) for s, _, _, e in rows},
        "violations": re.findall(r'<li class="orville-violation">([^<]+)</li>', text),
        "feasible": re.search(r'orville-feasible" data-value="(\w+)"', text).group(1),
    }


def assert_panel_matches(ex: PlanExplorer) -> None:
    want = evaluate(ex.district, ex.plan)
    got = shown(ex)
    assert got["ewd"] == round(want.ewd, 1)
    assert got["range_ed"] == pytest.approx(want.range_ed, abs=0.005)  # shown with 2 decimals
    assert got["load"] == want.load and got["capacity"] == want.capacity
    assert got["ed"] == pytest.approx(want.ed, abs=0.005)
    assert got["violations"] == list(want.violations)
    assert got["feasible"] == str(want.feasible).lower()


@pytest.fixture
def ex(orville):
    return PlanExplorer(orville, figures=False)


def test_starts_from_the_current_feeder_plan(ex):
    assert ex.plan == read_plan(dataset_dir("orville") / "current_plan.csv")
    assert_panel_matches(ex)
    assert shown(ex)["violations"]  # the current plan overloads Mason


def test_changing_a_dropdown_updates_the_panel(ex, orville):
    before = shown(ex)
    dd = ex._dropdowns["Leland"]
    assert dd.description == "Leland" and list(dd.options) == list(orville.schools)
    dd.value = "Colter"
    assert ex.plan["Leland"] == "Colter"
    assert_panel_matches(ex)
    after = shown(ex)
    moved = orville.students["Leland"]
    assert after["load"]["Mason"] == before["load"]["Mason"] - moved
    assert after["load"]["Colter"] == before["load"]["Colter"] + moved


def test_every_single_move_is_reported_exactly(ex, orville):
    for z in orville.zones:
        for s in orville.schools:
            ex.set_school(z, s)
            assert_panel_matches(ex)
    assert ex.report == evaluate(orville, ex.plan)


def test_a_feasible_plan_shows_no_violation(orville):
    plan = {"Ashgrove": "Hartley", "Buttercup Trail": "Mason", "Hidden Hollow": "Colter",
            "Holloway": "Hartley", "Leland": "Colter", "Owl Ridge": "Colter",
            "Rootwood": "Mason", "Vanderpool": "Mason", "Westfield": "Hartley"}
    assert evaluate(orville, plan).feasible
    ex = PlanExplorer(orville, plan, figures=False)
    assert shown(ex)["violations"] == [] and shown(ex)["feasible"] == "true"
    assert "✓ every zone has a school" in ex.metrics_html.value
    ex.set_school("Owl Ridge", "Hartley")
    assert shown(ex)["feasible"] == "false"
    assert_panel_matches(ex)
    ex.reset()
    assert ex.plan == plan
    assert_panel_matches(ex)


def test_css_classes_for_browser_tests(ex, orville):
    assert "orville-metrics" in ex.metrics_html._dom_classes
    assert "orville-explorer" in ex.widget._dom_classes
    assert "orville-figures" in ex.figures._dom_classes
    classes = [c for dd in ex._dropdowns.values() for c in dd._dom_classes
               if c.startswith("orville-zone-")]
    assert "orville-zone-buttercup-trail" in classes
    assert len(classes) == len(set(classes)) == len(orville.zones)


def test_real_valued_ed_counts_are_shown_with_two_decimals(orville):
    """The case's c_i = b_i × share are real numbers: the panel rounds them for reading only."""
    real = build_district(orville.students,
                          {z: c + 0.1234 for z, c in orville.econ_disadv.items()},
                          orville.capacity, orville.miles)
    ex = PlanExplorer(real, figures=False)
    assert_panel_matches(ex)
    assert re.search(r"Range#ED = \d+\.\d\d<", ex.metrics_html.value)


def test_zone_slug():
    assert zone_slug("Buttercup Trail") == "buttercup-trail"
    assert zone_slug("  Owl Ridge #2 ") == "owl-ridge-2"
    assert zone_slug("É") == "zone"


@pytest.mark.parametrize(("zone", "school", "match"), [
    ("Atlantis", "Mason", "unknown zone 'Atlantis'.*use one of Ashgrove"),
    ("Leland", "Lincoln", "unknown school 'Lincoln'.*use one of Hartley, Mason, Colter"),
])
def test_unknown_names_are_clear_errors_and_change_nothing(ex, zone, school, match):
    before = ex.plan
    with pytest.raises(OrvilleError, match=match):
        ex.set_school(zone, school)
    assert ex.plan == before


def test_starting_plan_must_be_complete_and_known(orville):
    plan = read_plan(dataset_dir("orville") / "current_plan.csv")
    del plan["Leland"]
    with pytest.raises(OrvilleError, match="zones without a school: Leland"):
        PlanExplorer(orville, plan)
    with pytest.raises(OrvilleError, match="unknown school 'Lincoln'"):
        PlanExplorer(orville, {**plan, "Leland": "Lincoln"})


def test_custom_dataset_starts_from_nearest_schools(tmp_path):
    d = load_district(write_dataset(tmp_path / "small", SMALL_ZONES, SMALL_SCHOOLS,
                                    SMALL_DISTANCES))
    assert explorer.default_plan(d) == {"A": "X", "B": "Y", "C": "X"}
    ex = PlanExplorer(d, figures=False)
    assert_panel_matches(ex)


def test_figures_are_drawn_and_closed(orville):
    plt.close("all")  # figures an earlier test in this process left open are not the explorer's
    ex = PlanExplorer(orville)
    ex.set_school("Leland", "Colter")
    assert plt.get_fignums() == []


def test_reset_button_label_fits(ex):
    """The label must not be cut: the button spans the dropdown column (default width cut it)."""
    button = ex.reset_button
    assert "orville-reset" in button._dom_classes
    assert button.layout.width == explorer.COLUMN_WIDTH
    width_px = int(explorer.COLUMN_WIDTH.removesuffix("px"))
    # ~8 px per character at the default 13 px font, plus the icon and padding (about 40 px)
    assert 8 * len(button.description) + 40 <= width_px
    button.click()
    assert ex.plan == read_plan(dataset_dir("orville") / "current_plan.csv")
