"""Figures of the ORville notebooks: the district map, loads vs capacity, ED students per school.

Every number drawn comes from :func:`orville_case.zoning.plans.evaluate`. Each school keeps one
colour in
every figure (:func:`school_colours`), so a zone coloured like a bar goes to that bar's school.
The map uses plain longitude/latitude axes with the aspect ratio corrected by 1 / cos(latitude),
so distances look right without map tiles or downloads.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from orville_case.core.errors import OrvilleError, Problem
from orville_case.core.figures import axes
from orville_case.zoning.data import District
from orville_case.zoning.plans import PlanReport, evaluate, fmt_ed

UNASSIGNED = "#bbbbbb"  # zones a partial plan has not placed yet
OVER = "#d62728"  # over-capacity highlight
STAR_SIZE = 420  # school marker area (points²)
_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
            "#bcbd22", "#7f7f7f")


def school_colours(district: District) -> dict[str, str]:
    """One colour per school, by the school's position in ``district.schools`` (stable)."""
    return {s: _PALETTE[k % len(_PALETTE)] for k, s in enumerate(district.schools)}


def _checked_report(district: District, plan: Mapping[str, str]) -> PlanReport:
    """``evaluate(district, plan)``; :class:`OrvilleError` if it names unknown zones or schools.

    A partial plan (zones still without a school) is allowed: figures show it as it stands.
    """
    district.require_known(plan)
    return evaluate(district, plan)


def _metrics_title(report: PlanReport) -> str:
    if not report.complete:
        return "incomplete plan"
    flag = "" if report.feasible else "  (INFEASIBLE)"
    return f"EWD = {report.ewd:,.1f} student-miles\nRange#ED = {fmt_ed(report.range_ed)}{flag}"


