"""Bring this week's article: ``python3 tasks.py new-article SOURCE --name NAME``.

Makes ``articles/NAME/``, a folder in the kit's own schema for a class to work on:

- ``article.txt``: the article's text as published (the headline first when the page has one,
  paragraphs separated by one blank line); mis-decoded characters ("CalderÃ³n") are repaired
  with ftfy, invisible characters the checks refuse (zero-width spaces, soft hyphens, direction controls)
  are removed and spaces of every kind made plain, and the folder's README.md says so;
- ``sources.csv`` (the article itself, then every source the class reads), ``claims.csv``
  (the columns of ``datasets/claims.csv`` plus ``proposal``), ``quotes.csv`` and
  ``figures.csv``: what the claim finder (``helpers/finder.py``) proposes, every row marked
  ``proposed`` until a person accepts, edits or adds it;
- ``datapackage.json``, the folder's schema, built from ``datasets/datapackage.json`` (claims
  and sources) and ``helpers/article_tables.json`` (quotes and figures);
- ``README.md``, notes for the class; and the workbooks in ``helpers/workbooks/``.

SOURCE is a plain-text or Markdown file, a web page saved from a browser (``.html``), or an
``http(s)`` address. Web pages are read with trafilatura, a maintained extraction library, not
a parser of our own. Anything else (a PDF, a word-processor file, an empty or binary file, a
page with no article, an address that cannot be reached, a name that is taken or unsafe) stops
with one line and leaves nothing behind: the folder is built beside its final place and renamed
into it only when complete.

``python -m helpers validate articles/NAME`` checks a folder (``check_folder``): a folder whose
verdicts are not filled in yet is a draft, and the check lists what is still to do.

Importing this module does nothing; the libraries for web pages are imported only when needed.
"""
from __future__ import annotations

import csv
import datetime
import io
import json
import os
import re
import shutil
import sys
import tempfile
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from helpers import checks

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "articles"
TABLES = Path(__file__).with_name("article_tables.json")
WORKBOOKS = Path(__file__).with_name("workbooks")
GLOSSARY = ROOT / "notebooks" / "glossary.md"
"""Copied into each folder, so the workbooks' links to glossary.md work wherever the folder goes."""
MAX_BYTES = checks.MAX_BYTES
"""The checks' limit for any file (5 MB): a news article is tens of kilobytes, a saved page a few megabytes."""
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
PROPOSAL = "proposal"
CLASS_FILLS = ("first_appearance", "verdict", "evidence", "fact_ref", "fact_status", "note")
"""Columns of claims.csv the class fills; the finder leaves them blank, so a draft may too."""
NOT_TEXT = {  # what a file starts with -> what it is
    b"%PDF": "a PDF", b"PK\x03\x04": "a word-processor or zip file", b"\xd0\xcf\x11\xe0": "an old Word document",
    b"{\\rtf": "a Rich Text (RTF) file", b"\x89PNG": "an image", b"\xff\xd8\xff": "an image", b"GIF8": "an image",
}
NOT_TEXT_SUFFIXES = {".pdf": "a PDF", ".docx": "a Word document", ".doc": "a Word document", ".odt": "an OpenDocument text",
                     ".rtf": "a Rich Text (RTF) file", ".pages": "a Pages document", ".epub": "an e-book"}
SAVE_AS = "save the article as plain text (.txt) or as a web page (.html) and try again"


class ArticleError(Exception):
    """Why an article cannot be brought in, in one line for the teacher."""


# --- Reading the source ----------------------------------------------------------------------------

