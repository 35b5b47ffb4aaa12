"""`python -m helpers validate` and the loaders catch each kind of bad edit.

Each test breaks one thing in a scratch copy of the datasets, the way a student
editing in a spreadsheet might, and checks the FILE:ROW:COLUMN message.
"""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import pytest

from helpers import checks, data

from conftest import DATASETS, fingerprint, returns_without_waiting_on


def rewrite(path, edit):
    """Read a CSV as rows (header first), let `edit` change them, write it back."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    edit(rows)
    out = io.StringIO()
    # Python 3.10's csv module refuses to write a NUL: write a stand-in, then put the NUL back.
    stand_in = "\ue000"
    csv.writer(out, lineterminator="\n").writerows([[cell.replace("\x00", stand_in) for cell in row] for row in rows])
    path.write_text(out.getvalue().replace(stand_in, "\x00"), encoding="utf-8")


def set_cell(path, row, column, value):
    """Set one cell; `row` counts as a spreadsheet does (the header is row 1)."""
    def edit(rows):
        rows[row - 1][rows[0].index(column)] = value
    rewrite(path, edit)


def lines(folder):
    return [str(p) for p in data.check(folder)]


# One cell edited the way a student might, and the exact line the checker prints.
SINGLE_CELL_EDITS = [
    pytest.param("claims.csv", 3, "start", "thirty", "claims.csv:3:start: 'thirty' is not a whole number such as 12, with no spaces, commas or units", id="wrong_type"),
    pytest.param("claims.csv", 7, "verdict", "", "claims.csv:7:verdict: this cell is empty but a value is required", id="required_value_left_empty"),
    pytest.param("claims.csv", 4, "claim_id", "C01", "claims.csv:4:claim_id: 'C01' is used twice (also in row 2); every claim_id must be unique", id="duplicate_id"),
    pytest.param("claims.csv", 6, "first_appearance", "le_monde", "claims.csv:6:first_appearance: 'le_monde' matches no source_id in sources.csv; add that row to sources.csv first or correct the id", id="unknown_source_id"),
    pytest.param("claims.csv", 6, "evidence", "lemonde_2013_10_21;le_monde", "claims.csv:6:evidence: 'le_monde' matches no source_id in sources.csv; add that row there first or correct the id", id="unknown_source_id_inside_a_list"),
    pytest.param("claims.csv", 2, "paragraph", "2", "claims.csv:2:paragraph: the claim starts in paragraph 1, not 2", id="wrong_paragraph"),
    pytest.param("country_figures.csv", 4, "records", "70,3 millions", "country_figures.csv:4:records: '70,3 millions' is not a whole number such as 12, with no spaces, commas or units", id="figure_that_is_not_a_number"),
    pytest.param("country_figures.csv", 4, "approximate", "oui", "country_figures.csv:4:approximate: 'oui' is not true or false", id="boolean_that_is_not_true_or_false"),
    pytest.param("country_figures.csv", 4, "approximate", "", "country_figures.csv:4:approximate: a figure is given, so say whether the report hedged it: true or false", id="figure_without_approximate"),
    pytest.param("country_figures.csv", 4, "period_end", "2012-01-08", "country_figures.csv:4:period_end: the period ends (2012-01-08) before it starts (2012-12-10); check the order of the dates", id="period_that_ends_before_it_starts"),
    pytest.param("country_figures.csv", 7, "later_source_id", "reuters", "country_figures.csv:7:later_source_id: 'reuters' matches no source_id in sources.csv; add that row to sources.csv first or correct the id", id="unknown_later_source"),
    pytest.param("reactions.csv", 2, "cameo_code", "1100", "reactions.csv:2:cameo_code: '1100' matches no cameo_code in cameo_codes.csv; add that row to cameo_codes.csv first or correct the id", id="unknown_cameo_code"),
    pytest.param("reactions.csv", 5, "cameo_code", "41", "reactions.csv:5:cameo_code: '41' matches no cameo_code in cameo_codes.csv; add that row to cameo_codes.csv first or correct the id", id="code_without_its_leading_zero"),
    pytest.param("reactions.csv", 3, "actor_id", "macron", "reactions.csv:3:actor_id: 'macron' matches no actor_id in actors.csv; add that row to actors.csv first or correct the id", id="unknown_actor"),
    pytest.param("reactions.csv", 2, "quote", "summoned the ambassador", "reactions.csv:2:quote: the quote is not in article.txt word for word; copy it from the article exactly", id="in_article_quote_that_is_not_in_the_article"),
    pytest.param("reactions.csv", 2, "claim_id", "C04", "reactions.csv:2:quote: the quote is not part of claim C04's text; check the claim_id", id="reaction_pointing_at_the_wrong_claim"),
    pytest.param("country_figures.csv", 4, "approximate", "1", "country_figures.csv:4:approximate: '1' is not true or false (1 and 0 are not accepted, so that every tool reads the cell the same way)", id="boolean_written_1"),
    pytest.param("populations.csv", 2, "preferred", "0", "populations.csv:2:preferred: '0' is not true or false (1 and 0 are not accepted, so that every tool reads the cell the same way)", id="boolean_written_0"),
    pytest.param("cameo_codes.csv", 3, "cameo_code", "0\x0010", "cameo_codes.csv:3:cameo_code: '0\\x0010' contains a NUL character (shown as \\x00); delete it", id="nul_inside_a_code_is_shown_escaped"),
    pytest.param("claims.csv", 2, "note", "Fine.\x1b[2J", "claims.csv:2:note: 'Fine.\\x1b[2J' contains an escape character (shown as \\x1b); delete it", id="terminal_escape_in_a_note"),
    pytest.param("sources.csv", 2, "url", "javascript:alert(1)", "sources.csv:2:url: 'javascript:alert(1)' is not a web address starting with http:// or https://", id="javascript_url"),
    pytest.param("sources.csv", 2, "url", "https://www.example.org/news/a page.html", "sources.csv:2:url: 'https://www.example.org/news/a page.html' is not a web address starting with http:// or https://", id="url_with_a_space"),
    pytest.param("sources.csv", 2, "date", "2013-02-30", "sources.csv:2:date: '2013-02-30' is not a real date; check the month (01-12) and the day", id="date_that_does_not_exist"),
    pytest.param("reactions.csv", 2, "date", "2013-13-45", "reactions.csv:2:date: '2013-13-45' is not a real date; check the month (01-12) and the day", id="month_13"),
    pytest.param("cameo_codes.csv", 2, "level", "sub", "cameo_codes.csv:2:level: 'sub' codes have 4 digits but '01' has 2; its level is root", id="level_that_does_not_fit_the_code"),
    pytest.param("country_figures.csv", 4, "records", "7.03E+07", "country_figures.csv:4:records: '7.03E+07' is in scientific notation, as a spreadsheet shows a large number; write it out in full (70300000) and format the column as text or a number without decimals", id="spreadsheet_scientific_notation"),
    pytest.param("sources.csv", 2, "date", "22/10/2013", "sources.csv:2:date: '22/10/2013' looks like a date a spreadsheet rewrote in its own style; write it YYYY-MM-DD (or YYYY-MM), as the codebook says", id="spreadsheet_date_style"),
    pytest.param("actors.csv", 2, "cameo_actor", "USAGOV", "actors.csv:2:cameo_actor: 'USAGOV' should start with the actor's country code, FRA (for example FRAGOV)", id="actor_code_from_another_country"),
]


@pytest.mark.parametrize("name, row, column, value, message", SINGLE_CELL_EDITS)
def test_single_cell_edit(scratch, name, row, column, value, message):
    set_cell(scratch / name, row, column, value)
    assert lines(scratch) == [message]


def test_shipped_datasets_are_sound():
    assert data.check() == []


def test_cli_passes_on_shipped_data_from_any_folder(tmp_path):
    result = subprocess.run([sys.executable, "-m", "helpers", "validate"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK" in result.stdout


def test_cli_reports_file_row_column_and_exits_1(scratch):
    set_cell(scratch / "claims.csv", 5, "claim_type", "fact")
    result = subprocess.run([sys.executable, "-m", "helpers", "validate", str(scratch)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["claims.csv:5:claim_type: 'fact' is not one of the codes; use one of: statistic, event, quote, characterization, background"]


def test_loader_raises_the_same_message(scratch):
    set_cell(scratch / "claims.csv", 5, "claim_type", "fact")
    with pytest.raises(data.DataError) as caught:
        data.load("claims", scratch)
    assert str(caught.value).splitlines()[1:] == lines(scratch)


def test_a_broken_file_does_not_block_loading_an_unrelated_one(scratch):
    set_cell(scratch / "claims.csv", 5, "claim_type", "fact")
    assert len(data.load("sources", scratch)) == len(data.load("sources"))


def test_missing_column(scratch):
    rewrite(scratch / "claims.csv", lambda rows: [r.pop(5) for r in rows])
    assert lines(scratch)[0].startswith("claims.csv:1:claim_type: the column 'claim_type' is missing")


def test_columns_in_another_order_are_fine(scratch):
    rewrite(scratch / "sources.csv", lambda rows: [r.insert(0, r.pop()) for r in rows])
    assert lines(scratch) == []
    assert list(data.load("sources", scratch)["source_id"]) == list(data.load("sources")["source_id"])


def test_duplicate_id_in_reordered_columns_names_the_id(scratch):
    rewrite(scratch / "sources.csv", lambda rows: [r.insert(0, r.pop()) for r in rows])
    first = next(csv.DictReader(open(DATASETS / "sources.csv", encoding="utf-8")))["source_id"]
    set_cell(scratch / "sources.csv", 3, "source_id", first)
    assert lines(scratch)[0] == f"sources.csv:3:source_id: '{first}' is used twice (also in row 2); every source_id must be unique"


def test_renamed_column(scratch):
    def edit(rows):
        rows[0][rows[0].index("verdict")] = "Verdict"
    rewrite(scratch / "claims.csv", edit)
    assert lines(scratch) == ["claims.csv:1:verdict: the header says 'Verdict' where the column 'verdict' belongs; rename it back to 'verdict'"]


def test_value_outside_its_codes(scratch):
    set_cell(scratch / "sources.csv", 4, "kind", "blog")
    assert lines(scratch)[0].startswith("sources.csv:4:kind: 'blog' is not one of the codes; use one of: news_report, wire_copy")


def test_offsets_that_do_not_match_the_article(scratch):
    row = 10  # claim C09
    text = next(r for r in csv.DictReader(open(DATASETS / "claims.csv", encoding="utf-8")) if r["claim_id"] == "C09")
    set_cell(scratch / "claims.csv", row, "start", str(int(text["start"]) + 1))
    assert lines(scratch) == [f"claims.csv:10:text: the text does not match article[{int(text['start']) + 1}:{text['end']}]; the text is found at start={text['start']}, end={text['end']}"]


def test_text_not_in_the_article(scratch):
    set_cell(scratch / "claims.csv", 10, "text", "Fabius and Kerry had lunch")
    assert lines(scratch)[0].endswith("the text is not in the article at all: copy it from article.txt exactly")


def test_span_problems_point_to_where_the_text_really_is_even_at_the_very_start():
    article = "Ada Lenn opened the pier.\n\nThe town paid for it."
    def row(start, end, text, paragraph=1):
        return {"start": start, "end": end, "quote": text, "paragraph": paragraph}
    def said(r):
        return lines_of(checks.span_problems(article, "quotes.csv", 7, r, "quote"))
    assert said(row(0, 8, "Ada Lenn")) == []
    assert said(row(1, 9, "Ada Lenn")) == ["quotes.csv:7:quote: the text does not match article[1:9]; the text is found at start=0, end=8"]
    town = article.index("The town")
    assert said(row(town, town + 8, "The town")) == ["quotes.csv:7:paragraph: the text starts in paragraph 2, not 1"]
    assert said(row(town, town + 8, "The town", 2)) == []
    nowhere = "quotes.csv:7:quote: the text does not match article[0:3]; the text is not in the article at all: copy it from article.txt exactly"
    assert said(row(0, 3, "")) == said(row(0, 3, None)) == [nowhere]
    assert said(row(None, 3, "Ada")) == said(row(0, None, "Ada")) == []


def test_span_problems_point_to_the_first_place_of_a_text_the_article_has_twice():
    article = "The ferry was late.\n\nThe mayor said: the ferry was late. The ferry was late again."
    twice = article.index("The ferry was late again")
    def said(start, end, text):
        return lines_of(checks.span_problems(article, "claims.csv", 4, {"start": start, "end": end, "text": text, "paragraph": 2}))
    assert said(twice + 1, twice + 19, "The ferry was late") == [
        f"claims.csv:4:text: the text does not match article[{twice + 1}:{twice + 19}]; the text is found at start=0, end=18"]
    assert said(twice, twice + 18, "The ferry was late") == []


def test_verdict_stronger_than_the_fact_sheet(scratch):
    rows = list(csv.DictReader(open(DATASETS / "claims.csv", encoding="utf-8")))
    number = next(i for i, r in enumerate(rows, start=2) if r["fact_status"] == "UNCONFIRMED" and r["verdict"] == "not_found")
    set_cell(scratch / "claims.csv", number, "verdict", "confirmed")
    assert lines(scratch) == [f"claims.csv:{number}:verdict: 'confirmed' is stronger than the fact sheet's status UNCONFIRMED; use one of: not_found, opinion"]


def test_fact_reference_that_is_not_in_the_sheet(scratch):
    set_cell(scratch / "claims.csv", 2, "fact_ref", "§1 The ministry's statement")
    assert lines(scratch) == ["claims.csv:2:fact_ref: '§1 The ministry's statement' is not a row of facts.md; "
                              "write § and the section number, a space, then the row's first cell exactly"]


def test_a_claim_without_a_fact_reference_must_be_unconfirmed(scratch):
    set_cell(scratch / "claims.csv", 2, "fact_ref", "")  # C01 is CONFIRMED
    assert lines(scratch) == ["claims.csv:2:fact_status: no fact_ref is given, so nothing confirms the claim: the status must be UNCONFIRMED, not CONFIRMED"]


def test_fact_status_that_differs_from_the_sheet(scratch):
    set_cell(scratch / "claims.csv", 2, "fact_status", "PARTLY")
    assert lines(scratch) == [
        "claims.csv:2:fact_status: facts.md gives '§1 French Foreign Ministry statement quoted by Haaretz' the status CONFIRMED, not PARTLY",
        "claims.csv:2:verdict: 'confirmed' is stronger than the fact sheet's status PARTLY; use one of: disputed, not_found, opinion, partly",
    ]


def test_french_locale_spreadsheet(scratch):
    path = scratch / "claims.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[1][rows[0].index("start")] = "1,5"  # as a French spreadsheet would write 1.5
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    assert lines(scratch) == [
        "claims.csv:1:-: columns are separated by ';' instead of ',', as a spreadsheet set to a French locale saves them; save it again as 'CSV UTF-8 (comma delimited)' or choose ',' as the field separator",
        "claims.csv:2:start: '1,5' has a decimal comma; numbers need a decimal point ('1.5')",
    ]


def test_byte_order_mark_is_read_correctly(scratch):
    path = scratch / "sources.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert lines(scratch) == []
    assert data.load("sources", scratch)["source_id"].tolist() == data.load("sources")["source_id"].tolist()


def test_empty_file(scratch):
    (scratch / "sources.csv").write_text("", encoding="utf-8")
    assert lines(scratch)[0] == "sources.csv:-:-: the file is empty; restore it from git or paste the rows back in"


def test_missing_file(scratch):
    (scratch / "claims.csv").unlink()
    assert lines(scratch)[0].startswith("claims.csv:-:-: the file is missing")


def test_file_that_is_not_utf8(scratch):
    path = scratch / "sources.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    assert lines(scratch)[0].startswith("sources.csv:")
    assert "is not UTF-8 text" in lines(scratch)[0]


def test_edited_article(scratch):
    path = scratch / "article.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("private live", "private life"), encoding="utf-8")
    assert "article.txt:-:-: the file's content differs from the shipped original" in lines(scratch)[0]


def test_checking_never_writes_to_the_folder(scratch):
    set_cell(scratch / "claims.csv", 5, "claim_type", "fact")
    before = fingerprint(scratch)
    data.check(scratch)
    with pytest.raises(data.DataError):
        data.load("claims", scratch)
    assert fingerprint(scratch) == before


def test_unquoted_comma_makes_an_extra_cell(scratch):
    path = scratch / "sources.csv"
    lines_ = path.read_text(encoding="utf-8").splitlines()
    lines_[2] = lines_[2] + ",an extra note"
    path.write_text("\n".join(lines_) + "\n", encoding="utf-8")
    assert lines(scratch) == ["sources.csv:3:-: this row has more cells than the header has columns; put quotes around a value that contains a comma"]


# --- Lesson 2's files go through the same checks ------------------------------


def test_duplicate_country(scratch):
    set_cell(scratch / "country_figures.csv", 5, "country_code", "FRA")
    problems = lines(scratch)
    assert problems[0] == "country_figures.csv:5:country_code: 'FRA' is used twice (also in row 4); every country_code must be unique"


def test_population_for_a_country_without_a_figure_row(scratch):
    set_cell(scratch / "populations.csv", 2, "country_code", "BEL")
    assert lines(scratch)[0] == "populations.csv:2:country_code: 'BEL' matches no country_code in country_figures.csv; add that row to country_figures.csv first or correct the id"


def test_two_preferred_populations(scratch):
    rows = list(csv.DictReader(open(DATASETS / "populations.csv", encoding="utf-8")))
    spain = [i for i, r in enumerate(rows, start=2) if r["country_code"] == "ESP"]
    set_cell(scratch / "populations.csv", spain[1], "preferred", "true")
    assert lines(scratch) == [f"populations.csv:{spain[0]}:preferred: ESP: rows {spain[0]}, {spain[1]} are marked preferred; mark exactly one row true"]


def test_population_with_decimal_commas_from_a_french_spreadsheet(scratch):
    path = scratch / "populations.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[1][rows[0].index("population")] = "80,5"
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    assert lines(scratch)[1] == "populations.csv:2:population: '80,5' has a decimal comma; numbers need a decimal point ('80.5')"


def test_variant_with_an_unknown_country(scratch):
    set_cell(scratch / "figure_variants.csv", 3, "country_code", "fra")
    assert lines(scratch)[0].startswith("figure_variants.csv:3:country_code: 'fra' ")


# --- Lesson 3's files -----------------------------------------------------------


def test_reaction_outside_the_article_with_a_claim(scratch):
    # R02 (row 3) quotes Bloomberg, outside the article; C04 is the standfirst that may, or may not, report it
    set_cell(scratch / "reactions.csv", 3, "claim_id", "C04")
    assert lines(scratch) == [
        "reactions.csv:3:in_article: a claim_id is given, so the reaction is in the article: set in_article to true",
        "reactions.csv:3:quote: the quote is not part of claim C04's text; check the claim_id",
    ]


def test_reaction_in_the_article_without_a_claim(scratch):
    set_cell(scratch / "reactions.csv", 2, "claim_id", "")  # R01 is in the article, reported by C18
    assert lines(scratch) == ["reactions.csv:2:claim_id: the reaction is in the article, so give the claim_id that reports it"]


def test_actor_code_with_an_unknown_role(scratch):
    set_cell(scratch / "actors.csv", 2, "cameo_actor", "FRAPRESIDENT")
    assert lines(scratch)[0].startswith("actors.csv:2:cameo_actor: 'FRAPRESIDENT' does not have the expected form")


def test_alternative_coding_of_an_unknown_reaction(scratch):
    set_cell(scratch / "reactions_alt_coding.csv", 2, "reaction_id", "R99")
    assert "reactions_alt_coding.csv:2:reaction_id: 'R99' matches no reaction_id in reactions.csv" in lines(scratch)[0]


# --- Remembering a verdict: by content, in this process only --------------------

def test_a_same_length_edit_with_its_time_restored_is_checked_again(scratch):
    path = scratch / "claims.csv"
    assert data.load("claims", scratch)["claim_type"].iloc[3] != "fact!"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    row = text.splitlines()[4]
    old = row.split(",")[5]
    path.write_text(text.replace(row, row.replace(f",{old},", f",{'x' * len(old)},", 1)), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    with pytest.raises(data.DataError, match="claims.csv:5:claim_type"):
        data.load("claims", scratch)


def test_the_loaders_parse_the_very_bytes_they_checked(scratch, monkeypatch):
    """A file changed between the check and the read cannot slip in unchecked."""
    real = checks.read_file
    def read_then_break(folder, name):
        found = real(folder, name)
        if name == "claims.csv":
            set_cell(scratch / "claims.csv", 5, "claim_type", "fact")
        return found
    monkeypatch.setattr(checks, "read_file", read_then_break)
    assert "fact" not in set(data.load("claims", scratch)["claim_type"])


def test_nothing_is_stored_between_sessions_so_a_missing_home_is_fine(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_CACHE_HOME", "USERPROFILE")}
    code = "from helpers import data; print(len(data.load('claims')), len(data.article()))"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(len(data.load("claims"))), str(len(data.article()))]


# --- Files a spreadsheet or a system may leave behind ------------------------------

def test_mac_line_ends_are_read_correctly_by_the_checker_and_the_loaders(scratch):
    for path in scratch.glob("*.csv"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    assert lines(scratch) == []
    assert data.article(scratch) == data.article()
    for name in ("claims", "sources", "populations", "reactions"):
        assert data.load(name, scratch).equals(data.load(name)), name


def test_utf16_without_a_byte_order_mark(scratch):
    path = scratch / "actors.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16-le"))
    assert lines(scratch) == ["actors.csv:-:-: the file is UTF-16 text ('Unicode text' in Excel), not UTF-8; save it again as 'CSV UTF-8'"]


def test_a_file_with_only_its_header(scratch):
    path = scratch / "figure_variants.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert lines(scratch) == ["figure_variants.csv:-:-: the file has a header but no rows; restore the rows from git (git checkout -- datasets/figure_variants.csv)"]


@pytest.mark.parametrize("lost_rows", [16, 6, 5], ids=["16", "6", "5"])
def test_a_second_coding_that_covers_only_some_reactions(scratch, lost_rows):
    """The message names the first five ids it misses, and says "..." only when there are more."""
    path = scratch / "reactions_alt_coding.csv"
    reactions = [r["reaction_id"] for r in csv.DictReader(open(DATASETS / "reactions.csv", encoding="utf-8"))]
    kept = path.read_text(encoding="utf-8").splitlines()[:len(reactions) - lost_rows + 1]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    lost = reactions[len(reactions) - lost_rows:]
    assert [line.split(",")[0] for line in kept[1:]] == reactions[:len(reactions) - lost_rows]  # the files' rows in one order
    shown = ", ".join(lost[:5]) + (", ..." if len(lost) > 5 else "")
    assert lines(scratch) == [f"reactions_alt_coding.csv:-:reaction_id: {len(lost)} of the {len(reactions)} rows of reactions.csv have no row here ({shown}); this file needs a row for every reaction_id in reactions.csv, or what is computed from it rests on fewer rows than the lesson says"]
    with pytest.raises(data.DataError):
        data.load("reactions_alt_coding", scratch)


def test_two_text_headers_swapped(scratch):
    def edit(rows):
        a, b = rows[0].index("claimant"), rows[0].index("note")
        rows[0][a], rows[0][b] = rows[0][b], rows[0][a]
    rewrite(scratch / "claims.csv", edit)
    assert lines(scratch) == ["claims.csv:1:claimant: the headers 'claimant' and 'note' have changed places, so each column's values would be read as the other's; put the columns back in the order claim_id, paragraph, start, end, text, claim_type, claimant, claimant_type, attribution, first_appearance, verdict, evidence, fact_ref, fact_status, note"]


def test_a_stray_quote_inside_a_note(scratch):
    path = scratch / "actors.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text[1] += 'the "real" code'
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    assert lines(scratch) == ["""actors.csv:2:note: a stray double quote in 'the "real" code'; put quotes around the whole cell and write a quote inside it twice ("")"""]


def test_a_quote_that_never_closes(scratch):
    path = scratch / "actors.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text.append(text[1] + '"CAMEO says')  # a copy of row 2 whose empty note now opens a quote
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    assert lines(scratch) == [f"actors.csv:{len(text)}:-: a quote opens a cell here but is never closed, so the rest of the file runs into it; add the closing quote or delete the stray one"]


# --- A crafted descriptor, links and the CLI: nothing outside the folder ----------------

CRAFTED_PATHS = ["../../somewhere/claims.csv", "/etc/hostname", "sub/claims.csv", "C:\\claims.csv", "..",
                 "https://example.com/claims.csv", "claims.csv/../../x", ".hidden", "", None]


@pytest.mark.parametrize("path", CRAFTED_PATHS)
def test_a_resource_path_must_be_a_plain_name_inside_the_folder(scratch, tmp_path, monkeypatch, path):
    descriptor = data.package()
    descriptor["resources"][3]["path"] = path
    opened = []
    real_open = os.open
    monkeypatch.setattr(checks.os, "open", lambda p, flags, *a: opened.append(p) or real_open(p, flags, *a))
    before = sorted(tmp_path.rglob("*"))
    found = [str(p) for p in checks.check(scratch, descriptor)]
    assert found and all(line.startswith("datapackage.json:-:-: resource claims: its path ") for line in found), found
    assert opened == []  # refused before reading anything
    assert sorted(tmp_path.rglob("*")) == before


def test_checking_never_opens_a_file_for_writing_nor_makes_a_temporary_one(scratch, monkeypatch):
    set_cell(scratch / "claims.csv", 5, "claim_type", "fact")
    real_open = os.open
    def read_only(path, flags, *args):
        assert not flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND), path
        return real_open(path, flags, *args)
    monkeypatch.setattr(checks.os, "open", read_only)
    import tempfile
    for name in ("mkdtemp", "mkstemp", "TemporaryDirectory", "NamedTemporaryFile"):
        monkeypatch.setattr(tempfile, name, lambda *a, **k: pytest.fail("the checker made a temporary file"))
    assert lines(scratch)


def test_a_descriptor_that_is_not_json_is_one_clear_line(scratch, monkeypatch):
    (scratch / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    monkeypatch.setattr(checks, "DATASETS", scratch)
    restore = "restore it with git checkout -- datasets/datapackage.json"
    assert lines(scratch) == [f"datapackage.json:-:-: the descriptor is not valid JSON (Expecting value: line 1 column 16 (char 15)); {restore}"]
    with pytest.raises(data.DataError, match="datapackage.json"):
        data.load("claims", scratch)
    (scratch / "datapackage.json").write_bytes(b'{"resources": ["\xe9"]}')  # saved as Latin-1: the reason is shortened to 60 characters
    assert lines(scratch) == [f"datapackage.json:-:-: the descriptor is not valid JSON ('utf-8' codec can't decode byte 0xe9 in position 16: invali…); {restore}"]


def test_cli_names_a_pipe_and_does_not_hang(scratch):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    (scratch / "actors.csv").unlink()
    os.mkfifo(scratch / "actors.csv")
    result = subprocess.run([sys.executable, "-m", "helpers", "validate", str(scratch)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "actors.csv:-:-: this is a named pipe (FIFO), not a file; replace it with the file itself" in result.stdout.splitlines()
    assert "Traceback" not in result.stderr


def test_cli_prints_control_characters_escaped(scratch):
    set_cell(scratch / "claims.csv", 2, "note", "bell\a and\x1b[31m red")
    result = subprocess.run([sys.executable, "-m", "helpers", "validate", str(scratch)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.isprintable() or all(line.isprintable() for line in result.stdout.splitlines())
    assert "\\x07" in result.stdout


def test_cli_on_a_folder_that_does_not_exist(tmp_path):
    result = subprocess.run([sys.executable, "-m", "helpers", "validate", str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{tmp_path / 'nowhere'}:-:-: there is no such folder"]
    assert "Traceback" not in result.stderr


def test_empty_columns_a_spreadsheet_adds_at_the_end_are_ignored(scratch):
    rewrite(scratch / "populations.csv", lambda rows: [r.extend(["", ""]) for r in rows])
    assert lines(scratch) == []
    assert data.load("populations", scratch).equals(data.load("populations"))


# --- What mutation testing of checks found no test noticing ---

def _things_and_refs():
    """A small descriptor of two tables: things.csv lists ids; refs.csv points at them, one by one and in a list."""
    return {"resources": [
        {"name": "things", "path": "things.csv", "type": "table",
         "schema": {"fields": [{"name": "id", "type": "string"}, {"name": "n", "type": "integer"}], "primaryKey": "id"}},
        {"name": "refs", "path": "refs.csv", "type": "table",
         "schema": {"fields": [{"name": "ref_id", "type": "string"}, {"name": "thing", "type": "string"},
                               {"name": "also", "type": "string",
                                "x-listForeignKey": {"resource": "things", "field": "id", "delimiter": ";"}}],
                    "primaryKey": "ref_id",
                    "foreignKeys": [{"fields": "thing", "reference": {"resource": "things", "fields": "id"}}]}},
    ]}


def _files(**texts):
    return {name: (text.encode("utf-8"), []) for name, text in texts.items()}


def test_many_ids_pointing_nowhere_show_the_first_three_and_one_line_counting_them():
    descriptor = _things_and_refs()
    refs = "ref_id,thing,also\n" + "".join(f"r{i},z{i},\n" for i in range(1, 8))
    found = [str(p) for p in checks.check_files(_files(things="id,n\na,1\n", refs=refs), descriptor)]
    assert found == [
        "refs.csv:2:thing: 'z1' matches no id in things.csv; add that row to things.csv first or correct the id",
        "refs.csv:3:thing: 'z2' matches no id in things.csv; add that row to things.csv first or correct the id",
        "refs.csv:4:thing: 'z3' matches no id in things.csv; add that row to things.csv first or correct the id",
        "things.csv:-:-: 7 ids in refs.csv match no row of this file (the first are shown above); were rows deleted, "
        "or the file cut short? restore them from git (git checkout -- datasets/things.csv)",
    ]


def test_five_ids_pointing_nowhere_are_all_shown():
    descriptor = _things_and_refs()
    refs = "ref_id,thing,also\n" + "".join(f"r{i},z{i},\n" for i in range(1, 5)) + "r5,a,a;y\n"
    found = [str(p) for p in checks.check_files(_files(things="id,n\na,1\n", refs=refs), descriptor)]
    assert found == [f"refs.csv:{i + 1}:thing: 'z{i}' matches no id in things.csv; add that row to things.csv first or correct the id" for i in range(1, 5)] + [
        "refs.csv:6:also: 'y' matches no id in things.csv; add that row there first or correct the id"]


def _counts_and_notes():
    """counts.csv has a row per country and year; notes.csv needs one for each (x-complete), found by both columns."""
    return {"resources": [
        {"name": "counts", "path": "counts.csv", "type": "table", "schema": {
            "fields": [{"name": "country", "type": "string"}, {"name": "year", "type": "integer"}, {"name": "n", "type": "integer"}],
            "primaryKey": ["country", "year"]}},
        {"name": "notes", "path": "notes.csv", "type": "table", "schema": {
            "fields": [{"name": "id", "type": "string"}, {"name": "country", "type": "string"}, {"name": "year", "type": "integer"}],
            "primaryKey": "id",
            "foreignKeys": [{"fields": ["country", "year"], "reference": {"resource": "counts", "fields": ["country", "year"]},
                             "x-complete": True}]}},
    ]}


def test_a_key_of_two_columns_pointing_nowhere_names_both_columns_and_both_values():
    counts = "country,year,n\nFRA,2013,1\nDEU,2013,2\n"
    notes = "id,country,year\nn1,FRA,2013\nn2,DEU,2013\nn3,FRA,2014\nn4,FRA,\n"  # a blank in the key points at nothing
    found = lines_of(checks.check_files(_files(counts=counts, notes=notes), _counts_and_notes()))
    assert found == ["notes.csv:4:country, year: 'FRA, 2014' matches no country, year in counts.csv; add that row to counts.csv first or correct the id"]


def test_a_complete_file_lacking_rows_names_them_unless_it_has_problems_of_its_own():
    counts = "country,year,n\nFRA,2013,1\nDEU,2013,2\nITA,2013,3\n"
    found = lines_of(checks.check_files(_files(counts=counts, notes="id,country,year\nm1,FRA,2013\n"), _counts_and_notes()))
    assert found == ["notes.csv:-:country, year: 2 of the 3 rows of counts.csv have no row here (DEU, 2013, ITA, 2013); this file needs a row "
                     "for every country, year in counts.csv, or what is computed from it rests on fewer rows than the lesson says"]
    # a broken row may be the very row that seems lacking: its own problem is shown, and the file is counted once it is sound
    notes = "id,country,year\nm2,FRA,2013\nm3,DEU,2013\nm4,ITA,20l3\n"
    found = lines_of(checks.check_files(_files(counts=counts, notes=notes), _counts_and_notes()))
    assert found == ["notes.csv:4:year: '20l3' is not a whole number such as 12, with no spaces, commas or units"]


def test_many_problems_in_one_column_or_one_file_show_the_first_five_and_count_the_rest():
    things = "id,n\n" + "".join(f"t{i},{i}x\n" for i in range(1, 9)) + ",\n" * 6
    found = lines_of(checks.check_files(_files(things=things, refs="ref_id,thing,also\nr1,,\n"), _things_and_refs()))
    assert found == [f"things.csv:{i + 1}:n: '{i}x' is not a whole number such as 12, with no spaces, commas or units" for i in range(1, 6)] + [
        f"things.csv:{row}:-: the row is empty; delete it" for row in range(10, 15)] + [
        "things.csv:-:n: and 3 more problem(s) like those above in this column n; fix those first, then check again",
        "things.csv:-:-: and 1 more problem(s) like those above in this file; fix those first, then check again"]


def test_an_id_in_a_list_is_checked_again_when_only_the_file_it_points_into_changes():
    descriptor = _things_and_refs()
    del descriptor["resources"][1]["schema"]["foreignKeys"]  # refs.csv points into things.csv by its list only
    refs = "ref_id,thing,also\nr1,,a;b\n"
    assert checks.check_files(_files(things="id,n\na,1\nb,2\n", refs=refs), descriptor) == []
    found = [str(p) for p in checks.check_files(_files(things="id,n\na,1\nc,2\n", refs=refs), descriptor)]
    assert found == ["refs.csv:2:also: 'b' matches no id in things.csv; add that row there first or correct the id"]


def test_an_id_is_checked_again_when_only_the_file_it_points_into_changes():
    descriptor = _things_and_refs()
    descriptor["resources"][1]["schema"]["fields"][2].pop("x-listForeignKey")  # refs.csv points into things.csv by its foreign key only
    refs = "ref_id,thing,also\nr1,b,\n"
    assert checks.check_files(_files(things="id,n\nb,1\n", refs=refs), descriptor) == []
    found = [str(p) for p in checks.check_files(_files(things="id,n\nc,1\n", refs=refs), descriptor)]
    assert found == ["refs.csv:2:thing: 'b' matches no id in things.csv; add that row to things.csv first or correct the id"]


def test_a_foreign_key_without_a_resource_points_into_its_own_file():
    descriptor = {"resources": [{"name": "things", "path": "things.csv", "type": "table", "schema": {
        "fields": [{"name": "id", "type": "string"}, {"name": "parent", "type": "string"}], "primaryKey": "id",
        "foreignKeys": [{"fields": "parent", "reference": {"fields": "id"}}]}}]}
    assert checks.check_files(_files(things="id,parent\na,\nb,a\n"), descriptor) == []
    found = [str(p) for p in checks.check_files(_files(things="id,parent\na,\nb,z\n"), descriptor)]
    assert found == ["things.csv:3:parent: 'z' matches no id in things.csv; add that row to things.csv first or correct the id"]


def test_a_hash_without_an_algorithm_is_md5_as_the_standard_says():
    import hashlib
    text = b"The article.\n"
    descriptor = {"resources": [{"name": "article", "path": "article.txt", "type": "file", "hash": hashlib.md5(text).hexdigest()}]}
    # a caller that has checked the descriptor itself passes its key (as checked_files() does)
    assert checks.check_files({"article": (text, [])}, descriptor, schema_key="checked") == []
    assert [str(p) for p in checks.check_files({"article": (text + b"!", [])}, descriptor, schema_key="checked")] == [
        "article.txt:-:-: the file's content differs from the shipped original; it must not be edited: restore it with git checkout -- datasets/article.txt"]


THINGS = {"name": "things", "path": "things.csv", "type": "table",
          "schema": {"fields": [{"name": "id", "type": "string"}, {"name": "n", "type": "integer"}], "primaryKey": "id"}}


def test_read_table_reads_typed_rows_and_keeps_a_broken_row_as_its_text():
    table = checks.read_table("id,n\na,1\nb,two\n,3\nc\nd,4\n", THINGS)
    assert (table.name, table.readable) == ("things", True)
    assert table.rows == [(2, {"id": "a", "n": 1}), (6, {"id": "d", "n": 4})]
    assert table.every_row == [{"id": "a", "n": 1}, {"id": "b", "n": "two"}, {"id": "", "n": 3}, {"id": "c", "n": None}, {"id": "d", "n": 4}]
    assert [str(p) for p in table.problems] == [
        "things.csv:3:n: 'two' is not a whole number such as 12, with no spaces, commas or units",
        "things.csv:4:id: this cell is empty but a value is required",
        "things.csv:5:n: this row has fewer cells than the header has columns; add the missing value (or leave it empty between two commas)",
    ]


def test_read_table_with_one_row_is_not_header_only():
    table = checks.read_table("id,n\na,1\n", THINGS)
    assert (table.rows, table.problems, table.readable) == ([(2, {"id": "a", "n": 1})], [], True)
    only_header = checks.read_table("id,n\n", THINGS)
    assert [str(p) for p in only_header.problems] == ["things.csv:-:-: the file has a header but no rows; restore the rows from git (git checkout -- datasets/things.csv)"]


def test_read_table_of_an_empty_text_or_a_french_spreadsheet_has_no_rows():
    empty = checks.read_table("", THINGS)
    assert (empty.name, empty.rows, empty.readable) == ("things", [], False)
    assert lines_of(empty.problems) == ["things.csv:-:-: the file has no header row"]
    french = checks.read_table("id;n\na;1,5\n", THINGS)
    assert (french.name, french.rows, french.readable) == ("things", [], False)
    assert lines_of(french.problems) == [
        "things.csv:1:-: columns are separated by ';' instead of ',', as a spreadsheet set to a French locale saves them; save it again as 'CSV UTF-8 (comma delimited)' or choose ',' as the field separator",
        "things.csv:2:n: '1,5' has a decimal comma; numbers need a decimal point ('1.5')",
    ]


def test_a_column_marked_unique_refuses_a_value_used_twice_but_not_two_blanks():
    codes = {"name": "codes", "path": "codes.csv", "type": "table", "schema": {
        "fields": [{"name": "id", "type": "string"}, {"name": "code", "type": "string", "constraints": {"unique": True}}],
        "primaryKey": "id"}}
    table = checks.read_table("id,code\na,x\nb,\nc,x\nd,\n", codes)
    assert lines_of(table.problems) == ["codes.csv:4:code: 'x' is used twice (also in row 2); every code must be unique"]
    assert [row["id"] for _, row in table.rows] == ["a", "b", "d"]


def test_a_key_of_two_columns_may_have_one_blank_but_not_two_rows_alike_nor_every_cell_blank():
    counts = {"name": "counts", "path": "counts.csv", "type": "table", "schema": {
        "fields": [{"name": "country", "type": "string"}, {"name": "year", "type": "integer"}, {"name": "n", "type": "integer"}],
        "primaryKey": ["country", "year"]}}
    table = checks.read_table("country,year,n\nFRA,2013,1\nFRA,,2\nFRA,,3\n,,4\n,2013,5\n", counts)
    assert lines_of(table.problems) == [
        "counts.csv:4:country, year: 'FRA, (blank)' is used twice (also in row 3); every country, year must be unique",
        "counts.csv:5:country, year: every cell of the key (country, year) is empty; fill in at least one, so the row can be told apart",
    ]
    assert [n for n, _ in table.rows] == [2, 3, 6]


def test_a_stray_quote_in_the_first_row_does_not_stop_the_other_rows_being_read():
    table = checks.read_table('id,n\na"b,1\nc,x\n', THINGS)
    assert table.readable and table.name == "things"
    assert [str(p) for p in table.problems] == [
        "things.csv:2:id: a stray double quote in 'a\"b'; put quotes around the whole cell and write a quote inside it twice (\"\")",
        "things.csv:3:n: 'x' is not a whole number such as 12, with no spaces, commas or units",
    ]


def test_a_header_that_cannot_be_read_stops_the_table():
    table = checks.read_table('"id,n\na,1\n', THINGS)
    assert (table.name, table.rows, table.readable) == ("things", [], False)
    assert [str(p) for p in table.problems] == ["things.csv:1:-: a quote opens a cell here but is never closed, so the rest of the file runs into it; add the closing quote or delete the stray one"]
    no_columns = {"name": "empty", "path": "empty.csv", "type": "table", "schema": {"fields": []}}
    table = checks.read_table(",\n", no_columns)
    assert (table.name, table.rows, table.readable) == ("empty", [], False)
    assert [str(p) for p in table.problems] == ["empty.csv:-:-: the file has no header row"]


def test_unexpected_columns_in_the_header_are_named(scratch):
    rewrite(scratch / "actors.csv", lambda rows: [r.append("extra" if i == 0 else "x") for i, r in enumerate(rows)])
    expected = ", ".join(f["name"] for f in next(r for r in data.package()["resources"] if r["name"] == "actors")["schema"]["fields"])
    assert lines(scratch) == [f"actors.csv:1:extra: unexpected column 'extra' in the header; delete it or rename it to one of: {expected}"]


def test_an_unnamed_column_in_the_middle_of_the_header(scratch):
    rewrite(scratch / "actors.csv", lambda rows: [r.insert(1, " " if i == 0 else "x") for i, r in enumerate(rows)])
    expected = ", ".join(f["name"] for f in next(r for r in data.package()["resources"] if r["name"] == "actors")["schema"]["fields"])
    assert lines(scratch) == [f"actors.csv:1: : unexpected column with no name in the header; delete it or rename it to one of: {expected}"]


def test_integers_up_to_the_largest_count():
    assert checks.read_cell(str(2 ** 63 - 1), {"type": "integer"}, False) == (2 ** 63 - 1, None)
    assert checks.read_cell(str(2 ** 63), {"type": "integer"}, False) == (None, f"'{2 ** 63}' is too large a number to be a count")
    assert checks.read_cell(str(-2 ** 63), {"type": "integer"}, False) == (None, f"'{-2 ** 63}' is too large a number to be a count")


def test_date_cells():
    field = {"type": "date"}
    assert checks.read_cell("2013-10-21", field, False) == ("2013-10-21", None)
    hint = "is not a date written YYYY-MM-DD, such as 2013-10-21, or is not a real date"
    assert checks.read_cell("2013-10", field, False) == (None, f"'2013-10' {hint}")
    assert checks.read_cell("2013-02-30", field, False) == (None, f"'2013-02-30' {hint}")
    assert checks.read_cell("21/10/2013", field, False) == (None, f"'21/10/2013' {hint}")


def test_text_that_is_not_utf8_is_placed_on_its_row():
    message = "the file is not UTF-8 text (perhaps saved as 'CSV (Windows)' or Latin-1); save it again as 'CSV UTF-8'"
    for ends in (b"\n", b"\r\n", b"\r"):
        raw = ends.join([b"id,n", b"a,1", "caf\u00e9,2".encode("latin-1"), b""])
        assert checks.decode(raw, "things.csv") == (None, [checks.Problem("things.csv", 3, None, message)]), ends


def test_a_descriptor_without_resources(scratch):
    assert lines_of(checks.check(scratch, {"name": "x"})) == [
        "datapackage.json:-:-: the descriptor has no list of resources; restore it with git checkout -- datasets/datapackage.json"]


def lines_of(problems):
    return [str(p) for p in problems]


def test_a_crafted_path_is_quoted_in_the_message(scratch):
    descriptor = data.package()
    descriptor["resources"][3]["path"] = "sub/claims.csv"
    assert lines_of(checks.check(scratch, descriptor)) == [
        "datapackage.json:-:-: resource claims: its path 'sub/claims.csv' must be a plain file name inside the folder (no folders, '..', drive or URL)"]


def test_a_foreign_key_into_no_resource(scratch):
    descriptor = data.package()
    claims = descriptor["resources"][3]
    claims["schema"]["foreignKeys"][0]["reference"]["resource"] = "nowhere"
    assert lines_of(checks.check(scratch, descriptor)) == [
        "datapackage.json:-:-: resource claims: a foreign key points at no resource of this descriptor"]


def test_a_missing_file_names_the_folder(scratch):
    (scratch / "actors.csv").unlink()
    assert checks.read_file(scratch, "actors.csv") == (None, [checks.Problem(
        "actors.csv", None, None, f"the file is missing from {scratch}; restore it (git checkout -- datasets/actors.csv)")])


def test_a_folder_where_a_file_belongs(scratch):
    (scratch / "actors.csv").unlink()
    (scratch / "actors.csv").mkdir()
    assert "actors.csv:-:-: this is a folder, not a file; put the CSV file itself here under this name" in lines(scratch)


def test_a_file_that_cannot_be_opened(scratch, monkeypatch):
    def locked(path, flags, *args):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(checks.os, "open", locked)
    assert checks.read_file(scratch, "actors.csv") == (None, [checks.Problem(
        "actors.csv", None, None, "the file cannot be read: permission denied; check its permissions (or whether another program has locked it)")])


def _refused(name, message):
    return (None, [checks.Problem(name, None, None, message)])


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no links here")
def test_links_in_the_folder(scratch, tmp_path):
    original = (scratch / "actors.csv").read_bytes()
    (scratch / "actors.csv").unlink()
    try:
        (scratch / "actors.csv").symlink_to(scratch / "gone.csv")
    except OSError:
        pytest.skip("this account cannot make links")
    nowhere = "the file is a link that leads nowhere; replace it with the file itself"
    assert checks.read_file(scratch, "actors.csv") == _refused("actors.csv", nowhere)
    (scratch / "actors.csv").unlink()
    (scratch / "actors.csv").symlink_to(scratch / "actors.csv")  # a link to itself: a loop
    assert checks.read_file(scratch, "actors.csv") == _refused("actors.csv", nowhere)
    (scratch / "actors.csv").unlink()
    (tmp_path / "outside.csv").write_bytes(original)
    (scratch / "actors.csv").symlink_to(tmp_path / "outside.csv")
    assert checks.read_file(scratch, "actors.csv") == _refused(
        "actors.csv", "the file is a link to a file outside the folder; replace it with a copy of the file itself")
    (scratch / "actors.csv").unlink()
    (scratch / "actors-copy.csv").write_bytes(original)
    (scratch / "actors.csv").symlink_to(scratch / "actors-copy.csv")  # inside the folder: read as the file it leads to
    assert checks.read_file(scratch, "actors.csv") == (original, [])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_file_that_becomes_a_named_pipe_after_it_was_looked_at_is_refused_without_waiting(scratch, monkeypatch):
    """Between looking and opening, the file may change: opening a pipe must not wait for a writer that never comes."""
    pipe = scratch / "actors.csv"
    pipe.unlink()
    os.mkfifo(pipe)
    real_lstat = os.lstat
    # what was looked at was still a regular file
    monkeypatch.setattr(checks.os, "lstat", lambda p, *a, **k: real_lstat(scratch / "claims.csv") if str(p) == str(pipe) else real_lstat(p, *a, **k))
    assert returns_without_waiting_on(pipe, lambda: checks.read_file(scratch, "actors.csv")) == \
        _refused("actors.csv", "this is not a regular file; replace it with the file itself")


def test_a_file_that_cannot_be_looked_at_opened_or_read_says_why(scratch, monkeypatch):
    import errno
    with_reason, without = OSError(errno.EIO, "Input/output error"), OSError("the disk was taken out")
    def failing(error):
        def call(*args, **kwargs):
            raise error
        return call
    for step, message in [("lstat", "the file cannot be looked at ({})"), ("open", "the file cannot be read ({})"),
                          ("read", "the file cannot be read ({})")]:
        for error, reason in [(with_reason, "Input/output error"), (without, "the disk was taken out")]:
            monkeypatch.setattr(checks.os, step, failing(error))
            found = checks.read_file(scratch, "actors.csv")
            monkeypatch.undo()
            assert found == _refused("actors.csv", message.format(reason)), (step, reason)


def test_a_file_that_grows_after_it_was_looked_at_is_read_no_further_than_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 50_000)
    monkeypatch.setattr(checks, "MAX_BYTES", 100_000)
    real_lstat = os.lstat
    def look_then_grow(p, *args, **kwargs):
        info = real_lstat(p, *args, **kwargs)
        with open(path, "ab") as out:
            out.write(b"x" * 1_000_000)
        return info
    monkeypatch.setattr(checks.os, "lstat", look_then_grow)
    assert checks.read_file(tmp_path, "big.csv") == (None, [checks.Problem(
        "big.csv", None, None, "the file is larger than any of the kit's files (at most 100,000 bytes); is it the right file?")])


def test_a_missing_descriptor_is_named_with_its_folder(scratch, monkeypatch):
    (scratch / "datapackage.json").unlink()
    monkeypatch.setattr(checks, "DATASETS", scratch)
    assert lines(scratch) == [f"datapackage.json:-:-: the file is missing from {scratch}; restore it (git checkout -- datasets/datapackage.json)"]


def test_checked_files_of_a_folder_that_does_not_exist(tmp_path):
    assert checks.checked_files(tmp_path / "nowhere") == ({}, [checks.Problem(str(tmp_path / "nowhere"), None, None, "there is no such folder")])


def test_paragraphs_without_a_claim_are_all_named(scratch):
    article = (scratch / "article.txt").read_text(encoding="utf-8")
    paragraphs = article.count("\n\n") + 1
    rows = list(csv.DictReader(open(scratch / "claims.csv", encoding="utf-8")))
    lost = sorted({int(r["paragraph"]) for r in rows if r["paragraph"]})[-2:]
    assert lost[-1] <= paragraphs
    rewrite(scratch / "claims.csv", lambda rows: rows.__setitem__(slice(None), [r for r in rows if r[1] not in map(str, lost)]))
    assert f"claims.csv:-:paragraph: paragraph(s) {lost[0]}, {lost[1]} of the article have no claim; every paragraph has at least one, so rows may have been lost: restore them from git" in lines(scratch)


def test_files_are_opened_in_binary_mode_where_the_system_has_a_text_mode(scratch, monkeypatch):
    """On Windows, a file opened without O_BINARY is read in text mode: CRLF would become LF and Ctrl-Z end the file."""
    monkeypatch.setattr(os, "O_BINARY", 0x8000, raising=False)
    real_open, seen = os.open, []
    def record(path, flags, *args):
        seen.append(flags)
        return real_open(path, flags & ~0x8000, *args)
    monkeypatch.setattr(checks.os, "open", record)
    raw, problems = checks.read_file(scratch, "actors.csv")
    assert raw == (scratch / "actors.csv").read_bytes() and problems == []
    assert seen and all(flags & 0x8000 for flags in seen)


def test_files_are_read_where_the_system_has_no_nonblocking_nor_nofollow_flag(scratch, monkeypatch):
    """Windows's os module has neither O_NONBLOCK nor O_NOFOLLOW: the checker reads files there all the same."""
    for flag in ("O_NONBLOCK", "O_NOFOLLOW"):
        monkeypatch.delattr(os, flag, raising=False)
    assert checks.read_file(scratch, "actors.csv") == ((scratch / "actors.csv").read_bytes(), [])
    (scratch / "claims.csv").unlink()
    (scratch / "claims.csv").mkdir()
    assert checks.read_file(scratch, "claims.csv") == _refused("claims.csv", "this is a folder, not a file; put the CSV file itself here under this name")
    assert "claims.csv:-:-: this is a folder, not a file; put the CSV file itself here under this name" in lines(scratch)


