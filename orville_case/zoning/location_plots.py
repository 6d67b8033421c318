"""Figures for the location notebook: a decision on the map with the unused candidate sites,
and the frontiers of the location problem and of the fixed-site problem side by side."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes

from orville_case.core.figures import axes
from orville_case.zoning.biobjective import Point
from orville_case.zoning.data import District
from orville_case.zoning.location import Decision, open_district
from orville_case.zoning.plots import plot_map


def plot_decision(ld: District, decision: Decision, new: Sequence[str], *, ax: Axes | None = None,
                  title: str = "") -> Axes:
    """The decision's plan on the map (open schools ★) and the unused candidate sites (☆)."""
    ax = axes(ax, (8.5, 4.8))
    plot_map(open_district(ld, decision.open), decision.plan, ax=ax, title=title or (
        f"open: {', '.join(decision.open)} · EWD {decision.ewd:,.1f} · "
        f"Range#ED {decision.range_ed:g}"))
    unused = [k for k in new if k not in decision.open]
    for k in unused:
        lat, lon = ld.school_coords[k]
        ax.scatter(lon, lat, marker="*", s=160, facecolor="white", edgecolor="grey", zorder=2.5)
        ax.annotate(k, (lon, lat), xytext=(0, 9), textcoords="offset points", fontsize=7,
                    color="grey", ha="center", va="bottom")
    ax.scatter([], [], marker="*", s=160, facecolor="white", edgecolor="grey",
               label="unused candidate site")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return ax


def plot_frontiers(fronts: Mapping[str, Sequence[Point]], *, ax: Axes | None = None,
                   title: str = "") -> Axes:
    """Several (EWD, Range#ED) frontiers as staircases with their points, one colour each."""
    ax = axes(ax, (9.5, 4.8))
    for k, (label, front) in enumerate(fronts.items()):
        pts = sorted(front, key=lambda p: p.f1)
        colour = f"C{k}"
        ax.step([p.f1 for p in pts], [p.f2 for p in pts], where="post", c=colour, lw=1, alpha=0.6)
        ax.scatter([p.f1 for p in pts], [p.f2 for p in pts], c=colour, s=40, zorder=3,
                   edgecolors="k", label=f"{label} ({len(pts)} points)")
    ax.set(xlabel="EWD (student-miles)  →  shorter trips are left",
           ylabel="Range#ED (students)  →  fairer is down", title=title)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper right", fontsize=8)
    return ax
