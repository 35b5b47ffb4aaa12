"""The teacher's workflow around the lessons: students' own copies, a student
bundle without the answer key, and a class summary that shows what students answered.

    python -m helpers.classroom copies               make the students' copies in work/ (without outputs)
    python -m helpers.classroom reset LESSON         a fresh copy; the old one is kept beside it
    python -m helpers.classroom bundle               build/student-bundle.zip
    python -m helpers.classroom collect FOLDER       build/class-summary/ (CSV, chart, page)

`tasks.py` calls these (`python3 tasks.py lab`, `reset`, `bundle`,
`collect`). Lessons and exercises are found from the files, never from a list:
a lesson is any notebook in notebooks/, its exercises are its
``exercises.check("N.N", ...)`` calls. Importing this module does nothing and
needs only the standard library; matplotlib is imported by the command that draws.
Unless told another folder, nothing here writes outside work/ and build/ (both
git-ignored); nothing here runs a student's notebook.

What collect reads from each handed-in notebook (as text, never run), so that it
keeps working as the lessons change:

- an exercise's answer: the value last assigned to ``answer_N_N`` in a code cell up
  to its check cell, as written (``...`` means not answered), cut to 60 characters;
- its result: the ``Exercise N.N: ...`` line its check cell printed when last run;
- open answers, in the student's own words: values assigned in code cells to names
  starting ``answer_`` (other than an exercise's), ``my_``, ``rule`` or ``verdict``
  whose text differs from the lesson's own (``my_verdicts`` in lesson 1, say), and
  markdown cells the student wrote or changed, or that a lesson tags
  ``student-answer`` or ``own-words``, cut to 200 characters.

A handed-in file is untrusted. Collect never follows a link, never reads more than
MAX_HANDIN_BYTES, reads JSON of any shape into plain cells (anything else is one line
and a skip), keeps every step linear in the file's size, escapes control and
bidirectional characters in what it prints, and prefixes an apostrophe to any CSV
cell that could start a formula (OWASP's advice on CSV injection). Each file it
writes is written whole or not at all. tasks.py starts it with ``python -I`` and the
kit's folder first on the import path, so a folder of handed-in work can never
supply the code that runs.

Every copy a student opens (work/, the bundle; tasks.py's lessons/ too) is made without the
stored outputs of notebooks/, so no answer shows before the student runs the cell.
"""
from __future__ import annotations

import argparse
import ast
import contextlib
import csv
import html
import io
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "notebooks"
WORK = ROOT / "work"  # the students' copies (git-ignored)
BUILD = ROOT / "build"  # bundle and class summaries (git-ignored)
BUNDLE_NAME = "media-literacy-kit"

CHECK_CALL = re.compile(r"""exercises\.check\(\s*["'](\d+\.\d+)["']""")
RESULT_LINE = re.compile(r"^Exercise (\d+\.\d+): (.*)$")
STATUSES = ("right", "not yet", "not answered")


class ClassroomError(Exception):
    """A problem the user can fix; the message says what and how."""


# --- Lessons, found from the files ----------------------------------------------


@dataclass(frozen=True)
class Lesson:
    path: Path
    title: str  # the first heading, e.g. "Lesson 1: Tabulating the article's claims"
    exercises: tuple[str, ...]  # in the order the notebook checks them

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def label(self) -> str:
        """'Lesson 1' from a '# Lesson 1: ...' heading, else the file name."""
        match = re.match(r"(Lesson \w+)\s*:", self.title)
        return match[1] if match else self.stem


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def title_of(nb) -> str:
    """The text of the notebook's first markdown heading ('' if it has none)."""
    for cell in nb if isinstance(nb, list) else cells_of(nb):
        if cell.kind == "markdown":
            for line in cell.source.splitlines():
                heading = _heading(line)
                if heading:
                    return heading
    return ""


def exercises_of(nb) -> list[str]:
    """The exercises a notebook checks, from its ``exercises.check("N.N"`` calls, in order."""
    found: dict[str, None] = {}
    for cell in nb if isinstance(nb, list) else cells_of(nb):
        if cell.kind == "code":
            found.update(dict.fromkeys(CHECK_CALL.findall(cell.source)))
    return list(found)


def lessons(folder: Path | None = None) -> list[Lesson]:
    """Every lesson notebook in ``folder`` (default notebooks/), in file-name order."""
    folder = Path(folder or LESSONS)
    found = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            cells = cells_of(json.loads(path.read_text(encoding="utf-8")))
        except (Skip, ValueError) as why:
            raise ClassroomError(f"the lesson {path.name} cannot be read: {why}") from None
        found.append(Lesson(path, title_of(cells), tuple(exercises_of(cells))))
    return found


def find_lesson(name: str, folder: Path | None = None) -> Lesson:
    """A lesson by number ('1', '01'), file name or stem ('01-tabulating-claims')."""
    all_lessons = lessons(folder)
    wanted = name.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".ipynb")
    for lesson in all_lessons:
        number = lesson.stem.split("-")[0]
        if wanted == lesson.stem or (_NUMBER.fullmatch(wanted) and _NUMBER.fullmatch(number)
                                     and wanted.lstrip("0") == number.lstrip("0")):
            return lesson
    names = ", ".join(lesson.stem for lesson in all_lessons)
    raise ClassroomError(f"there is no lesson '{shown(name, 40)}'; the lessons are: {names}")


_NUMBER = re.compile("[0-9]+")  # ASCII digits only: '²' is a digit to str.isdigit, and int() refuses it


# --- Students' own copies ------------------------------------------------------------


def output_free(nb: dict) -> dict:
    """A copy of the notebook with every stored output and execution count removed: what a student opens,
    so that no answer is shown before the student runs the cell. Cells, sources and metadata are kept."""
    nb = json.loads(json.dumps(nb))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return nb


