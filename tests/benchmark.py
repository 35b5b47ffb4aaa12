"""Time what a class of thirty waits for; run it with `python3 tasks.py bench`.

Reports, on the machine it runs on:
- the floor: starting a kernel and importing pandas and matplotlib in it; and, timed inside a kernel
  that has run the floor, one small chart drawn and shown (what any lesson with a chart pays on top);
- each notebook run top to bottom in a fresh kernel, and its ratio to the floor:
  a first run (target: 1.3 or less) with an empty cache folder, as on a fresh
  machine, and a rerun (target: 1.2 or less). Both check the data in full: the
  check takes milliseconds, so nothing is remembered between sessions;
- each notebook's slowest cell in those first runs (its number among the code cells, its first words, its
  seconds and its ratio to the floor; target: under 1 s), and its core's load in minutes (the words of the
  markdown and printed text output of every cell not tagged `extension`, at 150 a minute, plus 3 minutes a
  self-check; tests/test_notebooks.py's measure) against the minutes its first cell states (target: 0.85 or less);
- the full data check on its own, in a fresh interpreter (cold) and again;
- the cost of importing the helpers on top of pandas (target: 50 ms or less);
- the whole test suite's wall time after set-up (target: under 15 s);
- set-up, in a fresh clone with empty caches: the first `python3 tasks.py test` against a warm rerun
  (target: 2x or less) and the first `python3 tasks.py lab` until JupyterLab answers against a warm
  start (target: 5x or less). `--setup-only` runs just these; `--with-pip` adds pip's first run;
- the claim finder (helpers/finder.py) scored against hand-made tables (the Haaretz table and the
  articles written for the tests, tests/articles/), and its time per 1,000 words (target: under 0.1 s).
  `--finder-only` runs just this.
`--lessons-only` runs just the floor and the notebooks, one round each (a quick look at a lesson's timing).
Each timing is the median of several runs. Nothing here asserts: it measures.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from run_lessons import start_kernel  # tests/, this script's folder

ROOT = Path(__file__).resolve().parents[1]
FLOOR_CODE = "import pandas\nimport matplotlib.pyplot"
ONE_CHART = ("from helpers import charts\nfig, ax = matplotlib.pyplot.subplots()\nax.barh(['a', 'b'], [1, 2])\n"
             "ax.set_title('two bars')\ncharts.show(fig, alt='Two bars.')")


def run_in_kernel(sources: list[str], cwd: Path, env: dict | None = None, cell_seconds: list | None = None) -> float:
    """Seconds to start a fresh kernel (with environment `env`) and run `sources` in order; each source's own
    seconds are appended to `cell_seconds` if given."""
    start = time.perf_counter()
    km, kc = start_kernel(cwd=str(cwd), env=env or fresh_machine_env())
    try:
        for source in sources:
            began = time.perf_counter()
            reply = kc.execute_interactive(source, timeout=300, output_hook=lambda msg: None)
            if cell_seconds is not None:
                cell_seconds.append(time.perf_counter() - began)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"cell failed: {source[:60]!r}")
        return time.perf_counter() - start
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def first_chart_seconds() -> float:
    """Seconds, timed inside a fresh kernel that has run the floor, to draw and show one small chart."""
    km, kc = start_kernel(cwd=str(ROOT / "notebooks"), env=fresh_machine_env())
    printed = []
    try:
        kc.execute_interactive(FLOOR_CODE, timeout=300, output_hook=lambda msg: None)
        timed = f"import time\nstart = time.perf_counter()\n{ONE_CHART}\nprint(time.perf_counter() - start)"
        kc.execute_interactive(timed, timeout=300, output_hook=lambda msg: printed.append(msg["content"].get("text", "")))
        return float("".join(printed).split()[-1])
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def median_of(runs: int, measure) -> float:
    return statistics.median(measure() for _ in range(runs))


HELPERS_AFTER_PANDAS = (
    "import time, pandas\n"
    "start = time.perf_counter()\n"
    "import helpers, helpers.data, helpers.exercises, helpers.claimreview, helpers.charts, helpers.agreement, helpers.rankings\n"
    "print(time.perf_counter() - start)"
)


def helpers_import_seconds() -> float:
    """Seconds to import every helper module in a fresh interpreter that has already imported pandas."""
    out = subprocess.run([sys.executable, "-c", HELPERS_AFTER_PANDAS], check=True, capture_output=True, text=True)
    return float(out.stdout)


CHECK_COLD_AND_WARM = (
    "import time, pandas\n"
    "start = time.perf_counter()\n"
    "from helpers import checks\n"
    "assert checks.check() == []\n"
    "cold = time.perf_counter() - start\n"
    "checks._tables.clear(); checks._cells.clear(); checks._customs.clear(); checks._fks.clear()\n"
    "start = time.perf_counter()\n"
    "checks.check()\n"
    "print(cold, time.perf_counter() - start)"
)


def check_seconds() -> tuple[float, float]:
    """Seconds for the full data check of the shipped folder: first in a fresh interpreter (with the
    checker's import), then again with nothing remembered."""
    runs = [subprocess.run([sys.executable, "-c", CHECK_COLD_AND_WARM], cwd=ROOT, check=True, capture_output=True, text=True)
            for _ in range(5)]
    cold, again = zip(*(map(float, r.stdout.split()) for r in runs))
    return statistics.median(cold), statistics.median(again)


def fresh_machine_env() -> dict:
    """The environment of a user who has never run the kit: an empty cache folder (and no KIT_* setting)."""
    import matplotlib

    env = {k: v for k, v in os.environ.items() if not k.startswith("KIT_")}
    # matplotlib keeps its font list in the cache folder too: keep that one, as tasks.py builds it at set-up
    return {**env, "XDG_CACHE_HOME": tempfile.mkdtemp(prefix="fresh-cache-"), "MPLCONFIGDIR": matplotlib.get_cachedir()}


def notebook_runs(path: Path, floor: float, rounds: int = 3) -> None:
    """First run on a fresh machine and rerun, each a fresh kernel, with their ratios to the floor.

    Each round runs a floor, a first run and a rerun one after the other, and each ratio is the
    median of the rounds' ratios: a machine that gets busier or quieter meanwhile (other users, a
    laptop's power saving) then moves both sides of a ratio alike. `floor` is used only to print.
    """
    nb = json.loads(path.read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    env = fresh_machine_env()
    run_in_kernel(sources, path.parent, env=env)  # the rerun's kernel has run the lesson once before
    firsts, reruns, ratios_first, ratios_rerun, cells, floors = [], [], [], [], [], []
    for _ in range(rounds):
        beside = run_in_kernel([FLOOR_CODE], path.parent, env=fresh_machine_env())
        cells.append([])
        firsts.append(run_in_kernel(sources, path.parent, env=fresh_machine_env(), cell_seconds=cells[-1]))
        reruns.append(run_in_kernel(sources, path.parent, env=env))
        ratios_first.append(firsts[-1] / beside)
        ratios_rerun.append(reruns[-1] / beside)
        floors.append(beside)
    first, rerun = statistics.median(firsts), statistics.median(reruns)
    print(f"{path.name + ', first run (target 1.3)':<48}{first:>9.2f}{statistics.median(ratios_first):>8.2f}")
    print(f"{path.name + ', rerun (target 1.2)':<48}{rerun:>9.2f}{statistics.median(ratios_rerun):>8.2f}")
    per_cell = [statistics.median(round_[i] for round_ in cells) for i in range(len(sources))]
    slowest = max(range(len(sources)), key=per_cell.__getitem__)
    ratio = statistics.median(round_[slowest] / beside for round_, beside in zip(cells, floors))
    print(f"{path.name + ', slowest cell (target 1 s)':<48}{per_cell[slowest]:>9.2f}{ratio:>8.2f}")
    words = " ".join(sources[slowest].split()[:6])
    print(f"    code cell {slowest + 1} of {len(sources)}: {words[:60]!r}")
    core_load_report(path)


def core_load_report(path: Path) -> None:
    """The core's load in minutes against the minutes the lesson's first cell states (tests/test_notebooks.py's measure)."""
    import test_notebooks  # tests/ is this script's folder, so it is importable

    nb = json.loads(path.read_text(encoding="utf-8"))
    load, stated = test_notebooks.core_load(nb), test_notebooks.stated_minutes(nb)
    label = f"{path.name}, core load, min of {stated if stated else '?'} (target 0.85)"
    print(f"{label:<48}{load['minutes']:>9.1f}{load['minutes'] / stated if stated else float('nan'):>8.2f}")
    print(f"    {load['markdown words']} markdown words, {load['output words']} words of printed output, {load['checks']} self-checks")


def main(lessons_only: bool = False) -> None:
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    floor = median_of(3, lambda: run_in_kernel([FLOOR_CODE], ROOT / "notebooks", env=fresh_machine_env()))
    print(f"{'what':<48}{'seconds':>9}{'ratio':>8}")
    print(f"{'floor: kernel + pandas + matplotlib':<48}{floor:>9.2f}{1:>8.2f}")
    chart = statistics.median(first_chart_seconds() for _ in range(5))
    print(f"{'one small chart, drawn and shown, after the floor':<48}{chart:>9.2f}{chart / floor:>8.2f}")
    for path in notebooks:
        notebook_runs(path, floor, rounds=1 if lessons_only else 3)
    if lessons_only:
        return
    import test_battery  # tests/ is this script's folder, so it is importable

    print(f"{'bad-input cases the battery tries (in memory)':<48}{len(test_battery.CASES):>9}")
    cold, again = check_seconds()
    print(f"{'full data check, fresh interpreter (ms)':<48}{cold * 1000:>9.0f}")
    print(f"{'full data check, nothing remembered (ms)':<48}{again * 1000:>9.0f}")
    print(f"{'import helpers beyond pandas (ms)':<48}{median_of(7, helpers_import_seconds) * 1000:>9.0f}")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", "-q"], cwd=ROOT, check=True, capture_output=True)
    print(f"{'test suite wall time (target 15)':<48}{time.perf_counter() - start:>9.2f}")


# --- The claim finder: scores against hand-made tables, and speed (issue 17 items 4 and 5) ----------------

def finder_seconds(text: str, runs: int = 21) -> tuple[float, float]:
    """(median, fastest) seconds of finder.propose on a text, after one untimed run."""
    from helpers import finder

    finder.propose(text)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        finder.propose(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def finder_report() -> None:
    """Recall, precision, type agreement and quotations found with the right speaker, per article, scored one
    to one by tests/finder_score.py (targets: recall and precision 0.85, type right 0.75, every quotation);
    figures found and their kind where a hand-made figures table exists; the test articles pooled, with 95%
    Wilson intervals; then the finder's seconds per 1,000 words (target: under 0.1)."""
    import finder_score  # tests/ is this script's folder

    keys = ("hand_claims", "proposed_claims", "matched", "typed_right", "hand_quotes", "quotes_found",
            "quotes_with_speaker", "hand_figures", "proposed_figures", "figures_matched", "figures_kind_right")
    tests = [(folder.name, finder_score.score_folder(folder)) for folder in finder_score.test_articles()]
    pooled = {key: sum(r.get(key, 0) for _, r in tests) for key in keys}
    rows = [("Haaretz (not blind)", finder_score.score_haaretz())] + tests
    if tests:
        rows.append((f"the {len(tests)} test articles", pooled))
    rows += [(folder.name + " (tuned on)", finder_score.score_folder(folder)) for folder in finder_score.dev_articles()]
    ratio = lambda k, n: f"{k / n:.2f}" if n else "-"  # noqa: E731
    print(f"{'finder vs hand-made table':<32}{'hand':>5}{'found':>6}{'match':>6}{'recall':>7}{'precis.':>8}"
          f"{'type':>6}{'quotes':>7}{'found':>6}{'speaker':>8}{'figures':>8}{'found':>6}{'match':>6}{'kind':>5}")
    for name, r in rows:
        figures = (f"{r['hand_figures']:>8}{r['proposed_figures']:>6}{r['figures_matched']:>6}{r['figures_kind_right']:>5}"
                   if r.get("hand_figures") is not None and (r.get("hand_figures") or r.get("proposed_figures")) else
                   f"{'-':>8}{'-':>6}{'-':>6}{'-':>5}")
        print(f"{name:<32}{r['hand_claims']:>5}{r['proposed_claims']:>6}{r['matched']:>6}"
              f"{ratio(r['matched'], r['hand_claims']):>7}{ratio(r['matched'], r['proposed_claims']):>8}"
              f"{ratio(r['typed_right'], r['matched']):>6}{r['hand_quotes']:>7}{r['quotes_found']:>6}"
              f"{r['quotes_with_speaker']:>8}{figures}")
    print("(targets: recall and precision 0.85, type right 0.75 of matched claims, every quotation with its speaker;"
          " figures: hand-made, proposed, matched at half of each span, matched with the right kind)")
    if tests:
        p = pooled
        for label, k, n in (("claims recall", p["matched"], p["hand_claims"]),
                            ("claims precision", p["matched"], p["proposed_claims"]),
                            ("type right (of matched)", p["typed_right"], p["matched"]),
                            ("quotations found", p["quotes_found"], p["hand_quotes"]),
                            ("quotations with the right speaker", p["quotes_with_speaker"], p["hand_quotes"]),
                            ("figures recall", p["figures_matched"], p["hand_figures"]),
                            ("figures precision", p["figures_matched"], p["proposed_figures"]),
                            ("figures kind right (of matched)", p["figures_kind_right"], p["figures_matched"])):
            low, high = finder_score.wilson(k, n)
            print(f"  test articles pooled: {label:<34}{k:>4} of {n:<4}{ratio(k, n):>6}  (95% Wilson {low:.2f} to {high:.2f})")
    texts = [("Haaretz (datasets/)", (ROOT / "datasets" / "article.txt").read_text(encoding="utf-8"))]
    texts += [(f.name, (f / "article.txt").read_text(encoding="utf-8"))
              for f in finder_score.test_articles() + finder_score.dev_articles()]
    thousand = []
    for _, text in texts[1:]:  # whole articles, until about 1,000 words
        if sum(len(t.split()) for t in thousand) >= 900:
            break
        thousand.append(text.strip())
    texts.append(("about 1,000 words (articles)", "\n\n".join(thousand) + "\n"))
    texts.append(("all of them, one text", "\n\n".join(text.strip() for _, text in texts[:-1]) + "\n"))
    print(f"{'finder time':<32}{'words':>6}{'median s':>10}{'per 1,000':>10}{'fastest':>9}{'per 1,000':>10}")
    for name, text in texts:
        words = len(text.split())
        median, fastest = finder_seconds(text)
        print(f"{name:<32}{words:>6}{median:>10.3f}{median / words * 1000:>10.3f}{fastest:>9.3f}{fastest / words * 1000:>10.3f}")
    print("(target: under 0.1 s per 1,000 words; words are counted between spaces)")


# --- Set-up: what a student waits for the first time, in a fresh clone with empty caches ------------------

def fresh_clone(into: Path) -> Path:
    """A clone of this checkout's last commit (as a class gets it), with its own empty caches and home."""
    clone = into / "kit"
    if subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], capture_output=True).returncode:
        shutil.copytree(ROOT, clone, ignore=shutil.ignore_patterns(".venv*", ".uv", ".git", "__pycache__"))
    return clone


def empty_caches(into: Path) -> dict:
    """Environment variables that point every cache (pip, uv, matplotlib, Jupyter) at new empty folders."""
    env = {k: v for k, v in os.environ.items() if k not in ("MPLCONFIGDIR", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR",
                                                              "JUPYTER_RUNTIME_DIR", "VIRTUAL_ENV")}
    for name, folder in {"HOME": "home", "XDG_CACHE_HOME": "cache", "UV_CACHE_DIR": "uv-cache",
                         "PIP_CACHE_DIR": "pip-cache"}.items():
        (into / folder).mkdir()
        env[name] = str(into / folder)
    return env


def base_python() -> str:
    """The Python a student types `python3` for: the one this environment was made from."""
    return getattr(sys, "_base_executable", sys.executable)


def timed_test_command(clone: Path, env: dict, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([base_python(), "tasks.py", "test", *(args or ["-q"])], cwd=clone, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed_lab_start(clone: Path, env: dict) -> float:
    """Seconds from `python3 tasks.py lab` until JupyterLab answers on its port."""
    port, token = free_port(), secrets.token_hex(16)
    start = time.perf_counter()
    lab = subprocess.Popen([base_python(), "tasks.py", "lab", "--no-browser", f"--port={port}",
                            f"--IdentityProvider.token={token}", "--ServerApp.port_retries=0",
                            *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
                           cwd=clone, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    try:
        while lab.poll() is None and time.perf_counter() - start < 900:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=2) as reply:
                    if reply.status == 200:
                        return time.perf_counter() - start
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"JupyterLab did not answer (exit status {lab.poll()})")
    finally:
        if lab.poll() is None:  # stop tasks.py and the JupyterLab it started
            if os.name == "nt":
                subprocess.run(["taskkill", "/T", "/F", "/PID", str(lab.pid)], capture_output=True)
            else:
                os.killpg(lab.pid, signal.SIGTERM)
            lab.wait(timeout=60)


def wait_for_the_warm_up(clone: Path, limit: float = 300) -> None:
    """Until the lessons' environment's background warm-up (tasks.py's warm_up) has said it has finished."""
    from matrix import tasks  # tasks.py, loaded by file (tests/ is this script's folder)

    start = time.perf_counter()
    while not (clone / ".venv" / tasks.WARMED).exists() and time.perf_counter() - start < limit:
        time.sleep(0.2)


def setup_report() -> None:
    """First runs (fresh clone, empty caches) against warm reruns of the README's two commands.
    Targets: the first test run within 2x a warm one; the first lab start within 5x a warm one."""
    print(f"{'set-up (fresh clone, empty caches)':<48}{'seconds':>9}{'ratio':>8}{'target':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "test").mkdir()
        clone, env = fresh_clone(tmp / "test"), empty_caches(tmp / "test")
        first = timed_test_command(clone, env)
        warm_test = statistics.median(timed_test_command(clone, env) for _ in range(3))
        print(f"{'python3 tasks.py test, warm rerun':<48}{warm_test:>9.1f}{1:>8.2f}")
        print(f"{'python3 tasks.py test, first run':<48}{first:>9.1f}{first / warm_test:>8.2f}{'<= 2':>8}")
        (tmp / "lab").mkdir()
        clone, env = fresh_clone(tmp / "lab"), empty_caches(tmp / "lab")
        first = timed_lab_start(clone, env)
        wait_for_the_warm_up(clone)  # else it would still be compiling in the background during the warm starts
        warm = statistics.median(timed_lab_start(clone, env) for _ in range(3))
        print(f"{'python3 tasks.py lab until it answers, warm':<48}{warm:>9.1f}{1:>8.2f}")
        print(f"{'python3 tasks.py lab until it answers, first':<48}{first:>9.1f}{first / warm:>8.2f}{'<= 5':>8}")
        (tmp / "uv").mkdir()  # set-up alone: collecting the tests needs the environment, runs none
        clone, env = fresh_clone(tmp / "uv"), empty_caches(tmp / "uv")
        with_uv = timed_test_command(clone, env, "--co", "-q")
        print(f"{'set-up alone (tasks.py test --co), uv':<48}{with_uv:>9.1f}{with_uv / warm_test:>8.2f}")
        if "--with-pip" in sys.argv[1:]:  # the fallback, for comparison: a minute or more each
            (tmp / "pip").mkdir()
            clone, env = fresh_clone(tmp / "pip"), {**empty_caches(tmp / "pip"), "KIT_NO_UV": "1"}
            with_pip = timed_test_command(clone, env, "--co", "-q")
            print(f"{'set-up alone (tasks.py test --co), pip only':<48}{with_pip:>9.1f}{with_pip / warm_test:>8.2f}")
            (tmp / "pip2").mkdir()
            clone, env = fresh_clone(tmp / "pip2"), {**empty_caches(tmp / "pip2"), "KIT_NO_UV": "1"}
            first = timed_test_command(clone, env)
            print(f"{'python3 tasks.py test, first run with pip only':<48}{first:>9.1f}{first / warm_test:>8.2f}")


if __name__ == "__main__":
    if "--finder-only" in sys.argv[1:]:
        sys.path.insert(0, str(ROOT))  # the helpers of this checkout
        finder_report()
        sys.exit(0)
    if "--setup-only" not in sys.argv[1:]:
        main(lessons_only="--lessons-only" in sys.argv[1:])
        if "--lessons-only" not in sys.argv[1:]:
            finder_report()
    if "--lessons-only" not in sys.argv[1:]:
        setup_report()
