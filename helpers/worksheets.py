"""Printable worksheets and teacher plans, one of each per lesson.

    python -m helpers.worksheets [--out FOLDER]     build/worksheets/ (default)

`python3 tasks.py worksheets` runs this. For every lesson ``notebooks/NN-*.ipynb`` it writes

- ``NN-name-worksheet.html``: the article's paragraphs the lesson uses, the source packet (when the
  lesson reads it) with the kit's translation beside an excerpt where ``source_packet.csv`` has one,
  the per-country figures with what each counted and its status (when the lesson reads them), the
  reactions of a coding exercise without their codes and the codebook's codes (when it has one),
  each core exercise with lines to write on, and the checklist of moves (SIFT, lateral reading, the
  three questions of Civic Online Reasoning). No code, no prompt, no answer, no stored output;
- ``NN-name-plan.html``: the teacher's plan, rendered from ``instructors/plans/NN-name.md``;
- ``index.html``, linking them.

The questions come from the lessons themselves, so the sheets stay in step when a lesson changes: a
core exercise is a markdown cell's paragraph that starts ``**Exercise N.N``, outside the cells tagged
``extension`` and the sections headed ``## Extension:``. What names code (inline code that is an
expression or a variable of the lesson, "run the cell", "in quotes") is taken out, clause by clause: an
instruction after a colon goes and the question before it stays, and "so that `answer_N` holds X" becomes
"What is X?". Multiple-choice options are kept ("- a) ...", "- a. ...", "- **(a)** ...", "a) ...").

Pages are self-contained: no script, nothing loaded from another site, a print stylesheet for A4. All
text taken from the data or a lesson is escaped (markdown is rendered with raw HTML turned off).
Importing this module does nothing; it never writes to ``datasets/``.
"""
from __future__ import annotations

import argparse
import ast
import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "notebooks"
PLANS = ROOT / "instructors" / "plans"
OUT = ROOT / "build" / "worksheets"

LESSON_NAME = re.compile(r"\d\d-[\w-]+\.ipynb")
EXERCISE = re.compile(r"^\*\*Exercise (\d+\.\d+)\b")
EXTENSION_HEADING = re.compile(r"^(#{2,3})\s+Extension:", re.M)
HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
TIMING = re.compile(r"\*\*Timing \((\d+) minutes\)\.\*\*")
EXTENSION_MINUTES = re.compile(r"Extensions?:\s*(\d+) minutes")
# "- a) ...", "- a. ...", "* (a) ...", "- **a)** ...", or "a) ..." on a line of its own
OPTION = re.compile(r"^\s*(?:[-*+]\s+(?:\*\*)?(?:\(?[a-e]\)|[a-e]\.)|(?:\*\*)?\(?[a-e]\))(?:\*\*)?\s+", re.M)
INLINE_CODE = re.compile(r"``(.+?)``|`([^`]+)`")
# Sentences about the notebook's machinery, not the question: dropped from a worksheet.
MACHINERY = re.compile(r"\b(run (?:the|this|that|a) cell|the cells? (?:above|below|after)|the (?:self-)?check\b|"
                       r"in quotes|without quotes|the dots|the printout|answer with the letter|Python|"
                       r"(?:done|shown|printed) (?:above|below))", re.I)
# ", and store it in `answer_1_1` ..." and the like: the clause that says where the answer goes, to the
# end of its sentence; and a sentence that does nothing else.
ANSWER_SLOT = re.compile(r"`answer_\w+`")
STORE_CLAUSE = re.compile(r"(?:[,;]\s*(?:and\s+|then\s+)?|\s+(?:and|then)\s+)(?:store|put|write)\b[^.;:?!]*?\bin\s+\x01[^.;:?!]*", re.I)
STORE_SENTENCE = re.compile(r"^(?:Then\s+)?(?:store|put)\b[^.?!]*?\bin\s+\x01[^.?!:]*[.?!:]?\s*", re.I)
# "for example with `expression`", "(or from `codes`)", "out of `article`": a phrase that only points at code.
# "..., so that `answer_3_1` holds their average score.": the clause names what is asked for.
PURPOSE = re.compile(r"\bso that \x01 (?:holds|contains|gives|is) ([^.;:?!\x00]+)", re.I)
# Where a sentence ends, and a clause after a colon or a semicolon ("Compute kappa: in the cell below,
# replace ..."), so that the clause that shows code goes and the question before it stays.
CLAUSE = re.compile(r"(?<=[.?!])\s+(?=[A-Z(*\"“'])|(?<=[:;])\s+")
EXAMPLE_PHRASE = re.compile(r",?\s*(?:for example|e\.g\.|such as)(?: with)?\s+(\x00\d+\x00)")
POINTER_PHRASE = re.compile(r"\s+(?:from|in|of|out of|with)\s+(\x00\d+\x00)")