def read_source(source: str) -> tuple[str, dict]:
    """The article's text, paragraphs separated by one blank line, and what is known of where it came from."""
    if re.match(r"(?i)https?://", source):
        raw, info = _fetch(source)
    else:
        raw, info = _read_file(Path(source))
    kind = _kind_of_bytes(raw)
    if kind:
        raise ArticleError(f"{_label(source)} is {kind}, not text: {SAVE_AS}")
    text, encoding = _decode(raw, source)
    info["encoding"] = encoding
    looks_html = info.get("html") or re.search(r"(?is)^\s*(?:<\?xml[^>]*>\s*|<!--.*?-->\s*)*(<!doctype html|<html|<head|<body)", text[:2000])
    if looks_html:
        title, paragraphs = _from_html(text)
    else:
        title, paragraphs = _from_text(text, markdown=info.get("suffix") in (".md", ".markdown"))
    repaired, cleaned = [], []
    fixed_title, paragraphs = _repair(title, repaired), [_repair(p, repaired) for p in paragraphs]
    paragraphs = [p for p in (_clean(p, cleaned) for p in paragraphs) if p]
    title = _clean(fixed_title or "", cleaned)
    if title and (not paragraphs or paragraphs[0] != title):
        paragraphs.insert(0, title)
    if sum(len(p.split()) for p in paragraphs) < 20:
        what = "the page" if looks_html else _label(source)
        raise ArticleError(f"no article text was found in {what} (fewer than 20 words): is it the article itself, not a cover or list page?")
    info.update(title=title, repaired=bool(repaired), cleaned=bool(cleaned), html=bool(looks_html))
    return "\n\n".join(paragraphs) + "\n", info


def _label(source: str) -> str:
    return checks.show(str(source), 120)


def _read_file(path: Path) -> tuple[bytes, dict]:
    if not path.exists():
        raise ArticleError(f"there is no file {_label(path)}")
    if path.is_dir():
        raise ArticleError(f"{_label(path)} is a folder: give the article's file")
    suffix = path.suffix.lower()
    if suffix in NOT_TEXT_SUFFIXES:
        raise ArticleError(f"{_label(path)} is {NOT_TEXT_SUFFIXES[suffix]}, which the kit cannot read: {SAVE_AS}")
    raw, problems = checks.read_file(path.parent, path.name)
    if raw is None:
        message = problems[0].message if problems else "it cannot be read"
        if "larger" in message:
            message = f"it is larger than {MAX_BYTES:,} bytes, far more than a news article"
        raise ArticleError(f"{_label(path)}: {message.split(';')[0]}")
    if not raw.strip():
        raise ArticleError(f"{_label(path)} is empty")
    return raw, {"url": "", "suffix": suffix, "html": suffix in (".html", ".htm", ".xhtml")}


def _fetch(url: str) -> tuple[bytes, dict]:
    parts = urllib.parse.urlsplit(url)
    if not parts.hostname:
        raise ArticleError(f"{_label(url)} is not a web address the kit can open")
    request = urllib.request.Request(url, headers={"User-Agent": "media-literacy-kit (classroom use)"})
    try:
        with urllib.request.urlopen(request, timeout=20) as reply:
            raw = reply.read(MAX_BYTES + 1)
            kind = reply.headers.get_content_type()
    except urllib.error.HTTPError as err:
        raise ArticleError(f"{_label(url)} answered {err.code} ({err.reason}): nothing was written") from None
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        raise ArticleError(f"{_label(url)} could not be reached ({checks.show(str(reason), 80)}); are you offline? "
                           "Nothing was written: save the page from your browser and give the file instead") from None
    if len(raw) > MAX_BYTES:
        raise ArticleError(f"{_label(url)} sent more than {MAX_BYTES:,} bytes, far more than a news article")
    if not raw.strip():
        raise ArticleError(f"{_label(url)} sent an empty page")
    if kind in ("application/pdf", "application/msword") or kind.startswith("application/vnd."):
        raise ArticleError(f"{_label(url)} is a {kind} file, not a web page: {SAVE_AS}")
    return raw, {"url": url, "suffix": "", "html": kind in ("text/html", "application/xhtml+xml")}


def _kind_of_bytes(raw: bytes) -> str | None:
    for start, kind in NOT_TEXT.items():
        if raw.startswith(start):
            return kind
    return None


