"""Fresh-install check: the README's quick start on a clean clone, timed.

    python3 tasks.py fresh-install [--keep] [--no-pip-cache]

1. ``git clone`` this repository into a temporary folder and check out the current commit
   (uncommitted changes are *not* included: commit first);
2. ``python3 tasks.py lab --no-browser …`` there: creates a clean ``.venv``, installs the course,
   starts JupyterLab; it is probed on ``/api/status`` until it answers, then stopped;
3. ``python3 tasks.py test`` there: installs the test tools and runs the whole suite.

Prints the time of each step and exits non-zero if any fails. Run it with the system
``python3`` (3.11+), as a new user would. By default pip may use its download cache (say so when
quoting times); ``--no-pip-cache`` makes every wheel come from the index.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from labserver import LabServer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


def clone(dest: Path) -> str:
    """Clone the repository at its current commit into ``dest``; return the commit."""
    commit = git("rev-parse", "HEAD")
    if git("status", "--porcelain", "--untracked-files=no"):
        print("warning: uncommitted changes are not part of the check", file=sys.stderr)
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(ROOT), str(dest)], check=True)
    git("checkout", "-q", commit, cwd=dest)
    return commit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary clone")
    parser.add_argument("--no-pip-cache", action="store_true", help="do not use pip's cache")
    parser.add_argument("--python", default=shutil.which("python3") or sys.executable,
                        help="the python3 a new user has (default: python3 on PATH)")
    args = parser.parse_args()
    if args.no_pip_cache:
        os.environ["PIP_NO_CACHE_DIR"] = "1"
    tmp = Path(tempfile.mkdtemp(prefix="orville-fresh-"))
    repo = tmp / "orville-course"
    times: dict[str, float] = {}
    ok = True
    try:
        start = time.perf_counter()
        commit = clone(repo)
        times["git clone"] = time.perf_counter() - start
        print(f"cloned {commit[:10]} into {repo} ({times['git clone']:.1f} s)", flush=True)

        print("python3 tasks.py lab (install + start, probed on /api/status) ...", flush=True)
        with LabServer(repo, [args.python, "tasks.py", "lab"], timeout=1800) as lab:
            status = lab.status()
            times["python3 tasks.py lab (to /api/status)"] = lab.startup_seconds or 0.0
            print(f"  JupyterLab answered after {lab.startup_seconds:.1f} s: {status}",
                  flush=True)
            version = subprocess.run([str(repo / ".venv/bin/python"), "-m", "jupyter", "lab",
                                      "--version"], capture_output=True, text=True).stdout
            print(f"  JupyterLab {version.strip()}", flush=True)

        print("python3 tasks.py test ...", flush=True)
        start = time.perf_counter()
        run = subprocess.run([args.python, "tasks.py", "test"],
                             cwd=repo, capture_output=True, text=True)
        times["python3 tasks.py test"] = time.perf_counter() - start
        tail = [ln for ln in run.stdout.splitlines() if re.search(r"\d+ (passed|failed)", ln)]
        print("  " + (tail[-1] if tail else run.stdout[-2000:] + run.stderr[-2000:]), flush=True)
        ok = run.returncode == 0
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print("\n| step | seconds |\n|---|---|")
    for step, secs in times.items():
        print(f"| `{step}` | {secs:.0f} |")
    print("fresh install: " + ("PASSED" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
