"""Self-checks of notebooks 01 and 02: ✓ for right answers, the right HINT for typical wrong ones,
never the answer, never an exception."""

from __future__ import annotations

import re
from pathlib import Path

import pyomo.environ as pyo
import pytest

from orville_case.zoning import checks, frontier_checks, plans, tradeoffs
from orville_case.zoning.enumeration import enumerate_plans
from orville_case.zoning.frames import tables
from orville_case.zoning.models import min_ewd_model, solve_plan


def _not_done(*args):
    raise NotImplementedError()


def out_of(capsys) -> str:
    return capsys.readouterr().out


# ------------------------------------------------------------------ 01-1 EWD by hand


def test_ewd_right_answer_passes(capsys, orville):
    assert checks.check_ewd(lambda p: plans.ewd(orville, p))
    assert out_of(capsys).startswith("✓")


@pytest.mark.parametrize(("wrong", "hint"), [
    (lambda d: lambda p: sum(d.miles[z, p[z]] for z in d.zones), "multiply by b_i"),
    (lambda d: lambda p: sum(d.econ_disadv[z] * d.miles[z, p[z]] for z in d.zones),
     "weighted by the ED students"),
    (lambda d: lambda p: plans.ewd(d, p) / sum(d.students.values()), "average miles"),
    (lambda d: lambda p: sum(d.students[z] * min(d.miles[z, s] for s in d.schools)
                             for z in d.zones), "For each zone look up"),
    (lambda d: lambda p: "4524.7", "wrong for the plan"),
    (lambda d: lambda p: None, "return a number"),
    (lambda d: _not_done, "replace `raise NotImplementedError()`"),
    (lambda d: lambda p: 1 / 0, "ZeroDivisionError"),
])
def test_ewd_wrong_answers_get_their_hint_and_never_the_answer(capsys, orville, wrong, hint):
    assert not checks.check_ewd(wrong(orville))
    out = out_of(capsys)
    assert out.startswith("HINT") and hint in out
    for plan in checks.sample_plans(orville):
        assert f"{plans.ewd(orville, plan):,.1f}" not in out
        assert f"{plans.ewd(orville, plan):.1f}" not in out


# ------------------------------------------------------------------ 01-2 the EWD model in Pyomo


def ewd_builder(*, domain=pyo.Binary, sense=pyo.minimize, weight="b", one="==", cap="b<=u"):
    """The student's model of notebook 01; each keyword switches in one typical mistake."""
    def build(zones, schools, miles):
        m = pyo.ConcreteModel()
        m.I = pyo.Set(initialize=zones.index)
        m.J = pyo.Set(initialize=schools.index)
        m.x = pyo.Var(m.I, m.J, domain=domain)
        w = {"b": zones.students, "1": 1 + 0 * zones.students, "c": zones.econ_disadv}[weight]
        m.objective = pyo.Objective(
            expr=sum(w[i] * miles.loc[i, j] * m.x[i, j] for i in m.I for j in m.J), sense=sense)
        rel = {"==": lambda e: e == 1, "<=": lambda e: e <= 1, ">=": lambda e: e >= 1}[one]
        m.one_school = pyo.Constraint(m.I, rule=lambda m, i: rel(sum(m.x[i, j] for j in m.J)))

        def load(j, b=zones.students):
            return sum(b[i] * m.x[i, j] for i in m.I)

        rules = {
            "b<=u": lambda m, j: load(j) <= schools.capacity[j],
            "u>=b": lambda m, j: schools.capacity[j] >= load(j),
            "b-u<=0": lambda m, j: 2 * load(j) - 2 * schools.capacity[j] <= 0,
            "c<=u": lambda m, j: load(j, zones.econ_disadv) <= schools.capacity[j],
            "1<=u": lambda m, j: load(j, 1 + 0 * zones.students) <= schools.capacity[j],
            "b>=u": lambda m, j: load(j) >= schools.capacity[j],
            "b==u": lambda m, j: load(j) == schools.capacity[j],
            "b<=700": lambda m, j: load(j) <= 700,
            "all schools": lambda m, j: sum(zones.students[i] * m.x[i, s] for i in m.I
                                            for s in m.J) <= schools.capacity[j],
            "tight": lambda m, j: load(j) <= 0.97 * schools.capacity[j],
        }
        if cap != "none":
            m.capacity = pyo.Constraint(m.J, rule=rules[cap])
        return m
    return build


def test_ewd_model_right_answers_pass(capsys, orville):
    for cap in ("b<=u", "u>=b", "b-u<=0"):
        assert checks.check_ewd_model(ewd_builder(cap=cap))
        assert out_of(capsys).startswith("✓")
    assert checks.check_ewd_model(ewd_builder(one=">="))  # ≥ 1 is enough when minimising
    out = out_of(capsys)
    assert out.startswith("✓") and "'>= 1' a zone may take two schools" in out
    assert checks.check_ewd_model(ewd_builder())
    assert "Note" not in out_of(capsys)


def test_plan_read_from_x(capsys, orville):
    assert checks.check_plan_read(solve_plan(min_ewd_model(orville)))
    assert out_of(capsys).startswith("✓")
    assert not checks.check_plan_read(dict.fromkeys(orville.zones, "Mason"))
    assert "not the optimal plan" in out_of(capsys)
    assert not checks.check_plan_read(["Mason"])
    assert "read the plan" in out_of(capsys)
    assert not checks.check_plan_read({"Leland": "Mason"})
    assert "read the plan" in out_of(capsys)


@pytest.mark.parametrize(("mistake", "hint"), [
    ({"domain": pyo.UnitInterval}, "continuous"),
    ({"domain": pyo.NonNegativeReals}, "continuous"),
    ({"sense": pyo.maximize}, "maximised"),
    ({"weight": "1"}, "miles h_ij only"),
    ({"weight": "c"}, "weights by the ED students"),
    ({"one": "<="}, "nothing makes zone"),
    ({"cap": "none"}, "no capacity constraint"),
    ({"cap": "c<=u"}, "counts the ED students"),
    ({"cap": "1<=u"}, "multiply x[i, j] by b_i"),
    ({"cap": "b>=u"}, "not >="),
    ({"cap": "b==u"}, "use '<='"),
    ({"cap": "b<=700"}, "own capacity"),
    ({"cap": "all schools"}, "other schools"),
    ({"cap": "tight"}, "own capacity"),
])
def test_ewd_model_mistakes_get_their_hint_and_never_the_answer(capsys, orville, mistake, hint):
    assert not checks.check_ewd_model(ewd_builder(**mistake))
    out = out_of(capsys)
    assert out.startswith("HINT") and hint in out, out
    best = plans.evaluate(orville, solve_plan(min_ewd_model(orville))).ewd
    assert f"{best:,.1f}" not in out and f"{best:.1f}" not in out


@pytest.mark.parametrize(("build", "hint"), [
    (_not_done, "replace `raise NotImplementedError()`"),
    (lambda *t: None, "return the model m"),
    (lambda *t: pyo.ConcreteModel(), "declare the decisions"),
])
def test_ewd_model_unfinished_answers(capsys, build, hint):
    assert not checks.check_ewd_model(build)
    assert hint in out_of(capsys)


@pytest.mark.parametrize(("mistake", "says"), [
    # a builder that looks data up in the notebook's d works on ORville only
    ("global d", "read the data only from its arguments zones"),
    ("miles.loc[j, i]", "with the zone first, then the school"),
])
def test_ewd_model_with_a_lookup_that_fails_on_the_other_district(capsys, orville, mistake, says):
    """The KeyError a wrong lookup raises is explained, not just shown."""
    def cost(zones, miles, i, j):
        if mistake == "global d":
            return orville.students[i] * orville.miles[i, j]
        return zones.students[i] * miles.loc[j, i]

    def build(zones, schools, miles):
        m = ewd_builder()(zones, schools, miles)
        m.objective.deactivate()
        m.ewd = pyo.Objective(expr=sum(cost(zones, miles, i, j) * m.x[i, j]
                                       for i in m.I for j in m.J))
        return m
    assert not checks.check_ewd_model(build)
    out = out_of(capsys)
    assert "KeyError" in out and says in out
    if mistake != "global d":
        assert "second test district" not in out


def test_solve_cell_of_an_unfinished_model_gets_one_line_errors(orville):
    """The notebook's solve cell runs before the self-check: a model without an objective, or
    an unbounded one, gets a course error naming the fix, not a Python traceback."""
    from orville_case.core.errors import SolverError
    from orville_case.core.solvers import solve
    m = ewd_builder()(*tables(orville))
    m.objective.deactivate()
    with pytest.raises(SolverError, match="has no objective"):
        solve(m)
    free = ewd_builder(domain=pyo.Reals)(*tables(orville))
    with pytest.raises(SolverError, match="unbounded.*domain"):
        solve(free)


def test_ewd_model_that_only_fits_orville_fails(capsys, orville):
    def hard_coded(zones, schools, miles):
        return ewd_builder()(*tables(orville))
    assert not checks.check_ewd_model(hard_coded)
    assert "second test district" in out_of(capsys)


# ------------------------------------------------------------------ 02-1 Range#ED by hand


def test_range_right_answer_passes(capsys, orville):
    assert checks.check_range_ed(lambda p: plans.range_ed(orville, p))
    assert out_of(capsys).startswith("✓")


def _shares(d, p):
    r = plans.evaluate(d, p)
    used = [s for s in d.schools if r.load[s]]
    return max(r.ed[s] / r.load[s] for s in used) - min(r.ed[s] / r.load[s] for s in used)


def _used_only(d, p):
    ed = plans.evaluate(d, p).ed
    used = set(p.values())
    return max(ed[s] for s in used) - min(ed[s] for s in used)


@pytest.mark.parametrize(("wrong", "hint"), [
    (lambda d: lambda p: _shares(d, p), "not a percentage"),
    (lambda d: lambda p: 100 * _shares(d, p), "not a percentage"),
    (lambda d: lambda p: _used_only(d, p), "counts in the minimum"),
    (lambda d: lambda p: max(plans.evaluate(d, p).load.values())
     - min(plans.evaluate(d, p).load.values()), "range of all students"),
    (lambda d: lambda p: max(plans.ed_by_school(d, p).values()), "subtract the smallest"),
    (lambda d: lambda p: 0, "start every school at 0"),
    (lambda d: lambda p: -plans.range_ed(d, p), "not the other way round"),
    (lambda d: lambda p: round(plans.range_ed(d, p)), "do not round"),
    (lambda d: lambda p: [1], "return a number"),
    (lambda d: _not_done, "replace `raise NotImplementedError()`"),
])
def test_range_wrong_answers_get_their_hint_and_never_the_answer(capsys, orville, wrong, hint):
    assert not checks.check_range_ed(wrong(orville))
    out = out_of(capsys)
    assert out.startswith("HINT") and hint in out, out
    for plan in checks.sample_plans(orville):
        assert f"= {plans.range_ed(orville, plan)}" not in out


# ------------------------------------------------------------------ 02-2 the Range#ED model


def zoning_model(zones, schools, miles):
    """Notebook 02's given part: x, one school per zone, capacity."""
    return ewd_builder()(zones, schools, miles)


def range_builder(*, sense=pyo.minimize, objective="max-min", domain=pyo.NonNegativeReals,
                  weight="c", upper="<=", lower=">="):
    """The student's Range#ED model of notebook 02; each keyword switches in one mistake."""
    def build(zones, schools, miles):
        m = zoning_model(zones, schools, miles)
        m.objective.deactivate()
        m.ed_max = pyo.Var(domain=domain)
        m.ed_min = pyo.Var(domain=domain)
        w = {"c": zones.econ_disadv, "b": zones.students}[weight]

        def ed(j):
            return sum(w[i] * m.x[i, j] for i in m.I)

        side = {"<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}
        m.upper = pyo.Constraint(m.J, rule=lambda m, j: side[upper](ed(j), m.ed_max))
        if lower != "none":
            m.lower = pyo.Constraint(m.J, rule=lambda m, j: side[lower](ed(j), m.ed_min))
        expr = {"max-min": m.ed_max - m.ed_min, "max": m.ed_max, "max+min": m.ed_max + m.ed_min,
                "scaled": 3 * m.ed_max - 3 * m.ed_min}[objective]
        m.range_objective = pyo.Objective(expr=expr, sense=sense)
        return m
    return build


def test_range_model_right_answers_pass(capsys):
    assert checks.check_range_model(range_builder())
    assert out_of(capsys).startswith("✓")
    assert checks.check_range_model(range_builder(objective="scaled"))
    assert out_of(capsys).startswith("✓")


@pytest.mark.parametrize(("mistake", "hint"), [
    ({"sense": pyo.maximize}, "maximised"),
    ({"objective": "max"}, "min–max"),
    ({"objective": "max+min"}, "not a sum"),
    ({"lower": "none"}, "no constraint ties ED_min"),
    ({"lower": "<="}, "ED_min is on the wrong side"),
    ({"upper": ">="}, "ED_max is on the wrong side"),
    ({"weight": "b"}, "sums all students b_i"),
    ({"domain": pyo.NonNegativeIntegers}, "c_i are real numbers"),
])
def test_range_model_mistakes_get_their_hint_and_never_the_answer(capsys, orville, mistake,
                                                                   hint):
    assert not checks.check_range_model(range_builder(**mistake))
    out = out_of(capsys)
    assert out.startswith("HINT") and hint in out, out
    best = tradeoffs.payoff_table(orville)["min Range#ED"].f2
    assert f"{best:g}" not in out.split("(on a second")[0].replace(str(orville.name), "")


def test_range_model_without_the_zoning_constraints_says_one_is_missing(capsys):
    """A student who starts from an empty model loses one school per zone and the capacities:
    the optimum is below the reference, so a constraint is missing (not an extra one)."""
    def no_zoning(zones, schools, miles):
        m = range_builder()(zones, schools, miles)
        m.one_school.deactivate()
        m.capacity.deactivate()
        return m
    assert not checks.check_range_model(no_zoning)
    out = out_of(capsys)
    assert "a zoning constraint is missing" in out and "extra constraint" not in out


def test_range_model_unfinished(capsys):
    assert not checks.check_range_model(_not_done)
    assert "NotImplementedError" in out_of(capsys)
    assert not checks.check_range_model(lambda *t: zoning_model(*t))
    assert "objective" in out_of(capsys)


# ------------------------------------------------------------------ 02-3 plan meeting a target


@pytest.fixture(scope="module")
def min_ewd_plan(orville):
    return solve_plan(min_ewd_model(orville))


@pytest.fixture(scope="module")
def target(orville):
    return checks.plan_target(orville)


def test_target_is_met_by_its_plan_in_few_moves(capsys, orville, min_ewd_plan, target):
    assert checks.check_plan_target(target.plan, target)
    assert out_of(capsys).startswith("✓ feasible")
    assert 1 <= target.moves <= 2
    assert target.moves == sum(target.plan[z] != min_ewd_plan[z] for z in orville.zones)


def test_target_is_met_by_several_plans_and_every_short_frontier_step(orville, min_ewd_plan,
                                                                      target):
    """Exercise 2 must not hide a single plan among all of them: every frontier plan two moves
    from the start meets the target, and more than one plan of the district does."""
    every = enumerate_plans(orville)
    ok = every.feasible & (every.range_ed <= target.max_range) & (every.ewd <= target.max_ewd)
    assert ok.sum() >= 2
    near = [p for p in tradeoffs.frontier(orville, quiet=True)[1:]
            if sum(p.solution[z] != min_ewd_plan[z] for z in orville.zones) <= 2]
    assert len(near) >= 2
    for p in near:
        r = plans.evaluate(orville, p.solution)
        assert r.feasible and r.range_ed <= target.max_range and r.ewd <= target.max_ewd


def test_target_hint_mentions_the_swap_when_no_single_move_fits(capsys, min_ewd_plan, target):
    assert not checks.check_plan_target(min_ewd_plan, target)
    assert "swap" in out_of(capsys)


def test_target_hints_name_what_is_missed(capsys, orville, min_ewd_plan, target):
    assert not checks.check_plan_target(min_ewd_plan, target)
    out = out_of(capsys)
    assert "Range#ED is" in out and "has the most ED" in out
    assert "EWD is" not in out and "over capacity" not in out
    current = checks.sample_plans(orville)[0]
    assert not checks.check_plan_target(current, target)
    assert "over capacity" in out_of(capsys)
    far = dict.fromkeys(orville.zones, "Colter") | {"Owl Ridge": "Hartley", "Holloway": "Hartley"}
    assert not checks.check_plan_target(far, target)
    assert "EWD is" in out_of(capsys)
    assert not checks.check_plan_target({"Leland": "Colter"}, target)
    assert "zones without a school" in out_of(capsys)
    assert not checks.check_plan_target(["Colter"] * 9, target)
    assert "dict" in out_of(capsys)


def test_target_hint_never_names_a_qualifying_plan(capsys, orville, min_ewd_plan, target):
    """The hint reports the student's own numbers only: no plan of the answer set is printed."""
    checks.check_plan_target(min_ewd_plan, target)
    out = out_of(capsys)
    for zone in orville.zones:
        for school in orville.schools:
            assert f"{zone}: {school}" not in out and f"{zone} → {school}" not in out


# ------------------------------------------------------------------ 02-3 trade-off rate


@pytest.fixture(scope="module")
def rate(orville):
    table = tradeoffs.payoff_table(orville)
    a, b = table["min EWD"], table["min Range#ED"]
    return (b.f1 - a.f1) / (a.f2 - b.f2)


def test_tradeoff_right_answer_passes(capsys, rate):
    assert checks.check_tradeoff(lambda a, b: (b.ewd - a.ewd) / (a.range_ed - b.range_ed))
    assert out_of(capsys).startswith("✓")
    assert checks.check_tradeoff(lambda a, b: round(rate, 1))


@pytest.mark.parametrize(("wrong", "hint"), [
    (lambda r: lambda a, b: -r, "both differences are positive"),
    (lambda r: lambda a, b: 1 / r, "you divided Range#ED by EWD"),
    (lambda r: lambda a, b: (b.ewd - a.ewd) / a.range_ed, "ΔEWD / ΔRange#ED"),
    (lambda r: lambda a, b: "a lot", "return a number"),
    (lambda r: _not_done, "replace `raise NotImplementedError()`"),
])
def test_tradeoff_wrong_answers(capsys, rate, wrong, hint):
    assert not checks.check_tradeoff(wrong(rate))
    out = out_of(capsys)
    assert out.startswith("HINT") and hint in out
    assert f"{rate:.1f}" not in out and f"{rate:,.1f}" not in out


# ------------------------------------------------------------------ levelled hints


@pytest.mark.parametrize(("notebook", "module"), [
    ("01_ewd_model", checks), ("02_range_ed", checks), ("03_two_objectives", frontier_checks)])
def test_every_hint_a_notebook_names_has_three_levels(notebook, module, capsys):
    """hint("x") in a notebook's text exists in its checks module, as idea, skeleton, key line."""
    text = (Path(__file__).parent.parent / "solutions" / f"{notebook}.ipynb").read_text()
    names = set(re.findall(r'hint\(\\"(\w+)\\"\)', text))
    assert names, notebook
    for name in names:
        levels = [module.hint(name) for _ in range(4)]  # a 4th call repeats the last level
        assert [t.split(":")[0] for t in levels[:3]] == [f"Hint {k}/3 ({name})" for k in (1, 2, 3)]
        assert levels[3] == levels[2]


def test_a_hint_is_shown_once_in_a_notebook(capsys):
    """hint("x") prints its text; as a cell's last expression it must not be displayed again."""
    from IPython.core.formatters import DisplayFormatter
    text = checks.hint("ewd", level=1)
    assert text in out_of(capsys)
    assert DisplayFormatter().format(text) == ({}, {})
    capsys.readouterr()


@pytest.mark.parametrize(("name", "level", "says"), [
    ("knapsack_model", None, "no hints named 'knapsack_model': use one of"),
    ("ewd", 4, "'ewd' has hint levels 1 to 3, not 4"),
    ("ewd", 0, "not 0"),
    ("ewd", "2", "not '2'"),
])
def test_a_mistyped_hint_prints_the_names_that_exist_instead_of_raising(capsys, name, level,
                                                                       says):
    text = checks.hint(name, level=level)
    assert says in text and text in out_of(capsys)
    if name in checks.hint.table:
        assert all(f"'{k}'" not in text for k in checks.hint.table if k != name)
    else:
        assert all(f"'{k}'" in text for k in checks.hint.table)


def test_a_value_read_before_solving_is_named_by_every_check():
    """selfcheck.call, under every check: Pyomo's 'No value for uninitialized' becomes a hint to
    solve first, whichever exercise reads a value too early."""
    from orville_case.core.selfcheck import call, quiet_pyomo

    def unsolved():
        m = pyo.ConcreteModel()
        m.x = pyo.Var()
        return pyo.value(m.x)
    with quiet_pyomo():
        got, hint = call(unsolved)
    assert got is None and "call solve(m) before reading pyo.value" in hint