class WorksheetError(Exception):
    """A problem the teacher can fix; the message says which file and what."""


# --- Reading a lesson -------------------------------------------------------------------------------


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _tags(cell: dict) -> list:
    tags = cell.get("metadata", {}).get("tags", []) if isinstance(cell.get("metadata"), dict) else []
    return tags if isinstance(tags, list) else []


def core_cells(nb: dict) -> list[dict]:
    """The cells of the core, in order: without cells tagged `extension` and without the sections
    headed `## Extension:` (or `### Extension:`), up to the next heading of the same or a higher level."""
    kept, inside = [], None  # inside: the level of the extension heading we are under, if any
    for cell in nb.get("cells", []):
        if not isinstance(cell, dict):
            continue
        text = _source(cell) if cell.get("cell_type") == "markdown" else ""
        for line in text.splitlines():
            match = HEADING.match(line)
            if match and inside is not None and len(match[1]) <= inside and not EXTENSION_HEADING.match(line):
                inside = None
            if EXTENSION_HEADING.match(line):
                inside = len(EXTENSION_HEADING.match(line)[1])
        starts_extension = bool(EXTENSION_HEADING.search(text))
        if "extension" in _tags(cell) or inside is not None or starts_extension:
            continue
        kept.append(cell)
    return kept


@dataclass(frozen=True)
class Exercise:
    number: str  # "1.3"
    label: str  # "Exercise 1.3 (read the packet)."
    text: str  # the question in markdown, without code
    options: tuple[str, ...]  # multiple-choice options in markdown, as the lesson writes them


def lesson_names(nb: dict) -> set[str]:
    """Names the lesson's code defines or uses: variables, functions, modules and their attributes."""
    names = set()
    for cell in nb.get("cells", []):
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = "\n".join(l for l in _source(cell).splitlines() if not l.lstrip().startswith(("%", "!")))
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Name):
                    names.add(node.id)
                elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    names.add(node.name)
                elif isinstance(node, ast.alias):
                    names.add((node.asname or node.name).split(".")[0])
                elif isinstance(node, ast.Attribute):
                    names.add(node.attr)
    return names


def is_code(span: str, names: set[str]) -> bool:
    """True when inline code is code (an expression, an answer variable or a name the lesson's code uses),
    not a value or a column a student reads on paper ("not_found", "P01")."""
    span = span.strip()
    if re.search(r"[()\[\]=+*/<>{}]|\.\w|\.\.\.|^answer_|^[\"'].*[\"']$", span):
        return not re.fullmatch(r"""["'][\w .-]*["']""", span)  # a quoted value ("a", "P01") is data
    return span in names


def _unquote(span: str) -> str:
    return span.strip().strip("\"'")


