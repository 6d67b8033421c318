"""Self-checks of notebook 06: ✓ for a right answer, a HINT (never the answer) otherwise."""

import numpy as np
import pytest

from orville_case.rehab import model as rehab
from orville_case.rehab.checks import check_alpha_gainers, check_dp_recurrence, check_lcff_weight


def _not_done(*args):
    raise NotImplementedError()


def test_lcff_check_accepts_right_and_hints_on_wrong(capsys):
    assert check_lcff_weight(rehab.lcff_weight)
    assert "✓" in capsys.readouterr().out
    assert not check_lcff_weight(lambda p: 1 + 0.2 * p + 0.5 * (p - 0.55))  # no max(., 0)
    assert "HINT" in capsys.readouterr().out
    assert not check_lcff_weight(_not_done)
    assert "NotImplementedError" in capsys.readouterr().out


def test_dp_check_accepts_right_and_locates_the_first_wrong_cell(capsys):
    assert check_dp_recurrence(rehab.dp_table)
    assert "✓" in capsys.readouterr().out

    def greedy_bug(values, weights, capacity):  # forgets "leave item i"
        table = rehab.dp_table(values, weights, capacity)
        table[4, 10] = 80
        return table

    assert not check_dp_recurrence(greedy_bug)
    out = capsys.readouterr().out
    assert "HINT" in out and "V[4, 10]" in out
    assert not check_dp_recurrence(lambda v, w, c: np.zeros((4, 10)))
    assert "shape" in capsys.readouterr().out


@pytest.mark.parametrize("answer", [set(), {"Nonexistent School"}])
def test_gainers_check_hints_without_raising(capsys, answer):
    assert not check_alpha_gainers(lambda alpha: answer)
    assert "HINT" in capsys.readouterr().out