def test_every_problem_of_a_crafted_descriptor_is_one_line(scratch):
    descriptor = {"resources": [
        "not a resource",
        {"name": "a", "path": "a.csv", "hash": "a9d5"},
        {"name": "b", "path": "b.csv", "type": "table", "schema": {"fields": [{"name": "x", "type": "datetime"}]}},
        {"name": "c", "path": "c.csv", "type": "table", "schema": {"fields": [{"name": "x"}], "foreignKeys": ["x"]}},
        {"name": "d", "path": "../d.csv", "hash": "sha256:ab", "type": "table", "schema": {"fields": [{"name": "x"}],
                                                                                      "foreignKeys": [{"fields": "x", "reference": {"resource": "c", "fields": "x"}},
                                                                                                      {"fields": "x", "reference": {"fields": "x"}}]}},
    ]}
    assert lines_of(checks.check(scratch, descriptor)) == [
        "datapackage.json:-:-: the resource listed 1st has no name",  # counted from 1, as a reader counts
        "datapackage.json:-:-: resource a: its hash must be written sha256: and the hex digest",
        "datapackage.json:-:-: resource b: its schema must be written out in the descriptor, each field with a name and one of the types string, integer, number, boolean, date",
        "datapackage.json:-:-: resource c: a foreign key points at no resource of this descriptor",
        "datapackage.json:-:-: resource d: its path '../d.csv' must be a plain file name inside the folder (no folders, '..', drive or URL)",
    ]
    assert lines_of(checks.check(scratch, ["resources"])) == [
        "datapackage.json:-:-: the descriptor has no list of resources; restore it with git checkout -- datasets/datapackage.json"]

    # a resource without a name is found by its place in the list, counted as a reader counts
    places = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd",
              23: "23rd", 101: "101st", 111: "111th", 112: "112th"}
    unnamed = [{"path": "x.csv"} if n in places else {"name": f"r{n}", "path": f"r{n}.csv"} for n in range(1, 113)]
    said = [line for line in lines_of(checks.check(scratch, {"resources": unnamed})) if "has no name" in line]
    assert said == [f"datapackage.json:-:-: the resource listed {place} has no name" for place in places.values()]

