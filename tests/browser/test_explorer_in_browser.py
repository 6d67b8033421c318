"""The plan explorer in a real browser: JupyterLab + Debian's Chromium, driven by Playwright.

Starts JupyterLab on 127.0.0.1 (token, temporary settings), opens :data:`NOTEBOOK`, runs its
cells one by one until the explorer is on screen, changes one zone's school in its dropdown and
checks that the displayed EWD, Range#ED and feasibility become the values ``plans.evaluate``
gives for the plan the dropdowns now show. A screenshot is saved to :data:`SHOTS`.

Skips (with the reason) when Playwright or ``/usr/bin/chromium`` is missing, or the notebook is
not in this checkout. ``python3 tasks.py browser-test`` installs both and runs only this test.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest

from orville_case.zoning.data import load_district
from orville_case.zoning.explorer import zone_slug
from orville_case.zoning.plans import evaluate

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = "notebooks/02_range_ed.ipynb"  # the student notebook that shows the PlanExplorer
SHOTS = ROOT / "build" / "browser-test"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
CELL_TIMEOUT = 120.0

playwright_api = pytest.importorskip("playwright.sync_api",
                                     reason="pip install -e '.[browser]' for the browser test")
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium not installed (apt-get install chromium)", allow_module_level=True)
if not (ROOT / NOTEBOOK).exists():
    pytest.skip(f"{NOTEBOOK} is not in this checkout", allow_module_level=True)

sys.path.insert(0, str(ROOT / "benchmarks"))
from labserver import LabServer, jupyter_lab  # noqa: E402

KERNEL_IDLE = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle' && ![...document.querySelectorAll('.jp-InputPrompt')]
    .some(p => p.textContent.includes('*'));
}"""
CELL_COUNT = "() => window.jupyterapp.shell.currentWidget.content.widgets.length"


def _metrics(explorer) -> tuple[float, float, bool]:
    ewd = explorer.locator("span.orville-ewd").first.get_attribute("data-value")
    rng = explorer.locator("span.orville-range-ed").first.get_attribute("data-value")
    ok = explorer.locator("span.orville-feasible").first.get_attribute("data-value")
    return float(ewd), float(rng), ok == "true"


def _shown_plan(explorer, zones) -> dict[str, str]:
    return {z: explorer.locator(f".orville-zone-{zone_slug(z)} select").first.evaluate(
        "s => s.selectedOptions[0].textContent") for z in zones}


def _wait(page, js: str, what: str, timeout: float = CELL_TIMEOUT) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if page.evaluate(js):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"timed out waiting for {what}")


def _run_until_explorer(page):
    """Run cells one at a time (an exercise cell may raise) until the explorer is displayed."""
    explorer = page.locator(".orville-explorer").first
    for _ in range(page.evaluate(CELL_COUNT)):
        page.evaluate("() => window.jupyterapp.commands.execute("
                      "'notebook:run-cell-and-select-next')")
        page.wait_for_timeout(300)
        _wait(page, KERNEL_IDLE, "the kernel to finish a cell")
        if explorer.count() and explorer.locator("span.orville-ewd").count():
            return explorer
    raise AssertionError(f"no .orville-explorer appeared after running every cell of {NOTEBOOK}")


def test_changing_a_zone_updates_the_metrics_in_the_browser():
    district = load_district()
    SHOTS.mkdir(parents=True, exist_ok=True)
    with LabServer(ROOT, jupyter_lab(sys.executable), expose_app=True) as lab, \
            playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        try:
            page.goto(lab.url(f"lab/tree/{NOTEBOOK}"), wait_until="domcontentloaded")
            page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell"
                                   " && window.jupyterapp.shell.currentWidget"
                                   " && window.jupyterapp.shell.currentWidget.content",
                                   timeout=90_000)
            _wait(page, KERNEL_IDLE, "the kernel to start")
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
            _wait(page, KERNEL_IDLE, "the figures to be redrawn")  # then the shot is consistent
            page.wait_for_timeout(500)
            explorer.screenshot(path=str(SHOTS / "explorer.png"))
            page.screenshot(path=str(SHOTS / "lab.png"))
        finally:
            browser.close()


def _changes_both(district, plan, zone, school) -> bool:
    a, b = evaluate(district, plan), evaluate(district, {**plan, zone: school})
    return a.ewd != b.ewd and a.range_ed != b.range_ed
