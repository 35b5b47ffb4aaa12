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


FIGURE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(million|billion|thousand)\b")


def figures(text: str) -> set[str]:
    """The counts a claim states, written one way: '70.3 million' (years and days are not counts)."""
    return {f"{float(n.replace(',', '')):g} {unit}" for n, unit in FIGURE.findall(text)}


def test_no_figure_gets_two_verdicts():
    """A figure the article repeats is one claim about the world: the ClaimReview export must not rate it twice."""
    verdicts: dict[str, set[str]] = {}
    for row in rows("claims"):
        for figure in figures(row["text"]):
            verdicts.setdefault(figure, set()).add(row["verdict"])
    assert any(figure == "70.3 million" for figure in verdicts)  # the test has something to compare
    assert {f: v for f, v in verdicts.items() if len(v) > 1} == {}


def test_figures_are_read_one_way():
    assert figures("over 70.3 million recordings") == figures("70.3 million records") == {"70.3 million"}
    assert figures("a 30-day period in December 2012") == set()


def sheet_urls() -> list[str]:
    """Every address the fact sheet stores, in order, without the punctuation that follows one in prose."""
    found = [u.rstrip(".,;") for u in re.findall(r"https?://[^\s|)]+", FACTS)]
    return list(dict.fromkeys(found))


def test_every_source_url_is_on_the_fact_sheet():
    """Each news source is a page the fact sheet checked; a codebook's address, if any, is one the shipped
    notes on the methods store (tests/reference/media_literacy.md)."""
    urls = set(sheet_urls())
    notes = (REFERENCE / "media_literacy.md").read_text(encoding="utf-8")
    for row in rows("sources"):
        if row["kind"] == "codebook":
            assert row["url"] == "" or row["url"] in notes, row["source_id"]
        else:
            assert row["url"] in urls, row["source_id"]


def test_every_url_on_the_fact_sheet_has_a_source_row():
    """The codebook promises one row per URL stored in facts.md."""
    urls = sheet_urls()
    assert len(urls) > 50 and "https://www.haaretz.com/world-news/1.553837" in urls
    stored = {row["url"] for row in rows("sources")}
    assert [u for u in urls if u not in stored] == []


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


SHEET_WRITES = re.compile(r'The fact sheet writes "([^"]+)"')


def test_a_hedge_only_the_sheets_summary_makes_is_kept_in_the_note():
    """The codebook: the quoted excerpt decides `approximate`; where the sheet's summary alone hedges the
    number ("~1.8 million" for the Netherlands, whose DutchNews excerpt prints "1.8 million"), the row stays
    unhedged and its note keeps the sheet's words, which lesson 2 prints beside the figure."""
    kept = 0
    for row in rows("country_figures"):
        sheet = sheet_rows("2", row["country"])
        noted = SHEET_WRITES.findall(row["note"])
        for words in noted:
            assert words in sheet, (row["country"], words)
        if not row["records"]:
            continue
        hedged = [f"~{r}" for r in renderings(int(row["records"])) if f"~{r}" in sheet]
        if row["approximate"] == "false" and hedged:
            assert any(h in noted for h in hedged), row["country"]
            kept += 1
    assert kept >= 1, "the codebook's example (the Netherlands) should be found"


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


# --- Lesson 1: the source packet for lateral reading -------------------------------

def fact_row_lines():
    """{'§N first cell': the whole table line} for every fact-sheet row, with the sheet's escaped quotes read as quotes."""
    found, section = {}, None
    for line in FACTS.replace('\\"', '"').splitlines():
        if line.startswith("## "):
            section = line.split()[1].rstrip(".")
        elif line.startswith("| ") and "|---" not in line:
            found[f"§{section} {line.strip('|').split(' | ')[0].strip()}"] = line
    return found


def test_every_packet_excerpt_is_verbatim_on_its_fact_sheet_row():
    lines = fact_row_lines()
    urls = {s["source_id"]: s["url"] for s in rows("sources")}
    for row in rows("source_packet"):
        line = lines[row["fact_ref"]]
        assert row["excerpt"] in line, row["packet_id"]
        assert row["later_correction"] in line, row["packet_id"]
        assert urls[row["source_id"]] in line or "(as above" in line, row["packet_id"]


