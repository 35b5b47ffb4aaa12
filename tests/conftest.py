"""Shared fixtures: a scratch copy of the datasets, and a guard on the shipped ones."""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
REFERENCE = ROOT / "tests" / "reference"
"""Byte-for-byte copies of the reference files the tests compare against (see its README.md)."""


def fingerprint(folder: Path) -> dict[str, str]:
    """sha256 of every file in a folder, by name."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}



def returns_without_waiting_on(pipe: Path, call):
    """`call()`'s result, run in a thread; if it is still waiting after 20 s (opening the named pipe `pipe` waits for a
    writer), be that writer so that the thread ends, and fail the test. So a test of a pipe never hangs."""
    import threading

    done = []
    worker = threading.Thread(target=lambda: done.append(call()), daemon=True)
    worker.start()
    worker.join(timeout=20)
    if not done:
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=20)
        pytest.fail("opening a named pipe waited for a writer")
    return done[0]

def growth(run, small, large, repeat: int = 3) -> float:
    """How many times longer `run(large)` takes than `run(small)`, each the best of `repeat` runs, measured in one
    run of the tests. A ratio, not a time: a slow or busy machine slows both sides alike. Work linear in the input
    grows about as much as the input (4 times the input, about 4 times the time); quadratic work grows by its
    square (16 times)."""
    import time

    def best(size):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            run(size)
            times.append(time.perf_counter() - start)
        return min(times)

    return best(large) / best(small)

@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A copy of the shipped datasets that a test may break."""
    folder = tmp_path / "datasets"
    shutil.copytree(DATASETS, folder)
    return folder


@pytest.fixture(autouse=True)
def shipped_datasets_unchanged():
    """No test, helper or notebook run may change datasets/."""
    before = fingerprint(DATASETS)
    yield
    assert fingerprint(DATASETS) == before, "datasets/ changed during the test"


@pytest.fixture(scope="session", autouse=True)
def each_session_runs_the_lessons_afresh():
    """The lesson runs of tests/test_notebooks.py (which tests/test_start_here.py uses too) are remembered for
    one pytest session only. `python3 tasks.py mutate` forks each mutant's test run from a process that has
    already run the tests once; a run remembered from then would answer for the mutated helpers."""
    import sys

    lessons = sys.modules.get("test_notebooks")
    if lessons is not None:
        lessons.forget_lesson_runs()


@pytest.fixture
def site():
    """Pages served on 127.0.0.1 with the content type each is given (404 for any other path); the User-Agent of each
    request is kept."""
    pages, agents = {}, []

    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            agents.append(self.headers.get("User-Agent"))
            if self.path not in pages:
                self.send_error(404)
                return
            kind, body = pages[self.path]
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", pages, agents
    server.shutdown()
    server.server_close()


def pytest_configure(config):
    """Every kernel a test starts (nbval's, tests/run_lessons.py's, a platform simulation's) reads IPython's settings
    from a folder of the test run's own, where its history database is off. Kernels running at once (two test
    workers, or run_lessons.py's kernels side by side) would otherwise share ~/.ipython/profile_default/history.sqlite;
    when one waits more than 5 s for its lock, IPython prints "The history saving thread hit an unexpected error"
    into whatever cell is running, and that cell's output no longer matches. The user's own startup files, which
    could print anything, are left out too. Test workers inherit the folder from the process that started them."""
    given = os.environ.get("KIT_TEST_IPYTHONDIR")
    if given and os.environ.get("IPYTHONDIR") == given and (Path(given) / "profile_default" / "ipython_kernel_config.py").is_file():
        return  # a test worker, or a test run started by a test: the folder of the run that started it
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="kit-ipython-"))
    (folder / "profile_default").mkdir()
    for name in ("ipython_config.py", "ipython_kernel_config.py"):
        (folder / "profile_default" / name).write_text("c.HistoryManager.enabled = False\n", encoding="utf-8")
    config._kit_ipython = (folder, {k: os.environ.get(k) for k in ("IPYTHONDIR", "KIT_TEST_IPYTHONDIR")})
    os.environ["IPYTHONDIR"] = os.environ["KIT_TEST_IPYTHONDIR"] = str(folder)


def pytest_unconfigure(config):
    """The run that made the folder removes it and puts the environment back as it found it, so a later run in
    the same process (or one forked from it, as mutmut's are) makes a folder of its own."""
    made = getattr(config, "_kit_ipython", None)
    if made is None:
        return
    folder, before = made
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    shutil.rmtree(folder, ignore_errors=True)


def pytest_sessionstart(session):
    """Build matplotlib's font cache before nbval starts kernels: on a new machine the first
    import prints "building the font cache", which would not match the stored outputs."""
    import matplotlib.font_manager  # noqa: F401



def _children_run_the_original_code_while_mutmut_counts():
    """Only under mutmut (`python3 tasks.py mutate`). While mutmut records which tests call which function
    (MUTANT_UNDER_TEST=stats), the kit's mutated code in a child process (a kernel, `python -m helpers`,
    `tasks.py`) would look for mutmut's settings in the child's own folder and fail. Children started then
    run the original code; children started while a mutant is tested inherit its name and run it."""
    import subprocess

    start = subprocess.Popen.__init__

    def popen(self, *args, **kwargs):
        if os.environ.get("MUTANT_UNDER_TEST") == "stats":
            given = kwargs.get("env")  # the kit's tests pass env by name, never by position
            kwargs["env"] = {k: v for k, v in (os.environ if given is None else given).items() if k != "MUTANT_UNDER_TEST"}
        start(self, *args, **kwargs)

    subprocess.Popen.__init__ = popen


if "MUTANT_UNDER_TEST" in os.environ:
    _children_run_the_original_code_while_mutmut_counts()
