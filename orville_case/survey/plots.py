"""The Figure-1-style chart: pre and post answer frequencies per item as diverging stacked bars.

Each bar is one phase of one item, split into the five answers as percentages of that phase's
respondents. Bars are centred on the middle of "neutral": disagreement extends left, agreement
right, so a shift to the right between the pre and post bar is the change the article's Figure 1
shows.
"""

from __future__ import annotations

import math
import textwrap

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from orville_case.core.figures import axes
from orville_case.survey.analysis import SurveyResult
from orville_case.survey.instrument import SCALE

COLOURS = {1: "#ca0020", 2: "#f4a582", 3: "#d4d4d4", 4: "#92c5de", 5: "#0571b0"}
_DARK = {1, 5}  # white text on these


def _shares(counts: dict[int, int], n: int) -> dict[int, float]:
    return {v: 100 * counts[v] / n for v in SCALE}


def _reach(result: SurveyResult) -> tuple[float, float]:
    """How far bars reach left and right of the centre, each rounded up to 25 %."""
    neutral = sorted(SCALE)[len(SCALE) // 2]
    left = right = 25.0
    for item in result.items:
        for counts, n in ((item.counts_pre, item.n_pre), (item.counts_post, item.n_post)):
            if n:
                share = _shares(counts, n)
                half = share[neutral] / 2
                left = max(left, half + sum(share[v] for v in SCALE if v < neutral))
                right = max(right, half + sum(share[v] for v in SCALE if v > neutral))
    return tuple(min(100.0, 25 * math.ceil(x / 25)) for x in (left, right))


def plot_responses(result: SurveyResult, ax: Axes | None = None, title: str = "") -> Axes:
    """Diverging stacked bars, two per item (pre above post), percentages written in the bars."""
    ax = axes(ax, (10, 1.9 * len(result.items) + 1.2))
    reach_left, reach_right = _reach(result)
    ticks, labels = [], []
    neutral = sorted(SCALE)[len(SCALE) // 2]
    for k, item in enumerate(result.items):
        top = 3.2 * k
        ax.text(-reach_left, top, textwrap.fill(f"Item {k + 1} ({item.item}): {item.text}", 100),
                fontsize=9, va="center", ha="left", style="italic", zorder=3,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
        for y, phase, counts, n in ((top + 1, "pre", item.counts_pre, item.n_pre),
                                    (top + 2, "post", item.counts_post, item.n_post)):
            ticks.append(y)
            labels.append(f"{phase} (n = {n})")
            if n == 0:
                continue
            share = _shares(counts, n)
            left = -sum(share[v] for v in SCALE if v < neutral) - share[neutral] / 2
            for v in SCALE:
                ax.barh(y, share[v], left=left, height=0.8, color=COLOURS[v],
                        edgecolor="white", linewidth=0.5, zorder=2)
                if share[v] >= 5:
                    ax.text(left + share[v] / 2, y, f"{share[v]:.0f}%", ha="center",
                            va="center", fontsize=8, zorder=3,
                            color="white" if v in _DARK else "black")
                left += share[v]
    ax.axvline(0, color="black", linewidth=0.8, zorder=1)
    ax.set_yticks(ticks, labels, fontsize=9)
    ax.set_ylim(3.2 * len(result.items) - 0.6, -0.7)
    ax.set_xlim(-reach_left, reach_right)
    steps = list(range(-int(reach_left), int(reach_right) + 1, 25))
    ax.set_xticks(steps, [f"{abs(t)}%" for t in steps])
    ax.set_xlabel("share of respondents   ← disagree | agree →   (neutral split at the centre)")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.legend([Patch(color=COLOURS[v]) for v in SCALE],
              [f"{v} = {label}" for v, label in SCALE.items()], ncol=len(SCALE),
              loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, fontsize=9,
              title=title or None)
    return ax


def responses_figure(result: SurveyResult, title: str = "") -> Figure:
    """:func:`plot_responses` on a figure of its own (no pyplot state: safe in the CLI)."""
    fig = Figure(figsize=(10, 1.9 * len(result.items) + 1.2), layout="constrained")
    plot_responses(result, fig.subplots(), title)
    return fig
