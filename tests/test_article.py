"""python3 tasks.py new-article: a teacher's article becomes a folder in the kit's schema, or one clear line.

The article texts here are written for the tests by the kit's authors (fictional towns and people);
no published text other than the Haaretz article is shipped. The finder is a stand-in where a test is
about the folder, not about what the real finder proposes (tests/test_finder.py is about that).
"""
from __future__ import annotations

import csv
import datetime
import functools
import io
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import article, checks

from conftest import fingerprint
from run_lessons import RUN_TIMEOUT

ROOT = Path(__file__).resolve().parents[1]

HEADLINE = "Harbour Town Closes Its Old Bridge"
BODY = [
    "The council of Harbour Town voted on Monday to close the old stone bridge, the mayor, Ada Pennick, said.",
    "About 4,000 people cross the bridge every day, according to the council's own count from last spring.",
    "\"We had no other choice,\" Pennick told reporters after the vote, adding that repairs would cost 2 million euros.",
    "Shop owners on the east bank said they feared losing a third of their customers while the bridge is shut.",
]
TEXT = HEADLINE + "\n\n" + "\n\n".join(BODY) + "\n"


class StandIn:
    """A finder that proposes each paragraph as one claim: enough to test the folder around it."""

    calls = 0

    @staticmethod
    def looks_english(text):
        return " the " in f" {text.lower()} "

    @classmethod
    def propose(cls, text):
        cls.calls += 1
        rows, start = [], 0
        for number, paragraph in enumerate(text.rstrip("\n").split("\n\n"), start=1):
            row = dict.fromkeys(article.columns("claims"), "")
            row.update(claim_id=f"C{number:02d}", paragraph=number, start=start, end=start + len(paragraph), text=paragraph,
                       claim_type="event", claimant="Harbour Town Gazette", claimant_type="Organization",
                       attribution="own_voice", proposal="proposed")
            rows.append(row)
            start += len(paragraph) + 2
        quote = '"We had no other choice,"'
        at = text.find(quote)
        quotes = []
        if at >= 0:
            q = dict.fromkeys(article.columns("quotes"), "")
            q.update(quote_id="Q01", paragraph=text[:at].count("\n\n") + 1, start=at, end=at + len(quote), quote=quote,
                     speaker="Ada Pennick", verb="told", suggested_cameo_code="010", proposal="proposed")
            quotes.append(q)
        return {"claims": pd.DataFrame(rows, columns=article.columns("claims")),
                "quotes": pd.DataFrame(quotes, columns=article.columns("quotes")),
                "figures": pd.DataFrame([], columns=article.columns("figures"))}


def make(tmp_path, source, name="bridge"):
    return article.new_article(str(source), name, articles=tmp_path / "articles", finder=StandIn, today=datetime.date(2026, 1, 2))


def leftovers(tmp_path):
    folder = tmp_path / "articles"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


# --- The folder -----------------------------------------------------------------------------------

def test_a_text_file_becomes_a_draft_folder_that_validates(tmp_path):
    folder = make(tmp_path, write(tmp_path, "bridge.txt", TEXT))
    assert folder == tmp_path / "articles" / "bridge"
    assert {p.name for p in folder.iterdir()} >= {"article.txt", "sources.csv", "claims.csv", "quotes.csv", "figures.csv",
                                                  "datapackage.json", "README.md"}
    assert (folder / "article.txt").read_text(encoding="utf-8") == TEXT
    problems, todo = article.check_folder(folder)
    assert problems == []
    assert f"5 of 5 claims have no verdict yet (with its evidence in sources.csv)" in todo
    assert any("quotations have no CAMEO code" in line for line in todo)
    claims = pd.read_csv(folder / "claims.csv", dtype=str, keep_default_na=False)
    assert set(claims["proposal"]) == {"proposed"} and (claims["verdict"] == "").all()
    sources = pd.read_csv(folder / "sources.csv", dtype=str, keep_default_na=False)
    assert list(sources["source_id"]) == ["article"]
    assert "2026-01-02" in sources.loc[0, "note"]  # the retrieval date: the one date not taken from the fact sheet


def test_the_folder_schema_is_the_shipped_claims_schema_plus_proposal():
    shipped = {r["name"]: r for r in checks.shipped_descriptor()["resources"]}
    ours = {r["name"]: r for r in article.descriptor()["resources"]}
    assert [f["name"] for f in ours["claims"]["schema"]["fields"]] == [f["name"] for f in shipped["claims"]["schema"]["fields"]] + ["proposal"]
    language = lambda fields: [dict(f, constraints={}, description="") if f["name"] == "language" else f for f in fields]  # noqa: E731
    assert language(ours["sources"]["schema"]["fields"]) == language(shipped["sources"]["schema"]["fields"])
    for field in ours["claims"]["schema"]["fields"]:
        if field["name"] in ("claim_type", "attribution", "claimant_type", "verdict"):
            assert field["constraints"]["enum"] == next(f for f in shipped["claims"]["schema"]["fields"] if f["name"] == field["name"])["constraints"]["enum"]
    assert json.loads((article.TABLES).read_text(encoding="utf-8"))["proposal_field"] in ours["claims"]["schema"]["fields"]


def test_the_written_datapackage_is_the_schema_the_check_uses(tmp_path):
    folder = make(tmp_path, write(tmp_path, "bridge.txt", TEXT))
    assert json.loads((folder / "datapackage.json").read_text(encoding="utf-8")) == article.descriptor()


def test_the_folders_datapackage_names_only_its_own_tables_and_describes_article_txt_for_data_package_tools():
    from helpers import data

    desc = article.descriptor()
    names = {res["name"] for res in desc["resources"]}
    assert names == {"article", "sources", "claims", "quotes", "figures"}
    for res in desc["resources"]:  # a folder has no fact sheet: no table may point to or be checked against one
        assert data._references(res) <= names, res["name"]
    claims = next(res for res in desc["resources"] if res["name"] == "claims")
    assert claims["x-checkedAgainst"] == ["article"]
    assert desc["profile"] == "data-package" and desc["name"] == "article-folder"
    assert desc["resources"][0] == {**desc["resources"][0], "name": "article", "path": "article.txt", "type": "file",
                                    "format": "txt", "mediatype": "text/plain", "encoding": "utf-8", "title": "The article's text"}


def test_a_class_may_name_its_own_fact_sheet_row_in_fact_ref_or_none(tmp_path):
    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    edit(folder, "claims.csv", setter({(1, "fact_ref"): "our sheet, row 4", (2, "fact_ref"): "§2 Council minutes"}))
    assert article.check_folder(folder)[0] == [], "the shipped sheet's '§N row' form is not required"
    fact_ref = next(f for f in article.descriptor()["resources"][2]["schema"]["fields"] if f["name"] == "fact_ref")
    assert fact_ref["description"] == "Optional: the row of a fact sheet the class keeps, if it keeps one."
    assert "pattern" not in fact_ref["constraints"] and "required" not in fact_ref["constraints"]


def test_a_finders_cells_are_written_as_the_codebook_writes_them(tmp_path):
    values = [None, float("nan"), pd.NA, pd.NaT, True, False, 4.0, 2.5, 7, "<NA>", "nan", "a note", ""]
    rows = [dict(dict.fromkeys(article.columns("claims"), ""), claim_id=f"C{i:02d}", note=value) for i, value in enumerate(values, 1)]
    article.write_folder(tmp_path, TEXT, {}, {"claims": rows}, "2026-01-02")
    with open(tmp_path / "claims.csv", encoding="utf-8", newline="") as f:
        written = [row["note"] for row in csv.DictReader(f)]
    assert written == ["", "", "", "", "true", "false", "4", "2.5", "7", "", "", "a note", ""]
    with open(tmp_path / "quotes.csv", encoding="utf-8", newline="") as f:
        assert f.read() == ",".join(article.columns("quotes")) + "\n", "a table the finder left out is written with its header only"


