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
from run_lessons import RUN_TIMEOUT

# The start-here lesson (00-start-here.ipynb) has its own shape and tests: tests/test_start_here.py.
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb") if not p.name.startswith("00-"))
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

    from helpers import charts

    plt.close("all")  # closed figures stay readable for earlier, cached runs
    namespace, printed, shown = {"__name__": "__main__"}, [], []
    before = fingerprint(DATASETS)
    here = os.getcwd()
    os.chdir(path.parent)  # where Jupyter starts a notebook's kernel

    def show(chart, *, alt):  # charts.show without a display: keep the figure and its alt text
        assert isinstance(alt, str) and alt.strip(), "every chart needs alt text"
        figure = getattr(chart, "figure", chart)
        while getattr(figure, "figure", figure) is not figure:  # a subfigure's parent, as charts.show does
            figure = figure.figure
        ALT[figure] = alt.strip()
        shown.append(figure)
        plt.close(figure)

    original, charts.show = charts.show, show
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
        charts.show = original
    figures = shown + [plt.figure(n) for n in plt.get_fignums()]  # shown ones in order; closed ones' numbers get reused
    return printed, figures, fingerprint(DATASETS) == before


def stored_printed(path):
    """What each code cell printed (its stdout), from the outputs stored in the notebook. nbval, in the
    same suite, checks every stored output against a fresh run, so these are what a run prints with the
    starter cells unanswered; reading them spares running each lesson a second time here."""
    return ["".join("".join(o["text"]) for o in c["outputs"] if o["output_type"] == "stream" and o["name"] == "stdout")
            for _, _, c in cells(path, "code")]


ALT = {}  # figure -> the alt text it was shown with (figures drawn without charts.show have none)


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
    printed = stored_printed(notebook)
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


def tasks_setup_cell() -> str:
    """The Colab/hub set-up cell every lesson opens with: made by tasks.py, not by the lesson's author."""
    return runpy.run_path(str(ROOT / "tasks.py"))["setup_cell_source"]()


def test_stored_outputs_come_from_one_clean_run(notebook):
    code = [c for k, s, c in cells(notebook, "code")]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    assert not [o for c in code for o in c["outputs"] if o["output_type"] == "error"]
    setup = tasks_setup_cell()
    assert all(len(s.splitlines()) <= 12 for _, s, _ in cells(notebook, "code") if s != setup), "keep code cells short"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    assert set(nb["metadata"]) == {"kernelspec", "language_info"}


def test_running_a_notebook_leaves_datasets_unchanged(notebook):
    assert run(notebook, solutions=True)[2]


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


LESSON1 = ROOT / "notebooks" / "01-tabulating-claims.ipynb"


def lesson1_charts():
    """(Axes, alt text) for each chart lesson 1 shows through charts.show, in order."""
    _, figures, _ = run(LESSON1, solutions=True)
    return [(figure.axes[0], ALT[figure]) for figure in figures if figure in ALT]


def plain_words(ax):
    """Every label a reader sees on the chart: title, axes, ticks and legend."""
    legend = ax.get_legend()
    words = [ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()]
    words += [t.get_text() for t in ax.get_yticklabels()]
    words += [legend.get_title().get_text()] + [t.get_text() for t in legend.get_texts()]
    return words


def test_lesson1_claims_by_claimant_chart():
    ax, alt = lesson1_charts()[0]
    rows = claims_rows()
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    drawn = Counter()
    for (claimant, _), width in bars(ax).items():
        drawn[claimant] += width
    assert drawn == Counter(r["claimant"] for r in rows)
    for claimant in ticks:  # each claimant's pieces are its counts per kind of claim
        pieces = sorted(w for (c, _), w in bars(ax).items() if c == claimant and w)
        assert pieces == sorted(Counter(r["claim_type"] for r in rows if r["claimant"] == claimant).values())
    haaretz = sum(r["claimant"] == "Haaretz" for r in rows)
    title = f"Haaretz itself makes {haaretz} of the {len(rows)} claims the kit coded ({haaretz / len(rows):.0%})"
    assert ax.get_title(loc="left") == title and alt.startswith(title)
    assert ax.get_xlabel() == "Number of claims" and ax.get_ylabel() == "Who makes the claim"
    assert [drawn[c] for c in ticks] == sorted(drawn.values(), reverse=True)
    assert [t.get_text() for t in ax.texts][-len(ticks):] == [str(int(drawn[c])) for c in ticks]
    codes = set(data.codes("claims", "claim_type")) - {"event", "quote", "background"}  # those three are plain words
    assert not [w for w in plain_words(ax) if "_" in w or w in codes]


def test_lesson1_verdicts_by_attribution_chart_plots_shares():
    ax, alt = lesson1_charts()[1]
    checked = [r for r in claims_rows() if r["verdict"] != "opinion"]
    totals = Counter(r["attribution"] for r in checked)
    counts = expected_counts(checked, "attribution", "verdict")
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert len(ticks) == len(totals) and all(re.search(r" \(n = \d+\)$", t) for t in ticks)
    for tick in ticks:  # each bar is one attribution's verdicts as shares of its checked claims, adding to 100
        n = int(re.search(r"n = (\d+)", tick)[1])
        pieces = sorted(round(w, 6) for (t, _), w in bars(ax).items() if t == tick and w)
        assert sum(pieces) == pytest.approx(100)
        shares = {a: sorted(round(100 * c / totals[a], 6) for (b, _), c in counts.items() if b == a) for a in totals}
        assert [a for a in totals if totals[a] == n and shares[a] == pieces], tick
    assert sorted(int(re.search(r"n = (\d+)", t)[1]) for t in ticks) == sorted(totals.values())
    assert ax.get_xlim() == (0, 100), "show the whole scale of a share"
    rates = {a: counts[(a, "confirmed")] / totals[a] for a in totals if totals[a] > 1}  # one claim's share is 0 or 100 %
    lowest = min(rates, key=rates.get)
    assert ax.get_title(loc="left").endswith(f"least often confirmed by the sources retrieved: {counts[(lowest, 'confirmed')]} of {totals[lowest]}")
    assert alt.startswith(ax.get_title(loc="left"))
    codes = (set(data.codes("claims", "verdict")) | set(data.codes("claims", "attribution"))) - {"confirmed", "disputed"}
    assert not [w for w in plain_words(ax) if "_" in w or w in codes]
    colours = {c.patches[0].get_facecolor() for c in ax.containers}
    hatches = {c.patches[0].get_hatch() for c in ax.containers}
    assert len(colours) == len(hatches) == len(ax.containers), "each series needs its own colour and hatch"


def stored_outputs(path):
    """(cell source, output, the text a reader sees) for each stored output, in order."""
    found = []
    for kind, source, cell in cells(path, "code"):
        for output in cell.get("outputs", []):
            text = "".join(output.get("text", "")) + "".join(output.get("data", {}).get("text/plain", ""))
            found.append((source, output, text))
    return found


def test_lesson1_every_chart_is_shown_with_alt_text():
    images = [o for _, o, _ in stored_outputs(LESSON1) if "image/png" in o.get("data", {})]
    assert len(images) == len(lesson1_charts()) >= 2
    for (_, alt), image in zip(lesson1_charts(), images):
        assert image["metadata"]["image/png"]["alt"] == alt and "".join(image["data"]["text/plain"]) == f"Chart: {alt}"
        assert any(ch.isdigit() for ch in alt), "the alt text gives the numbers in words"


def test_lesson1_text_is_not_cut_off_and_shows_no_object_reprs():
    for source, _, text in stored_outputs(LESSON1):
        if "claimreview.to_json" not in source:  # the export cuts claimReviewed to 75 characters on purpose
            shown = text.replace("replace ... with your", "")
            for row in csv_rows("source_packet"):  # the fact sheet itself shortens some excerpts with "…"
                shown = shown.replace(row["excerpt"], "")
            assert "..." not in shown and "…" not in shown, source
        assert not re.search(r"<(Figure|Axes)[ :]|dtype:", text), source


def test_lesson1_predict_exercises_come_before_their_answer():
    """A 'predict, then run' question must not sit below an output that already shows its answer."""
    from helpers import exercises

    sequence = cells(LESSON1)
    label = re.compile(r"\*\*Exercise (\d+\.\d+) \(predict")
    predicts = [(i, label.search(s)[1]) for i, (k, s, _) in enumerate(sequence) if k == "markdown" and label.search(s)]
    assert predicts
    for i, question in predicts:
        answer = str(exercises.QUESTIONS[question].expected())
        above = {s for k, s, _ in sequence[:i] if k == "code"}
        shown = "".join(text for source, _, text in stored_outputs(LESSON1) if source in above)
        assert not re.search(rf"(?<![\d.,]){re.escape(answer)}(?![\d.,%])", shown), question


