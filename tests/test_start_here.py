"""The start-here lesson (notebooks/00-start-here.ipynb): its exercises, shape and lesson map.

nbval re-executes the notebook and compares its stored outputs, as for every lesson.
These tests reuse test_notebooks.py's runner, which runs the notebook's code here with
either the starter cells or the worked solutions from instructors/solutions.py.
"""
from __future__ import annotations

import re

import pytest

import test_notebooks as lessons
from helpers import data, exercises

from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "00-start-here.ipynb"
IDS = sorted(k for k in exercises.QUESTIONS if k.startswith("0."))


def markdown():
    return [source for _, source, _ in lessons.cells(NOTEBOOK, "markdown")]


def test_every_solution_gets_right():
    printed, _, _ = lessons.run(NOTEBOOK, solutions=True)
    lines = lessons.check_lines(printed)
    assert len(lines) == len(IDS) >= 3
    assert lines == [f"Exercise {i}: right!" for i in IDS]


def test_every_starter_cell_is_not_answered_yet():
    printed = lessons.stored_printed(NOTEBOOK)
    lines = lessons.check_lines(printed)
    assert [line.split(":")[0] for line in lines] == [f"Exercise {i}" for i in IDS]
    assert all("not answered yet" in line for line in lines), lines


def test_questions_solutions_and_answer_key_cover_the_same_exercises():
    in_notebook = [m[1] for _, s, _ in lessons.cells(NOTEBOOK, "code") if (m := lessons.CHECK.search(s))]
    assert in_notebook == IDS == sorted(k for k in lessons.SOLUTIONS if k.startswith("0."))
    notes = (ROOT / "instructors" / "00-start-here.md").read_text(encoding="utf-8")
    assert re.findall(r"^\| (0\.\d+) \|", notes, flags=re.M) == IDS  # test_docs checks the answers themselves


def test_exercises_have_one_shape_and_outputs_come_from_one_clean_run():
    lessons.test_exercises_have_one_shape(NOTEBOOK)
    lessons.test_stored_outputs_come_from_one_clean_run(NOTEBOOK)
    lessons.test_running_a_notebook_leaves_datasets_unchanged(NOTEBOOK)


def test_opening_and_key_points():
    text = markdown()
    assert text[0].startswith("# Start here")
    assert "**The question.**" in text[0]
    goals = re.search(r"\*\*Learning goals\.\*\*.*?\n((?:\d+\. .*\n?)+)", text[0])
    assert goals and 3 <= len(goals[1].strip().splitlines()) <= 5
    timing = re.search(r"\*\*Timing \((\d+) minutes\)\.\*\* (.*)", text[0])
    assert timing and sum(int(m) for m in re.findall(r"(\d+) min\b", timing[2])) == int(timing[1])
    assert text[-1].startswith("## Key points")


def test_multiple_choice_options_are_the_ones_the_check_uses():
    """Exercise 0.4's options in the notebook are the passages its expected answer is computed from."""
    options = {m[1]: m[2] for s in markdown() if "**Exercise 0.4" in s for m in re.finditer(r"^- ([a-z])\) (.+)$", s, flags=re.M)}
    assert set(options) == set(exercises.START_HERE_SENTENCES)
    for letter, passage in exercises.START_HERE_SENTENCES.items():
        assert passage in options[letter]
    for question in IDS[1:]:  # every multiple-choice answer is one of the letters offered
        block = next(s for s in markdown() if f"**Exercise {question} (" in s)
        assert f"- {exercises.QUESTIONS[question].expected()}) " in block, question


def test_a_wrong_answer_gets_not_yet(capsys):
    for question in IDS:
        expected = exercises.QUESTIONS[question].expected()
        wrong = expected + 1 if isinstance(expected, int) else ("a" if expected != "a" else "b")
        exercises.check(question, wrong)
        assert capsys.readouterr().out.startswith(f"Exercise {question}: not yet"), question