def test_what_decode_reads_and_refuses():
    assert checks.decode(b"\xef\xbb\xbfid,n\r\na,1\r\n", "t.csv") == ("id,n\r\na,1\r\n", [])
    utf16 = "the file is UTF-16 text ('Unicode text' in Excel), not UTF-8; save it again as 'CSV UTF-8'"
    for raw in ("id,n\n".encode("utf-16"), "id,n\n".encode("utf-16-be")):
        assert checks.decode(raw, "t.csv") == (None, [checks.Problem("t.csv", None, None, utf16)])
    empty = "the file is empty; restore it from git or paste the rows back in"
    for raw in (b"", b"\xef\xbb\xbf", b" \r\n\n"):
        assert checks.decode(raw, "t.csv") == (None, [checks.Problem("t.csv", None, None, empty)])
    assert checks.decode(b"\xe9", "t.csv")[1][0].row == 1
    # UTF-16 saved without its mark: more than a quarter of the bytes, all in one half, are zeros; a quarter is not
    assert checks.decode(b"a\0b\0cdef", "t.csv") == ("a\0b\0cdef", [])
    assert checks.decode(b"a\0b\0c\0ef", "t.csv") == (None, [checks.Problem("t.csv", None, None, utf16)])


def test_text_after_a_closing_quote_is_named_with_the_cell_and_how_to_write_a_quote():
    rows, problems = checks.parse_csv('id,n\n"a"b,1\n', "t.csv")
    assert rows == [["id", "n"], ["ab", "1"]]
    assert lines_of(problems) == ['t.csv:2:id: text follows a closing quote (\'a"b\'); a quote inside a cell must be written twice ("")']