def csv_rows(name):
    import csv

    with open(DATASETS / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


LESSON2 = ROOT / "notebooks" / "02-comparing-allies.ipynb"


@functools.lru_cache(maxsize=None)
def lesson2_charts():
    """(Figure, alt text) for each chart lesson 2 shows through charts.show, in order."""
    _, figures, _ = run(LESSON2, solutions=True)
    return [(figure, ALT[figure]) for figure in figures if figure in ALT]


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
    assert totals.axes[0].get_title(loc="left") == "Germany leads the six countries with a figure under every reported version"
    assert all(germany["low"] > v["high"] for c, v in expected.items() if c != "Germany")
    assert len([c for c in expected]) == 6, "the title says six countries: count them"
    title = per_resident.axes[0].get_title(loc="left")
    assert title == "Per resident, Norway and Germany lead; which is first depends on the version"
    assert all(min(germany["resident_low"], norway["resident_low"]) > v["resident_high"] for v in others)
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
    quoted = re.findall(r"periods run from \d+ to \d+ days|about [\d.]+ million a day|\d+ different tables of places", notes)
    assert quoted, "the notes quote the period lengths and a daily rate"
    for phrase in quoted:
        assert phrase in printed, phrase


def run_lesson2_with(old: str, new: str) -> str:
    """What lesson 2's cell containing ``old`` prints when a student replaces ``old`` with ``new``
    and runs it again, as a student does, after the cells up to the every-combination one have run."""
    edited = [source for _, source, _ in cells(LESSON2, "code") if old in source]
    assert len(edited) == 1, f"the lesson should have one cell containing {old!r}"
    namespace, out = dict(lesson2_until("rankings.every_ranking")), io.StringIO()  # a copy: the cell only adds names
    with contextlib.redirect_stdout(out):
        exec(compile(edited[0].replace(old, new), str(LESSON2), "exec"), namespace)
    return out.getvalue()


def test_lesson2_students_can_change_the_choices_and_the_ranking_follows():
    """Swapping in Der Spiegel's "up to 20 million" calls a day and Spain's other count by hand
    changes the places the by-hand cell prints, as the CSV files say it should."""
    expected = lesson2_expected()
    default = "my_versions = [\"DEU_month\""
    by_hand = run_lesson2_with(default, "my_versions = [\"DEU_day20\"")
    assert by_hand.lstrip().startswith("in 30 days")
    places = {line.split()[0]: line.split()[1:] for line in by_hand.splitlines()[1:]}
    germany_20 = 20_000_000 * 30 / int(next(r["population"] for r in csv_rows("populations") if r["country_code"] == "DEU" and r["preferred"] == "true"))
    first = "Germany" if germany_20 > expected["Norway"]["per_resident"] else "Norway"
    assert places[first][2] == "1"
    assert run_lesson2_with(default, default) != by_hand


def test_lesson2_every_combination_is_counted_and_one_third_claim_survives():
    choices, people = csv_rows("ranking_choices"), csv_rows("populations")
    combinations = 1
    for code in {c["country_code"] for c in choices}:
        combinations *= sum(c["country_code"] == code for c in choices) * sum(
            p["country_code"] == code and bool(p["population"]) for p in people)
    printed = stored_printed(LESSON2)
    assert any(p.startswith(f"{combinations} combinations\n") for p in printed)
    answer = exercises.QUESTIONS["2.6"].expected()
    assert len(answer) == 1, f"exactly one claim must survive every combination, not {answer!r}"
    lines = [p for p in printed if p.startswith("a: ")][0].splitlines()
    survivors = [line[0] for line in lines if line.endswith(f"true in {combinations} of {combinations} combinations")]
    assert survivors == [answer]


@functools.lru_cache(maxsize=None)
def lesson2_until(marker: str) -> dict:
    """Lesson 2's namespace after running its code cells up to the first one containing ``marker``."""
    import matplotlib

    matplotlib.use("Agg")
    namespace, here = {"__name__": "__main__"}, os.getcwd()
    os.chdir(LESSON2.parent)
    try:
        for _, source, _ in cells(LESSON2, "code"):
            if marker in source:
                return namespace
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(source, str(LESSON2), "exec"), namespace)
    finally:
        os.chdir(here)
    raise AssertionError(f"no cell of lesson 2 contains {marker!r}")


def test_lesson2_every_ranking_gives_each_combination_the_places_ranks_gives():
    """rankings.every_ranking stands in for calling the lesson's `ranks` once per combination: the places
    it gives, counted over every combination, are those the exercises' own check works out from the
    loaded CSV files in plain Python; and on a sample of combinations they are exactly what `ranks` prints."""
    import itertools

    import pandas as pd

    from helpers import rankings

    ns = lesson2_until("rankings.every_ranking")
    choices, populations, names, yardsticks = ns["choices"], ns["populations"], ns["names"], ns["yardsticks"]
    versions = [list(group["choice_id"]) for _, group in choices.groupby("country_code", sort=True)]
    counts = {code: list(group["population"]) for code, group in populations.dropna(subset=["population"]).groupby("country_code")}
    every = rankings.every_ranking(choices, versions, counts, names, yardsticks)
    as_key = lambda places: tuple((country, label, None if pd.isna(v) else int(v)) for country, row in places.iterrows() for label, v in row.items())
    got = Counter()
    for places, how_many in every:
        got[as_key(places)] += how_many
    assert len(got) == len(every), "each table of places is listed once"
    expected = [tuple((names[c], label, exercises._place(y[label], c)) for c in y["in 30 days"] for label in yardsticks)
                for y in exercises._yardsticks_in_every_combination()]
    assert got == Counter(expected)
    assert [as_key(places) for places, _ in every] == list(dict.fromkeys(expected)), "in the order the combinations first give them"
    combinations = list(itertools.product(itertools.product(*versions), itertools.product(*counts.values())))
    assert len(expected) == len(combinations)
    tables = {as_key(places): places for places, _ in every}
    for picked, chosen in combinations[::97] + combinations[-1:]:
        by_ranks = ns["ranks"](list(picked), pd.Series(chosen, index=list(counts)))
        pd.testing.assert_frame_equal(tables[as_key(by_ranks)], by_ranks)


def test_every_ranking_ranks_as_pandas_does_with_ties_and_gaps():
    """Equal values share the higher place, a missing value or population has no place, a population for a
    country with no versions adds no combination, and lists that mix countries, repeat one or name an
    unknown choice are refused."""
    import pandas as pd

    from helpers import rankings

    choices = pd.DataFrame({"choice_id": ["A1", "A2", "B1", "C1", "C2"], "country_code": ["A", "A", "B", "C", "C"],
                            "in_30_days": [10, 20, 20, 5, 30], "per_day": [1.0, None, 2.0, 2.0, 1.0]})
    names, yardsticks = {"A": "Aland", "B": "Bland", "C": "Cland"}, {"in 30 days": "in_30_days", "per day": "per_day", "per resident": "per_resident"}
    counts = {"A": [2, 4], "B": [10], "Z": [1, 3]}  # C has no population; Z has no version (and adds no combination)
    every = rankings.every_ranking(choices, [["A1", "A2"], ["B1"], ["C1", "C2"]], counts, names, yardsticks)
    assert sum(n for _, n in every) == 2 * 1 * 2 * 2
    seen = Counter()
    for a in ("A1", "A2"):
        for c in ("C1", "C2"):
            for people in (2, 4):
                table = choices.set_index("choice_id").loc[[a, "B1", c]].set_index("country_code")
                table["per_resident"] = table["in_30_days"] / pd.Series({"A": people, "B": 10}).reindex(table.index)
                places = pd.DataFrame({label: table[col].rank(ascending=False, method="min") for label, col in yardsticks.items()})
                seen[places.astype("Int64").rename(index=names).rename_axis(None).to_csv()] += 1
    assert Counter({places.to_csv(): n for places, n in every}) == seen
    assert any(places.loc["Aland", "in 30 days"] == places.loc["Bland", "in 30 days"] for places, _ in every), "a tie was tried"
    assert all(pd.isna(places.loc["Cland", "per resident"]) for places, _ in every)
    for versions in ([["A1", "B1"], ["C1"]], [["A1"], ["A2"], ["B1"]]):
        with pytest.raises(ValueError, match="one list per country"):
            rankings.every_ranking(choices, versions, counts, names, yardsticks)
    with pytest.raises(ValueError, match=r"unknown: \['X9'\]"):
        rankings.every_ranking(choices, [["A1", "X9"]], counts, names, yardsticks)


def test_lesson2_france_place_by_count_in_prose_is_the_one_printed_and_counted():
    """The sentence after exercise 2.4 quotes how often France is second and third by count; those numbers
    are the ones the notebook prints, and the same counts follow from the CSV files alone."""
    import itertools

    choices, people = csv_rows("ranking_choices"), csv_rows("populations")
    in30 = lambda r: int(r["records"]) * (30 if r["per"] == "day" else 1)
    codes = sorted({c["country_code"] for c in choices})
    weight = 1  # population counts do not change a count in 30 days; each multiplies the combinations
    for code in codes:
        weight *= sum(p["country_code"] == code and bool(p["population"]) for p in people)
    places = Counter()
    for picked in itertools.product(*[[c for c in choices if c["country_code"] == code] for code in codes]):
        value = {c["country_code"]: in30(c) for c in picked}
        place = 1 + sum(v > value["FRA"] for v in value.values())
        behind_spain = place == 3 and value["ESP"] > value["FRA"]
        places[place, behind_spain] += weight
    total = sum(places.values())
    second, third = places[2, False], places[3, True]
    assert second + third == total, "France is second, or third behind Spain, in every combination"
    prose = " ".join(s for _, s, _ in cells(LESSON2, "markdown"))
    assert f'France is second in {second} of {total} combinations and third, behind Spain within the "about", in {third}' in prose
    printed = "".join(stored_printed(LESSON2))
    assert f"France in 30 days: second in {second} of {total} combinations, third in {third} (with Spain second in {third} of them)" in printed
    assert "neither confirms nor contradicts" in prose and "'third' is not what these figures show" not in prose


def test_lesson2_shows_the_sheets_hedge_beside_an_unhedged_figure():
    """Where the sheet's summary alone hedges a figure (its note says what the sheet writes), students see
    that wording wherever they see the figure: the list and both charts (unhatched)."""
    printed = "".join(stored_printed(LESSON2))
    found = 0
    for row in csv_rows("country_figures"):
        words = re.findall(r'The fact sheet writes "([^"]+)"', row["note"])
        if not words:
            continue
        found += 1
        assert row["approximate"] == "false", row["country"]
        assert f"{row['country']}: {int(row['records']):,} (the fact sheet writes {words[0]})" in printed
        for figure, alt in lesson2_charts():
            ax = figure.axes[0]
            order = [t.get_text() for t in ax.get_yticklabels()]
            i = order.index(row["country"])
            assert ax.texts[i].get_text().endswith(f"the fact sheet writes {words[0]})"), row["country"]
            assert ax.patches[i].get_hatch() in (None, ""), row["country"]
            assert f"the fact sheet writes {words[0]}" in alt
    assert found, "the Netherlands' row carries the sheet's hedge in its note"


def test_lesson2_rounded_german_range_is_the_charts_range():
    """The false-precision cell rounds Germany's per-resident range over the same versions and population
    counts as the chart's range line."""
    germany = lesson2_expected()["Germany"]
    printed = "".join(stored_printed(LESSON2))
    assert f"Germany about {germany['resident_low']:.2g} to {germany['resident_high']:.2g} (every version of its figure" in printed


LESSON3 = ROOT / "notebooks" / "03-charting-reactions.ipynb"