def test_lesson_map_lists_every_other_lesson_with_its_timing():
    printed = lessons.stored_printed(NOTEBOOK)
    output = printed[-1]
    others = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb") if p != NOTEBOOK)
    assert others
    for path in others:
        top = lessons.cells(path)[0][1]
        minutes = re.search(r"\*\*Timing \((\d+) minutes\)", top)[1]
        assert f"{path.name}: {top.splitlines()[0].lstrip('# ')} ({minutes} minutes)" in output
    assert "?" not in re.findall(r"\((\S+) minutes\)", output)


def word_runs(text, n=6):
    words = re.findall(r"[\w'-]+", text.lower())
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_lesson_map_asks_its_own_question_and_repeats_no_lesson_prose():
    """The map prints each lesson's title and time from the lesson, and a question written in this
    notebook: no run of six words from any lesson's opening cell, which other authors revise."""
    printed = lessons.stored_printed(NOTEBOOK)
    others = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb") if p != NOTEBOOK)
    questions = [line.strip() for line in printed[-1].splitlines() if line.startswith("    ")]
    assert len(questions) == len(others)
    assert all(q.endswith("?") for q in questions), questions
    for path in others:
        opening = word_runs(lessons.cells(path)[0][1])
        for question in questions:
            assert not word_runs(question) & opening, (path.name, question)


def printed_by(marker):
    """What the one code cell whose source contains ``marker`` printed."""
    printed = lessons.stored_printed(NOTEBOOK)
    code = [source for _, source, _ in lessons.cells(NOTEBOOK, "code")]
    (index,) = [i for i, source in enumerate(code) if marker in source]
    return printed[index]


def test_the_article_is_printed_after_a_warning_that_counts_its_doubtful_claims():
    claims = data.load("claims")
    first, article = printed_by("data.article()").split("\n", 1)
    assert first.startswith("Warning: ") and article.lstrip().startswith("[1] ")
    assert f"{(claims['verdict'] == 'disputed').sum()} are disputed" in first
    assert f"{(claims['verdict'] == 'not_found').sum()} were not found" in first


def test_agency_copy_count_keeps_apart_the_claims_it_does_not_back():
    """Citing agency copy is not agency copy reporting the fact: the printout splits the claims that
    cite it into those whose verdict is confirmed or partly and the others, listed with their verdicts."""
    output = printed_by('"wire_copy"')
    cited, _ = map(int, re.search(r"^For (\d+) of the article's (\d+) claims, the kit's evidence includes agency copy", output, flags=re.M).groups())
    backed, rest = map(int, re.search(r"^(\d+) of them have the verdict confirmed or partly\. The other (\d+):", output, flags=re.M).groups())
    listed = re.findall(r"^ +\[\d+\] (C\d+), verdict (\w+):", output, flags=re.M)
    verdicts = data.load("claims").set_index("claim_id")["verdict"]
    assert backed + rest == cited and len(listed) == rest
    assert all(verdicts[claim] == verdict not in ("confirmed", "partly") for claim, verdict in listed)
    assert f"evidence of those {backed}:" in output


def test_the_caveat_on_the_figure_comes_before_the_figure_is_printed():
    sequence = lessons.cells(NOTEBOOK)
    (index,) = [i for i, (kind, source, _) in enumerate(sequence) if kind == "code" and "earliest report retrieved" in source]
    kind, before, _ = sequence[index - 1]
    assert kind == "markdown" and "earliest report retrieved" in before
    assert '"over"' in before and '"recordings"' in before and "exercise 0.3" in before
    assert "first appeared" not in printed_by("earliest report retrieved")


def test_what_the_figure_counted_is_said_only_after_exercise_0_3_is_checked():
    """The caveat above the figure flags "recordings" as a question; the answer (metadata records, not
    calls listened to) is spelled out only below 0.3's check, so running in order does not give it away."""
    sequence = lessons.cells(NOTEBOOK)
    (check,) = [i for i, (kind, source, _) in enumerate(sequence) if kind == "code" and 'check("0.3"' in source]
    above = " ".join(source for _, source, _ in sequence[:check])
    assert "metadata records" not in above and "listened-to calls" not in above
    assert "metadata records" in sequence[check + 1][1]


