"""Start a headless JupyterLab on 127.0.0.1, probe it, stop it (for the browser test and the
fresh-install check). Standard library only, so it also runs before anything is installed.

    with LabServer(root=".", launcher=jupyter_lab(".venv/bin/python")) as lab:
        lab.url("lab/tree/notebooks/00_welcome.ipynb")   # with ?token=...

``launcher`` is the command that starts JupyterLab, before the server options (which are
appended): ``jupyter_lab(python)`` or the README's ``["python3", "tasks.py", "lab"]``.

The server gets a random token, a free port, and temporary settings / workspaces / runtime
folders (so nothing from the user's own JupyterLab leaks in, and news / update checks are off).
``--allow-root`` is added when running as root (containers, CI).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

# JupyterLab asks about news and update checks on a fresh settings folder: answer "no" up front.
QUIET_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jupyter_lab(python: str | Path) -> list[str]:
    """``python -m jupyter lab`` plus ``--allow-root`` when the effective user is root."""
    root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return [str(python), "-m", "jupyter", "lab", *root]


class LabServer:
    """A JupyterLab server process; use as a context manager (stopped on exit)."""

    def __init__(self, root: str | Path, launcher: list[str], *, timeout: float = 120.0,
                 expose_app: bool = False):
        self.root, self.launcher, self.timeout = Path(root), list(launcher), timeout
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.expose_app = expose_app
        self.startup_seconds: float | None = None
        self._tmp = Path(tempfile.mkdtemp(prefix="orville-lab-"))
        self._proc: subprocess.Popen | None = None
        self.log = self._tmp / "server.log"

    def url(self, path: str = "") -> str:
        """``http://127.0.0.1:PORT/PATH?token=TOKEN``."""
        sep = "&" if "?" in path else "?"
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}{sep}token={self.token}"

    def _env(self) -> dict[str, str]:
        settings = self._tmp / "settings"
        for name, values in QUIET_SETTINGS.items():
            plugin, file = name.rsplit("/", 1)
            (settings / plugin).mkdir(parents=True, exist_ok=True)
            (settings / plugin / file).write_text(json.dumps(values))
        env = dict(os.environ)
        env.update(JUPYTERLAB_SETTINGS_DIR=str(settings),
                   JUPYTERLAB_WORKSPACES_DIR=str(self._tmp / "workspaces"),
                   JUPYTER_RUNTIME_DIR=str(self._tmp / "runtime"),
                   JUPYTER_CONFIG_DIR=str(self._tmp / "config"))
        return env

    def start(self) -> LabServer:
        """Start the server and wait until ``/api/status`` answers (raises on timeout).

        ``startup_seconds`` is then the time from launch to the first answer."""
        args = ["--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
                f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
                "--LabApp.news_url=None", "--ServerApp.port_retries=0"]
        if self.expose_app:
            args.append("--LabApp.expose_app_in_browser=True")
        start = time.perf_counter()
        with open(self.log, "wb") as log:
            self._proc = subprocess.Popen([*self.launcher, *args], cwd=self.root,
                                          env=self._env(), stdout=log, stderr=subprocess.STDOUT,
                                          start_new_session=True)
        while time.perf_counter() - start < self.timeout:
            if self._proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self._proc.returncode}:\n"
                                   + self.log.read_text()[-2000:])
            if self.status() is not None:
                self.startup_seconds = time.perf_counter() - start
                return self
            time.sleep(0.25)
        self.stop()
        raise TimeoutError(f"JupyterLab did not answer within {self.timeout:.0f} s")

    def status(self) -> dict | None:
        """The JSON of ``GET /api/status``, or None while the server does not answer."""
        try:
            with urllib.request.urlopen(self.url("api/status"), timeout=2) as r:
                return json.loads(r.read())
        except (urllib.error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError):
            return None

    def stop(self) -> None:
        """Stop the server (SIGTERM to its process group, then SIGKILL) and remove temp files."""
        if self._proc is not None and self._proc.poll() is None:
            os.killpg(self._proc.pid, 15)
            try:
                self._proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self._proc.pid, 9)
                self._proc.wait()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> LabServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