def notebook_bytes(nb: dict) -> bytes:
    """A notebook as the kit stores it (as nbformat writes it): JSON indented by one, keys sorted,
    non-ASCII kept, a newline at the end."""
    return (json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def students_copy_of(path: Path) -> bytes:
    """The output-free copy of a lesson, as lessons/, work/ and the bundle hold it."""
    return notebook_bytes(output_free(json.loads(Path(path).read_text(encoding="utf-8"))))


GLOSSARY = LESSONS / "glossary.md"
# Read-only copies beside a student's lessons in work/, so that JupyterLab (served from work/) opens them:
# the glossary the lessons link to, and the fact sheet and codebook they name as datasets/facts.md and
# datasets/README.md (the same path inside work/).
REFERENCE = {"glossary.md": GLOSSARY, "datasets/facts.md": ROOT / "datasets" / "facts.md",
             "datasets/README.md": ROOT / "datasets" / "README.md"}


def write_new(path: Path, content: bytes) -> None:
    """Create ``path`` with ``content``; fails if anything is there, a link included (never written through)."""
    with open(path, "xb") as f:
        f.write(content)


def reference_copies(work: Path | None = None) -> list[Path]:
    """Put the REFERENCE files, read-only (mode 0o444), in ``work``; refresh any that differ from the kit's.
    Returns the copies written. Only these files are ever replaced, never a lesson copy, and never through a link."""
    work = Path(work or WORK)
    written = []
    for name, source in REFERENCE.items():
        copy = work / name
        if not source.exists() or copy.parent.is_symlink() or (copy.is_dir() and not copy.is_symlink()):
            continue
        content = source.read_bytes()
        if copy.is_symlink():
            copy.unlink()
        elif copy.is_file():
            if copy.read_bytes() == content:
                continue
            copy.chmod(0o644)  # a read-only file cannot be removed on Windows
            copy.unlink()
        copy.parent.mkdir(parents=True, exist_ok=True)
        write_new(copy, content)
        copy.chmod(0o444)
        written.append(copy)
    return written


def student_copies(work: Path | None = None, folder: Path | None = None) -> list[Path]:
    """Copy into ``work`` each lesson that has no copy there yet, without its outputs; return the new copies.
    The glossary, fact sheet and codebook are put there too, read-only (reference_copies).

    A copy that exists is never touched, so a student's work survives a kit
    update; a lesson added to the kit arrives as a new copy.
    """
    work = Path(work or WORK)
    work.mkdir(parents=True, exist_ok=True)
    made = []
    for lesson in lessons(folder):
        copy = work / lesson.path.name
        if not (copy.exists() or copy.is_symlink()):
            write_new(copy, students_copy_of(lesson.path))
            made.append(copy)
    reference_copies(work)
    return made


def reset(name: str, work: Path | None = None, folder: Path | None = None) -> tuple[Path | None, Path]:
    """A fresh copy of one lesson in ``work``; the old copy is renamed, never deleted.

    Returns (where the old copy now is, or None if there was none; the fresh copy).
    """
    work = Path(work or WORK)
    lesson = find_lesson(name, folder)
    if work.is_symlink():
        raise ClassroomError(f"{shown(str(work))} is a link; reset writes only into a real folder")
    if work.exists() and not work.is_dir():
        raise ClassroomError(f"{shown(str(work))} is a file, not a folder; move it away and run the command again")
    copy, kept = work / lesson.path.name, None
    try:
        work.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(copy):  # a link, even one that leads nowhere, is moved aside too: never written through
            n = 1
            while os.path.lexists(work / f"{lesson.stem}.old-{n}.ipynb"):
                n += 1
            kept = copy.rename(work / f"{lesson.stem}.old-{n}.ipynb")
        with open(copy, "xb") as f:  # "x": a new file, never through a link that appeared meanwhile
            f.write(students_copy_of(lesson.path))
        reference_copies(work)
    except OSError as err:
        raise ClassroomError(f"could not make a fresh copy in {shown(str(work))}: {err.strerror or err}") from None
    return kept, copy


# --- The student bundle ------------------------------------------------------------------


def solutions(path: Path | None = None) -> dict[str, str]:
    """instructors/solutions.py's SOLUTIONS, read without running the file."""
    path = Path(path or ROOT / "instructors" / "solutions.py")
    try:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "SOLUTIONS" for t in node.targets):
                return ast.literal_eval(node.value)
    except FileNotFoundError:
        raise ClassroomError(f"{path} is missing: the bundle's guard compares the lessons with the worked solutions "
                             "there before it ships them; restore it (git checkout -- instructors/solutions.py)") from None
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError) as err:
        raise ClassroomError(f"{path} cannot be read ({type(err).__name__}); the bundle's guard needs it") from None
    raise ClassroomError(f"{path}: no SOLUTIONS dictionary found")


def _requirements() -> list[str]:
    """pyproject.toml's [project] dependencies (what the lessons need to run)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    try:
        import tomllib
    except ImportError:  # Python 3.10: the list is simple enough to read directly
        block = re.search(r"^dependencies = \[(.*?)^\]", text, flags=re.M | re.S)
        return re.findall(r'"([^"]+)"', block[1]) if block else []
    return tomllib.loads(text)["project"]["dependencies"]


def student_readme(all_lessons: list[Lesson]) -> str:
    rows = "\n".join(f"| {lesson.title} | `{lesson.path.name}` |" for lesson in all_lessons)
    return f"""# Fact-checking one news story: the lessons

| lesson | notebook |
|---|---|
{rows}

Open a lesson in Jupyter (JupyterLab, Jupyter Notebook, a school JupyterHub) and run it
top to bottom: *Kernel > Restart Kernel and Run All Cells*. Keep the notebooks in this
folder, beside `helpers/` and `datasets/`: the lessons load their data and their
self-checks from there.

Each exercise has a starter cell, `answer_1_1 = ...`: replace `...` with your answer and
run the cell and the one after it. The check prints `right!`, `not yet` (with a hint) or
`not answered yet`.

To start a lesson again, first rename your copy (add "-mine" to its name, for example),
then take a fresh one from this bundle: that way your work is never lost.

`datasets/README.md` describes every data file and column. The lessons need Python 3.10
or newer with the packages in `requirements.txt` (`pip install -r requirements.txt`);
a school hub usually has them already.

