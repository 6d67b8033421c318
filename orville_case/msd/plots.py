"""Figures for notebook 05 (the poster's Figs. 1-4 and a few more). Each returns its Axes."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from orville_case.core.figures import axes
from orville_case.msd.model import LABELS, MSDModel, Solution

COLORS = {"race": "tab:blue", "ratio": "tab:orange", "revenue": "tab:green"}


def plot_history(solution: Solution, ax: Axes | None = None) -> Axes:
    """Fig. 1: each term's mean MSD relative to the status quo, and F / F(start), per iteration.

    Log scale: SLSQP's intermediate iterates may break constraints (e.g. nearly empty a
    district), where revenue per student and so F shoot up for an iteration or two.
    """
    ax = axes(ax, (7, 4))
    h = solution.history
    for k in [c for c in h.columns if c not in ("iteration", "objective")]:
        ax.plot(h["iteration"], h[k], label=LABELS.get(k, k), color=COLORS.get(k))
    ax.plot(h["iteration"], h["objective"] / h["objective"].iloc[0], "k--",
            label="F / F at the start")
    ax.set_yscale("log")
    ax.set(xlabel=f"{solution.method} iteration", ylabel="MSD / MSD of the status quo (log)",
           title=f"Solver progress at p = {solution.p:g} ({solution.method})")
    ax.legend()
    return ax


def plot_sweep(table: pd.DataFrame, ax: Axes | None = None, terms: list[str] | None = None
               ) -> Axes:
    """Fig. 2: each term's mean MSD relative to the status quo, against the bound p."""
    ax = axes(ax, (7, 4))
    for k in terms or [c for c in LABELS if c in table.columns]:
        ax.plot(table["p"], table[k], "o-", label=LABELS.get(k, k), color=COLORS.get(k))
    ax.set(xlabel="p (largest share of all students moved)",
           ylabel="MSD / MSD of the status quo", ylim=(0, 1.05),
           title="Inequality left after the optimal move")
    ax.legend()
    return ax


def plot_district_msd(model: MSDModel, after: np.ndarray, term: str = "race",
                      ax: Axes | None = None) -> Axes:
    """Figs. 3-4 as bars: per-district MSD before and after, divided by the largest before."""
    ax = axes(ax, (8, 5.5))
    before = model.status_quo[term]
    now = model.raw(after)[term]
    order = np.argsort(before)
    y = np.arange(model.N)
    names = np.array(model.data.districts)[order]
    ax.barh(y + 0.2, before[order] / before.max(), 0.4, label="before", color="0.6")
    ax.barh(y - 0.2, now[order] / before.max(), 0.4, label="after",
            color=COLORS.get(term, "tab:blue"))
    ax.set_yticks(y, [n.replace(" Unified", "") for n in names])
    ax.set(xlabel=f"{LABELS.get(term, term)} / largest value before", xlim=(0, 1.05))
    ax.legend(loc="lower right")
    return ax


def plot_map(model: MSDModel, x: np.ndarray, term: str = "race", ax: Axes | None = None,
             title: str = "", vmax: float | None = None) -> Axes:
    """Schematic map: one disc per district at its (approximate) centre, area ∝ students after
    the move, colour = MSD of ``term`` / ``vmax``; grey lines join bordering districts."""
    data = model.data
    ax = axes(ax, (6, 6))
    if data.lat is None or data.lon is None:
        ax.text(0.5, 0.5, "no coordinates in this dataset", ha="center", transform=ax.transAxes)
        return ax
    lon, lat = data.lon, data.lat
    for i, j in zip(*np.nonzero(np.triu(data.adjacency)), strict=True):
        ax.plot(lon[[i, j]], lat[[i, j]], color="0.8", lw=1, zorder=1)
    values = model.raw(x)[term]
    vmax = vmax or model.status_quo[term].max()
    students = x.T @ model.S
    dots = ax.scatter(lon, lat, s=30 + 1500 * students / students.max(), c=values / vmax,
                      cmap="viridis", vmin=0, vmax=1, edgecolors="k", zorder=2)
    for k, name in enumerate(data.districts):
        ax.annotate(name.replace(" Unified", "").replace(" Valley Joint", ""), (lon[k], lat[k]),
                    fontsize=7, xytext=(4, 4), textcoords="offset points")
    ax.set_aspect(1 / np.cos(np.deg2rad(np.nanmean(lat))))
    ax.set(xlabel="longitude", ylabel="latitude", title=title)
    plt.colorbar(dots, ax=ax, shrink=0.7, label=f"{LABELS.get(term, term)} / largest before")
    return ax


def plot_multistart(solutions: list[Solution], ax: Axes | None = None) -> Axes:
    """Objective reached from each start (status quo first), sorted: spread = local optima."""
    ax = axes(ax, (7, 3.5))
    values = np.array([s.objective for s in solutions])
    order = np.argsort(values)
    ax.bar(range(len(values)), values[order],
           color=["tab:red" if solutions[k].start == "status quo" else "0.6" for k in order])
    ax.set_xticks(range(len(values)), [solutions[k].start for k in order], rotation=60,
                  ha="right", fontsize=8)
    spread = values.max() - values.min()
    ax.set_ylim(values.min() - max(spread, 1e-6), values.max() + max(spread, 1e-6))
    ax.ticklabel_format(axis="y", useOffset=False, style="plain")  # F itself, not "1e-6 + …"
    ax.set(ylabel="F at the solver's answer",
           title=f"{len(values)} starts ({solutions[0].method}): red = status quo")
    return ax


def plot_normalisations(table: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Grouped bars: each term's MSD relative to the status quo under each normalisation."""
    ax = axes(ax, (7, 3.5))
    terms = [c for c in LABELS if c in table.columns]
    width = 0.8 / len(terms)
    for k, t in enumerate(terms):
        ax.bar(np.arange(len(table)) + (k - (len(terms) - 1) / 2) * width, table[t], width,
               label=LABELS[t], color=COLORS[t])
    ax.set_xticks(range(len(table)), table.index)
    ax.axhline(1, color="k", lw=0.8)
    ax.set_yscale("log")
    ax.set(ylabel="MSD / MSD of the status quo (log)", xlabel="normalisation")
    ax.legend(fontsize=8)
    return ax
