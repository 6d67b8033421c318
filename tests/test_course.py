"""Student notebooks are generated from solutions/ and must stay in sync without leaking answers."""

from pathlib import Path

import nbformat
import pytest

from orville_case import course

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))


def _nb(*cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def test_student_notebooks_are_regenerated_byte_for_byte():
    built = course.build()
    on_disk = set((ROOT / "notebooks").glob("*.ipynb"))
    assert set(built) == on_disk, "run `python3 tasks.py notebooks` to regenerate notebooks/"
    stale = [p.name for p, text in built.items() if p.read_text() != text]
    assert not stale, f"out of date (run `python3 tasks.py notebooks`): {stale}"


@pytest.mark.parametrize("src", SOLUTIONS, ids=lambda p: p.name)
def test_no_solution_text_leaks(src):
    nb = nbformat.read(src, as_version=4)
    if course.is_instructor_only(nb):
        assert not (ROOT / "notebooks" / src.name).exists()
        return
    secret = course.solution_lines(nb)
    student = (ROOT / "notebooks" / src.name).read_text()
    text = "\n".join(c.source for c in nbformat.reads(student, as_version=4).cells)
    leaked = [line for line in secret if line in text]
    assert not leaked, f"solution lines visible to students: {leaked[:3]}"


@pytest.mark.parametrize("src", SOLUTIONS + sorted((ROOT / "notebooks").glob("*.ipynb")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebooks_are_saved_as_jupyter_saves_them(src):
    """nbformat 4.5 with a unique id per cell, canonical JSON: opening does not upgrade them."""
    text = src.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
    ids = [c.get("id") for c in nb.cells]
    assert all(ids) and len(set(ids)) == len(ids), "run `python3 tasks.py notebooks`"
    assert course.render(nb) == text, "not canonical: run `python3 tasks.py notebooks`"
    assert nb.metadata.get("kernelspec") == course.KERNEL_METADATA["kernelspec"]


def test_pre_save_hook_restores_the_shipped_kernel_metadata():
    """What a started kernel writes into the metadata is put back before JupyterLab saves."""
    meta = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                           "name": "python3"},
            "language_info": {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"},
            "orville": {"instructor_only": True}}
    model = {"type": "notebook", "content": {"metadata": meta, "cells": []}}
    course.pre_save_hook(model=model, path="notebooks/x.ipynb")
    assert meta == {**course.KERNEL_METADATA, "orville": {"instructor_only": True}}
    other = {"type": "notebook", "content": {"metadata": {"kernelspec": {"name": "ir"}}}}
    course.pre_save_hook(model=other, path="x.ipynb")
    assert other["content"]["metadata"] == {"kernelspec": {"name": "ir"}}  # R notebook untouched
    course.pre_save_hook(model={"type": "file", "content": "text"}, path="a.txt")


def test_the_pre_save_hook_is_enabled_for_jupyter_by_the_package():
    """pyproject ships jupyter-config/orville_case.json into etc/jupyter (a server extension)."""
    import json
    import tomllib

    py = tomllib.loads((ROOT / "pyproject.toml").read_text())
    shared = py["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]
    assert shared == {"jupyter-config/orville_case.json":
                      "etc/jupyter/jupyter_server_config.d/orville_case.json"}
    conf = json.loads((ROOT / "jupyter-config" / "orville_case.json").read_text())
    assert conf["ServerApp"]["jpserver_extensions"] == {"orville_case.course": True}
    points = course._jupyter_server_extension_points()
    assert points == [{"module": "orville_case.course"}]


@pytest.mark.parametrize("src", SOLUTIONS, ids=lambda p: p.name)
def test_solutions_are_committed_without_outputs(src):
    nb = nbformat.read(src, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.outputs]
    assert not dirty, f"clear outputs before committing (cells {dirty})"


def test_code_region_becomes_stub_and_cell_may_raise():
    src = "x = 1\n    ### BEGIN SOLUTION\n    y = 2\n    ### END SOLUTION"
    nb = _nb(nbformat.v4.new_code_cell(src))
    cell = course.student_version(nb).cells[0]
    assert cell.source == "x = 1\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    assert "raises-exception" in cell.metadata["tags"]


def test_markdown_region_self_check_and_instructor_only_cells():
    md = nbformat.v4.new_markdown_cell("Why?\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION")
    check = nbformat.v4.new_code_cell("check(answer)", metadata={"tags": ["self-check"]})
    secret = nbformat.v4.new_code_cell("print(1)", metadata={"tags": ["instructor-only"]})
    out = course.student_version(_nb(md, check, secret))
    assert [c.source for c in out.cells] == ["Why?\n_YOUR ANSWER HERE_", "check(answer)"]
    assert out.cells[1].metadata["tags"] == ["self-check", "raises-exception"]


@pytest.mark.parametrize(
    "source",
    ["### BEGIN SOLUTION\nx", "x\n### END SOLUTION", "### BEGIN SOLUTION\n### BEGIN SOLUTION"],
)
def test_unbalanced_markers_are_rejected(source):
    with pytest.raises(ValueError, match="SOLUTION"):
        course.student_version(_nb(nbformat.v4.new_code_cell(source)))


@pytest.mark.parametrize("src", SOLUTIONS, ids=lambda p: p.name)
def test_first_code_cell_is_the_colab_setup_cell(src):
    nb = nbformat.read(src, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert first.source == course.SETUP_CELL, "start the notebook with course.SETUP_CELL"
