"""``python -m orville_case``: the course's command line (see :mod:`orville_case.cli`)."""

from orville_case.cli import main

raise SystemExit(main())
