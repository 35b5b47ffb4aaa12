"""The teacher's workflow: students' copies and the class summary.

(The student bundle has its own file, tests/test_bundle.py, because it runs lessons.)
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
import os
import re
import subprocess
from html.parser import HTMLParser

import pytest

from helpers import classroom, exercises

from conftest import ROOT, fingerprint, growth, returns_without_waiting_on

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


def test_the_reference_copies_make_the_folders_they_go_in(tmp_path):
    work = tmp_path / "class-3b" / "work"
    written = classroom.reference_copies(work)
    assert sorted(p.relative_to(work).as_posix() for p in written) == sorted(classroom.REFERENCE)
    assert all(p.read_bytes() == classroom.REFERENCE[p.relative_to(work).as_posix()].read_bytes() for p in written)


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


def tiny_lesson(title, source="print('hello')"):
    """A lesson notebook of two cells, as small as lessons() accepts."""
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
            "cells": [{"cell_type": "markdown", "id": "title", "metadata": {}, "source": f"# {title}\n\nWhat this lesson does."},
                      {"cell_type": "code", "id": "code", "metadata": {}, "execution_count": 3, "source": source,
                       "outputs": [{"output_type": "stream", "name": "stdout", "text": "hello\n"}]}]}


@pytest.fixture
def three_lessons(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for stem, title in (("00-start", "Start here"), ("01-claims", "Lesson 1: Claims"), ("10-extra", "Lesson 10: Extra")):
        (folder / f"{stem}.ipynb").write_text(json.dumps(tiny_lesson(title)), encoding="utf-8")
    return folder


def test_a_lesson_is_found_by_number_file_name_stem_or_path_typed_with_either_slash(three_lessons, tmp_path):
    """A teacher types `reset 1`, `reset 01-claims.ipynb`, or pastes a path, on Windows with backslashes."""
    found = {name: classroom.find_lesson(name, three_lessons).stem for name in (
        "1", "01", "001", "10", "0", "00", "01-claims", "01-claims.ipynb", "notebooks/01-claims.ipynb",
        "notebooks\\01-claims.ipynb", "C:\\Users\\ada\\kit\\notebooks\\10-extra.ipynb", "work/notebooks\\00-start.ipynb",
        "..\\notebooks\\1")}
    assert found == {"1": "01-claims", "01": "01-claims", "001": "01-claims", "10": "10-extra", "0": "00-start",
                     "00": "00-start", "01-claims": "01-claims", "01-claims.ipynb": "01-claims",
                     "notebooks/01-claims.ipynb": "01-claims", "notebooks\\01-claims.ipynb": "01-claims",
                     "C:\\Users\\ada\\kit\\notebooks\\10-extra.ipynb": "10-extra",
                     "work/notebooks\\00-start.ipynb": "00-start", "..\\notebooks\\1": "01-claims"}
    for wrong in ("2", "²", "claims", "01-claims.txt", "notebooks\\", "01-claims\\x"):
        with pytest.raises(classroom.ClassroomError) as stop:
            classroom.find_lesson(wrong, three_lessons)
        assert str(stop.value) == f"there is no lesson '{wrong}'; the lessons are: 00-start, 01-claims, 10-extra"
    kept, fresh = classroom.reset("notebooks\\01-claims.ipynb", work=tmp_path / "work", folder=three_lessons)
    assert kept is None and fresh == tmp_path / "work" / "01-claims.ipynb"
    assert fresh.read_bytes() == classroom.students_copy_of(three_lessons / "01-claims.ipynb")


def test_copies_go_into_a_work_folder_that_does_not_exist_yet(three_lessons, tmp_path):
    work = tmp_path / "school" / "term 2" / "work"
    made = classroom.student_copies(work=work, folder=three_lessons)
    assert made == [work / "00-start.ipynb", work / "01-claims.ipynb", work / "10-extra.ipynb"]
    assert [load(p)["cells"][1]["outputs"] for p in made] == [[], [], []]
    assert (work / "glossary.md").read_bytes() == (ROOT / "notebooks" / "glossary.md").read_bytes()


def test_a_notebook_is_written_as_the_kit_stores_it():
    """Indented by one, keys sorted, accents kept, a newline at the end: as nbformat and Jupyter write it, so
    that syncing lessons/ from notebooks/ shows no change where there is none."""
    nb = {"nbformat": 4, "metadata": {"title": "Désinformation"}, "cells": []}
    assert classroom.notebook_bytes(nb) == ('{\n "cells": [],\n "metadata": {\n  "title": "Désinformation"\n },\n'
                                            ' "nbformat": 4\n}\n').encode("utf-8")
    for lesson in LESSONS:  # the committed output-free copies are exactly what the kit writes
        assert classroom.students_copy_of(lesson) == (ROOT / "lessons" / lesson.name).read_bytes(), lesson.name
        assert classroom.notebook_bytes(load(ROOT / "lessons" / lesson.name)) == (ROOT / "lessons" / lesson.name).read_bytes()


def test_a_folder_where_a_reference_copy_goes_is_left_alone(tmp_path):
    work = tmp_path / "work"
    (work / "glossary.md").mkdir(parents=True)  # a student made a folder by that name
    (work / "glossary.md" / "my-notes.txt").write_text("my notes", encoding="utf-8")
    classroom.student_copies(work=work)
    assert (work / "glossary.md" / "my-notes.txt").read_text(encoding="utf-8") == "my notes"
    assert [p.name for p in (work / "glossary.md").iterdir()] == ["my-notes.txt"]
    assert (work / "datasets" / "facts.md").read_bytes() == (ROOT / "datasets" / "facts.md").read_bytes()


@pytest.mark.skipif(os.name == "nt", reason="making symbolic links needs special rights on Windows")
def test_a_linked_folder_in_work_is_never_written_through(tmp_path):
    """A link to a folder where a reference copy goes is replaced by the copy; a linked datasets/ is not written into."""
    outside = tmp_path / "outside"
    outside.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    (work / "glossary.md").symlink_to(outside, target_is_directory=True)
    (work / "datasets").symlink_to(outside, target_is_directory=True)
    classroom.student_copies(work=work)
    assert list(outside.iterdir()) == []
    glossary = work / "glossary.md"
    assert not glossary.is_symlink() and glossary.read_bytes() == (ROOT / "notebooks" / "glossary.md").read_bytes()
    assert glossary.stat().st_mode & 0o777 == 0o444
    assert (work / "datasets").is_symlink()  # left as it is: what it leads to is not the kit's to change


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
    monkeypatch.setitem(tasks["lab"].__globals__, "serve", lambda argv: calls.append(argv) or 0)
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


# --- What the summary shows: each student's answers and own words ---------------------------------


def answered(nb, exercise, value_source):
    """Put ``value_source`` in the exercise's starter cell, as a student would."""
    name = f"answer_{exercise.replace('.', '_')}"
    starter = next(c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip() == f"{name} = ...")
    starter["source"] = f"{name} = {value_source}"
    return nb


