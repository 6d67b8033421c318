#!/usr/bin/env python3
"""One entry point for the course, needing only Python 3.11+ and pip.

    python3 tasks.py lab        create .venv, install the course, open JupyterLab
    python3 tasks.py lab --instructor   the same, at the repository root on the instructor guide
    python3 tasks.py grade DIR  grade a folder of submissions (python -m orville_case grade DIR)
    python3 tasks.py survey F   analyse pre/post survey answers (python -m orville_case survey F)
    python3 tasks.py test       create .venv, install course + test tools, lint and run every test
    python3 tasks.py notebooks  regenerate the student notebooks in notebooks/ from solutions/
    python3 tasks.py bench      run the benchmarks and write benchmarks/RESULTS.md (~5 min)
    python3 tasks.py browser-test   the browser tests alone: JupyterLab + Chromium (needs chromium)
    python3 tasks.py fresh-install  clone, install and start the course in a temp dir, timed
    python3 tasks.py install EXTRAS install the course with extras, e.g. test,browser (for CI)
    python3 tasks.py student-release OUT [--repo URL]  a student-only copy of the course + zip
    python3 tasks.py site       the course website in build/site/ (Sphinx + MyST-NB)
    python3 tasks.py lock       write requirements.lock from .venv (the tested versions)

The virtual environment lives in ``.venv`` next to this file. Every install is constrained to
the versions in ``requirements.lock`` (the versions the tests passed with), so a class that
installs next year gets the same packages. Installation is skipped when ``pyproject.toml`` and
the lock have not changed since the last install (a hash is kept in the venv).
Only the standard library is used here, so this file runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
GUIDE = ROOT / "solutions" / "instructor_guide.ipynb"
LOCK = ROOT / "requirements.lock"
ALL_EXTRAS = "test,browser,docs,bench"


def _say(msg: str) -> None:
    print(f"[tasks] {msg}", flush=True)


def _run(*cmd: str | Path) -> None:
    """Run a command in the repo root; stop with its exit code if it fails."""
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT)
    if code != 0:
        sys.exit(code)


def ensure_venv(extras: str) -> None:
    """Create ``.venv`` and install the course with ``extras`` unless already up to date."""
    if sys.version_info < (3, 11):  # noqa: UP036  (tasks.py may be run by an older python3)
        sys.exit(f"Python 3.11 or newer is needed (this is {sys.version.split()[0]}).")
    if not PY.exists():
        _say(f"creating virtual environment in {VENV} ...")
        venv.EnvBuilder(with_pip=True).create(VENV)
    lock = LOCK.read_bytes() if LOCK.exists() else b""
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + lock + extras.encode()
                          ).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == want:
        _say("environment up to date")
        return
    _say("installing the course and its dependencies (first time: a few minutes) ...")
    _run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    pinned = ["-c", LOCK] if LOCK.exists() else []  # no lock: `tasks.py lock` is making one
    _run(PY, "-m", "pip", "install", "--quiet", *pinned, "-e", target)
    stamp.write_text(want)


def lab_arguments(args: list[str]) -> list[str]:
    """JupyterLab's arguments for ``tasks.py lab [--instructor] [FILE] [OPTIONS]``.

    No file: the student welcome notebook, served from ``notebooks/``. ``--instructor``: the
    instructor guide, served from the repository root (solutions/, examples/ and notebooks/ all
    visible). A FILE (an existing path, relative to the current folder) opens that file with the
    repository root served. Everything else is passed to JupyterLab unchanged.
    """
    files = [a for a in args if not a.startswith("-") and Path(a).exists()]
    options = [a for a in args if a != "--instructor" and a not in files]
    if len(files) > 1:
        sys.exit(f"give at most one file to open, got {' '.join(files)}")
    if files:
        target = [f"--ServerApp.root_dir={ROOT}", str(Path(files[0]).resolve())]
    elif "--instructor" in args:
        target = [f"--ServerApp.root_dir={ROOT}", str(GUIDE)]
    else:
        target = [str(ROOT / "notebooks" / "00_welcome.ipynb")]
    root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return [*target, *root, *options]


def lab(args: list[str]) -> None:
    """Open the course in JupyterLab (see :func:`lab_arguments`)."""
    lab_args = lab_arguments(args)
    ensure_venv("")
    _say("starting JupyterLab; stop it with Ctrl-C")
    os.execv(str(PY), [str(PY), "-m", "jupyter", "lab", *lab_args])


def course_command(name: str):
    """A task running ``python -m orville_case NAME ARGS`` in the course's environment, from the
    current folder (so relative paths mean what the user typed)."""
    def run(args: list[str]) -> None:
        ensure_venv("")
        sys.exit(subprocess.call([str(PY), "-m", "orville_case", name, *args]))
    return run


def test(args: list[str]) -> None:
    """Lint, check the student notebooks are in sync, and run pytest (package + nbval) on every
    core (pytest-xdist; ``--dist loadfile`` keeps a notebook's cells, which run in order in one
    kernel, in one worker). ``-n 0`` among ``args`` runs in one process (e.g. with ``--pdb``)."""
    ensure_venv("test")
    _run(PY, "-m", "ruff", "check", ".")
    _run(PY, "-m", "pytest", "-n", "auto", "--dist", "loadfile", *args)


def notebooks(args: list[str]) -> None:
    """Regenerate student notebooks from the instructor solutions."""
    ensure_venv("")
    _run(PY, "-m", "orville_case.course", *args)


def install(args: list[str]) -> None:
    """Install the course with the given extras (comma-separated), e.g. ``test,browser``."""
    ensure_venv(",".join(args))


def bench(args: list[str]) -> None:
    """Benchmarks (ratios) → benchmarks/RESULTS.md."""
    ensure_venv("test")
    _run(PY, "benchmarks/run.py", *args)


def browser_test(args: list[str]) -> None:
    """Only the real-browser tests (Debian's chromium must be installed)."""
    ensure_venv("test,browser")
    _run(PY, "-m", "pytest", "tests/browser", "-rs", *args)
    _say("screenshots in build/browser-test/")


def student_release(args: list[str]) -> None:
    """A student-only release of the course (no solutions) in OUT, plus OUT.zip."""
    ensure_venv("")
    _run(PY, "-m", "orville_case.publish", "student-release", *args)


def site(args: list[str]) -> None:
    """The course website in build/site/ (each student notebook executed as students see it)."""
    ensure_venv("docs")
    _run(PY, "-m", "orville_case.publish", "site", *args)


def lock(args: list[str]) -> None:
    """Write requirements.lock: the versions installed in .venv with every extra (the tested
    ones). To move to newer versions: delete requirements.lock, run this, run the tests."""
    ensure_venv(ALL_EXTRAS)
    out = subprocess.run([str(PY), "-m", "pip", "list", "--format=freeze", "--exclude-editable"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    pins = sorted((line for line in out.splitlines()
                   if line and line.split("==")[0].lower() not in ("pip", "setuptools")),
                  key=str.lower)
    LOCK.write_text("# The versions the course's tests passed with (python3 tasks.py lock).\n"
                    "# Every install constrains to them: pip install -c requirements.lock ...\n"
                    + "\n".join(pins) + "\n")
    _say(f"wrote {LOCK.name}: {len(pins)} packages")


def fresh_install(args: list[str]) -> None:
    """Clone the committed repo into a temp dir and time the README's two commands there."""
    _run(sys.executable, "benchmarks/fresh_install.py", *args)


TASKS = {"lab": lab, "test": test, "notebooks": notebooks, "install": install, "bench": bench,
         "browser-test": browser_test, "fresh-install": fresh_install,
         "grade": course_command("grade"), "survey": course_command("survey"),
         "student-release": student_release, "site": site, "lock": lock}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        print(__doc__)
        sys.exit(2)
    TASKS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
