"""One-line self-checks for the exercises.

In a notebook::

    answer_1_2 = ...           # the starter: replace ... with your answer
    exercises.check("1.2", answer_1_2)

``check`` prints one line: right, not yet (with a hint that does not give the
answer away), or not answered yet. The expected answers are computed here from
the shipped data, never typed in, so a corrected dataset moves them too.
The worked solutions live in instructors/solutions.py.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Callable

from helpers import data

NOT_ANSWERED = "not answered yet: replace ... with your answer, then run the cell again."


@dataclass(frozen=True)
class Question:
    """One exercise.

    ``expected`` computes the answer from the shipped data. ``also`` lists other answers the lesson
    calls defensible, each as ``(answer or test, note)``: such an answer is right, and the note says a
    word on the alternative. ``replies`` lists known misconceptions the same way, each with its own
    reply instead of the general hint. A test is a function of the answer that returns True or False;
    an answer is compared as the expected one is (with ``tolerance`` for numbers).
    """
    expected: Callable[[], Any]
    hint: str
    tolerance: float = 0.0
    also: tuple = ()
    replies: tuple = ()


def _claims():
    return data.load("claims")


def _quote_count():
    return int((_claims()["claim_type"] == "quote").sum())


def _reversed_quote():
    claims = _claims()
    hollande = claims[(claims["claimant"] == "Hollande") & (claims["claim_type"] == "quote")]
    return hollande["claim_id"].iloc[0]


def _share_confirmed():
    checked = _claims().query("verdict != 'opinion'")
    return float((checked["verdict"] == "confirmed").mean())


def _packet_row(where: str) -> str:
    """The packet_id of the one source-packet row that matches ``where`` (a pandas query)."""
    packet = data.load("source_packet")
    return packet.query(where)["packet_id"].iloc[0]


def _other_outlet_one_figure():
    """Share confirmed among the checked claims credited to other outlets, counting a repeated figure once."""
    checked = _claims().query("verdict != 'opinion' and attribution == 'other_outlet'")
    figure = checked["text"].str.extract(r"(\d[\d,.]*\s*(?:million|billion))", expand=False)
    once = checked[figure.isna() | ~figure.duplicated()]
    return float((once["verdict"] == "confirmed").mean())


def _slice_c16():
    claims = _claims().set_index("claim_id")
    return data.article()[claims.loc["C16", "start"]:claims.loc["C16", "end"]]


def _per_day(code: str) -> float:
    import pandas as pd

    row = data.load("country_figures").set_index("country_code").loc[code]
    days = (pd.Timestamp(row["period_end"]) - pd.Timestamp(row["period_start"])).days + 1
    return float(row["records"] / days)


def _top_per_resident() -> str:
    figures = data.load("country_figures")
    people = data.load("populations").query("preferred")
    merged = figures.merge(people, on="country_code")
    return merged.assign(per=merged["records"] / merged["population"]).sort_values("per", ascending=False)["country_code"].iloc[0]


def _third_checkable() -> str:
    """2.3: 'c' (only in part) while a country the article ranks has no figure in the data."""
    ranked = data.load("country_figures").dropna(subset=["rank_in_article"])
    if not ranked["records"].isna().any():
        raise ValueError("country_figures.csv: every ranked country now has a figure; revise exercise 2.3's options")
    return "c"


def _near_figures(value: float, digits=range(2, 8)):
    """A test: the answer is ``value`` rounded to 2 to 7 significant figures (or ``value`` itself)."""
    def test(answer) -> bool:
        if isinstance(answer, bool):
            return False
        answer = float(answer)
        return any(math.isclose(answer, float(f"{value:.{n}g}"), rel_tol=1e-9) for n in digits) \
            or math.isclose(answer, value, abs_tol=1.0)
    return test


def _france_days() -> int:
    import pandas as pd

    row = data.load("country_figures").set_index("country_code").loc["FRA"]
    return (pd.Timestamp(row["period_end"]) - pd.Timestamp(row["period_start"])).days + 1


def _france_records() -> float:
    return float(data.load("country_figures").set_index("country_code").loc["FRA", "records"])


PER_DAY_ALSO = (
    (lambda a: _near_figures(_per_day("FRA"))(a),
     "Rounded is fine: the counts are approximate, so two significant figures, as the lesson prints them, say all the data supports."),
)
PER_DAY_REPLIES = (
    (lambda a: _near_figures(_france_records(), range(1, 8))(a),
     "That is France's whole count over the period. Divide it by the number of days the period covers."),
    (lambda a: _near_figures(_france_records() / (_france_days() - 1))(a),
     "Close: you left out one day. A period includes both its first and its last day, so add 1 to the difference."),
    (lambda a: _near_figures(_per_day("ESP"), range(3, 8))(a),
     "That is Spain's rate, the worked example's. Put \"FRA\" where the example has \"ESP\"."),
    (lambda a: _near_figures(_per_day("FRA"), [1])(a),
     "Rounded too far: with one significant figure the rate could be half a million more or less. Keep two, as the lesson does."),
)


def _is_country_name(answer) -> bool:
    return isinstance(answer, str) and answer.strip().lower() in set(data.load("country_figures")["country"].str.lower())


def _most_in_total() -> str:
    return data.load("country_figures").sort_values("records", ascending=False)["country_code"].iloc[0]


TOP_PER_RESIDENT_REPLIES = (
    (_is_country_name, "Answer with the country's three-letter code from the country_code column, in quotes, such as 'FRA'."),
    (lambda a: a == _most_in_total(),
     "That country has the most records in total. Per resident, each count is divided by the number of people living there: compare the table below the check."),
    ("FRA", "France has many records, but also many residents. Compare the records per resident in the table below the check."),
)


def _chart_cannot_show() -> str:
    """2.4: 'a' (residents spied on) while the per-resident leaders' records were later said to be their own
    countries' collection; the chart shows the other two (range lines, colours)."""
    figures = data.load("country_figures").merge(data.load("populations").query("preferred"), on="country_code")
    leaders = figures.assign(per=figures["records"] / figures["population"]).nlargest(2, "per")
    if not leaders["later_account"].notna().all():
        raise ValueError("country_figures.csv: a per-resident leader has no later account; revise exercise 2.4's options")
    return "a"


