"""zoning: a district where no plan fits the capacities, or whose numbers are too large for exact
arithmetic, gives one clear error line."""

import pytest

from orville_case.cli import main
from orville_case.core.errors import SolverError
from orville_case.zoning import tradeoffs
from orville_case.zoning.data import build_district

from .conftest import write_dataset


def _district(capacity: dict[str, int]):
    zones = {"A": 30, "B": 30, "C": 30}
    miles = {(z, s): 1.0 + k for k, z in enumerate(zones) for s in capacity}
    return build_district(zones, dict.fromkeys(zones, 5), capacity, miles, name="tight")


@pytest.mark.parametrize("method", [tradeoffs.frontier, tradeoffs.payoff_table,
                                    lambda d, **kw: tradeoffs.weighted_sum_sweep(d, [0.5], **kw)])
def test_no_feasible_plan_raises_one_line(method):
    d = _district({"X": 45, "Y": 45})  # 90 seats for 90 students, but zones of 30 fit one each
    kwargs = {} if method is tradeoffs.payoff_table else {"quiet": True}
    with pytest.raises(SolverError) as info:
        method(d, **kwargs)
    message = str(info.value)
    assert "\n" not in message and "tight" in message and "90 students for 90 seats" in message
    assert "capacity" in message and "schools.csv" in message


def test_cli_frontier_reports_it_without_traceback(tmp_path, capsys):
    folder = write_dataset(tmp_path / "d", "zone,students,econ_disadv\nA,30,5\nB,30,5",
                           "school,capacity\nX,45\nY,15", "zone,school,miles\nA,X,1\nA,Y,2\n"
                           "B,X,2\nB,Y,1")
    assert main(["frontier", "--data", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "fits every school's capacity" in err and "Traceback" not in err


def test_cli_frontier_refuses_a_huge_distance_instead_of_looping(tmp_path, capsys):
    """A distance of 1e25 once made the ε-loop spin for ever; now one line, exit 2."""
    folder = write_dataset(tmp_path / "d", "zone,students,econ_disadv\nA,30,5\nB,30,5",
                           "school,capacity\nX,45\nY,45", "zone,school,miles\nA,X,1e25\nA,Y,2\n"
                           "B,X,2\nB,Y,1")
    assert main(["frontier", "--data", str(folder)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "distances.csv" in err and "1e25" in err