def lesson3_means():
    """{(coding, score table): (French mean, American mean)} worked out from the CSV files."""
    actors = {r["actor_id"]: r["country_code"] for r in csv_rows("actors")}
    codes = {r["cameo_code"]: r for r in csv_rows("cameo_codes")}
    reactions = csv_rows("reactions")
    alternative = {r["reaction_id"]: r["cameo_code"] for r in csv_rows("reactions_alt_coding")}
    means = {}
    for coding in ("reference", "alternative"):
        for column in ("goldstein", "icews_goldstein"):
            by = {"FRA": [], "USA": []}
            for r in reactions:
                code = r["cameo_code"] if coding == "reference" else alternative[r["reaction_id"]]
                if code and actors[r["actor_id"]] in by:
                    by[actors[r["actor_id"]]].append(float(codes[code][column]))
            means[coding, column] = tuple(sum(v) / len(v) for v in by.values())
    return means


def positions(ax):
    return [(float(x), float(y)) for c in ax.collections for x, y in c.get_offsets()]


def test_lesson3_shows_every_reaction_by_actor_on_the_full_scale():
    _, figures, _ = run(LESSON3, solutions=True)
    ax = figures[0].axes[0]
    scores = {r["cameo_code"]: float(r["goldstein"]) for r in csv_rows("cameo_codes") if r["goldstein"]}
    actors = {r["actor_id"]: r for r in csv_rows("actors")}
    reactions = [r for r in csv_rows("reactions") if r["cameo_code"]]
    rows = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]  # long names are wrapped over lines
    drawn = sorted((c.get_label(), rows[round(y)], x) for c in ax.collections for x, y in c.get_offsets())
    plain = {"FRA": "France", "USA": "United States", "DEU": "Germany", "ESP": "Spain", "": "EU leaders (no country)"}
    assert drawn == sorted((plain[actors[r["actor_id"]]["country_code"]], actors[r["actor_id"]]["name"], scores[r["cameo_code"]])
                           for r in reactions)
    assert len(set(positions(ax))) == len(reactions), "a marker hides another"
    assert ax.get_xlim() == (-10, 10), "show the whole Goldstein scale"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [c.get_label() for c in ax.collections]
    markers = {c.get_label(): (tuple(c.get_facecolor()[0]), c.get_paths()[0].vertices.shape) for c in ax.collections}
    assert len(set(markers.values())) == len(markers), "each country needs its own colour and shape"
    title = ax.get_title(loc="left")
    assert title == "Goldstein score of each reaction, by actor (reference coding, GDELT)"
    assert "average" not in title.lower(), "a title that speaks of averages must draw them, with their intervals"
    alt = ALT[figures[0]]
    assert f"each of the {len(reactions)} scored reactions" in alt and "-10 to +10" in alt


def test_lesson3_timeline_shows_every_dated_reaction():
    _, figures, _ = run(LESSON3, solutions=True)
    by_actor, timeline = (f.axes[0] for f in figures[:2])
    dated = [r for r in csv_rows("reactions") if r["cameo_code"] and r["date"]]
    assert len(positions(timeline)) == len(set(positions(timeline))) == len(dated)
    assert [c.get_label() for c in timeline.collections] == [c.get_label() for c in by_actor.collections], "same colours in both charts"
    assert timeline.get_ylim() == (-10, 10)
    assert "Haaretz article (date inferred)" in [t.get_text() for t in timeline.get_legend().get_texts()]
    assert timeline.get_xlabel() and timeline.get_ylabel() and timeline.get_title(loc="left")
    assert f"the {len(dated)} dated and scored reactions" in ALT[figures[1]]


def lateral_reading(verdicts: str) -> str:
    """What lesson 1's comparison cell prints when the verdicts cell holds ``verdicts``."""
    import matplotlib

    matplotlib.use("Agg")
    from helpers import charts

    namespace, out, original = {"__name__": "__main__"}, io.StringIO(), charts.show
    charts.show = lambda chart, *, alt: None
    here = os.getcwd()
    os.chdir(LESSON1.parent)
    try:
        for _, source, _ in cells(LESSON1, "code"):
            source = verdicts if source.startswith("my_verdicts = {") else source
            with contextlib.redirect_stdout(out if "for claim_id, (verdict, packet_id) in my_verdicts" in source else io.StringIO()):
                exec(compile(source, str(LESSON1), "exec"), namespace)
    finally:
        os.chdir(here)
        charts.show = original
    return out.getvalue()


def test_lesson1_lateral_reading_compares_with_the_kit_and_explains_each_difference():
    claims = {r["claim_id"]: r for r in claims_rows()}
    packet = csv_rows("source_packet")
    judged = list(dict.fromkeys(r["claim_id"] for r in packet))
    closest = {c: next(r["packet_id"] for r in packet if r["claim_id"] == c) for c in judged}
    agree = lateral_reading("my_verdicts = " + repr({c: (claims[c]["verdict"], closest[c]) for c in judged}))
    assert agree.count("the kit's reading is the same") == len(judged) and "Why:" not in agree
    others = {c: next(v for v in ("confirmed", "partly", "disputed", "not_found") if v != claims[c]["verdict"]) for c in judged}
    differ = lateral_reading("my_verdicts = " + repr({c: (others[c], closest[judged[0]]) for c in judged}))
    for c in judged:
        assert f"{c}: you said {others[c]}; the kit's reading is {claims[c]['verdict']}. Why: {claims[c]['note']}" in differ
    assert differ.count(f"(it was listed for {judged[0]})") == len(judged) - 1


def sections(path):
    """[(heading, [(kind, source, cell), ...])] for each '## ' section of a notebook."""
    found = []
    for kind, source, cell in cells(path):
        if kind == "markdown" and source.startswith("## "):
            found.append((source.splitlines()[0], []))
        if found:
            found[-1][1].append((kind, source, cell))
    return found


def test_lesson1_headings_carry_no_typed_counts():
    """A count in a heading cannot be computed, so a finding with a count belongs in a computed title."""
    headings = [h for h, _ in sections(LESSON1)]
    assert len(headings) >= 8
    article = data.article()
    typed = [n for h in headings for n in re.findall(r"\d[\d.,]*", re.sub(r"^## \d+\. ", "", h)) if n not in article]
    assert typed == []  # a figure the article itself states ("70.3 million") names the figure, not a count


def test_lesson1_caveat_comes_before_the_first_number_of_a_section_with_a_chart():
    with_charts = [(h, body) for h, body in sections(LESSON1) if any("charts.show" in s for k, s, _ in body if k == "code")]
    assert len(with_charts) == len(lesson1_charts())
    for heading, body in with_charts:
        first_code = next(i for i, (k, _, _) in enumerate(body) if k == "code")
        assert any("*Before you" in s for k, s, _ in body[:first_code] if k == "markdown"), heading


def test_lesson1_claimreview_dates_the_sheet_does_not_confirm_are_named_before_the_record():
    """The export prints each source's date as a plain datePublished: any that the fact sheet
    does not confirm must be pointed out before the record is shown."""
    outputs = stored_outputs(LESSON1)
    export = next(i for i, (source, _, _) in enumerate(outputs) if "claimreview.to_json" in source)
    record = outputs[export][2]
    before = [text for _, _, text in outputs[:export]] + [s for k, s, _ in cells(LESSON1, "markdown")]
    flagged = 0
    for source in csv_rows("sources"):
        if source["date"] and source["date_status"] != "CONFIRMED" and source["url"] in record:
            flagged += 1
            assert any(source["date"] in text and source["date_status"] in text for text in before), source["source_id"]
    assert flagged >= 1  # the Haaretz date is an inference


def test_lesson3_shows_the_american_mean_under_every_version_before_concluding():
    printed = stored_printed(LESSON3)
    text = "".join(printed)
    for mean_fr, mean_us in lesson3_means().values():
        assert f"{mean_fr:+.2f}" in text and f"{mean_us:+.2f}" in text
    signs = {mean_us > 0 for _, mean_us in lesson3_means().values()}
    assert signs == {True, False}, "the lesson says the American sign depends on the version; update it"


def lesson3_scores(drop=frozenset(), recode=None):
    """{(coding, score table): ({American reaction: score}, {French reaction: score})} from the CSV files,
    leaving out the reactions in ``drop`` and giving those in ``recode`` another code."""
    actors = {r["actor_id"]: r["country_code"] for r in csv_rows("actors")}
    codes = {r["cameo_code"]: r for r in csv_rows("cameo_codes")}
    alternative = {r["reaction_id"]: r["cameo_code"] for r in csv_rows("reactions_alt_coding")}
    scores = {}
    for coding in ("reference", "alternative"):
        for scale, column in (("GDELT", "goldstein"), ("ICEWS", "icews_goldstein")):
            by = {"USA": {}, "FRA": {}}
            for r in csv_rows("reactions"):
                code = r["cameo_code"] if coding == "reference" else alternative[r["reaction_id"]]
                code = (recode or {}).get(r["reaction_id"], code)
                if code and r["reaction_id"] not in drop and actors[r["actor_id"]] in by:
                    by[actors[r["actor_id"]]][r["reaction_id"]] = float(codes[code][column])
            scores[coding, scale] = (by["USA"], by["FRA"])
    return scores


def test_lesson3_shows_the_gap_with_its_interval_and_the_rows_it_rests_on():
    """Every version's gap is printed with its bootstrap interval, and every single reaction that reverses it is named."""
    from helpers import agreement

    printed = stored_printed(LESSON3)
    text = "".join(printed)
    reversing = []
    for (coding, scale), (us, fr) in lesson3_scores().items():
        low, high = agreement.gap_interval(us, fr)
        assert f"{coding:>11} coding, {scale} scores: gap {agreement.gap(us, fr):+.2f}, 95% interval {low:+.2f} to {high:+.2f}" in text
        reversing += [f"{r} ({coding}, {scale})" for r, g in agreement.drop_one(us, fr).items() if g <= 0]
    assert f"Reactions whose removal alone reverses the gap: {', '.join(reversing)}" in text
    assert "French reactions whose score they change: none" in text  # the text says the French side never moves


