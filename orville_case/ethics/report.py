"""The class report of :mod:`.grading`: one self-contained HTML file (figures embedded as PNG).

Figures (objectives on the axes: EWD in student-miles across, Range#ED up; lower-left is better):

* the class: where every student's recommended plan lies relative to the exact frontier, and each
  student's alternatives split into on-frontier / dominated / infeasible / unreadable;
* every student: their alternatives drawn over the frontier, the recommended one starred.

The frontier itself is drawn by :func:`orville_case.zoning.frontier_plots.plot_frontier`, as in the
notebooks.

The plotting functions take a matplotlib ``Axes`` so the instructor guide can show the same
figures inline; :func:`write_report` draws on figures it owns (no pyplot state, no GUI backend).

Student-controlled text (folder and plan names) is drawn as plain text (:func:`plain`: no
mathtext) and HTML-escaped; a figure that still fails is replaced by a note, so one student never
stops the report. Whether a flag needs a human look comes from :func:`.grading.needs_review`.
Extra sections (e.g. a survey summary) are passed to :func:`render_html` as ``extra``.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from orville_case.core.figures import png_base64
from orville_case.core.progress import track
from orville_case.ethics.grading import (
    FLAGS,
    ClassResult,
    PlanResult,
    StudentResult,
    needs_review,
    shown,
)
from orville_case.ethics.rubric import RUBRIC
from orville_case.ethics.submission import MIN_ALTERNATIVES, STEPS, TESTS
from orville_case.zoning.frontier_plots import plot_frontier
from orville_case.zoning.plans import fmt_ed

_COLOURS = {"on frontier": "#1b7837", "dominated": "#e08214", "infeasible": "#c51b7d",
            "unreadable": "#9e9e9e"}
_STEP_CHARS = 6000  # characters of one step shown in the report (the rest: in the submission)


def plain(text: str) -> str:
    """Student text drawn literally by matplotlib: ``$`` escaped so no mathtext is parsed
    (a name like ``$\\frac{x$`` would otherwise fail to draw)."""
    return text.replace("$", r"\$")


def status(p: PlanResult) -> str:
    """``on frontier``, ``dominated``, ``infeasible`` or ``unreadable``."""
    if p.plan is None:
        return "unreadable"
    if not p.feasible:
        return "infeasible"
    return "on frontier" if p.on_frontier else "dominated"


def _limits(ax: Axes, result: ClassResult, xs: list[float], ys: list[float]) -> None:
    fx = [p.f1 for p in result.frontier] + xs
    fy = [p.f2 for p in result.frontier] + ys
    padx, pady = 0.06 * (max(fx) - min(fx) or 1), 0.08 * (max(fy) - min(fy) or 1)
    ax.set_xlim(min(fx) - padx, max(fx) + padx)
    ax.set_ylim(min(0, min(fy)) - pady, max(fy) + pady)


def plot_student(ax: Axes, result: ClassResult, student: StudentResult) -> None:
    """One student's alternatives (numbered as in the report's table) over the frontier."""
    plot_frontier(result.frontier, ax=ax, legend=None)
    xs, ys, undrawn = [], [], []
    labels: dict[tuple[float, float], list[str]] = {}
    for k, p in enumerate(student.plans, 1):
        if p.report is None or p.report.ewd is None:
            undrawn.append(str(k))
            continue
        x, y = p.report.ewd, p.report.range_ed
        xs.append(x)
        ys.append(y)
        st = status(p)
        rec = p.name == student.recommended
        ax.scatter([x], [y], s=220 if rec else 60, marker="*" if rec else
                   ("X" if st == "infeasible" else "o"), color=_COLOURS[st], zorder=3,
                   edgecolor="black" if rec else "none", linewidth=0.6)
        labels.setdefault((x, y), []).append(str(k))
    for xy, ks in labels.items():  # plans with the same metrics share one label
        ax.annotate(", ".join(ks), xy, xytext=(5, 4), textcoords="offset points", fontsize=8,
                    zorder=4)
    for st, colour in _COLOURS.items():
        if st != "unreadable":
            ax.scatter([], [], s=40, color=colour, marker="X" if st == "infeasible" else "o",
                       label=f"alternative: {st}")
    ax.scatter([], [], s=120, marker="*", color="white", edgecolor="black", label="recommended")
    _limits(ax, result, xs, ys)
    if undrawn:
        ax.text(0.02, 0.03, f"not drawn (incomplete or unreadable): #{', #'.join(undrawn)}",
                transform=ax.transAxes, fontsize=8, color=_COLOURS["infeasible"])
    ax.set_title(plain(student.student), fontsize=10)
    ax.legend(fontsize=7, loc="upper right", framealpha=0.9)


def plot_recommendations(ax: Axes, result: ClassResult) -> None:
    """Every student's recommended plan over the frontier; marker area ∝ how many chose it."""
    plot_frontier(result.frontier, ax=ax, legend=None)
    chosen: Counter[tuple[float, float, str]] = Counter()
    for s in result.students:
        p = s.recommended_plan
        if p is not None and p.report is not None and p.report.ewd is not None:
            chosen[p.report.ewd, p.report.range_ed, status(p)] += 1
    most = max(chosen.values(), default=1)
    for (x, y, st), n in chosen.items():  # marker area ∝ count, the largest 700 pt²
        ax.scatter([x], [y], s=700 * n / most, color=_COLOURS[st], alpha=0.9,
                   edgecolor="black", linewidth=0.5, zorder=3)
        ax.annotate(str(n), (x, y), ha="center", va="center", fontsize=8, zorder=4,
                    color="white", fontweight="bold")
    for st, colour in list(_COLOURS.items())[:3]:
        ax.scatter([], [], s=60, color=colour, alpha=0.75, label=f"recommended: {st}")
    undrawn = len(result.students) - sum(chosen.values())
    _limits(ax, result, [k[0] for k in chosen], [k[1] for k in chosen])
    ax.set_title("Recommended plans (number = students)", fontsize=10)
    if undrawn:
        ax.text(0.02, 0.03, f"not drawn: {undrawn} (no recommendation, or an incomplete plan)",
                transform=ax.transAxes, fontsize=8, color=_COLOURS["infeasible"])
    ax.legend(fontsize=7, loc="upper right", framealpha=0.9)


