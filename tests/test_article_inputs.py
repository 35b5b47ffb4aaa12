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

import datetime
import json
import random
import re
import runpy
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import article, finder

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
    """Every good input made into its folder once, with the time each took."""
    tmp = tmp_path_factory.mktemp("inputs")
    made = {}
    for name, spec in GOOD.items():
        start = time.perf_counter()
        made[name] = (make(tmp, name, spec), time.perf_counter() - start)
    return made


@pytest.mark.parametrize("name", sorted(GOOD))
def test_each_input_makes_a_draft_folder_whose_rows_match_its_text(folders, name):
    folder, _ = folders[name]
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
    import csv
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_finder_proposes_on_english_inputs_and_the_notes_say_what_was_cleaned(folders):
    for name, (folder, _) in folders.items():
        claims = _rows(folder / "claims.csv")
        assert bool(claims) == (name != "french"), name
    notes = (folders["invisible-characters"][0] / "README.md").read_text(encoding="utf-8")
    assert "Invisible characters" in notes
    assert "Invisible characters" not in (folders["plain"][0] / "README.md").read_text(encoding="utf-8")


def test_a_pull_quote_is_not_a_second_copy_of_the_quotation(folders):
    text = (folders["caption-pull-quote"][0] / "article.txt").read_text(encoding="utf-8")
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

def test_twenty_thousand_words_and_pathological_sentences_finish_in_seconds():
    long_text = HEAD + "\n\n" + "\n\n".join(random.Random(1).choice(P) for _ in range(1250)) + "\n"
    assert len(long_text.split()) > 19_000
    figures = "Headline\n\n" + "the council said 5 percent of 12 people paid \u00a33 million in 2024, " * 1200 + "."
    clauses = "Headline\n\n" + "and the council said that it was, but the union, which said, " * 1200 + "."
    quotes = "Headline\n\n" + '"x," said A. "y," said B. ' * 1200
    for text in (long_text, figures, clauses, quotes):  # each took 6 to 27 s before the finder was made linear
        start = time.perf_counter()
        rows = finder.propose_rows(text)
        assert time.perf_counter() - start < 10, text[:60]
        assert rows["claims"] or rows["quotes"] or rows["figures"]


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
    chosen = [folders[name][0] for name in ("table-and-list", "one-3000-word-paragraph")]
    notebooks = [str(p) for folder in chosen for p in sorted(folder.glob("*.ipynb"))]
    run = subprocess.run([sys.executable, str(ROOT / "tests" / "run_lessons.py"), *notebooks],
                         capture_output=True, text=True, timeout=600)
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
    shutil.copytree(folders["plain"][0], folder)
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