def _decode(raw: bytes, source: str) -> tuple[str, str]:
    """Text from bytes: UTF-8 (with or without a byte-order mark), UTF-16 with its mark, or the encoding
    charset-normalizer detects. Bytes that are no text at all are refused."""
    if raw.startswith(checks.BOM):
        return raw[len(checks.BOM):].decode("utf-8", errors="replace"), "utf-8"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    half = len(raw) // 2
    if half >= 10 and len(raw) % 2 == 0:  # UTF-16 saved with no byte-order mark: English text has a zero byte in every other place
        for encoding, zeros, letters in (("utf-16-le", raw[1::2], raw[0::2]), ("utf-16-be", raw[0::2], raw[1::2])):
            if zeros.count(0) >= 0.6 * half and letters.count(0) < 0.05 * half:
                try:
                    return raw.decode(encoding), encoding
                except UnicodeDecodeError:
                    break
    try:
        text = raw.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw[:200_000]).best()
        try:
            western = raw.decode("cp1252")
        except UnicodeDecodeError:
            western = None
        # Text in a Latin alphabet is read as Windows-1252, what Word and Notepad save in Western Europe:
        # for a short text with few accented letters, charset-normalizer's guess is often a DOS or Central
        # European code page that decodes to other Latin letters. Text in another alphabet takes its guess.
        latin = best is None or all("LATIN" in unicodedata.name(ch, "") for ch in str(best) if ord(ch) > 127 and ch.isalpha())
        if western is not None and latin:
            encoding = "cp1252"
        elif best is None:
            raise ArticleError(f"{_label(source)} is not text (no text encoding fits its bytes): {SAVE_AS}") from None
        else:
            encoding = best.encoding
        text = raw.decode(encoding, errors="replace")
    controls = sum(1 for ch in text[:100_000] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\0" in text[:100_000] or controls > len(text[:100_000]) // 100:
        raise ArticleError(f"{_label(source)} is a binary file, not text: {SAVE_AS}")
    return text, encoding


def _from_html(html: str) -> tuple[str, list[str]]:
    """The headline and the body's paragraphs, by trafilatura (no menus, banners, related links or footer)."""
    import trafilatura

    try:
        body = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=False,
                                   include_links=False, include_images=False, favor_precision=True, deduplicate=False)
    except (ValueError, TypeError, RecursionError, MemoryError) as err:  # a page too broken for the parser
        raise ArticleError(f"the page could not be read as a web page ({type(err).__name__}): {SAVE_AS}") from None
    if not body:
        raise ArticleError("no article text was found in the page: save the article's own page (not a list of articles) and try again")
    try:
        meta = trafilatura.extract_metadata(html)
    except (ValueError, TypeError, RecursionError):
        meta = None  # no headline from the page's metadata: the body still stands
    title = (meta.title or "").strip() if meta else ""
    return title, _without_repeats([line.strip() for line in body.split("\n") if line.strip()])


def _without_repeats(paragraphs: list[str]) -> list[str]:
    """The body without a pull quote: a short paragraph that repeats, word for word, words of a longer paragraph
    of the page (its quotation marks aside) is the page's display copy of them, not more of the article."""
    kept = []
    longer = "\n".join(p for p in paragraphs if len(p.split()) > 40) if len(paragraphs) < 2000 else ""
    for i, paragraph in enumerate(paragraphs):
        core = paragraph.strip(" \"“”‘’'«»")
        if i and 4 <= len(core.split()) <= 40 and (core in longer or any(core in other for other in paragraphs[max(0, i - 3): i + 4]
                                                                          if other is not paragraph and len(other) > len(paragraph))):
            continue
        kept.append(paragraph)
    return kept


