"""`python3 tasks.py worksheets`: a worksheet and a plan per lesson, in step with the lessons.

The worksheets' questions are read from the lessons, so these tests run on the lessons as they are
now and on small synthetic notebooks; the page limits (worksheet at most 4 A4 pages, plan at most 2)
and the accessibility check run in a real browser, in tests/test_browser.py.
"""
from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
import runpy
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from helpers import checks, worksheets
from helpers.checks import DataError

from conftest import DATASETS, ROOT

LESSONS = worksheets.lesson_paths()
PLANS = ROOT / "instructors" / "plans"
EXERCISE_LINE = re.compile(r"^\*\*Exercise (\d+\.\d+)", re.M)


def notebook(path):
    return json.loads(path.read_text(encoding="utf-8"))


def md(*lines, tags=()):
    return {"cell_type": "markdown", "metadata": {"tags": list(tags)} if tags else {}, "source": "\n".join(lines)}


def code(source, outputs=(), tags=()):
    return {"cell_type": "code", "execution_count": None, "metadata": {"tags": list(tags)} if tags else {},
            "outputs": list(outputs), "source": source}


class Page(HTMLParser):
    """What a page holds: its text, its headings in order, and its tags and attributes."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.text, self.headings, self.tags, self.lang, self.title = [], [], [], None, ""
        self._in = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        self._in.append(tag)

    def handle_endtag(self, tag):
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data):
        if "style" in self._in:
            return
        if "title" in self._in:
            self.title += data
        if self._in and re.fullmatch(r"h[1-6]", self._in[-1]):
            self.headings.append((int(self._in[-1][1]), data))
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("worksheets")
    paths = worksheets.build(out)
    return out, paths


def sheet(built, lesson):
    return (built[0] / f"{lesson.stem}-worksheet.html").read_text(encoding="utf-8")


def core_exercise_numbers(nb):
    """Independently of the module: the exercise paragraphs of every markdown cell not tagged `extension`
    and not under an `## Extension:` heading."""
    numbers, under_extension = [], None
    for cell in nb["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] != "markdown":
            continue
        for line in text.splitlines():
            heading = re.match(r"(#+)\s", line)
            if heading and under_extension and len(heading[1]) <= under_extension and "Extension:" not in line:
                under_extension = None
            if re.match(r"#{2,3}\s+Extension:", line):
                under_extension = len(heading[1])
            if EXERCISE_LINE.match(line) and not under_extension and "extension" not in cell["metadata"].get("tags", []):
                numbers.append(EXERCISE_LINE.match(line)[1])
    return numbers


# --- The real lessons ------------------------------------------------------------------------------

def test_a_worksheet_and_a_plan_for_every_lesson_and_an_index_linking_them(built):
    out, paths = built
    assert LESSONS and len(paths) == 2 * len(LESSONS) + 1
    index = Page((out / "index.html").read_text(encoding="utf-8"))
    links = [a["href"] for tag, a in index.tags if tag == "a"]
    assert links == [name for lesson in LESSONS for name in (f"{lesson.stem}-worksheet.html", f"{lesson.stem}-plan.html")]
    assert all((out / link).is_file() for link in links)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_core_exercise_of_the_lesson_is_on_its_worksheet_with_its_options(built, lesson):
    nb = notebook(lesson)
    page = Page(sheet(built, lesson))
    wanted = core_exercise_numbers(nb)
    assert wanted, "a lesson without exercises: the extraction has lost them"
    shown = [re.match(r"Exercise (\d+\.\d+)", h)[1] for level, h in page.headings if h.startswith("Exercise ")]
    assert shown == wanted
    for exercise in worksheets.exercises(nb):
        assert exercise.text or exercise.options, f"exercise {exercise.number} lost its whole question"
        for option in exercise.options:  # the multiple-choice options, word for word (markup aside)
            plain = re.sub(r"[*_`]", "", option)
            assert " ".join(plain.split()) in page.words, (exercise.number, option)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_no_code_no_prompt_no_answer_and_no_stored_output_on_a_worksheet(built, lesson):
    text = sheet(built, lesson)
    page = Page(text)
    words = page.words
    for forbidden in ("answer_", "exercises.check", "...", "`", "run the cell", "Run the cell", "in quotes", "not answered yet",
                      "right!", "not yet"):
        assert forbidden not in words, forbidden
    assert not [t for t, _ in page.tags if t in ("code", "pre", "script", "img", "iframe", "link", "object")]
    names = worksheets.lesson_names(notebook(lesson)) - set(re.findall(r"[\w']+", DATASETS.joinpath("article.txt").read_text(encoding="utf-8")))
    names = {n for n in names if "_" in n or any(ch.isdigit() for ch in n)}  # plain words may be English too
    for name in names:  # a variable with an underscore or a digit (by_claimant, c15 ...) is code
        assert not re.search(rf"\b{re.escape(name)}\b", words), name
    # The kit's own readings of the packet (what each excerpt bears on, and why) are answers: not shown.
    with open(DATASETS / "source_packet.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            assert html.unescape(row["note"]) not in words
    # Nothing a lesson printed is reprinted, unless it is the data itself (the article, a source).
    values, data_rows = [DATASETS.joinpath("article.txt").read_text(encoding="utf-8")], []
    for name in ("source_packet.csv", "sources.csv", "claims.csv", "cameo_codes.csv", "reactions.csv", "actors.csv"):
        with open(DATASETS / name, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        values += [value for row in rows for value in row]
        data_rows += [sorted({" ".join(v.split()) for v in row if v}, key=len, reverse=True) for row in rows]
    data_text = " | ".join(" ".join(v.split()) for v in values)

    def one_row(line):  # a line made only of the values of one row of the data ("010 Make statement ... 0.0")
        for row in data_rows:
            rest = line
            for value in row:
                rest = rest.replace(value, " ")
            if not re.sub(r"[\s,.:;()\[\]-]", "", rest):
                return True
        return False

    for cell in notebook(lesson)["cells"]:
        for output in cell.get("outputs", []):
            printed = "".join(output.get("text", output.get("data", {}).get("text/plain", "")))
            for line in printed.splitlines():
                line = " ".join(line.split())
                # "C18: summoning ...", "Later: ... (fact sheet)": a label and the data's own text
                data_part = re.sub(r"\s\(fact sheet\)$", "", re.sub(r"^(?:[A-Z]\d+:?|Later:|Who speaks:)\s+", "", line))
                if len(line) >= 25 and data_part not in data_text and not one_row(line):
                    assert line not in words, line


def test_the_worksheet_prints_the_paragraphs_the_lesson_names_and_the_packet_where_the_lesson_reads_it(built):
    article = DATASETS.joinpath("article.txt").read_text(encoding="utf-8").split("\n\n")
    claims = {r["claim_id"]: int(r["paragraph"]) for r in csv.DictReader(io.StringIO(DATASETS.joinpath("claims.csv").read_text(encoding="utf-8")))}
    for lesson in LESSONS:
        nb = notebook(lesson)
        words = Page(sheet(built, lesson)).words
        named = set(re.findall(r"\bC\d\d\b", json.dumps([c["source"] for c in worksheets.core_cells(nb)])))
        for claim_id in named & set(claims):
            assert " ".join(article[claims[claim_id] - 1].split()) in words, (lesson.stem, claim_id)
        reads_packet = "source_packet" in "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        assert ("The source packet" in words) == reads_packet, lesson.stem
    lesson_0 = next(l for l in LESSONS if l.stem.startswith("00"))
    words = Page(sheet(built, lesson_0)).words  # lesson 0 prints the whole article: the sheet has every paragraph
    assert all(" ".join(p.split()) in words for p in article)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_pages_are_self_contained_with_a_language_a_title_and_headings_in_order(built, lesson):
    out, paths = built
    for path in (out / f"{lesson.stem}-worksheet.html", out / f"{lesson.stem}-plan.html", out / "index.html"):
        text = path.read_text(encoding="utf-8")
        page = Page(text)
        assert text.startswith("<!DOCTYPE html>") and page.lang == "en" and page.title.strip(), path.name
        assert "@page { size: A4" in text and "@media print" in text
        for tag, attrs in page.tags:
            assert tag not in ("script", "link", "img", "iframe", "object", "embed"), (path.name, tag)
            assert not any(k.startswith("on") for k in attrs), (path.name, tag, attrs)
            for key in ("src", "href"):
                assert not re.match(r"\s*(https?:|//|javascript:)", attrs.get(key) or "", re.I), (path.name, attrs)
        assert "url(" not in text and "@import" not in text, "nothing is loaded from another site, no web font"
        levels = [level for level, _ in page.headings]
        assert levels[0] == 1 and levels.count(1) == 1, path.name
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"{path.name}: a heading level is skipped"


def test_the_checklist_lists_sift_lateral_reading_and_the_three_questions(built):
    words = Page(sheet(built, LESSONS[0])).words
    for move in ("Stop.", "Investigate the source.", "Find better coverage.", "Trace claims to the original context.",
                 "Lateral reading", "Who is behind the information?", "What is the evidence?", "What do other sources say?"):
        assert move in words, move


# --- Synthetic notebooks: the extraction, robust to how the lessons are rewritten ------------------

SYNTHETIC = {"cells": [
    md("# Lesson 9: A test", "", "**Timing (40 minutes).** Two parts. Extensions: 25 minutes more, optional."),
    code("scores = [1, 2]\ndef mean_of(values):\n    return sum(values) / len(values)"),
    md("**Exercise 9.1 (compute).** What is the average score? Use `mean_of(scores)` and store it in `answer_9_1`. "
       "Run the cell, then run the check below it."),
    code("answer_9_1 = ...", ),
    code('exercises.check("9.1", answer_9_1)', outputs=[{"output_type": "stream", "name": "stdout",
                                                       "text": "Exercise 9.1: not answered yet: replace ... with your answer.\n"}]),
    md("## 1. Reading", "", "Some text before the question.", "",
       "**Exercise 9.2 (choose).** Which is a judgement? Answer with the letter, in quotes.", "",
       "- a) \"France reacted with predictable indignation\"", "- b) the `verdict` is `not_found`", "- c) neither"),
    md("**Exercise 9.3 (tagged extension).** Not on the sheet.", tags=["extension"]),
    md("## Extension: going further", tags=["extension"]),
    md("**Exercise 9.4 (under an extension heading, untagged).** Not on the sheet either."),
    md("### More of the extension", "", "**Exercise 9.5 (still in the extension).** Not on the sheet."),
    md("## 2. Back to the core", "", "**Exercise 9.6 (interpret).** Which column, `verdict` or `scores`, holds the kit's "
       "judgement (for example with `df[\"verdict\"].value_counts()`)? Discuss with a neighbour.", "",
       "Then write one sentence about it.", "", "### Next", "", "Text after the heading is not part of the exercise."),
    md("**Exercise 9.7 (mid-cell).** Two exercises in one cell: the first.", "", "**Exercise 9.8 (mid-cell).** The second; "
       "store `\"a\"`, `\"b\"` or `\"c\"` in `answer_9_8`:", "- a. yes", "- b. no", "- c. `maybe`"),
]}


def test_exercises_are_read_from_a_synthetic_notebook_without_code_and_without_the_extensions():
    found = {e.number: e for e in worksheets.exercises(SYNTHETIC)}
    assert list(found) == ["9.1", "9.2", "9.6", "9.7", "9.8"]
    assert core_exercise_numbers(SYNTHETIC) == list(found)
    assert found["9.1"].label == "Exercise 9.1 (compute)."
    assert found["9.1"].text == "What is the average score?"
    assert found["9.2"].text == "Which is a judgement?"
    assert found["9.2"].options == ('"France reacted with predictable indignation"', "the verdict is not_found", "neither")
    assert found["9.6"].text == ("Which column, verdict or scores, holds the kit's judgement? Discuss with a neighbour."
                                 "\n\nThen write one sentence about it.")
    assert "Text after the heading" not in found["9.6"].text and "df[" not in found["9.6"].text
    assert found["9.7"].text == "Two exercises in one cell: the first."
    assert found["9.8"].text == "The second." and found["9.8"].options == ("yes", "no", "maybe")
    for exercise in found.values():
        assert "`" not in exercise.text and "answer_" not in exercise.text and "..." not in exercise.text


def test_a_question_whose_code_follows_a_colon_keeps_its_question_and_bold_options_are_read():
    """The forms lesson 3 brought in: the instruction after a colon ("Compute kappa: in the cell below,
    replace ..."), the quantity named by "so that `answer_N` holds ...", a clause after a colon that only
    explains a dropped one, and options written with bold letters or without a bullet."""
    nb = {"cells": [
        code("pairs = [1, 2]\ndef agree(a, b):\n    return a == b"),
        md("**Exercise 7.1 (fill in the blank).** Compute the agreement of the two codings: in the cell below, "
           "replace `...` with `agree(pairs[0], pairs[1])`."),
        md("**Exercise 7.2 (fill in the blank).** Now the second pair. Replace `...` with `agree(pairs)`, "
           "so that `answer_7_2` holds their agreement."),
        md("**Exercise 7.3 (coding).** Choose a code for each row. The check tells you how many it accepts: "
           "the reference code, or another it calls defensible."),
        md("**Exercise 7.4 (choose).** Which holds?", "", "- **a)** the first", "- **(b)** the second", "c) neither"),
    ]}
    found = {e.number: e for e in worksheets.exercises(nb)}
    assert found["7.1"].text == "Compute the agreement of the two codings."
    assert found["7.2"].text == "Now the second pair. What is their agreement?"
    assert found["7.3"].text == "Choose a code for each row."
    assert found["7.4"].text == "Which holds?" and found["7.4"].options == ("the first", "the second", "neither")


def test_a_variable_of_the_lesson_in_a_question_is_code_and_a_column_or_value_is_not():
    names = worksheets.lesson_names(SYNTHETIC)
    assert {"scores", "mean_of", "answer_9_1"} <= names
    assert worksheets.is_code("scores", names) and worksheets.is_code("mean_of(scores)", names)
    assert worksheets.is_code('df["verdict"]', names) and worksheets.is_code("answer_9_2", names)
    assert not worksheets.is_code("verdict", names) and not worksheets.is_code('"P01"', names)
    assert worksheets.clean("Store `\"a\"` or `\"b\"` in `answer_9_2`.", names) == ""
    assert worksheets.clean("Count the rows whose `verdict` is `\"partly\"`, and store the number in `answer_9_2`.", names) \
        == "Count the rows whose verdict is partly."


def test_timing_is_read_from_the_first_cell():
    assert worksheets.timing(SYNTHETIC)[:2] == (40, 25)
    assert worksheets.timing({"cells": [md("# No timing")]})[:2] == (None, None)


def test_a_synthetic_lesson_gets_a_worksheet_and_a_lesson_without_a_plan_is_named(tmp_path):
    lessons, plans = tmp_path / "lessons", tmp_path / "plans"
    lessons.mkdir()
    plans.mkdir()
    (lessons / "09-a-test.ipynb").write_text(json.dumps(SYNTHETIC), encoding="utf-8")
    (lessons / "notes.ipynb").write_text("{}", encoding="utf-8")  # not a lesson: no NN- name
    with pytest.raises(worksheets.WorksheetError, match=r"09-a-test: there is no plan; write instructors/plans/09-a-test.md"):
        worksheets.build(tmp_path / "out", lessons, plans)
    (plans / "09-a-test.md").write_text("# Plan\n\nA plan.\n", encoding="utf-8")
    paths = worksheets.build(tmp_path / "out", lessons, plans)
    assert [p.name for p in paths] == ["09-a-test-worksheet.html", "09-a-test-plan.html", "index.html"]
    words = Page(paths[0].read_text(encoding="utf-8")).words
    assert "Exercise 9.1 (compute)." in words and "Exercise 9.3" not in words and "Exercise 9.4" not in words
    assert "predictable indignation" in words  # the article's paragraph 8, which the lesson quotes
    (lessons / "08-broken.ipynb").write_text("{not json", encoding="utf-8")
    with pytest.raises(worksheets.WorksheetError, match=r"08-broken.ipynb: cannot be read as a notebook"):
        worksheets.build(tmp_path / "out", lessons, plans)


# --- Data: translations, escaping, bad files ---------------------------------------------------------

def packet_copy(folder, translations: dict[str, str] | None):
    """Turn a scratch copy's source packet into one without the `excerpt_en` column (None) or with it,
    filled for the packet ids given; the copy's descriptor says the same."""
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "source_packet")
    fields = [f for f in resource["schema"]["fields"] if f["name"] != "excerpt_en"]
    with open(folder / "source_packet.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    names = [f["name"] for f in fields]
    if translations is not None:
        fields.append({"name": "excerpt_en", "type": "string", "description": "The kit's translation; blank where the excerpt is in English."})
        names.append("excerpt_en")
        for row in rows:
            row["excerpt_en"] = translations.get(row["packet_id"], "")
    resource["schema"]["fields"] = fields
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")
    with open(folder / "source_packet.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=names, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("translations", [None, {}, {"P05": "70.3 million records of the French people's telephone data <were> made by the NSA"}],
                         ids=["no column", "column, all blank", "column, one filled"])
def test_a_translation_is_printed_beside_its_excerpt_only_where_the_column_has_one(scratch, monkeypatch, tmp_path, translations):
    packet_copy(scratch, translations)
    monkeypatch.setattr(checks, "DATASETS", scratch)  # the copy's descriptor is the one the checks read
    assert checks.check(scratch) == []
    rows = {r["packet_id"]: r for r in worksheets.packet_rows(scratch)}
    filled = translations or {}
    assert {k for k, r in rows.items() if r["excerpt_en"]} == set(filled)
    lesson_1 = next(l for l in LESSONS if l.stem.startswith("01"))
    out = tmp_path / "out"
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / f"{lesson_1.stem}.md").write_text("# Plan\n", encoding="utf-8")
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / lesson_1.name).write_bytes(lesson_1.read_bytes())
    text = worksheets.build(out, lessons, plans, datasets=scratch)[0].read_text(encoding="utf-8")
    assert text.count("The kit's translation:") == len(filled)
    for packet_id, translation in filled.items():
        assert html.escape(translation) in text and "<were>" not in text  # escaped, as all text from data
        item = re.search(rf"<strong>{packet_id}</strong>.*?</div>\s*</div>", text, re.S)[0]
        assert html.escape(rows[packet_id]["excerpt"]) in item and html.escape(translation) in item  # beside it


