"""Sub-commands of ``python -m orville_case`` (registered with :func:`orville_case.cli.command`)."""

from __future__ import annotations
