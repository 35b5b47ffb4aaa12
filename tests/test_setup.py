"""Set-up on every platform: Windows clones keep the data's bytes, tasks.py installs with uv or pip,
and the lessons' set-up cell acts only where the kit is missing."""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("kit_tasks", ROOT / "tasks.py")
tasks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tasks)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
KEPT_BYTE_FOR_BYTE = ("datasets/", "notebooks/", "lessons/", "tests/reference/")


def git(*args, cwd=ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True).stdout.decode()


@pytest.fixture(scope="module")
def windows_clone(tmp_path_factory) -> Path:
    """A clone made as Git for Windows makes it (core.autocrlf=true), of this checkout's last commit."""
    if shutil.which("git") is None or subprocess.run(["git", "rev-parse"], cwd=ROOT, capture_output=True).returncode:
        pytest.skip("needs git and a git checkout of the kit (a copy without .git cannot be cloned)")
    clone = tmp_path_factory.mktemp("windows") / "kit"
    git("-c", "core.autocrlf=true", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone))
    return clone


def test_a_windows_clone_keeps_every_data_notebook_and_reference_byte(windows_clone):
    tracked = [p for p in git("ls-files", "-z", cwd=windows_clone).split("\0") if p.startswith(KEPT_BYTE_FOR_BYTE)]
    assert any(p.endswith("article.txt") for p in tracked) and any(p.endswith(".ipynb") for p in tracked)
    for path in tracked:
        committed = subprocess.run(["git", "cat-file", "blob", f"HEAD:{path}"], cwd=windows_clone,
                                   check=True, capture_output=True).stdout
        assert (windows_clone / path).read_bytes() == committed, f"{path} changed in a Windows-style clone"


def validate(folder: Path) -> subprocess.CompletedProcess:
    """`python -m helpers validate` run in a copy of the kit, with that copy's helpers, on its datasets/."""
    return subprocess.run([sys.executable, "-m", "helpers", "validate"], cwd=folder, capture_output=True, text=True)


def test_without_gitattributes_the_same_clone_would_get_crlf_and_fail(windows_clone):
    """The simulation is real: with the attributes unset, autocrlf turns the article's LF into CRLF."""
    unset = windows_clone / ".git" / "info" / "attributes"  # overrides .gitattributes in this clone only
    unset.parent.mkdir(exist_ok=True)
    article = windows_clone / "datasets" / "article.txt"
    try:
        unset.write_text("* !text !eol\n")
        article.unlink()
        git("-c", "core.autocrlf=true", "checkout", "--", "datasets/article.txt", cwd=windows_clone)
        assert b"\r\n" in article.read_bytes()
        assert validate(windows_clone).returncode == 1
    finally:
        unset.unlink()
        article.unlink()
        git("checkout", "--", "datasets/article.txt", cwd=windows_clone)


def test_a_windows_clone_validates_clean(windows_clone):
    result = validate(windows_clone)
    assert result.returncode == 0 and result.stdout.startswith("OK"), result.stdout + result.stderr


def test_environments_are_found_where_each_platform_puts_them():
    assert tasks.python_in(Path("env"), "nt") == Path("env") / "Scripts" / "python.exe"
    assert tasks.python_in(Path("env"), "posix") == Path("env") / "bin" / "python"


def test_when_uv_fails_pip_installs_instead(tmp_path, monkeypatch, capsys):
    """uv runs but fails: what it left is removed and pip makes the environment. (A real pip run of the
    same fallback is in tests/test_platforms.py: it takes seconds, so `python3 tasks.py platforms` runs it.)"""
    calls = []
    monkeypatch.setattr(tasks, "find_uv", lambda: ["uv"])
    monkeypatch.setattr(tasks, "run", lambda command, **kwargs: calls.append([str(c) for c in command]) or command[0] != "uv")
    monkeypatch.setattr(tasks.venv, "create", lambda env, with_pip: calls.append(["venv", str(env), with_pip]))
    env = tmp_path / "env"
    env.mkdir()
    (env / "left-by-uv").write_text("")
    tasks.install(env, ["kit"], ["-c", "pins.txt"])
    assert [c[0] for c in calls] == ["uv", "venv", str(tasks.python_in(env))]
    assert calls[1] == ["venv", str(env), True] and calls[2][-3:] == ["-c", "pins.txt", "kit"]
    assert not (env / "left-by-uv").exists()
    out = capsys.readouterr().out
    assert "Creating env with uv" in out and "pip will install the kit instead" in out and "env is ready" in out and "with pip" in out


