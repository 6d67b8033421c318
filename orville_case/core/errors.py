"""User-facing errors: each problem is one line naming file, row and field, plus the fix.

Every error a student or instructor can cause (bad CSV, unknown zone, infeasible bound, ...)
is raised as a :class:`OrvilleError`. The CLI prints it without a traceback; in a notebook it
shows as a short message. Row numbers are spreadsheet rows: the header is row 1.
"""

from __future__ import annotations

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


class OrvilleError(Exception):
    """An error the user can fix. ``problems`` lists every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, (str, Problem)):
            problems = [problems if isinstance(problems, Problem) else Problem(problems)]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def _render_traceback_(self) -> list[str]:  # IPython: show the message, not a traceback
        return [f"{type(self).__name__}: {p}" for p in self.problems]


class DataError(OrvilleError):
    """A dataset or plan file is missing, malformed or inconsistent."""


class SolverError(OrvilleError):
    """The solver could not prove an optimum (infeasible bound, time limit, missing solver)."""


class ArgumentError(OrvilleError, ValueError):
    """A function argument or command option outside its domain (a weight, an objective name).

    Also a :class:`ValueError`, so code that validates arguments the usual Python way still works.
    """
