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
    title = f"Haaretz itself makes {haaretz} of the article's {len(rows)} claims ({haaretz / len(rows):.0%})"
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
    answer = exercises.QUESTIONS["2.4"].expected()
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
    that wording wherever they see the figure: the list, the table and both charts (unhatched)."""
    printed = "".join(stored_printed(LESSON2))
    found = 0
    for row in csv_rows("country_figures"):
        words = re.findall(r'The fact sheet writes "([^"]+)"', row["note"])
        if not words:
            continue
        found += 1
        assert row["approximate"] == "false", row["country"]
        assert f"{row['country']}: {int(row['records']):,} (the fact sheet writes {words[0]})" in printed
        assert f"{row['country']}: approximate is False, as the report prints it; the fact sheet writes {words[0]}" in printed
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
    rows = [t.get_text() for t in ax.get_yticklabels()]
    drawn = sorted((c.get_label(), rows[round(y)], x) for c in ax.collections for x, y in c.get_offsets())
    plain = {"FRA": "France", "USA": "United States", "DEU": "Germany", "ESP": "Spain", "": "EU leaders (no country)"}
    assert drawn == sorted((plain[actors[r["actor_id"]]["country_code"]], actors[r["actor_id"]]["name"], scores[r["cameo_code"]])
                           for r in reactions)
    assert len(set(positions(ax))) == len(reactions), "a marker hides another"
    assert ax.get_xlim() == (-10, 10), "show the whole Goldstein scale"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [c.get_label() for c in ax.collections]
    markers = {c.get_label(): (tuple(c.get_facecolor()[0]), c.get_paths()[0].vertices.shape) for c in ax.collections}
    assert len(set(markers.values())) == len(markers), "each country needs its own colour and shape"
    assert all(mean_fr < mean_us for mean_fr, mean_us in lesson3_means().values()), "the title's finding no longer holds"
    n = {c: sum(1 for r in reactions if actors[r["actor_id"]]["country_code"] == c) for c in ("FRA", "USA")}
    assert ax.get_title(loc="left") == (f"On average, the kit's {n['FRA']} French reactions score lower than its {n['USA']} "
                                        "American ones (reference coding, GDELT)")
    alt = ALT[figures[0]]
    assert f"each of the {len(reactions)} scored reactions" in alt and "-10 to +10" in alt


def test_lesson3_timeline_shows_every_dated_reaction():
    _, figures, _ = run(LESSON3, solutions=True)
    by_actor, timeline = (f.axes[0] for f in figures)
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

    predict = next(i for i, (_, source, _) in enumerate(sequence) if source.strip() == "answer_3_5 = ...")
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
    assert len(images) == 2
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
