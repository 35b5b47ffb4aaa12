"""Load the kit's datasets, and check them first.

``datasets/datapackage.json`` is the single source of truth for files, columns,
types, codes and keys. The ``frictionless`` library checks the data against it.
This module adds only what no library knows:

- spreadsheet mishaps: an empty file, a file saved with ``;`` between columns
  or with decimal commas (a French-locale spreadsheet), text that is not UTF-8;
  a UTF-8 byte-order mark is simply read correctly;
- claims whose offsets do not match the article's text;
- verdicts stronger than the fact sheet's status, and fact-sheet references
  that do not exist;
- lists of ids in one cell (``evidence``) that must each exist in another file.

Every problem reads ``FILE:ROW:COLUMN: what is wrong and how to fix it``. ROW is
the row number a spreadsheet shows (the header is row 1); ``-`` means the whole
file or the whole row. Nothing in this module writes to a datasets folder.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
"""The shipped datasets folder, found from this file's location."""

BOM = b"\xef\xbb\xbf"

# A verdict may never be stronger than the status of the fact-sheet row it rests on.
VERDICTS_ALLOWED = {
    "CONFIRMED": {"confirmed", "partly", "not_found", "disputed", "opinion"},
    "PARTLY": {"partly", "not_found", "disputed", "opinion"},
    "UNCONFIRMED": {"not_found", "opinion"},
}


