"""Check a datasets folder against ``datasets/datapackage.json``.

The descriptor is the single source of truth for files, columns, types, codes,
keys and which files must cover which (``x-complete``). This module reads
every file as a spreadsheet may have saved it and reports each problem as
``FILE:ROW:COLUMN: what is wrong and how to fix it``. ROW is the row number a
spreadsheet shows (the header is row 1); ``-`` means the whole file or the
whole row. Nothing here writes anywhere, nor reads outside the folder.

It does, in plain Python, the part of the Table Schema standard the kit's
descriptor uses (types, required, pattern, enum, minimum and maximum, keys),
so that checking takes milliseconds and needs no library that could change
its verdict; a test checks that the descriptor stays valid for the
``frictionless`` library too. On top it adds what no library knows:

- files that are not files (a folder, a pipe, a device, a link out of the
  folder), too large, unreadable, not UTF-8, UTF-16, empty or header-only;
- spreadsheet mishaps: ``;`` between columns, decimal commas, stray quotes,
  control characters, swapped or renamed headers; a byte-order mark and
  Mac (CR) or Windows (CRLF) line ends are read correctly;
- dates that do not exist, booleans written 1/0 (refused: write true or false);
- cross-file rules: ids in a ``;``-separated list, claims against the article
  and the fact sheet, one preferred population per country, and so on.
"""
from __future__ import annotations

import datetime
import functools
import hashlib
import json
import math
import os
import re
import stat
import unicodedata
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
"""The shipped datasets folder, found from this file's location."""

MAX_BYTES = 5_000_000
"""No file of the kit comes near this size; a larger one is the wrong file."""

BOM = b"\xef\xbb\xbf"
ISO_DATE_PATTERN = "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
"""String columns with this pattern hold a date, or its year and month: it must be a real one."""
PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
TYPES = ("string", "integer", "number", "boolean", "date")
TRUE_VALUES = ["true", "True", "TRUE"]
FALSE_VALUES = ["false", "False", "FALSE"]

# A verdict may never be stronger than the status of the fact-sheet row it rests on.
VERDICTS_ALLOWED = {
    "CONFIRMED": {"confirmed", "partly", "not_found", "disputed", "opinion"},
    "PARTLY": {"partly", "not_found", "disputed", "opinion"},
    "UNCONFIRMED": {"not_found", "opinion"},
}
CAMEO_LEVEL_DIGITS = {"root": 2, "base": 3, "sub": 4}


# --- Problems, and text that is safe to print ------------------------------

_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_CHAR_NAMES = {"\0": "a NUL character", "\t": "a tab", "\r": "a carriage return", "\n": "a line break",
               "\x1b": "an escape character", "\u2028": "a line separator", "\u2029": "a paragraph separator",
               "\ufeff": "a byte-order mark", "\u200b": "a zero-width space"}


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every control or invisible character written as an escape such as \\x00."""
    return "".join(_escape(ch) if unicodedata.category(ch) in _INVISIBLE else ch for ch in text)


def show(value: str, limit: int = 60) -> str:
    """A cell as a message quotes it: escaped, and shortened when long."""
    value = printable(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _describe(ch: str) -> str:
    name = _CHAR_NAMES.get(ch) or f"the invisible character {unicodedata.name(ch, 'U+%04X' % ord(ch)).lower()}"
    return f"{name} (shown as {_escape(ch)})"


@dataclass(frozen=True)
class Problem:
    """One problem in one place of one file."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        row = "-" if self.row is None else self.row
        return printable(f"{self.file}:{row}:{self.column or '-'}: {self.message}")


class DataError(ValueError):
    """Raised by the loaders when the data they need has problems."""

    def __init__(self, problems):
        self.problems = list(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"the data has {len(self.problems)} problem(s):\n{lines}")


# --- The descriptor ----------------------------------------------------------

def package() -> dict:
    """The shipped Data Package descriptor (always the kit's own, whatever folder is checked)."""
    return json.loads((DATASETS / "datapackage.json").read_text(encoding="utf-8"))


_parsed: dict[bytes, tuple] = {}


def shipped_descriptor() -> dict:
    """package(), remembered by the descriptor's content: shared, so never change what it returns."""
    return _descriptor((DATASETS / "datapackage.json").read_bytes())


def _descriptor(raw: bytes):
    """The descriptor parsed from its bytes, remembered by content (shared: never change it)."""
    return _descriptor_and_soundness(raw)[0]


def _descriptor_and_soundness(raw: bytes) -> tuple[object, bool]:
    """(the descriptor, whether the checker can follow it safely), remembered by content."""
    if raw not in _parsed:
        if len(_parsed) > 8:
            _parsed.clear()
        descriptor = json.loads(raw.decode("utf-8"))
        _parsed[raw] = (descriptor, not _descriptor_problems(descriptor))
    return _parsed[raw]


