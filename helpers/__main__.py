"""Command line: ``python -m helpers validate [DIR]``.

Checks a datasets folder (default: the shipped one). Exits 0 when it is sound;
otherwise prints one line per problem, FILE:ROW:COLUMN: message, and exits 1.
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

    from helpers import data

    folder = args.folder or data.DATASETS
    problems = data.check(folder)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    print(f"OK: every file in {folder} matches datasets/datapackage.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