def _what_the_french_count_is_if_so() -> str:
    """2.5: 'b' (records filed under France's name, about targets outside France: the officials' account, as
    Gigaom reports it) while France's row counts metadata and its later account says French intelligence
    gathered the records (fact sheet section 3)."""
    france = data.load("country_figures").set_index("country_code").loc["FRA"]
    if "metadata" not in france["what_counted"] or "French intelligence gathered" not in str(france["later_account"]):
        raise ValueError("country_figures.csv: France's row changed; revise exercise 2.5's options")
    return "b"


def _yardsticks_in_every_combination():
    """For every combination of one reported version per country (ranking_choices.csv) and one
    population count per country, each country's records in 30 days, per day and per resident.
    A daily rate counts 30 days; a period given only by month has no daily rate."""
    import itertools

    import pandas as pd

    versions: dict[str, list] = {}
    for row in data.load("ranking_choices").itertuples():
        if row.per == "day":
            in30, per_day = int(row.records) * 30, float(row.records)
        else:
            exact = len(str(row.period_start)) == 10 and len(str(row.period_end)) == 10
            days = (pd.Timestamp(row.period_end) - pd.Timestamp(row.period_start)).days + 1 if exact else None
            in30, per_day = int(row.records), (row.records / days if days else None)
        versions.setdefault(row.country_code, []).append((in30, per_day))
    people: dict[str, list] = {}
    for row in data.load("populations").dropna(subset=["population"]).itertuples():
        if row.country_code in versions:
            people.setdefault(row.country_code, []).append(int(row.population))
    codes = sorted(versions)
    for picked in itertools.product(*(versions[c] for c in codes)):
        for counts in itertools.product(*(people[c] for c in codes)):
            yield {"in 30 days": {c: v[0] for c, v in zip(codes, picked)},
                   "per day": {c: v[1] for c, v in zip(codes, picked) if v[1] is not None},
                   "per resident": {c: v[0] / n for c, v, n in zip(codes, picked, counts)}}


def _place(values: dict, code: str):
    """1 for the most records; equal values share a place; None when the country has no value."""
    if code not in values:
        return None
    return 1 + sum(v > values[code] for v in values.values())


def _third_claim_that_survives() -> str:
    """The letter of the claim that holds in every combination (exercise 2.4)."""
    britain_has_a_figure = bool(data.load("country_figures").set_index("country_code")["records"].notna()["GBR"])
    claims = {
        "a": lambda y: britain_has_a_figure and _place(y["in 30 days"], "FRA") == 3,
        "b": lambda y: _place(y["in 30 days"], "FRA") == 3,
        "c": lambda y: _place(y["per resident"], "FRA") == 3,
        "d": lambda y: all(_place(y[m], "DEU") < _place(y[m], "FRA") for m in y),
    }
    every = list(_yardsticks_in_every_combination())
    return "".join(k for k, claim in claims.items() if all(claim(y) for y in every))


def _reactions_scored():
    return data.load("reactions").merge(data.load("cameo_codes"), on="cameo_code", how="left")


def _country_scores(country: str | None, column: str = "goldstein"):
    """The scores (reference coding) of the reactions by actors of ``country`` (None: every scored reaction)."""
    scored = _reactions_scored().merge(data.load("actors"), on="actor_id").dropna(subset=[column])
    return scored[column] if country is None else scored.loc[scored["country_code"] == country, column]


def _mean_goldstein(country: str) -> float:
    return float(_country_scores(country).mean())


def _is_number(answer) -> bool:
    if hasattr(answer, "shape"):
        return getattr(answer, "size", 0) == 1
    return isinstance(answer, (int, float)) and not isinstance(answer, bool)


