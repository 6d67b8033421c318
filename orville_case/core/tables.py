"""The one reader of every CSV the course reads, and its one number parser.

ORville zones/schools/distances, plan files, MSD districts/adjacency, rehab projects/importance
and survey files all go through :func:`read_table`, so the same rules hold everywhere:

* **the file** is UTF-8 text (Excel's "CSV UTF-8" byte-order mark is fine), comma-separated, with
  LF or CRLF line ends. Other encodings, UTF-16, NUL bytes, folders, unreadable or empty files are
  problems, each naming the file (and the row where it applies) and the fix.
* **the header** (row 1): names are stripped and lower-cased (``" Zone "`` = ``zone``); every
  required column must be there; a name may appear only once. Other columns are kept as text.
* **rows**: blank rows are skipped; a row with more or fewer cells than the header is a problem;
  cells are stripped. Row numbers are spreadsheet rows (the header is row 1).
* **numbers**: see :func:`parse_number` (kinds ``whole``, ``real``, ``money``, ``share``,
  ``signed``).

Problems are collected, not raised one at a time: a loader reads all its files, adds its own
checks and raises one :class:`DataError` (which lists at most 20 problems, then "… and N more").

Typical use::

    table = read_table(folder / "zones.csv", required=["zone", "students"],
                       numeric={"students": Number("whole", below=1e7)})
    for n, row in table.rows:      # n: spreadsheet row, row: {column: value}
        ...
    table.problems                  # Problems found so far (append your own)
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from orville_case.core.errors import MAX_LISTED, DataError, Problem, Problems

if TYPE_CHECKING:
    import pandas as pd

Kind = Literal["whole", "real", "money", "share", "signed"]
Value = str | int | float | None

_DESCRIBE = {"whole": "a whole number", "real": "a number", "money": "an amount in dollars",
             "share": "a share between 0 and 1", "signed": "a number"}
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")
_DECIMAL_COMMA = re.compile(r"[+-]?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]*),[0-9]+")
_NOT_FINITE = {"nan", "inf", "infinity"}
#: A file is read no further once it has this many problems (a 50 MB file of junk would
#: otherwise take minutes); the error then says "at least N more".
STOP_AFTER = 1000


@dataclass(frozen=True)
class Number:
    """How a numeric column is read.

    ``kind``: ``whole`` (a count: 0, 1, 2, …; ``1,234`` is 1234), ``real`` (≥ 0), ``money``
    (≥ 0, a leading ``$`` allowed), ``share`` (in [0, 1]; ``37.3%`` is 0.373) or ``signed`` (any
    finite number, e.g. a longitude). ``blank``: a blank cell is allowed and read as ``None``
    (unknown). ``positive``: 0 is refused too. ``below``: values of this magnitude or more are
    refused (they would break the exact arithmetic downstream); ``why`` says why in the fix.
    ``valid``: how a fix names a valid value when the default ("a whole number ≥ 0", …) says too
    little (e.g. "a whole number 1–5" for a Likert answer).
    """

    kind: Kind = "real"
    blank: bool = False
    positive: bool = False
    below: float | None = None
    why: str = ""
    valid: str = ""

    @property
    def describe(self) -> str:
        if self.valid:
            return self.valid
        text = _DESCRIBE[self.kind]
        if self.kind in ("whole", "real"):
            text += " > 0" if self.positive else " ≥ 0"
        return text


class BadNumber(ValueError):
    """A cell (or command-line value) that is not a valid number of its kind; ``fix`` says how."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.fix = fix