The article's text is Haaretz's and is reproduced for classroom analysis only; the
kit's own coding and notes are under CC BY 4.0.
"""


def bundle_members(folder: Path | None = None, articles: list[str] = ()) -> dict[str, bytes]:
    """What the student bundle holds, by path inside the zip: an allow-list, so
    instructors/, tests/ and the work and build folders can never slip in.
    ``articles`` names article folders (articles/NAME, from new-article) to carry to the students."""
    all_lessons = lessons(folder)
    top = BUNDLE_NAME
    members = {f"{top}/README.md": student_readme(all_lessons).encode("utf-8"),
               f"{top}/requirements.txt": ("\n".join(_requirements()) + "\n").encode("utf-8")}
    for lesson in all_lessons:  # beside helpers/, so `from helpers import ...` works with no install; no outputs
        members[f"{top}/{lesson.path.name}"] = students_copy_of(lesson.path)
    if GLOSSARY.exists():  # beside the lessons, which link to it as glossary.md
        members[f"{top}/glossary.md"] = GLOSSARY.read_bytes()
    for path in sorted([*(ROOT / "helpers").glob("*.py"), *(ROOT / "helpers").glob("*.json")]):
        if path.name == Path(__file__).name:
            continue  # this file is the teacher's tooling, not part of the lessons
        members[f"{top}/helpers/{path.name}"] = path.read_bytes()
    for name in articles:
        members.update(_article_members(name, top))
    for path in sorted((ROOT / "datasets").rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(ROOT).parts):
            members[f"{top}/{path.relative_to(ROOT).as_posix()}"] = path.read_bytes()
    return members


def _article_members(name: str, top: str) -> dict[str, bytes]:
    """The regular files of articles/NAME (no link, no subfolder, no hidden file): what a class works on."""
    from helpers import article

    if not article.NAME.fullmatch(name or ""):
        raise ClassroomError(f"{name!r} is not the name of an article folder (letters, digits, - and _)")
    folder = article.ARTICLES / name
    if folder.is_symlink() or not folder.is_dir():
        raise ClassroomError(f"there is no article folder articles/{name}: make it with python3 tasks.py new-article SOURCE --name {name}")
    members = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_symlink() or not path.is_file():
            continue
        members[f"{top}/articles/{name}/{path.name}"] = path.read_bytes()
    return members


def readable(name: str, content: bytes) -> str:
    """A file's text as a reader sees it: a notebook's cell sources and text outputs
    (not its JSON, where quotes are escaped), any other file decoded."""
    text = content.decode("utf-8-sig", errors="replace")  # as answer_leaks reads it: Excel and some editors add a mark
    if not name.endswith(".ipynb"):
        return text
    parts = []
    try:
        nb = json.loads(text)
        cells_of(nb)  # the shape answer_leaks accepts; any other is searched as it is
        for cell in nb["cells"]:
            parts.append(_source(cell))
            for output in cell.get("outputs", []):
                for value in [output.get("text", "")] + list((output.get("data") or {}).values()):
                    if isinstance(value, (str, list)) and not (isinstance(value, str) and len(value) > 2000 and " " not in value):
                        parts.append("".join(value) if isinstance(value, list) else value)
    except (Skip, ValueError, RecursionError, AttributeError, TypeError):
        return text  # not a notebook's shape: searched as it is (answer_leaks names the file)
    return "\n".join(parts)


ANSWER_NAME = re.compile(r"answer_[0-9]+_[0-9]+")
# an assignment, augmented or not, a walrus, or one with a type (`answer_1_2: str = ...`, `: list[str] | None = ...`);
# a type is names joined by `|`, each perhaps with [...]: prose after a colon ("answer_1_2: give the share = ...") is none
_TYPE = r"[A-Za-z_][\w.]*(?:\[[^\]\n=]*\])?"
_ASSIGNS_ANSWER = re.compile(rf"answer_[0-9]+_[0-9]+[ \t]*(?:[-+*/%@&|^:]|//|\*\*|>>|<<|:[ \t]*{_TYPE}(?:[ \t]*\|[ \t]*{_TYPE})*[ \t]*)?=(?!=)")


def _code_leaks(source: str) -> list[str]:
    """What a piece of lesson code gives away: any value but ``...`` given to an exercise's
    ``answer_N_N``, however it is written (any quoting, a tuple, ``+=``, ``:=``, a loop)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        tree = None
    if tree is None:  # not Python as it stands (a magic, a fragment): judge it line by line
        found = []
        for line in source.splitlines():
            for match in _ASSIGNS_ANSWER.finditer(line):
                if not line[match.end():].strip().startswith("..."):
                    found.append(f"assigns a value to {ANSWER_NAME.match(match[0])[0]}: {shown(line.strip(), 80)}")
        return found
    starters = {id(node.targets[0]) for node in ast.walk(tree) if isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.value, ast.Constant) and node.value.value is Ellipsis}
    return [f"assigns a value to {node.id} (line {node.lineno})" for node in ast.walk(tree)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and ANSWER_NAME.fullmatch(node.id)
            and id(node) not in starters]


def answer_leaks(name: str, content: bytes) -> list[str]:
    """What a file going into the bundle gives away, judged by what it contains: in a lesson, an
    assigned answer (in a code cell or a fenced block of a text cell) or a stored check result other
    than "not answered yet"; in any file, a line that assigns an answer."""
    if not name.endswith(".ipynb"):
        text = content.decode("utf-8", errors="replace")
        return [f"{name}: assigns a value to an exercise's answer: {shown(line.strip(), 80)}"
                for line in text.splitlines()
                if any(not line[m.end():].strip().startswith("...") for m in _ASSIGNS_ANSWER.finditer(line))]
    try:
        cells = cells_of(json.loads(content.decode("utf-8-sig")))
    except (Skip, ValueError, RecursionError) as why:
        return [f"{name}: cannot be read as a notebook ({why}), so it cannot be checked"]
    leaks = []
    for number, cell in enumerate(cells, start=1):
        blocks = [cell.source] if cell.kind == "code" else re.findall(r"^```[^\n]*\n(.*?)^```", cell.source, flags=re.M | re.S)
        for block in blocks:
            leaks += [f"{name}: cell {number} {what}" for what in _code_leaks(block)]
        for line in cell.stdout.splitlines():
            match = RESULT_LINE.match(line)
            if match and not match[2].startswith("not answered yet"):
                leaks.append(f"{name}: cell {number} stores a check's result: {shown(line, 80)}")
    return leaks


