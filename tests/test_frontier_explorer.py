"""Kernel-side tests of the frontier explorer: pick a point, the panel shows that point's plan."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from orville_case.core.errors import OrvilleError  # noqa: E402
from orville_case.zoning.biobjective import Point  # noqa: E402
from orville_case.zoning.frontier_explorer import FrontierExplorer  # noqa: E402
from orville_case.zoning.plans import evaluate, fmt_ed  # noqa: E402

from .test_explorer import shown  # noqa: E402  (the plan explorer's panel parser)


@pytest.fixture
def fx(orville, orville_front):
    return FrontierExplorer(orville, orville_front, figures=False)


def position(fx: FrontierExplorer) -> tuple[int, str]:
    m = re.search(r'data-index="(\d+)" data-supported="(\w+)"', fx.position_html.value)
    return int(m.group(1)), m.group(2)


def test_every_point_shows_the_metrics_of_its_own_plan(fx, orville, orville_front):
    ordered = sorted(orville_front, key=lambda p: p.f1)
    assert len(fx.dropdown.options) == len(ordered)
    for k, p in enumerate(ordered, 1):
        fx.dropdown.value = k  # as a reader picking it
        want = evaluate(orville, p.solution)
        got = shown(fx)
        assert got["ewd"] == round(want.ewd, 1)
        assert got["range_ed"] == pytest.approx(want.range_ed, abs=0.005)  # up to 2 decimals
        assert got["load"] == want.load and got["capacity"] == want.capacity
        assert got["ed"] == pytest.approx(want.ed, abs=0.005)
        assert got["feasible"] == "true" and got["violations"] == []
        assert (want.ewd, want.range_ed) == (pytest.approx(p.f1), pytest.approx(p.f2))
        assert fx.point == p and fx.plan == p.solution
        assert position(fx) == (k, str(p.supported).lower())
        label = dict((v, t) for t, v in fx.dropdown.options)[k]
        assert f"Range#ED {fmt_ed(p.f2)}" in label and ("unsupported" in label) != p.supported


def test_select_is_the_dropdown_and_refuses_unknown_numbers(fx):
    fx.select(4)
    assert fx.dropdown.value == 4 and position(fx)[0] == 4
    for bad in (0, len(fx.frontier) + 1):
        with pytest.raises(OrvilleError, match="pick a number from 1 to"):
            fx.select(bad)


def test_css_hooks(fx):
    assert "orville-frontier-explorer" in fx.widget._dom_classes
    assert "orville-frontier-point" in fx.dropdown._dom_classes
    assert "orville-frontier-position" in fx.position_html._dom_classes
    assert "orville-metrics" in fx.metrics_html._dom_classes
    assert "orville-figures" in fx.figures._dom_classes


def test_points_without_plans_or_no_points_are_refused(orville):
    with pytest.raises(OrvilleError, match="empty"):
        FrontierExplorer(orville, [])
    with pytest.raises(OrvilleError, match="carry no plan"):
        FrontierExplorer(orville, [Point(1.0, 2.0)])


def test_figure_rings_the_selected_point(orville, orville_front):
    fx = FrontierExplorer(orville, orville_front, extra={"current plan": (4524.7, 254)})
    fx.select(3)
    fig = fx.figure()
    ring = [c for c in fig.axes[0].collections if c.get_label() == "selected"][0]
    assert tuple(ring.get_offsets()[0]) == (fx.point.f1, fx.point.f2)
    assert "Range#ED = " + fmt_ed(fx.point.f2) in fig.axes[1].get_title()
    plt.close("all")