def test_a_file_that_could_not_be_read_is_named_once_as_not_read():
    assert lines_of(checks.check_files({}, {"resources": [THINGS]})) == ["things.csv:-:-: the file was not read"]
    refused = [checks.Problem("things.csv", None, None, "the file is a link that leads nowhere; replace it with the file itself")]
    assert checks.check_files({"things": (None, refused)}, {"resources": [THINGS]}) == refused


def test_a_header_that_is_not_this_files_and_a_column_named_twice():
    assert lines_of(checks.read_table("a,b\n1,2\n", THINGS).problems) == [
        "things.csv:1:-: the first row ('a,b') is not this file's header; the first row must name the columns: id, n"]
    assert lines_of(checks.read_table("id,n,n\na,1,2\n", THINGS).problems) == [
        "things.csv:1:n: the column 'n' appears twice; delete one of them"]
    assert lines_of(checks.read_table("x,n\na,1\n", THINGS).problems) == [
        "things.csv:1:id: the header says 'x' where the column 'id' belongs; rename it back to 'id'"]


@pytest.mark.parametrize("value, field, expected", [
    ("2.5", {"type": "number"}, (2.5, None)),
    ("2,5", {"type": "number"}, (None, "'2,5' is not a number with a decimal point, such as 2.5")),
    ("inf", {"type": "number"}, (None, "'inf' is not a number with a decimal point, such as 2.5")),
    ("yes", {"type": "boolean", "trueValues": ["yes"], "falseValues": ["no"]}, (True, None)),
    ("no", {"type": "boolean", "trueValues": ["yes"], "falseValues": ["no"]}, (False, None)),
    ("true", {"type": "boolean", "trueValues": ["yes"], "falseValues": ["no"]}, (None, "'true' is not true or false")),
    ("  ", {"type": "string"}, (None, "this cell holds only spaces; delete them (or write a value)")),
    ("", {"type": "string", "constraints": {"required": True}}, (None, "this cell is empty but a value is required")),
    ("", {"type": "string"}, (None, None)),
    ("a\u200bb", {"type": "string"}, (None, "'a\\u200bb' contains a zero-width space (shown as \\u200b); delete it")),
    ("3", {"type": "integer", "constraints": {"minimum": 4}}, (None, "'3' is below the smallest allowed value, 4")),
    ("5", {"type": "integer", "constraints": {"maximum": 4}}, (None, "'5' is above the largest allowed value, 4")),
    ("4", {"type": "integer", "constraints": {"minimum": 4, "maximum": 4, "enum": [4]}}, (4, None)),
    ("2013-13", {"type": "string", "constraints": {"pattern": checks.ISO_DATE_PATTERN}}, (None, "'2013-13' is not a real date; check the month (01-12) and the day")),
    ("2013", {"type": "string", "constraints": {"pattern": checks.ISO_DATE_PATTERN}}, ("2013", None)),
    ("ab", {"type": "string", "description": "two digits", "constraints": {"pattern": "[0-9]{2}"}}, (None, "'ab' does not have the expected form: two digits")),
    ("x", {"type": "datetime"}, (None, "the descriptor gives this column the type datetime, which the kit does not read")),
    ("http://example.com/a", {"type": "string", "format": "uri"}, ("http://example.com/a", None)),
    ("http://example.com/a b", {"type": "string", "format": "uri"}, (None, "'http://example.com/a b' is not a web address starting with http:// or https://")),
    ("https:///a", {"type": "string", "format": "uri"}, (None, "'https:///a' is not a web address starting with http:// or https://")),
    ("http://[::1/a", {"type": "string", "format": "uri"}, (None, "'http://[::1/a' is not a web address starting with http:// or https://")),
    ("ftp://example.com/a", {"type": "string", "format": "uri"}, (None, "'ftp://example.com/a' is not a web address starting with http:// or https://")),
])
def test_read_cell(value, field, expected):
    assert checks.read_cell(value, field, False) == expected
