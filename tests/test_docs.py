"""Docs name only files, columns and commands that exist, and stay in step with the data."""
from __future__ import annotations

import json
import re
import runpy
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from helpers import data, exercises

from conftest import DATASETS, ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10 has no tomllib; the test extra installs tomli there
    import tomli as tomllib

DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "notebooks" / "glossary.md", DATASETS / "README.md",
        *sorted((ROOT / "instructors").rglob("*.md"))]
GLOSSARY = ROOT / "notebooks" / "glossary.md"
WORD = re.compile(r"[\w'’-]+")  # how the kit counts words (the lessons' load is counted the same way)
PATHLIKE = re.compile(r"`([\w./-]+\.(?:ipynb|csv|json|txt|md|py|toml|yml)|[\w.-]+/[\w./-]*)`")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_file_a_doc_names_exists(doc):
    for name in PATHLIKE.findall(doc.read_text(encoding="utf-8")):
        candidates = [ROOT / name, doc.parent / name, DATASETS / name]
        if name.startswith(("my-copy/", ".venv", "work/", "build/", "articles/")):
            continue  # an example folder of your own; environments and output folders tasks.py creates
        assert any(p.exists() for p in candidates), f"{doc.name} names {name}, which does not exist"


def named_commands(text: str) -> set[str]:
    return set(re.findall(r"(?:python3|py) tasks\.py ([\w-]+)", text))