def links_in(*folders: Path) -> list[Path]:
    """Every link in or under ``folders`` (the folders themselves included), never followed."""
    found = []
    for folder in folders:
        if folder.is_symlink():
            found.append(folder)
            continue
        for here, dirs, files in os.walk(folder):  # os.walk does not go into a linked folder
            found += [Path(here) / n for n in dirs + files if (Path(here) / n).is_symlink()]
    return sorted(found)


def bundle(out: Path | None = None, folder: Path | None = None, articles: list[str] = ()) -> Path:
    """Write the student bundle (a zip) and return its path.

    Stops, writing nothing, if a file that would go in it gives an answer away: any
    worked solution from instructors/solutions.py as written, and, judged by what the lessons
    contain rather than their text, any answer assigned to ``answer_N_N`` or any stored check
    result (answer_leaks). Stops too if instructors/solutions.py is missing, or if a link is
    found among the lessons, helpers/ or datasets/ (links_in): the bundle never ships one.

    What the bundle cannot hide: every self-check runs on the student's machine, so each
    expected answer can be printed from it (``exercises.QUESTIONS["1.2"].expected()``).
    The self-checks are for practice, not for marks.
    """
    out = Path(out or BUILD / "student-bundle.zip")
    worked = solutions()  # first: without the key, nothing can be checked
    linked = links_in(Path(folder or LESSONS), ROOT / "helpers", ROOT / "datasets")
    if linked:
        raise ClassroomError("the bundle never ships a link (it could lead anywhere, instructors/ included); "
                             "nothing was written. Put the file itself in place of: "
                             + ", ".join(shown(str(p)) for p in linked))
    members = bundle_members(folder, articles)
    leaks = [leak for name, content in members.items() for leak in answer_leaks(name, content)]
    texts = {name: readable(name, content) for name, content in members.items()}
    for exercise, code in worked.items():  # the lines that give the answer (a setup line may be in a lesson)
        for line in [code.strip()] + [l.strip() for l in code.splitlines() if "answer_" in l]:
            for name, text in texts.items():
                if line in text:
                    leaks.append(f"{name}: holds the worked solution to exercise {exercise}: {line.strip()}")
    if leaks:
        raise ClassroomError("the bundle would give answers away; nothing was written:\n" + "\n".join(leaks))
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():  # a fixed date, so the same kit gives the same zip
            zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content,
                        compress_type=zipfile.ZIP_DEFLATED)
    return out


# --- The class summary ---------------------------------------------------------------------------
#
# A handed-in notebook is untrusted: any file, any JSON, any name. Each is read once, without running
# it, into plain cells (a file of any other shape is left out with one line), and every step is linear
# in the file's size. What the summary shows of a student's text is escaped (control and bidirectional
# characters written as \x1b, \u202e ...), shortened, and, in the CSV, kept from starting a formula.

MAX_HANDIN_BYTES = 20_000_000  # a lesson with its charts is well under 1 MB
ANSWER_CHARS = 60  # an exercise's answer as the summary shows it
OWN_WORDS_CHARS = 200  # an open answer as the summary shows it
OWN_WORDS_MAX = 40  # open answers shown per student (a lesson asks for a handful)
OPEN_PREFIXES = ("answer_", "my_", "rule", "verdict")  # names a lesson gives the student's own answers
OWN_WORDS_TAGS = {"student-answer", "own-words"}  # markdown cells a lesson marks for the student's words
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may read as the start of a formula


class Skip(Exception):
    """A handed-in file that cannot be summarised; the message says why, in one line."""


def shown(text: str, limit: int | None = None) -> str:
    """Text a student controls, as the summary shows it: every control, invisible or bidirectional
    character (a newline, ESC, U+202E, a byte that was not UTF-8 in a file name) written as an escape,
    runs of spaces made one, and cut to ``limit`` characters with an ellipsis."""
    from helpers.checks import printable

    text = printable(" ".join(text.split(" ")) if limit is None else " ".join(text.split()))
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def spreadsheet_safe(value: str) -> str:
    """A CSV cell that no spreadsheet reads as a formula: a cell that starts (after any spaces) with
    = + - @, a tab or a carriage return gets a leading apostrophe, as OWASP recommends for CSV
    injection; Excel and LibreOffice then show the text as it is."""
    return "'" + value if value.lstrip(" ").startswith(FORMULA_START) else value


@dataclass(frozen=True)
class Cell:
    """One cell of a notebook, as the summary reads it."""

    kind: str  # "code", "markdown", "raw", or whatever the file says
    source: str
    stdout: str = ""  # what the cell printed (its stdout streams), for a code cell
    ran: bool = False  # it has stored outputs
    failed: bool = False  # one of them is an error
    tags: tuple[str, ...] = ()


