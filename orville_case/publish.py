"""Publish the course to students: a student-only release and a static course website.

* :func:`student_release` copies what students need — the generated student notebooks, the helper
  package, the data, the install files — into a folder (and a zip) that a course can publish as its
  student repository. ``solutions/``, the instructor guide, the tests (they hold right answers),
  the sample hand-ins and the benchmarks stay behind, and :func:`leaks` proves that no line of any
  solution region reached the release. The Colab set-up cell and the README badges point at the
  published copy (``--repo``).
* :func:`build_site` executes each student notebook as a student first sees it (exercises
  unsolved), keeps the narrative and the outputs of every cell that ran (figures, tables) and drops
  error outputs and interactive widgets, then builds a website with Sphinx + MyST-NB (the engine of
  Jupyter Book 1; both install from PyPI alone). :func:`broken_links` checks every internal link.

Run through ``python3 tasks.py student-release OUT [--repo URL]`` and ``python3 tasks.py site``.
"""

from __future__ import annotations

import argparse
import html.parser
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat

from orville_case import course
from orville_case.core import kernels
from orville_case.core.errors import OrvilleError

ROOT = course.ROOT
# What a student repository holds: every tracked file under these paths, nothing else.
RELEASE_PATHS = ("notebooks", "orville_case", "data", "jupyter-config", "pyproject.toml",
                 "requirements.lock", "environment.yml", "postBuild", "tasks.py", "Makefile",
                 ".gitignore")
STUDENT_README = """\
# ORville optimization course — student copy

[![Binder](https://mybinder.org/badge_logo.svg)]({binder})
[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab})

A Jupyter course on multiobjective optimization with equity, built around the INFORMS case
*Optimizing Transportation and Equity in a District Zoning Problem for ORville Public Schools*
(Sullivan & Milburn, *INFORMS Transactions on Education* 26(1), 2025).

## Start (Python 3.11+ and pip)

```bash
python3 tasks.py lab     # installs the course into .venv (pinned versions) and opens JupyterLab
```

Or click the Binder badge (nothing to install), or open a notebook in Colab: its first cell
installs the course there.

## Notebooks

{table}

Each exercise cell says `raise NotImplementedError()` until you write your answer; the self-check
under it tells you what is still wrong, and `hint("...")` gives help in levels. Notebook 04 saves
your worksheet as you type in `my_work/` and exports the hand-in zip your instructor asked for.

Data: every dataset folder under `data/` has a README saying where each column comes from and
which values are SOURCED or ESTIMATED.
"""


