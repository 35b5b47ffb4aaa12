"""The teacher's workflow: students' copies, handouts and the class summary.

(The student bundle has its own file, tests/test_bundle.py, because it runs lessons.)
"""
from __future__ import annotations

import base64
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
    assert fresh == first and fresh.read_bytes() == classroom.students_copy_of(LESSONS[0])
    kept2, _ = classroom.reset(first.name, work=work)  # by file name too; the first old copy stays
    assert kept2.name == f"{first.stem}.old-2.ipynb" and kept.exists()
    with pytest.raises(classroom.ClassroomError, match="the lessons are: " + LESSONS[0].stem):
        classroom.reset("99", work=work)
    assert fingerprint(ROOT / "notebooks") == before


def test_a_students_copy_holds_no_stored_output(tmp_path):
    """A student opens a copy with the lesson's cells and none of its outputs, so no answer shows before they run it."""
    work = tmp_path / "work"
    made = classroom.student_copies(work=work)
    _, fresh = classroom.reset(LESSONS[-1].name, work=work)
    for copy in made + [fresh]:
        nb, reference = load(copy), load(ROOT / "notebooks" / copy.name)
        assert any(c.get("outputs") for c in reference["cells"]), "the reference copy has outputs to leave out"
        assert [c["source"] for c in nb["cells"]] == [c["source"] for c in reference["cells"]]
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(c["outputs"] == [] and c["execution_count"] is None for c in code), copy.name


def test_work_gets_the_glossary_fact_sheet_and_codebook_read_only(tmp_path, monkeypatch):
    """JupyterLab, served from work/, can open what the lessons name: the glossary beside them, and
    datasets/facts.md and datasets/README.md at those same paths; read-only, refreshed when the kit's copy changes."""
    work = tmp_path / "work"
    classroom.student_copies(work=work)
    for name, source in (("glossary.md", ROOT / "notebooks" / "glossary.md"),
                         ("datasets/facts.md", ROOT / "datasets" / "facts.md"), ("datasets/README.md", ROOT / "datasets" / "README.md")):
        assert (work / name).read_bytes() == source.read_bytes(), name
        assert (work / name).stat().st_mode & 0o777 == 0o444, name
    kit_glossary = tmp_path / "glossary.md"  # the kit's glossary changes: the copy follows, a lesson copy does not
    kit_glossary.write_text("# Glossary\n\n**Metadata.** Data about data.\n", encoding="utf-8")
    monkeypatch.setitem(classroom.REFERENCE, "glossary.md", kit_glossary)
    lesson = work / LESSONS[0].name
    lesson.write_text("a student's answers", encoding="utf-8")
    assert classroom.student_copies(work=work) == []
    assert (work / "glossary.md").read_bytes() == kit_glossary.read_bytes()
    assert (work / "glossary.md").stat().st_mode & 0o777 == 0o444
    assert lesson.read_text(encoding="utf-8") == "a student's answers"


def test_copies_are_never_written_through_a_link(tmp_path):
    import os

    if os.name == "nt":
        pytest.skip("making symbolic links needs special rights on Windows")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "facts.md").write_text("not the kit's", encoding="utf-8")
    work = tmp_path / "work"
    (work / "datasets").mkdir(parents=True)
    (work / "datasets" / "facts.md").symlink_to(outside / "facts.md")
    (work / LESSONS[0].name).symlink_to(outside / "gone.ipynb")  # a dangling link where a lesson copy would go
    made = classroom.student_copies(work=work)
    assert LESSONS[0].name not in [p.name for p in made] and not (outside / "gone.ipynb").exists()
    assert (outside / "facts.md").read_text(encoding="utf-8") == "not the kit's"
    copy = work / "datasets" / "facts.md"
    assert not copy.is_symlink() and copy.read_bytes() == (ROOT / "datasets" / "facts.md").read_bytes()


def test_work_and_build_folders_are_git_ignored():
    paths = ["work/01-x.ipynb", "build/student-bundle.zip", "build/handouts/index.html", "build/class-summary/x.csv"]
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
    monkeypatch.setitem(tasks["lab"].__globals__, "serve", lambda argv: calls.append(argv) or 0)
    monkeypatch.setattr(classroom, "student_copies", lambda: made.append(1) or [])
    tasks["CLASSROOM"]["lab"]([])
    tasks["CLASSROOM"]["lab"](["--teacher", "--no-browser"])
    assert f"--ServerApp.root_dir={classroom.WORK}" in calls[0] and made == [1]
    assert f"--ServerApp.root_dir={ROOT}" in calls[1] and "--teacher" not in calls[1] and "--no-browser" in calls[1]


# --- Handouts -----------------------------------------------------------------------------------


class Page(HTMLParser):
    """The images, headings, links and output types of an HTML page."""

    def __init__(self, text):
        super().__init__()
        self.images, self.headings, self.links, self.mimetypes, self._heading = [], [], [], [], None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-mime-type" in attrs:
            self.mimetypes.append(attrs["data-mime-type"])
        if tag == "img":
            self.images.append(attrs)
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = [tag, ""]
        elif tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])

    def handle_data(self, data):
        if self._heading:
            self._heading[1] += data

    def handle_endtag(self, tag):
        if self._heading and tag == self._heading[0]:
            self.headings.append((int(tag[1]), self._heading[1].replace("¶", "").strip()))
            self._heading = None


