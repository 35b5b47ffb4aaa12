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
KEPT_BYTE_FOR_BYTE = ("datasets/", "notebooks/", "tests/reference/")


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


def test_the_repository_url_is_written_in_one_place():
    url = tasks.repository_url()
    tracked = [ROOT / p for p in git("ls-files").splitlines() if not p.endswith(".ipynb")] \
        if (ROOT / ".git").exists() else [ROOT / "pyproject.toml", ROOT / "README.md", ROOT / "tasks.py"]
    holding = [p.relative_to(ROOT).as_posix() for p in tracked if p.is_file() and url in p.read_text(encoding="utf-8", errors="replace")]
    assert holding == ["pyproject.toml"], holding


def run_setup_cell(cwd: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", tasks.setup_cell_source()], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **env})


def test_the_setup_cell_prints_nothing_where_the_kit_is_installed():
    result = run_setup_cell(ROOT / "notebooks")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_an_installed_copy_without_its_data_gives_way_to_the_clone_beside_the_lesson(tmp_path):
    """As after `pip install` of the kit from a git URL: helpers/ in site-packages, no datasets/ beside it."""
    fake = tmp_path / "site" / "helpers"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    code = tasks.setup_cell_source() + "\nimport helpers, helpers.data\nprint(helpers.data.DATASETS)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "notebooks", capture_output=True, text=True,
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
    assert f"Open this lesson from the notebooks/ folder of a copy of the kit: git clone {tasks.repository_url()}" in result.stderr


def test_a_lesson_away_from_the_kit_says_what_to_do(tmp_path):
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "kit_setup.py", tmp_path / "notebooks")
    result = run_setup_cell(tmp_path / "notebooks")
    assert result.returncode == 1
    assert "Open it from the notebooks/ folder of a copy of the kit" in result.stderr


def test_class_links_open_lessons_that_exist():
    from urllib.parse import parse_qs, unquote, urlsplit

    links = tasks.class_links("https://hub.example")
    url = tasks.repository_url()
    lessons = {p.name for p in NOTEBOOKS}
    for link in links["nbgitpuller (school JupyterHub)"]:
        query = parse_qs(urlsplit(link).query)
        assert link.startswith("https://hub.example/hub/user-redirect/git-pull?")
        assert query["repo"] == [url] and query["branch"] == ["main"]
        folder, notebooks, name = query["urlpath"][0].split("/")[2:]  # lab/tree/<clone folder>/notebooks/<lesson>
        assert (folder, notebooks) == (url.rsplit("/", 1)[-1], "notebooks") and name in lessons
    for link in links["Colab"]:
        assert link.split("/blob/main/")[1].split("/")[0] == "notebooks" and link.rsplit("/", 1)[1] in lessons
    for link in links["Binder"]:
        assert unquote(urlsplit(link).query).removeprefix("urlpath=lab/tree/notebooks/") in lessons
    assert [len(v) for v in links.values()] == [len(lessons)] * 3


def test_where_uv_cannot_be_fetched_pip_is_used(tmp_path, monkeypatch, capsys):
    attempts = []
    monkeypatch.setattr(tasks, "UV_HOME", tmp_path / "uv")
    monkeypatch.setattr(tasks.shutil, "which", lambda name: None)  # no uv on PATH
    monkeypatch.setattr(tasks, "run", lambda command, **kwargs: attempts.append(command) or False)  # pip fails
    monkeypatch.delenv("KIT_NO_UV", raising=False)
    assert tasks.find_uv() is None
    assert len(attempts) == 1 and f"uv=={tasks.UV_VERSION}" in attempts[0]
    assert "Could not fetch uv; pip will install the kit instead" in capsys.readouterr().out
