"""Set up the kit and run it: the two commands of the README's quick start.

    python3 tasks.py lab     open the lessons in JupyterLab
    python3 tasks.py test    run every test, notebooks included
    python3 tasks.py bench   time the notebooks, `import helpers` and the test suite

For the classroom (helpers/classroom.py does the work):
    python3 tasks.py lab             opens the students' own copies in work/ (made on first use);
                                     `lab --teacher` opens the whole kit, instructors/ included
    python3 tasks.py reset LESSON    a fresh copy of one lesson in work/; the old copy is kept beside it
    python3 tasks.py bundle          build/student-bundle.zip: lessons, data, helpers, no instructors/
    python3 tasks.py handouts        build/handouts/: printable HTML of every lesson
    python3 tasks.py collect FOLDER  build/class-summary/: who got which exercise right, from handed-in notebooks

Each command makes its own virtual environment on first use (.venv for the
lessons, .venv-test for the tests, so the tests need no JupyterLab), installs
the kit there with the exact versions in constraints.txt, and skips all of that
on later runs until pyproject.toml or constraints.txt changes. Needs only
Python 3.10 or newer with pip; on Windows write `py tasks.py ...`.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
ENVS = {"lab": ROOT / ".venv", "test": ROOT / ".venv-test"}


def python_in(env: Path) -> Path:
    return env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure(extra: str) -> Path:
    """A virtual environment with the kit and its `extra` dependencies installed."""
    env = ENVS[extra]
    stamp = env / "kit-installed.txt"
    wanted = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in ("pyproject.toml", "constraints.txt"))).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted and python_in(env).exists():
        return python_in(env)
    if not python_in(env).exists():
        print(f"Creating {env.name} ...", flush=True)
        try:
            venv.create(env, with_pip=True)
        except Exception as err:  # e.g. Debian without python3-venv
            sys.exit(f"Could not create {env}: {err}\nOn Debian or Ubuntu run: sudo apt install python3-venv")
    print(f"Installing the kit into {env.name} (first run only) ...", flush=True)
    subprocess.run([str(python_in(env)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-c", str(ROOT / "constraints.txt"), "-e", f"{ROOT}[{extra}]"], check=True)
    stamp.write_text(wanted)
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
    return subprocess.call([str(ensure("lab")), "-m", "jupyterlab", *where, *args])


def reset(args: list[str]) -> int:
    return classroom_cli(["reset", *args])


def bundle(args: list[str]) -> int:
    return classroom_cli(["bundle", *args])


def handouts(args: list[str]) -> int:  # needs nbconvert: runs in the lab environment
    return subprocess.call([str(ensure("lab")), "-m", "helpers.classroom", "handouts", *args])


def collect(args: list[str]) -> int:  # needs matplotlib: runs in the lab environment
    return subprocess.call([str(ensure("lab")), "-m", "helpers.classroom", "collect", *args])


def classroom_cli(args: list[str]) -> int:
    """Commands that need only the standard library run here, with no environment to set up."""
    from helpers import classroom

    return classroom.main(args)


CLASSROOM = {"lab": lab, "reset": reset, "bundle": bundle, "handouts": handouts, "collect": collect}


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 10):
        sys.exit(f"The kit needs Python 3.10 or newer; this is {sys.version.split()[0]}.")
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command in CLASSROOM:  # before chdir: a FOLDER to collect is relative to where the teacher is
        return CLASSROOM[command](rest)
    os.chdir(ROOT)
    if command == "test":
        return subprocess.call([str(ensure("test")), "-m", "pytest", *rest])
    if command == "bench":
        return subprocess.call([str(ensure("test")), str(ROOT / "tests" / "benchmark.py"), *rest])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
