"""Shared plumbing for the notebooks' self-checks: they print ✓ or a HINT.

A self-check returns ``True`` (✓) or ``False`` (a HINT was printed). For students it never raises.
Under ``ORVILLE_STRICT=1`` (the test suite sets it for the instructor's ``solutions/``) a failing
check raises :class:`SelfCheckFailed`, so a wrong solution notebook fails its test run.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import math
import os
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import numpy as np

from orville_case.core.errors import OrvilleError

F = TypeVar("F", bound=Callable[..., Any])


class SelfCheckFailed(OrvilleError):
    """A self-check failed while ``ORVILLE_STRICT=1`` (instructor notebooks, the test suite)."""


def strict() -> bool:
    """True when ``ORVILLE_STRICT`` is set to ``1`` (failing self-checks raise)."""
    return os.environ.get("ORVILLE_STRICT", "") == "1"


def selfcheck(fn: F) -> F:
    """Decorator for every self-check: under :func:`strict`, a ``False`` result raises."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ok = fn(*args, **kwargs)
        if ok is False and strict():
            raise SelfCheckFailed(f"{fn.__name__} failed (ORVILLE_STRICT=1): see the HINT above")
        return ok

    return wrapper  # type: ignore[return-value]


def call(fn: Callable[..., Any], *args: Any) -> tuple[Any, str | None]:
    """Run a student's function: ``(result, None)``, or ``(None, hint)`` if it raised.

    An unsolved exercise (``raise NotImplementedError()``) gets a hint to write the code, a Pyomo
    value read before solving a hint to solve first; any other exception is reported by type and
    message, so the check itself never crashes.
    """
    try:
        return fn(*args), None
    except NotImplementedError:
        return None, "HINT: replace `raise NotImplementedError()` with your code."
    except Exception as exc:  # noqa: BLE001  (a self-check reports, it does not crash)
        if "No value for uninitialized" in str(exc):  # Pyomo: a value read before any solve
            return None, ("HINT: a variable of your model has no value yet: call solve(m) before "
                          f"reading pyo.value(...) ({exc}).")
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
        print(f"HINT: return a number ({unit}): one number, not {type(got).__name__} "
              f"{str(got)[:40]!r}.")
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


@contextlib.contextmanager
def quiet_pyomo() -> Iterator[None]:
    """Silence Pyomo's own error log while a student's code runs (the hint says it all)."""
    log = logging.getLogger("pyomo")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)
