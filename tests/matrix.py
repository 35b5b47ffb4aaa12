"""Run the lessons (strict nbval) and the whole test suite under the stacks a class may have.

    python3 tasks.py matrix                 every stack
    python3 tasks.py matrix oldest colab    only these

Stacks:
- oldest: the oldest Python the README promises (3.10) with the lowest bounds in pyproject.toml
  for the kit's direct dependencies (uv's --resolution lowest-direct);
- colab: Colab's Python and libraries as the kit's issue records them (Python 3.12, pandas 2.2.3,
  matplotlib 3.10.0), everything else as pinned in constraints.txt;
- newest: the newest Python on this machine with the newest release of everything.

Each stack gets its own environment in .venv-matrix/, built with uv from the Pythons installed here
(on PATH, through pyenv, or managed by uv; nothing is downloaded but packages). A stack that cannot be
built fails loudly: the command exits 1, it never passes a stack by skipping it. Each run's full output
is kept in .venv-matrix/<stack>.log.
"""
from __future__ import annotations

import glob
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("kit_tasks", ROOT / "tasks.py")
tasks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tasks)

HOME = ROOT / ".venv-matrix"
OLDEST, NEWEST_KNOWN = (3, 10), (3, 20)
STACKS = {
    "oldest": {"python": "3.10", "what": "lowest bounds of pyproject.toml", "args": ["--resolution", "lowest-direct"]},
    "colab": {"python": "3.12", "what": "Colab: pandas 2.2.3, matplotlib 3.10.0, the rest from constraints.txt",
              "args": ["-c", str(ROOT / "constraints.txt")], "override": ["pandas==2.2.3", "matplotlib==3.10.0"]},
    "newest": {"python": "newest", "what": "newest releases of everything", "args": ["--resolution", "highest"]},
}
VERSIONS = "import sys, numpy, pandas, matplotlib; print(f'{sys.version.split()[0]} pandas {pandas.__version__} matplotlib {matplotlib.__version__} numpy {numpy.__version__}')"


class StackError(Exception):
    """A stack that could not be built."""


def version_of(python: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:2])"], capture_output=True,
                             text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return tuple(map(int, out.stdout.split())) if out.returncode == 0 and out.stdout.strip() else None


def candidates(version: str) -> list[str]:
    """Places a Python X.Y may be installed: pyenv's folders, PATH, the py launcher, uv's own Pythons."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = sorted(glob.glob(str(pyenv / f"{version}.*" / "bin" / "python")), reverse=True)
    found += [p for p in (shutil.which(f"python{version}"),) if p]
    if os.name == "nt" and shutil.which("py"):
        out = subprocess.run(["py", f"-{version}", "-c", "import sys; print(sys.executable)"], capture_output=True, text=True)
        found += [out.stdout.strip()] if out.returncode == 0 else []
    uv = tasks.find_uv()
    if uv:
        out = subprocess.run([*uv, "python", "find", "--no-python-downloads", "--python-preference", "only-managed",
                              version], capture_output=True, text=True)
        found += [out.stdout.strip()] if out.returncode == 0 and out.stdout.strip() else []
    return found


def find_python(version: str) -> str:
    if version == "newest":
        for minor in range(NEWEST_KNOWN[1], OLDEST[1] - 1, -1):
            try:
                return find_python(f"3.{minor}")
            except StackError:
                continue
        raise StackError("no Python 3.10 or newer found")
    wanted = tuple(map(int, version.split(".")))
    for python in candidates(version):
        if version_of(python) == wanted:
            return python
    raise StackError(f"Python {version} is not installed here (looked in pyenv's folders, PATH, py and uv's Pythons); "
                     f"install it, for example `pyenv install {version}`")


def constraints_without(pins: list[str]) -> Path:
    """A copy of constraints.txt without the lines for the packages these pins name."""
    names = {re.split(r"[<>=!~ ;]", pin)[0].lower() for pin in pins}
    kept = [line for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
            if re.split(r"[<>=!~ ;]", line)[0].lower() not in names]
    path = Path(tempfile.mkdtemp()) / "constraints.txt"
    path.write_text("\n".join(kept) + "\n")
    return path


def build(name: str, stack: dict, log) -> Path:
    uv = tasks.find_uv()
    if not uv:
        raise StackError("uv is needed to build the stacks and could not be fetched")
    python = find_python(stack["python"])
    env = HOME / name
    shutil.rmtree(env, ignore_errors=True)
    uv_env = {**tasks.uv_env(), "UV_PYTHON_DOWNLOADS": "never"}
    if subprocess.run([*uv, "venv", "--quiet", "--python", python, str(env)], env=uv_env, stdout=log, stderr=log).returncode:
        raise StackError(f"uv could not make a virtual environment from {python}")
    args = list(stack["args"])
    if "override" in stack:  # these pins replace constraints.txt's for the same packages
        constraints = constraints_without(stack["override"])
        (constraints.parent / "overrides.txt").write_text("\n".join(stack["override"]) + "\n")
        args = [a.replace(str(ROOT / "constraints.txt"), str(constraints)) for a in args]
        args += ["--override", str(constraints.parent / "overrides.txt")]
    command = [*uv, "pip", "install", "--compile-bytecode", "--python", str(tasks.python_in(env)), *args, "-e", f"{ROOT}[test,article]"]
    if subprocess.run(command, env=uv_env, stdout=log, stderr=log).returncode:
        raise StackError("uv could not install the kit's test environment (see the log)")
    return tasks.python_in(env)


def above_lowest_bounds(python: Path) -> list[str]:
    """Direct dependencies installed above their lowest bound in pyproject.toml (a bound `>=3.6` is met by
    3.6 or a 3.6.x bug-fix release): a bound no stack tests would be a promise nobody checked."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    direct = re.findall(r'^\s*"([A-Za-z0-9_.-]+)>=([0-9.]+)', text.split("[project.optional-dependencies]")[0]
                        + text.split("test = [")[1].split("]")[0], flags=re.M)
    code = "import sys\nfrom importlib.metadata import version\nfor n in sys.argv[1:]: print(n, version(n))"
    out = subprocess.run([str(python), "-c", code, *[name for name, _ in direct]], capture_output=True, text=True)
    installed = dict(line.split() for line in out.stdout.splitlines())
    wrong = []
    for name, bound in direct:
        lowest = [int(x) for x in bound.split(".")]
        got = [int(x) for x in re.findall(r"\d+", installed.get(name, "-1"))[:3]]
        if (got + [0] * len(lowest))[: len(lowest)] != lowest:
            wrong.append(f"{name} {installed.get(name, 'missing')} installed where pyproject.toml's lowest bound is {bound}")
    return wrong


