"""Notebook 07's self-checks accept right answers and catch the typical mistakes."""

import re
from pathlib import Path

import pyomo.environ as pyo
import pytest

from orville_case.zoning import models, tradeoffs
from orville_case.zoning.data import load_district
from orville_case.zoning.minority import minority_shares
from orville_case.zoning.triobjective_checks import check_range_minority, check_three_epsilon, hint


@pytest.fixture(scope="module")
def district():
    return load_district()


@pytest.fixture(scope="module")
def plans(district):
    return [tradeoffs.payoff_table(district)["min EWD"].solution]


def range_right(d, plan):
    counts = dict.fromkeys(d.schools, 0.0)
    for z in d.zones:
        counts[plan[z]] += d.minority[z]
    return max(counts.values()) - min(counts.values())


def range_of_shares(d, plan):
    shares = [v for v in minority_shares(d, plan).values() if v == v]
    return max(shares) - min(shares)


def range_without_empty_schools(d, plan):
    counts = {}
    for z in d.zones:
        counts[plan[z]] = counts.get(plan[z], 0.0) + d.minority[z]
    return max(counts.values()) - min(counts.values())


def range_of_ed(d, plan):
    counts = dict.fromkeys(d.schools, 0.0)
    for z in d.zones:
        counts[plan[z]] += d.econ_disadv[z]
    return max(counts.values()) - min(counts.values())


def range_rounded(d, plan):
    return round(range_right(d, plan))


def test_range_minority_accepts_the_right_function(district, plans, capsys):
    assert check_range_minority(range_right, district, plans)
    assert "✓" in capsys.readouterr().out


@pytest.mark.parametrize(("fn", "words"), [
    (range_of_shares, "share"), (range_without_empty_schools, "no zone"), (range_of_ed, "c_i"),
    (range_rounded, "do not round")])
def test_range_minority_names_the_mistake(fn, words, district, plans, capsys):
    assert check_range_minority(fn, district, plans) is False
    assert words in capsys.readouterr().out


def three_eps(mistake=None):
    def fn(d, eps_ed, eps_minority):
        m = models.assignment_model(d)
        weight = d.econ_disadv if mistake == "c" else d.minority
        domain = pyo.Integers if mistake == "integer" else pyo.Reals
        m.mmax, m.mmin = pyo.Var(domain=domain), pyo.Var(domain=domain)
        mj = {j: sum(weight[i] * m.x[i, j] for i in m.I) for j in m.J}
        m.hi = pyo.Constraint(m.J, rule=lambda m, j: mj[j] <= m.mmax)
        if mistake != "max only":
            m.lo = pyo.Constraint(m.J, rule=lambda m, j: mj[j] >= m.mmin)
        m.b1 = pyo.Constraint(expr=m.range_ed <= eps_ed)
        if mistake == "wrong side":
            m.b2 = pyo.Constraint(expr=m.mmax - m.mmin >= eps_minority)
        elif mistake != "no bound":
            m.b2 = pyo.Constraint(expr=m.mmax - m.mmin <= eps_minority)
        if mistake == "no capacity":
            m.capacity.deactivate()
        m.objective = pyo.Objective(expr=m.range_ed if mistake == "objective" else m.ewd)
        return models.solve_plan(m)
    return fn


BOUNDS = [(45, 20), (15, 19), (60, 10)]


def test_three_epsilon_accepts_the_right_model(district, capsys):
    assert check_three_epsilon(three_eps(), district, BOUNDS)
    assert "✓" in capsys.readouterr().out


@pytest.mark.parametrize(("mistake", "words"), [
    ("no bound", "Range#Minority"), ("max only", "BOTH"), ("c", "m_i"),
    ("no capacity", "capacity"), ("objective", "minimise m.ewd"),
    ("wrong side", "M_max − M_min ≤ eps_minority"), ("integer", "real-valued")])
def test_three_epsilon_names_the_mistake(mistake, words, district, capsys):
    assert check_three_epsilon(three_eps(mistake), district, BOUNDS) is False
    assert words in capsys.readouterr().out


def test_the_notebook_names_every_hint_key():
    """A student learns each key from the exercise text, not from a failed hint("...") call."""
    text = (Path(__file__).parent.parent / "solutions" / "07_three_objectives.ipynb").read_text()
    assert set(re.findall(r'hint\(\\"(\w+)\\"\)', text)) == set(hint.table)