def _from_text(text: str, markdown: bool) -> tuple[str, list[str]]:
    """Paragraphs of a text file: blocks separated by blank lines (the lines of one block joined), or, in a
    file with no blank line at all, one paragraph per line. Markdown headings, emphasis and links lose their marks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n\n").replace("\u2028", "\n")
    blocks = re.split(r"\n[ \t]*\n", text) if re.search(r"\n[ \t]*\n", text) else text.split("\n")
    first = next((i for i, block in enumerate(blocks) if block.strip()), None)
    if first is not None:  # a headline on its own line, the dateline or byline straight under it: two paragraphs
        lines = [line for line in blocks[first].split("\n") if line.strip()]
        if len(lines) > 1 and _headline_over(lines[0], lines[1]):
            blocks[first:first + 1] = [lines[0], "\n".join(lines[1:])]
    title, paragraphs = "", []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if markdown:
            heading = re.match(r"#{1,6}\s+(.*)", lines[0])
            if heading and not title and not paragraphs:
                title = heading.group(1).strip()
                lines = lines[1:]
            lines = [_plain_markdown(line) for line in lines]
        if lines:
            paragraphs.append(" ".join(lines))
    return title, paragraphs


def _headline_over(line: str, below: str) -> bool:
    """True when a text's first line is a headline of its own, not the first line of a wrapped paragraph: it is
    short, ends with no punctuation, and the line under it is a byline or dateline or the headline is in title case."""
    line, below = line.strip(), below.strip()
    words = re.findall(r"[\w'’-]+", line)
    if not words or len(words) > 20 or line[-1] in ".,;:!?-–—" or not (below[:1].isupper() or below[:1].isdigit()):
        return False
    if re.match(r"(?:By\s|[A-Z][A-Z .'’-]{2,},|\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{1,2}, \d{4})", below):
        return True
    long_words = [w for w in words if len(w) > 3]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


def _plain_markdown(line: str) -> str:
    line = re.sub(r"^(?:#{1,6}\s+|>\s?)", "", line)  # a heading's or a block quotation's mark
    line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)  # [words](address) -> words
    line = re.sub(r"(\*\*|__)(\S(?:.*?\S)?)\1", r"\2", line)  # **bold** -> bold
    return re.sub(r"(?<![\w*])\*(?=\S)([^*]*?\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_]*?\S)_(?![\w_])",
                  lambda m: m.group(1) or m.group(2), line)  # *italic*, _italic_ -> italic


def _repair(text: str | None, repaired: list) -> str | None:
    """Mis-decoded characters repaired (ftfy's fix_encoding only: quotes, dashes and spelling stay as published)."""
    if not text:
        return text
    import ftfy

    fixed = ftfy.fix_encoding(text)
    if fixed != text:
        repaired.append(text)
    return fixed


SPACES = re.compile("[\t\x0b\x0c\u00a0\u2007\u202f\u2028\u2029 ]+")
"""Tabs, form feeds, non-breaking and line-separator spaces: each run becomes one plain space."""
INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b\u2060\u202a-\u202e\u2066-\u2069\ufeff]")
"""Control characters, soft hyphens, zero-width spaces, byte-order marks and the invisible direction marks the
kit's checks refuse in a table's cell (helpers/checks.py): removed, as a reader never sees them."""


def _clean(paragraph: str, cleaned: list | None = None) -> str:
    """One paragraph on one line: spaces of every kind made single plain spaces, invisible characters removed.
    ``cleaned`` collects the paragraphs where anything but ordinary spacing changed (for the folder's notes)."""
    plain = INVISIBLE.sub("", paragraph)
    if cleaned is not None and (plain != paragraph or re.search("[\x0b\x0c\u00a0\u2007\u202f\u2028\u2029]", plain)):
        cleaned.append(paragraph)
    return SPACES.sub(" ", plain).strip()


# --- The folder's schema ----------------------------------------------------------------------------

def descriptor() -> dict:
    """The Data Package of an article folder: the shipped claims and sources schemas (claims with the
    class's columns optional, a `proposal` column, and no fact-sheet rules), then quotes and figures."""
    shipped = {res["name"]: res for res in json.loads(json.dumps(checks.shipped_descriptor()))["resources"]}
    extra = json.loads(TABLES.read_text(encoding="utf-8"))
    sources, claims = shipped["sources"], shipped["claims"]
    for field in claims["schema"]["fields"]:
        if field["name"] in CLASS_FILLS:
            field.setdefault("constraints", {}).pop("required", None)
        if field["name"] == "fact_ref":
            field["description"] = "Optional: the row of a fact sheet the class keeps, if it keeps one."
            field["constraints"].pop("pattern", None)
    for field in sources["schema"]["fields"]:
        if field["name"] == "language":  # the finder tells English from the rest, not one language from another
            field["constraints"].pop("required", None)
            field["description"] += " Blank when the kit could not tell (the article's row, for a text that is not English)."
    claims["schema"]["fields"].append(extra["proposal_field"])
    claims["description"] = "Every checkable assertion in the article; rows marked proposed are the claim finder's suggestions."
    claims["x-checkedAgainst"] = ["article"]
    for res in (claims, *extra["resources"]):
        res["x-mayBeEmpty"] = True  # a class starts from what the finder proposed, which may be nothing
    article = {"name": "article", "path": "article.txt", "type": "file", "format": "txt", "mediatype": "text/plain",
               "encoding": "utf-8", "title": "The article's text",
               "description": "The article as published, paragraphs separated by one blank line. Usually under copyright: for classroom use, not for publishing."}
    return {"name": "article-folder", "title": "An article for the class to check", "profile": "data-package",
            "description": "Made by python3 tasks.py new-article; the tables follow the kit's codebook (datasets/README.md).",
            "resources": [article, sources, claims, *extra["resources"]]}


