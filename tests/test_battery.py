"""A generated battery of bad inputs: every dataset, every class of damage.

The cases are built from the descriptor and the shipped files, never typed in,
so a new column or row is covered without editing this file. Each case is one
damaged copy of the datasets, checked in memory (files on disk only for what
must be a real file system object: a folder, a pipe, a link, a device).

Every case must end one of two ways:
- refused: one or a few lines FILE:ROW:COLUMN: message, printable, naming the
  place that was damaged, and the loaders raise DataError (never another
  exception, never a hang); or
- read correctly, where the meaning is unambiguous (line ends, a byte-order
  mark, columns in another order, TRUE/FALSE from a spreadsheet): no problem,
  and the loaders return exactly the shipped tables.

Run ``python tests/test_battery.py`` to see how many cases each class tries.
"""
from __future__ import annotations

import collections
import csv
import functools
import io
import itertools
import os
import random
import re
import stat
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import DATASETS  # noqa: E402

from helpers import checks, data  # noqa: E402

DESCRIPTOR = checks.package()
RESOURCES = {res["name"]: res for res in DESCRIPTOR["resources"]}
TABLES = [res for res in DESCRIPTOR["resources"] if res.get("type") == "table"]
SHIPPED = {name: (DATASETS / res["path"]).read_bytes() for name, res in RESOURCES.items()}
LINE = re.compile(r"(?P<file>[^:]+):(?P<row>\d+|-):(?P<column>[^:]+|-): \S.*")
FEW = 12  # "one or a few lines": at most five per column of a file, plus a line counting the rest


@dataclass
class Case:
    kind: str                       # the class of damage
    resource: str                   # the dataset damaged
    files: dict[str, bytes]         # what each file now holds
    where: tuple | None = None      # (file, row, column) a problem must name; row/column None: any
    accepted: bool = False          # read correctly instead of refused
    extra: dict = field(default_factory=dict)

    @property
    def id(self):
        return f"{self.kind}-{self.resource}"


def rows_of(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(SHIPPED[name].decode("utf-8"), newline="")))


@functools.lru_cache(maxsize=None)
def _line(cells: tuple) -> str:
    """One row as a CSV line (remembered: most rows recur in many cases)."""
    out = io.StringIO()
    # Python 3.10's csv module refuses to write a NUL: write a stand-in, then put the NUL back.
    csv.writer(out, lineterminator="").writerow([cell.replace("\x00", "\ue000") for cell in cells])
    return out.getvalue().replace("\ue000", "\x00")


def to_csv(rows: list[list[str]], raw: dict | None = None, newline: str = "\n") -> bytes:
    """CSV bytes; ``raw`` maps (row index, cell index) to text written as is, unquoted."""
    lines = []
    for i, row in enumerate(rows):
        if raw and any(r == i for r, _ in raw):
            lines.append(",".join(raw[(i, j)] if (i, j) in raw else _line((cell,)) for j, cell in enumerate(row)))
        else:
            lines.append(_line(tuple(row)))
    return "".join(line + newline for line in lines).encode("utf-8")


def with_file(name: str, content: bytes) -> dict[str, bytes]:
    return {**SHIPPED, name: content}


# --- Damage to whole files ------------------------------------------------------------

