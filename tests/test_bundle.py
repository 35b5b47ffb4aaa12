"""The student bundle: everything a class needs to run the lessons, and no answer key.

One test here is expensive: it unzips the bundle and runs a lesson in it in a
fresh kernel in a process of its own (tests/run_lessons.py), together with one
lesson from a student's copy in a work folder. `python3 tasks.py platforms`
runs every lesson from the bundle (tests/test_platforms.py).
"""
from __future__ import annotations

import ast
import json
import re
import runpy
import shutil
import subprocess
import sys
import zipfile

import pytest

from helpers import classroom, data

from conftest import DATASETS, ROOT

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
                         capture_output=True, text=True, timeout=600)
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