def _ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st ..."""
    last = "th" if number % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{last}"


def _descriptor_problems(descriptor) -> list[Problem]:
    """A descriptor the checker can follow safely: resource paths are plain names inside the folder."""
    def bad(message):
        return [Problem("datapackage.json", None, None, message)]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return bad("the descriptor has no list of resources; restore it with git checkout -- datasets/datapackage.json")
    problems = []
    for number, res in enumerate(descriptor["resources"], start=1):  # counted as a reader counts, from 1
        if not isinstance(res, dict) or not isinstance(res.get("name"), str):
            problems += bad(f"the resource listed {_ordinal(number)} has no name")
            continue
        path = res.get("path")
        if not isinstance(path, str) or not PLAIN_NAME.fullmatch(path) or ".." in path:
            problems += bad(f"resource {res['name']}: its path {show(repr(path))} must be a plain file name inside the folder (no folders, '..', drive or URL)")
        if "hash" in res and not (isinstance(res["hash"], str) and re.fullmatch(r"(md5|sha1|sha256|sha512):[0-9a-f]+", res["hash"])):
            problems += bad(f"resource {res['name']}: its hash must be written sha256: and the hex digest")
        if res.get("type") != "table":
            continue
        schema = res.get("schema")
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list) or not all(
                isinstance(f, dict) and isinstance(f.get("name"), str) and f.get("type", "string") in TYPES for f in schema["fields"]):
            problems += bad(f"resource {res['name']}: its schema must be written out in the descriptor, each field with a name and one of the types {', '.join(TYPES)}")
            continue
        names = {r.get("name") for r in descriptor["resources"] if isinstance(r, dict)}
        for fk in schema.get("foreignKeys", []):
            if not isinstance(fk, dict) or not isinstance(fk.get("reference"), dict) or fk["reference"].get("resource", "") not in names | {""}:
                problems += bad(f"resource {res['name']}: a foreign key points at no resource of this descriptor")
    return problems


# --- Reading a file safely -----------------------------------------------------

def read_file(folder: Path, name: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of ``folder/name``, or the problems that stop it being read.

    Looks before it reads: only a regular file inside the folder, of a sane
    size, is opened (never a pipe, which would block, nor a device).
    """
    def refuse(message):
        return None, [Problem(name, None, None, message)]
    path = folder / name
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return refuse(f"the file is missing from {show(str(folder), 200)}; restore it (git checkout -- datasets/{name})")
    except OSError as err:
        return refuse(f"the file cannot be looked at ({show(err.strerror or str(err))})")
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
            inside = target.parent == folder.resolve(strict=True)
        except (OSError, RuntimeError):
            return refuse("the file is a link that leads nowhere; replace it with the file itself")
        if not inside:
            return refuse("the file is a link to a file outside the folder; replace it with a copy of the file itself")
        path, info = target, os.stat(target)
    kind = info.st_mode
    if stat.S_ISDIR(kind):
        return refuse("this is a folder, not a file; put the CSV file itself here under this name")
    if stat.S_ISFIFO(kind):
        return refuse("this is a named pipe (FIFO), not a file; replace it with the file itself")
    if stat.S_ISCHR(kind) or stat.S_ISBLK(kind):
        return refuse("this is a device, not a file; replace it with the file itself")
    if not stat.S_ISREG(kind):
        return refuse("this is not a regular file; replace it with the file itself")
    if info.st_size > MAX_BYTES:
        return refuse(f"the file is {info.st_size:,} bytes, far larger than any of the kit's files (at most {MAX_BYTES:,}); is it the right file?")
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError:
        return refuse("the file cannot be read: permission denied; check its permissions (or whether another program has locked it)")
    except OSError as err:
        return refuse(f"the file cannot be read ({show(err.strerror or str(err))})")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # it changed since we looked
            return refuse("this is not a regular file; replace it with the file itself")
        chunks, size = [], 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as err:
        return refuse(f"the file cannot be read ({show(err.strerror or str(err))})")
    finally:
        os.close(fd)
    if size > MAX_BYTES:
        return refuse(f"the file is larger than any of the kit's files (at most {MAX_BYTES:,} bytes); is it the right file?")
    return b"".join(chunks), []


def read_folder(folder: str | Path, descriptor: dict) -> dict[str, tuple[bytes | None, list[Problem]]]:
    """Every resource's bytes (or the problems reading it), by resource name."""
    folder = Path(folder)
    return {res["name"]: read_file(folder, res["path"]) for res in descriptor["resources"]}


def decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or the problems that stop it being read."""
    def refuse(message, row=None):
        return None, [Problem(name, row, None, message)]
    half_zeros = b"\0" in raw and max(raw[1::2].count(0), raw[0::2].count(0)) > len(raw) // 4  # UTF-16 without a mark
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or half_zeros:
        return refuse("the file is UTF-16 text ('Unicode text' in Excel), not UTF-8; save it again as 'CSV UTF-8'")
    if raw.startswith(BOM):
        raw = raw[len(BOM):]  # Excel's "CSV UTF-8" adds a byte-order mark: read past it
    if not raw.strip():
        return refuse("the file is empty; restore it from git or paste the rows back in")
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as err:
        row = raw[: err.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
        return refuse("the file is not UTF-8 text (perhaps saved as 'CSV (Windows)' or Latin-1); save it again as 'CSV UTF-8'", row)


# --- Reading CSV text strictly --------------------------------------------------

_QUOTED = re.compile(r'"([^"]*(?:""[^"]*)*)"')


def _unquoted(sep: str) -> re.Pattern:
    return re.compile(f"[^{re.escape(sep)}\n]*")


def _column(rows: list[list[str]], index: int) -> str | None:
    """The header's name for the cell at ``index`` (None while reading the header itself)."""
    return rows[0][index] if rows and index < len(rows[0]) else None


