"""Command line: ``python -m orville_case COMMAND ...`` (see ``--help``).

Every command prints a readable table by default and machine-readable JSON with ``--json``.
Errors the user can fix exit with status 2 and one line per problem on stderr, no traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable

from .errors import CourseError

Register = Callable[[argparse._SubParsersAction], None]
COMMANDS: list[Register] = []


def command(register: Register) -> Register:
    """Decorator: add a sub-command registrar to the CLI."""
    COMMANDS.append(register)
    return register


def emit(payload: dict, as_json: bool, text: str) -> None:
    """Print ``payload`` as JSON or ``text`` for people."""
    print(json.dumps(payload, indent=2) if as_json else text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m orville_case",
        description="ORville optimization course: zoning frontier, plan evaluation, companions.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    from . import commands  # noqa: F401  (registers the sub-commands)

    for register in COMMANDS:
        register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except CourseError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (silence the flush at exit)
        return 0
