"""new-article on the pages and texts teachers really bring: each makes a folder that validates, or one clear line.

Every input here is generated in a temporary folder from the kit's own invented story (the town of
Brackwater, its baths, Tobias Quenby, Moira Felt and the Harbour Town Gazette are fictional), dressed in
the layouts real pages and files have: <article> or only <div>s, a headline in <h1> or only in <title> or
og:title, standfirsts, bylines, captions, pull quotes, embedded posts, cookie banners, newsletter boxes,
comments, paywall notices, tables, <br> paragraphs, entities, Windows-1252 pages; and plain texts with
curly and single quotes, quotations running over paragraphs, lists, one 3,000-word paragraph, 20,000
words, Windows line ends, datelines, emoji, right-to-left words, tabs and invisible characters. The real
claim finder runs on each (tests/test_article.py uses a stand-in where only the folder matters).
"""
from __future__ import annotations

import csv
import datetime
import email.message
import functools
import json
import os
import random
import re
import socket
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import article, finder

from conftest import growth
from run_lessons import RUN_TIMEOUT

ROOT = Path(__file__).resolve().parents[1]

HEAD = "Brackwater Shuts Its Old Baths"
BYLINE = "By Jane Roe, Harbour Town Gazette | 3 March 2026"
P = [
    "The council of Brackwater voted on Tuesday to close the Millpond swimming baths for repairs, the deputy mayor, Tobias Quenby, said.",
    "About 1,200 people swim there every week, according to the council\u2019s own count from last autumn.",
    "\u201cWe had no other choice,\u201d Quenby told reporters after the vote, adding that repairs would cost \u00a32.4 million.",
    "Swimmers said they feared the baths would never reopen. \u2018It\u2019s the heart of this town,\u2019 said Moira Felt, 71, who has swum there since 1968.",
    "The Brackwater Swimming Club \u2014 which has 340 members \u2014 said it would appeal to the county council.",
    "A spokeswoman for the county council declined to comment\u2026 but said a decision was expected by 12 May 2026.",
]
TEXT = HEAD + "\n\n" + "\n\n".join(P) + "\n"
BOILERPLATE = ("cookies", "Sport", "All rights reserved", "Sign up", "Subscribe to continue", "Disgraceful", "Read more")


def html(body, head=HEAD, wrapper="article", h1=True, charset="utf-8", top="", bottom="", og=True, title=True):
    return ("<!DOCTYPE html><html lang='en'><head>" + (f'<meta charset="{charset}">' if charset else "")
            + (f"<title>{head} | Harbour Town Gazette</title>" if title else "")
            + (f'<meta property="og:title" content="{head}">' if og else "") + "</head><body>"
            "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
            "<div class='cookie-banner'>We use cookies to improve your experience. Accept all cookies?</div>"
            f"{top}<main><{wrapper} class='story'>" + (f"<h1>{head}</h1>" if h1 else "") + f"{body}</{wrapper}></main>{bottom}"
            "<footer>\u00a9 2026 Harbour Town Gazette. All rights reserved. Contact us. Privacy policy.</footer></body></html>")


def ps(paragraphs):
    return "".join(f"<p>{p}</p>" for p in paragraphs)


BODY = ps(P)
ENTITIES = ps(p.replace(" ", "&nbsp;", 3).replace("\u201c", "&ldquo;").replace("\u201d", "&rdquo;").replace("\u2019", "&rsquo;")
              .replace("\u2014", "&mdash;").replace("\u00a3", "&pound;") for p in P)
random.seed(7)
LONG_PARAGRAPH = " ".join(random.choice(P) for _ in range(130))  # about 3,000 words in one paragraph

# name -> (file name, content, what article.txt must hold besides the headline first)
GOOD = {
    "article-h1": ("a.html", html(BODY), P),
    "divs-only": ("a.html", html(BODY, wrapper="div"), P),
    "title-only": ("a.html", html(BODY, h1=False, og=False), P),
    "og-title-only": ("a.html", html(BODY, h1=False, title=False), P),
    "standfirst-byline": ("a.html", html(f"<p class='standfirst'>Repairs will take two years, the council says.</p><p class='byline'>{BYLINE}</p>" + BODY), P),
    "caption-pull-quote": ("a.html", html(ps(P[:3]) + "<figure><img src='a.jpg'><figcaption>The Millpond baths in 1970. Photo: Gazette archive</figcaption></figure>"
                                          "<blockquote class='pullquote'>\u201cWe had no other choice\u201d</blockquote>" + ps(P[3:])), P),
    "embedded-post": ("a.html", html(ps(P[:2]) + "<blockquote class='twitter-tweet'><p>Baths closing! #brackwater</p>&mdash; Moira (@moira) "
                                     "<a href='https://example.org/x'>March 3, 2026</a></blockquote><iframe src='https://example.org/embed'></iframe>"
                                     "<script>var x = 1;</script>" + ps(P[2:])), P),
    "read-more-newsletter": ("a.html", html(ps(P[:3]) + "<p><a href='/x'>Read more: the history of the baths</a></p><div class='newsletter'>"
                                            "<h3>Sign up to our newsletter</h3><form><input type=email></form></div>" + ps(P[3:])), P),
    "comments-paywall": ("a.html", html(BODY, bottom="<section id='comments'><h2>Comments (3)</h2><div class='comment'>Disgraceful, said it all along</div>"
                                                     "</section><div class='paywall'>Subscribe to continue reading. Already a subscriber? Log in.</div>"), P),
    "table-and-list": ("a.html", html(ps(P[:3]) + "<table><tr><th>Year</th><th>Visitors</th></tr><tr><td>2024</td><td>61,000</td></tr></table>"
                                      "<ul><li>New roof: \u00a3900,000</li><li>New pumps: \u00a31.1 million</li></ul>" + ps(P[3:])), P),
    "br-paragraphs": ("a.html", html("<div class='text'>" + "<br><br>".join(P) + "</div>", wrapper="div"), P),
    "br-lines": ("a.html", html("<p>" + "<br>".join(P) + "</p>"), P),
    "entities-nbsp": ("a.html", html(ENTITIES), P),
    "windows-1252-meta": ("a.html", html(BODY, charset="windows-1252").encode("cp1252"), P),
    "windows-1252-no-charset": ("a.html", html(BODY, charset="").encode("cp1252"), P),
    "utf8-no-charset": ("a.htm", html(BODY, charset=""), P),
    "saved-from-comment": ("a.txt", "<!-- saved from url=(0042)https://gazette.example/news/baths -->\n" + html(BODY), P),
    "emoji-rtl-page": ("a.html", html(ps(P + ["Residents posted \U0001f622 on social media; a sign read \u00ab\u0645\u0631\u062d\u0628\u0627\u00bb and \u200f\u05e9\u05dc\u05d5\u05dd\u200e."])), P),
    "plain": ("a.txt", TEXT, P),
    "windows-line-ends": ("a.txt", TEXT.replace("\n", "\r\n"), P),
    "old-mac-line-ends": ("a.txt", TEXT.replace("\n", "\r"), P),
    "headline-then-dateline": ("a.txt", HEAD + "\nBRACKWATER, 3 March 2026 (Gazette) \u2014\n\n" + "\n\n".join(P) + "\n",
                               ["BRACKWATER, 3 March 2026 (Gazette) \u2014", *P]),
    "headline-then-byline": ("a.txt", HEAD + "\n" + BYLINE + "\n\n" + "\n\n".join(P) + "\n", [BYLINE, *P]),
    "quote-over-paragraphs": ("a.txt", HEAD + "\n\n" + P[0] + "\n\n\u201cWe know how much they mean. We will reopen them by 2028.\n\n"
                              "\u201cBut the roof could fall in. Nobody wants that,\u201d he added.\n\n" + "\n\n".join(P[1:]) + "\n", P),
    "unclosed-quote": ("a.txt", HEAD + "\n\n" + P[0] + "\n\n\u201cThis never ends, said a swimmer.\n\n" + "\n\n".join(P[1:]) + "\n", P),
    "british-single-quotes": ("a.txt", HEAD + "\n\n" + "\n\n".join(p.replace("\u201c", "\u2018").replace("\u201d", "\u2019") for p in P)
                              + "\n\n'We'll fight this,' said Ann O'Leary, the club's chair, who's 'furious'.\n", []),
    "numbered-and-bulleted-lists": ("a.txt", HEAD + "\n\n" + P[0] + "\n\nThe council listed three reasons:\n1. The roof leaks.\n2. The pumps are 40 years old.\n"
                                    "\n* Costs: \u00a32.4m\n\u2022 Staff: 14\n\n" + "\n\n".join(P[1:]) + "\n", P[1:]),
    "one-3000-word-paragraph": ("a.txt", HEAD + "\n\n" + LONG_PARAGRAPH + "\n", [LONG_PARAGRAPH]),
    "tabs-and-nbsp": ("a.txt", HEAD + "\n\n" + "\n\n".join("\t" + p.replace(" ", "\t", 2).replace(" ", "\u00a0", 3) for p in P) + "\n", P),
    "invisible-characters": ("a.txt", HEAD + "\n\n" + "\n\n".join(p.replace("council", "coun\u200bcil").replace("said", "sa\u00adid")
                                                                 .replace("Quenby", "\u202aQuenby\u202c") for p in P) + "\n", P),
    "vertical-tab-form-feed": ("a.txt", HEAD + "\n\n" + "\n\n".join(P).replace("Brackwater voted", "Brackwater\x0bvoted") + "\x0c\n", P),
    "unicode-line-separators": ("a.txt", HEAD + "\u2029" + "\u2029".join(P) + "\n", P),
    "emoji-rtl": ("a.txt", HEAD + " \U0001f3ca\n\n" + "\n\n".join(P) + "\n\nA sign read \u00ab\u0645\u0631\u062d\u0628\u0627\u00bb \U0001f622.\n", P),
    "ellipses-dashes": ("a.txt", HEAD + "\n\n" + "\n\n".join(p + " ... and more\u2026 \u2013 so it goes." for p in P) + "\n", []),
    "markdown": ("a.md", "# " + HEAD + "\n\n*By Jane Roe*\n\n" + "\n\n".join(P) + "\n\n> \u201cA quote block,\u201d said Quenby.\n", ["By Jane Roe", *P]),
    "windows-1252-text": ("a.txt", TEXT.encode("cp1252"), P),
    "utf-16-no-mark": ("a.txt", TEXT.encode("utf-16-le"), P),
    "french": ("a.txt", "Le conseil de Brackwater a vot\u00e9 mardi la fermeture de la piscine, a d\u00e9clar\u00e9 le maire adjoint. "
               "Les nageurs sont tr\u00e8s tristes et ils ont peur pour la suite des travaux dans la ville.\n", []),
}
BAD = {  # name -> (file name, content, what the one line says)
    "list-page": ("a.html", html("<ul><li><a href='/1'>Story one</a></li><li><a href='/2'>Story two</a></li></ul>"), "no article text"),
    "script-only-page": ("a.html", "<html><head><title>Baths</title></head><body><div id='app'></div><script>window.x={};</script></body></html>", "no article text"),
    "frameset": ("a.html", "<html><head><title>Gazette</title></head><frameset><frame src='a.html'></frameset></html>", "no article text"),
    "headline-only": ("a.txt", HEAD + "\n", "no article text"),
    "spaces-only": ("a.txt", "  \n\n\t\n", "is empty"),
    "quote-marks-only": ("a.txt", "\u201c" * 500, "no article text"),
    "nul-bytes": ("a.txt", b"Brackwater \0\0\0\0" * 50, "binary"),
}