def plot_alternatives(ax: Axes, result: ClassResult) -> None:
    """Per student: distinct alternatives on the frontier, dominated, infeasible, unreadable."""
    names = [plain(s.student) for s in result.students][::-1]
    left = [0] * len(names)
    for st, colour in _COLOURS.items():
        counts = [sum(status(p) == st for p in s.plans if p.duplicate_of is None)
                  for s in result.students][::-1]
        ax.barh(names, counts, left=left, color=colour, label=st, height=0.7)
        left = [a + b for a, b in zip(left, counts, strict=True)]
    ax.axvline(MIN_ALTERNATIVES, color="black", ls="--", lw=1,
               label=f"required: {MIN_ALTERNATIVES}")
    ax.set(xlabel="distinct alternatives per student", ylim=(-0.6, len(names) - 0.4),
           xlim=(0, max(left + [MIN_ALTERNATIVES]) + 0.5))
    ax.tick_params(axis="y", labelsize=8)
    ax.legend(fontsize=7, loc="lower left", bbox_to_anchor=(0, 1), ncol=3, frameon=False)


def _img(fig: Figure, alt: str) -> str:
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{png_base64(fig)}">'


def recommendations_figure(result: ClassResult) -> Figure:
    fig = Figure(figsize=(8, 4.8), layout="constrained")
    plot_recommendations(fig.subplots(), result)
    return fig


def alternatives_figure(result: ClassResult) -> Figure:
    """One bar per student: the height grows with the class."""
    fig = Figure(figsize=(5.5, max(3.0, 0.22 * len(result.students) + 1.4)), layout="constrained")
    plot_alternatives(fig.subplots(), result)
    return fig


