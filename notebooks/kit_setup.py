"""Make this copy of the kit importable from a lesson, wherever the lesson runs.

Each lesson's set-up cell calls ``ensure_kit()``. Where the kit is installed (``python3 tasks.py lab``,
conda, Binder) it does nothing and prints nothing. Elsewhere, for example on a school JupyterHub whose
Python has pandas and matplotlib but not the kit, or on Colab after the cell has fetched the kit:

- it puts this copy's ``helpers/`` first on the import path, so the helpers find this copy's
  ``datasets/`` (a ``pip install`` of the kit installs ``helpers/`` without its data);
- it installs, with pip and in one visible step, the packages the kit needs that this Python lacks,
  within the bounds in ``pyproject.toml``;
- where it cannot install them, it stops with the exact command to run.
"""
from __future__ import annotations

import importlib
import importlib.util
import re
import site
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEEDED = ("pandas", "matplotlib", "krippendorff")


def requirements(names: list[str]) -> list[str]:
    """The requirement lines in pyproject.toml for these packages, e.g. 'krippendorff>=0.8,<0.10'."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return [re.search(rf'^\s*"({re.escape(name)}[<>=!~][^"]*)",', text, flags=re.M)[1] for name in names]


def use_this_copy() -> None:
    """Import `helpers` from this copy, ahead of any installed copy without the data beside it."""
    spec = importlib.util.find_spec("helpers")
    if spec is None or Path(spec.origin).resolve().parent != ROOT / "helpers":
        sys.path.insert(0, str(ROOT))
        sys.modules.pop("helpers", None)
        importlib.invalidate_caches()


def ensure_kit() -> None:
    if not (ROOT / "datasets" / "datapackage.json").exists() or not (ROOT / "helpers").is_dir():
        raise RuntimeError(f"This lesson needs the whole kit beside it ({ROOT} has no helpers/ or datasets/). "
                           "Open it from the lessons/ folder of a copy of the kit (git clone the kit's address).")
    use_this_copy()
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if not missing:
        return
    wanted = requirements(missing)
    print(f"This Python lacks {', '.join(missing)}; installing {' '.join(wanted)} (once, about a minute) ...", flush=True)
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *wanted]
    if subprocess.run(command).returncode != 0:
        quoted = " ".join(f'"{w}"' for w in wanted)
        raise RuntimeError(f"Could not install {', '.join(missing)}. In a terminal, run:\n"
                           f"    {sys.executable} -m pip install --user {quoted}\n"
                           "then restart the kernel and run all cells again (or ask your hub's admin to add them).")
    user_site = site.getusersitepackages()  # pip installs there when the hub's Python is read-only
    if Path(user_site).is_dir() and user_site not in sys.path:
        site.addsitedir(user_site)
    importlib.invalidate_caches()
    print("Installed. The lesson can run now.")
