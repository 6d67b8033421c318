"""``python -m orville_case msd`` and the notebook 05 self-checks."""

import json

import numpy as np

from orville_case.cli import main
from orville_case.msd import model as msd
from orville_case.msd.checks import check_added_term
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


def test_added_term_check_hints(capsys):
    data = load_msd()

    def unsolved(_):
        raise NotImplementedError()

    assert not check_added_term(unsolved, data)
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


def test_msd_method_ipopt_matches_slsqp(capsys):
    assert main(["msd", "--p", "0.3", "--json"]) == 0
    slsqp = json.loads(capsys.readouterr().out)
    assert main(["msd", "--p", "0.3", "--method", "ipopt", "--json"]) == 0
    ipopt = json.loads(capsys.readouterr().out)
    assert slsqp["method"] == "SLSQP" and ipopt["method"] == "ipopt" and ipopt["converged"]
    assert abs(ipopt["objective"] - slsqp["objective"]) <= 1e-6 * slsqp["objective"]
    assert ipopt["violations"] == []


def test_msd_unsolvable_data_is_one_line_exit_2(tmp_path, capsys):
    folder = write_msd(synthetic(4, seed=1), tmp_path / "lonely")
    (folder / "adjacency.csv").write_text("district_a,district_b\n")
    assert main(["msd", "--data", str(folder)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "no two districts border each other" in err
    assert len(err.splitlines()) == 1


def test_msd_huge_revenue_is_one_line_exit_2_not_nan(tmp_path, capsys):
    folder = write_msd(synthetic(5, seed=2), tmp_path / "rich")
    text = (folder / "districts.csv").read_text().splitlines()
    header = text[0].split(",")
    row = text[1].split(",")
    row[header.index("local_revenue")] = "1e300"
    (folder / "districts.csv").write_text("\n".join([text[0], ",".join(row), *text[2:]]) + "\n")
    assert main(["msd", "--data", str(folder)]) == 2
    err = capsys.readouterr().err.strip()
    assert "local_revenue" in err and "too large" in err and len(err.splitlines()) == 1


def test_msd_not_converged_suggests_ipopt(monkeypatch, capsys):
    solve = msd.solve
    monkeypatch.setattr(msd, "solve", lambda model, p, **kw: solve(model, p, maxiter=2, **kw))
    assert main(["msd", "--p", "1"]) == 0
    out = capsys.readouterr().out
    assert "SLSQP did NOT converge" in out and "try --method ipopt" in out
