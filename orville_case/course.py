"""Generate student notebooks (``notebooks/``) from instructor notebooks (``solutions/``).

Rules, compatible with nbgrader's markers:

* In code cells, lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` become
  ``# YOUR CODE HERE`` / ``raise NotImplementedError()`` at the marker's indentation, and the
  cell gets the nbval tag ``raises-exception`` (it must fail until the student solves it).
* In markdown cells the same region becomes ``_YOUR ANSWER HERE_``.
* Cells tagged ``self-check`` also get ``raises-exception``: they call the student's code,
  which does not exist until the exercise is done. Later cells never depend on exercises.
* Cells tagged ``instructor-only`` are dropped; notebooks whose metadata has
  ``orville.instructor_only = true`` (the instructor guide) are not copied at all.
* Outputs and execution counts are cleared; cells keep their solution cell's id. Files are
  written in nbformat 4.5 exactly as Jupyter itself saves them (``nbformat.writes``), so opening
  and saving a notebook in JupyterLab does not change it, and a test can regenerate and
  byte-compare. Solution notebooks are normalised the same way (ids added once, then kept).

Run ``python -m orville_case.course`` (or ``python3 tasks.py notebooks``) after editing solutions.
"""

from __future__ import annotations

import copy
import re
import secrets
import sys
from pathlib import Path

import nbformat

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
TEXT_STUB = "_YOUR ANSWER HERE_"
ROOT = Path(__file__).resolve().parent.parent
# The first code cell of every notebook: installs the course only on Google Colab (Binder and
# local installs already have it). Instructors who fork the course change COURSE_REPO here.
SETUP_CELL = """\
# Setup: on Google Colab this installs the course; everywhere else it does nothing.
import sys

if "google.colab" in sys.modules:
    COURSE_REPO = "https://github.com/orville-course/orville-course"
    !git clone -q --depth 1 {COURSE_REPO} /content/orville-course
    !pip install -q -c /content/orville-course/requirements.lock -e /content/orville-course
    sys.path.insert(0, "/content/orville-course")"""
_MARKER = re.compile(r"^(\s*)(### (BEGIN|END) SOLUTION)\s*$")


def _strip_regions(source: str, code: bool) -> tuple[str, list[str]]:
    """Replace solution regions in ``source``; return new source and the removed lines."""
    out: list[str] = []
    removed: list[str] = []
    inside = False
    for line in source.splitlines():
        m = _MARKER.match(line)
        if m and m.group(3) == "BEGIN":
            if inside:
                raise ValueError(f"nested '{BEGIN}' in cell:\n{source}")
            inside = True
            indent = m.group(1)
            out.extend(indent + s for s in CODE_STUB) if code else out.append(TEXT_STUB)
        elif m:
            if not inside:
                raise ValueError(f"'{END}' without '{BEGIN}' in cell:\n{source}")
            inside = False
        elif inside:
            removed.append(line)
        else:
            out.append(line)
    if inside:
        raise ValueError(f"'{BEGIN}' without '{END}' in cell:\n{source}")
    return "\n".join(out), removed


def is_instructor_only(nb: nbformat.NotebookNode) -> bool:
    return bool(nb.metadata.get("orville", {}).get("instructor_only", False))


def student_version(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student notebook for solution notebook ``nb`` (``nb`` is not modified)."""
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        tags = list(cell.metadata.get("tags", []))
        if "instructor-only" in tags:
            continue
        new_source, removed = _strip_regions(cell.source, cell.cell_type == "code")
        cell.source = new_source
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            if (removed or "self-check" in tags) and "raises-exception" not in tags:
                tags.append("raises-exception")
        if tags:
            cell.metadata["tags"] = tags
        cells.append(cell)
    nb.cells = cells
    return nb


def solution_lines(nb: nbformat.NotebookNode) -> set[str]:
    """Distinctive lines that appear only inside solution regions of ``nb`` (for leak checks)."""
    inside: set[str] = set()
    outside: set[str] = set()
    for cell in nb.cells:
        kept, removed = _strip_regions(cell.source, cell.cell_type == "code")
        inside.update(s.strip() for s in removed if len(s.strip()) >= 6)
        outside.update(s.strip() for s in kept.splitlines())
    return inside - outside


def render(nb: nbformat.NotebookNode) -> str:
    """The text Jupyter itself would save for ``nb``: nbformat 4.5 canonical JSON, cell ids."""
    nb = copy.deepcopy(nb)
    nb.nbformat, nb.nbformat_minor = 4, 5
    for cell in nb.cells:
        if "id" not in cell:
            raise ValueError("a cell has no id: run `python -m orville_case.course` to normalise")
    return nbformat.writes(nb, version=4).rstrip("\n") + "\n"  # nbformat.write adds the \n


def normalise(path: Path) -> nbformat.NotebookNode:
    """Read a solution notebook; rewrite it in canonical form (ids added once) if it is not."""
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    nb.nbformat, nb.nbformat_minor = 4, 5
    for cell in nb.cells:
        cell.setdefault("id", secrets.token_hex(4))
    if render(nb) != text:
        path.write_text(render(nb), encoding="utf-8")
        print(f"normalised {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return nb


# What the shipped notebooks say about their kernel. A kernel that starts in JupyterLab fills in
# its own display name and language details (Python's patch version included), which would
# mark every notebook modified on opening; the pre-save hook writes these values back.
KERNEL_METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def pre_save_hook(model: dict, **_: object) -> None:
    """Jupyter server pre-save hook: keep the shipped kernel metadata of a Python notebook.

    Registered in every JupyterLab of the course's environment (this module is a server
    extension, enabled by ``etc/jupyter/jupyter_server_config.d/orville_case.json``, see
    ``pyproject.toml``), so opening and saving a course notebook leaves ``git status`` clean;
    outputs a student makes are saved as usual.
    """
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    meta = model["content"].setdefault("metadata", {})
    if meta.get("kernelspec", {}).get("name") == "python3":
        meta.update(copy.deepcopy(KERNEL_METADATA))


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    """Jupyter server extension entry point (see :func:`pre_save_hook`)."""
    return [{"module": "orville_case.course"}]


def _load_jupyter_server_extension(serverapp) -> None:
    serverapp.contents_manager.register_pre_save_hook(pre_save_hook)


def build(solutions: Path = ROOT / "solutions", notebooks: Path = ROOT / "notebooks") -> dict:
    """Map each student notebook path to its text, built from ``solutions``."""
    built = {}
    for src in sorted(solutions.glob("*.ipynb")):
        nb = nbformat.read(src, as_version=4)
        if not is_instructor_only(nb):
            built[notebooks / src.name] = render(student_version(nb))
    return built


def main(argv: list[str] | None = None) -> int:
    notebooks = Path(argv[0]) if argv else ROOT / "notebooks"
    notebooks.mkdir(parents=True, exist_ok=True)
    for src in sorted((ROOT / "solutions").glob("*.ipynb")):
        normalise(src)
    for path, text in build(notebooks=notebooks).items():
        old = path.read_text() if path.exists() else None
        if old != text:
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
