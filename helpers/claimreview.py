"""Export checked claims as schema.org ClaimReview JSON-LD.

A ClaimReview is how fact-checkers publish a verdict so that other tools can
read it: the claim (``itemReviewed``, a Claim with its author, date and where
it appeared), the verdict (``reviewRating.alternateName``) and who reviewed it.
Opinions are not checked claims, so they are left out.

The review's own ``url`` is a fragment such as ``#claim-C05``: it points into
whatever page publishes the export. The review's date and author come from the
Data Package (``created`` and ``contributors``), not from the clock.

The text is safe to paste into a ``<script type="application/ld+json">`` block:
``<``, ``>``, ``&``, U+2028 and U+2029 are written as JSON escapes, so a note
containing ``</script>`` cannot end the block; and only ``http``/``https``
addresses are exported (a ``javascript:`` URL is left out).
"""
from __future__ import annotations

import json

from helpers import data
from helpers.checks import web_address

VERDICT_LABELS = {
    "confirmed": "Confirmed",
    "partly": "Partly confirmed",
    "not_found": "No evidence found",
    "disputed": "Disputed",
}
ARTICLE_SOURCE = "haaretz_2013_10_22"


def _work(source) -> dict:
    """A source row as a schema.org CreativeWork."""
    work = {"@type": "CreativeWork"}
    if isinstance(source["url"], str) and web_address(source["url"]):
        work["url"] = source["url"]
    work["publisher"] = {"@type": "Organization", "name": source["outlet"]}
    if isinstance(source["title"], str):
        work["headline"] = source["title"]
    if isinstance(source["date"], str) and source["date_status"] == "CONFIRMED":
        work["datePublished"] = source["date"]  # a date the fact sheet does not confirm is left out, not stated
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


# Characters that could end a <script> block, open an HTML comment, or end a line in
# older JavaScript; inside a JSON string each may be written as an escape instead.
_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def to_json(reviews: list[dict]) -> str:
    """The reviews as indented JSON-LD text, safe to paste into a <script type="application/ld+json"> block."""
    text = json.dumps(reviews, indent=2, ensure_ascii=False)
    # These characters can only occur inside JSON strings, where the escape means the same character.
    return text.translate(str.maketrans(_SCRIPT_SAFE))
