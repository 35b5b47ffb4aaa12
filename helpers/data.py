"""Load the kit's datasets as pandas tables, after checking them.

Every loader does the same three steps:

1. read the files once, and check exactly those bytes against
   ``datasets/datapackage.json`` (the checks live in ``helpers/checks.py``);
2. stop with a DataError naming FILE:ROW:COLUMN if a file it needs has a problem;
3. otherwise hand the checked text to ``pandas.read_csv``, giving each column
   the type the descriptor gives it.

Nothing here writes to a datasets folder.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

# check(), package(), DataError, Problem and DATASETS are part of this module's public face.
from helpers.checks import DATASETS, DataError, Problem, boolean_values, check, checked_files, package, shipped_descriptor  # noqa: F401

# The pandas type for each Table Schema type ("boolean" and "date" are converted below).
_DTYPES = {"string": "string", "integer": "Int64", "number": "Float64"}


def resource(name: str) -> dict:
    """One resource of the descriptor, by name ("claims", "sources", ...)."""
    for res in shipped_descriptor()["resources"]:
        if res["name"] == name:
            return json.loads(json.dumps(res))  # a copy: the descriptor is shared
    names = ", ".join(r["name"] for r in shipped_descriptor()["resources"])
    raise KeyError(f"no dataset called {name!r}; the datasets are: {names}")


def codes(name: str, column: str) -> list:
    """The allowed codes of one column, in the codebook's order (e.g. codes("claims", "verdict"))."""
    for field in resource(name)["schema"]["fields"]:
        if field["name"] == column and "enum" in field.get("constraints", {}):
            return list(field["constraints"]["enum"])
    raise KeyError(f"{name} has no coded column {column!r}")


def _checked(folder, name: str) -> str:
    """Steps 1 and 2: the checked text of one dataset, or a DataError naming what is wrong with it."""
    files, problems = checked_files(folder)
    if not files:  # the folder or the descriptor cannot be read at all
        raise DataError(problems)
    resources = {r["name"]: r for r in shipped_descriptor()["resources"]}
    res = resources[name] if name in resources else resource(name)  # resource() words the KeyError
    needed = {res["path"]} | {resources[other]["path"] for other in _references(res)}
    ours = {r["path"] for r in resources.values()}
    problems = [p for p in problems if p.file in needed or p.file not in ours]
    if problems:
        raise DataError(problems)
    return files[name].decode("utf-8-sig")


def load(name: str, folder: str | Path | None = None):
    """One dataset as a typed pandas DataFrame, after checking it.

    Raises DataError, naming file, row and column, when the file or a file it
    refers to has a problem. Blank cells become <NA>.
    """
    text = _checked(folder, name).replace("\r\n", "\n").replace("\r", "\n")  # a Mac's CR line ends too
    return frame(text, resource(name)["schema"]["fields"])


def frame(text: str, fields: list[dict]):
    """Checked CSV text as a DataFrame, each column typed as its Table Schema field says, in the schema's order."""
    import pandas as pd

    table = pd.read_csv(
        io.StringIO(text), keep_default_na=False, na_values=[""],
        dtype={f["name"]: _DTYPES.get(f["type"], "string") for f in fields})
    table = table[[f["name"] for f in fields]]  # the codebook's column order, whatever the file's
    for f in fields:
        if f["type"] == "boolean":  # the same words the check accepts: true/false, never 1/0
            true, false = boolean_values(f)
            table[f["name"]] = table[f["name"]].map({**dict.fromkeys(true, True), **dict.fromkeys(false, False)}).astype("boolean")
        elif f["type"] == "date":
            table[f["name"]] = pd.to_datetime(table[f["name"]], format="%Y-%m-%d")
    return table


def article(folder: str | Path | None = None) -> str:
    """The article's text, exactly as shipped (after checking it)."""
    return _checked(folder, "article")


def _references(res: dict) -> set[str]:
    """Names of the resources that this one's keys point to, or that its checks read."""
    schema = res.get("schema", {})
    names = {fk["reference"]["resource"] for fk in schema.get("foreignKeys", [])}
    names |= {f["x-listForeignKey"]["resource"] for f in schema.get("fields", []) if "x-listForeignKey" in f}
    names |= set(res.get("x-checkedAgainst", []))
    return names - {""}
