"""The plan explorer in a real browser: JupyterLab + Debian's Chromium, driven by Playwright.

Starts JupyterLab on 127.0.0.1 (token, temporary settings), opens :data:`NOTEBOOK`, runs its
cells one by one until the explorer is on screen, changes one zone's school in its dropdown and
checks that the displayed EWD, Range#ED and feasibility become the values ``plans.evaluate``
gives for the plan the dropdowns now show. A screenshot is saved to :data:`SHOTS`.

Skips (with the reason) when Playwright or ``/usr/bin/chromium`` is missing, or the notebook is
not in this checkout. ``python3 tasks.py browser-test`` installs both and runs only this test.
"""

from __future__ import annotations

import pytest

from orville_case.zoning.data import load_district
from orville_case.zoning.explorer import zone_slug
from orville_case.zoning.plans import evaluate

from .lab import KERNEL_IDLE, ROOT, SHOTS, lab_server, launch, open_notebook, playwright_api, wait

NOTEBOOK = "notebooks/02_range_ed.ipynb"  # the student notebook that shows the PlanExplorer
if not (ROOT / NOTEBOOK).exists():
    pytest.skip(f"{NOTEBOOK} is not in this checkout", allow_module_level=True)
CELL_COUNT = "() => window.jupyterapp.shell.currentWidget.content.widgets.length"


def _metrics(explorer) -> tuple[float, float, bool]:
    ewd = explorer.locator("span.orville-ewd").first.get_attribute("data-value")
    rng = explorer.locator("span.orville-range-ed").first.get_attribute("data-value")
    ok = explorer.locator("span.orville-feasible").first.get_attribute("data-value")
    return float(ewd), float(rng), ok == "true"


def _shown_plan(explorer, zones) -> dict[str, str]:
    return {z: explorer.locator(f".orville-zone-{zone_slug(z)} select").first.evaluate(
        "s => s.selectedOptions[0].textContent") for z in zones}


def _run_until_explorer(page):
    """Run cells one at a time (an exercise cell may raise) until the explorer is displayed."""
    explorer = page.locator(".orville-explorer").first
    for _ in range(page.evaluate(CELL_COUNT)):
        page.evaluate("() => window.jupyterapp.commands.execute("
                      "'notebook:run-cell-and-select-next')")
        page.wait_for_timeout(300)
        wait(page, KERNEL_IDLE, "the kernel to finish a cell")
        if explorer.count() and explorer.locator("span.orville-ewd").count():
            return explorer
    raise AssertionError(f"no .orville-explorer appeared after running every cell of {NOTEBOOK}")


def test_changing_a_zone_updates_the_metrics_in_the_browser():
    district = load_district()
    SHOTS.mkdir(parents=True, exist_ok=True)
    with lab_server() as lab, playwright_api.sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        try:
            open_notebook(page, lab, NOTEBOOK)
            explorer = _run_until_explorer(page)
            explorer.scroll_into_view_if_needed()

            before_plan = _shown_plan(explorer, district.zones)
            before = _metrics(explorer)
            want = evaluate(district, before_plan)
            assert before == (pytest.approx(want.ewd), want.range_ed, want.feasible)

            # move the first zone whose change alters both metrics to another school
            zone, school = next((z, s) for z in district.zones for s in district.schools
                                if s != before_plan[z]
                                and _changes_both(district, before_plan, z, s))
            explorer.locator(f".orville-zone-{zone_slug(zone)} select").first.select_option(
                label=school)
            after_plan = {**before_plan, zone: school}
            want = evaluate(district, after_plan)
            # the panel's HTML is replaced on every change: wait on a locator, not an element
            playwright_api.expect(explorer.locator("span.orville-range-ed").first) \
                .to_have_attribute("data-value", repr(want.range_ed), timeout=30_000)
            assert _shown_plan(explorer, district.zones) == after_plan
            assert _metrics(explorer) == (pytest.approx(want.ewd), want.range_ed, want.feasible)
            assert explorer.locator("li.orville-violation").count() == len(want.violations)
            wait(page, KERNEL_IDLE, "the figures to be redrawn")  # then the shot is consistent
            page.wait_for_timeout(500)
            explorer.screenshot(path=str(SHOTS / "explorer.png"))
            page.screenshot(path=str(SHOTS / "lab.png"))
        finally:
            browser.close()


def _changes_both(district, plan, zone, school) -> bool:
    a, b = evaluate(district, plan), evaluate(district, {**plan, zone: school})
    return a.ewd != b.ewd and a.range_ed != b.range_ed
