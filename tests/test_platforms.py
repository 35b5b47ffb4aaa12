"""Where schools run notebooks, simulated here: a school JupyterHub (nbgitpuller), Colab, Binder, and a
`pip install` of the kit, the student bundle, and tasks.py falling back to pip. Run with `python3 tasks.py platforms` (.ci/run does).

Each simulation builds a bare environment holding only that platform's packages (with uv, from the
Pythons installed here), lays the kit out as that platform does, opens each lesson where the platform's
link opens it (the output-free copies in lessons/), starts its kernel where the platform starts it, and
runs every cell. What cannot be simulated here: the real services and their
URLs (the machine has no network but package registries), conda itself (repo2docker's build of
environment.yml is stood in for by the same packages and bounds from PyPI at its exact Python pin).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

import matrix

pytestmark = pytest.mark.platforms
tasks = matrix.tasks
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
JUPYTER = ["ipykernel", "nbclient", "nbformat"]  # what any notebook platform has, to run a kernel

RUNNER = """
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
               resources={"metadata": {"path": sys.argv[2]}}).execute()
nbformat.write(nb, sys.argv[3])
"""


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """The kit as a platform fetches it: a git clone of this checkout's last commit."""
    folder = tmp_path_factory.mktemp("origin") / "media-literacy-kit"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(folder)], check=True)
    return folder


def bare_env(where: Path, python: str, packages: list[str], pins: list[str] | None = None) -> Path:
    """A virtual environment with pip and only `packages`, pinned as in constraints.txt unless `pins` say otherwise."""
    uv = tasks.find_uv()
    assert uv, "uv is needed to build the simulated platforms"
    env = where / "env"
    uv_env = {**tasks.uv_env(), "UV_PYTHON_DOWNLOADS": "never"}
    subprocess.run([*uv, "venv", "--quiet", "--seed", "--python", matrix.find_python(python), str(env)], env=uv_env, check=True)
    constraints = matrix.constraints_without(pins or [])
    subprocess.run([*uv, "pip", "install", "--quiet", "--python", str(tasks.python_in(env)), "-c", str(constraints),
                    *(pins or []), *packages], env=uv_env, check=True)
    return tasks.python_in(env)


def run_lesson(python: Path, notebook: Path, kernel_cwd: Path, home: Path, **env) -> dict:
    """Run every cell of `notebook` in a kernel of `python` started in `kernel_cwd`; the executed notebook.
    The notebook is a student's: it must open with no stored output."""
    opened = json.loads(notebook.read_text(encoding="utf-8"))
    assert not [c for c in opened["cells"] if c.get("outputs") or c.get("execution_count")], f"{notebook} has stored outputs"
    out = home / f"ran-{notebook.name}"
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "VIRTUAL_ENV", "PYTHON"))}
    environ.update({"HOME": str(home), **env})
    subprocess.run([str(python), "-c", RUNNER, str(notebook), str(kernel_cwd), str(out)], env=environ, check=True)
    return json.loads(out.read_text(encoding="utf-8"))


def text_of(cell: dict) -> str:
    return "".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                   for o in cell.get("outputs", []))


def assert_ran_clean(nb: dict, name: str) -> None:
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    errors = [f"{o['ename']}: {o['evalue']}" for c in code for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors, f"{name}: {errors}"
    assert all(c["execution_count"] for c in code), f"{name}: not every cell ran"
    images = sum("image/png" in o.get("data", {}) for c in code for o in c["outputs"])
    stored = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    assert images == sum("image/png" in o.get("data", {}) for c in stored["cells"] if c["cell_type"] == "code"
                         for o in c.get("outputs", [])), f"{name}: a chart is missing"


def setup_output(nb: dict) -> str:
    return text_of(next(c for c in nb["cells"] if c["cell_type"] == "code"))


def test_school_jupyterhub_via_nbgitpuller(tmp_path, clone):
    """nbgitpuller clones the repository into the user's home and opens lessons/<lesson>; the hub's Python has
    pandas and matplotlib but not the kit. The first lesson's set-up cell installs what is missing in one visible step."""
    home = tmp_path / "home"
    home.mkdir()
    python = bare_env(tmp_path, "3.12", ["pandas", "matplotlib", *JUPYTER])
    for i, lesson in enumerate(LESSONS):
        nb = run_lesson(python, clone / "lessons" / lesson.name, clone / "lessons", home)
        assert_ran_clean(nb, lesson.name)
        if i == 0:
            assert re.match(r"This Python lacks krippendorff; installing krippendorff>=.* \(once, about a minute\) \.\.\.\n"
                            r"Installed\. The lesson can run now\.\n$", setup_output(nb)), setup_output(nb)
        else:
            assert setup_output(nb) == "", "installed once, the set-up cell says nothing"


def test_colab_opens_a_lesson_alone_and_the_first_cell_fetches_the_kit(tmp_path, clone):
    """Colab opens the notebook (lessons/<lesson>) by itself from GitHub, in /content, with Python 3.12, pandas 2.2.3 and
    matplotlib 3.10.0 and `google.colab` imported. Git is pointed from the kit's URL to a local clone."""
    home, content = tmp_path / "home", tmp_path / "content"
    home.mkdir()
    content.mkdir()
    python = bare_env(tmp_path, "3.12", [*JUPYTER], pins=["pandas==2.2.3", "matplotlib==3.10.0"])
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "google" / "colab").mkdir(parents=True)
    (site / "google" / "colab" / "__init__.py").write_text('"""A stand-in for Colab\'s module, for the simulation."""\n')
    (site / "colab_stand_in.pth").write_text("import google.colab\n")  # Colab's kernel imports it at start
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text(f'[url "file://{clone}"]\n\tinsteadOf = {tasks.repository_url()}\n')
    for i, lesson in enumerate(LESSONS):
        alone = content / lesson.name  # Colab's link opens lessons/<lesson> from GitHub
        alone.write_bytes((clone / "lessons" / lesson.name).read_bytes())
        nb = run_lesson(python, alone, content, home, GIT_CONFIG_GLOBAL=str(gitconfig), GIT_CONFIG_NOSYSTEM="1")
        assert_ran_clean(nb, lesson.name)
        assert (home / "media-literacy-kit" / "datasets" / "datapackage.json").exists()
        assert (home / "media-literacy-kit" / "lessons" / lesson.name).exists()  # the kit it fetched has the lessons too
        assert ("Installed." in setup_output(nb)) == (i == 0), setup_output(nb)


