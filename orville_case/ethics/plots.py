"""The figure of notebook 04: a worksheet's alternatives against the exact frontier."""

from __future__ import annotations

import re
from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from orville_case.ethics.report import plain
from orville_case.ethics.worksheet import WorksheetDraft
from orville_case.zoning.biobjective import Point
from orville_case.zoning.frontier_plots import plot_frontier
from orville_case.zoning.plots import OVER

MINE = "#2ca02c"
_METRICS = re.compile(r"\s*\(EWD [^)]*\)$")


def short_name(name: str) -> str:
    """The label drawn for an alternative: its name without a trailing "(EWD …, Range#ED …)",
    which the axes already show (frontier points are named that way)."""
    return _METRICS.sub("", name) or name


def plot_alternatives(draft: WorksheetDraft, front: Sequence[Point], *,
                      ax: Axes | None = None) -> Axes:
    """The exact frontier drawn by :func:`frontier_plots.plot_frontier` (supported points filled,
    unsupported hollow) with its staircase; each complete alternative as a labelled dot,
    infeasible ones as red crosses, the recommended one circled."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 4.8), layout="constrained")
    pts = sorted(front, key=lambda p: p.f1)
    plot_frontier(pts, ax=ax, shade=False, legend=None)
    ax.step([p.f1 for p in pts], [p.f2 for p in pts], where="post", color="0.6", lw=1, zorder=1)
    drawn = {"feasible": False, "infeasible": False}
    xs = [p.f1 for p in pts] + [r.ewd for r in map(draft.report, draft.alternatives)
                                if r.complete]
    middle = (min(xs) + max(xs)) / 2 if xs else 0.0
    for k, name in enumerate(draft.alternatives):
        r = draft.report(name)
        if not r.complete:
            continue
        kind = "feasible" if r.feasible else "infeasible"
        style = ({"marker": "o", "s": 110, "facecolor": "none", "edgecolor": MINE}
                 if r.feasible else {"marker": "x", "s": 60, "color": OVER})
        ax.scatter(r.ewd, r.range_ed, linewidth=1.8, zorder=3.5, **style,
                   label=("_" if drawn[kind] else "") + f"your alternative ({kind})")
        drawn[kind] = True
        if name == draft.recommended:
            ax.scatter(r.ewd, r.range_ed, s=260, facecolors="none", edgecolors="k", lw=1.8,
                       zorder=4, label="recommended")
        right = r.ewd > middle  # labels point inwards so they stay inside the axes
        ax.annotate(plain(short_name(name)), (r.ewd, r.range_ed),
                    xytext=(-7 if right else 7, 7 if k % 2 else -13), textcoords="offset points",
                    fontsize=8, ha="right" if right else "left",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                          "alpha": 0.8})
    ax.set_title("Your alternatives and the EWD / Range#ED frontier")
    ax.grid(alpha=0.3)
    ax.autoscale()  # plot_frontier fixed the limits to the frontier; the alternatives widen them
    ax.margins(x=0.06, y=0.1)
    ax.legend(fontsize=8, loc="upper right")
    return ax
