"""The lessons themselves: their shape, their exercises and their charts.

nbval (run by pytest on notebooks/) re-executes each notebook in a fresh kernel
and compares every stored output. The tests here run each notebook's code in
this process instead, so that they can swap in the worked solutions and look
at the charts through matplotlib's own objects.
"""
from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import re
import runpy
from collections import Counter

import pytest

from helpers import data, exercises

from conftest import DATASETS, ROOT, fingerprint

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SOLUTIONS = runpy.run_path(str(ROOT / "instructors" / "solutions.py"))["SOLUTIONS"]
STARTER = re.compile(r"answer_(\d+)_(\d+) = \.\.\.")
CHECK = re.compile(r'exercises\.check\("(\d+\.\d+)"')


def cells(path, kind=None):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(c["cell_type"], "".join(c["source"]), c) for c in nb["cells"] if kind in (None, c["cell_type"])]


@functools.lru_cache(maxsize=None)
def run(path, solutions: bool):
    """Run a notebook's code cells here, once per notebook and variant; return what each
    cell printed, the figures drawn, and whether datasets/ was left unchanged."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.close("all")  # closed figures stay readable for earlier, cached runs
    namespace, printed = {"__name__": "__main__"}, []
    before = fingerprint(DATASETS)
    here = os.getcwd()
    os.chdir(path.parent)  # where Jupyter starts a notebook's kernel
    try:
        for _, source, _ in cells(path, "code"):
            starter = STARTER.fullmatch(source.strip())
            if solutions and starter:
                source = SOLUTIONS[f"{starter[1]}.{starter[2]}"]
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(source, str(path), "exec"), namespace)
            printed.append(out.getvalue())
    finally:
        os.chdir(here)
    figures = [plt.figure(n) for n in plt.get_fignums()]
    return printed, figures, fingerprint(DATASETS) == before


def check_lines(printed):
    return [line for text in printed for line in text.splitlines() if line.startswith("Exercise ")]


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.stem)
def notebook(request):
    return request.param


@pytest.fixture(scope="module")
def solved(notebook):
    return run(notebook, solutions=True)


def test_each_solution_passes_its_check(notebook, solved):
    printed, _, _ = solved
    lesson = notebook.name[:2].lstrip("0")
    ids = [k for k in SOLUTIONS if k.split(".")[0] == lesson]
    lines = check_lines(printed)
    assert len(ids) >= 3 and len(lines) == len(ids)
    assert all(line.endswith(": right!") for line in lines), lines


def test_each_starter_cell_runs_and_is_not_answered_yet(notebook):
    printed, _, _ = run(notebook, solutions=False)
    lines = check_lines(printed)
    assert lines and all("not answered yet" in line for line in lines), lines


def test_exercises_have_one_shape(notebook):
    sequence = cells(notebook)
    exercises = 0
    for i, (kind, source, _) in enumerate(sequence):
        starter = STARTER.fullmatch(source.strip()) if kind == "code" else None
        if not starter:
            continue
        exercises += 1
        label = f"**Exercise {starter[1]}.{starter[2]} ("
        prompt = [s for k, s, _ in sequence[:i] if k == "markdown" and label in s]
        assert prompt, f"no bold label {label} before the starter"
        assert CHECK.search(sequence[i + 1][1])[1] == f"{starter[1]}.{starter[2]}", "the check must follow the starter"
    assert exercises >= 3


def test_opening_method_and_key_points(notebook):
    sequence = cells(notebook)
    first_code = next(i for i, (k, _, _) in enumerate(sequence) if k == "code")
    opening = "\n".join(s for _, s, _ in sequence[:first_code])
    assert sequence[0][1].startswith("# Lesson ")
    goals = re.search(r"\*\*Learning goals\.\*\*.*?\n((?:\d+\. .*\n?)+)", opening)
    assert goals and 3 <= len(goals[1].strip().splitlines()) <= 5
    assert "**Timing (50 minutes).**" in opening
    assert re.search(r"## Method\n\n1\. .*\n2\. ", opening)
    assert sequence[-1][1].startswith("## Key points")


def test_stored_outputs_come_from_one_clean_run(notebook):
    code = [c for k, s, c in cells(notebook, "code")]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    assert not [o for c in code for o in c["outputs"] if o["output_type"] == "error"]
    assert all(len(s.splitlines()) <= 12 for _, s, _ in cells(notebook, "code")), "keep code cells short"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    assert set(nb["metadata"]) == {"kernelspec", "language_info"}


def test_running_a_notebook_leaves_datasets_unchanged(notebook):
    assert run(notebook, solutions=True)[2] and run(notebook, solutions=False)[2]


# --- Charts, read through matplotlib's objects ---------------------------------

def bars(ax):
    """{(bar label, series label): length} for a horizontal stacked bar chart."""
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    return {(ticks[round(p.get_y() + p.get_height() / 2)], c.get_label()): p.get_width()
            for c in ax.containers for p in c.patches}


def expected_counts(rows, by, series):
    return Counter((r[by], r[series]) for r in rows)


def claims_rows():
    import csv

    with open(DATASETS / "claims.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def lesson1_figures():
    path = ROOT / "notebooks" / "01-tabulating-claims.ipynb"
    _, figures, _ = run(path, solutions=False)
    return [f.axes[0] for f in figures]


def test_lesson1_claims_by_claimant_chart():
    ax = lesson1_figures()[0]
    rows = claims_rows()
    counts = expected_counts(rows, "claimant", "claim_type")
    drawn = bars(ax)
    assert {k: v for k, v in drawn.items() if v} == dict(counts)
    haaretz = sum(r["claimant"] == "Haaretz" for r in rows)
    assert ax.get_title(loc="left") == f"Haaretz itself makes {haaretz} of the article's {len(rows)} claims"
    assert ax.get_xlabel() == "Number of claims" and ax.get_ylabel() == "Who makes the claim"
    totals = Counter(r["claimant"] for r in rows)
    order = [t.get_text() for t in ax.get_yticklabels()]
    assert [totals[c] for c in order] == sorted(totals.values(), reverse=True)
    assert [t.get_text() for t in ax.texts][-len(order):] == [str(totals[c]) for c in order]


def test_lesson1_verdicts_by_attribution_chart():
    ax = lesson1_figures()[1]
    counts = expected_counts(claims_rows(), "attribution", "verdict")
    assert {k: v for k, v in bars(ax).items() if v} == dict(counts)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == data.codes("claims", "verdict")
    assert ax.get_title(loc="left") and ax.get_xlabel() == "Number of claims" and ax.get_ylabel()
    colours = {c.patches[0].get_facecolor() for c in ax.containers}
    hatches = {c.patches[0].get_hatch() for c in ax.containers}
    assert len(colours) == len(hatches) == len(ax.containers), "each series needs its own colour and hatch"


def csv_rows(name):
    import csv

    with open(DATASETS / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


LESSON2 = ROOT / "notebooks" / "02-comparing-allies.ipynb"


@functools.lru_cache(maxsize=None)
def lesson2_charts():
    """Run lesson 2 with charts.show recording each figure and its alt text (the real one closes the figure)."""
    from unittest import mock

    from helpers import charts

    import matplotlib.pyplot as plt

    shown = []

    def record(chart, *, alt):  # keep the figure and its alt text, then close it as charts.show does
        shown.append((getattr(chart, "figure", chart), alt))
        plt.close(shown[-1][0])

    with mock.patch.object(charts, "show", record):
        run.__wrapped__(LESSON2, solutions=False)
    return shown


def lesson2_expected():
    """Each country's default records in 30 days, the range over every version, and per resident,
    worked out from the CSV files alone (a daily rate counts 30 days)."""
    in30 = lambda r: int(r["records"]) * (30 if r["per"] == "day" else 1)
    choices = csv_rows("ranking_choices")
    people = {}
    for r in csv_rows("populations"):
        if r["population"]:
            people.setdefault(r["country_code"], []).append((int(r["population"]), r["preferred"] == "true"))
    out = {}
    for figure in csv_rows("country_figures"):
        mine = [c for c in choices if c["country_code"] == figure["country_code"]]
        if not mine:
            continue
        default = next(c for c in mine if c["default"] == "true")
        pops = people[figure["country_code"]]
        preferred = next(p for p, is_preferred in pops if is_preferred)
        out[figure["country"]] = {
            "default": in30(default), "low": min(map(in30, mine)), "high": max(map(in30, mine)),
            "per_resident": in30(default) / preferred,
            "resident_low": min(map(in30, mine)) / max(p for p, _ in pops),
            "resident_high": max(map(in30, mine)) / min(p for p, _ in pops),
            "kind": default["what_counted"], "approximate": default["approximate"] == "true"}
    return out


def test_lesson2_charts_show_each_default_figure_with_the_range_of_every_version():
    expected = lesson2_expected()
    figures = {r["country"]: r for r in csv_rows("country_figures")}
    shown = lesson2_charts()
    assert len(shown) == 2
    for (figure, alt), (value, low, high) in zip(shown, [("default", "low", "high"), ("per_resident", "resident_low", "resident_high")]):
        ax = figure.axes[0]
        order = [t.get_text() for t in ax.get_yticklabels()]
        assert set(order) == set(figures), "every country, by its name, not a code"
        known = [c for c in order if c in expected]
        assert known == sorted(known, key=lambda c: -expected[c][value]) and order[: len(known)] == known
        ranges = [line.get_xdata() for line in ax.lines if len(line.get_xdata()) == 2]
        for bar, country in zip(ax.patches, order):
            if country in expected:
                assert bar.get_width() == pytest.approx(expected[country][value]), country
                assert (bar.get_hatch() == "//") == expected[country]["approximate"], country
            else:
                assert bar.get_width() == 0, country
        assert [tuple(r) for r in ranges] == [pytest.approx((expected[c][low], expected[c][high])) for c in known]
        for country, text in zip(order, (t.get_text() for t in ax.texts)):
            if country not in expected:
                wanted = "no figure found in the retrieved sources" if figures[country]["status"] == "UNCONFIRMED" else "no single figure"
                assert text.startswith(wanted), country
        assert alt and all(c in alt for c in figures), "the alt text names every country"
        assert ax.get_xlabel() and ax.get_title(loc="left")


def test_lesson2_colours_mean_what_was_counted_and_every_mark_has_a_key():
    expected = lesson2_expected()
    colours = {}
    for figure, _ in lesson2_charts():
        ax = figure.axes[0]
        order = [t.get_text() for t in ax.get_yticklabels()]
        for bar, country in zip(ax.patches, order):
            if country in expected:
                colours.setdefault(expected[country]["kind"], set()).add(bar.get_facecolor())
        key = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "telephone metadata" in key and "telephone and internet metadata" in key
        assert any("hatched" in k for k in key) and any(k.startswith("line:") for k in key)
        assert not [k for k in key if "_" in k or re.search(r"\b[A-Z]{3}\b", k)], "plain words, no codes"
        assert "#F0E442" not in {c.get_facecolor() for c in ax.patches}
    assert all(len(c) == 1 for c in colours.values()), "one colour per kind of count, the same in both charts"
    assert len({next(iter(c)) for c in colours.values()}) == len(colours)


def test_lesson2_chart_titles_state_only_findings_that_survive():
    expected = lesson2_expected()
    (totals, _), (per_resident, _) = lesson2_charts()
    germany, norway = expected["Germany"], expected["Norway"]
    others = [v for c, v in expected.items() if c not in ("Germany", "Norway")]
    if " ".join(totals.axes[0].get_title(loc="left").split()) == "Of the six countries with a figure, Germany has the most records under every reported version":
        assert all(germany["low"] > v["high"] for c, v in expected.items() if c != "Germany")
    title = " ".join(per_resident.axes[0].get_title(loc="left").split())
    assert title.startswith("Per resident, Norway and Germany lead the six countries with a figure under every version")
    assert len([c for c in expected]) == 6, "the titles say six countries: count them"
    assert all(min(germany["resident_low"], norway["resident_low"]) > v["resident_high"] for v in others)
    assert "depends on Germany's figure" in title
    assert germany["resident_low"] < norway["per_resident"] < germany["resident_high"], "the order of the two really depends"


def test_lesson2_predicts_before_it_reveals_and_cuts_no_text():
    sequence = cells(LESSON2, "code")
    outputs = lambda part: "".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                                   for _, _, c in part for o in c["outputs"])
    starter = next(i for i, (_, s, _) in enumerate(sequence) if s.strip() == "answer_2_2 = ...")
    assert "per resident" not in outputs(sequence[:starter]), "exercise 2.2 asks for a prediction: reveal the ranking after it"
    printed = outputs(sequence)
    for row in csv_rows("country_figures"):
        if row["later_account"]:
            assert row["later_account"] in printed, row["country"]
    printed = printed.replace(exercises.NOT_ANSWERED, "")
    assert "..." not in printed and "…" not in printed, "print the text in full, not cut off"


def test_lesson2_notes_quote_only_numbers_the_notebook_prints():
    """The instructor notes may quote a number the notebook works out only as the notebook prints it."""
    notes = (ROOT / "instructors" / "02-comparing-allies.md").read_text(encoding="utf-8")
    printed = "".join("".join(o.get("text", "")) for _, _, c in cells(LESSON2, "code") for o in c["outputs"])
    quoted = re.findall(r"periods run from \d+ to \d+ days|about [\d.]+ million a day", notes)
    assert quoted, "the notes quote the period lengths and a daily rate"
    for phrase in quoted:
        assert phrase in printed, phrase


def run_lesson2_with(old: str, new: str) -> list[str]:
    """Run lesson 2 as a student would after editing one cell (``old`` replaced by ``new``);
    return what each code cell printed."""
    from unittest import mock

    import matplotlib

    matplotlib.use("Agg")
    from helpers import charts

    namespace, printed, edited = {"__name__": "__main__"}, [], 0
    here = os.getcwd()
    os.chdir(LESSON2.parent)
    try:
        import matplotlib.pyplot as plt

        with mock.patch.object(charts, "show", lambda chart, *, alt: plt.close(getattr(chart, "figure", chart))):
            for _, source, _ in cells(LESSON2, "code"):
                edited += old in source
                out = io.StringIO()
                with contextlib.redirect_stdout(out):
                    exec(compile(source.replace(old, new), str(LESSON2), "exec"), namespace)
                printed.append(out.getvalue())
    finally:
        os.chdir(here)
    assert edited == 1, f"the lesson should have one cell containing {old!r}"
    return printed


def test_lesson2_students_can_change_the_choices_and_the_ranking_follows():
    """Swapping in Der Spiegel's "up to 20 million" calls a day and Spain's other count by hand
    changes the places the by-hand cell prints, as the CSV files say it should."""
    expected = lesson2_expected()
    default = "my_versions = [\"DEU_month\""
    printed = run_lesson2_with(default, "my_versions = [\"DEU_day20\"")
    by_hand = next(p for p in printed if p.lstrip().startswith("in 30 days"))
    places = {line.split()[0]: line.split()[1:] for line in by_hand.splitlines()[1:]}
    germany_20 = 20_000_000 * 30 / int(next(r["population"] for r in csv_rows("populations") if r["country_code"] == "DEU" and r["preferred"] == "true"))
    first = "Germany" if germany_20 > expected["Norway"]["per_resident"] else "Norway"
    assert places[first][2] == "1"
    unchanged = run_lesson2_with(default, default)
    assert next(p for p in unchanged if p.lstrip().startswith("in 30 days")) != by_hand


def test_lesson2_every_combination_is_counted_and_one_third_claim_survives():
    choices, people = csv_rows("ranking_choices"), csv_rows("populations")
    combinations = 1
    for code in {c["country_code"] for c in choices}:
        combinations *= sum(c["country_code"] == code for c in choices) * sum(
            p["country_code"] == code and bool(p["population"]) for p in people)
    printed = run(LESSON2, solutions=False)[0]
    assert f"{combinations} combinations\n" in printed
    answer = exercises.QUESTIONS["2.4"].expected()
    assert len(answer) == 1, f"exactly one claim must survive every combination, not {answer!r}"
    lines = [p for p in printed if p.startswith("a: ")][0].splitlines()
    survivors = [line[0] for line in lines if line.endswith(f"true in {combinations} of {combinations} combinations")]
    assert survivors == [answer]


def test_lesson3_reactions_by_actor_and_timeline():
    _, figures, _ = run(ROOT / "notebooks" / "03-charting-reactions.ipynb", solutions=False)
    by_actor, timeline = (f.axes[0] for f in figures)
    scores = {r["cameo_code"]: float(r["goldstein"]) for r in csv_rows("cameo_codes") if r["goldstein"]}
    actors = {r["actor_id"]: r for r in csv_rows("actors")}
    reactions = [r for r in csv_rows("reactions") if r["cameo_code"]]
    country = lambda r: actors[r["actor_id"]]["country_code"] or "no country (EU, Metro)"
    expected = sorted((country(r), actors[r["actor_id"]]["name"], scores[r["cameo_code"]]) for r in reactions)
    drawn = []
    for collection in by_actor.collections:
        for x, y in collection.get_offsets():
            drawn.append((collection.get_label(), x))
    assert sorted(drawn) == sorted((c, s) for c, _, s in expected)
    ticks = {t.get_text() for t in by_actor.get_yticklabels()}
    assert ticks == {actors[r["actor_id"]]["name"] for r in reactions}
    markers = {c.get_label(): (tuple(c.get_facecolor()[0]), c.get_paths()[0].vertices.shape) for c in by_actor.collections}
    assert len(set(markers.values())) == len(markers), "each country needs its own colour and shape"
    french = [scores[r["cameo_code"]] for r in reactions if country(r) == "FRA"]
    american = [scores[r["cameo_code"]] for r in reactions if country(r) == "USA"]
    assert by_actor.get_title(loc="left") == (
        f"French actors averaged {sum(french) / len(french):+.1f} on the Goldstein scale, American actors {sum(american) / len(american):+.1f}")
    dated = [r for r in reactions if r["date"]]
    assert sum(len(c.get_offsets()) for c in timeline.collections) == len(dated)
    assert [c.get_label() for c in timeline.collections] == [c.get_label() for c in by_actor.collections], "same colours in both charts"
    assert timeline.get_xlabel() and timeline.get_ylabel() and timeline.get_title(loc="left")
    assert any(t.get_text() == "Haaretz article (date inferred)" for t in timeline.texts)
