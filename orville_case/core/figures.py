"""Figure helpers shared by every part of the course (zoning, ethics, MSD, rehab)."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes


def axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """``ax``, or the axes of a new figure of ``size`` inches (every course figure's start)."""
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax
