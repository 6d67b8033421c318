"""Self-checks of notebooks 01 and 02: ✓ for right answers, the right HINT for typical wrong ones,
never the answer, never an exception."""

from __future__ import annotations

import pyomo.environ as pyo
import pytest

from orville_case.zoning import checks, plans, tradeoffs
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


# ------------------------------------------------------------------ 01-2 capacity in Pyomo


def right_rule(d):
    return lambda m, j: sum(d.students[i] * m.x[i, j] for i in m.I) <= d.capacity[j]


def test_capacity_right_answers_pass(capsys, orville):
    d = orville
    assert checks.check_capacity_rule(right_rule(d))
    assert out_of(capsys).startswith("✓ capacity constraint right")
    # equivalent ways of writing it
    assert checks.check_capacity_rule(
        lambda m, j: d.capacity[j] >= sum(d.students[i] * m.x[i, j] for i in m.I))
    assert checks.check_capacity_rule(
        lambda m, j: sum(d.students[i] * m.x[i, j] for i in m.I) - d.capacity[j] <= 0)


@pytest.mark.parametrize(("wrong", "hint"), [
    (lambda d: lambda m, j: sum(d.econ_disadv[i] * m.x[i, j] for i in m.I) <= d.capacity[j],
     "ED students c_i"),
    (lambda d: lambda m, j: sum(m.x[i, j] for i in m.I) <= d.capacity[j],
     "multiply x[i, j] by b_i"),
    (lambda d: lambda m, j: sum(d.students[i] * m.x[i, j] for i in m.I) >= d.capacity[j],
     "not >="),
    (lambda d: lambda m, j: sum(d.students[i] * m.x[i, j] for i in m.I) == d.capacity[j],
     "use '<='"),
    (lambda d: lambda m, j: sum(d.students[i] * m.x[i, s] for i in m.I for s in m.J)
     <= d.capacity[j], "other schools"),
    (lambda d: lambda m, j: sum(d.students[i] * m.x[i, j] for i in m.I) <= 700,
     "capacity u_j"),
    (lambda d: lambda m, j: pyo.Constraint.Skip, "one constraint per school"),
    (lambda d: _not_done, "replace `raise NotImplementedError()`"),
    (lambda d: lambda m, i: sum(m.x[i, j] for j in m.J) == 1, "KeyError"),
])
def test_capacity_wrong_answers_get_their_hint(capsys, orville, wrong, hint):
    assert not checks.check_capacity_rule(wrong(orville))
    out = out_of(capsys)
    assert out.startswith("HINT") and hint in out, out
    best = plans.evaluate(orville, solve_plan(min_ewd_model(orville))).ewd
    assert f"{best:,.1f}" not in out


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
    (lambda d: lambda p: [1], "return a number"),
    (lambda d: _not_done, "replace `raise NotImplementedError()`"),
])
def test_range_wrong_answers_get_their_hint_and_never_the_answer(capsys, orville, wrong, hint):
    assert not checks.check_range_ed(wrong(orville))
    out = out_of(capsys)
    assert out.startswith("HINT") and hint in out, out
    for plan in checks.sample_plans(orville):
        assert f"= {plans.range_ed(orville, plan)}" not in out


# ------------------------------------------------------------------ 02-2 plan meeting a target


@pytest.fixture(scope="module")
def min_ewd_plan(orville):
    return solve_plan(min_ewd_model(orville))


def test_target_met_by_two_moves_from_the_min_ewd_plan(capsys, min_ewd_plan):
    plan = {**min_ewd_plan, "Hidden Hollow": "Colter", "Westfield": "Mason"}
    assert checks.check_plan_target(plan)
    assert out_of(capsys).startswith("✓ feasible, Range#ED = 40 ≤ 40")


def test_target_hints_name_what_is_missed(capsys, orville, min_ewd_plan):
    assert not checks.check_plan_target(min_ewd_plan)  # Range#ED 43
    out = out_of(capsys)
    assert "Range#ED is 43 > 40" in out and "Mason has the most ED" in out
    assert "EWD is" not in out and "over capacity" not in out
    current = checks.sample_plans(orville)[0]
    assert not checks.check_plan_target(current)
    out = out_of(capsys)
    assert "Hartley, Mason over capacity" in out
    far = dict.fromkeys(orville.zones, "Colter") | {"Owl Ridge": "Hartley", "Holloway": "Hartley"}
    assert not checks.check_plan_target(far)
    assert "EWD is" in out_of(capsys)
    assert not checks.check_plan_target({"Leland": "Colter"})
    assert "zones without a school" in out_of(capsys)
    assert not checks.check_plan_target(["Colter"] * 9)
    assert "dict" in out_of(capsys)


def test_target_hint_never_names_a_qualifying_plan(capsys, orville, min_ewd_plan):
    """The hint reports the student's own numbers only: no plan of the answer set is printed."""
    checks.check_plan_target(min_ewd_plan)
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