def outputs_text(cell):
    parts = []
    for o in cell.get("outputs", []):
        parts.append("".join(o.get("text", "")))
        parts.append("".join(o.get("data", {}).get("text/plain", "")))
    return "".join(parts)


def test_lesson3_no_answer_shows_above_its_exercise():
    from helpers import exercises

    sequence = cells(LESSON3, "code")
    for i, (_, source, _) in enumerate(sequence):
        starter = STARTER.fullmatch(source.strip())
        if not starter:
            continue
        above = "".join(outputs_text(c) for _, _, c in sequence[:i])
        expected = exercises.QUESTIONS[f"{starter[1]}.{starter[2]}"].expected()
        if isinstance(expected, float):
            for shown in (f"{expected:.2f}", f"{expected:.3f}", f"{expected:+.2f}"):
                assert shown not in above, (starter[0], shown)
        elif isinstance(expected, dict):
            for reaction_id, code in expected.items():
                assert not re.search(rf"{reaction_id}\b.*\b{code}\b", above), (starter[0], reaction_id)
    from helpers import agreement

    predict = next(i for i, (_, source, _) in enumerate(sequence) if source.strip() == "answer_3_7 = ...")
    kappa = agreement.cohen_kappa(*exercises.UNEVEN)
    assert f"kappa = {kappa:+.2f}" not in "".join(outputs_text(c) for _, _, c in sequence[:predict])
    assert f"kappa = {kappa:+.2f}" in "".join(outputs_text(c) for _, _, c in sequence[predict:])


def test_lesson3_instructor_notes_quote_only_numbers_the_notebook_prints():
    notes = (ROOT / "instructors" / "03-charting-reactions.md").read_text(encoding="utf-8")
    prose = "\n".join(line for line in notes.splitlines() if not re.match(r"\| \d+\.\d+ \|", line))  # the answer key has its own test
    printed = "".join(outputs_text(c) for _, _, c in cells(LESSON3, "code"))
    for number in re.findall(r"[-+]?\d+\.\d{2,}", prose):
        assert number in printed, f"the notes say {number}, which the notebook does not print"


def test_lesson3_every_stored_chart_carries_alt_text():
    images = [o for _, _, c in cells(LESSON3, "code") for o in c["outputs"] if "image/png" in o.get("data", {})]
    assert len(images) == 3
    for output in images:
        alt = output["metadata"]["image/png"]["alt"]
        assert alt.strip() and "".join(output["data"]["text/plain"]) == f"Chart: {alt}"