def test_set_up_stores_bytecode_even_where_python_is_told_not_to(monkeypatch):
    """The test environments are compiled at install; the lessons' one imports what a kernel and JupyterLab
    use, in the background, with bytecode writing allowed (PYTHONDONTWRITEBYTECODE would otherwise make
    every kernel compile pandas and matplotlib again)."""
    commands, started = [], []
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setattr(tasks, "find_uv", lambda: ["uv"])
    monkeypatch.setattr(tasks, "run", lambda command, **kwargs: commands.append([str(c) for c in command]) or True)
    monkeypatch.setattr(tasks.subprocess, "Popen", lambda command, **kwargs: started.append((command, kwargs)))
    tasks.install(Path("env"), ["kit"], [], compile_all=True)
    assert "--compile-bytecode" in commands[-1]
    tasks.install(Path("env"), ["kit"], [])
    assert "--compile-bytecode" not in commands[-1]
    tasks.warm_up(Path("env"))
    (command, kwargs), = started
    assert command[0] == str(tasks.python_in(Path("env"))) and "PYTHONDONTWRITEBYTECODE" not in kwargs["env"]
    assert command[-1] == str(Path("env") / tasks.WARMED), "it says when it has finished"
    assert kwargs.get("start_new_session") or kwargs.get("creationflags"), "Ctrl+C on tasks.py must not stop it half-way"
    for name in ("ipykernel.kernelapp", "matplotlib_inline.backend_inline", "pandas", "jupyterlab.labapp", "savefig", "debugpy"):
        assert name in command[2]
    assert tasks.COMPILED_AT_INSTALL == {"test", "browser", "mutate"} and set(tasks.ENVS) - tasks.COMPILED_AT_INSTALL == {"lab"}


def test_an_unfinished_warm_up_is_started_again_and_a_finished_one_is_not(tmp_path, monkeypatch):
    env = tmp_path / ".venv"
    tasks.python_in(env).parent.mkdir(parents=True)
    tasks.python_in(env).write_text("")
    wanted = tasks.hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in ("pyproject.toml", "constraints.txt"))).hexdigest()
    (env / "kit-installed.txt").write_text(wanted)  # installed already: nothing to install
    started = []
    monkeypatch.setattr(tasks, "ENVS", {**tasks.ENVS, "lab": env})
    monkeypatch.setattr(tasks, "install", lambda *a, **k: pytest.fail("installed again"))
    monkeypatch.setattr(tasks, "warm_up", started.append)
    tasks.ensure("lab")
    assert started == [env]
    (env / tasks.WARMED).write_text("done")
    tasks.ensure("lab")
    assert started == [env]


def test_the_warm_up_really_stores_bytecode_and_says_so(tmp_path):
    """Run the warm-up's own code in this Python, on a stand-in module, with PYTHONDONTWRITEBYTECODE set in
    the parent: the stand-in's bytecode is written, and the finished-marker too."""
    package = tmp_path / "standin"
    package.mkdir()
    (package / "krippendorff.py").write_text("VALUE = 1\n")  # one of the names the warm-up imports
    marker = tmp_path / tasks.WARMED
    writes = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env = {**writes, "MPLBACKEND": "Agg", "PYTHONPATH": str(package)}
    subprocess.run([sys.executable, "-c", tasks.WARM_UP, str(marker)], env=env, check=True, cwd=tmp_path)
    assert marker.exists()
    assert os.path.exists(importlib.util.cache_from_source(str(package / "krippendorff.py")))


