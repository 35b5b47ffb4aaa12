"""The teacher's workflow: students' copies and the class summary.

(The student bundle has its own file, tests/test_bundle.py, because it runs lessons.)
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import subprocess
from html.parser import HTMLParser

import pytest

from helpers import classroom, exercises

from conftest import ROOT, fingerprint

LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WITH_EXERCISES = [l for l in classroom.lessons() if l.exercises]


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


# --- Students' own copies -------------------------------------------------------------------


def test_lessons_and_exercises_are_found_from_the_files():
    found = classroom.lessons()
    assert [l.path for l in found] == LESSONS
    for lesson in found:
        text = lesson.path.read_text(encoding="utf-8")
        assert list(lesson.exercises) == list(dict.fromkeys(re.findall(r'exercises\.check\(\\"(\d+\.\d+)\\"', text)))
    assert WITH_EXERCISES


def test_copies_are_made_once_and_reset_keeps_the_old_one(tmp_path):
    before = fingerprint(ROOT / "notebooks")
    work = tmp_path / "work"
    made = classroom.student_copies(work=work)
    assert [p.name for p in made] == [p.name for p in LESSONS]
    first = made[0]
    first.write_text("a student's answers", encoding="utf-8")
    assert classroom.student_copies(work=work) == []  # an existing copy is never touched
    assert first.read_text(encoding="utf-8") == "a student's answers"
    number = first.name.split("-")[0]
    kept, fresh = classroom.reset(number, work=work)
    assert kept.read_text(encoding="utf-8") == "a student's answers" and kept.name == f"{first.stem}.old-1.ipynb"
    assert fresh == first and fresh.read_bytes() == LESSONS[0].read_bytes()
    kept2, _ = classroom.reset(first.name, work=work)  # by file name too; the first old copy stays
    assert kept2.name == f"{first.stem}.old-2.ipynb" and kept.exists()
    with pytest.raises(classroom.ClassroomError, match="the lessons are: " + LESSONS[0].stem):
        classroom.reset("99", work=work)
    assert fingerprint(ROOT / "notebooks") == before


def test_work_and_build_folders_are_git_ignored():
    paths = ["work/01-x.ipynb", "build/student-bundle.zip", "build/class-summary/x.csv"]
    done = subprocess.run(["git", "check-ignore", *paths], cwd=ROOT, capture_output=True, text=True)
    if done.returncode == 128:
        pytest.skip("not a git checkout")
    assert done.stdout.split() == paths
    assert classroom.WORK == ROOT / "work" and classroom.BUILD == ROOT / "build"


def test_lab_opens_the_work_folder_and_teachers_see_the_whole_kit(monkeypatch):
    import runpy

    tasks = runpy.run_path(str(ROOT / "tasks.py"))
    calls, made = [], []
    monkeypatch.setitem(tasks["lab"].__globals__, "ensure", lambda extra: "python")
    monkeypatch.setattr(tasks["subprocess"], "call", lambda argv: calls.append(argv) or 0)
    monkeypatch.setattr(classroom, "student_copies", lambda: made.append(1) or [])
    tasks["CLASSROOM"]["lab"]([])
    tasks["CLASSROOM"]["lab"](["--teacher", "--no-browser"])
    assert f"--ServerApp.root_dir={classroom.WORK}" in calls[0] and made == [1]
    assert f"--ServerApp.root_dir={ROOT}" in calls[1] and "--teacher" not in calls[1] and "--no-browser" in calls[1]


class Page(HTMLParser):
    """The images, headings, table headers and text of an HTML page."""

    def __init__(self, text):
        super().__init__()
        self.images, self.headers, self.tags, self.text, self.html_lang, self.title = [], [], [], [], None, ""
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "img":
            self.images.append(attrs)
        elif tag == "th":
            self.headers.append(attrs)
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_title:
            self.title += data


def small_lesson(outputs):
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {"language_info": {"name": "python"}},
            "cells": [{"cell_type": "markdown", "id": "title", "metadata": {}, "source": "# Lesson 9: A chart\n\n## One chart"},
                      {"cell_type": "code", "id": "chart", "metadata": {}, "execution_count": 1, "source": "chart()", "outputs": outputs}]}


# --- The class summary ---------------------------------------------------------------------------

# The handed-in notebooks are copies of LESSON; the start-here page (00-) is kept for the test of a page of its own.
LESSON, OTHER = [l for l in WITH_EXERCISES if not l.stem.startswith("00-")][:2]


def check_cell(nb, exercise):
    return next(c for c in nb["cells"] if c["cell_type"] == "code" and f'exercises.check("{exercise}"' in "".join(c["source"]))


def handed_in(results):
    """The lesson as a student would hand it in: exercise -> what its check printed
    ('right', 'not yet', 'not answered', or None for a check cell never run)."""
    nb = load(LESSON.path)
    for exercise, result in results.items():
        cell = check_cell(nb, exercise)
        line = {"right": f"Exercise {exercise}: right!",
                "not yet": WRONG_LINES.get(exercise, f"Exercise {exercise}: not yet. Hint: look again."),
                "not answered": f"Exercise {exercise}: {exercises.NOT_ANSWERED}"}.get(result)
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": [line + "\n"]}] if line else []
        cell["execution_count"] = None if line is None else cell["execution_count"]
    return nb


def real_wrong_line(exercise):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exercises.check(exercise, "certainly not the answer")
    return out.getvalue().strip()


WRONG_LINES = {}


@pytest.fixture(scope="module")
def classroom_folder(tmp_path_factory):
    """A folder of handed-in notebooks: good ones, and one of each kind of bad one."""
    WRONG_LINES[LESSON.exercises[0]] = real_wrong_line(LESSON.exercises[0])  # what the real check prints
    folder = tmp_path_factory.mktemp("handed-in")
    ex = LESSON.exercises
    expected = {
        "ana": {e: "right" for e in ex},
        "ben": {e: "not yet" for e in ex},
        "chloe": {e: "not answered" for e in ex},  # handed in blank
        "dev/lesson": {ex[0]: "right", ex[1]: "not yet", **{e: "not answered" for e in ex[2:]}},
    }
    for student, results in expected.items():
        path = folder / f"{student}.ipynb"
        path.parent.mkdir(exist_ok=True)
        stored = {e: (None if (student == "dev/lesson" and e == ex[-1]) else r) for e, r in results.items()}
        nb = handed_in(stored)
        if student == "ana":  # renamed its first heading: still known by its checks
            nb["cells"][0]["source"] = ["# My work for lesson one\n"]
        path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    stopped = handed_in({e: "right" for e in ex})  # the starter cell was deleted: the check raised
    check_cell(stopped, ex[-1])["outputs"] = [{"output_type": "error", "ename": "NameError",
                                               "evalue": f"name 'answer_{ex[-1].replace('.', '_')}' is not defined", "traceback": []}]
    (folder / "kai.ipynb").write_text(json.dumps(stopped), encoding="utf-8")
    expected["kai"] = {e: "not answered" if e == ex[-1] else "right" for e in ex}
    text = json.dumps(handed_in({e: "right" for e in ex}), indent=1)
    (folder / "eve.ipynb").write_text(text[: len(text) // 2], encoding="utf-8")  # cut off in the upload
    (folder / "fay.ipynb").write_text("", encoding="utf-8")  # empty
    foreign = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
               "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Fractions homework"]}]}
    (folder / "gus.ipynb").write_text(json.dumps(foreign), encoding="utf-8")
    (folder / "hal.ipynb").write_bytes(OTHER.path.read_bytes())  # another lesson
    edited = handed_in({e: "right" for e in ex})
    check_cell(edited, ex[1])["source"] = [f'print("Exercise {ex[1]}: right!")']  # its check cannot be read
    (folder / "ivy.ipynb").write_text(json.dumps(edited), encoding="utf-8")
    doubled = handed_in({e: "right" for e in ex})
    check_cell(doubled, ex[0])["outputs"][0]["text"].append(f"Exercise {ex[0]}: right!\n")
    (folder / "jo.ipynb").write_text(json.dumps(doubled), encoding="utf-8")
    (folder / "notes.txt").write_text("not a notebook", encoding="utf-8")
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "ana-checkpoint.ipynb").write_text("{}", encoding="utf-8")
    bad = {".ipynb_checkpoints": "a hidden folder (its name starts with a dot; Jupyter's automatic checkpoints",
           "eve.ipynb": "broken or cut-off notebook file", "fay.ipynb": "broken or cut-off notebook file",
           "gus.ipynb": "not one of the kit's lessons (its first heading is 'Fractions homework')",
           "hal.ipynb": f"this is {OTHER.label} ({OTHER.stem}), not {LESSON.label}; collect it with --lesson {OTHER.stem}",
           "ivy.ipynb": f'the check of exercise {ex[1]}, exercises.check("{ex[1]}", ...), is missing',
           "jo.ipynb": f"the check cell of exercise {ex[0]} shows 2 results",
           "notes.txt": "not a notebook (a .txt file)"}
    return folder, expected, bad


@pytest.fixture(scope="module")
def summary(classroom_folder, tmp_path_factory):
    folder, _, _ = classroom_folder
    before = fingerprint(folder)
    lines = []
    result = classroom.collect(folder, out=tmp_path_factory.mktemp("class-summary"), echo=lines.append)
    assert fingerprint(folder) == before, "collect must not change a handed-in file"
    return result, lines


def test_the_real_check_prints_a_line_collect_reads():
    line = WRONG_LINES.get(LESSON.exercises[0]) or real_wrong_line(LESSON.exercises[0])
    assert classroom.RESULT_LINE.match(line)[2].startswith("not yet")


def test_collect_reads_each_students_stored_checks(classroom_folder, summary):
    _, expected, _ = classroom_folder
    result, _ = summary
    assert result.lesson == LESSON
    assert result.results == expected
    with open(result.written[0], encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["student", *(f"{e} {what}" for e in LESSON.exercises for what in ("answer", "check", "check said")),
                       "own words"]
    assert {r[0]: dict(zip(LESSON.exercises, r[2::3])) for r in rows[1:]} == expected
    assert {v for r in rows[1:] for v in r[2:-1:3]} <= set(classroom.STATUSES)


def test_each_bad_file_gets_one_clear_line_and_nothing_aborts(classroom_folder, summary):
    _, expected, bad = classroom_folder
    result, lines = summary
    for name, reason in bad.items():
        about = [l for l in lines if l.startswith(f"{name}: ")]
        assert len(about) == 1 and f"{name}: skipped: {reason}" in about[0], (name, about)
    assert not [l for l in lines if "ana-checkpoint" in l], "a hidden folder is one line, not one per file"
    assert lines[-4].startswith(f"{LESSON.label} ({LESSON.stem}): {len(expected)} notebook(s) summarised, "
                                f"{len(bad)} file(s) skipped")


def test_the_chart_shows_the_hardest_exercises_with_title_labels_and_alt_text(classroom_folder, summary):
    _, expected, _ = classroom_folder
    result, _ = summary
    title, alt = classroom.chart_text(result)
    fig = classroom.draw_chart(result, title)
    ax = fig.axes[0]
    right = {e: sum(r[e] == "right" for r in expected.values()) for e in LESSON.exercises}
    hardest = [e for e in LESSON.exercises if right[e] == min(right.values())]
    assert ax.get_title(loc="left").endswith(f"{', '.join(hardest)} ({min(right.values())} of {len(expected)} students)")
    assert ax.get_xlabel().startswith("Students") and ax.get_ylabel() == "Exercise"
    drawn = {}
    for container in ax.containers:
        for bar, tick in zip(container.patches, ax.get_yticklabels()):
            drawn[(tick.get_text(), container.get_label())] = bar.get_width()
    for e in LESSON.exercises:
        for status in classroom.STATUSES:
            assert drawn[(f"Exercise {e}", status)] == sum(r[e] == status for r in expected.values())
    ticks = [t.get_text().removeprefix("Exercise ") for t in ax.get_yticklabels()]
    assert set(ticks[::-1][: len(hardest)]) == set(hardest), "hardest at the top"
    assert all(f"{e}: {right[e]} right" in alt for e in LESSON.exercises) and f"{len(expected)} handed-in" in alt
    from PIL import Image

    table, chart, page = result.written
    assert Image.open(chart).info["Description"] == alt
    images = Page(page.read_text(encoding="utf-8")).images
    assert images == [{"src": chart.name, "alt": alt}]
    assert "not a grade" in page.read_text(encoding="utf-8")


def test_collect_from_the_command_line(classroom_folder, tmp_path, capsys):
    folder, expected, bad = classroom_folder
    assert classroom.main(["collect", str(folder), "--lesson", OTHER.stem, "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "hal.ipynb" not in printed and f"{OTHER.label} ({OTHER.stem}): 1 notebook(s) summarised" in printed
    assert classroom.main(["collect", str(tmp_path / "nowhere")]) == 1
    assert "is not a folder" in capsys.readouterr().err


def test_a_notebook_of_the_kit_without_exercises_is_named_and_skipped(tmp_path):
    lessons = tmp_path / "notebooks"
    lessons.mkdir()
    start = small_lesson([])
    start["cells"][0]["source"] = "# Start here\n\nHow to run a lesson."
    (lessons / "00-start-here.ipynb").write_text(json.dumps(start), encoding="utf-8")
    (lessons / LESSON.path.name).write_bytes(LESSON.path.read_bytes())
    handed = tmp_path / "handed-in"
    handed.mkdir()
    (handed / "kim.ipynb").write_text(json.dumps(start), encoding="utf-8")
    (handed / "lee.ipynb").write_bytes(LESSON.path.read_bytes())
    lines = []
    result = classroom.collect(handed, out=tmp_path / "out", lessons_folder=lessons, echo=lines.append)
    assert list(result.results) == ["lee"] and result.lesson.stem == LESSON.stem
    assert lines[0] == "kim.ipynb: skipped: this is 00-start-here, which has no self-checks to summarise"
    with pytest.raises(classroom.ClassroomError, match="00-start-here has no self-checks"):
        classroom.collect(handed, lesson="0", out=tmp_path / "out", lessons_folder=lessons, echo=lines.append)