def tracked_files(root: Path = ROOT) -> list[Path]:
    """The files git tracks under :data:`RELEASE_PATHS` (a release never ships stray files)."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--", *RELEASE_PATHS], cwd=root,
                             capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise OrvilleError(f"cannot list the repository's files with git ({exc}) "
                           "(fix: run from a git clone of the course)") from None
    return [root / p for p in out.decode().split("\0") if p]


def _titles(notebooks: list[Path]) -> list[tuple[Path, str]]:
    """(notebook, its first heading) in course order."""
    out = []
    for nb_path in notebooks:
        nb = nbformat.read(nb_path, as_version=4)
        heads = [line.lstrip("# ").strip() for c in nb.cells if c.cell_type == "markdown"
                 for line in c.source.splitlines() if line.startswith("# ")]
        out.append((nb_path, heads[0] if heads else nb_path.stem))
    return out


def student_release(out: Path, repo: str) -> Path:
    """Write the student release into ``out`` (must not exist) and ``out.zip``; return the zip."""
    out = Path(out).resolve()
    if out.exists():
        raise OrvilleError(f"{out} already exists (fix: name a new folder, or delete it first)")
    if not re.fullmatch(r"https://[\w.-]+/[\w.-]+/[\w.-]+", repo):
        raise OrvilleError(f"--repo '{repo}' is not a repository URL "
                           "(fix: e.g. https://github.com/your-course/orville-students)")
    for src in tracked_files():
        dest = out / src.relative_to(ROOT)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
    _point_at(out, repo)
    owner_name = repo.split("/", 3)[3]
    nbs = sorted((out / "notebooks").glob("*.ipynb"))
    table = "\n".join(f"- [`{p.name}`](notebooks/{p.name}): {title}" for p, title in _titles(nbs))
    (out / "README.md").write_text(STUDENT_README.format(
        binder=f"https://mybinder.org/v2/gh/{owner_name}/HEAD?urlpath=lab/tree/notebooks/"
               "00_welcome.ipynb",
        colab=f"https://colab.research.google.com/github/{owner_name}/blob/main/notebooks/"
              "00_welcome.ipynb",
        table=table), encoding="utf-8")
    found = leaks(out)
    if found:
        raise OrvilleError([f"solution text in the release: {path}: {line!r}"
                            for path, line in found[:20]])
    archive = out.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(out.rglob("*")):
            if f.is_file():
                z.write(f, Path(out.name) / f.relative_to(out))
    return archive


def _point_at(out: Path, repo: str) -> None:
    """Make the Colab set-up (course.py and every notebook's first cell) clone ``repo``."""
    old = re.search(r'COURSE_REPO = "([^"]+)"', course.SETUP_CELL).group(1)
    for path in [out / "orville_case" / "course.py", *(out / "notebooks").glob("*.ipynb")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f'COURSE_REPO = \\"{old}\\"', f'COURSE_REPO = \\"{repo}\\"')
                        .replace(f'COURSE_REPO = "{old}"', f'COURSE_REPO = "{repo}"'),
                        encoding="utf-8")


DISTINCTIVE = 16  # non-space characters: `return x` or `funded = []` are not an answer


def secret_lines() -> set[str]:
    """Distinctive solution lines of ``solutions/`` (at least :data:`DISTINCTIVE` non-space
    characters) that no student notebook gives students as code."""
    secret: set[str] = set()
    given: set[str] = set()  # lines students are given somewhere (outside every solution region)
    for src in sorted((ROOT / "solutions").glob("*.ipynb")):
        nb = nbformat.read(src, as_version=4)
        secret |= {s for s in course.solution_lines(nb) if len(s.replace(" ", "")) >= DISTINCTIVE}
        given |= {line.strip() for c in course.student_version(nb).cells
                  for line in c.source.splitlines()}
    return secret - given


def leaks(folder: Path) -> list[tuple[Path, str]]:
    """Every (file, line) in ``folder`` that is a line of a solution region of ``solutions/``.

    Every text file is searched: notebooks (their cell sources), the helper package, data, READMEs.
    There is no exception: the package's reference implementations, which the self-checks, the
    grader and later notebooks use, are written independently of the solution notebooks, and no
    notebook recaps an earlier exercise's answer. Lines some notebook gives students as code, and
    lines shorter than :data:`DISTINCTIVE` (``return x``), are not secrets. Student notebooks are
    also checked line by line against their own solutions, with no length limit, by
    ``tests/test_course.py``."""
    secret = secret_lines()
    found = []
    for f in sorted(Path(folder).rglob("*")):
        if not f.is_file():
            continue
        try:
            text = f.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if f.suffix == ".ipynb":
            text = "\n".join(c.source for c in nbformat.reads(text, as_version=4).cells)
        lines = {line.strip() for line in text.splitlines()}
        found += [(f, s) for s in sorted(lines & secret)]
    return found


# --------------------------------------------------------------------------- the website


def executed_student_notebook(path: Path, work: Path) -> nbformat.NotebookNode:
    """``path`` executed as a student first opens it: outputs of the cells that ran, no errors.

    Exercise cells raise ``NotImplementedError`` until solved, and later cells that use the answer
    fail too: their error outputs are dropped (the page shows the code, not a traceback), and so
    are widget views, which need a live kernel. Everything else — tables, figures, printed
    numbers — is what the notebook computes from the shipped data.
    """
    nb = kernels.execute(nbformat.read(path, as_version=4), path.parent,
                         {"ORVILLE_WORK_DIR": str(work), "ORVILLE_STRICT": None},
                         allow_errors=True)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = [o for o in cell.outputs if o.output_type != "error"
                        and "application/vnd.jupyter.widget-view+json" not in o.get("data", {})]
    nb.metadata.pop("widgets", None)
    return nb


