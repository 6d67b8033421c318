"""environment.yml (conda/Binder) and pyproject.toml (pip) must list the same packages."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
_REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*(.*)$")


def _parse(spec: str) -> tuple[str, str]:
    name, rest = _REQ.match(spec).groups()
    return name.lower().replace("_", "-"), rest.replace(" ", "")


def _pyproject() -> dict[str, str]:
    proj = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(proj["dependencies"])
    for extra in proj["optional-dependencies"].values():
        specs += extra
    return dict(_parse(s) for s in specs)


def _environment() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    specs: list[str] = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            specs += [s for s in dep["pip"] if not s.startswith("-e")]
        else:
            specs.append(dep)
    found = dict(_parse(s) for s in specs)
    found.pop("python")
    found.pop("pip")
    return found


def test_same_packages_and_minimum_versions():
    pip_side, conda_side = _pyproject(), _environment()
    assert set(pip_side) == set(conda_side), (
        f"only in pyproject: {sorted(set(pip_side) - set(conda_side))}; "
        f"only in environment.yml: {sorted(set(conda_side) - set(pip_side))}"
    )
    differing = {n: (pip_side[n], conda_side[n]) for n in pip_side if pip_side[n] != conda_side[n]}
    assert not differing, f"version bounds differ (pyproject, environment.yml): {differing}"


def test_environment_installs_the_course_itself():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_lists = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert any("-e ." in p for p in pip_lists), "environment.yml must pip-install the course (-e .)"