def parse_csv(text: str, name: str, sep: str = ",", max_rows: int | None = None) -> tuple[list[list[str]], list[Problem]]:
    """Rows of cells, read as RFC 4180 says, and the places where the text breaks it.

    Line ends may be LF, CRLF or a Mac's lone CR. A quote may only wrap a whole
    cell; a quote inside a cell is written twice ("").
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    unquoted = _unquoted(sep)
    rows: list[list[str]] = []
    problems: list[Problem] = []
    pos, end = 0, len(text)
    while pos < end and (max_rows is None or len(rows) < max_rows):
        line_end = text.find("\n", pos)
        line_end = end if line_end < 0 else line_end
        if '"' not in text[pos:line_end]:  # no quotes: the cells are what lies between the separators
            rows.append(text[pos:line_end].split(sep))
            pos = line_end + 1
            continue
        number, cells = len(rows) + 1, []
        while True:
            if text.startswith('"', pos):
                match = _QUOTED.match(text, pos)
                if not match:
                    problems.append(Problem(name, number, None, "a quote opens a cell here but is never closed, so the rest of the file runs into it; add the closing quote or delete the stray one"))
                    return rows, problems
                cell, pos = match.group(1).replace('""', '"'), match.end()
                if pos < end and text[pos] not in sep + "\n":
                    rest = unquoted.match(text, pos)
                    problems.append(Problem(name, number, _column(rows, len(cells)), f"text follows a closing quote ('{show(cell)}\"{show(rest.group())}'); a quote inside a cell must be written twice (\"\")"))
                    cell, pos = cell + rest.group(), rest.end()
            else:
                match = unquoted.match(text, pos)
                cell, pos = match.group(), match.end()
                if '"' in cell:
                    problems.append(Problem(name, number, _column(rows, len(cells)), f"a stray double quote in '{show(cell)}'; put quotes around the whole cell and write a quote inside it twice (\"\")"))
            cells.append(cell)
            if pos < end and text[pos] == sep:
                pos += 1
                continue
            pos += 1  # past the line end
            break
        rows.append(cells)
    return rows, problems


# --- Cells against their field ---------------------------------------------------

_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_BAD_CHARS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u200b\u202a-\u202e\u2066-\u2069\ufeff]")
_TYPE_HINTS = {
    "integer": "a whole number such as 12, with no spaces, commas or units",
    "number": "a number with a decimal point, such as 2.5",
    "boolean": "true or false",
    "date": "a date written YYYY-MM-DD, such as 2013-10-21",
}


def _real_date(value: str) -> bool:
    parts = [int(p) for p in value.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        return parts[0] >= 1
    except ValueError:
        return False


def web_address(value: str) -> bool:
    """True for an http or https address with a host: the only kind the kit stores or exports."""
    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not re.search(r"\s", value)


def boolean_values(field: dict) -> tuple[list[str], list[str]]:
    """The words a boolean column accepts for true and for false (never 1 and 0)."""
    return field.get("trueValues", TRUE_VALUES), field.get("falseValues", FALSE_VALUES)


def read_cell(value: str, field: dict, required: bool):
    """(the typed value or None for a blank, a problem message or None)."""
    kind = field.get("type", "string")
    constraints = field.get("constraints", {})
    if value == "":
        return None, ("this cell is empty but a value is required" if required or constraints.get("required") else None)
    bad = _BAD_CHARS.search(value)
    if bad:
        return None, f"'{show(value)}' contains {_describe(bad.group())}; delete it"
    if not value.strip():
        return None, "this cell holds only spaces; delete them (or write a value)"
    if kind == "integer":
        if not _INTEGER.fullmatch(value):
            if _NUMBER.fullmatch(value) and "e" in value.lower() and math.isfinite(float(value)) and float(value).is_integer():
                return None, f"'{show(value)}' is in scientific notation, as a spreadsheet shows a large number; write it out in full ({int(float(value))}) and format the column as text or a number without decimals"
            return None, f"'{show(value)}' is not {_TYPE_HINTS['integer']}"
        typed = int(value)
        if abs(typed) >= 2 ** 63:
            return None, f"'{show(value)}' is too large a number to be a count"
    elif kind == "number":
        typed = float(value) if _NUMBER.fullmatch(value) else math.nan
        if not math.isfinite(typed):
            return None, f"'{show(value)}' is not {_TYPE_HINTS['number']}"
    elif kind == "boolean":
        true, false = boolean_values(field)
        if value not in true + false:
            also = " (1 and 0 are not accepted, so that every tool reads the cell the same way)" if value in ("1", "0") else ""
            return None, f"'{show(value)}' is not true or false{also}"
        typed = value in true
    elif kind == "date":
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) or not _real_date(value):
            return None, f"'{show(value)}' is not {_TYPE_HINTS['date']}, or is not a real date"
        typed = value
    elif kind == "string":
        typed = value
    else:
        return None, f"the descriptor gives this column the type {show(str(kind))}, which the kit does not read"
    if kind == "string" and field.get("format") == "uri" and not web_address(value):
        return None, f"'{show(value)}' is not a web address starting with http:// or https://"
    pattern = constraints.get("pattern")
    if kind == "string" and pattern == ISO_DATE_PATTERN and re.fullmatch(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", value):
        return None, f"'{show(value)}' looks like a date a spreadsheet rewrote in its own style; write it YYYY-MM-DD (or YYYY-MM), as the codebook says"
    if kind == "string" and pattern and not re.fullmatch(pattern, value):
        return None, f"'{show(value)}' does not have the expected form: {field.get('description', pattern)}"
    if kind == "string" and pattern == ISO_DATE_PATTERN and not _real_date(value):
        return None, f"'{show(value)}' is not a real date; check the month (01-12) and the day"
    if "enum" in constraints and typed not in constraints["enum"]:
        return None, f"'{show(value)}' is not one of the codes; use one of: {', '.join(map(str, constraints['enum']))}"
    if "minimum" in constraints and typed < constraints["minimum"]:
        return None, f"'{show(value)}' is below the smallest allowed value, {constraints['minimum']}"
    if "maximum" in constraints and typed > constraints["maximum"]:
        return None, f"'{show(value)}' is above the largest allowed value, {constraints['maximum']}"
    return typed, None


# --- One table on its own ----------------------------------------------------------

@dataclass
class Table:
    """A CSV file read against its schema: its rows typed, and its own problems."""

    name: str
    rows: list[tuple[int, dict]]          # (row number, {column: typed value or None}) of sound rows
    problems: list[Problem]
    readable: bool                        # the header is sound, so rows could be read by name
    every_row: list[dict] = None          # every row, sound or not (a bad cell kept as its text)
    _values: dict = None

    @property
    def whole(self) -> bool:
        """Sound, so that its ids can be trusted to be all there: keys into it are checked."""
        return self.readable and not self.problems

    def values(self, fields: list[str]) -> set[tuple]:
        """The ids this file holds (remembered: a Table is read once per content)."""
        if self._values is None:
            self._values = {}
        key = tuple(fields)
        if key not in self._values:
            self._values[key] = {tuple(row[f] for f in fields) for row in self.every_row or []}
        return self._values[key]


def _spreadsheet_locale(text: str, name: str, field_names: list[str]) -> list[Problem]:
    """Catch a CSV saved by a spreadsheet set to a French (or other European) locale."""
    header = text.splitlines()[0] if text.splitlines() else ""
    if header.count(";") < max(1, header.count(",")):
        return []
    problems = [Problem(name, 1, None, "columns are separated by ';' instead of ',', as a spreadsheet set to a French locale saves them; save it again as 'CSV UTF-8 (comma delimited)' or choose ',' as the field separator")]
    rows, _ = parse_csv(text, name, sep=";")
    for number, row in enumerate(rows[1:], start=2):
        for column, cell in zip(field_names, row):
            if re.fullmatch(r"-?\d+,\d+", cell.strip()):
                problems.append(Problem(name, number, column, f"'{show(cell)}' has a decimal comma; numbers need a decimal point ('{show(cell.replace(',', '.'))}')"))
                return problems  # one example is enough to explain what happened
    return problems


def _header(header: list[str], res: dict) -> list[Problem]:
    """Columns are matched by name, so a spreadsheet may reorder them but not lose, rename or swap one."""
    name = res["path"]
    expected = [f["name"] for f in res["schema"]["fields"]]
    if len(set(header) & set(expected)) < len(expected) / 2:
        start = show(",".join(header), 50)
        return [Problem(name, 1, None, f"the first row ('{start}') is not this file's header; the first row must name the columns: {', '.join(expected)}")]
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected]
    problems = []
    for column in missing:
        place = expected.index(column)
        renamed = [u for u in unknown if header.index(u) == place]
        if renamed:
            problems.append(Problem(name, 1, column, f"the header says '{show(renamed[0])}' where the column '{column}' belongs; rename it back to '{column}'"))
            unknown.remove(renamed[0])
        else:
            problems.append(Problem(name, 1, column, f"the column '{column}' is missing; add it back to the header row (the columns are: {', '.join(expected)})"))
    for column in unknown:
        what = f"'{show(column)}'" if column.strip() else "with no name"
        problems.append(Problem(name, 1, column or None, f"unexpected column {what} in the header; delete it or rename it to one of: {', '.join(expected)}"))
    for column in sorted({c for c in header if header.count(c) > 1}):
        problems.append(Problem(name, 1, column, f"the column '{show(column)}' appears twice; delete one of them"))
    if not problems and len(header) == len(expected):
        moved = [i for i, (h, e) in enumerate(zip(header, expected)) if h != e]
        if len(moved) == 2:  # two names exchanged: a slip in the header, or two columns swapped
            a, b = (expected[i] for i in moved)
            problems.append(Problem(name, 1, a, f"the headers '{a}' and '{b}' have changed places, so each column's values would be read as the other's; put the columns back in the order {', '.join(expected)}"))
    return problems


_cells: dict[tuple, dict] = {}  # what read_cell said of each value of each column, by descriptor


def read_table(text: str, res: dict, schema_key: str = "") -> Table:
    """Check one CSV's text against its schema, on its own (no other file is needed)."""
    name, schema = res["path"], res["schema"]
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    locale = _spreadsheet_locale(text, name, names)
    if locale:
        return Table(res["name"], [], locale, False)
    rows, problems = parse_csv(text, name, max_rows=1)  # the header first: if it is wrong, stop there
    header = rows[0] if rows else []
    while len(header) > len(fields) and header[-1] == "":  # empty columns a spreadsheet added at the end
        header = header[:-1]
    if problems or not header:
        return Table(res["name"], [], problems or [Problem(name, None, None, "the file has no header row")], False)
    found = _header(header, res)
    if found:
        return Table(res["name"], [], found, False)
    rows, problems = parse_csv(text, name)
    rows = [row[: len(header)] if len(row) > len(header) and not any(row[len(header):]) else row for row in rows]
    every_row = []
    broken = {p.row for p in problems}
    by_name = {f["name"]: f for f in fields}
    order = [by_name[h] for h in header]
    primary = schema.get("primaryKey", [])
    primary = [primary] if isinstance(primary, str) else list(primary)
    # A one-column key is required in every row. In a key of several columns a cell may be blank (as
    # frictionless reads the standard): the row is known by the others, and two rows alike are still refused.
    keyed = primary if len(primary) == 1 else []
    typed_rows = []
    if len(_cells) > 64 or sum(map(len, _cells.values())) > 200_000:
        _cells.clear()
    said = _cells.setdefault((schema_key, res["name"], json.dumps(res["schema"], sort_keys=True) if not schema_key else ""), {})
    for number, cells in enumerate(rows[1:], start=2):
        every_row.append({h: (cells[i] if i < len(cells) else None) for i, h in enumerate(header)})
        if number in broken:
            continue
        if not any(cell.strip() for cell in cells):
            problems.append(Problem(name, number, None, "the row is empty; delete it"))
            continue
        if len(cells) > len(header):
            problems.append(Problem(name, number, None, "this row has more cells than the header has columns; put quotes around a value that contains a comma"))
            continue
        if len(cells) < len(header):
            problems.append(Problem(name, number, header[len(cells)], "this row has fewer cells than the header has columns; add the missing value (or leave it empty between two commas)"))
            continue
        row, sound = {}, True
        for field, cell in zip(order, cells):
            key = (field["name"], cell)
            if key not in said:
                said[key] = read_cell(cell, field, field["name"] in keyed)
            value, message = said[key]
            if message:
                problems.append(Problem(name, number, field["name"], message))
                sound = False
            row[field["name"]] = cell if message else value
        every_row[-1] = row
        if sound:
            typed_rows.append((number, row))
    if len(rows) < 2 and not problems and not res.get("x-mayBeEmpty"):  # an article folder's tables start empty
        problems.append(Problem(name, None, None, "the file has a header but no rows; restore the rows from git (git checkout -- datasets/" + name + ")"))
    uniques = [primary] if primary else []
    uniques += [[f["name"]] for f in fields if f.get("constraints", {}).get("unique")]
    for key in uniques:
        seen: dict[tuple, int] = {}
        for number, row in typed_rows:
            value = tuple(row[k] for k in key)
            if all(v is None for v in value):
                if len(key) > 1 and key is primary:
                    problems.append(Problem(name, number, ", ".join(key), f"every cell of the key ({', '.join(key)}) is empty; "
                                            "fill in at least one, so the row can be told apart"))
                continue
            if len(key) == 1 and None in value:
                continue
            if value in seen:
                shown = ", ".join("(blank)" if v is None else show(str(v)) for v in value)
                problems.append(Problem(name, number, ", ".join(key), f"'{shown}' is used twice (also in row {seen[value]}); every {', '.join(key)} must be unique"))
            else:
                seen[value] = number
    broken = {p.row for p in problems}
    return Table(res["name"], [(n, r) for n, r in typed_rows if n not in broken], problems, True, every_row)


