"""Shared pieces of the real-browser tests: JupyterLab (benchmarks/labserver.py) + Debian's
Chromium driven by Playwright. Importing this module skips the calling test module, with the
reason, when Playwright or Chromium is missing."""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
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

sys.path.insert(0, str(ROOT / "benchmarks"))
from labserver import LabServer, jupyter_lab  # noqa: E402

KERNEL_IDLE = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle' && ![...document.querySelectorAll('.jp-InputPrompt')]
    .some(p => p.textContent.includes('*'));
}"""


def wait(page, js: str, what: str, timeout: float = CELL_TIMEOUT) -> None:
    """Poll the page until ``js`` is truthy; fail with ``what`` after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if page.evaluate(js):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"timed out waiting for {what}")


def lab_server() -> LabServer:
    """A JupyterLab on the repository root with ``window.jupyterapp`` exposed to scripts."""
    return LabServer(ROOT, jupyter_lab(sys.executable), expose_app=True)


def launch(pw):
    """Debian's Chromium, headless, through Playwright (never a downloaded browser)."""
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def open_notebook(page, lab: LabServer, path: str, workspace: str | None = None) -> None:
    """Open ``path`` (relative to the repository) in JupyterLab and wait until it is the current
    tab, its cells are shown and its kernel is idle. A new ``workspace`` name opens it alone
    (no tabs restored from earlier pages)."""
    where = f"lab/workspaces/{workspace}/tree/{path}" if workspace else f"lab/tree/{path}"
    page.goto(lab.url(where), wait_until="domcontentloaded")
    wait(page, f"""() => {{
        const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        return !!(w && w.context && w.context.path === {json.dumps(path)}
                  && w.content && w.content.widgets && w.content.widgets.length); }}""",
         f"JupyterLab to show {path}", 90)
    wait(page, KERNEL_IDLE, "the kernel to start")