def clean(text: str, names: set[str]) -> str:
    """A question's prose without code: the clause saying where to store the answer, the sentences about
    running cells or typing quotes, phrases and sentences that show code are removed; other inline code
    (a column, a value) is kept as plain text."""
    out = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        paragraph = ANSWER_SLOT.sub("\x01", " ".join(paragraph.split()))  # where the answer goes
        spans: list[str] = []

        def hold(match):  # inline code becomes a placeholder, so no punctuation inside it splits a sentence
            spans.append(match[1] or match[2])
            return f"\x00{len(spans) - 1}\x00"

        paragraph = STORE_CLAUSE.sub("", INLINE_CODE.sub(hold, paragraph))
        code = lambda m: is_code(spans[int(m[1].strip("\x00"))], names)  # noqa: E731
        held = re.compile(r"\x00(\d+)\x00")
        kept, after_dropped = [], False  # after_dropped: the clause before ended in a colon and was dropped
        for sentence in CLAUSE.split(paragraph):
            explains, after_dropped = after_dropped, False  # a clause after a colon explains the one before it
            purpose = PURPOSE.search(sentence)
            if purpose:  # "..., so that `answer_3_1` holds their average score." asks "What is their average score?"
                sentence = f"What is {purpose[1].strip()}?"
            sentence = STORE_SENTENCE.sub("", sentence)
            # a parenthesis that shows code goes, the rest of the sentence stays
            sentence = re.sub(r"\s*\([^()]*\)", lambda m: "" if any(is_code(spans[int(i)], names) for i in held.findall(m[0])) else m[0], sentence)
            before = sentence
            sentence = EXAMPLE_PHRASE.sub(lambda m: "" if code(m) else m[0], sentence)
            sentence = POINTER_PHRASE.sub(lambda m: "" if code(m) else m[0], sentence)
            pointed = sentence != before  # what is left of a sentence that pointed at code may be too little
            sentence = sentence.strip()
            # a question keeps a bare name it asks about ("Which column, `verdict` or `scores`, ...?") as a word;
            # any other sentence that shows code goes
            asks = sentence.endswith("?")
            if (explains or not sentence or "\x01" in sentence or MACHINERY.search(sentence) or (pointed and len(sentence.split()) < 8)
                    or any(is_code(spans[int(i)], names) and not (asks and re.fullmatch(r"\w+", spans[int(i)].strip()))
                           for i in held.findall(sentence))):
                after_dropped = sentence.endswith(":")
                if kept and kept[-1][-1] in ":;":  # the clause it introduced is gone: the sentence ends here
                    kept[-1] = kept[-1][:-1] + "."
                continue
            if kept and kept[-1][-1] in ".?!" and sentence[0].islower():  # a clause now starting a sentence
                sentence = sentence[0].upper() + sentence[1:]
            kept.append(held.sub(lambda m: _unquote(spans[int(m[1])]), sentence))
        joined = " ".join(kept).strip()
        joined = re.sub(r"\s+([,.;:?!])", r"\1", joined)
        joined = re.sub(r"([?!.:])[.:]+", r"\1", joined)
        joined = re.sub(r":$", ".", joined)
        if joined:
            out.append(joined[0].upper() + joined[1:])
    return "\n\n".join(out)


def exercises(nb: dict) -> list[Exercise]:
    """The core exercises of a lesson, in order, each with its question cleaned of code and its options."""
    names = lesson_names(nb)
    found = []
    for cell in core_cells(nb):
        if cell.get("cell_type") != "markdown":
            continue
        lines = _source(cell).splitlines()
        starts = [i for i, line in enumerate(lines) if EXERCISE.match(line)]
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(lines)
            block = lines[start:end]
            heading = next((i for i, line in enumerate(block) if HEADING.match(line)), len(block))
            block = "\n".join(block[:heading])
            number = EXERCISE.match(block)[1]
            label_match = re.match(r"\*\*(Exercise [^*]+?)\*\*", block)
            label = label_match[1].strip() if label_match else f"Exercise {number}."
            body = block[label_match.end():] if label_match else block[len(f"**Exercise {number}"):]
            options = tuple(OPTION.sub("", line).strip() for line in body.splitlines() if OPTION.match(line))
            prose = "\n".join(line for line in body.splitlines() if not OPTION.match(line))
            options = tuple(INLINE_CODE.sub(lambda m: _unquote(m[1] or m[2]), o) for o in options)
            found.append(Exercise(number, label, clean(prose, names), options))
    return found


def timing(nb: dict) -> tuple[int | None, int | None, str]:
    """From the lesson's first cell: the core minutes, the extensions' minutes (None where not stated)
    and the timing paragraph itself."""
    cells = [c for c in nb.get("cells", []) if isinstance(c, dict)]
    first = _source(cells[0]) if cells else ""
    core = TIMING.search(first)
    paragraph = next((p for p in re.split(r"\n\s*\n", first) if TIMING.search(p)), "")
    extension = EXTENSION_MINUTES.search(first)
    return (int(core[1]) if core else None, int(extension[1]) if extension else None, paragraph.strip())


def title(nb: dict) -> str:
    for cell in nb.get("cells", []):
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            for line in _source(cell).splitlines():
                match = HEADING.match(line)
                if match:
                    return match[2]
    return ""


