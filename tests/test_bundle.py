"""The student bundle: everything a class needs to run the lessons, and no answer key.

One test here is expensive: it unzips the bundle and runs a lesson in it in a
fresh kernel in a process of its own (tests/run_lessons.py), together with one
lesson from a student's copy in a work folder. `python3 tasks.py platforms`
runs every lesson from the bundle (tests/test_platforms.py).
"""
from __future__ import annotations

import ast
import json
import os
import re
import runpy
import shutil
import subprocess
import sys
import zipfile

import pytest

from helpers import classroom, data

from conftest import DATASETS, ROOT
from run_lessons import RUN_TIMEOUT

SOLUTIONS = runpy.run_path(str(ROOT / "instructors" / "solutions.py"))["SOLUTIONS"]
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TOP = classroom.BUNDLE_NAME


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    path = classroom.bundle(tmp_path_factory.mktemp("bundle") / "student-bundle.zip")
    with zipfile.ZipFile(path) as zf:
        return path, {name: zf.read(name) for name in zf.namelist()}


def test_the_bundle_holds_lessons_helpers_data_and_a_student_readme(bundle):
    _, members = bundle
    names = set(members)
    assert all(name.startswith(f"{TOP}/") for name in names)
    for lesson in LESSONS:  # beside helpers/, where `from helpers import ...` finds them; without outputs
        assert members[f"{TOP}/{lesson.name}"] == classroom.students_copy_of(lesson)
        code = [c for c in json.loads(members[f"{TOP}/{lesson.name}"])["cells"] if c["cell_type"] == "code"]
        assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code), lesson.name
    assert members[f"{TOP}/glossary.md"] == (ROOT / "notebooks" / "glossary.md").read_bytes()  # the lessons link to it
    for path in DATASETS.iterdir():
        assert members[f"{TOP}/datasets/{path.name}"] == path.read_bytes()
    imported = set(re.findall(r"from helpers import ([\w, ]+)", "".join(p.read_text(encoding="utf-8") for p in LESSONS)))
    for module in {m.strip() for line in imported for m in line.split(",")}:
        assert f"{TOP}/helpers/{module}.py" in names, module
    readme = members[f"{TOP}/README.md"].decode("utf-8")
    for name in re.findall(r"`([\w./-]+\.(?:ipynb|txt|md)|[\w-]+/)`", readme):
        assert any(n == f"{TOP}/{name}" or n.startswith(f"{TOP}/{name}") for n in names), name
    for lesson in LESSONS:
        assert f"`{lesson.name}`" in readme
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for requirement in members[f"{TOP}/requirements.txt"].decode().split():
        assert f'"{requirement}"' in pyproject


def test_no_instructor_file_is_in_the_bundle(bundle):
    _, members = bundle
    assert not [n for n in members if "instructors" in n.split("/") or n.endswith(("solutions.py", "classroom.py"))]
    teacher_files = {p.read_bytes() for p in (ROOT / "instructors").iterdir() if p.is_file()}
    assert not [n for n, content in members.items() if content in teacher_files]
    for notes in (ROOT / "instructors").glob("*.md"):  # no line of the notes, beyond headings and table rules
        lines = {l.strip() for l in notes.read_text(encoding="utf-8").splitlines() if len(l.strip()) > 40}
        assert not [(n, l) for n, c in members.items() for l in lines if l.encode() in c], notes.name


