"""Opening, saving and closing a student notebook in JupyterLab leaves the file unchanged.

A kernel that starts fills in its own metadata (display name, Python's patch version), which marks
the notebook modified; the course's pre-save hook (:func:`orville_case.course.pre_save_hook`,
a server extension the package installs) writes the shipped values back. So after JupyterLab
saves, the file is byte-identical and ``git status`` stays clean (no conflict on ``git pull``).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .lab import ROOT, lab_server, launch, open_notebook, playwright_api

DIRTY = "() => window.jupyterapp.shell.currentWidget.context.model.dirty"
NOTEBOOKS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("*.ipynb"))


def _git_clean(path: str) -> bool | None:
    """True/False when ``path`` is tracked and unmodified/modified in git; None without git."""
    try:
        out = subprocess.run(["git", "status", "--porcelain", "--", path], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.strip() == ""


def test_open_save_close_leaves_every_student_notebook_unchanged():
    before = {nb: (ROOT / nb).read_bytes() for nb in NOTEBOOKS}
    clean_before = {nb: _git_clean(nb) for nb in NOTEBOOKS}
    with lab_server() as lab, playwright_api.sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        try:
            for nb in NOTEBOOKS:
                open_notebook(page, lab, nb)
                page.wait_for_timeout(1000)  # the kernel's metadata arrives after 'idle'
                for _ in range(10):  # the kernel's metadata may arrive after a save: save again
                    page.evaluate("async () => await window.jupyterapp.commands"
                                  ".execute('docmanager:save')")
                    page.wait_for_timeout(500)
                    if not page.evaluate(DIRTY):
                        break
                assert not page.evaluate(DIRTY), f"{nb} still modified after saving"
                page.evaluate("async () => await window.jupyterapp.commands"
                              ".execute('application:close')")
        finally:
            browser.close()
    changed = [nb for nb in NOTEBOOKS if (ROOT / nb).read_bytes() != before[nb]]
    for nb in changed:  # leave the checkout as it was
        Path(ROOT / nb).write_bytes(before[nb])
    assert not changed, f"JupyterLab's save changed {changed}"
    dirty = [nb for nb in NOTEBOOKS if clean_before[nb] and not _git_clean(nb)]
    assert not dirty, f"git status not clean after opening {dirty}"
