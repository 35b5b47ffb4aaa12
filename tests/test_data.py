"""The shipped data: sound, faithful to the article and to the fact sheet."""
from __future__ import annotations

import csv
import hashlib
import re
import subprocess
import sys

import frictionless
import pytest

from helpers import data

from conftest import DATASETS, REFERENCE, ROOT

ARTICLE = (DATASETS / "article.txt").read_text(encoding="utf-8")
FACTS = (DATASETS / "facts.md").read_text(encoding="utf-8")


def rows(name):
    with open(DATASETS / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_frictionless_finds_the_package_valid():
    report = frictionless.validate(str(DATASETS / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def recorded_hashes() -> dict[str, str]:
    """File and sha256 of every copy listed in tests/reference/README.md, as recorded when it was copied."""
    text = (REFERENCE / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\| `([^`]+)` \|(?:.*\|)? `([0-9a-f]{64})` \|$", text, flags=re.M))


def test_reference_copies_and_raw_sources_keep_their_recorded_bytes():
    recorded = recorded_hashes()
    assert {"datasets/article.txt", "datasets/facts.md", "media_literacy.md", "cameo/gdelt_vs_icews.csv"} <= set(recorded)
    for name, digest in recorded.items():
        path = ROOT / name if name.startswith("datasets/") else REFERENCE / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, f"{name} differs from the copy recorded"
    listed = {REFERENCE / n for n in recorded if not n.startswith("datasets/")} | {REFERENCE / "README.md"}
    assert {p for p in REFERENCE.rglob("*") if p.is_file()} == listed, "a reference file without its provenance"


def test_article_is_ascii_with_its_typos():
    assert ARTICLE.isascii()
    assert "private live" in ARTICLE


def test_every_claim_is_a_verbatim_slice_of_the_article():
    for row in rows("claims"):
        assert ARTICLE[int(row["start"]):int(row["end"])] == row["text"], row["claim_id"]
        assert ARTICLE[: int(row["start"])].count("\n\n") + 1 == int(row["paragraph"]), row["claim_id"]


def test_claims_are_numbered_in_reading_order_and_do_not_overlap():
    claims = rows("claims")
    assert 30 <= len(claims) <= 45
    assert [r["claim_id"] for r in claims] == [f"C{i:02d}" for i in range(1, len(claims) + 1)]
    for before, after in zip(claims, claims[1:]):
        assert int(before["end"]) <= int(after["start"]), after["claim_id"]


def test_every_paragraph_has_at_least_one_claim():
    paragraphs = ARTICLE.split("\n\n")
    covered = {int(r["paragraph"]) for r in rows("claims")}
    assert covered == set(range(1, len(paragraphs) + 1))


def fact_rows():
    """Section number and first cell of each fact-sheet row, with its status cell (read independently of helpers)."""
    found, section = {}, None
    for line in FACTS.splitlines():
        if line.startswith("## "):
            section = line.split()[1].rstrip(".")
        elif line.startswith("| ") and "|---" not in line:
            cells = line.strip("|\n ").split(" | ")
            found[f"§{section} {cells[0]}"] = cells[-1]
    return found


def test_every_verdict_rests_on_the_fact_sheet():
    facts = fact_rows()
    strength = {"confirmed": 3, "partly": 2, "disputed": 2, "not_found": 1, "opinion": 1}
    ceiling = {"CONFIRMED": 3, "PARTLY": 2, "UNCONFIRMED": 1}
    for row in rows("claims"):
        if row["fact_ref"]:
            assert row["fact_ref"] in facts, row["claim_id"]
            assert facts[row["fact_ref"]].lstrip("*").startswith(row["fact_status"]), row["claim_id"]
        else:
            assert row["fact_status"] == "UNCONFIRMED", row["claim_id"]
        assert strength[row["verdict"]] <= ceiling[row["fact_status"]], row["claim_id"]
        if row["verdict"] != "opinion":
            assert row["evidence"] or row["fact_status"] == "UNCONFIRMED", row["claim_id"]


def test_every_source_url_is_one_the_sources_store():
    stored = FACTS + (REFERENCE / "media_literacy.md").read_text(encoding="utf-8")
    for row in rows("sources"):
        if row["kind"] == "codebook":
            assert row["url"] == "" or row["url"] in stored, row["source_id"]
        else:
            assert row["url"] and row["url"] in FACTS, row["source_id"]


def test_source_dates_are_iso_and_their_status_is_given():
    for row in rows("sources"):
        assert re.fullmatch(r"(\d{4}(-\d{2}(-\d{2})?)?)?", row["date"]), row["source_id"]
        assert row["date_status"] in {"CONFIRMED", "PARTLY", "UNCONFIRMED"}
    haaretz = next(r for r in rows("sources") if r["outlet"] == "Haaretz")
    assert (haaretz["date"], haaretz["date_status"]) == ("2013-10-22", "UNCONFIRMED")
    assert "inferred" in haaretz["note"]


def test_loaders_type_columns_as_the_schema_says():
    claims = data.load("claims")
    for field in data.resource("claims")["schema"]["fields"]:
        expected = {"integer": "Int64", "string": "string"}[field["type"]]
        assert str(claims[field["name"]].dtype) == expected, field["name"]
    assert claims["first_appearance"].isna().sum() == sum(not r["first_appearance"] for r in rows("claims"))


def test_codes_come_from_the_schema():
    assert data.codes("claims", "verdict") == ["confirmed", "partly", "not_found", "disputed", "opinion"]
    with pytest.raises(KeyError):
        data.codes("claims", "text")


def test_importing_helpers_does_nothing(tmp_path):
    code = ("import sys, helpers, helpers.data, helpers.exercises, helpers.claimreview, helpers.charts; "
            "print(sorted(m for m in ('pandas', 'matplotlib', 'frictionless') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n" and result.stderr == ""


# --- Lesson 2: every figure and population is the fact sheet's -----------------

def renderings(n: int) -> set[str]:
    """The ways the fact sheet writes a number: 33,186,042 / 70.3 million / 60.5m / half a billion."""
    millions = f"{n / 1e6:g}"
    found = {f"{n:,}", f"{millions} million", f"{millions}m", f"{millions} M"}
    if n == 500_000_000:
        found.add("half a billion")
    return found


def sheet_rows(section: str, name: str) -> str:
    """The fact-sheet rows of one section whose first cell mentions `name`."""
    text = FACTS.split(f"## {section}.")[1].split("\n## ")[0]
    return "\n".join(line for line in text.splitlines() if line.startswith("| ") and name in line.split(" | ")[0])


def test_every_country_figure_is_on_the_fact_sheet():
    for row in rows("country_figures"):
        lines_ = sheet_rows("2", row["country"])
        assert lines_, row["country"]
        if row["records"]:
            assert any(r in lines_ for r in renderings(int(row["records"]))), row["country"]
            assert row["status"] == "CONFIRMED"
        else:
            assert row["status"] == "UNCONFIRMED" or "does not say" in row["note"], row["country"]


def test_every_population_is_on_the_fact_sheet():
    for row in rows("populations"):
        country = next(r["country"] for r in rows("country_figures") if r["country_code"] == row["country_code"])
        lines_ = sheet_rows("5", country)
        if not row["population"]:
            assert not lines_ and row["status"] == "UNCONFIRMED", country
            continue
        assert any(r in lines_ for r in renderings(int(row["population"]))), country
        assert lines_.rstrip(" |").rsplit("| ", 1)[-1].startswith(row["status"]), country
        assert row["source_id"] and next(s for s in rows("sources") if s["source_id"] == row["source_id"])["url"] in lines_


def test_every_wrong_figure_is_on_the_fact_sheet():
    france = sheet_rows("2", "France")
    for row in rows("figure_variants"):
        if row["records_as_reported"] and row["source_id"] != "haaretz_2013_10_22":
            assert any(r in france for r in renderings(int(row["records_as_reported"]))), row["variant_id"]
        assert row["as_reported"] in (france + ARTICLE), row["variant_id"]


def test_report_dates_are_their_sources_dates():
    dates = {s["source_id"]: s["date"] for s in rows("sources")}
    for name in ("country_figures", "figure_variants"):
        for row in rows(name):
            assert row["report_date"] == dates[row["source_id"]], (name, row["source_id"])


def test_every_source_of_a_figure_is_stored_on_its_fact_sheet_row():
    urls = {s["source_id"]: s["url"] for s in rows("sources")}
    for row in rows("country_figures"):
        section = sheet_rows("2", row["country"]) + sheet_rows("1", "Third most")
        assert urls[row["source_id"]] in section, row["country"]


# --- Lesson 3: reactions, actors and CAMEO codes -----------------------------------

CAMEO = REFERENCE / "cameo"


def test_cameo_codes_are_gdelts_tables():
    shipped = {r["cameo_code"]: r for r in rows("cameo_codes")}
    with open(CAMEO / "gdelt_vs_icews.csv", encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    assert [r["code"] for r in table] == list(shipped)
    for r in table:
        row = shipped[r["code"]]
        assert (row["name"], row["goldstein"], row["icews_goldstein"]) == (r["gdelt_name"].strip(), r["gdelt_goldstein"], r["icews_goldstein"])
    scale = dict(line.split("\t") for line in (CAMEO / "CAMEO.goldsteinscale.txt").read_text(encoding="utf-8").split("\n")[1:] if line.strip())
    for code, score in scale.items():
        assert float(shipped[code.strip()]["goldstein"]) == float(score), code


def test_reactions_carry_no_scores_of_their_own():
    header = next(csv.reader(open(DATASETS / "reactions.csv", encoding="utf-8")))
    assert not [c for c in header if "goldstein" in c]


def test_reaction_quotes_are_verbatim():
    for row in rows("reactions"):
        if row["in_article"] == "true":
            assert row["quote"] in ARTICLE and row["claim_id"], row["reaction_id"]
        elif row["quote"]:
            assert row["quote"] in FACTS, row["reaction_id"]


def test_reaction_dates_and_statuses_follow_the_fact_sheet():
    for row in rows("reactions"):
        assert row["date"] == "" or "2013-10-21" <= row["date"] <= "2013-10-29", row["reaction_id"]
        if row["status"] == "UNCONFIRMED":
            assert row["in_article"] == "true", row["reaction_id"]  # only the article vouches for it


def test_alternative_coding_differs_only_where_a_rule_says_so():
    reference = {r["reaction_id"]: r["cameo_code"] for r in rows("reactions")}
    alternative = rows("reactions_alt_coding")
    assert [r["reaction_id"] for r in alternative] == list(reference)
    for r in alternative:
        assert (r["cameo_code"] != reference[r["reaction_id"]]) == bool(r["rule"]), r["reaction_id"]
