"""The kit's charts (helpers/charts.py), read through matplotlib's own objects.

Each test draws a small table by hand and checks what a reader of the chart sees: where
each bar starts and ends, its colour and hatch, the numbers written on it and where, the
axis labels and limits, the key, and the figure's size. The expected values are worked out
from the inputs and the docstrings.
"""
from __future__ import annotations

import base64
import datetime
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.markers import MarkerStyle  # noqa: E402
from matplotlib.text import Annotation, Text  # noqa: E402

from helpers import charts  # noqa: E402

WHITE = "#FFFFFF"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def hexcolour(c) -> str:
    return mcolors.to_hex(c, keep_alpha=False).upper()


def bars_of(ax):
    """(x, centre y, width, face colour, hatch, edge colour) of each bar, in drawing order."""
    return [(round(p.get_x(), 6), round(p.get_y() + p.get_height() / 2, 6), round(p.get_width(), 6),
             hexcolour(p.get_facecolor()), p.get_hatch() or "", hexcolour(p.get_edgecolor())) for p in ax.patches]


def title_text(ax, title):
    """The one Text artist that shows ``title`` above the axes."""
    found = [t for t in ax.get_children() if isinstance(t, Text) and not isinstance(t, Annotation) and t.get_text() == title]
    assert len(found) == 1
    return found[0]


def extent(artist):
    figure = artist.figure
    return artist.get_window_extent(figure.canvas.get_renderer())


def hidden_top_and_right(ax):
    return not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible() \
        and ax.spines["left"].get_visible() and ax.spines["bottom"].get_visible()


# --- What mutation testing of charts found no test noticing ---

# stacked_barh -------------------------------------------------------------------

def verdicts():
    table = pd.DataFrame({"confirmed": [3, 0], "disputed": [1, 2]}, index=["Site A", "Site B"])
    table.columns.name = "verdict"
    return table


def test_stacked_bars_of_counts_carry_each_count_and_each_total():
    ax = charts.stacked_barh(verdicts(), title="Claims per site", xlabel="claims", ylabel="site")
    orange, sky = "#E69F00", "#56B4E9"  # the palette's first two colours (no yellow among bar colours)
    # column by column: confirmed (3, 0) from 0; disputed (1, 2) starts where confirmed ended
    assert bars_of(ax) == [(0, 0, 3, orange, "", WHITE), (0, 1, 0, orange, "", WHITE),
                           (3, 0, 1, sky, "//", WHITE), (0, 1, 2, sky, "//", WHITE)]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Site A", "Site B"]
    assert ax.yaxis_inverted()  # the table's first row on top
    counts = [t for t in ax.texts if not isinstance(t, Annotation)]
    # each count in the middle of its piece; the empty piece (Site B confirmed) has none
    assert [(t.get_text(), tuple(t.get_position())) for t in counts] == [("3", (1.5, 0)), ("1", (3.5, 0)), ("2", (1.0, 1))]
    for t in counts:
        assert (t.get_horizontalalignment(), t.get_verticalalignment()) == ("center", "center")
        box = t.get_bbox_patch()  # a white box, so the count reads on a hatched piece
        assert box is not None and hexcolour(box.get_facecolor()) == WHITE
    totals = [t for t in ax.texts if isinstance(t, Annotation)]
    assert [(t.get_text(), tuple(t.xy)) for t in totals] == [("4", (4, 0)), ("2", (2, 1))]  # at each bar's end
    for t in totals:
        assert t.anncoords == "offset points" and t.xyann[0] > 0 and t.xyann[1] == 0  # just right of it, level
        assert t.get_verticalalignment() == "center" and t.get_fontweight() == "bold"
    assert ax.get_xlim() == pytest.approx((0, 4 * 1.1 + 1))  # room past the longest bar for its total
    title = title_text(ax, "Claims per site")
    assert ax.get_title(loc="left") == "Claims per site" and ax.get_title() == "" and title.get_fontweight() == "bold"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("claims", "site")
    legend = ax.get_legend()
    assert legend.get_title().get_text() == "verdict"  # the columns' name
    assert [t.get_text() for t in legend.get_texts()] == ["confirmed", "disputed"]
    assert [(hexcolour(h.get_facecolor()), h.get_hatch() or "") for h in legend.legend_handles] == [(orange, ""), (sky, "//")]
    assert not legend.get_frame_on()
    ax.figure.canvas.draw()  # the key stands just right of the bars, level with their top
    box, area = extent(legend), ax.bbox
    assert area.x1 < box.x0 < area.x1 + 0.05 * area.width and abs(box.y1 - area.y1) < 10
    assert hidden_top_and_right(ax)
    # a figure of its own, 8 inches wide, growing 0.45 inch with each row
    assert tuple(ax.figure.get_size_inches()) == pytest.approx((8, 1.6 + 0.45 * 2))
    taller = charts.stacked_barh(pd.concat([verdicts()] * 3), title="t", xlabel="x", ylabel="y")
    assert tuple(taller.figure.get_size_inches()) == pytest.approx((8, 1.6 + 0.45 * 6))


