"""Time what a class of thirty waits for; run it with `python3 tasks.py bench`.

Reports, on the machine it runs on:
- the floor: starting a kernel and importing pandas and matplotlib in it;
- each notebook run top to bottom in a fresh kernel, and its ratio to the floor
  (target: 1.3 or less): once checking the data in full, as a first run does,
  and once as a rerun on data already found sound;
- the cost of importing the helpers on top of pandas (target: 50 ms or less);
- the whole test suite's wall time after set-up (target: under 30 s).
Each timing is the median of several runs. Nothing here asserts: it measures.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[1]
FLOOR_CODE = "import pandas\nimport matplotlib.pyplot"


def run_in_kernel(sources: list[str], cwd: Path, cache: str = "off") -> float:
    """Seconds to start a fresh kernel and run `sources` in order.

    `cache` is KIT_CHECK_CACHE for the kernel: "off" checks the data in full, as
    on a first run; a file where the data is already recorded as sound is a rerun.
    """
    start = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(cwd), env={**os.environ, "KIT_CHECK_CACHE": cache})
    try:
        for source in sources:
            reply = kc.execute_interactive(source, timeout=300, output_hook=lambda msg: None)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"cell failed: {source[:60]!r}")
        return time.perf_counter() - start
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def median_of(runs: int, measure) -> float:
    return statistics.median(measure() for _ in range(runs))


HELPERS_AFTER_PANDAS = (
    "import time, pandas\n"
    "start = time.perf_counter()\n"
    "import helpers, helpers.data, helpers.exercises, helpers.claimreview, helpers.charts\n"
    "print(time.perf_counter() - start)"
)


def helpers_import_seconds() -> float:
    """Seconds to import every helper module in a fresh interpreter that has already imported pandas."""
    out = subprocess.run([sys.executable, "-c", HELPERS_AFTER_PANDAS], check=True, capture_output=True, text=True)
    return float(out.stdout)


def main() -> None:
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    floor = median_of(3, lambda: run_in_kernel([FLOOR_CODE], ROOT / "notebooks"))
    print(f"{'what':<48}{'seconds':>9}{'ratio':>8}")
    print(f"{'floor: kernel + pandas + matplotlib':<48}{floor:>9.2f}{1:>8.2f}")
    cache = Path(tempfile.mkdtemp()) / "sound.txt"
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
        first = median_of(3, lambda: run_in_kernel(sources, path.parent))
        run_in_kernel(sources, path.parent, str(cache))  # records the shipped data as sound
        rerun = median_of(3, lambda: run_in_kernel(sources, path.parent, str(cache)))
        print(f"{path.name + ', full data check':<48}{first:>9.2f}{first / floor:>8.2f}")
        print(f"{path.name + ', rerun':<48}{rerun:>9.2f}{rerun / floor:>8.2f}")
    print(f"{'import helpers beyond pandas (ms)':<48}{median_of(7, helpers_import_seconds) * 1000:>9.0f}")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", "-q"], cwd=ROOT, check=True, capture_output=True)
    print(f"{'test suite wall time':<48}{time.perf_counter() - start:>9.2f}")


if __name__ == "__main__":
    main()
