"""Worked solutions to every exercise: the one place they are kept.

Each entry is the code a student would put in the exercise's starter cell,
written against the lesson's own variables. The tests swap each starter cell
for its solution, run the lesson, and check that the self-check says "right".
"""

SOLUTIONS = {
    # Lesson 1: Tabulating the article's claims (1.8 is in an extension)
    "1.1": 'answer_1_1 = article[c16["start"]:c16["end"]]',
    "1.2": 'answer_1_2 = (claims["claim_type"] == "quote").sum()',
    "1.3": 'answer_1_3 = packet.loc[~packet["on_record"], "packet_id"].iloc[0]',
    "1.4": 'answer_1_4 = packet.loc[packet["later_correction"].notna(), "packet_id"].iloc[0]',
    "1.5": 'answer_1_5 = claims[(claims["claimant"] == "Hollande") & (claims["claim_type"] == "quote")]["claim_id"].iloc[0]',
    "1.6": 'answer_1_6 = (checked["verdict"] == "confirmed").mean()',
    "1.7": 'answer_1_7 = "c"  # whether the claims not found in the sources retrieved are true or false',
    "1.8": 'answer_1_8 = (other[other["claim_id"] != "C05"]["verdict"] == "confirmed").mean()',
    # Lesson 2: Comparing the most-eavesdropped-on allies
    "2.1": 'france = by_code.loc["FRA"]\n'
           'france_days = (pd.Timestamp(france["period_end"]) - pd.Timestamp(france["period_start"])).days + 1\n'
           'answer_2_1 = france["records"] / france_days',
    "2.2": 'merged = figures.merge(preferred, on="country_code")\n'
           'merged["per_resident"] = merged["records"] / merged["population"]\n'
           'answer_2_2 = merged.sort_values("per_resident", ascending=False)["country_code"].iloc[0]  # with the default versions only',
    "2.3": 'answer_2_3 = "c"  # only in part: Britain, named above France, has no figure, so "after Britain" cannot be checked',
    "2.4": 'answer_2_4 = "a"  # the chart compares counts filed under each name; whose communications they were is not known',
    "2.5": 'answer_2_5 = "b"  # records filed under France\'s name; the officials said the targets were outside France',
    "2.6": 'from helpers import rankings  # a prediction; this checks it with the combinations the cells after the check count\n'
           'versions = [list(group["choice_id"]) for _, group in choices.groupby("country_code", sort=True)]\n'
           'counts = {code: list(group["population"]) for code, group in populations.dropna(subset=["population"]).groupby("country_code")}\n'
           'claims = {"b": lambda r: r.loc["France", "in 30 days"] == 3, "c": lambda r: r.loc["France", "per resident"] == 3,\n'
           '          "d": lambda r: (r.loc["Germany"] < r.loc["France"]).all()}  # a cannot be tested: Britain has no figure\n'
           'tables = rankings.every_ranking(choices, versions, counts, names, yardsticks)\n'
           'answer_2_6 = next(k for k, claim in claims.items() if all(claim(r) for r, _ in tables))',
    # Lesson 3: Charting reactions by actor
    "3.1": 'answer_3_1 = scored.loc[scored["country"] == "United States", "goldstein"].mean()',
    "3.2": 'answer_3_2 = {"R02": "111", "R12": "010", "R19": "016", "R21": "110"}',
    "3.3": 'answer_3_3 = agreement.cohen_kappa(both["cameo_code"], both["cameo_code_alt"])',
    "3.4": 'answer_3_4 = "summons-as-official-complaint"  # four of the six differences; the other two rules change one each',
    "3.5": 'answer_3_5 = "b"  # a score scores the kind of act, not anger (a); the selection is not the whole week (c)',
    # Lesson 3's extensions
    "3.6": 'alternative_scores = second.merge(codes, on="cameo_code")[["reaction_id", "icews_goldstein"]]\n'
           'moved = scored[["reaction_id", "goldstein"]].merge(alternative_scores, on="reaction_id")\n'
           'answer_3_6 = (moved["goldstein"] != moved["icews_goldstein"]).sum()',
    "3.7": 'answer_3_7 = "c"',
    # Start here (notebooks/00-start-here.ipynb): read off the printouts; 0.2-0.5 are multiple choice.
    "0.1": 'answer_0_1 = next(n for n, p in enumerate(paragraphs, start=1) if "70.3 million" in p)',
    "0.2": 'answer_0_2 = "a"',
    "0.3": 'answer_0_3 = "b"',
    "0.4": 'answer_0_4 = "c"',
    "0.5": 'answer_0_5 = "a"',
}
