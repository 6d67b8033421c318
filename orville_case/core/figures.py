"""Figure helpers shared by every part of the course (zoning, ethics, MSD, rehab)."""

from __future__ import annotations

import base64
import io

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure


def axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """``ax``, or the axes of a new figure of ``size`` inches (every course figure's start)."""
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def png_base64(fig: Figure, dpi: int = 110) -> str:
    """``fig`` as base64-encoded PNG text, for a self-contained HTML ``<img src="data:...">``."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return base64.b64encode(buf.getvalue()).decode("ascii")