def test_no_solution_or_answer_is_in_the_bundle(bundle):
    _, members = bundle
    texts = {n: classroom.readable(n, c) for n, c in members.items()}
    for exercise, code in SOLUTIONS.items():  # the whole solution, and the line that sets the answer
        for part in [code.strip()] + [l.strip() for l in code.splitlines() if f"answer_{exercise.replace('.', '_')}" in l]:
            assert not [n for n, t in texts.items() if part in t], (exercise, part)
    # An answer assigned anywhere but in a starter cell, `answer_1_2 = ...`, would give it away.
    assigned = re.compile(r"answer_\d+_\d+ *=(?! *\.\.\.)")
    assert not [n for n, t in texts.items() if assigned.search(t)]
    # A literal answer (a code, a coding) never appears as a whole. A computed answer is not looked
    # for: it comes from data the lessons need, and a lesson may work a step before its exercise
    # (the kappa before 3.3), so its rounded value may rightly be there.
    lesson_text = "".join(t for n, t in texts.items() if n.endswith(".ipynb"))
    for exercise, code in SOLUTIONS.items():
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Dict, ast.List)):
                try:
                    value = ast.literal_eval(node.value)
                except ValueError:  # not a literal (a dict of functions, say): nothing to look for
                    continue
                assert not [n for n, t in texts.items() if json.dumps(value) in t or repr(value) in t], exercise
    for line in lesson_text.splitlines():  # the stored checks all say "not answered yet"
        if re.search(r"Exercise \d+\.\d+: ", line):
            assert "not answered yet" in line, line


def test_bundle_stops_if_a_lesson_holds_a_worked_solution(tmp_path):
    lesson = next(l.path for l in classroom.lessons() if l.exercises)
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    exercise = classroom.exercises_of(nb)[0]
    starter = next(c for c in nb["cells"] if "".join(c["source"]).strip() == f"answer_{exercise.replace('.', '_')} = ...")
    starter["source"] = SOLUTIONS[exercise]  # as a teacher might, showing the class the answer
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / lesson.name).write_text(json.dumps(nb), encoding="utf-8")
    out = tmp_path / "student-bundle.zip"
    with pytest.raises(classroom.ClassroomError, match=f"worked solution to exercise {exercise}"):
        classroom.bundle(out, folder=folder)
    assert not out.exists()


def git_status():
    done = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                          capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else None  # None: not a git checkout