def test_the_packet_agrees_with_the_kits_verdicts():
    """What the packet shows for a claim must be enough to reach the kit's verdict, and no more."""
    claims = {c["claim_id"]: c for c in rows("claims")}
    packet: dict[str, list[dict]] = {}
    for row in rows("source_packet"):
        packet.setdefault(row["claim_id"], []).append(row)
    assert len(packet) >= 4
    for claim_id, items in packet.items():
        claim, found = claims[claim_id], {r["bears_on"] for r in items}
        assert "other" in found, f"{claim_id}: the packet needs an excerpt about something else"
        expected = {"confirmed": "supports" in found and "contradicts" not in found,
                    "disputed": "contradicts" in found,
                    "partly": "partly" in found,
                    "not_found": found == {"other"}}[claim["verdict"]]
        assert expected, claim_id
        for r in items:  # an excerpt that bears on a claim is one of the sources behind its verdict
            if r["bears_on"] != "other":
                assert r["source_id"] in claim["evidence"].split(";"), r["packet_id"]


def test_the_packet_practises_anonymous_sourcing_and_corrections():
    packet = rows("source_packet")
    assert len([r for r in packet if r["on_record"] == "false"]) == 1  # exercise 1.3 has one answer
    assert len([r for r in packet if r["later_correction"]]) == 1      # exercise 1.4 has one answer
    assert {r["claim_id"] for r in packet if r["on_record"] == "false"} == {r["claim_id"] for r in packet if r["later_correction"]}


# --- Lesson 1: slips a second read found, checked for every row ----------------------

MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
DAY = re.compile(rf"\b\d{{1,2}} {MONTHS}\b|\b{MONTHS} \d{{1,2}}\b|\d{{4}}-\d{{2}}-\d{{2}}")
MONTH = re.compile(rf"\b{MONTHS}\b|\b\d{{4}}-\d{{2}}\b|\b\d{{4}} \({MONTHS}\)")


def sheet_dates_by_url() -> dict[str, list[str]]:
    """{url: the date cell of every fact-sheet row that stores that url}."""
    found: dict[str, list[str]] = {}
    columns = None
    for line in FACTS.splitlines():
        if not line.startswith("| ") or "|---" in line:
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        if cells[0] == "fact":
            columns = cells
            continue
        row = dict(zip(columns, cells))
        for url in re.findall(r"https?://[^\s|)]+", row.get("URL", "")):
            found.setdefault(url.rstrip(".,;"), []).append(row.get("date", ""))
    return found


def test_month_only_and_day_dates_are_told_apart():
    assert not DAY.search("Oct 2013") and MONTH.search("Oct 2013") and MONTH.search("2013 (July)")
    assert DAY.search("Mon 21 Oct 2013") and DAY.search('"Tue, Oct 22, 2013, 19:51"') and DAY.search("2013-10-21")


def test_no_source_is_dated_to_the_day_where_its_sheet_row_gives_only_a_month():
    """A page the sheet dates only 'Oct 2013' on some row must not carry a CONFIRMED day: the day
    would come from another page (Le Monde's own date is not The Brooks Review's)."""
    dates = sheet_dates_by_url()
    assert any(not DAY.search(d) and MONTH.search(d) for ds in dates.values() for d in ds)  # the test has cases
    for row in rows("sources"):
        if len(row["date"]) == 10 and row["date_status"] == "CONFIRMED":
            month_only = [d for d in dates.get(row["url"], []) if MONTH.search(d) and not DAY.search(d)]
            assert not month_only, (row["source_id"], month_only)


def test_a_claim_nothing_retrieved_states_first_appears_in_the_article():
    """If no retrieved source states a claim, none of them can be where it first appeared."""
    not_found = [r for r in rows("claims") if r["verdict"] == "not_found"]
    assert not_found
    for row in not_found:
        assert row["first_appearance"] in ("", "haaretz_2013_10_22"), row["claim_id"]


