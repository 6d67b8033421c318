"""A student works through every exercise notebook in JupyterLab (Debian's Chromium, Playwright).

For each student notebook with exercises, a copy (in ``build/walkthrough/``, so the shipped file is
never touched) is opened in JupyterLab and run cell by cell, top to bottom, as a student would.
At each exercise the answer is pasted into the exercise cell (select all, insert text: what a
paste does) and the cells up to the exercise's self-check are run:

1. first a typical wrong answer (:data:`MISTAKES`, for the modelling exercises): the self-check
   must print a HINT, no ✓, and no cell may show a red traceback;
2. then the right answer (the solution notebook's cell): the self-check must print ✓ and no cell
   may show a traceback.

At the end no cell of the notebook may hold an error output. Screenshots of each notebook's first
hint and of its end go to ``build/browser-test/walkthrough/``; the seconds each notebook took in
the browser are written to ``build/walkthrough/times.json`` (recorded, not asserted: speed
targets live in ``benchmarks/``).
"""

from __future__ import annotations

import json
import shutil
import time

import nbformat
import pytest

from orville_case import course

from .lab import KERNEL_IDLE, ROOT, SHOTS, lab_server, launch, open_notebook, playwright_api, wait

WORK = ROOT / "build" / "walkthrough"
NOTEBOOK = "window.jupyterapp.shell.currentWidget.content"

# One typical mistake per modelling exercise, as (the right line, the line a student writes).
MISTAKES: dict[str, list[tuple[str, str]]] = {
    "01_ewd_model": [  # capacity counts zones, not students (b_i forgotten)
        ("m.J, rule=lambda m, j: sum(zones.students[i] * m.x[i, j] for i in m.I)",
         "m.J, rule=lambda m, j: sum(m.x[i, j] for i in m.I)")],
    "02_range_ed": [  # ED_min bound on the wrong side
        ("m.lower = pyo.Constraint(m.J, rule=lambda m, j: ed(m, j) >= m.ed_min)",
         "m.lower = pyo.Constraint(m.J, rule=lambda m, j: ed(m, j) <= m.ed_min)")],
    "03_two_objectives": [  # ε lowered by a whole student: points between are missed
        ("m.eps.set_value(report.range_ed - delta)", "m.eps.set_value(report.range_ed - 1)")],
    "05_msd_districts": [  # the revenue gradient with the wrong sign; the cap on moves an equality
        ("G_gamma = -2 * S[:, None]", "G_gamma = 2 * S[:, None]"),
        ('{"type": "ineq", "fun": lambda v: p - (1 - stay @ v),',
         '{"type": "eq", "fun": lambda v: p - (1 - stay @ v),')],
    "06_rehab_budget": [  # the DP reuses an item; the MILP is relaxed
        ("V[i - 1, w - weights[i - 1]] + values[i - 1]",
         "V[i, w - weights[i - 1]] + values[i - 1]"),
        ("domain=pyo.Binary", "domain=pyo.NonNegativeReals, bounds=(0, 1)")],
    "07_three_objectives": [  # the lower bound of the minority range forgotten
        ("m.min_lo = pyo.Constraint(m.J, rule=lambda m, j: m.minority[j] >= m.mmin)", "")],
    "08_new_school_location": [  # ED_min counts a closed site (no big-M)
        ("m.ed_min <= ed[j] + big * (1 - m.y[j])", "m.ed_min <= ed[j]")],
}


def _exercise_notebooks() -> list[str]:
    out = []
    for src in sorted((ROOT / "solutions").glob("*.ipynb")):
        nb = nbformat.read(src, as_version=4)
        if not course.is_instructor_only(nb) and any(
                course.BEGIN in c.source for c in nb.cells if c.cell_type == "code"):
            out.append(src.stem)
    return out


NOTEBOOKS = _exercise_notebooks()


def _groups(student: nbformat.NotebookNode, solution: dict[str, str]) -> list[tuple[int, int]]:
    """(first exercise cell, its self-check cell): runs of exercise cells up to the next check."""
    out, k = [], 0
    cells = student.cells
    while k < len(cells):
        if cells[k].cell_type == "code" and course.BEGIN in solution.get(cells[k].id, ""):
            check = next(j for j in range(k, len(cells)) if cells[j].cell_type == "code"
                         and "check_" in cells[j].source)
            out.append((k, check))
            k = check + 1
        else:
            k += 1
    return out


