"""Pictures that make a three-objective frontier readable: 2-D slices, a 3-D scatter, parallel
coordinates, and the minority share of each school along the frontier.

``front`` is a sequence of points with ``.ewd .range_ed .range_minority .plan`` (as returned by
:func:`orville_case.zoning.triobjective.frontier3`); points are numbered 1.. in the given order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from orville_case.core.figures import axes
from orville_case.zoning.data import District
from orville_case.zoning.minority import minority_shares
from orville_case.zoning.plots import school_colours

NAMES = ("EWD (student-miles)", "Range#ED (students)", "Range#Minority (students)")


def values(front: Sequence[Any]) -> np.ndarray:
    """The points as a (points × 3) array: EWD, Range#ED, Range#Minority."""
    return np.array([[p.ewd, p.range_ed, p.range_minority] for p in front], dtype=float)


def plot_slices(front: Sequence[Any], *, extra: Mapping[str, tuple] | None = None) -> Figure:
    """Three 2-D views, one per pair of objectives, the third as colour; points numbered."""
    f = values(front)
    fig, axs = plt.subplots(1, 3, figsize=(15, 4.6), layout="constrained")
    for ax, (a, b, c) in zip(axs, [(0, 1, 2), (0, 2, 1), (1, 2, 0)], strict=True):
        sc = ax.scatter(f[:, a], f[:, b], c=f[:, c], cmap="viridis", s=60, edgecolors="k",
                        zorder=3)
        for k, row in enumerate(f, 1):
            ax.annotate(str(k), (row[a], row[b]), xytext=(4, 4), textcoords="offset points",
                        fontsize=8)
        for label, point in (extra or {}).items():
            ax.scatter(point[a], point[b], marker="X", s=90, c="crimson", zorder=4, label=label)
        ax.set(xlabel=NAMES[a], ylabel=NAMES[b])
        ax.grid(alpha=0.3)
        fig.colorbar(sc, ax=ax, label=NAMES[c], shrink=0.85)
    if extra:
        axs[0].legend(fontsize=8, loc="upper right")
    fig.suptitle("The 3-D frontier seen along each axis (colour = the third objective)")
    return fig


def plot_3d(front: Sequence[Any]) -> Any:
    """A 3-D scatter with a drop line from each point to the EWD / Range#ED floor."""
    f = values(front)
    fig = plt.figure(figsize=(8, 6.5), layout="constrained")
    ax = fig.add_subplot(projection="3d")
    floor = f[:, 2].min() - 0.05 * np.ptp(f[:, 2])
    for row in f:
        ax.plot([row[0]] * 2, [row[1]] * 2, [floor, row[2]], c="grey", lw=0.7)
    ax.scatter(f[:, 0], f[:, 1], f[:, 2], c=f[:, 2], cmap="viridis", s=50, edgecolors="k",
               depthshade=False)
    for k, row in enumerate(f, 1):
        ax.text(row[0], row[1], row[2], f" {k}", fontsize=8)
    ax.set(xlabel="EWD", ylabel="Range#ED", zlabel="Range#Minority",
           zlim=(floor, f[:, 2].max() * 1.02))
    ax.view_init(elev=22, azim=-58)
    ax.set_title("The exact 3-D frontier (drop lines to the floor)")
    return ax


def plot_parallel(front: Sequence[Any], *, highlight: Sequence[int] = (),
                  ax: Any = None) -> Any:
    """Parallel coordinates: one line per point over the three objectives, each axis scaled
    from its best (bottom) to its worst (top) value on the frontier; ``highlight`` = 1-based
    point numbers drawn bold and labelled."""
    f = values(front)
    lo, hi = f.min(axis=0), f.max(axis=0)
    scaled = (f - lo) / np.where(hi > lo, hi - lo, 1)
    ax = axes(ax, (9, 4.8))
    for k, row in enumerate(scaled, 1):
        bold = k in highlight
        ax.plot(range(3), row, marker="o", lw=2.5 if bold else 1, alpha=1 if bold else 0.35,
                c=plt.cm.tab10(highlight.index(k) % 10) if bold else "grey",
                label=f"point {k}" if bold else None, zorder=3 if bold else 2)
    ax.set_xticks(range(3), NAMES)
    for j in range(3):
        ax.axvline(j, c="k", lw=0.8)
        ax.annotate(f"{lo[j]:,.1f}", (j, 0), xytext=(5, -12), textcoords="offset points",
                    fontsize=8)
        ax.annotate(f"{hi[j]:,.1f}", (j, 1), xytext=(5, 4), textcoords="offset points",
                    fontsize=8)
    ax.set(ylabel="best (0) … worst (1) on the frontier", ylim=(-0.12, 1.12),
           title="Parallel coordinates: every frontier point is one line")
    if highlight:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return ax


def plot_minority_shares(district: District, front: Sequence[Any], *,
                         reference: Mapping[str, Mapping[str, str]] | None = None,
                         ax: Any = None) -> Any:
    """Minority share M_j / L_j of each school for every frontier point (x = point number), the
    district share as a dashed line, and ``reference`` plans (name → plan) at the right."""
    ax = axes(ax, (10, 4.4))
    colours = school_colours(district)
    rows = [(str(k), p.plan) for k, p in enumerate(front, 1)]
    rows += list((reference or {}).items())
    for x, (_, plan) in enumerate(rows):
        for s, share in minority_shares(district, plan).items():
            ax.scatter(x, 100 * share, c=colours[s], s=45, edgecolors="k", zorder=3,
                       label=s if x == 0 else None)
    total = 100 * sum(district.minority.values()) / sum(district.students.values())
    ax.axhline(total, ls="--", c="k", lw=1, label=f"district {total:.1f} %")
    ax.set_xticks(range(len(rows)), [name for name, _ in rows], rotation=0, fontsize=8)
    ax.set(xlabel="frontier point (and reference plans)", ylabel="minority share of school (%)",
           title="How much can the schools' racial/ethnic composition change?")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return ax