@pytest.mark.parametrize("doc", ["README.md", "CONTRIBUTING.md", "instructors/workflow.md"])
def test_every_command_a_doc_names_exists(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    tasks = runpy.run_path(str(ROOT / "tasks.py"))  # defines only: main() runs under __main__
    commands = {**tasks["COMMANDS"], **tasks["CLASSROOM"]}
    for command in named_commands(text):
        assert command in commands, f"{doc} names python3 tasks.py {command}, which tasks.py does not have"
    for command in set(re.findall(r"python -m helpers (\w+)", text)):
        assert f'add_parser("{command}"' in (ROOT / "helpers" / "__main__.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("doc", ["README.md", "CONTRIBUTING.md", "notebooks/glossary.md", "instructors/workflow.md"])
def test_every_column_a_doc_names_exists(doc):
    """A name in backticks written like a column (`source_id`) is a column of some file in datapackage.json."""
    columns = {f["name"] for r in data.package()["resources"] for f in r.get("schema", {}).get("fields", [])}
    for name in re.findall(r"`([a-z]+(?:_[a-z]+)+)`", (ROOT / doc).read_text(encoding="utf-8")):
        assert name in columns, f"{doc} names a column {name}, which no file has"


def test_the_readme_is_the_teachers_page():
    """At most about 1,200 words; the two commands of the quick start, exactly; the classroom commands;
    CONTRIBUTING.md linked once; the commands only maintainers run are in CONTRIBUTING.md instead."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(WORD.findall(readme)) <= 1200, len(WORD.findall(readme))
    quick = re.search(r"## Quick start\n(.*?)\n## ", readme, flags=re.S)[1]
    assert re.findall(r"^python3 tasks\.py .*$", quick, flags=re.M) == [
        "python3 tasks.py lab      # open your own copies of the lessons in JupyterLab",
        "python3 tasks.py test     # check that the kit works on this computer"]
    assert {"lab", "test", "worksheets", "collect", "bundle", "reset", "new-article"} <= named_commands(readme)
    assert "python3 tasks.py new-article SOURCE --name NAME" in readme and "`articles/NAME/`" in readme
    assert readme.count("(CONTRIBUTING.md)") == 1
    maintainers = {"bench", "matrix", "platforms", "browser", "ci", "mutate"}
    # one sentence says what CI runs (.ci/run: the test command, then `ci`); the rest is CONTRIBUTING.md's
    ci_line = "CI runs `python3 tasks.py test`, then `python3 tasks.py ci`."
    assert readme.count(ci_line) == 1 and readme.count("tasks.py ci") == 1
    assert not maintainers & named_commands(readme.replace(ci_line, "")), "maintainers' commands belong in CONTRIBUTING.md"
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert maintainers | {"sync-notebooks", "links"} <= named_commands(contributing)
    assert "python3 tasks.py mutate [--sample N] [MODULE]" in contributing


def test_tasks_lists_the_classroom_commands_first(capsys):
    tasks = runpy.run_path(str(ROOT / "tasks.py"))
    assert tasks["main"]([]) == 2
    usage = capsys.readouterr().out
    assert usage == tasks["__doc__"] + "\n"
    classroom, maintainers = usage.split("For maintainers", 1)
    order = [re.search(rf"python3 tasks\.py {name}\b", classroom) for name in
             ("lab", "worksheets", "collect", "bundle", "reset", "new-article")]
    assert all(order) and [m.start() for m in order] == sorted(m.start() for m in order)
    for name in ("test", "bench", "matrix", "platforms", "browser", "ci", "mutate", "sync-notebooks", "links"):
        assert re.search(rf"python3 tasks\.py {name}\b", maintainers) and not re.search(rf"tasks\.py {name}\b", classroom)


def test_ci_runs_the_readme_test_command_first_then_only_commands_that_exist():
    lines = [l.split("#")[0].strip() for l in (ROOT / ".ci" / "run").read_text().splitlines()]
    commands = [l for l in lines if l.startswith("python3 tasks.py ")]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert commands == ["python3 tasks.py test", "python3 tasks.py ci"] and commands[0] in readme
    assert all(c in contributing for c in commands), "CONTRIBUTING.md says what CI runs"
    assert "set -euo pipefail" in lines, "a failing step must fail the run"
    assert lines[-1] == commands[-1], "nothing after the checks can hide their status"
    tasks = runpy.run_path(str(ROOT / "tasks.py"))
    assert all(c.split()[2] in tasks["COMMANDS"] for c in commands)


def test_the_ci_command_runs_every_check_and_fails_if_any_fails(monkeypatch):
    tasks = runpy.run_path(str(ROOT / "tasks.py"))
    ran = []
    for name, status in (("matrix", 1), ("platforms", 0), ("browser", 0)):  # the first fails
        tasks["ci"].__globals__[name] = lambda rest, name=name, status=status: ran.append(name) or status
    tasks["ci"].__globals__["chromium_for_ci"] = lambda: None
    assert tasks["ci"]([]) == 1 and ran == ["matrix", "platforms", "browser"]
    tasks["ci"].__globals__["matrix"] = lambda rest: 0
    assert tasks["ci"]([]) == 0


def test_a_failing_stack_says_why_in_the_matrixs_own_output(tmp_path, monkeypatch, capsys):
    """CI keeps what the matrix prints, not its logs: a failing stack prints each failure's and each error's
    assertion and message, and names both kinds of test. Here a stack's tests are a real pytest run of a test
    that fails and one whose fixture breaks."""
    import matrix

    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # not the kit's settings
    (tmp_path / "test_one.py").write_text(
        "import pytest\n\n@pytest.fixture\ndef broken():\n    raise RuntimeError('the fixture broke')\n\n"
        "def test_sum():\n    assert 1 + 1 == 3, 'the sum is off'\n\n"
        "def test_with_fixture(broken):\n    pass\n", encoding="utf-8")
    stack_run = matrix.run_tests

    def run_tests(python):  # the stack's own options, on this small test file
        return stack_run(python, cwd=tmp_path, args=("-p", "no:cacheprovider", "-p", "no:xdist", "test_one.py"))

    monkeypatch.setattr(matrix, "run_tests", run_tests)
    monkeypatch.setattr(matrix, "build", lambda name, stack, log: Path(sys.executable))
    monkeypatch.setattr(matrix, "HOME", tmp_path / "logs")
    passed, versions, failed = matrix.run_stack("colab", matrix.STACKS["colab"])
    printed = capsys.readouterr().out
    assert not passed and versions.startswith(sys.version.split()[0])
    assert failed == ["test_one.py::test_sum", "test_one.py::test_with_fixture"]
    assert "AssertionError: the sum is off" in printed and "assert 1 + 1 == 3, 'the sum is off'" in printed
    assert "RuntimeError: the fixture broke" in printed
    details = matrix.failure_details((tmp_path / "logs" / "colab.log").read_text(encoding="utf-8"), lines=1)
    kinds = [line.split()[0][:3] for line in details.splitlines()]
    assert kinds == ["___", ">", "E", "tes", "___", ">", "E", "E", "tes"] and details.splitlines()[-2] == "    E   ..."  # one E line each
    assert "ERROR at setup of test_with_fixture" in details and "the fixture broke" in details and "the sum is off" in details
    assert matrix.failure_details("1 passed in 0.01s\n") == ""


def test_readme_lists_every_lesson():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        assert f"`notebooks/{notebook.name}`" in readme
        assert (ROOT / "instructors" / f"{notebook.stem}.md").exists(), f"no instructor notes for {notebook.name}"


# The terms of art the glossary must define: those issue 15 (item 5) lists, then those found in the
# lessons, notes and codebook without an explanation.
GLOSSARY_TERMS = ["GDELT", "ICEWS", "CAMEO", "Goldstein scale", "BND", "NSA", "DNI", "BOUNDLESSINFORMANT", "SIGAD",
                  "metadata", "attribution", "offset", "wire copy", "lateral reading", "SIFT", "ClaimReview", "kappa",
                  "alpha", "bootstrap", "interval", "sampling with replacement", "Landis-Koch bands",
                  "DNR", "claimant", "verdict", "codebook", "coding", "crosstab", "hedge", "false precision",
                  "per resident", "sensitivity check", "chance agreement", "kicker", "standfirst", "own voice",
                  "editorial", "outlet", "summon", "quad class", "actor code", "event data", "extension", "self-check",
                  "Cryptome", "first appearance", "ISO country code", "NATO", "readout", "reference coding",
                  "Snowden documents", "stress test", "blind coding", "byline", "chain of custody", "correction",
                  "on the record", "raw agreement", "seed", "significant figures", "source packet", "yardstick"]


def glossary_entries() -> dict[str, str]:
    """{the term, as written in bold at the start of its paragraph: its definition}."""
    text = GLOSSARY.read_text(encoding="utf-8")
    return {m[1]: m[2] for m in re.finditer(r"^\*\*(.+?)\.\*\* (.+)$", text, flags=re.M)}


def test_the_glossary_defines_every_term_in_a_few_sentences_from_a_to_z():
    entries = glossary_entries()
    heads = [h.lower() for h in entries]
    for term in GLOSSARY_TERMS:
        t = term.lower()
        assert any(h == t or h.startswith(t + " ") for h in heads), f"the glossary has no entry for {term}"
    plain = [unicodedata.normalize("NFKD", h).encode("ascii", "ignore").decode() for h in heads]  # É files under E
    assert plain == sorted(plain), "entries are in alphabetical order"
    for head, definition in entries.items():
        ends = re.findall(r"[.!?][)\"”]?(?:\s|$)", definition)
        assert 1 <= len(ends) <= 4, f"{head}: {len(ends)} sentences"  # one to three, and one for a source
    paragraphs = [p for p in GLOSSARY.read_text(encoding="utf-8").split("\n\n") if p.startswith("**")]
    assert len(paragraphs) == len(entries), "every entry is one paragraph that starts with its term in bold"


def test_every_lesson_links_to_the_glossary():
    """Lessons link to it by the name every route places beside them: [glossary](glossary.md)."""
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        text = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        assert "[glossary](glossary.md)" in text, f"{notebook.name} does not link to the glossary"


def codebook_sections():
    text = (DATASETS / "README.md").read_text(encoding="utf-8")
    parts = re.split(r"^## `([^`]+)`$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def test_codebook_has_an_entry_for_every_file_and_no_other():
    files = {p.name for p in DATASETS.iterdir() if p.name != "README.md"}
    described = set(codebook_sections())
    assert described == files
    assert {r["path"] for r in data.package()["resources"]} | {"datapackage.json"} == files


@pytest.mark.parametrize("res", [r for r in data.package()["resources"] if "schema" in r], ids=lambda r: r["name"])
def test_codebook_columns_match_the_schema(res):
    section = codebook_sections()[res["path"]]
    for heading in ("**What it is:**", "**Source and method:**", "**One row is:**", "**What it does not tell you:**"):
        assert heading in section, heading
    documented = re.findall(r"^\| `(\w+)` \| .+ \| .+ \|$", section, flags=re.M)
    table = documented[: len(res["schema"]["fields"])]
    assert table == [f["name"] for f in res["schema"]["fields"]]
    for field in res["schema"]["fields"]:  # every documented code exists, every code is documented
        for code in field.get("constraints", {}).get("enum", []):
            documented = f"`{code}`" if isinstance(code, str) else str(code)
            assert documented in section or code in ("CONFIRMED", "PARTLY", "UNCONFIRMED"), f"{field['name']}: {code}"


def test_instructor_answer_key_matches_the_self_checks():
    for notes in (ROOT / "instructors").glob("*.md"):
        for question, answer in re.findall(r"^\| (\d+\.\d+) \| (.+?) \|", notes.read_text(encoding="utf-8"), flags=re.M):
            expected = exercises.QUESTIONS[question].expected()
            if isinstance(expected, float):
                assert abs(float(answer) - expected) < 0.005, question
            elif isinstance(expected, dict):  # a coding exercise: the key gives the reference code, the first one accepted
                reference = {k: v[0] if isinstance(v, tuple) else v for k, v in expected.items()}
                assert json.loads(answer) == reference, question
            else:
                assert answer == str(expected), question


def requirements(extras=None, python=None):
    """{name: requirement} from pyproject.toml: the dependencies and the given extras (all by default),
    without environment markers; with `python` ("3.12"), only those whose marker holds there."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    chosen = project["optional-dependencies"] if extras is None else {e: project["optional-dependencies"][e] for e in extras}
    found = {}
    for line in project["dependencies"] + [r for extra in chosen.values() for r in extra]:
        requirement, _, marker = (part.strip() for part in line.partition(";"))
        if python and marker and not Marker(marker).evaluate({"python_version": python, "python_full_version": f"{python}.0"}):
            continue
        found[re.split(r"[<>=!~]", requirement)[0]] = requirement
    return found


def test_environment_yml_lists_the_same_packages_as_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = {re.split(r"[<>=!~]", d)[0]: d for d in env["dependencies"] if isinstance(d, str)}
    assert env["channels"] == ["conda-forge"]
    python = conda.pop("python")
    assert re.fullmatch(r"python=3\.\d+", python), "repo2docker (Binder) honours only an exact python=X.Y pin"
    assert Version(python[len("python="):]) in SpecifierSet(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"])
    assert conda.pop("pip") == "pip"
    assert conda == requirements(["test", "lab", "article"], python=python[len("python="):])
    assert [d for d in env["dependencies"] if isinstance(d, dict)] == [{"pip": ["-e ."]}]
    assert "\n    - -e .\n" in (ROOT / "environment.yml").read_text(encoding="utf-8"), "unquoted, for Binder"


def test_constraints_pin_every_requirement():
    pins = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    for name in requirements():
        assert re.search(rf"^{re.escape(name)}==", pins, flags=re.M | re.I), name
