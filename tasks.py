"""Set up the kit and run it. `python3 tasks.py` with no command lists these.

For the classroom:
    python3 tasks.py lab [-v]          open your own copies of the lessons (in work/, made on first use) in
                                       JupyterLab; the last line it prints is the address to open, and Ctrl+C
                                       stops it. `-v` shows the installers' and JupyterLab's full output.
    python3 tasks.py lab --teacher     open the whole kit, instructors/ included
    python3 tasks.py worksheets        build/worksheets/: per lesson a printable student worksheet and a
                                       teacher's plan with a rubric, and index.html
    python3 tasks.py collect FOLDER    build/class-summary/: what each handed-in notebook's self-checks showed
                                       (a formative summary, not a secure grade)
    python3 tasks.py bundle            build/student-bundle.zip: lessons, data, helpers, no instructors/
    python3 tasks.py reset LESSON      a fresh copy of one lesson in work/; the old copy is kept beside it
    python3 tasks.py new-article SOURCE --name NAME
                                       articles/NAME/: a news story you bring, with proposed claims, quotes
                                       and figures, and workbooks to check them

For maintainers (CONTRIBUTING.md says more):
    python3 tasks.py test              run the test suite, notebooks included
    python3 tasks.py bench             time the notebooks, `import helpers`, the tests and the set-up
    python3 tasks.py matrix            run the lessons and tests under three stacks (oldest, Colab's, newest)
    python3 tasks.py platforms         simulate a school hub, Colab, Binder, a pip install and the student
                                       bundle, lesson by lesson, and the pip fallback of the set-up
    python3 tasks.py browser           open each lesson in JupyterLab in headless Chromium and run it all
    python3 tasks.py ci                what CI runs after the tests: matrix, platforms and browser
    python3 tasks.py mutate [--sample N] [MODULE]   mutation testing of the helpers (hours; not in CI)
    python3 tasks.py sync-notebooks    write the set-up cell into every notebook (after a fork), and lessons/
                                       (the output-free copies students open) from notebooks/
    python3 tasks.py links [--hub URL] print the Colab, Binder and school-hub links to each lesson

Each command makes its own virtual environment on first use (.venv for the lessons, .venv-test for the
tests, so the tests need no JupyterLab), installs the kit there with the exact versions in
constraints.txt, and skips all of that on later runs until pyproject.toml or constraints.txt changes.
It installs with uv (fetched from PyPI once, into .uv/), which takes seconds; where uv cannot run, it
falls back to pip, which takes a minute or two. `lab` shows one line per step and keeps the installers'
output in build/logs/setup.log and JupyterLab's in build/logs/jupyterlab.log. Needs only Python 3.10 or
newer; on Windows write `py tasks.py ...`.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
ENVS = {"lab": ROOT / ".venv", "test": ROOT / ".venv-test", "browser": ROOT / ".venv-browser", "mutate": ROOT / ".venv-mutate"}
EXTRAS = {"lab": "lab,article", "test": "test,article", "browser": "test,lab,browser,article", "mutate": "test,mutate,article"}
UV_VERSION = "0.13.9"
UV_HOME = ROOT / ".uv"  # where uv is installed from PyPI when it is not on PATH


# What tasks.py prints. Every step is one line starting [kit]. With VERBOSE off (`lab` without -v), the
# installers' own output goes to SETUP_LOG instead of the screen, and a long step shows a running count of
# seconds on its line (where the output is a terminal); JupyterLab's own log always goes to LAB_LOG.
VERBOSE = True
LOGS = ROOT / "build" / "logs"
SETUP_LOG = LOGS / "setup.log"
LAB_LOG = LOGS / "jupyterlab.log"


def say(message: str) -> None:
    print(f"[kit] {message}", flush=True)


def shown(path: Path) -> str:
    """A path as a teacher would type it: relative to the kit where it is inside it."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def last_lines(path: Path, count: int = 20) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()[-count:]
    except OSError:
        return []


def python_in(env: Path, system: str = os.name) -> Path:
    """An environment's Python: Scripts\\python.exe on Windows, bin/python elsewhere."""
    return env / ("Scripts/python.exe" if system == "nt" else "bin/python")


def run(command: list, **kwargs) -> bool:
    """Run a command, its output shown (or, with VERBOSE off, kept in SETUP_LOG); True if it succeeded."""
    try:
        if VERBOSE:
            return subprocess.run([str(c) for c in command], **kwargs).returncode == 0
        return run_logged([str(c) for c in command], **kwargs)
    except OSError as err:
        say(f"could not run {command[0]}: {err}")
        return False


