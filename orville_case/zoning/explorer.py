"""Interactive plan explorer: pick a school per zone, watch EWD, Range#ED and capacity update.

The open replacement for the case's Excel *DataAndMetricsDemo* workbook. One dropdown per zone
(starting from a given plan, by default the current feeder plan); every change re-evaluates the
plan with :func:`orville_case.zoning.plans.evaluate` and redraws the map, the capacity bars and
the ED
bars. Usage in a notebook::

    ex = PlanExplorer(district)
    ex.widget                      # display it
    ex.set_school("Leland", "Colter")
    ex.report.ewd, ex.report.range_ed

Stable hooks for browser tests (CSS classes set with ``add_class``): ``orville-explorer`` (the
whole widget), ``orville-zone-<slug>`` on each zone's dropdown (slug: lower case, runs of other
characters → ``-``, e.g. ``orville-zone-buttercup-trail``), ``orville-metrics`` (the metrics
panel), ``orville-figures`` (the figures) and ``orville-reset`` (the reset button). Inside the
metrics panel, elements with classes ``orville-ewd``, ``orville-range-ed`` and
``orville-feasible`` carry the exact value in ``data-value``; their text reads
``EWD = 12,345.6 student-miles`` and ``Range#ED = 123`` (``123.45`` for real-valued c_i); each
violation is an ``li`` of class ``orville-violation``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from orville_case.core.errors import OrvilleError, Problem
from orville_case.core.paths import dataset_dir
from orville_case.zoning.data import District
from orville_case.zoning.plans import Plan, PlanReport, evaluate, fmt_ed, read_plan
from orville_case.zoning.plots import OVER, plot_capacity, plot_ed, plot_map

OK = "#2ca02c"
COLUMN_WIDTH = "290px"  # the left column: zone dropdowns and the reset button


def zone_slug(zone: str) -> str:
    """CSS-safe suffix of a zone's dropdown class: ``"Buttercup Trail"`` → ``buttercup-trail``."""
    return re.sub(r"[^a-z0-9]+", "-", zone.lower()).strip("-") or "zone"


def default_plan(district: District) -> Plan:
    """The shipped current feeder plan if it fits ``district``, else each zone's nearest school.

    (So a custom dataset without a plan still opens in the explorer.)
    """
    current = read_plan(dataset_dir("orville") / "current_plan.csv")
    if set(current) == set(district.zones) and set(current.values()) <= set(district.schools):
        return current
    return {z: min(district.schools, key=lambda s: district.miles[z, s]) for z in district.zones}


def report_html(report: PlanReport) -> str:
    """The metrics panel: EWD, Range#ED, a per-school table (load, capacity, ED), violations."""
    if report.complete:
        head = (f'<span class="orville-ewd" data-value="{report.ewd!r}">'
                f"EWD = {report.ewd:,.1f} student-miles</span> &nbsp;·&nbsp; "
                f'<span class="orville-range-ed" data-value="{report.range_ed!r}">'
                f"Range#ED = {fmt_ed(report.range_ed)}</span>")
    else:
        head = '<span class="orville-ewd" data-value="">EWD = n/a (incomplete plan)</span>'
    colour = OK if report.feasible else OVER
    flag = str(report.feasible).lower()
    head += (f' &nbsp;·&nbsp; <span class="orville-feasible" data-value="{flag}"'
             f' style="color:{colour}"><b>{"feasible" if report.feasible else "INFEASIBLE"}</b>'
             "</span>")
    rows = []
    for s, u in report.capacity.items():
        load = report.load[s]
        style = f' style="color:{OVER};font-weight:bold"' if load > u else ""
        rows.append(f'<tr class="orville-school" data-school="{html.escape(s)}"{style}>'
                    f"<td>{html.escape(s)}</td><td>{load}</td><td>{u}</td>"
                    f"<td>{100 * load / u if u else float('inf'):.0f} %</td>"
                    f"<td>{fmt_ed(report.ed[s])}</td></tr>")
    table = ('<table style="border-collapse:collapse" cellpadding="3">'
             "<tr><th>school</th><th>load L<sub>j</sub></th><th>capacity u<sub>j</sub></th>"
             "<th>use</th><th>ED<sub>j</sub></th></tr>" + "".join(rows) + "</table>")
    if report.violations:
        items = "".join(f'<li class="orville-violation">{html.escape(v)}</li>'
                        for v in report.violations)
        tail = f'<ul style="color:{OVER}">{items}</ul>'
    else:
        tail = f'<p style="color:{OK}">✓ every zone has a school and every school has room</p>'
    return f"<div><p style='font-size:115%'>{head}</p>{table}{tail}</div>"


