"""Fuzzing every data contract through the command line.

Hypothesis takes a shipped CSV (ORville zones / schools / distances and a plan, MSD districts /
adjacency, rehab projects / importance), mutates it the way spreadsheets and people do — a cell
edited (decimal comma, junk, NUL byte, huge, negative, blank, NaN, thousands separators), a row
dropped or duplicated, a column dropped or duplicated, the header upper-cased, a UTF-8 BOM, CRLF
line ends, the file cut short — and runs the command that reads it (``main([...])`` in-process;
one test also runs a subprocess). The outcome must be either

* a clean error: exit status 2, every stderr line ``error: …`` naming the problem with its fix
  (at most 20 problems and one "… and N more" line), no traceback; for a plan, ``evaluate`` may
  also exit 1 reporting the plan's unknown names or unassigned zones; or
* exactly the result of the untouched data (e.g. for a BOM, CRLF, an upper-case header, a dropped
  optional column, ``1,234`` read as 1234).

Never a traceback, a hang or a silently different result. Edits that make a *valid, different*
dataset are not generated, since no reader can tell them from real data: a blank rehab cost or
count (documented as "unknown"), a dropped MSD border or rehab school, a renamed rehab school
(its name is a label: nothing refers to it).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orville_case.cli import main
from orville_case.core.paths import dataset_dir


@dataclass(frozen=True)
class Contract:
    """One command and the files it reads: which columns hold keys or numbers (mutated), and
    whether a dropped row is detectable (every row is referenced elsewhere)."""

    dataset: str
    files: dict[str, tuple[str, ...]]  # file -> columns whose cells are fuzzed
    rows_matter: frozenset[str]  # files where a dropped row must be an error
    no_blank: frozenset[str] = frozenset()  # files where a blank number means "unknown"
    args: Callable[[Path], list[str]] = lambda folder: []
    root: bool = False  # the command reads ORVILLE_DATA_ROOT, not --data


CONTRACTS = {
    "orville": Contract(
        "orville",
        {"zones.csv": ("zone", "students", "econ_disadv", "lat", "lon"),
         "schools.csv": ("school", "capacity", "lat", "lon"),
         "distances.csv": ("zone", "school", "miles"),
         "current_plan.csv": ("zone", "school")},
        frozenset({"zones.csv", "schools.csv", "distances.csv", "current_plan.csv"}),
        args=lambda d: ["evaluate", str(d / "current_plan.csv"), "--data", str(d), "--json"]),
    "msd": Contract(
        "msd_alameda",
        {"districts.csv": ("district", "enrollment", "teachers", "local_revenue", "white",
                           "black", "hispanic", "asian", "other", "frpm", "lat", "lon"),
         "adjacency.csv": ("district_a", "district_b", "confidence")},
        frozenset({"districts.csv"}),
        args=lambda d: ["msd", "--data", str(d), "--p", "0.2", "--json"]),
    "rehab": Contract(
        "rehab_lbusd",
        {"projects.csv": ("structure", "shell", "interiors", "services", "equipment",
                          "special", "students", "ell", "low_income"),
         "importance.csv": ("category", "importance")},
        frozenset({"importance.csv"}), no_blank=frozenset({"projects.csv"}),
        args=lambda d: ["rehab", "--json"], root=True),
}

CELL_EDITS = ("decimal_comma", "junk", "nul", "huge", "negative", "blank", "nan", "thousands")
FILE_EDITS = ("drop_row", "dup_row", "drop_col", "dup_col", "upper_header", "bom", "crlf",
              "truncate")


def _rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def _text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)  # quotes "3,4" as a spreadsheet does
    return out.getvalue()


def _edit_cell(value: str, how: str) -> str | None:
    """The edited cell, or None when this edit does not apply to this cell."""
    if how == "decimal_comma":
        return value.replace(".", ",") if "." in value else (value + ",5" if value else None)
    if how == "thousands":
        head, dot, tail = value.partition(".")
        if not re.fullmatch(r"[0-9]{4,}", head):
            return None
        return f"{int(head):,}" + dot + tail
    return {"junk": "abc", "nul": value + "\x00", "huge": "1e25", "negative": "-" + value,
            "blank": "", "nan": "NaN"}[how]


@st.composite
def mutations(draw, contract: Contract):
    """(file name, new bytes) for one mutation of one file of ``contract``."""
    name = draw(st.sampled_from(sorted(contract.files)))
    rows = _rows(dataset_dir(contract.dataset) / name)
    header, body = rows[0], rows[1:]
    kind = draw(st.sampled_from(CELL_EDITS + FILE_EDITS))
    if kind in CELL_EDITS:
        columns = [c for c in contract.files[name] if c in header]
        col = header.index(draw(st.sampled_from(columns)))
        r = draw(st.integers(0, len(body) - 1))
        edited = _edit_cell(body[r][col], kind)
        if edited is None or (kind == "blank" and name in contract.no_blank):
            edited = "abc"  # fall back to junk
        body[r][col] = edited
        return name, _text([header, *body]).encode()
    if kind == "drop_row" and name in contract.rows_matter:
        del body[draw(st.integers(0, len(body) - 1))]
    elif kind == "dup_row":
        r = draw(st.integers(0, len(body) - 1))
        body.insert(draw(st.integers(0, len(body))), list(body[r]))
    elif kind in ("drop_col", "dup_col"):
        col = draw(st.integers(0, len(header) - 1))
        for row in (header, *body):
            if kind == "drop_col":
                del row[col]
            else:
                row.append(row[col])
    elif kind == "upper_header":
        header = [h.upper() for h in header]
    text = _text([header, *body])
    if kind == "bom":
        return name, b"\xef\xbb\xbf" + text.encode()
    if kind == "crlf":
        return name, text.replace("\n", "\r\n").encode()
    if kind == "truncate" and name in contract.rows_matter:
        last_row_start = text.rstrip("\n").rfind("\n") + 1
        return name, text[:draw(st.integers(1, last_row_start - 1))].encode()
    return name, text.encode()


def _run(contract: Contract, folder: Path) -> tuple[int, str, str]:
    """``main(args)`` in-process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    env = os.environ.get("ORVILLE_DATA_ROOT")
    if contract.root:
        os.environ["ORVILLE_DATA_ROOT"] = str(folder.parent)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(contract.args(folder))
    finally:
        if env is None:
            os.environ.pop("ORVILLE_DATA_ROOT", None)
        else:
            os.environ["ORVILLE_DATA_ROOT"] = env
    return code, out.getvalue(), err.getvalue()