def parse_number(text: str, spec: Number | Kind = "real") -> int | float | None:
    """The value of ``text`` as a number of ``spec``'s kind; raises :class:`BadNumber`.

    Rules (the same for every file and for command-line options):

    * surrounding whitespace is ignored; a blank is ``None`` if ``spec.blank`` else an error;
    * ``1,234`` and ``1,234,567.5`` use thousands separators and are accepted — except a single
      ``,ddd`` group without a dot in a ``real``/``share``/``signed`` column, which could be a
      decimal comma (``1,234`` miles = 1.234?) and is refused as ambiguous;
    * a decimal comma (``3,4`` or ``1.234,5``) is refused: "use a dot as decimal separator";
    * ``$`` only in ``money`` columns, ``%`` only in ``share`` columns (``40%`` = 0.4);
    * only plain decimal notation (``12``, ``-3.5``, ``.5``, ``1e3``) with ASCII digits: ``1_0``,
      ``0x10``, ``NaN``, ``inf`` and values too large for a float are refused;
    * ``whole`` must be a whole number; every kind but ``signed`` must be ≥ 0 (``share`` ≤ 1);
      ``positive`` refuses 0; ``below`` refuses |value| ≥ below.
    """
    spec = Number(spec) if isinstance(spec, str) else spec
    shown = text.strip()
    t = shown
    if _NUMBER.fullmatch(t) and spec.kind != "whole" and "e" not in t.lower():  # the usual case
        value = float(t)
        if value >= 0 and not (spec.positive and value == 0) and (
                spec.kind != "share" or value <= 1) and (spec.below is None or value < spec.below):
            return value
    what, noun = spec.describe, _DESCRIBE[spec.kind]
    if not t:
        if spec.blank:
            return None
        raise BadNumber("blank cell", f"write {what}")
    if spec.kind == "money":
        t = re.sub(r"^([+-]?)\s*\$\s*", r"\1", t)
    scale = 1.0
    if spec.kind == "share" and t.endswith("%"):
        t, scale = t[:-1].rstrip(), 0.01
    if "$" in t or "%" in t:
        sign = "$" if "$" in t else "%"
        allowed = "amounts of money" if sign == "$" else "shares"
        raise BadNumber(f"'{shown}' is not {noun}", f"write it without '{sign}' (only {allowed} "
                        f"may have one)")
    if _THOUSANDS.fullmatch(t):
        if t.count(",") == 1 and "." not in t and spec.kind not in ("whole", "money"):
            plain, dotted = t.replace(",", ""), t.replace(",", ".")
            raise BadNumber(f"'{shown}' is ambiguous (thousands separator or decimal comma?)",
                            f"write {plain} or {dotted}: no thousands separators, a dot as "
                            "decimal separator")
        t = t.replace(",", "")
    elif _DECIMAL_COMMA.fullmatch(t):
        raise BadNumber(f"'{shown}' has a decimal comma", "use a dot as decimal separator "
                        f"(e.g. {t.replace('.', '').replace(',', '.')})")
    if not _NUMBER.fullmatch(t):
        if t.lstrip("+-").lower() in _NOT_FINITE:
            raise BadNumber(f"'{shown}' is not {noun}", "write a finite number (NaN and "
                            "infinity are not data" + ("; leave the cell blank if unknown)"
                                                       if spec.blank else ")"))
        raise BadNumber(f"'{shown}' is not {noun}", f"write {what}")
    exact = spec.kind == "whole" and not any(ch in t for ch in ".eE")
    value: int | float = int(t) if exact else float(t)
    if not math.isfinite(value):
        raise BadNumber(f"'{shown}' is too large", f"write {what} of sensible size")
    if spec.kind == "whole":
        if not float(value).is_integer():
            raise BadNumber(f"'{shown}' is not a whole number", f"write {what}")
        value = int(value)
    value = value * scale if scale != 1.0 else value
    if value < 0 and spec.kind != "signed":
        raise BadNumber(f"{shown} is negative", "values must be ≥ 0")
    if spec.positive and value == 0:
        raise BadNumber(f"'{shown}' is not a positive number", "write a number > 0")
    if spec.kind == "share" and value > 1:
        raise BadNumber(f"'{shown}' is not a share between 0 and 1",
                        "write e.g. 0.25 or 25%")
    if spec.below is not None and abs(value) >= spec.below:
        raise BadNumber(f"{shown} is too large (must be below {spec.below:,.0f})",
                        spec.why or f"write {what} below {spec.below:g}")
    return value