def plot_map(district: District, plan: Mapping[str, str] | None = None, *, ax: Axes | None = None,
             title: str = "") -> Axes:
    """Zones (circles, area ∝ b_i) and schools (stars) at their lat/lon.

    With a ``plan``, each zone takes its school's colour and a thin line joins it to that school;
    the default title then gives the plan's EWD and Range#ED. Raises :class:`OrvilleError` when the
    district has no coordinates or the plan names unknown zones or schools.
    """
    missing = [z for z in district.zones if z not in district.zone_coords]
    missing += [s for s in district.schools if s not in district.school_coords]
    if missing:
        raise OrvilleError(Problem(
            f"no coordinates for {', '.join(missing)}: dataset '{district.name}' cannot be mapped",
            fix="add lat,lon columns to zones.csv and schools.csv, or use plot_capacity / "
                "plot_ed, which need no coordinates"))
    report = _checked_report(district, plan) if plan is not None else None
    ax = axes(ax, (8, 4.8))
    colours = school_colours(district)
    lat = {**district.zone_coords, **district.school_coords}
    xy = {k: (lon, la) for k, (la, lon) in lat.items()}

    segments = []
    if plan is not None:
        segments = [(xy[z], xy[plan[z]]) for z in district.zones if z in plan]
        ax.add_collection(LineCollection(
            segments, colors=[colours[plan[z]] for z in district.zones if z in plan],
            linewidths=1.2, alpha=0.7, zorder=1, label="_assignments"))
    b_max = max(district.students.values()) or 1
    size = {z: 40 + 600 * district.students[z] / b_max for z in district.zones}
    zone_colours = [colours[plan[z]] if plan is not None and z in plan else UNASSIGNED
                    for z in district.zones]
    ax.scatter([xy[z][0] for z in district.zones], [xy[z][1] for z in district.zones],
               s=[size[z] for z in district.zones],
               c=zone_colours, alpha=0.75, edgecolors="k", linewidths=0.6, zorder=2,
               label="_zones")
    labels = []
    for s in district.schools:
        ax.scatter(*xy[s], marker="*", s=STAR_SIZE, c=colours[s], edgecolors="k", linewidths=1,
                   zorder=3, label=s)
        labels.append((ax.annotate(s, xy[s], fontsize=10, fontweight="bold", zorder=4),
                       math.sqrt(STAR_SIZE) / 2))
    for z in district.zones:
        text = f"{z}\n{district.students[z]} ({fmt_ed(district.econ_disadv[z])} ED)"
        labels.append((ax.annotate(text, xy[z], fontsize=7, zorder=4), math.sqrt(size[z]) / 2))
    mean_lat = sum(la for la, _ in lat.values()) / len(lat)
    ax.set_aspect(1 / math.cos(math.radians(mean_lat)))
    ax.margins(x=0.08, y=0.2)
    ax.set(xlabel="longitude (°)", ylabel="latitude (°)",
           title=title or (_metrics_title(report) if report else f"{district.name}: zones "
                           "(area ∝ students) and schools (★)"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, title="school",
              title_fontsize=8, markerscale=0.5, frameon=False)
    place_labels(ax, labels, segments)
    return ax


# Candidate label positions around a marker, in order of preference: (direction, ha, va).
_SPOTS = (((0, -1), "center", "top"), ((0, 1), "center", "bottom"),
          ((1, 0), "left", "center"), ((-1, 0), "right", "center"),
          ((1, -1), "left", "top"), ((-1, -1), "right", "top"),
          ((1, 1), "left", "bottom"), ((-1, 1), "right", "bottom"))


def place_labels(ax: Axes, labels: list[tuple[Annotation, float]],
                 segments: Sequence[tuple[tuple[float, float], tuple[float, float]]] = (),
                 gap: float = 2.0) -> None:
    """Move each label to the free spot around its marker that overlaps least.

    ``labels`` pairs an annotation (anchored at its marker's centre) with the marker's radius in
    points. Labels are placed greedily in the given order: each tries the eight spots of
    ``_SPOTS`` (below, above, right, left, then the diagonals) at ``radius + gap`` points from the
    centre and keeps the first spot with the smallest overlap (in pixels²) with every marker, every
    label already placed, the line ``segments`` (data coordinates) and the outside of the axes.
    The figure's layout is computed first, so overlaps are measured where labels will be drawn.
    """
    fig = ax.get_figure()
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    px = fig.dpi / 72
    frame = ax.get_window_extent(renderer)
    obstacles = []
    for ann, radius in labels:
        cx, cy = ax.transData.transform(ann.xy)
        r = radius * px
        obstacles.append(Bbox.from_extents(cx - r, cy - r, cx + r, cy + r))
    for a, b in segments:  # a line is a chain of small squares, one every 4 pixels
        (x0, y0), (x1, y1) = ax.transData.transform([a, b])
        steps = max(int(math.hypot(x1 - x0, y1 - y0) / 4), 1)
        for k in range(steps + 1):
            x, y = x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps
            obstacles.append(Bbox.from_extents(x - 2, y - 2, x + 2, y + 2))

    def overlap(a: Bbox, b: Bbox) -> float:
        w = min(a.x1, b.x1) - max(a.x0, b.x0)
        h = min(a.y1, b.y1) - max(a.y0, b.y0)
        return max(w, 0.0) * max(h, 0.0)

    for ann, radius in labels:
        ann.set_annotation_clip(False)
        best = None
        for (dx, dy), ha, va in _SPOTS:
            d = (radius + gap) / (math.sqrt(2) if dx and dy else 1.0)
            ann.set_position((dx * d, dy * d))
            ann.set_anncoords("offset points")
            ann.set(ha=ha, va=va)
            box = ann.get_window_extent(renderer)
            inside = overlap(box, frame)
            cost = (sum(overlap(box, o) for o in obstacles) + box.width * box.height - inside)
            if best is None or cost < best[0] - 1e-9:
                best = (cost, (dx * d, dy * d), ha, va)
            if cost == 0:
                break
        _, offset, ha, va = best
        ann.set_position(offset)
        ann.set(ha=ha, va=va)
        obstacles.append(ann.get_window_extent(renderer))


def plot_capacity(district: District, plan: Mapping[str, str], *, ax: Axes | None = None,
                  title: str = "") -> Axes:
    """Load L_j = Σ_{i: π(i)=j} b_i against capacity u_j per school; overloads hatched in red."""
    report = _checked_report(district, plan)
    ax = axes(ax, (6, 4))
    colours = school_colours(district)
    schools = list(district.schools)
    loads = [report.load[s] for s in schools]
    over = [report.load[s] > report.capacity[s] for s in schools]
    bars = ax.bar(schools, loads, color=[colours[s] for s in schools],
                  edgecolor=[OVER if o else "k" for o in over],
                  linewidth=[2.5 if o else 0.8 for o in over], label="_load")
    for bar, o in zip(bars, over, strict=True):
        bar.set_hatch("//" if o else None)
    for k, s in enumerate(schools):
        ax.hlines(report.capacity[s], k - 0.45, k + 0.45, colors="k", linewidth=2,
                  label="capacity $u_j$" if k == 0 else "_nolegend_")
        extra = report.load[s] - report.capacity[s]
        note = f"{report.load[s]} / {report.capacity[s]}" + (f"\n+{extra} over" if extra > 0
                                                             else "")
        ax.annotate(note, (k, max(report.load[s], report.capacity[s])), xytext=(0, 4),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8,
                    color=OVER if extra > 0 else "k")
    ax.set_ylim(0, 1.22 * max(loads + list(report.capacity.values())))
    ax.set(ylabel="students (load $L_j$)", title=title or "Load vs capacity")
    ax.legend(loc="upper right", fontsize=8)
    return ax


def plot_ed(district: District, plan: Mapping[str, str], *, ax: Axes | None = None,
            title: str = "") -> Axes:
    """ED_j = Σ_{i: π(i)=j} c_i per school, with the Range#ED = max_j ED_j − min_j ED_j bracket."""
    report = _checked_report(district, plan)
    ax = axes(ax, (6, 4))
    colours = school_colours(district)
    schools = list(district.schools)
    ed = [report.ed[s] for s in schools]
    ax.bar(schools, ed, color=[colours[s] for s in schools], edgecolor="k", linewidth=0.8,
           label="_ed")
    for k, value in enumerate(ed):
        ax.annotate(fmt_ed(value), (k, value), xytext=(0, 3), textcoords="offset points",
                    ha="center", va="bottom", fontsize=8)
    hi, lo = max(ed), min(ed)
    right = len(schools) - 0.5
    ax.hlines([hi, lo], -0.5, right + 0.15, colors="k", linestyles="dashed", linewidth=1,
              label="_maxmin")
    ax.annotate("", (right + 0.1, lo), (right + 0.1, hi),
                arrowprops={"arrowstyle": "<->", "color": "k"})
    label = (f"Range#ED\n= {fmt_ed(report.range_ed)}" if report.complete
             else f"max − min\n= {fmt_ed(hi - lo)}\n(incomplete)")
    if hi - lo > 0.12 * max(hi, 1):  # beside the bracket
        ax.annotate(label, (right + 0.15, (hi + lo) / 2), ha="left", va="center", fontsize=9)
    else:  # a narrow bracket: below it, clear of the dashed lines and the bar labels
        ax.annotate(label, (right + 0.15, lo), xytext=(0, -6), textcoords="offset points",
                    ha="left", va="top", fontsize=9)
    ax.set_xlim(-0.6, right + 0.9)
    ax.set_ylim(0, 1.15 * max(hi, 1))
    ax.set(ylabel="ED students $ED_j$", title=title or "Economically disadvantaged per school")
    return ax