def make(tmp_path, name, spec):
    file_name, content, _ = spec
    source = tmp_path / "in" / name / file_name
    source.parent.mkdir(parents=True)
    source.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return article.new_article(str(source), name, articles=tmp_path / "articles", today=datetime.date(2026, 3, 4))


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """Every good input made into its folder once."""
    tmp = tmp_path_factory.mktemp("inputs")
    return {name: make(tmp, name, spec) for name, spec in GOOD.items()}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_each_input_makes_a_draft_folder_whose_rows_match_its_text(folders, name):
    folder = folders[name]
    problems, todo = article.check_folder(folder)
    assert problems == [], [str(p) for p in problems]
    assert todo, "a new folder is a draft: the check lists what is left"
    text = (folder / "article.txt").read_text(encoding="utf-8")
    paragraphs = text.rstrip("\n").split("\n\n")
    assert text.endswith("\n") and "\n\n\n" not in text and all(p == p.strip() and "\n" not in p for p in paragraphs)
    assert not re.search("[\t\u00a0\u200b\u00ad\u202a-\u202e\u2028\u2029\x00-\x09\x0b-\x1f]", text)
    if name != "french":
        assert paragraphs[0].startswith(HEAD)
    for paragraph in GOOD[name][2]:
        assert paragraph in paragraphs, paragraph
    for boilerplate in BOILERPLATE:
        assert boilerplate not in text, boilerplate
    for table, column in (("claims", "text"), ("quotes", "quote"), ("figures", "text")):
        for row in _rows(folder / f"{table}.csv"):
            start, end = int(row["start"]), int(row["end"])
            assert text[start:end] == row[column] and row[column] == row[column].strip()
            assert int(row["paragraph"]) == text[:start].count("\n\n") + 1


def _rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_finder_proposes_on_english_inputs_and_the_notes_say_what_was_cleaned(folders):
    for name, folder in folders.items():
        claims = _rows(folder / "claims.csv")
        assert bool(claims) == (name != "french"), name
    notes = (folders["invisible-characters"] / "README.md").read_text(encoding="utf-8")
    assert "Invisible characters" in notes
    assert "Invisible characters" not in (folders["plain"] / "README.md").read_text(encoding="utf-8")


def test_a_pull_quote_is_not_a_second_copy_of_the_quotation(folders):
    text = (folders["caption-pull-quote"] / "article.txt").read_text(encoding="utf-8")
    assert text.count("We had no other choice") == 1


@pytest.mark.parametrize("name", sorted(BAD))
def test_what_is_no_article_gets_one_line_and_leaves_nothing(tmp_path, name):
    with pytest.raises(article.ArticleError, match=BAD[name][2]) as caught:
        make(tmp_path, name, BAD[name])
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "articles").exists() or list((tmp_path / "articles").iterdir()) == []


