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