def _near(value: Callable[[], float], places: int = 2):
    """A test: the answer is a single number that rounds, to ``places`` decimals, as ``value()`` does."""
    def test(answer) -> bool:
        return _is_number(answer) and round(float(answer), places) == round(value(), places)
    return test


def _rounded(value: Callable[[], float], places: int = 1):
    """A test: the answer is ``value()`` rounded to ``places`` decimals, as a chart or a printout shows it."""
    def test(answer) -> bool:
        return _is_number(answer) and not math.isclose(float(answer), value(), abs_tol=0.01) \
            and math.isclose(float(answer), round(value(), places), abs_tol=1e-9)
    return test


def _accepted_codes(ids: tuple[str, ...]) -> dict:
    """{reaction: (reference code, codes its coding note calls "Also defensible")}, read from reactions.csv."""
    reactions = data.load("reactions").set_index("reaction_id")
    accepted = {}
    for i in ids:
        also = re.findall(r"Also defensible: (\d{3,4})\b", str(reactions.loc[i, "coding_note"]))
        accepted[i] = tuple(dict.fromkeys([reactions.loc[i, "cameo_code"], *also]))
    return accepted


def _both_codings():
    """The coded reactions with their reference code and their code under the alternative rules."""
    both = data.load("reactions").merge(data.load("reactions_alt_coding"), on="reaction_id", suffixes=("", "_alt"))
    return both.dropna(subset=["cameo_code"])


def _kappa_alt() -> float:
    from helpers import agreement

    both = _both_codings()
    return agreement.cohen_kappa(both["cameo_code"], both["cameo_code_alt"])


def _raw_agreement() -> float:
    both = _both_codings()
    return float((both["cameo_code"] == both["cameo_code_alt"]).mean())


def _chance_agreement() -> float:
    """p_e: the agreement two codings would reach by chance, from how often each used each code."""
    from helpers import agreement

    both = _both_codings()
    table = agreement.crosstab(both["cameo_code"], both["cameo_code_alt"])
    return float((table.sum(axis=1) * table.sum(axis=0)).sum() / table.to_numpy().sum() ** 2)


def _commonest_rule() -> str:
    rules = data.load("reactions_alt_coding")["rule"].value_counts()
    if len(rules) > 1 and rules.iloc[0] == rules.iloc[1]:
        raise ValueError("reactions_alt_coding.csv: two rules now change equally many reactions; revise exercise 3.4")
    return rules.index[0]


def _other_rules() -> list:
    return [r for r in data.load("reactions_alt_coding")["rule"].dropna().unique() if r != _commonest_rule()]


CODING_EXERCISE = ("R02", "R12", "R19", "R21")


def _codes_as_numbers(answer) -> bool:
    return isinstance(answer, dict) and any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in answer.values())


def _missing_reactions(answer) -> bool:
    return isinstance(answer, dict) and set(answer) != set(CODING_EXERCISE)


def _playing_down_as_denial(answer) -> bool:
    """R12 ("I don't think there is any need for an escalation") coded as a denial, which the kit does not accept."""
    return isinstance(answer, dict) and str(answer.get("R12", "")).strip() == "016" \
        and "016" not in _accepted_codes(("R12",))["R12"]


# Exercise 3.5: what the chart by actor supports. The options' text is in the notebook.


def _chart_supports() -> str:
    """3.5: 'b' while most of the French reactions (reference coding, GDELT) score below zero; the
    other options speak of anger, which a score does not measure, and of the whole week, which the
    selection does not cover."""
    french = _country_scores("FRA")
    if not (french < 0).mean() > 0.5:
        raise ValueError("the data no longer has most French reactions below zero; revise exercise 3.5's option b")
    return "b"


# Exercise 3.7: two made-up codings of twelve items that agree on ten. In UNEVEN one code
# dominates; in EVEN two codes are used equally often. Kappa reads them very differently.
UNEVEN = (["111"] * 11 + ["110"], ["111"] * 10 + ["110", "111"])
EVEN = (["111"] * 6 + ["110"] * 6, ["111"] * 5 + ["110"] * 6 + ["111"])


def _kappa_band(codings) -> str:
    """'a' above 0.8, 'b' from 0 to 0.8, 'c' below 0."""
    from helpers import agreement

    kappa = agreement.cohen_kappa(*codings)
    return "a" if kappa > 0.8 else "b" if kappa >= 0 else "c"


def _markers_that_move() -> int:
    """Reactions whose score changes from (reference coding, GDELT) to (alternative coding, ICEWS)."""
    codes = data.load("cameo_codes")
    reference = data.load("reactions").merge(codes, on="cameo_code")[["reaction_id", "goldstein"]]
    alternative = data.load("reactions_alt_coding").merge(codes, on="cameo_code")[["reaction_id", "icews_goldstein"]]
    both = reference.merge(alternative, on="reaction_id")
    return int((both["goldstein"] != both["icews_goldstein"]).sum())


def _markers_that_change_code() -> int:
    """Reactions whose code changes under the alternative rules (a summons keeps its score)."""
    both = _both_codings()
    return int((both["cameo_code"] != both["cameo_code_alt"]).sum())


