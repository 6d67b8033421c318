"""The one CSV reader and number parser (core/tables.py): the same rules for every file."""

from pathlib import Path

import pytest

from orville_case.core.errors import MAX_LISTED, DataError, OrvilleError, Problem
from orville_case.core.tables import (
    STOP_AFTER,
    BadNumber,
    Number,
    parse_number,
    read_table,
    require_folder,
)


@pytest.mark.parametrize(("text", "spec", "value"), [
    ("12", "whole", 12), (" 12 ", "whole", 12), ("1,234", "whole", 1234),
    ("1,234,567", "whole", 1234567), ("1e3", "whole", 1000), ("12.0", "whole", 12),
    ("3.4", "real", 3.4), (".5", "real", 0.5), ("+3", "real", 3.0), ("1,234.5", "real", 1234.5),
    ("1,234,567", "real", 1234567.0), ("$1,200", "money", 1200.0), ("-$0", "money", 0.0),
    ("$ 12.50", "money", 12.5), ("40%", "share", 0.4), ("0.373", "share", 0.373),
    ("-94.229", "signed", -94.229), ("", Number("real", blank=True), None),
    ("99999999999999999999", "whole", 99999999999999999999),
])
def test_numbers_read(text, spec, value):
    got = parse_number(text, spec)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(("text", "spec", "message", "fix"), [
    ("3,4", "real", "'3,4' has a decimal comma", "use a dot as decimal separator (e.g. 3.4)"),
    ("3,4", "whole", "'3,4' has a decimal comma", "use a dot as decimal separator"),
    ("1.234,5", "money", "'1.234,5' has a decimal comma", "(e.g. 1234.5)"),
    ("1,234", "real", "'1,234' is ambiguous", "write 1234 or 1.234"),
    ("1,23,4", "real", "'1,23,4' is not a number", "write a number ≥ 0"),
    ("1_0", "whole", "'1_0' is not a whole number", "write a whole number ≥ 0"),
    ("0x10", "whole", "'0x10' is not a whole number", ""),
    ("١٢", "whole", "'١٢' is not a whole number", ""),  # Arabic-Indic digits
    ("nan", "real", "'nan' is not a number", "write a finite number"),
    ("-inf", "signed", "'-inf' is not a number", "NaN and infinity are not data"),
    ("Infinity", "money", "'Infinity' is not an amount in dollars", "finite"),
    ("1e400", "real", "'1e400' is too large", ""),
    ("12.5", "whole", "'12.5' is not a whole number", "write a whole number ≥ 0"),
    ("-3", "real", "-3 is negative", "values must be ≥ 0"),
    ("$5", "whole", "'$5' is not a whole number", "write it without '$'"),
    ("5%", "real", "'5%' is not a number", "write it without '%'"),
    ("1.5", "share", "'1.5' is not a share between 0 and 1", "25%"),
    ("0", Number("real", positive=True), "'0' is not a positive number", "> 0"),
    ("", "whole", "blank cell", "write a whole number ≥ 0"),
    ("2e6", Number("real", below=1e6, why="check the units"), "2e6 is too large (must be "
     "below 1,000,000)", "check the units"),
])
def test_bad_numbers_say_what_and_how_to_fix(text, spec, message, fix):
    with pytest.raises(BadNumber) as bad:
        parse_number(text, spec)
    assert str(bad.value).startswith(message)
    assert fix in bad.value.fix


