"""Command line: ``python -m orville_case COMMAND ...`` (see ``--help``).

Every command prints a readable table by default and machine-readable JSON with ``--json``.
Errors the user can fix exit with status 2 and one line per problem on stderr, no traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable

from orville_case.core.errors import OrvilleError

Register = Callable[[argparse._SubParsersAction], None]
COMMANDS: list[Register] = []


def command(register: Register) -> Register:
    """Decorator: add a sub-command registrar to the CLI."""
    COMMANDS.append(register)
    return register


def emit(payload: dict, as_json: bool, text: str) -> None:
    """Print ``payload`` as JSON or ``text`` for people."""
    print(json.dumps(payload, indent=2) if as_json else text)


# --- ORville zoning case ---


def _data_option(p, help: str = "dataset folder with zones.csv, schools.csv, distances.csv "
                                 "(default: the shipped ORville data)") -> None:
    p.add_argument("--data", metavar="DIR", default=None, help=help)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


@command
def _frontier(sub) -> None:
    """``frontier``: the complete EWD / Range#ED nondominated frontier."""
    p = sub.add_parser("frontier", help="complete nondominated frontier (exact ε-constraint)",
                       description="Every nondominated (EWD, Range#ED) point of the zoning case, "
                       "each with one plan achieving it; 'supported' points are also optimal "
                       "for some weighted sum.")
    _data_option(p)
    p.set_defaults(run=_run_frontier)


def _run_frontier(args) -> int:
    from orville_case.zoning.data import load_district
    from orville_case.zoning.tradeoffs import frontier

    district = load_district(args.data)
    points = frontier(district, quiet=args.json or not sys.stderr.isatty())
    payload = {"points": [{"ewd": p.f1, "range_ed": p.f2, "supported": p.supported,
                           "plan": p.solution} for p in points]}
    width = max(len(z) for z in district.zones)
    lines = [f"{len(points)} nondominated points for {district.name} "
             "(* = supported: optimal for some weighted sum)"]
    for k, p in enumerate(points, 1):
        lines.append(f"\n{k:>2}. EWD {p.f1:,.1f}   Range#ED {p.f2:g} {'*' if p.supported else ''}")
        lines += [f"      {z:<{width}} -> {s}" for z, s in p.solution.items()]
    emit(payload, args.json, "\n".join(lines))
    return 0


@command
def _evaluate(sub) -> None:
    """``evaluate``: metrics and feasibility of a plan CSV."""
    p = sub.add_parser("evaluate", help="metrics and feasibility report for a plan (zone,school)",
                       description="Compute EWD, Range#ED, ED students and load per school for a "
                       "plan; list every violation. Exit status 1 when the plan is not feasible.")
    p.add_argument("plan", metavar="PLAN.csv", help="CSV with columns zone,school")
    _data_option(p)
    p.set_defaults(run=_run_evaluate)


def _run_evaluate(args) -> int:
    from orville_case.zoning.data import load_district
    from orville_case.zoning.plans import evaluate, read_plan

    district = load_district(args.data)
    report = evaluate(district, read_plan(args.plan))
    lines = [f"plan {args.plan}: " + ("feasible" if report.feasible else "NOT feasible")]
    if report.complete:
        lines.append(f"EWD {report.ewd:,.1f} student-miles   Range#ED {report.range_ed}")
    lines.append(f"{'school':<12}{'students':>9}{'capacity':>9}{'use':>7}{'ED':>6}")
    for s, use in report.utilisation().items():
        lines.append(f"{s:<12}{report.load[s]:>9}{report.capacity[s]:>9}{use:>7.0%}"
                     f"{report.ed[s]:>6}")
    emit(report.as_dict(), args.json, "\n".join(lines))
    for v in report.violations:
        print(f"error: {args.plan}: {v}", file=sys.stderr)
    return 0 if report.feasible else 1

# --- rehab (school rehabilitation budget, notebook 06) ---

