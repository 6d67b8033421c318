"""The course website (``python3 tasks.py site`` → build/site/) in a real browser: the home page
links every student notebook, a notebook page shows its narrative, math and figures."""

from __future__ import annotations

import pytest

from .lab import ROOT, SHOTS, launch, playwright_api

SITE = ROOT / "build" / "site"
if not (SITE / "index.html").exists():
    pytest.skip("no website built (python3 tasks.py site; CI builds it first)",
                allow_module_level=True)


def test_home_page_links_every_notebook_and_a_page_shows_figures():
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        try:
            page.goto((SITE / "index.html").as_uri())
            hrefs = page.eval_on_selector_all("article a", "as => as.map(a => a.href)")
            for stem in notebooks:
                assert any(h.endswith(f"notebooks/{stem}.html") for h in hrefs), stem
            page.screenshot(path=str(SHOTS / "site-index.png"))
            page.goto((SITE / "notebooks" / "01_ewd_model.html").as_uri())
            assert page.locator("h1").first.inner_text().startswith("01")
            assert page.locator("article img").count() >= 2  # the map and at least one chart
            assert page.locator("mjx-container, .math").count() > 0  # the model's LaTeX
            page.screenshot(path=str(SHOTS / "site-01.png"), full_page=False)
        finally:
            browser.close()
