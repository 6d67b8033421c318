"""Reading an answer file ``student,phase,q1,q2,q3`` (one row per filled-in sheet).

Rules (each broken rule is one error line naming file, row, field and the fix; all are reported):

* ``student`` is the anonymous code the student chose; codes are compared ignoring surrounding
  spaces and letter case (``Fox17`` = ``fox17 ``) and shown in lower case;
* ``phase`` is ``pre`` or ``post`` (any letter case);
* ``q1``, ``q2``, ``q3`` are whole numbers 1–5 (1 = strongly disagree … 5 = strongly agree);
* a student answers each phase at most once. Extra columns (e.g. a timestamp) are ignored.

Rows are spreadsheet rows: the header is row 1.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from orville_case.core.errors import DataError, Problem
from orville_case.core.tables import read_table, require_columns
from orville_case.survey.instrument import COLUMNS, ITEMS, PHASES, SCALE

TEMPLATE = "examples/survey/template.csv"
_ANSWER_FIX = (f"write a whole number {min(SCALE)}–{max(SCALE)} "
               f"({min(SCALE)} = {SCALE[min(SCALE)]} … {max(SCALE)} = {SCALE[max(SCALE)]})")


def answer(text: str) -> tuple[int | None, str | None]:
    """A cell as a Likert answer: ``(value, None)`` or ``(None, what is wrong)``."""
    t = text.strip()
    if not t:
        return None, "blank answer"
    try:
        x = float(t)
    except ValueError:
        return None, f"'{t}' is not a number"
    if not (x.is_integer() and min(SCALE) <= x <= max(SCALE)):
        return None, f"answer {t} is not one of {min(SCALE)}–{max(SCALE)}"
    return int(x), None


def validate(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """The answers of ``frame`` (text cells, as read) as typed rows; :class:`DataError` listing
    every bad row otherwise. Columns: ``student`` (lower case), ``phase``, ``q1``–``q3`` (int)."""
    frame = frame.rename(columns=lambda c: str(c).strip().lower())
    if len(frame.columns) == 1 and ";" in frame.columns[0]:  # Excel's CSV in many locales
        raise DataError(Problem("columns are separated by ';'", name, 1,
                                fix="save as 'CSV UTF-8 (comma delimited)' or replace ';' by ','"))
    require_columns(frame, COLUMNS, name)
    problems: list[Problem] = []
    rows: list[dict] = []
    first: dict[tuple[str, str], int] = {}
    for row, rec in enumerate(frame[COLUMNS].astype(str).to_dict("records"), start=2):
        student, phase = rec["student"].strip().lower(), rec["phase"].strip().lower()
        ok = True
        if not student:
            problems.append(Problem("blank student code", name, row, "student",
                                    "write the anonymous code the student chose"))
            ok = False
        if phase not in PHASES:
            problems.append(Problem(f"unknown phase '{rec['phase'].strip()}'", name, row, "phase",
                                    f"write {' or '.join(PHASES)}"))
            ok = False
        values = {}
        for q in ITEMS:
            values[q], wrong = answer(rec[q])
            if wrong:
                problems.append(Problem(wrong, name, row, q, _ANSWER_FIX))
                ok = False
        if student and phase in PHASES:
            if (student, phase) in first:
                problems.append(Problem(
                    f"student '{student}' answered the {phase} survey twice (first in row "
                    f"{first[student, phase]})", name, row, "student",
                    "keep one row per student and phase: delete the duplicate or correct the "
                    "code"))
                ok = False
            first.setdefault((student, phase), row)
        if ok:
            rows.append({"student": student, "phase": phase, **values})
    if frame.empty:
        problems.append(Problem("no answers", name, fix=f"add one row per filled-in sheet under "
                                f"the header {','.join(COLUMNS)} (see {TEMPLATE})"))
    if problems:
        raise DataError(problems)
    return pd.DataFrame(rows, columns=COLUMNS)


def _check_utf8(path: Path) -> None:
    """One clear line for a file that is not UTF-8 text (e.g. saved as Excel's 'CSV' in Latin-1)."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = data[:exc.start].count(b"\n") + 1
        raise DataError(Problem(f"byte 0x{data[exc.start]:02x} is not UTF-8 text", str(path), row,
                                fix="save the file as 'CSV UTF-8' (Excel) or UTF-8 text")) from exc


def read_responses(path: str | Path) -> pd.DataFrame:
    """The validated answers in ``path`` (see the module docstring for the rules)."""
    path = Path(path)
    fix = f"give the answer file (columns {','.join(COLUMNS)}; template: {TEMPLATE})"
    if path.is_file():
        _check_utf8(path)
    try:
        frame = read_table(path, fix=fix)
    except pd.errors.EmptyDataError as exc:  # a 0-byte file: not even a header
        raise DataError(Problem("empty file", str(path), fix=f"start from {TEMPLATE}: the header "
                                f"{','.join(COLUMNS)}, then one row per sheet")) from exc
    return validate(frame, str(path))
