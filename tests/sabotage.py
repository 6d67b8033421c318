"""Mutation tests of the instructor notebooks: sabotage an answer, the strict run must fail.

``run_sabotaged("01_ewd_model", [(old, new)])`` copies ``solutions/01_ewd_model.ipynb``, replaces
``old`` by ``new`` in its code cells (each ``old`` must occur, so a sabotage cannot silently miss),
executes it top to bottom with ``ORVILLE_STRICT=1`` and returns the error that stopped it (``None``
if it ran to the end). A test then asserts that the error is the self-check's
:class:`~orville_case.core.selfcheck.SelfCheckFailed` and not some unrelated crash.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient.exceptions import CellExecutionError

from orville_case.core import kernels

SOLUTIONS = Path(__file__).resolve().parent.parent / "solutions"


def sabotage(name: str, replacements: list[tuple[str, str]]) -> nbformat.NotebookNode:
    """The solution notebook ``name`` with each ``(old, new)`` applied to its code cells."""
    nb = nbformat.read(SOLUTIONS / f"{name}.ipynb", as_version=4)
    for old, new in replacements:
        cells = [c for c in nb.cells if c.cell_type == "code" and old in c.source]
        assert cells, f"sabotage target not found in {name}: {old!r}"
        for c in cells:
            c.source = c.source.replace(old, new)
    return nb


def run_sabotaged(name: str, replacements: list[tuple[str, str]],
                  timeout: int = 300) -> CellExecutionError | None:
    """Execute the sabotaged notebook with ``ORVILLE_STRICT=1``; the error that stopped it."""
    try:
        kernels.execute(sabotage(name, replacements), SOLUTIONS, {"ORVILLE_STRICT": "1"},
                        timeout=timeout)
    except CellExecutionError as exc:
        return exc
    return None