def _text(value, what: str) -> str:
    """A notebook's multi-line text: a string or a list of strings; anything else is Skip."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return "".join(value)
    raise Skip(f"not a well-formed notebook: {what} is not text")


def cells_of(nb) -> list[Cell]:
    """A notebook's cells, checked for the shape nbformat 4 gives them; Skip names the first that is not."""
    if not isinstance(nb, dict) or nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
        raise Skip("not a Jupyter notebook (no nbformat 4 cells)")
    cells = []
    for number, cell in enumerate(nb["cells"], start=1):
        if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
            raise Skip(f"not a well-formed notebook: cell {number} is not a cell")
        metadata = cell.get("metadata", {})
        if not isinstance(metadata, dict):
            raise Skip(f"not a well-formed notebook: the metadata of cell {number} is not a mapping")
        tags = metadata.get("tags", [])
        tags = tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else ()
        source = _text(cell.get("source", ""), f"the source of cell {number}")
        if cell["cell_type"] != "code":
            cells.append(Cell(cell["cell_type"], source, tags=tags))
            continue
        outputs = cell.get("outputs", [])
        if not isinstance(outputs, list) or not all(isinstance(o, dict) for o in outputs):
            raise Skip(f"not a well-formed notebook: the outputs of cell {number} are not a list of outputs")
        printed = []
        for output in outputs:
            if output.get("output_type") == "stream":
                text = _text(output.get("text", ""), f"an output of cell {number}")
                if output.get("name") == "stdout":
                    printed.append(text)
            elif not isinstance(output.get("data", {}), dict):
                raise Skip(f"not a well-formed notebook: an output of cell {number} holds no data mapping")
        cells.append(Cell("code", source, "".join(printed), bool(outputs),
                          any(o.get("output_type") == "error" for o in outputs), tags))
    return cells


def _heading(line: str) -> str:
    """The text of a markdown heading line ('# Lesson 1: ...' gives 'Lesson 1: ...'), else ''.
    Plain string steps, linear in the line (a pattern such as #+\\s+(.*\\S) is quadratic on spaces)."""
    stripped = line.lstrip(" ")
    level = len(stripped) - len(stripped.lstrip("#"))
    rest = stripped[level:]
    if not 1 <= level <= 6 or not rest[:1].isspace():
        return ""
    return rest.strip()


def _assignments(source: str) -> list[tuple[str, str]]:
    """(name, the assigned value's text) for each plain assignment in a code cell, in order, read
    without running it: Python's own parser where the cell parses, else line by line."""
    found = []
    if len(source) <= 200_000:
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            tree = None
        if tree is not None:
            for node in tree.body:
                targets = node.targets if isinstance(node, ast.Assign) else \
                    [node.target] if isinstance(node, ast.AnnAssign) and node.value is not None else []
                for target in targets:
                    if isinstance(target, ast.Name):
                        found.append((target.id, ast.get_source_segment(source, node.value) or ""))
            return found
    for line in source.splitlines():  # a cell that does not parse (a half-typed answer, a magic)
        match = _ASSIGNED.match(line)
        if match:
            found.append((match[1], line[match.end():].strip()))
    return found


_ASSIGNED = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)[ \t]*=(?!=)")


def _is_open(name: str, exercises: set[str]) -> bool:
    if name.startswith("answer_") and name.removeprefix("answer_").replace("_", ".") in exercises:
        return False  # an exercise's own answer
    return name.startswith(OPEN_PREFIXES)