def test_binder_builds_environment_yml_and_the_lessons_run_silently(tmp_path, clone):
    """repo2docker installs environment.yml at its exact python=X.Y pin, with `pip install -e .` of the
    repository, and opens JupyterLab at the repository's root (the link opens lessons/<lesson>): the set-up cells print nothing."""
    env = yaml.safe_load((clone / "environment.yml").read_text(encoding="utf-8"))
    python_pin = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    packages = [d for d in env["dependencies"] if isinstance(d, str) and not d.startswith(("python=", "pip"))]
    assert env["dependencies"][-1] == {"pip": ["-e ."]}
    home = tmp_path / "home"
    home.mkdir()
    python = bare_env(tmp_path, python_pin.split("=")[1], [*packages, "nbclient", "-e", str(clone)])
    for lesson in LESSONS:
        nb = run_lesson(python, clone / "lessons" / lesson.name, clone / "lessons", home)
        assert_ran_clean(nb, lesson.name)
        assert setup_output(nb) == ""


def test_pip_install_from_a_git_url_then_the_lessons_find_their_data(tmp_path, clone):
    """`pip install git+URL` installs helpers/ without datasets/. Lessons opened from a clone's lessons/ use the
    clone's helpers and data; a lesson opened alone stops and says what to do."""
    home = tmp_path / "home"
    home.mkdir()
    python = bare_env(tmp_path, "3.12", [*JUPYTER, f"git+file://{clone}"])
    installed = subprocess.run([str(python), "-c", "import helpers, pathlib; print(pathlib.Path(helpers.__file__).parents[1])"],
                               cwd=tmp_path, capture_output=True, text=True, check=True).stdout.strip()
    assert not (Path(installed) / "datasets").exists(), "the simulation needs an install without the data"
    for lesson in LESSONS:
        nb = run_lesson(python, clone / "lessons" / lesson.name, clone / "lessons", home)
        assert_ran_clean(nb, lesson.name)
        assert setup_output(nb) == ""
    alone = tmp_path / "downloads"
    alone.mkdir()
    (alone / LESSONS[0].name).write_bytes((clone / "lessons" / LESSONS[0].name).read_bytes())
    nb = run_lesson(python, alone / LESSONS[0].name, alone, home)
    error = next(o for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"] if o["output_type"] == "error")
    assert error["evalue"] == f"Open this lesson from the lessons/ folder of a copy of the kit: git clone {tasks.repository_url()}"


def test_when_uv_fails_pip_really_installs_instead(tmp_path, monkeypatch, capsys):
    """tasks.py's fallback for real: a uv that cannot run, then venv and pip make an environment."""
    broken = tmp_path / "bin"
    broken.mkdir()
    (broken / "uv").write_text("#!/bin/sh\necho 'uv: cannot run here' >&2\nexit 1\n")
    (broken / "uv").chmod(0o755)
    if os.name == "nt":
        pytest.skip("the stand-in for a broken uv is a shell script")
    monkeypatch.setenv("PATH", f"{broken}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("KIT_NO_UV", raising=False)
    env = tmp_path / "env"
    tasks.install(env, ["pip"], [])  # pip is already in a new environment: nothing to download
    out = capsys.readouterr().out
    assert "Creating env with uv" in out and "pip will install the kit instead" in out
    assert "env is ready" in out and "with pip" in out
    assert tasks.python_in(env).exists()


def test_a_learning_platform_hands_out_the_bundle_and_every_lesson_runs_from_it(tmp_path):
    """The student bundle (`python3 tasks.py bundle`), unzipped as a learning platform or a hub hands it out:
    every lesson runs from it with the bundle's own helpers and data."""
    from helpers import classroom

    from test_bundle import LESSONS as BUNDLED, run_from_the_bundle

    bundle = classroom.bundle(tmp_path / "student-bundle.zip")
    run_from_the_bundle(bundle, BUNDLED, tmp_path, with_students_copy=False)