def test_the_first_appearance_is_the_earliest_known_of_its_sources():
    """No source behind the verdict is known to be earlier than the claim's first appearance,
    and a first appearance dated only to the month does not beat a source dated to a day in that month."""
    dates = {s["source_id"]: s["date"] for s in rows("sources")}
    for row in rows("claims"):
        first = dates.get(row["first_appearance"], "")
        if not first or row["first_appearance"] == "haaretz_2013_10_22":
            continue
        for source in filter(None, row["evidence"].split(";")):
            other = dates[source]
            if other:
                assert other[: len(first)] >= first[: len(other)], (row["claim_id"], source)
                assert not (len(first) < len(other) and other.startswith(first)), (row["claim_id"], source)


def test_attribution_agrees_with_who_the_claimant_is():
    """An official statement comes from an institution; a named person on the record is a named source."""
    for row in rows("claims"):
        if row["attribution"] == "official_statement":
            assert row["claimant_type"] == "Organization", row["claim_id"]
        if row["claimant_type"] == "Person":
            assert row["attribution"] == "named_source", row["claim_id"]


def test_evidence_is_blank_for_opinions_and_given_for_every_finding():
    """The codebook: blank for opinions; a claim nothing was found on may list what bears on it."""
    for row in rows("claims"):
        if row["verdict"] == "opinion":
            assert row["evidence"] == "", row["claim_id"]
        elif row["verdict"] != "not_found":
            assert row["evidence"], row["claim_id"]


ABSENCE = re.compile(r"\b(never|nobody|no one|the only source|spoke only|own English text)\b", re.I)


@pytest.mark.parametrize("name,column", [("claims", "note"), ("sources", "note"), ("source_packet", "note"), ("sources", "outlet")])
def test_notes_do_not_turn_not_found_into_absence(name, column):
    """'Not found in what was retrieved' never becomes 'never' or 'the only source'."""
    assert ABSENCE.search("the article itself is the only source for it")
    for row in rows(name):
        assert not ABSENCE.search(row[column]), (name, row[next(iter(row))])
def test_coding_notes_name_codes_as_the_code_table_does():
    """A note that names a code uses one of its two names; a note never says a code is missing that the table lists."""
    codes = {r["cameo_code"]: (r["name"], r["icews_name"]) for r in rows("cameo_codes")}
    for row in rows("reactions"):
        note = row["coding_note"]
        for code, words in re.findall(r"\b(\d{3,4}) ([A-Z][a-z]+(?: [a-z]+)*)", note):
            said = words.split()  # the note's words after the code agree with a name as far as both go
            assert any(said[:len(n)] == n[:len(said)] for n in (re.findall(r"[A-Za-z]+", name) for name in codes[code])), (
                row["reaction_id"], code, words)
        for code, name in re.findall(r"\b(\d{3,4})\b[^\"]{0,40}?\"([^\"]+)\"", note):
            if code in codes and name[0].isupper():
                assert name in codes[code], (row["reaction_id"], code, name)
        for missing in re.findall(r"no \"([^\"]+)\" code", note):
            assert not [c for c, names in codes.items() if any(missing.lower() in n.lower() for n in names)], (row["reaction_id"], missing)


# --- What mutation testing of data found no test noticing ---------------------------------------------

SCHEMA_DTYPES = {"integer": "Int64", "number": "Float64", "string": "string", "boolean": "boolean"}


def test_every_table_loads_in_the_schemas_order_and_types_with_true_false_and_blanks_as_written():
    import pandas as pd

    for res in data.package()["resources"]:
        if not res["path"].endswith(".csv"):
            continue
        table, raw = data.load(res["name"]), rows(res["name"])
        fields = res["schema"]["fields"]
        assert list(table.columns) == [f["name"] for f in fields], res["name"]
        for f in fields:
            column = table[f["name"]]
            assert str(column.dtype) == SCHEMA_DTYPES[f["type"]], (res["name"], f["name"])
            assert column.isna().tolist() == [r[f["name"]] == "" for r in raw], (res["name"], f["name"])
            if f["type"] == "boolean":
                assert column.tolist() == [{"true": True, "false": False}.get(r[f["name"]].lower(), pd.NA) for r in raw]