class Lab:
    """The open notebook: paste into a cell, run cells, read outputs (JupyterLab's own API)."""

    def __init__(self, page):
        self.page = page

    def count(self) -> int:
        return self.page.evaluate(f"() => ({NOTEBOOK}).widgets.length")

    def paste(self, k: int, text: str) -> None:
        """Select all of cell ``k``'s editor and insert ``text``, as a paste does."""
        self.page.evaluate(f"""async (k) => {{
            const nb = {NOTEBOOK}; nb.activeCellIndex = k; nb.mode = 'edit';
            await nb.scrollToItem(k); nb.activeCell.editor.focus(); }}""", k)
        self.page.keyboard.press("Control+a")
        self.page.keyboard.insert_text(text)
        got = self.page.evaluate(f"(k) => ({NOTEBOOK}).widgets[k].model.sharedModel.getSource()",
                                 k)
        assert got == text, f"cell {k}: the editor holds {got!r}, not the pasted answer"

    def run(self, first: int, last: int) -> None:
        """Select cells ``first..last`` and run them (Shift+Enter on a selection); wait until
        the kernel is idle."""
        if last < first:
            return
        self.page.evaluate(f"""async ([first, last]) => {{
            const nb = {NOTEBOOK}; nb.mode = 'command'; nb.activeCellIndex = first;
            nb.extendContiguousSelectionTo(last);
            await window.jupyterapp.commands.execute('notebook:run-cell'); }}""", [first, last])
        self.page.wait_for_timeout(100)
        wait(self.page, KERNEL_IDLE, f"cells {first}..{last} to finish")

    def answer(self, sources: dict[int, str], first: int, check: int) -> str:
        """Paste ``sources`` into their cells, run ``first..check``; what the check printed.
        No cell of the exercise may show a traceback, whether the answer is right or wrong."""
        for k, src in sources.items():
            self.paste(k, src)
        self.run(first, check)
        assert not self.errors(first, check), f"cells {first}..{check}: {self.errors(first, check)}"
        return self.text(check)

    def show(self, k: int) -> None:
        """Scroll cell ``k`` (and its output) to the middle of the window."""
        self.page.evaluate(f"async (k) => await ({NOTEBOOK}).scrollToItem(k, 'center')", k)
        self.page.wait_for_timeout(300)

    def outputs(self, k: int) -> list[dict]:
        return self.page.evaluate(
            f"(k) => {{ const c = ({NOTEBOOK}).widgets[k]; return c.model.type === 'code'"
            " ? c.model.outputs.toJSON() : []; }", k)

    def text(self, k: int) -> str:
        return "".join(o.get("text", "") if isinstance(o.get("text"), str) else "".join(
            o.get("text", [])) for o in self.outputs(k) if o["output_type"] == "stream")

    def errors(self, first: int, last: int) -> list[str]:
        return [f"cell {k}: {o['ename']}: {o['evalue']}" for k in range(first, last + 1)
                for o in self.outputs(k) if o["output_type"] == "error"]


def _typed(solution_cell: str) -> str:
    """What a student's solved cell holds: the solution cell without the region markers."""
    return "\n".join(line for line in solution_cell.splitlines()
                     if line.strip() not in (course.BEGIN, course.END))


def _sabotaged(sources: dict[int, str], mistakes: list[tuple[str, str]]) -> dict[int, str]:
    """``sources`` with every mistake that applies to them (None when none applies)."""
    out = dict(sources)
    for old, new in mistakes:
        out = {k: s.replace(old, new) for k, s in out.items()}
    return out if out != sources else None


@pytest.fixture(scope="module")
def browser_page():
    WORK.mkdir(parents=True, exist_ok=True)
    (SHOTS / "walkthrough").mkdir(parents=True, exist_ok=True)
    with lab_server() as lab, playwright_api.sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            yield lab, page
        finally:
            browser.close()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_student_solves_every_exercise_in_jupyterlab(name, browser_page):
    lab, page = browser_page
    copy = WORK / "notebooks" / f"{name}.ipynb"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "notebooks" / f"{name}.ipynb", copy)
    student = nbformat.read(copy, as_version=4)
    solution = {c.id: c.source for c in
                nbformat.read(ROOT / "solutions" / f"{name}.ipynb", as_version=4).cells}
    mistakes = MISTAKES.get(name, [])
    used = set()
    start = time.perf_counter()
    open_notebook(page, lab, copy.relative_to(ROOT).as_posix(), workspace=f"walk-{name}")
    nb = Lab(page)
    assert nb.count() == len(student.cells)
    done, shot = 0, False
    for first, check in _groups(student, solution):
        nb.run(done, first - 1)  # the narrative cells before the exercise
        right = {k: _typed(solution[student.cells[k].id]) for k in range(first, check)
                 if course.BEGIN in solution.get(student.cells[k].id, "")}
        wrong = _sabotaged(right, mistakes)
        if wrong is not None:
            used |= {old for old, _ in mistakes if any(old in s for s in right.values())}
            said = nb.answer(wrong, first, check)
            assert "HINT" in said and "✓" not in said, f"{name} cell {check}: {said!r}"
            if not shot:
                nb.show(check)
                page.screenshot(path=str(SHOTS / "walkthrough" / f"{name}-hint.png"))
                shot = True
        said = nb.answer(right, first, check)
        assert "✓" in said and "HINT" not in said, f"{name} cell {check}: {said!r}"
        done = check + 1
    nb.run(done, nb.count() - 1)
    assert not nb.errors(0, nb.count() - 1)
    assert used == {old for old, _ in mistakes}, f"{name}: mistakes never applied"
    seconds = time.perf_counter() - start
    page.screenshot(path=str(SHOTS / "walkthrough" / f"{name}-end.png"))
    times = WORK / "times.json"
    record = json.loads(times.read_text()) if times.exists() else {}
    times.write_text(json.dumps({**record, name: round(seconds, 1)}, indent=1))
    page.evaluate("async () => await window.jupyterapp.shell.currentWidget.sessionContext"
                  ".shutdown()")  # the next notebook opens in a workspace of its own
