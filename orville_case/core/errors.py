"""User-facing errors: each problem is one line naming file, row and field, plus the fix.

Every error a student or instructor can cause (bad CSV, unknown zone, infeasible bound, ...)
is raised as a :class:`OrvilleError`. The CLI prints it without a traceback; in a notebook it
shows as a short message. Row numbers are spreadsheet rows: the header is row 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    message: str
    file: str | None = None
    row: int | None = None
    field: str | None = None
    fix: str | None = None

    def __str__(self) -> str:
        where = [p for p in (self.file, f"row {self.row}" if self.row else None,
                             f"field '{self.field}'" if self.field else None) if p]
        text = (", ".join(where) + ": " if where else "") + self.message
        return f"{text} (fix: {self.fix})" if self.fix else text


#: At most this many problems are listed; the others are counted ("… and N more problems"),
#: so a 50 MB file full of errors gives a readable message, not millions of lines.
MAX_LISTED = 20


class Problems(list):
    """A list of :class:`Problem` that keeps the first :data:`MAX_LISTED` and counts the rest.

    ``more`` is how many were found beyond those listed; ``stopped`` names the places where
    reading stopped early (a file with thousands of problems is not read to its end). ``extend``
    with another :class:`Problems` adds its ``more`` and ``stopped`` too.
    """

    def __init__(self, problems: Iterable[Problem] = ()):
        super().__init__()
        self.more = 0
        self.stopped: list[str] = []
        self.extend(problems)

    def append(self, problem: Problem) -> None:
        if len(self) < MAX_LISTED:
            super().append(problem)
        else:
            self.more += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.append(p)
        self.more += getattr(problems, "more", 0)
        self.stopped += getattr(problems, "stopped", [])

    def __iadd__(self, problems: Iterable[Problem]) -> Problems:  # type: ignore[override]
        self.extend(problems)
        return self

    @property
    def total(self) -> int:
        """Every problem found, listed or counted."""
        return len(self) + self.more


class OrvilleError(Exception):
    """An error the user can fix. ``problems`` lists the problems found, not just the first.

    At most :data:`MAX_LISTED` are kept; :meth:`lines` ends with "… and N more problems" when
    there were more.
    """

    def __init__(self, problems: Iterable[Problem] | Problem | str):
        if isinstance(problems, (str, Problem)):
            problems = [problems if isinstance(problems, Problem) else Problem(problems)]
        listed = problems if isinstance(problems, Problems) else Problems(problems)
        self.problems: list[Problem] = list(listed)
        self.more: int = listed.more
        self.stopped: list[str] = list(listed.stopped)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One line per listed problem, plus one line counting the unlisted ones."""
        lines = [str(p) for p in self.problems]
        if self.more:
            stop = f" (stopped reading {'; '.join(self.stopped)})" if self.stopped else ""
            at_least = "at least " if self.stopped else ""
            lines.append(f"… and {at_least}{self.more} more problem"
                         f"{'s' if self.more > 1 else ''}{stop}")
        return lines

    def _render_traceback_(self) -> list[str]:  # IPython: show the message, not a traceback
        return [f"{type(self).__name__}: {line}" for line in self.lines()]


class DataError(OrvilleError):
    """A dataset or plan file is missing, malformed or inconsistent."""


class SolverError(OrvilleError):
    """The solver could not prove an optimum (infeasible bound, time limit, missing solver)."""


class ArgumentError(OrvilleError, ValueError):
    """A function argument or command option outside its domain (a weight, an objective name).

    Also a :class:`ValueError`, so code that validates arguments the usual Python way still works.
    """
