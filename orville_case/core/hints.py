"""Levelled hints for self-study: each call shows the next level, never the whole answer at once.

A topic module keeps one table ``{exercise: [idea, skeleton, key line]}`` and exposes
``hint = Hints(TABLE)``; in a notebook ``hint("ewd_model")`` prints level 1, the next call level 2,
and so on; ``hint("ewd_model", level=1)`` shows a level again. The last level is the strongest
help, still not a pasted solution.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from orville_case.core.errors import OrvilleError


class HintText(str):
    """A hint's text: a ``str`` that Jupyter does not echo as ``Out[..]`` (it is already printed,
    so ``hint("x")`` as a cell's last line would otherwise show the hint twice)."""

    def _ipython_display_(self) -> None:
        """Show nothing: :meth:`Hints.__call__` has printed the text."""


class Hints:
    """Hints by exercise, each a list of levels shown one at a time."""

    def __init__(self, table: Mapping[str, Sequence[str]]):
        self.table = {k: list(v) for k, v in table.items()}
        self.shown: dict[str, int] = {}

    def __call__(self, exercise: str, level: int | None = None) -> str:
        """Print (and return) the next hint level of ``exercise`` (or level ``level``, 1-based)."""
        if exercise not in self.table:
            raise OrvilleError(f"no hints for '{exercise}' (fix: use one of "
                               f"{', '.join(sorted(self.table))})")
        levels = self.table[exercise]
        if level is None:
            level = min(self.shown.get(exercise, 0) + 1, len(levels))
        if not 1 <= level <= len(levels):
            raise OrvilleError(f"'{exercise}' has hint levels 1..{len(levels)}, not {level}")
        self.shown[exercise] = max(self.shown.get(exercise, 0), level)
        text = HintText(f"Hint {level}/{len(levels)} ({exercise}): {levels[level - 1]}")
        print(text)
        return text
