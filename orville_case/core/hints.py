"""Levelled hints for self-study: each call shows the next level, never the whole answer at once.

A topic module keeps one table ``{exercise: [idea, skeleton, key line]}`` and exposes
``hint = Hints(TABLE)``; in a notebook ``hint("ewd_model")`` prints level 1, the next call level 2,
and so on; ``hint("ewd_model", level=1)`` shows a level again. The last level is the strongest
help, still not a pasted solution.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class HintText(str):
    """The text of a hint, already printed: a notebook cell ending in ``hint("x")`` shows it once,
    not a second time as the cell's quoted value."""

    def _ipython_display_(self) -> None:
        pass


class Hints:
    """Hints by exercise, each a list of levels shown one at a time."""

    def __init__(self, table: Mapping[str, Sequence[str]]):
        self.table = {k: list(v) for k, v in table.items()}
        self.shown: dict[str, int] = {}

    def __call__(self, exercise: str, level: int | None = None) -> HintText:
        """Print the next hint level of ``exercise`` (or level ``level``, 1-based) and return it
        (a :class:`HintText`, so the notebook does not display it a second time). A name or level
        that does not exist prints one line saying which ones do (a typo in a notebook cell is
        not worth a traceback)."""
        if exercise not in self.table:
            return _say(f"There are no hints named '{exercise}': use one of "
                        f"{', '.join(repr(k) for k in sorted(self.table))}.")
        levels = self.table[exercise]
        if level is None:
            level = min(self.shown.get(exercise, 0) + 1, len(levels))
        if not isinstance(level, int) or not 1 <= level <= len(levels):
            return _say(f"'{exercise}' has hint levels 1 to {len(levels)}, not {level!r}.")
        self.shown[exercise] = max(self.shown.get(exercise, 0), level)
        return _say(f"Hint {level}/{len(levels)} ({exercise}): {levels[level - 1]}")


def _say(line: str) -> HintText:
    """Print ``line`` and return it as a :class:`HintText`."""
    text = HintText(line)
    print(text)
    return text