# --- Rules across files ------------------------------------------------------------

def _foreign_keys(res: dict, tables: dict[str, Table], pointers: dict[str, list]) -> list[Problem]:
    """Every id that points into another file must be found there; x-complete: and the other way round."""
    problems = []
    table = tables[res["name"]]
    schema = res["schema"]
    for fk in schema.get("foreignKeys", []):
        fields = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
        ref = fk["reference"].get("resource") or res["name"]
        ref_fields = fk["reference"]["fields"]
        ref_fields = [ref_fields] if isinstance(ref_fields, str) else ref_fields
        if ref not in tables or not tables[ref].whole:
            continue  # that file's own problems are reported first: ids pointing into it are checked once it is sound
        known = tables[ref].values(ref_fields)
        target = ", ".join(ref_fields)
        for number, row in table.rows:
            value = tuple(row[f] for f in fields)
            if None not in value and value not in known:
                shown = ", ".join(show(str(v)) for v in value)
                problems.append(Problem(res["path"], number, ", ".join(fields), f"'{shown}' matches no {target} in {ref}.csv; add that row to {ref}.csv first or correct the id", ))
                pointers.setdefault(ref, []).append(problems[-1])
        if fk.get("x-complete") and table.readable and not any(p.file == res["path"] for p in table.problems):
            have = table.values(fields)
            lacking = sorted(v for v in known if None not in v and v not in have)
            if lacking:
                ids = ", ".join(show(", ".join(map(str, v))) for v in lacking[:5]) + (", ..." if len(lacking) > 5 else "")
                problems.append(Problem(res["path"], None, ", ".join(fields), f"{len(lacking)} of the {len(known)} rows of {ref}.csv have no row here ({ids}); this file needs a row for every {target} in {ref}.csv, or what is computed from it rests on fewer rows than the lesson says"))
    for field in schema["fields"]:
        spec = field.get("x-listForeignKey")
        if not spec or spec["resource"] not in tables or not tables[spec["resource"]].whole:
            continue
        known = {v for (v,) in tables[spec["resource"]].values([spec["field"]])}
        for number, row in table.rows:
            for value in filter(None, (row[field["name"]] or "").split(spec["delimiter"])):
                if value not in known:
                    problems.append(Problem(res["path"], number, field["name"], f"'{show(value)}' matches no {spec['field']} in {spec['resource']}.csv; add that row there first or correct the id"))
                    pointers.setdefault(spec["resource"], []).append(problems[-1])
    return problems