def test_who_reads_the_attribution_so_the_kicker_is_in_haaretzs_own_voice():
    """C01's words shorten the Foreign Ministry's, but the article names no source: own voice."""
    claims = data.load("claims").set_index("claim_id")
    assert claims.loc["C01", "attribution"] == "own_voice" and claims.loc["C01", "claimant"] != "Haaretz"
    line = next(l for l in printed_by("def who(").splitlines() if l.startswith("    ") and "verdict" in l)
    assert "in Haaretz's own voice, no source named" in line and "attributed" not in line


# --- Lessons 0 and 1 (branch lesson01): multiple choice, replies, translations, the core alone ----------

import json  # noqa: E402
import math  # noqa: E402

MY_LESSONS = [NOTEBOOK, ROOT / "notebooks" / "01-tabulating-claims.ipynb"]
OPTION = re.compile(r"^- ([a-d])\) (.+)$", flags=re.M)


def multiple_choice(path):
    """{question: {letter: option text}} for every exercise whose prompt lists lettered options."""
    found = {}
    for _, source, _ in lessons.cells(path, "markdown"):
        label = re.search(r"\*\*Exercise (\d+\.\d+) \(", source)
        if label and OPTION.search(source):
            found[label[1]] = {m[1]: m[2].strip() for m in OPTION.finditer(source)}
    return found


def test_multiple_choice_options_do_not_give_the_answer_away():
    """Across lessons 0 and 1: the right letter varies, the right option is not systematically the
    longest, and within a question no option is much longer than another (hedges make options long)."""
    questions = {q: o for path in MY_LESSONS for q, o in multiple_choice(path).items()}
    assert len(questions) >= 5
    right = {q: exercises.QUESTIONS[q].expected() for q in questions}
    assert all(right[q] in options for q, options in questions.items())
    assert len(set(right.values())) >= 3, right
    longest = [q for q, options in questions.items() if len(options[right[q]]) == max(map(len, options.values()))]
    assert len(longest) <= len(questions) // 3, longest
    for q, options in questions.items():
        lengths = [len(o) for o in options.values()]
        assert max(lengths) <= 1.6 * min(lengths), (q, lengths)


# Each also/replies branch of lessons 0 and 1, with an answer taken from the data and the line it must print.
def _branch_answers():
    claims = data.load("claims")
    packet = data.load("source_packet")
    checked = claims[claims["verdict"] != "opinion"]
    other = checked[checked["attribution"] == "other_outlet"]
    article = data.article()
    c15 = claims.set_index("claim_id").loc["C15"]
    paragraphs = [i for i, p in enumerate(article.split("\n\n"), start=1) if "70.3 million" in p]
    kinds = {claims.loc[claims["text"].str.contains(p, regex=False), "claim_type"].iloc[0]: letter
             for letter, p in exercises.START_HERE_SENTENCES.items()}
    return [
        ("0.1", paragraphs[-1], "not yet. That paragraph gives the figure"),
        ("0.2", "b", "not yet. Agency copy reporting the same facts"),
        ("0.2", "c", "not yet. Look at the last line"),
        ("0.3", "a", "not yet. That is the misreading this lesson is about"),
        ("0.3", "c", "not yet. Reread Le Monde's own sentence"),
        ("0.4", kinds["event"], "not yet. A summons is an event"),
        ("0.4", kinds["quote"], "not yet. Those are Kerry's words"),
        ("0.5", "b", "not yet. Reporting that an editorial appeared is news"),
        ("0.5", "c", "not yet. Reread what the fact sheet holds"),
        ("1.1", article[c15["start"]:c15["end"]], "not yet. That is C15's text"),
        ("1.2", (claims["claim_type"] == "event").sum(), "not yet. That is the number of events"),
        ("1.2", (claims["claim_type"] == "quote").sum() + 1, "not yet. Close: you may have counted the editorial's title"),
        ("1.3", packet.loc[packet["speaker"].str.startswith("Keith Alexander"), "packet_id"].iloc[0], "not yet. Keith Alexander gives his name"),
        ("1.4", packet.loc[packet["speaker"].str.startswith("NL Times"), "packet_id"].iloc[0], "not yet. That is a later report"),
        ("1.5", claims.loc[claims["text"].str.contains("between partners", regex=False), "claim_id"].iloc[0], "not yet. Those are the Foreign Ministry's words"),
        ("1.6", checked["verdict"].isin(["confirmed", "partly"]).mean(), "right! That counts partly confirmed claims as held up"),
        ("1.6", (claims["verdict"] == "confirmed").mean(), "not yet. That divides by every claim"),
        ("1.6", 100 * (checked["verdict"] == "confirmed").mean(), "not yet. That is a percentage"),
        ("1.7", "a", "not yet. The chart does show that: each piece"),
        ("1.7", "b", "not yet. The chart does show that, for this article"),
        ("1.8", (other["verdict"] == "confirmed").mean(), "not yet. That is the share with C05 still in"),
    ]