def run_from_the_bundle(bundle_zip, lessons, tmp_path, with_students_copy: bool) -> None:
    """Unzip the bundle, run ``lessons`` from it in fresh kernels (and, if asked, a student's copy of a lesson
    in a work folder, as `tasks.py lab` makes it), and check each ran clean, with the bundle's own helpers."""
    with zipfile.ZipFile(bundle_zip) as zf:
        zf.extractall(tmp_path / "unzipped")
    kit = tmp_path / "unzipped" / TOP
    data.load("claims", kit / "datasets")  # the bundle's data passes the full check
    before = {p: p.read_bytes() for p in kit.rglob("*") if p.is_file()}
    around = tmp_path / "kit"  # a kit with its work/ folder, as `tasks.py lab` lays it out
    if with_students_copy:
        for part in ("helpers", "datasets"):
            shutil.copytree(ROOT / part, around / part, ignore=shutil.ignore_patterns("__pycache__"))
    copies = classroom.student_copies(work=around / "work") if with_students_copy else []
    copy = next(c for c in copies if classroom.exercises_of(json.loads(c.read_text(encoding="utf-8")))) if copies else None
    status = git_status()
    run = subprocess.run([sys.executable, str(ROOT / "tests" / "run_lessons.py"), "--against", str(ROOT / "notebooks"),
                          *(str(kit / p.name) for p in lessons), *([str(copy)] if copy else [])],
                         capture_output=True, text=True, timeout=RUN_TIMEOUT)
    assert run.returncode == 0, run.stderr[-3000:]
    reports = {r["notebook"]: r for r in json.loads(run.stdout)}
    for lesson in lessons:
        report = reports[str((kit / lesson.name).resolve())]
        assert report["helpers"] == str((kit / "helpers" / "__init__.py").resolve()), "helpers must come from the bundle"
        assert not report["errors"] and not report["differs"], (lesson.name, report["errors"], report["differs"][:2])
        expected = classroom.exercises_of(json.loads(lesson.read_text(encoding="utf-8")))
        assert [l.split(":")[0] for l in report["checks"]] == [f"Exercise {e}" for e in expected]
        assert all("not answered yet" in l for l in report["checks"])
    if copy:
        student = reports[str(copy.resolve())]
        assert not student["errors"] and not student["differs"]
        assert student["checks"] and all("not answered yet" in l for l in student["checks"])
        assert student["helpers"] == str((around / "helpers" / "__init__.py").resolve()), "a copy uses the kit it lives in"
    after = {p: p.read_bytes() for p in kit.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert after == before, "running the lessons wrote into the kit's folder"
    if status is not None:
        assert git_status() == status, "a lesson run from a student's copy changed the checkout"


def test_a_lesson_runs_from_the_unzipped_bundle_and_from_a_students_copy(bundle, tmp_path):
    """Lesson 3 (four helpers modules, six tables and the coding sheet) stands in for the others here; every
    lesson is run from the bundle by `python3 tasks.py platforms` (tests/test_platforms.py), as that takes
    several kernels."""
    path, _ = bundle
    run_from_the_bundle(path, [LESSONS[-1]], tmp_path, with_students_copy=True)


# --- The guard judges what the lessons contain, not their text --------------------------------------


def swap_quotes(code: str) -> str:
    return code.translate(str.maketrans({"'": '"', '"': "'"}))


def leaky_versions(exercise: str) -> dict[str, tuple[str, str]]:
    """kind -> (where: 'starter' / 'markdown' / 'output', what to put there) for one exercise."""
    name = f"answer_{exercise.replace('.', '_')}"
    solution = SOLUTIONS[exercise]
    return {
        "the solution": ("starter", solution),
        "the solution, quotes swapped": ("starter", swap_quotes(solution)),
        "the solution, spaced": ("starter", solution.replace(" = ", "   =   ", 1).replace(",", " ,")),
        "a literal": ("starter", f"{name} = 9"),
        "a string, single quotes": ("starter", f"{name} = 'b'"),
        "a tuple": ("starter", f"x, {name} = 1, 'b'"),
        "an annotated one": ("starter", f"{name}: str = 'b'"),
        "an augmented one": ("starter", f"{name} = ...\n{name} += 1"),
        "a walrus": ("starter", f"print(({name} := 'b'))"),
        "a loop": ("starter", f"for {name} in ['b']:\n    pass"),
        "a magic line": ("starter", f"%time {name} = 'b'"),
        "in a text cell": ("markdown", f"The answer:\n\n```python\n{swap_quotes(solution)}\n```"),
        "a stored right": ("output", f"Exercise {exercise}: right!\n"),
        "a stored not yet": ("output", f"Exercise {exercise}: not yet. Hint: look again.\n"),
    }


def leaky_lesson(lesson_path, exercise, where, what):
    nb = json.loads(lesson_path.read_text(encoding="utf-8"))
    name = f"answer_{exercise.replace('.', '_')}"
    starter = next(c for c in nb["cells"] if "".join(c["source"]).strip() == f"{name} = ...")
    if where == "starter":
        starter["source"] = what
    elif where == "markdown":
        nb["cells"].insert(nb["cells"].index(starter), {"cell_type": "markdown", "metadata": {}, "source": what})
    else:
        check = next(c for c in nb["cells"] if c["cell_type"] == "code" and f'exercises.check("{exercise}"' in "".join(c["source"]))
        check["outputs"] = [{"output_type": "stream", "name": "stdout", "text": [what]}]
    return nb


def test_the_guard_stops_every_kind_of_given_away_answer(tmp_path):
    cases, lessons = 0, classroom.lessons()  # one list: lessons() makes new objects at every call
    for lesson in lessons:
        for exercise in lesson.exercises[:2]:  # two exercises of every lesson, every kind of leak
            for kind, (where, what) in leaky_versions(exercise).items():
                content = json.dumps(leaky_lesson(lesson.path, exercise, where, what)).encode()
                assert classroom.answer_leaks(lesson.path.name, content), (lesson.stem, exercise, kind)
                if exercise == lesson.exercises[0] and lesson == lessons[1]:  # the whole command, once a kind
                    folder = tmp_path / f"{lesson.stem}-{exercise}-{cases}"
                    folder.mkdir()
                    (folder / lesson.path.name).write_bytes(content)
                    out = folder / "student-bundle.zip"
                    if where == "output":  # the bundle ships lessons without outputs: built, and the result is gone
                        with zipfile.ZipFile(classroom.bundle(out, folder=folder)) as zf:
                            shipped = zf.read(f"{TOP}/{lesson.path.name}").decode()
                        assert what.strip() not in shipped and '"outputs": []' in shipped, (lesson.stem, exercise, kind)
                    else:
                        with pytest.raises(classroom.ClassroomError) as stop:
                            classroom.bundle(out, folder=folder)
                        assert f"{TOP}/{lesson.path.name}: " in str(stop.value), (lesson.stem, exercise, kind)
                        assert not out.exists()
                cases += 1
    assert cases == sum(min(2, len(l.exercises)) for l in lessons) * len(leaky_versions("1.1"))


def test_the_untouched_lessons_pass_the_guard():
    for lesson in classroom.lessons():
        assert classroom.answer_leaks(lesson.path.name, lesson.path.read_bytes()) == []


@pytest.fixture
def kit_copy(tmp_path, monkeypatch):
    """A copy of the kit's helpers, data, notes and pyproject.toml that bundle() reads instead of the real ones."""
    kit = tmp_path / "kit"
    for part in ("helpers", "datasets", "instructors", "notebooks"):
        shutil.copytree(ROOT / part, kit / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "pyproject.toml", kit / "pyproject.toml")
    monkeypatch.setattr(classroom, "ROOT", kit)
    monkeypatch.setattr(classroom, "LESSONS", kit / "notebooks")
    return kit


@pytest.mark.parametrize("where, target", [("datasets/solutions.csv", "instructors/solutions.py"),
                                           ("datasets/notes", "instructors"),
                                           ("helpers/key.py", "instructors/solutions.py"),
                                           ("datasets/gone.csv", "nowhere.csv"),
                                           ("notebooks/09-extra.ipynb", "instructors/01-tabulating-claims.md")])
@pytest.mark.skipif(os.name == "nt", reason="Windows: file names with control characters and links need rights a school laptop lacks")
def test_a_link_is_never_shipped_or_followed(kit_copy, tmp_path, where, target):
    (kit_copy / where).symlink_to(kit_copy / target)
    out = tmp_path / "student-bundle.zip"
    with pytest.raises(classroom.ClassroomError, match="never ships a link.*" + re.escape(where.split("/")[-1])):
        classroom.bundle(out)
    assert not out.exists()


def test_building_without_the_solutions_is_one_clear_line(kit_copy, tmp_path, capsys):
    (kit_copy / "instructors" / "solutions.py").unlink()
    assert classroom.main(["bundle"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.splitlines()[-1].startswith("Stopped: ")
    assert "solutions.py is missing" in err.splitlines()[-1] and len(err.splitlines()) == 2  # the usage line, then why
    assert not (kit_copy / "build").exists()


# --- The bundle's parts, on small inputs ------------------------------------------------------------


def test_the_requirements_are_pyprojects_dependencies_with_or_without_tomllib(tmp_path, monkeypatch):
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib
    expected = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert expected and classroom._requirements() == expected
    assert classroom.bundle_members()[f"{TOP}/requirements.txt"] == ("\n".join(expected) + "\n").encode()
    monkeypatch.setitem(sys.modules, "tomllib", None)  # as on Python 3.10, where the list is read directly
    assert classroom._requirements() == expected
    monkeypatch.setattr(classroom, "ROOT", tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "kit"\ndependencies = [\n    "pandas>=2.2.2,<4",  # the tables\n    "matplotlib>=3.8.4",\n]\n\n'
        '[project.optional-dependencies]\ntest = [\n    "pytest>=8",\n]\n', encoding="utf-8")
    assert classroom._requirements() == ["pandas>=2.2.2,<4", "matplotlib>=3.8.4"]
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "kit"\n', encoding="utf-8")
    assert classroom._requirements() == []


def article_folder(tmp_path, monkeypatch):
    from helpers import article

    monkeypatch.setattr(article, "ARTICLES", tmp_path / "articles")
    folder = tmp_path / "articles" / "bridge"
    (folder / "drafts").mkdir(parents=True)  # a subfolder is not carried
    (folder / "drafts" / "old.md").write_text("an older draft", encoding="utf-8")
    (folder / ".notes").write_text("not for students", encoding="utf-8")  # nor a hidden file
    (folder / "article.md").write_text("# The bridge\n\nThe council closed the old bridge on Monday.\n", encoding="utf-8")
    (folder / "quotes.csv").write_text("id,quote\nQ01,We will reopen it in spring\n", encoding="utf-8")
    return folder


def test_the_bundle_carries_an_articles_own_files_and_nothing_else_of_it(tmp_path, monkeypatch):
    folder = article_folder(tmp_path, monkeypatch)
    members = classroom.bundle_members(articles=["bridge"])
    carried = {name: content for name, content in members.items() if "/articles/" in name}
    assert carried == {f"{TOP}/articles/bridge/article.md": (folder / "article.md").read_bytes(),
                       f"{TOP}/articles/bridge/quotes.csv": (folder / "quotes.csv").read_bytes()}
    assert classroom.bundle_members() == {n: c for n, c in members.items() if n not in carried}  # the rest as without it
    for name, why in (("other", "there is no article folder articles/other: make it with python3 tasks.py new-article"),
                      ("../bridge", "is not the name of an article folder"), ("", "is not the name of an article folder"),
                      ("bridge/drafts", "is not the name of an article folder")):
        with pytest.raises(classroom.ClassroomError, match=re.escape(why)):
            classroom.bundle_members(articles=["bridge", name])


def test_a_broken_notebook_in_an_article_folder_stops_the_bundle_with_one_line_naming_it(tmp_path, monkeypatch):
    """A cut-off notebook a teacher put beside an article was an unexpected problem, with no file named."""
    folder = article_folder(tmp_path, monkeypatch)
    for name, content, why in (("cut.ipynb", b'{"nbformat": 4, "cells": [', "Expecting value: line 1 column 27 (char 26)"),
                               ("list.ipynb", b"[1, 2]", "not a Jupyter notebook (no nbformat 4 cells)"),
                               ("cells.ipynb", b'{"nbformat": 4, "cells": [1]}', "not a well-formed notebook: cell 1 is not a cell")):
        (folder / name).write_bytes(content)
        with pytest.raises(classroom.ClassroomError) as stop:
            classroom.bundle(tmp_path / "student-bundle.zip", articles=["bridge"])
        assert str(stop.value).splitlines() == ["the bundle would give answers away; nothing was written:",
                                                f"{TOP}/articles/bridge/{name}: cannot be read as a notebook ({why}), so it cannot be checked"]
        assert classroom.readable(name, content) == content.decode() and not (tmp_path / "student-bundle.zip").exists()
        (folder / name).unlink()


@pytest.mark.skipif(os.name == "nt", reason="Windows: links need rights a school laptop lacks")
def test_a_link_in_or_to_an_article_folder_is_never_carried(tmp_path, monkeypatch):
    folder = article_folder(tmp_path, monkeypatch)
    (folder / "key.csv").symlink_to(ROOT / "instructors" / "solutions.py")
    (folder / "notes").symlink_to(ROOT / "instructors", target_is_directory=True)
    carried = [n for n in classroom.bundle_members(articles=["bridge"]) if "/articles/" in n]
    assert carried == [f"{TOP}/articles/bridge/article.md", f"{TOP}/articles/bridge/quotes.csv"]
    (tmp_path / "articles" / "linked").symlink_to(folder, target_is_directory=True)
    with pytest.raises(classroom.ClassroomError, match="there is no article folder articles/linked"):
        classroom.bundle_members(articles=["linked"])


def test_readable_gives_a_notebooks_sources_and_text_outputs_but_not_its_images():
    """What the guard searches for a worked solution: the text a reader sees, with any check
    output in it, whether an output's text is one string or a list of lines."""
    image = "iVBORw0KGgoAAAANSUhEUgAA" + "A" * 3000  # a chart, as base64: no text to search
    table = "claim  verdict\n" + "A claim about the bridge  true\n" * 80  # long, but text
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Lesson 9\n", 'Say "why".']},
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": 'exercises.check("9.1")',
         "outputs": [{"output_type": "stream", "name": "stdout", "text": ["Exercise 9.1: ", "right!\n"]}]},
        {"cell_type": "code", "metadata": {}, "execution_count": 2, "source": "chart()",
         "outputs": [{"output_type": "display_data", "metadata": {},
                      "data": {"text/plain": "<Figure size 640x480 with 1 Axes>", "image/png": image}}]},
        {"cell_type": "code", "metadata": {}, "execution_count": 3, "source": "table",
         "outputs": [{"output_type": "execute_result", "metadata": {}, "execution_count": 3,
                      "data": {"text/plain": table.splitlines(keepends=True)}}]}]}
    text = classroom.readable("09-bridge.ipynb", json.dumps(nb).encode())
    # each cell's source, then each output's text and its data's texts; an output with no text adds an empty line
    assert text == "\n".join(['# Lesson 9\nSay "why".', 'exercises.check("9.1")', "Exercise 9.1: right!\n",
                              "chart()", "", "<Figure size 640x480 with 1 Axes>", "table", "", table])
    long_text = "The council met on Monday and closed the bridge. " * 50  # one string of 2,500 characters, with spaces: text
    printed = lesson_with(code("print(minutes)", long_text))
    assert classroom.readable("09-bridge.ipynb", printed) == "print(minutes)\n" + long_text
    assert classroom.readable("datasets/notes.md", "Café notes".encode("latin-1")) == "Caf\ufffd notes"
    # a notebook saved with a byte-order mark is read as a notebook, as answer_leaks reads it, not searched as JSON
    assert classroom.readable("09-bridge.ipynb", b"\xef\xbb\xbf" + printed) == "print(minutes)\n" + long_text


def lesson_with(*cells):
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": list(cells)}).encode()


def code(source, printed=None):
    outputs = [] if printed is None else [{"output_type": "stream", "name": "stdout", "text": printed}]
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "source": source, "outputs": outputs}


