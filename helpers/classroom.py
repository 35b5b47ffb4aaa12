"""The teacher's workflow around the lessons: students' own copies, a student
bundle without the answer key, printable handouts, and a class summary.

    python -m helpers.classroom copies               make the students' copies in work/ (without outputs)
    python -m helpers.classroom reset LESSON         a fresh copy; the old one is kept beside it
    python -m helpers.classroom bundle               build/student-bundle.zip
    python -m helpers.classroom handouts             build/handouts/ (static HTML, one page a lesson)
    python -m helpers.classroom collect FOLDER       build/class-summary/ (CSV, chart, page)

`tasks.py` calls these (`python3 tasks.py lab`, `reset`, `bundle`, `handouts`,
`collect`). Lessons and exercises are found from the files, never from a list:
a lesson is any notebook in notebooks/, its exercises are its
``exercises.check("N.N", ...)`` calls. Importing this module does nothing and
needs only the standard library; nbformat, nbconvert and matplotlib are imported
by the commands that need them. Unless told another folder, nothing here writes
outside work/ and build/ (both git-ignored); nothing here runs a student's notebook.
Every copy a student opens (work/, the bundle; tasks.py's lessons/ too) is made without the
stored outputs of notebooks/, so no answer shows before the student runs the cell.
"""
from __future__ import annotations

import argparse
import ast
import csv
import html
import json
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "notebooks"
WORK = ROOT / "work"  # the students' copies (git-ignored)
BUILD = ROOT / "build"  # bundle, handouts and class summaries (git-ignored)
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


def title_of(nb: dict) -> str:
    """The text of the notebook's first markdown heading ('' if it has none)."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in _source(cell).splitlines():
                match = re.match(r"#{1,6}\s+(.*\S)", line)
                if match:
                    return match[1].strip()
    return ""


def exercises_of(nb: dict) -> list[str]:
    """The exercises a notebook checks, from its ``exercises.check("N.N"`` calls, in order."""
    found = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            found += [e for e in CHECK_CALL.findall(_source(cell)) if e not in found]
    return found


def lessons(folder: Path | None = None) -> list[Lesson]:
    """Every lesson notebook in ``folder`` (default notebooks/), in file-name order."""
    folder = Path(folder or LESSONS)
    found = []
    for path in sorted(folder.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        found.append(Lesson(path, title_of(nb), tuple(exercises_of(nb))))
    return found


def find_lesson(name: str, folder: Path | None = None) -> Lesson:
    """A lesson by number ('1', '01'), file name or stem ('01-tabulating-claims')."""
    all_lessons = lessons(folder)
    wanted = Path(name).name.removesuffix(".ipynb")
    for lesson in all_lessons:
        number = lesson.stem.split("-")[0]
        if wanted == lesson.stem or (wanted.isdigit() and number.isdigit() and int(wanted) == int(number)):
            return lesson
    names = ", ".join(lesson.stem for lesson in all_lessons)
    raise ClassroomError(f"there is no lesson {name!r}; the lessons are: {names}")


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
    work.mkdir(parents=True, exist_ok=True)
    copy = work / lesson.path.name
    kept = None
    if copy.exists():
        n = 1
        while (work / f"{lesson.stem}.old-{n}.ipynb").exists():
            n += 1
        kept = copy.rename(work / f"{lesson.stem}.old-{n}.ipynb")
    write_new(copy, students_copy_of(lesson.path))
    reference_copies(work)
    return kept, copy


# --- The student bundle ------------------------------------------------------------------


def solutions(path: Path | None = None) -> dict[str, str]:
    """instructors/solutions.py's SOLUTIONS, read without running the file."""
    path = Path(path or ROOT / "instructors" / "solutions.py")
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "SOLUTIONS" for t in node.targets):
            return ast.literal_eval(node.value)
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
    text = content.decode("utf-8", errors="replace")
    if not name.endswith(".ipynb"):
        return text
    parts = []
    for cell in json.loads(text).get("cells", []):
        parts.append(_source(cell))
        for output in cell.get("outputs", []):
            for value in [output.get("text", "")] + list((output.get("data") or {}).values()):
                if isinstance(value, (str, list)) and not (isinstance(value, str) and len(value) > 2000 and " " not in value):
                    parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


def bundle(out: Path | None = None, folder: Path | None = None, articles: list[str] = ()) -> Path:
    """Write the student bundle (a zip) and return its path.

    Stops, writing nothing, if any worked solution from instructors/solutions.py
    appears in a file that would go in it.
    """
    out = Path(out or BUILD / "student-bundle.zip")
    members = bundle_members(folder, articles)
    leaks, texts = [], {name: readable(name, content) for name, content in members.items()}
    for exercise, code in solutions().items():  # the lines that give the answer (a setup line may be in a lesson)
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