def question(nb: dict) -> str:
    """The lesson's opening question, the paragraph starting **The question.**, without its label."""
    cells = [c for c in nb.get("cells", []) if isinstance(c, dict)]
    first = _source(cells[0]) if cells else ""
    for paragraph in re.split(r"\n\s*\n", first):
        if paragraph.startswith("**The question.**"):
            return paragraph[len("**The question.**"):].strip()
    return ""


def _core_text(nb: dict) -> str:
    """Everything a student sees in the core: markdown, code and the text of stored outputs."""
    parts = []
    for cell in core_cells(nb):
        parts.append(_source(cell))
        for output in cell.get("outputs", []) if isinstance(cell.get("outputs"), list) else []:
            if not isinstance(output, dict):
                continue
            text = output.get("text", output.get("data", {}).get("text/plain", "") if isinstance(output.get("data"), dict) else "")
            parts.append("".join(text) if isinstance(text, list) else str(text))
    return "\n".join(parts)


def loads(nb: dict, dataset: str) -> bool:
    """True when the lesson's core loads a dataset (``data.load("NAME")``)."""
    return any(re.search(rf"""data\.load\(\s*["']{re.escape(dataset)}["']""", _source(c))
               for c in core_cells(nb) if c.get("cell_type") == "code")


def codes_reactions(nb: dict) -> bool:
    """True when the lesson's core has students code the reactions of ``exercises.CODING_EXERCISE``."""
    return any("exercises.CODING_EXERCISE" in _source(c) for c in core_cells(nb) if c.get("cell_type") == "code")


def uses_packet(nb: dict) -> bool:
    """True when the lesson's core loads the source packet."""
    return loads(nb, "source_packet")


# --- The data a worksheet prints ------------------------------------------------------------------


def paragraphs_used(nb: dict, paragraphs: list[str], claim_paragraph: dict[str, int],
                    reaction_claim: dict[str, str]) -> list[int]:
    """The article's paragraphs (numbered from 1, as in claims.csv) that the lesson's core uses: those of
    the claims and reactions it names by id, those it quotes (a quoted phrase of four words or more),
    and those it prints whole."""
    text = _core_text(nb)
    used = set()
    for claim_id in re.findall(r"\bC\d{2,}\b", text):
        if claim_id in claim_paragraph:
            used.add(claim_paragraph[claim_id])
    for reaction_id in re.findall(r"\bR\d{2,}\b", text):
        if reaction_claim.get(reaction_id) in claim_paragraph:
            used.add(claim_paragraph[reaction_claim[reaction_id]])
    quoted = re.findall(r"[\"“]([^\"“”]{12,}?)[\"”]", text)
    flat = " ".join(text.split())
    for number, paragraph in enumerate(paragraphs, start=1):
        words = " ".join(paragraph.split())
        if words and (words in flat or any(len(q.split()) >= 4 and " ".join(q.split()) in words for q in quoted)):
            used.add(number)
    return sorted(used)


def _cell(value) -> str:
    """A data value as text: '' for a blank (None, NaN, <NA>)."""
    if value is None:
        return ""
    try:
        if value != value:  # NaN
            return ""
    except (TypeError, ValueError):  # pandas.NA refuses comparison
        return ""
    text = str(value)
    return "" if text in ("<NA>", "NaT", "nan") else text


def packet_rows(folder: Path | None = None) -> list[dict]:
    """The source packet as students see it in lesson 1 (no verdict and no kit's note), with the
    source's outlet, date and address, and the kit's translation where the file has one."""
    from helpers import data

    packet = data.load("source_packet", folder)
    sources = data.load("sources", folder).set_index("source_id")
    rows = []
    for row in packet.to_dict("records"):
        source = sources.loc[row["source_id"]]
        date = source["date"]
        rows.append({
            "packet_id": _cell(row["packet_id"]), "claim_id": _cell(row["claim_id"]),
            "outlet": _cell(source["outlet"]), "url": _cell(source["url"]),
            "date": date.strftime("%Y-%m-%d") if hasattr(date, "strftime") and _cell(date) else (_cell(date) or "undated"),
            "speaker": _cell(row["speaker"]), "excerpt": _cell(row["excerpt"]),
            "excerpt_en": _cell(row.get("excerpt_en")),  # a column added to the file later, when it is there
            "later": _cell(row["later_correction"]),
        })
    return rows