def test_each_leak_is_named_with_its_file_cell_answer_and_line():
    hint = "not yet. Hint: count the claims again, the ones the minister made in the second paragraph too."
    leaks = classroom.answer_leaks("09-x.ipynb", lesson_with(
        code("x = 1\nanswer_9_1 = 'b'"),  # Python: the line number
        code("%time answer_9_2 = 'b'"),  # a magic: not Python, read line by line, the line shown
        code("%%capture\nanswer_9_3 = ...\nanswer_9_3 += 1\nanswer_9_4 //= 2\nanswer_9_5 == 3"),
        {"cell_type": "markdown", "metadata": {}, "source": "The answer:\n\n```\n%time answer_9_6: str = 'c'\n```\n"},
        code(f"%time answer_9_7 = 'a rather long answer that goes on and on, about the bridge and the council and more'"),
        code('exercises.check("9.1")', f"Exercise 9.1: {hint}\nExercise 9.2: not answered yet\n")))
    long_line = "%time answer_9_7 = 'a rather long answer that goes on and on, about the bridge and the council and more'"
    result = f"Exercise 9.1: {hint}"
    assert leaks == ["09-x.ipynb: cell 1 assigns a value to answer_9_1 (line 2)",
                     "09-x.ipynb: cell 2 assigns a value to answer_9_2: %time answer_9_2 = 'b'",
                     "09-x.ipynb: cell 3 assigns a value to answer_9_3: answer_9_3 += 1",
                     "09-x.ipynb: cell 3 assigns a value to answer_9_4: answer_9_4 //= 2",
                     "09-x.ipynb: cell 4 assigns a value to answer_9_6: %time answer_9_6: str = 'c'",
                     f"09-x.ipynb: cell 5 assigns a value to answer_9_7: {long_line[:79]}…",
                     f"09-x.ipynb: cell 6 stores a check's result: {result[:79]}…"]
    assert classroom.answer_leaks("09-x.ipynb", lesson_with(code("%time answer_9_2 = ..."), code("answer_9_1 = ..."))) == []