SITE_CONF = """\
project = "ORville optimization course"
author = "ORville course contributors"
extensions = ["myst_nb"]
nb_execution_mode = "off"  # executed beforehand by orville_case.publish, as a student sees it
myst_enable_extensions = ["dollarmath", "amsmath"]
html_theme = "sphinx_book_theme"
html_title = project
html_theme_options = {"show_toc_level": 2}
exclude_patterns = ["_build"]
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header", "misc.highlighting_failure"]
"""


def build_site(out: Path = ROOT / "build" / "site", quiet: bool = False) -> Path:
    """Build the course website into ``out``; return ``out/index.html``."""
    src = Path(tempfile.mkdtemp(prefix="orville-site-"))
    work = Path(tempfile.mkdtemp(prefix="orville-site-work-"))
    try:
        notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
        (src / "notebooks").mkdir()
        for k, path in enumerate(notebooks, 1):
            if not quiet:
                print(f"[site] executing {path.name} ({k}/{len(notebooks)}) ...", flush=True)
            nbformat.write(executed_student_notebook(path, work), src / "notebooks" / path.name)
        table = "\n".join(f"| [{title}](notebooks/{p.stem}.ipynb) | `{p.name}` |"
                          for p, title in _titles(notebooks))
        toc = "\n".join(f"notebooks/{p.stem}" for p in notebooks)
        (src / "index.md").write_text(
            "# ORville optimization course\n\n"
            "A Jupyter course on multiobjective optimization with equity, built around the INFORMS"
            " case *Optimizing Transportation and Equity in a District Zoning Problem for ORville"
            " Public Schools* (Sullivan & Milburn, 2025). These pages show each student notebook"
            " as it first runs: exercises are unsolved, so cells that need your answer show no"
            " output. To do the exercises, open the notebooks in JupyterLab, Binder or Colab.\n\n"
            f"| notebook | file |\n|---|---|\n{table}\n\n"
            f"```{{toctree}}\n:maxdepth: 1\n:hidden:\n\n{toc}\n```\n", encoding="utf-8")
        (src / "conf.py").write_text(SITE_CONF, encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(out)]
        if subprocess.call(cmd) != 0:
            raise OrvilleError("sphinx could not build the site (see its messages above)")
    finally:
        shutil.rmtree(src, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    bad = broken_links(out)
    if bad:
        raise OrvilleError([f"broken link in {page.relative_to(out)}: {href}"
                            for page, href in bad[:20]])
    return out / "index.html"


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "href" and tag in ("a", "link")
                          or name == "src" and tag in ("img", "script")):
                self.links.append(value)


def broken_links(site: Path) -> list[tuple[Path, str]]:
    """Every (page, link) of the site whose local target file does not exist."""
    bad = []
    for page in sorted(Path(site).rglob("*.html")):
        if "_static" in page.relative_to(site).parts:  # theme assets (e.g. Jinja templates)
            continue
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        for href in parser.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("#", "mailto:", "data:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                bad.append((page, href))
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orville_case.publish")
    sub = parser.add_subparsers(dest="what", required=True)
    rel = sub.add_parser("student-release", help="a student-only copy of the course + zip")
    rel.add_argument("out", metavar="OUT")
    rel.add_argument("--repo", default=course.SETUP_CELL.split('"')[1] + "-students",
                     help="URL of the published student repository (Colab/Binder point there)")
    sub.add_parser("site", help="the course website in build/site/")
    args = parser.parse_args(argv)
    try:
        if args.what == "student-release":
            archive = student_release(Path(args.out), args.repo)
            print(f"student release: {archive.with_suffix('')} and {archive} "
                  f"(Colab and Binder point at {args.repo})")
        else:
            print(f"site: {build_site()}")
    except OrvilleError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