def test_every_defensible_answer_and_known_misconception_gets_its_own_line(capsys):
    cases = _branch_answers()
    for question, answer, start in cases:
        expected = exercises.QUESTIONS[question].expected()
        assert not (isinstance(expected, float) and math.isclose(float(answer), expected, abs_tol=0.005)) and answer != expected, question
        exercises.check(question, answer)
        assert capsys.readouterr().out.startswith(f"Exercise {question}: {start}"), (question, answer)
    branches = sum(len(q.also) + len(q.replies) for k, q in exercises.QUESTIONS.items() if k[0] in "01")
    assert len(cases) == branches  # every branch of lessons 0 and 1 is tried once


def test_a_wrong_kind_of_answer_gets_the_hint_for_that_mistake(capsys):
    for question in [k for k in exercises.QUESTIONS if k[0] in "01"]:
        expected = exercises.QUESTIONS[question].expected()
        exercises.check(question, [expected, expected])
        assert "a list of several values" in capsys.readouterr().out, question
        if isinstance(expected, str):
            exercises.check(question, 6)
            assert "put it in quotes" in capsys.readouterr().out, question


def test_every_french_excerpt_is_shown_with_its_translation():
    packet = data.load("source_packet").merge(data.load("sources")[["source_id", "language"]], on="source_id")
    foreign = packet[packet["language"] != "en"]
    assert len(foreign) >= 3 and foreign["excerpt_en"].notna().all()
    assert packet.loc[packet["language"] == "en", "excerpt_en"].isna().all()
    shown = "".join(lessons.stored_printed(MY_LESSONS[1]))
    for row in foreign.itertuples():
        excerpt = shown.index(row.excerpt)
        assert shown.index(row.excerpt_en, excerpt) - excerpt < len(row.excerpt) + 80, row.packet_id


@pytest.mark.parametrize("path", MY_LESSONS, ids=lambda p: p.stem)
def test_the_core_runs_alone_with_every_extension_cell_left_out(path, tmp_path):
    """Strip the cells tagged extension, run the rest in a fresh kernel: no error, and every check of the
    core still prints. Extension cells sit under an "Extension:" heading that is tagged too."""
    from nbclient import NotebookClient

    nb = json.loads(path.read_text(encoding="utf-8"))
    tagged = [c for c in nb["cells"] if "extension" in c["metadata"].get("tags", [])]
    assert tagged and re.match(r"#{2,3} Extension: ", "".join(tagged[0]["source"]))
    for i, c in enumerate(nb["cells"]):
        if c in tagged and i and nb["cells"][i - 1] not in tagged:  # each run of extension cells opens with its heading
            assert re.match(r"#{2,3} Extension: ", "".join(c["source"])), "".join(c["source"])[:60]
    core = dict(nb, cells=[c for c in nb["cells"] if c not in tagged])
    import nbformat

    client = NotebookClient(nbformat.reads(json.dumps(core), as_version=4), timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    printed = "".join(o.get("text", "") for c in client.nb.cells if c.cell_type == "code" for o in c.outputs)
    checks = re.findall(r'exercises\.check\("(\d+\.\d+)"', "".join("".join(c["source"]) for c in core["cells"]))
    assert checks and all(f"Exercise {q}: not answered yet" in printed for q in checks)
