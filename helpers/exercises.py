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
    """'b': the ranking cannot be checked while a ranked country has no figure."""
    ranked = data.load("country_figures").dropna(subset=["rank_in_article"])
    return "b" if ranked["records"].isna().any() else "a"


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


def _what_the_chart_cannot_show() -> str:
    """'b' (residents spied on) while the per-resident leaders' records were later said to be their own
    countries' collection; the chart shows the other two (exercise 2.5)."""
    figures = data.load("country_figures").merge(data.load("populations").query("preferred"), on="country_code")
    leaders = figures.assign(per=figures["records"] / figures["population"]).nlargest(2, "per")
    return "b" if leaders["later_account"].notna().all() else "a"


def _reactions_scored():
    return data.load("reactions").merge(data.load("cameo_codes"), on="cameo_code", how="left")


def _mean_goldstein(country: str) -> float:
    scored = _reactions_scored().merge(data.load("actors"), on="actor_id")
    return float(scored.loc[scored["country_code"] == country, "goldstein"].mean())


def _accepted_codes(ids: tuple[str, ...]) -> dict:
    """{reaction: (reference code, codes its coding note calls "Also defensible")}, read from reactions.csv."""
    reactions = data.load("reactions").set_index("reaction_id")
    accepted = {}
    for i in ids:
        also = re.findall(r"Also defensible: (\d{3,4})\b", str(reactions.loc[i, "coding_note"]))
        accepted[i] = tuple(dict.fromkeys([reactions.loc[i, "cameo_code"], *also]))
    return accepted


def _kappa_alt() -> float:
    from helpers import agreement

    both = data.load("reactions").merge(data.load("reactions_alt_coding"), on="reaction_id", suffixes=("", "_alt"))
    return agreement.cohen_kappa(both["cameo_code"], both["cameo_code_alt"])


def _commonest_rule() -> str:
    rules = data.load("reactions_alt_coding")["rule"].value_counts()
    return rules.index[0]


CODING_EXERCISE = ("R02", "R12", "R19", "R21")

# Exercise 3.5: two made-up codings of twelve items that agree on ten. In UNEVEN one code
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

QUESTIONS: dict[str, Question] = {
    "1.1": Question(_slice_c16, "slice the article with the start and end of C16: article[start:end]."),
    "1.2": Question(_quote_count, "count the rows whose claim_type is 'quote'; value_counts() gives one number per type."),
    "1.3": Question(lambda: _packet_row("on_record == False"), "read the 'Who speaks' line of each excerpt: which one names nobody? Answer with its packet_id, such as 'P01'."),
    "1.4": Question(lambda: _packet_row("later_correction.notna()"), "look for an excerpt with a 'Later:' line; answer with its packet_id, such as 'P01'."),
    "1.5": Question(_reversed_quote, "compare the word order inside each quotation with the Élysée's \"alliés et amis\"; answer with the claim_id, such as 'C01'."),
    "1.6": Question(_share_confirmed, "leave out the opinions first, then divide the confirmed claims by all the checked ones (a share between 0 and 1).",
                    tolerance=0.005),
    "1.7": Question(_other_outlet_one_figure, "keep the checked claims whose attribution is 'other_outlet', drop C05, then take the share whose verdict is 'confirmed'.",
                    tolerance=0.005),
    "2.1": Question(lambda: _per_day("FRA"), "divide France's records by the number of days from period_start to period_end, counting both ends.",
                    tolerance=1.0),
    "2.2": Question(_top_per_resident, "with the default versions, sort the per-resident table from largest to smallest and take the first country_code, such as 'FRA'."),
    "2.3": Question(_third_checkable, "look at the rows with a rank_in_article: does each of them have a figure, and which part of the sentence can you check without one? Answer 'a', 'b' or 'c'."),
    "2.4": Question(_third_claim_that_survives, "test each claim with survives(...); only one is true in every combination. Answer 'a', 'b', 'c' or 'd'."),
    "2.5": Question(_what_the_chart_cannot_show, "the chart shows counts of records by the country they were counted under; who later said who collected them is in section 6, and whose calls they were is not known. Answer 'a', 'b' or 'c'."),
    "3.1": Question(lambda: _mean_goldstein("USA"), "keep the rows of scored whose country is 'United States', then take the mean of their goldstein column.",
                    tolerance=0.01),
    "3.2": Question(lambda: _accepted_codes(CODING_EXERCISE), "give each code as text with its leading zero, such as '010'; compare each reaction's words with the 'when to use it' column of the codebook excerpt."),
    "3.3": Question(_kappa_alt, "build the crosstab of the two codings, then (p_o - p_e) / (1 - p_e), or use agreement.cohen_kappa.",
                    tolerance=0.01),
    "3.4": Question(_commonest_rule, "count the values of the rule column in reactions_alt_coding and take the most common one."),
    "3.5": Question(lambda: _kappa_band(UNEVEN), "compare the agreement you would expect by chance when one code is used almost every time with the agreement observed; answer 'a', 'b' or 'c'."),
    "3.6": Question(_markers_that_move, "line up each reaction's goldstein score (reference coding) with its icews_goldstein score under the alternative coding, and count the rows where they differ."),
    # Start here (notebooks/00-start-here.ipynb). The functions are at the end of this file, hence the lambdas.
    "0.1": Question(lambda: _first_paragraph_with("70.3 million"),
                    "find the first numbered paragraph of the printed article that contains 70.3 million; answer with its number, without quotes."),
    "0.2": Question(lambda: _wire_copy_letter(),
                    "look at what the cells above found: the article's row in sources.csv, its byline, and the claims that agency copy backs. Answer 'a', 'b' or 'c'."),
    "0.3": Question(lambda: _what_le_monde_counted(),
                    "reread the fact sheet's reading note quoted above: what does BOUNDLESSINFORMANT count? Answer 'a', 'b' or 'c'."),
    "0.4": Question(lambda: _judgement_letter(),
                    "which sentence could be put otherwise by another writer, and is in the paper's own voice? Answer 'a', 'b' or 'c'."),
    "0.5": Question(lambda: _editorial_letter(),
                    "an editorial is the paper's own view; then reread what the fact sheet holds about the editorial, just above the exercise: was the Le Monde page retrieved? Answer 'a', 'b' or 'c'."),
}


