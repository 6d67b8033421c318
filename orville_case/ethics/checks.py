"""Self-checks for notebook 04, the seven-step ethics worksheet (print ✓ or a HINT; never raise).

There is no right recommendation in this case (article §5.2: the crux is *how* students use the
analysis), so these checks look at completeness and at the use of numbers, never at the choice.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path

from orville_case.core.hints import Hints
from orville_case.core.selfcheck import answer, call, number, selfcheck
from orville_case.core.tolerances import EXACT_REL, SOLVER_REL, close
from orville_case.ethics.grading import frontier_gaps, grade_student, is_ewd_optimal
from orville_case.ethics.submission import MIN_ALTERNATIVES, TESTS
from orville_case.ethics.worksheet import ExportResult, WorksheetDraft
from orville_case.zoning.biobjective import Point
from orville_case.zoning.data import District
from orville_case.zoning.plans import evaluate, fmt_ed
from orville_case.zoning.tradeoffs import price_of_equity

hint = Hints({
    "price_of_equity": [
        "Between two frontier plans a → b, equity gets better (Range#ED falls) and travel gets "
        "worse (EWD rises). The price relates the two changes.",
        "return (what EWD gains from a to b) / (what Range#ED loses from a to b)",
        "Both differences are positive along the frontier sorted by EWD: ewd_b − ewd_a on "
        "top, range_a − range_b below.",
    ],
    "ed_shares": [
        "A share is a part over a whole: here the ED students a school receives over all the "
        "students it receives.",
        "r = evaluate(district, plan); then one entry per school in district.schools",
        "r.ed[s] / r.load[s] for each school s (0.0 for a school that receives nobody).",
    ],
})

SPAN_SHARE = 0.5  # alternatives should cover at least half of the frontier's Range#ED span
MIN_WORDS = 3  # a test answer shorter than this is a placeholder, not an answer


@selfcheck
def check_price_of_equity(fn: Callable[[float, float, float, float], float],
                          front: Sequence[Point]) -> bool:
    """Exercise 1: ``fn(ewd_a, range_a, ewd_b, range_b)`` is the price of equity from a to b."""
    pairs = list(pairwise(sorted(front, key=lambda p: p.f1)))
    prices = [price_of_equity(a, b) for a, b in pairs]
    for (a, b), want in zip(pairs, prices, strict=True):
        got = answer(fn, a.f1, a.f2, b.f1, b.f2, unit="student-miles per ED student")
        if got is None:
            return False
        if not close(got, want, SOLVER_REL):
            print(f"HINT: from (EWD {a.f1:,.1f}, Range#ED {fmt_ed(a.f2)}) to (EWD "
                  f"{b.f1:,.1f}, Range#ED {fmt_ed(b.f2)}) you get {got:g}. Divide the "
                  "student-miles *added* by the Range#ED *removed*: both should be positive "
                  "along the frontier.")
            return False
    print(f"✓ along the frontier one ED student of Range#ED costs between {min(prices):,.1f} "
          f"and {max(prices):,.1f} student-miles")
    return True


@selfcheck
def check_alternatives(draft: WorksheetDraft, front: Sequence[Point]) -> bool:
    """Step 4: enough distinct feasible alternatives, the stage-1 EWD optimum among them, and a
    spread over the frontier. Dominated alternatives are pointed out (they may be justified)."""
    hints = []
    names = list(draft.alternatives)
    if len(names) < MIN_ALTERNATIVES:
        hints.append(f"you have {len(names)} alternative(s); the case asks for at least "
                     f"{MIN_ALTERNATIVES}. Take some from the frontier, the plan explorer or "
                     "your own CSV files.")
    reports = {n: draft.report(n) for n in names}
    bad = [n for n, r in reports.items() if not r.feasible]
    if bad:
        hints.append(f"infeasible: {', '.join(bad)}. Look at their violations in the step-4 "
                     "table; keep one only if your worksheet says why.")
    ok = {n: r for n, r in reports.items() if r.feasible}
    best = min(p.f1 for p in front)
    if ok and not any(is_ewd_optimal(r.ewd, best) for r in ok.values()):
        hints.append("none of your feasible alternatives has the smallest possible EWD. What did "
                     "stage 1 of the case (the single-objective model) find?")
    lo, hi = min(p.f2 for p in front), max(p.f2 for p in front)
    if len(ok) >= 2 and hi > lo:
        mine = [r.range_ed for r in ok.values()]
        covered = (max(mine) - min(mine)) / (hi - lo)
        if covered < SPAN_SHARE:
            hints.append(f"your feasible alternatives cover {covered:.0%} of the frontier's "
                         "Range#ED span; a board wants to see the trade-off from one end to "
                         "the other.")
    for h in hints:
        print("HINT: " + h)
    for n, r in ok.items():
        gaps = frontier_gaps([(p.f1, p.f2) for p in front], r.ewd, r.range_ed)
        if not gaps.on_frontier:
            print(f"note: '{n}' is dominated: a frontier plan is at least as good on both "
                  "metrics. Fine to keep (e.g. the status quo), if step 4 explains why.")
    if not hints:
        print(f"✓ {len(names)} feasible alternatives, stage 1's EWD optimum among them, "
              "spread over the frontier")
    return not hints


@selfcheck
def check_tests(draft: WorksheetDraft) -> bool:
    """Step 5: every alternative has an answer to each of the seven tests, and the answers to a
    test are not the same for all alternatives (the tests are there to tell options apart)."""
    if not draft.alternatives:
        print("HINT: add alternatives in step 4 first; step 5 tests each of them.")
        return False
    short = [(n, t) for n in draft.alternatives for t in TESTS
             if len(draft.tests.get(n, {}).get(t, "").split()) < MIN_WORDS]
    if short:
        n, t = short[0]
        print(f"HINT: {len(short)} of {len(draft.alternatives) * len(TESTS)} test answers are "
              f"missing or shorter than {MIN_WORDS} words, e.g. '{t}' for '{n}': "
              f"{TESTS[t]}")
        return False
    if len(draft.alternatives) > 1:
        same = [t for t in TESTS
                if len({" ".join(draft.tests[n][t].split()).casefold()
                        for n in draft.alternatives}) == 1]
        if same:
            print(f"HINT: your answers to {', '.join(same)} are identical for every "
                  "alternative. What differs between them for that test?")
            return False
    print(f"✓ all {len(TESTS)} tests answered for all {len(draft.alternatives)} alternatives")
    return True


# a number as written: 6090.9, 6,090.9, 6091, 42.0542 (not part of a longer number: 60909, 1.15)
WRITTEN_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\d]|[.,]\d)")


def mentions(text: str, value: float) -> bool:
    """True if ``text`` quotes ``value`` to the precision it is written with: 6090.9 as 6,090.9,
    6091 or 6090.90; a real-valued Range#ED 42.0542 as 42.0542, 42.05 (as shown), 42.1 or 42,
    and a value pasted from Python (9.330000000000013) as is. Never inside a longer number."""
    for m in WRITTEN_NUMBER.finditer(text):
        decimals = m.group(2) or ""
        written = float(m.group(1).replace(",", "") + ("." + decimals if decimals else ""))
        if abs(written - value) <= 0.5 * 10.0 ** -len(decimals) * (1 + 1e-9):
            return True
    return False


@selfcheck
def check_recommendation(draft: WorksheetDraft) -> bool:
    """Step 6: a feasible recommendation, justified with its own numbers (EWD or Range#ED) and
    compared with at least one other alternative (by name or by its numbers)."""
    rec = draft.recommended
    if not rec:
        print("HINT: choose the alternative you recommend (step 6).")
        return False
    r = draft.report(rec)
    if not r.feasible:
        print(f"HINT: '{rec}' is infeasible ({'; '.join(r.violations)}). Can the board adopt it?")
        return False
    text = draft.steps["6"]
    if not (mentions(text, r.ewd) or mentions(text, r.range_ed)):
        print(f"HINT: step 6 should quote the numbers of '{rec}' (its EWD and Range#ED) so a "
              "reader sees what your choice costs and buys.")
        return False
    others = [n for n in draft.alternatives if n != rec]
    compared = [n for n in others if n.casefold() in text.casefold()
                or mentions(text, draft.report(n).ewd or -1)]
    if others and not compared:
        print("HINT: compare your choice with at least one other alternative in step 6 "
              "(name it, or quote its numbers): what do you give up, and what do you gain?")
        return False
    print(f"✓ '{rec}' is feasible and step 6 justifies it with numbers against "
          f"{len(compared)} other alternative(s)")
    return True


@selfcheck
def check_export(result: ExportResult, district: District, front: Sequence[Point]) -> bool:
    """After export: what the worksheet still lacks (the same list the export shows), then the
    folder read by the instructor's grader and its flags. A ✓ only when both are empty."""
    if result.folder is None:
        print("HINT: " + "; ".join(result.missing))
        return False
    with tempfile.TemporaryDirectory(prefix="orville-check-") as scratch:
        graded = grade_student(Path(result.folder), district, list(front), Path(scratch))
    if result.missing:
        print(f"HINT: exported as a draft; {len(result.missing)} thing(s) still missing:")
        for m in result.missing:
            print(f"  - {m}")
    if graded.flags:
        print(f"HINT: the instructor's grader reads your folder and notes {len(graded.flags)} "
              "thing(s):")
        for f in graded.flags:
            print(f"  - {f.message}")
    if result.missing or graded.flags:
        return False
    print(f"✓ nothing missing, and the grader reads {len(graded.plans)} alternatives and your "
          f"worksheet with no flags; hand in {result.archive}")
    return True


def ed_shares(district: District, plan: dict[str, str]) -> dict[str, float]:
    """Share of ED students per school, ED_j / L_j (0 for a school without students)."""
    metrics = evaluate(district, plan)
    return {s: metrics.ed[s] / metrics.load[s] if metrics.load[s] else 0.0
            for s in district.schools}


@selfcheck
def check_ed_shares(fn: Callable[[dict[str, str]], dict[str, float]], district: District,
                    plans: Sequence[dict[str, str]]) -> bool:
    """Exercise 2: ``fn(plan)`` returns {school: ED_j / L_j} for every school."""
    for plan in plans:
        got, hint = call(fn, plan)
        if hint:
            print(hint)
            return False
        want = ed_shares(district, plan)
        if not isinstance(got, dict) or set(got) != set(want):
            print(f"HINT: return a dict with one entry per school ({', '.join(want)}).")
            return False
        values = {s: number(got[s]) for s in want}
        if None in values.values():
            s = next(s for s, v in values.items() if v is None)
            print(f"HINT: the share for {s} should be a number between 0 and 1; you give "
                  f"{got[s]!r}.")
            return False
        wrong = [s for s in want if not close(values[s], want[s], EXACT_REL)]
        if wrong:
            s = wrong[0]
            print(f"HINT: for {s} you give {values[s]:.4f}. Divide the ED students sent to {s} by "
                  "all students sent to it (its load), not by its capacity or by all ED "
                  "students of the district.")
            return False
    print(f"✓ ED shares right for {len(plans)} plans")
    return True