def run_lesson3_in(folder):
    """Run lesson 3's code cells with ``folder`` as the working directory (where my-sheets/ would be)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers import charts

    namespace, out, here = {"__name__": "__main__"}, io.StringIO(), os.getcwd()
    original, charts.show = charts.show, lambda chart, *, alt: plt.close("all")
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out):
            for _, source, _ in cells(LESSON3, "code"):
                exec(compile(source, str(LESSON3), "exec"), namespace)
    finally:
        os.chdir(here)
        charts.show = original
        plt.close("all")
    return out.getvalue()


def write_sheet(path, codes):
    import csv

    from helpers import agreement

    agreement.blank_sheet(path)
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(dict(r, cameo_code=codes.get(r["reaction_id"], "")) for r in rows)


def test_lesson3_pair_coding_reads_two_filled_sheets(tmp_path):
    from helpers import agreement

    reference = dict(data.load("reactions").set_index("reaction_id").loc[agreement.sheet_ids(), "cameo_code"].items())
    write_sheet(tmp_path / "my-sheets" / "coder_a.csv", reference)
    write_sheet(tmp_path / "my-sheets" / "coder_b.csv", dict(reference, R01="114", R13="100"))
    write_sheet(tmp_path / "my-sheets" / "coder_a_round2.csv", reference)
    write_sheet(tmp_path / "my-sheets" / "coder_b_round2.csv", dict(reference, R13="100"))
    printed = run_lesson3_in(tmp_path)
    assert "Comparing your two sheets, on 12 reactions." in printed and "Same code for 10 of 12 reactions." in printed
    assert "2 disagreements:" in printed and "R01  French Foreign Ministry" in printed and "R13  French Communist Party" in printed
    assert "round 1: same code for 10 of 12" in printed and "round 2: same code for 11 of 12" in printed


def test_lesson3_pair_coding_stops_on_a_broken_sheet(tmp_path):
    from helpers import agreement

    reference = dict(data.load("reactions").set_index("reaction_id").loc[agreement.sheet_ids(), "cameo_code"].items())
    write_sheet(tmp_path / "my-sheets" / "coder_a.csv", reference)
    write_sheet(tmp_path / "my-sheets" / "coder_b.csv", dict(reference, R04="41"))
    with pytest.raises(data.DataError, match=r"coder_b\.csv:4:cameo_code: '41' .* leading zero of '041'"):
        run_lesson3_in(tmp_path)


LESSON3_DOUBTS = [  # the lesson's own doubts, as section 3 lists them; the first choice of each is "as coded"
    [("", [], {}), ("without R13", ["R13"], {})],
    [("", [], {}), ("without R14", ["R14"], {})],
    [("", [], {}), ("without R10", ["R10"], {}), ("without R11", ["R11"], {})],
    [("", [], {}), ("without R17 and R19", ["R17", "R19"], {})],
    [("", [], {}), ("R09 coded 010", [], {"R09": "010"})],
    [("", [], {}), ("R07 coded 010", [], {"R07": "010"})],
]


@functools.lru_cache(maxsize=None)
def lesson3_doubts_together():
    """{version: [(doubts, gap, low, high), ...]} for every combination of the doubts, worked out from the CSV files."""
    import itertools

    from helpers import agreement

    result = {}
    for choice in itertools.product(*LESSON3_DOUBTS):
        drop = {r for _, left_out, _ in choice for r in left_out}
        recode = {r: c for _, _, recoded in choice for r, c in recoded.items()}
        for (coding, scale), (american, french) in lesson3_scores(drop, recode).items():
            low, high = agreement.gap_interval(american, french)
            result.setdefault(f"{coding} coding, {scale} scores", []).append(
                ([label for label, _, _ in choice if label], round(agreement.gap(american, french), 2), round(low, 2), round(high, 2)))
    return result


def lesson3_printed():
    return "".join(outputs_text(c) for _, _, c in cells(LESSON3, "code"))


def test_lesson3_counts_every_combination_of_doubts_and_says_only_what_survives():
    printed = lesson3_printed()
    together = lesson3_doubts_together()
    prose = "".join(s for _, s, _ in cells(LESSON3, "markdown"))
    notes = (ROOT / "instructors" / "03-charting-reactions.md").read_text(encoding="utf-8")
    survive_all = []
    for version, rows in together.items():
        kept, clear = sum(g > 0 for _, g, _, _ in rows), sum(low > 0 for _, _, low, _ in rows)
        assert f"{version:>32}: gap above zero in {kept} of {len(rows)}; interval above zero in {clear} of {len(rows)}" in printed
        if kept == len(rows):
            survive_all.append(version)
    # the prose names exactly the versions where the gap survives every combination
    assert survive_all == ["reference coding, GDELT scores", "reference coding, ICEWS scores", "alternative coding, GDELT scores"]
    assert "With the reference coding, and with the alternative coding and GDELT's scores, the gap stays above zero in every combination" in prose
    assert f"stays above zero in all {len(rows)} combinations" in notes
    # the fewest doubts that erase or reverse it: two, all in one version, each printed
    failing = [(version, d, g) for version, rows in together.items() for d, g, _, _ in rows if g <= 0]
    fewest = min(len(d) for _, d, _ in failing)
    assert fewest == 2 and {v for v, _, _ in failing} == {"alternative coding, ICEWS scores"}
    assert "two of the lesson's own doubts together erase or reverse it" in prose
    kept = sum(g > 0 for _, g, _, _ in together["alternative coding, ICEWS scores"])
    assert f"stays above zero in only {kept} of the {len(rows)}: two of the lesson's own doubts" in notes
    for version, d, g in failing:
        if len(d) == fewest:
            assert f"  {version}, {'; '.join(d)}: gap {g:+.2f}\n" in printed
    pairs = {(tuple(d), "reverses" if g < 0 else "erases") for _, d, g in failing if len(d) == fewest}
    assert pairs == {(("without R10", "R09 coded 010"), "reverses"), (("without R13", "R09 coded 010"), "reverses"),
                     (("without R13", "without R10"), "erases")}, "the text names these pairs"
    assert "leaving out R13 or R10 and coding R09 as a plain statement reverses it, and leaving out both R13 and R10 erases it" in prose
    # with GDELT's scores the interval clears zero as coded, not in every combination
    for version in ("reference coding, GDELT scores", "alternative coding, GDELT scores"):
        rows = together[version]
        assert rows[0][0] == [] and rows[0][2] > 0
        low_end = [r for r in rows if r[2] <= 0]
        size = min(len(d) for d, _, _, _ in low_end)
        smallest = [r for r in low_end if len(r[0]) == size]
        assert f"  {version}: {size} doubts together, in {len(smallest)} combinations:" in printed
        for d, g, low, high in smallest:
            assert f"    {'; '.join(d)}: gap {g:+.2f}, interval {low:+.2f} to {high:+.2f}\n" in printed
        if version.startswith("alternative"):
            assert (["without R13", "without R14"], 1.66, -0.09, 3.56) in smallest, "the text and notes quote it"
            assert f"{len(smallest)} pairs of doubts bring the interval down to zero" in notes and size == 2
        else:
            assert f"it takes {size} doubts together" in notes and f"it takes {size} doubts together" in prose
    assert "dropping R13 and R14 under the alternative coding brings the interval down to zero" in prose


def test_lesson3_scenario_table_says_how_many_rows_each_scenario_rests_on():
    actors = {r["actor_id"]: r["country_code"] for r in csv_rows("actors")}
    printed = lesson3_printed()
    notes = (ROOT / "instructors" / "03-charting-reactions.md").read_text(encoding="utf-8")
    rests_on = {}
    for start, drop in (("as coded", set()), ("without R13 and R14", {"R13", "R14"}), ("without R17 and R19", {"R17", "R19"})):
        counted = Counter(actors[r["actor_id"]] for r in csv_rows("reactions") if r["cameo_code"] and r["reaction_id"] not in drop)
        line = next(line for line in printed.splitlines() if line.startswith(start))
        assert line.split()[-2:] == [str(counted["FRA"]), str(counted["USA"])], line
        rests_on[start] = counted["FRA"], counted["USA"]
    (fr1, us1), (fr2, us2) = rests_on["without R13 and R14"], rests_on["without R17 and R19"]
    assert f"without R13 and R14, {fr1} French against {us1} American; without R17 and R19, {fr2} against {us2}" in notes
    assert f"the full {rests_on['as coded'][0]} French and {rests_on['as coded'][1]} American" in notes


def test_lesson3_says_which_fact_sheet_sections_the_reactions_come_from():
    """Each reaction's source URL is found in facts.md's sections; the texts name the sections the reactions need."""
    text = (DATASETS / "facts.md").read_text(encoding="utf-8")
    parts = re.split(r"\n(?=## \d+\. )", text)
    sections = {int(re.match(r"## (\d+)\.", p)[1]): p for p in parts if re.match(r"## \d+\.", p)}
    urls = {r["source_id"]: r["url"] for r in csv_rows("sources")}
    needed = set()
    for r in csv_rows("reactions"):
        found = {n for n, body in sections.items() if r["source_id"] and urls[r["source_id"]] in body}
        if r["in_article"] == "true":
            found.add(1)  # section 1 is the article itself
        assert found, r["reaction_id"]
        if len(found) == 1:
            needed |= found
    for r in csv_rows("reactions"):  # the needed sections cover every reaction
        found = {n for n, body in sections.items() if r["source_id"] and urls[r["source_id"]] in body} | ({1} if r["in_article"] == "true" else set())
        assert found & needed, r["reaction_id"]
    *rest, last = sorted(needed)
    phrase = f"sections {', '.join(map(str, rest))} and {last}"
    assert phrase == "sections 1, 3 and 4"
    assert f"from {phrase} of the fact sheet" in "".join(s for _, s, _ in cells(LESSON3, "markdown"))
    assert f"and {phrase} of `facts.md`" in (DATASETS / "README.md").read_text(encoding="utf-8")
    assert f"rest on {phrase} of `datasets/facts.md`" in (ROOT / "instructors" / "03-charting-reactions.md").read_text(encoding="utf-8")


def test_every_stored_chart_carries_its_text_alternative(notebook):
    """Every image a lesson stores has alt text in its metadata and the same words as its plain-text form,
    so a screen reader, an HTML export and a reader without images all get the chart in words."""
    for _, _, cell in cells(notebook, "code"):
        for output in cell["outputs"]:
            if "image/png" in output.get("data", {}):
                alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
                assert alt.strip(), (notebook.name, cell["execution_count"])
                assert "".join(output["data"]["text/plain"]) == f"Chart: {alt}", (notebook.name, cell["execution_count"])


# --- Lesson 2 (issue 15, branch lesson2): a core that fits the period, checks that answer each mistake ---
# Lesson-specific tests, kept apart from the generic timing/extension tests so that merges stay easy.

WORDS = re.compile(r"[\w'’-]+")
# is_extension(cell) is defined once, with the tests for every lesson below.


def test_lesson2_core_fits_its_period_and_extensions_are_tagged_under_their_headings():
    sequence = cells(LESSON2)
    first = sequence[0][1]
    minutes = int(re.search(r"\*\*Timing \((\d+) minutes\)\.\*\*", first)[1])
    assert minutes <= 50 and re.search(r"Extensions: \d+ minutes more, optional", first)
    inside = False
    for kind, source, cell in sequence:
        if kind == "markdown" and source.startswith("## "):
            inside = source.startswith("## Extension:")
        assert is_extension(cell) == inside, source[:80]
    assert sum(is_extension(c) for _, _, c in sequence) > 0
    core = [(k, s, c) for k, s, c in sequence if not is_extension(c)]
    words = sum(len(WORDS.findall(s)) for k, s, _ in core if k == "markdown")
    for _, _, c in core:
        for o in c.get("outputs", []):
            if o["output_type"] == "stream":
                words += len(WORDS.findall("".join(o["text"])))
            elif "image/png" not in o.get("data", {}):
                words += len(WORDS.findall("".join(o.get("data", {}).get("text/plain", ""))))
    checks = sum(len(CHECK.findall(s)) for k, s, _ in core if k == "code")
    assert words / 150 + 3 * checks <= 0.85 * minutes, (words, checks)


def test_lesson2_core_runs_top_to_bottom_without_its_extensions():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers import charts

    namespace, here, original = {"__name__": "__main__"}, os.getcwd(), charts.show
    charts.show = lambda chart, *, alt: plt.close("all")
    os.chdir(LESSON2.parent)
    try:
        with contextlib.redirect_stdout(io.StringIO()) as out:
            for _, source, cell in cells(LESSON2, "code"):
                if not is_extension(cell):
                    exec(compile(source, str(LESSON2), "exec"), namespace)
    finally:
        os.chdir(here)
        charts.show = original
    assert out.getvalue().count("not answered yet") == 5


def test_lesson2_opening_says_what_code_students_write_and_links_the_glossary():
    first = cells(LESSON2)[0][1]
    assert "**What code you write.**" in first and "[glossary](glossary.md)" in first
    packet_words = "dépassent"  # Le Monde's sentence, the lesson's one non-English excerpt
    for _, source, _ in cells(LESSON2, "markdown"):
        if packet_words in source:
            assert "the kit's translation" in source


def checked(question, answer) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exercises.check(question, answer)
    return out.getvalue().strip()


def test_lesson2_per_day_accepts_each_defensible_rounding_and_answers_each_mistake():
    rows = {r["country_code"]: r for r in csv_rows("country_figures")}
    import datetime

    def per_day(code, less=0):
        r = rows[code]
        days = (datetime.date.fromisoformat(r["period_end"]) - datetime.date.fromisoformat(r["period_start"])).days + 1 - less
        return int(r["records"]) / days

    france = per_day("FRA")
    assert checked("2.1", france) == "Exercise 2.1: right!"
    for digits in (2, 3, 4):
        assert checked("2.1", float(f"{france:.{digits}g}")).startswith("Exercise 2.1: right! Rounded is fine"), digits
    assert checked("2.1", round(france)).startswith("Exercise 2.1: right!")
    assert "whole count" in checked("2.1", int(rows["FRA"]["records"]))
    assert "left out one day" in checked("2.1", per_day("FRA", less=1))
    assert "Spain's rate" in checked("2.1", per_day("ESP"))
    assert "Rounded too far" in checked("2.1", float(f"{france:.1g}"))
    assert "a list of several values" in checked("2.1", [france, france])
    assert "The answer is a number" in checked("2.1", f"{france / 1e6:.1f} million")
    assert checked("2.1", 1.0).endswith("Hint: " + exercises.QUESTIONS["2.1"].hint)


def test_lesson2_each_multiple_choice_answer_gets_its_own_reply():
    for question in ("2.3", "2.4", "2.5", "2.6"):
        q = exercises.QUESTIONS[question]
        right = q.expected()
        letters = "abcd" if question == "2.6" else "abc"
        replies = dict(q.replies)
        assert set(replies) == set(letters) - {right}, question
        for letter in letters:
            said = checked(question, letter)
            assert said == f"Exercise {question}: right!" if letter == right else said == f"Exercise {question}: not yet. {replies[letter]}"
        assert "put it in quotes" in checked(question, 2)
    assert "three-letter code" in checked("2.2", "Norway")
    assert "most records in total" in checked("2.2", max(csv_rows("country_figures"), key=lambda r: int(r["records"] or 0))["country_code"])
    assert "many residents" in checked("2.2", "FRA")


def multiple_choice():
    """[(notebook, question, {letter: option text}, right letter)] for each exercise whose prompt lists options."""
    found = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        sequence = cells(path)
        for i, (kind, source, _) in enumerate(sequence):
            starter = STARTER.fullmatch(source.strip()) if kind == "code" else None
            if not starter:
                continue
            prompt = next(s for k, s, _ in reversed(sequence[:i]) if k == "markdown")
            options = dict(re.findall(r"^\s*- ([a-e])[.)] (.+)$", prompt, re.M))
            question = f"{starter[1]}.{starter[2]}"
            if options:
                found.append((path.name, question, options, exercises.QUESTIONS[question].expected()))
    return found


def test_multiple_choice_answers_vary_in_place_and_are_not_the_longest_option():
    """Across the kit the right letter is not always the same and the right option is not, as a rule,
    the longest; in lesson 2 every option is within a quarter of its question's mean length and the
    right one is never the longest."""
    found = multiple_choice()
    assert len({right for *_, right in found}) > 1
    longest = [q for _, q, options, right in found if len(options[right]) == max(map(len, options.values()))]
    assert len(longest) <= len(found) / 2, longest
    mine = [(q, options, right) for name, q, options, right in found if name == LESSON2.name]
    assert len(mine) >= 4 and len({right for *_, right in mine}) == len(mine), "the right letter moves"
    for q, options, right in mine:
        mean = sum(map(len, options.values())) / len(options)
        assert all(abs(len(o) - mean) <= mean / 4 for o in options.values()), q
        assert len(options[right]) < max(map(len, options.values())), q


def test_lesson2_prints_no_answer_before_its_check():
    sequence = cells(LESSON2, "code")
    for i, (_, source, _) in enumerate(sequence):
        starter = STARTER.fullmatch(source.strip())
        if not starter:
            continue
        question = f"{starter[1]}.{starter[2]}"
        above = "".join(outputs_text(c) for _, _, c in sequence[:i])
        expected = exercises.QUESTIONS[question].expected()
        if question == "2.1":
            for shown in (f"{expected:,.0f}", f"{float(f'{expected:.2g}') / 1e6:g} million", f"{expected / 1e6:.2f}"):
                assert shown not in above, shown
        if question == "2.2":
            assert "records per resident" not in above
        if question == "2.6":
            assert "combinations" not in above and "versions:" not in above


def test_lesson2_says_what_survives_and_where_the_populations_come_from():
    prose = " ".join(s for _, s, _ in cells(LESSON2, "markdown"))
    notes = (ROOT / "instructors" / "02-comparing-allies.md").read_text(encoding="utf-8")
    for text in (prose, notes):
        assert not re.search(r'"after Germany"[^.]*surviv', text), "counts of records cannot show who was eavesdropped on"
        assert "order of the counts" in text
        assert "mostly as relayed" not in text and "the later copies are the wrong ones" not in text
    outlets = {r["source_id"]: r["outlet"] for r in csv_rows("sources")}
    preferred = [r for r in csv_rows("populations") if r["preferred"] == "true" and r["source_id"]]
    relayed = [outlets[r["source_id"]] for r in preferred if " via " in outlets[r["source_id"]]]
    printed = "".join(stored_printed(LESSON2))
    assert (f"{len(preferred) - len(relayed)} of {len(preferred)} counts come from the statistics office's own page; "
            f"{len(relayed)} from a site that relayed it: {'; '.join(relayed)}") in printed


def test_lesson2_charts_read_in_millions_and_fill_their_width():
    (totals, _), (per_resident, _) = lesson2_charts()
    expected = lesson2_expected()
    ax = totals.axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks and all(t.endswith(" M") for t in ticks), ticks
    france = f"{expected['France']['default'] / 1e6:,g} M"
    assert any(t.get_text().startswith(france) for t in ax.texts), france
    for figure in (totals, per_resident):
        ax = figure.axes[0]
        assert "\n" not in ax.get_title(loc="left"), "one-line titles"
        ends = [p.get_width() for p in ax.patches] + [max(line.get_xdata()) for line in ax.lines if len(line.get_xdata()) == 2]
        assert max(ends) >= 0.9 * ax.get_xlim()[1], "no half-empty chart"


# --- Core and extensions (issue 15 item 2), for every lesson, 00 included -------------------------------
# A lesson's first cell states `**Timing (N minutes).**` (N at most 50, one period) and, separately, the time
# of its extensions. Optional cells carry the cell tag `extension` and sit under a tagged heading that starts
# `## Extension:` or `### Extension:`. The core (every cell not tagged) must fit: its load, the words of its
# markdown and printed text output read at 150 a minute plus 3 minutes per self-check, is at most 85 % of N;
# and it must run top to bottom in a fresh kernel with every extension cell left out. Each rule is a function
# of a notebook, tried below on small synthetic notebooks, so that each test is seen to fail and to pass.

import itertools
import subprocess
import sys
from pathlib import Path

LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TIMING = re.compile(r"\*\*Timing \((\d+) minutes\)\.\*\*")
EXTENSIONS_TIME = re.compile(r"\bExtensions?\b[^.\n]*?\b(\d+) minutes|\bExtensions?: none\b", re.I)
EXTENSION_HEADING = re.compile(r"#{2,3} Extension:")
HEADING = re.compile(r"(#{1,6}) ")
WORD = re.compile(r"[\w'’-]+")
CHECK_CALL = re.compile(r"""exercises\.check\(\s*["'](\d+\.\d+)["']""")
PERIOD, WORDS_PER_MINUTE, MINUTES_PER_CHECK, SHARE = 50, 150, 3, 0.85


def joined(value) -> str:
    return "".join(value) if isinstance(value, list) else value


def is_extension(cell) -> bool:
    return "extension" in cell.get("metadata", {}).get("tags", [])


def stated_minutes(nb) -> int | None:
    """N from the first cell's `**Timing (N minutes).**`, or None."""
    found = TIMING.findall(joined(nb["cells"][0]["source"])) if nb["cells"] else []
    return int(found[0]) if len(found) == 1 else None


def timing_problems(nb) -> list[str]:
    first = joined(nb["cells"][0]["source"]) if nb["cells"] else ""
    problems = []
    minutes = stated_minutes(nb)
    if minutes is None:
        problems.append("the first cell must state the core's time once, as **Timing (N minutes).**")
    elif minutes > PERIOD:
        problems.append(f"the core takes {minutes} minutes: at most {PERIOD}, one period")
    extensions = EXTENSIONS_TIME.search(first)
    tagged = any(is_extension(c) for c in nb["cells"])
    if tagged and not (extensions and extensions[1]):
        problems.append("the first cell must state the extensions' time separately, e.g. `Extensions: 30 minutes more, optional.`")
    if not tagged and not extensions:
        problems.append("the first cell must say the lesson has no extensions: `Extensions: none.`")
    if not tagged and extensions and extensions[1]:
        problems.append("the first cell gives the extensions a time, but no cell is tagged `extension`")
    return problems


def heading_level(cell) -> int | None:
    """The level of the heading a markdown cell opens with (2 for `## ...`), or None."""
    match = HEADING.match(joined(cell["source"]).lstrip()) if cell["cell_type"] == "markdown" else None
    return len(match[1]) if match else None


def extension_problems(nb) -> list[str]:
    """Every tagged cell sits under a tagged `## Extension:`/`### Extension:` heading, and every cell after such
    a heading is tagged until the next untagged heading of the same or a higher level."""
    problems, inside = [], None  # inside: the level of the Extension heading whose section we are in
    for i, cell in enumerate(nb["cells"]):
        level, tagged = heading_level(cell), is_extension(cell)
        if level is not None and inside is not None and level <= inside:  # the extension's section ends here
            inside = None
        if level is not None and EXTENSION_HEADING.match(joined(cell["source"]).lstrip()):
            if not tagged:
                problems.append(f"cell {i}: an Extension heading must carry the tag `extension`")
            inside = level if inside is None else inside  # a deeper Extension heading inside one changes nothing
        elif inside is not None and not tagged:
            problems.append(f"cell {i}: under an Extension heading, so it must carry the tag `extension`")
        elif inside is None and tagged:
            problems.append(f"cell {i}: tagged `extension` but not under a `## Extension:` or `### Extension:` heading")
    return problems


def core_load(nb) -> dict:
    """The core's load in minutes, from the notebook's stored outputs: words of core markdown and of core printed
    text output (images and their text stand-ins left out) at 150 a minute, plus 3 minutes per self-check."""
    markdown = output = checks = 0
    for cell in nb["cells"]:
        if is_extension(cell):
            continue
        if cell["cell_type"] == "markdown":
            markdown += len(WORD.findall(joined(cell["source"])))
        elif cell["cell_type"] == "code":
            checks += len(CHECK_CALL.findall(joined(cell["source"])))
            for out in cell.get("outputs", []):
                if out["output_type"] == "stream":
                    output += len(WORD.findall(joined(out["text"])))
                elif not any(kind.startswith("image/") for kind in out.get("data", {})):
                    output += len(WORD.findall(joined(out.get("data", {}).get("text/plain", ""))))
    minutes = (markdown + output) / WORDS_PER_MINUTE + MINUTES_PER_CHECK * checks
    return {"minutes": minutes, "markdown words": markdown, "output words": output, "checks": checks}


def core_load_problems(nb) -> list[str]:
    minutes, load = stated_minutes(nb), core_load(nb)
    if minutes is None:
        return ["no **Timing (N minutes).** to measure the core against"]
    if load["minutes"] > SHARE * minutes:
        return [f"the core's load is {load['minutes']:.1f} minutes ({load['markdown words']} markdown words, "
                f"{load['output words']} output words, {load['checks']} checks), above {SHARE:.0%} of {minutes}: "
                f"{SHARE * minutes:.1f}"]
    return []


def core_run_errors(paths) -> dict[str, list[str]]:
    """Each notebook's core (every `extension` cell left out) run top to bottom, each in a fresh kernel started
    in its folder, all at once, in a process of their own (tests/run_lessons.py --core): the errors, by name."""
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "run_lessons.py"), "--core", *map(str, paths)],
                          capture_output=True, text=True, timeout=RUN_TIMEOUT)
    assert done.returncode == 0, done.stderr[-3000:]
    return {Path(r["notebook"]).name: r["errors"] for r in json.loads(done.stdout)}