def test_stacked_shares_fill_the_whole_scale_and_the_labels_say_how_many_rows():
    table = pd.concat([verdicts(), pd.DataFrame({"confirmed": [0], "disputed": [0]}, index=["Site C"])])
    ax = charts.stacked_barh(table, title="Shares", xlabel="share of claims", ylabel="", share=True,
                             legend_title="Verdict", colours=["green", "#D55E00"])
    green, vermillion = hexcolour("green"), "#D55E00"
    # Site A 3 of 4 and 1 of 4; Site B none and 2 of 2; Site C has no claims: no bar, and no division by zero
    assert bars_of(ax) == [(0, 0, 75, green, "", WHITE), (0, 1, 0, green, "", WHITE), (0, 2, 0, green, "", WHITE),
                           (75, 0, 25, vermillion, "//", WHITE), (0, 1, 100, vermillion, "//", WHITE),
                           (0, 2, 0, vermillion, "//", WHITE)]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Site A (n = 4)", "Site B (n = 2)", "Site C (n = 0)"]
    # the pieces still carry their counts, not their shares; no total at the bars' end
    assert [(t.get_text(), tuple(t.get_position())) for t in ax.texts] == [("3", (37.5, 0)), ("1", (87.5, 0)), ("2", (50, 1))]
    assert ax.get_xlim() == (0, 100)
    assert ax.xaxis.get_major_formatter()(50, 0) == "50%"
    assert ax.get_legend().get_title().get_text() == "Verdict"
    assert tuple(ax.figure.get_size_inches()) == pytest.approx((8, 1.6 + 0.45 * 3))


def test_stacked_bars_default_to_counts_and_draw_into_a_given_axes():
    figure, given = plt.subplots(figsize=(5, 5))
    table = pd.DataFrame({"yes": [2], "no": [5]}, index=[2024])
    ax = charts.stacked_barh(table, title="t", xlabel="x", ylabel="y", ax=given)
    assert ax is given and tuple(figure.get_size_inches()) == (5, 5)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2024"]  # a year as the row label, as it is
    assert [p.get_width() for p in ax.patches] == [2, 5]
    assert [t.get_text() for t in ax.texts] == ["2", "5", "7"]
    assert ax.get_legend().get_title().get_text() == ""  # the columns have no name


# labelled_barh ------------------------------------------------------------------

def test_labelled_bars_write_each_value_and_source_and_name_a_missing_figure():
    values = pd.Series([1500.0, np.nan, 250.0], index=["Germany", "France", "Spain"])
    ax = charts.labelled_barh(values, labels=["Eurostat", "INSEE", "INE"], title="Applications",
                              xlabel="applications")
    blue = charts.COLOURS[0]  # without kinds every bar has the same colour
    assert bars_of(ax) == [(0, 0, 1500, blue, "", WHITE), (0, 1, 0, blue, "", WHITE), (0, 2, 250, blue, "", WHITE)]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Germany", "France", "Spain"]
    assert ax.yaxis_inverted()
    top = 1500  # the longest bar; each text starts 1 % of it past its bar's end
    assert [(t.get_text(), tuple(t.get_position())) for t in ax.texts] == [
        ("1,500  (Eurostat)", (1500 + 15, 0)), ("no usable figure  (INSEE)", (0 + 15, 1)), ("250  (INE)", (250 + 15, 2))]
    assert [(t.get_style(), hexcolour(t.get_color())) for t in ax.texts] == [
        ("normal", "#000000"), ("italic", "#555555"), ("normal", "#000000")]
    assert all(t.get_fontsize() == 9 and t.get_verticalalignment() == "center" for t in ax.texts)
    assert ax.get_xlim() == pytest.approx((0, top * 1.05))
    assert ax.xaxis.get_major_formatter()(1200, 0) == "1,200"
    assert ax.get_legend() is None  # no kinds, nothing hedged, no spread: nothing to explain
    title = title_text(ax, "Applications")
    assert ax.get_title(loc="left") == "Applications" and title.get_fontweight() == "bold"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("applications", "")
    assert hidden_top_and_right(ax)
    assert tuple(ax.figure.get_size_inches()) == pytest.approx((9, 1.6 + 0.5 * 3))


