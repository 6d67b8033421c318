"""Binder / Colab: every notebook starts with the setup cell, which acts only under Colab."""

import os
import sys
import types
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from orville_case import course

ROOT = Path(__file__).resolve().parent.parent
# (solutions/ is checked by tests/test_course.py; here the generated student notebooks)
NOTEBOOKS = sorted(ROOT.glob("notebooks/*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_student_notebook_starts_with_the_setup_cell(path):
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert first.source == course.SETUP_CELL, f"{path.name}: first code cell must be SETUP_CELL"


def _run_setup_cell(monkeypatch, *, colab: bool) -> list[str]:
    """Execute SETUP_CELL as IPython would; return the shell commands it asked for."""
    calls: list[str] = []
    shell = types.SimpleNamespace(system=calls.append)
    if colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))
    code = TransformerManager().transform_cell(course.SETUP_CELL)
    exec(compile(code, "setup-cell", "exec"), {"get_ipython": lambda: shell})
    return calls


def test_setup_cell_does_nothing_outside_colab(monkeypatch):
    before = list(sys.path)
    assert _run_setup_cell(monkeypatch, colab=False) == []
    assert sys.path == before


def test_setup_cell_clones_and_installs_on_colab(monkeypatch):
    calls = _run_setup_cell(monkeypatch, colab=True)
    assert len(calls) == 2
    assert calls[0].startswith("git clone") and "/content/orville-course" in calls[0]
    assert calls[1].startswith("pip install") and "/content/orville-course" in calls[1]


def test_binder_files_exist_and_postbuild_stops_on_error():
    post = ROOT / "postBuild"
    assert (ROOT / "environment.yml").is_file()
    assert os.access(post, os.X_OK), "postBuild must be executable"
    lines = [ln.strip() for ln in post.read_text().splitlines()]
    assert lines[0].startswith("#!") and "set -e" in lines