@functools.lru_cache(maxsize=None)
def lessons_core_errors() -> dict[str, list[str]]:
    return core_run_errors(LESSONS)


def load_nb(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_first_cell_states_the_core_time_and_the_extensions_time(lesson):
    assert timing_problems(load_nb(lesson)) == []


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_extension_cells_sit_under_tagged_extension_headings(lesson):
    assert extension_problems(load_nb(lesson)) == []


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_core_load_fits_the_stated_time(lesson):
    assert core_load_problems(load_nb(lesson)) == []


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_core_runs_with_every_extension_cell_left_out(lesson):
    assert lessons_core_errors()[lesson.name] == []


# The rules above, on small synthetic notebooks: each can fail, and each can pass.

CELL_IDS = itertools.count()


def markdown(text, tagged=False):
    return {"cell_type": "markdown", "id": f"cell-{next(CELL_IDS)}", "metadata": {"tags": ["extension"]} if tagged else {},
            "source": text}


def code(text, printed="", tagged=False):
    outputs = [{"name": "stdout", "output_type": "stream", "text": printed}] if printed else []
    return {"cell_type": "code", "execution_count": None, "id": f"cell-{next(CELL_IDS)}", "outputs": outputs,
            "metadata": {"tags": ["extension"]} if tagged else {}, "source": text}


def synthetic(*cells):
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


OPENING = "# Lesson 9: A test\n\n**Timing (20 minutes).** Extensions: 10 minutes more, optional."


def test_timing_rule_on_synthetic_notebooks():
    with_extension = [markdown("## Extension: more", tagged=True), code("x = 1", tagged=True)]
    assert timing_problems(synthetic(markdown(OPENING), *with_extension)) == []
    assert timing_problems(synthetic(markdown("# L\n\n**Timing (45 minutes).** Extensions: none."))) == []
    assert timing_problems(synthetic(markdown("# L\n\n**Timing (60 minutes).** Extensions: none."))) == \
        ["the core takes 60 minutes: at most 50, one period"]
    assert "as **Timing (N minutes).**" in timing_problems(synthetic(markdown("# L\n\nTiming: 30 minutes. Extensions: none.")))[0]
    assert "state the extensions' time separately" in timing_problems(
        synthetic(markdown("# L\n\n**Timing (30 minutes).**"), *with_extension))[0]
    assert timing_problems(synthetic(markdown("# L\n\n**Timing (30 minutes).**"))) == \
        ["the first cell must say the lesson has no extensions: `Extensions: none.`"]
    assert timing_problems(synthetic(markdown(OPENING))) == \
        ["the first cell gives the extensions a time, but no cell is tagged `extension`"]


def test_extension_rule_on_synthetic_notebooks():
    good = synthetic(markdown(OPENING), markdown("## Core"), code("x = 1"),
                     markdown("## Extension: deeper", tagged=True), markdown("more words", tagged=True),
                     markdown("### A step inside", tagged=True), code("y = 2", tagged=True),
                     markdown("## Key points"), markdown("words"))
    assert extension_problems(good) == []
    nested = synthetic(markdown("## Core"), code("x = 1"), markdown("### Extension: a detail", tagged=True),
                       code("y = 2", tagged=True), markdown("### Back in the core"), code("z = 3"))
    assert extension_problems(nested) == []
    untagged_heading = synthetic(markdown("## Extension: deeper"), code("y = 2", tagged=True))
    assert extension_problems(untagged_heading) == ["cell 0: an Extension heading must carry the tag `extension`"]
    untagged_cell = synthetic(markdown("## Extension: deeper", tagged=True), code("y = 2"), markdown("## Key points"))
    assert extension_problems(untagged_cell) == ["cell 1: under an Extension heading, so it must carry the tag `extension`"]
    deeper_untagged = synthetic(markdown("## Extension: deeper", tagged=True), markdown("### Inside"), code("y = 2", tagged=True))
    assert extension_problems(deeper_untagged) == ["cell 1: under an Extension heading, so it must carry the tag `extension`"]
    stray = synthetic(markdown("## Core"), code("y = 2", tagged=True))
    assert extension_problems(stray) == ["cell 1: tagged `extension` but not under a `## Extension:` or `### Extension:` heading"]
    wrong_level = synthetic(markdown("# Extension: deeper", tagged=True), code("y = 2", tagged=True))
    assert len(extension_problems(wrong_level)) == 2


def test_core_load_rule_on_synthetic_notebooks():
    words = " ".join(["word"] * 300)  # 2 minutes at 150 words a minute
    chart = {"output_type": "display_data", "metadata": {},
             "data": {"image/png": "iVBOR", "text/plain": "Chart: " + " ".join(["alt"] * 3000)}}
    nb = synthetic(markdown(OPENING), markdown(words), code('exercises.check("9.1", answer_9_1)', printed=words),
                   dict(code("show()"), outputs=[chart]),
                   markdown("## Extension: long", tagged=True), code("print()", printed=words * 20, tagged=True),
                   code('exercises.check("9.2", answer_9_2)', tagged=True))
    load = core_load(nb)
    opening = len(WORD.findall(OPENING))
    assert load == {"minutes": (opening + 600) / 150 + 3, "markdown words": opening + 300, "output words": 300, "checks": 1}
    assert core_load_problems(nb) == []  # about 7.1 minutes against 85 % of 20, 17
    heavy = synthetic(*nb["cells"], code('exercises.check("9.3", a)\nexercises.check("9.4", b)'),
                      markdown(words * 2))
    assert core_load(heavy)["checks"] == 3
    assert core_load_problems(heavy)[0].startswith("the core's load is 17.1 minutes")
    assert core_load_problems(synthetic(markdown("# L"))) == ["no **Timing (N minutes).** to measure the core against"]


def test_core_run_rule_on_synthetic_notebooks(tmp_path):
    for name, last in (("good.ipynb", "print(x)"), ("bad.ipynb", "print(x + y)")):
        nb = synthetic(markdown(OPENING), code("x = 1"), markdown("## Extension: more", tagged=True),
                       code("y = 2", tagged=True), markdown("## Key points"), code(last))
        (tmp_path / name).write_text(json.dumps(nb), encoding="utf-8")
    errors = core_run_errors([tmp_path / "good.ipynb", tmp_path / "bad.ipynb"])
    assert errors == {"good.ipynb": [], "bad.ipynb": ["code cell 2 of the core: NameError: name 'y' is not defined"]}


# --- Lesson 3 (issue 15): a core that fits the period, extensions, self-checks, words and facts ---------
# Lesson-specific; the generic timing/extension tests for every lesson live elsewhere in this file.

LESSON3_WORD = re.compile(r"[\w'’-]+")


def lesson3_is_extension(cell) -> bool:
    return "extension" in cell["metadata"].get("tags", [])


def lesson3_core_load(path=LESSON3):
    """(N, core load in minutes): words of core markdown and printed text (images left out) at 150 a minute,
    plus 3 minutes per self-check in a core code cell."""
    words, checks = 0, 0
    sequence = cells(path)
    minutes = int(re.search(r"\*\*Timing \((\d+) minutes\)\.\*\*", sequence[0][1])[1])
    for kind, source, cell in sequence:
        if lesson3_is_extension(cell):
            continue
        if kind == "markdown":
            words += len(LESSON3_WORD.findall(source))
        else:
            checks += len(re.findall(r'exercises\.check\("\d+\.\d+"', source))
            for o in cell["outputs"]:
                if o["output_type"] == "stream":
                    words += len(LESSON3_WORD.findall("".join(o["text"])))
                elif "image/png" not in o.get("data", {}):
                    words += len(LESSON3_WORD.findall("".join(o.get("data", {}).get("text/plain", ""))))
    return minutes, words / 150 + 3 * checks


def test_lesson3_core_fits_the_period_and_states_the_extensions_time():
    minutes, load = lesson3_core_load()
    assert minutes <= 50 and load <= 0.85 * minutes, (minutes, round(load, 1))
    first = cells(LESSON3)[0][1]
    stated = re.search(r"Extensions: (\d+) minutes more, optional \(([^)]*)\)", first)
    parts = [int(m) for m in re.findall(r"(\d+) min\b", stated[2])]
    assert stated and sum(parts) == int(stated[1]), "the extensions' total is the sum of their parts"
    headings = [s for k, s, c in cells(LESSON3, "markdown") if s.startswith("## Extension:")]
    assert sorted(int(re.search(r"\((\d+) minutes", h.splitlines()[0])[1]) for h in headings) == sorted(parts)
    core = re.findall(r"(\d+) min\.", first.split("Extensions:")[0])
    assert sum(map(int, core)) == minutes, "the core's segments add up to its time"


def test_lesson3_extension_cells_sit_under_tagged_extension_headings():
    under = False
    for kind, source, cell in cells(LESSON3):
        heading = kind == "markdown" and re.match(r"#{2,3} ", source)
        if heading:
            under = bool(re.match(r"#{2,3} Extension:", source))
        if under or (heading and source.startswith("## Extension:")):
            assert lesson3_is_extension(cell), source[:60]
        else:
            assert not lesson3_is_extension(cell), source[:60]
    assert any(lesson3_is_extension(c) for _, _, c in cells(LESSON3))
    assert not lesson3_is_extension(cells(LESSON3)[-1][2]), "the key points are core"


def test_lesson3_core_runs_alone_with_every_extension_cell_left_out():
    """The core alone, with the worked solutions: every core check is right, and no extension variable is needed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers import charts

    namespace, out, here = {"__name__": "__main__"}, io.StringIO(), os.getcwd()
    original, charts.show = charts.show, lambda chart, *, alt: plt.close("all")
    os.chdir(LESSON3.parent)
    try:
        with contextlib.redirect_stdout(out):
            for _, source, cell in cells(LESSON3, "code"):
                if lesson3_is_extension(cell):
                    continue
                starter = STARTER.fullmatch(source.strip())
                exec(compile(SOLUTIONS[f"{starter[1]}.{starter[2]}"] if starter else source, str(LESSON3), "exec"), namespace)
    finally:
        os.chdir(here)
        charts.show = original
        plt.close("all")
    lines = check_lines([out.getvalue()])
    assert [line.split(":")[0] for line in lines] == [f"Exercise 3.{i}" for i in range(1, 6)]
    assert all(line.endswith(": right!") for line in lines), lines
    assert "gaps" not in namespace and "together" not in namespace, "the bootstrap and the doubts together stay in extensions"


def lesson3_options(question: str) -> dict:
    """{letter: text} of a multiple-choice exercise, read from the notebook's '- a) ...' lines."""
    prompt = next(s for _, s, _ in cells(LESSON3, "markdown") if f"**Exercise {question} (" in s)
    return dict(re.findall(r"^- ([a-d])\) (.+)$", prompt, flags=re.M))