def figures_in_millions(**keywords):
    values = pd.Series([70.3e6, 2.5e6, np.nan, 5e6], index=["Germany", "Austria", "Switzerland", "Italy"])
    return charts.labelled_barh(
        values, labels=["census", "survey", "n/a", "register"], title="Population", xlabel="people",
        kinds=["people", "households", None, np.nan], kind_order=["households", "people", "firms"],
        approximate=[False, True, pd.NA, False], unknown=["-", "-", "not published", "-"],
        low=[65e6, 2e6, np.nan, 4e6], high=[75e6, 3e6, np.nan, 6e6], millions=True, **keywords)


def test_labelled_bars_in_millions_with_kinds_hedges_and_spreads_have_a_key_for_each():
    ax = figures_in_millions()
    bars = bars_of(ax)
    households, people = charts.COLOURS[0], charts.COLOURS[1]  # kind_order, not first appearance, fixes the colours
    assert [b[3] for b in bars[:2]] == [people, households]
    assert bars[3][3] not in (people, households)  # Italy's kind is missing: it is in no category of the key
    assert [(b[0], b[1], b[2]) for b in bars] == [(0, 0, 70.3e6), (0, 1, 2.5e6), (0, 2, 0), (0, 3, 5e6)]
    assert [b[4] for b in bars] == ["", "//", "", ""]  # only the hedged figure (pd.NA is not hedged)
    assert all(b[5] == WHITE for b in bars)
    # a line across each known bar from its lowest to its highest version
    assert [(list(line.get_xdata()), list(line.get_ydata())) for line in ax.lines] == [
        ([65e6, 75e6], [0, 0]), ([2e6, 3e6], [1, 1]), ([4e6, 6e6], [3, 3])]
    top = 75e6  # the longest line, past the longest bar
    assert [(t.get_text(), tuple(t.get_position())) for t in ax.texts] == [
        ("70.3 M  (census)", (75e6 + top / 100, 0)), ("~2.5 M  (survey)", (3e6 + top / 100, 1)),
        ("not published  (n/a)", (0 + top / 100, 2)), ("5 M  (register)", (6e6 + top / 100, 3))]
    assert [t.get_style() for t in ax.texts] == ["normal", "normal", "italic", "normal"]
    assert ax.get_xlim() == pytest.approx((0, top * 1.05))
    assert [ax.xaxis.get_major_formatter()(x, 0) for x in (20e6, 2.5e6)] == ["20 M", "2.5 M"]
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [
        "households", "people", "hatched: the report hedged the number", "line: lowest to highest version"]
    households_key, people_key, hedged_key, spread_key = legend.legend_handles
    for key, bar in ((households_key, ax.patches[1]), (people_key, ax.patches[0])):  # each key looks like its bars
        assert (hexcolour(key.get_facecolor()), hexcolour(key.get_edgecolor()), key.get_hatch() or "") == \
            (hexcolour(bar.get_facecolor()), WHITE, "")
    assert (hexcolour(hedged_key.get_facecolor()), hexcolour(hedged_key.get_edgecolor()), hedged_key.get_hatch()) == \
        (WHITE, "#555555", "//")  # a white piece with the hedge's hatch, so it stands for no kind
    for line in ax.lines:  # the key's line looks like the lines drawn, and those are black
        assert (hexcolour(line.get_color()), line.get_marker(), line.get_markersize(), line.get_linewidth()) == \
            (hexcolour(spread_key.get_color()), spread_key.get_marker(), spread_key.get_markersize(),
             spread_key.get_linewidth())
        assert hexcolour(line.get_color()) == "#000000" and line.get_marker() == "|"
    assert not legend.get_frame_on()
    assert all(t.get_fontsize() == 9 for t in legend.get_texts())  # as small as the bars' texts
    ax.figure.canvas.draw()
    box, area = extent(legend), ax.bbox
    # below the axes, left-aligned with them, clear of the tick labels, in two columns
    assert abs(box.x0 - area.x0) < 10 and box.y1 < min(extent(t).y0 for t in ax.get_xticklabels() if t.get_text())
    assert box.y1 > area.y0 - 0.25 * area.height
    columns = sorted({round(extent(t).x0) for t in legend.get_texts()})
    rows = sorted({round(extent(t).y0) for t in legend.get_texts()})
    assert len(columns) == 2 and len(rows) == 2


