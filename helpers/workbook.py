"""What the workbooks of an article folder share (``articles/NAME/``, made by ``python3 tasks.py new-article``).

The lessons study one article whose answers the kit knows. A workbook studies the article a
teacher brings, so its checks cannot compare with a fixed answer: they test what can be tested
(every claim's words are the article's, every verdict names its sources, every code exists,
both partners coded every row) and say plainly what is still to do.

- ``here()``: the article folder the workbook is in; ``load(name)``: one of its tables, typed,
  after checking the folder (a problem stops with FILE:ROW:COLUMN, as the lessons' loaders do);
- ``decide``, ``split``, ``merge``, ``add_claim``, ``add_source``: the class's decisions,
  written into the folder's CSV files (never into ``datasets/``), each checked before it is written;
- ``check_claims``, ``check_verdicts``, ``check_codes``, ``check_partners``: one line each.

The same changes can be made in a spreadsheet or in JupyterLab's editor: the files are plain CSV.
Importing this module does nothing.
"""
from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

from helpers import article, checks

TABLE_OF = {"C": "claims", "Q": "quotes", "F": "figures"}


class WorkbookError(ValueError):
    """A decision that cannot be written, said in one line."""


def here(folder: str | Path | None = None) -> Path:
    """The article folder: the one given, else the folder the workbook runs in."""
    path = Path(folder) if folder is not None else Path.cwd()
    if not article.is_article_folder(path):
        raise WorkbookError(f"{checks.show(str(path), 120)} is not an article folder (it needs article.txt, claims.csv and "
                            "quotes.csv): open this workbook from articles/NAME/, made by python3 tasks.py new-article")
    return path


def text(folder: str | Path | None = None) -> str:
    """The article's text."""
    return (here(folder) / "article.txt").read_text(encoding="utf-8-sig")


def status(folder: str | Path | None = None) -> None:
    """Print what is wrong in the folder (FILE:ROW:COLUMN) and what is still to do."""
    problems, todo = article.check_folder(here(folder))
    for problem in problems:
        print(f"problem: {problem}")
    for line in todo:
        print(f"to do: {line}")
    if not problems and not todo:
        print("Every row is decided and sound.")


def load(name: str, folder: str | Path | None = None):
    """One table of the folder as a typed DataFrame, after checking the folder; blank cells are <NA>."""
    from helpers import data

    path = here(folder)
    problems = [p for p in article.check_folder(path)[0] if p.file in (f"{name}.csv", "article.txt")]
    if problems:
        raise checks.DataError(problems)
    res = next(r for r in article.descriptor()["resources"] if r["name"] == name)
    return data.frame((path / res["path"]).read_text(encoding="utf-8-sig"), res["schema"]["fields"])


# --- The class's decisions, written into the folder --------------------------------------------------

class _Row(dict):
    """A table's row as csv.DictReader gives it, with `number`: the row as a spreadsheet and the folder's
    check number it (the header is row 1, and a blank line is a row too, though it holds no values)."""
    number: int