def _markers_that_change_in_one_step(step: str) -> int:
    """Reactions whose score changes with only the score table (ICEWS) or only the coding (alternative) changed."""
    codes = data.load("cameo_codes").set_index("cameo_code")
    both = _both_codings()
    before = codes.loc[both["cameo_code"], "goldstein"].to_numpy()
    after = codes.loc[both["cameo_code"], "icews_goldstein"].to_numpy() if step == "table" \
        else codes.loc[both["cameo_code_alt"], "goldstein"].to_numpy()
    return int((before != after).sum())


QUESTIONS: dict[str, Question] = {
    # Lesson 1 (notebooks/01-tabulating-claims.ipynb). What the replies and notes compare with is at the end of this file.
    "1.1": Question(_slice_c16, "copy the line that cut out C15 above, and write c16 in place of c15 in both places.",
                    replies=((lambda a: a == _slice_of("C15"), "That is C15's text, the worked example. Use c16's start and end to cut out C16."),)),
    "1.2": Question(_quote_count, "copy the worked example's first line after its = and put \"quote\" where it says \"event\".",
                    replies=((lambda a: a == _type_count("event"), "That is the number of events, from the worked example. Put \"quote\" where it says \"event\"."),
                             (lambda a: a == _quote_count() + 1, "Close: you may have counted the editorial's title, \"Fighting Big Brother\". It is inside an event claim, not a quote of its own."))),
    "1.3": Question(lambda: _packet_row("on_record == False"), "read the 'Who speaks' line of each excerpt: which one names nobody? Answer with its packet_id, such as 'P01'.",
                    replies=((lambda a: a == _packet_row("speaker.str.startswith('Keith Alexander')"), "Keith Alexander gives his name: he is on the record, though he speaks for the agency accused. Look for people who gave no names."),)),
    "1.4": Question(lambda: _packet_row("later_correction.notna()"), "look for an excerpt with a 'Later:' line; answer with its packet_id, such as 'P01'.",
                    replies=((lambda a: a == _packet_row("speaker.str.startswith('NL Times')"), "That is a later report with a new account, not a correction of an earlier one. Look for a 'Later:' line."),)),
    "1.5": Question(_reversed_quote, "compare the word order inside each quotation with the Élysée's \"alliés et amis\"; answer with the claim_id, such as 'C01'.",
                    replies=((lambda a: a == _claim_with("between partners"), "Those are the Foreign Ministry's words (\"between partners\"). The Élysée's \"allies and friends\" came after Hollande's call with Obama."),)),
    "1.6": Question(_share_confirmed, "copy the worked example's line and put \"confirmed\" where it says \"disputed\" (a share between 0 and 1).",
                    tolerance=0.005,
                    also=((lambda a: math.isclose(float(a), _share_held_up(), abs_tol=0.005),
                           "That counts partly confirmed claims as held up, the second reading the lesson calls defensible. Confirmed only gives a lower share: say which reading you use."),),
                    replies=((lambda a: math.isclose(float(a), _share_confirmed_of_all(), abs_tol=0.005),
                              "That divides by every claim, opinions included. Opinions cannot be checked: divide by the checked claims only."),
                             (lambda a: 1 < float(a) <= 100 and math.isclose(float(a) / 100, _share_confirmed(), abs_tol=0.005),
                              "That is a percentage. Write it as a share between 0 and 1 (divide by 100)."))),
    "1.7": Question(lambda: _verdicts_chart_cannot_show(), "the chart shows counts and shares of verdicts; which question would need sources the kit did not retrieve? Answer 'a', 'b' or 'c'.",
                    replies=(("a", "The chart does show that: each piece of a bar carries its count."),
                             ("b", "The chart does show that, for this article and these verdicts: compare the green pieces."))),
    "1.8": Question(_other_outlet_one_figure, "keep the checked claims whose attribution is 'other_outlet', drop C05, then take the share whose verdict is 'confirmed'.",
                    tolerance=0.005,
                    replies=((lambda a: math.isclose(float(a), _other_outlet_without(), abs_tol=0.005),
                              "That is the share with C05 still in, the one the chart shows. Leave C05 out first."),)),
    "2.1": Question(lambda: _per_day("FRA"), "divide France's records by the number of days from period_start to period_end, counting both ends, as the worked example does for Spain.",
                    tolerance=1.0, also=PER_DAY_ALSO, replies=PER_DAY_REPLIES),
    "2.2": Question(_top_per_resident, "think of each country's records divided by its residents; answer with a country_code in quotes, such as 'FRA'.",
                    replies=TOP_PER_RESIDENT_REPLIES),
    "2.3": Question(_third_checkable, "look at the rows with a rank_in_article: does each of them have a figure? Answer 'a', 'b' or 'c'.",
                    replies=(("a", "Count again in the list: how many countries with a figure have more records than France? And does Britain, which the article puts above France, have a figure?"),
                             ("b", "Look at the per-resident table: how many countries come before France? And per resident is not what Le Monde ranked by."))),
    "2.4": Question(_chart_cannot_show, "the chart counts records filed under each country's name; section 1 says what those records are. Answer 'a', 'b' or 'c'.",
                    replies=(("b", "The black lines show exactly that: each runs from the lowest to the highest value under every reported version."),
                             ("c", "The colour shows that: the key says which bars count telephone and internet records."))),
    "2.5": Question(_what_the_french_count_is_if_so, "reread what BOUNDLESSINFORMANT counts (section 1) and what the U.S. officials said about where the targets were. Answer 'a', 'b' or 'c'.",
                    replies=(("a", "The counts are metadata (who called whom, when, for how long), not calls listened to; that was so before 29 October too."),
                             ("c", "That is the reading the U.S. officials disputed: they said French intelligence gathered the records, about targets outside France."))),
    "2.6": Question(_third_claim_that_survives, "think about which claim no version of any figure can upset; only one is true in every combination. Answer 'a', 'b', 'c' or 'd'.",
                    replies=(("a", "Britain, which Le Monde puts above France, has no figure in the data, so no combination can test that sentence."),
                             ("b", "France third in 30 days holds in some combinations only; the cells after this check count them."),
                             ("c", "France third per resident holds in some combinations only; the cells after this check count them."))),
    "3.1": Question(lambda: _mean_goldstein("USA"), "copy the worked example's scored.loc[...].mean() and change \"France\" to \"United States\".",
                    tolerance=0.01,
                    also=((_rounded(lambda: _mean_goldstein("USA")), "That is the average rounded to one decimal, as the chart's text shows it; unrounded it has more decimals."),),
                    replies=((_near(lambda: _mean_goldstein("FRA")), "That is the French average, the worked example's: change \"France\" to \"United States\"."),
                             (_near(lambda: float(_country_scores("USA", "icews_goldstein").mean())), "That is the average of the ICEWS scores (icews_goldstein); this exercise asks for the GDELT column, goldstein."),
                             (_near(lambda: float(_country_scores(None).mean())), "That is the average of every scored reaction; keep only the rows whose country is \"United States\"."),
                             (_near(lambda: float(_country_scores("USA").sum())), "That is the total of the American scores; an average divides the total by how many there are: .mean()."))),
    "3.2": Question(lambda: _accepted_codes(CODING_EXERCISE), "give each code as text with its leading zero, such as '010'; compare each reaction's words with the code names in the table of section 1.",
                    replies=((_codes_as_numbers, "Write each code as text in quotes, such as \"010\": as a number, 010 loses its leading zero and is no longer a CAMEO code."),
                             (_missing_reactions, "Give one code for each of the four reactions, R02, R12, R19 and R21, and no other."),
                             (_playing_down_as_denial, "R12: \"I don't think there is any need for an escalation\" rejects no accusation, so it is not 016 Deny responsibility. Which code fits words that are neither friendly nor hostile?"))),
    "3.3": Question(_kappa_alt, "put both[\"cameo_code\"] and both[\"cameo_code_alt\"] inside agreement.cohen_kappa(...), in place of coder_x and coder_y.",
                    tolerance=0.01,
                    also=((_rounded(_kappa_alt), "That is kappa rounded to one decimal; unrounded it has more decimals."),),
                    replies=((_near(_raw_agreement), "That is the raw agreement, the share of reactions with the same code. Kappa takes the agreement expected by chance out of it."),
                             (_near(_chance_agreement, 3), "That is the agreement expected by chance; kappa takes it out of the raw agreement."),
                             (lambda a: _is_number(a) and round(float(a)) == round(_kappa_alt() * 100), "Kappa is not a percentage: it runs up to 1, so write it as a decimal."))),
    "3.4": Question(_commonest_rule, "count how many of the differences each rule in the rule column causes, and answer with the name of the rule with the most, in quotes.",
                    replies=((lambda a: isinstance(a, str) and a.strip() in _other_rules(), "That rule changes fewer reactions than another one: count the rows of each rule in the list of differences."),
                             (lambda a: isinstance(a, str) and a.strip().isdigit(), "Answer with the rule's name from the rule column, not with a code."))),
    "3.5": Question(_chart_supports, "a Goldstein score scores the kind of act, and the chart shows only the kit's selection; which statement stays inside both limits? Answer 'a', 'b' or 'c'.",
                    replies=(("a", "A Goldstein score belongs to the kind of act, not to how angry anyone was: two summonses score the same, however angry."),
                             ("c", "The chart shows the kit's selection, not everything French actors said that week."))),
    "3.6": Question(_markers_that_move, "line up each reaction's goldstein score (reference coding) with its icews_goldstein score under the alternative coding, and count the rows where they differ.",
                    replies=((lambda a: _is_number(a) and a == _markers_that_change_code() != _markers_that_move(), "That counts the reactions whose code changes; a code can change and keep its score (compare 110 and 114 in the codebook excerpt). Count the scores that differ."),
                             (lambda a: _is_number(a) and a in {_markers_that_change_in_one_step("table"), _markers_that_change_in_one_step("coding")} and a != _markers_that_move(), "That changes only one of the two: the question changes both the coding and the score table at once."))),
    "3.7": Question(lambda: _kappa_band(UNEVEN), "compare the agreement you would expect by chance when one code is used almost every time with the agreement observed; answer 'a', 'b' or 'c'.",
                    replies=(("a", "Ten of twelve match, but kappa takes out the agreement expected by chance, and with one code used almost every time that is already very high."),
                             ("b", "Ten of twelve match, but chance alone would match even more often here: one code is used eleven times out of twelve by each coder."))),
    # Start here (notebooks/00-start-here.ipynb). The functions are at the end of this file, hence the lambdas.
    "0.1": Question(lambda: _first_paragraph_with("70.3 million"),
                    "find the first numbered paragraph of the printed article that contains 70.3 million; answer with its number, without quotes.",
                    replies=((lambda a: a == _last_paragraph_with("70.3 million"), "That paragraph gives the figure, but it appears earlier too: look again from the top."),)),
    "0.2": Question(lambda: _wire_copy_letter(),
                    "look at what the cells above found: the article's row in sources.csv, its byline, and the claims that agency copy backs. Answer 'a', 'b' or 'c'.",
                    replies=(("b", "Agency copy reporting the same facts fits wire copy, but any careful report of the same events would look the same. Does any source say who wrote the text?"),
                             ("c", "Look at the last line the cell printed: is there a byline in the stored text?"))),
    "0.3": Question(lambda: _what_le_monde_counted(),
                    "reread the two quotations above: what can the tool behind the figure display? Answer 'a', 'b' or 'c'.",
                    replies=(("a", "That is the misreading this lesson is about. Le Monde wrote \"recordings\", but the tool behind the figure \"is only capable of displaying metadata\": who called whom, when, for how long. Nothing in it shows that anyone listened to a call."),
                             ("c", "Reread Le Monde's own sentence above: its \"over\" is in \"over a period of thirty days\", and the figure is 70,3 million. \"Over 70.3 million\" is Haaretz's wording."))),
    "0.4": Question(lambda: _judgement_letter(),
                    "which passage could another writer put otherwise, and is in the paper's own voice? Answer 'a', 'b' or 'c'.",
                    replies=((lambda a: _option_type(a) == "event", "A summons is an event: other sources can confirm that it happened. Look for a word that judges."),
                             (lambda a: _option_type(a) == "quote", "Those are Kerry's words, and the article says so: a quote, not the paper's own judgement."))),
    "0.5": Question(lambda: _editorial_letter(),
                    "an editorial is the paper's own view; then reread what the fact sheet holds about the editorial, just above the exercise: was the Le Monde page retrieved? Answer 'a', 'b' or 'c'.",
                    replies=(("b", "Reporting that an editorial appeared is news, but what an editorial argues is its paper's opinion."),
                             ("c", "Reread what the fact sheet holds: the Le Monde page itself was not retrieved, so nothing could be compared word for word."))),
}