def test_kind_order_gives_a_kind_the_same_colour_in_every_chart_and_first_appearance_decides_without_it():
    values = pd.Series([1.0, 2.0])
    common = dict(labels=["a", "b"], title="t", xlabel="x")
    one = charts.labelled_barh(values, kinds=["people", "households"], kind_order=["households", "people"], **common)
    two = charts.labelled_barh(values, kinds=["households", "people"], kind_order=["households", "people"], **common)
    three = charts.labelled_barh(values, kinds=["people", "households"], **common)
    first, second = charts.COLOURS[:2]
    assert [b[3] for b in bars_of(one)] == [second, first]
    assert [b[3] for b in bars_of(two)] == [first, second]
    assert [b[3] for b in bars_of(three)] == [first, second]
    assert [t.get_text() for t in three.get_legend().get_texts()] == ["people", "households"]


@pytest.mark.parametrize("rows", [1, 2, 3, 12])
def test_the_key_sits_below_the_axis_title_however_few_bars_there_are(rows):
    """A teacher's own article may give a chart of one or two figures: its key must not cover the axis title."""
    values = pd.Series([float(n + 1) for n in range(rows)], index=[f"country {n}" for n in range(rows)])
    ax = charts.labelled_barh(values, labels=["a report"] * rows, title="t", xlabel="Figure (number)",
                              kinds=["people"] * rows, approximate=[True] * rows, low=values / 2, high=values)
    ax.figure.canvas.draw()
    title, key = extent(ax.xaxis.label), extent(ax.get_legend())
    assert key.y1 < title.y0, (rows, key, title)  # below the title, not over it
    assert title.y0 - key.y1 < 0.3 * ax.figure.dpi  # and close under it, not far off the chart
    assert abs(key.x0 - ax.bbox.x0) < 10


def test_a_line_needs_both_ends_and_a_thousand_is_written_with_a_separator():
    values = pd.Series([1000.0, 400.0], index=["x", "y"])
    ax = charts.labelled_barh(values, labels=["a", "b"], title="t", xlabel="x", fmt="{:.1f}", low=[900, 300])
    assert len(ax.lines) == 0 and ax.get_legend() is None
    assert [t.get_text() for t in ax.texts] == ["1000.0  (a)", "400.0  (b)"]
    assert ax.xaxis.get_major_formatter()(1000, 0) == "1,000"  # the longest bar is 1,000: ticks get separators


def test_a_chart_of_missing_figures_only_still_has_an_axis_and_no_hedge_key():
    values = pd.Series([np.nan, np.nan], index=["x", "y"])
    ax = charts.labelled_barh(values, labels=["a", "b"], title="t", xlabel="x", approximate=[True, True])
    assert ax.get_xlim() == pytest.approx((0, 1.05))  # a unit axis when nothing is known
    assert [(t.get_text(), tuple(t.get_position())) for t in ax.texts] == [
        ("no usable figure  (a)", (0.01, 0)), ("no usable figure  (b)", (0.01, 1))]  # no "~" on a missing figure
    assert ax.get_legend() is None
    assert ax.xaxis.get_major_formatter()(0.5, 0) == "0.5"  # small ticks are not rounded


def test_large_values_get_at_most_six_ticks():
    values = pd.Series([1e6, 3e5], index=["x", "y"])
    ax = charts.labelled_barh(values, labels=["a", "b"], title="t", xlabel="x", millions=True)
    low, high = ax.get_xlim()
    shown = [x for x in ax.get_xticks() if low <= x <= high]
    assert 3 <= len(shown) <= 6
    assert [ax.xaxis.get_major_formatter()(x, 0) for x in (0, 1e6)] == ["0 M", "1 M"]
    assert [t.get_text() for t in ax.texts] == ["1 M  (a)", "0.3 M  (b)"]