def kit_multiple_choice():
    """(notebook, question, options, right letter) for every exercise of the kit written as '- a) ...' or '- a. ...' lines."""
    found = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for _, source, _ in cells(path, "markdown"):
            label = re.search(r"\*\*Exercise (\d+\.\d+) \(", source)
            options = dict(re.findall(r"^- ([a-d])[.)] (.+)$", source, flags=re.M))
            if label and len(options) >= 2 and label[1] in exercises.QUESTIONS:
                found.append((path.name, label[1], options, exercises.QUESTIONS[label[1]].expected()))
    return found


def test_lesson3_multiple_choice_options_do_not_give_the_answer_away():
    choices = {q: (lesson3_options(q), exercises.QUESTIONS[q].expected()) for q in ("3.5", "3.7")}
    assert len({right for _, right in choices.values()}) == len(choices), "the right letter changes place"
    for q, (options, right) in choices.items():
        assert set(options) == {"a", "b", "c"} and right in options, q
        lengths = {letter: len(text) for letter, text in options.items()}
        assert lengths[right] < max(lengths.values()), f"{q}: the right option is the longest"
    lengths = [len(t) for t in choices["3.5"][0].values()]
    assert max(lengths) <= 1.2 * min(lengths), "3.5's options are of similar length"
    hedges = re.compile(r"\b(may|might|could|perhaps|probably|if)\b", re.I)
    assert len({bool(hedges.search(t)) for t in choices["3.5"][0].values()}) == 1, "no option hedges alone"


def test_the_kits_multiple_choice_answers_are_not_always_the_same_letter():
    found = kit_multiple_choice()
    assert len(found) >= 3 and len({right for *_, right in found}) > 1, found