_fks: dict[tuple, tuple] = {}


def _foreign_keys_memo(res: dict, tables: dict[str, Table], pointers: dict[str, list], schema_key: str) -> list[Problem]:
    """_foreign_keys(), remembered for the very Table objects it reads."""
    schema = res["schema"]
    names = [res["name"]] + sorted({fk["reference"].get("resource") or res["name"] for fk in schema.get("foreignKeys", [])}
                                   | {f["x-listForeignKey"]["resource"] for f in schema["fields"] if "x-listForeignKey" in f})
    reads = tuple(tables.get(n) for n in names)
    key = (schema_key, tuple(names), tuple(map(id, reads)))
    if key not in _fks or any(a is not b for a, b in zip(_fks[key][0], reads)):
        if len(_fks) > 64:
            _fks.clear()
        mine: dict[str, list] = {}
        _fks[key] = (reads, _foreign_keys(res, tables, mine), mine)
    for ref, missed in _fks[key][2].items():
        pointers.setdefault(ref, []).extend(missed)
    return list(_fks[key][1])


@functools.lru_cache(maxsize=4)
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


def paragraph_of(article: str, start: int) -> int:
    """The paragraph (from 1; paragraphs are separated by a blank line) in which offset `start` falls."""
    return article[:start].count("\n\n") + 1