def test_the_notes_count_what_the_finder_proposed_and_say_what_people_decide(tmp_path):
    row = {table: dict.fromkeys(article.columns(table), "") for table in ("claims", "quotes", "figures")}
    article.write_folder(tmp_path, TEXT, {}, {"claims": [row["claims"]] * 3, "quotes": [row["quotes"]]}, "2026-01-02")
    notes = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert ("\n## What the machine proposed, and what people decide\n\n"
            "The claim finder (`helpers/finder.py`) proposed 3 claims, 1 quotations and 0 figures. Every row it wrote says "
            "`proposed` in its `proposal` column: a suggestion, not a decision. When the class has read a row, change that word "
            "to `accepted`, `edited` (you changed it) or write `added` on a row you made yourselves. The `suggested_cameo_code` "
            "of a quotation is the machine's guess; the class's own code goes in `cameo_code`, a partner's blind code in "
            "`partner_cameo_code`.\n\n## Still to do\n") in notes


def test_a_new_article_makes_the_articles_folder_and_the_folders_above_it(tmp_path):
    articles = tmp_path / "school" / "class-10b" / "articles"
    folder = article.new_article(str(write(tmp_path, "a.txt", TEXT)), "bridge", articles=articles, finder=StandIn,
                                 today=datetime.date(2026, 1, 2))
    assert folder == articles / "bridge" and (folder / "article.txt").read_text(encoding="utf-8") == TEXT
    assert [p.name for p in articles.iterdir()] == ["bridge"], "nothing half-made left beside it"


def test_a_markdown_file_keeps_its_heading_as_the_headline(tmp_path):
    md = f"# {HEADLINE}\n\n" + "\n\n".join(BODY).replace("Ada Pennick", "**Ada Pennick**") + "\n"
    folder = make(tmp_path, write(tmp_path, "bridge.md", md))
    assert (folder / "article.txt").read_text(encoding="utf-8") == TEXT


def test_hard_wrapped_paragraphs_are_joined_and_a_file_without_blank_lines_is_read_line_by_line(tmp_path):
    wrapped = HEADLINE + "\n\n" + "\n\n".join(p.replace(" the ", "\nthe ", 1) for p in BODY)
    assert (make(tmp_path, write(tmp_path, "w.txt", wrapped), "w") / "article.txt").read_text(encoding="utf-8") == TEXT
    lines = HEADLINE + "\n" + "\n".join(BODY)
    assert (make(tmp_path, write(tmp_path, "l.txt", lines), "l") / "article.txt").read_text(encoding="utf-8") == TEXT


PAGE = """<!DOCTYPE html><html lang="en"><head><title>{headline} | Harbour Town Gazette</title>
<meta property="og:title" content="{headline}"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<main><article><h1>{headline}</h1>
{paragraphs}
</article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/a">Ferry timetable changes next week</a></li>
<li><a href="/b">Ten photos of the harbour at dawn</a></li></ul></aside></main>
<footer><p>Copyright Harbour Town Gazette. All rights reserved. Contact us. Privacy policy.</p></footer>
</body></html>"""


def page(body=BODY, headline=HEADLINE):
    return PAGE.format(headline=headline, paragraphs="\n".join(f"<p>{p}</p>" for p in body))


def test_a_saved_web_page_gives_the_headline_and_the_body_without_menus_banners_or_footer(tmp_path):
    folder = make(tmp_path, write(tmp_path, "bridge.html", page()))
    text = (folder / "article.txt").read_text(encoding="utf-8")
    assert text == TEXT
    for boilerplate in ("Sport", "cookies", "Related stories", "Ferry", "Copyright"):
        assert boilerplate not in text
    assert "trafilatura" in (folder / "README.md").read_text(encoding="utf-8")


def test_lxml_html_clean_imports_as_trafilaturas_fallback_needs_it():
    import lxml.html.clean  # noqa: F401  (with lxml 6 it is the separate lxml_html_clean package)
    import justext  # noqa: F401