class PlanExplorer:
    """Dropdowns for a plan of ``district`` with live metrics and figures (see module docstring).

    ``plan`` must give every zone a known school (default: :func:`default_plan`). ``figures=False``
    skips the drawings (faster, e.g. for tests); the metrics panel always updates.
    """

    def __init__(self, district: District, plan: Mapping[str, str] | None = None, *,
                 figures: bool = True):
        self.district = district
        start = dict(plan) if plan is not None else default_plan(district)
        district.require_known(start)
        missing = [z for z in district.zones if z not in start]
        if missing:
            raise OrvilleError(Problem(f"zones without a school: {', '.join(missing)}",
                                       fix="give every zone of the district one known school"))
        self._start = start
        self._figures = figures
        self._hold = False
        self._dropdowns: dict[str, widgets.Dropdown] = {}
        slugs: set[str] = set()
        for z in district.zones:
            slug = zone_slug(z)
            while slug in slugs:  # two zone names with the same slug: keep classes unique
                slug += "-x"
            slugs.add(slug)
            dd = widgets.Dropdown(options=list(district.schools), value=start[z], description=z,
                                  style={"description_width": "130px"},
                                  layout=widgets.Layout(width=COLUMN_WIDTH))
            dd.add_class(f"orville-zone-{slug}")
            dd.add_class("orville-zone")
            dd.observe(self._refresh, names="value")
            self._dropdowns[z] = dd
        # As wide as the dropdowns: the default button width cuts the label ("reset to startin…").
        self.reset_button = reset = widgets.Button(
            description="reset to starting plan", icon="undo",
            tooltip="put every zone back to the plan the explorer started from",
            layout=widgets.Layout(width=COLUMN_WIDTH))
        reset.add_class("orville-reset")
        reset.on_click(lambda _: self.reset())
        self.metrics_html = widgets.HTML()
        self.metrics_html.add_class("orville-metrics")
        self.figures = widgets.Output()
        self.figures.add_class("orville-figures")
        left = widgets.VBox([widgets.HTML("<b>school for each zone</b>"),
                             *self._dropdowns.values(), reset])
        self.widget = widgets.VBox([widgets.HBox([left, self.metrics_html]), self.figures])
        self.widget.add_class("orville-explorer")
        self._refresh()

    @property
    def plan(self) -> Plan:
        """The plan the dropdowns show now."""
        return {z: dd.value for z, dd in self._dropdowns.items()}

    @property
    def report(self) -> PlanReport:
        """``evaluate(district, plan)`` for the current plan."""
        return evaluate(self.district, self.plan)

    def set_school(self, zone: str, school: str) -> None:
        """Assign ``zone`` to ``school`` (as if picked in its dropdown); metrics update."""
        self.district.require_known({zone: school})
        self._dropdowns[zone].value = school

    def reset(self) -> None:
        """Back to the starting plan (one refresh, not one per zone)."""
        self._hold = True
        try:
            for z, dd in self._dropdowns.items():
                dd.value = self._start[z]
        finally:
            self._hold = False
        self._refresh()

    def _refresh(self, change: dict | None = None) -> None:
        if self._hold:
            return
        report = self.report
        self.metrics_html.value = report_html(report)
        if not self._figures:
            return
        plan = self.plan
        self.figures.clear_output(wait=True)
        with self.figures:
            fig, axes = plt.subplots(1, 3, figsize=(15, 4.3), layout="constrained",
                                     gridspec_kw={"width_ratios": [1.7, 1, 1]})
            plot_map(self.district, plan, ax=axes[0])
            plot_capacity(self.district, plan, ax=axes[1])
            plot_ed(self.district, plan, ax=axes[2])
            display(fig)
            plt.close(fig)