@dataclass
class Table:
    """One CSV file as read: normalised ``columns``, typed ``rows``, ``problems`` found.

    ``rows`` holds ``(n, {column: value})`` with ``n`` the spreadsheet row; numeric columns hold
    ``int``/``float`` (``None`` where blank-allowed or bad), other columns stripped text.
    ``readable`` is True when the file was read and its header has every required column.
    """

    name: str
    columns: tuple[str, ...] = ()
    rows: list[tuple[int, dict[str, Value]]] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    readable: bool = False
    numeric: tuple[str, ...] = ()

    def problem(self, message: str, row: int | None = None, column: str | None = None,
                fix: str | None = None) -> None:
        """Record a problem of this file (only counted once :data:`MAX_LISTED` are listed)."""
        if len(self.problems) >= MAX_LISTED:
            self.problems.more += 1
        else:
            self.problems.append(Problem(message, self.name, row, column, fix))

    def key(self, row: int, cells: Mapping[str, Value], column: str,
            seen: dict[str, int]) -> str | None:
        """``cells[column]`` as an identifier: blank or already in ``seen`` (name → first row) is
        a problem (and ``None``); else it is recorded in ``seen`` and returned."""
        key = str(cells[column])
        if not key:
            self.problem(f"empty {column}", row, column, f"give every row a {column}")
            return None
        if key in seen:
            self.problem(f"duplicate {column} '{key}' (first at row {seen[key]})", row, column,
                         f"keep one row per {column}")
            return None
        seen[key] = row
        return key

    def keys(self, column: str) -> None:
        """Check that ``column`` names every row once (see :meth:`key`)."""
        seen: dict[str, int] = {}
        for n, cells in self.rows:
            self.key(n, cells, column, seen)

    def too_many(self, row: int) -> bool:
        """True (and noted) once this file has :data:`STOP_AFTER` problems: stop at ``row``."""
        if self.problems.total < STOP_AFTER:
            return False
        if not any(note.startswith(f"{self.name} ") for note in self.problems.stopped):
            self.problems.stopped.append(f"{self.name} at row {row}")
        return True

    def raise_problems(self) -> None:
        """Raise :class:`DataError` if any problem was found."""
        if self.problems:
            raise DataError(self.problems)

    def frame(self) -> pd.DataFrame:
        """The rows as a DataFrame indexed by spreadsheet row; numeric columns as float (None →
        NaN), the others as text."""
        import pandas as pd

        frame = pd.DataFrame([r for _, r in self.rows], index=[n for n, _ in self.rows],
                             columns=list(self.columns), dtype=object)
        for c in self.numeric:
            frame[c] = frame[c].astype(float)
        return frame