def test_text_from_data_and_lessons_is_escaped():
    row = {"packet_id": "P99", "claim_id": "C99", "outlet": "<i>Outlet</i>", "url": "javascript:alert(1)", "date": "undated",
           "speaker": "<script>alert(1)</script>", "excerpt": "a & b <b>", "excerpt_en": "", "later": "<img src=x onerror=alert(1)>"}
    nb = {"cells": [md("# Lesson 9: <script>x</script>", "", "**Exercise 9.1 (x).** Is <img src=x onerror=alert(1)> code?")]}
    text = worksheets.worksheet_html(nb, "09-x", "one\n\ntwo", {}, {}, [row], {"C99": "<b>claim</b>"})
    page = Page(text)
    assert not [t for t, _ in page.tags if t in ("script", "img", "b", "i")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and 'href="javascript' not in text


def test_plan_markdown_is_rendered_with_raw_html_escaped_and_unsafe_links_refused():
    text = worksheets.plan_html("# Plan\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=y>\n\n"
                                "| a | b |\n|---|---|\n| 1 | 2 |\n", "Lesson 9")
    page = Page(text)
    assert not [t for t, _ in page.tags if t in ("script", "img")]
    assert "javascript:" not in " ".join(a.get("href", "") for t, a in page.tags if t == "a")
    assert ("td", {}) in page.tags  # tables are rendered


def test_bad_data_stops_with_a_message_naming_file_row_and_column(scratch, monkeypatch, tmp_path, capsys):
    text = (scratch / "claims.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    text[3] = text[3].replace(",statistic,", ",number,", 1) if ",statistic," in text[3] else text[3].replace(",", ",x", 1)
    (scratch / "claims.csv").write_text("".join(text), encoding="utf-8")
    with pytest.raises(DataError, match=r"claims\.csv:4:"):
        worksheets.build(tmp_path / "out", datasets=scratch)
    monkeypatch.setattr(worksheets, "OUT", tmp_path / "cli")
    monkeypatch.setattr(worksheets, "build", lambda out=None: (_ for _ in ()).throw(DataError([checks.Problem("claims.csv", 4, "claim_type", "not a code")])))
    assert worksheets.main([]) == 1
    assert "Stopped: " in capsys.readouterr().err and not (tmp_path / "cli").exists()


def test_building_writes_only_into_its_folder(tmp_path):
    kit = [p for part in ("datasets", "notebooks", "instructors", "helpers") for p in sorted((ROOT / part).rglob("*"))]
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in kit if p.is_file() and "__pycache__" not in p.parts}
    worksheets.build(tmp_path / "out")
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in before}
    assert before == after
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [f"{l.stem}-{k}.html" for l in LESSONS for k in ("worksheet", "plan")] + ["index.html"])


