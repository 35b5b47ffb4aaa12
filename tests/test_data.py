"""The shipped data: sound, faithful to the article and to the fact sheet."""
from __future__ import annotations

import csv
import re
import subprocess
import sys

import frictionless
import pytest

from helpers import data

from conftest import DATASETS, SHARED

ARTICLE = (DATASETS / "article.txt").read_text(encoding="utf-8")
FACTS = (DATASETS / "facts.md").read_text(encoding="utf-8")


def rows(name):
    with open(DATASETS / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_frictionless_finds_the_package_valid():
    report = frictionless.validate(str(DATASETS / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize("name", ["article.txt", "facts.md"])
def test_raw_sources_are_copied_unchanged(name):
    shared = SHARED / name
    if not shared.exists():
        pytest.skip(f"{shared} is not beside this checkout")
    assert (DATASETS / name).read_bytes() == shared.read_bytes()


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


def test_every_source_url_is_one_the_shared_sources_store():
    notes = SHARED / "media_literacy.md"
    stored = FACTS + (notes.read_text(encoding="utf-8") if notes.exists() else "")
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
    found = {f"{n:,}", f"{millions} million", f"{millions}m", f"{millions} M", f"{n / 1e6:.1f} million",
             f"{millions.replace('.', ',')} million"}  # "~82.0 million"; Le Monde's own "70,3 million"
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
        sheet_status = lines_.rstrip(" |").rsplit("| ", 1)[-1]
        # a count the sheet states in its value column only (Germany's superseded ~82.0 million, whose row says
        # "exact figure UNCONFIRMED (official)") is PARTLY, and its note says the excerpt does not give it
        assert sheet_status.startswith(row["status"]) or (
            row["status"] == "PARTLY" and "UNCONFIRMED" in sheet_status and "not in the Destatis excerpt" in row["note"]), country
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


def fact_line(ref: str) -> list[str]:
    """The cells of the fact-sheet row that a reference such as "§2 Norway" names; [] when there is none."""
    section, first = ref[1:].split(" ", 1)
    text = FACTS.split(f"## {section}.")[1].split("\n## ")[0]
    for line in text.splitlines():
        cells = line.strip("| ").split(" | ")
        if line.startswith("| ") and cells[0] == first:
            return cells
    return []


def printed_in(cells: list[str], n: int) -> bool:
    """The number is in the row's value or excerpt. An aside in brackets in the value cell (Norway's
    "33.19 million (33,186,042)") is the sheet quoting another outlet, so it does not count."""
    value, excerpt = re.sub(r"\([^)]*\)", "", cells[1]), cells[-2]
    return any(r in value or r in excerpt for r in renderings(n))


def cites(cells: list[str], source_id: str) -> bool:
    """The row stores the source's URL, or names its page (the sheet cites Spiegel's "Article a-908648")."""
    url = next(s["url"] for s in rows("sources") if s["source_id"] == source_id)
    page = re.search(r"a-\d{6}", url)
    return url in " | ".join(cells) or bool(page and page.group() in " | ".join(cells))


def day_renderings(iso: str) -> set[str]:
    """How the sheet writes a day: "10 Dec", "Dec. 11", "from **12** Dec", "December 12th"; a month alone: "Dec"."""
    short, long = {"12": ("Dec", "December"), "01": ("Jan", "January")}[iso[5:7]]
    if len(iso) == 7:
        return {short}
    day = int(iso[8:])
    return {f"{day} {short}", f"{short}. {day}", f"**{day}** {short}", f"{long} {day}", f"{day} {long}"}


def test_each_country_figure_is_printed_by_the_source_it_cites():
    """Pins each number to a fact-sheet row whose stored page printed it: Norway's 33,186,042 is
    The Local's, not Reuters' (Reuters printed 33.19 million)."""
    section = FACTS.split("## 2.")[1].split("\n## ")[0]
    lines_ = [line.strip("| ").split(" | ") for line in section.splitlines() if line.startswith("| ")]
    for row in rows("country_figures"):
        if row["records"]:
            assert any(printed_in(c, int(row["records"])) and cites(c, row["source_id"]) for c in lines_), row["country"]


def test_each_period_cites_the_source_that_printed_it():
    """Germany's period is the photo gallery's, not the 30 June article's."""
    section = FACTS.split("## 2.")[1].split("\n## ")[0]
    lines_ = [line.strip("| ").split(" | ") for line in section.splitlines() if line.startswith("| ")]
    for row in rows("country_figures"):
        if not row["period_start"]:
            assert not row["period_source_id"], row["country"]
            continue
        start, end = day_renderings(row["period_start"]), day_renderings(row["period_end"])
        assert any(cites(c, row["period_source_id"]) and any(d in " | ".join(c) for d in start)
                   and any(d in " | ".join(c) for d in end) for c in lines_), row["country"]
    germany = next(r for r in rows("country_figures") if r["country_code"] == "DEU")
    assert germany["period_source_id"] != germany["source_id"]


def test_every_ranking_choice_is_printed_by_its_sources():
    for row in rows("ranking_choices"):
        cells = fact_line(row["records_fact_ref"])
        assert cells, (row["choice_id"], row["records_fact_ref"])
        if row["note"].startswith("Derived"):  # a sum of two numbers one source printed side by side: PARTLY, and labelled derived
            printed = [n for n in range(1, 100) if printed_in(cells, n * 1_000_000)]
            assert any(a + b == int(row["records"]) / 1_000_000 for a in printed for b in printed), row["choice_id"]
            assert row["status"] == "PARTLY" and "derived" in row["choice"] and cells[-1].lstrip("*").startswith("CONFIRMED"), row["choice_id"]
        else:
            assert printed_in(cells, int(row["records"])), row["choice_id"]
            assert cells[-1].lstrip("*").startswith(row["status"]), row["choice_id"]
        assert cites(cells, row["records_source_id"]), row["choice_id"]
        if row["per"] == "day":  # a daily rate has no period of its own
            assert not (row["period_start"] or row["period_source_id"] or row["period_fact_ref"]), row["choice_id"]
            continue
        period = fact_line(row["period_fact_ref"])
        assert period and cites(period, row["period_source_id"]), row["choice_id"]
        text = " | ".join(period)
        for day in (row["period_start"], row["period_end"]):
            assert any(d in text for d in day_renderings(day)), (row["choice_id"], day)


def test_each_country_has_one_default_choice_and_it_is_the_country_figure():
    choices = rows("ranking_choices")
    for figure in rows("country_figures"):
        mine = [c for c in choices if c["country_code"] == figure["country_code"]]
        if not figure["records"]:
            assert not mine, figure["country"]
            continue
        defaults = [c for c in mine if c["default"] == "true"]
        assert len(defaults) == 1, figure["country"]
        default = defaults[0]
        assert (default["records"], default["period_start"], default["period_end"]) == (
            figure["records"], figure["period_start"], figure["period_end"]), figure["country"]
        assert (default["records_source_id"], default["period_source_id"]) == (figure["source_id"], figure["period_source_id"])
        assert (default["approximate"], default["status"]) == (figure["approximate"], figure["status"])


def test_the_variants_the_issue_names_are_all_there():
    """Norway's three start dates, Spain's two, Germany's 15 and 20 million a day (telephone only)."""
    choices = rows("ranking_choices")
    starts = lambda code: sorted(c["period_start"] for c in choices if c["country_code"] == code and c["period_start"])
    assert starts("NOR") == ["2012-12-08", "2012-12-10", "2012-12-12"] and starts("ESP") == ["2012-12-10", "2012-12-11"]
    german_days = [c for c in choices if c["country_code"] == "DEU" and c["per"] == "day"]
    phone = sorted(int(c["records"]) for c in german_days if c["what_counted"] == "phone")
    assert phone == [15_000_000, 20_000_000]
    # Der Spiegel gave an internet part beside each telephone rate: each rate also has a version that counts it
    with_internet = {c["choice_id"]: int(c["records"]) for c in german_days if c["what_counted"] == "phone_and_internet"}
    for c in german_days:
        if c["what_counted"] == "phone":
            assert with_internet[c["choice_id"].replace("_day", "_all")] > int(c["records"]), c["choice_id"]


# --- Lesson 3: reactions, actors and CAMEO codes -----------------------------------

CAMEO = SHARED / "cameo"


def test_cameo_codes_are_gdelts_tables():
    if not CAMEO.exists():
        pytest.skip(f"{CAMEO} is not beside this checkout")
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