def test_collect_shows_each_answer_the_checks_words_and_the_students_own_words(tmp_path):
    ex = LESSON.exercises
    long = "x" * 100
    nb = handed_in({ex[0]: "right", ex[1]: "not yet"})
    answered(nb, ex[0], "9")
    answered(nb, ex[1], f"'{long}'\n# and a second line")
    check_cell(nb, ex[0])["outputs"][0]["text"] = [f"Exercise {ex[0]}: right! rounded further than needed\n"]
    nb["cells"].insert(3, {"cell_type": "markdown", "metadata": {}, "source": "My verdict: partly, because P10 says so."})
    nb["cells"].insert(4, {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                           "source": 'my_rule = "a summons is 110"\nrule_2 = "same as the lesson"'})
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ana.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    result = classroom.collect(folder, out=tmp_path / "out", echo=lambda line: None)
    assert result.answers["ana"][ex[0]] == "9" and result.results["ana"][ex[0]] == "right"
    assert result.said["ana"][ex[0]] == "right! rounded further than needed"
    assert all(result.answers["ana"][e] == "" for e in ex[2:]), "an untouched starter (...) is no answer"
    own = dict(result.own_words["ana"])
    assert own["my_rule"] == '"a summons is 110"' and own["rule_2"] == '"same as the lesson"'
    assert [t for w, t in result.own_words["ana"] if w.startswith("text cell 4")] == ["My verdict: partly, because P10 says so."]
    with open(result.written[0], encoding="utf-8", newline="") as f:
        header, row = list(csv.reader(f))
    shown = dict(zip(header, row))
    assert shown[f"{ex[0]} answer"] == "9" and shown[f"{ex[0]} check said"] == "right! rounded further than needed"
    assert shown[f"{ex[1]} answer"] == f"'{long}' # and a second line"[:59] + "…"  # one line, cut at 60 characters
    assert len(shown[f"{ex[1]} answer"]) == classroom.ANSWER_CHARS
    assert "my_rule: \"a summons is 110\"" in shown["own words"] and "My verdict: partly" in shown["own words"]
    page = result.written[2].read_text(encoding="utf-8")
    assert "a summons is 110" in page and "My verdict: partly, because P10 says so." in page
    assert "not a grade" in page and "right! rounded further than needed" in page


def test_the_lessons_own_text_is_never_taken_for_a_students_words(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "blank.ipynb").write_bytes(LESSON.path.read_bytes())
    result = classroom.collect(folder, out=tmp_path / "out", echo=lambda line: None)
    assert result.own_words == {"blank": []} and set(result.answers["blank"].values()) == {""}


def contrast(one: str, two: str) -> float:
    """WCAG 2.1's contrast ratio of two #rrggbb colours."""
    def luminance(colour):
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_summary_page_is_accessible(summary):
    result, _ = summary
    page = result.written[2]
    assert page.name == f"{LESSON.stem}.html" and page.parent.name.startswith("class-summary")
    parsed = Page(page.read_text(encoding="utf-8"))
    assert parsed.html_lang == "en" and parsed.title.strip()
    assert parsed.headers and all(h.get("scope") in ("col", "row") for h in parsed.headers)
    assert all(img.get("alt", "").strip() for img in parsed.images)
    assert "main" in parsed.tags and "caption" in parsed.tags
    colours = re.findall(r"#[0-9a-fA-F]{6}", classroom.PAGE_CSS)
    text, background = "#1a1a1a", "#ffffff"
    assert text in colours and background in colours
    assert contrast(text, background) >= 4.5
    assert all(contrast(c, background) >= 3 for c in colours if c != background), "borders too (non-text 3:1)"


# --- Safe with any file -----------------------------------------------------------------------------
# Each class of hostile input from issue 16, as generated cases: every case must end in one line and a skip
# (or be summarised), never a traceback, and the summary's files must stay whole.

FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]
PAYLOADS = ["HYPERLINK(\"http://x.invalid\",\"click\")", "cmd|' /C calc'!A0", "SUM(1+1)*cmd|' /C calc'!A0", "2+3+cmd|' /C calc'!A0"]
SPREADSHEET_CASES = [lead + start + payload for start in FORMULA_STARTS for payload in PAYLOADS for lead in ("", "  ")]


def test_the_cases_are_spreadsheet_safe_and_the_others_untouched():
    for value in SPREADSHEET_CASES:
        assert classroom.spreadsheet_safe(value) == "'" + value
    for value in ["ana", "0.5", "C05", "'=quoted already", " x", "", "é=1"]:
        assert classroom.spreadsheet_safe(value) == value


