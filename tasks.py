"""Set up the kit and run it: the two commands of the README's quick start, and a few for maintainers.

    python3 tasks.py lab             open the lessons in JupyterLab
    python3 tasks.py test            run the test suite, notebooks included
    python3 tasks.py bench           time the notebooks, `import helpers`, the tests and the set-up
    python3 tasks.py matrix          run the lessons and tests under three stacks (oldest, Colab's, newest)
    python3 tasks.py platforms       simulate a school hub, Colab, Binder, a pip install and the student bundle,
                                     lesson by lesson, and the pip fallback of the set-up
    python3 tasks.py browser         open each lesson in JupyterLab in headless Chromium and run it all
    python3 tasks.py ci              what CI runs after the tests: matrix, platforms and browser
    python3 tasks.py sync-notebooks  write the Colab/hub set-up cell into every notebook (after a fork)
    python3 tasks.py links [--hub URL]  print the Colab, Binder and school-hub links to each lesson
    python3 tasks.py mutate [MODULE]  mutation testing of helpers/MODULE.py (all by default) with mutmut;
                                     maintainers only, not in CI (hours for all; minutes for claimreview)

For the classroom (helpers/classroom.py does the work):
    python3 tasks.py lab             opens the students' own copies in work/ (made on first use);
                                     `lab --teacher` opens the whole kit, instructors/ included
    python3 tasks.py reset LESSON    a fresh copy of one lesson in work/; the old copy is kept beside it
    python3 tasks.py bundle          build/student-bundle.zip: lessons, data, helpers, no instructors/
    python3 tasks.py collect FOLDER  build/class-summary/: who got which exercise right, from handed-in notebooks

Each command makes its own virtual environment on first use (.venv for the lessons, .venv-test for the
tests, so the tests need no JupyterLab), installs the kit there with the exact versions in
constraints.txt, and skips all of that on later runs until pyproject.toml or constraints.txt changes.
It installs with uv (fetched from PyPI once, into .uv/), which takes seconds; where uv cannot run, it
falls back to pip, which takes a minute or two. Needs only Python 3.10 or newer; on Windows write
`py tasks.py ...`.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
ENVS = {"lab": ROOT / ".venv", "test": ROOT / ".venv-test", "browser": ROOT / ".venv-browser", "mutate": ROOT / ".venv-mutate"}
EXTRAS = {"lab": "lab", "test": "test", "browser": "test,lab,browser", "mutate": "test,mutate"}
UV_VERSION = "0.13.9"
UV_HOME = ROOT / ".uv"  # where uv is installed from PyPI when it is not on PATH


def say(message: str) -> None:
    print(f"[kit] {message}", flush=True)


def python_in(env: Path, system: str = os.name) -> Path:
    """An environment's Python: Scripts\\python.exe on Windows, bin/python elsewhere."""
    return env / ("Scripts/python.exe" if system == "nt" else "bin/python")


def run(command: list, **kwargs) -> bool:
    """Run a command, its output shown; True if it succeeded."""
    try:
        return subprocess.run([str(c) for c in command], **kwargs).returncode == 0
    except OSError as err:
        say(f"could not run {command[0]}: {err}")
        return False


# --- Installing: uv where it runs, pip otherwise ---------------------------------------------------

def uv_env() -> dict:
    """The environment for uv: pip's index settings, when given as variables, apply to uv too."""
    env = dict(os.environ)
    if "PIP_INDEX_URL" in env and "UV_DEFAULT_INDEX" not in env:
        env["UV_DEFAULT_INDEX"] = env["PIP_INDEX_URL"]
    if "PIP_EXTRA_INDEX_URL" in env and "UV_INDEX" not in env:
        env["UV_INDEX"] = env["PIP_EXTRA_INDEX_URL"]
    return env


