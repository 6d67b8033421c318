"""The ipywidgets form over a :class:`~orville_case.ethics.worksheet.WorksheetDraft` (notebook 04).

Every edit goes straight into the draft, which saves itself (see
:mod:`orville_case.ethics.worksheet`),
so nothing typed is lost when the notebook is re-run. Usage::

    form = WorksheetForm(draft, front=points, explorer=ex)
    form.widget                    # display it

Stable hooks for browser tests (CSS classes): ``orville-worksheet`` (the whole form),
``orville-ws-student`` (name), ``orville-ws-step-<k>`` (text area of step k, 1-7),
``orville-ws-alternatives`` (the step-4 table; each row ``tr.orville-ws-alt`` with
``data-name``, infeasible rows also ``orville-ws-infeasible``), ``orville-ws-alt-name``
(name for the next alternative), ``orville-ws-frontier-point`` and ``orville-ws-add-frontier``,
``orville-ws-add-explorer``, ``orville-ws-upload``, ``orville-ws-csv-path`` and
``orville-ws-add-csv``, ``orville-ws-remove-choice`` and ``orville-ws-remove``,
``orville-ws-alt-message`` (result of the last add/remove), ``orville-ws-test-alternative``
(which alternative step 5 shows), ``orville-ws-test-<key>`` (one text area per test),
``orville-ws-tests-overview``, ``orville-ws-recommend``, ``orville-ws-figure``,
``orville-ws-export``, ``orville-ws-export-status``, ``orville-ws-status`` (save status) and
``orville-ws-save`` (save now: retries a failed save, brings in another copy's changes).
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from orville_case.core.errors import OrvilleError
from orville_case.ethics import worksheet
from orville_case.ethics.autosave import why_not_saved
from orville_case.ethics.plots import plot_alternatives
from orville_case.ethics.submission import STEPS, TESTS, safe_name
from orville_case.ethics.worksheet import ExportResult, WorksheetDraft, frontier_name
from orville_case.zoning.biobjective import Point
from orville_case.zoning.explorer import OK, PlanExplorer
from orville_case.zoning.plans import fmt_ed
from orville_case.zoning.plots import OVER

NONE = "— none yet —"
_WIDE = widgets.Layout(width="98%")


def _area(value: str, placeholder: str, css: str, rows: int = 5) -> widgets.Textarea:
    w = widgets.Textarea(value=value, placeholder=placeholder, rows=rows, layout=_WIDE)
    w.add_class(css)
    return w


def _button(label: str, icon: str, css: str) -> widgets.Button:
    b = widgets.Button(description=label, icon=icon, layout=widgets.Layout(width="auto"))
    b.add_class(css)
    return b


def _title(key: str) -> widgets.HTML:
    title, prompt = STEPS[key]
    return widgets.HTML(f"<h3>Step {key}: {html.escape(title)}</h3>"
                        f"<p><i>{html.escape(prompt)}</i></p>")


def alternatives_html(draft: WorksheetDraft) -> str:
    """The step-4 table: origin, EWD, Range#ED and feasibility (violations listed) per row."""
    if not draft.alternatives:
        return "<p><i>No alternatives yet: add at least five below.</i></p>"
    rows = []
    for name, alt in draft.alternatives.items():
        r = draft.report(name)
        ok = r.feasible
        cls = "orville-ws-alt" + ("" if ok else " orville-ws-infeasible")
        feas = (f'<span style="color:{OK}">feasible</span>' if ok else
                f'<span style="color:{OVER}"><b>INFEASIBLE</b>: '
                f"{html.escape('; '.join(r.violations))}</span>")
        star = " ★" if name == draft.recommended else ""
        rows.append(f'<tr class="{cls}" data-name="{html.escape(name)}">'
                    f"<td><b>{html.escape(name)}</b>{star}</td><td>{html.escape(alt.origin)}</td>"
                    f"<td>{'—' if r.ewd is None else f'{r.ewd:,.1f}'}</td>"
                    f"<td>{'—' if r.range_ed is None else fmt_ed(r.range_ed)}</td>"
                    f"<td>{feas}</td></tr>")
    return ('<table style="border-collapse:collapse" cellpadding="4" border="1">'
            "<tr><th>alternative</th><th>origin</th><th>EWD</th><th>Range#ED</th>"
            "<th>feasible?</th></tr>" + "".join(rows) + "</table>")