def whole_file_cases():
    rng = random.Random(9)
    for name, res in RESOURCES.items():
        raw = SHIPPED[name]
        text = raw.decode("utf-8")
        path = res["path"]
        nul_at = raw.index(b"\n", len(raw) // 2) - 3
        yield Case("empty", name, with_file(name, b""), (path, None, None))
        yield Case("only_spaces", name, with_file(name, b"  \r\n\n"), (path, None, None))
        yield Case("utf16_with_bom", name, with_file(name, text.encode("utf-16")), (path, None, None))
        yield Case("utf16le_without_bom", name, with_file(name, text.encode("utf-16-le")), (path, None, None))
        yield Case("utf16be_without_bom", name, with_file(name, text.encode("utf-16-be")), (path, None, None))
        yield Case("latin1_byte", name, with_file(name, raw[:nul_at] + b"\xe9" + raw[nul_at:]), (path, None, None))
        yield Case("nul_byte", name, with_file(name, raw[:nul_at] + b"\0" + raw[nul_at:]), (path, None, None))
        yield Case("binary_garbage", name, with_file(name, bytes(rng.randrange(256) for _ in range(2000))), (path, None, None))
        cut = raw.rindex(b",", 0, nul_at) if res.get("type") == "table" else nul_at  # inside a row, after a separator
        yield Case("cut_in_the_middle_of_a_row", name, with_file(name, raw[:cut]), (path, None, None))
        if res.get("type") != "table":
            yield Case("mac_line_ends_in_a_hashed_file", name, with_file(name, raw.replace(b"\n", b"\r")), (path, None, None))
            continue
        rows = rows_of(name)
        yield Case("header_only", name, with_file(name, to_csv(rows[:1])), (path, None, None))
        yield Case("no_header", name, with_file(name, to_csv(rows[1:])), (path, 1, None))
        yield Case("every_row_twice", name, with_file(name, to_csv(rows + rows[1:])), (path, None, None))
        semicolons = io.StringIO()
        csv.writer(semicolons, delimiter=";", lineterminator="\r\n").writerows(rows)
        yield Case("semicolons_between_columns", name, with_file(name, semicolons.getvalue().encode()), (path, 1, None))
        yield Case("blank_row", name, with_file(name, to_csv(rows[:2] + [[""] * len(rows[0])] + rows[2:])), (path, 3, None))
        yield Case("row_with_an_extra_cell", name, with_file(name, to_csv(rows[:2] + [rows[2] + ["extra"]] + rows[3:])), (path, 3, None))
        yield Case("row_missing_its_last_cell", name, with_file(name, to_csv(rows[:2] + [rows[2][:-1]] + rows[3:])), (path, 3, None))
        # read correctly: the meaning is unambiguous
        yield Case("windows_line_ends", name, with_file(name, raw.replace(b"\n", b"\r\n")), accepted=True)
        yield Case("mac_line_ends", name, with_file(name, raw.replace(b"\n", b"\r")), accepted=True)
        yield Case("byte_order_mark", name, with_file(name, checks.BOM + raw), accepted=True)
        moved = [row[-1:] + row[:-1] for row in rows]
        yield Case("last_column_moved_first", name, with_file(name, to_csv(moved)), accepted=True)
        padded = [row + ["", ""] for row in rows]  # a spreadsheet that saved two empty columns at the end
        yield Case("empty_columns_at_the_end", name, with_file(name, to_csv(padded)), accepted=True)
        booleans = [rows[0].index(f["name"]) for f in res["schema"]["fields"] if f["type"] == "boolean"]
        if booleans:
            upper = [row if i == 0 else [c.upper() if j in booleans else c for j, c in enumerate(row)] for i, row in enumerate(rows)]
            yield Case("booleans_in_capitals", name, with_file(name, to_csv(upper)), accepted=True)


# --- Damage to the header -------------------------------------------------------------

def header_cases():
    for res in TABLES:
        name, path = res["name"], res["path"]
        rows = rows_of(name)
        header = rows[0]
        for i, column in enumerate(header):
            yield Case("column_deleted", name, with_file(name, to_csv([r[:i] + r[i + 1:] for r in rows])), (path, 1, column))
            renamed = [header[:i] + [column.title().replace("_", " ")] + header[i + 1:]] + rows[1:]
            yield Case("column_renamed", name, with_file(name, to_csv(renamed)), (path, 1, column))
            spaced = [header[:i] + [column + " "] + header[i + 1:]] + rows[1:]
            yield Case("space_after_a_column_name", name, with_file(name, to_csv(spaced)), (path, 1, column))
            doubled = [r[: i + 1] + [r[i]] + r[i + 1:] for r in rows]
            yield Case("column_twice", name, with_file(name, to_csv(doubled)), (path, 1, column))
        for i, j in itertools.combinations(range(len(header)), 2):
            swapped = list(header)
            swapped[i], swapped[j] = swapped[j], swapped[i]
            yield Case("two_headers_swapped", name, with_file(name, to_csv([swapped] + rows[1:])), (path, 1, None))


# --- Damage to one cell ------------------------------------------------------------------

def bad_values(f: dict, value: str) -> list[tuple[str, str]]:
    """(class, bad value) for a field, from what its schema says it must be."""
    kind, constraints = f["type"], f.get("constraints", {})
    out = []
    if constraints.get("required"):
        out.append(("required_left_empty", ""))
    if kind == "integer":
        out += [("integer_with_a_decimal_point", "12.5"), ("integer_with_a_space", "1 000"), ("integer_in_words", "twelve"),
                ("integer_too_large", "9" * 30), ("integer_with_a_unit", "12 million")]
    if kind == "number":
        out += [("decimal_comma", "2,5"), ("not_a_number", "nan"), ("infinite", "1e999")]
    if kind == "boolean":
        out += [("boolean_one", "1"), ("boolean_zero", "0"), ("boolean_yes", "yes")]
    if "enum" in constraints:
        out.append(("not_one_of_the_codes", "not_a_code"))
    if "minimum" in constraints:
        out.append(("below_the_minimum", str(constraints["minimum"] - 1)))
    if "maximum" in constraints:
        out.append(("above_the_maximum", str(constraints["maximum"] + 1)))
    if f.get("format") == "uri":
        out += [("javascript_url", "javascript:alert(document.cookie)"), ("url_without_scheme", "www.example.com"),
                ("data_url", "data:text/html,<script>alert(1)</script>")]
    if kind == "integer" and constraints.get("maximum", 10 ** 9) >= 10 ** 9:
        out.append(("large_number_in_scientific_notation", "7.03E+07"))
    if constraints.get("pattern") == checks.ISO_DATE_PATTERN:
        out.append(("date_rewritten_by_a_spreadsheet", "21/10/2013"))
        out += [("date_that_does_not_exist", "2013-02-30"), ("month_13", "2013-13-45"), ("month_00", "2013-00")]
    elif constraints.get("pattern"):
        out.append(("breaks_the_pattern", "?" + (value or "x")))
    return out


def hidden_characters(value: str) -> list[tuple[str, str]]:
    """(class, value) for characters a message must never print raw: one class per column, in turn."""
    base = value or "abc"
    return [("nul_inside", base[:1] + "\0" + base[1:]), ("escape_sequence", "\x1b[31m" + base),
            ("line_separator", base + "\u2028"), ("right_to_left_override", "\u202e" + base),
            ("tab_inside", base[:1] + "\t" + base[1:]), ("bell", base + "\a")]


def cell_cases():
    for res in TABLES:
        name, path = res["name"], res["path"]
        rows = rows_of(name)
        header = rows[0]
        fields = res["schema"]["fields"]
        turns = max(len(fields), len(hidden_characters("")), 2)  # every class in every file, every column once
        for n in range(turns):
            f = fields[n % len(fields)]
            col = header.index(f["name"])
            i = next((i for i, r in enumerate(rows[1:], start=1) if r[col]), 1)
            value = rows[i][col] or "abc"
            kinds = hidden_characters(rows[i][col])
            kind, bad = kinds[n % len(kinds)]
            changed = [list(r) for r in rows]
            changed[i][col] = bad
            yield Case(kind, name, with_file(name, to_csv(changed)), (path, i + 1, f["name"]))
            if n % 2:  # a stray quote inside an unquoted cell, or a quote that never closes
                yield Case("stray_quote_inside_a_cell", name, with_file(name, to_csv(rows, {(i, col): value[:1] + '"' + value[1:].replace(",", "")})), (path, i + 1, None))
            else:
                yield Case("quote_never_closed", name, with_file(name, to_csv(rows, {(i, col): '"' + value.replace('"', "")})), (path, i + 1, None))
        for f in fields:
            col = header.index(f["name"])
            filled = [i for i, r in enumerate(rows[1:], start=1) if r[col]]
            i = filled[0] if filled else 1
            for kind, bad in bad_values(f, rows[i][col]):
                if bad == rows[i][col]:
                    continue
                changed = [list(r) for r in rows]
                changed[i][col] = bad
                yield Case(kind, name, with_file(name, to_csv(changed)), (path, i + 1, f["name"]))
        for key in [res["schema"].get("primaryKey")] if res["schema"].get("primaryKey") else []:
            cols = [header.index(k) for k in key]
            changed = [list(r) for r in rows]
            for c in cols:
                changed[2][c] = rows[1][c]
            yield Case("duplicate_id", name, with_file(name, to_csv(changed)), (path, 3, ", ".join(key)))
        for fk in res["schema"].get("foreignKeys", []):
            col = header.index(fk["fields"][0])
            i = next((i for i, r in enumerate(rows[1:], start=1) if r[col]), 1)
            changed = [list(r) for r in rows]
            changed[i][col] = "no_such_id"
            yield Case("id_that_matches_nothing", name, with_file(name, to_csv(changed)), (path, i + 1, fk["fields"][0]))
            if fk.get("x-complete"):
                keep = [rows[0]] + rows[1: max(2, len(rows) // 3)]
                yield Case("partial_file", name, with_file(name, to_csv(keep)), (path, None, fk["fields"][0]))
        for f in res["schema"]["fields"]:
            if "x-listForeignKey" in f:
                col = header.index(f["name"])
                i = next(i for i, r in enumerate(rows[1:], start=1) if r[col])
                changed = [list(r) for r in rows]
                changed[i][col] += f["x-listForeignKey"]["delimiter"] + "no_such_id"
                yield Case("id_in_a_list_that_matches_nothing", name, with_file(name, to_csv(changed)), (path, i + 1, f["name"]))


# --- Rules between cells and files --------------------------------------------------

def edit(name, change):
    rows = [list(r) for r in rows_of(name)]
    where = change(rows)
    return with_file(name, to_csv(rows)), where


def relation_cases():
    def level(rows):
        h = rows[0]
        i = next(i for i, r in enumerate(rows[1:], start=1) if len(r[h.index("cameo_code")]) == 2)
        rows[i][h.index("level")] = "sub"
        return ("cameo_codes.csv", i + 1, "level")

    def period(rows):
        h = rows[0]
        i = next(i for i, r in enumerate(rows[1:], start=1) if r[h.index("period_start")] and r[h.index("period_end")])
        rows[i][h.index("period_end")] = str(int(rows[i][h.index("period_start")][:4]) - 1)
        return ("country_figures.csv", i + 1, "period_end")

    def preferred(rows):
        h = rows[0]
        for r in rows[1:]:
            r[h.index("preferred")] = "false"
        return ("populations.csv", 2, "preferred")

    def in_article(rows):
        h = rows[0]
        i = next(i for i, r in enumerate(rows[1:], start=1) if r[h.index("in_article")] == "true")
        rows[i][h.index("claim_id")] = ""
        return ("reactions.csv", i + 1, "claim_id")

    def lost_paragraph(rows):
        h = rows[0]
        rows[1:] = [r for r in rows[1:] if r[h.index("paragraph")] != "1"]
        return ("claims.csv", None, "paragraph")

    def verdict(rows):
        h = rows[0]
        i = next(i for i, r in enumerate(rows[1:], start=1) if r[h.index("fact_status")] == "UNCONFIRMED")
        rows[i][h.index("verdict")] = "confirmed"
        return ("claims.csv", i + 1, "verdict")

    def offsets(rows):
        h = rows[0]
        rows[3][h.index("end")] = str(int(rows[3][h.index("end")]) + 1)
        return ("claims.csv", 4, "text")

    for name, change in [("cameo_codes", level), ("country_figures", period), ("populations", preferred),
                         ("reactions", in_article), ("claims", lost_paragraph), ("claims", verdict), ("claims", offsets)]:
        files, where = edit(name, change)
        yield Case(f"relation_{change.__name__}", name, files, where)


def all_cases() -> list[Case]:
    return [*whole_file_cases(), *header_cases(), *cell_cases(), *relation_cases()]


CASES = all_cases()


# --- Running a case --------------------------------------------------------------------

def run_in_memory(case: Case, monkeypatch) -> list[checks.Problem]:
    """The checker's verdict on the case, and the loaders' behaviour, without touching the disk."""
    files = {name: (content, []) for name, content in case.files.items()}
    monkeypatch.setattr(checks, "read_folder", lambda folder, descriptor: files)
    return checks.checked_files(DATASETS)[1]


def assert_well_formed(case: Case, problems: list[checks.Problem]):
    lines = [str(p) for p in problems]
    assert problems, f"{case.id}: accepted, but it should be refused"
    assert len(problems) <= FEW, f"{case.id}: {len(problems)} lines:\n" + "\n".join(lines)
    for line in lines:
        assert LINE.fullmatch(line), f"{case.id}: {line!r}"
        assert checks.printable(line) == line, f"{case.id}: a control character printed raw: {line!r}"
    if case.where:
        file, row, column = case.where
        assert any(p.file == file and (row is None or p.row == row) and (column is None or column in (p.column or ""))
                   for p in problems), f"{case.id}: nothing names {case.where}:\n" + "\n".join(lines)


def needing(name: str) -> str:
    """A dataset whose loader reads ``name``: itself, or one whose keys or checks point at it."""
    if name == "article" or RESOURCES[name].get("type") == "table":
        return name
    return next(res["name"] for res in TABLES if name in data._references(res))


def load(name: str, folder=None):
    return data.article(folder) if name == "article" else data.load(name, folder)


def assert_loaders_refuse(case: Case):
    with pytest.raises(data.DataError):
        load(needing(case.resource))


@pytest.fixture(scope="module")
def shipped_frames():
    return {res["name"]: data.load(res["name"]) for res in TABLES}


def test_the_battery_covers_every_dataset_and_is_as_large_as_the_readme_says():
    per_dataset = collections.Counter(case.resource for case in CASES)
    assert set(per_dataset) == set(RESOURCES)
    readme = (Path(__file__).resolve().parents[1] / "CONTRIBUTING.md").read_text(encoding="utf-8")  # the maintainers' page
    claimed = re.search(r"try ([\d,]+) generated bad-input cases", readme)
    assert claimed, "CONTRIBUTING.md no longer says how many bad-input cases the tests try"
    assert int(claimed.group(1).replace(",", "")) == len(CASES), f"CONTRIBUTING.md says {claimed.group(1)}; there are {len(CASES):,}"
    print(f"\n{len(CASES)} generated bad-input cases")


def test_every_case_is_refused_clearly_or_read_correctly(monkeypatch, shipped_frames):
    for case in CASES:
        problems = run_in_memory(case, monkeypatch)
        if case.accepted:
            assert problems == [], f"{case.id}: " + "\n".join(map(str, problems))
            assert data.load(case.resource).equals(shipped_frames[case.resource]), case.id
        else:
            assert_well_formed(case, problems)
            assert_loaders_refuse(case)


# --- File system objects in place of a file --------------------------------------------


def _unreadable(path: Path, monkeypatch):
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: make the open fail as it would for a student
        real = os.open
        monkeypatch.setattr(checks.os, "open", lambda p, *a, **k: (_ for _ in ()).throw(PermissionError(13, "Permission denied")) if Path(p) == path else real(p, *a, **k))


def _device(path: Path, monkeypatch):
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except (OSError, AttributeError):
        pytest.skip("cannot make a device file here")


FILESYSTEM = {
    "a folder": (lambda p, m: p.mkdir(), "this is a folder, not a file"),
    "a named pipe": (lambda p, m: os.mkfifo(p), "this is a named pipe (FIFO), not a file"),
    "a device": (_device, "this is a device, not a file"),
    "an unreadable file": (None, "the file cannot be read: permission denied"),
    "a link out of the folder": (None, "the file is a link to a file outside the folder"),
    "a link to a system file": (lambda p, m: p.symlink_to("/etc/hostname" if Path("/etc/hostname").exists() else sys.executable), "the file is a link to a file outside the folder"),
    "a link that leads nowhere": (lambda p, m: p.symlink_to(p.parent / "nowhere.csv"), "the file is a link that leads nowhere"),
    "a huge file": (lambda p, m: open(p, "wb").truncate(checks.MAX_BYTES + 1), "far larger than any of the kit's files"),
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
@pytest.mark.parametrize("what", list(FILESYSTEM))
def test_something_that_is_not_a_readable_file_is_named_as_such(what, scratch, tmp_path, monkeypatch):
    make, expected = FILESYSTEM[what]
    tried = 0
    for res in DESCRIPTOR["resources"]:
        path = scratch / res["path"]
        original = path.read_bytes()
        path.unlink()
        if what == "an unreadable file":
            path.write_bytes(original)
            _unreadable(path, monkeypatch)
        elif what == "a link out of the folder":
            outside = tmp_path / ("outside-" + res["path"])
            outside.write_bytes(original)  # a sound copy, but outside: still refused
            path.symlink_to(outside)
        else:
            make(path, monkeypatch)
        done = []
        worker = threading.Thread(target=lambda: done.append([str(p) for p in data.check(scratch)]), daemon=True)
        worker.start()
        worker.join(timeout=20)
        assert done, f"{what} in place of {res['path']}: the check hung"
        mine = [line for line in done[0] if line.startswith(res["path"] + ":")]
        assert mine == [f"{res['path']}:-:-: {checks.printable(expected)}"] or (mine and expected in mine[0]), (what, done[0])
        if Path("/etc/hostname").exists() and what == "a link to a system file":
            first = Path("/etc/hostname").read_text().splitlines()[0] if Path("/etc/hostname").read_text().strip() else "\0"
            assert not any(first in line for line in done[0])
        with pytest.raises(data.DataError):
            load(needing(res["name"]), scratch)
        monkeypatch.undo()
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        else:
            path.chmod(0o644) if not path.is_symlink() and path.exists() else None
            path.unlink()
        path.write_bytes(original)
        tried += 1
    assert tried == len(DESCRIPTOR["resources"])


if __name__ == "__main__":
    counts = collections.Counter(case.kind for case in CASES)
    for kind, count in sorted(counts.items()):
        print(f"{count:>5}  {kind}")
    print(f"{len(CASES):>5}  cases in memory, over {len(RESOURCES)} datasets; plus "
          f"{len(FILESYSTEM) * len(RESOURCES)} file system cases")


# --- The reference implementation agrees ---------------------------------------------

def test_whatever_frictionless_refuses_the_kit_refuses_too(tmp_path, monkeypatch):
    """The kit reads the Table Schema itself, for speed; on one case of each class that damages a
    table, frictionless (the standard's reference library) must never find a problem the kit misses."""
    frictionless = pytest.importorskip("frictionless")
    firsts = {}
    for case in CASES:
        if RESOURCES[case.resource].get("type") == "table" and not case.kind.startswith("relation") and not case.accepted:
            firsts.setdefault(case.kind, case)  # (what the kit reads on purpose, e.g. empty columns at the end, is left out)
    disagree = []
    for case in firsts.values():
        res = RESOURCES[case.resource]
        folder = tmp_path / case.kind
        folder.mkdir()
        for name, content in case.files.items():
            (folder / RESOURCES[name]["path"]).write_bytes(content)
        resource = frictionless.Resource({k: v for k, v in res.items() if k != "schema"} | {"schema": {
            k: v for k, v in res["schema"].items() if k != "foreignKeys"}}, basepath=str(folder))
        try:
            refused = not resource.validate().valid
        except Exception:  # frictionless cannot even read it
            refused = True
        if refused and not run_in_memory(case, monkeypatch):
            disagree.append(case.id)
        monkeypatch.undo()
    assert len(firsts) > 40 and disagree == []
