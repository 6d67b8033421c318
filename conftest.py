"""Root pytest configuration: nothing a test or a notebook run writes may land in the repository.

Notebook 04 saves the student's worksheet draft and export under ``$ORVILLE_WORK_DIR`` (default
``my_work/`` next to the notebook). For the whole test session, including the notebook kernels
started by nbval (they inherit this environment), it points to a temporary folder.

The instructor notebooks in ``solutions/`` run with ``ORVILLE_STRICT=1``: a self-check that fails
there raises, so a wrong solution (or a check that rejects a right answer) fails the suite. Student
notebooks run without it: their exercises are unsolved on purpose.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

_made: list[str] = []


def pytest_configure(config) -> None:
    """A work folder for this process; each pytest-xdist worker gets its own (two notebook 04
    runs in parallel must not share one worksheet draft)."""
    ours = os.environ.get("ORVILLE_WORK_DIR_BY_TESTS") == "1"
    if "ORVILLE_WORK_DIR" not in os.environ or (ours and "PYTEST_XDIST_WORKER" in os.environ):
        _made.append(tempfile.mkdtemp(prefix="orville-work-"))
        os.environ["ORVILLE_WORK_DIR"] = _made[-1]
        os.environ["ORVILLE_WORK_DIR_BY_TESTS"] = "1"


def pytest_unconfigure(config) -> None:
    for folder in _made:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop("ORVILLE_WORK_DIR", None)
        os.environ.pop("ORVILLE_WORK_DIR_BY_TESTS", None)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item) -> None:
    """Before a notebook's kernel starts (first cell), set ORVILLE_STRICT for solutions/ only."""
    if Path(str(item.path)).parent.name == "solutions":
        os.environ["ORVILLE_STRICT"] = "1"
    else:
        os.environ.pop("ORVILLE_STRICT", None)