def test_this_environment_holds_the_bytecode_a_lessons_kernel_needs():
    """In an environment tasks.py made, a kernel finds pandas', matplotlib's and ipykernel's modules
    compiled already, the PNG writer included."""
    if not (Path(sys.prefix) / "kit-installed.txt").exists():
        pytest.skip("this environment was not made by tasks.py")
    names = ("pandas.core.frame", "matplotlib.figure", "matplotlib.backends.backend_agg", "PIL.PngImagePlugin",
             "ipykernel.kernelapp", "IPython.core.interactiveshell", "matplotlib_inline.backend_inline")
    missing = [n for n in names if not os.path.exists(importlib.util.cache_from_source(importlib.util.find_spec(n).origin))]
    assert missing == []


def test_notebooks_carry_the_current_setup_cell():
    """sync-notebooks has nothing left to do: every lesson has the cell, made from pyproject's URL."""
    url = tasks.repository_url()
    assert url.startswith("https://") and url in tasks.setup_cell_source()
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert tasks.synced(json.loads(path.read_text(encoding="utf-8"))) == nb, f"run python3 tasks.py sync-notebooks"
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert "".join(code[0]["source"]) == tasks.setup_cell_source(), path.name
        assert code[0]["outputs"] == [], path.name


def test_lessons_are_the_notebooks_without_outputs():
    """lessons/, which every link opens, holds each lesson of notebooks/ with the same cells and no stored output,
    and the glossary; nothing else."""
    problems = tasks.lessons_out_of_step()
    assert problems == [], f"run python3 tasks.py sync-notebooks: {problems}"
    for path in sorted((ROOT / "lessons").glob("*.ipynb")):
        nb, reference = (json.loads(p.read_text(encoding="utf-8")) for p in (path, ROOT / "notebooks" / path.name))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code), path.name
        assert [{k: v for k, v in c.items() if k not in ("outputs", "execution_count")} for c in nb["cells"]] == \
            [{k: v for k, v in c.items() if k not in ("outputs", "execution_count")} for c in reference["cells"]]
        assert nb["metadata"] == reference["metadata"]
    assert (ROOT / "lessons" / "glossary.md").read_bytes() == (ROOT / "notebooks" / "glossary.md").read_bytes()


def small_kit(root: Path) -> Path:
    """notebooks/ with one lesson (a stored output) and the glossary, as sync-notebooks reads them."""
    (root / "notebooks").mkdir(parents=True)
    cell = {"cell_type": "code", "execution_count": 1, "id": "a", "metadata": {}, "source": ["print(1)"],
            "outputs": [{"name": "stdout", "output_type": "stream", "text": ["1\n"]}]}
    nb = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (root / "notebooks" / "01-x.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    (root / "notebooks" / "glossary.md").write_text("# Glossary\n", encoding="utf-8")
    return root


def test_a_lessons_folder_out_of_step_is_found(tmp_path):
    kit = small_kit(tmp_path)
    assert tasks.lessons_out_of_step(kit) == ["lessons/01-x.ipynb is missing", "lessons/glossary.md is missing"]
    (kit / "lessons").mkdir()
    for name, content in tasks.student_lessons(kit).items():
        (kit / "lessons" / name).write_bytes(content)
    assert tasks.lessons_out_of_step(kit) == []
    lesson = json.loads((kit / "lessons" / "01-x.ipynb").read_text(encoding="utf-8"))
    assert lesson["cells"][0]["outputs"] == [] and lesson["cells"][0]["execution_count"] is None
    assert (kit / "lessons" / "01-x.ipynb").read_bytes().endswith(b"}\n")
    stored = dict(lesson, cells=[dict(lesson["cells"][0], outputs=[{"name": "stdout", "output_type": "stream", "text": ["1\n"]}])])
    (kit / "lessons" / "01-x.ipynb").write_text(json.dumps(stored), encoding="utf-8")  # an output slipped in
    assert tasks.lessons_out_of_step(kit) == ["lessons/01-x.ipynb differs from notebooks/01-x.ipynb (outputs aside)"]
    (kit / "lessons" / "01-x.ipynb").write_bytes(tasks.student_lessons(kit)["01-x.ipynb"])
    (kit / "notebooks" / "01-x.ipynb").write_text((kit / "notebooks" / "01-x.ipynb").read_text().replace("print(1)", "print(2)"))
    assert tasks.lessons_out_of_step(kit) == ["lessons/01-x.ipynb differs from notebooks/01-x.ipynb (outputs aside)"]
    (kit / "lessons" / "02-gone.ipynb").write_text("{}")
    assert "lessons/02-gone.ipynb has no lesson in notebooks/" in tasks.lessons_out_of_step(kit)


def test_pytest_never_collects_the_output_free_copies(tmp_path):
    """Strict nbval runs on notebooks/ only: lessons/ and work/ have no outputs to compare."""
    kit = small_kit(tmp_path)
    shutil.copy(ROOT / "pyproject.toml", kit)
    for folder in ("lessons", "work"):
        (kit / folder).mkdir()
        shutil.copy(kit / "notebooks" / "01-x.ipynb", kit / folder)
    (kit / "tests").mkdir()
    for where in ([], ["."]):  # pytest as the README runs it (its testpaths), and on the whole folder
        done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-n", "0", *where], cwd=kit,
                              capture_output=True, text=True)
        collected = [line.split("::")[0] for line in done.stdout.splitlines() if "::" in line]
        assert collected and set(collected) == {"notebooks/01-x.ipynb"}, done.stdout + done.stderr


