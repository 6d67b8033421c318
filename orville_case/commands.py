"""Sub-commands of ``python -m orville_case`` (registered with :func:`orville_case.cli.command`)."""

from __future__ import annotations

from .cli import command

# --- rehab (school rehabilitation budget, notebook 06) ---

@command
def _rehab(sub) -> None:
    """``rehab``: fund school rehabilitation projects within a budget (Haghighat 2015, LBUSD)."""
    from .rehab_data import load_published_results

    budget = float(load_published_results()["budget"])
    p = sub.add_parser("rehab", help="allocate a rehabilitation budget over LBUSD projects",
                       description="Choose which (school, category) projects to fund so the "
                       "equity-weighted value is largest within the budget (thesis data).")
    p.add_argument("--budget", type=float, default=budget,
                   help=f"available budget in USD (default: the thesis's {budget:,.0f})")
    p.add_argument("--method", choices=["milp", "dp", "ga"], default="milp",
                   help="exact MILP (HiGHS), exact dynamic programming, or the seeded GA")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(run=_run_rehab)


def _run_rehab(args) -> int:
    from . import rehab
    from .cli import emit
    from .errors import CourseError
    from .rehab_ga import solve_ga

    if args.budget < 0:
        raise CourseError(f"--budget must be >= 0, got {args.budget:g}")
    instance = rehab.build_instance()
    method = {"milp": rehab.solve_milp, "dp": rehab.solve_dp, "ga": solve_ga}[args.method]
    solution = method(instance, args.budget)
    table = rehab.selection_table(instance, solution)
    payload = {
        "objective": solution.value,
        "budget_used": solution.budget_used,
        "selected": [{"school": s, "category": c, "cost": float(v)}
                     for s, c, v in zip(table["school"], table["category"], table["cost"],
                                        strict=True)],
    }
    lines = [f"{solution.method}: value {solution.value:,.1f}, "
             f"spent ${solution.budget_used:,.0f} of ${args.budget:,.0f} "
             f"on {len(table)} of {len(instance.items)} projects "
             f"({len(instance.excluded)} excluded: data garbled in the source)"]
    lines += [f"  {s:<45} {lab:<22} ${v:>9,.0f}"
              for s, lab, v in zip(table["school"], table["label"], table["cost"], strict=True)]
    emit(payload, args.json, "\n".join(lines))
    return 0