def run_logged(command: list[str], **kwargs) -> bool:
    """Run a command with its output appended to SETUP_LOG, counting the seconds on the screen while it
    runs (on a terminal); if it fails, show the log's last lines."""
    SETUP_LOG.parent.mkdir(parents=True, exist_ok=True)
    ticking = sys.stdout.isatty()
    start = time.monotonic()
    with open(SETUP_LOG, "a", encoding="utf-8") as log:
        log.write(f"$ {' '.join(command)}\n")
        log.flush()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, **kwargs)
        try:
            while True:
                try:
                    status = process.wait(timeout=0.5)
                    break
                except subprocess.TimeoutExpired:
                    if ticking:
                        print(f"\r[kit]   ... {time.monotonic() - start:.0f} s", end="", flush=True)
        except BaseException:  # Ctrl+C or a kill: the installer stops too
            process.kill()
            raise
        finally:
            if ticking and time.monotonic() - start >= 0.5:
                print("\r" + " " * 24 + "\r", end="", flush=True)
    if status != 0:
        say(f"{Path(command[0]).name} failed (status {status}); the last lines of its log, {shown(SETUP_LOG)}:")
        for line in last_lines(SETUP_LOG):
            print(f"    {line}")
    return status == 0


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
    touches the tracked lessons and instructors/ is out of sight. Teachers: --teacher. -v: the full log."""
    global VERBOSE
    from helpers import classroom

    VERBOSE = any(a in ("-v", "--verbose") for a in args)
    args = [a for a in args if a not in ("-v", "--verbose")]
    if "--teacher" in args:
        args = [a for a in args if a != "--teacher"]
        where = [f"--ServerApp.root_dir={ROOT}", "--LabApp.default_url=/lab/tree/instructors"]
    else:
        made = classroom.student_copies()
        if made:
            say(f"Made your own copies of {len(made)} lessons in work/ (the lessons in notebooks/ stay as they are).")
        where = [f"--ServerApp.root_dir={classroom.WORK}"]
    return serve([str(ensure("lab")), "-I", "-m", "jupyterlab", *where, *args])  # -I: see KIT_LAUNCH


# --- The JupyterLab server: its start, its address, and its stop ----------------------------------

ADDRESS = re.compile(r"https?://[^\s/]+:\d+/\S*")  # JupyterLab's log gives the address with its port and token


class Stop(Exception):
    """tasks.py was asked to stop (SIGTERM, or the terminal closed): stop the server it started."""


def on_stop(signum, frame):
    raise Stop()


def as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def dies_with_tasks() -> dict:
    """Popen arguments that put the server in a process group of its own (so Ctrl+C reaches tasks.py,
    which stops it, not JupyterLab's own "Shut down? (y/[n])" prompt) and, on Linux, stop it even if
    tasks.py is killed with no chance to act (kill -9)."""
    if os.name == "nt":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    if sys.platform.startswith("linux"):
        def parent_gone_means_stop():
            try:
                import ctypes

                ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
            except Exception:  # not available: Ctrl+C and kill still stop it through tasks.py
                pass
        return {"start_new_session": True, "preexec_fn": parent_gone_means_stop}
    return {"start_new_session": True}


def stop_server(server: subprocess.Popen, grace: float = 10) -> None:
    """Ask JupyterLab to shut down (it then stops its kernels); force it after `grace` seconds."""
    if server.poll() is not None:
        return
    if os.name == "nt":  # no SIGTERM there: end the server and its kernels together
        subprocess.run(["taskkill", "/T", "/F", "/PID", str(server.pid)], capture_output=True)
    else:
        server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        if os.name == "nt":
            server.kill()
        else:
            os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def serve(command: list[str]) -> int:
    """Start JupyterLab with its log in LAB_LOG, print one line with the address to open and how to stop,
    and wait; Ctrl+C, SIGTERM or a closed terminal stop the server too."""
    if as_root() and "--allow-root" not in command:
        say("You are root (the administrator): JupyterLab refuses to run as root because any notebook could "
            "then change anything on this computer, so the kit starts it with --allow-root; on a shared machine, "
            "use an ordinary account instead.")
        command = [*command, "--allow-root"]
    LAB_LOG.parent.mkdir(parents=True, exist_ok=True)
    say("Starting JupyterLab ..." + (f" (its log: {shown(LAB_LOG)})" if VERBOSE else ""))
    before = {}
    for name, handler in (("SIGINT", signal.default_int_handler), ("SIGTERM", on_stop), ("SIGHUP", on_stop)):
        try:  # SIGINT too: Ctrl+C stops the server even where tasks.py was started with it ignored
            before[name] = signal.signal(getattr(signal, name), handler)
        except (AttributeError, ValueError):  # no such signal here (Windows), or not the main thread
            pass
    server = None
    try:
        with open(LAB_LOG, "w", encoding="utf-8") as log:
            server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                      **dies_with_tasks())
        with open(LAB_LOG, encoding="utf-8", errors="replace") as log:
            address, announced, pending, quiet_since = None, False, "", time.monotonic()
            while True:
                try:
                    status = server.wait(timeout=0.2)
                except subprocess.TimeoutExpired:
                    status = None
                pending += log.read()
                *lines, pending = pending.split("\n")
                for line in lines:
                    quiet_since = time.monotonic()
                    if VERBOSE:
                        print(f"    {line}", flush=True)
                    found = ADDRESS.search(line)
                    if address is None and found:
                        address = found[0]
                # The address is the last line: with -v, once JupyterLab's start-up lines have stopped coming.
                if address and not announced and (not VERBOSE or time.monotonic() - quiet_since > 1):
                    say(f"JupyterLab is ready: open {address} in your browser. Press Ctrl+C here to stop it.")
                    announced = True
                if status is not None:
                    break
        if address is None:
            say(f"JupyterLab stopped before it was ready (status {status}). The last lines of its log, {shown(LAB_LOG)}:")
            for line in last_lines(LAB_LOG):
                print(f"    {line}")
            return status or 1
        say(f"JupyterLab has stopped (status {status}).")
        return status
    except (KeyboardInterrupt, Stop):
        print()
        say("Stopping JupyterLab ...")
        if server is not None:
            stop_server(server)
        say("JupyterLab has stopped.")
        return 0
    finally:
        if server is not None and server.poll() is None:  # whatever happened above, leave no server behind
            stop_server(server, grace=2)
        for name, handler in before.items():
            signal.signal(getattr(signal, name), handler)


def reset(args: list[str]) -> int:
    return classroom_cli(["reset", *args])


def bundle(args: list[str]) -> int:
    return classroom_cli(["bundle", *args])


# How the classroom commands start the kit's code in another Python. `python -m helpers.classroom` would put
# the current folder first on the import path: run from a folder of handed-in work, a student's
# `helpers/__init__.py` there would run on the teacher's machine. `-I` (isolated: no current or script folder
# on the path, no PYTHON* variables, no user site-packages; Python 3.10 has it, `-P` came only in 3.11) and
# the kit's own folder put first by hand make the kit's helpers the only ones that can load.
KIT_LAUNCH = ("import importlib, sys; sys.path.insert(0, sys.argv.pop(1)); "
              "sys.exit(importlib.import_module(sys.argv.pop(1)).main(sys.argv[1:]))")


def kit_command(python, args: list[str], module: str = "helpers.classroom") -> list[str]:
    """The command line that runs `module`'s main(args) with the kit's helpers only."""
    return [str(python), "-I", "-c", KIT_LAUNCH, str(ROOT), module, *args]


def collect(args: list[str]) -> int:  # needs matplotlib: runs in the lab environment
    return subprocess.call(kit_command(ensure("lab"), ["collect", *args]))


def worksheets(args: list[str]) -> int:  # needs pandas and markdown-it-py: the lab environment
    return subprocess.call(kit_command(ensure("lab"), args, "helpers.worksheets"), cwd=ROOT)


def new_article(args: list[str]) -> int:  # needs trafilatura and ftfy: the lab environment
    """articles/NAME from a teacher's article (helpers/article.py). It runs in the teacher's folder, so that
    SOURCE may be a relative path, with the kit's helpers only on the import path (see KIT_LAUNCH)."""
    return subprocess.call(kit_command(ensure("lab"), args, "helpers.article"))


def classroom_cli(args: list[str]) -> int:
    """Commands that need only the standard library run here, with no environment to set up."""
    if sys.path[0] != str(ROOT):  # the kit's helpers first, whatever folder the teacher is in
        sys.path.insert(0, str(ROOT))
    from helpers import classroom

    return classroom.main(args)


CLASSROOM = {"lab": lab, "reset": reset, "bundle": bundle, "collect": collect, "worksheets": worksheets,
             "new-article": new_article}


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
    os.chdir(os.path.join(kit, "lessons"))
kit_tools = os.path.abspath(os.path.join(os.pardir, "notebooks"))  # where kit_setup.py is
if os.path.exists(os.path.join(kit_tools, "kit_setup.py")):  # a lesson in the kit's lessons/, notebooks/ or work/
    sys.path.insert(0, kit_tools)
    from kit_setup import ensure_kit
    ensure_kit()  # installs what this Python lacks in one visible step, or says what to run
else:  # the student bundle, or a copy in a work/ folder beside helpers/ and datasets/: use the kit around it
    if os.path.isdir(os.path.join(os.pardir, "helpers")) and os.path.isdir(os.path.join(os.pardir, "datasets")):
        sys.path.insert(0, os.path.abspath(os.pardir))
    spec = importlib.util.find_spec("helpers")
    if not (spec and os.path.isdir(os.path.join(os.path.dirname(spec.origin), os.pardir, "datasets"))):
        raise RuntimeError(f"Open this lesson from the lessons/ folder of a copy of the kit: git clone {{KIT_URL}}")'''


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


def student_lessons(root: Path = ROOT) -> dict[str, bytes]:
    """What lessons/ must hold, by file name: each lesson of notebooks/ without its outputs and execution
    counts (the same cells, sources and metadata), and a copy of the glossary. Links open these."""
    from helpers import classroom

    wanted = {p.name: classroom.students_copy_of(p) for p in sorted((root / "notebooks").glob("*.ipynb"))}
    if (root / "notebooks" / "glossary.md").exists():
        wanted["glossary.md"] = (root / "notebooks" / "glossary.md").read_bytes()
    return wanted


def lessons_out_of_step(root: Path = ROOT) -> list[str]:
    """How lessons/ differs from what sync-notebooks would write there ([] when it is in step)."""
    wanted = student_lessons(root)
    held = {p.name: p.read_bytes() for p in sorted((root / "lessons").glob("*")) if p.is_file()}
    return ([f"lessons/{n} is missing" for n in wanted if n not in held]
            + [f"lessons/{n} has no lesson in notebooks/" for n in held if n not in wanted]
            + [f"lessons/{n} differs from notebooks/{n} (outputs aside)" for n in wanted if n in held and held[n] != wanted[n]])


def sync_notebooks(rest: list[str]) -> int:
    """Write the current set-up cell into every lesson in notebooks/, then write lessons/ from notebooks/."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        before = path.read_text(encoding="utf-8")
        after = json.dumps(synced(json.loads(before)), indent=1, ensure_ascii=False) + "\n"
        if after != before:
            path.write_text(after, encoding="utf-8", newline="\n")
            say(f"updated the set-up cell of {path.name}")
    wanted = student_lessons()
    (ROOT / "lessons").mkdir(exist_ok=True)
    for path in sorted((ROOT / "lessons").glob("*")):
        if path.is_file() and path.name not in wanted:
            path.unlink()
            say(f"removed lessons/{path.name} (no such file in notebooks/)")
    for name, content in wanted.items():
        path = ROOT / "lessons" / name
        if not path.exists() or path.read_bytes() != content:
            path.write_bytes(content)
            say(f"wrote lessons/{name} (from notebooks/{name}{', without outputs' if name.endswith('.ipynb') else ''})")
    return 0


def class_links(hub: str = "https://YOUR-HUB", branch: str = "main") -> dict[str, list[str]]:
    """Colab, Binder and nbgitpuller links to each lesson, made from the repository URL in pyproject.toml.
    They open the output-free copies in lessons/, never the reference copies in notebooks/."""
    url = repository_url().rstrip("/")
    slug = url.split("github.com/", 1)[-1] if "github.com/" in url else None
    lessons = [p.name for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
    folder = url.rsplit("/", 1)[-1]
    quoted = urllib.parse.quote(url, safe="")
    links = {"nbgitpuller (school JupyterHub)": [
        f"{hub}/hub/user-redirect/git-pull?repo={quoted}&branch={branch}"
        f"&urlpath=lab%2Ftree%2F{folder}%2Flessons%2F{name}" for name in lessons]}
    if slug:
        links["Colab"] = [f"https://colab.research.google.com/github/{slug}/blob/{branch}/lessons/{n}" for n in lessons]
        links["Binder"] = [f"https://mybinder.org/v2/gh/{slug}/{branch}?urlpath=lab%2Ftree%2Flessons%2F{n}" for n in lessons]
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
                            str(ROOT / "tests" / "test_platforms.py"), str(ROOT / "tests" / "test_setup.py"), *rest])


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

# text files opened without an encoding (read in the machine's code page on Windows), in every module that opens any
NAMED_ENCODINGS = "tests/test_setup.py::test_the_kit_names_the_encoding_of_every_text_file_it_reads_or_writes"
# The tests that exercise each module; a module not listed runs the whole suite (notebooks excepted).
MUTATE_TESTS = {
    "claimreview": ["tests/test_helpers.py"],
    "agreement": ["tests/test_helpers.py"],
    # the lessons, run in-process with their worked solutions, call each exercise's answer function
    "exercises": ["tests/test_helpers.py", "tests/test_docs.py::test_instructor_answer_key_matches_the_self_checks",
                  "tests/test_notebooks.py", "tests/test_start_here.py"],
    "rankings": ["tests/test_helpers.py", "tests/test_notebooks.py"],
    "checks": ["tests/test_validate.py", "tests/test_battery.py", "tests/test_data.py", NAMED_ENCODINGS],
    "data": ["tests/test_data.py", "tests/test_validate.py", NAMED_ENCODINGS],
    "charts": ["tests/test_charts.py", "tests/test_helpers.py"],
    "worksheets": ["tests/test_worksheets.py", NAMED_ENCODINGS],
    # the bundle's workbooks run from an unzipped copy, where mutmut's mutated package cannot be found
    "workbook": ["tests/test_article.py",
                 "--deselect=tests/test_article.py::test_the_bundle_carries_an_article_folder_and_its_workbooks_run_there",
                 NAMED_ENCODINGS],
    "article": ["tests/test_article.py", "tests/test_article_inputs.py", "tests/test_validate.py", NAMED_ENCODINGS],
    "finder": ["tests/test_finder.py", "tests/test_article_inputs.py"],
    "classroom": ["tests/test_classroom.py", "tests/test_bundle.py", NAMED_ENCODINGS],
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


def mutant_names(work: Path, module: str) -> list[str]:
    """The names of the mutants mutmut made of helpers/MODULE.py in its copy under `work`."""
    made = (work / "mutants" / "helpers" / f"{module}.py").read_text(encoding="utf-8")
    return sorted(set(f"helpers.{module}.{name}" for name in re.findall(r"^\s*def (x\S*?__mutmut_\d+)\(", made, flags=re.M)))


def mutate(rest: list[str]) -> int:
    """Mutation testing of helpers/MODULE.py with mutmut, each module in its own copy of the kit under
    build/mutate/MODULE/ (the kit itself is never changed). Prints each module's kill rate and where
    its survivors are listed. `--sample N` tests N of a module's mutants drawn at random instead of all (the
    same N draws the same mutants every run): an estimate in minutes where a whole module takes an hour or
    more. Maintainers only; not in CI."""
    usage = "usage: python3 tasks.py mutate [--sample N] [MODULE ...]"
    sample = None
    if "--sample" in rest:
        at = rest.index("--sample")
        if at + 1 >= len(rest) or not re.fullmatch(r"[1-9][0-9]{0,5}", rest[at + 1]):
            print(f"{usage}\n--sample needs a whole number of mutants, such as 300", file=sys.stderr)
            return 2
        sample, rest = int(rest[at + 1]), rest[:at] + rest[at + 2:]
    modules = rest or sorted(p.stem for p in (ROOT / "helpers").glob("*.py")
                             if p.stem not in ("__init__", "__main__", "classroom"))
    unknown = [m for m in modules if not re.fullmatch(r"[a-z_]+", m) or not (ROOT / "helpers" / f"{m}.py").is_file()]
    if unknown:
        print(f"{usage}\nno module helpers/{unknown[0]}.py", file=sys.stderr)
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
        run = [str(python), "-m", "mutmut", "run"]
        env = {**os.environ, "MPLBACKEND": "Agg"}
        if sample:
            # mutmut has no command that only makes the mutants and records which tests call what: asked for a
            # mutant that does not exist, it does both, then stops with an error, which is kept in a log
            log = work / "mutmut-prepare.log"
            with open(log, "w", encoding="utf-8") as out:
                subprocess.call([*run, f"helpers.{module}.no_mutant_is_called_this"], cwd=work, env=env, stdout=out, stderr=out)
            if not (work / "mutants" / "helpers" / f"{module}.py").is_file():
                say(f"mutmut could not prepare helpers/{module}.py; see {log.relative_to(ROOT)}")
                failed += 1
                continue
            names = mutant_names(work, module)
            run += sorted(random.Random(f"{module}:{sample}").sample(names, min(sample, len(names))))
            say(f"testing {min(sample, len(names))} of the {len(names)} mutants, drawn at random")
        code = subprocess.call(run, cwd=work, env=env)
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
    try:
        if command in CLASSROOM:  # before chdir: a FOLDER to collect is relative to where the teacher is
            return CLASSROOM[command](rest)
        os.chdir(ROOT)
        if command not in COMMANDS:
            print(__doc__)
            return 2
        return COMMANDS[command](rest)
    except KeyboardInterrupt:  # Ctrl+C during a set-up step: one line, not a traceback
        print()
        say("Stopped (Ctrl+C). Run the command again to carry on.")
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
