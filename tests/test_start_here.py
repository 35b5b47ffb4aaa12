"""The start-here lesson (notebooks/00-start-here.ipynb): its exercises, shape and lesson map.

nbval re-executes the notebook and compares its stored outputs, as for every lesson.
These tests reuse test_notebooks.py's runner, which runs the notebook's code here with
either the starter cells or the worked solutions from instructors/solutions.py.
"""
from __future__ import annotations

import re

import test_notebooks as lessons
from helpers import exercises

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
    printed, _, _ = lessons.run(NOTEBOOK, solutions=False)
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
    printed, _, _ = lessons.run(NOTEBOOK, solutions=False)
    output = printed[-1]
    others = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb") if p != NOTEBOOK)
    assert others
    for path in others:
        top = lessons.cells(path)[0][1]
        minutes = re.search(r"\*\*Timing \((\d+) minutes\)", top)[1]
        assert f"{path.name}: {top.splitlines()[0].lstrip('# ')} ({minutes} minutes)" in output
    assert "?" not in re.findall(r"\((\S+) minutes\)", output)