def test_the_repository_url_is_written_in_one_place():
    url = tasks.repository_url()
    tracked = [ROOT / p for p in git("ls-files").splitlines() if not p.endswith(".ipynb")] \
        if (ROOT / ".git").exists() else [ROOT / "pyproject.toml", ROOT / "README.md", ROOT / "tasks.py"]
    holding = [p.relative_to(ROOT).as_posix() for p in tracked if p.is_file() and url in p.read_text(encoding="utf-8", errors="replace")]
    assert holding == ["pyproject.toml"], holding


def run_setup_cell(cwd: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", tasks.setup_cell_source()], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **env})


@pytest.mark.parametrize("folder", ["notebooks", "lessons"])
def test_the_setup_cell_prints_nothing_where_the_kit_is_installed(folder):
    result = run_setup_cell(ROOT / folder)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize("folder", ["notebooks", "lessons"])
def test_an_installed_copy_without_its_data_gives_way_to_the_clone_beside_the_lesson(tmp_path, folder):
    """As after `pip install` of the kit from a git URL: helpers/ in site-packages, no datasets/ beside it."""
    fake = tmp_path / "site" / "helpers"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    code = tasks.setup_cell_source() + "\nimport helpers, helpers.data\nprint(helpers.data.DATASETS)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT / folder, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(tmp_path / "site")})
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{ROOT / 'datasets'}\n"


def test_a_lesson_alone_says_what_to_do(tmp_path):
    """A lesson away from the kit, in a Python without it: the interpreter this environment was made from."""
    import venv

    venv.create(tmp_path / "bare", with_pip=False)  # a Python with nothing installed: no kit, no pandas
    bare = tmp_path / "bare" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    assert subprocess.run([bare, "-I", "-c", "import helpers"], capture_output=True).returncode == 1
    result = subprocess.run([bare, "-I", "-c", tasks.setup_cell_source()], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert f"Open this lesson from the lessons/ folder of a copy of the kit: git clone {tasks.repository_url()}" in result.stderr


@pytest.mark.parametrize("folder", ["notebooks", "lessons"])
def test_a_lesson_away_from_the_kit_says_what_to_do(tmp_path, folder):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "lessons").mkdir()
    shutil.copy(ROOT / "notebooks" / "kit_setup.py", tmp_path / "notebooks")
    result = run_setup_cell(tmp_path / folder)
    assert result.returncode == 1
    assert "Open it from the lessons/ folder of a copy of the kit" in result.stderr


def test_class_links_open_the_output_free_lessons():
    from urllib.parse import parse_qs, unquote, urlsplit

    links = tasks.class_links("https://hub.example")
    url = tasks.repository_url()
    opened = []
    for link in links["nbgitpuller (school JupyterHub)"]:
        query = parse_qs(urlsplit(link).query)
        assert link.startswith("https://hub.example/hub/user-redirect/git-pull?")
        assert query["repo"] == [url] and query["branch"] == ["main"]
        folder, *path = query["urlpath"][0].split("/")[2:]  # lab/tree/<clone folder>/lessons/<lesson>
        assert folder == url.rsplit("/", 1)[-1]
        opened.append("/".join(path))
    for link in links["Colab"]:
        opened.append(link.split("/blob/main/")[1])
    for link in links["Binder"]:
        opened.append(unquote(urlsplit(link).query).removeprefix("urlpath=lab/tree/"))
    assert opened == [f"lessons/{p.name}" for p in NOTEBOOKS] * 3
    for path in opened:  # each a committed copy with no stored output
        nb = json.loads((ROOT / path).read_text(encoding="utf-8"))
        assert not [c for c in nb["cells"] if c.get("outputs") or c.get("execution_count")], path


def test_where_uv_cannot_be_fetched_pip_is_used(tmp_path, monkeypatch, capsys):
    attempts = []
    monkeypatch.setattr(tasks, "UV_HOME", tmp_path / "uv")
    monkeypatch.setattr(tasks.shutil, "which", lambda name: None)  # no uv on PATH
    monkeypatch.setattr(tasks, "run", lambda command, **kwargs: attempts.append(command) or False)  # pip fails
    monkeypatch.delenv("KIT_NO_UV", raising=False)
    assert tasks.find_uv() is None
    assert len(attempts) == 1 and f"uv=={tasks.UV_VERSION}" in attempts[0]
    assert "Could not fetch uv; pip will install the kit instead" in capsys.readouterr().out


# --- A calm start: `python3 tasks.py lab` -----------------------------------------------------------

def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_answers(port: int) -> bool:
    import socket

    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.platforms  # it sets up .venv, the lessons' environment: python3 tasks.py platforms runs it, in CI too
@pytest.mark.skipif(os.name == "nt", reason="SIGTERM and process groups are POSIX; tasks.py uses taskkill on Windows")
@pytest.mark.parametrize("stop", ["SIGTERM", "SIGINT"], ids=["kill", "ctrl-c"])
def test_lab_says_where_to_go_and_stopping_it_stops_jupyterlab(stop):
    """`python3 tasks.py lab` for real (setting up .venv first if it is missing): the last line it prints is
    the address, with its token, and how to stop; that address answers; then `kill` of tasks.py (SIGTERM),
    or Ctrl+C in its terminal (SIGINT to its process group), stops the server: its port closes and the
    process is gone. As root, the kit says in one sentence why JupyterLab needs --allow-root."""
    import psutil
    import re
    import signal
    import time
    import urllib.request

    port = free_port()
    python = getattr(sys, "_base_executable", sys.executable)  # the Python a teacher types `python3` for
    lab = subprocess.Popen([python, str(ROOT / "tasks.py"), "lab", "--teacher", "--no-browser", f"--port={port}",
                            "--ServerApp.port_retries=0"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, text=True, start_new_session=True)
    lines, server = [], None
    try:
        for line in lab.stdout:  # up to the address line (after a set-up, if .venv was missing)
            lines.append(line.rstrip("\n"))
            if "JupyterLab is ready" in line:
                break
        assert lines and "JupyterLab is ready" in lines[-1], "\n".join(lines)
        assert all(l.startswith("[kit] ") for l in lines), "one line per step, nothing of JupyterLab's own log"
        address = re.search(r"open (http://\S+) in your browser\. Press Ctrl\+C here to stop it\.$", lines[-1])[1]
        assert f":{port}/lab" in address and re.search(r"\?token=\w{20,}$", address), address
        with urllib.request.urlopen(address, timeout=30) as reply:
            assert reply.status == 200
        # JupyterLab itself, not the background warm-up (whose -c code names jupyterlab.labapp too)
        (server,) = [p for p in psutil.Process(lab.pid).children(recursive=True) if p.cmdline()[1:4] == ["-I", "-m", "jupyterlab"]]
        assert os.getpgid(server.pid) != os.getpgid(lab.pid), "Ctrl+C must reach tasks.py, not JupyterLab's own prompt"
        said = [l for l in lines if "--allow-root" in l]
        if os.geteuid() == 0:  # root: one sentence says why, and the flag is passed
            assert len(said) == 1 and "root" in said[0] and "because" in said[0] and "--allow-root" in server.cmdline()
        else:  # anyone else: neither
            assert not said and "--allow-root" not in server.cmdline()
        if stop == "SIGINT":
            os.killpg(lab.pid, signal.SIGINT)  # what Ctrl+C does: the terminal signals the foreground group
        else:
            lab.send_signal(signal.SIGTERM)
        rest = lab.communicate(timeout=60)[0]
        assert lab.returncode == 0, rest
        assert "Stopping JupyterLab" in rest and rest.rstrip().endswith("[kit] JupyterLab has stopped.")
        server.wait(timeout=10)
        assert not server.is_running()
        deadline = time.monotonic() + 10
        while port_answers(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not port_answers(port), f"port {port} still open after tasks.py stopped"
    finally:
        left = psutil.Process(lab.pid).children(recursive=True) if lab.poll() is None else []
        if lab.poll() is None:
            lab.kill()
        for process in [*left, *([server] if server is not None else [])]:
            if process.is_running() and process.cmdline()[1:4] == ["-I", "-m", "jupyterlab"]:
                process.kill()  # a failed test leaves no server behind


def test_lab_shows_the_last_lines_of_jupyterlabs_log_when_it_cannot_start(tmp_path, monkeypatch, capsys):
    """A server that stops before giving an address: tasks.py says so, with the log's last lines."""
    monkeypatch.setattr(tasks, "LAB_LOG", tmp_path / "jupyterlab.log")
    monkeypatch.setattr(tasks, "VERBOSE", False)
    failing = "import sys; print('starting'); print('OSError: [Errno 98] Address already in use'); sys.exit(3)"
    assert tasks.serve([sys.executable, "-c", failing, "--allow-root"]) == 3
    out = capsys.readouterr().out
    assert "JupyterLab stopped before it was ready (status 3)" in out
    assert out.rstrip().endswith("    OSError: [Errno 98] Address already in use") and "    starting" in out
    assert "its log" in out and str(tmp_path / "jupyterlab.log") in out


def test_quiet_set_up_keeps_the_installers_output_in_a_log_and_shows_it_on_failure(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(tasks, "SETUP_LOG", tmp_path / "setup.log")
    monkeypatch.setattr(tasks, "VERBOSE", False)
    assert tasks.run([sys.executable, "-c", "print('Resolved 96 packages')"])
    assert capsys.readouterr().out == ""
    assert not tasks.run([sys.executable, "-c", "import sys; print('no network'); sys.exit(2)"])
    out = capsys.readouterr().out
    assert "failed (status 2)" in out and "    no network" in out
    log = (tmp_path / "setup.log").read_text()
    assert "Resolved 96 packages" in log and "no network" in log and log.count("$ ") == 2
    monkeypatch.setattr(tasks, "VERBOSE", True)  # -v: the installers' output on the screen, as before
    assert tasks.run([sys.executable, "-c", "print('shown')"])


def test_lab_takes_v_for_the_full_log_and_passes_the_rest_to_jupyterlab(monkeypatch):
    served = []
    monkeypatch.setattr(tasks, "ensure", lambda name: Path("python"))
    monkeypatch.setattr(tasks, "serve", lambda command: served.append(command) or 0)
    monkeypatch.setattr(tasks, "VERBOSE", True)
    tasks.lab(["--teacher", "--no-browser"])
    assert tasks.VERBOSE is False and served[-1][:4] == ["python", "-I", "-m", "jupyterlab"] and "--no-browser" in served[-1]
    tasks.lab(["--teacher", "-v"])
    assert tasks.VERBOSE is True and "-v" not in served[-1] and "--teacher" not in served[-1]


def class_steps(tmp: Path) -> None:
    """Every step of the classroom commands, a teacher's article and the lessons' helpers that reads or writes
    text, on scratch copies under `tmp` (the kit's own files are only read). A step that catches errors itself
    (collect's one-line skips) is checked by its result."""
    import datetime
    import functools

    from helpers import article, checks, classroom, data, exercises, workbook, worksheets

    for res in checks.package()["resources"]:
        if res["path"].endswith(".csv"):
            data.load(res["name"])
    assert checks.check() == []
    exercises.check("1.1", "not the answer")
    folder = article.new_article(str(ROOT / "tests" / "articles" / "dev-clinic" / "article.txt"), "probe",
                                 articles=tmp / "articles", today=datetime.date(2026, 1, 2))
    workbook.decide("C01", folder)
    workbook.status(folder)
    assert article.check_folder(folder)[0] == []
    assert article.check_folder(article.haaretz_folder(tmp / "haaretz"))[0] == []
    made = article.new_article  # the command itself, writing under tmp instead of the kit's articles/
    article.new_article = functools.partial(made, articles=tmp / "articles", today=datetime.date(2026, 1, 2))
    try:
        assert article.main([str(ROOT / "tests" / "articles" / "dev-clinic" / "article.txt"), "--name", "by-command"]) == 0
    finally:
        article.new_article = made
    worksheets.build(out=tmp / "worksheets")
    copies = classroom.student_copies(work=tmp / "work")
    classroom.reset(copies[1].stem, work=tmp / "work")
    classroom.bundle(out=tmp / "bundle.zip")
    (tmp / "hand-in").mkdir()
    shutil.copy(ROOT / "notebooks" / copies[1].name, tmp / "hand-in" / "élève.ipynb")
    summary = classroom.collect(tmp / "hand-in", out=tmp / "summary", echo=lambda line: None)
    assert len(summary.results) == 1 and not summary.skipped, summary.skipped


def _called_from_the_kit(frame) -> bool:
    """Whether the code that asked for a text file is the kit's: the first caller outside pathlib and io."""
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] in ("pathlib", "io", "_pyio", "codecs"):
        frame = frame.f_back
    return frame is not None and frame.f_globals.get("__name__", "").split(".")[0] == "helpers"


def test_the_kit_names_the_encoding_of_every_text_file_it_reads_or_writes(tmp_path, monkeypatch):
    """On Windows a text file opened without an encoding is read and written in the machine's code page
    (cp1252, say), so an accent or a curly quote in the article, the data or a student's notebook turns to
    garbage or stops the command. Here every text file the kit's own code opens without naming its encoding
    stops the step (other libraries are left alone)."""
    import builtins
    import io

    real_open, real_text_encoding = builtins.open, io.text_encoding
    unnamed = []

    def strict_open(file, mode="r", buffering=-1, encoding=None, *args, **kwargs):
        if "b" not in mode and encoding is None and _called_from_the_kit(sys._getframe(1)):
            unnamed.append(str(file))
            raise AssertionError(f"{file} opened without an encoding")
        return real_open(file, mode, buffering, encoding, *args, **kwargs)

    def strict_text_encoding(encoding, stacklevel=2):  # what pathlib asks before it opens a text file
        if encoding is None and _called_from_the_kit(sys._getframe(1)):
            unnamed.append("a path's text")
            raise AssertionError("a path read or written as text without an encoding")
        return real_text_encoding(encoding, stacklevel)

    monkeypatch.setattr(builtins, "open", strict_open)
    monkeypatch.setattr(io, "open", strict_open)
    monkeypatch.setattr(io, "text_encoding", strict_text_encoding)
    class_steps(tmp_path)
    assert unnamed == []


def test_python_itself_finds_no_text_file_the_kit_opens_without_an_encoding(tmp_path):
    """The same steps in a Python started with -X warn_default_encoding, which warns wherever a text file is
    opened in the machine's encoding; the kit's modules make that warning an error."""
    probe = ("import sys, warnings; from pathlib import Path; "
             "warnings.filterwarnings('error', category=EncodingWarning, module=r'helpers(\\.|$)'); "
             "sys.path[:0] = [sys.argv[1], sys.argv[1] + '/tests']; import test_setup; "
             "test_setup.class_steps(Path(sys.argv[2])); print('every step named its encoding')")
    run = subprocess.run([sys.executable, "-X", "warn_default_encoding", "-c", probe, str(ROOT), str(tmp_path)],
                         capture_output=True, text=True, encoding="utf-8", timeout=600, cwd=tmp_path,
                         env={**os.environ, "MPLBACKEND": "Agg"})
    assert run.returncode == 0 and run.stdout.strip().endswith("every step named its encoding"), run.stderr[-3000:]
