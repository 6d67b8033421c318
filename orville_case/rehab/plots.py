"""Figures of notebook 06: GA convergence and rate schedule, spending per student, value vs
budget, categories."""

from __future__ import annotations

import numpy as np
import pandas as pd

from orville_case.core.figures import axes
from orville_case.rehab.model import Instance

_GROUPS = {"per_students": ("all students", "o", "tab:blue"),
           "per_ell": ("English-language learners", "^", "tab:orange"),
           "per_low_income": ("low-income students", "s", "tab:green")}


def plot_convergence(history: pd.DataFrame, optimum: float, ax=None, title: str = "",
                     ylabel: str = "objective"):
    """Best and mean (feasible chromosomes) objective per generation as a share of the exact
    optimum (cf. thesis Fig. 13)."""
    ax = axes(ax, (8, 4))
    ax.plot(history["generation"], 100 * history["best"] / optimum, label="best in generation")
    ax.plot(history["generation"], 100 * history["mean"] / optimum, alpha=0.7,
            label="mean of the affordable chromosomes")
    ax.axhline(100, color="k", ls="--", lw=1, label="exact optimum (DP = MILP)")
    ax.set(xlabel="generation", ylabel=f"{ylabel}, % of the exact optimum",
           title=title or "GA convergence")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_rates(schedule: pd.DataFrame, ax=None, title: str = ""):
    """Crossover and mutation probabilities per generation, :math:`P(1 - n/M)`; two y-axes
    scaled differently so the two lines stay apart."""
    ax = axes(ax, (6, 4))
    ax.plot(schedule["generation"], schedule["p_c"], label="crossover $P_c^n$ (per pair), left")
    ax.set(xlabel="generation n", ylabel="crossover probability per pair",
           ylim=(0, 1.05 * schedule["p_c"].max() * 1.25), title=title or "Decreasing rates")
    right = ax.twinx()
    right.plot(schedule["generation"], schedule["p_m"], color="tab:red", ls="--",
               label="mutation $P_m^n$ (per bit), right")
    right.set(ylabel="mutation probability per bit", ylim=(0, 2.1 * schedule["p_m"].max()))
    right.tick_params(axis="y", colors="tab:red")
    lines = ax.get_lines() + right.get_lines()
    ax.legend(lines, [line.get_label() for line in lines], loc="upper right", fontsize=8)
    return ax


def plot_spending_per_student(per: pd.DataFrame, ax=None, title: str = ""):
    """Funded dollars per student of each group, school by school, log scale (Figs. 15-16)."""
    ax = axes(ax, (11, 4.5))
    for column, (label, marker, color) in _GROUPS.items():
        ax.scatter(per["no"], per[column], marker=marker, s=18, color=color, label=label)
    ax.set_yscale("log")
    ticks = np.arange(1, per["no"].max() + 1, 5)
    ax.set_xticks(ticks, [str(t) for t in ticks])
    ax.set(xlabel="school number in Table 10 (funded $ / group size; schools with none omitted)",
           ylabel="funded $ per student of the group",
           title=title or "Spending per student, per ELL and per low-income student")
    ax.grid(axis="y", which="major", alpha=0.3)
    ax.legend(loc="upper left", fontsize=8, ncols=3)
    return ax


def plot_value_curve(instance: Instance, dp_best: np.ndarray, unit: int, sweep: pd.DataFrame,
                     budget: float, ax=None):
    """Optimal value vs budget: the DP's whole curve (one pass) and the MILP sweep's points."""
    ax = axes(ax, (8, 4.5))
    total = instance.items["value"].sum()
    budgets = np.arange(len(dp_best)) * unit / 1e6
    ax.plot(budgets, 100 * dp_best / total, lw=1.5, label="DP: every budget in one pass")
    ax.plot(sweep["budget"] / 1e6, 100 * sweep["objective"] / total, "o", ms=5,
            label="MILP: one solve per budget")
    ax.axvline(budget / 1e6, color="k", ls="--", lw=1)
    ax.annotate(f"thesis budget ${budget / 1e6:.0f}M", (budget / 1e6, 8), xytext=(-5, 0),
                textcoords="offset points", ha="right")
    ax.set(xlabel="budget ($ million)", ylabel="% of the value of all projects",
           title="What each extra dollar buys", ylim=(0, 102))
    ax.legend(loc="lower right")
    return ax


def plot_categories(instance: Instance, selections: dict[str, np.ndarray], ax=None):
    """Share of each category's requested dollars that a selection funds."""
    ax = axes(ax, (9, 4))
    labels = instance.items.drop_duplicates("category")["label"].tolist()
    requested = instance.items.groupby("category", sort=False)["cost"].sum()
    width = 0.8 / len(selections)
    for k, (name, x) in enumerate(selections.items()):
        funded = instance.items.assign(f=np.where(x, instance.costs, 0.0)).groupby(
            "category", sort=False)["f"].sum()
        ax.bar(np.arange(len(labels)) + (k - (len(selections) - 1) / 2) * width,
               100 * funded / requested, width, label=name)
    ax.set_xticks(np.arange(len(labels)), labels, rotation=15)
    ax.set(ylabel="% of requested $ funded", ylim=(0, 105), title="Which categories get funded")
    ax.legend(fontsize=8, loc="upper right")
    return ax
