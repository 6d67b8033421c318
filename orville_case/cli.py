"""Command line: ``python -m orville_case COMMAND ...`` (see ``--help``).

Every command prints a readable table by default and machine-readable JSON with ``--json``.
Errors the user can fix exit with status 2 and one line per problem on stderr, no traceback:
bad options (argparse and the domain checks of :func:`number_option`) and every
:class:`OrvilleError` the command raises. Each command imports and loads only its own data, when
it runs (never while the parser is built), so a broken dataset breaks only its own command.

To add a command: write ``@command def _name(sub)`` registering a sub-parser with
``set_defaults(run=_run_name)`` and a ``_run_name(args) -> int``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable

from orville_case.core.errors import OrvilleError, Problem
from orville_case.core.tables import BadNumber, Number, parse_number

Register = Callable[[argparse._SubParsersAction], None]
COMMANDS: list[Register] = []


def command(register: Register) -> Register:
    """Decorator: add a sub-command registrar to the CLI."""
    COMMANDS.append(register)
    return register


def number_option(spec: Number) -> Callable[[str], float]:
    """An argparse ``type`` reading the option's text by the course's number rules
    (:func:`~orville_case.core.tables.parse_number`): NaN, inf, decimal commas and values outside
    ``spec``'s domain are refused with the fix."""

    def parse(text: str) -> float:
        try:
            return parse_number(text, spec)
        except BadNumber as bad:
            raise argparse.ArgumentTypeError(f"{bad} (fix: {bad.fix})") from None

    return parse


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is ONE line (the problem and the fix), exit status 2."""

    def error(self, message: str):  # type: ignore[override]
        fix = "" if "(fix:" in message else f" (fix: see {self.prog} --help)"
        self.exit(2, f"error: {message}{fix}\n")


def emit(payload: dict, as_json: bool, text: str) -> None:
    """Print ``payload`` as JSON or ``text`` for people."""
    print(json.dumps(payload, indent=2) if as_json else text)


# --- ORville zoning case ---


def _data_option(p, help: str = "dataset folder with zones.csv, schools.csv, distances.csv "
                                 "(default: the shipped ORville data)") -> None:
    p.add_argument("--data", metavar="DIR", default=None, help=help)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


OBJECTIVES = ("ewd", "range_ed", "range_minority")
OBJECTIVE_SETS = ({"ewd", "range_ed"}, {"ewd", "range_ed", "range_minority"})


@command
def _frontier(sub) -> None:
    """``frontier``: the complete nondominated frontier of two or three objectives."""
    p = sub.add_parser("frontier", help="complete nondominated frontier (exact ε-constraint)",
                       description="Every nondominated (EWD, Range#ED) point of the zoning case, "
                       "each with one plan achieving it; 'supported' points are also optimal "
                       "for some weighted sum. With --objectives ewd,range_ed,range_minority: "
                       "every nondominated point of the three objectives (needs a minority "
                       "column in zones.csv).")
    _data_option(p)
    p.add_argument("--objectives", default="ewd,range_ed", metavar="LIST",
                   help="comma-separated objectives to minimise: ewd,range_ed (default) or "
                        "ewd,range_ed,range_minority")
    p.set_defaults(run=_run_frontier)


def parse_objectives(text: str) -> tuple[str, ...]:
    """The objectives named in ``--objectives`` (raises :class:`ArgumentError`, one line)."""
    from orville_case.core.errors import ArgumentError

    names = tuple(n.strip().lower() for n in text.split(","))
    allowed = " or ".join(",".join(o for o in OBJECTIVES if o in s) for s in OBJECTIVE_SETS)
    unknown = [n for n in names if n not in OBJECTIVES]
    if unknown:
        raise ArgumentError(f"--objectives: unknown objective '{unknown[0]}' (known: "
                            f"{', '.join(OBJECTIVES)}; use {allowed})")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ArgumentError(f"--objectives: '{repeated[0]}' is named twice (use {allowed})")
    if "ewd" not in names:
        raise ArgumentError(f"--objectives: {','.join(names)} leaves out ewd, which every "
                            f"frontier includes (use {allowed})")
    if set(names) not in OBJECTIVE_SETS:
        raise ArgumentError(f"--objectives: {','.join(names)} is not a supported set; use "
                            f"{allowed}")
    return names


def _run_frontier(args) -> int:
    from orville_case.zoning import scaling
    from orville_case.zoning.biobjective import FrontierInterrupted
    from orville_case.zoning.data import load_district
    from orville_case.zoning.tradeoffs import frontier

    objectives = parse_objectives(args.objectives)
    district = load_district(args.data)
    quiet = args.json or not sys.stderr.isatty()
    if "range_minority" in objectives:
        return _run_frontier3(district, args.json, quiet)
    try:
        points, note = frontier(district, quiet=quiet), None
    except FrontierInterrupted as stop:  # Ctrl-C: print what was found, then exit 130
        points, note = stop.points, str(stop)
    payload = {"points": [{"ewd": p.f1, "range_ed": p.f2, "supported": p.supported,
                           "plan": p.solution} for p in points]}
    width = max(len(z) for z in district.zones)
    k = scaling.decimals(district.econ_disadv)
    lines = [f"{len(points)} nondominated points for {district.name} "
             "(* = supported: optimal for some weighted sum)"]
    for n, p in enumerate(points, 1):
        lines.append(f"\n{n:>2}. EWD {p.f1:,.1f}   Range#ED {p.f2:.{k}f} "
                     f"{'*' if p.supported else ''}")
        lines += [f"      {z:<{width}} -> {s}" for z, s in p.solution.items()]
    emit(payload, args.json, "\n".join(lines))
    if note is not None:
        print(f"error: {note}", file=sys.stderr)
        return 130
    return 0


def _run_frontier3(district, as_json: bool, quiet: bool) -> int:
    from orville_case.zoning import scaling
    from orville_case.zoning.triobjective import frontier3

    points = frontier3(district, quiet=quiet)
    payload = {"points": [{"ewd": p.ewd, "range_ed": p.range_ed,
                           "range_minority": p.range_minority, "plan": p.plan} for p in points]}
    k_ed, k_min = scaling.decimals(district.econ_disadv), scaling.decimals(district.minority)
    width = max(len(z) for z in district.zones)
    lines = [f"{len(points)} nondominated points for {district.name} "
             "(EWD, Range#ED, Range#Minority)"]
    for n, p in enumerate(points, 1):
        lines.append(f"\n{n:>2}. EWD {p.ewd:,.1f}   Range#ED {p.range_ed:.{k_ed}f}   "
                     f"Range#Minority {p.range_minority:.{k_min}f}")
        lines += [f"      {z:<{width}} -> {s}" for z, s in p.plan.items()]
    emit(payload, as_json, "\n".join(lines))
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
    from orville_case.zoning.plans import evaluate, fmt_ed, read_plan

    district = load_district(args.data)
    report = evaluate(district, read_plan(args.plan))
    lines = [f"plan {args.plan}: " + ("feasible" if report.feasible else "NOT feasible")]
    if report.complete:
        lines.append(f"EWD {report.ewd:,.1f} student-miles   Range#ED {fmt_ed(report.range_ed)}")
    lines.append(f"{'school':<12}{'students':>9}{'capacity':>9}{'use':>7}{'ED':>8}")
    for s, use in report.utilisation().items():
        lines.append(f"{s:<12}{report.load[s]:>9}{report.capacity[s]:>9}{use:>7.0%}"
                     f"{fmt_ed(report.ed[s]):>8}")
    emit(report.as_dict(), args.json, "\n".join(lines))
    for v in report.violations:
        print(f"error: {args.plan}: {v}", file=sys.stderr)
    return 0 if report.feasible else 1

# --- rehab (school rehabilitation budget, notebook 06) ---

#: ``--budget``: USD, ≥ 0 and below $1 trillion (far above any school programme; doubles hold
#: whole cents exactly up to about $9e13).
BUDGET = Number("money", below=1e12, why="give a budget in USD below $1 trillion")

@command
def _rehab(sub) -> None:
    """``rehab``: fund school rehabilitation projects within a budget (Haghighat 2015, LBUSD)."""
    p = sub.add_parser("rehab", help="allocate a rehabilitation budget over school projects",
                       description="Choose which (school, category) projects to fund so the "
                       "equity-weighted value is largest within the budget. Default data: the "
                       "thesis's LBUSD projects (Haghighat 2015).")
    p.add_argument("--budget", type=number_option(BUDGET), default=None,
                   help="available budget in USD, below $1 trillion (default: the thesis's "
                        "$40,000,000 for the shipped data; half the total requested cost for "
                        "--data)")
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
    p.add_argument("--p", type=number_option(Number("share")), default=1.0,
                   help="largest share of all students moved, 0..1 or a percentage "
                        "(default 1)")
    p.add_argument("--normalisation", choices=["range", "variable", "none"], default="range",
                   help="how each term is min-max normalised (see orville_case.msd.model)")
    p.add_argument("--method", choices=["SLSQP", "ipopt"], default="SLSQP",
                   help="SLSQP (the poster's, default) or ipopt (sparse interior point, fast for "
                        "hundreds of districts; needs the 'fast' extra: pip install casadi)")
    _data_option(p, help="folder with districts.csv and adjacency.csv (default: shipped "
                         "Alameda data)")
    p.set_defaults(run=_run_msd)


def _run_msd(args) -> int:

    import numpy as np

    from orville_case.msd import model as msd
    from orville_case.msd.data import load_msd

    data = load_msd(args.data)
    model = msd.MSDModel(data, normalisation=args.normalisation)
    s = msd.solve(model, args.p, method=args.method)
    red = msd.reductions(model, s.x)
    rel = msd.relative_msd(model, s.x)
    moves = msd.moves_table(model, s.x)
    payload = {"dataset": data.name, "p": s.p, "normalisation": args.normalisation,
               "method": s.method,
               "objective": s.objective, "objective_status_quo": model.objective(np.eye(data.n)),
               "converged": s.converged, "iterations": s.iterations, "seconds": s.seconds,
               "moved": model.moved(s.x), "relative_msd": rel, "race": red,
               "violations": model.violations(s.x, s.p),
               "moves": moves.to_dict("records")}
    lines = [f"{data.name}: {data.n} districts, p = {s.p:g}, normalisation {args.normalisation}",
             f"{s.method} {'converged' if s.converged else 'did NOT converge: ' + s.message} in "
             f"{s.iterations} iterations ({s.seconds:.2f} s); F = {s.objective:.5f}; "
             f"{payload['moved']:.1%} of students moved",
             "MSD left (share of the status quo): "
             + ", ".join(f"{k} {v:.1%}" for k, v in rel.items()),
             f"race MSD: max -{red['max_reduction']:.1%}, mean -{red['mean_reduction']:.1%}",
             "moves (share of the sending district's students):"]
    lines += [f"  {m['from']:<32} -> {m['to']:<32} {m['share']:6.1%} {m['students']:>9,.0f}"
              for m in payload["moves"]]
    lines += [f"violation: {v}" for v in payload["violations"]]
    if not s.converged and s.method == "SLSQP":
        lines.append("(SLSQP's dense steps slow down with many districts: try --method ipopt)")
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
    p.add_argument("--survey", metavar="FILE.csv", default=None,
                   help="attach the pre/post survey summary (see the survey command) to the report")
    _data_option(p)
    p.set_defaults(run=_run_grade)


def _run_grade(args) -> int:
    from pathlib import Path

    from orville_case.core.tables import require_folder
    from orville_case.ethics.grading import grade_class, shown, write_tables
    from orville_case.ethics.report import write_report
    from orville_case.zoning.data import load_district

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise OrvilleError(Problem(f"--out '{out}' is a file, not a folder",
                                   fix="give a folder for the results (created if missing)"))
    if Path(args.submissions).exists():  # (grade_class reports a missing one)
        require_folder(args.submissions, holds="one sub-folder or zip per student",
                       what="submissions folder")
    quiet = args.json or not sys.stderr.isatty()
    survey = _survey_section(args.survey) if args.survey else []  # a bad file stops here, early
    result = grade_class(args.submissions, load_district(args.data), quiet=quiet)
    try:
        gradebook, plans = write_tables(result, args.out)
        report = write_report(result, Path(args.out) / "report.html", quiet=quiet,
                              extra=survey)
    except OSError as exc:
        raise OrvilleError(Problem(f"cannot write the results ({exc.strerror or exc})",
                                   str(args.out), fix="give a writable folder with --out")
                           ) from None
    rows = [s.row() for s in result.students]
    review = [s for s in result.students if s.review_flags]
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
    emit(payload, args.json, shown("\n".join(lines)))
    return 0


# --- survey (instructor toolkit: the case's pre/post perception survey, article §5.1) ---


@command
def _survey(sub) -> None:
    """``survey``: Tables 1 and 2 of the article for a class's pre/post answers."""
    p = sub.add_parser("survey", help="analyse pre/post answers to the case's three-item survey",
                       description="Pair each student's pre and post answers (columns "
                       "student,phase,q1,q2,q3; answers 1-5) and report, per item, counts, "
                       "median, mode, mean and the Wilcoxon signed-rank tests of post - pre "
                       "(scipy.stats.wilcoxon defaults; two-sided and post > pre) with an "
                       "effect size. Blank sheet and template: examples/survey/.")
    p.add_argument("answers", metavar="FILE.csv", help="CSV with columns student,phase,q1,q2,q3")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="also write the chart (survey.png) and a summary (survey.html) to DIR")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(run=_run_survey)


def _run_survey(args) -> int:
    from orville_case.survey.analysis import analyse
    from orville_case.survey.report import text, write_outputs
    from orville_case.survey.responses import read_responses

    result = analyse(read_responses(args.answers), args.answers)
    payload, lines = result.as_dict(), [text(result)]
    if args.out:
        payload["files"] = [str(p) for p in write_outputs(result, args.out)]
        lines.append("wrote " + ", ".join(payload["files"]))
    emit(payload, args.json, "\n".join(lines))
    return 0


def _survey_section(path: str) -> list[tuple[str, str]]:
    """The survey summary of ``path`` as a (heading, HTML) section of the class report."""
    from orville_case.survey.analysis import analyse
    from orville_case.survey.report import html_section
    from orville_case.survey.responses import read_responses

    return [("Pre/post perception survey", html_section(analyse(read_responses(path), path)))]


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="python -m orville_case",
        description="ORville optimization course: zoning frontier, plan evaluation, companions.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                parser_class=Parser)

    for register in COMMANDS:
        register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, or a usage error already printed as one line
        return int(done.code or 0)
    try:
        return int(args.run(args) or 0)
    except OrvilleError as exc:
        for line in exc.lines():
            print(f"error: {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (silence the flush at exit)
        return 0