def test_labelled_bars_drawn_into_a_shared_axis_keep_its_first_row_on_top():
    figure, (left, right) = plt.subplots(1, 2, sharey=True, figsize=(6, 3))
    values = pd.Series([1.0, 2.0], index=["x", "y"])
    charts.labelled_barh(values, labels=["a", "b"], title="t", xlabel="x", ax=left)
    ax = charts.labelled_barh(values, labels=["a", "b"], title="t", xlabel="x", ax=right)
    assert ax is right and left.yaxis_inverted() and right.yaxis_inverted()
    assert tuple(figure.get_size_inches()) == (6, 3)


def test_is_true_reads_a_missing_value_as_false():
    assert [charts._is_true(v) for v in (True, False, pd.NA, None, 1, 0)] == [True, False, False, False, True, False]


# marker_plot ----------------------------------------------------------------------

def markers_of(ax):
    """(label, face colour, offsets) of each group's markers, in the legend's order."""
    return [(c.get_label(), hexcolour(c.get_facecolor()[0]), [tuple(map(float, p)) for p in c.get_offsets()])
            for c in ax.collections]


def shape(marker):
    style = MarkerStyle(marker)
    return style.get_path().transformed(style.get_transform()).vertices.round(6).tolist()


def test_markers_at_the_same_spot_are_set_side_by_side_along_x_with_a_colour_and_shape_per_group():
    x, rows, groups = [3, 3, 5, 3], ["Ann", "Ann", "Bob", "Bob"], ["de", "fr", "de", 7]
    ax = charts.marker_plot(x, rows, groups, title="Statements", xlabel="day", ylabel="actor", spread="x", step=0.5)
    orange, sky = "#E69F00", "#56B4E9"
    # the two markers at (3, Ann) move half a step to either side; the others stay where they are
    assert markers_of(ax) == [("de", orange, [(2.75, 0.0), (5.0, 1.0)]), ("fr", sky, [(3.25, 0.0)]),
                              ("7", "#009E73", [(3.0, 1.0)])]
    assert [c.get_paths()[0].vertices.round(6).tolist() for c in ax.collections] == [shape("o"), shape("s"), shape("^")]
    for c in ax.collections:
        assert list(c.get_sizes()) == [70] and hexcolour(c.get_edgecolor()[0]) == "#000000"
        assert list(c.get_linewidths()) == [0.6] and c.get_zorder() > 2  # above any line
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Ann", "Bob"] and ax.get_ylim() == (1.5, -0.5)
    assert all(line.get_visible() and hexcolour(line.get_color()) == "#DDDDDD" for line in ax.xaxis.get_gridlines())
    assert not any(line.get_visible() for line in ax.yaxis.get_gridlines())
    assert ax.get_title(loc="left") == "Statements" and title_text(ax, "Statements").get_fontweight() == "bold"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("day", "actor")
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["de", "fr", "7"] and not legend.get_frame_on()
    ax.figure.canvas.draw()
    box, area = extent(legend), ax.bbox
    assert area.x1 < box.x0 < area.x1 + 0.05 * area.width and abs(box.y1 - area.y1) < 10
    assert hidden_top_and_right(ax)
    assert tuple(ax.figure.get_size_inches()) == (9, 6)


def test_markers_on_dates_move_by_days_and_long_row_names_are_wrapped_in_a_taller_figure():
    day = datetime.date(2024, 3, 1)
    names = ["Federal Ministry of the Interior"] + [f"actor {i}" for i in range(13)]
    x = [day, day] + [day + datetime.timedelta(days=i) for i in range(13)]
    rows = [names[0]] + names
    ax = charts.marker_plot(x, rows, ["gov"] * 15, title="t", xlabel="date", ylabel="", spread="x", step=1, wrap=12)
    first = mdates.date2num(day)
    (label, _, points), = markers_of(ax)
    assert points[:3] == [(first - 0.5, 0.0), (first + 0.5, 0.0), (first, 1.0)]  # half a day either side
    assert [t.get_text() for t in ax.get_yticklabels()][:2] == ["Federal\nMinistry of\nthe Interior", "actor 0"]
    assert ax.get_ylim() == (13.5, -0.5)
    assert isinstance(ax.xaxis.get_major_locator(), mdates.DateLocator)  # ticks on dates, not day numbers
    assert tuple(ax.figure.get_size_inches()) == pytest.approx((9, 0.45 * 14 + 1.2))  # 14 rows
    few = charts.marker_plot([day, day], ["a b c d", "e"], ["x", "y"], title="t", xlabel="x", ylabel="y", wrap=3)
    assert tuple(few.figure.get_size_inches()) == (9, 6)  # never below the usual height
    assert [t.get_text() for t in few.get_yticklabels()] == ["a b\nc d", "e"]
    unwrapped = charts.marker_plot(x, rows, ["gov"] * 15, title="t", xlabel="x", ylabel="y")
    assert tuple(unwrapped.figure.get_size_inches()) == (9, 6)
    assert [t.get_text() for t in unwrapped.get_yticklabels()][0] == names[0]
    stamps = charts.marker_plot([pd.Timestamp("2024-03-01")], ["a"], ["x"], title="t", xlabel="x", ylabel="y")
    assert markers_of(stamps)[0][2] == [(first, 0.0)]


