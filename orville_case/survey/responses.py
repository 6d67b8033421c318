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

from orville_case.core.tables import Number, Table, read_table
from orville_case.survey.instrument import COLUMNS, ITEMS, PHASES, SCALE

TEMPLATE = "examples/survey/template.csv"
ANSWER = (f"a whole number {min(SCALE)}–{max(SCALE)} "
          f"({min(SCALE)} = {SCALE[min(SCALE)]} … {max(SCALE)} = {SCALE[max(SCALE)]})")
_ANSWER_FIX = f"write {ANSWER}"


def validate(table: Table) -> pd.DataFrame:
    """The answers of ``table`` (read with the answer columns as whole numbers) as typed rows;
    :class:`DataError` listing every bad row otherwise. Columns: ``student`` (lower case),
    ``phase``, ``q1``–``q3`` (int)."""
    rows: list[dict] = []
    first: dict[tuple[str, str], int] = {}
    for row, rec in table.rows:
        student, phase = str(rec["student"]).lower(), str(rec["phase"]).lower()
        ok = True
        if not student:
            table.problem("blank student code", row, "student",
                          "write the anonymous code the student chose")
            ok = False
        if phase not in PHASES:
            table.problem(f"unknown phase '{rec['phase']}'", row, "phase",
                          f"write {' or '.join(PHASES)}")
            ok = False
        values = {q: rec[q] for q in ITEMS}
        for q, value in values.items():
            if value is None:  # blank or not a number: the reader has named it
                ok = False
            elif not min(SCALE) <= value <= max(SCALE):
                table.problem(f"answer {value} is not one of {min(SCALE)}–{max(SCALE)}", row, q,
                              _ANSWER_FIX)
                ok = False
        if student and phase in PHASES:
            if (student, phase) in first:
                table.problem(
                    f"student '{student}' answered the {phase} survey twice (first in row "
                    f"{first[student, phase]})", row, "student",
                    "keep one row per student and phase: delete the duplicate or correct the "
                    "code")
                ok = False
            first.setdefault((student, phase), row)
        if ok:
            rows.append({"student": student, "phase": phase, **values})
    if table.readable and not table.rows:
        table.problem("no answers", fix=f"add one row per filled-in sheet under the header "
                      f"{','.join(COLUMNS)} (see {TEMPLATE})")
    table.raise_problems()
    return pd.DataFrame(rows, columns=COLUMNS)


def read_responses(path: str | Path) -> pd.DataFrame:
    """The validated answers in ``path`` (see the module docstring for the rules)."""
    table = read_table(path, required=COLUMNS,
                       numeric={q: Number("whole", valid=ANSWER) for q in ITEMS},
                       name=str(path), what="answer file",
                       fix=f"give the answer file (columns {','.join(COLUMNS)}; template: "
                           f"{TEMPLATE})")
    return validate(table)