# --- Handouts -------------------------------------------------------------------------------------

PRINT_CSS = """
@media print {
  body { background: white; }
  .jp-InputPrompt, .jp-OutputPrompt, a.anchor-link, .kit-nav { display: none !important; }
  .jp-Cell, .jp-OutputArea-output, img, table, pre { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  img { max-width: 100% !important; height: auto !important; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 90%; }
}
.kit-nav { margin: 1em 0; font-family: sans-serif; }
"""

# The lab template with two changes: each chart's <img> takes its alt text from
# the output's metadata (nbconvert would write a placeholder), and a print stylesheet.
HANDOUT_TEMPLATE = """{%- extends 'index.html.j2' -%}
{% block html_head_js %}{% endblock html_head_js %}
{% block extra_css %}<style type="text/css">""" + PRINT_CSS + """</style>{% endblock extra_css %}
{% block body_header %}{{ super() }}<nav class="kit-nav"><a href="index.html">All lessons</a></nav>{% endblock body_header %}
{% block data_png scoped %}
{%- set alt = output.metadata.get('image/png', {}).get('alt') -%}
{%- if not alt and output.data.get('text/plain', '').startswith('Chart: ') -%}
{%- set alt = output.data['text/plain'][7:] -%}
{%- endif -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
{%- if alt %} alt="{{ alt | escape_html }}"{% endif %}>
</div>
{%- endblock data_png %}
"""


def alt_text(output: dict) -> str:
    """A chart output's alternative text: metadata first, then a 'Chart: ...' text form."""
    alt = ((output.get("metadata") or {}).get("image/png") or {}).get("alt") or ""
    plain = (output.get("data") or {}).get("text/plain", "")
    plain = "".join(plain) if isinstance(plain, list) else plain
    if not alt and plain.startswith("Chart: "):
        alt = plain[len("Chart: "):]
    return alt.strip()


def handout_problems(nb: dict, name: str) -> tuple[list[str], list[str]]:
    """(errors that stop the handout, warnings) for one lesson notebook."""
    errors, warnings = [], []
    for i, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("execution_count") is None and _source(cell).strip():
            errors.append(f"{name}: cell {i} was never run; run the lesson top to bottom and save it")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors.append(f"{name}: cell {i} stored an error ({output.get('ename')}); fix it and run the lesson again")
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                warnings.append(f"{name}: cell {i} printed a warning; the handout shows it")
            elif "image/png" in output.get("data", {}) and not alt_text(output):
                warnings.append(f"{name}: cell {i}: a chart has no alternative text (metadata image/png alt)")
    return errors, warnings