def student_figure(result: ClassResult, student: StudentResult) -> Figure:
    fig = Figure(figsize=(6.4, 4.2), layout="constrained")
    plot_student(fig.subplots(), result, student)
    return fig


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1200px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.4}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right}
.flag{color:#8a1c1c}.repair{color:#777}.ok{color:#1b7837}.bad{color:#c51b7d}
.student{display:grid;grid-template-columns:minmax(0,1fr) 460px;gap:1em;align-items:start}
.student img{width:100%}img{max-width:100%}
.row{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}.row img{max-width:58%}
.step{display:inline-block;width:1.6em;text-align:center;border-radius:3px;margin-right:2px}
.yes{background:#c7e9c0}.no{background:#f4c7c3}
blockquote{border-left:3px solid #ccc;margin:.5em 0;padding:.2em .8em;color:#333;
white-space:pre-wrap}
"""


def _e(value: object) -> str:
    return html.escape(shown(str(value)))


def _flag_items(s: StudentResult) -> str:
    if not s.flags:
        return '<p class="ok">No flags.</p>'
    items = [f'<li class="{"flag" if needs_review(f.code) else "repair"}">'
             f"<code>{_e(f.code)}</code> {_e(f.message)}</li>" for f in s.flags]
    return "<ul>" + "".join(items) + "</ul>"


def _plans_table(s: StudentResult) -> str:
    head = ("<tr><th>#</th><th>alternative</th><th>origin</th><th>EWD</th><th>Range#ED</th>"
            "<th>status</th><th>EWD gap</th><th>Range gap</th><th>notes</th></tr>")
    rows = []
    for k, p in enumerate(s.plans, 1):
        r, g = p.report, p.gaps
        notes = [n for n in (
            "recommended" if p.name == s.recommended else "",
            "EWD optimum" if p.ewd_optimal else "",
            f"duplicate of {p.duplicate_of}" if p.duplicate_of else "",
            "; ".join(p.violations) if not p.feasible else "") if n]
        st = status(p)
        rows.append(
            f"<tr><td>{k}</td><td>{_e(p.name)}</td><td>{_e(p.origin)}</td>"
            f"<td class=n>{_e(f'{r.ewd:,.1f}') if r and r.ewd is not None else '—'}</td>"
            f"<td class=n>{fmt_ed(r.range_ed) if r and r.range_ed is not None else '—'}</td>"
            f'<td class="{"ok" if st == "on frontier" else "bad"}">{st}</td>'
            f"<td class=n>{f'{g.ewd_gap:,.1f}' if g and g.ewd_gap is not None else ''}</td>"
            f"<td class=n>{fmt_ed(g.range_gap) if g and g.range_gap is not None else ''}</td>"
            f"<td>{_e('; '.join(notes))}</td></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _clip(text: str) -> str:
    text = text.strip()
    if len(text) <= _STEP_CHARS:
        return text
    return text[:_STEP_CHARS] + " … (cut here: read the rest in the submission)"


def _steps(s: StudentResult) -> str:
    """Which steps have content, then every step's text, each collapsed (step 6, the
    justification, open)."""
    if s.worksheet != "json":
        return f"<p>Worksheet: <b>{_e(s.worksheet)}</b> — read it by hand.</p>"
    answered = set(s.steps_answered)
    chips = "".join(f'<span class="step {"yes" if k in answered else "no"}" '
                    f'title="{_e(title)}: {len(s.steps.get(k, "").split())} words">{k}</span>'
                    for k, (title, _) in STEPS.items())
    tests = "{}/{}".format(*s.tests_answered) if s.tests_answered else "—"
    blocks = []
    for k, (title, _) in STEPS.items():
        text = _clip(s.steps.get(k, ""))
        words = len(text.split())
        body = f"<blockquote>{_e(text)}</blockquote>" if text else "<p><i>empty</i></p>"
        blocks.append(f'<details class="step-text"{" open" if k == "6" else ""}><summary>'
                      f"Step {k}: {_e(title)} <small>({words} words)</small></summary>"
                      f"{body}</details>")
    return (f"<p>Steps with content: {chips} &nbsp; step-5 test answers: {tests} "
            f"(the {len(TESTS)} tests per alternative)</p>"
            "<p>The worksheet, step by step (step 6, the justification, is open: read the "
            "reasoning, not the choice):</p>" + "".join(blocks))


def _figure_html(draw: Callable[[], Figure], alt: str) -> str:
    """The figure ``draw()`` makes as an <img>, or a note if drawing it fails."""
    try:
        return _img(draw(), alt)
    except Exception as exc:  # noqa: BLE001  (one student's text must not stop the report)
        return (f"<p><i>The figure '{_e(alt)}' could not be drawn ({_e(type(exc).__name__)}: "
                f"{_e(exc)}).</i></p>")


def _student_figure_html(result: ClassResult, s: StudentResult) -> str:
    if not any(p.report is not None and p.report.ewd is not None for p in s.plans):
        return "<p><i>No plan could be evaluated: nothing to draw.</i></p>"
    return _figure_html(lambda: student_figure(result, s), f"alternatives of {s.student}")


def _student_section(result: ClassResult, s: StudentResult) -> str:
    fig = _student_figure_html(result, s)
    author = f" — worksheet author: {_e(s.author)}" if s.author else ""
    rec = _e(s.recommended) if s.recommended else "<i>none recorded</i>"
    return (f'<h3 id="s-{_e(s.student)}">{_e(s.student)}</h3>'
            f"<p><small>{_e(s.source)}{author}</small></p>"
            f'<div class="student"><div>{_flag_items(s)}<p>Recommended: <b>{rec}</b></p>'
            f"{_plans_table(s)}{_steps(s)}</div><div>{fig}</div></div>")


_GRADEBOOK_COLUMNS = ("n_alternatives", "n_distinct", "n_feasible", "n_on_frontier",
                      "has_ewd_optimum", "steps_answered", "tests_answered", "recommended",
                      "recommended_feasible", "recommended_on_frontier",
                      *(c.column for c in RUBRIC))


def _gradebook(result: ClassResult) -> str:
    head = "<tr><th>student</th>" + "".join(f"<th>{c.replace('_', ' ')}</th>"
                                             for c in _GRADEBOOK_COLUMNS) + "<th>flags</th></tr>"
    rows = []
    for s in result.students:
        row = s.row()
        review = [f.code for f in s.review_flags]
        cells = "".join(f"<td>{_e(row[c])}</td>" for c in _GRADEBOOK_COLUMNS)
        rows.append(f'<tr><td><a href="#s-{_e(s.student)}">{_e(s.student)}</a></td>{cells}'
                    f'<td class="flag">{_e(", ".join(dict.fromkeys(review)))}</td></tr>')
    return f"<table>{head}{''.join(rows)}</table>"


def _frontier_table(result: ClassResult) -> str:
    rows = "".join(f"<tr><td>{k}</td><td class=n>{p.f1:,.1f}</td>"
                   f"<td class=n>{fmt_ed(p.f2)}</td>"
                   f"<td>{'yes' if p.supported else 'no'}</td></tr>"
                   for k, p in enumerate(sorted(result.frontier, key=lambda p: p.f1), 1))
    return ("<table><tr><th>#</th><th>EWD</th><th>Range#ED</th><th>supported</th></tr>"
            f"{rows}</table>")


def _review_list(result: ClassResult) -> str:
    items = []
    for s in result.students:
        review = s.review_flags
        if review:
            items.append(f'<li><a href="#s-{_e(s.student)}">{_e(s.student)}</a>: '
                         + "; ".join(f"<code>{_e(f.code)}</code> {_e(f.message)}"
                                     for f in review) + "</li>")
    return "<ul>" + "".join(items) + "</ul>" if items else "<p>Nothing needs a human look.</p>"


def _legend() -> str:
    rows = "".join(f"<tr><td><code>{_e(code)}</code></td><td>{_e(text)}</td>"
                   f"<td>{'review' if needs_review(code) else 'repaired'}</td></tr>"
                   for code, text in FLAGS.items())
    return f"<table><tr><th>flag</th><th>meaning</th><th>kind</th></tr>{rows}</table>"


def render_html(result: ClassResult, title: str = "ORville zoning — class grading report", *,
                extra: Sequence[tuple[str, str]] = (), quiet: bool = False) -> str:
    """The whole report as one HTML string (about half a second of drawing per student).

    ``extra``: further sections as (heading, HTML body) pairs, placed after the gradebook (the
    body is trusted HTML made by this package, e.g. a survey summary)."""
    n = len(result.students)
    review = sum(bool(s.review_flags) for s in result.students)
    ignored = (f"<p>Ignored (not a folder or zip): {_e(', '.join(result.ignored))}</p>"
               if result.ignored else "")
    parts = [
        f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{_e(title)}</title>"
        f"<style>{_CSS}</style></head><body><h1>{_e(title)}</h1>",
        f"<p>{n} submissions graded on {date.today():%Y-%m-%d} against the exact frontier of "
        f"<b>{_e(result.district.name)}</b> ({len(result.frontier)} nondominated points); "
        f"<b>{review}</b> need a human look. The numbers are here so the grading time can go "
        "to the reasoning: the case is about <i>how</i> students use analysis, not "
        "<i>which</i> plan they pick.</p>" + ignored,
        '<h2>The class</h2><div class="row">',
        _figure_html(lambda: recommendations_figure(result), "recommended plans over the frontier"),
        _figure_html(lambda: alternatives_figure(result), "alternatives per student"), "</div>",
        "<h2>Needs a human look</h2>", _review_list(result),
        "<h2>Gradebook</h2><p>Also in <code>gradebook.csv</code> (one row per student) and "
        "<code>plans.csv</code> (one row per alternative). The <code>rubric_*</code> columns "
        "follow the instructor guide's rubric: points where the grader can judge from the "
        "numbers, <i>empty</i> where only reading can (yours to fill).</p>", _gradebook(result),
        *(f"<h2>{_e(heading)}</h2>{body}" for heading, body in extra),
        "<h2>The exact frontier</h2><p>EWD gap = the plan's EWD minus the best frontier EWD "
        "at equal or better Range#ED (student-miles a frontier plan saves); Range gap = the "
        "same with the objectives swapped. Both are 0 on the frontier.</p>",
        _frontier_table(result),
        "<h2>Students</h2>", *(_student_section(result, s) for s in
                               track(result.students, "report figures", quiet=quiet)),
        "<h2>Flags</h2>", _legend(), "</body></html>",
    ]
    return "\n".join(parts)


def write_report(result: ClassResult, path: str | Path, *,
                 extra: Sequence[tuple[str, str]] = (), quiet: bool = False) -> Path:
    """Write the self-contained HTML report to ``path`` (``extra`` as in :func:`render_html`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(result, extra=extra, quiet=quiet), encoding="utf-8",
                    errors="replace")
    return path