def figure_rows(folder: Path | None = None) -> list[dict]:
    """The per-country figures as lesson 2 lists them: what each counted, over which days, who reported it
    and the fact sheet's status; a blank is unknown, and "~" marks a number the report itself hedged."""
    from helpers import data

    figures = data.load("country_figures", folder)
    rows = []
    for row in figures.to_dict("records"):
        records = _cell(row["records"])
        day = lambda d: d.strftime("%Y-%m-%d") if hasattr(d, "strftime") and _cell(d) else _cell(d)  # noqa: E731
        start, end = day(row["period_start"]), day(row["period_end"])
        borrowed = _cell(row["period_source_id"]) and _cell(row["period_source_id"]) != _cell(row["source_id"])
        sheet_writes = re.search(r'The fact sheet writes "([^"]+)"', _cell(row["note"]))  # as lesson 2 prints it
        shown = (("~" if row["approximate"] is True else "") + f"{int(records):,}") if records else "unknown"
        rows.append({
            "country": _cell(row["country"]),
            "records": shown + (f' (the fact sheet writes "{sheet_writes[1]}")' if sheet_writes else ""),
            "what_counted": _cell(row["what_counted"]) or "unknown",
            "period": (f"{start} to {end}" + (" (period from another report)" if borrowed else "")) if start and end else "unknown",
            "reported_by": _cell(row["reported_by"]), "status": _cell(row["status"]),
        })
    return rows


def coding_rows(folder: Path | None = None) -> tuple[list[dict], list[dict]]:
    """For a coding exercise on paper: the reactions of ``exercises.CODING_EXERCISE`` without their codes
    (who, when, what they did, the words reported), and the codes of the codebook excerpt students
    code with (``agreement.SHEET_CODES``), with their names and GDELT Goldstein scores."""
    from helpers import agreement, data, exercises as checks_module

    reactions = data.load("reactions", folder).set_index("reaction_id")
    actors = data.load("actors", folder).set_index("actor_id")
    codes = data.load("cameo_codes", folder).set_index("cameo_code")
    rows = []
    for reaction_id in checks_module.CODING_EXERCISE:
        row = reactions.loc[reaction_id]
        actor = actors.loc[row["actor_id"]]
        date = row["date"]
        rows.append({"id": reaction_id, "who": f"{_cell(actor['name'])} ({_cell(actor['country_code'])})",
                     "date": date.strftime("%Y-%m-%d") if hasattr(date, "strftime") and _cell(date) else (_cell(date) or "undated"),
                     "action": _cell(row["action"]), "quote": _cell(row["quote"])})
    table = [{"code": code, "name": _cell(codes.loc[code, "name"]), "goldstein": _cell(codes.loc[code, "goldstein"])}
             for code in agreement.SHEET_CODES if code in codes.index]
    return rows, table


# --- HTML ---------------------------------------------------------------------------------------------

STYLE = """
@page { size: A4; margin: 12mm 14mm; }
html { font-family: system-ui, "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.3; color: #1a1a1a; background: #fff; }
body { max-width: 48em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 1.5em; margin: 0 0 0.3em; }
h2 { font-size: 1.2em; margin: 1.1em 0 0.4em; border-bottom: 1px solid #555; }
h3 { font-size: 1.05em; margin: 0.9em 0 0.3em; }
p { margin: 0.35em 0; }
a { color: #0b4f8a; }
.small { font-size: 0.85em; }
.url { overflow-wrap: anywhere; }
.passage { margin: 0.25em 0; }
.passage .n { font-weight: bold; display: inline-block; min-width: 2.4em; }
.gap { color: #4d4d4d; margin: 0.1em 0 0.1em 2.4em; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0; }
th, td { border: 1px solid #767676; padding: 0.2em 0.4em; vertical-align: top; text-align: left; }
th { background: #eee; }
.item { margin: 0.3em 0 0.5em; break-inside: avoid; }
.item p { margin: 0.1em 0; }
.excerpt { font-style: italic; margin-left: 1.5em; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
.url { font-size: 0.8em; }
.question { break-inside: avoid; margin: 0.6em 0 0.9em; }
.options { list-style: none; padding-left: 0.5em; margin: 0.3em 0; }
.options li::before { content: "\\2610\\00a0"; }
.lines { margin: 0.2em 0 0; }
.line { border-bottom: 1px solid #595959; height: 1.6em; }
.checklist { list-style: none; padding-left: 0; margin: 0.2em 0; }
.checks { display: grid; grid-template-columns: 1.5fr 1fr 1fr; gap: 1em; break-inside: avoid; }
.checklist li::before { content: "\\2610\\00a0"; }
nav { margin-bottom: 0.8em; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  nav { display: none; }
  a { color: #1a1a1a; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  tr, .passage, .item, .keep { break-inside: avoid; }
}
"""