def span_problems(article: str, file: str, number: int, row: dict, column: str = "text", what: str = "the text") -> list[Problem]:
    """A row's words must be article[start:end] exactly, and its paragraph the one they start in."""
    start, end, text = row["start"], row["end"], row[column]
    if start is None or end is None:
        return []
    if article[start:end] != text:
        found = article.find(text) if text else -1
        hint = (f"the text is found at start={found}, end={found + len(text)}" if found >= 0
                else "the text is not in the article at all: copy it from article.txt exactly")
        return [Problem(file, number, column, f"the text does not match article[{start}:{end}]; {hint}")]
    paragraph = paragraph_of(article, start)
    if row["paragraph"] != paragraph:
        return [Problem(file, number, "paragraph", f"{what} starts in paragraph {paragraph}, not {row['paragraph']}")]
    return []


def _claims(tables: dict, texts: dict) -> list[Problem]:
    """Offsets must match the article; verdicts must follow the fact sheet; every paragraph has a claim."""
    problems = []
    article = texts.get("article")
    facts = fact_sheet_rows(texts["facts"]) if "facts" in texts else None
    for number, row in tables["claims"].rows:
        where = ("claims.csv", number)
        start, end, text = row["start"], row["end"], row["text"]
        if article is not None:
            problems += span_problems(article, "claims.csv", number, row, "text", "the claim")
        status, ref, verdict = row["fact_status"], row["fact_ref"], row["verdict"]
        if facts is not None and ref:
            if ref not in facts:
                problems.append(Problem(*where, "fact_ref", f"'{show(ref)}' is not a row of facts.md; write § and the section number, a space, then the row's first cell exactly"))
            elif facts[ref] != status:
                problems.append(Problem(*where, "fact_status", f"facts.md gives '{ref}' the status {facts[ref]}, not {status}"))
        elif not ref and status != "UNCONFIRMED":
            problems.append(Problem(*where, "fact_status", f"no fact_ref is given, so nothing confirms the claim: the status must be UNCONFIRMED, not {status}"))
        if verdict not in VERDICTS_ALLOWED[status]:
            allowed = ", ".join(sorted(VERDICTS_ALLOWED[status]))
            problems.append(Problem(*where, "verdict", f"'{verdict}' is stronger than the fact sheet's status {status}; use one of: {allowed}"))
    if article is not None and not any(p.file == "claims.csv" for p in tables["claims"].problems):
        covered = {paragraph_of(article, row["start"]) for _, row in tables["claims"].rows}
        lacking = [n for n in range(1, article.count("\n\n") + 2) if n not in covered]
        if lacking:
            problems.append(Problem("claims.csv", None, "paragraph", f"paragraph(s) {', '.join(map(str, lacking))} of the article have no claim; every paragraph has at least one, so rows may have been lost: restore them from git"))
    return problems


def _country_figures(tables: dict, texts: dict) -> list[Problem]:
    """A period must not end before it starts; a figure needs to say whether it is approximate."""
    problems = []
    for number, row in tables["country_figures"].rows:
        start, end = row["period_start"], row["period_end"]
        if start and end and end[: len(start)] < start[: len(end)]:
            problems.append(Problem("country_figures.csv", number, "period_end", f"the period ends ({end}) before it starts ({start}); check the order of the dates"))
        if row["records"] is not None and row["approximate"] is None:
            problems.append(Problem("country_figures.csv", number, "approximate", "a figure is given, so say whether the report hedged it: true or false"))
    return problems


