"""Command line: ``python -m helpers validate [DIR]``.

Checks a datasets folder (default: the shipped one), or an article folder made by
``python3 tasks.py new-article`` (``articles/NAME``). Exits 0 when it is sound;
otherwise prints one line per problem, FILE:ROW:COLUMN: message, and exits 1.
An article folder whose verdicts are not all filled in is a draft: it is sound
if nothing is wrong, and lines starting "draft:" say what is still to do.
It never prints a traceback: whatever goes wrong ends as one plain line.
"""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers", description="Tools for the media-literacy teaching kit.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check a datasets folder against datasets/datapackage.json")
    validate.add_argument("folder", nargs="?", help="the folder to check (default: the shipped datasets/)")
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # a console that cannot show '§' or '…' gets an escape, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")

    from pathlib import Path

    from helpers import article, checks

    folder = args.folder or checks.DATASETS
    draft = bool(args.folder) and Path(folder).is_dir() and article.is_article_folder(Path(folder))
    try:
        problems, todo = article.check_folder(Path(folder)) if draft else (checks.check(folder), [])
    except Exception as err:  # a bug in the checker must still end in one readable line
        print(checks.printable(f"{folder}:-:-: the checker itself failed ({type(err).__name__}: {err}); please report this"))
        return 1
    for problem in problems:
        print(problem)
    if problems:
        print(checks.printable(f"{len(problems)} problem(s) in {folder}"), file=sys.stderr)
        return 1
    for line in todo:
        print(checks.printable(f"draft: {line}"))
    if not draft:
        print(checks.printable(f"OK: every file in {folder} matches datasets/datapackage.json"))
    else:
        state = "a draft: sound so far, with the work above still to do" if todo else "complete: every row is decided and sound"
        print(checks.printable(f"OK: {folder} is {state}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