def test_a_file_that_is_not_a_lesson_is_read_line_by_line_whatever_its_encoding():
    notes = ("Café notes\nanswer_1_2 = 9\nanswer_1_3 = ...\nanswer_1_4 == 2\n  answer_2_1+=1  \nanswer_2_2: str = 'b'\n"
             "answer_2_3: str = ...\nanswer_2_4: the share of claims (a number from 0 to 1)\n").encode("latin-1")
    assert classroom.answer_leaks("datasets/notes.md", notes) == [
        "datasets/notes.md: assigns a value to an exercise's answer: answer_1_2 = 9",
        "datasets/notes.md: assigns a value to an exercise's answer: answer_2_1+=1",
        "datasets/notes.md: assigns a value to an exercise's answer: answer_2_2: str = 'b'"]


def test_a_typed_answer_is_a_leak_and_prose_after_an_answers_name_is_not():
    typed = ["answer_1_2: str = 'b'", "answer_1_2 : list[str] = ['b']", "answer_1_2: str | None = 'b'",
             "answer_1_2:typing.Optional[str]='b'", "answer_1_2 := 3"]
    prose = ["For answer_1_2: give the share of rows where verdict = false, as a number.",
             "answer_1_2: the number of claims, where one claim = one row", "answer_1_2 == 3", "answer_1_2: str = ..."]
    for line in typed:
        assert classroom.answer_leaks("datasets/notes.md", line.encode()) == [
            f"datasets/notes.md: assigns a value to an exercise's answer: {line}"], line
    for line in prose:
        assert classroom.answer_leaks("datasets/notes.md", line.encode()) == [], line