def find_uv() -> list[str] | None:
    """A command that runs uv: on PATH, or installed from PyPI into .uv/ (once); None where that fails."""
    if os.environ.get("KIT_NO_UV"):  # the pip route, on purpose (tests and comparisons)
        return None
    on_path = shutil.which("uv")
    if on_path:
        return [on_path]
    binaries = (UV_HOME / "bin" / "uv", UV_HOME / "bin" / "uv.exe", UV_HOME / "Scripts" / "uv.exe")
    if not any(b.exists() for b in binaries):
        say(f"Fetching the installer uv {UV_VERSION} from PyPI into .uv/ (once, about 20 MB) ...")
        run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input",
             "--target", UV_HOME, f"uv=={UV_VERSION}"])
    for binary in binaries:
        if binary.exists():
            return [str(binary)]
    say("Could not fetch uv; pip will install the kit instead (a minute or two).")
    return None


def install_with_uv(uv: list[str], env: Path, requirement: list[str], pins: list[str], compile_all: bool = False) -> bool:
    say(f"Creating {env.name} with uv ...")
    if not run([*uv, "venv", "--quiet", "--seed", "--python", sys.executable, env], env=uv_env()):
        return False
    say(f"Installing the kit into {env.name} with uv (first run only; seconds, or a minute on a slow network) ...")
    compiling = ["--compile-bytecode"] if compile_all else []
    return run([*uv, "pip", "install", *compiling, "--python", python_in(env), *pins, *requirement], env=uv_env())


def install_with_pip(env: Path, requirement: list[str], pins: list[str]) -> bool:
    say(f"Creating {env.name} with venv ...")
    try:
        venv.create(env, with_pip=True)
    except Exception as err:  # e.g. Debian without python3-venv
        sys.exit(f"Could not create {env}: {err}\nOn Debian or Ubuntu run: sudo apt install python3-venv")
    say(f"Installing the kit into {env.name} with pip (first run only; a minute or two, each package is listed) ...")
    return run([python_in(env), "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off",
                *pins, *requirement])


def install(env: Path, requirement: list[str], pins: list[str], uv: bool = True, compile_all: bool = False) -> None:
    """A fresh virtual environment at `env` with `requirement` installed: with uv, else with pip.
    pip stores every module's compiled bytecode at install; uv does so only with `compile_all`."""
    start = time.perf_counter()
    uv_command = find_uv() if uv else None
    if uv_command and install_with_uv(uv_command, env, requirement, pins, compile_all):
        say(f"{env.name} is ready ({time.perf_counter() - start:.0f} s, with uv).")
        return
    if uv_command:
        say("uv did not finish (see above); pip will install the kit instead (a minute or two).")
    shutil.rmtree(env, ignore_errors=True)
    if not install_with_pip(env, requirement, pins):
        sys.exit(f"Installing into {env} failed (see above). Check the network, then run the command again.")
    say(f"{env.name} is ready ({time.perf_counter() - start:.0f} s, with pip).")


# Python stores a module's compiled bytecode beside it the first time it imports it, unless
# PYTHONDONTWRITEBYTECODE is set or the folder is read-only (as on some school machines): there, every
# kernel compiles pandas, matplotlib and ipykernel again (measured here: a kernel with pandas and
# matplotlib took 3.5 s to start instead of 1.1 s). pip compiles every file at install; uv does not unless
# asked. The test environments ask (the tests import many libraries). For the lessons' environment,
# compiling everything would make the first JupyterLab start several seconds longer, so tasks.py instead
# imports what a lesson's kernel and JupyterLab use, once, in a background process of its own that
# writes WARMED when it has finished (or failed); a run that was killed first is started again by the
# next command. A kernel started before it finishes compiles what it needs itself, as without it.
COMPILED_AT_INSTALL = {"test", "browser", "mutate"}
WARMED = "kit-warmed.txt"
WARM_UP = """
import compileall, importlib, importlib.util, io, sys
try:
    for name in ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "matplotlib_inline.backend_inline",
                 "pandas", "pandas.io.formats.string", "pandas.core.reshape.reshape", "numpy.rec", "matplotlib.dates",
                 "krippendorff", "jupyterlab.labapp"):
        try:
            importlib.import_module(name)
        except ImportError:  # not in this environment
            pass
    import matplotlib.pyplot as plt
    figure, ax = plt.subplots()
    ax.barh(["a"], [1])
    ax.set_title("warm-up")
    figure.savefig(io.BytesIO(), format="png", bbox_inches="tight")
    for name in ("debugpy", "ipykernel", "IPython", "psutil", "tornado"):  # what a kernel imports only as it starts
        spec = importlib.util.find_spec(name)
        if spec and spec.submodule_search_locations:
            compileall.compile_dir(list(spec.submodule_search_locations)[0], quiet=1)
finally:  # done, or failed (then trying again at every command would only repeat the failure); a killed run is redone
    with open(sys.argv[1], "w", encoding="utf-8") as done:
        done.write("the libraries' bytecode is stored\\n")
"""