@command
def _rehab(sub) -> None:
    """``rehab``: fund school rehabilitation projects within a budget (Haghighat 2015, LBUSD)."""
    p = sub.add_parser("rehab", help="allocate a rehabilitation budget over school projects",
                       description="Choose which (school, category) projects to fund so the "
                       "equity-weighted value is largest within the budget. Default data: the "
                       "thesis's LBUSD projects (Haghighat 2015).")
    p.add_argument("--budget", type=float, default=None,
                   help="available budget in USD (default: the thesis's $40,000,000 for the "
                        "shipped data; half the total requested cost for --data)")
    p.add_argument("--method", choices=["milp", "dp", "ga"], default="milp",
                   help="exact MILP (HiGHS), exact dynamic programming (refuses tables over "
                        "1 GiB), or our GA (seeding + repair; beyond the thesis's GA)")
    p.add_argument("--objective", choices=["value", "per_dollar"], default="value",
                   help="value V = sum of v_j x_j (the thesis's DP code; default) or the "
                        "thesis's stated objective O = sum of x_j v_j / c_j (per dollar)")
    _data_option(p, help="folder with projects.csv and importance.csv as in data/rehab_lbusd/ "
                         "(default: the shipped thesis data)")
    p.set_defaults(run=_run_rehab)


def _run_rehab(args) -> int:
    from orville_case.rehab import model as rehab
    from orville_case.rehab.data import load_dataset, load_published_results
    from orville_case.rehab.ga import solve_ga

    instance = rehab.build_instance(load_dataset(args.data))
    if args.budget is None:
        shipped = args.data is None
        budget = (float(load_published_results()["budget"]) if shipped
                  else float(instance.costs.sum()) / 2)
    else:
        budget = rehab.check_budget(args.budget)
    quiet = args.json or not sys.stderr.isatty()
    solve_with = {"milp": rehab.solve_milp, "dp": rehab.solve_dp,
                  "ga": lambda i, b, o: solve_ga(i, b, o, quiet=quiet)}[args.method]
    solution = solve_with(instance, budget, args.objective)
    table = rehab.selection_table(instance, solution)
    payload = {
        "objective": solution.objective(args.objective),
        "budget_used": solution.budget_used,
        "selected": [{"school": s, "category": c, "cost": float(v)}
                     for s, c, v in zip(table["school"], table["category"], table["cost"],
                                        strict=True)],
    }
    lines = [f"{solution.method}: {args.objective} {payload['objective']:,.6g}, "
             f"spent ${solution.budget_used:,.0f} of ${budget:,.0f} "
             f"on {len(table)} of {len(instance.items)} projects"
             + (f" ({len(instance.excluded)} left out: unknown cost or student counts)"
                if len(instance.excluded) else "")]
    lines += [f"  {s:<45} {lab:<22} ${v:>9,.0f}"
              for s, lab, v in zip(table["school"], table["label"], table["cost"], strict=True)]
    emit(payload, args.json, "\n".join(lines))
    return 0

# --- msd (moving students between districts, notebook 05) ---


@command
def _msd(sub) -> None:
    """``msd``: the inter-district MSD model (Bermudez et al. poster) solved with SLSQP."""
    p = sub.add_parser("msd", help="move students between neighbouring districts to reduce "
                       "inequality (MSD model, SLSQP)",
                       description="Minimise the normalised mean square deviation of race "
                       "shares, students per teacher and local revenue per student across "
                       "districts, moving at most a share p of all students to bordering "
                       "districts. Default data: Alameda County unified districts (ESTIMATED).")
    p.add_argument("--p", type=float, default=1.0,
                   help="largest share of all students moved, 0..1 (default 1)")
    p.add_argument("--normalisation", choices=["range", "variable", "none"], default="range",
                   help="how each term is min-max normalised (see orville_case.msd.model)")
    _data_option(p, help="folder with districts.csv and adjacency.csv (default: shipped "
                         "Alameda data)")
    p.set_defaults(run=_run_msd)


