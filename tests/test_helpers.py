"""Self-checks and the ClaimReview export."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers import claimreview, data, exercises


def printed(capsys, question, answer):
    exercises.check(question, answer)
    return capsys.readouterr().out


def test_a_wrong_answer_gets_a_hint_not_the_answer(capsys):
    claims = data.load("claims")
    quotes = int((claims["claim_type"] == "quote").sum())
    line = printed(capsys, "1.2", quotes + 2)  # quotes + 1 is a known slip with its own reply (test_start_here)
    assert line.startswith("Exercise 1.2: not yet. Hint:") and str(quotes) not in line


def test_a_whole_column_is_told_to_pick_one_value(capsys):
    line = printed(capsys, "1.2", data.load("claims")["claim_type"].value_counts())
    assert "pick out the single value" in line


def test_numbers_are_compared_with_a_tolerance(capsys):
    checked = data.load("claims").query("verdict != 'opinion'")
    share = (checked["verdict"] == "confirmed").mean()
    assert printed(capsys, "1.6", round(share, 2)).endswith("right!\n")
    assert "not yet" in printed(capsys, "1.6", share + 0.05)
    assert "not yet" in printed(capsys, "1.6", "a lot")


def test_a_wrong_kind_of_answer_gets_a_hint_about_its_kind(capsys):
    expected_id = exercises.QUESTIONS["1.5"].expected()
    assert "check the capitals" in printed(capsys, "1.5", expected_id.lower())
    assert "put it in quotes" in printed(capsys, "2.3", 2)
    count = exercises.QUESTIONS["1.2"].expected()
    line = printed(capsys, "1.2", str(count))
    assert "without quotes" in line and "right" not in line



def test_an_answer_of_one_cell_counts_as_its_value_and_a_wrong_one_is_told_it_is_a_table(capsys):
    """A student often answers with a filtered table of one row (`claims[...][["claim_id"]]`) or a column of one."""
    import numpy as np
    import pandas as pd

    right = exercises.QUESTIONS["1.5"].expected()
    for answer in (pd.Series([right]), pd.DataFrame({"claim_id": [right]}), np.array([right])):
        assert printed(capsys, "1.5", answer) == "Exercise 1.5: right!\n", type(answer)
    for answer in (pd.Series(["C99"]), pd.DataFrame({"claim_id": ["C99"]}), pd.Series([right, right])):
        line = printed(capsys, "1.5", answer)
        assert "whole table or column" in line and "put it in quotes" not in line, line

    class Shaped:  # has a shape, but no value to take
        shape, size = (1,), 1
    assert "whole table or column" in printed(capsys, "1.5", Shaped())


def test_a_per_day_rate_cut_off_instead_of_rounded_gets_the_reply_written_for_its_mistake(capsys):
    """Within 1 of a mistaken figure is that mistake: int() cuts off the decimals that rounding would keep."""
    records, days = exercises._france_records(), exercises._france_days()
    one_day_short = records / (days - 1)
    assert int(one_day_short) != round(one_day_short, 0)  # the data make cutting off differ from rounding
    assert "you left out one day" in printed(capsys, "2.1", int(one_day_short))
    assert "you left out one day" not in printed(capsys, "2.1", int(one_day_short) - 2)

def test_a_name_typed_without_quotes_is_explained_in_a_notebook():
    """In a real kernel, `answer = C13` stops with the NameError and a hint to use quotes."""
    from run_lessons import start_kernel

    manager, client = start_kernel()
    try:
        client.execute_interactive("from helpers import exercises\nexercises.friendly_errors()", timeout=60)
        printed_lines, errors = [], []

        def keep(msg):
            if msg["msg_type"] == "stream":
                printed_lines.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                errors.append(msg["content"]["ename"])

        client.execute_interactive("answer_1_5 = C13", timeout=60, output_hook=keep)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert errors == ["NameError"]
    assert 'put it in quotes: "C13"' in "".join(printed_lines)


HISTORY = "ip = get_ipython(); print(ip.history_manager.enabled, ip.profile_dir.location)"


def test_no_kernel_a_test_starts_shares_ipythons_history_database():
    """Kernels running side by side share ~/.ipython's history database, and one kept waiting for its lock prints an
    error into the running cell. A kernel started as run_lessons.py starts it keeps no history; one started with no
    arguments, as nbval starts it, reads the settings the test run gave it (tests/conftest.py), which say the same."""
    from jupyter_client.manager import start_new_kernel
    from run_lessons import start_kernel

    printed = []
    for start in (start_kernel, lambda: start_new_kernel(kernel_name="python3", startup_timeout=120)):
        manager, client = start()
        try:
            client.execute_interactive(HISTORY, timeout=60, output_hook=lambda m: printed.append(m["content"].get("text", "")))
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
    profile = Path(os.environ["IPYTHONDIR"]) / "profile_default"
    assert "".join(printed).splitlines() == [f"False {profile}", f"False {profile}"]
    assert profile.resolve() != (Path.home() / ".ipython" / "profile_default").resolve()


def test_each_test_run_makes_its_own_ipython_settings_and_puts_the_environment_back(monkeypatch):
    """A second run in one process (or one forked from it, as mutmut's are) must not point its kernels at the folder
    the first run removed, where IPython would make a profile with history on."""
    import conftest

    class Config:
        pass

    monkeypatch.setenv("IPYTHONDIR", "/somewhere/else")
    monkeypatch.delenv("KIT_TEST_IPYTHONDIR")
    first, second = Config(), Config()
    conftest.pytest_configure(first)
    made = Path(os.environ["IPYTHONDIR"])
    assert os.environ["KIT_TEST_IPYTHONDIR"] == str(made) != "/somewhere/else"
    assert (made / "profile_default" / "ipython_kernel_config.py").read_text(encoding="utf-8") == "c.HistoryManager.enabled = False\n"
    conftest.pytest_configure(second)  # a worker, or a run a test starts: the same folder
    assert not hasattr(second, "_kit_ipython") and os.environ["IPYTHONDIR"] == str(made)
    conftest.pytest_unconfigure(second)
    assert made.is_dir()
    conftest.pytest_unconfigure(first)
    assert not made.exists() and os.environ["IPYTHONDIR"] == "/somewhere/else" and "KIT_TEST_IPYTHONDIR" not in os.environ
    conftest.pytest_configure(second)  # the next run in this process
    again = Path(os.environ["IPYTHONDIR"])
    assert again != made and (again / "profile_default" / "ipython_kernel_config.py").is_file()
    conftest.pytest_unconfigure(second)
    assert not again.exists() and os.environ["IPYTHONDIR"] == "/somewhere/else"


def test_a_chart_is_shown_with_its_text_alternative(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import IPython.display

    from helpers import charts

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda data, raw, metadata: shown.append((data, metadata)))
    figure, ax = plt.subplots()
    ax.bar(["a", "b"], [1, 2])
    charts.show(ax, alt="Two bars: a is 1, b is 2.")
    (bundle, metadata), = shown
    assert bundle["text/plain"] == "Chart: Two bars: a is 1, b is 2."
    assert metadata == {"image/png": {"alt": "Two bars: a is 1, b is 2."}}
    assert bundle["image/png"].startswith("iVBOR")  # base64 of a PNG's signature
    assert figure.number not in plt.get_fignums()  # the figure is closed, so the notebook does not draw it twice
    with pytest.raises(ValueError):
        charts.show(plt.subplots()[1], alt=" ")


def test_unknown_exercise_is_an_error():
    with pytest.raises(KeyError):
        exercises.check("9.9", 1)


REQUIRED = {"@context", "@type", "url", "claimReviewed", "author", "datePublished", "reviewRating", "itemReviewed"}
CLAIM = {"@type", "text", "author", "appearance", "firstAppearance"}  # datePublished only where the sheet confirms it


@pytest.fixture  # per test, not per module: mutmut then counts every test below as one that runs claim_reviews
def reviews():
    return claimreview.claim_reviews(data.load("claims"), data.load("sources"))


def test_every_checked_claim_is_exported_with_the_required_properties(reviews):
    claims = data.load("claims")
    checked = claims[claims["verdict"] != "opinion"]
    assert [r["url"] for r in reviews] == [f"#claim-{c}" for c in checked["claim_id"]]
    for review, claim in zip(reviews, checked.itertuples()):
        assert REQUIRED <= set(review), review["url"]
        assert review["@type"] == "ClaimReview" and review["itemReviewed"]["@type"] == "Claim"
        assert review["reviewRating"]["alternateName"] == claimreview.VERDICT_LABELS[claim.verdict]
        assert CLAIM <= set(review["itemReviewed"]), review["url"]
        assert review["itemReviewed"]["text"] == claim.text
        assert review["itemReviewed"]["author"] == {"@type": claim.claimant_type, "name": claim.claimant}
        assert len(review["claimReviewed"]) <= 75
        assert review["author"]["name"] and review["datePublished"] == data.package()["created"][:10]


def test_appearances_point_at_stored_sources(reviews):
    sources = data.load("sources").set_index("source_id")
    claims = data.load("claims").set_index("claim_id")
    for review in reviews:
        claim = claims.loc[review["url"].removeprefix("#claim-")]
        first = sources.loc[claim["first_appearance"]]
        assert review["itemReviewed"]["firstAppearance"]["url"] == first["url"]
        assert review["itemReviewed"]["appearance"]["url"] == sources.loc[claimreview.ARTICLE_SOURCE, "url"]
        if first["date_status"] == "CONFIRMED":
            assert review["itemReviewed"]["datePublished"] == first["date"]
        else:  # an inferred or partly supported date is not published as a fact
            assert "datePublished" not in review["itemReviewed"]
            assert "datePublished" not in review["itemReviewed"]["firstAppearance"]


def test_the_articles_inferred_date_is_never_exported(reviews):
    sources = data.load("sources").set_index("source_id")
    assert sources.loc[claimreview.ARTICLE_SOURCE, "date_status"] != "CONFIRMED"  # the page shows no date
    assert all("datePublished" not in r["itemReviewed"]["appearance"] for r in reviews)
    confirmed = [r for r in reviews if "datePublished" in r["itemReviewed"]]
    assert confirmed, "confirmed first-appearance dates are still exported"


def test_export_is_json(reviews):
    assert json.loads(claimreview.to_json(reviews)) == reviews


def test_export_is_indented_and_keeps_letters_as_they_are(reviews):
    claims = data.load("claims")
    claims.loc[claims["verdict"] != "opinion", "note"] = "Zürich, Kraków, Ελλάδα"
    text = claimreview.to_json(claimreview.claim_reviews(claims, data.load("sources")))
    lines = text.splitlines()
    assert lines[0] == "[" and lines[1] == "  {" and lines[2].startswith('    "@context": ')
    assert '"ratingExplanation": "Zürich, Kraków, Ελλάδα"' in text  # not \u00fc: readable as written
    assert claimreview.to_json([{"a": "<&>\u2028\u2029"}]) == '[\n  {\n    "a": "\\u003c\\u0026\\u003e\\u2028\\u2029"\n  }\n]'


# --- Agreement, against values worked out by hand ------------------------------

from helpers import agreement


def test_kappa_by_hand():
    # p_o = 2/4; both coders use a and b twice, so p_e = (2*2 + 2*2) / 16 = 1/2: kappa = 0
    assert agreement.cohen_kappa(list("aabb"), list("abab")) == pytest.approx(0.0)
    # p_o = 3/4; p_e = (3*2 + 1*2) / 16 = 1/2: kappa = (3/4 - 1/2) / (1 - 1/2) = 1/2
    assert agreement.cohen_kappa(list("aaab"), list("aabb")) == pytest.approx(0.5)
    assert agreement.cohen_kappa(list("abc"), list("abc")) == pytest.approx(1.0)


def test_alpha_by_hand():
    # coincidences o_aa = 2, o_bb = 2, o_ab = o_ba = 2, n = 8: D_o = 4/8, D_e = 2*4*4/(8*7); alpha = 1 - D_o/D_e = 1/8
    assert agreement.krippendorff_alpha(list("aabb"), list("abab")) == pytest.approx(0.125)
    # o_aa = 4, o_bb = 2, o_ab = o_ba = 1; n_a = 5, n_b = 3: alpha = 1 - (2/8) / (2*5*3/56) = 8/15
    assert agreement.krippendorff_alpha(list("aaab"), list("aabb")) == pytest.approx(8 / 15)


def test_blanks_are_left_out():
    assert agreement.cohen_kappa(["a", "", "b", None], ["a", "b", "b", "a"]) == pytest.approx(1.0)
    assert agreement.krippendorff_alpha(["a", "", "b", "b"], ["a", "b", "b", "a"]) == pytest.approx(
        agreement.krippendorff_alpha(["a", "b", "b"], ["a", "b", "a"]))


def test_landis_koch_bands():
    assert [agreement.landis_koch(k) for k in (-0.1, 0.1, 0.3, 0.5, 0.7, 0.9)] == [
        "poor", "slight", "fair", "moderate", "substantial", "almost perfect"]


# --- Bootstrap intervals for kappa and alpha ------------------------------------

TOY = (list("aaabbbccca" * 2), list("aabbbcccaa" * 2))  # 20 items, 3 codes, 14 alike


@pytest.mark.parametrize("measure", ["kappa", "alpha"])
def test_interval_is_the_same_on_every_run_and_moves_with_the_seed(measure):
    first = agreement.interval(*TOY, measure)
    assert agreement.interval(*TOY, measure) == first
    assert agreement.interval(*TOY, measure, seed=agreement.SEED + 1) != first


@pytest.mark.parametrize("measure, estimate", [("kappa", agreement.cohen_kappa), ("alpha", agreement.krippendorff_alpha)])
def test_interval_brackets_the_estimate_and_narrows_with_more_items(measure, estimate):
    low, high = agreement.interval(*TOY, measure)
    assert -1 <= low < estimate(*TOY) < high <= 1
    more_low, more_high = agreement.interval(TOY[0] * 4, TOY[1] * 4, measure)
    assert more_high - more_low < high - low  # four times the items, same agreement: a narrower interval


def test_interval_of_identical_codings_is_a_point():
    codes = list("abcabcab")
    assert agreement.interval(codes, codes, "kappa") == (1.0, 1.0)
    assert agreement.interval(codes, codes, "alpha") == (1.0, 1.0)


def test_interval_is_the_percentile_bootstrap_of_the_documented_measures():
    """Redo the bootstrap by hand with the slow, plain functions and the same draws."""
    import numpy as np

    first, second = ["a", "", *TOY[0]], ["b", "a", *TOY[1]]  # a blank item is dropped first
    kept = [(x, y) for x, y in zip(first, second) if x and y]
    draws = np.random.default_rng(7).integers(0, len(kept), size=(200, len(kept)))
    for measure, plain in (("kappa", agreement.cohen_kappa), ("alpha", agreement.krippendorff_alpha)):
        values = [plain([kept[i][0] for i in d], [kept[i][1] for i in d]) for d in draws]
        expected = tuple(np.percentile(values, [5, 95]))
        assert agreement.interval(first, second, measure, level=0.90, resamples=200, seed=7) == pytest.approx(expected)


@pytest.mark.parametrize("codes", [2, 6])
def test_every_bootstrap_draw_gives_what_the_plain_functions_give(codes):
    """The draws are computed all at once in numpy; each must equal cohen_kappa and krippendorff_alpha (the
    krippendorff package) on the same items, undefined draws included."""
    import numpy as np

    rng = np.random.default_rng(codes)
    first = [f"c{v}" for v in rng.integers(0, codes, 15)]
    second = [x if rng.random() < 0.6 else f"c{rng.integers(0, codes)}" for x in first]
    draws = np.random.default_rng(11).integers(0, len(first), size=(60, len(first)))
    for measure, plain in (("kappa", agreement.cohen_kappa), ("alpha", agreement.krippendorff_alpha)):
        expected = [plain([first[i] for i in d], [second[i] for i in d]) for d in draws]
        got = agreement._draws(first, second, measure, 60, 11)
        assert got.tolist() == pytest.approx(expected, abs=1e-12, nan_ok=True), measure


def test_a_single_code_leaves_kappa_and_alpha_undefined_alike():
    import math

    assert math.isnan(agreement.cohen_kappa(list("aaa"), list("aaa")))
    assert math.isnan(agreement.krippendorff_alpha(list("aaa"), list("aaa")))
    few = (list("aaaaaaab"), list("aaaaaaaa"))  # many draws hold only "a"
    dropped = agreement.undefined_draws(*few, "kappa", resamples=300, seed=1)
    assert 0 < dropped < 300 and dropped == agreement.undefined_draws(*few, "alpha", resamples=300, seed=1)
    assert agreement.undefined_draws(*TOY, "kappa") == 0


def test_gap_interval_is_the_bootstrap_of_each_group_within_itself():
    """Redo the two-group bootstrap by hand with the same draws."""
    import numpy as np

    higher, lower = {"u1": 3.4, "u2": 0.0, "u3": -2.0}, {"f1": -2.0, "f2": -5.0, "f3": 1.0, "f4": -2.0}
    assert agreement.gap(higher, lower) == pytest.approx((1.4 / 3) - (-8 / 4))
    rng = np.random.default_rng(5)
    one, two = rng.integers(0, 3, size=(400, 3)), rng.integers(0, 4, size=(400, 4))
    h, lo_ = np.array(list(higher.values())), np.array(list(lower.values()))
    expected = tuple(np.percentile(h[one].mean(axis=1) - lo_[two].mean(axis=1), [5, 95]))
    assert agreement.gap_interval(higher, lower, level=0.90, resamples=400, seed=5) == pytest.approx(expected)
    rng = np.random.default_rng(agreement.GAP_SEED)  # the defaults: GAP_SEED, GAP_RESAMPLES, 95%
    one, two = rng.integers(0, 3, size=(agreement.GAP_RESAMPLES, 3)), rng.integers(0, 4, size=(agreement.GAP_RESAMPLES, 4))
    expected = tuple(np.percentile(h[one].mean(axis=1) - lo_[two].mean(axis=1), [2.5, 97.5]))
    assert agreement.gap_interval(higher, lower) == pytest.approx(expected, abs=1e-12)
    low, high = agreement.gap_interval(higher, lower)
    assert low < agreement.gap(higher, lower) < high


def test_drop_one_leaves_out_each_item_in_turn():
    higher, lower = {"u1": 3.4, "u2": 0.0}, {"f1": -2.0, "f2": -5.0, "f3": 1.0}
    gaps = agreement.drop_one(higher, lower)
    assert list(gaps) == ["u1", "u2", "f1", "f2", "f3"]
    assert gaps["u1"] == pytest.approx(0.0 - (-2.0))  # only u2 left: 0.0 against the French mean -2.0
    assert gaps["f3"] == pytest.approx(1.7 - (-3.5))
    with pytest.raises(ValueError, match="at least one score"):
        agreement.gap({}, lower)
    with pytest.raises(ValueError, match="no blanks"):
        agreement.gap({"u1": float("nan")}, lower)


def test_interval_refuses_what_it_cannot_measure():
    with pytest.raises(ValueError, match="'kappa' or 'alpha'"):
        agreement.interval(*TOY, "pi")
    with pytest.raises(ValueError, match="at least two items"):
        agreement.interval(["a", ""], ["a", "b"])


def test_bands_an_interval_spans_and_alpha_readings():
    assert agreement.bands(0.52, 0.90) == ["moderate", "substantial", "almost perfect"]
    assert agreement.bands(-0.3, 0.1) == ["poor", "slight"]
    assert agreement.bands(0.7, 0.75) == ["substantial"]
    assert [agreement.alpha_reading(a) for a in (0.5, 0.667, 0.79, 0.8)] == ["unreliable", "tentative", "tentative", "reliable"]


def test_coding_exercise_counts_matches(capsys):
    accepted = exercises.QUESTIONS["3.2"].expected()
    reference = {r: codes[0] for r, codes in accepted.items()}
    wrong = dict(reference, **{next(iter(reference)): "999"})
    line = printed(capsys, "3.2", wrong)
    assert f"{len(reference) - 1} of {len(reference)} codes are ones the kit accepts" in line


def test_coding_exercise_accepts_every_code_the_notes_call_defensible(capsys):
    reactions = data.load("reactions").set_index("reaction_id")
    accepted = exercises.QUESTIONS["3.2"].expected()
    for r, codes in accepted.items():
        assert codes[0] == reactions.loc[r, "cameo_code"]
        for code in codes[1:]:
            assert f"Also defensible: {code}" in reactions.loc[r, "coding_note"]
    # the lesson calls the alternative coding's summons (114) defensible for R21, and 010 for R19's present-tense assurance
    assert "114" in accepted["R21"] and "010" in accepted["R19"]
    other = {r: codes[-1] for r, codes in accepted.items()}
    assert printed(capsys, "3.2", other).strip().endswith("right!")
    assert "right!" not in printed(capsys, "3.2", dict(other, R21="111"))


def test_marker_plot_sets_coinciding_markers_side_by_side():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers import charts

    x, rows, groups = [-2, -2, -2, 1, 3], ["a", "a", "b", "b", "a"], ["one", "one", "two", "two", "one"]
    ax = charts.marker_plot(x, rows, groups, title="t", xlabel="x", ylabel="y", spread="y", step=0.3)
    points = [tuple(p) for c in ax.collections for p in c.get_offsets()]
    assert len(set(points)) == len(points) == 5  # the two (-2, "a") markers no longer coincide
    assert sorted(y for x_, y in points if x_ == -2) == pytest.approx([-0.15, 0.15, 1.0])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"] and ax.get_ylim() == (1.5, -0.5)
    assert charts.PALETTE[3] not in {matplotlib.colors.to_hex(c.get_facecolor()[0]).upper() for c in ax.collections}
    plt.close("all")


# --- Coding sheets for pair coding ----------------------------------------------

def fill(tmp_path, name, codes, *, drop=(), extra=(), edit=None):
    """A copy of the blank sheet with ``codes`` ({reaction_id: code}) written in."""
    import csv

    path = tmp_path / name
    agreement.blank_sheet(path)
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    rows = [dict(r, cameo_code=codes.get(r["reaction_id"], "")) for r in rows if r["reaction_id"] not in drop]
    rows += [dict(rows[0], reaction_id=i, cameo_code="010") for i in extra]
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    if edit:
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def reference_codes():
    return {r: c for r, c in data.load("reactions").set_index("reaction_id").loc[agreement.sheet_ids(), "cameo_code"].items()}


def sheet_problems(path):
    with pytest.raises(data.DataError) as err:
        agreement.read_sheet(path)
    return [str(p) for p in err.value.problems]


def test_blank_sheet_is_blank_and_matches_the_reactions():
    sheet = data.load("coding_sheet")
    reactions = data.load("reactions").set_index("reaction_id").loc[list(sheet["reaction_id"])]
    names = data.load("actors").set_index("actor_id")["name"]
    assert sheet["cameo_code"].isna().all()
    assert list(sheet["action"]) == list(reactions["action"]) and list(sheet["words_reported"]) == list(reactions["quote"])
    assert list(sheet["actor"]) == list(names[reactions["actor_id"]]) and list(sheet["date"]) == list(reactions["date"])
    assert not set(sheet["reaction_id"]) & set(exercises.CODING_EXERCISE)  # exercise 3.2's answers stay out
    assert reactions["cameo_code"].notna().all()  # every reaction on it has a reference code


def test_sheets_that_agree_give_kappa_and_alpha_one(tmp_path):
    codes = reference_codes()
    first, second = (agreement.read_sheet(fill(tmp_path, n, codes)) for n in ("a.csv", "b.csv"))
    assert first == second == codes and list(first) == agreement.sheet_ids()
    assert agreement.cohen_kappa(list(first.values()), list(second.values())) == 1.0
    assert agreement.krippendorff_alpha(list(first.values()), list(second.values())) == 1.0


def test_sheets_that_disagree_are_read_code_for_code(tmp_path):
    codes = reference_codes()
    changed = dict(codes, R01="114", R24="114", R08="016")
    first = agreement.read_sheet(fill(tmp_path, "a.csv", codes))
    second = agreement.read_sheet(fill(tmp_path, "b.csv", changed))
    assert [r for r in first if first[r] != second[r]] == ["R01", "R08", "R24"]
    assert agreement.cohen_kappa(list(first.values()), list(second.values())) == pytest.approx(
        agreement.cohen_kappa(list(codes.values()), list(changed.values())))
    assert agreement.cohen_kappa(list(first.values()), list(second.values())) < 1


@pytest.mark.parametrize("how, expected", [
    ({"codes": {"R03": "999"}}, "b.csv:3:cameo_code: '999' is not a CAMEO code in cameo_codes.csv"),
    ({"codes": {"R03": "11"}}, "b.csv:3:cameo_code: '11' is not a code on the sheet; did a spreadsheet drop the leading zero of '011'?"),
    ({"codes": {"R03": "04"}}, "b.csv:3:cameo_code: '04' is a whole CAMEO category (CONSULT); choose one of its three- or four-digit codes"),
    ({"edit": lambda t: t.replace("\nR08,", "\nC04,x,x,x,x,x,010\nR08,", 1)},
     "b.csv:6:reaction_id: 'C04' is not on lesson 3's coding sheet"),  # a stray row in the middle: the rows after it are read
    ({"edit": lambda t: t.replace("\n", "\r\n")}, None),  # Windows line ends are read as they are
    ({"edit": lambda t: t.replace("\nR08,", "\nR03,x,x,x,x,x,010\nR08,", 1)},
     "b.csv:6:reaction_id: R03 appears twice (first on row 3)"),  # a repeated row in the middle: the rows after it are read
    ({"edit": lambda t: t.replace("\nR08,", "\n,x,x,x,x,x,010\nR08,", 1)},
     "b.csv:6:reaction_id: '' is not on lesson 3's coding sheet (R01 to R25, 12 reactions); is this row from another lesson or exercise?"),
    ({"edit": lambda t: t.splitlines()[0] + "\n"}, "b.csv:-:reaction_id: rows for R01, R03"),  # the header alone
    ({"edit": lambda t: t.replace("cameo_code", "cameo_code,my;notes", 1).replace("\n", ",\n").replace("my;notes,\n", "my;notes\n", 1)},
     None),  # a column of the student's own with a ';' in its name is still a comma-separated sheet
    ({"edit": lambda t: "reaction_id\n" + "".join(l.split(",")[0] + "\n" for l in t.splitlines()[1:])},
     "b.csv:1:cameo_code: the column cameo_code is missing"),  # one column: no separator at all
    ({"codes": {"R03": ""}}, "b.csv:3:cameo_code: R03 has no code yet"),
    ({"drop": ("R07", "R22")}, "b.csv:-:reaction_id: rows for R07, R22 are missing"),
    ({"extra": ("C04",)}, "b.csv:14:reaction_id: 'C04' is not on lesson 3's coding sheet"),
    ({"extra": ("R02",)}, "b.csv:14:reaction_id: 'R02' is not on lesson 3's coding sheet"),
    ({"extra": ("R03",)}, "b.csv:14:reaction_id: R03 appears twice (first on row 3)"),
    ({"edit": lambda t: t.replace(",", ";")},
     "b.csv:1:-: columns are separated by ';' instead of ','; save it again as 'CSV UTF-8 (comma delimited)'"),
    ({"edit": lambda t: t.replace("cameo_code", "code")}, "b.csv:1:cameo_code: the column cameo_code is missing"),
])
def test_a_broken_sheet_is_named_by_file_row_and_column(tmp_path, how, expected):
    how = dict(how)  # the parameters are shared between runs: never change them
    codes = dict(reference_codes(), **how.pop("codes", {}))
    path = fill(tmp_path, "b.csv", codes, **how)
    if expected is None:
        assert agreement.read_sheet(path) == codes
        return
    problems = sheet_problems(path)
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_the_broken_sheet_cases_can_run_twice_in_one_process(tmp_path):
    """The parametrised cases above are shared dicts: running them again must give the same verdicts."""
    cases = test_a_broken_sheet_is_named_by_file_row_and_column.pytestmark[0].args[1]
    for run in range(2):
        for number, (how, expected) in enumerate(cases):
            folder = tmp_path / f"{run}-{number}"
            folder.mkdir()
            test_a_broken_sheet_is_named_by_file_row_and_column(folder, how, expected)


def test_a_sheet_that_is_not_utf8_or_is_empty_is_named(tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes("reaction_id,cameo_code\nR01,Fran\xe7ais\n".encode("latin-1"))
    assert sheet_problems(latin) == ["latin.csv:-:-: the file is not UTF-8 text; save it again as 'CSV UTF-8'"]
    for content in (b"", b"\n \n", "\ufeff".encode("utf-8")):
        empty = tmp_path / "empty.csv"
        empty.write_bytes(content)
        assert sheet_problems(empty) == ["empty.csv:-:-: the file is empty; start again from a blank sheet"]


def test_blank_sheet_never_overwrites_or_writes_into_datasets(tmp_path):
    path = agreement.blank_sheet(tmp_path / "mine" / "a.csv")
    with pytest.raises(FileExistsError):
        agreement.blank_sheet(path)
    with pytest.raises(ValueError, match="never writes into datasets"):
        agreement.blank_sheet(agreement._blank_sheet_path().parent / "copy.csv")
    assert sheet_problems(tmp_path / "nothing.csv")[0].startswith("nothing.csv:-:-: no such file")


# --- The export is safe to embed in a web page -----------------------------------

HOSTILE = "</script><script>alert('x')</script><!-- & \u2028\u2029 --> <b>"


def _page(json_ld: str) -> str:
    return f'<html><head><script type="application/ld+json">{json_ld}</script></head><body><p>after</p></body></html>'


class _Scripts(__import__("html.parser").parser.HTMLParser):
    """Collects every <script> element's text and every other tag, as a browser's parser would split them."""

    def __init__(self):
        super().__init__()
        self.scripts, self.tags, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, text):
        if self._in_script:
            self.scripts[-1] += text


def test_a_hostile_note_and_claimant_stay_inside_the_script_block():
    claims = data.load("claims")
    claims.loc[claims["verdict"] != "opinion", "note"] = HOSTILE
    claims.loc[claims["verdict"] != "opinion", "claimant"] = HOSTILE
    reviews = claimreview.claim_reviews(claims, data.load("sources"))
    text = claimreview.to_json(reviews)
    assert not any(ch in text for ch in "<>&\u2028\u2029")
    parser = _Scripts()
    parser.feed(_page(text))
    assert parser.tags == ["html", "head", "script", "body", "p"]
    assert len(parser.scripts) == 1 and json.loads(parser.scripts[0]) == reviews
    assert reviews[0]["reviewRating"]["ratingExplanation"] == HOSTILE


def test_only_web_addresses_are_exported():
    sources = data.load("sources")
    first = data.load("claims").query("verdict != 'opinion'")["first_appearance"].dropna().iloc[0]
    sources.loc[sources["source_id"] == first, "url"] = "javascript:alert(document.cookie)"
    reviews = claimreview.claim_reviews(data.load("claims"), sources)
    urls = []

    def collect(value):
        if isinstance(value, dict):
            urls.extend(v for k, v in value.items() if k == "url")
            [collect(v) for v in value.values()]
        elif isinstance(value, list):
            [collect(v) for v in value]
    collect(reviews)
    assert urls and all(u.startswith(("http://", "https://", "#claim-C")) for u in urls), urls
    assert not any("javascript" in u for u in urls)
    assert any("url" not in r["itemReviewed"].get("firstAppearance", {"url": 1}) for r in reviews)


def test_a_defensible_alternative_is_right_with_a_note_and_a_misconception_gets_its_own_reply(capsys, monkeypatch):
    """Question.also and Question.replies: values or tests, checked in that order after the answer."""
    question = exercises.Question(lambda: 2_300_000.0, "general hint", tolerance=1.0,
                                  also=((2_000_000, "rounded further than needed"),),
                                  replies=((lambda a: a > 10_000_000, "that is the total, not a day's"),
                                           (lambda a: a.missing_attribute, "never shown: the test raises")))
    monkeypatch.setitem(exercises.QUESTIONS, "9.1", question)
    assert printed(capsys, "9.1", 2_300_000) == "Exercise 9.1: right!\n"
    assert printed(capsys, "9.1", 2_000_000) == "Exercise 9.1: right! rounded further than needed\n"
    assert printed(capsys, "9.1", 70_300_000) == "Exercise 9.1: not yet. that is the total, not a day's\n"
    assert printed(capsys, "9.1", 5) == "Exercise 9.1: not yet. Hint: general hint\n"
    assert "no brackets" in printed(capsys, "9.1", [2_300_000])
    assert "not a yes or no" in printed(capsys, "9.1", True)


# --- What makes a row unique ------------------------------------------------------------------------

def test_every_population_row_repeated_word_for_word_is_refused(tmp_path):
    """populations.csv's key is country_code + measure + source_id (datapackage.json): each row, repeated, is
    named by file, row and those columns; a row whose key cells are all blank is refused too."""
    import shutil

    from helpers import checks

    key = checks.package()["resources"]
    key = next(r for r in key if r["name"] == "populations")["schema"]["primaryKey"]
    assert key == ["country_code", "measure", "source_id"]
    shipped = (checks.DATASETS / "populations.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    folder = tmp_path / "datasets"
    shutil.copytree(checks.DATASETS, folder)
    assert checks.check(folder) == []
    for number, line in enumerate(shipped[1:], start=2):
        (folder / "populations.csv").write_text("".join(shipped) + line, encoding="utf-8")
        problems = [str(p) for p in checks.check(folder)]
        assert len(problems) == 1, problems
        assert problems[0].startswith(f"populations.csv:{len(shipped) + 1}:country_code, measure, source_id: "), problems
        assert f"also in row {number}" in problems[0]
    blank_key = "," + shipped[-1].split(",", 1)[1]  # Poland's row with its country_code removed: no key cell left
    (folder / "populations.csv").write_text("".join(shipped) + blank_key, encoding="utf-8")
    problems = [str(p) for p in checks.check(folder)]
    assert any(p.startswith(f"populations.csv:{len(shipped) + 1}:country_code") for p in problems), problems


# --- Boundaries and blanks: what a test must notice (issue 16, item 6) --------------------------------

def test_kappa_exactly_zero_and_the_band_edges():
    assert agreement.cohen_kappa(list("aabb"), list("abab")) == 0.0  # exactly: p_o = p_e = 1/2
    # The kit's source quotes the bands as "<0 poor; 0.01-0.20 slight; 0.21-0.40 fair; ...": 0 itself is not in
    # "slight", so the kit calls it poor; each upper edge belongs to its own band.
    edges = {-0.01: "poor", 0.0: "poor", 0.01: "slight", 0.2: "slight", 0.21: "fair", 0.4: "fair", 0.41: "moderate",
             0.6: "moderate", 0.61: "substantial", 0.8: "substantial", 0.81: "almost perfect", 1.0: "almost perfect"}
    assert {k: agreement.landis_koch(k) for k in edges} == edges
    assert agreement.bands(0.0, 0.0) == ["poor"] and agreement.bands(0.0, 0.01) == ["poor", "slight"]
    assert [agreement.alpha_reading(a) for a in (0.666, 0.667, 0.799, 0.800)] == ["unreliable", "tentative", "tentative", "reliable"]


def test_nan_and_na_blanks_are_left_out_of_kappa_and_the_crosstab():
    import numpy as np
    import pandas as pd

    first = pd.Series(["a", np.nan, "b", "b", None, "a", "b"], dtype=object)
    second = pd.Series(["a", "b", pd.NA, "b", "a", "b", "b"], dtype="string")
    table = agreement.crosstab(first, second)
    assert list(table.index) == ["a", "b"] and list(table.columns) == ["a", "b"]
    assert table.to_numpy().tolist() == [[1, 1], [0, 2]]  # four items coded by both: (a,a) (b,b) (a,b) (b,b)
    kept = ["a", "b", "a", "b"], ["a", "b", "b", "b"]
    assert agreement.cohen_kappa(first, second) == pytest.approx(agreement.cohen_kappa(*kept))
    assert agreement.cohen_kappa(first, second) == pytest.approx(0.5)  # p_o = 3/4, p_e = (2*1 + 2*3)/16 = 1/2
    assert agreement.krippendorff_alpha(first, second) == pytest.approx(agreement.krippendorff_alpha(*kept))


def test_an_interval_over_exactly_two_items_and_not_one():
    low, high = agreement.interval(["a", "b"], ["a", "b"])
    assert (low, high) == (1.0, 1.0)  # every draw that holds both codes agrees fully; one code alone is undefined
    assert agreement.undefined_draws(["a", "b"], ["a", "b"]) > 0
    with pytest.raises(ValueError, match="at least two items"):
        agreement.interval(["a"], ["a"])


def test_true_is_not_taken_for_one(capsys, monkeypatch):
    monkeypatch.setitem(exercises.QUESTIONS, "9.2", exercises.Question(lambda: 1, "count them"))
    assert "not yet" in printed(capsys, "9.2", True) and "not a yes or no" in capsys.readouterr().out + printed(capsys, "9.2", True)
    assert printed(capsys, "9.2", 1) == "Exercise 9.2: right!\n"
    assert "not yet" in printed(capsys, "9.2", False)
    monkeypatch.setitem(exercises.QUESTIONS, "9.3", exercises.Question(lambda: 1.0, "a share", tolerance=0.01))
    assert "not yet" in printed(capsys, "9.3", True)


def test_a_shortened_claim_keeps_whole_words_from_its_start(reviews):
    assert claimreview._short("a" * 75) == "a" * 75  # exactly 75: kept whole
    words = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"[:76]
    assert len(words) == 76 and words.endswith(" four")
    assert claimreview._short(words) == "one two three four five six seven eight nine ten eleven twelve thirteen…"
    assert claimreview._short("x" * 80) == "x" * 74 + "…"  # no space to cut at: cut inside, still marked
    claims = data.load("claims").set_index("claim_id")
    for review in reviews:
        text, short = claims.loc[review["url"].removeprefix("#claim-"), "text"], review["claimReviewed"]
        if len(text) <= 75:
            assert short == text
        else:
            kept = short.removesuffix("…")
            assert short.endswith("…") and len(short) <= 75 and text.startswith(kept) and text[len(kept)] == " "
            assert " " not in text[len(kept) + 1: 74], "cut at the last space that fits"


def test_the_claimreview_document_names_its_vocabulary_types_publisher_and_headline(reviews):
    sources = data.load("sources").set_index("source_id")
    claims = data.load("claims").set_index("claim_id")
    reviewer = {"@type": "Organization", "name": data.package()["contributors"][0]["title"]}
    for review in reviews:
        claim = claims.loc[review["url"].removeprefix("#claim-")]
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["author"] == reviewer
        assert review["reviewRating"] == {"@type": "Rating", "alternateName": claimreview.VERDICT_LABELS[claim["verdict"]],
                                          "ratingExplanation": claim["note"]}
        item = review["itemReviewed"]
        works = [("appearance", claimreview.ARTICLE_SOURCE)]
        if isinstance(claim["first_appearance"], str):
            works.append(("firstAppearance", claim["first_appearance"]))
        else:
            assert "firstAppearance" not in item
        for key, source_id in works:
            work, source = item[key], sources.loc[source_id]
            assert work["@type"] == "CreativeWork"
            assert work["publisher"] == {"@type": "Organization", "name": source["outlet"]}
            if isinstance(source["title"], str):
                assert work["headline"] == source["title"]
            else:
                assert "headline" not in work
    assert any("headline" in r["itemReviewed"]["appearance"] for r in reviews)


def test_a_single_combination_is_one_table_counted_once():
    import pandas as pd

    from helpers import rankings

    choices = pd.DataFrame({"choice_id": ["A1", "B1"], "country_code": ["AAA", "BBB"], "in_30_days": [10.0, 20.0]})
    tables = rankings.every_ranking(choices, [["A1"], ["B1"]], {"AAA": [5], "BBB": [40]}, {"AAA": "Aland"},
                                    {"in 30 days": "in_30_days", "per resident": "per_resident"})
    assert len(tables) == 1 and tables[0][1] == 1
    table = tables[0][0]
    assert list(table.index) == ["Aland", "BBB"]  # a code with no name stays
    assert table.to_dict(orient="list") == {"in 30 days": [2, 1], "per resident": [1, 2]}  # 10/5 = 2 beats 20/40



def test_every_ranking_refuses_empty_lists_with_a_message_that_says_which():
    import pandas as pd

    from helpers import rankings

    choices = pd.DataFrame({"choice_id": ["A1", "B1"], "country_code": ["AAA", "BBB"], "in_30_days": [10.0, 20.0]})
    for versions in ([], [["A1"], []]):
        with pytest.raises(ValueError, match="needs at least one choice_id"):
            rankings.every_ranking(choices, versions, {"AAA": [5]}, {}, {"in 30 days": "in_30_days"})
    with pytest.raises(ValueError, match=r"^every list in `counts` needs at least one population$"):
        rankings.every_ranking(choices, [["A1"], ["B1"]], {"AAA": []}, {}, {"in 30 days": "in_30_days"})


def test_every_ranking_keeps_choice_ids_of_any_type_and_reads_unknown_populations_and_na_as_no_place():
    """Ids are looked up as given (a number is not turned into text); a population given as None and a
    figure stored as pandas' <NA> (a nullable integer column, as read from a CSV with a gap) mean "no place"."""
    import pandas as pd

    from helpers import rankings

    choices = pd.DataFrame({"choice_id": [1, "b", "c"], "country_code": ["AAA", "BBB", "CCC"],
                            "in_30_days": pd.array([10, 20, None], dtype="Int64")})
    tables = rankings.every_ranking(choices, [[1], ["b"], ["c"]], {"AAA": [None], "BBB": [40]}, {},
                                    {"in 30 days": "in_30_days", "per resident": "per_resident"})
    table = tables[0][0]
    assert table["in 30 days"].tolist()[:2] == [2, 1] and pd.isna(table.loc["CCC", "in 30 days"])
    assert pd.isna(table.loc["AAA", "per resident"]) and table.loc["BBB", "per resident"] == 1

# --- What mutation testing of agreement found no test noticing ----------------------------------------

def test_undefined_draws_are_left_out_silently():
    import math
    import warnings

    few = (list("aaaaaaab"), list("aaaaaaaa"))  # many draws hold only "a": 0/0, left out without a warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert math.isnan(agreement.cohen_kappa(list("aaa"), list("aaa")))  # 0/0 is undefined, quietly
        for measure in ("kappa", "alpha"):
            low, high = agreement.interval(*few, measure, resamples=300, seed=1)
            assert low <= high


def test_a_gap_takes_lists_as_well_as_dicts_and_names_the_empty_group():
    assert agreement.gap([3.4, 0.0], [-2.0, -5.0]) == agreement.gap({"u1": 3.4, "u2": 0.0}, {"f1": -2.0, "f2": -5.0})
    assert agreement.gap_interval([3.4, 0.0, 1.0], [-2.0, -5.0]) == agreement.gap_interval(
        {"a": 3.4, "b": 0.0, "c": 1.0}, {"x": -2.0, "y": -5.0})
    for call in (agreement.gap, agreement.gap_interval):
        with pytest.raises(ValueError, match="^first group: a gap needs at least one score"):
            call([], [1.0])
        with pytest.raises(ValueError, match="^second group: a gap needs at least one score"):
            call([1.0], [float("nan")])


def test_the_blank_sheet_comes_from_the_kits_data_and_makes_its_folders(tmp_path):
    from pathlib import Path

    assert agreement._blank_sheet_path() == data.DATASETS / "coding_sheet.csv"
    path = Path(agreement.blank_sheet(tmp_path / "two" / "levels" / "a.csv"))
    assert path.read_bytes() == (data.DATASETS / "coding_sheet.csv").read_bytes()
    with pytest.raises(FileExistsError, match="already exists and may hold a coding"):
        agreement.blank_sheet(path)


# --- The whole line a student reads, for each kind of answer (what mutating exercises showed unread) ----

def _q(expected, **kwargs):
    return exercises.Question(lambda: expected, "look again", **kwargs)


@pytest.mark.parametrize("expected, answer, line", [
    ("C05", "c05 ", "not yet. Almost: check the capitals, and write the answer exactly as the data writes it."),
    ("C05", "C06", "not yet. Hint: look again"),
    ("C05", ["C05"], "not yet. Your answer is a list of several values; the answer is one piece of text, written alone (no brackets)."),
    (21, [21, 3], "not yet. Your answer is a list of several values; the answer is a number, written alone (no brackets)."),
    (0.5, (0.5,), "not yet. Your answer is a list of several values; the answer is a number, written alone (no brackets)."),
    (True, [True], "not yet. Your answer is a list of several values; the answer is one piece of text, written alone (no brackets)."),
    (21, True, "not yet. Your answer is True or False; this exercise wants a value, not a yes or no."),
    ("b", 2, "not yet. The answer is text, so put it in quotes, for example 'a' or 'C01'."),
    ("b", {"b": 1}, "not yet. Hint: look again"),
    (21, "21", "not yet. The answer is a number: write it without quotes (or let Python compute it)."),
    (21, ..., "not answered yet: replace ... with your answer, then run the cell again."),
    (0.5, 0.504, "right!"),
    (0.5, 0.52, "not yet. Hint: look again"),
])
def test_each_kind_of_answer_gets_its_whole_line(capsys, monkeypatch, expected, answer, line):
    monkeypatch.setitem(exercises.QUESTIONS, "9.4", _q(expected, tolerance=0.005))
    assert printed(capsys, "9.4", answer) == f"Exercise 9.4: {line}\n"


def test_a_single_value_in_an_array_is_read_and_a_longer_one_is_a_table(capsys, monkeypatch):
    import numpy as np
    import pandas as pd

    monkeypatch.setitem(exercises.QUESTIONS, "9.5", _q(21))
    assert printed(capsys, "9.5", np.int64(21)) == "Exercise 9.5: right!\n"
    assert printed(capsys, "9.5", pd.Series([21])) == "Exercise 9.5: right!\n"
    assert printed(capsys, "9.5", pd.Series([21, 3])) == ("Exercise 9.5: not yet. Your answer is a whole table or column; "
                                                          "pick out the single value. Hint: look again\n")
    assert printed(capsys, "9.5", pd.Series([], dtype=float)).startswith("Exercise 9.5: not yet. Your answer is a whole table")


def test_alternatives_and_replies_use_the_questions_tolerance(capsys, monkeypatch):
    monkeypatch.setitem(exercises.QUESTIONS, "9.6", exercises.Question(
        lambda: 2.3, "hint", tolerance=0.05, also=((2.0, "rounded further"),), replies=((70.3, "that is the total"),)))
    assert printed(capsys, "9.6", 2.04) == "Exercise 9.6: right! rounded further\n"
    assert printed(capsys, "9.6", 70.33) == "Exercise 9.6: not yet. that is the total\n"


def test_a_coding_answer_counts_blank_and_missing_codes_as_not_accepted(capsys, monkeypatch):
    monkeypatch.setitem(exercises.QUESTIONS, "9.7", _q({"R1": ("010",), "R2": ("111", "114")}))
    assert printed(capsys, "9.7", {"R1": "010", "R2": " 114 "}) == "Exercise 9.7: right!\n"
    line = printed(capsys, "9.7", {"R1": "010"})
    assert line.startswith("Exercise 9.7: not yet: 1 of 2 codes are ones the kit accepts")
    monkeypatch.setitem(exercises.QUESTIONS, "9.8", _q({"R1": ("None",), "R2": ("XXXX",), "R3": ("",)}))
    assert printed(capsys, "9.8", {}).startswith("Exercise 9.8: not yet: 1 of 3 codes")  # only a missing '' matches ''
    monkeypatch.setitem(exercises.QUESTIONS, "9.9", _q(21))
    assert printed(capsys, "9.9", {"R1": "010"}) == "Exercise 9.9: not yet. Hint: look again\n"


def test_an_unknown_exercise_names_the_ones_there_are():
    import re

    with pytest.raises(KeyError, match=re.escape(f"there is no exercise '9.0'; the exercises are {', '.join(exercises.QUESTIONS)}")):
        exercises.check("9.0", 1)


# --- What mutation testing of exercises found no test noticing ------------------------------------------

def _reply_cases():
    """(question, answer, index of the reply or alternative it is written for, "also" or "replies"): each
    answer is the mistake (or defensible reading) a reply names, computed with the kit's own answer helpers.
    So these cases test which reply each mistake gets, not the helpers' values: the lessons' runs with
    their worked solutions test those (tests/test_notebooks.py)."""
    x = exercises
    usa = lambda: x._mean_goldstein("USA")  # noqa: E731
    option = {x._option_type(letter): letter for letter in "abc"}
    return [
        ("1.1", lambda: x._slice_of("C15"), 0, "replies"),
        ("1.2", lambda: x._type_count("event"), 0, "replies"),
        ("1.2", lambda: x._quote_count() + 1, 1, "replies"),
        ("1.3", lambda: x._packet_row("speaker.str.startswith('Keith Alexander')"), 0, "replies"),
        ("1.4", lambda: x._packet_row("speaker.str.startswith('NL Times')"), 0, "replies"),
        ("1.5", lambda: x._claim_with("between partners"), 0, "replies"),
        ("1.6", x._share_held_up, 0, "also"),
        ("1.6", x._share_confirmed_of_all, 0, "replies"),
        ("1.6", lambda: x._share_confirmed() * 100, 1, "replies"),
        ("1.8", x._other_outlet_without, 0, "replies"),
        ("2.1", lambda: float(f"{x._per_day('FRA'):.2g}"), 0, "also"),
        ("2.1", x._france_records, 0, "replies"),
        ("2.1", lambda: x._france_records() / (x._france_days() - 1), 1, "replies"),
        ("2.1", lambda: x._per_day("ESP"), 2, "replies"),
        ("2.1", lambda: float(f"{x._per_day('FRA'):.1g}"), 3, "replies"),
        ("2.2", lambda: str(x.data.load("country_figures").set_index("country_code").loc["FRA", "country"]).upper(), 0, "replies"),
        ("2.2", x._most_in_total, 1, "replies"),
        ("3.1", lambda: round(usa(), 1), 0, "also"),
        ("3.1", lambda: x._mean_goldstein("FRA"), 0, "replies"),
        ("3.1", lambda: float(x._country_scores("USA", "icews_goldstein").mean()), 1, "replies"),
        ("3.1", lambda: float(x._country_scores(None).mean()), 2, "replies"),
        ("3.1", lambda: float(x._country_scores("USA").sum()), 3, "replies"),
        ("3.2", lambda: {k: int(v[0]) for k, v in x._accepted_codes(x.CODING_EXERCISE).items()}, 0, "replies"),
        ("3.2", lambda: {"R02": "111"}, 1, "replies"),
        ("3.2", lambda: {**{k: v[0] for k, v in x._accepted_codes(x.CODING_EXERCISE).items()}, "R12": " 016 "}, 2, "replies"),
        ("3.3", lambda: round(x._kappa_alt(), 1), 0, "also"),
        ("3.3", x._raw_agreement, 0, "replies"),
        ("3.3", lambda: round(x._chance_agreement(), 3), 1, "replies"),
        ("3.3", lambda: round(x._kappa_alt() * 100), 2, "replies"),
        ("3.4", lambda: x._other_rules()[0], 0, "replies"),
        ("3.4", lambda: "111", 1, "replies"),
        ("3.6", x._markers_that_change_code, 0, "replies"),
        ("3.6", lambda: x._markers_that_change_in_one_step("table"), 1, "replies"),
        ("0.1", lambda: x._last_paragraph_with("70.3 million"), 0, "replies"),
        ("0.4", lambda: option["event"], 0, "replies"),
        ("0.4", lambda: option["quote"], 1, "replies"),
    ]


def test_every_reply_and_defensible_alternative_is_reached_by_the_answer_it_is_written_for(capsys):
    for question, answer, index, kind in _reply_cases():
        q = exercises.QUESTIONS[question]
        given = answer()
        assert not exercises._same(given, q.expected(), q.tolerance), (question, given)  # a mistake, not the answer
        exercises.check(question, given)
        line = capsys.readouterr().out
        start = "right! " if kind == "also" else "not yet. "
        assert line == f"Exercise {question}: {start}{getattr(q, kind)[index][1]}\n", (question, given, line)


def test_every_letter_reply_is_given_for_its_letter_and_every_check_takes_its_own_answer(capsys):
    for question, q in exercises.QUESTIONS.items():
        expected = q.expected()
        if isinstance(expected, dict):  # a coding exercise: the reference code of each reaction
            expected = {k: v[0] for k, v in expected.items()}
        exercises.check(question, expected)
        assert capsys.readouterr().out == f"Exercise {question}: right!\n", question
        for spec, text in q.replies:
            if isinstance(spec, str):
                assert spec != expected, question
                exercises.check(question, spec)
                assert capsys.readouterr().out == f"Exercise {question}: not yet. {text}\n", (question, spec)


def test_near_and_rounded_compare_at_the_decimals_they_are_given():
    near = exercises._near(lambda: 1.2345)  # two decimals by default
    assert near(1.23) and not near(1.24) and not near(5) and not near("1.23") and not near(True)
    assert exercises._near(lambda: 1.2345, 3)(1.234) and not exercises._near(lambda: 1.2345, 3)(1.23)
    rounded = exercises._rounded(lambda: 2.3456)  # one decimal by default, and not the value itself
    assert rounded(2.3) and not rounded(2.35) and not rounded(2.3456) and not rounded(2.4) and not rounded("2.3")
    assert exercises._rounded(lambda: 2.3456, 0)(2) and not exercises._rounded(lambda: 2.3456, 0)(2.3)
    assert not exercises._rounded(lambda: 2.3049)(2.3)  # within 0.01 of the value: that is the value, not a rounding


def test_kappa_bands_have_their_edges_where_the_lesson_says():
    assert exercises._kappa_band((["x", "y"], ["x", "y"])) == "a"  # kappa 1
    edge = (["x"] * 10 + ["y"] * 10, ["x"] * 9 + ["y"] + ["x"] + ["y"] * 9)  # 18 of 20 agree, chance 0.5
    assert agreement.cohen_kappa(*edge) == 0.8 and exercises._kappa_band(edge) == "b"  # "above 0.8" leaves 0.8 out
    assert exercises._kappa_band((["x", "x", "y", "y"], ["x", "y", "x", "y"])) == "b"  # kappa exactly 0
    assert exercises._kappa_band((["x", "y"], ["y", "x"])) == "c"  # kappa -1
    assert exercises._kappa_band(exercises.EVEN) == "b" and exercises._kappa_band(exercises.UNEVEN) == "c"


def test_a_coding_answer_counts_each_accepted_code_and_never_a_blank_or_missing_one():
    expected = {"R1": ("010", "011"), "R2": ("111",)}
    assert exercises._accepted({"R1": " 011 ", "R2": "111"}, expected) == 2  # a defensible code and the reference code
    assert exercises._accepted({"R1": "", "R2": "110"}, expected) == 0
    assert exercises._accepted({"R2": "111"}, expected) == 1 and exercises._accepted({}, expected) == 0


@pytest.fixture
def edited_data(monkeypatch):
    """{dataset: DataFrame}: tables the test edits, served to the exercises in place of the shipped ones."""
    from helpers import data as real

    load, tables = real.load, {}
    monkeypatch.setattr(real, "load", lambda name, folder=None: tables[name].copy() if name in tables else load(name, folder))
    return tables


def test_an_exercise_whose_options_rest_on_the_data_says_which_to_revise_when_the_data_changes(edited_data, monkeypatch):
    import pandas as pd

    from helpers import data

    figures = data.load("country_figures")
    edited_data["country_figures"] = figures.assign(records=figures["records"].fillna(1))
    with pytest.raises(ValueError, match=r"^country_figures.csv: every ranked country now has a figure; revise exercise 2.3's options$"):
        exercises._third_checkable()

    france = figures["country_code"] == "FRA"
    edited_data["country_figures"] = figures.assign(what_counted=figures["what_counted"].where(~france, "telephone calls"))
    for answer, exercise in ((exercises._what_the_french_count_is_if_so, "2.5"), (exercises._what_le_monde_counted, "0.3")):
        with pytest.raises(ValueError, match=rf"^country_figures.csv: France's .*revise exercise {exercise}'s options$"):
            answer()
    edited_data["country_figures"] = figures.assign(later_account=figures["later_account"].where(~france, "No later account."))
    with pytest.raises(ValueError, match="revise exercise 2.5's options"):
        exercises._what_the_french_count_is_if_so()
    assert exercises._what_le_monde_counted() == "b"  # it rests on what_counted alone

    # 2.4 rests on the two leaders per resident only: a third country without a later account changes nothing
    preferred = data.load("populations").query("preferred")
    per = figures.merge(preferred, on="country_code").assign(per=lambda t: t["records"] / t["population"])
    leaders = set(per.nlargest(2, "per")["country_code"])
    edited_data["country_figures"] = figures.assign(later_account=figures["later_account"].where(figures["country_code"].isin(leaders)))
    assert exercises._chart_cannot_show() == "a"
    edited_data["country_figures"] = figures.assign(later_account=pd.NA)
    with pytest.raises(ValueError, match=r"^country_figures.csv: a per-resident leader has no later account; revise exercise 2.4's options$"):
        exercises._chart_cannot_show()

    alt = data.load("reactions_alt_coding")
    edited_data["reactions_alt_coding"] = alt.head(2).assign(rule=["one rule", "another rule"])
    with pytest.raises(ValueError, match="two rules now change equally many reactions; revise exercise 3.4"):
        exercises._commonest_rule()

    monkeypatch.setattr(exercises, "_country_scores", lambda country, column="goldstein": pd.Series([0.5, 0.5, -1.0]))
    with pytest.raises(ValueError, match=r"^the data no longer has most French reactions below zero; revise exercise 3.5's option b$"):
        exercises._chart_supports()


def test_the_editorials_letter_follows_its_quotes_verdict_and_blank_fact_refs_are_no_match(edited_data):
    from helpers import data

    claims = data.load("claims")
    quote = claims["fact_ref"].str.contains("Combattre Big Brother", regex=False, na=False) & (claims["claim_type"] == "quote")
    other_quote = (claims["claim_type"] == "quote") & ~quote
    edited_data["claims"] = claims.assign(fact_ref=claims["fact_ref"].mask(other_quote))  # blank fact_refs on other quotes
    for verdict, letter in (("confirmed", "c"), ("not_found", "a")):
        edited_data["claims"] = edited_data["claims"].assign(verdict=edited_data["claims"]["verdict"].mask(quote, verdict))
        assert exercises._editorial_letter() == letter
    edited_data["claims"] = claims.assign(verdict=claims["verdict"].mask(quote, "partly"))
    with pytest.raises(ValueError, match=r"^claims.csv: the editorial's quote now has verdict 'partly'; revise exercise 0.5's options$"):
        exercises._editorial_letter()
    edited_data["claims"] = claims[~quote]
    with pytest.raises(ValueError, match=r"^claims.csv: expected one quote with fact_ref on the Le Monde editorial, found 0$"):
        exercises._editorial_quote()


def test_the_wire_copy_letter_follows_the_sources_row_then_a_byline(monkeypatch):
    paragraphs = ["Headline", "A body."]
    monkeypatch.setattr(exercises, "_paragraphs", lambda: paragraphs)
    for kind, byline, letter in (("wire_copy", True, "b"), ("news", True, "c"), ("news", False, "a")):
        monkeypatch.setattr(exercises, "_article_source", lambda kind=kind: {"kind": kind})
        paragraphs[1:] = ["By A. Writer", "A body."] if byline else ["A body, by nobody."]
        assert exercises._wire_copy_letter() == letter, (kind, byline)


def test_chance_and_raw_agreement_give_the_kappa_the_lesson_computes():
    import math

    po, pe = exercises._raw_agreement(), exercises._chance_agreement()
    assert 0 < pe < 1 and 0 < po <= 1
    assert math.isclose(exercises._kappa_alt(), (po - pe) / (1 - pe))



def test_chance_agreement_and_the_one_step_changes_agree_with_a_count_by_hand():
    """Computed here without the helpers' tables: chance agreement is the sum over codes of the two codings'
    shares, multiplied; a step changes a reaction's marker when its score before and after differ."""
    reactions = data.load("reactions").dropna(subset=["cameo_code"])
    alt = dict(zip(data.load("reactions_alt_coding")["reaction_id"], data.load("reactions_alt_coding")["cameo_code"]))
    pairs = [(code, alt[rid]) for rid, code in zip(reactions["reaction_id"], reactions["cameo_code"]) if rid in alt]
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    chance = sum(first.count(c) / len(pairs) * second.count(c) / len(pairs) for c in set(first) | set(second))
    assert exercises._chance_agreement() == pytest.approx(chance)
    codes = data.load("cameo_codes").set_index("cameo_code")
    score, icews = codes["goldstein"].to_dict(), codes["icews_goldstein"].to_dict()
    by_table = sum(score[a] != icews[a] for a, _ in pairs)
    by_coding = sum(score[a] != score[b] for a, b in pairs)
    assert (exercises._markers_that_change_in_one_step("table"), exercises._markers_that_change_in_one_step("coding")) \
        == (by_table, by_coding)

def test_a_single_value_of_pandas_or_numpy_is_a_number_and_a_longer_one_is_not():
    import numpy as np
    import pandas as pd

    assert exercises._is_number(pd.Series([5])) and exercises._is_number(np.array([2.5])) and exercises._is_number(np.float64(1))
    assert not exercises._is_number(pd.Series([1, 2])) and not exercises._is_number(np.array([])) and not exercises._is_number(True)


def test_friendly_errors_add_the_hint_under_the_error_itself(monkeypatch, capsys):
    import IPython

    class Shell:
        def set_custom_exc(self, kinds, handler):
            self.kinds, self.handler = kinds, handler

        def showtraceback(self, exc_tuple=None, tb_offset=None):
            self.shown = (exc_tuple, tb_offset)

    shell = Shell()
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    exercises.friendly_errors()
    assert shell.kinds == (NameError,)
    error = NameError("name 'France' is not defined")
    shell.handler(shell, NameError, error, "tb", tb_offset=2)
    assert shell.shown == ((NameError, error, "tb"), 2)
    assert capsys.readouterr().out == ("Hint: Python does not know a name France. If you meant the text France, put it in quotes: "
                                       "\"France\". If it is a variable made in an earlier cell, run the cells above first "
                                       "(Run > Run All Above Selected Cell).\n")
    shell.handler(shell, NameError, NameError("something else"), None)
    assert capsys.readouterr().out == ""
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    exercises.friendly_errors()  # outside a notebook: nothing to do


@pytest.mark.parametrize("failure", ["Kernel died before replying to kernel_info", "Kernel didn't respond in 120 seconds"])
def test_a_kernel_that_dies_or_is_slow_at_start_is_started_again_twice_at_most(monkeypatch, failure):
    """A kernel whose port another test worker took dies at start, and one on a busy machine can be slow to answer;
    the test harness starts it again, with no history database each time."""
    import run_lessons

    calls = []

    def start(**options):
        calls.append(options)
        if len(calls) <= failures:
            raise RuntimeError(failure)
        return "manager", "client"

    monkeypatch.setattr(run_lessons, "start_new_kernel", start)
    failures = 2
    assert run_lessons.start_kernel(cwd="x") == ("manager", "client") and len(calls) == 3
    assert all(c == {"kernel_name": "python3", "startup_timeout": 120, "extra_arguments": ["--HistoryManager.enabled=False"],
                     "cwd": "x"} for c in calls)
    calls.clear()
    failures = 3
    with pytest.raises(RuntimeError, match=failure.split()[1]):
        run_lessons.start_kernel()
    assert len(calls) == 3
    def broken(**options):
        calls.append(options)
        raise RuntimeError("no such kernel")

    monkeypatch.setattr(run_lessons, "start_new_kernel", broken)
    calls.clear()
    with pytest.raises(RuntimeError, match="no such kernel"):
        run_lessons.start_kernel()
    assert len(calls) == 1
