"""``tasks.py lab``: the student welcome notebook by default, the guide with ``--instructor``,
a given file instead of the default, other options passed to JupyterLab unchanged."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("tasks", ROOT / "tasks.py")
tasks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tasks)


def _without_root(args: list[str]) -> list[str]:
    return [a for a in args if a != "--allow-root"]


def test_default_opens_the_welcome_notebook_served_from_notebooks():
    assert _without_root(tasks.lab_arguments([])) == [str(ROOT / "notebooks" / "00_welcome.ipynb")]


def test_instructor_opens_the_guide_at_the_repository_root():
    args = _without_root(tasks.lab_arguments(["--instructor", "--port=8899"]))
    assert args == [f"--ServerApp.root_dir={ROOT}", str(tasks.GUIDE), "--port=8899"]
    assert tasks.GUIDE.is_file()


def test_a_given_file_replaces_the_default(monkeypatch):
    monkeypatch.chdir(ROOT)
    args = _without_root(tasks.lab_arguments(["solutions/instructor_guide.ipynb", "--no-browser"]))
    assert args == [f"--ServerApp.root_dir={ROOT}", str(tasks.GUIDE), "--no-browser"]


def test_two_files_are_refused(monkeypatch):
    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit, match="at most one file"):
        tasks.lab_arguments(["README.md", "tasks.py"])