def tests_overview_html(draft: WorksheetDraft) -> str:
    """A ✓ / · grid: which of the seven tests are answered for which alternative."""
    if not draft.alternatives:
        return ""
    head = "".join(f"<th>{t}</th>" for t in TESTS)
    rows = "".join(
        f"<tr><td>{html.escape(n)}</td>" + "".join(
            "<td style='text-align:center'>"
            + ("✓" if draft.tests.get(n, {}).get(t, "").strip() else "·") + "</td>"
            for t in TESTS) + "</tr>" for n in draft.alternatives)
    return (f'<table cellpadding="3"><tr><th>alternative</th>{head}</tr>{rows}</table>')


def missing_html(missing: list[str]) -> str:
    if not missing:
        return f'<p style="color:{OK}">✓ nothing missing</p>'
    items = "".join(f"<li>{html.escape(m)}</li>" for m in missing)
    return f'<p>Still missing:</p><ul style="color:{OVER}">{items}</ul>'


class WorksheetForm:
    """The seven steps as a form (see module docstring). ``front``: exact frontier points
    (sorted by EWD) offered in step 4; ``explorer``: a :class:`PlanExplorer` whose current plan
    can be added; ``figures=False`` skips the alternatives-vs-frontier figure."""

    def __init__(self, draft: WorksheetDraft, front: Sequence[Point] | None = None,
                 explorer: PlanExplorer | None = None, *, figures: bool = True):
        self.draft = draft
        self.front = sorted(front or [], key=lambda p: p.f1)
        self.explorer = explorer
        self._figures = figures and bool(self.front)
        self._held = 0  # > 0 while the form itself sets widget values (not the student)
        with suppress(OrvilleError):  # if it cannot save, draft.message says why
            draft.sync()  # a re-run form cell shows the newest text, whichever copy saved it
        self.status = widgets.HTML(f"<p>{html.escape(draft.message)}</p>")
        self.status.add_class("orville-ws-status")
        self.student = widgets.Text(value=draft.student, description="Your name",
                                    placeholder="name or student id")
        self.student.add_class("orville-ws-student")
        self.student.observe(lambda c: self._edit(draft.set_student, c["new"]), names="value")
        self.steps: dict[str, widgets.Textarea] = {}
        for key, (_, prompt) in STEPS.items():
            hint = ("notes on your list of options (the table below is filled in for you)"
                    if key == "4" else "notes on the tests (a summary of the whole table)"
                    if key == "5" else prompt)
            area = _area(draft.steps[key], hint, f"orville-ws-step-{key}",
                         rows=3 if key in "45" else 6)
            area.observe(lambda c, k=key: self._edit(draft.set_step, k, c["new"]), names="value")
            self.steps[key] = area
        self._build_alternatives()
        self._build_tests()
        self.recommend = widgets.Dropdown(description="Recommend", options=[NONE],
                                          layout=widgets.Layout(width="420px"))
        self.recommend.add_class("orville-ws-recommend")
        self.recommend.observe(self._on_recommend, names="value")
        self.figure = widgets.Output()
        self.figure.add_class("orville-ws-figure")
        self.export_button = _button("export for hand-in", "download", "orville-ws-export")
        self.export_button.on_click(lambda _: self.export())
        self.export_status = widgets.HTML()
        self.export_status.add_class("orville-ws-export-status")
        self.save_button = _button("save now", "save", "orville-ws-save")
        self.save_button.on_click(lambda _: self._edit(draft.save))
        self.widget = widgets.VBox([
            widgets.HBox([self.status, self.save_button]), self.student,
            _title("1"), self.steps["1"], _title("2"), self.steps["2"],
            _title("3"), self.steps["3"], _title("4"), self.alt_table, self.figure,
            self.alt_controls, self.steps["4"], _title("5"), self.tests_box, self.steps["5"],
            _title("6"), self.recommend, self.steps["6"], _title("7"), self.steps["7"],
            widgets.HTML("<h3>Hand in</h3>"), self.export_button, self.export_status])
        self.widget.add_class("orville-worksheet")
        self._refresh()

    # ------------------------------------------------------------------ building
    def _build_alternatives(self) -> None:
        self.alt_table = widgets.HTML()
        self.alt_table.add_class("orville-ws-alternatives")
        self.alt_name = widgets.Text(description="Name", placeholder="(optional) name for the "
                                     "next alternative")
        self.alt_name.add_class("orville-ws-alt-name")
        self.alt_message = widgets.HTML()
        self.alt_message.add_class("orville-ws-alt-message")
        rows = [self.alt_name]
        if self.front:
            self.frontier_point = widgets.Dropdown(
                description="Frontier", layout=widgets.Layout(width="420px"),
                options=[(frontier_name(self.front, k), k) for k in range(len(self.front))])
            self.frontier_point.add_class("orville-ws-frontier-point")
            add = _button("add frontier point", "plus", "orville-ws-add-frontier")
            add.on_click(lambda _: self._add(lambda n: self.draft.add_frontier_point(
                self.front, self.frontier_point.value, n)))
            rows.append(widgets.HBox([self.frontier_point, add]))
        if self.explorer is not None:
            add = _button("add the plan explorer's current plan", "plus",
                          "orville-ws-add-explorer")
            add.on_click(lambda _: self._add(lambda n: self.draft.add(
                n or f"Explorer plan {datetime.now():%H:%M:%S}", self.explorer.plan,
                "my plan (plan explorer)")))
            rows.append(widgets.HBox([add]))
        self.upload = widgets.FileUpload(accept=".csv", multiple=False,
                                         description="upload CSV")
        self.upload.add_class("orville-ws-upload")
        self.upload.observe(self._on_upload, names="value")
        self.csv_path = widgets.Text(description="CSV path", placeholder="my_plan.csv")
        self.csv_path.add_class("orville-ws-csv-path")
        add = _button("add CSV", "plus", "orville-ws-add-csv")
        add.on_click(lambda _: self._add(lambda n: self.draft.add_csv(self.csv_path.value, n)))
        rows.append(widgets.HBox([self.upload, self.csv_path, add]))
        self.remove_choice = widgets.Dropdown(description="Remove", options=[],
                                              layout=widgets.Layout(width="420px"))
        self.remove_choice.add_class("orville-ws-remove-choice")
        remove = _button("remove", "trash", "orville-ws-remove")
        remove.on_click(lambda _: self._add(lambda _n: self.draft.remove(
            self.remove_choice.value), done="removed"))
        rows.append(widgets.HBox([self.remove_choice, remove]))
        self.alt_controls = widgets.VBox([*rows, self.alt_message])

    def _build_tests(self) -> None:
        self.test_alternative = widgets.Dropdown(description="Alternative", options=[],
                                                 layout=widgets.Layout(width="420px"))
        self.test_alternative.add_class("orville-ws-test-alternative")
        self.test_alternative.observe(lambda _: self._show_tests(), names="value")
        self.test_areas: dict[str, widgets.Textarea] = {}
        for key, question in TESTS.items():
            area = _area("", question, f"orville-ws-test-{key}", rows=2)
            area.observe(lambda c, k=key: self._on_test(k, c["new"]), names="value")
            self.test_areas[key] = area
        self.tests_overview = widgets.HTML()
        self.tests_overview.add_class("orville-ws-tests-overview")
        parts = [self.test_alternative]
        for key, question in TESTS.items():
            parts += [widgets.HTML(f"<b>{html.escape(question)}</b>"), self.test_areas[key]]
        self.tests_box = widgets.VBox([*parts, self.tests_overview])

    # ------------------------------------------------------------------ events
    def _edit(self, setter, *args) -> None:
        if self._held:
            return
        try:
            setter(*args)
        except worksheet.DraftNotSaved as exc:  # the text stays in memory; say why, in red
            self.status.value = f'<p style="color:{OVER}">{html.escape(str(exc))}</p>'
            self._show_merged()
            return
        except OrvilleError as exc:
            self.status.value = f'<p style="color:{OVER}">{html.escape(str(exc))}</p>'
            return
        self.status.value = (f"<p>{html.escape(self.draft.message)} Saved "
                             f"{datetime.now():%H:%M:%S} to {html.escape(str(self.draft.path))}"
                             "</p>")
        self._show_merged()

    def _show_merged(self) -> None:
        """After a save merged another copy's changes: show them in the widgets."""
        if not self.draft.updated:
            return
        with self._holding():
            self.student.value = self.draft.student
            for key, area in self.steps.items():
                area.value = self.draft.steps[key]
        self._refresh()

    def _add(self, action, done: str = "added") -> None:
        try:
            alt = action(self.alt_name.value.strip())
        except worksheet.DraftNotSaved as exc:  # added in memory, not yet on disk
            self.status.value = f'<p style="color:{OVER}">{html.escape(str(exc))}</p>'
            self.alt_message.value = (f'<p style="color:{OVER}">{done} in memory only: see the '
                                      "message at the top of the form</p>")
            self._refresh()
            return
        except (OrvilleError, OSError) as exc:
            self.alt_message.value = f'<p style="color:{OVER}">{html.escape(str(exc))}</p>'
            return
        what = f"'{alt.name}'" if alt is not None else ""
        self.alt_message.value = f'<p style="color:{OK}">✓ {done} {html.escape(what)}</p>'
        self.alt_name.value = ""
        self._refresh()

    def _on_upload(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        f = files[0]
        stem = f["name"].rsplit(".", 1)[0]
        with self._holding():
            self.upload.value = ()  # ready for the next file (even the same one again)
        target = self.draft.folder / "uploads" / (safe_name(stem) + ".csv")
        try:  # keep a copy beside the draft; the plan itself is stored in the draft
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(bytes(f["content"]))
        except OSError as exc:
            with tempfile.TemporaryDirectory(prefix="orville-upload-") as tmp:
                target = Path(tmp) / (safe_name(stem) + ".csv")
                target.write_bytes(bytes(f["content"]))
                self._add(lambda n: self.draft.add_csv(target, n or stem,
                                                       f"my plan (uploaded {f['name']})"))
            self.alt_message.value += (
                f'<p style="color:{OVER}">Note: no copy of {html.escape(f["name"])} could be '
                f"kept in {html.escape(str(target.parent))}: "
                f"{html.escape(why_not_saved(exc, self.draft.folder))}.</p>")
            return
        self._add(lambda n: self.draft.add_csv(target, n or stem,
                                               f"my plan (uploaded {f['name']})"))

    def _on_test(self, key: str, text: str) -> None:
        name = self.test_alternative.value
        if name:
            self._edit(self.draft.set_test, name, key, text)
            self.tests_overview.value = tests_overview_html(self.draft)

    def _on_recommend(self, change: dict) -> None:
        value = "" if change["new"] in (NONE, None) else change["new"]
        if not self._held:
            self._edit(self.draft.recommend, value)
            self._refresh()

    def _show_tests(self) -> None:
        name = self.test_alternative.value
        answers = self.draft.tests.get(name, {}) if name else {}
        with self._holding():
            for key, area in self.test_areas.items():
                area.value = answers.get(key, "")
                area.disabled = not name

    @contextmanager
    def _holding(self) -> Iterator[None]:
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1

    def _refresh(self) -> None:
        """Redraw everything that depends on the list of alternatives."""
        names = list(self.draft.alternatives)
        with self._holding():
            self.remove_choice.options = names
            current = self.test_alternative.value
            self.test_alternative.options = names
            if names:  # always show one alternative: answers typed with none selected would be lost
                self.test_alternative.value = current if current in names else names[0]
            self.recommend.options = [NONE, *names]
            self.recommend.value = self.draft.recommended or NONE
        self._show_tests()
        self.alt_table.value = alternatives_html(self.draft)
        self.tests_overview.value = tests_overview_html(self.draft)
        if self._figures:
            self.figure.clear_output(wait=True)
            with self.figure:
                ax = plot_alternatives(self.draft, self.front)
                display(ax.figure)
                plt.close(ax.figure)

    def export(self) -> ExportResult:
        """Export (button or code) and show where it went and what is still missing."""
        try:
            result = self.draft.export()
        except (OrvilleError, OSError) as exc:
            result = ExportResult(None, None, [f"export failed: {exc}"])
        if result.folder is None:
            self.export_status.value = missing_html(result.missing)
            return result
        self.export_status.value = (
            f"<p>Exported at {datetime.now():%H:%M:%S} to <code>{html.escape(str(result.folder))}"
            f"</code>. Hand in <code>{html.escape(str(result.archive))}</code>.</p>"
            + missing_html(result.missing))
        return result