def columns(name: str) -> list[str]:
    """The columns of one table of an article folder, from the schema."""
    return [f["name"] for f in next(r for r in descriptor()["resources"] if r["name"] == name)["schema"]["fields"]]


# --- Writing the folder -----------------------------------------------------------------------------

def _csv(rows: list[dict], names: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in names})
    return out.getvalue()


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return "" if text in ("<NA>", "nan", "NaT") else text


def _rows(frame, names: list[str], table: str) -> list[dict]:
    """The rows of a finder's table (a DataFrame or a list of rows), checked to have exactly the folder's columns."""
    if frame is None:
        return []
    if isinstance(frame, list):  # plain rows, {column: value}
        frame_columns = list(frame[0]) if frame else names
        if frame_columns != names:
            raise ArticleError(f"the claim finder's {table} rows have the columns {frame_columns}, not the folder's {names}: please report this")
        return frame
    found = list(frame.columns)
    if found != names:
        raise ArticleError(f"the claim finder's {table} table has the columns {found}, not the folder's {names}: please report this")
    return [dict(zip(names, values)) for values in frame.itertuples(index=False, name=None)]


def write_folder(dest: Path, text: str, info: dict, proposals: dict | None, retrieved: str) -> None:
    """Everything in the folder but the workbooks."""
    desc = descriptor()
    names = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in desc["resources"] if "schema" in r}
    (dest / "article.txt").write_text(text, encoding="utf-8", newline="\n")
    article_row = {"source_id": "article", "outlet": info.get("outlet") or "unknown", "title": info.get("title", ""),
                   "date": "", "date_status": "UNCONFIRMED", "url": info.get("url", ""), "language": info.get("language", "en"),
                   "kind": "news_report",
                   "note": f"The article the class studies, retrieved on {retrieved} from "
                           f"{'this address' if info.get('url') else 'a file the teacher gave'}; its publication date is still to be found."}
    (dest / "sources.csv").write_text(_csv([article_row], names["sources"]), encoding="utf-8", newline="\n")
    for table in ("claims", "quotes", "figures"):
        rows = _rows((proposals or {}).get(table), names[table], table)
        (dest / f"{table}.csv").write_text(_csv(rows, names[table]), encoding="utf-8", newline="\n")
    (dest / "datapackage.json").write_text(json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
    (dest / "README.md").write_text(_notes(info, proposals, retrieved), encoding="utf-8", newline="\n")
    _workbooks(dest)


def _workbooks(dest: Path) -> None:
    """The workbooks, and the glossary they link to, copied into the folder."""
    for workbook in sorted(WORKBOOKS.glob("*.ipynb")):
        shutil.copyfile(workbook, dest / workbook.name)
    if GLOSSARY.is_file():
        shutil.copyfile(GLOSSARY, dest / "glossary.md")


def _notes(info: dict, proposals: dict | None, retrieved: str) -> str:
    where = f"the address {info['url']}" if info.get("url") else "a file the teacher gave"
    lines = [f"# {info.get('title') or 'An article for the class'}", "",
             f"The text in `article.txt` was taken from {where} on {retrieved} by `python3 tasks.py new-article`"
             + (" (a web page: the text was extracted with trafilatura)" if info.get("html") else "") + ".",
             f"It was read as {info.get('encoding', 'utf-8')} text."]
    layout = ("The words are as published (spelling, punctuation and typos kept); only the layout was changed: one paragraph "
              "per line with a blank line between paragraphs, runs of spaces made one, the headline put first"
              + (", and the page's menus, links and repeated text left out" if info.get("html") else "") + ".")
    if info.get("repaired"):
        lines.append("Some characters had been mis-decoded (text such as \"CalderÃ³n\" for \"Calderón\": the bytes of one "
                     "encoding read as another); they were repaired with ftfy, a library that fixes such text. " + layout)
    else:
        lines.append(layout)
    if info.get("cleaned"):
        lines.append("Invisible characters (such as zero-width spaces, soft hyphens or direction marks) were removed and "
                     "non-breaking spaces made plain spaces, so that every row's text can be checked against `article.txt`.")
    lines += ["", "## What the machine proposed, and what people decide", ""]
    if proposals is None:
        lines.append("The claim finder reads English only, and this text does not look English: `claims.csv`, `quotes.csv` and "
                     "`figures.csv` are empty. Fill them by hand, following the codebook (`datasets/README.md`).")
    else:
        counts = {t: len(proposals.get(t, [])) for t in ("claims", "quotes", "figures")}
        lines.append(f"The claim finder (`helpers/finder.py`) proposed {counts['claims']} claims, {counts['quotes']} quotations "
                     f"and {counts['figures']} figures. Every row it wrote says `proposed` in its `proposal` column: a "
                     "suggestion, not a decision. When the class has read a row, change that word to `accepted`, `edited` "
                     "(you changed it) or write `added` on a row you made yourselves. The `suggested_cameo_code` of a "
                     "quotation is the machine's guess; the class's own code goes in `cameo_code`, a partner's blind code "
                     "in `partner_cameo_code`.")
    lines += ["", "## Still to do", "",
              "Run `python -m helpers validate` on this folder (the workbooks do it for you): it lists what is still to do.",
              "The article's date, outlet and headline in `sources.csv` are left for the class to confirm.",
              "", "The article is usually under copyright: use it in class, do not publish it with the kit.", ""]
    return "\n".join(lines)


def new_article(source: str, name: str, articles: Path = ARTICLES, finder=None, today: datetime.date | None = None) -> Path:
    """Make ``articles/NAME`` from SOURCE; its path. ``finder`` stands in for helpers.finder in tests."""
    if not NAME.fullmatch(name or ""):
        raise ArticleError(f"the name {checks.show(repr(name), 80)} cannot be a folder name here: use letters, digits, - and _ "
                           "(up to 64, starting with a letter or digit), for example --name spying-2013")
    dest = articles / name
    if os.path.lexists(dest):
        raise ArticleError(f"{dest} exists already; nothing was overwritten: choose another --name, or delete that folder first")
    text, info = read_source(source)
    if finder is None:
        from helpers import finder
    proposals = None
    info["language"] = "en"
    if finder.looks_english(text):  # plain rows where the finder gives them: no pandas to import
        proposals = finder.propose_rows(text) if hasattr(finder, "propose_rows") else finder.propose(text)
    else:
        info["language"] = ""
    retrieved = (today or datetime.date.today()).isoformat()
    articles.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=articles))
    try:
        write_folder(building, text, info, proposals, retrieved)
        if os.path.lexists(dest):
            raise ArticleError(f"{dest} appeared while the folder was made; nothing was overwritten")
        os.rename(building, dest)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return dest


