"""Figures build, reflect the plan they are given, and fail with clear messages."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.transforms import Bbox

from orville_case.core.errors import OrvilleError
from orville_case.core.paths import dataset_dir
from orville_case.zoning import plots
from orville_case.zoning.data import load_district
from orville_case.zoning.plans import evaluate, fmt_ed, read_plan

from .conftest import SMALL_DISTANCES, SMALL_SCHOOLS, SMALL_ZONES, write_dataset


@pytest.fixture(scope="module")
def current():
    return read_plan(dataset_dir("orville") / "current_plan.csv")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_school_colours_are_distinct_and_stable(orville):
    colours = plots.school_colours(orville)
    assert list(colours) == list(orville.schools)
    assert len(set(colours.values())) == len(orville.schools)
    assert plots.school_colours(orville) == colours


def test_map_colours_each_zone_by_its_school_and_draws_one_line_per_zone(orville, current):
    ax = plots.plot_map(orville, current)
    colours = plots.school_colours(orville)
    zones = next(c for c in ax.collections if c.get_label() == "_zones")
    want = [to_rgba(colours[current[z]], 0.75) for z in orville.zones]
    np.testing.assert_allclose(zones.get_facecolors(), want)
    sizes = zones.get_sizes()
    b = [orville.students[z] for z in orville.zones]
    assert np.argmax(sizes) == np.argmax(b) and np.argmin(sizes) == np.argmin(b)
    lines = next(c for c in ax.collections if isinstance(c, LineCollection))
    assert len(lines.get_segments()) == len(orville.zones)
    # every line ends at the lon/lat of the zone's school
    for z, seg in zip(orville.zones, lines.get_segments(), strict=True):
        lat, lon = orville.school_coords[current[z]]
        assert tuple(seg[-1]) == pytest.approx((lon, lat))
    report = evaluate(orville, current)
    assert f"{report.ewd:,.1f}" in ax.get_title() and fmt_ed(report.range_ed) in ax.get_title()


def test_map_without_plan_and_partial_plan(orville, current):
    ax = plots.plot_map(orville, title="data")
    assert ax.get_title() == "data"
    assert not [c for c in ax.collections if isinstance(c, LineCollection)]
    partial = {z: s for z, s in current.items() if z != "Leland"}
    ax = plots.plot_map(orville, partial)
    zones = next(c for c in ax.collections if c.get_label() == "_zones")
    k = orville.zones.index("Leland")
    np.testing.assert_allclose(zones.get_facecolors()[k], to_rgba(plots.UNASSIGNED, 0.75))
    assert "incomplete" in ax.get_title()


def test_map_of_district_without_coordinates_is_a_clear_error(tmp_path):
    d = load_district(write_dataset(tmp_path / "small", SMALL_ZONES, SMALL_SCHOOLS,
                                    SMALL_DISTANCES))
    with pytest.raises(OrvilleError, match="no coordinates for A, B, C, X, Y.*lat,lon"):
        plots.plot_map(d)
    ax = plots.plot_capacity(d, {"A": "X", "B": "Y", "C": "X"})  # no coordinates needed
    assert [p.get_height() for p in ax.patches] == [40, 20]


@pytest.mark.parametrize("fn", [plots.plot_map, plots.plot_capacity, plots.plot_ed])
def test_unknown_names_in_plan_are_clear_errors(orville, current, fn):
    with pytest.raises(OrvilleError, match="unknown school.*Lincoln.*use one of Hartley"):
        fn(orville, {**current, "Leland": "Lincoln"})
    with pytest.raises(OrvilleError, match="unknown zone.*Atlantis"):
        fn(orville, {**current, "Atlantis": "Mason"})


def test_capacity_bars_are_loads_and_overloads_are_hatched(orville, current):
    report = evaluate(orville, current)
    ax = plots.plot_capacity(orville, current)
    bars = ax.patches
    assert [b.get_height() for b in bars] == [report.load[s] for s in orville.schools]
    over = {s for s in orville.schools if report.load[s] > report.capacity[s]}
    assert over  # the current plan overloads Mason (data README)
    for s, bar in zip(orville.schools, bars, strict=True):
        assert (bar.get_hatch() == "//") == (s in over)
    caps = sorted(float(seg[0][1]) for c in ax.collections for seg in c.get_segments())
    assert caps == sorted(report.capacity.values())
    texts = " ".join(t.get_text() for t in ax.texts)
    for s in over:
        assert f"+{report.load[s] - report.capacity[s]} over" in texts


def test_ed_bars_and_range_bracket(orville, current):
    report = evaluate(orville, current)
    ax = plots.plot_ed(orville, current)
    assert [b.get_height() for b in ax.patches] == [report.ed[s] for s in orville.schools]
    texts = " ".join(t.get_text() for t in ax.texts)
    assert f"Range#ED\n= {fmt_ed(report.range_ed)}" in texts
    levels = sorted({float(seg[0][1]) for c in ax.collections for seg in c.get_segments()})
    assert levels == [min(report.ed.values()), max(report.ed.values())]


def test_plots_draw_into_given_axes(orville, current):
    fig, axes = plt.subplots(1, 3)
    out = [plots.plot_map(orville, current, ax=axes[0]),
           plots.plot_capacity(orville, current, ax=axes[1]),
           plots.plot_ed(orville, current, ax=axes[2], title="ED")]
    assert out == list(axes)
    assert axes[2].get_title() == "ED"
    fig.canvas.draw()


def _label_boxes(ax):
    renderer = ax.get_figure().canvas.get_renderer()
    return {t.get_text().split("\n")[0]: t.get_window_extent(renderer) for t in ax.texts}


@pytest.mark.parametrize("which", ["none", "current", "all to Colter"])
def test_map_labels_overlap_neither_each_other_nor_markers(orville, current, which):
    plan = {"none": None, "current": current,
            "all to Colter": dict.fromkeys(orville.zones, "Colter")}[which]
    ax = plots.plot_map(orville, plan)
    ax.get_figure().canvas.draw()
    boxes = _label_boxes(ax)
    assert set(boxes) == set(orville.zones) | set(orville.schools)
    names = sorted(boxes)
    for k, a in enumerate(names):
        for b in names[k + 1:]:
            assert not boxes[a].overlaps(boxes[b]), f"label {a!r} overlaps label {b!r}"
    # no label covers any marker (tested on the square inscribed in each circle or star)
    zones = next(c for c in ax.collections if c.get_label() == "_zones")
    radius = {z: np.sqrt(a) / 2 for z, a in zip(orville.zones, zones.get_sizes(), strict=True)}
    radius |= dict.fromkeys(orville.schools, np.sqrt(plots.STAR_SIZE) / 2)
    px = ax.get_figure().dpi / 72
    centres = {**orville.zone_coords, **orville.school_coords}
    for name, (lat, lon) in centres.items():
        x, y = ax.transData.transform((lon, lat))
        r = radius[name] * px / np.sqrt(2)
        marker = Bbox.from_extents(x - r, y - r, x + r, y + r)
        hit = [n for n, box in boxes.items() if box.overlaps(marker)]
        assert not hit, f"label(s) {hit} cover the marker of {name!r}"