@dataclass(frozen=True)
class Problem:
    """One problem in one place of one file."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        row = "-" if self.row is None else self.row
        return f"{self.file}:{row}:{self.column or '-'}: {self.message}"


class DataError(ValueError):
    """Raised by the loaders when the data they need has problems."""

    def __init__(self, problems):
        self.problems = list(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"the data has {len(self.problems)} problem(s):\n{lines}")


# --- The descriptor --------------------------------------------------------

def package() -> dict:
    """The shipped Data Package descriptor (always the kit's own, whatever folder is checked)."""
    return json.loads((DATASETS / "datapackage.json").read_text(encoding="utf-8"))


def resource(name: str) -> dict:
    """One resource of the descriptor, by name ("claims", "sources", ...)."""
    for res in package()["resources"]:
        if res["name"] == name:
            return res
    names = ", ".join(r["name"] for r in package()["resources"])
    raise KeyError(f"no dataset called {name!r}; the datasets are: {names}")


def codes(name: str, column: str) -> list:
    """The allowed codes of one column, in the codebook's order (e.g. codes("claims", "verdict"))."""
    for field in resource(name)["schema"]["fields"]:
        if field["name"] == column:
            return list(field["constraints"]["enum"])
    raise KeyError(f"{name} has no coded column {column!r}")


def _references(res: dict) -> set[str]:
    """Names of the resources that this one's keys point to."""
    schema = res.get("schema", {})
    names = {fk["reference"]["resource"] for fk in schema.get("foreignKeys", [])}
    names |= {f["x-listForeignKey"]["resource"] for f in schema.get("fields", []) if "x-listForeignKey" in f}
    names |= set(res.get("x-checkedAgainst", []))
    return names


# --- Reading files as a spreadsheet may have saved them ---------------------

def _decode(path: Path, name: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or the problems that stop it being read."""
    if not path.exists():
        return None, [Problem(name, None, None, f"the file is missing from {path.parent}; restore it (git checkout -- datasets/{name})")]
    raw = path.read_bytes()
    if raw.startswith(BOM):
        raw = raw[len(BOM):]  # Excel's "CSV UTF-8" adds a byte-order mark: read past it
    if not raw.strip():
        return None, [Problem(name, None, None, "the file is empty; restore it from git or paste the rows back in")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as err:
        row = raw[: err.start].count(b"\n") + 1
        return None, [Problem(name, row, None, "the file is not UTF-8 text (perhaps saved as 'CSV (Windows)' or Latin-1); save it again as 'CSV UTF-8'")]


def _spreadsheet_locale(text: str, name: str, field_names: list[str]) -> list[Problem]:
    """Catch a CSV saved by a spreadsheet set to a French (or other European) locale."""
    header = text.splitlines()[0]
    if header.count(";") < max(1, header.count(",")):
        return []
    problems = [Problem(name, 1, None, "columns are separated by ';' instead of ',', as a spreadsheet set to a French locale saves them; save it again as 'CSV UTF-8 (comma delimited)' or choose ',' as the field separator")]
    rows = csv.reader(io.StringIO(text), delimiter=";")
    next(rows, None)
    for number, row in enumerate(rows, start=2):
        for column, cell in zip(field_names, row):
            if re.fullmatch(r"-?\d+,\d+", cell.strip()):
                problems.append(Problem(name, number, column, f"'{cell}' has a decimal comma; numbers need a decimal point ('{cell.replace(',', '.')}')"))
                return problems  # one example is enough to explain what happened
    return problems


def _header(text: str, res: dict) -> list[Problem]:
    """Columns are matched by name, so a spreadsheet may reorder them but not lose or rename one."""
    name = res["path"]
    header = next(csv.reader(io.StringIO(text)), [])
    expected = [f["name"] for f in res["schema"]["fields"]]
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected]
    problems = []
    for column in missing:
        place = expected.index(column)
        renamed = [u for u in unknown if header.index(u) == place]
        if renamed:
            problems.append(Problem(name, 1, column, f"the header says '{renamed[0]}' where the column '{column}' belongs; rename it back to '{column}'"))
            unknown.remove(renamed[0])
        else:
            problems.append(Problem(name, 1, column, f"the column '{column}' is missing; add it back to the header row (the columns are: {', '.join(expected)})"))
    for column in unknown:
        problems.append(Problem(name, 1, column or None, f"unexpected column '{column}' in the header; delete it or rename it to one of: {', '.join(expected)}"))
    for column in sorted({c for c in header if header.count(c) > 1}):
        problems.append(Problem(name, 1, column, f"the column '{column}' appears twice; delete one of them"))
    return problems


# --- Friendly wording for what frictionless finds ---------------------------

def _field(res: dict, name: str | None) -> dict:
    for f in res.get("schema", {}).get("fields", []):
        if f["name"] == name:
            return f
    return {}


_TYPE_HINTS = {
    "integer": "a whole number such as 12, with no spaces, commas or units",
    "number": "a number with a decimal point, such as 2.5",
    "boolean": "true or false",
    "date": "a date written YYYY-MM-DD, such as 2013-10-21",
}


def _explain(err: dict, res: dict, header: list[str]) -> Problem:
    """Turn one frictionless error into one plain Problem (``header``: the file's own column order)."""
    name = res["path"]
    kind = err.get("type")
    row = err.get("rowNumber")
    column = err.get("fieldName")
    cell = err.get("cell")
    note = err.get("note", "")
    field = _field(res, column)
    if kind == "extra-cell":
        return Problem(name, row, None, "this row has more cells than the header has columns; put quotes around a value that contains a comma")
    if kind == "missing-cell":
        return Problem(name, row, column, "this row has fewer cells than the header has columns; add the missing value (or leave it empty between two commas)")
    if kind == "blank-row":
        return Problem(name, row, None, "the row is empty; delete it")
    if kind == "type-error":
        want = _TYPE_HINTS.get(field.get("type"), f"a value of type {field.get('type')}")
        return Problem(name, row, column, f"'{cell}' is not {want}")
    if kind == "constraint-error":
        constraints = field.get("constraints", {})
        if "required" in note:
            return Problem(name, row, column, "this cell is empty but a value is required")
        if "enum" in note:
            codes = ", ".join(map(str, constraints["enum"]))
            return Problem(name, row, column, f"'{cell}' is not one of the codes; use one of: {codes}")
        if "pattern" in note:
            return Problem(name, row, column, f"'{cell}' does not have the expected form: {field.get('description', '')}")
        if "minimum" in note:
            return Problem(name, row, column, f"'{cell}' is below the smallest allowed value, {constraints.get('minimum')}")
        return Problem(name, row, column, f"'{cell}' breaks a rule: {note}")
    if kind in ("unique-error", "primary-key"):
        key = column or res["schema"]["primaryKey"][0]
        value = cell if cell is not None else (err.get("cells") or [""] * len(header))[header.index(key)]
        other = re.search(r"\d+", note)
        also = f" (also in row {other.group()})" if other else ""
        return Problem(name, row, key, f"'{value}' is used twice{also}; every {key} must be unique")
    if kind == "foreign-key":
        ref = err.get("referenceName")
        fields = err.get("fieldNames") or []
        values = err.get("fieldCells") or []
        target = ", ".join(err.get("referenceFieldNames") or [])
        column = ", ".join(fields) or None
        return Problem(name, row, column, f"'{', '.join(map(str, values))}' matches no {target} in {ref}.csv; add that row to {ref}.csv first or correct the id")
    if kind and kind.startswith("hash"):
        return Problem(name, None, None, f"the file's content differs from the shipped original; it must not be edited: restore it with git checkout -- datasets/{name}")
    return Problem(name, row, column, err.get("message", note))


_validated: dict[tuple, list[Problem]] = {}


def _frictionless(tmp: Path, descriptor: dict, texts: dict[str, str]) -> list[Problem]:
    """Run frictionless on each readable resource, copied into ``tmp``.

    A resource's result is remembered, keyed by its description and the text of
    it and of every file its keys point to, so re-checking a folder where one
    file changed validates only what that change can affect.
    """
    import frictionless  # imported here so that `import helpers` stays fast

    resources = []
    for res in descriptor["resources"]:
        if res["name"] not in texts:
            continue
        res = json.loads(json.dumps(res))
        schema = res.get("schema")
        if schema:  # drop keys that point at files that could not be read
            schema["foreignKeys"] = [fk for fk in schema.get("foreignKeys", []) if fk["reference"]["resource"] in texts]
        resources.append(res)
    keys = {}
    for res in resources:
        involved = sorted({res["name"]} | {fk["reference"]["resource"] for fk in res.get("schema", {}).get("foreignKeys", [])})
        keys[res["name"]] = (json.dumps(res, sort_keys=True), tuple(texts[n] for n in involved))
    missing = [res for res in resources if keys[res["name"]] not in _validated]
    if missing:
        package = frictionless.Package({**descriptor, "resources": resources}, basepath=str(tmp))
        if len(missing) <= 3:  # a file or two changed: validate just what they affect
            reports = [package.get_resource(res["name"]).validate() for res in missing]
        else:  # a first look: one pass over the whole package is faster
            reports = [package.validate()]
        by_name = {r["name"]: r for r in resources}
        found: dict[str, list[Problem]] = {r["name"]: [] for r in missing}
        for report in reports:
            for task in report.tasks:
                res = by_name[task.name]
                with open(tmp / res["path"], encoding="utf-8", newline="") as f:
                    header = next(csv.reader(f), []) if res.get("type") == "table" else []
                found.setdefault(task.name, []).extend(_explain(err.to_descriptor(), res, header) for err in task.errors)
            for err in report.errors:
                found.setdefault(missing[0]["name"], []).append(Problem("datapackage.json", None, None, err.message))
        for name, problems_found in found.items():
            _validated[keys[name]] = problems_found
    return [p for res in resources for p in _validated[keys[res["name"]]]]


# --- Checks no library knows ------------------------------------------------

def fact_sheet_rows(text: str) -> dict[str, str]:
    """Map each fact-sheet row, written "§N first cell", to its status word."""
    rows, section = {}, None
    for line in text.splitlines():
        heading = re.match(r"## (\d+)\.", line)
        if heading:
            section = heading.group(1)
        elif line.startswith("| ") and section and not line.startswith(("| fact |", "|---")):
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            status = re.match(r"\**(CONFIRMED|PARTLY|UNCONFIRMED)", cells[-1])
            if status:
                rows[f"§{section} {cells[0]}"] = status.group(1)
    return rows


def _rows(text: str, skip: set) -> list[tuple[int, dict]]:
    """(row number, row) for each data row whose types frictionless found sound."""
    rows = enumerate(csv.DictReader(io.StringIO(text)), start=2)
    return [(number, row) for number, row in rows if number not in skip]


def _list_keys(res: dict, texts: dict[str, str], skip: set) -> list[Problem]:
    """Each id in a ';'-separated list must exist in the referenced file."""
    problems = []
    for field in res["schema"]["fields"]:
        spec = field.get("x-listForeignKey")
        if not spec or spec["resource"] not in texts:
            continue
        known = {row.get(spec["field"]) for _, row in _rows(texts[spec["resource"]], set())}
        for number, row in _rows(texts[res["name"]], skip):
            for value in filter(None, (row.get(field["name"]) or "").split(spec["delimiter"])):
                if value not in known:
                    problems.append(Problem(res["path"], number, field["name"], f"'{value}' matches no {spec['field']} in {spec['resource']}.csv; add that row there first or correct the id"))
    return problems


def _claims(texts: dict[str, str], skip: set) -> list[Problem]:
    """Offsets must match the article; verdicts must follow the fact sheet."""
    problems = []
    article = texts.get("article")
    facts = fact_sheet_rows(texts["facts"]) if "facts" in texts else None
    for number, row in _rows(texts["claims"], skip):
        where = ("claims.csv", number)
        start, end, text = int(row["start"]), int(row["end"]), row["text"]
        if article is not None:
            paragraph = article[:start].count("\n\n") + 1
            if article[start:end] != text:
                found = article.find(text)
                hint = f"the text is found at start={found}, end={found + len(text)}" if found >= 0 else "the text is not in the article at all: copy it from article.txt exactly"
                problems.append(Problem(*where, "text", f"the text does not match article[{start}:{end}]; {hint}"))
            elif int(row["paragraph"]) != paragraph:
                problems.append(Problem(*where, "paragraph", f"the claim starts in paragraph {paragraph}, not {row['paragraph']}"))
        status, ref, verdict = row["fact_status"], row["fact_ref"], row["verdict"]
        if facts is not None and ref:
            if ref not in facts:
                problems.append(Problem(*where, "fact_ref", f"'{ref}' is not a row of facts.md; write § and the section number, a space, then the row's first cell exactly"))
            elif facts[ref] != status:
                problems.append(Problem(*where, "fact_status", f"facts.md gives '{ref}' the status {facts[ref]}, not {status}"))
        elif not ref and status != "UNCONFIRMED":
            problems.append(Problem(*where, "fact_status", f"no fact_ref is given, so nothing confirms the claim: the status must be UNCONFIRMED, not {status}"))
        if verdict not in VERDICTS_ALLOWED[status]:
            allowed = ", ".join(sorted(VERDICTS_ALLOWED[status]))
            problems.append(Problem(*where, "verdict", f"'{verdict}' is stronger than the fact sheet's status {status}; use one of: {allowed}"))
    return problems


def _country_figures(texts: dict[str, str], skip: set) -> list[Problem]:
    """A period must not end before it starts; a figure needs to say whether it is approximate."""
    problems = []
    for number, row in _rows(texts["country_figures"], skip):
        start, end = row["period_start"], row["period_end"]
        if start and end and end[: len(start)] < start[: len(end)]:
            problems.append(Problem("country_figures.csv", number, "period_end", f"the period ends ({end}) before it starts ({start}); check the order of the dates"))
        if row["records"] and not row["approximate"]:
            problems.append(Problem("country_figures.csv", number, "approximate", "a figure is given, so say whether the report hedged it: true or false"))
    return problems


def _populations(texts: dict[str, str], skip: set) -> list[Problem]:
    """Each country needs exactly one preferred population."""
    preferred: dict[str, list[int]] = {}
    rows = _rows(texts["populations"], skip)
    for number, row in rows:
        preferred.setdefault(row["country_code"], [])
        if row["preferred"].strip().lower() == "true":
            preferred[row["country_code"]].append(number)
    problems = []
    for code, numbers in preferred.items():
        if len(numbers) != 1:
            first = next(n for n, r in rows if r["country_code"] == code)
            where = f"rows {', '.join(map(str, numbers))} are" if numbers else "no row is"
            problems.append(Problem("populations.csv", first, "preferred", f"{code}: {where} marked preferred; mark exactly one row true"))
    return problems


def _actors(texts: dict[str, str], skip: set) -> list[Problem]:
    """A CAMEO actor code starts with the actor's country code."""
    problems = []
    for number, row in _rows(texts["actors"], skip):
        code, country = row["cameo_actor"], row["country_code"]
        if country and not code.startswith(country):
            problems.append(Problem("actors.csv", number, "cameo_actor", f"'{code}' should start with the actor's country code, {country} (for example {country}GOV)"))
    return problems


def _reactions(texts: dict[str, str], skip: set) -> list[Problem]:
    """A reaction the article reports quotes it verbatim and names the claim that reports it."""
    problems = []
    article = texts.get("article")
    claims = {row["claim_id"]: row["text"] for _, row in _rows(texts.get("claims", ""), set())}
    for number, row in _rows(texts["reactions"], skip):
        where = ("reactions.csv", number)
        in_article = row["in_article"].strip().lower() == "true"
        if in_article and not row["claim_id"]:
            problems.append(Problem(*where, "claim_id", "the reaction is in the article, so give the claim_id that reports it"))
        if not in_article and row["claim_id"]:
            problems.append(Problem(*where, "in_article", "a claim_id is given, so the reaction is in the article: set in_article to true"))
        if in_article and article is not None and row["quote"] not in article:
            problems.append(Problem(*where, "quote", "the quote is not in article.txt word for word; copy it from the article exactly"))
        elif row["claim_id"] in claims and row["quote"] not in claims[row["claim_id"]]:
            problems.append(Problem(*where, "quote", f"the quote is not part of claim {row['claim_id']}'s text; check the claim_id"))
    return problems


CUSTOM_CHECKS = {"claims": _claims, "country_figures": _country_figures, "populations": _populations,
                 "actors": _actors, "reactions": _reactions}


# --- Checking a folder -------------------------------------------------------

def check(folder: str | Path | None = None) -> list[Problem]:
    """Every problem in a datasets folder (default: the shipped one); [] when sound."""
    folder = Path(folder) if folder is not None else DATASETS
    descriptor = package()
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    for res in descriptor["resources"]:
        text, found = _decode(folder / res["path"], res["path"])
        if text is not None and res.get("type") == "table":
            names = [f["name"] for f in res["schema"]["fields"]]
            found = _spreadsheet_locale(text, res["path"], names) or _header(text, res)
            if found:
                text = None
        problems += found
        if text is not None:
            texts[res["name"]] = text
    with tempfile.TemporaryDirectory() as tmp:
        for res in descriptor["resources"]:
            if res["name"] in texts:
                (Path(tmp) / res["path"]).write_bytes(texts[res["name"]].encode("utf-8"))
        found = _frictionless(Path(tmp), descriptor, texts)
    problems += found
    for res in descriptor["resources"]:
        if res["name"] not in texts or res.get("type") != "table":
            continue
        skip = {p.row for p in found if p.file == res["path"]}
        if 1 in skip or None in skip:
            continue  # the header is wrong: the rows cannot be read by column name yet
        problems += _list_keys(res, texts, skip)
        if res["name"] in CUSTOM_CHECKS:
            problems += CUSTOM_CHECKS[res["name"]](texts, skip)
    return problems


_checked: dict[tuple, list[Problem]] = {}


def _sound_folders_file() -> Path | None:
    """Where the fingerprints of folders found sound are kept: the user's cache, never datasets/.

    KIT_CHECK_CACHE names another file, or "off" to always check in full (the tests do).
    """
    setting = os.environ.get("KIT_CHECK_CACHE", "")
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "media-literacy-kit" / "sound-datasets.txt"


def _fingerprint(folder: Path) -> str:
    """sha256 of this checker's code, the descriptor and every data file as it is now."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update((DATASETS / "datapackage.json").read_bytes())
    for res in package()["resources"]:
        path = folder / res["path"]
        digest.update(res["path"].encode() + b"\0" + (path.read_bytes() if path.exists() else b"<missing>") + b"\0")
    return digest.hexdigest()


def _check_cached(folder: Path) -> list[Problem]:
    """check(folder), remembered until a file in the folder changes.

    A folder found sound is also remembered across sessions by its fingerprint,
    so that rerunning a lesson on unchanged data skips the full check.
    """
    key = (str(folder.resolve()), tuple(
        (p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*")) if p.is_file()))
    if key not in _checked:
        store, fingerprint = _sound_folders_file(), _fingerprint(folder)
        try:
            known = store is not None and fingerprint in store.read_text(encoding="utf-8").split()
        except OSError:
            known = False
        _checked[key] = [] if known else check(folder)
        if store is not None and not known and not _checked[key]:
            try:
                store.parent.mkdir(parents=True, exist_ok=True)
                with store.open("a", encoding="utf-8") as f:
                    f.write(fingerprint + "\n")
            except OSError:
                pass  # a read-only home only means checking in full next time
    return _checked[key]


# --- Loading ------------------------------------------------------------------

_DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


def load(name: str, folder: str | Path | None = None):
    """One dataset as a typed pandas DataFrame, after checking it.

    Raises DataError, naming file, row and column, when the file or a file it
    refers to has a problem. Blank cells become <NA>.
    """
    import pandas as pd

    folder = Path(folder) if folder is not None else DATASETS
    res = resource(name)
    needed = {res["path"]} | {resource(n)["path"] for n in _references(res)}
    problems = [p for p in _check_cached(folder) if p.file in needed]
    if problems:
        raise DataError(problems)
    fields = res["schema"]["fields"]
    frame = pd.read_csv(
        folder / res["path"], encoding="utf-8-sig", keep_default_na=False, na_values=[""],
        dtype={f["name"]: _DTYPES.get(f["type"], "string") for f in fields})
    for f in fields:
        if f["type"] == "date":
            frame[f["name"]] = pd.to_datetime(frame[f["name"]], format="%Y-%m-%d")
    return frame


def article(folder: str | Path | None = None) -> str:
    """The article's text, exactly as shipped (after checking it)."""
    folder = Path(folder) if folder is not None else DATASETS
    problems = [p for p in _check_cached(folder) if p.file == "article.txt"]
    if problems:
        raise DataError(problems)
    return (folder / "article.txt").read_text(encoding="utf-8")
