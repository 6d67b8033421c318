"""Notebook 08's self-checks accept a right model and catch the typical mistakes."""

import re
from pathlib import Path

import pyomo.environ as pyo
import pytest

from orville_case.core.solvers import solve
from orville_case.zoning import location
from orville_case.zoning.data import load_district
from orville_case.zoning.location_checks import check_location_model, check_site_ewd, hint


@pytest.fixture(scope="module")
def case():
    sites = location.load_sites()
    return location.candidate_district(load_district(), sites), list(sites)


def student_model(mistake=None):
    def fn(ld, new, n_new):
        m = pyo.ConcreteModel()
        m.I, m.J = pyo.Set(initialize=ld.zones), pyo.Set(initialize=ld.schools)
        m.x = pyo.Var(m.I, m.J, domain=pyo.Binary)
        m.y = pyo.Var(m.J, domain=pyo.UnitInterval if mistake == "continuous y" else pyo.Binary)
        m.ed_max, m.ed_min = pyo.Var(), pyo.Var()
        big = 0 if mistake == "no big-M" else sum(ld.econ_disadv.values())
        ed = {j: sum(ld.econ_disadv[i] * m.x[i, j] for i in m.I) for j in m.J}
        m.one = pyo.Constraint(m.I, rule=lambda m, i: sum(m.x[i, j] for j in m.J) == 1)
        if mistake != "no link":
            m.link = pyo.Constraint(m.I, m.J, rule=lambda m, i, j: m.x[i, j] <= m.y[j])
        seats = (lambda j: 1) if mistake == "no link" else (lambda j: m.y[j])
        m.seats = pyo.Constraint(m.J, rule=lambda m, j: sum(
            ld.students[i] * m.x[i, j] for i in m.I) <= ld.capacity[j] * seats(j))
        opened = sum(m.y[k] for k in new)
        wanted = 1 if mistake == "one site" else n_new
        m.open_new = pyo.Constraint(expr={"at least": opened >= wanted,
                                          "at most": opened <= wanted}.get(mistake,
                                                                           opened == wanted))
        if mistake != "no keep":
            m.keep = pyo.Constraint([j for j in ld.schools if j not in new],
                                    rule=lambda m, j: m.y[j] == 1)
        m.hi = pyo.Constraint(m.J, rule=lambda m, j: ed[j] <= m.ed_max)
        m.lo = pyo.Constraint(m.J, rule=lambda m, j: m.ed_min <= ed[j] + big * (1 - m.y[j]))
        weight = (lambda i: 1) if mistake == "no b" else (lambda i: ld.students[i])
        m.ewd = pyo.Expression(expr=sum(weight(i) * ld.miles[i, j] * m.x[i, j]
                                        for i in m.I for j in m.J))
        m.range_ed = pyo.Expression(expr=m.ed_max - m.ed_min)
        if mistake == "objective":
            m.objective = pyo.Objective(expr=m.ewd)
        return m
    return fn


def test_location_model_accepts_a_right_model(case, capsys):
    assert check_location_model(student_model(), *case)
    assert "✓" in capsys.readouterr().out


@pytest.mark.parametrize(("mistake", "words"), [
    ("at least", "several"), ("no link", "not open"), ("no big-M", "big-M"), ("no b", "b_i"),
    ("continuous y", "binary"), ("objective", "already has an objective"),
    ("no keep", "close the existing school"), ("one site", "allows fewer"),
    ("at most", "allows fewer")])
def test_location_model_names_the_mistake(mistake, words, case, capsys):
    assert check_location_model(student_model(mistake), *case) is False
    assert words in capsys.readouterr().out


def site_ewd(mistake=None):
    def fn(ld, new, site):
        m = student_model()(ld, new, 1)
        if mistake != "not fixed":
            m.y[site].fix(0 if mistake == "excluded" else 1)
        m.objective = pyo.Objective(expr=m.range_ed if mistake == "range" else m.ewd)
        if mistake != "not solved":
            solve(m)
        return pyo.value(m.ewd)
    return fn


def test_site_ewd_accepts_the_right_function(case, capsys):
    assert check_site_ewd(site_ewd(), *case, ["Colter", "Leland area"])
    assert "✓" in capsys.readouterr().out


@pytest.mark.parametrize(("mistake", "words"), [
    ("not fixed", "ALL sites"), ("excluded", "y = 0"), ("range", "minimise m.ewd"),
    ("not solved", "call solve(m)")])
def test_site_ewd_names_the_mistake(mistake, words, case, capsys):
    assert check_site_ewd(site_ewd(mistake), *case, ["Colter", "Leland area"]) is False
    assert words in capsys.readouterr().out


def test_the_notebook_names_every_hint_key():
    """A student learns each key from the exercise text, not from a failed hint("...") call."""
    text = (Path(__file__).parent.parent / "solutions" / "08_new_school_location.ipynb").read_text()
    assert set(re.findall(r'hint\(\\"(\w+)\\"\)', text)) == set(hint.table)
