"""Shared plumbing for the notebooks' self-checks: they print ✓ or a HINT and never raise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


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