LESSON3_WRONG = {  # exercise: [(an answer built from real values, what the check must print), ...]
    "3.1": [(lambda: round(exercises._mean_goldstein("USA"), 1), "right! That is the average rounded to one decimal"),
            (lambda: exercises._mean_goldstein("FRA"), "not yet. That is the French average"),
            (lambda: float(exercises._country_scores("USA", "icews_goldstein").mean()), "not yet. That is the average of the ICEWS scores"),
            (lambda: float(exercises._country_scores(None).mean()), "not yet. That is the average of every scored reaction"),
            (lambda: float(exercises._country_scores("USA").sum()), "not yet. That is the total of the American scores"),
            (lambda: [exercises._mean_goldstein("USA")], "not yet. Your answer is a list of several values; the answer is a number"),
            (lambda: f"{exercises._mean_goldstein('USA'):+.1f}", "not yet. The answer is a number: write it without quotes")],
    "3.2": [(lambda: {k: int(v[0]) for k, v in exercises.QUESTIONS["3.2"].expected().items()}, "not yet. Write each code as text in quotes"),
            (lambda: {k: v[0] for k, v in list(exercises.QUESTIONS["3.2"].expected().items())[:3]}, "not yet. Give one code for each of the four reactions"),
            (lambda: {**{k: v[0] for k, v in exercises.QUESTIONS["3.2"].expected().items()}, "R12": "016"}, "not yet. R12: \"I don't think there is any need for an escalation\" rejects no accusation")],
    "3.3": [(lambda: round(exercises._kappa_alt(), 1), "right! That is kappa rounded to one decimal"),
            (lambda: exercises._raw_agreement(), "not yet. That is the raw agreement"),
            (lambda: exercises._chance_agreement(), "not yet. That is the agreement expected by chance"),
            (lambda: round(exercises._kappa_alt() * 100, 1), "not yet. Kappa is not a percentage")],
    "3.4": [*[((lambda r=r: r), "not yet. That rule changes fewer reactions than another one") for r in ("downplaying-as-denial", "acknowledging-as-responsibility")],
            (lambda: "114", "not yet. Answer with the rule's name from the rule column"),
            (lambda: exercises._commonest_rule().upper(), "not yet. Almost: check the capitals")],
    "3.5": [(lambda: "a", "not yet. A Goldstein score belongs to the kind of act"),
            (lambda: "c", "not yet. The chart shows the kit's selection"),
            (lambda: ["b"], "not yet. Your answer is a list of several values; the answer is one piece of text")],
    "3.6": [(lambda: exercises._markers_that_change_code(), "not yet. That counts the reactions whose code changes"),
            (lambda: exercises._markers_that_change_in_one_step("table"), "not yet. That changes only one of the two")],
    "3.7": [(lambda: "a", "not yet. Ten of twelve match, but kappa takes out the agreement expected by chance"),
            (lambda: "b", "not yet. Ten of twelve match, but chance alone would match even more often here")],
}


@pytest.mark.parametrize("question", sorted(LESSON3_WRONG))
def test_lesson3_checks_accept_the_defensible_and_answer_each_known_mistake(question, capsys):
    q = exercises.QUESTIONS[question]
    assert len(q.also) + len(q.replies) >= 2, "each known answer gets its own word"
    seen = []
    for make, expected in LESSON3_WRONG[question]:
        exercises.check(question, make())
        printed = capsys.readouterr().out.strip()
        assert printed.startswith(f"Exercise {question}: {expected}"), printed
        other = [k for k in exercises.QUESTIONS if k != question and f"exercise {k}" in printed.lower()]
        assert not other, f"{question}'s reply speaks of another exercise: {other}"
        seen.append(printed)
    for _, text in q.also + q.replies:  # every also and replies branch is reached by a real value above
        assert any(text in line for line in seen), text


def test_lesson3_explains_each_term_where_it_first_appears():
    markdown = [s for _, s, _ in cells(LESSON3, "markdown")]
    first_cell = markdown[0]
    assert "[glossary](glossary.md)" in first_cell
    explained = {  # term: words that explain it in the cell where it first appears
        "CAMEO": "list of codes", "Goldstein": "how cooperative or conflictual", "GDELT": "Global Database of Events, Language, and Tone",
        "ICEWS": "Integrated Crisis Early Warning System", "kappa": "takes that chance agreement out",
        "bootstrap": "with replacement", "with replacement": "putting each name back", "Landis and Koch": "rough guide",
        "Krippendorff's alpha": "any number of coders", "raw agreement": "share of reactions given the same code",
    }
    for term, words in explained.items():
        first = next(s for s in markdown if term in s)
        assert words in first, f"{term!r} first appears without its explanation"


def test_lesson3_says_no_more_than_the_fact_sheet_on_the_findings_of_issue_15():
    prose = "".join(s for _, s, _ in cells(LESSON3, "markdown"))
    notes = (ROOT / "instructors" / "03-charting-reactions.md").read_text(encoding="utf-8")
    facts = (DATASETS / "facts.md").read_text(encoding="utf-8")
    # the selection: the timeline's heading speaks of the selected rows, with their count
    heading = next(s.splitlines()[0] for _, s, _ in cells(LESSON3, "markdown") if s.startswith("## 4."))
    dated = sum(1 for r in csv_rows("reactions") if r["date"] and r["cameo_code"])
    assert f"the kit's {dated} dated reactions" in heading and "Over the week" not in prose
    # the key points say how many rows the averages rest on
    counted = Counter(a["country_code"] for r in csv_rows("reactions") if r["cameo_code"]
                      for a in csv_rows("actors") if a["actor_id"] == r["actor_id"])
    assert f"({counted['FRA']} French and {counted['USA']} American scored reactions)" in cells(LESSON3, "markdown")[-1][1]
    # Spain: an announcement on 25 October, the summons on 28 October (fact sheet section 4)
    assert "Spain: Rajoy announces summons (Fri)" in facts and "Spain: ambassador James Costos summoned (Mon)" in facts
    rows = {r["reaction_id"]: r for r in csv_rows("reactions")}
    assert (rows["R23"]["date"], rows["R24"]["date"]) == ("2013-10-25", "2013-10-28")
    for text in (prose, notes):
        assert "the summons itself was on 28 October" in text
    assert "Four summonses" not in notes
    # Fabius's words are his, as Bloomberg quotes them
    for text in (prose, notes):
        assert "Fabius's words in Luxembourg (R02)" in text and "are his, as Bloomberg quotes them" in text
        assert "Bloomberg's, not the article's" not in text and "quotes Bloomberg" not in text


def test_lesson3_interval_chart_draws_the_averages_gap_with_its_intervals_and_fills_its_width():
    from helpers import agreement

    _, figures, _ = run(LESSON3, solutions=True)
    ax = figures[2].axes[0]
    assert "average" in ax.get_title(loc="left") and "interval" in ax.get_title(loc="left")
    assert "\n" not in ax.get_title(loc="left") and ax.get_xlabel() and "points" in ax.get_xlabel()
    drawn = sorted((round(float(x), 6)) for c in ax.collections for x, _ in c.get_offsets())
    lines = sorted(tuple(round(float(v), 6) for v in line.get_xdata()) for line in ax.get_lines() if len(set(line.get_xdata())) == 2)
    expected_gaps, expected_lines = [], []
    for us, fr in lesson3_scores().values():
        expected_gaps.append(round(agreement.gap(us, fr), 6))
        expected_lines.append(tuple(round(v, 6) for v in agreement.gap_interval(us, fr)))
    assert drawn == sorted(expected_gaps) and lines == sorted(expected_lines)
    low, high = ax.get_xlim()
    span = max(h for _, h in expected_lines) - min(min(l for l, _ in expected_lines), 0)
    assert span / (high - low) > 0.8, "no chart half empty"


def test_lesson3_core_code_is_fill_in_the_blank_after_a_worked_example_and_most_exercises_are_reasoning():
    sequence = cells(LESSON3)
    literal = re.compile(r'answer_\d+_\d+ = ("[^"\n]*"|\{[^}\n]*\})\s*(#.*)?')
    kinds = []
    for i, (kind, source, cell) in enumerate(sequence):
        starter = STARTER.fullmatch(source.strip()) if kind == "code" else None
        if not starter or lesson3_is_extension(cell):
            continue
        question = f"{starter[1]}.{starter[2]}"
        prompt = max(j for j in range(i) if sequence[j][0] == "markdown" and f"**Exercise {question} (" in sequence[j][1])
        writes_code = not literal.fullmatch(SOLUTIONS[question].strip())
        kinds.append(writes_code)
        if writes_code:
            assert f"**Exercise {question} (fill in the blank)." in sequence[prompt][1], question
            example = next(s for k, s, _ in reversed(sequence[:prompt]) if k == "code")  # the code cell just above the prompt
            calls = set(re.findall(r"(\w+)\(", SOLUTIONS[question]))
            assert calls and calls <= set(re.findall(r"(\w+)\(", example)), f"{question}: no worked example of {calls} just above"
    assert len(kinds) >= 3 and kinds.count(False) >= len(kinds) / 2, "at least half of the core exercises are reasoning"


def test_lesson3_chart_helpers_wrap_long_row_names_and_fit_intervals_to_the_axis():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers import charts

    long_name = "EU heads of state or government (European Council)"
    ax = charts.marker_plot([1.0, -2.0], ["Short", long_name], ["a", "b"], title="t", xlabel="x", ylabel="y", wrap=30)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "Short" and "\n" in ticks[1] and ticks[1].replace("\n", " ") == long_name
    plt.close("all")
    ax = charts.interval_plot([2.0, 0.5], [(1.0, 3.0), (-0.5, 1.5)], labels=["one", "two"], title="t", xlabel="x")
    low, high = ax.get_xlim()
    assert low < -0.5 and high > 3.0 and (3.0 - -0.5) / (high - low) > 0.8
    plt.close("all")
    with pytest.raises(ValueError, match="one of each per row"):
        charts.interval_plot([1.0], [(0.0, 2.0), (0.0, 1.0)], labels=["one"], title="t", xlabel="x")


def forget_lesson_runs():
    """Called once per pytest session (tests/conftest.py): the lesson runs above are remembered for one session."""
    for remembered in (run, lesson2_charts, lesson2_until, lesson3_doubts_together, lessons_core_errors):
        remembered.cache_clear()