def handouts(out: Path | None = None, folder: Path | None = None) -> tuple[Path, list[str]]:
    """Static HTML of every lesson, from its stored outputs (nothing is run), and an
    index page. Returns (the index page, warnings). Stops if a lesson has an error output
    or a cell never run: a handout must show a clean run."""
    import logging

    import nbformat
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    out = Path(out or BUILD / "handouts")
    all_lessons = lessons(folder)
    if not all_lessons:
        raise ClassroomError(f"no lesson notebooks in {folder or LESSONS}")
    notebooks, errors, warnings = {}, [], []
    for lesson in all_lessons:
        nb = nbformat.read(lesson.path, as_version=4)
        problems, notes = handout_problems(nb, lesson.path.name)
        notebooks[lesson], errors, warnings = nb, errors + problems, warnings + notes
    if errors:
        raise ClassroomError("no handouts written:\n" + "\n".join(errors))
    exporter = HTMLExporter(template_name="lab", extra_loaders=[DictLoader({"kit-handout.html.j2": HANDOUT_TEMPLATE})],
                            template_file="kit-handout.html.j2")
    exporter.log.setLevel(logging.ERROR)  # its missing-alt warning is replaced by ours, with the cell
    out.mkdir(parents=True, exist_ok=True)
    items = []
    for lesson, nb in notebooks.items():
        nb.metadata["title"] = lesson.title or lesson.stem
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": lesson.stem}})
        (out / f"{lesson.stem}.html").write_text(body, encoding="utf-8")
        items.append(f'<li><a href="{html.escape(lesson.stem)}.html">{html.escape(lesson.title or lesson.stem)}</a></li>')
    index = out / "index.html"
    index.write_text(f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fact-checking one news story: the lessons</title>
<style>body {{ font-family: sans-serif; max-width: 40em; margin: 2em auto; line-height: 1.5; }}{PRINT_CSS}</style></head>
<body>
<h1>Fact-checking one news story: the lessons</h1>
<p>Each page is a lesson as it looks after one run from top to bottom, with its charts. Print a page
from the browser (File, Print) for a paper copy.</p>
<ol>
{chr(10).join(items)}
</ol>
</body>
</html>
""", encoding="utf-8")
    return index, warnings


# --- The class summary ---------------------------------------------------------------------------


class Skip(Exception):
    """A handed-in file that cannot be summarised; the message says why, in one line."""


@dataclass
class Summary:
    lesson: Lesson
    results: dict[str, dict[str, str]] = field(default_factory=dict)  # student -> exercise -> status
    skipped: list[str] = field(default_factory=list)  # one line per file left out
    written: list[Path] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        """exercise -> status -> how many students."""
        return {e: {s: sum(r[e] == s for r in self.results.values()) for s in STATUSES} for e in self.lesson.exercises}

    def hardest_first(self) -> list[str]:
        counts = self.counts()
        order = {e: i for i, e in enumerate(self.lesson.exercises)}
        return sorted(counts, key=lambda e: (counts[e]["right"], -counts[e]["not yet"], order[e]))


def read_handin(path: Path) -> dict:
    """A handed-in file as a notebook (a dict), or Skip with the reason."""
    if path.suffix.lower() != ".ipynb":
        raise Skip(f"not a notebook (a {path.suffix or 'file without extension'} file)")
    try:
        nb = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise Skip("not a readable notebook: the file is not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise Skip(f"broken or cut-off notebook file (JSON error at line {err.lineno}, column {err.colno}: "
                   f"{err.msg}); ask for it to be saved and handed in again") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list) or nb.get("nbformat") != 4:
        raise Skip("not a Jupyter notebook (no nbformat 4 cells)")
    return nb


def lesson_of(nb: dict, all_lessons: list[Lesson]) -> Lesson | None:
    """Which lesson a notebook is: by its first heading, else by the exercises it checks."""
    title = title_of(nb)
    for lesson in all_lessons:
        if title and title == lesson.title:
            return lesson
    checked = set(exercises_of(nb))
    overlap = max(all_lessons, key=lambda lesson: len(checked & set(lesson.exercises)), default=None)
    if overlap is not None and checked & set(overlap.exercises):
        return overlap
    return None


def _outputs_text(cell: dict) -> str:
    texts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            text = output.get("text", "")
            texts.append("".join(text) if isinstance(text, list) else str(text))
    return "".join(texts)


def results_of(nb: dict, lesson: Lesson) -> dict[str, str]:
    """exercise -> right / not yet / not answered, from the stored output of each check
    cell. Raises Skip if any check cannot be read."""
    cells = [c for c in nb["cells"] if isinstance(c, dict) and c.get("cell_type") == "code"]
    results = {}
    for exercise in lesson.exercises:
        found = [c for c in cells if exercise in CHECK_CALL.findall(_source(c))]
        if len(found) != 1:
            where = "is missing (the cell was deleted or edited)" if not found else f"appears in {len(found)} cells"
            raise Skip(f'the check of exercise {exercise}, exercises.check("{exercise}", ...), {where}')
        cell = found[0]
        lines = [m for line in _outputs_text(cell).splitlines() if (m := RESULT_LINE.match(line))]
        lines = [m for m in lines if m[1] == exercise]
        if not lines:
            outputs = cell.get("outputs", [])
            if not outputs or any(o.get("output_type") == "error" for o in outputs):
                results[exercise] = "not answered"  # never run, or stopped before the check could print
                continue
            raise Skip(f"the check cell of exercise {exercise} shows no 'Exercise {exercise}:' line")
        if len(lines) > 1:
            raise Skip(f"the check cell of exercise {exercise} shows {len(lines)} results; it was edited")
        verdict = lines[0][2]
        if verdict.startswith("right!"):
            results[exercise] = "right"
        elif verdict.startswith("not yet"):
            results[exercise] = "not yet"
        elif verdict.startswith("not answered yet"):
            results[exercise] = "not answered"
        else:
            raise Skip(f"the result of exercise {exercise} cannot be read: {lines[0][0][:80]!r}")
    return results


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
        raise ClassroomError(f"{folder} is not a folder; give the folder of handed-in notebooks")
    all_lessons = lessons(lessons_folder)
    files = sorted(p for p in folder.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    read, skipped = {}, []
    for path in files:
        name = path.relative_to(folder).as_posix()
        try:
            nb = read_handin(path)
            found = lesson_of(nb, all_lessons)
            if found is None:
                heading = title_of(nb)
                raise Skip("not one of the kit's lessons" + (f" (its first heading is {heading[:60]!r})" if heading else ""))
            if not found.exercises:
                raise Skip(f"this is {found.stem}, which has no self-checks to summarise")
            read[name] = (nb, found)
        except Skip as why:
            skipped.append(f"{name}: skipped: {why}")
    if lesson:
        target = find_lesson(lesson, lessons_folder)
    elif read:
        target = max(all_lessons, key=lambda l: sum(f == l for _, f in read.values()))
    else:
        for line in skipped:
            echo(line)
        raise ClassroomError(f"no lesson notebook could be read in {folder}")
    if not target.exercises:
        raise ClassroomError(f"{target.stem} has no self-checks to summarise")
    summary = Summary(target)
    for name, (nb, found) in read.items():
        student = name.removesuffix(".ipynb")
        try:
            if found != target:
                raise Skip(f"this is {found.label} ({found.stem}), not {target.label}; "
                           f"collect it with --lesson {found.stem}")
            summary.results[student] = results_of(nb, target)
        except Skip as why:
            skipped.append(f"{name}: skipped: {why}")
    summary.skipped = sorted(skipped)
    for line in summary.skipped:
        echo(line)
    echo(f"{target.label} ({target.stem}): {len(summary.results)} notebook(s) summarised, "
         f"{len(summary.skipped)} file(s) skipped"
         + ("" if lesson else " (the lesson most files are; choose another with --lesson)"))
    if summary.results:
        summary.written = write_summary(summary, Path(out or BUILD / "class-summary"))
        for path in summary.written:
            echo(f"wrote {path}")
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


def write_summary(summary: Summary, out: Path) -> list[Path]:
    """Write the class table (CSV), the chart (PNG) and a page showing both; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    stem = summary.lesson.stem
    table = out / f"{stem}.csv"
    with open(table, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", *summary.lesson.exercises])
        for student in sorted(summary.results):
            writer.writerow([student, *(summary.results[student][e] for e in summary.lesson.exercises)])
    title, alt = chart_text(summary)
    chart = out / f"{stem}-hardest.png"
    draw_chart(summary, title).savefig(chart, dpi=100, metadata={"Title": title, "Description": alt})
    page = out / f"{stem}.html"
    rows = "\n".join("<tr><th scope=\"row\">" + html.escape(s) + "</th>"
                     + "".join(f"<td>{summary.results[s][e]}</td>" for e in summary.lesson.exercises) + "</tr>"
                     for s in sorted(summary.results))
    skipped = "".join(f"<li>{html.escape(line)}</li>" for line in summary.skipped) or "<li>none</li>"
    page.write_text(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body {{ font-family: sans-serif; margin: 2em; }} td, th {{ padding: 0.2em 0.6em; border: 1px solid #ccc; }}</style></head>
<body>
<h1>Class summary: {html.escape(summary.lesson.title or stem)}</h1>
<p>A formative summary, not a grade: it shows what each notebook's own self-checks printed when the
student last ran them. It does not run the notebooks, and a student can edit what a notebook shows.
It rests on {len(summary.results)} handed-in notebook(s).</p>
<img src="{html.escape(chart.name)}" alt="{html.escape(alt)}">
<h2>Each student</h2>
<table><thead><tr><th scope="col">student</th>{''.join(f'<th scope="col">{e}</th>' for e in summary.lesson.exercises)}</tr></thead>
<tbody>
{rows}
</tbody></table>
<h2>Files left out</h2>
<ul>{skipped}</ul>
</body></html>
""", encoding="utf-8")
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
    p = commands.add_parser("bundle", help="write build/student-bundle.zip")
    p.add_argument("--article", action="append", default=[], metavar="NAME",
                   help="also carry articles/NAME (made by new-article) to the students; may be given more than once")
    commands.add_parser("handouts", help="write build/handouts/")
    p = commands.add_parser("collect", help="summarise a folder of handed-in notebooks")
    p.add_argument("folder")
    p.add_argument("--lesson", help="the lesson to summarise (default: the one most notebooks are)")
    p.add_argument("--out", help="where to write (default: build/class-summary/)")
    args = parser.parse_args(argv)
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
        elif args.command == "handouts":
            index, warnings = handouts()
            for line in warnings:
                print(f"warning: {line}")
            print(f"wrote {index}")
        elif args.command == "collect":
            summary = collect(Path(args.folder), args.lesson, Path(args.out) if args.out else None)
            return 0 if summary.results else 1
    except ClassroomError as err:
        print(f"Stopped: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
