"""Run notebooks in fresh kernels, all at once, and report as JSON on stdout.

    python tests/run_lessons.py [--against FOLDER | --core] NOTEBOOK...

Each notebook runs top to bottom in its own kernel started in the notebook's
folder (as Jupyter does). For each one the report gives the cells whose text
output differs from the stored one (images are not compared, as with nbval; with
--against FOLDER, from the one stored in FOLDER's notebook of the same name, for output-free copies),
any error, the self-check lines printed, and the file `helpers` was imported
from, so a caller can tell which copy of the kit the lesson used. With --core,
only the lesson's core runs (every cell tagged `extension` left out), and only
errors are reported (a core may print less than the whole lesson did).
Used by tests/test_bundle.py and tests/test_notebooks.py; it is a script, so a
test can run it in a process of its own.
"""
from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jupyter_client.manager import start_new_kernel

PROBE = "import helpers as _h; print(_h.__file__); del _h"


# IPython's history database is shared by every kernel of the machine: kernels run side by side here, and one that
# waits over 5 s for its lock prints an error into the running cell. These kernels keep no history.
NO_HISTORY = ["--HistoryManager.enabled=False"]
# What a test gives a whole run of this script, in seconds: the lessons, and room for a slow kernel's two restarts.
RUN_TIMEOUT = 900


def start_kernel(**options):
    """A fresh Python kernel and its client, with no history database. A kernel is given free ports, but another
    process (a parallel test worker) can take one before the kernel binds it; the kernel then dies at start
    ("Address already in use"). On a busy machine (two test workers, each with kernels) a kernel can also take more
    than a minute to answer. Either is retried, twice at most; any other failure is not."""
    for attempt in range(3):
        try:
            return start_new_kernel(**{"kernel_name": "python3", "startup_timeout": 120, "extra_arguments": NO_HISTORY, **options})
        except RuntimeError as err:
            if attempt == 2 or not ("died before replying" in str(err) or "didn't respond" in str(err)):
                raise


def text_outputs(outputs: list[dict]) -> list[tuple]:
    """What nbval compares, minus images: streams and the text/plain of results."""
    kept = []
    for out in outputs:
        kind = out["output_type"]
        if kind == "stream":
            text = out["text"]
            kept.append(("stream", out["name"], "".join(text) if isinstance(text, list) else text))
        elif kind in ("execute_result", "display_data"):
            text = out.get("data", {}).get("text/plain", "")
            kept.append((kind, "".join(text) if isinstance(text, list) else text))
        elif kind == "error":
            kept.append(("error", out["ename"], out["evalue"]))
    # a stream may arrive in several pieces: join neighbours of the same name
    joined = []
    for item in kept:
        if joined and item[0] == "stream" and joined[-1][:2] == item[:2]:
            joined[-1] = (*item[:2], joined[-1][2] + item[2])
        else:
            joined.append(item)
    return joined


def execute(sources: list[str], cwd: Path) -> tuple[list[list[dict]], str]:
    """Run `sources` in order in a fresh kernel started in `cwd`: each cell's outputs, and the file `helpers`
    was imported from (PROBE's answer; empty if it could not be imported)."""
    km, kc = start_kernel(cwd=str(cwd))
    try:
        ran = []
        for source in sources:
            outputs = []

            def hook(msg, outputs=outputs):
                kind = msg["msg_type"]
                if kind in ("stream", "execute_result", "display_data", "error"):
                    outputs.append({"output_type": kind, **msg["content"]})

            kc.execute_interactive(source, timeout=300, output_hook=hook)
            ran.append(outputs)
        printed = []
        kc.execute_interactive(PROBE, timeout=60, output_hook=lambda m: printed.append(m["content"].get("text", "")))
        return ran, "".join(printed).strip()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def run(path: str, against: str | None = None, core: bool = False) -> dict:
    """Run a notebook; compare with its stored outputs, or (`against`, a folder) with those of the notebook of
    the same name there: a student's copy has no outputs, and is compared with the kit's reference copy."""
    path = Path(path).resolve()
    nb = json.loads(path.read_text(encoding="utf-8"))
    reference = json.loads((Path(against) / path.name).read_text(encoding="utf-8")) if against else nb
    report = {"notebook": str(path), "differs": [], "errors": [], "checks": [], "helpers": None}
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    if core:
        code = [c for c in code if "extension" not in c.get("metadata", {}).get("tags", [])]
        ran, report["helpers"] = execute(["".join(c["source"]) for c in code], path.parent)
        report["errors"] = [f"code cell {n} of the core: {o['ename']}: {o['evalue']}"
                            for n, outputs in enumerate(ran, start=1) for o in outputs if o["output_type"] == "error"]
        return report
    stored_cells = [c for c in reference["cells"] if c["cell_type"] == "code"]
    if [c["source"] for c in stored_cells] != [c["source"] for c in code]:
        report["errors"].append(f"its code cells differ from those of {against}/{path.name}")
        return report
    ran, report["helpers"] = execute(["".join(c["source"]) for c in code], path.parent)
    for n, (outputs, cell) in enumerate(zip(ran, stored_cells), start=1):
        got, stored = text_outputs(outputs), text_outputs(cell["outputs"])
        report["errors"] += [f"code cell {n}: {o[1]}: {o[2]}" for o in got if o[0] == "error"]
        if got != stored:
            report["differs"].append({"cell": n, "got": got, "stored": stored})
        report["checks"] += [line for o in got if o[0] == "stream" for line in o[2].splitlines()
                             if line.startswith("Exercise ")]
    return report


if __name__ == "__main__":
    args = sys.argv[1:]
    against, core = None, args[:1] == ["--core"]
    if args[:1] == ["--against"]:
        against, args = args[1], args[2:]
    args = args[1:] if core else args
    with ThreadPoolExecutor(max_workers=len(args) or 1) as pool:
        print(json.dumps(list(pool.map(lambda p: run(p, against, core), args))))