def _accepted(answer: dict, expected: dict) -> int:
    """How many reactions of a coding answer get a code the kit accepts for them."""
    return sum(str(answer.get(k, "")).strip() in codes for k, codes in expected.items())


def _same(answer, expected, tolerance: float) -> bool:
    if isinstance(expected, dict) and all(isinstance(v, tuple) for v in expected.values()):
        return isinstance(answer, dict) and set(answer) == set(expected) and _accepted(answer, expected) == len(expected)
    if hasattr(answer, "shape"):  # a numpy or pandas value
        if getattr(answer, "size", 0) != 1:
            return False
        answer = answer.item()
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
    "a": "France reacted with predictable indignation",
    "b": "summoning the U.S. ambassador",
    "c": "one of our oldest allies",
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
    and on the stored text: "a" if the kit recorded the article as agency copy, "c" if the text opens
    a paragraph with a byline ("By ..."), otherwise "b" (the sources retrieved do not say who wrote it)."""
    if _article_source()["kind"] == "wire_copy":
        return "a"
    if any(p.startswith("By ") for p in _paragraphs()):
        return "c"
    return "b"


def _what_le_monde_counted() -> str:
    """0.3, a judgement. It rests on France's row in country_figures.csv (what_counted), which follows
    the fact sheet's section 2 reading note: BOUNDLESSINFORMANT counts metadata records, not calls
    listened to: "c" (telephone-data records that Le Monde described as French: metadata) when the row says metadata."""
    france = data.load("country_figures").set_index("country_code").loc["FRA"]
    if "metadata" not in france["what_counted"].lower():
        raise ValueError("country_figures.csv: France's what_counted no longer says metadata; revise exercise 0.3's options")
    return "c"


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
    for that is indirect) is the same in options "b" and "c"; the letter follows
    the verdict of the editorial's quoted sentence in claims.csv: "b" if it was confirmed word for
    word, "c" if it was not found (the fact sheet's row says the Le Monde page itself was not retrieved)."""
    verdict = _editorial_quote()["verdict"]
    if verdict not in ("confirmed", "not_found"):
        raise ValueError(f"claims.csv: the editorial's quote now has verdict {verdict!r}; revise exercise 0.5's options")
    return "b" if verdict == "confirmed" else "c"