def _populations(tables: dict, texts: dict) -> list[Problem]:
    """Each country needs exactly one preferred population."""
    preferred: dict[str, list[int]] = {}
    rows = tables["populations"].rows
    if any(p.file == "populations.csv" for p in tables["populations"].problems):
        return []  # a broken row could hold the preferred one
    for number, row in rows:
        preferred.setdefault(row["country_code"], [])
        if row["preferred"]:
            preferred[row["country_code"]].append(number)
    problems = []
    for code, numbers in preferred.items():
        if len(numbers) != 1:
            first = next(n for n, r in rows if r["country_code"] == code)
            where = f"rows {', '.join(map(str, numbers))} are" if numbers else "no row is"
            problems.append(Problem("populations.csv", first, "preferred", f"{code}: {where} marked preferred; mark exactly one row true"))
    return problems


def _actors(tables: dict, texts: dict) -> list[Problem]:
    """A CAMEO actor code starts with the actor's country code."""
    problems = []
    for number, row in tables["actors"].rows:
        code, country = row["cameo_actor"], row["country_code"]
        if country and not code.startswith(country):
            problems.append(Problem("actors.csv", number, "cameo_actor", f"'{code}' should start with the actor's country code, {country} (for example {country}GOV)"))
    return problems


def _cameo_codes(tables: dict, texts: dict) -> list[Problem]:
    """A code's level says how many digits it has: root two, base three, sub four."""
    problems = []
    for number, row in tables["cameo_codes"].rows:
        digits = CAMEO_LEVEL_DIGITS.get(row["level"])
        if digits and len(row["cameo_code"]) != digits:
            fits = next((level for level, n in CAMEO_LEVEL_DIGITS.items() if n == len(row["cameo_code"])), None)
            problems.append(Problem("cameo_codes.csv", number, "level", f"'{row['level']}' codes have {digits} digits but '{row['cameo_code']}' has {len(row['cameo_code'])}" + (f"; its level is {fits}" if fits else "")))
    return problems


def _reactions(tables: dict, texts: dict) -> list[Problem]:
    """A reaction the article reports quotes it verbatim and names the claim that reports it."""
    problems = []
    article = texts.get("article")
    claims = {row["claim_id"]: row["text"] for _, row in tables["claims"].rows} if "claims" in tables else {}
    for number, row in tables["reactions"].rows:
        where = ("reactions.csv", number)
        quote = row["quote"] or ""
        if row["in_article"] and not row["claim_id"]:
            problems.append(Problem(*where, "claim_id", "the reaction is in the article, so give the claim_id that reports it"))
        if not row["in_article"] and row["claim_id"]:
            problems.append(Problem(*where, "in_article", "a claim_id is given, so the reaction is in the article: set in_article to true"))
        if row["in_article"] and article is not None and quote not in article:
            problems.append(Problem(*where, "quote", "the quote is not in article.txt word for word; copy it from the article exactly"))
        elif row["claim_id"] in claims and quote not in claims[row["claim_id"]]:
            problems.append(Problem(*where, "quote", f"the quote is not part of claim {row['claim_id']}'s text; check the claim_id"))
    return problems


_customs: dict[tuple, tuple] = {}


def _custom(name: str, check, tables: dict, texts: dict, digests: dict) -> list[Problem]:
    """check(tables, texts), the rule for table `name`, remembered for the very Table objects (and texts) it reads."""
    reads = tuple(tables.get(n) for n in [name, *CUSTOM_READS.get(name, [])])
    said = tuple(digests.get(n) if n in texts else None for n in ("article", "facts"))
    key = (name, check, tuple(map(id, reads)), said)
    if key not in _customs or any(a is not b for a, b in zip(_customs[key][0], reads)):
        if len(_customs) > 64:
            _customs.clear()
        _customs[key] = (reads, check(tables, texts))
    return _customs[key][1]


CUSTOM_READS = {"reactions": ["claims"]}  # the other tables a custom check reads
CUSTOM_CHECKS = {"claims": _claims, "country_figures": _country_figures, "populations": _populations,
                 "actors": _actors, "cameo_codes": _cameo_codes, "reactions": _reactions}


def _paths(descriptor: dict) -> dict[str, str]:
    return {res["name"]: res["path"] for res in descriptor["resources"]}


# --- Checking a folder -----------------------------------------------------------

_tables: dict[tuple, Table] = {}   # each file is read once per content and schema


def _read_table_memo(text: str, res: dict, schema_key: str, digest: bytes) -> Table:
    key = (schema_key, res["name"], digest)
    if key not in _tables:
        if len(_tables) > 64:
            _tables.clear()
        _tables[key] = read_table(text, res, schema_key)
    return _tables[key]