def warm_up(env: Path) -> None:
    """Start, in a background process of its own (Ctrl+C in this window does not stop it), one import of
    what the lessons use, with bytecode writing allowed; it writes WARMED in `env` when it has finished."""
    say(f"Preparing {env.name} for quick kernel starts, in the background (a few seconds, once) ...")
    writes = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    apart = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if os.name == "nt" else {"start_new_session": True}
    try:
        subprocess.Popen([str(python_in(env)), "-c", WARM_UP, str(env / WARMED)], env={**writes, "MPLBACKEND": "Agg"},
                         cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **apart)
    except OSError:  # the kit still works; each lesson just starts a few seconds slower
        pass


def ensure(name: str) -> Path:
    """The Python of a virtual environment with the kit and its `name` extras installed, set up on first use."""
    env = ENVS[name]
    stamp = env / "kit-installed.txt"
    wanted = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in ("pyproject.toml", "constraints.txt"))).hexdigest()
    if not (stamp.exists() and stamp.read_text() == wanted and python_in(env).exists()):
        say(f"Setting up {env.name} for `{name}` (first run only) ...")
        shutil.rmtree(env, ignore_errors=True)
        install(env, ["-e", f"{ROOT}[{EXTRAS[name]}]"], ["-c", str(ROOT / "constraints.txt")],
                compile_all=name in COMPILED_AT_INSTALL)
        stamp.write_text(wanted)
    if name not in COMPILED_AT_INSTALL and not (env / WARMED).exists():
        warm_up(env)
    return python_in(env)


# --- Classroom commands: thin wrappers around helpers/classroom.py ---------------------

def lab(args: list[str]) -> int:
    """Students: JupyterLab rooted at their copies in work/ (git-ignored), so autosave never
    touches the tracked lessons and instructors/ is out of sight. Teachers: --teacher."""
    from helpers import classroom

    if "--teacher" in args:
        args = [a for a in args if a != "--teacher"]
        where = [f"--ServerApp.root_dir={ROOT}", "--LabApp.default_url=/lab/tree/instructors"]
    else:
        for copy in classroom.student_copies():
            print(f"Made your copy: {copy.relative_to(ROOT)}")
        where = [f"--ServerApp.root_dir={classroom.WORK}"]
    return subprocess.call([str(ensure("lab")), "-I", "-m", "jupyterlab", *where, *args])  # -I: see KIT_LAUNCH


def reset(args: list[str]) -> int:
    return classroom_cli(["reset", *args])


def bundle(args: list[str]) -> int:
    return classroom_cli(["bundle", *args])


# How the classroom commands start the kit's code in another Python. `python -m helpers.classroom` would put
# the current folder first on the import path: run from a folder of handed-in work, a student's
# `helpers/__init__.py` there would run on the teacher's machine. `-I` (isolated: no current or script folder
# on the path, no PYTHON* variables, no user site-packages; Python 3.10 has it, `-P` came only in 3.11) and
# the kit's own folder put first by hand make the kit's helpers the only ones that can load.
KIT_LAUNCH = "import sys; sys.path.insert(0, sys.argv.pop(1)); from helpers.classroom import main; sys.exit(main(sys.argv[1:]))"


def kit_command(python, args: list[str]) -> list[str]:
    """The command line that runs helpers/classroom.py's main(args) with the kit's helpers only."""
    return [str(python), "-I", "-c", KIT_LAUNCH, str(ROOT), *args]


def collect(args: list[str]) -> int:  # needs matplotlib: runs in the lab environment
    return subprocess.call(kit_command(ensure("lab"), ["collect", *args]))


