"""Shared plumbing for the notebooks' self-checks: they print ✓ or a HINT and never raise."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np


def call(fn: Callable[..., Any], *args: Any) -> tuple[Any, str | None]:
    """Run a student's function: ``(result, None)``, or ``(None, hint)`` if it raised.

    An unsolved exercise (``raise NotImplementedError()``) gets a hint to write the code; any
    other exception is reported by type and message, so the check itself never crashes.
    """
    try:
        return fn(*args), None
    except NotImplementedError:
        return None, "HINT: replace `raise NotImplementedError()` with your code."
    except Exception as exc:  # noqa: BLE001  (a self-check reports, it does not crash)
        return None, f"HINT: your function raised {type(exc).__name__}: {exc}"


def number(value: Any) -> float | None:
    """``value`` as a finite float, or ``None`` (a string, ``None``, NaN, a list, ...)."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def answer(fn: Callable[..., Any], *args: Any, unit: str) -> float | None:
    """``fn(*args)`` as a number, or ``None`` after printing a hint (it raised, or no number)."""
    got, hint = call(fn, *args)
    if hint:
        print(hint)
        return None
    x = number(got)
    if x is None:
        print(f"HINT: return a number ({unit}): one number, not a {type(got).__name__}.")
    return x


def numbers(value: Any) -> np.ndarray | None:
    """``value`` as an array of finite floats (any shape), or ``None`` after printing a hint."""
    try:
        x = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        print(f"HINT: return numbers (a numpy array); you returned {type(value).__name__}.")
        return None
    if not np.isfinite(x).all():
        print("HINT: some of your numbers are NaN or infinite: check for a division by zero.")
        return None
    return x