def test_an_answer_line_in_a_file_that_is_not_a_lesson_is_shown_whole_up_to_80_characters():
    line_80 = "answer_9_1 = '" + "b" * 65 + "'"
    line_81 = "answer_9_1 = '" + "b" * 66 + "'"
    assert len(line_80) == 80 and classroom.answer_leaks("notes.md", f"{line_80}\n{line_81}\n".encode()) == [
        f"notes.md: assigns a value to an exercise's answer: {line_80}",
        f"notes.md: assigns a value to an exercise's answer: {line_81[:79]}…"]


def test_the_solutions_are_read_past_any_other_assignment_and_an_unreadable_file_is_named_with_why(tmp_path):
    solutions = tmp_path / "solutions.py"
    solutions.write_text("LESSON, PART = 9, 1\nNOTES.draft = None\nSOLUTIONS = {'9.1': 'answer_9_1 = 3'}\n", encoding="utf-8")
    assert classroom.solutions(solutions) == {"9.1": "answer_9_1 = 3"}
    solutions.write_text("SOLUTIONS = {'9.1': \n", encoding="utf-8")
    with pytest.raises(classroom.ClassroomError) as stop:
        classroom.solutions(solutions)
    assert str(stop.value) == f"{solutions} cannot be read (SyntaxError); the bundle's guard needs it"