def classroom_cli(args: list[str]) -> int:
    """Commands that need only the standard library run here, with no environment to set up."""
    if sys.path[0] != str(ROOT):  # the kit's helpers first, whatever folder the teacher is in
        sys.path.insert(0, str(ROOT))
    from helpers import classroom

    return classroom.main(args)


CLASSROOM = {"lab": lab, "reset": reset, "bundle": bundle, "collect": collect}


# --- The repository's address and the notebooks' set-up cell ----------------------------------------

def repository_url() -> str:
    """The kit's address, from the one line in pyproject.toml that a fork changes."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return re.search(r'^Repository = "([^"]+)"$', text, flags=re.M)[1]


SETUP_MARK = "# Set-up for Colab and school hubs"
SETUP_CELL = '''\
# Set-up for Colab and school hubs: run this cell first. Where the kit is installed it does nothing.
import importlib.util, os, sys
KIT_URL = "{url}"  # made from pyproject.toml
if "google.colab" in sys.modules:  # Colab opened this lesson alone: fetch the whole kit, once
    kit = os.path.expanduser("~/media-literacy-kit")
    os.path.isdir(kit) or os.system(f"git clone --quiet --depth 1 {{KIT_URL}} {{kit}}")
    os.chdir(os.path.join(kit, "notebooks"))
if os.path.exists("kit_setup.py"):  # a lesson in the kit's notebooks/ folder
    sys.path.insert(0, os.getcwd())
    from kit_setup import ensure_kit
    ensure_kit()  # installs what this Python lacks in one visible step, or says what to run
else:  # a student's own copy (in the kit's work/ folder) or the student bundle: use the kit around it
    if os.path.isdir(os.path.join(os.pardir, "helpers")) and os.path.isdir(os.path.join(os.pardir, "datasets")):
        sys.path.insert(0, os.path.abspath(os.pardir))
    spec = importlib.util.find_spec("helpers")
    if not (spec and os.path.isdir(os.path.join(os.path.dirname(spec.origin), os.pardir, "datasets"))):
        raise RuntimeError(f"Open this lesson from the notebooks/ folder of a copy of the kit: git clone {{KIT_URL}}")'''


def setup_cell_source() -> str:
    return SETUP_CELL.format(url=repository_url())


def synced(nb: dict) -> dict:
    """The notebook with the set-up cell, up to date, before its first code cell (and that cell's heading)."""
    cells = nb["cells"]
    source = setup_cell_source()
    lines = source.splitlines(keepends=True)
    existing = [c for c in cells if c["cell_type"] == "code" and "".join(c["source"]).startswith(SETUP_MARK)]
    if existing:
        existing[0]["source"] = lines
        return nb
    first = next(i for i, c in enumerate(cells) if c["cell_type"] == "code")
    before = "".join(cells[first - 1]["source"]).strip() if first else ""
    at = first - 1 if before.startswith("#") and "\n" not in before else first  # above a section's heading
    for cell in cells[first:]:  # the new cell runs first and prints nothing: the others' counts move by one
        if cell["cell_type"] == "code" and cell.get("execution_count") is not None:
            cell["execution_count"] += 1
            for out in cell["outputs"]:
                if "execution_count" in out:
                    out["execution_count"] += 1
    cells.insert(at, {"cell_type": "code", "execution_count": 1, "id": "kit-setup", "metadata": {},
                         "outputs": [], "source": lines})
    return nb


def sync_notebooks(rest: list[str]) -> int:
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        before = path.read_text(encoding="utf-8")
        after = json.dumps(synced(json.loads(before)), indent=1, ensure_ascii=False) + "\n"
        if after != before:
            path.write_text(after, encoding="utf-8", newline="\n")
            say(f"updated the set-up cell of {path.name}")
    return 0


def class_links(hub: str = "https://YOUR-HUB", branch: str = "main") -> dict[str, list[str]]:
    """Colab, Binder and nbgitpuller links to each lesson, made from the repository URL in pyproject.toml."""
    url = repository_url().rstrip("/")
    slug = url.split("github.com/", 1)[-1] if "github.com/" in url else None
    lessons = [p.name for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
    folder = url.rsplit("/", 1)[-1]
    quoted = urllib.parse.quote(url, safe="")
    links = {"nbgitpuller (school JupyterHub)": [
        f"{hub}/hub/user-redirect/git-pull?repo={quoted}&branch={branch}"
        f"&urlpath=lab%2Ftree%2F{folder}%2Fnotebooks%2F{name}" for name in lessons]}
    if slug:
        links["Colab"] = [f"https://colab.research.google.com/github/{slug}/blob/{branch}/notebooks/{n}" for n in lessons]
        links["Binder"] = [f"https://mybinder.org/v2/gh/{slug}/{branch}?urlpath=lab%2Ftree%2Fnotebooks%2F{n}" for n in lessons]
    return links


def links(rest: list[str]) -> int:
    hub = rest[rest.index("--hub") + 1] if "--hub" in rest else "https://YOUR-HUB"
    print(f"Links for {repository_url()} (branch main; the address comes from pyproject.toml).")
    for platform, urls in class_links(hub).items():
        print(f"\n{platform}:")
        for url in urls:
            print(f"  {url}")
    if "github.com/" not in repository_url():
        print("\nColab and Binder links need the kit on GitHub; this address is elsewhere.")
    return 0


# --- Commands ------------------------------------------------------------------------------------

def test(rest: list[str]) -> int:
    return subprocess.call([str(ensure("test")), "-m", "pytest", *rest])


def bench(rest: list[str]) -> int:
    return subprocess.call([str(ensure("test")), str(ROOT / "tests" / "benchmark.py"), *rest])


def matrix(rest: list[str]) -> int:
    return subprocess.call([str(ensure("test")), str(ROOT / "tests" / "matrix.py"), *rest])


def platforms(rest: list[str]) -> int:
    return subprocess.call([str(ensure("test")), "-m", "pytest", "-m", "platforms",
                            str(ROOT / "tests" / "test_platforms.py"), *rest])


def browser(rest: list[str]) -> int:
    return subprocess.call([str(ensure("browser")), "-m", "pytest", "-m", "browser", "-n", "0",
                            str(ROOT / "tests" / "test_browser.py"), *rest])


def chromium_for_ci() -> None:
    """Under CI, install Debian's chromium for the browser test when it is missing (CI runs as root)."""
    if shutil.which("chromium") or Path("/usr/bin/chromium").exists() or not os.environ.get("CI"):
        return  # without Chromium, the browser test says why it skips (or, under CI, fails)
    if shutil.which("apt-get"):
        say("installing Debian's chromium for the browser test ...")
        quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=quiet)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"], env=quiet)


def ci(rest: list[str]) -> int:
    """What CI runs after the README's test command: the matrix, the platform simulations and the
    browser test. Each runs even if an earlier one failed, so one run reports them all."""
    failed = []
    for name, command in (("matrix", matrix), ("platforms", platforms), ("browser", browser)):
        if name == "browser":
            chromium_for_ci()
        if command(rest) != 0:
            failed.append(name)
    say(f"FAILED: {' '.join(failed)}" if failed else "all CI checks passed")
    return 1 if failed else 0


# --- Mutation testing (maintainers; not in CI: a full run takes hours) ------------------------------

# The tests that exercise each module; a module not listed runs the whole suite (notebooks excepted).
MUTATE_TESTS = {
    "claimreview": ["tests/test_helpers.py"],
    "agreement": ["tests/test_helpers.py"],
    "exercises": ["tests/test_helpers.py", "tests/test_docs.py::test_instructor_answer_key_matches_the_self_checks"],
    "rankings": ["tests/test_helpers.py", "tests/test_notebooks.py"],
    "checks": ["tests/test_validate.py", "tests/test_battery.py", "tests/test_data.py"],
    "data": ["tests/test_data.py", "tests/test_validate.py"],
}
# mutmut's default runs each mutant in a process forked from one that has already run the tests, so
# checks.py's module-level caches (verdicts kept per file content) would answer from the unmutated code
# and its mutants would never run. A fork server that has imported nothing forks each mutant's process
# with empty caches; it is slower, so only the modules that keep caches use it.
FRESH_PROCESSES = {"checks", "data"}
MUTMUT_CONFIG = """[mutmut]
source_paths = helpers
only_mutate = helpers/{module}.py
also_copy =
{also_copy}
pytest_add_cli_args =
    -n0
    -p no:cacheprovider
    -q
pytest_add_cli_args_test_selection =
{tests}
process_isolation = {isolation}
forkserver_warmup = none
use_git_change_detection = false
"""
MUTANT_STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped",
                 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout", None: "not checked"}


def mutation_rates(work: Path, module: str) -> dict[str, int]:
    """How many of a module's mutants ended each way, from the results mutmut stores beside its copy."""
    meta = work / "mutants" / "helpers" / f"{module}.py.meta"
    codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {}) if meta.exists() else {}
    counts: dict[str, int] = {}
    for code in codes.values():
        status = MUTANT_STATUS.get(code, "suspicious")
        counts[status] = counts.get(status, 0) + 1
    return counts