def test_importing_the_module_does_nothing():
    result = subprocess.run([sys.executable, "-c", "import helpers.worksheets"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


def test_the_command_runs_in_the_lab_environment_with_an_isolated_import_path(monkeypatch, tmp_path):
    tasks = runpy.run_path(str(ROOT / "tasks.py"))
    calls = []
    monkeypatch.setattr(subprocess, "call", lambda command, **kw: calls.append((command, kw)) or 0)
    tasks["worksheets"].__globals__["ensure"] = lambda name: f"/env-{name}/bin/python"
    assert tasks["CLASSROOM"]["worksheets"](["--out", "x"]) == 0
    (command, kw), = calls
    assert command == ["/env-lab/bin/python", "-I", "-c", tasks["KIT_LAUNCH"], str(ROOT), "helpers.worksheets", "--out", "x"]
    assert kw["cwd"] == ROOT, "run from the kit's folder, never from the teacher's current one"
    usage = subprocess.run([sys.executable, "-I", "-m", "helpers.worksheets", "--nonsense"], cwd=ROOT, capture_output=True, text=True)
    assert usage.returncode == 2 and "usage: python3 tasks.py worksheets" in usage.stderr


# --- The teacher plans ----------------------------------------------------------------------------

def sections(markdown_text: str) -> dict[str, str]:
    """The plan's `## ` sections by heading."""
    parts = re.split(r"^## (.+)$", markdown_text, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def table_rows(text: str) -> list[list[str]]:
    """The rows of the first markdown table in `text`, header and rule left out."""
    lines = [l for l in text.splitlines() if l.startswith("|")]
    rows = [[c.strip() for c in l.strip().strip("|").split("|")] for l in lines]
    return rows[2:] if len(rows) > 2 else []


def numbered_sections(nb) -> tuple[list[int], list[int]]:
    """The lesson's numbered `## N.` sections: (in the core, in the extensions)."""
    core_ids = {id(c) for c in worksheets.core_cells(nb)}
    core, extension = [], []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for number in re.findall(r"^## (\d+)\.", "".join(cell["source"]), flags=re.M):
                (core if id(cell) in core_ids else extension).append(int(number))
    return core, extension


def listed_sections(rows) -> list[int]:
    return [int(n) for row in rows for n in re.findall(r"\d+", row[1])]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_plans_minutes_add_up_to_the_core_minutes_the_lesson_states(lesson):
    core, extension_minutes, _ = worksheets.timing(notebook(lesson))
    assert core is not None, f"{lesson.name}: the first cell states no **Timing (N minutes).**"
    plan = sections((PLANS / f"{lesson.stem}.md").read_text(encoding="utf-8"))
    segments = next(k for k in plan if k.startswith("Segments"))
    assert segments == f"Segments ({core} minutes)", f"the plan's heading says {segments!r}; the lesson says {core} minutes"
    assert sum(int(row[0]) for row in table_rows(plan[segments])) == core
    assert "Extensions" in plan, "the plan lists the extensions (or says there are none)"
    extension_rows = table_rows(plan["Extensions"])
    if extension_minutes is not None:
        assert sum(int(row[0]) for row in extension_rows) == extension_minutes
    assert all(row[0].isdigit() for row in extension_rows)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_plans_segments_follow_the_lessons_sections_in_order(lesson):
    core, extension = numbered_sections(notebook(lesson))
    plan = sections((PLANS / f"{lesson.stem}.md").read_text(encoding="utf-8"))
    segments = listed_sections(table_rows(plan[next(k for k in plan if k.startswith("Segments"))]))
    extensions = listed_sections(table_rows(plan["Extensions"]))
    assert segments == sorted(segments), "segments follow the lesson's order"
    assert set(segments) <= set(core), "a segment names a section the core does not have"
    assert sorted(segments + extensions) == sorted(core + extension), "every section of the lesson is in the plan once"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_plan_has_every_part_and_a_rubric_with_levels_descriptors_and_example_answers(lesson):
    text = (PLANS / f"{lesson.stem}.md").read_text(encoding="utf-8")
    assert re.search(r"^\*\*Objective\.\*\* \S", text, re.M)
    plan = sections(text)
    for part in ("Prepare", "Discussion questions", "If time runs short, skip"):
        assert plan.get(part, "").strip(), part
    rubric = plan[next(k for k in plan if k.startswith("Rubric"))]
    rubrics = re.split(r"^### ", rubric, flags=re.M)[1:]
    assert rubrics, "at least one rubric"
    for block in rubrics:
        header = next(l for l in block.splitlines() if l.startswith("|"))
        assert [c.strip() for c in header.strip("|").split("|")] == ["level", "descriptor", "example answer"]
        rows = table_rows(block)
        assert len(rows) >= 3 and all(len(r) == 3 and all(r) for r in rows), block.splitlines()[0]


def test_plans_exist_only_for_lessons_and_name_only_files_that_exist():
    assert sorted(p.stem for p in PLANS.glob("*.md")) == [l.stem for l in LESSONS]
    pathlike = re.compile(r"`([\w./-]+\.(?:ipynb|csv|json|txt|md|py|toml|yml)|[\w.-]+/[\w./-]*)`")
    for plan in PLANS.glob("*.md"):
        for name in pathlike.findall(plan.read_text(encoding="utf-8")):
            assert (ROOT / name).exists() or (DATASETS / name).exists(), f"{plan.name} names {name}"
        for command in re.findall(r"python3 tasks\.py ([\w-]+)", plan.read_text(encoding="utf-8")):
            assert command in runpy.run_path(str(ROOT / "tasks.py"))["CLASSROOM"] | runpy.run_path(str(ROOT / "tasks.py"))["COMMANDS"]


def test_a_lesson_that_reads_the_country_figures_gets_them_with_what_they_counted_and_their_status(built):
    with open(DATASETS / "country_figures.csv", encoding="utf-8", newline="") as f:
        figures = list(csv.DictReader(f))
    for lesson in LESSONS:
        words = Page(sheet(built, lesson)).words
        reads = bool(re.search(r"""data\.load\(\s*["']country_figures["']""", "".join(
            "".join(c["source"]) for c in worksheets.core_cells(notebook(lesson)) if c["cell_type"] == "code")))
        assert ("The per-country figures" in words) == reads, lesson.stem
        if not reads:
            continue
        start = words.index("The per-country figures")
        table = words[start:words.index("Questions Exercise", start)]
        for row in figures:
            shown = (("~" if row["approximate"] == "true" else "") + f"{int(row['records']):,}") if row["records"] else "unknown"
            expected = f"{row['country']} {shown}"
            assert expected in table, expected
            assert " ".join((row["what_counted"] or "unknown").split()) in table and row["status"] in table


def test_a_coding_exercise_gets_its_reactions_without_their_codes_and_the_codebooks_codes(built):
    from helpers import agreement, exercises

    with open(DATASETS / "reactions.csv", encoding="utf-8", newline="") as f:
        reactions = {r["reaction_id"]: r for r in csv.DictReader(f)}
    for lesson in LESSONS:
        text = sheet(built, lesson)
        codes_them = "exercises.CODING_EXERCISE" in "".join(
            "".join(c["source"]) for c in worksheets.core_cells(notebook(lesson)) if c["cell_type"] == "code")
        assert ("The reactions to code" in Page(text).words) == codes_them, lesson.stem
        if not codes_them:
            continue
        rows = re.findall(r'<tr><th scope="row">(R\d+)</th>(.*?)</tr>', text)
        assert [r for r, _ in rows] == list(exercises.CODING_EXERCISE)
        for reaction_id, cells in rows:
            row = reactions[reaction_id]
            assert html.escape(row["action"]) in cells and html.escape(row["quote"]) in cells
            assert cells.endswith("<td></td>"), "the student's code goes in an empty cell"
            assert row["cameo_code"] not in re.sub(r"\d{4}-\d\d-\d\d", "", cells), "no reaction's code is given away"
        shown = re.findall(r'<tr><th scope="row">(\d{2,4})</th>', text)
        assert shown == list(agreement.SHEET_CODES)


# --- What mutation testing of worksheets found no test noticing ---------------------------------------

ARTICLE_6 = "Lines above the headline\n\nFirst & second <claim>\n\nThird paragraph\n\nFourth paragraph\n\nFifth paragraph\n\nLast paragraph"

LESSON_5 = {"cells": [
    md("# Lesson 5: Reading <b>closely</b>", "", "**The question.** Who said `it` first, and where is ``the proof``?", "",
       "**Timing (30 minutes).**"),
    md("Claims C02, C03 and C05 are in the packet."),
    md("**Exercise 5.1 (read).** Who speaks in paragraph 2?"),
    md("**Exercise 5.2 (choose).** Which is a fact?", "", "- a) the *first*", "- b) the second"),
    md("**Exercise 5.3 (choose).**", "- a) yes", "- b) no"),
]}

PACKET_ROWS = [
    {"packet_id": "P01", "claim_id": "C02", "outlet": "Le Monde", "url": "https://example.org/a?x=1&y=2", "date": "2013-10-21",
     "speaker": "A minister", "excerpt": "Ceci est <grave>", "excerpt_en": "This is <serious>", "later": "Denied & withdrawn"},
    {"packet_id": "P02", "claim_id": "C09", "outlet": "AFP", "url": "", "date": "undated",
     "speaker": "An official", "excerpt": "No comment", "excerpt_en": "", "later": ""},
    {"packet_id": "P03", "claim_id": "C02", "outlet": "Reuters", "url": "u", "date": "2013-10-22",
     "speaker": "Nobody", "excerpt": "Yes", "excerpt_en": "", "later": ""},
]
FIGURE_ROWS = [{"country": "Utopia", "records": "~1,000", "what_counted": "calls <meta>", "period": "unknown",
                "reported_by": "A & B", "status": "CONFIRMED"}]
CODING = ([{"id": "R07", "who": "A <minister> (FRA)", "date": "2013-10-21", "action": "summoned", "quote": "\"no\""}],
          [{"code": "010", "name": "Make statement", "goldstein": "0.0"}, {"code": "111", "name": "Criticize <or> denounce", "goldstein": "-2.0"}])

LINES_4 = '<div class="lines" aria-hidden="true">' + '<div class="line"></div>' * 4 + "</div>"
LINES_2 = '<div class="lines" aria-hidden="true">' + '<div class="line"></div>' * 2 + "</div>"


def main_of(page_text):
    """The page's <main>, and what comes before it, checked to be the page frame."""
    head, rest = page_text.split("<main>\n", 1)
    body, tail = rest.split("\n</main>\n", 1)
    return head, body, tail


def test_a_worksheet_for_a_crafted_lesson_is_exactly_the_page_a_teacher_prints():
    """Written by hand from the module's description: heading, name line, the opening question without code,
    the passages with [...] where paragraphs are left out, the packet grouped by claim with its translation
    beside the excerpt, the figures, the reactions with an empty cell for the code, the codebook, each question
    with room to write (two lines and "Why?" under options, four lines otherwise), and the checklist."""
    text = worksheets.worksheet_html(LESSON_5, "05-reading", ARTICLE_6, {"C02": 2, "C03": 3, "C05": 5}, {},
                                     PACKET_ROWS, {"C02": "The <first> claim"}, FIGURE_ROWS, CODING)
    head, body, tail = main_of(text)
    assert head.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                           '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                           "<title>Worksheet: Lesson 5: Reading &lt;b&gt;closely&lt;/b&gt;</title>\n<style>")
    assert "@page { size: A4; margin: 12mm 14mm; }" in head and "@media print {" in head
    assert head.endswith('</style>\n</head>\n<body>\n<nav><a href="index.html">All worksheets and plans</a></nav>\n')
    assert tail == "</body>\n</html>\n"
    expected = [
        "<h1>Worksheet: Lesson 5: Reading &lt;b&gt;closely&lt;/b&gt;</h1>",
        '<p class="small">Name: ______________________ &nbsp; Class: ________ &nbsp; Date: ____________</p>',
        "<p>Who said it first, and where is the proof?</p>",
        "<p class=\"small\">This sheet goes with the lesson's notebook; you can also do it on paper. "
        "Questions that need a computation use the numbers your teacher shows from the notebook.</p>",
        "<h2>The article: the passages this lesson uses</h2>",
        "<p class=\"small\">From the article the lesson studies (the kit's stored copy), paragraphs numbered as in the kit's "
        "table of claims, from 1 at the top, the lines above the headline included. [&hellip;] marks paragraphs left out.</p>",
        '<p class="gap">[&hellip;]</p>',
        '<p class="passage"><span class="n">2</span> First &amp; second &lt;claim&gt;</p>',
        '<p class="passage"><span class="n">3</span> Third paragraph</p>',
        '<p class="gap">[&hellip;]</p>',
        '<p class="passage"><span class="n">5</span> Fifth paragraph</p>',
        '<p class="gap">[&hellip;]</p>',
        "<h2>The source packet</h2>",
        "<p class=\"small\">Excerpts from the kit's fact sheet, grouped by the claim they are about. Some support the claim, "
        "some do not, some are about other things. Ask of each: who is speaking, and do they give their name? Is it a first "
        "report, a copy, or a correction? Does it say what the claim says?</p>",
        "<h3>C02: The &lt;first&gt; claim</h3>",
        '<div class="item"><p><strong>P01</strong> A minister. <span class="small">Le Monde, 2013-10-21.</span> '
        '<span class="url">https://example.org/a?x=1&amp;y=2</span></p><div class="pair"><p class="excerpt">&ldquo;Ceci est '
        "&lt;grave&gt;&rdquo;</p><p><span class=\"small\">The kit's translation:</span> This is &lt;serious&gt;</p></div>"
        '<p class="small">Later: Denied &amp; withdrawn (fact sheet)</p></div>',
        '<div class="item"><p><strong>P03</strong> Nobody. <span class="small">Reuters, 2013-10-22.</span> '
        '<span class="url">u</span></p><p class="excerpt">&ldquo;Yes&rdquo;</p></div>',
        "<h3>C09</h3>",  # a claim the table does not hold: its id alone, no empty title
        '<div class="item"><p><strong>P02</strong> An official. <span class="small">AFP, undated.</span> '
        '<span class="url"></span></p><p class="excerpt">&ldquo;No comment&rdquo;</p></div>',
        "<section><h2>The per-country figures</h2>",
        "<p class=\"small\">Every figure the kit's fact sheet found, as reported in 2013 from screenshots of the NSA tool "
        "BOUNDLESSINFORMANT: counts of metadata records (who called whom, when, for how long), not calls listened to. "
        "&ldquo;~&rdquo; marks a number the report itself hedged; &ldquo;unknown&rdquo; means no figure was found in the "
        "sources retrieved. The status is the fact sheet's.</p>",
        '<table><thead><tr><th scope="col">country</th><th scope="col">records</th><th scope="col">what was counted</th>'
        '<th scope="col">period</th><th scope="col">reported by</th><th scope="col">status</th></tr></thead><tbody>',
        '<tr><th scope="row">Utopia</th><td>~1,000</td><td>calls &lt;meta&gt;</td><td>unknown</td><td>A &amp; B</td>'
        "<td>CONFIRMED</td></tr>",
        "</tbody></table></section>",
        '<section class="keep"><h2>The reactions to code</h2>',
        "<p class=\"small\">From the kit's table of reactions, with their codes removed. Each row names who acted, when, "
        "what they did, and the words the source reports.</p>",
        '<table><thead><tr><th scope="col">reaction</th><th scope="col">who, when</th><th scope="col">what they did</th>'
        '<th scope="col">words reported</th><th scope="col">your code</th></tr></thead><tbody>',
        '<tr><th scope="row">R07</th><td>A &lt;minister&gt; (FRA), 2013-10-21</td><td>summoned</td>'
        '<td class="excerpt">&quot;no&quot;</td><td></td></tr>',
        "</tbody></table>",
        "<p class=\"small\">Codes from the CAMEO codebook (the kit's codebook excerpt; any other CAMEO code is allowed too), "
        "with the Goldstein score GDELT gives each kind of act, from -10, most conflictual, to +10, most cooperative.</p>",
        '<table><thead><tr><th scope="col">code</th><th scope="col">name</th><th scope="col">Goldstein score (GDELT)</th>'
        '</tr></thead><tbody><tr><th scope="row">010</th><td>Make statement</td><td>0.0</td></tr>'
        '<tr><th scope="row">111</th><td>Criticize &lt;or&gt; denounce</td><td>-2.0</td></tr></tbody></table></section>',
        "<h2>Questions</h2>",
        '<section class="question" aria-label="Exercise 5.1 (read)."><h3>Exercise 5.1 (read).</h3>'
        "<p>Who speaks in paragraph 2?</p>\n" + LINES_4 + "</section>",
        '<section class="question" aria-label="Exercise 5.2 (choose)."><h3>Exercise 5.2 (choose).</h3>'
        '<p>Which is a fact?</p>\n<ul class="options"><li>the <em>first</em></li><li>the second</li></ul>'
        '<p class="small">Why? Write the evidence your answer rests on.</p>' + LINES_2 + "</section>",
        '<section class="question" aria-label="Exercise 5.3 (choose)."><h3>Exercise 5.3 (choose).</h3>'
        '<ul class="options"><li>yes</li><li>no</li></ul>'
        '<p class="small">Why? Write the evidence your answer rests on.</p>' + LINES_2 + "</section>",
        '<h2>Checklist: the moves you used</h2>\n<div class="checks">',
        '<div><h3>SIFT, four moves (Mike Caulfield)</h3><ul class="checklist">'
        "<li><strong>Stop.</strong> Before you believe or share it, notice what the story does to you, and what you know "
        "about where it comes from.</li>"
        "<li><strong>Investigate the source.</strong> Who published it, who wrote it, and when?</li>"
        "<li><strong>Find better coverage.</strong> What do other outlets report? Where was it reported first?</li>"
        "<li><strong>Trace claims to the original context.</strong> What did the first report, quote or document actually "
        "say?</li></ul></div>",
        '<div><h3>Lateral reading</h3><ul class="checklist"><li>Leave the page: read what other sources say about the '
        "source and the claim, not only the page itself.</li></ul></div>",
        '<div><h3>Three questions (Civic Online Reasoning)</h3><ul class="checklist"><li>Who is behind the information?</li>'
        "<li>What is the evidence?</li><li>What do other sources say?</li></ul></div>",
        "</div>",
    ]
    assert body.split("\n") == "\n".join(expected).split("\n")


def test_a_worksheet_without_a_title_or_passages_says_so_and_the_last_paragraph_needs_no_gap_after_it():
    untitled = {"cells": [md("**Exercise 1.1 (x).** Why?")]}
    _, body, _ = main_of(worksheets.worksheet_html(untitled, "01-untitled", ARTICLE_6, {}, {}, None, {}))
    assert body.startswith("<h1>Worksheet: 01-untitled</h1>\n")  # no heading: the file's name
    passages = body.split("<h2>The article: the passages this lesson uses</h2>\n")[1].split("<h2>Questions</h2>")[0]
    assert passages.split("\n")[1:] == ["<p>This lesson quotes no paragraph of the article.</p>", ""]
    assert body.split("\n")[2].startswith('<p class="small">This sheet goes with')  # no opening question to show
    assert "The source packet" not in body and "per-country" not in body and "reactions to code" not in body
    last = {"cells": [md("# L", "", "C01 and C06.")]}
    _, body, _ = main_of(worksheets.worksheet_html(last, "01-x", ARTICLE_6, {"C01": 1, "C06": 6}, {}, None, {}))
    passages = body.split("<h2>The article: the passages this lesson uses</h2>\n")[1].split("\n<h2>Questions</h2>")[0]
    assert passages.split("\n")[1:] == ['<p class="passage"><span class="n">1</span> Lines above the headline</p>',
                                        '<p class="gap">[&hellip;]</p>',
                                        '<p class="passage"><span class="n">6</span> Last paragraph</p>']


def test_the_index_links_every_lesson_and_has_no_link_back_to_itself():
    text = worksheets.index_html([("Lesson <1>", "01-a-worksheet.html", "01-a-plan.html"), ("Lesson 2", "02-b-worksheet.html", "02-b-plan.html")])
    head, body, tail = main_of(text)
    assert "<title>Worksheets and lesson plans</title>" in head and head.endswith("<body>\n") and "<nav>" not in head
    assert body == ("<h1>Worksheets and lesson plans</h1>\n<p>For each lesson, a worksheet students can do on paper (no code, "
                    "no answers) and a plan with a rubric for the teacher. Print from the browser, or choose &ldquo;Save as "
                    "PDF&rdquo; in its print dialogue; the pages are laid out for A4.</p>\n<ul>\n"
                    '<li>Lesson &lt;1&gt;: <a href="01-a-worksheet.html">student worksheet</a>, <a href="01-a-plan.html">teacher '
                    "plan and rubric</a></li>\n"
                    '<li>Lesson 2: <a href="02-b-worksheet.html">student worksheet</a>, <a href="02-b-plan.html">teacher '
                    "plan and rubric</a></li>\n</ul>")
    head, body, _ = main_of(worksheets.plan_html("# Plan\n\n*Objective.*", "Lesson <9>"))
    assert "<title>Plan: Lesson &lt;9&gt;</title>" in head
    assert head.endswith('<nav><a href="index.html">All worksheets and plans</a></nav>\n')
    assert body == "<h1>Plan</h1>\n<p><em>Objective.</em></p>\n"


def test_a_hand_edited_notebook_with_odd_cells_is_read_without_stopping():
    """Cells that are not objects, metadata or tags of the wrong type, a source that is null, outputs that are
    not a list: what can be read is read, the rest counts as empty."""
    nb = {"cells": [
        "not a cell",
        {"cell_type": "markdown", "metadata": None, "source": "# Odd lesson"},
        {"cell_type": "markdown", "metadata": {"tags": "extension"}, "source": "**Exercise 1.1 (kept).** Tags that are not a list are no tags."},
        {"cell_type": "code", "source": None, "outputs": "none"},
        {"cell_type": "code", "metadata": {}, "source": "x_val = 1", "outputs": [None, {"output_type": "display_data", "data": None},
                                                                             {"output_type": "stream", "text": None}]},
        {"cell_type": "code"},
    ]}
    assert worksheets.title(nb) == "Odd lesson"
    assert [(e.number, e.text) for e in worksheets.exercises(nb)] == [("1.1", "Tags that are not a list are no tags.")]
    assert worksheets.lesson_names(nb) == {"x_val"}
    assert worksheets.paragraphs_used(nb, ["Nothing here", "x_val = 1"], {}, {}) == [2]
    without_source = {"cells": [md("# T"), {"cell_type": "code", "outputs": [{"output_type": "display_data", "data": None}]},
                                {"cell_type": "code", "metadata": {}, "source": "y = 2", "outputs": "none"}]}
    assert worksheets._core_text(without_source) == "# T\n\n\ny = 2"  # a cell without source or printed text adds nothing
    assert worksheets.lesson_names(without_source) == {"y"}


def test_what_a_student_sees_in_the_core_is_its_markdown_code_and_printed_text():
    nb = {"cells": [
        md("Read this."),
        code("print(1)", outputs=[
            "not an output",
            {"output_type": "stream", "name": "stdout", "text": ["first line, ", "second line\n"]},
            {"output_type": "execute_result", "data": {"text/plain": ["a ", "table"], "text/html": ["<table>"]}},
            {"output_type": "execute_result", "data": {"text/plain": "plain"}},
            {"output_type": "display_data", "data": {"image/png": "iVBOR"}},
            {"output_type": "error", "ename": "E"},
        ]),
        code("hidden()", outputs=[{"output_type": "stream", "text": "not in the core"}], tags=["extension"]),
    ]}
    assert worksheets._core_text(nb) == "Read this.\nprint(1)\nfirst line, second line\n\na table\nplain\n\n"


def test_reading_a_lesson_with_no_cells_or_an_empty_first_cell_finds_nothing():
    for nb in ({}, {"cells": []}):
        assert worksheets.core_cells(nb) == [] and worksheets.lesson_names(nb) == set() and worksheets.exercises(nb) == []
        assert worksheets.title(nb) == "" and worksheets.question(nb) == "" and worksheets.timing(nb) == (None, None, "")
    assert worksheets.timing({"cells": [md("# No timing")]}) == (None, None, "")
    assert worksheets.timing(SYNTHETIC) == (40, 25, "**Timing (40 minutes).** Two parts. Extensions: 25 minutes more, optional.")


def test_the_title_is_the_first_heading_of_a_markdown_cell_and_the_question_the_first_cells_paragraph():
    nb = {"cells": [
        md("Intro without a heading.", "", "**The question.** Who counted the calls?", "", "**the question.** lower case is not it"),
        code("# a comment is not a heading\nx = 1"),
        "stray",
        md("Text", "## Lesson 4: Who counted?", "# Later heading"),
    ]}
    assert worksheets.title(nb) == "Lesson 4: Who counted?"
    assert worksheets.question(nb) == "Who counted the calls?"
    assert worksheets.question({"cells": [md("# T", "", "**the question.** Not the label")]}) == ""
    assert worksheets.question({"cells": [md("# T"), md("**The question.** Only the first cell counts")]}) == ""


def test_a_cell_that_opens_an_extension_is_left_out_whole_even_when_a_core_heading_follows_in_it():
    nb = {"cells": [
        md("## 1. Core", "", "**Exercise 1.1 (core).** Kept."),
        md("## Extension: more", "", "**Exercise 1.2 (extension).** Not on the sheet.", "", "## 2. Back"),
        md("**Exercise 1.3 (core).** Kept too."),
    ]}
    assert [e.number for e in worksheets.exercises(nb)] == ["1.1", "1.3"]


def test_names_the_lessons_code_uses_skip_magics_and_shell_lines_and_cells_that_do_not_parse():
    nb = {"cells": [
        code("%matplotlib inline\n!pip install nothing\nimport os.path\nimport numpy as np\nfrom a.b import c_d as e_f"),
        code("if True:\n    y_val = 1\n    %time y_val\n    !ls"),
        code("this is not python ("),
        code("z_val = os.sep"),
    ]}
    assert worksheets.lesson_names(nb) == {"os", "np", "e_f", "y_val", "z_val", "sep"}


def test_the_label_of_an_exercise_whose_bold_is_not_closed_is_its_number():
    nb = {"cells": [md("**Exercise 4.2 Who speaks first?")]}
    (exercise,) = worksheets.exercises(nb)
    assert (exercise.label, exercise.text, exercise.options) == ("Exercise 4.2.", "Who speaks first?", ())


@pytest.mark.parametrize("question, expected", [
    # an example that is code goes, the question of eight words left stays; an example that is a column stays
    ("Which column of the table holds the verdict, for example with `df.verdict`?", "Which column of the table holds the verdict?"),
    ("Name a column such as `verdict`.", "Name a column such as verdict."),
    # a pointer at a name of the lesson goes, and what is left (too little) goes with it; a pointer at data stays
    ("Compute the mean of `scores`.", ""),
    ("Count the rows in `claims`.", "Count the rows in claims."),
    # a sentence that still names where the answer goes is dropped
    ("Look at the map. Compare it with `answer_1_1`.", "Look at the map."),
    # a question may name a variable as a word, not an expression; other sentences name neither
    ("Is `df.verdict` the right column?", ""),
    ("Look at `scores`.", ""),
    # the clause after a colon is dropped: the sentence before it ends, and the next clause starts a sentence
    ("Compute the agreement: run the cell below. Then discuss it.", "Compute the agreement. Then discuss it."),
    ("Read the passage; run the cell below; then say who speaks.", "Read the passage. Then say who speaks."),
    ("Read the passage; run the cell below; a neighbour says who speaks.", "Read the passage. A neighbour says who speaks."),
    # punctuation stays with its word, an ellipsis is a full stop, a quoted value is printed without its quotes
    ("Who speaks ?", "Who speaks?"),
    ("Guess what comes next...", "Guess what comes next."),
    ("Is the size `\"XL\"` or `'S'`?", "Is the size XL or S?"),
])
def test_a_question_is_cleaned_of_code_clause_by_clause(question, expected):
    assert worksheets.clean(question, {"scores", "df"}) == expected


def test_the_paragraphs_a_lesson_uses_are_those_it_names_quotes_or_prints_whole():
    paragraphs = ["The headline", "Paris summoned the ambassador on Monday", "It called the practice unacceptable between partners",
                  "A predictable indignation followed quickly", "Washington said all countries gather intelligence",
                  "The minister spoke   on the radio"]
    nb = {"cells": [
        md("Claim C01 is the headline; it is not on the sheet unless named. Reaction R01 and r02."),
        md('The article says "called the practice unacceptable" and "predictable indignation"; see also “followed quickly there”.'),
        code("print(article)", outputs=[{"output_type": "stream", "text": ["The minister spoke on\n", "the radio\n"]}]),
    ]}
    claim_paragraph = {"C01": 1, "C02": 2, "C05": 5}
    assert worksheets.paragraphs_used(nb, paragraphs, claim_paragraph, {"R01": "C05", "R02": "C02", "R03": ""}) == [1, 3, 5, 6]
    assert worksheets.paragraphs_used({"cells": [md("Nothing: C99, R01.")]}, paragraphs, claim_paragraph, {"R01": ""}) == []


def test_a_lesson_codes_reactions_when_its_core_code_reads_the_coding_exercise():
    uses = code("for reaction in exercises.CODING_EXERCISE:\n    print(reaction)")
    assert worksheets.codes_reactions({"cells": [md("# L"), uses]})
    assert not worksheets.codes_reactions({"cells": [md("See `exercises.CODING_EXERCISE`.")]})  # prose is not code
    assert not worksheets.codes_reactions({"cells": [code("EXERCISES.coding_exercise")]})
    assert not worksheets.codes_reactions({"cells": [code(uses["source"], tags=["extension"])]})


@pytest.mark.parametrize("value, text", [(None, ""), (float("nan"), ""), ("<NA>", ""), ("NaT", ""), ("nan", ""),
                                         ("NAN", "NAN"), ("nat", "nat"), (3, "3"), ("P01", "P01")])
def test_a_blank_data_value_is_printed_as_nothing(value, text):
    import pandas as pd

    assert worksheets._cell(value) == text
    assert worksheets._cell(pd.NA) == "" and worksheets._cell(pd.NaT) == ""


def rewrite(folder, name, change):
    """Rewrite one CSV of a scratch copy: change(rows) edits the list of row dicts in place."""
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    change(rows)
    with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


FIGURES = [
    {"country_code": "DEU", "country": "Germany", "records": "500000000", "approximate": "true", "what_counted": "calls, per month",
     "period_start": "2012-12-10", "period_end": "2013-01-08", "period_source_id": "spiegel_gallery_2013_07_29",
     "reported_by": "Der Spiegel", "report_date": "2013-06-30", "source_id": "spiegel_2013_06_30", "status": "CONFIRMED",
     "later_account": "", "later_source_id": "", "rank_in_article": "1", "note": 'The fact sheet writes "half a billion" here.'},
    {"country_code": "FRA", "country": "France", "records": "70300000", "approximate": "false", "what_counted": "",
     "period_start": "2012-12-10", "period_end": "", "period_source_id": "lemonde_2013_10_21",
     "reported_by": "Le Monde", "report_date": "2013-10-21", "source_id": "lemonde_2013_10_21", "status": "CONFIRMED",
     "later_account": "", "later_source_id": "", "rank_in_article": "3", "note": 'the fact sheet writes "70.3 million".'},
    {"country_code": "ESP", "country": "Spain", "records": "", "approximate": "", "what_counted": "metadata",
     "period_start": "2012-12-10", "period_end": "2013-01-08", "period_source_id": "salon_2013_10_28",
     "reported_by": "El Mundo", "report_date": "2013-10-28", "source_id": "salon_2013_10_28", "status": "UNCONFIRMED",
     "later_account": "", "later_source_id": "", "rank_in_article": "", "note": "A note."},
    {"country_code": "ITA", "country": "Italy", "records": "46000000", "approximate": "false", "what_counted": "telephony metadata",
     "period_start": "2012-12-10", "period_end": "2013-01-08", "period_source_id": "",
     "reported_by": "Corriere", "report_date": "2013-10-28", "source_id": "corriere_2013_10_28", "status": "CONFIRMED",
     "later_account": "", "later_source_id": "", "rank_in_article": "", "note": "A note."},
]


def test_the_figures_say_what_was_counted_over_which_days_and_mark_hedged_borrowed_and_unknown_values(scratch):
    crafted = {r["country_code"]: r for r in FIGURES}
    rewrite(scratch, "country_figures", lambda rows: [row.update(crafted.get(row["country_code"], {})) for row in rows])
    names = [r["country"] for r in FIGURES]
    assert [r for r in worksheets.figure_rows(scratch) if r["country"] in names] == [
        {"country": "Germany", "records": '~500,000,000 (the fact sheet writes "half a billion")', "what_counted": "calls, per month",
         "period": "2012-12-10 to 2013-01-08 (period from another report)", "reported_by": "Der Spiegel", "status": "CONFIRMED"},
        {"country": "France", "records": "70,300,000", "what_counted": "unknown", "period": "unknown", "reported_by": "Le Monde",
         "status": "CONFIRMED"},
        {"country": "Spain", "records": "unknown", "what_counted": "metadata", "period": "2012-12-10 to 2013-01-08",
         "reported_by": "El Mundo", "status": "UNCONFIRMED"},
        {"country": "Italy", "records": "46,000,000", "what_counted": "telephony metadata", "period": "2012-12-10 to 2013-01-08",
         "reported_by": "Corriere", "status": "CONFIRMED"},
    ]


def test_the_packet_and_the_reactions_to_code_come_from_the_folder_given(scratch):
    def edit_packet(rows):
        rows[0]["speaker"] = "A speaker only the copy has"

    def edit_sources(rows):
        for row in rows:
            if row["source_id"] == "reuters_dailystar_2013_10_21":
                row["outlet"] = "An outlet only the copy has"

    rewrite(scratch, "source_packet", edit_packet)
    rewrite(scratch, "sources", edit_sources)
    rewrite(scratch, "actors", lambda rows: rows[0].__setitem__("name", "An actor only the copy has"))
    rewrite(scratch, "cameo_codes", lambda rows: [r.__setitem__("name", "A name only the copy has") for r in rows if r["cameo_code"] == "010"])
    first = worksheets.packet_rows(scratch)[0]
    assert (first["packet_id"], first["speaker"], first["outlet"], first["date"]) == ("P01", "A speaker only the copy has",
                                                                                     "An outlet only the copy has", "2013-10-21")
    with open(scratch / "actors.csv", encoding="utf-8", newline="") as f:
        actor_id = next(csv.DictReader(f))["actor_id"]
    reactions, codes = worksheets.coding_rows(scratch)
    with open(scratch / "reactions.csv", encoding="utf-8", newline="") as f:
        by_id = {r["reaction_id"]: r for r in csv.DictReader(f)}
    for row in reactions:
        assert row["date"] == by_id[row["id"]]["date"] and re.fullmatch(r"\d{4}-\d\d-\d\d", row["date"])
    by_that_actor = [r for r in reactions if by_id[r["id"]]["actor_id"] == actor_id]
    assert by_that_actor and all("An actor only the copy has" in r["who"] for r in by_that_actor)
    assert codes[0] == {"code": "010", "name": "A name only the copy has", "goldstein": "0.0"}


def test_dates_typed_as_dates_in_the_descriptor_are_printed_as_days(scratch, monkeypatch):
    """A descriptor may type the dates as dates (pandas then reads them as timestamps): the sheets still print
    2013-10-21, never a time of day, and a blank date is undated (packet, reactions) or unknown (a period)."""
    descriptor = json.loads((scratch / "datapackage.json").read_text(encoding="utf-8"))
    dated = {"sources": ["date"], "reactions": ["date"], "country_figures": ["period_start", "period_end"]}
    for resource in descriptor["resources"]:
        for field in resource.get("schema", {}).get("fields", []):
            if field["name"] in dated.get(resource["name"], []):
                field["type"] = "date"
    (scratch / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")

    def whole_days_only(columns):
        def change(rows):
            for row in rows:
                for column in columns:
                    if not re.fullmatch(r"\d{4}-\d\d-\d\d", row[column]):
                        row[column] = ""
        return change

    for name, columns in dated.items():
        rewrite(scratch, name, whole_days_only(columns))
    rewrite(scratch, "reactions", lambda rows: [r.__setitem__("date", "") for r in rows if r["reaction_id"] == "R12"])
    rewrite(scratch, "sources", lambda rows: [r.__setitem__("date", "") for r in rows if r["source_id"] == "reuters_republicbroadcasting_2013_10_21"])
    monkeypatch.setattr(checks, "DATASETS", scratch)  # the copy's descriptor is the one the checks read
    assert checks.check(scratch) == []
    packet = {r["packet_id"]: r["date"] for r in worksheets.packet_rows(scratch)}
    assert (packet["P01"], packet["P02"]) == ("2013-10-21", "undated")
    reactions = {r["id"]: r["date"] for r in worksheets.coding_rows(scratch)[0]}
    assert (reactions["R02"], reactions["R12"]) == ("2013-10-21", "undated")
    figures = {r["country"]: r["period"] for r in worksheets.figure_rows(scratch)}
    assert (figures["France"], figures["Netherlands"]) == ("2012-12-10 to 2013-01-08", "unknown")


def test_build_gives_each_lesson_the_data_it_reads_from_the_folder_given_and_plans_their_titles(scratch, tmp_path):
    article = (scratch / "article.txt").read_text(encoding="utf-8")  # the article itself may not be edited
    rewrite(scratch, "claims", lambda rows: [r.update(text="the U.S. ambassador", start=str(int(r["start"]) + 10)) for r in rows
                                             if r["claim_id"] == "C18"])
    rewrite(scratch, "reactions", lambda rows: [r.update(quote="the U.S. ambassador") if r["reaction_id"] == "R01" else
                                                r.update(claim_id="C15", in_article="true", quote="70.3 million recordings") if r["reaction_id"] == "R02" else None for r in rows])
    assert checks.check(scratch) == [], [str(p) for p in checks.check(scratch)]
    lessons, plans = tmp_path / "lessons", tmp_path / "plans"
    lessons.mkdir()
    plans.mkdir()
    for stem, cells in {"01-packet": [md("# Lesson 1: The packet"), code('packet = data.load("source_packet")'), md("Reaction R01.")],
                        "02-figures": [code('figures = data.load("country_figures")'), md("Reaction R02.")],
                        "03-coding": [md("# Lesson 3: Coding"), code("for r in exercises.CODING_EXERCISE:\n    pass")]}.items():
        (lessons / f"{stem}.ipynb").write_text(json.dumps({"cells": cells}), encoding="utf-8")
        (plans / f"{stem}.md").write_text(f"# Plan for {stem}\n", encoding="utf-8")
    out = tmp_path / "nested" / "folder" / "out"  # made with its parents
    paths = worksheets.build(out, lessons, plans, datasets=scratch)
    assert [p.relative_to(out).as_posix() for p in paths] == [
        "01-packet-worksheet.html", "01-packet-plan.html", "02-figures-worksheet.html", "02-figures-plan.html",
        "03-coding-worksheet.html", "03-coding-plan.html", "index.html"]
    sheets = {p.name: Page(p.read_text(encoding="utf-8")) for p in paths}
    words = {name: page.words for name, page in sheets.items()}
    # lesson 1 reads the packet, and names R01, whose claim C18 is in paragraph 8, as the copy has it
    assert "The source packet" in words["01-packet-worksheet.html"] and "C18: the U.S. ambassador" in words["01-packet-worksheet.html"]
    assert "8 France reacted with predictable indignation, summoning the U.S. ambassador." in words["01-packet-worksheet.html"]
    # lesson 2 reads the figures; R02 is about C15 in the copy
    claim_15 = article.split("\n\n")[6]
    assert "The per-country figures" in words["02-figures-worksheet.html"] and f"7 {' '.join(claim_15.split())}" in words["02-figures-worksheet.html"]
    assert "The reactions to code" in words["03-coding-worksheet.html"]
    for name, sections in {"01-packet": ("The source packet",), "02-figures": ("The per-country figures",),
                           "03-coding": ("The reactions to code",)}.items():
        for other in ("The source packet", "The per-country figures", "The reactions to code"):
            assert (other in words[f"{name}-worksheet.html"]) == (other in sections), (name, other)
    assert [sheets[f"{stem}-plan.html"].title for stem in ("01-packet", "02-figures", "03-coding")] == [
        "Plan: Lesson 1: The packet", "Plan: 02-figures", "Plan: Lesson 3: Coding"]
    assert re.findall(r"<li>(.*?): <a", (out / "index.html").read_text(encoding="utf-8")) == ["Lesson 1: The packet", "02-figures", "Lesson 3: Coding"]


@pytest.mark.parametrize("content, message", [
    ("[1, 2]", "01-x.ipynb: is not a notebook (no list of cells)"),
    ('{"cells": 3}', "01-x.ipynb: is not a notebook (no list of cells)"),
    ('{"metadata": {}}', "01-x.ipynb: is not a notebook (no list of cells)"),
])
def test_a_file_that_is_json_but_not_a_notebook_is_named(tmp_path, content, message):
    (tmp_path / "01-x.ipynb").write_text(content, encoding="utf-8")
    with pytest.raises(worksheets.WorksheetError) as raised:
        worksheets.read_notebook(tmp_path / "01-x.ipynb")
    assert str(raised.value) == message
    (tmp_path / "01-x.ipynb").write_text('{"cells": [], "note": "café"}', encoding="utf-8")
    assert worksheets.read_notebook(tmp_path / "01-x.ipynb") == {"cells": [], "note": "café"}


def test_the_command_says_how_to_use_it_and_passes_the_folder_to_build(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("COLUMNS", "100")  # argparse wraps its help to the terminal
    with pytest.raises(SystemExit) as stopped:
        worksheets.main(["--help"])
    assert stopped.value.code == 0
    usage = capsys.readouterr().out
    assert usage.startswith("usage: python3 tasks.py worksheets [-h] [--out OUT]\n\n"
                            "Printable worksheets and teacher plans, one of each per lesson.\n")
    assert ("--out OUT where to write (default: build/worksheets/ in the kit; through tasks.py, a relative folder is "
            "taken from the kit's folder)") in " ".join(usage.split())
    with pytest.raises(SystemExit) as stopped:
        worksheets.main(["--nonsense"])
    assert stopped.value.code == 2 and capsys.readouterr().err.startswith("usage: python3 tasks.py worksheets")
    calls = []
    written = [tmp_path / "01-a-worksheet.html", tmp_path / "01-a-plan.html", tmp_path / "index.html"]
    monkeypatch.setattr(worksheets, "build", lambda out=None: calls.append(out) or written)
    assert worksheets.main(["--out", str(tmp_path)]) == 0
    assert worksheets.main([]) == 0
    assert calls == [tmp_path, None]  # the folder given, or the default
    assert capsys.readouterr().out == f"wrote 2 pages and {tmp_path / 'index.html'}\n" * 2


def test_the_command_stops_with_the_problem_named(monkeypatch, capsys):
    def fail(out=None):
        raise worksheets.WorksheetError("09-a: there is no plan")

    monkeypatch.setattr(worksheets, "build", fail)
    assert worksheets.main([]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "Stopped: 09-a: there is no plan\n")


def test_build_reads_every_data_file_from_the_folder_given_and_none_from_the_kits_own(scratch, monkeypatch, tmp_path):
    kit = tmp_path / "kit-datasets"  # the kit's datasets folder holds only its descriptor: reading any data file from it fails
    kit.mkdir()
    (kit / "datapackage.json").write_bytes((DATASETS / "datapackage.json").read_bytes())
    monkeypatch.setattr(checks, "DATASETS", kit)
    lessons, plans = tmp_path / "lessons", tmp_path / "plans"
    lessons.mkdir()
    plans.mkdir()
    (lessons / "01-all.ipynb").write_text(json.dumps({"cells": [
        md("# Lesson 1: Everything"), md("**Exercise 1.1 (x).** Who speaks in C18?"),
        code('packet = data.load("source_packet")\nfigures = data.load("country_figures")\nfor r in exercises.CODING_EXERCISE:\n    pass'),
    ]}), encoding="utf-8")
    (plans / "01-all.md").write_text("# Plan\n", encoding="utf-8")
    sheet_path = worksheets.build(tmp_path / "out", lessons, plans, datasets=scratch)[0]
    words = Page(sheet_path.read_text(encoding="utf-8")).words
    for part in ("The source packet", "The per-country figures", "The reactions to code",
                 "8 France reacted with predictable indignation, summoning the U.S. ambassador."):
        assert part in words
