"""Figures of the biobjective zoning problem: the frontier in objective space.

Axes: f₁ = EWD (student-miles) across, f₂ = Range#ED (students) up; lower-left is better.
:func:`plot_frontier` is the one drawing of a frontier in the course (notebook 03, the frontier
explorer, the grading report):

* the nondominated points from ε-constraint, *supported* ones filled (optimal for some weighted
  sum min λ₁f₁ + λ₂f₂, λ > 0: they lie on the lower-left convex hull) and *unsupported* ones
  hollow (no weighted sum finds them);
* the staircase of the dominated region (everything some frontier point beats), shaded;
* optionally the points a weighted-sum sweep found (rings), the lower-left convex hull, the ideal
  point zᴵ = (min f₁, min f₂) and nadir point zᴺ, a highlighted point, and extra labelled plans
  (e.g. the current plan, a student's alternatives).

:func:`plot_weighted_sum_line` adds the geometry of one weighted sum: the line
λ₁f₁ + λ₂f₂ = min over the frontier, which touches the frontier only on the convex hull.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from orville_case.core.errors import OrvilleError, Problem
from orville_case.zoning.biobjective import Point, label_supported

SUPPORTED = "#08519c"
UNSUPPORTED = "#e6550d"
WEIGHTED = "#6a51a3"
IDEAL, NADIR = "#1b7837", "#b2182b"
EXTRA_MARKERS = ("D", "P", "v", "^", "s", "X", "h")
EXTRA_COLOURS = ("#7f7f7f", "#bcbd22", "#17becf", "#8c564b", "#e377c2", "#2ca02c", "#9467bd")


def plot_frontier(frontier: Sequence[Point], *, ax: Axes | None = None,
                  weighted: Iterable[Point] = (),
                  ideal: tuple[float, float] | None = None,
                  nadir: tuple[float, float] | None = None,
                  extra: Mapping[str, tuple[float, float]] | None = None,
                  highlight: Point | None = None, hull: bool = False, numbers: bool = False,
                  shade: bool = True, legend: str | None = "outside", title: str = "") -> Axes:
    """Draw the frontier (see module docstring) and return the Axes.

    ``weighted``: points found by a weighted-sum sweep (drawn as rings around their frontier
    point). ``extra``: label → (EWD, Range#ED) of other plans. ``numbers`` writes 1, 2, … next to
    the frontier points in EWD order (the numbering of :class:`FrontierExplorer`). ``legend``:
    ``"outside"`` (right of the axes, never hiding a point), ``"inside"`` (upper right) or
    ``None``. Axis limits cover everything drawn.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(9.5, 4.8), layout="constrained")
    pts = label_supported(list(frontier))  # sorted by f₁, each marked (un)supported
    xs, ys = [p.f1 for p in pts], [p.f2 for p in pts]
    extra = dict(extra or {})
    all_x = xs + [v[0] for v in extra.values()] + [z[0] for z in (ideal, nadir) if z]
    all_y = ys + [v[1] for v in extra.values()] + [z[1] for z in (ideal, nadir) if z]
    if not pts and not all_x:
        raise OrvilleError(Problem("nothing to draw: the frontier is empty and no other point "
                                   "was given", fix="pass the points of frontier(district)"))
    if pts and shade:
        far_x = xs[-1] + 10 * (max(all_x) - min(all_x) + 1)  # the region extends without end
        top = max(all_y) + 10 * (max(all_y) - min(all_y) + 1)
        ax.fill_between(xs + [far_x], ys + [ys[-1]], top, step="post", color="#eeeeee",
                        zorder=0, label="dominated region")
        ax.step(xs + [far_x], ys + [ys[-1]], where="post", color="#999999", lw=0.8, zorder=1)
        ax.vlines(xs[0], ys[0], top, color="#999999", lw=0.8, zorder=1)
    sup = [p for p in pts if p.supported]
    uns = [p for p in pts if not p.supported]
    if hull and len(sup) > 1:  # supported points in f₁ order trace the lower-left hull
        ax.plot([p.f1 for p in sup], [p.f2 for p in sup], color=SUPPORTED, ls="--",
                lw=1.2, zorder=1.5, label="convex hull (all weighted sums can reach)")
    ax.scatter([p.f1 for p in sup], [p.f2 for p in sup], s=40, color=SUPPORTED, zorder=3,
               label=f"ε-constraint: supported ({len(sup)})")
    ax.scatter([p.f1 for p in uns], [p.f2 for p in uns], s=40, facecolor="white",
               edgecolor=UNSUPPORTED, linewidth=1.6, zorder=3,
               label=f"ε-constraint: unsupported ({len(uns)})")
    found = {(p.f1, p.f2) for p in weighted}
    if found:
        ax.scatter([f[0] for f in found], [f[1] for f in found], s=190, facecolor="none",
                   edgecolor=WEIGHTED, linewidth=1.5, zorder=2.5,
                   label=f"found by the weighted sums ({len(found)})")
    if numbers:
        for k, p in enumerate(pts, 1):
            ax.annotate(str(k), (p.f1, p.f2), xytext=(6, 5), textcoords="offset points",
                        fontsize=8, color="#333333", zorder=4)
    if ideal:
        ax.scatter(*ideal, marker="*", s=230, color=IDEAL, edgecolor="black", linewidth=0.6,
                   zorder=4, label=f"ideal $z^I$ = ({ideal[0]:,.0f}, {ideal[1]:g})")
    if nadir:
        ax.scatter(*nadir, marker="X", s=120, color=NADIR, edgecolor="black", linewidth=0.6,
                   zorder=4, label=f"nadir $z^N$ = ({nadir[0]:,.0f}, {nadir[1]:g})")
    for k, (label, (x, y)) in enumerate(extra.items()):
        ax.scatter([x], [y], marker=EXTRA_MARKERS[k % len(EXTRA_MARKERS)], s=90,
                   color=EXTRA_COLOURS[k % len(EXTRA_COLOURS)], edgecolor="black",
                   linewidth=0.6, zorder=4, label=label)
    if highlight is not None:
        ax.scatter([highlight.f1], [highlight.f2], s=420, facecolor="none", edgecolor="black",
                   linewidth=2.2, zorder=5, label="selected")
    padx = 0.07 * (max(all_x) - min(all_x) or max(1.0, abs(all_x[0])))
    pady = 0.09 * (max(all_y) - min(all_y) or 1.0)
    ax.set_xlim(min(all_x) - padx, max(all_x) + padx)
    ax.set_ylim(min(0, min(all_y)) - pady, max(all_y) + pady)
    ax.set(xlabel="EWD (student-miles)  →  shorter trips are left",
           ylabel="Range#ED (students)  →  fairer is down", title=title)
    if legend == "outside":
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    elif legend == "inside":
        ax.legend(fontsize=8, loc="upper right", framealpha=0.92)
    elif legend is not None:
        raise OrvilleError(Problem(f"legend={legend!r}", fix="use legend='outside', 'inside' "
                                   "or None"))
    return ax


def plot_weighted_sum_line(frontier: Sequence[Point], w1: float, w2: float, *, ax: Axes,
                           colour: str = WEIGHTED, label: str | None = None) -> Point:
    """Draw the line w₁f₁ + w₂f₂ = c* with c* = min over the frontier, and return its minimiser.

    Every point on or above the line has w₁f₁ + w₂f₂ ≥ c*: sliding the line down-left, the first
    frontier point it touches is the weighted-sum optimum, always a vertex (or edge) of the hull.
    """
    if w1 <= 0 or w2 <= 0:
        raise OrvilleError(Problem(f"weights w1={w1}, w2={w2}", fix="both weights must be > 0"))
    best = min(frontier, key=lambda p: (w1 * p.f1 + w2 * p.f2, p.f1))
    level = w1 * best.f1 + w2 * best.f2
    (x0, x1), ylim = ax.get_xlim(), ax.get_ylim()
    ax.plot([x0, x1], [(level - w1 * x0) / w2, (level - w1 * x1) / w2], color=colour, lw=1.2,
            ls=":", zorder=1.6,
            label=label or f"{w1:.3g}·EWD + {w2:.3g}·Range#ED = {level:,.0f}")
    ax.set(xlim=(x0, x1), ylim=ylim)
    return best
