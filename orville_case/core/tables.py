"""Reading a companion dataset's CSV files: text cells and one clear error per problem.

(The ORville data contract has its own row-by-row reader in :mod:`orville_case.zoning.data`.)
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from orville_case.core.errors import DataError, Problem


def read_table(path: Path, fix: str) -> pd.DataFrame:
    """``path`` as a frame of text cells ('' for blank), headers as written.

    A missing file raises :class:`DataError` with ``fix``; an unreadable one names the parser's
    complaint. A UTF-8 byte-order mark (Excel's "CSV UTF-8") is accepted.
    """
    if not path.is_file():
        raise DataError(Problem("file not found", file=str(path), fix=fix))
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(Problem(f"not a readable CSV ({exc})", file=str(path))) from exc


def missing_columns(frame: pd.DataFrame, columns: list[str], name: str) -> list[Problem]:
    """One problem per column of ``columns`` absent from ``frame`` (file ``name``, header row)."""
    return [Problem("missing column", file=name, row=1, field=c,
                    fix=f"add a '{c}' column to the header")
            for c in columns if c not in frame.columns]


def require_columns(frame: pd.DataFrame, columns: list[str], name: str) -> None:
    """Raise :class:`DataError` listing every missing column."""
    problems = missing_columns(frame, columns, name)
    if problems:
        raise DataError(problems)
