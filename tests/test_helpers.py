"""Self-checks and the ClaimReview export."""
from __future__ import annotations

import json

import pytest

from helpers import claimreview, data, exercises


def printed(capsys, question, answer):
    exercises.check(question, answer)
    return capsys.readouterr().out


def test_a_wrong_answer_gets_a_hint_not_the_answer(capsys):
    claims = data.load("claims")
    quotes = int((claims["claim_type"] == "quote").sum())
    line = printed(capsys, "1.2", quotes + 1)
    assert line.startswith("Exercise 1.2: not yet. Hint:") and str(quotes) not in line


def test_a_whole_column_is_told_to_pick_one_value(capsys):
    line = printed(capsys, "1.2", data.load("claims")["claim_type"].value_counts())
    assert "pick out the single value" in line


def test_numbers_are_compared_with_a_tolerance(capsys):
    checked = data.load("claims").query("verdict != 'opinion'")
    share = (checked["verdict"] == "confirmed").mean()
    assert printed(capsys, "1.4", round(share, 2)).endswith("right!\n")
    assert "not yet" in printed(capsys, "1.4", share + 0.05)
    assert "not yet" in printed(capsys, "1.4", "a lot")


def test_unknown_exercise_is_an_error():
    with pytest.raises(KeyError):
        exercises.check("9.9", 1)


REQUIRED = {"@context", "@type", "url", "claimReviewed", "author", "datePublished", "reviewRating", "itemReviewed"}
CLAIM = {"@type", "text", "author", "datePublished", "appearance", "firstAppearance"}


@pytest.fixture(scope="module")
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
        assert review["itemReviewed"]["datePublished"] == first["date"]
        assert review["itemReviewed"]["appearance"]["url"] == sources.loc[claimreview.ARTICLE_SOURCE, "url"]


def test_export_is_json(reviews):
    assert json.loads(claimreview.to_json(reviews)) == reviews


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


def test_coding_exercise_counts_matches(capsys):
    reference = exercises.QUESTIONS["3.2"].expected()
    wrong = dict(reference, **{next(iter(reference)): "999"})
    line = printed(capsys, "3.2", wrong)
    assert f"{len(reference) - 1} of {len(reference)} codes match" in line


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