def read_table(path: str | Path, *, required: Iterable[str] = (),
               numeric: Mapping[str, Number | Kind] | None = None, name: str | None = None,
               what: str = "file", fix: str = "check the folder, or create the file") -> Table:
    """Read ``path`` by the rules of this module; never raises for bad input (see ``problems``).

    ``required``: columns the header must have. ``numeric``: columns read as numbers (those
    present; a missing optional column is simply absent from ``columns``). ``name``: how the file
    is named in messages (default: its file name). ``what`` and ``fix``: the message and fix when
    the file does not exist (e.g. ``what="plan file"``).
    """
    path = Path(path)
    table = Table(name or path.name)
    required = [c.lower() for c in required]
    specs = {c.lower(): (Number(s) if isinstance(s, str) else s)
             for c, s in (numeric or {}).items()}
    text = _text(path, table, what, fix)
    if text is None:
        return table
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            table.problem("file is empty", fix="add a header row" + (
                f": {','.join(required)}" if required else ""))
            return table
        names = [h.strip().lower() for h in header]
        if len(names) == 1 and ";" in names[0]:  # Excel's "CSV" in many European locales
            table.problem("columns are separated by ';'", 1,
                          fix="save as 'CSV UTF-8 (comma delimited)' or replace ';' by ','")
            return table
        seen: set[str] = set()
        for c in names:
            if c and c in seen:
                table.problem(f"column '{c}' appears twice", 1, c, "keep one column of each name")
            seen.add(c)
        table.columns = tuple(names)
        found = ", ".join(h.strip() for h in header)
        for c in required:
            if c not in seen:
                table.problem("missing column", 1, c,
                              f"add a '{c}' column to the header (found: {found})")
        if table.problems:
            return table
        table.readable = True
        table.numeric = tuple(c for c in names if c in specs)
        numeric_at = [(k, c, specs[c]) for k, c in enumerate(names) if c in specs]
        for raw in reader:
            n = reader.line_num
            if table.too_many(n):
                break
            if not any(cell.strip() for cell in raw):
                continue
            if len(raw) != len(names):
                table.problem(f"expected {len(names)} values, found {len(raw)}", n,
                              fix="check for missing or extra commas; write decimals with a "
                                  "dot (3.4, not 3,4)")
                continue
            row: dict[str, Value] = {c: cell.strip() for c, cell in zip(names, raw, strict=True)}
            for k, c, spec in numeric_at:
                try:
                    row[c] = parse_number(raw[k], spec)
                except BadNumber as bad:
                    table.problem(str(bad), n, c, bad.fix)
                    row[c] = None
            table.rows.append((n, row))
    except csv.Error as exc:
        table.readable = False
        table.problem(f"cannot be read as CSV ({exc})", reader.line_num or None,
                      fix="save it as comma-separated text (CSV UTF-8)")
    return table


def _text(path: Path, table: Table, what: str, fix: str) -> str | None:
    """The file's text, or None after recording why it cannot be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        table.problem(f"{what} not found in {path.parent.resolve()}", fix=fix)
        return None
    except IsADirectoryError:
        table.problem(f"is a folder, not a {what}", fix="give the path of the CSV file itself")
        return None
    except PermissionError:
        table.problem("cannot be read: permission denied",
                      fix="make the file readable (chmod u+r) or copy it somewhere readable")
        return None
    except OSError as exc:
        table.problem(f"cannot be read: {exc.strerror or exc}", fix=fix)
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        table.problem("is UTF-16 text", fix="save it as 'CSV UTF-8' (comma-separated)")
        return None
    nul = data.find(b"\x00")
    if nul >= 0:
        table.problem("contains a NUL byte (binary data?)", data.count(b"\n", 0, nul) + 1,
                      fix="remove it; save the file as 'CSV UTF-8' text")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        table.problem(f"is not UTF-8 text (byte 0x{data[exc.start]:02x})",
                      data.count(b"\n", 0, exc.start) + 1,
                      fix="save it as 'CSV UTF-8' (Excel) or as UTF-8 text")
        return None


def require_folder(folder: str | Path, holds: str, what: str = "data folder") -> Path:
    """``folder`` as a Path if it is a readable folder; else :class:`DataError` with the fix.

    ``holds`` names what the folder should contain (for the fix), e.g. ``"zones.csv, …"``;
    ``what`` how it is called in the message.
    """
    folder = Path(folder)
    fix = f"pass the folder that holds {holds}"
    if not folder.exists():
        raise DataError(Problem(f"{what} '{folder}' does not exist", fix=fix))
    if not folder.is_dir():
        raise DataError(Problem(f"{what} '{folder}' is a file, not a folder", fix=fix))
    if not os.access(folder, os.R_OK | os.X_OK):
        raise DataError(Problem(f"{what} '{folder}' cannot be read: permission denied",
                                fix="make it readable (chmod u+rx) or copy it"))
    return folder
