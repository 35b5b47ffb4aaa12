"""Export checked claims as schema.org ClaimReview JSON-LD.

A ClaimReview is how fact-checkers publish a verdict so that other tools can
read it: the claim (``itemReviewed``, a Claim with its author, date and where
it appeared), the verdict (``reviewRating.alternateName``) and who reviewed it.
Opinions are not checked claims, so they are left out.

The review's own ``url`` is a fragment such as ``#claim-C05``: it points into
whatever page publishes the export. The review's date and author come from the
Data Package (``created`` and ``contributors``), not from the clock.
"""
from __future__ import annotations

import json

from helpers import data

VERDICT_LABELS = {
    "confirmed": "Confirmed",
    "partly": "Partly confirmed",
    "not_found": "No evidence found",
    "disputed": "Disputed",
}
ARTICLE_SOURCE = "haaretz_2013_10_22"


def _work(source) -> dict:
    """A source row as a schema.org CreativeWork."""
    work = {"@type": "CreativeWork", "url": source["url"],
            "publisher": {"@type": "Organization", "name": source["outlet"]}}
    if isinstance(source["title"], str):
        work["headline"] = source["title"]
    if isinstance(source["date"], str):
        work["datePublished"] = source["date"]
    return work


def _short(text: str, limit: int = 75) -> str:
    """Google asks for claimReviewed under 75 characters: cut at a word, mark the cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def claim_reviews(claims, sources) -> list[dict]:
    """One ClaimReview dict for each claim whose verdict is not an opinion."""
    pkg = data.package()
    reviewer = {"@type": "Organization", "name": pkg["contributors"][0]["title"]}
    reviewed_on = pkg["created"][:10]
    by_id = sources.set_index("source_id", drop=False)
    appearance = _work(by_id.loc[ARTICLE_SOURCE])
    reviews = []
    for claim in claims[claims["verdict"] != "opinion"].itertuples(index=False):
        item = {"@type": "Claim", "text": claim.text,
                "author": {"@type": claim.claimant_type, "name": claim.claimant},
                "appearance": appearance}
        if isinstance(claim.first_appearance, str):
            first = _work(by_id.loc[claim.first_appearance])
            item["firstAppearance"] = first
            if "datePublished" in first:
                item["datePublished"] = first["datePublished"]
        reviews.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"#claim-{claim.claim_id}",
            "claimReviewed": _short(claim.text),
            "author": reviewer,
            "datePublished": reviewed_on,
            "reviewRating": {"@type": "Rating", "alternateName": VERDICT_LABELS[claim.verdict],
                             "ratingExplanation": claim.note},
            "itemReviewed": item,
        })
    return reviews


def to_json(reviews: list[dict]) -> str:
    """The reviews as indented JSON-LD text, ready to paste into a web page."""
    return json.dumps(reviews, indent=2, ensure_ascii=False)