# --- Checking a folder ------------------------------------------------------------------------------

def is_article_folder(folder: Path) -> bool:
    return (folder / "article.txt").is_file() and (folder / "quotes.csv").exists() and (folder / "claims.csv").exists()


def _cameo_codes() -> set[str]:
    """The kit's CAMEO codes, read with the csv module: checking a folder (and new-article) needs no pandas."""
    with open(checks.DATASETS / "cameo_codes.csv", encoding="utf-8", newline="") as f:
        return {row["cameo_code"] for row in csv.DictReader(f)}


def check_folder(folder: Path) -> tuple[list, list[str]]:
    """The problems in an article folder (``FILE:ROW:COLUMN: message``), and what is still to do (draft lines)."""
    desc = descriptor()
    files = checks.read_folder(folder, desc)
    problems = checks.check_files(files, desc, customs={})
    tables: dict[str, list[tuple[int, dict]]] = {}
    for res in desc["resources"]:
        raw = files[res["name"]][0]
        if raw is None or res["type"] != "table":
            continue
        table = checks.read_table(raw.decode("utf-8-sig", errors="replace"), res)
        if table.readable:
            tables[res["name"]] = table.rows  # the rows whose every cell is sound
    article = None
    if files["article"][0] is not None and not any(p.file == "article.txt" for p in problems):
        article = files["article"][0].decode("utf-8-sig")
    todo: list[str] = []
    if article is not None:
        for table, column in (("claims", "text"), ("quotes", "quote"), ("figures", "text")):
            for number, row in tables.get(table, []):
                problems += checks.span_problems(article, f"{table}.csv", number, row, column)
    codes = _cameo_codes()
    for number, row in tables.get("quotes", []):
        for column in ("suggested_cameo_code", "cameo_code", "partner_cameo_code"):
            if row[column] and row[column] not in codes:
                problems.append(checks.Problem("quotes.csv", number, column, f"'{checks.show(row[column])}' is not a CAMEO code of datasets/cameo_codes.csv; "
                                               "write the code as text with its leading zero, such as 042"))
    for number, row in tables.get("claims", []):
        verdict = row["verdict"]
        if verdict in ("confirmed", "partly", "disputed") and not row["evidence"]:
            problems.append(checks.Problem("claims.csv", number, "evidence", f"the verdict '{verdict}' needs the source_id(s) of what backs it, from sources.csv"))
        if verdict == "opinion" and row["claim_type"] != "characterization":
            problems.append(checks.Problem("claims.csv", number, "verdict", "only a characterization (a judgement) can be an opinion; give a checkable claim a verdict"))
    claims, quotes, figures = (tables.get(t, []) for t in ("claims", "quotes", "figures"))
    if "claims" in tables:
        unverdicted = sum(1 for _, r in claims if not r["verdict"])
        if unverdicted:
            todo.append(f"{unverdicted} of {len(claims)} claims have no verdict yet (with its evidence in sources.csv)")
        if not claims:
            todo.append("claims.csv has no claim yet: add the article's claims")
    for table, rows in (("claims", claims), ("quotes", quotes), ("figures", figures)):
        waiting = sum(1 for _, r in rows if r[PROPOSAL] == "proposed")
        if waiting:
            todo.append(f"{waiting} of {len(rows)} rows of {table}.csv are still the machine's proposals: accept, edit or delete each")
    if "quotes" in tables:
        uncoded = sum(1 for _, r in quotes if not r["cameo_code"])
        if uncoded:
            todo.append(f"{uncoded} of {len(quotes)} quotations have no CAMEO code from the class yet")
        alone = sum(1 for _, r in quotes if bool(r["cameo_code"]) != bool(r["partner_cameo_code"]))
        if alone:
            todo.append(f"{alone} quotations are coded by one partner only: both partners code every row")
    return problems, todo


