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
    expected: Callable[[], Any]
    hint: str
    tolerance: float = 0.0


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


def _reference_codes(ids: tuple[str, ...]) -> dict:
    reactions = data.load("reactions").set_index("reaction_id")
    return {i: reactions.loc[i, "cameo_code"] for i in ids}


def _kappa_alt() -> float:
    from helpers import agreement

    both = data.load("reactions").merge(data.load("reactions_alt_coding"), on="reaction_id", suffixes=("", "_alt"))
    return agreement.cohen_kappa(both["cameo_code"], both["cameo_code_alt"])


def _commonest_rule() -> str:
    rules = data.load("reactions_alt_coding")["rule"].value_counts()
    return rules.index[0]


CODING_EXERCISE = ("R02", "R12", "R19", "R21")

QUESTIONS: dict[str, Question] = {
    "1.1": Question(_slice_c16, "slice the article with the start and end of C16: article[start:end]."),
    "1.2": Question(_quote_count, "count the rows whose claim_type is 'quote'; value_counts() gives one number per type."),
    "1.3": Question(_reversed_quote, "look for a quote whose note says the word order was changed; answer with its claim_id, such as 'C01'."),
    "1.4": Question(_share_confirmed, "leave out the opinions first, then divide the confirmed claims by all the checked ones (a share between 0 and 1).",
                    tolerance=0.005),
    "2.1": Question(lambda: _per_day("FRA"), "divide France's records by the number of days from period_start to period_end, counting both ends.",
                    tolerance=1.0),
    "2.2": Question(_top_per_resident, "with the default versions, sort the per-resident table from largest to smallest and take the first country_code, such as 'FRA'."),
    "2.3": Question(_third_checkable, "look at the rows with a rank_in_article: does each of them have a figure, and which part of the sentence can you check without one? Answer 'a', 'b' or 'c'."),
    "2.4": Question(_third_claim_that_survives, "test each claim with survives(...); only one is true in every combination. Answer 'a', 'b', 'c' or 'd'."),
    "2.5": Question(_what_the_chart_cannot_show, "the chart shows counts of records by the country they were counted under; who later said who collected them is in section 6, and whose calls they were is not known. Answer 'a', 'b' or 'c'."),
    "3.1": Question(lambda: _mean_goldstein("USA"), "keep the reactions whose actor's country_code is 'USA', then take the mean of their goldstein column.",
                    tolerance=0.01),
    "3.2": Question(lambda: _reference_codes(CODING_EXERCISE), "give a code as text with its leading zero, such as '010'; a summons to complain and a condemnation have different codes."),
    "3.3": Question(_kappa_alt, "build the crosstab of the two codings, then (p_o - p_e) / (1 - p_e), or use agreement.cohen_kappa.",
                    tolerance=0.01),
    "3.4": Question(_commonest_rule, "count the values of the rule column in reactions_alt_coding and take the most common one."),
}


def _same(answer, expected, tolerance: float) -> bool:
    if hasattr(answer, "shape"):  # a numpy or pandas value
        if getattr(answer, "size", 0) != 1:
            return False
        answer = answer.item()
    if isinstance(expected, float):
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
    if isinstance(expected, str) and not hasattr(answer, "shape") and not isinstance(answer, dict):
        return "The answer is text, so put it in quotes, for example 'a' or 'C01'."
    if isinstance(expected, (int, float)) and not isinstance(expected, bool) and isinstance(answer, str):
        return "The answer is a number: write it without quotes (or let Python compute it)."
    return None


def check(question: str, answer: Any) -> None:
    """Print whether ``answer`` to exercise ``question`` is right."""
    if question not in QUESTIONS:
        raise KeyError(f"there is no exercise {question!r}; the exercises are {', '.join(QUESTIONS)}")
    q = QUESTIONS[question]
    if answer is Ellipsis:
        print(f"Exercise {question}: {NOT_ANSWERED}")
    elif _same(answer, q.expected(), q.tolerance):
        print(f"Exercise {question}: right!")
    elif _wrong_kind(answer, q.expected()):
        print(f"Exercise {question}: not yet. {_wrong_kind(answer, q.expected())}")
    elif isinstance(answer, dict) and isinstance(q.expected(), dict):
        expected = q.expected()
        matches = sum(str(answer.get(k, "")).strip() == v for k, v in expected.items())
        print(f"Exercise {question}: not yet: {matches} of {len(expected)} codes match the reference coding. Hint: {q.hint}")
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