def _accepted(answer: dict, expected: dict) -> int:
    """How many reactions of a coding answer get a code the kit accepts for them."""
    return sum(str(answer.get(k, "")).strip() in codes for k, codes in expected.items())


def _same(answer, expected, tolerance: float) -> bool:
    if isinstance(expected, dict) and all(isinstance(v, tuple) for v in expected.values()):
        return isinstance(answer, dict) and set(answer) == set(expected) and _accepted(answer, expected) == len(expected)
    if hasattr(answer, "shape"):  # a numpy or pandas value: a table of one cell counts as its value
        if getattr(answer, "size", 0) != 1:
            return False
        try:
            answer = (answer.to_numpy() if hasattr(answer, "to_numpy") else answer).item()
        except (AttributeError, TypeError, ValueError):  # something else with a shape: not a value to compare
            return False
    if isinstance(expected, float):
        if isinstance(answer, bool):  # True is 1 to float(): never a right number
            return False
        try:
            return math.isclose(float(answer), expected, abs_tol=tolerance)
        except (TypeError, ValueError):
            return False
    if isinstance(answer, str) and isinstance(expected, str):
        return answer.strip() == expected.strip()
    return type(answer) is not bool and answer == expected


def _wrong_kind(answer, expected) -> str | None:
    """A hint when the answer is the wrong kind of value (text for a number, capitals that differ, ...)."""
    if isinstance(expected, str) and isinstance(answer, str):
        if answer.strip().lower() == expected.strip().lower():
            return "Almost: check the capitals, and write the answer exactly as the data writes it."
        return None
    if isinstance(answer, (list, tuple, set)) and not isinstance(expected, (list, tuple, set, dict)):
        kind = "a number" if isinstance(expected, (int, float)) and not isinstance(expected, bool) else "one piece of text"
        return f"Your answer is a list of several values; the answer is {kind}, written alone (no brackets)."
    if isinstance(answer, bool) and not isinstance(expected, bool):
        return "Your answer is True or False; this exercise wants a value, not a yes or no."
    if isinstance(expected, str) and not hasattr(answer, "shape") and not isinstance(answer, dict):
        return "The answer is text, so put it in quotes, for example 'a' or 'C01'."
    if isinstance(expected, (int, float)) and not isinstance(expected, bool) and isinstance(answer, str):
        return "The answer is a number: write it without quotes (or let Python compute it)."
    return None


