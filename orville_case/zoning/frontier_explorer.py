"""Frontier explorer: pick a nondominated point, see its plan, its metrics and where it lies.

One dropdown lists the frontier points in EWD order (``#3 · EWD 5,372.7 · Range#ED 37 ·
unsupported``). Choosing one shows the plan behind it on the district map, its load against
capacity, the metrics panel of :mod:`orville_case.zoning.explorer` (EWD, Range#ED, load / capacity
/ use
and ED per school, computed by :func:`orville_case.zoning.plans.evaluate` of the point's plan) and
the
frontier with that point ringed. Usage in a notebook::

    fx = FrontierExplorer(district, front)   # front = zoning.frontier(district)
    fx.widget                                # display it
    fx.select(3)                             # the third point (1-based, as in the dropdown)
    fx.point, fx.plan, fx.report

Stable hooks for browser tests (CSS classes): ``orville-frontier-explorer`` (the whole widget),
``orville-frontier-point`` (the dropdown), ``orville-frontier-position`` (one line saying which
point is selected; ``data-index`` = its 1-based number, ``data-supported`` = true/false),
``orville-metrics`` (the panel, with the ``orville-ewd`` / ``orville-range-ed`` /
``orville-feasible`` elements of the plan explorer) and ``orville-figures`` (the figures).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display
from matplotlib.figure import Figure

from orville_case.core.errors import OrvilleError, Problem
from orville_case.zoning.biobjective import Point, label_supported
from orville_case.zoning.data import District
from orville_case.zoning.explorer import report_html
from orville_case.zoning.frontier_plots import plot_frontier
from orville_case.zoning.plans import Plan, PlanReport, evaluate, fmt_ed
from orville_case.zoning.plots import plot_capacity, plot_map


def point_label(k: int, p: Point) -> str:
    """Dropdown text of the k-th (1-based) frontier point."""
    kind = "supported" if p.supported else "unsupported"
    return f"#{k} · EWD {p.f1:,.1f} · Range#ED {fmt_ed(p.f2)} · {kind}"


class FrontierExplorer:
    """A dropdown over ``frontier`` (points carrying their plans) with live metrics and figures.

    ``extra``: label → (EWD, Range#ED) of other plans to show on the frontier (e.g. the current
    plan). ``figures=False`` skips the drawings (faster, e.g. for tests); the panel always updates.
    """

    def __init__(self, district: District, frontier: Sequence[Point], *,
                 extra: Mapping[str, tuple[float, float]] | None = None, figures: bool = True):
        if not frontier:
            raise OrvilleError(Problem("the frontier is empty: nothing to explore",
                                      fix="pass zoning.frontier(district)"))
        missing = [k for k, p in enumerate(frontier, 1) if not isinstance(p.solution, dict)]
        if missing:
            raise OrvilleError(Problem(f"frontier point(s) #{missing[0]} carry no plan",
                                      fix="pass the points returned by zoning.frontier"))
        self.frontier = label_supported(list(frontier))  # sorted by f₁, (un)supported marked
        self.district, self.extra, self._figures = district, dict(extra or {}), figures
        self.dropdown = widgets.Dropdown(
            options=[(point_label(k, p), k) for k, p in enumerate(self.frontier, 1)], value=1,
            description="frontier point", style={"description_width": "95px"},
            layout=widgets.Layout(width="430px"))
        self.dropdown.add_class("orville-frontier-point")
        self.dropdown.observe(self._refresh, names="value")
        self.position_html = widgets.HTML()
        self.position_html.add_class("orville-frontier-position")
        self.metrics_html = widgets.HTML()
        self.metrics_html.add_class("orville-metrics")
        self.figures = widgets.Output()
        self.figures.add_class("orville-figures")
        self.widget = widgets.VBox([
            widgets.HBox([widgets.VBox([self.dropdown, self.position_html]),
                          self.metrics_html]),
            self.figures])
        self.widget.add_class("orville-frontier-explorer")
        self._refresh()

    @property
    def index(self) -> int:
        """1-based number of the selected point (EWD order)."""
        return self.dropdown.value

    @property
    def point(self) -> Point:
        return self.frontier[self.index - 1]

    @property
    def plan(self) -> Plan:
        """The plan behind the selected point."""
        return dict(self.point.solution)

    @property
    def report(self) -> PlanReport:
        """``evaluate(district, plan)`` of the selected point's plan."""
        return evaluate(self.district, self.plan)

    def select(self, k: int) -> None:
        """Show the k-th point (1-based, as numbered in the dropdown and on the plot)."""
        if not 1 <= k <= len(self.frontier):
            raise OrvilleError(Problem(f"there is no frontier point #{k}",
                                      fix=f"pick a number from 1 to {len(self.frontier)}"))
        self.dropdown.value = k

    def _refresh(self, change: dict | None = None) -> None:
        p, k, n = self.point, self.index, len(self.frontier)
        why = ("optimal for some weighted sum" if p.supported else
               "no weighted sum finds it; only the ε-constraint does")
        self.position_html.value = (
            f'<p data-index="{k}" data-supported="{str(bool(p.supported)).lower()}">'
            f"Point <b>{k}</b> of {n} (1 = shortest trips, {n} = fairest): "
            f"<b>{'supported' if p.supported else 'unsupported'}</b> — {why}.</p>")
        self.metrics_html.value = report_html(self.report)
        if not self._figures:
            return
        self.figures.clear_output(wait=True)
        with self.figures:
            fig = self.figure()
            display(fig)
            plt.close(fig)

    def figure(self) -> Figure:
        """The selected point on the frontier, its plan on the map, its load vs capacity."""
        fig, axes = plt.subplots(1, 3, figsize=(16, 4.6), layout="constrained",
                                 gridspec_kw={"width_ratios": [1.25, 1.55, 0.9]})
        plot_frontier(self.frontier, ax=axes[0], extra=self.extra, highlight=self.point,
                      numbers=True, legend="inside",
                      title=f"point {self.index} on the frontier")
        plot_map(self.district, self.plan, ax=axes[1])
        plot_capacity(self.district, self.plan, ax=axes[2])
        return fig