CHECKLIST = (
    ("SIFT, four moves (Mike Caulfield)", (
        "<strong>Stop.</strong> Before you believe or share it, notice what the story does to you, and what you know about where it comes from.",
        "<strong>Investigate the source.</strong> Who published it, who wrote it, and when?",
        "<strong>Find better coverage.</strong> What do other outlets report? Where was it reported first?",
        "<strong>Trace claims to the original context.</strong> What did the first report, quote or document actually say?",
    )),
    ("Lateral reading", (
        "Leave the page: read what other sources say about the source and the claim, not only the page itself.",
    )),
    ("Three questions (Civic Online Reasoning)", (
        "Who is behind the information?",
        "What is the evidence?",
        "What do other sources say?",
    )),
)


def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def render_markdown(text: str) -> str:
    """Markdown as HTML with raw HTML escaped (never passed through) and unsafe links refused."""
    return _markdown().render(text)


def _inline(text: str) -> str:
    return _markdown().renderInline(text)


def page(title_text: str, body: str, nav: bool = True) -> str:
    back = '<nav><a href="index.html">All worksheets and plans</a></nav>\n' if nav else ""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title_text)}</title>\n<style>{STYLE}</style>\n</head>\n"
            f"<body>\n{back}<main>\n{body}\n</main>\n</body>\n</html>\n")


def _lines(n: int) -> str:
    return '<div class="lines" aria-hidden="true">' + '<div class="line"></div>' * n + "</div>"


