"""The notebook runner of the website and the mutation tests (orville_case.core.kernels)."""

import asyncio
import os
import time
from queue import Empty

import nbformat
import pytest

from orville_case.core import kernels


def test_environment_sets_unsets_and_restores(monkeypatch):
    monkeypatch.setenv("ORVILLE_A", "before")
    monkeypatch.delenv("ORVILLE_B", raising=False)
    with kernels.environment({"ORVILLE_A": None, "ORVILLE_B": "during"}):
        assert "ORVILLE_A" not in os.environ and os.environ["ORVILLE_B"] == "during"
    assert os.environ["ORVILLE_A"] == "before" and "ORVILLE_B" not in os.environ


class MissedWakeup:
    """A channel whose long polls never see the message (pyzmq's missed asyncio wake-up): only a
    poll that times out re-checks the socket and finds what arrived."""

    def __init__(self, arrives_after: float | None):
        self.arrives = None if arrives_after is None else time.monotonic() + arrives_after
        self.polls: list[float | None] = []

    async def get_msg(self, timeout: float | None = None) -> dict:
        self.polls.append(timeout)
        await asyncio.sleep(timeout if timeout is not None else 3600)
        if self.arrives is not None and time.monotonic() >= self.arrives:
            return {"msg": "reply"}
        raise Empty


def test_sliced_polls_find_a_missed_message_within_a_slice(monkeypatch):
    monkeypatch.setattr(kernels, "SLICE_SECONDS", 0.05)
    channel = MissedWakeup(arrives_after=0.12)
    start = time.monotonic()
    got = asyncio.run(kernels._sliced(channel.get_msg)(timeout=300))
    assert got == {"msg": "reply"} and time.monotonic() - start < 1  # not 300 s
    assert all(t is not None and t <= 0.05 for t in channel.polls)


def test_sliced_polls_still_time_out(monkeypatch):
    monkeypatch.setattr(kernels, "SLICE_SECONDS", 0.05)
    channel = MissedWakeup(arrives_after=None)
    with pytest.raises(Empty):
        asyncio.run(kernels._sliced(channel.get_msg)(timeout=0.2))
    assert 3 <= len(channel.polls) <= 6


def test_execute_runs_a_notebook_in_its_folder_with_its_environment(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os; print(os.getcwd(), os.environ.get('ORVILLE_PROBE'))")])
    kernels.execute(nb, tmp_path, {"ORVILLE_PROBE": "42"}, timeout=60)
    assert nb.cells[0].outputs[0].text.split() == [str(tmp_path), "42"]
    assert "ORVILLE_PROBE" not in os.environ
