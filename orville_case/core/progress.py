"""Progress feedback for anything slower than a few seconds (sweeps, frontiers, GA runs).

In Jupyter a small ipywidgets bar is shown; elsewhere (CLI, tests) a line on stderr is updated,
or nothing at all when ``quiet`` is set.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def in_notebook() -> bool:
    """True inside a Jupyter kernel (where widgets can be displayed)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and shell.__class__.__name__ == "ZMQInteractiveShell"


class Progress:
    """A counter with a label: ``with Progress(10, "sweep") as p: ... p.advance("eps=3")``."""

    def __init__(self, total: int | None, label: str, *, quiet: bool = False):
        self.total, self.label, self.quiet, self.done = total, label, quiet, 0
        self._bar = None
        if not quiet and in_notebook():
            import ipywidgets as widgets
            from IPython.display import display

            self._bar = widgets.IntProgress(value=0, min=0, max=max(total or 1, 1),
                                            description=label[:20])
            self._text = widgets.Label("")
            display(widgets.HBox([self._bar, self._text]))

    def advance(self, note: str = "") -> None:
        self.done += 1
        if self.quiet:
            return
        of = f"/{self.total}" if self.total else ""
        if self._bar is not None:
            if self.total is None or self.done > self._bar.max:
                self._bar.max = self.done
            self._bar.value = self.done
            self._text.value = f"{self.done}{of} {note}"
        else:
            print(f"\r{self.label}: {self.done}{of} {note}".ljust(60), end="", file=sys.stderr)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.bar_style = "danger" if exc[0] else "success"
        elif not self.quiet and self.done:
            print(file=sys.stderr)


def track(items: Iterable[T], label: str, *, total: int | None = None,
          quiet: bool = False) -> Iterator[T]:
    """Iterate over ``items`` while showing progress."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with Progress(total, label, quiet=quiet) as bar:
        for item in items:
            yield item
            bar.advance()