def test_numeric_markers_spread_along_y_around_their_spot_and_only_when_asked():
    x, y, groups = [0, 0, 0, 1], [1.0, 1.0, 1.0, 2.0], ["a", "a", "a", "b"]
    ax = charts.marker_plot(x, y, groups, title="t", xlabel="x", ylabel="y", spread="y", step=0.2, wrap=5)
    assert [v for _, _, points in markers_of(ax) for p in points for v in p] == pytest.approx([0, 0.8, 0, 1.0, 0, 1.2, 1, 2])
    assert not isinstance(ax.xaxis.get_major_locator(), mdates.DateLocator)
    assert not ax.yaxis_inverted() and tuple(ax.figure.get_size_inches()) == (9, 6)  # no rows of names
    default = charts.marker_plot(x, y, groups, title="t", xlabel="x", ylabel="y", spread="y")  # step 0.2 by default
    assert [v for _, _, points in markers_of(default) for p in points for v in p] == pytest.approx([0, 0.8, 0, 1.0, 0, 1.2, 1, 2])
    for spread in (None, "z"):
        still = charts.marker_plot(x, y, groups, title="t", xlabel="x", ylabel="y", spread=spread)
        assert [p for _, _, points in markers_of(still) for p in points] == [(0, 1), (0, 1), (0, 1), (1, 2)]


def test_many_groups_cycle_through_the_marker_colours_and_shapes_without_the_yellow():
    groups = [f"g{i}" for i in range(9)]
    ax = charts.marker_plot(list(range(9)), list(range(9)), groups, title="t", xlabel="x", ylabel="y")
    colours = [colour for _, colour, _ in markers_of(ax)]
    assert colours == [c for c in charts.PALETTE if c != "#F0E442"] + ["#E69F00", "#56B4E9"]
    assert ax.collections[7].get_paths()[0].vertices.round(6).tolist() == shape("*")
    assert ax.collections[8].get_paths()[0].vertices.round(6).tolist() == shape("o")


# show -------------------------------------------------------------------------------

@pytest.fixture
def displayed(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display",
                        lambda data, **keywords: shown.append((data, keywords)))
    return shown


def test_show_stores_a_tight_100_dpi_png_with_the_alt_text_and_closes_the_figure(displayed):
    from PIL import Image

    figure, ax = plt.subplots(figsize=(4, 3), dpi=50)
    ax.bar(["a", "b"], [1, 2])
    ax.text(1.3, 0.5, "a note right of the axes", transform=ax.transAxes)
    charts.show(figure, alt="  Two bars: a is 1, b is 2.\n")
    (bundle, keywords), = displayed
    assert keywords == {"raw": True, "metadata": {"image/png": {"alt": "Two bars: a is 1, b is 2."}}}
    assert set(bundle) == {"image/png", "text/plain"} and bundle["text/plain"] == "Chart: Two bars: a is 1, b is 2."
    png = base64.b64decode(bundle["image/png"].encode("ascii"), validate=True)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.info["dpi"] == pytest.approx((100, 100), abs=0.01)
    assert image.size[0] > 400  # cut to what is drawn (the note runs past the 4 inches), at 100 dpi, not the figure's 50
    assert not any(k.lower() == "software" for k in image.info)  # no version string to differ between machines
    assert figure.number not in plt.get_fignums()


def test_show_closes_the_chart_it_shows_and_not_the_latest_figure(displayed):
    shown, _ = plt.subplots()
    other, _ = plt.subplots()  # drawn after it, so the current figure
    charts.show(shown.axes[0], alt="A chart.")
    assert shown.number not in plt.get_fignums() and other.number in plt.get_fignums()