def test_mis_decoded_characters_are_repaired_and_the_notes_say_so(tmp_path):
    broken = TEXT.replace("Ada Pennick", "Ada CalderÃ³n")
    folder = make(tmp_path, write(tmp_path, "b.txt", broken))
    assert "Ada Calderón" in (folder / "article.txt").read_text(encoding="utf-8")
    assert "ftfy" in (folder / "README.md").read_text(encoding="utf-8")
    untouched = make(tmp_path, write(tmp_path, "c.txt", TEXT.replace("choice,", "choise,\u201d")), "c")
    assert "choise,\u201d" in (untouched / "article.txt").read_text(encoding="utf-8"), "typos and curly quotes stay as published"
    assert "ftfy" not in (untouched / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_text_that_is_not_utf8_is_detected_and_converted(tmp_path, encoding):
    text = TEXT.replace("Ada Pennick", "Zoë Pennick-Müller")
    folder = make(tmp_path, write(tmp_path, "e.txt", text.encode(encoding)))
    assert "Zoë Pennick-Müller" in (folder / "article.txt").read_text(encoding="utf-8")
    assert "utf_8" not in (folder / "README.md").read_text(encoding="utf-8")


def test_a_non_english_article_still_makes_the_folder_with_empty_tables(tmp_path):
    french = "Le pont ferme\n\n" + "\n\n".join(["Le conseil municipal a voté lundi la fermeture du vieux pont de pierre, a déclaré la maire."] * 3)
    StandIn.calls = 0
    folder = make(tmp_path, write(tmp_path, "fr.txt", french), "pont")
    assert StandIn.calls == 0
    assert pd.read_csv(folder / "claims.csv").empty
    assert "reads English only" in (folder / "README.md").read_text(encoding="utf-8")
    assert article.check_folder(folder)[0] == []


# --- One clear line, nothing left behind ------------------------------------------------------------

BAD_FILES = {
    "empty.txt": (b"", "is empty"),
    "blank.txt": (b"  \n\n \n", "is empty"),
    "binary.txt": (bytes(range(256)) * 40, "not text"),
    "paper.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF"),
    "renamed.txt": (b"%PDF-1.4\n" + b"x" * 100, "a PDF"),
    "letter.docx": (b"PK\x03\x04" + b"\0" * 100, "Word document"),
    "zipped.txt": (b"PK\x03\x04" + b"\0" * 100, "word-processor or zip"),
    "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Word document"),
    "notes.odt": (b"PK\x03\x04mimetypeapplication/vnd.oasis", "OpenDocument"),
    "story.rtf": (b"{\\rtf1\\ansi Harbour}", "RTF"),
    "nothing.html": (page(body=["Subscribe."], headline="Home").encode(), "no article text"),
    "short.txt": (b"Just a headline", "no article text"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_file_that_is_no_article_gets_one_line_and_leaves_nothing(tmp_path, name):
    content, said = BAD_FILES[name]
    with pytest.raises(article.ArticleError, match=said) as caught:
        make(tmp_path, write(tmp_path, name, content))
    assert "\n" not in str(caught.value)
    assert leftovers(tmp_path) == []


def test_a_huge_file_is_refused(tmp_path):
    with pytest.raises(article.ArticleError, match="larger than"):
        make(tmp_path, write(tmp_path, "huge.txt", TEXT.encode() * (article.MAX_BYTES // len(TEXT) + 2)))
    assert leftovers(tmp_path) == []


def test_a_missing_file_or_a_folder_is_refused(tmp_path):
    with pytest.raises(article.ArticleError, match="there is no file"):
        make(tmp_path, tmp_path / "nowhere.txt")
    with pytest.raises(article.ArticleError, match="is a folder"):
        make(tmp_path, tmp_path)


@pytest.mark.parametrize("name", ["", "a/b", "..", "../up", ".hidden", "a\\b", "new\nline", "x" * 65, "tab\there", "ça", "-dash"])
def test_a_name_that_is_not_a_plain_folder_name_is_refused(tmp_path, name):
    with pytest.raises(article.ArticleError, match="cannot be a folder name"):
        make(tmp_path, write(tmp_path, "a.txt", TEXT), name)
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.name == "nt", reason="Windows: file names with control characters and links need rights a school laptop lacks")
def test_a_name_that_exists_is_never_overwritten(tmp_path):
    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    (folder / "claims.csv").write_text("the class's work", encoding="utf-8")
    with pytest.raises(article.ArticleError, match="exists already"):
        make(tmp_path, write(tmp_path, "b.txt", TEXT.replace("Monday", "Tuesday")))
    assert (folder / "claims.csv").read_text(encoding="utf-8") == "the class's work"
    dangling = tmp_path / "articles" / "link"
    dangling.symlink_to(tmp_path / "gone")
    with pytest.raises(article.ArticleError, match="exists already"):
        make(tmp_path, write(tmp_path, "c.txt", TEXT), "link")
    assert not (tmp_path / "gone").exists()


def test_a_failure_while_writing_leaves_no_half_made_folder(tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(article, "_notes", fail)
    with pytest.raises(OSError):
        make(tmp_path, write(tmp_path, "a.txt", TEXT))
    assert leftovers(tmp_path) == []


# --- Addresses (served here, on 127.0.0.1: no test uses the network) --------------------------------

@pytest.fixture
def served(site):
    """A saved news page and a PDF, on 127.0.0.1 (conftest's `site`)."""
    address, pages, _ = site
    pages["/story.html"] = ("text/html; charset=utf-8", page().encode("utf-8"))
    pages["/paper.pdf"] = ("application/pdf", b"%PDF-1.7\n")
    return address


def test_an_address_is_read_like_a_saved_page_and_recorded(tmp_path, served):
    folder = make(tmp_path, f"{served}/story.html")
    assert (folder / "article.txt").read_text(encoding="utf-8") == TEXT
    sources = pd.read_csv(folder / "sources.csv", dtype=str, keep_default_na=False)
    assert sources.loc[0, "url"] == f"{served}/story.html"


def test_an_address_that_fails_says_so_and_writes_nothing(tmp_path, served):
    with pytest.raises(article.ArticleError, match="answered 404"):
        make(tmp_path, f"{served}/missing.html")
    with pytest.raises(article.ArticleError, match="not a web page"):
        make(tmp_path, f"{served}/paper.pdf")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    with pytest.raises(article.ArticleError, match="could not be reached.*offline.*Nothing was written"):
        make(tmp_path, f"http://127.0.0.1:{closed}/story.html")
    assert leftovers(tmp_path) == []


# --- Checking a folder as the class edits it ---------------------------------------------------------

def edit(folder, name, change):
    """Change a table as a class would in a spreadsheet: `change` edits the DataFrame in place."""
    table = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    change(table)
    table.to_csv(folder / name, index=False, lineterminator="\n")


def setter(cells: dict):
    """A change that sets cells, given as {(row index, column): value}."""
    def change(table):
        for (row, column), value in cells.items():
            table.loc[row, column] = value
    return change


def test_the_check_names_file_row_and_column_of_what_the_class_got_wrong(tmp_path):
    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    edit(folder, "claims.csv", setter({(1, "start"): "20"}))
    edit(folder, "quotes.csv", setter({(0, "cameo_code"): "999"}))
    problems = [str(p) for p in article.check_folder(folder)[0]]
    assert any(p.startswith("claims.csv:3:text: the text does not match article[20:") for p in problems), problems
    assert "quotes.csv:2:cameo_code: '999' is not a CAMEO code of datasets/cameo_codes.csv; write the code as text with its leading zero, such as 042" in problems


def test_a_verdict_needs_evidence_that_names_a_source_in_the_folder(tmp_path):
    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    def decide(t):
        t.loc[1, "verdict"] = "confirmed"
        t.loc[2, "verdict"] = "partly"
        t.loc[2, "evidence"] = "council_2026"
    edit(folder, "claims.csv", decide)
    problems = [str(p) for p in article.check_folder(folder)[0]]
    assert "claims.csv:3:evidence: the verdict 'confirmed' needs the source_id(s) of what backs it, from sources.csv" in problems
    assert any(p.startswith("claims.csv:4:evidence:") and "council_2026" in p for p in problems), problems


def finish(folder):
    """The class's work on a fresh folder: every row decided, one source, both partners' codes."""
    council = ["council_2026", "Harbour Town council", "", "2026-01-05", "CONFIRMED", "", "en", "official_statement", "The council's count."]
    edit(folder, "sources.csv", lambda t: t.loc.__setitem__(1, council))
    def decide(t):
        t["verdict"] = ["opinion" if i == 0 else "confirmed" for i in range(len(t))]
        t["claim_type"] = ["characterization"] + list(t["claim_type"][1:])
        t["evidence"] = ["" if i == 0 else "council_2026" for i in range(len(t))]
        t["proposal"] = "accepted"
    edit(folder, "claims.csv", decide)
    edit(folder, "quotes.csv", setter({(0, "cameo_code"): "010", (0, "partner_cameo_code"): "012", (0, "proposal"): "edited"}))


def test_a_finished_folder_is_complete(tmp_path):
    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    finish(folder)
    edit(folder, "claims.csv", lambda t: t.__setitem__("fact_status", "UNCONFIRMED"))
    assert article.check_folder(folder) == ([], [])


def test_the_haaretz_data_as_a_folder_is_complete_and_sound(tmp_path):
    folder = article.haaretz_folder(tmp_path / "haaretz")
    problems, todo = article.check_folder(folder)
    reactions = pd.read_csv(ROOT / "datasets" / "reactions.csv", dtype=str, keep_default_na=False).query("in_article == 'true'")
    uncoded = int((reactions["cameo_code"] == "").sum())
    assert problems == [] and todo == ([f"{uncoded} of {len(reactions)} quotations have no CAMEO code from the class yet"] if uncoded else [])
    claims = pd.read_csv(folder / "claims.csv", dtype=str, keep_default_na=False)
    shipped = pd.read_csv(ROOT / "datasets" / "claims.csv", dtype=str, keep_default_na=False)
    assert claims.drop(columns="proposal").equals(shipped)
    with pytest.raises(article.ArticleError, match="exists already"):
        article.haaretz_folder(folder)



def test_the_haaretz_folders_quotations_are_numbered_dated_and_coded_from_the_datasets_and_its_schema_is_new_articles(tmp_path):
    def rows(path):
        with open(path, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    folder = article.haaretz_folder(tmp_path / "haaretz")
    reactions = [r for r in rows(ROOT / "datasets" / "reactions.csv") if r["in_article"] == "true"]
    alt = {r["reaction_id"]: r["cameo_code"] for r in rows(ROOT / "datasets" / "reactions_alt_coding.csv")}
    quotes = rows(folder / "quotes.csv")
    assert [q["quote_id"] for q in quotes] == [f"Q{i:02d}" for i in range(1, len(reactions) + 1)]
    assert [(q["quote"], q["date"], q["cameo_code"], q["partner_cameo_code"]) for q in quotes] == [
        (r["quote"], r["date"], r["cameo_code"], alt.get(r["reaction_id"], r["cameo_code"])) for r in reactions]
    assert any(q["date"] for q in quotes) and {q["proposal"] for q in quotes} == {"accepted"}
    figures = rows(folder / "figures.csv")
    assert [f["figure_id"] for f in figures] == [f"F{i:02d}" for i in range(1, len(figures) + 1)]
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    article.write_folder(fresh, TEXT, {}, None, "2026-01-02")
    assert (folder / "datapackage.json").read_bytes() == (fresh / "datapackage.json").read_bytes()


def test_validate_on_the_command_line_reports_a_draft_and_exits_0(tmp_path):
    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    run = subprocess.run([sys.executable, "-m", "helpers", "validate", str(folder)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "draft: 5 of 5 claims have no verdict yet" in run.stdout and run.stdout.rstrip().endswith("with the work above still to do")
    edit(folder, "claims.csv", setter({(0, "claim_type"): "rumour"}))
    run = subprocess.run([sys.executable, "-m", "helpers", "validate", str(folder)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1 and run.stdout.startswith("claims.csv:2:claim_type:")


# --- The command ------------------------------------------------------------------------------------

def cli(args, cwd):
    """`python3 tasks.py new-article ARGS` as tasks.py starts it, run from `cwd`, in this test's Python."""
    import runpy

    command = runpy.run_path(str(ROOT / "tasks.py"))["kit_command"](sys.executable, args, "helpers.article")
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.mark.parametrize("args", [[], ["a.txt"], ["--name", "x"], ["a.txt", "b.txt", "--name", "x"], ["a.txt", "--name"]])
def test_bad_arguments_get_the_usage_line(tmp_path, args):
    run = cli(args, tmp_path)
    assert run.returncode == 2 and run.stderr.startswith("usage: python3 tasks.py new-article SOURCE --name NAME") and "Traceback" not in run.stderr


def test_the_command_never_imports_helpers_from_the_folder_it_is_run_in(tmp_path):
    (tmp_path / "helpers").mkdir()
    (tmp_path / "helpers" / "__init__.py").write_text(f"open({str(tmp_path / 'ran')!r}, 'w').close()\n")
    run = cli(["nowhere.txt", "--name", "x"], tmp_path)
    assert not (tmp_path / "ran").exists()
    assert run.returncode == 1 and run.stderr.strip() == "new-article: there is no file nowhere.txt"


def test_the_command_makes_the_folder_and_prints_its_path_last(tmp_path):
    """The real finder, end to end, in the kit's own articles/ folder (removed afterwards)."""
    name = f"test-{os.getpid()}"
    source = write(tmp_path, "bridge.txt", TEXT)
    try:
        run = cli([str(source), "--name", name], tmp_path)
        assert run.returncode == 0, run.stderr
        assert run.stdout.splitlines()[-1] == str(ROOT / "articles" / name)
        assert article.check_folder(ROOT / "articles" / name)[0] == []
    finally:
        import shutil
        shutil.rmtree(ROOT / "articles" / name, ignore_errors=True)


# --- The workbooks --------------------------------------------------------------------------------

def run_workbooks(folder):
    """Run every workbook of `folder` top to bottom, each in a fresh kernel started in the folder (as Jupyter does)."""
    run = subprocess.run([sys.executable, str(ROOT / "tests" / "run_lessons.py"), *sorted(map(str, folder.glob("*.ipynb")))],
                         capture_output=True, text=True, timeout=RUN_TIMEOUT, cwd=folder)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


def test_the_workbooks_run_top_to_bottom_on_a_fresh_folder_a_finished_one_and_the_haaretz_data(tmp_path):
    fresh = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    finished = article.haaretz_folder(tmp_path / "haaretz")
    installed = subprocess.run([sys.executable, "-c", "import helpers; print(helpers.__file__)"], cwd=tmp_path,
                               capture_output=True, text=True).stdout.strip()
    before = {p: p.read_bytes() for p in [*fresh.iterdir(), *finished.iterdir()] if p.suffix == ".csv"}
    reports = run_workbooks(fresh) + run_workbooks(finished)
    assert len(reports) == 2 * len(list(article.WORKBOOKS.glob("*.ipynb")))
    for report in reports:
        assert not report["errors"], (report["notebook"], report["errors"])
        assert report["helpers"] == installed, "a folder outside a kit (here, in tmp) uses the helpers the Python has installed"
    assert {p: p.read_bytes() for p in before} == before, "running a workbook as shipped decides nothing"
    first = next(r for r in reports if r["notebook"].endswith("haaretz/1-claims.ipynb"))
    printed = "".join(o[2] for d in [first["differs"][0]] for o in d["got"] if o[0] == "stream")
    todo = article.check_folder(finished)[1]  # what the set-up cell's status() must say for this folder
    assert printed.splitlines() == ([f"to do: {line}" for line in todo] or ["Every row is decided and sound."])


def test_every_workbook_has_the_lessons_shape():
    import re
    for path in sorted(article.WORKBOOKS.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        first = "".join(nb["cells"][0]["source"])
        minutes = int(re.search(r"\*\*Timing \((\d+) minutes\)\.\*\*", first).group(1))
        assert minutes <= 50 and "Extensions:" in first and "Learning goals" in first and "What code you write" in first
        headings = ["".join(c["source"]).split("\n")[0] for c in nb["cells"] if c["cell_type"] == "markdown"]
        assert "## Method" in headings[1] and any(h.startswith("## Key points") for h in headings)
        assert not any(cell.get("outputs") for cell in nb["cells"]), f"{path.name}: a workbook ships without outputs"
        extension_at = next(i for i, c in enumerate(nb["cells"]) if "".join(c["source"]).startswith("## Extension:"))
        assert all("extension" in c["metadata"].get("tags", []) for c in nb["cells"][extension_at:]), path.name


def test_the_classs_decisions_are_written_checked_and_marked(tmp_path):
    from helpers import workbook

    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    workbook.decide("C01", folder=folder)
    workbook.decide("C02", claim_type="statistic", folder=folder)
    claims = workbook.load("claims", folder)
    assert list(claims["proposal"][:3]) == ["accepted", "edited", "proposed"] and claims.loc[1, "claim_type"] == "statistic"
    with pytest.raises(workbook.WorkbookError, match="not a claim_type the codebook allows; use one of: statistic, event"):
        workbook.decide("C03", claim_type="rumour", folder=folder)
    with pytest.raises(workbook.WorkbookError, match="there is no C99"):
        workbook.decide("C99", folder=folder)
    with pytest.raises(workbook.WorkbookError, match="split\\(\\), merge\\(\\) or add_claim\\(\\)"):
        workbook.decide("C03", text="other words", folder=folder)
    workbook.split("C03", "according to", folder=folder)
    claims = workbook.load("claims", folder)
    assert list(claims["text"][2:4]) == ["About 4,000 people cross the bridge every day,",
                                         "according to the council's own count from last spring."]
    assert list(claims["claim_id"]) == [f"C{i:02d}" for i in range(1, 7)]
    workbook.merge("C03", "C04", folder=folder)
    assert workbook.load("claims", folder).loc[2, "text"] == BODY[1]
    new = workbook.add_claim("repairs would cost 2 million euros", "statistic", "Ada Pennick", "Person", "named_source", folder=folder)
    claims = workbook.load("claims", folder).set_index("claim_id")
    assert claims.loc[new, "proposal"] == "added" and claims.loc[new, "paragraph"] == 4
    with pytest.raises(workbook.WorkbookError, match="are not in the article"):
        workbook.add_claim("words nobody wrote", "event", "x", "Person", "named_source", folder=folder)
    workbook.add_source("council_2026", "Harbour Town council", "https://www.example.org/minutes", "2026-01-05",
                        "official_statement", "The minutes of the vote.", folder=folder)
    with pytest.raises(workbook.WorkbookError, match="not a date"):
        workbook.add_source("other", "x", "", "5 January", "news_report", "y", folder=folder)
    workbook.decide("C02", verdict="confirmed", evidence="council_2026", folder=folder)
    assert article.check_folder(folder)[0] == []
    assert workbook.load("sources", folder)["source_id"].tolist() == ["article", "council_2026"]


def test_the_workbook_checks_say_what_is_left_and_when_it_is_done(tmp_path, capsys):
    from helpers import workbook

    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    workbook.check_claims(folder)
    workbook.check_partners(folder)
    said = capsys.readouterr().out.splitlines()
    assert said == ["Claims: not yet: 5 claims are still proposals (C01, C02, C03, C04, C05)",
                    "Partners: not yet: 1 quotations are coded by neither (Q01)"]
    for claim in ["C01", "C02", "C03", "C04", "C05"]:
        workbook.decide(claim, folder=folder)
    workbook.decide("Q01", cameo_code="010", folder=folder)
    workbook.check_claims(folder)
    workbook.check_partners(folder)
    workbook.check_codes(folder)
    assert capsys.readouterr().out.splitlines() == [
        "Claims: all 5 claims match the article word for word and have been read by a person.",
        "Partners: not yet: 1 quotations are coded by one partner only (Q01)",
        "Codes: all 1 quotations have a CAMEO code from the kit's list."]
    with pytest.raises(workbook.WorkbookError, match="not an article folder"):
        workbook.here(tmp_path)


@pytest.mark.skipif(os.name == "nt", reason="Windows: file names with control characters and links need rights a school laptop lacks")
def test_the_bundle_carries_an_article_folder_and_its_workbooks_run_there(tmp_path, monkeypatch):
    import zipfile

    from helpers import classroom

    monkeypatch.setattr(article, "ARTICLES", tmp_path / "articles")
    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    (folder / ".hidden").write_text("not for students", encoding="utf-8")
    (folder / "elsewhere.csv").symlink_to(ROOT / "instructors" / "solutions.py")
    with pytest.raises(classroom.ClassroomError, match="no article folder articles/other"):
        classroom.bundle(tmp_path / "b.zip", articles=["other"])
    with pytest.raises(classroom.ClassroomError, match="not the name of an article folder"):
        classroom.bundle(tmp_path / "b.zip", articles=["../bridge"])
    zipped = classroom.bundle(tmp_path / "b.zip", articles=["bridge"])
    with zipfile.ZipFile(zipped) as zf:
        names = zf.namelist()
        zf.extractall(tmp_path / "unzipped")
    inside = sorted(n.split("/articles/bridge/")[1] for n in names if "/articles/bridge/" in n)
    assert inside == sorted(p.name for p in folder.iterdir() if not p.name.startswith(".") and not p.is_symlink())
    kit = tmp_path / "unzipped" / classroom.BUNDLE_NAME
    reports = run_workbooks(kit / "articles" / "bridge")
    assert [r["errors"] for r in reports] == [[]] * len(list(article.WORKBOOKS.glob("*.ipynb")))
    assert {r["helpers"] for r in reports} == {str(kit / "helpers" / "__init__.py")}


def test_workbook_4_says_kappa_cannot_be_computed_when_both_partners_used_one_code(tmp_path):
    folder = article.haaretz_folder(tmp_path / "one-code")
    edit(folder, "quotes.csv", lambda t: t.assign(cameo_code="010", partner_cameo_code="010").pipe(
        lambda done: [t.__setitem__(c, done[c]) for c in ("cameo_code", "partner_cameo_code")]))
    for name in ("1-claims.ipynb", "2-verdicts.ipynb", "3-figures.ipynb"):
        (folder / name).unlink()
    (report,) = run_workbooks(folder)
    assert not report["errors"], report["errors"]
    printed = "".join(o[2] for d in report["differs"] for o in d["got"] if o[0] == "stream")
    assert "kappa cannot be computed: you used one code only" in printed


# --- What mutation testing of workbook found no test noticing ---------------------------------------
# The workbooks run in Jupyter kernels, where mutmut cannot see them: these tests call helpers.workbook
# in-process, as a workbook's cells do, and compare what a student reads with what it should say.

BAD_CODE = ("'999' is not a CAMEO code of datasets/cameo_codes.csv; write the code as text with its leading zero, such as 042")


def test_status_prints_the_problems_then_what_is_left_or_that_every_row_is_done(tmp_path, capsys):
    from helpers import workbook

    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    workbook.status(folder)
    assert capsys.readouterr().out.splitlines() == [
        "to do: 5 of 5 claims have no verdict yet (with its evidence in sources.csv)",
        "to do: 5 of 5 rows of claims.csv are still the machine's proposals: accept, edit or delete each",
        "to do: 1 of 1 rows of quotes.csv are still the machine's proposals: accept, edit or delete each",
        "to do: 1 of 1 quotations have no CAMEO code from the class yet"]
    finish(folder)
    workbook.status(folder)
    assert capsys.readouterr().out == "Every row is decided and sound.\n"
    edit(folder, "quotes.csv", setter({(0, "partner_cameo_code"): "999"}))
    workbook.status(folder)
    assert capsys.readouterr().out == f"problem: quotes.csv:2:partner_cameo_code: {BAD_CODE}\n", "a problem is never 'sound'"


def test_the_workbook_finds_its_folder_and_reads_the_article_with_or_without_a_byte_order_mark(tmp_path, monkeypatch):
    from helpers import workbook

    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    monkeypatch.chdir(folder)  # as Jupyter starts a workbook's kernel
    assert workbook.here().resolve() == folder.resolve()
    assert workbook.text() == TEXT
    (folder / "article.txt").write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))  # as Notepad saves UTF-8
    assert workbook.text() == TEXT
    far = tmp_path / ("elsewhere-" + "x" * 150)
    with pytest.raises(workbook.WorkbookError) as caught:
        workbook.here(far)
    assert str(caught.value) == (str(far)[:119] + "… is not an article folder (it needs article.txt, claims.csv and quotes.csv): "
                                 "open this workbook from articles/NAME/, made by python3 tasks.py new-article")


def test_a_problem_stops_loading_and_deciding_in_its_own_table_and_a_bad_article_in_every_table(tmp_path):
    from helpers import workbook

    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    edit(folder, "quotes.csv", setter({(0, "cameo_code"): "999"}))
    assert list(workbook.load("claims", folder)["claim_id"]) == ["C01", "C02", "C03", "C04", "C05"]
    workbook.decide("C01", folder=folder)
    for attempt in (lambda: workbook.load("quotes", folder), lambda: workbook.decide("Q01", speaker="Ada Pennick", folder=folder)):
        with pytest.raises(checks.DataError) as caught:
            attempt()
        assert [str(p) for p in caught.value.problems] == [f"quotes.csv:2:cameo_code: {BAD_CODE}"]
    (folder / "article.txt").write_text(TEXT, encoding="utf-16")
    before = (folder / "claims.csv").read_bytes()
    for attempt in (lambda: workbook.load("claims", folder), lambda: workbook.decide("C02", folder=folder)):
        with pytest.raises(checks.DataError) as caught:
            attempt()
        assert [p.file for p in caught.value.problems] == ["article.txt"]
    assert (folder / "claims.csv").read_bytes() == before


def test_tables_saved_with_a_byte_order_mark_are_read_and_written_back_as_plain_utf8(tmp_path, capsys):
    from helpers import workbook

    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    plain = (folder / "claims.csv").read_bytes()
    for name in ("claims.csv", "quotes.csv"):  # as a spreadsheet saves 'CSV UTF-8'
        (folder / name).write_bytes(b"\xef\xbb\xbf" + (folder / name).read_bytes())
    assert workbook.load("claims", folder).loc[0, "claim_id"] == "C01"
    assert workbook.load("quotes", folder).loc[0, "quote_id"] == "Q01"
    workbook.check_partners(folder)
    workbook.check_claims(folder)
    assert capsys.readouterr().out.splitlines() == ["Partners: not yet: 1 quotations are coded by neither (Q01)",
                                                    "Claims: not yet: 5 claims are still proposals (C01, C02, C03, C04, C05)"]
    workbook.decide("C01", folder=folder)
    assert (folder / "claims.csv").read_bytes() == plain.replace(b",proposed\n", b",accepted\n", 1), "one cell changes, nothing else"


QUOTE_ROW = 'Q0{n},4,245,270,"""We had no other choice,""",Ada Pennick,told,,,010'


def test_the_partners_and_codes_checks_read_a_hand_edited_quotes_table_without_a_traceback(tmp_path, capsys):
    from helpers import workbook

    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    quotes = folder / "quotes.csv"
    header = "quote_id,paragraph,start,end,quote,speaker,verb,date,date_text,suggested_cameo_code,cameo_code,partner_cameo_code,proposal\n"
    quotes.write_text(header + 'Q01,4,245,270,"""We had no other choice,""",Ada Pennick,told\n', encoding="utf-8")  # a row cut short
    workbook.check_partners(folder)
    assert capsys.readouterr().out == "Partners: not yet: 1 quotations are coded by neither (Q01)\n"
    # A column deleted (or a table from an older template): the rows without it count as not coded.
    quotes.write_text(header.replace(",partner_cameo_code", "") + QUOTE_ROW.format(n=1) + ",010,edited\n"
                      + QUOTE_ROW.format(n=2) + ",,proposed\n", encoding="utf-8")
    workbook.check_partners(folder)
    quotes.write_text(header.replace(",cameo_code", "") + QUOTE_ROW.format(n=1) + ",010,edited\n"
                      + QUOTE_ROW.format(n=2) + ",,proposed\n", encoding="utf-8")
    workbook.check_partners(folder)
    workbook.check_codes(folder)
    partners = "Partners: not yet: 1 quotations are coded by one partner only (Q01); 1 quotations are coded by neither (Q02)"
    said = capsys.readouterr().out.splitlines()
    assert said[:2] == [partners, partners]
    assert said[2].startswith("Codes: not yet: row 1: the column 'cameo_code' is missing; add it back to the header row (")
    assert said[2].endswith("); 2 quotations have no cameo_code (Q01, Q02)")
    # Without its id column the rows are still counted, and no id is made up for them.
    quotes.write_text(header.replace("quote_id,", "") + QUOTE_ROW.format(n=1)[4:] + ",010,,edited\n"
                      + QUOTE_ROW.format(n=2)[4:] + ",,,proposed\n", encoding="utf-8")
    workbook.check_partners(folder)
    workbook.check_codes(folder)
    assert capsys.readouterr().out.splitlines() == [
        "Partners: not yet: 1 quotations are coded by one partner only (row 2); 1 quotations are coded by neither (row 3)",
        "Codes: not yet: 1 quotations have no cameo_code (row 3)"]
    quotes.write_bytes((header + QUOTE_ROW.format(n=1).replace("Ada", "Zoë") + ",,proposed\n").encode("cp1252"))
    for check in (workbook.check_partners, workbook.check_codes):
        with pytest.raises(workbook.WorkbookError) as caught:
            check(folder)
        assert str(caught.value) == ("quotes.csv cannot be read as a table of UTF-8 text (UnicodeDecodeError); "
                                     "if a spreadsheet saved it, save it again as 'CSV UTF-8'")


def test_a_row_without_its_id_is_named_by_the_number_the_check_gives_it(tmp_path, capsys):
    """A blank line is a row to the check, as to a spreadsheet: the stand-in for a missing id counts it too."""
    from helpers import workbook

    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    records = list(csv.reader(io.StringIO((folder / "claims.csv").read_text(encoding="utf-8"))))
    records[1][records[0].index("claim_id")] = ""
    with open(folder / "claims.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([records[0], [], *records[1:]])
    assert [(p.row, p.column) for p in article.check_folder(folder)[0]] == [(2, None), (3, "claim_id")]
    workbook.check_claims(folder)
    assert capsys.readouterr().out.endswith("; 5 claims are still proposals (row 3, C02, C03, C04, C05)\n")


def test_the_claims_and_verdicts_checks_without_an_id_or_a_verdict_column(tmp_path, capsys):
    from helpers import workbook

    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    edit(folder, "claims.csv", lambda t: t.drop(columns="verdict", inplace=True))
    workbook.check_verdicts(folder)
    said = capsys.readouterr().out
    assert said.startswith("Verdicts: not yet: row 1: the column 'verdict' is missing; add it back to the header row (")
    assert said.endswith("); 5 claims have no verdict (C01, C02, C03, C04, C05)\n")
    edit(folder, "claims.csv", lambda t: t.drop(columns="claim_id", inplace=True))
    workbook.check_claims(folder)
    said = capsys.readouterr().out
    assert said.startswith("Claims: not yet: row 1: the column 'claim_id' is missing;")
    assert said.endswith("; 5 claims are still proposals (row 2, row 3, row 4, row 5, row 6)\n")
    workbook.check_verdicts(folder)
    said = capsys.readouterr().out
    assert said.startswith("Verdicts: not yet: row 1: the column 'verdict' is missing;") and "claim_id" not in said.split("(")[0]
    assert said.endswith("); 5 claims have no verdict (row 2, row 3, row 4, row 5, row 6)\n")


def test_check_verdicts_names_each_verdicts_problem_the_first_three_then_how_many_more(tmp_path, capsys):
    from helpers import workbook

    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    workbook.split("C03", "according to", folder=folder)  # six claims
    workbook.check_verdicts(folder)
    assert capsys.readouterr().out == "Verdicts: not yet: 6 claims have no verdict (C01, C02, C03, C04, C05, ...)\n"
    verdicts = ["confirmed", "opinion", "partly", "not_found", "not_found", "not_found"]
    edit(folder, "claims.csv", lambda t: t.__setitem__("verdict", verdicts))
    edit(folder, "claims.csv", setter({(4, "claim_type"): "rumour"}))  # a claims problem, but not a verdict's
    workbook.check_verdicts(folder)
    needs = "the verdict '{}' needs the source_id(s) of what backs it, from sources.csv"
    three = (f"row 2: {needs.format('confirmed')}; "
             "row 3: only a characterization (a judgement) can be an opinion; give a checkable claim a verdict; "
             f"row 4: {needs.format('partly')}")
    assert capsys.readouterr().out == f"Verdicts: not yet: {three}\n"
    edit(folder, "claims.csv", setter({(5, "verdict"): "disputed"}))
    workbook.check_verdicts(folder)
    edit(folder, "claims.csv", setter({(3, "verdict"): ""}))
    workbook.check_verdicts(folder)
    assert capsys.readouterr().out.splitlines() == [f"Verdicts: not yet: {three}; and 1 more",
                                                    f"Verdicts: not yet: {three}; and 2 more"]
    edit(folder, "claims.csv", lambda t: t.__setitem__("verdict", "not_found"))
    workbook.check_verdicts(folder)
    workbook.check_claims(folder)
    rumour = next(p for p in article.check_folder(folder)[0] if p.column == "claim_type")
    assert capsys.readouterr().out.splitlines() == [
        "Verdicts: all 6 claims have a verdict, and each checkable one names its sources.",
        f"Claims: not yet: row 6: {rumour.message}; 4 claims are still proposals (C01, C02, C05, C06)"]


def test_check_codes_and_check_partners_name_the_quotations_each_partner_left(tmp_path, capsys):
    from helpers import workbook

    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    quotes = folder / "quotes.csv"
    header = quotes.read_text(encoding="utf-8").splitlines()[0]
    codes = {1: ("010", ""), 2: ("", "012"), 3: ("", ""), 4: ("010", "010")}  # A only, B only, neither, both
    quotes.write_text("\n".join([header] + [QUOTE_ROW.format(n=n) + f",{a},{b},edited" for n, (a, b) in codes.items()]) + "\n",
                      encoding="utf-8")
    workbook.check_codes(folder)
    workbook.check_partners(folder)
    assert capsys.readouterr().out.splitlines() == [
        "Codes: not yet: 2 quotations have no cameo_code (Q02, Q03)",
        "Partners: not yet: 2 quotations are coded by one partner only (Q01, Q02); 1 quotations are coded by neither (Q03)"]
    edit(folder, "quotes.csv", setter({(0, "suggested_cameo_code"): "999", (3, "partner_cameo_code"): "999", (2, "start"): "246"}))
    edit(folder, "claims.csv", setter({(0, "claim_type"): "rumour"}))
    workbook.check_codes(folder)
    assert capsys.readouterr().out == (f"Codes: not yet: row 2: {BAD_CODE}; row 5: {BAD_CODE}; "
                                       "2 quotations have no cameo_code (Q02, Q03)\n"), "not the span's problem, nor the claims'"
    edit(folder, "quotes.csv", lambda t: t.assign(cameo_code="010", partner_cameo_code="012", start="245", suggested_cameo_code="010")
         .pipe(lambda done: [t.__setitem__(c, done[c]) for c in done.columns]))
    workbook.check_codes(folder)
    workbook.check_partners(folder)
    assert capsys.readouterr().out.splitlines() == ["Codes: all 4 quotations have a CAMEO code from the kit's list.",
                                                    "Partners: both partners coded all 4 quotations."]


def test_check_claims_names_only_the_claims_problems_and_says_when_there_is_no_claim(tmp_path, capsys):
    from helpers import workbook

    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    for claim in ["C01", "C02", "C03", "C04", "C05"]:
        workbook.decide(claim, folder=folder)
    edit(folder, "claims.csv", setter({(4, "claim_type"): "rumour"}))
    edit(folder, "quotes.csv", setter({(0, "cameo_code"): "999"}))
    workbook.check_claims(folder)
    assert capsys.readouterr().out == ("Claims: not yet: row 6: 'rumour' is not one of the codes; "
                                       "use one of: statistic, event, quote, characterization, background\n")
    claims = folder / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    workbook.check_claims(folder)
    assert capsys.readouterr().out == "Claims: not yet: claims.csv has no claim yet\n"


@pytest.mark.parametrize("row_id, column", [("C01", "claim_id"), ("C01", "start"), ("C01", "end"), ("C01", "paragraph"),
                                            ("C01", "proposal"), ("Q01", "quote_id"), ("Q01", "quote")])
def test_decide_never_changes_what_a_row_covers_nor_its_mark(tmp_path, row_id, column):
    from helpers import workbook

    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    before = fingerprint(folder)
    with pytest.raises(workbook.WorkbookError) as caught:
        workbook.decide(row_id, folder=folder, **{column: "7"})
    assert str(caught.value) == f"{column} is not changed with decide(): use split(), merge() or add_claim() to change what a row covers"
    assert fingerprint(folder) == before


def test_decide_says_which_id_or_column_is_wrong_clears_a_cell_given_none_and_keeps_an_added_row_added(tmp_path):
    from helpers import workbook

    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    before = fingerprint(folder)
    refusals = [((5,), {}, "5 is not the id of a claim (C01), a quotation (Q01) or a figure (F01)"),
                ((None,), {}, "None is not the id of a claim (C01), a quotation (Q01) or a figure (F01)"),
                (("X01",), {}, "'X01' is not the id of a claim (C01), a quotation (Q01) or a figure (F01)"),
                (("C99",), {}, "there is no C99 in claims.csv"),
                (("Q02",), {}, "there is no Q02 in quotes.csv"),
                (("C01",), {"colour": "red"}, f"claims.csv has no column 'colour'; its columns are: {', '.join(article.columns('claims'))}")]
    for args, changes, said in refusals:
        with pytest.raises(workbook.WorkbookError) as caught:
            workbook.decide(*args, folder=folder, **changes)
        assert str(caught.value) == said
    assert fingerprint(folder) == before
    workbook.decide("Q01", speaker="Ada Pennick, the mayor", folder=folder)  # a column the codebook leaves free
    workbook.decide("C02", verdict="not_found", note="Nothing found yet.", folder=folder)
    workbook.decide("C02", verdict=None, note=None, folder=folder)  # a verdict withdrawn: blank is "no verdict yet"
    with pytest.raises(workbook.WorkbookError) as caught:
        workbook.decide("C02", claim_type=None, folder=folder)
    assert str(caught.value) == "'' is not a claim_type the codebook allows; use one of: statistic, event, quote, characterization, background"
    claims = workbook.load("claims", folder)
    assert pd.isna(claims.loc[1, "verdict"]) and pd.isna(claims.loc[1, "note"]) and claims.loc[1, "proposal"] == "edited"
    assert workbook.load("quotes", folder).loc[0, "speaker"] == "Ada Pennick, the mayor"
    new = workbook.add_claim("repairs would cost 2 million euros", "statistic", "Ada Pennick", "Person", "named_source", folder=folder)
    workbook.decide(new, folder=folder)
    workbook.decide(new, verdict="not_found", folder=folder)
    assert workbook.load("claims", folder).set_index("claim_id").loc[new, "proposal"] == "added"


CLAIM = ("event", "Harbour Town Gazette", "Organization", "own_voice")


def test_add_claim_takes_the_words_nth_appearance_and_refuses_words_that_are_not_the_articles(tmp_path):
    from helpers import workbook

    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    first = workbook.add_claim("Harbour Town", *CLAIM, folder=folder)  # at the very start of the article
    second = workbook.add_claim("Harbour Town", *CLAIM, occurrence=2, folder=folder)
    assert (first, second) == ("C01", "C04"), "the claims are numbered in the article's order"
    claims = workbook.load("claims", folder).set_index("claim_id")
    assert claims.loc[first, ["paragraph", "start", "end"]].tolist() == [1, 0, 12]
    assert claims.loc[second, ["paragraph", "start", "end"]].tolist() == [2, 51, 63]
    before = fingerprint(folder)
    spaced = "give the claim's words as text, with no space before or after them, not {}"
    occurrence = "occurrence counts the words' appearances in the article: 1 for the first, 2 for the second, not {}"
    absent = "the words {} are not in the article (copy them exactly, with the same capitals and punctuation)"
    refusals = [(" Pennick told reporters", 1, spaced.format("' Pennick told reporters'")),
                ("Pennick told reporters ", 1, spaced.format("'Pennick told reporters '")),
                ("", 1, spaced.format("''")),
                (None, 1, spaced.format("None")),
                (" " + "x" * 100, 1, spaced.format("' " + "x" * 77 + "…")),
                ("Harbour Town", 0, occurrence.format("0")),
                ("Harbour Town", True, occurrence.format("True")),
                ("Harbour Town", "2", occurrence.format("'2'")),
                ("Harbour Town", 3, absent.format("'Harbour Town'")),
                ("y" * 100, 1, absent.format("'" + "y" * 78 + "…")),
                ("said.\n\nAbout 4,000", 1, "a claim stays within one paragraph: add each paragraph's part as a claim of its own")]
    for words, n, said in refusals:
        with pytest.raises(workbook.WorkbookError) as caught:
            workbook.add_claim(words, *CLAIM, occurrence=n, folder=folder)
        assert str(caught.value) == said
    assert fingerprint(folder) == before


def test_split_and_merge_cut_where_told_mark_rows_edited_and_keep_added_rows_added(tmp_path):
    from helpers import workbook

    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    workbook.split("C02", "the", folder=folder)  # the first "the" (the capital "The" is not it)
    claims = workbook.load("claims", folder)
    assert claims.loc[1:2, ["claim_id", "start", "end", "text", "proposal"]].values.tolist() == [
        ["C02", 36, 88, "The council of Harbour Town voted on Monday to close", "edited"],
        ["C03", 89, 140, "the old stone bridge, the mayor, Ada Pennick, said.", "edited"]]
    edit(folder, "claims.csv", setter({(1, "proposal"): "proposed", (2, "proposal"): "proposed"}))  # as a finder proposes them
    workbook.merge("C03", "C02", folder=folder)  # in either order: from the earlier start to the later end
    claims = workbook.load("claims", folder)
    assert claims.loc[1, ["claim_id", "start", "end", "text", "proposal"]].tolist() == ["C02", 36, 140, BODY[0], "edited"]
    new = workbook.add_claim("Pennick told reporters after the vote", *CLAIM, folder=folder)
    workbook.split(new, "after the vote", folder=folder)
    claims = workbook.load("claims", folder).set_index("claim_id")
    halves = claims.loc[[new, f"C{int(new[1:]) + 1:02d}"]]
    assert halves["text"].tolist() == ["Pennick told reporters", "after the vote"] and set(halves["proposal"]) == {"added"}
    workbook.merge(*halves.index, folder=folder)
    assert workbook.load("claims", folder).set_index("claim_id").loc[new, ["text", "proposal"]].tolist() == [
        "Pennick told reporters after the vote", "added"]
    workbook.split("C02", "he council", folder=folder)  # a cut one letter after the start is still after it
    assert workbook.load("claims", folder).loc[1:2, "text"].tolist() == ["T", BODY[0][1:]]
    assert article.check_folder(folder)[0] == []
    before = fingerprint(folder)
    refusals = [(workbook.split, ("C01", "Harbour"), "C01's text does not contain 'Harbour' after its start"),
                (workbook.split, ("C04", "z" * 100), "C04's text does not contain '" + "z" * 78 + "… after its start"),
                (workbook.split, ("C99", "x"), "there is no C99 in claims.csv"),
                (workbook.merge, ("C04", "C04"), "merge() needs two different claims, not C04 twice"),
                (workbook.merge, ("C04", "C99"), "there is no C99 in claims.csv"),
                (workbook.merge, ("C01", "C04"), "C01 and C04 are in different paragraphs; a claim stays within one paragraph")]
    for change, args, said in refusals:
        with pytest.raises(workbook.WorkbookError) as caught:
            change(*args, folder=folder)
        assert str(caught.value) == said
    assert fingerprint(folder) == before


def test_add_source_writes_one_row_with_a_blank_title_unless_given_and_says_what_is_wrong(tmp_path):
    from helpers import workbook

    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    workbook.add_source("council_2026", "Harbour Town council", "https://www.example.org/minutes", "2026-01-05",
                        "official_statement", "The minutes of the vote.", folder=folder)
    sources = pd.read_csv(folder / "sources.csv", dtype=str, keep_default_na=False)
    assert sources.iloc[1].tolist() == ["council_2026", "Harbour Town council", "", "2026-01-05", "UNCONFIRMED",
                                        "https://www.example.org/minutes", "en", "official_statement", "The minutes of the vote."]
    before = fingerprint(folder)
    fine = dict(source_id="other", outlet="Gazette", url="", date="", kind="news_report", note="What it shows.")
    refusals = [({"source_id": "Council 2026"}, "'Council 2026' cannot be a source_id: use small letters, digits and _, such as council_2026_01_05"),
                ({"source_id": ""}, "'' cannot be a source_id: use small letters, digits and _, such as council_2026_01_05"),
                ({"source_id": "article"}, "sources.csv already has a source article"),
                ({"url": "ftp://" + "x" * 100}, "'ftp://" + "x" * 72 + "… is not a web address (it starts with http:// or https://)"),
                ({"outlet": ""}, "a source needs its outlet and a note saying what it shows"),
                ({"note": ""}, "a source needs its outlet and a note saying what it shows")]
    for change, said in refusals:
        with pytest.raises(workbook.WorkbookError) as caught:
            workbook.add_source(**dict(fine, **change), folder=folder)
        assert str(caught.value) == said
    assert fingerprint(folder) == before


# --- What a third mutation sample of article found no test noticing ----------------------------------
# helpers.article called in-process, so that a change in it shows here.

NAME_HELP = ("cannot be a folder name here: use letters, digits, - and _ (up to 64, starting with a letter or digit), "
             "for example --name spying-2013")


@pytest.mark.parametrize("name, shown", [
    ("a/b", "'a/b'"),
    ("", "''"),
    (None, "None"),
    ("new\nline", "'new\\nline'"),  # as Python writes it: the line break is seen
    ("ça", "'ça'"),
    ("x" * 78, "'" + "x" * 78 + "'"),  # 80 characters with its quotation marks: whole
    ("x" * 79, "'" + "x" * 78 + "\u2026"),  # 81: cut to 79 and an ellipsis
])
def test_a_refused_name_is_quoted_in_the_message_as_it_was_typed(tmp_path, name, shown):
    with pytest.raises(article.ArticleError) as caught:
        article.new_article(str(write(tmp_path, "a.txt", TEXT)), name, articles=tmp_path / "articles", finder=StandIn)
    assert str(caught.value) == f"the name {shown} {NAME_HELP}"
    assert leftovers(tmp_path) == []


def test_an_article_folder_has_its_article_txt_its_claims_and_its_quotes(tmp_path):
    """What the workbooks and `python -m helpers validate` take for an article folder (and not the kit's datasets/)."""
    folder = make(tmp_path, write(tmp_path, "a.txt", TEXT))
    assert article.is_article_folder(folder) is True
    assert article.is_article_folder(checks.DATASETS) is False, "the shipped datasets have no quotes.csv"
    for missing in ("article.txt", "quotes.csv", "claims.csv"):
        other = tmp_path / f"without-{missing}"
        other.mkdir()
        for name in {"article.txt", "quotes.csv", "claims.csv"} - {missing}:
            (other / name).write_bytes((folder / name).read_bytes())
        assert article.is_article_folder(other) is False, missing
        (other / missing).mkdir()  # a folder of that name is not the file
        assert article.is_article_folder(other) is (missing != "article.txt"), missing


def test_the_haaretz_folders_notes_name_the_datasets_it_was_made_from(tmp_path):
    readme = (article.haaretz_folder(tmp_path / "haaretz") / "README.md").read_text(encoding="utf-8")
    named = re.findall(r"`(datasets/[^`]*)`", readme)
    assert named == ["datasets/", "datasets/claims.csv", "datasets/reactions.csv", "datasets/reactions_alt_coding.csv"]
    assert all((ROOT / path).exists() for path in named)
    assert ("the quotations are the reactions of `datasets/reactions.csv` that the article reports, with the dates the fact "
            "sheet gives (not dates printed in the article)") in readme


def test_the_command_writes_what_the_console_cannot_show_as_an_escape_not_a_traceback(tmp_path, monkeypatch):
    """A school laptop's console may know only a few characters (Windows' code pages): an accent in a path is written
    as an escape on both streams."""
    out, err = (io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict") for _ in range(2))
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    assert article.main([str(tmp_path / "café.txt"), "--name", "x"]) == 1
    err.flush()
    assert err.buffer.getvalue().decode("ascii") == f"new-article: there is no file {tmp_path / 'caf'}\\xe9.txt\n"
    monkeypatch.setattr(article, "new_article", functools.partial(article.new_article, articles=tmp_path / "artículos",
                                                                  finder=StandIn, today=datetime.date(2026, 1, 2)))
    assert article.main([str(write(tmp_path, "a.txt", TEXT)), "--name", "bridge"]) == 0
    out.flush()
    assert out.buffer.getvalue().decode("ascii").splitlines()[-1] == f"{tmp_path / 'art'}\\xedculos{os.sep}bridge"


def test_the_command_prints_to_streams_that_cannot_be_reconfigured(tmp_path, monkeypatch):
    """In a notebook, or with its output caught, the command's streams are not a console's: it prints to them as they are."""
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    assert article.main([str(tmp_path / "café.txt"), "--name", "x"]) == 1
    assert (out.getvalue(), err.getvalue()) == ("", f"new-article: there is no file {tmp_path / 'café.txt'}\n")


def test_an_article_folders_tables_saved_by_excel_with_a_byte_order_mark_check_clean(tmp_path):
    """Excel's "CSV UTF-8" starts the file with a byte-order mark; the folder's check reads through it, as the
    datasets' check does, instead of reporting a first column called '\\ufeffclaim_id'."""
    folder = make(tmp_path, write(tmp_path, "bridge.txt", TEXT))
    before = article.check_folder(folder)
    assert before[0] == [] and any("claims have no verdict yet" in line for line in before[1])
    for table in ("claims", "quotes", "figures", "sources"):
        path = folder / f"{table}.csv"
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert article.check_folder(folder) == before  # the same problems and the same work still to do