def test_an_error_no_rule_foresaw_is_one_line_not_a_traceback(tmp_path, monkeypatch, capsys):
    source = tmp_path / "a.txt"
    source.write_text(TEXT, encoding="utf-8")

    def broken(_source):
        raise ValueError("something deep inside a library")

    monkeypatch.setattr(article, "read_source", broken)
    assert article.main([str(source), "--name", "never-made"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("new-article: the kit could not read this article (ValueError")
    assert not (article.ARTICLES / "never-made").exists()


# --- Time: the finder stays linear -------------------------------------------------------------------

def test_long_articles_and_pathological_sentences_take_time_in_proportion_to_their_length():
    """Each of these took 6 to 27 s at 1,200 repeats (20,000 words) before the finder was made linear: its time grew
    with the square of the text's length. Four times the text now takes about four times as long (a ratio, so a busy
    machine does not matter; quadratic work would give about 16)."""
    def texts(repeats):
        return {"a long article": HEAD + "\n\n" + "\n\n".join(random.Random(1).choice(P) for _ in range(repeats * 25 // 24)) + "\n",
                "figures": "Headline\n\n" + "the council said 5 percent of 12 people paid \u00a33 million in 2024, " * repeats + ".",
                "clauses": "Headline\n\n" + "and the council said that it was, but the union, which said, " * repeats + ".",
                "quotes": "Headline\n\n" + '"x," said A. "y," said B. ' * repeats}

    assert len(texts(800)["a long article"].split()) > 12_000
    for kind in texts(1):
        rows = finder.propose_rows(texts(200)[kind])
        assert rows["claims"] or rows["quotes"] or rows["figures"], kind
        ratio = growth(lambda repeats: finder.propose_rows(texts(repeats)[kind]), 200, 800, repeat=2)
        assert ratio < 9, (kind, round(ratio, 1))


def test_random_texts_of_tricky_tokens_never_break_the_finder_or_its_offsets():
    tokens = ['"', "\u201c", "\u201d", "\u2018", "\u2019", "'", ",", ".", "!", "?", ";", ":", "\u2014", "-", "\u2026", "(", ")", "\n\n",
              "said", "told", "according to", "Quenby", "Moira Felt", "the council", "she", "a spokeswoman for", "Dr.", "U.S.",
              "5", "1,200", "\u00a33 million", "12 percent", "3 March 2026", "May", "Monday", "a third", "that", "which", "and",
              "but", "adding", "warned", "reported", "\U0001f3ca", "\u0645\u0631\u062d\u0628\u0627", "A.", "71,", "1990s", "No.", '"."']
    rng = random.Random(2026)
    for _ in range(400):
        words = " ".join(rng.choice(tokens) for _ in range(rng.randint(1, 80)))
        text = "\n\n".join(re.sub(r"[ \t]+", " ", p).strip() for p in words.split("\n\n") if p.strip()) + "\n"
        rows = finder.propose_rows(text)
        for table, column in (("claims", "text"), ("quotes", "quote"), ("figures", "text")):
            for row in rows[table]:
                assert text[row["start"]:row["end"]] == row[column] == row[column].strip() != "", (table, text)
                assert row["paragraph"] == text[:row["start"]].count("\n\n") + 1


# --- The command, from another folder ------------------------------------------------------------------

def cli(args, cwd):
    command = runpy.run_path(str(ROOT / "tasks.py"))["kit_command"](sys.executable, args, "helpers.article")
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120)


def test_a_relative_source_from_another_folder_and_name_before_source(tmp_path):
    (tmp_path / "saved").mkdir()
    (tmp_path / "saved" / "baths.html").write_text(html(BODY), encoding="utf-8")
    names = [f"inputs-{i}-{abs(hash(str(tmp_path))) % 10**8}" for i in range(2)]
    try:
        first = cli(["--name", names[0], "saved/baths.html"], tmp_path)
        second = cli([f"--name={names[1]}", "./saved/../saved/baths.html"], tmp_path)
        for run, name in zip((first, second), names):
            assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
            assert run.stdout.splitlines()[-1] == str(ROOT / "articles" / name)
            assert article.check_folder(ROOT / "articles" / name)[0] == []
        again = cli(["--name", names[0], "saved/baths.html"], tmp_path)
        assert again.returncode == 1 and again.stderr.count("\n") == 1 and "exists already" in again.stderr
    finally:
        for name in names:
            shutil.rmtree(ROOT / "articles" / name, ignore_errors=True)


# --- The workbooks ------------------------------------------------------------------------------------

def test_the_workbooks_run_on_a_cluttered_page_and_on_a_long_awkward_text(folders):
    chosen = [folders[name] for name in ("table-and-list", "one-3000-word-paragraph")]
    notebooks = [str(p) for folder in chosen for p in sorted(folder.glob("*.ipynb"))]
    run = subprocess.run([sys.executable, str(ROOT / "tests" / "run_lessons.py"), *notebooks],
                         capture_output=True, text=True, timeout=RUN_TIMEOUT)
    assert run.returncode == 0, run.stderr[-3000:]
    reports = json.loads(run.stdout)
    assert len(reports) == 8
    for report in reports:
        assert not report["errors"], (report["notebook"], report["errors"])


def test_quotations_in_single_marks_are_found_with_their_speaker_and_apostrophes_are_not_quotations():
    text = (HEAD + "\n\n\u2018It\u2019s the heart of this town,\u2019 said Moira Felt. The swimmers\u2019 club meets on Monday.\n\n"
            "'We'll fight this,' said Tom Boyd, who called the vote \u2018a \u201ctotal\u201d disgrace\u2019.\n")
    quotes = finder.propose_rows(text)["quotes"]
    found = {q["quote"]: q["speaker"] for q in quotes}
    assert found["It\u2019s the heart of this town"] == "Moira Felt"
    assert found["We'll fight this"] == "Tom Boyd"
    assert not any("club meets" in q for q in found)
    for q in quotes:
        assert text[q["start"]:q["end"]] == q["quote"]  # the words as published, marks and all


def test_a_quotation_continued_in_the_next_paragraph_is_found_in_both():
    text = (HEAD + "\n\n\u201cWe know how much the baths mean to people. We will reopen them by 2028.\n\n"
            "\u201cBut the roof could fall in,\u201d said Tobias Quenby.\n\n\u201cThis never ends, said a swimmer at the door of the baths.\n")
    quotes = [q["quote"] for q in finder.propose_rows(text)["quotes"]]
    assert "We know how much the baths mean to people. We will reopen them by 2028" in quotes
    assert "But the roof could fall in" in quotes
    assert not any("never ends" in q for q in quotes), "an opening mark left open with no paragraph after it is no quotation"


# --- The workbooks' helpers on a folder a class has edited by hand -------------------------------------

def test_the_workbook_helpers_stop_with_a_clear_message_on_bad_calls_and_hand_edited_tables(folders, tmp_path):
    from helpers import checks, workbook

    folder = tmp_path / "class"
    shutil.copytree(folders["plain"], folder)
    before = (folder / "claims.csv").read_bytes()
    for call in (lambda: workbook.add_claim("", "event", "x", "Organization", "own_voice", folder=folder),
                 lambda: workbook.add_claim(" Brackwater", "event", "x", "Organization", "own_voice", folder=folder),
                 lambda: workbook.add_claim("Brackwater", "event", "x", "Organization", "own_voice", occurrence=0, folder=folder),
                 lambda: workbook.merge("C02", "C02", folder=folder)):
        with pytest.raises(workbook.WorkbookError):
            call()
    assert (folder / "claims.csv").read_bytes() == before, "a refused call writes nothing"
    lines = before.decode("utf-8").splitlines()
    (folder / "claims.csv").write_text("\n".join([lines[0], lines[1].replace(",proposed", ""), *lines[2:]]) + "\n", encoding="utf-8")
    with pytest.raises(checks.DataError, match="claims.csv:2"):
        workbook.decide("C01", folder=folder)
    workbook.check_claims(folder)  # says what is wrong; never a KeyError or TypeError
    (folder / "claims.csv").write_bytes(before.decode("utf-8").replace("\u2019", "'").encode("utf-8") + "caf\u00e9".encode("cp1252"))
    with pytest.raises(workbook.WorkbookError, match="UTF-8"):
        workbook.check_claims(folder)


# --- What mutation testing of article found no test noticing ---------------------------------------
# Each test calls the helper in this process (never a subprocess), so that a change in the helper shows here.


def test_a_file_that_cannot_be_read_is_named_in_one_line_that_says_why(tmp_path, monkeypatch):
    long = tmp_path / ("n" * 150 + ".txt")
    shown = str(long)[:119] + "\u2026"  # a path longer than 120 characters is cut to 119 and an ellipsis
    with pytest.raises(article.ArticleError) as caught:
        article.read_source(str(long))
    assert str(caught.value) == f"there is no file {shown}"
    (tmp_path / "folder").mkdir()
    with pytest.raises(article.ArticleError) as caught:
        article.read_source(str(tmp_path / "folder"))
    assert str(caught.value) == f"{tmp_path / 'folder'} is a folder: give the article's file"
    (tmp_path / "blank.txt").write_bytes(b" \n\t\n")
    with pytest.raises(article.ArticleError) as caught:
        article.read_source(str(tmp_path / "blank.txt"))
    assert str(caught.value) == f"{tmp_path / 'blank.txt'} is empty"
    (tmp_path / "huge.txt").write_bytes(b"word " * (article.MAX_BYTES // 5 + 1))
    with pytest.raises(article.ArticleError) as caught:
        article.read_source(str(tmp_path / "huge.txt"))
    assert str(caught.value) == f"{tmp_path / 'huge.txt'}: it is larger than 5,000,000 bytes, far more than a news article"
    if os.name != "nt":  # Windows: links need rights a school laptop lacks
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere" / "a.txt").write_text(TEXT, encoding="utf-8")
        (tmp_path / "link.txt").symlink_to(tmp_path / "elsewhere" / "a.txt")
        with pytest.raises(article.ArticleError) as caught:  # the checks' own reason, up to its first semicolon
            article.read_source(str(tmp_path / "link.txt"))
        assert str(caught.value) == f"{tmp_path / 'link.txt'}: the file is a link to a file outside the folder"
    monkeypatch.setattr(article.checks, "read_file", lambda folder, name: (None, []))
    with pytest.raises(article.ArticleError) as caught:
        article.read_source(str(tmp_path / "elsewhere" / "a.txt"))
    assert str(caught.value) == f"{tmp_path / 'elsewhere' / 'a.txt'}: it cannot be read"



def test_an_address_is_read_by_what_the_server_says_it_is_and_the_kit_names_itself(site):
    address, pages, agents = site
    fragment = "".join(f"<p>{p}</p>" for p in P)  # no <html>: only the server's word says it is a page
    pages["/story"] = ("text/html; charset=utf-8", fragment.encode("utf-8"))
    pages["/plain"] = ("text/plain; charset=utf-8", TEXT.encode("utf-8"))
    text, info = article.read_source(f"{address}/story")
    assert text == "\n\n".join(P) + "\n"
    assert info == {"url": f"{address}/story", "suffix": "", "html": True, "encoding": "utf-8", "title": "",
                    "repaired": False, "cleaned": False}
    text, info = article.read_source(f"{address}/plain")
    assert text == TEXT and info["html"] is False and info["suffix"] == ""
    assert agents == ["media-literacy-kit (classroom use)"] * 2


def test_an_address_the_kit_cannot_open_or_reach_gets_its_own_line():
    with pytest.raises(article.ArticleError) as caught:
        article.read_source("http://")
    assert str(caught.value) == "http:// is not a web address the kit can open"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    with pytest.raises(article.ArticleError) as caught:
        article.read_source(f"http://127.0.0.1:{closed}/story.html")
    reason = r"\(\[(?:Errno|WinError) \d+\] [^)]+\)"  # the system's own words: errno 111 on Linux, 61 on macOS, 10061 on Windows
    assert re.fullmatch(rf"http://127\.0\.0\.1:{closed}/story\.html could not be reached {reason}; are you offline\? "
                        r"Nothing was written: save the page from your browser and give the file instead", str(caught.value))


def test_a_page_gives_its_headline_from_its_title_and_leaves_out_its_tables(tmp_path):
    table = "<table><tr><th>Year</th><th>Visitors</th></tr><tr><td>2024</td><td>61,000</td></tr></table>"
    source = tmp_path / "a.html"
    source.write_text(html(ps(P[:3]) + table + ps(P[3:]), h1=False, og=False), encoding="utf-8")
    text, info = article.read_source(str(source))
    assert text == HEAD + "\n\n" + "\n\n".join(P) + "\n"  # the headline from <title>, the site's name after | left out
    assert info["title"] == HEAD and info["html"] is True
    list_page = tmp_path / "list.html"
    list_page.write_text("<html><head><title>Gazette</title></head><body><div id='app'></div><script>window.x={};</script></body></html>",
                         encoding="utf-8")
    with pytest.raises(article.ArticleError) as caught:
        article.read_source(str(list_page))
    assert str(caught.value) == ("no article text was found in the page: save the article's own page (not a list of articles) "
                                 "and try again")


def test_a_page_too_broken_for_the_parser_gets_one_line(tmp_path, monkeypatch):
    import trafilatura

    def broken(*args, **kwargs):
        raise RecursionError("deep")

    monkeypatch.setattr(trafilatura, "extract", broken)
    source = tmp_path / "a.html"
    source.write_text(html(BODY), encoding="utf-8")
    with pytest.raises(article.ArticleError) as caught:
        article.read_source(str(source))
    assert str(caught.value) == ("the page could not be read as a web page (RecursionError): save the article as plain text (.txt) "
                                 "or as a web page (.html) and try again")


def test_a_pull_quote_is_left_out_when_a_nearby_or_a_long_paragraph_holds_its_words():
    long = " ".join(["The council said the roof of the baths had leaked for years and the pumps were old."] * 3)  # 51 words
    short = "The deputy mayor said the vote was the only choice the council had left."
    assert article._without_repeats([long, "A paragraph between.", "Another one here.", "And one more here.", "\u201croof of the baths had leaked\u201d"]) \
        == [long, "A paragraph between.", "Another one here.", "And one more here."], "words of a long paragraph anywhere"
    assert article._without_repeats([short, "\u201cthe vote was the only choice\u201d", "Next paragraph."]) \
        == [short, "Next paragraph."], "words of a nearby paragraph, however short"
    filler = [f"Paragraph number {i}." for i in range(2000)]
    many = [long, *filler, "roof of the baths had leaked"]  # 2,000 paragraphs and more: a page too long to compare all
    assert article._without_repeats(many) == many


def test_a_text_files_paragraphs_headline_and_markdown_marks():
    assert article._from_text("Baths Shut For Repairs\nBy Jane Roe\n3 March 2026\n\nThe council voted.\u2028It said so.\n\nThe end.\n",
                              markdown=False) \
        == ("", ["Baths Shut For Repairs", "By Jane Roe 3 March 2026", "The council voted. It said so.", "The end."])
    assert article._from_text("\n\nBaths Shut For Repairs\nBy Jane Roe\n\nThe council voted.\n", markdown=False) \
        == ("", ["Baths Shut For Repairs", "By Jane Roe", "The council voted."]), "blank lines before the headline"
    md = "# Baths Shut\n\nThe council voted.\n\n## What Next\n\n> \u201cWe had no choice,\u201d said **Quenby**.\n"
    assert article._from_text(md, markdown=True) == ("Baths Shut", ["The council voted.", "What Next", "\u201cWe had no choice,\u201d said Quenby."])
    assert article._from_text("The council voted.\n\n# Baths Shut\n", markdown=True) == ("", ["The council voted.", "Baths Shut"])


@pytest.mark.parametrize("line, below, expected", [
    ("Council shuts the old baths for good", "By Jane Roe", True),  # a byline under it
    ("Council shuts the old baths for good", "BRACKWATER, 3 March 2026", True),  # a dateline under it
    ("Council Shuts The Old Baths", "The council voted on Tuesday.", True),  # title case
    ("Council shuts the old baths for good", "The council voted on Tuesday.", False),  # a sentence, wrapped
    ("Council Shuts The Old Baths.", "By Jane Roe", False),  # ends with punctuation
    ("Council Shuts The Old Baths", "by Jane Roe", False),  # the line under it starts in lower case
    ("...", "By Jane Roe", False),  # no words
    ("the old baths in a town", "Then more.", False),  # no capitals
    (" ".join(["Word"] * 21), "By Jane Roe", False),  # too long for a headline
])
def test_a_first_line_is_a_headline_of_its_own_only_when_it_looks_like_one(line, below, expected):
    assert article._headline_over(line, below) is expected


def test_a_paragraph_is_cleaned_and_only_unusual_characters_are_noted():
    cleaned = []
    assert article._clean("coun\u200bcil  of\tthe\u00adtown", cleaned) == "council of thetown"
    assert article._clean("the\u00a0town", cleaned) == "the town"
    assert article._clean("  the   town \t", cleaned) == "the town"  # ordinary spacing: nothing to note
    assert cleaned == ["coun\u200bcil  of\tthe\u00adtown", "the\u00a0town"]


def test_the_folders_sources_row_and_notes_say_where_the_article_came_from(tmp_path):
    article.write_folder(tmp_path, TEXT, {}, {"claims": [], "quotes": [], "figures": []}, "2026-03-04")
    assert _rows(tmp_path / "sources.csv") == [{
        "source_id": "article", "outlet": "unknown", "title": "", "date": "", "date_status": "UNCONFIRMED", "url": "",
        "language": "en", "kind": "news_report",
        "note": "The article the class studies, retrieved on 2026-03-04 from a file the teacher gave; its publication date is still to be found."}]
    notes = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert notes.startswith("# An article for the class\n\nThe text in `article.txt` was taken from a file the teacher gave on 2026-03-04 "
                            "by `python3 tasks.py new-article`.\nIt was read as utf-8 text.\nThe words are as published")
    assert "The claim finder (`helpers/finder.py`) proposed 0 claims, 0 quotations and 0 figures." in notes
    layout = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert (tmp_path / "datapackage.json").read_text(encoding="utf-8").startswith('{\n  "name": "article-folder",\n  "title"'), "indented, for people"
    assert layout == article.descriptor()
    folder = tmp_path / "web"
    folder.mkdir()
    info = {"url": "https://gazette.example/baths", "outlet": "Harbour Town Gazette", "title": "Baths Shut", "language": "",
            "html": True, "encoding": "windows-1252", "repaired": True, "cleaned": True}
    article.write_folder(folder, TEXT, info, None, "2026-03-04")
    assert _rows(folder / "sources.csv") == [{
        "source_id": "article", "outlet": "Harbour Town Gazette", "title": "Baths Shut", "date": "", "date_status": "UNCONFIRMED",
        "url": "https://gazette.example/baths", "language": "", "kind": "news_report",
        "note": "The article the class studies, retrieved on 2026-03-04 from this address; its publication date is still to be found."}]
    assert (folder / "README.md").read_text(encoding="utf-8") == (
        "# Baths Shut\n"
        "\n"
        "The text in `article.txt` was taken from the address https://gazette.example/baths on 2026-03-04 by "
        "`python3 tasks.py new-article` (a web page: the text was extracted with trafilatura).\n"
        "It was read as windows-1252 text.\n"
        "Some characters had been mis-decoded (text such as \"CalderÃ³n\" for \"Calderón\": the bytes of one encoding read as "
        "another); they were repaired with ftfy, a library that fixes such text. The words are as published (spelling, "
        "punctuation and typos kept); only the layout was changed: one paragraph per line with a blank line between paragraphs, "
        "runs of spaces made one, the headline put first, and the page's menus, links and repeated text left out.\n"
        "Invisible characters (such as zero-width spaces, soft hyphens or direction marks) were removed and non-breaking spaces "
        "made plain spaces, so that every row's text can be checked against `article.txt`.\n"
        "\n"
        "## What the machine proposed, and what people decide\n"
        "\n"
        "The claim finder reads English only, and this text does not look English: `claims.csv`, `quotes.csv` and `figures.csv` "
        "are empty. Fill them by hand, following the codebook (`datasets/README.md`).\n"
        "\n"
        "## Still to do\n"
        "\n"
        "Run `python -m helpers validate` on this folder (the workbooks do it for you): it lists what is still to do.\n"
        "The article's date, outlet and headline in `sources.csv` are left for the class to confirm.\n"
        "\n"
        "The article is usually under copyright: use it in class, do not publish it with the kit.\n")


class _Finder:
    """A stand-in finder: the first paragraph after the headline as a claim, and the rows a test adds."""

    extra: dict = {}

    @staticmethod
    def looks_english(text):
        return " the " in f" {text.lower()} "

    @classmethod
    def propose_rows(cls, text):
        start = text.index(P[0])
        claim = dict.fromkeys(article.columns("claims"), "")
        claim.update(claim_id="C01", paragraph=2, start=start, end=start + len(P[0]), text=P[0], claim_type="event",
                     claimant="Harbour Town Gazette", claimant_type="Organization", attribution="own_voice", proposal="proposed")
        rows = {"claims": [claim], "quotes": [], "figures": []}
        for table, changes in cls.extra.items():
            rows[table] = [dict(dict.fromkeys(article.columns(table), ""), **change) for change in changes]
        return rows


def test_the_check_compares_quotations_with_the_article_and_counts_proposed_figures(tmp_path, monkeypatch):
    at = TEXT.index("We had no other choice")
    monkeypatch.setattr(_Finder, "extra", {
        "quotes": [{"quote_id": "Q01", "paragraph": 4, "start": at + 1, "end": at + 23, "quote": "We had no other choice",
                    "speaker": "Tobias Quenby", "cameo_code": "010", "partner_cameo_code": "010", "proposal": "accepted"}],
        "figures": [{"figure_id": "F01", "paragraph": 3, "start": TEXT.index("1,200"), "end": TEXT.index("1,200") + 5,
                     "text": "1,200", "kind": "number", "proposal": "proposed"}]})
    source = tmp_path / "a.txt"
    source.write_text(TEXT, encoding="utf-8")
    folder = article.new_article(str(source), "baths", articles=tmp_path / "articles", finder=_Finder, today=datetime.date(2026, 3, 4))
    problems, todo = article.check_folder(folder)
    assert [str(p).split(";")[0] for p in problems] == [f"quotes.csv:2:quote: the text does not match article[{at + 1}:{at + 23}]"]
    assert todo == ["1 of 1 claims have no verdict yet (with its evidence in sources.csv)",
                    "1 of 1 rows of claims.csv are still the machine's proposals: accept, edit or delete each",
                    "1 of 1 rows of figures.csv are still the machine's proposals: accept, edit or delete each"]


def test_the_haaretz_folder_credits_each_figure_and_names_each_speaker(tmp_path):
    folder = article.haaretz_folder(tmp_path / "haaretz")
    text = (folder / "article.txt").read_text(encoding="utf-8")
    claims = {c["claim_id"]: c for c in _rows(ROOT / "datasets" / "claims.csv")}
    figures = _rows(folder / "figures.csv")
    assert [f["text"] for f in figures] == ["70.3 million", "70.3 million", "30", "2012", "2013"]
    for figure in figures:
        claim = next(c for c in claims.values() if int(c["start"]) <= int(figure["start"]) < int(c["end"]) and c["claim_type"] == "statistic")
        assert figure["credited_to"] == ("" if claim["attribution"] == "own_voice" else claim["claimant"]) == "Le Monde"
        assert text[int(figure["start"]):int(figure["end"])] == figure["text"]
        assert figure["period"] == figure["unit"] == figure["denominator"] == "" and figure["proposal"] == "accepted"
    actors = {a["actor_id"]: a["name"] for a in _rows(ROOT / "datasets" / "actors.csv")}
    reactions = [r for r in _rows(ROOT / "datasets" / "reactions.csv") if r["in_article"] == "true"]
    quotes = _rows(folder / "quotes.csv")
    assert [q["speaker"] for q in quotes] == [actors[r["actor_id"]] for r in reactions]
    assert quotes[0]["speaker"] == "French Foreign Ministry" and all(q["date_text"] == "" for q in quotes)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# The Haaretz article, as a finished folder\n\nThe kit's worked example in the format of "
                             "`python3 tasks.py new-article`: every row is the kit's own coding (`accepted`)")
    assert readme.endswith("; the figures are the numbers inside the claims of type statistic, with nothing added.\n")


@pytest.fixture
def command(tmp_path, monkeypatch):
    """new-article's main() in this process, making its folder under tmp_path with the stand-in finder."""
    monkeypatch.setattr(article, "new_article", functools.partial(article.new_article, articles=tmp_path / "articles",
                                                                  finder=_Finder, today=datetime.date(2026, 3, 4)))
    source = tmp_path / "a.txt"
    source.write_text(TEXT, encoding="utf-8")
    return source


@pytest.mark.parametrize("form", ["--name baths", "--name=baths", "baths --name"])
def test_the_command_makes_the_folder_says_what_is_left_and_prints_its_path_last(command, tmp_path, capsys, form):
    args = [str(command), *form.split()] if form != "baths --name" else ["--name", "baths", str(command)]
    assert article.main(args) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == ("Made baths: the article's text, the machine's proposals (marked proposed) and the workbooks.\n"
                   "to do: 1 of 1 claims have no verdict yet (with its evidence in sources.csv)\n"
                   "to do: 1 of 1 rows of claims.csv are still the machine's proposals: accept, edit or delete each\n"
                   f"{tmp_path / 'articles' / 'baths'}\n")


def test_the_command_reads_its_arguments_from_the_command_line(command, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["helpers/article.py", str(command), "--name", "baths"])
    assert article.main() == 0
    assert capsys.readouterr().out.endswith(f"\n{tmp_path / 'articles' / 'baths'}\n")


def test_the_command_prints_each_problem_the_check_finds(command, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(_Finder, "extra", {"quotes": [{"quote_id": "Q01", "paragraph": 2, "start": 0, "end": 5, "quote": "Baths",
                                                       "speaker": "Moira Felt", "cameo_code": "010", "partner_cameo_code": "010",
                                                       "proposal": "accepted"}]})
    assert article.main([str(command), "--name", "baths"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("check: quotes.csv:2:quote: the text does not match article[0:5]; ")  # then the check's own advice
    assert lines[2:] == ["to do: 1 of 1 claims have no verdict yet (with its evidence in sources.csv)",
                         "to do: 1 of 1 rows of claims.csv are still the machine's proposals: accept, edit or delete each",
                         str(tmp_path / "articles" / "baths")]


def test_the_command_says_when_the_finder_proposed_nothing_or_could_not_read_the_language(command, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(_Finder, "propose_rows", classmethod(lambda cls, text: {"claims": [], "quotes": [], "figures": []}))
    assert article.main([str(command), "--name", "none"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["The claim finder proposed no claims: add them with the workbooks.",
                                                        "to do: claims.csv has no claim yet: add the article's claims",
                                                        str(tmp_path / "articles" / "none")]
    monkeypatch.setattr(_Finder, "looks_english", staticmethod(lambda text: False))
    assert article.main([str(command), "--name", "other"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == ("The claim finder reads English only: this text does not look English, "
                                                       "so the tables are empty for the class to fill.")


@pytest.mark.parametrize("args", [[], ["a.txt"], ["--name", "x"], ["a.txt", "b.txt", "--name", "x"], ["a.txt", "--name"], ["-a.txt", "--name", "x"]])
def test_wrong_arguments_print_the_usage_line_and_exit_2(args, capsys):
    assert article.main(args) == 2
    assert capsys.readouterr() == ("", article.USAGE + "\n")
    assert article.USAGE.startswith("usage: python3 tasks.py new-article SOURCE --name NAME")


def test_the_command_says_why_it_stopped_on_stderr(command, tmp_path, capsys, monkeypatch):
    assert article.main([str(tmp_path / "nowhere.txt"), "--name", "x"]) == 1
    assert capsys.readouterr() == ("", f"new-article: there is no file {tmp_path / 'nowhere.txt'}\n")

    def interrupted(source, name):
        raise KeyboardInterrupt

    monkeypatch.setattr(article, "new_article", interrupted)
    assert article.main([str(command), "--name", "x"]) == 130
    assert capsys.readouterr() == ("", "new-article: stopped; nothing was written\n")


def test_an_address_that_sends_no_article_gets_its_own_line(site):
    address, pages, _ = site
    pages["/paper"] = ("application/pdf", b"%PDF-1.7\n" + b"x" * 100)
    pages["/sheet"] = ("application/vnd.ms-excel", b"not a page at all, a spreadsheet")
    pages["/blank"] = ("text/html", b"  \n ")
    pages["/huge"] = ("text/plain", b"word " * (article.MAX_BYTES // 5 + 1))
    said = {}
    for path in ("/paper", "/sheet", "/blank", "/huge", "/missing"):
        with pytest.raises(article.ArticleError) as caught:
            article.read_source(address + path)
        said[path] = str(caught.value)
    save_as = "save the article as plain text (.txt) or as a web page (.html) and try again"
    assert said == {"/paper": f"{address}/paper is a application/pdf file, not a web page: {save_as}",
                    "/sheet": f"{address}/sheet is a application/vnd.ms-excel file, not a web page: {save_as}",
                    "/blank": f"{address}/blank sent an empty page",
                    "/huge": f"{address}/huge sent more than 5,000,000 bytes, far more than a news article",
                    "/missing": f"{address}/missing answered 404 (Not Found): nothing was written"}


def test_a_file_of_another_kind_is_named_with_what_it_is(tmp_path):
    save_as = "save the article as plain text (.txt) or as a web page (.html) and try again"
    (tmp_path / "story.docx").write_bytes(b"PK\x03\x04" + b"\0" * 100)
    (tmp_path / "story.txt").write_bytes(b"%PDF-1.4\n" + b"x" * 100)
    said = []
    for name in ("story.docx", "story.txt"):
        with pytest.raises(article.ArticleError) as caught:
            article.read_source(str(tmp_path / name))
        said.append(str(caught.value))
    assert said == [f"{tmp_path / 'story.docx'} is a Word document, which the kit cannot read: {save_as}",
                    f"{tmp_path / 'story.txt'} is a PDF, not text: {save_as}"]


def test_the_check_of_a_folder_the_class_is_working_on_names_each_problem_and_what_is_left(tmp_path):
    rows = _Finder.propose_rows(TEXT)
    second = dict(rows["claims"][0], claim_id="C02", paragraph=3, start=TEXT.index(P[1]), end=TEXT.index(P[1]) + len(P[1]), text=P[1])
    rows["claims"][0].update(verdict="opinion", proposal="accepted")  # an event cannot be an opinion
    second.update(verdict="confirmed", proposal="edited")  # with no evidence
    rows["claims"].append(second)
    at = TEXT.index("We had no other choice")
    quote = dict.fromkeys(article.columns("quotes"), "")
    quote.update(quote_id="Q01", paragraph=4, start=at, end=at + 22, quote="We had no other choice", speaker="Tobias Quenby",
                 suggested_cameo_code="999", cameo_code="010", proposal="proposed")
    rows["quotes"] = [quote, dict(quote, quote_id="Q02", suggested_cameo_code="", cameo_code="", partner_cameo_code="", proposal="accepted")]
    article.write_folder(tmp_path, TEXT, {}, rows, "2026-03-04")
    problems, todo = article.check_folder(tmp_path)
    assert [str(p) for p in problems] == [
        "quotes.csv:2:suggested_cameo_code: '999' is not a CAMEO code of datasets/cameo_codes.csv; write the code as text with its leading zero, such as 042",
        "claims.csv:2:verdict: only a characterization (a judgement) can be an opinion; give a checkable claim a verdict",
        "claims.csv:3:evidence: the verdict 'confirmed' needs the source_id(s) of what backs it, from sources.csv"]
    assert todo == ["1 of 2 rows of quotes.csv are still the machine's proposals: accept, edit or delete each",
                    "1 of 2 quotations have no CAMEO code from the class yet",
                    "1 quotations are coded by one partner only: both partners code every row"]


def test_an_error_no_rule_foresaw_is_named_shortened_and_nothing_is_written(command, tmp_path, capsys, monkeypatch):
    def broken(source, name):
        raise ValueError("x" * 150)

    monkeypatch.setattr(article, "new_article", broken)
    assert article.main([str(command), "--name", "x"]) == 1
    assert capsys.readouterr() == ("", f"new-article: the kit could not read this article (ValueError: {'x' * 99}\u2026); nothing was "
                                       "written: save the article as plain text (.txt) or as a web page (.html) and try again, "
                                       "and please report this\n")


# --- What a second mutation sample of article found no test noticing ---------------------------------

SAVE_AS = "save the article as plain text (.txt) or as a web page (.html) and try again"


def test_a_file_of_bytes_that_are_no_text_is_named_in_its_one_line(tmp_path):
    said = {}
    for name, content in {"nul.txt": b"Brackwater \0\0\0\0" * 50,  # zero bytes: a binary file
                          "controls.txt": b"Brackwater baths\x01\x02\x03 " * 50,  # control characters in every line
                          "high.txt": bytes(range(128, 256)) * 20}.items():  # bytes no text encoding decodes
        (tmp_path / name).write_bytes(content)
        with pytest.raises(article.ArticleError) as caught:
            article.read_source(str(tmp_path / name))
        said[name] = str(caught.value)
    assert said == {"nul.txt": f"{tmp_path / 'nul.txt'} is a binary file, not text: {SAVE_AS}",
                    "controls.txt": f"{tmp_path / 'controls.txt'} is a binary file, not text: {SAVE_AS}",
                    "high.txt": f"{tmp_path / 'high.txt'} is not text (no text encoding fits its bytes): {SAVE_AS}"}


def _words(count):
    return " ".join(random.Random(count).choice(["the", "baths", "council", "swimmers", "Brackwater", "vote"]) for _ in range(count))


def test_a_text_may_hold_one_control_character_in_a_hundred_and_only_its_first_100000_characters_are_judged(tmp_path):
    """A stray control character (from a copy and paste) is no reason to refuse an article; more than one in a hundred
    characters, or a zero byte, makes it a binary file. Only the first 100,000 characters are looked at."""
    text = _words(2000)[:9801]
    at_limit = "".join(text[i:i + 99] + "\x01" for i in range(0, 9801, 99))  # 99 in 9,900 characters
    assert at_limit.count("\x01") == 99 and len(at_limit) == 9900
    over = at_limit[:-2] + "\x02\x01"  # 100 in 9,900
    spacing = "\t" + text[:2000].replace(" ", "\r\n\t\f", 100)  # tabs, line ends and form feeds are not control characters here
    long = _words(30_000)
    late_nul = long[:100_000] + "\0" + long[100_001:]  # the zero byte is the 100,001st character: not looked at
    early_nul = long[:99_999] + "\0" + long[100_000:]  # the 100,000th: looked at
    late_controls = ("\x01" + long[1:100]) * 1000 + "\0" + long[100_001:]  # 1,000 in the first 100,000, then a zero byte
    for name, content in {"at_limit": at_limit, "spacing": spacing, "late_nul": late_nul, "late_controls": late_controls}.items():
        (tmp_path / f"{name}.txt").write_text(content, encoding="utf-8")
        text_read, info = article.read_source(str(tmp_path / f"{name}.txt"))
        assert "\x01" not in text_read and "\0" not in text_read and info["encoding"] == "utf-8", name
    assert article.read_source(str(tmp_path / "at_limit.txt"))[1]["cleaned"] is True, "the notes say invisible characters were removed"
    for name, content in {"over": over, "early_nul": early_nul}.items():
        (tmp_path / f"{name}.txt").write_text(content, encoding="utf-8")
        with pytest.raises(article.ArticleError) as caught:
            article.read_source(str(tmp_path / f"{name}.txt"))
        assert str(caught.value) == f"{tmp_path / f'{name}.txt'} is a binary file, not text: {SAVE_AS}"


@pytest.mark.parametrize("content, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
    (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16"),
    (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),
    (TEXT.encode("utf-16-be"), "utf-16-be"),
    (TEXT.encode("cp1252"), "cp1252"),
], ids=["utf-8", "utf-8-with-mark", "utf-16-le-with-mark", "utf-16-be-with-mark", "utf-16-le", "utf-16-be", "cp1252"])
def test_each_encoding_a_teacher_saves_in_is_read_and_named(tmp_path, content, encoding):
    (tmp_path / "a.txt").write_bytes(content)
    text, info = article.read_source(str(tmp_path / "a.txt"))
    assert text == TEXT and info["encoding"] == encoding


def test_a_stray_byte_in_a_utf8_file_is_shown_as_a_replacement_mark_and_another_alphabet_keeps_its_letters(tmp_path):
    (tmp_path / "mark.txt").write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8").replace(b"Brackwater voted", b"Brackw\xe4ter voted"))
    text, info = article.read_source(str(tmp_path / "mark.txt"))
    assert "Brackw\ufffdter voted" in text and info["encoding"] == "utf-8"
    russian = ("\u0413\u043e\u0440\u043e\u0434\u0441\u043a\u043e\u0439 \u0441\u043e\u0432\u0435\u0442 \u043f\u0440\u043e\u0433\u043e\u043b\u043e\u0441\u043e\u0432\u0430\u043b "
               "\u0432\u043e \u0432\u0442\u043e\u0440\u043d\u0438\u043a \u0437\u0430 \u0437\u0430\u043a\u0440\u044b\u0442\u0438\u0435 \u0441\u0442\u0430\u0440\u044b\u0445 "
               "\u0431\u0430\u043d\u044c \u043d\u0430 \u0440\u0435\u043c\u043e\u043d\u0442. ") * 3
    (tmp_path / "ru.txt").write_bytes(russian.encode("cp1251"))
    text, info = article.read_source(str(tmp_path / "ru.txt"))
    assert text == russian.strip() + "\n" and info["encoding"] == "cp1251"
    # the encoding is guessed from the first 200,000 bytes; a byte after them that it has no letter for
    # (0x98 in Windows-1251) is a replacement mark too, not a traceback
    long = (russian.strip() + "\n\n").encode("cp1251") * (200_000 // len(russian) + 1)
    (tmp_path / "ru-long.txt").write_bytes(long + b"\x98")
    text, info = article.read_source(str(tmp_path / "ru-long.txt"))
    assert len(long) > 200_000 and info["encoding"] == "cp1251" and text.endswith(russian.strip() + "\n\n\ufffd\n")


def test_an_address_is_given_twenty_seconds_so_a_silent_server_cannot_hang_the_class(monkeypatch):
    asked = []

    class Reply:  # what urlopen gives back: a plain-text page
        headers = email.message.Message()
        headers["Content-Type"] = "text/plain; charset=utf-8"

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, size):
            return TEXT.encode("utf-8")[:size]

    def urlopen(request, **kwargs):
        asked.append((request.full_url, kwargs))
        return Reply()

    monkeypatch.setattr(article.urllib.request, "urlopen", urlopen)
    text, info = article.read_source("https://gazette.example/baths")
    assert text == TEXT and info["url"] == "https://gazette.example/baths" and info["html"] is False
    assert asked == [("https://gazette.example/baths", {"timeout": 20})]


def test_a_pages_links_keep_their_words_and_its_images_leave_nothing(tmp_path):
    linked = ("The council\u2019s <a href='https://council.example/minutes'>published minutes</a> show the vote was seven to two, "
              "with one member away.")
    body = ps([P[0], linked]) + "<figure><img src='pool.jpg' alt='The pool'><figcaption>Photo</figcaption></figure>" + ps(P[1:])
    (tmp_path / "a.html").write_text(html(body), encoding="utf-8")
    text, _ = article.read_source(str(tmp_path / "a.html"))
    assert "The council\u2019s published minutes show the vote was seven to two, with one member away." in text.split("\n\n")
    assert "council.example" not in text and "pool.jpg" not in text and "](" not in text


@pytest.mark.parametrize("line, plain", [
    ("# Baths Shut", "Baths Shut"),
    ("###### Six Marks", "Six Marks"),
    ("####### Seven marks", "####### Seven marks"),  # no heading in Markdown: kept as written
    ("#hashtag", "#hashtag"),
    ("> Quoted words", "Quoted words"),
    (">Quoted words", "Quoted words"),
    ("See [the minutes](https://council.example/minutes) of the vote.", "See the minutes of the vote."),
    ("A photo: ![the pool in winter](pool.jpg) here.", "A photo: the pool in winter here."),
    ("[one](a) and [two](b)", "one and two"),
    ("A [bracket] alone stays.", "A [bracket] alone stays."),
    ("It is **very** old and __very__ wet.", "It is very old and very wet."),
    ("It is *very* old and _very_ wet.", "It is very old and very wet."),
    ("**A whole bold line**", "A whole bold line"),
    ("snake_case_name and 2 * 3 * 4 stay", "snake_case_name and 2 * 3 * 4 stay"),
    ("un*believ*able", "un*believ*able"),
])
def test_markdown_marks_are_taken_off_and_the_words_kept(line, plain):
    assert article._plain_markdown(line) == plain


# --- What a third mutation sample of article found no test noticing ----------------------------------

class _Reply:
    """What urlopen gives back: the page's bytes, or a page that never ends; ``sent`` counts the bytes the kit took."""

    def __init__(self, body=None, kind="text/html"):
        self.body, self.sent = body, 0
        self.headers = email.message.Message()
        self.headers["Content-Type"] = kind

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def read(self, size):
        chunk = b"w" * size if self.body is None else self.body[self.sent:self.sent + size]
        self.sent += len(chunk)
        return chunk


def test_an_address_may_send_up_to_the_byte_limit_and_an_endless_page_is_read_one_byte_past_it(monkeypatch):
    """A server that never stops sending cannot fill the laptop's memory: the kit reads one byte past the limit, no more."""
    replies = {"/exact": _Reply(b"w" * article.MAX_BYTES), "/over": _Reply(b"w" * (article.MAX_BYTES + 1)), "/endless": _Reply()}
    monkeypatch.setattr(article.urllib.request, "urlopen", lambda request, **kwargs: replies[request.selector])
    raw, info = article._fetch("https://gazette.example/exact")
    assert len(raw) == article.MAX_BYTES and info == {"url": "https://gazette.example/exact", "suffix": "", "html": True}
    for path in ("/over", "/endless"):
        with pytest.raises(article.ArticleError) as caught:
            article._fetch(f"https://gazette.example{path}")
        assert str(caught.value) == f"https://gazette.example{path} sent more than 5,000,000 bytes, far more than a news article"
    assert [r.sent for r in replies.values()] == [article.MAX_BYTES] + [article.MAX_BYTES + 1] * 2, \
        "the whole page, or one byte past the limit"


@pytest.mark.parametrize("kind, is_page", [("text/html", True), ("application/xhtml+xml", True), ("text/plain", False),
                                           ("application/octet-stream", False)])
def test_an_address_is_a_web_page_when_the_server_says_html_or_xhtml(monkeypatch, kind, is_page):
    fragment = "".join(f"<p>{p}</p>" for p in P).encode("utf-8")  # no <html>: only the server's word says it is a page
    monkeypatch.setattr(article.urllib.request, "urlopen", lambda request, **kwargs: _Reply(fragment, f"{kind}; charset=utf-8"))
    assert article._fetch("https://gazette.example/baths")[1]["html"] is is_page
    text, info = article.read_source("https://gazette.example/baths")
    assert info["html"] is is_page and (text == "\n\n".join(P) + "\n") is is_page


@pytest.mark.parametrize("error, shown", [
    (lambda: article.urllib.error.URLError("x" * 80), "x" * 80),  # up to 80 characters: whole
    (lambda: article.urllib.error.URLError("x" * 81), "x" * 79 + "\u2026"),  # longer: cut to 79 and an ellipsis
    (lambda: article.urllib.error.URLError(ConnectionRefusedError(111, "Connection refused")), "[Errno 111] Connection refused"),
    (lambda: TimeoutError("timed out"), "timed out"),  # no reason of its own: the error itself
    (lambda: ValueError("bad\nport"), "bad\\x0aport"),  # a control character is shown as its escape
], ids=["80", "81", "refused", "timeout", "value"])
def test_an_address_that_cannot_be_reached_says_why_in_at_most_80_characters(monkeypatch, error, shown):
    def urlopen(request, **kwargs):
        raise error()

    monkeypatch.setattr(article.urllib.request, "urlopen", urlopen)
    with pytest.raises(article.ArticleError) as caught:
        article.read_source("https://gazette.example/baths")
    assert str(caught.value) == (f"https://gazette.example/baths could not be reached ({shown}); are you offline? "
                                 "Nothing was written: save the page from your browser and give the file instead")


CYRILLIC = "\u0411\u0430\u043d\u044f\u043d\u0430\u0411\u0430\u043d"  # letters whose UTF-16 has no zero byte
SENTENCE = "The baths of Brackwater are shut again."  # 39 characters


@pytest.mark.parametrize("text, saved_as, readable", [
    ("Baths shut", "utf-16-le", True),  # 10 characters: enough to tell
    ("Baths shut", "utf-16-be", True),
    ("Baths shu", "utf-16-le", False),  # 9: too short to tell, and its zero bytes make it a binary file
    (CYRILLIC[:8] + "Baths closed", "utf-16-le", True),  # 8 of 20 characters with no zero byte: 12 zeros, 6 in 10
    (CYRILLIC[:9] + "Baths shut.", "utf-16-le", False),  # 9 of 20: 11 zeros, under 6 in 10
    (CYRILLIC[:9] + "Baths shut.", "utf-16-be", False),
    ("\u0100" + SENTENCE, "utf-16-le", True),  # one zero byte in the letters' places of 40: under 1 in 20
    ("\u0100\u0100" + SENTENCE[:-1], "utf-16-le", False),  # two of 40: 1 in 20 is too many for text
    ("\u0100\u0100" + SENTENCE[:-1], "utf-16-be", False),
], ids=["10", "10-be", "9", "8-of-20", "9-of-20", "9-of-20-be", "1-of-40", "2-of-40", "2-of-40-be"])
def test_utf16_without_its_mark_is_read_only_when_every_other_byte_is_zero_and_the_rest_are_not(text, saved_as, readable):
    """UTF-16 saved with no byte-order mark: English text has a zero byte in every other place. Ten characters at least,
    six in ten of one half zero, and fewer than one in twenty of the other, or the bytes are not taken for UTF-16."""
    raw = text.encode(saved_as)
    if readable:
        assert article._decode(raw, "a.txt") == (text, saved_as)
    else:
        with pytest.raises(article.ArticleError) as caught:
            article._decode(raw, "a.txt")
        assert str(caught.value) == f"a.txt is a binary file, not text: {SAVE_AS}"


def _said(count, start=1):
    """A paragraph of ``count`` words no other paragraph of the test shares by chance (a new string each call)."""
    return " ".join(f"word{n}" for n in range(start, start + count)) + "."


def test_a_repeat_is_left_out_from_four_to_forty_words_within_three_paragraphs_and_a_paragraph_printed_twice_stays():
    """A pull quote is four to forty words of another paragraph: of a long one anywhere on the page, of a longer one
    up to three paragraphs away. Fewer words, more words, a paragraph further away, or the same paragraph printed twice
    (neither is the display copy of the other) are the article's own text."""
    long, near = _said(50, 100), _said(12, 200)
    gap = ["Filler one.", "Filler two.", "Filler three.", "Filler four."]

    def drop(paragraphs):
        return [p for p in paragraphs if p not in article._without_repeats(paragraphs)]

    assert drop([long, *gap, f"\u201c{_said(40, 100)[:-1]}\u201d"]) == [f"\u201c{_said(40, 100)[:-1]}\u201d"], "40 words of a long paragraph"
    assert drop([long, *gap, _said(41, 100)[:-1]]) == [], "41 words: a paragraph of its own"
    assert drop([_said(41, 300), *gap, _said(4, 300)[:-1]]) == [_said(4, 300)[:-1]], "a paragraph of 41 words is long"
    assert drop([_said(40, 300), *gap, _said(4, 300)[:-1]]) == [], "one of 40 is not: four paragraphs away is too far"
    assert drop([near, _said(4, 200)[:-1]]) == [_said(4, 200)[:-1]], "four words of the paragraph before"
    assert drop([near, _said(3, 200)[:-1]]) == [], "three words: too few to be a pull quote"
    assert drop([near, *gap[:2], _said(4, 201)[:-1]]) == [_said(4, 201)[:-1]], "three paragraphs after"
    assert drop([near, *gap[:3], _said(4, 201)[:-1]]) == [], "four paragraphs after"
    assert drop([gap[0], _said(4, 202)[:-1], *gap[1:3], near]) == [_said(4, 202)[:-1]], "three paragraphs before"
    assert drop([gap[0], _said(4, 202)[:-1], *gap[1:4], near]) == [], "four paragraphs before"
    assert drop([_said(4, 200)[:-1], near]) == [], "the first paragraph is never a pull quote"
    twice = [near, _said(12, 200)]
    assert twice[0] is not twice[1] and article._without_repeats(twice) == twice, "the same paragraph twice: both kept"


WRAPPED = HEAD + "\n\n" + P[0].replace(" to close", "\nto close") + "\n\n" + "\n\n".join(P[1:]) + "\n"  # one paragraph hard-wrapped


@pytest.mark.parametrize("content", [
    WRAPPED,
    WRAPPED.replace("\n", "\r\n"),  # Windows
    WRAPPED.replace("\n", "\r"),  # old Macs
    WRAPPED.replace("\n\n", "\u2029").replace("\n", "\u2028"),  # Unicode's paragraph and line separators (copied from Word)
    WRAPPED.replace("\n\n", "\r\n\r\n").replace("\n", "\u2028"),
], ids=["lf", "crlf", "cr", "separators", "mixed"])
def test_every_kind_of_line_end_and_paragraph_separator_gives_the_same_article(tmp_path, content):
    (tmp_path / "a.txt").write_text(content, encoding="utf-8", newline="")
    text, info = article.read_source(str(tmp_path / "a.txt"))
    assert text == TEXT and info["cleaned"] is False


@pytest.mark.parametrize("line, expected", [
    ("Mayor Shuts Old Baths after Storm", True),  # 4 of its 5 words of more than three letters capitalised: 8 in 10
    ("Pool Shut after Flood", False),  # 3 of 4: under 8 in 10
    ("Pool Shut after a Flood in the Town", True),  # 4 of 5: the short words do not count
    ("Mayor shuts baths", False),  # 1 of 3
    ("Baths Shut", True),
    ("The Pool Is Shut", True),  # words of four letters count
    ("The pool is shut", False),
    ("A Day Out", False),  # no word of more than three letters: no sign of a headline
])
def test_a_first_line_in_title_case_is_a_headline_when_eight_in_ten_of_its_longer_words_are_capitalised(line, expected):
    assert article._headline_over(line, "The council voted on Tuesday.") is expected
