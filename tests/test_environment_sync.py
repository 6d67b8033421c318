"""One list of dependencies (pyproject.toml) and one list of tested versions (requirements.lock):
environment.yml (conda/Binder), tasks.py (the README's commands, CI) and the Colab set-up cell all
install the course constrained to the lock; nothing repeats the dependency list by hand."""

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from orville_case import course

ROOT = Path(__file__).resolve().parent.parent


def _lock() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = Version(version)
    return pins


def _requirements() -> list[Requirement]:
    proj = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(proj["dependencies"])
    for extra in proj["optional-dependencies"].values():
        specs += extra
    return [Requirement(s) for s in specs]


def test_the_lock_pins_every_dependency_within_its_range():
    pins = _lock()
    missing = [str(r) for r in _requirements() if canonicalize_name(r.name) not in pins]
    assert not missing, f"not in requirements.lock (run python3 tasks.py lock): {missing}"
    outside = [f"{r} (locked {pins[canonicalize_name(r.name)]})" for r in _requirements()
               if not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)]
    assert not outside, f"locked versions outside pyproject's ranges: {outside}"
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[^=\s]+", line) for line in
               (ROOT / "requirements.lock").read_text().splitlines()
               if line and not line.startswith("#")), "one exact pin per line"


def test_environment_yml_installs_the_course_from_the_lock_only():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if not isinstance(d, dict)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert sorted(conda) == ["pip", "python=3.11"]
    assert pip == ["-c requirements.lock", "-e ."]


def test_tasks_and_colab_install_with_the_lock():
    tasks = (ROOT / "tasks.py").read_text()
    assert '["-c", LOCK]' in tasks and 'LOCK = ROOT / "requirements.lock"' in tasks
    assert "-c /content/orville-course/requirements.lock -e /content/orville-course" \
        in course.SETUP_CELL


def test_this_environment_has_the_locked_versions():
    """The environment the tests run in was installed through the lock (tasks.py, CI): every
    locked package that is installed has exactly its locked version. On a clean clone this is
    the proof that the README's commands install the tested versions."""
    from importlib import metadata

    wrong = []
    for name, version in _lock().items():
        try:
            got = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            continue  # an extra this environment did not install (e.g. bench)
        if got != version:
            wrong.append(f"{name} {got} (locked {version})")
    assert not wrong, ("installed versions differ from requirements.lock (reinstall with "
                       f"python3 tasks.py install EXTRAS, or re-lock): {wrong}")