def check_files(files: dict[str, tuple[bytes | None, list[Problem]]], descriptor: dict, schema_key: str | None = None,
                digests: dict[str, bytes] | None = None, customs: dict | None = None) -> list[Problem]:
    """Every problem in the files read by read_folder(); [] when sound.

    ``schema_key`` identifies the descriptor (a hash of it), for remembering tables already read.
    ``customs`` ({table: check(tables, texts)}) replaces the shipped data's cross-file rules (CUSTOM_CHECKS).
    """
    problems = [] if schema_key else _descriptor_problems(descriptor)  # checked_files() has looked already
    if problems:
        return problems
    tables: dict[str, Table] = {}
    texts: dict[str, str] = {}
    digests = dict(digests or {})
    schema_key = schema_key or hashlib.sha256(json.dumps(descriptor, sort_keys=True).encode()).hexdigest()
    for res in descriptor["resources"]:
        raw, found = files.get(res["name"], (None, [Problem(res["path"], None, None, "the file was not read")]))
        text = None
        if raw is not None:
            if res["name"] not in digests:
                digests[res["name"]] = hashlib.sha256(raw).digest()
            text, found = decode(raw, res["path"])
        if text is not None and res.get("type") == "table":
            table = _read_table_memo(text, res, schema_key, digests[res["name"]])
            tables[res["name"]] = table
            found = table.problems
            if not table.readable:
                text = None
        elif text is not None and "hash" in res:
            algorithm, _, expected = res["hash"].rpartition(":")
            if (digests[res["name"]].hex() if algorithm == "sha256" else hashlib.new(algorithm or "md5", raw).hexdigest()) != expected:
                found = [Problem(res["path"], None, None, f"the file's content differs from the shipped original; it must not be edited: restore it with git checkout -- datasets/{res['path']}")]
                text = None
        problems += found
        if text is not None:
            texts[res["name"]] = text
    pointers: dict[str, list[Problem]] = {}  # ids that match nothing, by the file they should be in
    for res in descriptor["resources"]:
        if res["name"] in tables and tables[res["name"]].readable:
            problems += _foreign_keys_memo(res, tables, pointers, schema_key)
    for ref, missed in pointers.items():
        if len(missed) > 5:  # many ids lost at once: rows of that file were deleted, or the file was cut short
            problems = [p for p in problems if p not in missed[3:]]
            files = ", ".join(sorted({p.file for p in missed}))
            path = _paths(descriptor).get(ref, ref)
            problems.append(Problem(path, None, None, f"{len(missed)} ids in {files} match no row of this file (the first are shown above); were rows deleted, or the file cut short? restore them from git (git checkout -- datasets/{path})"))
    readable = {name: table for name, table in tables.items() if table.readable}
    for name, custom in (CUSTOM_CHECKS if customs is None else customs).items():
        if name in readable:
            problems += _custom(name, custom, readable, texts, digests)
    return _at_most_a_few(problems)


def _at_most_a_few(problems: list[Problem], few: int = 5) -> list[Problem]:
    """The first few problems of each column of each file, and one line counting the rest."""
    shown: dict[tuple, int] = {}
    kept = []
    for p in problems:
        where = (p.file, p.column)
        shown[where] = shown.get(where, 0) + 1
        if shown[where] <= few:
            kept.append(p)
    for (file, column), count in shown.items():
        if count > few:
            place = f"column {column}" if column else "file"
            kept.append(Problem(file, None, column, f"and {count - few} more problem(s) like those above in this {place}; fix those first, then check again"))
    return kept


def check(folder: str | Path | None = None, descriptor: dict | None = None) -> list[Problem]:
    """Every problem in a datasets folder (default: the shipped one); [] when sound."""
    folder = Path(folder) if folder is not None else DATASETS
    if descriptor is None:
        raw, problems = read_file(DATASETS, "datapackage.json")
        if raw is None:
            return [Problem("datapackage.json", p.row, p.column, p.message) for p in problems]
        try:
            descriptor = _descriptor(raw)
        except (UnicodeDecodeError, ValueError) as err:
            return [Problem("datapackage.json", None, None, f"the descriptor is not valid JSON ({show(str(err))}); restore it with git checkout -- datasets/datapackage.json")]
    if not folder.is_dir():
        return [Problem(show(str(folder), 200), None, None, "this is not a folder of datasets" if folder.exists() else "there is no such folder")]
    problems = _descriptor_problems(descriptor)
    if problems:
        return problems
    return check_files(read_folder(folder, descriptor), descriptor)


# --- What the loaders use ----------------------------------------------------------

_verdicts: dict[bytes, list[Problem]] = {}


def checked_files(folder: str | Path | None = None) -> tuple[dict[str, bytes | None], list[Problem]]:
    """Each file's bytes as read once, and the problems found in exactly those bytes.

    The verdict is remembered in this process by a hash of the content (the
    descriptor's and every file's bytes), never by names or modification times:
    a loader parses the very bytes that were checked, so an edit is always seen.
    """
    folder = Path(folder) if folder is not None else DATASETS
    raw, problems = read_file(DATASETS, "datapackage.json")
    if raw is None or not folder.is_dir():
        return {}, check(folder)
    files = {}
    try:
        descriptor, sound = _descriptor_and_soundness(raw)
        if sound:
            files = read_folder(folder, descriptor)
    except (UnicodeDecodeError, ValueError):
        return {}, check(folder)
    digests = {name: hashlib.sha256(content).digest() for name, (content, _) in files.items() if content is not None}
    digest = hashlib.sha256(raw)
    for name, (content, found) in sorted(files.items()):
        digest.update(name.encode() + b"\0" + (digests[name] if content is not None else "\n".join(map(str, found)).encode()) + b"\0")
    key = digest.digest()
    if key not in _verdicts:
        if len(_verdicts) > 64:
            _verdicts.clear()
        _verdicts[key] = check_files(files, descriptor, hashlib.sha256(raw).hexdigest(), digests) if files else check(folder)
    return {name: content for name, (content, _) in files.items()}, _verdicts[key]
