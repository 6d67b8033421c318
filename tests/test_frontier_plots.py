"""The frontier figure: what is drawn is what the frontier says."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from orville_case.core.errors import OrvilleError  # noqa: E402
from orville_case.zoning.biobjective import Point  # noqa: E402
from orville_case.zoning.frontier_plots import plot_frontier, plot_weighted_sum_line  # noqa: E402


def _series(ax) -> dict[str, list[tuple[float, float]]]:
    """Scatter series by legend label → their (x, y) points."""
    return {c.get_label(): [tuple(xy) for xy in c.get_offsets()] for c in ax.collections
            if hasattr(c, "get_offsets") and not c.get_label().startswith("_")}


def test_supported_unsupported_weighted_ideal_nadir_and_extras(orville_front):
    weighted = [p for p in orville_front if p.supported][:2]
    ax = plot_frontier(orville_front, weighted=weighted, ideal=(1.0, 2.0), nadir=(9e3, 50.0),
                       extra={"current plan": (4000.0, 254.0)}, highlight=orville_front[2],
                       hull=True, numbers=True)
    s = _series(ax)
    n_sup = sum(p.supported for p in orville_front)
    sup = s[f"ε-constraint: supported ({n_sup})"]
    uns = s[f"ε-constraint: unsupported ({len(orville_front) - n_sup})"]
    assert sorted(sup) == sorted((p.f1, p.f2) for p in orville_front if p.supported)
    assert sorted(uns) == sorted((p.f1, p.f2) for p in orville_front if not p.supported)
    assert sorted(s["found by the weighted sums (2)"]) == sorted((p.f1, p.f2) for p in weighted)
    assert s["current plan"] == [(4000.0, 254.0)]
    assert s["selected"] == [(orville_front[2].f1, orville_front[2].f2)]
    assert any(k.startswith("ideal") for k in s) and any(k.startswith("nadir") for k in s)
    assert [t.get_text() for t in ax.texts] == [str(k) for k in range(1, len(orville_front) + 1)]
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert x0 < 1.0 and x1 > 9e3 and y0 < 0 and y1 > 254  # everything drawn is in view
    hull = [ln for ln in ax.lines if ln.get_label().startswith("convex hull")][0]
    assert list(hull.get_xdata()) == [p.f1 for p in orville_front if p.supported]
    plt.close(ax.figure)


def test_unlabelled_points_are_labelled_and_empty_input_refused():
    pts = [Point(0, 10), Point(2, 5), Point(1, 6), Point(3, 3), Point(6, 0)]
    ax = plot_frontier(pts)
    s = _series(ax)
    assert s["ε-constraint: unsupported (1)"] == [(2.0, 5.0)]  # above the hull (1,6)-(3,3)
    with pytest.raises(OrvilleError, match="nothing to draw"):
        plot_frontier([])
    plt.close("all")


def test_weighted_sum_line_touches_the_weighted_optimum(orville_front):
    ax = plot_frontier(orville_front)
    for w1, w2 in [(1, 20), (1, 56), (1, 500)]:
        best = plot_weighted_sum_line(orville_front, w1, w2, ax=ax)
        assert best.supported
        assert w1 * best.f1 + w2 * best.f2 == min(w1 * p.f1 + w2 * p.f2 for p in orville_front)
        line = ax.lines[-1]
        x, y = line.get_xdata(), line.get_ydata()
        assert w1 * x[0] + w2 * y[0] == pytest.approx(w1 * best.f1 + w2 * best.f2)
    with pytest.raises(OrvilleError, match="weights must be > 0"):
        plot_weighted_sum_line(orville_front, 0, 1, ax=ax)
    plt.close(ax.figure)


def test_legend_placement(orville_front):
    assert plot_frontier(orville_front, legend=None).get_legend() is None
    assert plot_frontier(orville_front, legend="inside").get_legend()._loc == 1  # upper right
    outside = plot_frontier(orville_front).get_legend()
    assert outside.get_bbox_to_anchor().bounds[0] > 0
    with pytest.raises(OrvilleError, match="legend='below' .fix: use legend='outside'"):
        plot_frontier(orville_front, legend="below")
    plt.close("all")