def failure_details(output: str, lines: int = 40) -> str:
    """From pytest's ERRORS and FAILURES sections, each failure's heading, its failing line (`>`), its `E` lines
    (the assertion and message; at most `lines`) and where it happened, so that a run whose log is not kept (CI's)
    still says why a stack failed; the whole output is in the stack's log."""
    kept = []
    for section in re.finditer(r"^=+ (ERRORS|FAILURES) =+\n(.*?)(?=^=+ .+ =+$|\Z)", output, flags=re.M | re.S):
        for one in re.split(r"^(?=_{3,} .+ _{3,}$)", section.group(2), flags=re.M):
            body = [line for line in one.splitlines() if line.strip()]
            if not body:
                continue
            failing = [line for line in body[1:] if line.startswith("> ")][-1:]
            said = [line for line in body[1:] if line.startswith("E ")]
            kept += body[:1] + failing + said[:lines] + (["E   ..."] if len(said) > lines else []) + body[-1:]
    return "\n".join(f"    {line}" for line in kept)


# quiet, the failures' and errors' summary lines (which name the tests), and no colour codes in the log
PYTEST_OPTIONS = ["-q", "-rfE", "--color=no"]


def run_tests(python: Path, cwd: Path = ROOT, args: tuple[str, ...] = ("--nbval",)) -> subprocess.CompletedProcess:
    """The whole test suite and strict nbval over the lessons, in the stack's Python."""
    return subprocess.run([str(python), "-m", "pytest", *PYTEST_OPTIONS, *args], cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def run_stack(name: str, stack: dict) -> tuple[bool, str, list[str]]:
    """(passed, the stack's versions, the failing tests) for one stack; a failure's details are printed."""
    HOME.mkdir(exist_ok=True)
    log_path = HOME / f"{name}.log"
    with open(log_path, "w", encoding="utf-8") as log:
        tasks.say(f"[{name}] building: {stack['what']} ...")
        python = build(name, stack, log)
        versions = subprocess.run([str(python), "-c", VERSIONS], capture_output=True, text=True, check=True).stdout.strip()
        tasks.say(f"[{name}] Python {versions}: running the tests and strict nbval over the lessons ...")
        log.flush()
        result = run_tests(python)
        log.write(result.stdout)
    failed = re.findall(r"^(?:FAILED|ERROR) (.+?)(?: - .*)?$", result.stdout, flags=re.M)
    if result.returncode != 0:
        print(failure_details(result.stdout) or "\n".join(f"    {line}" for line in result.stdout.splitlines()[-40:]))
    if name == "oldest":
        above = above_lowest_bounds(python)
        if above:
            return False, versions, failed + above
    return result.returncode == 0, versions, failed


def main(argv: list[str]) -> int:
    chosen = argv or list(STACKS)
    unknown = [n for n in chosen if n not in STACKS]
    if unknown:
        sys.exit(f"unknown stack {unknown}; the stacks are {', '.join(STACKS)}")
    results = []
    for name in chosen:
        start = time.perf_counter()
        try:
            passed, versions, failed = run_stack(name, STACKS[name])
        except (StackError, subprocess.CalledProcessError) as err:
            passed, versions, failed = False, f"NOT BUILT: {err}", []
        seconds = time.perf_counter() - start
        results.append((name, passed, versions, failed))
        tasks.say(f"[{name}] {'passed' if passed else 'FAILED'} in {seconds:.0f} s; log: .venv-matrix/{name}.log")
        for test in failed:
            print(f"    failed: {test}")
    print()
    print(f"{'stack':<8}{'result':<8}versions")
    for name, passed, versions, _ in results:
        print(f"{name:<8}{'pass' if passed else 'FAIL':<8}{versions}")
    return 0 if all(passed for _, passed, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