def _result(stdout: str) -> dict:
    result = json.loads(stdout)
    result.pop("seconds", None)  # msd: wall time
    return result


def _copy(contract: Contract, work: Path) -> Path:
    """A copy of the dataset (as ``<work>/<dataset>``, beside the others for rehab's root)."""
    if contract.root:
        shutil.copytree(dataset_dir(contract.dataset).parent, work / "data")
        return work / "data" / contract.dataset
    return Path(shutil.copytree(dataset_dir(contract.dataset), work / contract.dataset))


_BASELINES: dict[str, tuple[int, dict]] = {}


def _baseline(name: str) -> tuple[int, dict]:
    if name not in _BASELINES:
        with tempfile.TemporaryDirectory() as tmp:
            code, out, err = _run(CONTRACTS[name], _copy(CONTRACTS[name], Path(tmp)))
        _BASELINES[name] = code, _result(out)
    return _BASELINES[name]


def assert_clean_or_identical(name: str, code: int, out: str, err: str) -> None:
    assert "Traceback" not in err and "Traceback" not in out
    lines = err.splitlines()
    assert all(line.startswith("error: ") for line in lines), err
    if code == 2:
        assert 1 <= len(lines) <= 21, err
        assert all("(fix: " in line for line in lines if not line.startswith("error: … and")), err
        return
    base_code, base = _baseline(name)
    if (code, _result(out)) == (base_code, base):
        return
    # the only other clean outcome: evaluate reporting what is wrong with the plan itself
    assert name == "orville" and code == 1, (code, out, err)
    assert any(re.match(r"unknown (zone|school)|zones without a school", v)
               for v in _result(out)["violations"]), out


def _check(name: str, mutation: tuple[str, bytes]) -> None:
    file, data = mutation
    contract = CONTRACTS[name]
    with tempfile.TemporaryDirectory() as tmp:
        folder = _copy(contract, Path(tmp))
        (folder / file).write_bytes(data)
        assert_clean_or_identical(name, *_run(contract, folder))


def fuzz(examples: int) -> settings:
    """Bounded: the whole file runs in well under a minute."""
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@fuzz(150)
@given(mutations(CONTRACTS["orville"]))
def test_orville_data_and_plan(mutation):
    _check("orville", mutation)


@fuzz(40)
@given(mutations(CONTRACTS["msd"]))
def test_msd_data(mutation):
    _check("msd", mutation)


@fuzz(25)
@given(mutations(CONTRACTS["rehab"]))
def test_rehab_data(mutation):
    _check("rehab", mutation)


def test_as_a_subprocess(tmp_path):
    """The same promise from a real ``python -m orville_case`` process (a quoted decimal comma,
    a NUL byte in the header, and a BOM + CRLF copy that must give the untouched result)."""
    contract = CONTRACTS["orville"]
    for k, (file, old, new) in enumerate([
            ("distances.csv", b"Ashgrove,Hartley,3.4", b'Ashgrove,Hartley,"3,4"'),
            ("zones.csv", b"lat,lon", b"la\x00t,lon"),
            ("schools.csv", b"school,", b"\xef\xbb\xbfschool,")]):
        folder = _copy(contract, tmp_path / str(k))
        data = (folder / file).read_bytes().replace(old, new)
        (folder / file).write_bytes(data.replace(b"\n", b"\r\n"))
        proc = subprocess.run([sys.executable, "-m", "orville_case", *contract.args(folder)],
                              capture_output=True, text=True, timeout=120)
        assert_clean_or_identical("orville", proc.returncode, proc.stdout, proc.stderr)
        assert (proc.returncode == 2) == (k < 2), proc.stderr
