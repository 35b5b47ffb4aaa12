"""The start-here lesson (notebooks/00-start-here.ipynb): its exercises, shape and lesson map.

nbval re-executes the notebook and compares its stored outputs, as for every lesson.
These tests reuse test_notebooks.py's runner, which runs the notebook's code here with
either the starter cells or the worked solutions from instructors/solutions.py.
"""
from __future__ import annotations

import re

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
    cited, _ = map(int, re.search(r"^(\d+) of the article's (\d+) claims cite agency copy", output, flags=re.M).groups())
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
    assert '"over"' in before and "metadata records" in before
    assert "first appeared" not in printed_by("earliest report retrieved")