def _matches(spec, answer, tolerance: float) -> bool:
    """Whether ``answer`` is the one ``spec`` names: a value compared as ``_same`` does, or a test."""
    if callable(spec):
        try:
            return bool(spec(answer))
        except Exception:  # a test written for one kind of answer says no to another kind
            return False
    return _same(answer, spec, tolerance)


def _first(pairs: tuple, answer, tolerance: float) -> str | None:
    return next((text for spec, text in pairs if _matches(spec, answer, tolerance)), None)


def check(question: str, answer: Any) -> None:
    """Print whether ``answer`` to exercise ``question`` is right."""
    if question not in QUESTIONS:
        raise KeyError(f"there is no exercise {question!r}; the exercises are {', '.join(QUESTIONS)}")
    q = QUESTIONS[question]
    if answer is Ellipsis:
        print(f"Exercise {question}: {NOT_ANSWERED}")
    elif _same(answer, q.expected(), q.tolerance):
        print(f"Exercise {question}: right!")
    elif (note := _first(q.also, answer, q.tolerance)) is not None:
        print(f"Exercise {question}: right! {note}")
    elif _wrong_kind(answer, q.expected()):
        print(f"Exercise {question}: not yet. {_wrong_kind(answer, q.expected())}")
    elif (reply := _first(q.replies, answer, q.tolerance)) is not None:
        print(f"Exercise {question}: not yet. {reply}")
    elif isinstance(answer, dict) and isinstance(q.expected(), dict):
        expected = q.expected()
        print(f"Exercise {question}: not yet: {_accepted(answer, expected)} of {len(expected)} codes are ones the kit accepts "
              f"(the reference code, or one its coding notes call defensible). Hint: {q.hint}")
    elif hasattr(answer, "shape"):
        print(f"Exercise {question}: not yet. Your answer is a whole table or column; pick out the single value. Hint: {q.hint}")
    else:
        print(f"Exercise {question}: not yet. Hint: {q.hint}")


