"""Docs name only files, columns and commands that exist, and stay in step with the data."""
from __future__ import annotations

import json
import re
import runpy
import sys

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

DOCS = [ROOT / "README.md", DATASETS / "README.md", *sorted((ROOT / "instructors").glob("*.md"))]
PATHLIKE = re.compile(r"`([\w./-]+\.(?:ipynb|csv|json|txt|md|py|toml|yml)|[\w.-]+/[\w./-]*)`")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_file_a_doc_names_exists(doc):
    for name in PATHLIKE.findall(doc.read_text(encoding="utf-8")):
        candidates = [ROOT / name, doc.parent / name, DATASETS / name]
        if name.startswith(("my-copy/", ".venv", "work/", "build/")):
            continue  # an example folder of your own; environments and output folders tasks.py creates
        assert any(p.exists() for p in candidates), f"{doc.name} names {name}, which does not exist"


def test_readme_commands_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tasks = runpy.run_path(str(ROOT / "tasks.py"))  # defines only: main() runs under __main__
    commands = {**tasks["COMMANDS"], **tasks["CLASSROOM"]}
    named = set(re.findall(r"(?:python3|py) tasks\.py ([\w-]+)", readme))
    assert {"lab", "test"} <= named
    for command in named:
        assert command in commands, command
    for command in set(re.findall(r"python -m helpers (\w+)", readme)):
        assert f'add_parser("{command}"' in (ROOT / "helpers" / "__main__.py").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command_first_then_only_commands_that_exist():
    lines = [l.split("#")[0].strip() for l in (ROOT / ".ci" / "run").read_text().splitlines()]
    commands = [l for l in lines if l.startswith("python3 tasks.py ")]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert commands == ["python3 tasks.py test", "python3 tasks.py ci"] and all(c in readme for c in commands)
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


def test_readme_lists_every_lesson():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        assert f"`notebooks/{notebook.name}`" in readme
        assert (ROOT / "instructors" / f"{notebook.stem}.md").exists(), f"no instructor notes for {notebook.name}"


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
