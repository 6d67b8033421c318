"""``python -m orville_case msd`` and the notebook 05 self-checks."""

import json

import numpy as np

from orville_case.cli import main
from orville_case.msd import model as msd
from orville_case.msd.checks import check_added_term, check_race_msd, check_revenue_gradient
from orville_case.msd.data import load_msd, synthetic, write_msd


def test_msd_json_contract(capsys):
    assert main(["msd", "--p", "0.2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["p"] == 0.2 and out["converged"] and out["violations"] == []
    assert out["moved"] <= 0.2 + 1e-7 and out["objective"] < out["objective_status_quo"]
    assert set(out["relative_msd"]) == {"race", "ratio", "revenue"}
    assert 0 < out["race"]["max_reduction"] < 1
    assert {"from", "to", "share", "students"} <= set(out["moves"][0])


def test_msd_table_on_another_dataset(tmp_path, capsys):
    folder = write_msd(synthetic(6, seed=1), tmp_path / "six")
    assert main(["msd", "--data", str(folder), "--p", "0.5"]) == 0
    assert capsys.readouterr().out.startswith("six: 6 districts, p = 0.5")


def test_msd_bad_input(tmp_path, capsys):
    assert main(["msd", "--p", "1.5"]) == 2
    assert capsys.readouterr().err.strip() == ("error: argument --p: '1.5' is not a share between "
                                               "0 and 1 (fix: write e.g. 0.25 or 25%)")
    assert main(["msd", "--data", str(tmp_path / "nope")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_self_checks_accept_solutions_and_hint_otherwise(capsys):
    data = load_msd()

    def race(d):
        a = d.race.to_numpy()
        return ((a - d.students @ a / d.students.sum()) ** 2).sum(axis=1)

    def plain_mean(d):
        a = d.race.to_numpy()
        return ((a - a.mean(axis=0)) ** 2).sum(axis=1)

    assert check_race_msd(race, data)
    assert not check_race_msd(plain_mean, data)
    assert "county-wide share" in capsys.readouterr().out

    def grad(x):
        S, R = data.students, data.revenue
        E = x.T @ S
        g = R / E
        return -2 * S[:, None] * ((g - R.sum() / S.sum()) * g / E)[None, :]

    assert check_revenue_gradient(grad, data)
    capsys.readouterr()
    assert not check_race_msd(lambda d: "small", data)  # hints, does not raise
    assert "return numbers" in capsys.readouterr().out
    assert not check_revenue_gradient(lambda x: np.full_like(x, np.nan), data)
    assert "NaN or infinite" in capsys.readouterr().out
    assert not check_revenue_gradient(lambda x: -grad(x), data)
    assert "wrong sign" in capsys.readouterr().out

    def unsolved(_):
        raise NotImplementedError()

    for check, arg in ((check_race_msd, data), (check_added_term, data)):
        assert not check(unsolved, arg)
        assert "NotImplementedError" in capsys.readouterr().out
    assert not check_added_term(lambda d: msd.MSDModel(d), data)
    assert "plus one" in capsys.readouterr().out


def test_added_term_check_accepts_a_four_term_model(capsys):
    data = load_msd()

    def four(d):
        return msd.MSDModel(d, msd.default_terms(d) + [
            msd.Term("frpm", "composition", d.frpm[:, None])])

    assert check_added_term(four, data)
    assert capsys.readouterr().out.startswith("✓ four terms")
    assert not check_added_term(lambda d: msd.MSDModel(d, msd.default_terms(d) + [
        msd.Term("frpm", "composition", np.ones((d.n, 1)))]), data)