def friendly_errors() -> None:
    """Add a plain-language hint under the most common beginner's error in this notebook.

    Typing an answer such as C13 without quotes makes Python look for a
    variable called C13 and stop with a NameError. After this call (in a
    notebook; elsewhere it does nothing) such an error is followed by a hint
    that says what to do. The error itself is still shown in full.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return

    def explain(shell, etype, value, tb, tb_offset=None):
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        match = re.search(r"name '([^']+)' is not defined", str(value))
        if match:
            name = match.group(1)
            print(f"Hint: Python does not know a name {name}. If you meant the text {name}, put it in quotes: "
                  f"\"{name}\". If it is a variable made in an earlier cell, run the cells above first "
                  f"(Run > Run All Above Selected Cell).")

    shell.set_custom_exc((NameError,), explain)


# --- Start here (lesson 0): expected answers, computed from the data ------------------------------
# Multiple-choice options are the letters "a", "b", "c", with the options' text in the notebook.

START_HERE_SENTENCES = {
    "a": "summoning the U.S. ambassador",
    "b": "one of our oldest allies",
    "c": "France reacted with predictable indignation",
}
"""Exercise 0.4's options: each is a passage of the article, found in exactly one claim of claims.csv."""


def _paragraphs() -> list[str]:
    return data.article().split("\n\n")


def _first_paragraph_with(words: str) -> int:
    """The number (counting from 1, as claims.csv's paragraph column does) of the first paragraph containing ``words``."""
    return next(i for i, paragraph in enumerate(_paragraphs(), start=1) if words in paragraph)


def _article_source():
    """The article's own row in sources.csv, found by its headline (the article's second paragraph)."""
    sources = data.load("sources")
    rows = sources[sources["title"] == _paragraphs()[1]]
    if len(rows) != 1:
        raise ValueError(f"sources.csv: expected one row whose title is the article's headline, found {len(rows)}")
    return rows.iloc[0]


def _wire_copy_letter() -> str:
    """0.2, a judgement. It rests on the article's row in sources.csv (the kit's `kind` for the page the
    fact sheet's section 1 row "Outlet, headline, kicker" cites; the sheet has no row on who wrote it)
    and on the stored text: "b" if the kit recorded the article as agency copy, "c" if the text opens
    a paragraph with a byline ("By ..."), otherwise "a" (the sources retrieved do not say who wrote it)."""
    if _article_source()["kind"] == "wire_copy":
        return "b"
    if any(p.startswith("By ") for p in _paragraphs()):
        return "c"
    return "a"