# --- The shipped article as a finished folder ----------------------------------------------------

def haaretz_folder(dest: Path) -> Path:
    """Write the shipped Haaretz data as a finished article folder at ``dest`` (which must not exist): the
    worked example in the workbooks' own format. Only what the shipped files hold is written."""
    from helpers import data

    if os.path.lexists(dest):
        raise ArticleError(f"{dest} exists already; nothing was overwritten")
    desc = descriptor()
    names = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in desc["resources"] if "schema" in r}
    article = data.article()
    claims = data.load("claims")
    reactions = data.load("reactions").merge(data.load("actors")[["actor_id", "name"]], on="actor_id", how="left")
    dest.mkdir(parents=True)
    shutil.copyfile(checks.DATASETS / "article.txt", dest / "article.txt")
    shutil.copyfile(checks.DATASETS / "sources.csv", dest / "sources.csv")
    claim_rows = [dict(zip(claims.columns, r), proposal="accepted") for r in claims.itertuples(index=False, name=None)]
    (dest / "claims.csv").write_text(_csv(claim_rows, names["claims"]), encoding="utf-8", newline="\n")
    quotes = []
    for r in reactions[reactions["in_article"]].itertuples():
        start = article.find(r.quote)
        quotes.append({"quote_id": f"Q{len(quotes) + 1:02d}", "paragraph": checks.paragraph_of(article, start), "start": start,
                       "end": start + len(r.quote), "quote": r.quote, "speaker": r.name, "verb": "", "date": r.date,
                       "date_text": "", "suggested_cameo_code": "", "cameo_code": r.cameo_code,
                       "partner_cameo_code": "", "proposal": "accepted"})
    alt = data.load("reactions_alt_coding").set_index("reaction_id")["cameo_code"]
    ids = list(reactions[reactions["in_article"]]["reaction_id"])
    for row, reaction_id in zip(quotes, ids):
        row["partner_cameo_code"] = alt.get(reaction_id, row["cameo_code"])
    (dest / "quotes.csv").write_text(_csv(quotes, names["quotes"]), encoding="utf-8", newline="\n")
    figures = []
    for claim in claims[claims["claim_type"] == "statistic"].itertuples():
        for match in re.finditer(r"\d[\d,.]*(?:\s(?:million|billion))?", claim.text):
            start = claim.start + match.start()
            figures.append({"figure_id": f"F{len(figures) + 1:02d}", "paragraph": claim.paragraph, "start": start,
                            "end": start + len(match.group()), "text": match.group(), "kind": "number", "value": "",
                            "unit": "", "counts": "", "period": "", "credited_to": "" if claim.attribution == "own_voice" else claim.claimant,
                            "denominator": "", "proposal": "accepted"})
    (dest / "figures.csv").write_text(_csv(figures, names["figures"]), encoding="utf-8", newline="\n")
    (dest / "datapackage.json").write_text(json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
    (dest / "README.md").write_text(
        "# The Haaretz article, as a finished folder\n\nThe kit's worked example in the format of `python3 tasks.py new-article`: "
        "every row is the kit's own coding (`accepted`), from `datasets/`. The claims are `datasets/claims.csv`; the quotations "
        "are the reactions of `datasets/reactions.csv` that the article reports, with the dates the fact sheet gives (not "
        "dates printed in the article); `partner_cameo_code` is the kit's alternative coding (`datasets/reactions_alt_coding.csv`) "
        "where it has one, and the reference code elsewhere: the agreement it gives is not that of two coders who coded blind; "
        "the figures are the numbers inside the claims of type statistic, with nothing added.\n",
        encoding="utf-8", newline="\n")
    _workbooks(dest)
    return dest


# --- Command line -----------------------------------------------------------------------------------

USAGE = "usage: python3 tasks.py new-article SOURCE --name NAME   (SOURCE: a .txt, .md or .html file, or an http(s) address)"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    name = None
    if "--name" in args:
        at = args.index("--name")
        name = args[at + 1] if at + 1 < len(args) else None
        del args[at: at + 2]
    else:
        for i, arg in enumerate(args):
            if arg.startswith("--name="):
                name = arg.split("=", 1)[1]
                del args[i]
                break
    if len(args) != 1 or name is None or args[0].startswith("-"):
        print(USAGE, file=sys.stderr)
        return 2
    try:
        dest = new_article(args[0], name)
    except ArticleError as err:
        print(f"new-article: {checks.printable(str(err))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("new-article: stopped; nothing was written", file=sys.stderr)
        return 130
    except Exception as err:  # a page or text no rule foresaw: one line, never a traceback (new_article left nothing)
        print(f"new-article: the kit could not read this article ({type(err).__name__}: {checks.printable(checks.show(str(err), 100))}); "
              f"nothing was written: {SAVE_AS}, and please report this", file=sys.stderr)
        return 1
    problems, todo = check_folder(dest)
    print(f"Made {dest.name}: the article's text, the machine's proposals (marked proposed) and the workbooks.")
    claims = (dest / "claims.csv").read_text(encoding="utf-8").strip().count("\n")
    with open(dest / "sources.csv", encoding="utf-8", newline="") as f:
        language = next(csv.DictReader(f))["language"]  # the article's own row: "en", or blank if not English
    if language != "en":
        print("The claim finder reads English only: this text does not look English, so the tables are empty for the class to fill.")
    elif not claims:
        print("The claim finder proposed no claims: add them with the workbooks.")
    for problem in problems:
        print(f"check: {problem}")
    for line in todo:
        print(f"to do: {line}")
    print(dest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