def _write(tmp_path: Path, data: bytes | str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _messages(table) -> list[str]:
    return [str(p) for p in table.problems]


def test_header_case_bom_crlf_blank_rows_and_spreadsheet_rows(tmp_path):
    plain = read_table(_write(tmp_path, "zone,miles\nA,1\n\nB,2\n"), required=["zone"],
                       numeric={"miles": "real"})
    excel = read_table(_write(tmp_path, b"\xef\xbb\xbf Zone , MILES\r\nA,1\r\n,\r\nB,\"2\"\r\n",
                              "excel.csv"), required=["zone"], numeric={"miles": "real"})
    assert plain.rows == excel.rows == [(2, {"zone": "A", "miles": 1.0}),
                                        (4, {"zone": "B", "miles": 2.0})]
    assert excel.columns == ("zone", "miles") and not excel.problems
    assert list(excel.frame().index) == [2, 4]


@pytest.mark.parametrize(("data", "says"), [
    (b"", "t.csv: file is empty (fix: add a header row: zone)"),
    (b"zone,mi\x00les\nA,1\n", "t.csv, row 1: contains a NUL byte"),
    (b"zone\nA\nB\x00\n", "t.csv, row 3: contains a NUL byte"),
    ("zone\nA\n".encode("utf-16"), "t.csv: is UTF-16 text (fix: save it as 'CSV UTF-8'"),
    ("zone\nÉcole\n".encode("latin-1"), "t.csv, row 2: is not UTF-8 text (byte 0xc9)"),
    (b"zone,zone\nA,B\n", "t.csv, row 1, field 'zone': column 'zone' appears twice"),
    (b"school\nA\n", "t.csv, row 1, field 'zone': missing column (fix: add a 'zone' column to "
                     "the header (found: school))"),
    (b"zone\nA,3,4\n", "t.csv, row 2: expected 1 values, found 3 (fix: check for missing or "
                       "extra commas; write decimals with a dot (3.4, not 3,4))"),
    (b'zone\n"A\n', "t.csv, row 2: cannot be read as CSV (unexpected end of data)"),
])
def test_file_problems_are_one_line_each(tmp_path, data, says):
    table = read_table(_write(tmp_path, data), required=["zone"])
    assert _messages(table)[0].startswith(says), _messages(table)
    assert not table.readable or table.rows == [] or "expected" in says


def test_missing_file_names_the_absolute_folder_and_folders_are_not_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    [msg] = _messages(read_table("nope.csv", what="plan file", fix="give a plan"))
    assert msg == f"nope.csv: plan file not found in {tmp_path.resolve()} (fix: give a plan)"
    (tmp_path / "dir.csv").mkdir()
    [msg] = _messages(read_table("dir.csv"))
    assert msg.startswith("dir.csv: is a folder, not a file")


def test_unreadable_file(tmp_path, monkeypatch):
    path = _write(tmp_path, "zone\nA\n")

    def denied(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    [msg] = _messages(read_table(path))
    assert msg == ("t.csv: cannot be read: permission denied (fix: make the file readable "
                   "(chmod u+r) or copy it somewhere readable)")


def test_folders(tmp_path, monkeypatch):
    with pytest.raises(DataError, match="data folder '.*x' does not exist"):
        require_folder(tmp_path / "x", "a.csv")
    with pytest.raises(DataError, match="is a file, not a folder .fix: pass the folder that "
                                        "holds a.csv"):
        require_folder(_write(tmp_path, "a"), "a.csv")
    monkeypatch.setattr("os.access", lambda *_: False)
    with pytest.raises(DataError, match="cannot be read: permission denied"):
        require_folder(tmp_path, "a.csv")


def test_at_most_20_problems_listed_then_a_count(tmp_path):
    rows = "".join(f"Z{k},x\n" for k in range(30))
    table = read_table(_write(tmp_path, "zone,miles\n" + rows), numeric={"miles": "real"})
    error = DataError(table.problems)
    lines = error.lines()
    assert len(error.problems) == MAX_LISTED and len(lines) == MAX_LISTED + 1
    assert lines[-1] == "… and 10 more problems"
    assert lines[0] == "t.csv, row 2, field 'miles': 'x' is not a number (fix: write a number ≥ 0)"


def test_a_file_full_of_junk_is_not_read_to_its_end(tmp_path):
    rows = "".join(f"Z{k},x\n" for k in range(3 * STOP_AFTER))
    table = read_table(_write(tmp_path, "zone,miles\n" + rows), numeric={"miles": "real"})
    last = DataError(table.problems).lines()[-1]
    assert last == (f"… and at least {STOP_AFTER - MAX_LISTED} more problems "
                    f"(stopped reading t.csv at row {STOP_AFTER + 2})")
    assert len(table.rows) == STOP_AFTER


def test_error_from_a_plain_list_is_capped_too():
    error = OrvilleError([Problem(f"p{k}") for k in range(25)])
    assert error.lines()[-1] == "… and 5 more problems" and str(error).count("\n") == MAX_LISTED
