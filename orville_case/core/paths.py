"""Where the shipped datasets live.

In a source checkout (``pip install -e .``) the datasets are in ``data/`` at the repository root;
in a built wheel they are packaged as ``orville_case/data``. ``ORVILLE_DATA_ROOT`` overrides both.
"""

from __future__ import annotations

import os
from pathlib import Path

from orville_case.core.errors import OrvilleError

_PACKAGE = Path(__file__).resolve().parent.parent  # orville_case/


def data_root() -> Path:
    """The folder holding ``orville/``, ``msd_alameda/`` and ``rehab_lbusd/``."""
    env = os.environ.get("ORVILLE_DATA_ROOT")
    candidates = [Path(env)] if env else [_PACKAGE / "data", _PACKAGE.parent / "data"]
    for c in candidates:
        if c.is_dir():
            return c
    raise OrvilleError(
        f"cannot find the course data (looked in {', '.join(map(str, candidates))}); "
        "install the course from its repository or set ORVILLE_DATA_ROOT"
    )


def dataset_dir(name: str) -> Path:
    """The folder of one shipped dataset, e.g. ``dataset_dir('orville')``."""
    return data_root() / name