def test_a_table_is_read_with_words_like_na_kept_booleans_and_dates_typed_and_columns_reordered():
    fields = [{"name": "when", "type": "date"}, {"name": "word", "type": "string"}, {"name": "ok", "type": "boolean"},
              {"name": "yes", "type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]},
              {"name": "n", "type": "integer"}]
    text = "ok,yes,word,n,when\ntrue,oui,NA,1,2013-10-21\nFALSE,non,null,,2013-10-22\n,,,2,2013-12-01\n"
    table = data.frame(text, fields)
    assert list(table.columns) == ["when", "word", "ok", "yes", "n"]
    assert table["word"].tolist()[:2] == ["NA", "null"] and table["word"].isna().tolist() == [False, False, True]
    assert table["ok"].tolist()[:2] == [True, False] and str(table["ok"].dtype) == "boolean" and table["ok"].isna().tolist()[2]
    assert table["yes"].tolist()[:2] == [True, False]
    assert [d.isoformat() for d in table["when"].dt.date] == ["2013-10-21", "2013-10-22", "2013-12-01"]
    assert str(table["when"].dtype).startswith("datetime64")
    assert table["n"].isna().tolist() == [False, True, False] and str(table["n"].dtype) == "Int64"


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_a_file_saved_with_windows_or_old_mac_line_ends_loads_as_the_shipped_one(scratch, ending):
    """Cells that hold a line break (in quotes) come back with a plain newline, whatever the file's line ends."""
    import io

    claims = rows("claims")
    claims[0]["note"] = "line one\nline two"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(claims[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(claims)
    (scratch / "claims.csv").write_bytes(buffer.getvalue().encode("utf-8"))
    plain = data.load("claims", scratch)
    (scratch / "claims.csv").write_bytes(buffer.getvalue().replace("\n", ending).encode("utf-8"))
    loaded = data.load("claims", scratch)
    assert loaded.loc[0, "note"] == "line one\nline two"
    assert loaded.equals(plain)


def test_unknown_datasets_and_columns_are_named_with_what_there_is():
    names = [r["name"] for r in data.package()["resources"]]
    for call in (lambda: data.resource("nope"), lambda: data.load("nope")):
        with pytest.raises(KeyError) as caught:
            call()
        assert caught.value.args[0] == f"no dataset called 'nope'; the datasets are: {', '.join(names)}"
    for column in ("text", "first_appearance", "nope"):  # no codes, no constraints at all, no such column
        with pytest.raises(KeyError) as caught:
            data.codes("claims", column)
        assert caught.value.args[0] == f"claims has no coded column {column!r}"


def test_article_reads_the_folder_it_is_given(scratch):
    assert data.article(scratch) == ARTICLE
    (scratch / "article.txt").write_text(ARTICLE + "\nAn added line.\n", encoding="utf-8", newline="")
    with pytest.raises(data.DataError, match="article.txt"):
        data.article(scratch)
    assert data.article() == ARTICLE


def test_a_table_is_refused_for_a_problem_in_a_file_it_points_to_or_is_checked_against_and_only_then(scratch):
    (scratch / "actors.csv").write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(data.DataError, match="actors.csv"):
        data.load("reactions", scratch)  # reactions' actor_id points into actors.csv
    assert len(data.load("cameo_codes", scratch))  # nothing in cameo_codes points there
    (scratch / "actors.csv").write_bytes((DATASETS / "actors.csv").read_bytes())
    (scratch / "facts.md").write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(data.DataError, match="facts.md"):
        data.load("claims", scratch)  # claims are checked against the fact sheet
    assert len(data.load("actors", scratch))


def test_references_read_keys_list_keys_and_checked_against_and_leave_out_the_table_itself():
    res = {"schema": {"foreignKeys": [{"fields": "a", "reference": {"resource": "one", "fields": "a"}},
                                      {"fields": "b", "reference": {"resource": "", "fields": "c"}}],
                      "fields": [{"name": "d", "x-listForeignKey": {"resource": "two"}}, {"name": "e"}]},
           "x-checkedAgainst": ["three"]}
    assert data._references(res) == {"one", "two", "three"}
    assert data._references({"x-checkedAgainst": ["three"]}) == {"three"}