def mutate(rest: list[str]) -> int:
    """Mutation testing of helpers/MODULE.py with mutmut, each module in its own copy of the kit under
    build/mutate/MODULE/ (the kit itself is never changed). Prints each module's kill rate and where
    its survivors are listed. Maintainers only; not in CI."""
    modules = rest or sorted(p.stem for p in (ROOT / "helpers").glob("*.py")
                             if p.stem not in ("__init__", "__main__", "classroom"))
    unknown = [m for m in modules if not re.fullmatch(r"[a-z_]+", m) or not (ROOT / "helpers" / f"{m}.py").is_file()]
    if unknown:
        print(f"usage: python3 tasks.py mutate [MODULE ...]\nno module helpers/{unknown[0]}.py", file=sys.stderr)
        return 2
    python = ensure("mutate")
    failed = 0
    for module in modules:
        work = ROOT / "build" / "mutate" / module
        shutil.rmtree(work, ignore_errors=True)
        # the whole kit, as the tests read it (docs, data, notebooks), without environments and outputs
        shutil.copytree(ROOT, work, ignore=shutil.ignore_patterns(
            ".git", ".venv*", ".uv", "build", "work", "mutants", "__pycache__", ".ipynb_checkpoints", "*.egg-info"))
        tests = MUTATE_TESTS.get(module, ["tests"])
        copied = sorted(p.name for p in work.iterdir() if p.name not in ("helpers", "tests", "setup.cfg", "pyproject.toml"))
        (work / "setup.cfg").write_text(MUTMUT_CONFIG.format(
            module=module, tests="\n".join(f"    {t}" for t in tests), also_copy="\n".join(f"    {c}" for c in copied),
            isolation="forkserver" if module in FRESH_PROCESSES else "fork"), encoding="utf-8")
        say(f"mutating helpers/{module}.py against {' '.join(tests)} (in {work.relative_to(ROOT)}) ...")
        start = time.perf_counter()
        code = subprocess.call([str(python), "-m", "mutmut", "run"], cwd=work, env={**os.environ, "MPLBACKEND": "Agg"})
        counts = mutation_rates(work, module)
        caught = counts.get("killed", 0) + counts.get("timeout", 0)
        judged = caught + counts.get("survived", 0) + counts.get("no tests", 0) + counts.get("suspicious", 0)
        rate = f"{caught / judged:.0%}" if judged else "no mutants judged"
        say(f"helpers/{module}.py: {caught} of {judged} mutants caught ({rate}); {counts} "
            f"in {time.perf_counter() - start:.0f} s. Survivors: cd {work.relative_to(ROOT)} && "
            f"{python} -m mutmut results, then mutmut show NAME")
        failed += code != 0
    return 1 if failed else 0


COMMANDS = {"test": test, "bench": bench, "matrix": matrix, "platforms": platforms, "ci": ci,
            "browser": browser, "sync-notebooks": sync_notebooks, "links": links, "mutate": mutate}


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 10):
        sys.exit(f"The kit needs Python 3.10 or newer; this is {sys.version.split()[0]}.")
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command in CLASSROOM:  # before chdir: a FOLDER to collect is relative to where the teacher is
        return CLASSROOM[command](rest)
    os.chdir(ROOT)
    if command not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[command](rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
