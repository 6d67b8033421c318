"""Run a notebook top to bottom in a fresh kernel (the course website, the mutation tests).

:func:`execute` wraps :class:`nbclient.NotebookClient` with two things both callers need:

* the kernel's environment: variables set for the run (e.g. ``ORVILLE_STRICT=1``, a work folder)
  and restored afterwards, because the kernel inherits this process's environment;
* polling in short slices. nbclient waits for a cell's reply with one ``poll`` as long as the cell
  timeout; under CPU load pyzmq's asyncio poll can miss the wake-up, and the run then stalls for
  the whole timeout (300 s here) although the reply arrived at once — seen after notebook 02's
  widget cell. Polling in one-second slices bounds such a stall to a second: the timeout of each
  slice re-checks the socket.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from queue import Empty
from typing import Any

import nbformat

SLICE_SECONDS = 1.0


@contextlib.contextmanager
def environment(values: Mapping[str, str | None]) -> Iterator[None]:
    """Set (a value) or unset (``None``) each variable for the duration; restore afterwards."""
    old = {k: os.environ.get(k) for k in values}
    try:
        for k, v in values.items():
            _put(k, v)
        yield
    finally:
        for k, v in old.items():
            _put(k, v)


def _put(name: str, value: str | None) -> None:
    """``os.environ[name] = value``, or remove ``name`` when ``value`` is None."""
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


def _sliced(get_msg: Any) -> Any:
    """``get_msg(timeout)`` of a kernel channel, polling at most :data:`SLICE_SECONDS` at a time."""

    async def get(timeout: float | None = None) -> dict:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = SLICE_SECONDS if deadline is None else deadline - time.monotonic()
            try:
                return await get_msg(timeout=max(0.0, min(SLICE_SECONDS, left)))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    return get


def _slice_polls(client: Any) -> None:
    """nbclient hook (``on_notebook_start``): the kernel client now exists; slice its polls."""
    for channel in (client.kc.shell_channel, client.kc.iopub_channel):
        channel.get_msg = _sliced(channel.get_msg)


def execute(nb: nbformat.NotebookNode, folder: Path, env: Mapping[str, str | None], *,
            timeout: int = 300, allow_errors: bool = False) -> nbformat.NotebookNode:
    """Execute ``nb`` in place with its working directory ``folder`` and the environment
    variables ``env`` (``None`` unsets one); raises nbclient's ``CellExecutionError`` at the first
    error unless ``allow_errors``. Returns ``nb``."""
    from nbclient import NotebookClient

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=allow_errors,
                            resources={"metadata": {"path": str(folder)}})
    client.on_notebook_start = lambda notebook: _slice_polls(client)
    with environment(env):
        client.execute()
    return nb