def _same(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Handin:
    """What one student's notebook shows: per exercise, the status, the answer and the check's line;
    and the open answers in the student's own words, as (where, text)."""

    results: dict[str, str]
    answers: dict[str, str]
    said: dict[str, str]
    own_words: list[tuple[str, str]]


def read_answers(cells: list[Cell], lesson: Lesson, lesson_cells: list[Cell]) -> Handin:
    """Read one student's notebook of ``lesson``: raises Skip if a check cannot be read.

    - An exercise's answer is the text of the last value assigned to ``answer_N_N`` in a code cell
      before its check (``...`` means not answered).
    - Its status is what the stored output of its check cell printed: right, not yet, not answered.
    - Open answers are (a) values assigned in code cells to names starting ``answer_`` (other than an
      exercise's), ``my_``, ``rule`` or ``verdict`` whose text differs from the lesson's own and is not
      ``...``, and (b) markdown cells the student wrote or changed (any text that is not one of the
      lesson's own markdown cells), or that the lesson tags ``student-answer`` or ``own-words``.
    """
    exercises = set(lesson.exercises)
    checked = [set(CHECK_CALL.findall(c.source)) if c.kind == "code" else set() for c in cells]
    where: dict[str, list[int]] = {}
    for index, found in enumerate(checked):
        for exercise in found & exercises:
            where.setdefault(exercise, []).append(index)
    lesson_values: dict[str, set[str]] = {}
    for cell in lesson_cells:
        if cell.kind == "code":
            for name, value in _assignments(cell.source):
                lesson_values.setdefault(name, set()).add(_same(value))
    lesson_text = {_same(c.source) for c in lesson_cells if c.kind == "markdown"}
    assigned: dict[str, list[tuple[int, str]]] = {}
    own_words, heading = [], "the top"
    for index, cell in enumerate(cells):
        if cell.kind == "markdown":
            text = _same(cell.source)
            if text and (text not in lesson_text or OWN_WORDS_TAGS & set(cell.tags)):
                own_words.append((f"text cell {index + 1} (under {heading})", cell.source))
            for line in cell.source.splitlines():
                heading = _heading(line) or heading
        elif cell.kind == "code":
            for name, value in _assignments(cell.source):
                assigned.setdefault(name, []).append((index, value))
                if _is_open(name, exercises) and _same(value) not in lesson_values.get(name, set()) | {"..."}:
                    own_words.append((name, value))
    if len(own_words) > OWN_WORDS_MAX:  # a notebook of a million text cells still makes a short summary
        own_words = own_words[:OWN_WORDS_MAX] + [("more", f"{len(own_words) - OWN_WORDS_MAX} more not shown")]
    handin = Handin({}, {}, {}, own_words)
    for exercise in lesson.exercises:
        found = where.get(exercise, [])
        if len(found) != 1:
            said = "is missing (the cell was deleted or edited)" if not found else f"appears in {len(found)} cells"
            raise Skip(f'the check of exercise {exercise}, exercises.check("{exercise}", ...), {said}')
        cell = cells[found[0]]
        before = [value for index, value in assigned.get(f"answer_{exercise.replace('.', '_')}", [])
                  if index <= found[0]]
        answer = before[-1] if before else ""
        handin.answers[exercise] = "" if _same(answer) == "..." else answer
        lines = [m for line in cell.stdout.splitlines() if (m := RESULT_LINE.match(line)) and m[1] == exercise]
        if not lines:
            if not cell.ran or cell.failed:
                handin.results[exercise], handin.said[exercise] = "not answered", ""
                continue  # never run, or stopped before the check could print
            raise Skip(f"the check cell of exercise {exercise} shows no 'Exercise {exercise}:' line")
        if len(lines) > 1:
            raise Skip(f"the check cell of exercise {exercise} shows {len(lines)} results; it was edited")
        verdict = lines[0][2]
        status = next((s for s, start in (("right", "right!"), ("not yet", "not yet"),
                                          ("not answered", "not answered yet")) if verdict.startswith(start)), None)
        if status is None:
            raise Skip(f"the result of exercise {exercise} cannot be read: {shown(lines[0][0], 80)}")
        handin.results[exercise], handin.said[exercise] = status, "" if status == "not answered" else verdict
    return handin


@dataclass
class Summary:
    lesson: Lesson
    results: dict[str, dict[str, str]] = field(default_factory=dict)  # student -> exercise -> status
    skipped: list[str] = field(default_factory=list)  # one line per file left out
    written: list[Path] = field(default_factory=list)
    answers: dict[str, dict[str, str]] = field(default_factory=dict)  # student -> exercise -> answer (text)
    said: dict[str, dict[str, str]] = field(default_factory=dict)  # student -> exercise -> the check's words
    own_words: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # student -> open answers

    def counts(self) -> dict[str, dict[str, int]]:
        """exercise -> status -> how many students."""
        return {e: {s: sum(r[e] == s for r in self.results.values()) for s in STATUSES} for e in self.lesson.exercises}

    def hardest_first(self) -> list[str]:
        counts = self.counts()
        order = {e: i for i, e in enumerate(self.lesson.exercises)}
        return sorted(counts, key=lambda e: (counts[e]["right"], -counts[e]["not yet"], order[e]))


def read_handin(path: Path) -> dict:
    """A handed-in file as a notebook (a dict), or Skip with the reason. Links are not followed,
    and only a regular file of at most MAX_HANDIN_BYTES is read."""
    if path.suffix.lower() != ".ipynb":
        raise Skip(f"not a notebook (a {shown(path.suffix, 20)} file)" if path.suffix else "not a notebook (a file without an extension)")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        raise Skip(f"cannot be read ({err.strerror or 'refused'}); check the file's permissions") from None
    with open(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Skip("not a regular file")
        if info.st_size > MAX_HANDIN_BYTES:
            raise Skip(f"too large to be a lesson ({info.st_size:,} bytes; a lesson is under 1,000,000)")
        raw = f.read(MAX_HANDIN_BYTES + 1)
    try:
        nb = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise Skip("not a readable notebook: the file is not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise Skip(f"broken or cut-off notebook file (JSON error at line {err.lineno}, column {err.colno}: "
                   f"{err.msg}); ask for it to be saved and handed in again") from None
    except (ValueError, RecursionError, MemoryError) as err:  # 200,000 nested brackets, a 100,000-digit number
        raise Skip(f"not a notebook Python can read ({type(err).__name__}: nested or sized beyond reason)") from None
    cells_of(nb)  # Skip if its cells are not the shape of a notebook's
    return nb


def lesson_of(nb, all_lessons: list[Lesson]) -> Lesson | None:
    """Which lesson a notebook is: by its first heading, else by the exercises it checks."""
    cells = nb if isinstance(nb, list) else cells_of(nb)
    title = title_of(cells)
    for lesson in all_lessons:
        if title and title == lesson.title:
            return lesson
    checked = set(exercises_of(cells))
    overlap = max(all_lessons, key=lambda lesson: len(checked & set(lesson.exercises)), default=None)
    if overlap is not None and checked & set(overlap.exercises):
        return overlap
    return None


def handed_in_files(folder: Path) -> tuple[list[tuple[str, Path]], list[str]]:
    """(name in the folder, path) of every file under ``folder``, and one line for each thing left
    out: a link (never followed, wherever it points), a hidden file or folder, a folder that cannot
    be read, anything that is not a file or a folder. Names are as on disk; show them with shown()."""
    files, lines, stack = [], [], [(str(folder), "")]
    while stack:
        here, prefix = stack.pop()
        try:
            with os.scandir(here) as found:
                entries = sorted(found, key=lambda e: e.name)
        except OSError as err:
            lines.append(f"{shown(prefix or './')}: skipped: a folder that cannot be read "
                         f"({err.strerror or 'refused'}); nothing in it was summarised")
            continue
        for entry in reversed(entries):  # the stack pops the first name first
            name = prefix + entry.name
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    inside = os.path.commonpath([target, os.path.realpath(folder)]) == os.path.realpath(folder)
                    lines.append(f"{shown(name)}: skipped: a link (to a place {'inside' if inside else 'outside'} "
                                 "the folder); collect never follows links, so hand in the file itself")
                elif entry.name.startswith("."):
                    kind = "folder" if entry.is_dir(follow_symlinks=False) else "file"
                    lines.append(f"{shown(name)}: skipped: a hidden {kind} (its name starts with a dot"
                                 + ("; Jupyter's automatic checkpoints, not handed-in work)" if entry.name == ".ipynb_checkpoints" else ")"))
                elif entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, name + "/"))
                elif entry.is_file(follow_symlinks=False):
                    files.append((name, Path(entry.path)))
                else:
                    lines.append(f"{shown(name)}: skipped: not a file or a folder")
            except (OSError, ValueError) as err:
                lines.append(f"{shown(name)}: skipped: cannot be read ({type(err).__name__})")
    return sorted(files), lines


def collect(folder: Path, lesson: str | None = None, out: Path | None = None,
            lessons_folder: Path | None = None, echo=print) -> Summary:
    """Summarise a folder of handed-in notebooks without running them.

    Every .ipynb file under ``folder`` is read; a student is named by the file's path
    in the folder, without ``.ipynb``. A file that cannot be read as the chosen lesson
    gets one line through ``echo`` and is left out; nothing stops the summary. The lesson
    is ``lesson`` if given, else the one most of the notebooks are.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ClassroomError(f"{shown(str(folder))} is not a folder; give the folder of handed-in notebooks")
    out = Path(out or BUILD / "class-summary")
    if out.exists() and not out.is_dir():
        raise ClassroomError(f"--out {shown(str(out))} is a file; give a folder to write the summary in")
    all_lessons = lessons(lessons_folder)
    target = find_lesson(lesson, lessons_folder) if lesson else None
    files, skipped = handed_in_files(folder)
    read = {}
    for name, path in files:
        try:
            nb = read_handin(path)
            cells = cells_of(nb)
            found = lesson_of(cells, all_lessons)
            if found is None:
                heading = title_of(cells)
                raise Skip("not one of the kit's lessons" + (f" (its first heading is '{shown(heading, 60)}')" if heading else ""))
            if not found.exercises:
                raise Skip(f"this is {found.stem}, which has no self-checks to summarise")
            read[name] = (cells, found)
        except Skip as why:
            skipped.append(f"{shown(name)}: skipped: {why}")
        except Exception as err:  # a file no rule above foresaw still costs one line, never the summary
            skipped.append(f"{shown(name)}: skipped: could not be read ({type(err).__name__})")
    if target is None and read:
        target = max(all_lessons, key=lambda l: sum(f == l for _, f in read.values()))
    elif target is None:
        for line in sorted(skipped):
            echo(line)
        raise ClassroomError(f"no lesson notebook could be read in {shown(str(folder))}")
    if not target.exercises:
        raise ClassroomError(f"{target.stem} has no self-checks to summarise")
    summary = Summary(target)
    reference = cells_of(json.loads(target.path.read_text(encoding="utf-8")))
    for name, (cells, found) in read.items():
        student = name.removesuffix(".ipynb")
        try:
            if found != target:
                raise Skip(f"this is {found.label} ({found.stem}), not {target.label}; "
                           f"collect it with --lesson {found.stem}")
            handin = read_answers(cells, target, reference)
        except Skip as why:
            skipped.append(f"{shown(name)}: skipped: {why}")
            continue
        except Exception as err:
            skipped.append(f"{shown(name)}: skipped: could not be read ({type(err).__name__})")
            continue
        summary.results[student], summary.answers[student] = handin.results, handin.answers
        summary.said[student], summary.own_words[student] = handin.said, handin.own_words
    summary.skipped = sorted(skipped)
    for line in summary.skipped:
        echo(line)
    echo(f"{target.label} ({target.stem}): {len(summary.results)} notebook(s) summarised, "
         f"{len(summary.skipped)} file(s) skipped"
         + ("" if lesson else " (the lesson most files are; choose another with --lesson)"))
    if summary.results:
        summary.written = write_summary(summary, out)
        for path in summary.written:
            echo(f"wrote {shown(str(path))}")
    return summary


def chart_text(summary: Summary) -> tuple[str, str]:
    """(title, alt text) of the hardest-exercises chart, from the counts."""
    counts, n = summary.counts(), len(summary.results)
    order = summary.hardest_first()
    fewest = counts[order[0]]["right"]
    tied = [e for e in summary.lesson.exercises if counts[e]["right"] == fewest]
    title = (f"{summary.lesson.label}: fewest right on exercise{'s' if len(tied) > 1 else ''} "
             f"{', '.join(tied)} ({fewest} of {n} students)")
    parts = "; ".join(f"{e}: {counts[e]['right']} right, {counts[e]['not yet']} not yet, "
                      f"{counts[e]['not answered']} not answered" for e in order)
    alt = (f"Horizontal stacked bar chart of the self-check results of {n} handed-in notebooks of "
           f"{summary.lesson.label}, one bar per exercise, hardest first. {parts}.")
    return title, alt


def table_rows(summary: Summary) -> list[list[str]]:
    """The class table: a header, then one row per student (names and answers as shown())."""
    exercises = summary.lesson.exercises
    header = ["student"]
    for e in exercises:
        header += [f"{e} answer", f"{e} check", f"{e} check said"]
    rows = [header + ["own words"]]
    for student in sorted(summary.results):
        row = [shown(student)]
        for e in exercises:
            row += [shown(summary.answers[student][e], ANSWER_CHARS), summary.results[student][e],
                    shown(summary.said[student][e], ANSWER_CHARS)]
        row.append(" | ".join(f"{shown(where, 60)}: {shown(text, OWN_WORDS_CHARS)}"
                              for where, text in summary.own_words[student]))
        rows.append(row)
    return rows


def _replace(path: Path, write) -> None:
    """Write ``path`` whole or not at all: ``write(file)`` fills a temporary file beside it, which
    then replaces it in one step; if anything fails, the old file (if any) is left as it was."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with open(handle, "wb") as f:
            write(f)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


PAGE_CSS = """body { font-family: sans-serif; margin: 2em; color: #1a1a1a; background: #ffffff; line-height: 1.4; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { padding: 0.2em 0.6em; border: 1px solid #767676; text-align: left; vertical-align: top; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
.status { font-weight: bold; }
.answer { font-family: monospace; }"""


def write_summary(summary: Summary, out: Path) -> list[Path]:
    """Write the class table (CSV), the chart (PNG) and a page showing both; return their paths.
    Each file is written whole or not at all."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ClassroomError(f"cannot write the summary in {shown(str(out))}: {err.strerror or err}") from None
    stem = summary.lesson.stem
    rows = table_rows(summary)
    table = out / f"{stem}.csv"

    def write_csv(f):
        text = io.StringIO(newline="")
        csv.writer(text).writerows([[spreadsheet_safe(cell) for cell in row] for row in rows])
        f.write(text.getvalue().encode("utf-8"))

    title, alt = chart_text(summary)
    chart = out / f"{stem}-hardest.png"
    page = out / f"{stem}.html"
    exercises = summary.lesson.exercises
    escape = html.escape
    body = []
    for row in rows[1:]:
        cells = [f'<th scope="row">{escape(row[0])}</th>']
        for i, _ in enumerate(exercises):
            answer, status, said = row[1 + 3 * i: 4 + 3 * i]
            cells.append(f'<td><span class="answer">{escape(answer) or "(none)"}</span><br>'
                         f'<span class="status">{escape(status)}</span>'
                         + (f"<br>{escape(said)}" if said and status != "not answered" else "") + "</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    own = [f'<tr><th scope="row">{escape(shown(student))}</th><td>{escape(shown(where, 60))}</td>'
           f'<td>{escape(shown(text, OWN_WORDS_CHARS))}</td></tr>'
           for student in sorted(summary.own_words) for where, text in summary.own_words[student]]
    skipped = "".join(f"<li>{escape(line)}</li>" for line in summary.skipped) or "<li>none</li>"
    text = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Class summary: {escape(summary.lesson.title or stem)}</title>
<style>{PAGE_CSS}</style></head>
<body>
<main>
<h1>Class summary: {escape(summary.lesson.title or stem)}</h1>
<p>A formative summary, not a grade: for each exercise it shows what each student answered (the text of
their answer cell, cut to {ANSWER_CHARS} characters) and what the notebook's own self-check printed when the
student last ran it. It does not run the notebooks, and a student can edit what a notebook shows. Use it
to see which ideas to go over again. It rests on {len(summary.results)} handed-in notebook(s).</p>
<img src="{escape(chart.name)}" alt="{escape(alt)}">
<h2>Each student's answers</h2>
<table><caption>Answers and self-check results, one row per student</caption>
<thead><tr><th scope="col">student</th>{''.join(f'<th scope="col">Exercise {e}</th>' for e in exercises)}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody></table>
<h2>In their own words</h2>
<p>Open answers no self-check marks: verdicts with their excerpts, coding rules, notes. Each is what the
student wrote or changed, cut to {OWN_WORDS_CHARS} characters; the lesson's rubric helps you read them.</p>
{('<table><caption>Open answers, one row per answer</caption><thead><tr><th scope="col">student</th>'
  '<th scope="col">where</th><th scope="col">what they wrote</th></tr></thead><tbody>'
  + chr(10).join(own) + '</tbody></table>') if own else '<p>No open answers were found.</p>'}
<h2>Files left out</h2>
<ul>{skipped}</ul>
</main>
</body></html>
"""
    _replace(table, write_csv)
    _replace(chart, lambda f: draw_chart(summary, title).savefig(f, format="png", dpi=100,
                                                                  metadata={"Title": title, "Description": alt}))
    _replace(page, lambda f: f.write(text.encode("utf-8")))
    return [table, chart, page]


def draw_chart(summary: Summary, title: str):
    """A matplotlib Figure (no pyplot state): one stacked bar per exercise, hardest at the top."""
    from matplotlib.figure import Figure

    counts, order = summary.counts(), summary.hardest_first()
    colours = {"right": "#009E73", "not yet": "#E69F00", "not answered": "#999999"}  # Okabe-Ito
    hatches = {"right": "", "not yet": "//", "not answered": ".."}
    fig = Figure(figsize=(8, 1.6 + 0.45 * len(order)), layout="constrained")
    ax = fig.add_subplot()
    labels = [f"Exercise {e}" for e in order][::-1]  # barh draws bottom-up
    left = [0] * len(order)
    for status in STATUSES:
        values = [counts[e][status] for e in order][::-1]
        bars = ax.barh(labels, values, left=left, color=colours[status], hatch=hatches[status],
                       edgecolor="white", label=status)
        for bar, value in zip(bars, values):
            if value:
                ax.text(bar.get_x() + value / 2, bar.get_y() + bar.get_height() / 2, str(value),
                        ha="center", va="center", color="black",
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
        left = [a + b for a, b in zip(left, values)]
    ax.set_title(title, loc="left")
    ax.set_xlabel(f"Students (number of handed-in notebooks, of {len(summary.results)})")
    ax.set_ylabel("Exercise")
    ax.set_xlim(0, max(1, len(summary.results)))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncols=3, frameon=False)
    return fig


# --- Command line -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.classroom", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("copies", help="make the students' copies of the lessons in work/")
    p = commands.add_parser("reset", help="a fresh copy of one lesson; the old copy is kept beside it")
    p.add_argument("lesson", help="a lesson number (1) or file name (01-tabulating-claims)")
    p = commands.add_parser("bundle", help="write build/student-bundle.zip: lessons, data, helpers, no instructors/")
    p.add_argument("--article", action="append", default=[], metavar="NAME",
                   help="also carry articles/NAME (made by new-article) to the students; may be given more than once")
    p = commands.add_parser("collect", help="summarise a folder of handed-in notebooks")
    p.add_argument("folder")
    p.add_argument("--lesson", help="the lesson to summarise (default: the one most notebooks are)")
    p.add_argument("--out", help="where to write (default: build/class-summary/)")
    args = parser.parse_args(argv)  # a bad argument: argparse prints the usage line and exits with 2
    for stream in (sys.stdout, sys.stderr):  # a console that cannot show a character gets an escape, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    usage = commands.choices[args.command].format_usage().strip()
    try:
        if args.command == "copies":
            for path in student_copies():
                print(f"made {path.relative_to(ROOT)}")
        elif args.command == "reset":
            kept, fresh = reset(args.lesson)
            if kept:
                print(f"kept your old copy as {kept.relative_to(ROOT)}")
            print(f"fresh copy: {fresh.relative_to(ROOT)}")
        elif args.command == "bundle":
            print(f"wrote {bundle(articles=args.article)}")
        elif args.command == "collect":
            summary = collect(Path(args.folder), args.lesson, Path(args.out) if args.out else None)
            return 0 if summary.results else 1
    except ClassroomError as err:
        print(f"{usage}\nStopped: {err}", file=sys.stderr)
        return 1
    except Exception as err:  # whatever else goes wrong ends as plain lines, not a traceback
        print(f"{usage}\nStopped: an unexpected problem ({type(err).__name__}: {shown(str(err), 200)}); "
              "please report it", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
