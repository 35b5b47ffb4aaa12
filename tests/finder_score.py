"""Score the claim finder's proposals against a hand-made table, one to one (issue 17 item 5).

Used by tests/test_finder.py (which checks the scorer on tiny hand cases) and tests/benchmark.py
(which prints the scores). Nothing here asserts a target: it measures.

Matching. A proposed span and a hand-made span may match when they overlap enough:
- claims: the overlap is at least half of EACH span (``share_of="each"``);
- quotations: the overlap is at least half of the SHORTER span (``share_of="shorter"``), because a
  hand-made table may mark a quotation as its words alone (the test articles' ``quotes.csv``) or as
  the whole quote claim with its attribution (the Haaretz table), while the finder marks the words;
- figures: as claims, at least half of each span ("4 million crowns" and "4 million" match; "6.4" and
  "6.4 metres" do not, since the unit is a column of its own).
Each span is used at most once. Among all one-to-one pairings the matcher takes one with the most
matches (augmenting paths, so a span that could match two is given to the one that leaves more
matches overall); ties are broken deterministically: each hand-made span, in reading order, tries
its candidates by largest overlap first, then by reading order.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "articles"


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def can_match(proposed: tuple[int, int], hand: tuple[int, int], share_of: str = "each") -> bool:
    """True when the spans overlap by at least half of each (or of the shorter one)."""
    common = overlap(proposed, hand)
    lengths = (proposed[1] - proposed[0], hand[1] - hand[0])
    if common <= 0:
        return False
    if share_of == "each":
        return all(2 * common >= n for n in lengths)
    if share_of == "shorter":
        return 2 * common >= min(lengths)
    raise ValueError(f"share_of is 'each' or 'shorter', not {share_of!r}")


def match(proposed: list[tuple[int, int]], hand: list[tuple[int, int]], share_of: str = "each") -> list[tuple[int, int]]:
    """One-to-one pairs (index in proposed, index in hand), as many as possible, sorted by the hand-made index."""
    candidates = [sorted((j for j, p in enumerate(proposed) if can_match(p, h, share_of)),
                         key=lambda j: (-overlap(proposed[j], h), j)) for h in hand]
    owner: dict[int, int] = {}  # proposed index -> hand index

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(hand)):
        augment(i, set())
    return sorted(((j, i) for j, i in owner.items()), key=lambda pair: pair[1])


def same_speaker(a: str, b: str) -> bool:
    """Two names for one speaker: equal once case, a leading "the/a/an" and a part in brackets are set aside."""
    def norm(name: str) -> str:
        name = re.sub(r"\([^)]*\)", " ", name or "").strip().lower()
        name = re.sub(r"^(?:the|a|an)\s+", "", name)
        return " ".join(name.split())
    return bool(norm(a)) and norm(a) == norm(b)


def score(proposed_claims: list[dict], hand_claims: list[dict], proposed_quotes: list[dict], hand_quotes: list[dict],
          proposed_figures: list[dict] | None = None, hand_figures: list[dict] | None = None) -> dict:
    """Recall, precision and type agreement of the claims; quotations found with their right speaker; and,
    when a hand-made figures table is given, the figures found (matched as claims are, at half of each span)
    and how many of them have the right kind (number, share, money or date).

    Each row needs ``start`` and ``end``; claims need ``claim_type``; quotes need ``speaker``; figures ``kind``."""
    span = lambda row: (int(row["start"]), int(row["end"]))  # noqa: E731
    pairs = match([span(r) for r in proposed_claims], [span(r) for r in hand_claims], "each")
    typed = sum(proposed_claims[j]["claim_type"] == hand_claims[i]["claim_type"] for j, i in pairs)
    quote_pairs = match([span(r) for r in proposed_quotes], [span(r) for r in hand_quotes], "shorter")
    speakers = sum(same_speaker(proposed_quotes[j]["speaker"], hand_quotes[i]["speaker"]) for j, i in quote_pairs)
    result = {
        "hand_claims": len(hand_claims), "proposed_claims": len(proposed_claims), "matched": len(pairs),
        "recall": len(pairs) / len(hand_claims) if hand_claims else None,
        "precision": len(pairs) / len(proposed_claims) if proposed_claims else None,
        "type_right": typed / len(pairs) if pairs else None, "typed_right": typed,
        "hand_quotes": len(hand_quotes), "quotes_found": len(quote_pairs), "quotes_with_speaker": speakers,
    }
    if hand_figures is not None:
        figure_pairs = match([span(r) for r in proposed_figures or []], [span(r) for r in hand_figures], "each")
        result.update(hand_figures=len(hand_figures), proposed_figures=len(proposed_figures or []),
                      figures_matched=len(figure_pairs),
                      figures_kind_right=sum(proposed_figures[j]["kind"] == hand_figures[i]["kind"] for j, i in figure_pairs))
    return result


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval (low, high) of a share k of n; (0, 1) when n is 0."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_articles() -> list[Path]:
    """The folders of the articles written for the tests (their scores are reported, never tuned on)."""
    return sorted(p for p in ARTICLES.iterdir() if p.is_dir() and p.name.startswith("test-"))


def dev_articles() -> list[Path]:
    return sorted(p for p in ARTICLES.iterdir() if p.is_dir() and p.name.startswith("dev-"))


def haaretz_tables() -> tuple[str, list[dict], list[dict]]:
    """The shipped article, its hand-made claims and its quotations, as the scorer reads them.

    The quotations are the claims of type ``quote``; each speaker is the actor's full name from
    ``actors.csv`` where ``reactions.csv`` links the claim to an actor, else the claim's claimant."""
    datasets = ROOT / "datasets"
    article = (datasets / "article.txt").read_text(encoding="utf-8")
    claims = read_csv(datasets / "claims.csv")
    actors = {row["actor_id"]: row["name"] for row in read_csv(datasets / "actors.csv")}
    speaker_of = {}
    for row in read_csv(datasets / "reactions.csv"):
        if row["claim_id"] and row["claim_id"] not in speaker_of:
            speaker_of[row["claim_id"]] = actors[row["actor_id"]]
    quotes = [{"start": c["start"], "end": c["end"], "speaker": speaker_of.get(c["claim_id"], c["claimant"])}
              for c in claims if c["claim_type"] == "quote"]
    return article, claims, quotes


def score_folder(folder: Path) -> dict:
    """Score the finder on one test article folder (article.txt, claims.csv, quotes.csv; figures.csv if it has one)."""
    from helpers import finder

    article = (folder / "article.txt").read_text(encoding="utf-8")
    tables = finder.propose(article)
    figures = folder / "figures.csv"
    return score(tables["claims"].to_dict("records"), read_csv(folder / "claims.csv"),
                 tables["quotes"].to_dict("records"), read_csv(folder / "quotes.csv"),
                 tables["figures"].to_dict("records"), read_csv(figures) if figures.exists() else None)


def score_haaretz() -> dict:
    from helpers import finder

    article, claims, quotes = haaretz_tables()
    tables = finder.propose(article)
    return score(tables["claims"].to_dict("records"), claims, tables["quotes"].to_dict("records"), quotes)
