"""Charts in the kit's house style.

Colours come from the Okabe-Ito palette, which readers with the common kinds of
colour blindness can tell apart. Every bar also carries its count and a hatch
pattern, so no chart relies on colour alone. Matplotlib is imported only when a
chart is drawn, and no global style is changed. ``show(chart, alt=...)``
displays a chart together with its text alternative.
"""
from __future__ import annotations

# Okabe & Ito (2008), "Color Universal Design": orange, sky blue, bluish green,
# yellow, blue, vermillion, reddish purple, grey.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]
# Colours for categories that mean something (what a figure counted, ...): blue, orange,
# reddish purple, bluish green; all dark or strong enough on white, no yellow.
COLOURS = ["#0072B2", "#E69F00", "#CC79A7", "#009E73"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "--", "++"]
_LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}


# Stacked bars fill large areas, but the yellow is still left out: it is too pale on white.
_BAR_COLOURS = [c for c in PALETTE if c != "#F0E442"]


def stacked_barh(table, *, title: str, xlabel: str, ylabel: str, legend_title: str | None = None,
                 colours=None, share: bool = False, ax=None):
    """Draw a table of counts as horizontal stacked bars and return the Axes.

    One bar per row of ``table`` (top to bottom in the table's order), one
    colour and hatch per column, the count written on each piece and the total
    at the end of each bar. Row and column labels are drawn as given, so give
    them in plain words. ``colours`` (one per column) lets colours mean
    something, for example green for confirmed and vermillion for disputed.

    With ``share=True`` each bar is that row's counts as shares of its total
    (0 to 100 per cent, the whole scale shown); the pieces still carry their
    counts, and each bar's label says how many rows it rests on ("(n = 10)").
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 1.6 + 0.45 * len(table)))
    colours = list(colours) if colours is not None else [_BAR_COLOURS[i % len(_BAR_COLOURS)] for i in range(len(table.columns))]
    totals = [int(sum(int(v) for v in row)) for row in table.itertuples(index=False)]
    labels = [f"{i} (n = {t})" if share else str(i) for i, t in zip(table.index, totals)]
    left = [0.0] * len(table)
    for i, column in enumerate(table.columns):
        counts = [int(v) for v in table[column]]
        widths = [100 * c / t if share and t else float(c) for c, t in zip(counts, totals)]
        bars = ax.barh(labels, widths, left=left, color=colours[i], hatch=HATCHES[i % len(HATCHES)],
                       edgecolor="white", label=str(column))
        for bar, count, width in zip(bars, counts, widths):
            if count:  # no label on an empty piece
                ax.text(bar.get_x() + width / 2, bar.get_y() + bar.get_height() / 2, str(count),
                        ha="center", va="center", bbox=_LABEL_BOX)
        left = [a + b for a, b in zip(left, widths)]
    if not share:  # a share bar always ends at 100: its label says how many rows it rests on instead
        for y, total in enumerate(totals):
            ax.annotate(str(total), (left[y], y), xytext=(4, 0), textcoords="offset points", va="center", fontweight="bold")
    ax.invert_yaxis()
    if share:
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter(PercentFormatter())
    else:
        ax.set_xlim(0, max(left) * 1.1 + 1)
    ax.set_title(title, loc="left", fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(title=legend_title if legend_title is not None else table.columns.name,
              loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _is_true(value) -> bool:
    """True for True, False for False and for a missing value (pandas' <NA> has no truth value)."""
    try:
        return bool(value)
    except TypeError:
        return False


_KEY_DROP = 36  # points from the axes' bottom edge to a key set below them: ticks, tick labels and the axis title


def labelled_barh(values, *, labels, title: str, xlabel: str, ylabel: str = "", fmt: str = "{:,.0f}",
                  approximate=None, unknown="no usable figure", kinds=None, kind_order=None, low=None, high=None,
                  hedged: str = "hatched: the report hedged the number", spread: str = "line: lowest to highest version",
                  millions: bool = False, ax=None):
    """Draw one horizontal bar per entry of ``values`` (a Series) and return the Axes.

    Each bar carries its value and its label (for example its source). A
    missing value is written out as ``unknown`` (one text, or one per bar)
    instead of being drawn as a zero-length bar. Colour means something or
    nothing: ``kinds`` gives each bar a category in plain words (for example
    what the figure counted), one colour per category, with a key; without
    ``kinds`` every bar has the same colour. ``kind_order`` fixes which
    category gets which colour (default: the order they first appear), so
    that two charts colour the same category alike. Values marked in ``approximate``
    are hatched and written with "~", and the key says what the hatch means
    (``hedged``). ``low`` and ``high`` (Series like ``values``) draw a line
    across each bar from the lowest to the highest value under other
    versions of the figure, also with a key (``spread``). With ``millions=True`` values and
    ticks are written in millions ("70.3 M"). The axis ends just past the longest bar or line;
    the labels may run past it, into the margin, so no long label leaves the chart half empty.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, MaxNLocator, StrMethodFormatter
    from matplotlib.transforms import offset_copy

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 1.6 + 0.5 * len(values)))
    names = [str(i) for i in values.index]
    known = values.notna().to_numpy()
    rough = [False] * len(values) if approximate is None else [_is_true(a) for a in approximate]
    widths = [float(v) if k else 0.0 for v, k in zip(values, known)]
    kinds = [k if isinstance(k, str) else "" for k in (kinds if kinds is not None else [""] * len(values))]
    shown = set(k for k, is_known in zip(kinds, known) if is_known)
    order = list(dict.fromkeys([*(kind_order or []), *(k for k in kinds if k in shown)]))
    colour = {kind: COLOURS[i % len(COLOURS)] for i, kind in enumerate(order)}
    order = [k for k in order if k in shown]  # the key lists only what is drawn
    bars = ax.barh(names, widths, color=[colour.get(k, "white") for k in kinds],
                   hatch=["//" if r else "" for r in rough], edgecolor="white")
    ends = list(widths)
    if low is not None and high is not None:
        for i, (lo, hi, is_known) in enumerate(zip(low, high, known)):
            if is_known:
                y = bars[i].get_y() + bars[i].get_height() / 2
                ax.plot([float(lo), float(hi)], [y, y], color="black", linewidth=1.5, marker="|", markersize=10)
                ends[i] = max(ends[i], float(hi))
    top = max(ends) if any(known) else 1.0
    missing = [unknown] * len(values) if isinstance(unknown, str) else list(unknown)
    for bar, width, end, is_known, is_rough, label, gap in zip(bars, widths, ends, known, rough, labels, missing):
        value = f"{width / 1e6:,g} M" if millions else fmt.format(width)
        text = f"{'~' if is_rough else ''}{value}  ({label})" if is_known else f"{gap}  ({label})"
        ax.text(end + top * 0.01, bar.get_y() + bar.get_height() / 2, text, va="center",
                fontsize=9, style="normal" if is_known else "italic", color="black" if is_known else "#555555")
    if not ax.yaxis_inverted():  # first row on top (a shared y axis may already be turned)
        ax.invert_yaxis()
    ax.set_xlim(0, top * 1.05)
    # whole numbers with separators for counts, and no rounding of ticks such as 2.5 for small values;
    # at most about six ticks, so long labels such as 1,200,000,000 do not run into each other
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5 if top >= 1e6 else 8))
    if millions:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x / 1e6:,g} M"))
    else:
        ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}" if top >= 1000 else "{x:g}"))
    ax.set_title(title, loc="left", fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    key = [Patch(facecolor=colour[k], edgecolor="white", label=k) for k in order if k]
    if any(r and k for r, k in zip(rough, known)):
        key.append(Patch(facecolor="white", edgecolor="#555555", hatch="//", label=hedged))
    if low is not None and high is not None:
        key.append(Line2D([], [], color="black", marker="|", markersize=10, linewidth=1.5, label=spread))
    if key:
        # below the axis title, so it covers no bar and no label: a fixed distance in points (tick labels and the
        # title take the same room whatever the chart's height), not a share of the axes, which on a chart of one
        # or two bars would put the key over the title
        below = offset_copy(ax.transAxes, fig=ax.figure, y=-_KEY_DROP, units="points")
        ax.legend(handles=key, loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=below, ncol=2,
                  frameon=False, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
MARKER_COLOURS = [c for c in PALETTE if c != "#F0E442"]  # the yellow is too faint on white for a small marker


def _spread(points, step: float) -> list[float]:
    """An offset for each point, so that points at the same place sit side by side, centred on it."""
    seen: dict = {}
    for p in points:
        seen[p] = seen.get(p, 0) + 1
    placed: dict = {}
    offsets = []
    for p in points:
        k = placed.get(p, 0)
        placed[p] = k + 1
        offsets.append((k - (seen[p] - 1) / 2) * step)
    return offsets


def marker_plot(x, y, groups, *, title: str, xlabel: str, ylabel: str, spread: str | None = None,
                step: float = 0.2, ax=None, wrap: int | None = None):
    """Plot one marker per item at (x, y), with one colour and one marker shape per group.

    ``groups`` (for example each actor's country) gets both a colour and a
    shape, so the chart does not rely on colour alone; groups appear in the
    legend in the order they first occur. Text values of ``y`` (such as actor
    names) become rows, the first one on top. With ``spread="y"`` or
    ``spread="x"``, items that would land on the same spot are set side by side
    along that axis, ``step`` apart (in days for dates), so that no marker hides
    another. With ``wrap``, a row name longer than ``wrap`` characters is broken
    over lines, so that one long name does not squeeze the chart. Returns the Axes.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    x, y, groups = list(x), list(y), [str(g) for g in groups]
    dates = bool(x) and all(hasattr(v, "to_pydatetime") or hasattr(v, "isoformat") for v in x)
    if dates:
        x = [float(v) for v in mdates.date2num(x)]
    rows = list(dict.fromkeys(y)) if y and all(isinstance(v, str) for v in y) else None
    if ax is None:  # a taller figure for many rows, so that names (wrapped ones too) do not overlap
        _, ax = plt.subplots(figsize=(9, max(6.0, 0.45 * len(rows) + 1.2) if rows and wrap else 6))
    if rows:
        y = [float(rows.index(v)) for v in y]
    if spread in ("x", "y"):
        offsets = _spread(list(zip(x, y)), step)
        x = [v + o for v, o in zip(x, offsets)] if spread == "x" else x
        y = [v + o for v, o in zip(y, offsets)] if spread == "y" else y
    for i, group in enumerate(dict.fromkeys(groups)):
        keep = [k for k, g in enumerate(groups) if g == group]
        ax.scatter([x[k] for k in keep], [y[k] for k in keep], s=70, label=group, zorder=3,
                   color=MARKER_COLOURS[i % len(MARKER_COLOURS)], marker=MARKERS[i % len(MARKERS)], edgecolor="black", linewidth=0.6)
    if dates:
        ax.xaxis_date()
    if rows:
        import textwrap

        ax.set_yticks(range(len(rows)), [textwrap.fill(r, wrap) if wrap else r for r in rows])
        ax.set_ylim(len(rows) - 0.5, -0.5)  # first row on top
    ax.grid(axis="x", color="#dddddd", zorder=0)
    ax.set_title(title, loc="left", fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def show(chart, *, alt: str) -> None:
    """Display a chart with a text alternative, then close it.

    ``chart`` is a Figure or an Axes. ``alt`` says in words what the chart
    shows (its finding and the numbers behind it), for a screen reader and for
    an HTML export. The image is stored with ``alt`` in its output metadata
    (``{"image/png": {"alt": ...}}``) and ``alt`` is also the output's plain-text
    form, so a reader that cannot show images shows the words instead.
    """
    import base64
    import io

    import matplotlib.pyplot as plt
    from IPython.display import display

    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("every chart needs alt text: say in words what it shows")
    figure = getattr(chart, "figure", chart)
    while getattr(figure, "figure", figure) is not figure:  # a subfigure's parent
        figure = figure.figure
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
    png = base64.b64encode(buffer.getvalue()).decode("ascii")
    display({"image/png": png, "text/plain": f"Chart: {alt.strip()}"}, raw=True,
            metadata={"image/png": {"alt": alt.strip()}})


def interval_plot(values, intervals, *, labels, title: str, xlabel: str, ylabel: str = "", ax=None):
    """One row per label: a dot at each value and a line across its interval, with a vertical line at zero.

    ``intervals`` holds one ``(low, high)`` pair per value. The horizontal axis is fitted to the
    intervals (and zero), with a small margin, so that no row's line runs off the chart and no long
    empty stretch is left. Returns the Axes.
    """
    import matplotlib.pyplot as plt

    values, intervals, labels = list(values), [tuple(i) for i in intervals], [str(l) for l in labels]
    if not (len(values) == len(intervals) == len(labels)):
        raise ValueError(f"interval_plot: {len(values)} values, {len(intervals)} intervals and {len(labels)} labels; give one of each per row")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.6 * len(values) + 1.6))
    rows = range(len(values))
    for row, value, (low, high) in zip(rows, values, intervals):
        ax.plot([low, high], [row, row], color=COLOURS[0], linewidth=2.5, solid_capstyle="butt", zorder=2)
        ax.scatter([value], [row], s=60, color=COLOURS[1], edgecolor="black", linewidth=0.6, zorder=3)
    low_end = min([0.0] + [low for low, _ in intervals])
    high_end = max([0.0] + [high for _, high in intervals])
    margin = (high_end - low_end) * 0.08 or 1.0
    ax.set_xlim(low_end - margin, high_end + margin)
    ax.axvline(0, color="black", linewidth=1, zorder=2.5)
    ax.set_yticks(list(rows), labels)
    ax.set_ylim(len(values) - 0.5, -0.5)  # first row on top
    ax.grid(axis="x", color="#dddddd", zorder=0)
    ax.set_title(title, loc="left", fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    return ax