def _read(path: Path) -> tuple[list[str], list[dict]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            records = list(csv.reader(f))
    except FileNotFoundError:
        raise WorkbookError(f"{path.name} is missing from the folder: it was deleted or renamed; python -m helpers validate says what else is wrong") from None
    except (UnicodeDecodeError, csv.Error) as err:
        raise WorkbookError(f"{path.name} cannot be read as a table of UTF-8 text ({type(err).__name__}); if a spreadsheet saved it, "
                            "save it again as 'CSV UTF-8'") from None
    fields = records[0] if records else []
    rows = []
    for number, cells in enumerate(records[1:], start=2):
        if not cells:  # a blank line: csv.DictReader skips it, and so does every step here
            continue
        row = _Row(zip(fields, cells))
        row.update((name, "") for name in fields[len(cells):])  # a row cut short reads as blank cells, which the check names
        if len(cells) > len(fields):
            row[None] = cells[len(fields):]  # as csv.DictReader keeps extra cells
        row.number = number
        rows.append(row)
    return fields, rows


def _read_sound(path: Path, table: str) -> tuple[list[str], list[dict]]:
    """A table to change, once the check finds nothing wrong in it (a hand-edited file with a bad cell stops here,
    with its file, row and column named, before anything is written)."""
    problems = [p for p in article.check_folder(path)[0] if p.file in (f"{table}.csv", "article.txt")]
    if problems:
        raise checks.DataError(problems)
    return _read(path / f"{table}.csv")


def _write(path: Path, names: list[str], rows: list[dict]) -> None:
    """Write the whole table, or nothing: a new file beside it, then renamed over it."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    fresh = path.with_name(f".{path.name}.new")
    fresh.write_text(out.getvalue(), encoding="utf-8", newline="\n")
    os.replace(fresh, path)


def _field(table: str, column: str) -> dict:
    res = next(r for r in article.descriptor()["resources"] if r["name"] == table)
    for field in res["schema"]["fields"]:
        if field["name"] == column:
            return field
    names = ", ".join(f["name"] for f in res["schema"]["fields"])
    raise WorkbookError(f"{table}.csv has no column {column!r}; its columns are: {names}")


def _allowed(table: str, column: str, value: str) -> None:
    constraints = _field(table, column).get("constraints", {})
    enum = constraints.get("enum")
    if enum and value not in enum and (value or constraints.get("required")):  # a blank optional cell is allowed
        raise WorkbookError(f"{value!r} is not a {column} the codebook allows; use one of: {', '.join(enum)}")


def _table_of(row_id: str) -> str:
    table = TABLE_OF.get(row_id[:1]) if isinstance(row_id, str) else None
    if table is None:
        raise WorkbookError(f"{row_id!r} is not the id of a claim (C01), a quotation (Q01) or a figure (F01)")
    return table


def _find(rows: list[dict], key: str, row_id: str, table: str) -> dict:
    for row in rows:
        if row[key] == row_id:
            return row
    raise WorkbookError(f"there is no {row_id} in {table}.csv")


def _renumber(rows: list[dict], key: str, prefix: str) -> None:
    rows.sort(key=lambda r: (int(r["start"]), int(r["end"])))
    for number, row in enumerate(rows, start=1):
        row[key] = f"{prefix}{number:02d}"


def decide(row_id: str, folder: str | Path | None = None, **changes) -> None:
    """Accept a proposed row (``decide("C03")``) or change some of its cells (``decide("C03", claim_type="event")``).

    The row's ``proposal`` becomes ``accepted`` when nothing else changes and ``edited`` otherwise; a row the
    class added stays ``added``. Codes are checked against the codebook before anything is written."""
    path = here(folder)
    table = _table_of(row_id)
    names, rows = _read_sound(path, table)
    row = _find(rows, names[0], row_id, table)
    for column, value in changes.items():
        if column in (names[0], "start", "end", "paragraph", "text", "quote", "proposal"):
            raise WorkbookError(f"{column} is not changed with decide(): use split(), merge() or add_claim() to change what a row covers")
        _field(table, column)
        value = "" if value is None else str(value)
        _allowed(table, column, value)
        row[column] = value
    if row["proposal"] != "added":
        row["proposal"] = "edited" if changes else "accepted"
    _write(path / f"{table}.csv", names, rows)


def _span(full: str, words: str, occurrence: int = 1) -> tuple[int, int]:
    if not isinstance(words, str) or not words.strip() or words != words.strip():
        raise WorkbookError(f"give the claim's words as text, with no space before or after them, not {checks.show(repr(words), 80)}")
    if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1:
        raise WorkbookError(f"occurrence counts the words' appearances in the article: 1 for the first, 2 for the second, not {occurrence!r}")
    at = -1
    for _ in range(occurrence):
        at = full.find(words, at + 1)
        if at < 0:
            raise WorkbookError(f"the words {checks.show(repr(words), 80)} are not in the article (copy them exactly, "
                                "with the same capitals and punctuation)")
    return at, at + len(words)


def split(claim_id: str, second_starts_with: str, folder: str | Path | None = None) -> None:
    """Cut a claim in two where ``second_starts_with`` begins (both halves keep the claim's coding, marked edited)."""
    path = here(folder)
    full = text(path)
    names, rows = _read_sound(path, "claims")
    row = _find(rows, "claim_id", claim_id, "claims")
    cut = row["text"].find(second_starts_with)
    if cut <= 0:
        raise WorkbookError(f"{claim_id}'s text does not contain {checks.show(repr(second_starts_with), 80)} after its start")
    start, end = int(row["start"]), int(row["end"])
    first_end = start + len(row["text"][:cut].rstrip())
    second_start = start + cut
    second = dict(row, start=str(second_start), text=full[second_start:end], proposal="edited" if row["proposal"] != "added" else "added")
    row.update(end=str(first_end), text=full[start:first_end], proposal=second["proposal"])
    second["paragraph"] = str(checks.paragraph_of(full, second_start))
    rows.append(second)
    _renumber(rows, "claim_id", "C")
    _write(path / "claims.csv", names, rows)


def merge(first_id: str, second_id: str, folder: str | Path | None = None) -> None:
    """Make two claims of one paragraph one claim, from the start of the first to the end of the second."""
    path = here(folder)
    full = text(path)
    if first_id == second_id:
        raise WorkbookError(f"merge() needs two different claims, not {first_id} twice")
    names, rows = _read_sound(path, "claims")
    first, second = (_find(rows, "claim_id", i, "claims") for i in (first_id, second_id))
    if first["paragraph"] != second["paragraph"]:
        raise WorkbookError(f"{first_id} and {second_id} are in different paragraphs; a claim stays within one paragraph")
    start, end = min(int(first["start"]), int(second["start"])), max(int(first["end"]), int(second["end"]))
    first.update(start=str(start), end=str(end), text=full[start:end], proposal="edited" if first["proposal"] != "added" else "added")
    rows.remove(second)
    _renumber(rows, "claim_id", "C")
    _write(path / "claims.csv", names, rows)


def add_claim(words: str, claim_type: str, claimant: str, claimant_type: str, attribution: str, occurrence: int = 1,
              folder: str | Path | None = None) -> str:
    """A claim the finder missed: ``words`` exactly as in the article (its ``occurrence``-th appearance); its new id."""
    path = here(folder)
    full = text(path)
    start, end = _span(full, words, occurrence)
    if "\n\n" in words:
        raise WorkbookError("a claim stays within one paragraph: add each paragraph's part as a claim of its own")
    for column, value in (("claim_type", claim_type), ("claimant_type", claimant_type), ("attribution", attribution)):
        _allowed("claims", column, value)
    names, rows = _read_sound(path, "claims")
    row = dict.fromkeys(names, "")
    row.update(claim_id="new", paragraph=str(checks.paragraph_of(full, start)), start=str(start), end=str(end), text=words,
               claim_type=claim_type, claimant=claimant, claimant_type=claimant_type, attribution=attribution, proposal="added")
    rows.append(row)
    _renumber(rows, "claim_id", "C")
    _write(path / "claims.csv", names, rows)
    return row["claim_id"]


def add_source(source_id: str, outlet: str, url: str, date: str, kind: str, note: str, title: str = "",
               language: str = "en", date_status: str = "UNCONFIRMED", folder: str | Path | None = None) -> None:
    """A source the class read (lateral reading): one row of sources.csv, which verdicts then name as evidence."""
    path = here(folder)
    names, rows = _read_sound(path, "sources")
    if not re.fullmatch(r"[a-z0-9_]+", source_id or ""):
        raise WorkbookError(f"{source_id!r} cannot be a source_id: use small letters, digits and _, such as council_2026_01_05")
    if any(r["source_id"] == source_id for r in rows):
        raise WorkbookError(f"sources.csv already has a source {source_id}")
    for column, value in (("kind", kind), ("date_status", date_status)):
        _allowed("sources", column, value)
    if date and not (re.fullmatch(checks.ISO_DATE_PATTERN, date) and checks._real_date(date)):
        raise WorkbookError(f"{date!r} is not a date: write it as YYYY-MM-DD (or YYYY-MM, or YYYY)")
    if url and not checks.web_address(url):
        raise WorkbookError(f"{checks.show(repr(url), 80)} is not a web address (it starts with http:// or https://)")
    if not outlet or not note:
        raise WorkbookError("a source needs its outlet and a note saying what it shows")
    rows.append(dict(zip(names, [source_id, outlet, title, date, date_status, url, language, kind, note])))
    _write(path / "sources.csv", names, rows)


# --- The checks: what can be tested without a fixed answer ---------------------------------------------

def _say(label: str, problems: list[str], done: str) -> None:
    if problems:
        shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
        print(f"{label}: not yet: {shown}")
    else:
        print(f"{label}: {done}")


def _ids(rows: list[dict], column: str, keep) -> list[str]:
    """The id of each row (read by _read) that `keep` selects; where the id is blank or its column is gone,
    the row's number as a spreadsheet shows it."""
    return [r.get(column) or f"row {r.number}" for r in rows if keep(r)]


def _some(ids: list[str]) -> str:
    """The first five ids, and "..." when there are more."""
    return ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")


def _table(folder, table: str, about) -> tuple[list[str], list[dict]]:
    """The folder's problems in `table` that `about(problem)` selects, as lines; and the table's rows."""
    path = here(folder)
    problems, _ = article.check_folder(path)
    _, rows = _read(path / f"{table}.csv")
    return [f"row {p.row}: {p.message}" for p in problems if p.file == f"{table}.csv" and about(p)], rows


def check_claims(folder: str | Path | None = None) -> None:
    """Every claim's words are the article's, and nothing proposed is left unread."""
    mine, rows = _table(folder, "claims", lambda p: True)
    waiting = _ids(rows, "claim_id", lambda r: r.get("proposal", "") == "proposed")
    if waiting:
        mine.append(f"{len(waiting)} claims are still proposals ({_some(waiting)})")
    if not rows:
        mine.append("claims.csv has no claim yet")
    _say("Claims", mine, f"all {len(rows)} claims match the article word for word and have been read by a person.")


def check_verdicts(folder: str | Path | None = None) -> None:
    """Every claim has a verdict, and every verdict but 'opinion' and 'not_found' names sources in sources.csv."""
    mine, rows = _table(folder, "claims", lambda p: p.column in ("verdict", "evidence"))
    missing = _ids(rows, "claim_id", lambda r: not r.get("verdict", ""))
    if missing:
        mine.append(f"{len(missing)} claims have no verdict ({_some(missing)})")
    _say("Verdicts", mine, f"all {len(rows)} claims have a verdict, and each checkable one names its sources.")


def check_codes(folder: str | Path | None = None) -> None:
    """Every quotation has the class's CAMEO code, and every code is one of the kit's."""
    mine, rows = _table(folder, "quotes", lambda p: "cameo" in (p.column or ""))
    missing = _ids(rows, "quote_id", lambda r: not r.get("cameo_code", ""))
    if missing:
        mine.append(f"{len(missing)} quotations have no cameo_code ({_some(missing)})")
    _say("Codes", mine, f"all {len(rows)} quotations have a CAMEO code from the kit's list.")


def check_partners(folder: str | Path | None = None) -> None:
    """Both partners coded every quotation (cameo_code and partner_cameo_code)."""
    _, rows = _read(here(folder) / "quotes.csv")
    alone = _ids(rows, "quote_id", lambda r: bool(r.get("cameo_code", "")) != bool(r.get("partner_cameo_code", "")))
    neither = _ids(rows, "quote_id", lambda r: not r.get("cameo_code", "") and not r.get("partner_cameo_code", ""))
    mine = [f"{len(alone)} quotations are coded by one partner only ({_some(alone)})"] if alone else []
    mine += [f"{len(neither)} quotations are coded by neither ({_some(neither)})"] if neither else []
    _say("Partners", mine, f"both partners coded all {len(rows)} quotations.")