def worksheet_html(nb: dict, stem: str, article: str, claim_paragraph: dict[str, int],
                   reaction_claim: dict[str, str], packet: list[dict] | None, claim_text: dict[str, str],
                   figures: list[dict] | None = None, coding: tuple[list[dict], list[dict]] | None = None) -> str:
    """One lesson's worksheet as a page."""
    name = title(nb) or stem
    paragraphs = article.split("\n\n")
    used = paragraphs_used(nb, paragraphs, claim_paragraph, reaction_claim)
    parts = [f"<h1>Worksheet: {html.escape(name)}</h1>",
             '<p class="small">Name: ______________________ &nbsp; Class: ________ &nbsp; Date: ____________</p>']
    opening = question(nb)
    if opening:
        parts.append("<p>" + _inline(INLINE_CODE.sub(lambda m: m[1] or m[2], opening)) + "</p>")
    parts.append("<p class=\"small\">This sheet goes with the lesson's notebook; you can also do it on paper. "
                 "Questions that need a computation use the numbers your teacher shows from the notebook.</p>")
    parts.append("<h2>The article: the passages this lesson uses</h2>")
    parts.append('<p class="small">From the article the lesson studies (the kit\'s stored copy), paragraphs numbered as '
                 "in the kit's table of claims, from 1 at the top, the lines above the headline included. "
                 "[&hellip;] marks paragraphs left out.</p>")
    previous = 0
    for number in used:
        if number > previous + 1:
            parts.append('<p class="gap">[&hellip;]</p>')
        parts.append(f'<p class="passage"><span class="n">{number}</span> {html.escape(paragraphs[number - 1])}</p>')
        previous = number
    if used and previous < len(paragraphs):
        parts.append('<p class="gap">[&hellip;]</p>')
    if not used:
        parts.append("<p>This lesson quotes no paragraph of the article.</p>")
    if packet is not None:
        parts.append("<h2>The source packet</h2>")
        parts.append('<p class="small">Excerpts from the kit\'s fact sheet, grouped by the claim they are about. Some '
                     "support the claim, some do not, some are about other things. Ask of each: who is speaking, and do they "
                     "give their name? Is it a first report, a copy, or a correction? Does it say what the claim says?</p>")
        for claim_id in dict.fromkeys(row["claim_id"] for row in packet):
            about = claim_text.get(claim_id, "").strip()  # a packet row may name a claim the table no longer holds
            parts.append(f"<h3>{html.escape(claim_id)}: {html.escape(about)}</h3>" if about else f"<h3>{html.escape(claim_id)}</h3>")
            for row in (r for r in packet if r["claim_id"] == claim_id):
                later = f'<p class="small">Later: {html.escape(row["later"])} (fact sheet)</p>' if row["later"] else ""
                excerpt = f'<p class="excerpt">&ldquo;{html.escape(row["excerpt"])}&rdquo;</p>'
                if row["excerpt_en"]:  # the kit's translation, beside the excerpt
                    excerpt = (f'<div class="pair">{excerpt}<p><span class="small">The kit\'s translation:</span> '
                               f'{html.escape(row["excerpt_en"])}</p></div>')
                parts.append(f'<div class="item"><p><strong>{html.escape(row["packet_id"])}</strong> '
                             f'{html.escape(row["speaker"])}. <span class="small">{html.escape(row["outlet"])}, '
                             f'{html.escape(row["date"])}.</span> <span class="url">{html.escape(row["url"])}</span></p>'
                             f"{excerpt}{later}</div>")
    if figures is not None:
        parts.append('<section><h2>The per-country figures</h2>')
        parts.append('<p class="small">Every figure the kit\'s fact sheet found, as reported in 2013 from screenshots of the NSA tool '
                     "BOUNDLESSINFORMANT: counts of metadata records (who called whom, when, for how long), not calls listened "
                     "to. &ldquo;~&rdquo; marks a number the report itself hedged; &ldquo;unknown&rdquo; means no figure was "
                     "found in the sources retrieved. The status is the fact sheet's.</p>")
        parts.append('<table><thead><tr><th scope="col">country</th><th scope="col">records</th><th scope="col">what was counted</th>'
                     '<th scope="col">period</th><th scope="col">reported by</th><th scope="col">status</th></tr></thead><tbody>')
        for row in figures:
            parts.append(f'<tr><th scope="row">{html.escape(row["country"])}</th><td>{html.escape(row["records"])}</td>'
                         f'<td>{html.escape(row["what_counted"])}</td><td>{html.escape(row["period"])}</td>'
                         f'<td>{html.escape(row["reported_by"])}</td><td>{html.escape(row["status"])}</td></tr>')
        parts.append("</tbody></table></section>")
    if coding is not None:
        reactions, codes = coding
        parts.append('<section class="keep"><h2>The reactions to code</h2>')
        parts.append('<p class="small">From the kit\'s table of reactions, with their codes removed. Each row names who '
                     "acted, when, what they did, and the words the source reports.</p>")
        parts.append('<table><thead><tr><th scope="col">reaction</th><th scope="col">who, when</th><th scope="col">what they did</th>'
                     '<th scope="col">words reported</th><th scope="col">your code</th></tr></thead><tbody>')
        for row in reactions:
            parts.append(f'<tr><th scope="row">{html.escape(row["id"])}</th><td>{html.escape(row["who"])}, {html.escape(row["date"])}</td>'
                         f'<td>{html.escape(row["action"])}</td><td class="excerpt">{html.escape(row["quote"])}</td><td></td></tr>')
        parts.append("</tbody></table>")
        parts.append('<p class="small">Codes from the CAMEO codebook (the kit\'s codebook excerpt; any other CAMEO code is allowed '
                     "too), with the Goldstein score GDELT gives each kind of act, from -10, most conflictual, to +10, most cooperative.</p>")
        parts.append('<table><thead><tr><th scope="col">code</th><th scope="col">name</th><th scope="col">Goldstein score (GDELT)</th>'
                     "</tr></thead><tbody>" + "".join(
                         f'<tr><th scope="row">{html.escape(c["code"])}</th><td>{html.escape(c["name"])}</td><td>{html.escape(c["goldstein"])}</td></tr>'
                         for c in codes) + "</tbody></table></section>")
    parts.append("<h2>Questions</h2>")
    for exercise in exercises(nb):
        lines = 2 if exercise.options else 4
        body = render_markdown(exercise.text) if exercise.text else ""
        options = ("<ul class=\"options\">" + "".join(f"<li>{_inline(o)}</li>" for o in exercise.options) + "</ul>"
                   if exercise.options else "")
        why = '<p class="small">Why? Write the evidence your answer rests on.</p>' if exercise.options else ""
        parts.append(f'<section class="question" aria-label="{html.escape(exercise.label)}">'
                     f"<h3>{html.escape(exercise.label)}</h3>{body}{options}{why}{_lines(lines)}</section>")
    parts.append('<h2>Checklist: the moves you used</h2>\n<div class="checks">')
    for heading, items in CHECKLIST:
        parts.append(f"<div><h3>{heading}</h3><ul class=\"checklist\">" + "".join(f"<li>{item}</li>" for item in items) + "</ul></div>")
    parts.append("</div>")
    return page(f"Worksheet: {name}", "\n".join(parts))