def test_the_guards_messages_name_each_link_each_solution_line_and_leave_hidden_data_out(kit_copy, tmp_path, monkeypatch):
    """A worked solution's answer line is found on its own, even when its setup line is not in the file; the hidden
    files and folders of datasets/ stay out, its subfolders go in; every link is named, separated by commas."""
    datasets = kit_copy / "datasets"
    (datasets / "more").mkdir()
    (datasets / "more" / "bridge.csv").write_text("id,claim\nB1,The bridge is closed\n", encoding="utf-8")
    (datasets / ".drafts").mkdir()
    (datasets / ".drafts" / "key.csv").write_text("exercise,answer\n9.1,3\n", encoding="utf-8")
    (datasets / ".old.csv").write_text("id\n1\n", encoding="utf-8")
    members = classroom.bundle_members()
    assert members[f"{TOP}/datasets/more/bridge.csv"] == (datasets / "more" / "bridge.csv").read_bytes()
    assert not [name for name in members if "/." in name]

    monkeypatch.setattr(classroom, "solutions", lambda: {"9.9": "claims = count_claims()\nanswer_9_9 = len(claims)"})
    (datasets / "notes.md").write_text("How many?\n\nanswer_9_9 = len(claims)\n", encoding="utf-8")
    out = tmp_path / "student-bundle.zip"
    with pytest.raises(classroom.ClassroomError) as stop:
        classroom.bundle(out)
    assert str(stop.value).splitlines()[1:] == [
        f"{TOP}/datasets/notes.md: assigns a value to an exercise's answer: answer_9_9 = len(claims)",
        f"{TOP}/datasets/notes.md: holds the worked solution to exercise 9.9: answer_9_9 = len(claims)"]
    if os.name != "nt":  # Windows: links need rights a school laptop lacks
        (datasets / "a.csv").symlink_to(datasets / "facts.md")
        (datasets / "b.csv").symlink_to(datasets / "facts.md")
        with pytest.raises(classroom.ClassroomError) as stop:
            classroom.bundle(out)
        assert str(stop.value).endswith(f"Put the file itself in place of: {datasets / 'a.csv'}, {datasets / 'b.csv'}")
    assert not out.exists()


