"""The lessons as students meet them: in JupyterLab, in a real browser. Run with `python3 tasks.py browser`
(`python3 tasks.py ci` does under CI, after installing Debian's chromium when it is missing).

JupyterLab starts on a free localhost port with a token, serving a copy of the kit (so nothing is saved
into the repository). Headless Chromium, driven by Playwright through `executable_path` (no browser is
downloaded), opens each lesson, restarts the kernel and runs all cells. The test then checks, in the
notebook that JupyterLab holds, that every code cell ran in order, that no output is an error and that
the set-up cell printed nothing; and, in the page, that every chart is an image the browser decoded.
It saves a screenshot of each lesson, and of each chart, into its temporary folder.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser
CHROMIUM = os.environ.get("KIT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))

STATE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.content.model) return null;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = [];
  for (const cell of panel.content.model.cells) {
    if (cell.type !== 'code') continue;
    const outputs = [];
    for (let i = 0; i < cell.outputs.length; i++) {
      const o = cell.outputs.get(i);
      outputs.push({type: o.type, mimes: Object.keys(o.data || {}), text: JSON.stringify(o.data || {})});
    }
    cells.push({count: cell.executionCount, outputs});
  }
  const images = [...panel.node.querySelectorAll('.jp-OutputArea-output img')];
  return {path: panel.context.path, status: kernel ? kernel.status : 'none', cells,
          images: images.length, decoded: images.filter(i => i.complete && i.naturalWidth > 0).length};
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab serving a copy of the kit; yields (url, token, folder for screenshots)."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        why = "Playwright is not installed here: run this test with `python3 tasks.py browser`"
        pytest.fail(why) if os.environ.get("CI") else pytest.skip(why)
    if not Path(CHROMIUM).exists():
        why = f"no Chromium at {CHROMIUM}: on Debian or Ubuntu, apt-get install chromium (`python3 tasks.py ci` does under CI)"
        if os.environ.get("CI"):  # in CI the browser test must run, never pass by skipping
            pytest.fail(why)
        pytest.skip(why)
    tmp = tmp_path_factory.mktemp("browser")
    kit = tmp / "kit"
    for part in ("notebooks", "helpers", "datasets"):
        shutil.copytree(ROOT / part, kit / part, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", kit)
    settings = tmp / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))  # every cell in the page
    (tmp / "settings" / "@jupyterlab" / "apputils-extension").mkdir()
    (tmp / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))  # no network, no pop-up
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"), "JUPYTER_CONFIG_DIR": str(tmp / "config"),
           "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"), "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces")}
    log = open(tmp / "jupyterlab.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
                               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
                               f"--ServerApp.root_dir={kit}", "--LabApp.expose_app_in_browser=True",
                               *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, (tmp / "jupyterlab.log").read_text()
                time.sleep(0.2)
        yield url, token, tmp
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()


@pytest.fixture(scope="module")
def page(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()


def wait_for(page, condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = page.evaluate(STATE)
        if state and condition(state):
            return state
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}; last state: {json.dumps(page.evaluate(STATE))[:2000]}")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_runs_all_in_jupyterlab(lab, page, lesson):
    url, token, tmp = lab
    page.goto(f"{url}/lab/tree/notebooks/{lesson.name}?token={token}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget", timeout=60_000)
    wait_for(page, lambda s: s["path"] == f"notebooks/{lesson.name}" and s["status"] == "idle", 90, "the kernel")
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:restart-run-all'); }")
    page.click(".jp-Dialog .jp-mod-accept", timeout=30_000)  # "Restart" in JupyterLab's confirmation dialog
    code_cells = len([c for c in json.loads(lesson.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"])
    state = wait_for(page, lambda s: s["status"] == "idle" and [c["count"] for c in s["cells"]] == list(range(1, code_cells + 1)),
                     300, "every cell to run")
    page.wait_for_timeout(500)  # let the last images decode
    state = page.evaluate(STATE)
    page.screenshot(path=str(tmp / f"{lesson.stem}.png"))
    shown = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img")
    for i in range(shown.count()):  # each chart as the student sees it
        shown.nth(i).scroll_into_view_if_needed()
        shown.nth(i).screenshot(path=str(tmp / f"{lesson.stem}-chart-{i + 1}.png"))
    errors = [o["text"][:300] for c in state["cells"] for o in c["outputs"] if o["type"] == "error"]
    assert not errors, errors
    assert state["cells"][0]["outputs"] == [], "the set-up cell prints nothing where the kit is installed"
    charts = sum("image/png" in o["mimes"] for c in state["cells"] for o in c["outputs"])
    stored = json.loads(lesson.read_text(encoding="utf-8"))
    # as many charts as the stored lesson has (the start-here page has none)
    assert charts == sum("image/png" in o.get("data", {}) for c in stored["cells"] for o in c.get("outputs", []))
    assert state["images"] == state["decoded"] == charts, "every chart is shown as an image the browser decoded"