def markdown_headings(nb):
    found, fenced = [], False
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for line in "".join(cell["source"]).splitlines():
            fenced ^= line.startswith("```")
            match = re.match(r"(#{1,6}) +(.*\S)", line)
            if match and not fenced:
                found.append(len(match[1]))
    return found


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts")
    index, warnings = classroom.handouts(out)
    return out, index, warnings


def test_every_lesson_has_a_handout_listed_in_order(handouts):
    out, index, _ = handouts
    page = Page(index.read_text(encoding="utf-8"))
    assert page.links == [f"{p.stem}.html" for p in LESSONS]
    for lesson in LESSONS:
        text = (out / f"{lesson.stem}.html").read_text(encoding="utf-8")
        handout = Page(text)
        assert [level for level, _ in handout.headings] == markdown_headings(load(lesson)), "headings in order"
        assert handout.headings[0][1] == classroom.title_of(load(lesson))
        assert "index.html" in handout.links, "a way back to the list of lessons"
        assert classroom.PRINT_CSS.strip() in text and "@media print" in classroom.PRINT_CSS, "the print stylesheet"
        assert "application/vnd.jupyter.stderr" not in handout.mimetypes, "no error or warning output"
        assert "text/plain" in handout.mimetypes  # outputs are there, so the check above can see them
        assert len(handout.images) == sum("image/png" in o.get("data", {}) for c in load(lesson)["cells"]
                                          for o in c.get("outputs", [])), "every chart is embedded"
        assert all(img["src"].startswith("data:image/png;base64,") for img in handout.images)


def test_every_image_in_the_real_handouts_has_alt_text(handouts):
    out, _, warnings = handouts
    for lesson in LESSONS:
        for img in Page((out / f"{lesson.stem}.html").read_text(encoding="utf-8")).images:
            assert img.get("alt", "").strip() and "No description has been provided" not in img["alt"], lesson.name
    assert not warnings


PNG = base64.b64encode(bytes.fromhex(  # a 1x1 white PNG
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8ffff3f0005fe02fe"
    "a7d6a4d00000000049454e44ae426082")).decode()


def small_lesson(outputs):
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {"language_info": {"name": "python"}},
            "cells": [{"cell_type": "markdown", "id": "title", "metadata": {}, "source": "# Lesson 9: A chart\n\n## One chart"},
                      {"cell_type": "code", "id": "chart", "metadata": {}, "execution_count": 1, "source": "chart()", "outputs": outputs}]}


def chart_output(alt=None, plain="<Figure size 640x480 with 1 Axes>"):
    return {"output_type": "display_data", "data": {"image/png": PNG, "text/plain": plain},
            "metadata": {"image/png": {"alt": alt}} if alt else {}}


def test_a_charts_alt_text_from_its_metadata_reaches_the_handout(tmp_path):
    lessons = tmp_path / "notebooks"
    lessons.mkdir()
    alt = 'Bars of "claims" by claimant: Haaretz 21 & <others> fewer'
    (lessons / "09-chart.ipynb").write_text(json.dumps(small_lesson(
        [chart_output(alt, f"Chart: {alt}"), chart_output(None, "Chart: from the text form only"), chart_output()])))
    _, warnings = classroom.handouts(tmp_path / "out", folder=lessons)
    images = Page((tmp_path / "out" / "09-chart.html").read_text(encoding="utf-8")).images
    assert [img.get("alt") for img in images] == [alt, "from the text form only",
                                                  "No description has been provided for this image"]
    assert warnings == ["09-chart.ipynb: cell 2: a chart has no alternative text (metadata image/png alt)"]


def test_no_handout_is_made_from_a_lesson_with_an_error(tmp_path):
    lessons = tmp_path / "notebooks"
    lessons.mkdir()
    error = {"output_type": "error", "ename": "NameError", "evalue": "name 'x' is not defined", "traceback": []}
    (lessons / "09-chart.ipynb").write_text(json.dumps(small_lesson([error])))
    with pytest.raises(classroom.ClassroomError, match="cell 2 stored an error"):
        classroom.handouts(tmp_path / "out", folder=lessons)
    assert not (tmp_path / "out").exists()


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
    bad = {"eve.ipynb": "broken or cut-off notebook file", "fay.ipynb": "broken or cut-off notebook file",
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
    assert rows[0] == ["student", *LESSON.exercises]
    assert {r[0]: dict(zip(LESSON.exercises, r[1:])) for r in rows[1:]} == expected
    assert {v for r in rows[1:] for v in r[1:]} <= set(classroom.STATUSES)


def test_each_bad_file_gets_one_clear_line_and_nothing_aborts(classroom_folder, summary):
    _, expected, bad = classroom_folder
    result, lines = summary
    for name, reason in bad.items():
        about = [l for l in lines if l.startswith(f"{name}: ")]
        assert len(about) == 1 and f"{name}: skipped: {reason}" in about[0], (name, about)
    assert not [l for l in lines if "checkpoint" in l]
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