@pytest.mark.skipif(os.name == "nt", reason="Windows: links need rights a school laptop lacks")
def test_every_link_in_every_folder_is_found_and_none_is_followed(tmp_path):
    outside = tmp_path / "outside"
    (outside / "inner").mkdir(parents=True)
    (outside / "inner" / "deep.csv").symlink_to(tmp_path / "nowhere.csv")  # behind a linked folder: not walked into
    linked = tmp_path / "a-linked"
    linked.symlink_to(outside, target_is_directory=True)
    real = tmp_path / "b-real"
    (real / "sub").mkdir(parents=True)
    (real / "plain.csv").write_text("id\n1\n", encoding="utf-8")
    (real / "sub" / "key.py").symlink_to(ROOT / "instructors" / "solutions.py")
    (real / "data").symlink_to(outside, target_is_directory=True)
    clean = tmp_path / "c-clean"
    clean.mkdir()
    (clean / "facts.md").write_text("# Facts\n", encoding="utf-8")
    assert classroom.links_in(linked, real, clean) == [linked, real / "data", real / "sub" / "key.py"]
    assert classroom.links_in(clean, linked, real) == [linked, real / "data", real / "sub" / "key.py"]
    assert classroom.links_in(clean) == []


def test_the_bundle_makes_the_folder_it_is_written_to_and_is_the_same_zip_each_time(tmp_path):
    first = classroom.bundle(tmp_path / "build" / "term 2" / "student-bundle.zip")
    again = classroom.bundle(tmp_path / "again.zip")
    assert first == tmp_path / "build" / "term 2" / "student-bundle.zip" and first.read_bytes() == again.read_bytes()
    with zipfile.ZipFile(first) as zf:
        assert zf.namelist() == list(classroom.bundle_members())
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert {info.compress_type for info in zf.infolist()} == {zipfile.ZIP_DEFLATED}, "compressed, for a school network"