def _what_le_monde_counted() -> str:
    """0.3, a judgement. It rests on France's row in country_figures.csv (what_counted), which follows
    the fact sheet's section 2 reading note: BOUNDLESSINFORMANT counts metadata records, not calls
    listened to: "b" (records about French phone calls: metadata, not what was said) when the row says metadata."""
    france = data.load("country_figures").set_index("country_code").loc["FRA"]
    if "metadata" not in france["what_counted"].lower():
        raise ValueError("country_figures.csv: France's what_counted no longer says metadata; revise exercise 0.3's options")
    return "b"


def _claim_containing(passage: str):
    """The one row of claims.csv whose text contains ``passage``."""
    claims = data.load("claims")
    rows = claims[claims["text"].str.contains(passage, regex=False)]
    if len(rows) != 1:
        raise ValueError(f"claims.csv: expected one claim containing {passage!r} in its text column, found {len(rows)}")
    return rows.iloc[0]


def _judgement_letter() -> str:
    """0.4: the option whose claim is a characterization in Haaretz's own voice, from claims.csv's
    claim_type and attribution columns."""
    letters = [letter for letter, passage in START_HERE_SENTENCES.items()
               if (claim := _claim_containing(passage))["claim_type"] == "characterization"
               and claim["attribution"] == "own_voice"]
    if len(letters) != 1:
        raise ValueError(f"claims.csv: expected one of exercise 0.4's options to be coded own_voice characterization, found {letters}")
    return letters[0]


def _editorial_quote():
    """The quoted sentence from Le Monde's editorial: the quote claim(s) resting on the fact sheet's
    section 1 row 'Le Monde editorial "Combattre Big Brother"'."""
    claims = data.load("claims")
    rows = claims[claims["fact_ref"].str.contains("Combattre Big Brother", regex=False, na=False)
                  & (claims["claim_type"] == "quote")]
    if len(rows) != 1:
        raise ValueError(f"claims.csv: expected one quote with fact_ref on the Le Monde editorial, found {len(rows)}")
    return rows.iloc[0]


def _editorial_letter() -> str:
    """0.5. The genre (opinion, if the piece is an editorial as Haaretz says; the fact sheet's evidence
    for that is indirect) is the same in options "a" and "c"; the letter follows
    the verdict of the editorial's quoted sentence in claims.csv: "c" if it was confirmed word for
    word, "a" if it was not found (the fact sheet's row says the Le Monde page itself was not retrieved)."""
    verdict = _editorial_quote()["verdict"]
    if verdict not in ("confirmed", "not_found"):
        raise ValueError(f"claims.csv: the editorial's quote now has verdict {verdict!r}; revise exercise 0.5's options")
    return "c" if verdict == "confirmed" else "a"


def _last_paragraph_with(words: str) -> int:
    """The number of the last paragraph containing ``words`` (0.1's known slip: the body's mention)."""
    return [i for i, paragraph in enumerate(_paragraphs(), start=1) if words in paragraph][-1]


def _option_type(letter) -> str | None:
    """0.4: the claim_type of the claim an option's passage is found in (None for a letter not offered)."""
    passage = START_HERE_SENTENCES.get(str(letter).strip().lower())
    return _claim_containing(passage)["claim_type"] if passage else None


# --- Lesson 1: what the replies and notes compare with, computed from the data ---------------------

def _slice_of(claim_id: str) -> str:
    claims = _claims().set_index("claim_id")
    return data.article()[claims.loc[claim_id, "start"]:claims.loc[claim_id, "end"]]


def _type_count(claim_type: str) -> int:
    return int((_claims()["claim_type"] == claim_type).sum())


def _claim_with(words: str) -> str:
    """The claim_id of the one quote whose text contains ``words``."""
    claims = _claims()
    rows = claims[(claims["claim_type"] == "quote") & claims["text"].str.contains(words, regex=False)]
    if len(rows) != 1:
        raise ValueError(f"claims.csv: expected one quote containing {words!r}, found {len(rows)}")
    return rows["claim_id"].iloc[0]


def _share_held_up() -> float:
    """1.6's other defensible reading: confirmed or partly, among the checked claims."""
    checked = _claims().query("verdict != 'opinion'")
    return float(checked["verdict"].isin(["confirmed", "partly"]).mean())


def _share_confirmed_of_all() -> float:
    """1.6's known slip: confirmed claims over every claim, opinions included."""
    return float((_claims()["verdict"] == "confirmed").mean())


def _other_outlet_without(*claim_ids: str) -> float:
    """Share confirmed among the checked claims credited to other outlets, leaving out ``claim_ids``."""
    checked = _claims().query("verdict != 'opinion' and attribution == 'other_outlet'")
    kept = checked[~checked["claim_id"].isin(claim_ids)]
    return float((kept["verdict"] == "confirmed").mean())


def _verdicts_chart_cannot_show() -> str:
    """1.7: "c" (whether the claims not found in the sources retrieved are true or false) while the
    verdicts chart includes such claims; the chart shows the counts (a) and the smallest share (b)."""
    if not (_claims().query("verdict != 'opinion'")["verdict"] == "not_found").any():
        raise ValueError("claims.csv: no checked claim is not_found any more; revise exercise 1.7's options")
    return "c"