def _run_msd(args) -> int:
    import numpy as np

    from orville_case.msd import model as msd
    from orville_case.msd.data import load_msd

    data = load_msd(args.data)
    model = msd.MSDModel(data, normalisation=args.normalisation)
    s = msd.solve(model, args.p)
    red = msd.reductions(model, s.x)
    rel = msd.relative_msd(model, s.x)
    moves = msd.moves_table(model, s.x)
    payload = {"dataset": data.name, "p": s.p, "normalisation": args.normalisation,
               "objective": s.objective, "objective_status_quo": model.objective(np.eye(data.n)),
               "converged": s.converged, "iterations": s.iterations, "seconds": s.seconds,
               "moved": model.moved(s.x), "relative_msd": rel, "race": red,
               "violations": model.violations(s.x, s.p),
               "moves": moves.to_dict("records")}
    lines = [f"{data.name}: {data.n} districts, p = {s.p:g}, normalisation {args.normalisation}",
             f"SLSQP {'converged' if s.converged else 'did NOT converge: ' + s.message} in "
             f"{s.iterations} iterations ({s.seconds:.2f} s); F = {s.objective:.5f}; "
             f"{payload['moved']:.1%} of students moved",
             "MSD left (share of the status quo): "
             + ", ".join(f"{k} {v:.1%}" for k, v in rel.items()),
             f"race MSD: max -{red['max_reduction']:.1%}, mean -{red['mean_reduction']:.1%}",
             "moves (share of the sending district's students):"]
    lines += [f"  {m['from']:<32} -> {m['to']:<32} {m['share']:6.1%} {m['students']:>9,.0f}"
              for m in payload["moves"]]
    lines += [f"violation: {v}" for v in payload["violations"]]
    emit(payload, args.json, "\n".join(lines))
    return 0

# --- grading (instructor toolkit) ---


@command
def _grade(sub) -> None:
    """``grade``: grade a class's ORville submissions (gradebook CSVs + HTML class report)."""
    p = sub.add_parser("grade", help="grade a folder of student submissions (notebook 04 exports)",
                       description="One sub-folder or zip per student (format "
                       "orville-submission/1). Computes feasibility, EWD, Range#ED and the "
                       "distance to the exact frontier of every alternative; flags whatever "
                       "needs a human look; never stops at a broken submission.")
    p.add_argument("submissions", metavar="SUBMISSIONS_DIR",
                   help="folder with one sub-folder (or .zip) per student")
    p.add_argument("--out", metavar="DIR", default="grading_out",
                   help="where to write gradebook.csv, plans.csv and report.html "
                        "(default: ./grading_out)")
    _data_option(p)
    p.set_defaults(run=_run_grade)


def _run_grade(args) -> int:
    from pathlib import Path

    from orville_case.ethics.grading import grade_class, write_tables
    from orville_case.ethics.report import REPAIRS, write_report
    from orville_case.zoning.data import load_district

    quiet = args.json or not sys.stderr.isatty()
    result = grade_class(args.submissions, load_district(args.data), quiet=quiet)
    gradebook, plans = write_tables(result, args.out)
    report = write_report(result, Path(args.out) / "report.html", quiet=quiet)
    rows = [s.row() for s in result.students]
    review = [s for s in result.students if any(f.code not in REPAIRS for f in s.flags)]
    payload = {"gradebook": str(gradebook), "plans": str(plans), "report": str(report),
               "students": rows, "ignored": result.ignored}
    lines = [f"graded {len(rows)} submissions against {len(result.frontier)} frontier points; "
             f"{len(review)} need a human look"]
    lines += [f"  {r['student']:<24} {r['n_distinct']} distinct, {r['n_on_frontier']} on "
              f"frontier, steps {r['steps_answered'] or '?'}, recommends "
              f"{r['recommended'] or '—'}" + (f"   [{r['flags']}]" if r["flags"] else "")
              for r in rows]
    if result.ignored:
        lines.append(f"ignored (not a folder or zip): {', '.join(result.ignored)}")
    lines += [f"gradebook: {gradebook}", f"per plan:  {plans}", f"report:    {report}"]
    emit(payload, args.json, "\n".join(lines))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m orville_case",
        description="ORville optimization course: zoning frontier, plan evaluation, companions.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    for register in COMMANDS:
        register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except OrvilleError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (silence the flush at exit)
        return 0