def test_show_draws_the_whole_figure_of_an_axes_in_a_subfigure(displayed):
    figure = plt.figure(figsize=(4, 2))
    left, right = figure.subfigures(1, 2)
    ax = left.subplots()
    right.subplots().plot([0, 1])
    charts.show(ax, alt="Two panels.")
    (bundle, _), = displayed
    assert bundle["image/png"] and figure.number not in plt.get_fignums()


@pytest.mark.parametrize("alt", [None, "", "  \n", 3])
def test_show_refuses_a_chart_without_alt_text(displayed, alt):
    figure, _ = plt.subplots()
    with pytest.raises(ValueError, match="^every chart needs alt text: say in words what it shows$"):
        charts.show(figure, alt=alt)
    assert displayed == []


# interval_plot ----------------------------------------------------------------------

def test_interval_rows_have_a_line_a_dot_and_a_zero_line_on_an_axis_fitted_to_them():
    ax = charts.interval_plot([1.0, -0.5], [(0.2, 1.8), [-1.5, 0.5]], labels=["gap A", 2024],
                              title="Gaps", xlabel="points")
    blue, orange = charts.COLOURS[0], charts.COLOURS[1]
    *intervals, zero = ax.lines
    assert [(list(l.get_xdata()), list(l.get_ydata())) for l in intervals] == [([0.2, 1.8], [0, 0]), ([-1.5, 0.5], [1, 1])]
    for line in intervals:
        assert (hexcolour(line.get_color()), line.get_linewidth(), line.get_solid_capstyle()) == (blue, 2.5, "butt")
    assert list(zero.get_xdata()) == [0, 0] and hexcolour(zero.get_color()) == "#000000" and zero.get_linewidth() == 1
    assert [tuple(map(float, c.get_offsets()[0])) for c in ax.collections] == [(1.0, 0.0), (-0.5, 1.0)]
    for dot in ax.collections:
        assert hexcolour(dot.get_facecolor()[0]) == orange and hexcolour(dot.get_edgecolor()[0]) == "#000000"
        assert list(dot.get_sizes()) == [60] and list(dot.get_linewidths()) == [0.6]
    # the zero line over the interval lines, the dots over both
    assert all(l.get_zorder() < zero.get_zorder() < d.get_zorder() for l in intervals for d in ax.collections)
    margin = (1.8 - -1.5) * 0.08
    assert ax.get_xlim() == pytest.approx((-1.5 - margin, 1.8 + margin))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["gap A", "2024"] and list(ax.get_yticks()) == [0, 1]
    assert ax.get_ylim() == (1.5, -0.5)
    assert all(line.get_visible() and hexcolour(line.get_color()) == "#DDDDDD" for line in ax.xaxis.get_gridlines())
    assert not any(line.get_visible() for line in ax.yaxis.get_gridlines())
    assert ax.get_title(loc="left") == "Gaps" and title_text(ax, "Gaps").get_fontweight() == "bold"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("points", "")
    assert hidden_top_and_right(ax)
    assert tuple(ax.figure.get_size_inches()) == pytest.approx((8, 0.6 * 2 + 1.6))


def test_the_interval_axis_always_shows_zero_and_a_margin():
    positive = charts.interval_plot([3], [(2, 4)], labels=["a"], title="t", xlabel="x")
    assert positive.get_xlim() == pytest.approx((0 - 0.32, 4 + 0.32))
    negative = charts.interval_plot([-3], [(-4, -2)], labels=["a"], title="t", xlabel="x")
    assert negative.get_xlim() == pytest.approx((-4 - 0.32, 0 + 0.32))
    nothing = charts.interval_plot([0], [(0, 0)], labels=["a"], title="t", xlabel="x")
    assert nothing.get_xlim() == (-1, 1)
    figure, given = plt.subplots(figsize=(3, 3))
    assert charts.interval_plot([0], [(0, 1)], labels=["a"], title="t", xlabel="x", ax=given) is given
    assert tuple(figure.get_size_inches()) == (3, 3)


def test_interval_plot_wants_one_value_interval_and_label_per_row():
    message = "interval_plot: 2 values, 1 intervals and 2 labels; give one of each per row"
    with pytest.raises(ValueError, match=f"^{message}$"):
        charts.interval_plot([1, 2], [(0, 3)], labels=["a", "b"], title="t", xlabel="x")
    with pytest.raises(ValueError, match="^interval_plot: 1 values, 1 intervals and 2 labels"):
        charts.interval_plot([1], [(0, 3)], labels=["a", "b"], title="t", xlabel="x")
    assert plt.get_fignums() == []  # no empty figure left behind