def plan_html(markdown_text: str, name: str) -> str:
    """A teacher's plan, written by hand in instructors/plans/, as a page."""
    return page(f"Plan: {name}", render_markdown(markdown_text))


def index_html(entries: list[tuple[str, str, str]]) -> str:
    items = "\n".join(f'<li>{html.escape(name)}: <a href="{html.escape(sheet)}">student worksheet</a>, '
                      f'<a href="{html.escape(plan)}">teacher plan and rubric</a></li>' for name, sheet, plan in entries)
    body = (f"<h1>Worksheets and lesson plans</h1>\n<p>For each lesson, a worksheet students can do on paper (no "
            f"code, no answers) and a plan with a rubric for the teacher. Print from the browser, or choose "
            f"&ldquo;Save as PDF&rdquo; in its print dialogue; the pages are laid out for A4.</p>\n<ul>\n{items}\n</ul>")
    return page("Worksheets and lesson plans", body, nav=False)


# --- Building -------------------------------------------------------------------------------------


def lesson_paths(folder: Path | None = None) -> list[Path]:
    return sorted(p for p in Path(folder or LESSONS).glob("*.ipynb") if LESSON_NAME.fullmatch(p.name))


def read_notebook(path: Path) -> dict:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise WorksheetError(f"{path.name}: cannot be read as a notebook ({err})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise WorksheetError(f"{path.name}: is not a notebook (no list of cells)")
    return nb


def build(out: Path | None = None, lessons: Path | None = None, plans: Path | None = None,
          datasets: Path | None = None) -> list[Path]:
    """Write every worksheet, plan and the index into `out` (default build/worksheets/); return the paths."""
    from helpers import data

    out = Path(out or OUT)
    article = data.article(datasets)
    claims = data.load("claims", datasets)
    reactions = data.load("reactions", datasets)
    claim_paragraph = {str(c): int(p) for c, p in zip(claims["claim_id"], claims["paragraph"])}
    reaction_claim = {str(r): _cell(c) for r, c in zip(reactions["reaction_id"], reactions["claim_id"])}
    claim_text = {str(c): str(t) for c, t in zip(claims["claim_id"], claims["text"])}
    packet = None
    out.mkdir(parents=True, exist_ok=True)
    written, entries = [], []
    for path in lesson_paths(lessons):
        nb = read_notebook(path)
        stem = path.stem
        if uses_packet(nb) and packet is None:
            packet = packet_rows(datasets)
        sheet = out / f"{stem}-worksheet.html"
        sheet.write_text(worksheet_html(nb, stem, article, claim_paragraph, reaction_claim,
                                        packet if uses_packet(nb) else None, claim_text,
                                        figure_rows(datasets) if loads(nb, "country_figures") else None,
                                        coding_rows(datasets) if codes_reactions(nb) else None), encoding="utf-8")
        plan_md = Path(plans or PLANS) / f"{stem}.md"
        if not plan_md.is_file():
            raise WorksheetError(f"{stem}: there is no plan; write instructors/plans/{stem}.md (see the other plans)")
        plan = out / f"{stem}-plan.html"
        plan.write_text(plan_html(plan_md.read_text(encoding="utf-8"), title(nb) or stem), encoding="utf-8")
        written += [sheet, plan]
        entries.append((title(nb) or stem, sheet.name, plan.name))
    index = out / "index.html"
    index.write_text(index_html(entries), encoding="utf-8")
    return [*written, index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 tasks.py worksheets", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="where to write (default: build/worksheets/ in the kit; through tasks.py, "
                                      "a relative folder is taken from the kit's folder)")
    args = parser.parse_args(argv)
    from helpers.checks import DataError

    try:
        paths = build(Path(args.out) if args.out else None)
    except (WorksheetError, DataError) as err:
        print(f"Stopped: {err}", file=sys.stderr)
        return 1
    print(f"wrote {len(paths) - 1} pages and {paths[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