@pytest.mark.skipif(os.name == "nt", reason="Windows: file names with control characters and links need rights a school laptop lacks")
def test_no_cell_of_the_class_csv_can_start_a_formula(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    ex = LESSON.exercises
    made = 0
    for i, value in enumerate(SPREADSHEET_CASES):
        name = value.replace("/", "_").replace("\r", "_r") if i % 2 else f"s{i}"
        if "\t" in name or "\r" in name:
            name = f"s{i}{value[:1]}"  # a name may not start with a tab on every system: the answer carries it then
        try:
            path = folder / f"{name}.ipynb"
            nb = answered(handed_in({ex[0]: "not yet"}), ex[0], value)  # not Python: read line by line
            nb["cells"].insert(3, {"cell_type": "markdown", "metadata": {}, "source": value})
            path.write_text(json.dumps(nb), encoding="utf-8")
            made += 1
        except OSError:
            continue
    result = classroom.collect(folder, out=tmp_path / "out", echo=lambda line: None)
    assert len(result.results) == made >= len(SPREADSHEET_CASES) - 2
    with open(result.written[0], encoding="utf-8", newline="") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    risky = [c for c in cells if c.lstrip(" ").startswith(tuple(FORMULA_STARTS))]
    assert not risky, risky[:3]
    answers = [c for c in cells if c.startswith(("'=", "'+", "'-", "'@"))]
    assert len(answers) >= made * 4 // 6, "the answers that start with = + - @ (and the names) were neutralised"


HOSTILE_NAMES = ["new\nline", "esc\x1b[31mred\x1b[0m", "rtl\u202egnp.exe", "bell\x07", "nul-free\u2066isolate\u2069",
                 "zero\u200bwidth", "sep\u2028line", "del\x7f", "c1\x9b31m"]


def test_names_with_control_and_bidirectional_characters_are_escaped_everywhere(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in HOSTILE_NAMES:
        (folder / f"{name}.ipynb").write_text(json.dumps(handed_in({LESSON.exercises[0]: "right"})), encoding="utf-8")
    (folder / f"{HOSTILE_NAMES[0]}.txt").write_text("a skipped file", encoding="utf-8")
    lines = []
    result = classroom.collect(folder, out=tmp_path / "out", echo=lines.append)
    assert len(result.results) == len(HOSTILE_NAMES)
    unsafe = re.compile("[\x00-\x1f\x7f-\x9f\u200b\u2028\u2029\u202a-\u202e\u2066-\u2069]")
    for line in lines:
        assert not unsafe.search(line), repr(line)
    assert any(line.startswith("new\\x0aline.txt: skipped") for line in lines), "a newline cannot forge a line"
    for path in result.written[:1] + result.written[2:]:
        text = path.read_text(encoding="utf-8")
        assert not unsafe.search(text.replace("\r\n", "").replace("\n", "")), path.name
    assert "rtl\\u202egnp.exe" in result.written[2].read_text(encoding="utf-8")


def hostile_notebooks():
    """name -> bytes of each class of broken notebook JSON; every one must be one line and a skip."""
    good = handed_in({e: "right" for e in LESSON.exercises})

    def variant(change):
        nb = json.loads(json.dumps(good))
        change(nb)
        return json.dumps(nb).encode()

    code = next(i for i, c in enumerate(good["cells"]) if c["cell_type"] == "code")
    stream = good["cells"].index(check_cell(good, LESSON.exercises[0]))
    return {
        "cells-not-objects": variant(lambda nb: nb["cells"].insert(1, 42)),
        "cells-a-string": variant(lambda nb: nb.update(cells="cells")),
        "cell-type-a-number": variant(lambda nb: nb["cells"][code].update(cell_type=3)),
        "source-a-number": variant(lambda nb: nb["cells"][code].update(source=12)),
        "source-a-list-of-numbers": variant(lambda nb: nb["cells"][code].update(source=[1, 2])),
        "text-numbers": variant(lambda nb: nb["cells"][stream]["outputs"][0].update(text=[1.5])),
        "outputs-a-string": variant(lambda nb: nb["cells"][stream].update(outputs="right!")),
        "outputs-of-numbers": variant(lambda nb: nb["cells"][stream].update(outputs=[1])),
        "metadata-a-list": variant(lambda nb: nb["cells"][code].update(metadata=[1])),
        "top-a-list": b"[1, 2, 3]",
        "top-a-number": b"7",
        "nbformat-3": variant(lambda nb: nb.update(nbformat=3)),
        "nested-brackets": b"[" * 200_000 + b"]" * 200_000,
        "nested-objects": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        "long-number": b'{"nbformat": 4, "cells": [], "x": ' + b"9" * 100_000 + b"}",
        "not-utf-8": "{\"nbformat\": 4, \"cells\": [], \"x\": \"é\"}".encode("latin-1"),
        "utf-16": json.dumps(good).encode("utf-16"),
        "nul-bytes": b"\0" * 1000,
        "empty": b"",
        "cut-off": json.dumps(good).encode()[:5000],
    }


def test_every_shape_of_broken_notebook_is_one_line_and_a_skip(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.ipynb").write_text(json.dumps(handed_in({e: "right" for e in LESSON.exercises})), encoding="utf-8")
    cases = hostile_notebooks()
    for name, content in cases.items():
        (folder / f"{name}.ipynb").write_bytes(content)
    lines = []
    result = classroom.collect(folder, out=tmp_path / "out", echo=lines.append)
    assert list(result.results) == ["ok"]
    for name in cases:
        about = [l for l in lines if l.startswith(f"{name}.ipynb: skipped: ")]
        assert len(about) == 1 and "\n" not in about[0], (name, about)
    with open(result.written[0], encoding="utf-8", newline="") as f:
        assert [r[0] for r in csv.reader(f)] == ["student", "ok"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="named pipes, non-UTF-8 file names and links as Linux has them")
def test_files_that_cannot_be_read_each_get_a_line(tmp_path, monkeypatch):
    import os

    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "inside.ipynb").write_text("{}", encoding="utf-8")
    (folder / "ok.ipynb").write_text(json.dumps(handed_in({LESSON.exercises[0]: "right"})), encoding="utf-8")
    (folder / "secret.ipynb").write_text("{}", encoding="utf-8")
    (folder / ".hidden.ipynb").write_text("{}", encoding="utf-8")
    raw = os.fsencode(str(folder)) + b"/caf\xe9.ipynb"  # a name that is not UTF-8 (Latin-1)
    with open(raw, "wb") as f:
        f.write(json.dumps(handed_in({LESSON.exercises[0]: "right"})).encode())
    with open(folder / "huge.ipynb", "wb") as f:  # sparse: takes no room on disk
        f.truncate(classroom.MAX_HANDIN_BYTES + 1)
    os.mkfifo(folder / "pipe.ipynb")
    outside = tmp_path / "elsewhere.ipynb"
    outside.write_text(json.dumps(handed_in({LESSON.exercises[0]: "right"})), encoding="utf-8")
    (folder / "link.ipynb").symlink_to(outside)
    (folder / "inner-link.ipynb").symlink_to(folder / "ok.ipynb")
    (folder / "folder-link").symlink_to(tmp_path, target_is_directory=True)
    real_open, real_scandir = os.open, os.scandir

    def refusing_open(path, *args, **kwargs):  # as for a teacher who is not root: chmod cannot stop root
        if str(path).endswith("secret.ipynb"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    def refusing_scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(classroom.os, "open", refusing_open)
    monkeypatch.setattr(classroom.os, "scandir", refusing_scandir)
    lines = []
    result = classroom.collect(folder, out=tmp_path / "out", echo=lines.append)
    assert sorted(result.results) == ["caf\udce9", "ok"]
    expected = {"locked/": "a folder that cannot be read", "secret.ipynb": "cannot be read (Permission denied)",
                ".hidden.ipynb": "a hidden file", "caf\\udce9.ipynb": None, "huge.ipynb": "too large",
                "pipe.ipynb": "not a file or a folder", "link.ipynb": "a link (to a place outside the folder)",
                "inner-link.ipynb": "a link (to a place inside the folder)", "folder-link": "a link"}
    for name, reason in expected.items():
        about = [l for l in lines if l.startswith(f"{name}: skipped: ")]
        assert len(about) == (reason is not None) and all(reason in l for l in about), (name, lines)
    with open(result.written[0], encoding="utf-8", newline="") as f:
        assert sorted(r[0] for r in csv.reader(f)) == ["caf\\udce9", "ok", "student"]


def test_every_step_is_linear_in_the_input(tmp_path, monkeypatch):
    """A heading of 150,000 spaces, 120,000 check calls, 150,000 spaces inside a call and 50,000 cells each took
    minutes before (a pattern and a list lookup whose time grew with the square of the input). Four times the
    input now takes at most a few times as long (a ratio measured in one run; quadratic work would give 16)."""
    def folder_of(size):
        folder = tmp_path / f"in-{size}"
        if folder.exists():
            return folder
        folder.mkdir()
        heading = handed_in({LESSON.exercises[0]: "right"})
        heading["cells"].insert(0, {"cell_type": "markdown", "metadata": {}, "source": "#" + " " * (150 * size)})
        (folder / "heading.ipynb").write_text(json.dumps(heading), encoding="utf-8")
        checks = handed_in({LESSON.exercises[0]: "right"})
        checks["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                                "source": "".join(f'exercises.check("{i // 1000}.{i % 1000}", 1)\n' for i in range(120 * size))})
        (folder / "checks.ipynb").write_text(json.dumps(checks), encoding="utf-8")
        spaces = {"nbformat": 4, "cells": [{"cell_type": "markdown", "metadata": {}, "source": "# " + " " * (150 * size) + "x"},
                                           {"cell_type": "code", "metadata": {}, "outputs": [],
                                            "source": "exercises.check(" + " " * (150 * size) + "answer_1_1 =" + " " * (150 * size)}]}
        (folder / "spaces.ipynb").write_text(json.dumps(spaces), encoding="utf-8")
        many = handed_in({LESSON.exercises[0]: "right"})
        many["cells"] += [{"cell_type": "markdown", "metadata": {}, "source": f"note {i}"} for i in range(50 * size)]
        (folder / "many.ipynb").write_text(json.dumps(many), encoding="utf-8")
        return folder

    summaries = {}

    def summarise(size):
        summaries[size] = classroom.collect(folder_of(size), out=tmp_path / f"out-{size}", echo=[].append)

    # only the reading is timed: the chart and the page take the same time whatever the notebooks hold
    monkeypatch.setattr(classroom, "write_summary", lambda summary, out: [])
    ratio = growth(summarise, 150, 600, repeat=2)  # 90,000 spaces, 72,000 checks, 30,000 cells: minutes when quadratic
    assert ratio < 9, round(ratio, 1)
    result = summaries[600]
    assert len(result.own_words["many"]) == classroom.OWN_WORDS_MAX + 1
    assert result.own_words["many"][-1] == ("more", f"{50 * 600 - classroom.OWN_WORDS_MAX} more not shown")
    assert classroom._heading("#" + " " * 150_000) == "" and classroom._heading("##  A title ") == "A title"
    assert classroom._heading("#A") == "" and classroom._heading("####### seven") == ""


def test_the_csv_is_written_whole_or_not_at_all(classroom_folder, tmp_path, monkeypatch):
    folder, _, _ = classroom_folder
    out = tmp_path / "out"
    first = classroom.collect(folder, out=out, echo=lambda line: None)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(classroom, "draw_chart", broken)
    with pytest.raises(OSError):
        classroom.collect(folder, out=out, echo=lambda line: None)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before, "no half-written file, no temporary left"
    assert first.written[0].read_bytes() == before[first.written[0].name]


def test_a_hand_in_folders_helpers_never_run(tmp_path, monkeypatch):
    """tasks.py starts the summary with an import path that does not hold the current folder."""
    import runpy
    import sys

    folder = tmp_path / "handed-in"
    (folder / "helpers").mkdir(parents=True)
    marker = tmp_path / "ran.txt"
    payload = f"open({str(marker)!r}, 'w').write('student code ran')\n"
    for name in ("__init__.py", "classroom.py", "checks.py"):
        (folder / "helpers" / name).write_text(payload, encoding="utf-8")
    (folder / "json.py").write_text(payload, encoding="utf-8")
    (folder / "ana.ipynb").write_text(json.dumps(handed_in({LESSON.exercises[0]: "right"})), encoding="utf-8")
    monkeypatch.chdir(folder)
    # The test can fail: started as before, with -m, the student's helpers/__init__.py runs.
    subprocess.run([sys.executable, "-m", "helpers.classroom", "collect", "--help"], capture_output=True)
    assert marker.exists()
    marker.unlink()
    tasks = runpy.run_path(str(ROOT / "tasks.py"))
    monkeypatch.setitem(tasks["collect"].__globals__, "ensure", lambda extra: sys.executable)
    assert tasks["CLASSROOM"]["collect"]([".", "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / f"{LESSON.stem}.csv").exists() and not marker.exists()
    assert tasks["kit_command"]("python", ["collect", "."])[1] == "-I"
    assert tasks["CLASSROOM"]["reset"](["no-such-lesson"]) == 1 and not marker.exists()


def test_every_bad_argument_gets_a_usage_line_and_no_traceback(classroom_folder, tmp_path, capsys, monkeypatch):
    folder, _, _ = classroom_folder
    a_file = tmp_path / "a-file.csv"
    a_file.write_text("keep me", encoding="utf-8")
    cases = [["collect", str(folder), "--lesson", "²"], ["collect", str(folder), "--out", str(a_file)],
             ["collect", str(folder), "--lesson", "9" * 5000], ["collect", str(tmp_path / "nowhere")],
             ["collect", str(a_file)], ["reset", "²"], ["reset", "9" * 5000], ["reset", "\x1b[2J"]]
    for argv in cases:
        assert classroom.main(argv) == 1, argv
        err = capsys.readouterr().err
        assert err.startswith("usage: ") and "Stopped: " in err and "Traceback" not in err, (argv, err)
        assert "\x1b" not in err
    assert a_file.read_text(encoding="utf-8") == "keep me"
    for argv in (["collect"], ["collect", str(folder), "--colour"], ["reset"], ["no-such-command"], []):
        with pytest.raises(SystemExit) as stop:
            classroom.main(argv)
        assert stop.value.code == 2 and capsys.readouterr().err.startswith("usage: "), argv


def help_of(capsys, *argv):
    with pytest.raises(SystemExit) as stop:
        classroom.main([*argv, "--help"])
    assert stop.value.code == 0
    return capsys.readouterr().out


def test_the_help_names_every_command_and_only_what_is_true(capsys, tmp_path, monkeypatch):
    """`python -m helpers.classroom --help` is what a teacher reads when tasks.py is not at hand: each
    command is listed with what it does, and every path and example it gives is the one the code uses."""
    monkeypatch.setenv("COLUMNS", "300")  # one line per command: argparse wraps to the terminal's width
    top = help_of(capsys)
    teachers_list = (ROOT / "tasks.py").read_text(encoding="utf-8")
    assert ("The teacher's workflow around the lessons: students' own copies, a student bundle without the answer key, "
            "and a class summary that shows what students answered.") in " ".join(top.split())
    assert "tasks.py" not in top, "the rest of the module's text is for maintainers, not the help"
    said = dict(re.findall(r"^ {4}(copies|reset|bundle|collect) +(\S.*)$", top, flags=re.M))
    assert sorted(said) == ["bundle", "collect", "copies", "reset"], top
    for command, line in said.items():
        assert help_of(capsys, command).startswith(f"usage: python -m helpers.classroom {command}")
        assert len(line.split()) >= 4, (command, line)
        for path in re.findall(r"(?:build|work)/[\w./-]*", line):  # a path it names is one tasks.py names
            assert path in teachers_list, (command, path)
    assert said["copies"] == "make the students' copies of the lessons in work/"
    assert said["collect"] == "summarise a folder of handed-in notebooks"
    assert said["reset"].startswith("a fresh copy of one lesson; the old copy is kept beside it")

    # reset's examples, "a lesson number (1) or file name (01-tabulating-claims)", name the same lesson
    examples = re.findall(r"\(([^()\s]+)\)", help_of(capsys, "reset"))
    assert len(examples) == 2, examples
    assert classroom.find_lesson(examples[0]).stem == classroom.find_lesson(examples[1]).stem == examples[1]

    # bundle: the file it says it writes is the one it writes
    written = re.fullmatch(r"write (build/\S+\.zip): lessons, data, helpers, no instructors/", said["bundle"]).group(1)
    monkeypatch.setattr(classroom, "BUILD", tmp_path / "build")
    assert classroom.bundle().relative_to(tmp_path).as_posix() == written
    article = " ".join(help_of(capsys, "bundle").split())
    assert "--article NAME" in article and "articles/NAME" in article and "more than once" in article

    # collect: its default, as the help gives it, is where the summary lands
    collected = " ".join(help_of(capsys, "collect").split())
    default = re.search(r"--out OUT where to write \(default: (build/[\w-]+/)\)", collected).group(1)
    assert re.search(r"--lesson LESSON the lesson to summarise \(default: the one most notebooks are\)", collected)
    assert default in teachers_list
    handed = tmp_path / "handed-in"
    handed.mkdir()
    (handed / "ana.ipynb").write_text(json.dumps(handed_in({LESSON.exercises[0]: "right"})), encoding="utf-8")
    assert classroom.main(["collect", str(handed)]) == 0  # no --out
    landed = sorted(p.parent.relative_to(tmp_path).as_posix() + "/" for p in (tmp_path / "build").rglob("*.csv"))
    assert landed == [default]


@pytest.mark.skipif(os.name == "nt", reason="Windows: file names with control characters and links need rights a school laptop lacks")
def test_reset_never_writes_through_a_link_or_outside_work(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    target = tmp_path / "outside.ipynb"
    (work / LESSON.path.name).symlink_to(target)  # a link that leads nowhere (yet)
    kept, fresh = classroom.reset(LESSON.stem, work=work)
    assert not target.exists() and kept.is_symlink() and not fresh.is_symlink()
    assert fresh.read_bytes() == classroom.students_copy_of(LESSON.path)  # the lesson, without its outputs
    linked = tmp_path / "linked-work"
    linked.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(classroom.ClassroomError, match="is a link"):
        classroom.reset(LESSON.stem, work=linked)
    assert not (tmp_path / "elsewhere").exists()
    a_file = tmp_path / "work-file"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(classroom.ClassroomError, match="is a file, not a folder"):
        classroom.reset(LESSON.stem, work=a_file)

    def read_only(*args, **kwargs):  # a read-only work/ (root ignores chmod, so the refusal is simulated)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(classroom.Path, "rename", read_only)
    with pytest.raises(classroom.ClassroomError, match="could not make a fresh copy .*Permission denied"):
        classroom.reset(LESSON.stem, work=work)


# --- A small class, read exactly ----------------------------------------------------------------------
# A two-exercise lesson made up here, so that the CSV, the page and the chart can be checked cell by cell.


def two_checks_lesson(tags=None):
    """Lesson 9: answer_9_1, its check, a text cell (tagged ``tags`` if given), answer_9_2, its check."""
    def code(source):
        return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": source}

    verdict = {"cell_type": "markdown", "metadata": {} if tags is None else {"tags": tags},
               "source": "Your verdict on the claim, in a sentence: ..."}
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
            "cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Lesson 9: Two checks\n\nRead the claim, then answer."},
                      code("answer_9_1 = ..."), code('exercises.check("9.1", answer_9_1)'), verdict,
                      code("answer_9_2 = ..."), code('exercises.check("9.2", answer_9_2)')]}


def two_checks_handin(answers=(), printed=(), tags=None):
    """Lesson 9 as a student hands it in: exercise -> the answer's source; exercise -> the lines its check printed
    (an exercise not in ``printed`` was never run)."""
    nb = two_checks_lesson(tags)
    for exercise, source in dict(answers).items():
        nb["cells"][1 if exercise == "9.1" else 4]["source"] = f"answer_{exercise.replace('.', '_')} = {source}"
    for exercise, lines in dict(printed).items():
        nb["cells"][2 if exercise == "9.1" else 5]["outputs"] = [
            {"output_type": "stream", "name": "stdout", "text": [line + "\n" for line in lines]}]
    return nb


@pytest.fixture
def two_checks(tmp_path):
    """(the lessons folder holding Lesson 9 only, an empty hand-in folder)"""
    lessons, handed = tmp_path / "notebooks", tmp_path / "handed-in"
    lessons.mkdir()
    handed.mkdir()
    (lessons / "09-two-checks.ipynb").write_text(json.dumps(two_checks_lesson()), encoding="utf-8")
    return lessons, handed


HINT = "not yet. Count the claims in paragraph two again, then the one under the photo."
NOTE = "The claim counts the same rally twice:   once in the headline and once in the caption. " * 4


def small_class(two_checks, tmp_path):
    """ana: 9.1 right, 9.2 not yet with a long hint, and a note of her own; ben: 9.1 never run, 9.2 right; two files
    that are no notebooks."""
    lessons, handed = two_checks
    ana = two_checks_handin({"9.1": "12", "9.2": "4"}, {"9.1": ["Exercise 9.1: right!"], "9.2": [f"Exercise 9.2: {HINT}"]})
    ana["cells"].insert(3, {"cell_type": "markdown", "metadata": {}, "source": NOTE})
    (handed / "ana.ipynb").write_text(json.dumps(ana), encoding="utf-8")
    ben = two_checks_handin({"9.2": "3"}, {"9.2": ["Exercise 9.2: right!"]})
    (handed / "ben.ipynb").write_text(json.dumps(ben), encoding="utf-8")
    (handed / "notes.txt").write_text("not a notebook", encoding="utf-8")
    (handed / "README").write_text("not a notebook either", encoding="utf-8")
    lines = []
    result = classroom.collect(handed, out=tmp_path / "out", lessons_folder=lessons, echo=lines.append)
    return result, lines


def test_the_csv_and_the_page_of_a_small_class_show_each_answer_check_and_note_cut_to_size(two_checks, tmp_path):
    result, lines = small_class(two_checks, tmp_path)
    where = "text cell 4 (under Lesson 9: Two checks)"
    note = " ".join(NOTE.split())[:199] + "…"  # one line, cut at 200 characters
    hint = HINT[:59] + "…"  # the check's words, cut at 60 characters
    skipped = ["README: skipped: not a notebook (a file without an extension)",
               "notes.txt: skipped: not a notebook (a .txt file)"]
    assert lines[:2] == skipped and lines[2] == "Lesson 9 (09-two-checks): 2 notebook(s) summarised, 2 file(s) skipped" \
        " (the lesson most files are; choose another with --lesson)"
    table, chart, page = result.written
    assert [table.name, chart.name, page.name] == ["09-two-checks.csv", "09-two-checks-hardest.png", "09-two-checks.html"]
    with open(table, encoding="utf-8", newline="") as f:
        assert list(csv.reader(f)) == [
            ["student", "9.1 answer", "9.1 check", "9.1 check said", "9.2 answer", "9.2 check", "9.2 check said", "own words"],
            ["ana", "12", "right", "right!", "4", "not yet", hint, f"{where}: {note}"],
            ["ben", "", "not answered", "", "3", "right", "right!", ""]]
    text = page.read_text(encoding="utf-8")
    rows = text.splitlines()
    assert ('<tr><th scope="row">ana</th><td><span class="answer">12</span><br><span class="status">right</span><br>right!</td>'
            f'<td><span class="answer">4</span><br><span class="status">not yet</span><br>{hint}</td></tr>') in rows
    assert ('<tr><th scope="row">ben</th><td><span class="answer">(none)</span><br><span class="status">not answered</span></td>'
            '<td><span class="answer">3</span><br><span class="status">right</span><br>right!</td></tr>') in rows
    assert ('<table><caption>Open answers, one row per answer</caption><thead><tr><th scope="col">student</th>'
            '<th scope="col">where</th><th scope="col">what they wrote</th></tr></thead><tbody>'
            f'<tr><th scope="row">ana</th><td>{where}</td><td>{note}</td></tr></tbody></table>') in rows
    assert f"<ul><li>{skipped[0]}</li><li>{skipped[1]}</li></ul>" in rows
    assert "No open answers" not in text


def test_a_page_with_no_open_answers_and_no_file_left_out_says_so(two_checks, tmp_path):
    lessons, handed = two_checks
    (handed / "cy.ipynb").write_text(json.dumps(two_checks_handin()), encoding="utf-8")
    result = classroom.collect(handed, out=tmp_path / "out", lessons_folder=lessons, echo=lambda line: None)
    assert result.results == {"cy": {"9.1": "not answered", "9.2": "not answered"}} and result.own_words == {"cy": []}
    rows = result.written[2].read_text(encoding="utf-8").splitlines()
    assert "<p>No open answers were found.</p>" in rows and "<ul><li>none</li></ul>" in rows


def test_the_chart_of_a_small_class_has_its_title_labels_bars_colours_hatches_and_counts(two_checks, tmp_path):
    import matplotlib
    from matplotlib.colors import to_rgba
    from PIL import Image

    # a teacher's matplotlibrc may choose another format and resolution: the chart is a PNG of 100 dots per inch
    with matplotlib.rc_context({"savefig.format": "svg", "savefig.dpi": 300}):
        result, _ = small_class(two_checks, tmp_path)
    title, alt = classroom.chart_text(result)
    assert title == "Lesson 9: fewest right on exercises 9.1, 9.2 (1 of 2 students)"
    assert alt == ("Horizontal stacked bar chart of the self-check results of 2 handed-in notebooks of Lesson 9, one bar per "
                   "exercise, hardest first. 9.2: 1 right, 1 not yet, 0 not answered; 9.1: 1 right, 0 not yet, 1 not answered.")
    chart = result.written[1]
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert Image.open(chart).info["Title"] == title and Image.open(chart).info["Description"] == alt
    assert Image.open(chart).size == (800, 250), "8 inches wide, 1.6 + 0.45 per exercise high, at 100 dpi"

    fig = classroom.draw_chart(result, title)
    assert tuple(fig.get_size_inches()) == pytest.approx((8, 1.6 + 0.45 * 2)), "a bar's height stays the same however many exercises"
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == title
    assert ax.get_xlabel() == "Students (number of handed-in notebooks, of 2)" and ax.get_ylabel() == "Exercise"
    assert ax.get_xlim() == (0, 2)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Exercise 9.1", "Exercise 9.2"], "9.2, the hardest, at the top"
    # bottom-up: (exercise 9.1, exercise 9.2) per status, with Okabe-Ito colours and a hatch for those who can't tell them apart
    expected = {"right": ("#009E73", "", [1, 1], [0, 0]), "not yet": ("#E69F00", "//", [0, 1], [1, 1]),
                "not answered": ("#999999", "..", [1, 0], [1, 2])}
    assert [c.get_label() for c in ax.containers] == list(expected)
    for container, (colour, hatch, widths, lefts) in zip(ax.containers, expected.values()):
        assert [bar.get_width() for bar in container.patches] == widths, container.get_label()
        assert [bar.get_x() for bar in container.patches] == lefts, container.get_label()
        assert all(bar.get_facecolor() == to_rgba(colour) and bar.get_hatch() == hatch for bar in container.patches), container.get_label()
    # each count in the middle of its bar (data coordinates: y 0 is exercise 9.1), none for an empty part
    counts = sorted((t.get_text(), *t.get_position()) for t in ax.texts)
    assert counts == [("1", 0.5, 0), ("1", 0.5, 1), ("1", 1.5, 0), ("1", 1.5, 1)]
    assert all(t.get_bbox_patch().get_facecolor()[:3] == (1, 1, 1) for t in ax.texts), "a white box keeps the count readable on a hatch"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["right", "not yet", "not answered"]
    assert ax.get_legend().get_frame_on() is False, "the legend sits under the axis label, with no box around it"
    from matplotlib.layout_engine import ConstrainedLayoutEngine
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine), "the labels and legend fit inside the picture"

    one = classroom.Summary(result.lesson, results={"ana": {"9.1": "not yet", "9.2": "right"}})
    assert classroom.chart_text(one)[0] == "Lesson 9: fewest right on exercise 9.1 (0 of 1 students)"


def test_what_a_check_cell_printed_besides_its_line_and_a_check_quoted_in_text_do_not_confuse_the_result(two_checks, tmp_path):
    lessons, handed = two_checks
    nb = two_checks_handin({"9.1": "12", "9.2": "4"},
                           {"9.1": ["Checking your answer ...", "Exercise 9.1: right!", "Exercise 9.2: not yet. (printed here by hand)"],
                            "9.2": ["Exercise 9.2: right!"]})
    nb["cells"].insert(3, {"cell_type": "markdown", "metadata": {}, "source": 'I ran exercises.check("9.1", answer_9_1) twice.'})
    (handed / "dee.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    lines = []
    result = classroom.collect(handed, out=tmp_path / "out", lessons_folder=lessons, echo=lines.append)
    assert result.results == {"dee": {"9.1": "right", "9.2": "right"}}, lines
    assert result.said == {"dee": {"9.1": "right!", "9.2": "right!"}}


def test_a_notebook_with_exactly_the_most_open_answers_shown_shows_them_all(two_checks, tmp_path):
    lessons, handed = two_checks
    for name, notes in (("all", classroom.OWN_WORDS_MAX), ("one-more", classroom.OWN_WORDS_MAX + 1)):
        nb = two_checks_handin()
        nb["cells"] += [{"cell_type": "markdown", "metadata": {}, "source": f"Note {i} of mine."} for i in range(notes)]
        (handed / f"{name}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    result = classroom.collect(handed, out=tmp_path / "out", lessons_folder=lessons, echo=lambda line: None)
    assert [text for _, text in result.own_words["all"]] == [f"Note {i} of mine." for i in range(classroom.OWN_WORDS_MAX)]
    assert result.own_words["one-more"][-2:] == [(f"text cell {6 + classroom.OWN_WORDS_MAX} (under Lesson 9: Two checks)",
                                                  f"Note {classroom.OWN_WORDS_MAX - 1} of mine."), ("more", "1 more not shown")]


def test_a_starter_left_as_dots_is_no_open_answer_each_file_written_is_named_and_the_page_is_headed_by_the_lesson(two_checks, tmp_path):
    """A student who adds `my_reason = ...` has not written anything yet; collect names each file it writes; the
    page's heading is the lesson's title, or its file name when the lesson has no heading."""
    lessons, handed = two_checks
    nb = two_checks_handin()
    nb["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                        "source": "my_reason = ...\nmy_source = 'the caption under the photo'"})
    (handed / "ana.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    lines = []
    result = classroom.collect(handed, out=tmp_path / "out", lessons_folder=lessons, echo=lines.append)
    assert result.own_words == {"ana": [("my_source", "'the caption under the photo'")]}
    assert lines[-3:] == [f"wrote {path}" for path in result.written] and len(result.written) == 3
    assert "<h1>Class summary: Lesson 9: Two checks</h1>" in result.written[2].read_text(encoding="utf-8").splitlines()

    untitled = two_checks_lesson()
    del untitled["cells"][0]
    (lessons / "09-two-checks.ipynb").write_text(json.dumps(untitled), encoding="utf-8")
    (handed / "ana.ipynb").write_text(json.dumps(untitled), encoding="utf-8")
    result = classroom.collect(handed, out=tmp_path / "out2", lessons_folder=lessons, echo=lambda line: None)
    assert "<h1>Class summary: 09-two-checks</h1>" in result.written[2].read_text(encoding="utf-8").splitlines()


def test_a_text_cell_the_lesson_tags_for_own_words_is_shown_and_tags_of_any_other_shape_are_ignored(tmp_path):
    lessons, handed = tmp_path / "notebooks", tmp_path / "handed-in"
    lessons.mkdir()
    handed.mkdir()
    (lessons / "09-two-checks.ipynb").write_text(json.dumps(two_checks_lesson(["own-words"])), encoding="utf-8")
    for name, tags in (("ana", ["own-words", 3]), ("ben", 7), ("cy", "own-words"), ("dee", {"own-words": 1})):
        (handed / f"{name}.ipynb").write_text(json.dumps(two_checks_handin(tags=tags)), encoding="utf-8")
    lines = []
    result = classroom.collect(handed, out=tmp_path / "out", lessons_folder=lessons, echo=lines.append)
    kept = ("text cell 4 (under Lesson 9: Two checks)", "Your verdict on the claim, in a sentence: ...")
    assert result.own_words == {"ana": [kept], "ben": [], "cy": [], "dee": []}, lines  # the lesson's text, as the lesson tags it
    nb = two_checks_handin(tags=["own-words", None])
    nb["cells"][5]["metadata"]["tags"] = ["hide-output"]
    assert [cell.tags for cell in classroom.cells_of(nb)] == [(), (), (), ("own-words",), (), ("hide-output",)]


def test_a_folder_with_no_notebook_in_it_stops_collect_with_the_folder_named(tmp_path):
    folder = tmp_path / "handed-in"
    folder.mkdir()
    (folder / "README").write_text("no notebook", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    lines = []
    with pytest.raises(classroom.ClassroomError) as stop:
        classroom.collect(folder, out=tmp_path / "out", echo=lines.append)
    assert str(stop.value) == f"no lesson notebook could be read in {folder}"
    assert lines == ["README: skipped: not a notebook (a file without an extension)",
                     "scan.pdf: skipped: not a notebook (a .pdf file)"]
    assert not (tmp_path / "out").exists()


def test_collect_on_the_command_line_fails_with_1_when_no_notebook_is_the_chosen_lesson(tmp_path, capsys):
    folder = tmp_path / "handed-in"
    folder.mkdir()
    (folder / "ana.ipynb").write_text(json.dumps(handed_in({LESSON.exercises[0]: "right"})), encoding="utf-8")
    assert classroom.main(["collect", str(folder), "--lesson", OTHER.stem, "--out", str(tmp_path / "out")]) == 1
    printed = capsys.readouterr().out
    assert f"ana.ipynb: skipped: this is {LESSON.label}" in printed and f"{OTHER.label} ({OTHER.stem}): 0 notebook(s) summarised" in printed
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="named pipes and links as Linux has them")
def test_a_file_swapped_for_a_link_or_a_named_pipe_after_the_folder_was_listed_is_refused(tmp_path):
    """collect lists the folder, then reads each file: in between, a file may have become a link or a pipe."""
    import errno

    good = tmp_path / "good.ipynb"
    good.write_text(json.dumps(handed_in({LESSON.exercises[0]: "right"})), encoding="utf-8")
    assert classroom.read_handin(good)["nbformat"] == 4
    link = tmp_path / "link.ipynb"
    link.symlink_to(good)
    with pytest.raises(classroom.Skip) as why:
        classroom.read_handin(link)
    assert str(why.value) == f"cannot be read ({os.strerror(errno.ELOOP)}); check the file's permissions"
    pipe = tmp_path / "pipe.ipynb"
    os.mkfifo(pipe)
    def read():
        try:
            classroom.read_handin(pipe)
        except classroom.Skip as skip:
            return str(skip)

    assert returns_without_waiting_on(pipe, read) == "not a regular file"


def test_a_file_that_cannot_be_opened_without_a_reason_or_grows_while_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "ana.ipynb"
    path.write_text(json.dumps(handed_in({LESSON.exercises[0]: "right"})), encoding="utf-8")

    def refused(*args, **kwargs):
        raise OSError("the network drive went away")  # no errno, no strerror

    with monkeypatch.context() as patch:
        patch.setattr(classroom.os, "open", refused)
        with pytest.raises(classroom.Skip) as why:
            classroom.read_handin(path)
    assert str(why.value) == "cannot be read (refused); check the file's permissions"
    # the file was small when looked at, and grew past the limit before it was read: no more than the limit is read
    real_fstat = os.fstat
    monkeypatch.setattr(classroom, "MAX_HANDIN_BYTES", 1000)
    monkeypatch.setattr(classroom.os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 10, *real_fstat(fd)[7:10])))
    assert path.stat().st_size > 1000
    with pytest.raises(classroom.Skip, match=r"^broken or cut-off notebook file \(JSON error"):
        classroom.read_handin(path)


@pytest.mark.skipif(os.name == "nt", reason="links as Linux and macOS have them")
def test_an_entry_that_cannot_be_looked_at_is_one_line_naming_it(tmp_path, monkeypatch):
    folder = tmp_path / "handed-in"
    folder.mkdir()
    (folder / "ana.ipynb").write_text(json.dumps(handed_in({LESSON.exercises[0]: "right"})), encoding="utf-8")
    (folder / "odd-link.ipynb").symlink_to(folder / "ana.ipynb")
    (folder / "bad-link.ipynb").symlink_to(folder / "ana.ipynb")
    real_realpath = os.path.realpath

    def failing(path, *args, **kwargs):  # as on a network drive that stops answering, or a name the system refuses
        if str(path).endswith("odd-link.ipynb"):
            raise OSError(5, "Input/output error")
        if str(path).endswith("bad-link.ipynb"):
            raise ValueError("embedded null byte")
        return real_realpath(path, *args, **kwargs)

    monkeypatch.setattr(classroom.os.path, "realpath", failing)
    lines = []
    result = classroom.collect(folder, out=tmp_path / "out", echo=lines.append)
    assert list(result.results) == ["ana"]
    assert lines[:2] == ["bad-link.ipynb: skipped: cannot be read (ValueError)", "odd-link.ipynb: skipped: cannot be read (OSError)"]


# --- Each line a teacher reads, exactly --------------------------------------------------------------------
# Why collect leaves a file out, word for word and at the edges where a name or a text is cut.


def test_each_file_collect_leaves_out_gets_its_own_exact_line_in_the_echo_and_on_the_page(two_checks, tmp_path):
    import html

    lessons, handed = two_checks

    def handin(name, change=None, printed=(), answers=()):
        nb = two_checks_handin(answers, printed)
        if change:
            change(nb["cells"])
        (handed / name).write_text(json.dumps(nb), encoding="utf-8")

    handin("ana.ipynb", printed={"9.1": ["Exercise 9.1: right!"]})
    handin("meta.ipynb", lambda cells: cells[1].update(metadata=["tags"]))
    handin("outputs.ipynb", lambda cells: cells[2].update(outputs=[1]))
    handin("deleted.ipynb", lambda cells: cells.pop(5))
    handin("twice.ipynb", lambda cells: cells.append(dict(cells[5])))
    handin("silent.ipynb", printed={"9.1": ["Checking your answer ..."]})
    handin("edited.ipynb", printed={"9.1": ["Exercise 9.1: right!", "Exercise 9.1: not yet."]})
    odd_80, odd_81 = "Exercise 9.1: " + "m" * 66, "Exercise 9.1: " + "m" * 67  # the line shown whole, and cut
    handin("odd-80.ipynb", printed={"9.1": [odd_80]})
    handin("odd-81.ipynb", printed={"9.1": [odd_81]})
    heading_60, heading_61 = "My notes on " + "x" * 48, "My notes on " + "x" * 49
    for name, heading in (("mine-60.ipynb", heading_60), ("mine-61.ipynb", heading_61)):
        (handed / name).write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": f"# {heading}\n\nNot a lesson."}]}), encoding="utf-8")
    (handed / "nested.ipynb").write_bytes(b"[" * 200_000 + b"]" * 200_000)
    (handed / "digits.ipynb").write_bytes(b'{"nbformat": 4, "cells": [], "x": ' + b"9" * 100_000 + b"}")
    (handed / "notes.abcdefghijklmnopqrs").write_text("a suffix of 20 characters", encoding="utf-8")
    (handed / "notes.abcdefghijklmnopqrst").write_text("a suffix of 21 characters", encoding="utf-8")
    at_limit = json.dumps(two_checks_handin(printed={"9.2": ["Exercise 9.2: right!"]})).encode()
    # exactly at the limit, its closing brace the last byte: read whole, not one byte short
    (handed / "big.ipynb").write_bytes(b" " * (classroom.MAX_HANDIN_BYTES - len(at_limit)) + at_limit)
    with open(handed / "huge.ipynb", "wb") as f:  # sparse: takes no room on disk
        f.truncate(classroom.MAX_HANDIN_BYTES + 1)
    (handed / ".ipynb_checkpoints").mkdir()
    (handed / ".ipynb_checkpoints" / "ana-checkpoint.ipynb").write_text("{}", encoding="utf-8")
    (handed / ".git").mkdir()
    (handed / ".~ana.ipynb").write_text("{}", encoding="utf-8")
    lines = []
    result = classroom.collect(handed, out=tmp_path / "out", lessons_folder=lessons, echo=lines.append)
    assert sorted(result.results) == ["ana", "big"] and result.results["big"]["9.2"] == "right"
    well = "not a well-formed notebook: "
    expected = sorted([
        f"meta.ipynb: skipped: {well}the metadata of cell 2 is not a mapping",
        f"outputs.ipynb: skipped: {well}the outputs of cell 3 are not a list of outputs",
        'deleted.ipynb: skipped: the check of exercise 9.2, exercises.check("9.2", ...), is missing (the cell was deleted or edited)',
        'twice.ipynb: skipped: the check of exercise 9.2, exercises.check("9.2", ...), appears in 2 cells',
        "silent.ipynb: skipped: the check cell of exercise 9.1 shows no 'Exercise 9.1:' line",
        "edited.ipynb: skipped: the check cell of exercise 9.1 shows 2 results; it was edited",
        f"odd-80.ipynb: skipped: the result of exercise 9.1 cannot be read: {odd_80}",
        f"odd-81.ipynb: skipped: the result of exercise 9.1 cannot be read: {odd_81[:79]}…",
        f"mine-60.ipynb: skipped: not one of the kit's lessons (its first heading is '{heading_60}')",
        f"mine-61.ipynb: skipped: not one of the kit's lessons (its first heading is '{heading_61[:59]}…')",
        "nested.ipynb: skipped: not a notebook Python can read (RecursionError: nested or sized beyond reason)",
        "digits.ipynb: skipped: not a notebook Python can read (ValueError: nested or sized beyond reason)",
        "notes.abcdefghijklmnopqrs: skipped: not a notebook (a .abcdefghijklmnopqrs file)",
        "notes.abcdefghijklmnopqrst: skipped: not a notebook (a .abcdefghijklmnopqr… file)",
        "huge.ipynb: skipped: too large to be a lesson (20,000,001 bytes; a lesson is under 1,000,000)",
        ".ipynb_checkpoints: skipped: a hidden folder (its name starts with a dot; Jupyter's automatic checkpoints, not handed-in work)",
        ".git: skipped: a hidden folder (its name starts with a dot)",
        ".~ana.ipynb: skipped: a hidden file (its name starts with a dot)"])
    assert lines[:len(expected)] == expected
    assert lines[len(expected)] == f"Lesson 9 (09-two-checks): 2 notebook(s) summarised, {len(expected)} file(s) skipped" \
        " (the lesson most files are; choose another with --lesson)"
    page = result.written[2].read_text(encoding="utf-8")
    assert "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in expected) + "</ul>" in page.splitlines()


def test_the_csv_leaves_a_not_answered_checks_words_out_and_names_where_each_note_is_cut_to_60(two_checks, tmp_path):
    """ana wrote a note above the lesson's first heading; ben and cy each a heading and a note under it, so that
    where the note is takes 60 and 61 characters. The CSV has Windows line ends, as RFC 4180 and Excel want."""
    lessons, handed = two_checks
    not_answered = "Exercise 9.1: not answered yet. Put your answer in place of the ..."
    ana = two_checks_handin({"9.2": "4"}, {"9.1": [not_answered], "9.2": ["Exercise 9.2: right!"]})
    ana["cells"].insert(0, {"cell_type": "markdown", "metadata": {}, "source": "Read with Ben."})
    (handed / "ana.ipynb").write_text(json.dumps(ana), encoding="utf-8")
    heading_40, heading_41 = "Why the claim counts twice " + "a" * 13, "Why the claim counts twice " + "a" * 14
    for name, heading in (("ben", heading_40), ("cy", heading_41)):
        nb = two_checks_handin()
        nb["cells"][3:3] = [{"cell_type": "markdown", "metadata": {}, "source": f"## {heading}"},
                            {"cell_type": "markdown", "metadata": {}, "source": "The caption repeats it."}]
        (handed / f"{name}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    result = classroom.collect(handed, out=tmp_path / "out", lessons_folder=lessons, echo=lambda line: None)
    assert result.results["ana"] == {"9.1": "not answered", "9.2": "right"} and result.said["ana"] == {"9.1": "", "9.2": "right!"}
    assert result.own_words["ana"] == [("text cell 1 (under the top)", "Read with Ben.")]
    where_60, where_61 = f"text cell 5 (under {heading_40})", f"text cell 5 (under {heading_41})"
    assert len(where_60) == 60 and result.own_words["cy"][1][0] == where_61
    under = "text cell 4 (under Lesson 9: Two checks)"
    table, _, page = result.written
    assert table.read_bytes().decode("utf-8").split("\r\n") == [
        "student,9.1 answer,9.1 check,9.1 check said,9.2 answer,9.2 check,9.2 check said,own words",
        "ana,,not answered,,4,right,right!,text cell 1 (under the top): Read with Ben.",
        f"ben,,not answered,,,not answered,,{under}: ## {heading_40} | {where_60}: The caption repeats it.",
        f"cy,,not answered,,,not answered,,{under}: ## {heading_41} | {where_61[:59]}…: The caption repeats it.", ""]
    rows = page.read_text(encoding="utf-8")
    assert f"<td>{where_60}</td>" in rows and f"<td>{where_61[:59]}…</td>" in rows


def test_copies_on_the_command_line_names_each_copy_it_makes_once(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(classroom, "ROOT", tmp_path)
    monkeypatch.setattr(classroom, "WORK", tmp_path / "work")
    assert classroom.main(["copies"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"made work/{lesson.name}" for lesson in LESSONS]
    assert sorted(p.name for p in (tmp_path / "work").glob("*.ipynb")) == [lesson.name for lesson in LESSONS]
    assert classroom.main(["copies"]) == 0 and capsys.readouterr().out == ""  # a copy that exists is kept


def test_an_unforeseen_error_is_one_line_cut_to_200_characters_that_asks_to_report_it(monkeypatch, capsys):
    for message, shown in (("a\n" + "b" * 198, "a " + "b" * 198), ("c" * 201, "c" * 199 + "…")):
        def broken(message=message):
            raise RuntimeError(message)

        monkeypatch.setattr(classroom, "student_copies", broken)
        assert classroom.main(["copies"]) == 1
        assert capsys.readouterr().err.splitlines() == [
            "usage: python -m helpers.classroom copies [-h]",
            f"Stopped: an unexpected problem (RuntimeError: {shown}); please report it"]


def test_a_console_that_cannot_show_a_character_gets_an_escape_not_a_crash(monkeypatch):
    """A school PC's console in an old code page (ASCII here) still shows the line, with the character escaped."""
    out, err = (io.TextIOWrapper(io.BytesIO(), encoding="ascii") for _ in range(2))
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)

    def broken():
        raise RuntimeError("the café's folder")

    monkeypatch.setattr(classroom, "student_copies", broken)
    assert classroom.main(["copies"]) == 1
    err.flush()
    assert err.buffer.getvalue().decode("ascii").splitlines()[-1] == \
        "Stopped: an unexpected problem (RuntimeError: the caf\\xe9's folder); please report it"
    assert out.errors == err.errors == "backslashreplace"


@pytest.mark.skipif(os.name == "nt", reason="Windows cannot remove a file that is open")
def test_a_summary_file_whose_temporary_copy_vanished_reports_the_writes_own_error(tmp_path):
    """The out folder emptied while the summary was written (a clean-up script, a network drive that
    came back empty): the teacher reads why the write failed, not a second error about the temporary file."""
    def write(f):
        for leftover in tmp_path.iterdir():
            leftover.unlink()
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError) as failed:
        classroom._replace(tmp_path / "09-two-checks.csv", write)
    assert failed.value.errno == 28 and list(tmp_path.iterdir()) == []


def test_mutate_refuses_an_unknown_module_before_building_anything(tmp_path, capsys, monkeypatch):
    import runpy

    tasks = runpy.run_path(str(ROOT / "tasks.py"))
    built = []
    monkeypatch.setitem(tasks["mutate"].__globals__, "ensure", lambda extra: built.append(extra))
    for bad in (["nope"], ["../tasks"], ["classroom.py"], ["²"], ["--sample"], ["--sample", "0", "data"],
                ["data", "--sample", "x"], ["--sample", "9" * 7], ["--sample", "3", "nope"]):
        assert tasks["mutate"](bad) == 2
        assert capsys.readouterr().err.startswith("usage: python3 tasks.py mutate [--sample N] [MODULE ...]\n"), bad
    assert built == []
    made = tmp_path / "mutants" / "helpers" / "data.py"
    made.parent.mkdir(parents=True)
    made.write_text("def x_load__mutmut_orig(a):\n    pass\ndef x_load__mutmut_1(a):\n    pass\n"
                    "    def xǁSummaryǁcounts__mutmut_12(self):\n        pass\ndef x_load__mutmut_1(a):\n    pass\n")
    assert tasks["mutant_names"](tmp_path, "data") == ["helpers.data.x_load__mutmut_1", "helpers.data.xǁSummaryǁcounts__mutmut_12"]
    meta = tmp_path / "mutants" / "helpers" / "claimreview.py.meta"
    meta.parent.mkdir(parents=True, exist_ok=True)
    meta.write_text(json.dumps({"exit_code_by_key": {"a": 1, "b": 1, "c": 0, "d": 36, "e": 33, "f": None, "g": -11}}))
    assert tasks["mutation_rates"](tmp_path, "claimreview") == {"killed": 2, "survived": 1, "timeout": 1, "no tests": 1,
                                                                "not checked": 1, "suspicious": 1}
