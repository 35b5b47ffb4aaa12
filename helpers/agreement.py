"""How far two codings of the same items agree.

Two measures for nominal codes such as CAMEO event codes:

- Cohen's kappa, (p_o - p_e) / (1 - p_e): the share of items coded alike
  (p_o), corrected for the share two coders would match by chance given how
  often each used each code (p_e). Items either coding leaves blank are dropped.
- Krippendorff's alpha at the nominal level, from the ``krippendorff`` package;
  blanks count as missing.

Reading them (both conventions are rough guides, not standards):
LANDIS_KOCH gives Landis and Koch's (1977) bands for kappa, found only as
quoted in software documentation (one implementation's code comment calls them
"a rough heuristic, not a standard"); KRIPPENDORFF gives the usual alpha
thresholds, 0.800 for reliable data and 0.667 for tentative conclusions (also
found only in secondary sources, see the kit's shared notes).

How sure are they? ``interval(first, second, measure)`` gives a bootstrap
interval: it draws the coded items again at random, with replacement, many
times, measures each draw, and keeps the middle 95% of the results. The draws
start from the fixed seed SEED, so the interval is the same on every run.
When a draw holds a single code, chance agreement is 100% and both kappa and
alpha are 0/0, undefined: such a draw is left out of the interval, and
``undefined_draws`` counts them. The interval describes how much the measure
moves with the mix of items, not coder error.

How sensitive is a gap between two groups' means? ``gap_interval`` resamples
each group within itself (a bootstrap interval for the difference of means),
and ``drop_one`` recomputes the gap with each item left out in turn.
"""
from __future__ import annotations

LANDIS_KOCH = [(0.0, "poor"), (0.20, "slight"), (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial"), (1.0, "almost perfect")]
KRIPPENDORFF = {"reliable": 0.800, "tentative": 0.667}
SEED = 2013  # any fixed number would do; fixed so that every run draws the same resamples
RESAMPLES = 2000


def _blank(value) -> bool:
    """None, NaN, pandas' <NA> or an empty string: an item left uncoded."""
    import pandas as pd

    return value is None or bool(pd.isna(value)) or str(value).strip() == ""


def crosstab(first, second):
    """The square table of how often each pair of codes was given (blanks dropped)."""
    import pandas as pd

    pairs = [(a, b) for a, b in zip(first, second) if not _blank(a) and not _blank(b)]
    table = pd.crosstab(pd.Series([a for a, _ in pairs], name="first"), pd.Series([b for _, b in pairs], name="second"))
    codes = table.index.union(table.columns)
    return table.reindex(index=codes, columns=codes, fill_value=0)


def cohen_kappa(first, second) -> float:
    """Cohen's kappa between two codings of the same items, in the same order.

    When both codings use one and the same code for every item, chance agreement
    is 100% and kappa is 0/0: the result is NaN (undefined), as for alpha.
    """
    table = crosstab(first, second).to_numpy()
    n = table.sum()
    observed = table.trace() / n
    expected = float((table.sum(axis=1) * table.sum(axis=0)).sum()) / n**2
    return float("nan") if expected == 1 else float((observed - expected) / (1 - expected))


def landis_koch(kappa: float) -> str:
    """Landis and Koch's word for a kappa value."""
    if kappa < 0:
        return "poor"
    return next(word for upper, word in LANDIS_KOCH if kappa <= upper)


def krippendorff_alpha(*codings) -> float:
    """Krippendorff's alpha, nominal level, for any number of codings of the same items.

    With a single code in all the codings, alpha is 0/0: the result is NaN (undefined), as for kappa.
    """
    import krippendorff
    import numpy as np

    codes = sorted({str(v) for coding in codings for v in coding if not _blank(v)})
    if len(codes) < 2:
        return float("nan")
    data = [[np.nan if _blank(v) else codes.index(str(v)) for v in coding] for coding in codings]
    return float(krippendorff.alpha(reliability_data=np.array(data, dtype=float), level_of_measurement="nominal"))


def alpha_reading(alpha: float) -> str:
    """The usual word for an alpha value: reliable, tentative or unreliable."""
    if alpha >= KRIPPENDORFF["reliable"]:
        return "reliable"
    return "tentative" if alpha >= KRIPPENDORFF["tentative"] else "unreliable"


def bands(low: float, high: float) -> list[str]:
    """Landis and Koch's words for every band from ``low`` to ``high``, in order."""
    words = list(dict.fromkeys(word for _, word in LANDIS_KOCH))
    return words[words.index(landis_koch(low)):words.index(landis_koch(high)) + 1]


def _counts(codes, size: int):
    """For each row of a (draws × items) array of code indices 0..size-1, how often each code appears."""
    import numpy as np

    rows = np.arange(codes.shape[0])[:, None] * size
    return np.bincount((rows + codes).ravel(), minlength=codes.shape[0] * size).reshape(codes.shape[0], size)


def _kappa_of_draws(first, second, size: int):
    """Cohen's kappa for each row of two (draws × items) arrays of code indices: the same sums as
    cohen_kappa, (p_o - p_e) / (1 - p_e), for every draw at once; NaN where p_e is 1 (a single code)."""
    import numpy as np

    n = first.shape[1]
    observed = (first == second).sum(axis=1) / n
    expected = (_counts(first, size) * _counts(second, size)).sum(axis=1) / n**2
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected == 1, np.nan, (observed - expected) / (1 - expected))


def _alpha_of_draws(first, second, size: int):
    """Krippendorff's alpha (nominal) for each row of two (draws × items) arrays of code indices, every
    item coded by both: 1 - (n - 1) × (ordered pairs of values that differ within an item) ÷ (ordered
    pairs of values that differ among all n values), with n = 2 × items. The same number as the
    ``krippendorff`` package gives (a test compares them draw by draw); NaN where one code is all there is."""
    import numpy as np

    n = 2 * first.shape[1]
    within = 2 * (first != second).sum(axis=1)
    values = _counts(first, size) + _counts(second, size)
    among = n * n - (values * values).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(among == 0, np.nan, 1 - (n - 1) * within / among)


def _draws(first, second, measure: str, resamples: int, seed: int):
    """The measure on each bootstrap draw (NaN where a draw leaves it undefined)."""
    import numpy as np

    if measure not in ("kappa", "alpha"):
        raise ValueError(f"measure must be 'kappa' or 'alpha', not {measure!r}")
    pairs = [(str(a), str(b)) for a, b in zip(first, second) if not _blank(a) and not _blank(b)]
    if len(pairs) < 2:
        raise ValueError(f"an interval needs at least two items coded by both codings; there are {len(pairs)}")
    codes = sorted({c for pair in pairs for c in pair})
    a = np.array([codes.index(x) for x, _ in pairs])
    b = np.array([codes.index(y) for _, y in pairs])
    compute = _kappa_of_draws if measure == "kappa" else _alpha_of_draws
    draws = np.random.default_rng(seed).integers(0, len(pairs), size=(resamples, len(pairs)))
    return compute(a[draws], b[draws], len(codes))


def undefined_draws(first, second, measure: str = "kappa", *, resamples: int = RESAMPLES, seed: int = SEED) -> int:
    """How many of ``interval``'s draws leave the measure undefined (a single code), and so are left out."""
    import numpy as np

    return int(np.isnan(_draws(first, second, measure, resamples, seed)).sum())


def interval(first, second, measure: str = "kappa", *, level: float = 0.95,
             resamples: int = RESAMPLES, seed: int = SEED) -> tuple[float, float]:
    """A bootstrap interval for ``measure`` ("kappa" or "alpha") between two codings.

    Items that either coding leaves blank are dropped (as ``cohen_kappa`` does;
    for alpha they carry no pair to compare). The remaining items are drawn
    ``resamples`` times with replacement, the measure is computed on each draw,
    and the interval is the middle ``level`` share of the results (the
    percentile method). A draw that holds a single code leaves kappa and alpha
    undefined (0/0) and is left out of both alike; ``undefined_draws`` counts
    them. The same seed always gives the same interval.
    """
    import numpy as np

    results = _draws(first, second, measure, resamples, seed)
    tail = (1 - level) / 2 * 100
    low, high = np.nanpercentile(results, [tail, 100 - tail])
    return float(low), float(high)


# --- How sensitive is a gap between two groups' mean scores? ----------------------

GAP_SEED = 0  # any fixed number would do
GAP_RESAMPLES = 5000


def _scores(group, name: str):
    import numpy as np

    values = np.array([float(v) for v in (group.values() if isinstance(group, dict) else group)], dtype=float)
    if len(values) < 1 or np.isnan(values).any():
        raise ValueError(f"{name}: a gap needs at least one score in each group and no blanks; got {len(values)}")
    return values


def gap(higher, lower) -> float:
    """mean(higher) - mean(lower): two groups' scores, as lists or {item: score} dicts."""
    return float(_scores(higher, "first group").mean() - _scores(lower, "second group").mean())


def gap_interval(higher, lower, *, level: float = 0.95, resamples: int = GAP_RESAMPLES,
                 seed: int = GAP_SEED) -> tuple[float, float]:
    """A bootstrap interval for ``gap(higher, lower)``.

    Each group is resampled within itself, with replacement and at its own
    size, ``resamples`` times from the fixed seed; the interval is the middle
    ``level`` share of the resampled gaps (percentile method). When the items
    are a selection rather than a random sample, read it as sensitivity to the
    mix of items, not as a margin of error for a population.
    """
    import numpy as np

    first, second = _scores(higher, "first group"), _scores(lower, "second group")
    rng = np.random.default_rng(seed)
    one = rng.integers(0, len(first), size=(resamples, len(first)))
    two = rng.integers(0, len(second), size=(resamples, len(second)))
    gaps = first[one].mean(axis=1) - second[two].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(gaps, [tail, 100 - tail])
    return float(low), float(high)


def drop_one(higher: dict, lower: dict) -> dict:
    """{item: the gap with that one item left out}, for every item of either group (dicts of item: score)."""
    gaps = {}
    for item in higher:
        gaps[item] = gap({k: v for k, v in higher.items() if k != item}, lower)
    for item in lower:
        gaps[item] = gap(higher, {k: v for k, v in lower.items() if k != item})
    return gaps


# --- Coding sheets: two people code the same reactions blind --------------------

SHEET_CODES = ["010", "012", "015", "016", "018", "041", "051", "100", "101", "1042", "110", "111", "114"]


def _blank_sheet_path():
    from pathlib import Path

    return Path(__file__).resolve().parents[1] / "datasets" / "coding_sheet.csv"


def sheet_ids() -> list[str]:
    """The reactions on the blank coding sheet, in its order."""
    from helpers import data

    return list(data.load("coding_sheet")["reaction_id"])


def blank_sheet(to) -> str:
    """Copy the blank coding sheet to ``to`` (a path of your own, such as "my-sheets/coder_a.csv").

    Never overwrites a file (it may hold someone's coding) and never writes into datasets/.
    Returns the path written.
    """
    import shutil
    from pathlib import Path

    target = Path(to).resolve()
    if _blank_sheet_path().parent in (target, *target.parents):
        raise ValueError(f"{to}: the kit never writes into datasets/; choose a folder of your own, such as my-sheets/")
    if target.exists():
        raise FileExistsError(f"{to} already exists and may hold a coding; choose another name or delete it first")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_blank_sheet_path(), target)
    return str(to)


def _sheet_rows(path, name: str):
    """The rows of a filled sheet as (row number, dict), or the problem that stops it being read."""
    import csv
    import io
    from pathlib import Path

    from helpers.data import Problem

    file = Path(path)
    if not file.exists():
        return None, [Problem(name, None, None, f"no such file in {file.resolve().parent}; save the sheet there or fix the name")]
    try:
        text = file.read_bytes().decode("utf-8-sig")  # -sig: read past Excel's byte-order mark
    except UnicodeDecodeError:
        return None, [Problem(name, None, None, "the file is not UTF-8 text; save it again as 'CSV UTF-8'")]
    if not text.strip():
        return None, [Problem(name, None, None, "the file is empty; start again from a blank sheet")]
    header = text.splitlines()[0]
    if header.count(";") > header.count(","):
        return None, [Problem(name, 1, None, "columns are separated by ';' instead of ','; save it again as 'CSV UTF-8 (comma delimited)'")]
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("reaction_id", "cameo_code") if c not in (reader.fieldnames or [])]
    if missing:
        return None, [Problem(name, 1, c, f"the column {c} is missing; keep the blank sheet's header row") for c in missing]
    return [(number, row) for number, row in enumerate(reader, start=2)], []


def read_sheet(path) -> dict[str, str]:
    """A filled coding sheet as {reaction_id: code}, in the blank sheet's order.

    Stops with a DataError naming file, row and column when the sheet has an
    unknown code, a blank code, a reaction twice, a reaction that is not on
    lesson 3's sheet (another lesson's or exercise's rows), or misses a row.
    """
    from pathlib import Path

    from helpers import data
    from helpers.data import DataError, Problem

    name = Path(path).name
    rows, problems = _sheet_rows(path, name)
    if rows is None:
        raise DataError(problems)
    table = data.load("cameo_codes").set_index("cameo_code")
    expected, seen, coded = sheet_ids(), {}, {}
    for number, row in rows:
        reaction = (row.get("reaction_id") or "").strip()
        code = (row.get("cameo_code") or "").strip()
        if reaction not in expected:
            problems.append(Problem(name, number, "reaction_id", f"'{reaction}' is not on lesson 3's coding sheet ({expected[0]} to "
                                    f"{expected[-1]}, {len(expected)} reactions); is this row from another lesson or exercise?"))
            continue
        if reaction in seen:
            problems.append(Problem(name, number, "reaction_id", f"{reaction} appears twice (first on row {seen[reaction]}); keep one row per reaction"))
            continue
        seen[reaction] = number
        if not code:
            problems.append(Problem(name, number, "cameo_code", f"{reaction} has no code yet; write the code you chose from the codebook excerpt"))
        elif code in table.index and table.loc[code, "level"] != "root":
            coded[reaction] = code
        elif code.isdigit() and "0" + code in table.index:
            problems.append(Problem(name, number, "cameo_code", f"'{code}' is not a code on the sheet; did a spreadsheet drop the leading zero of '0{code}'? Write it as text: 0{code}"))
        elif code in table.index:
            problems.append(Problem(name, number, "cameo_code", f"'{code}' is a whole CAMEO category ({table.loc[code, 'name']}); choose one of its three- or four-digit codes"))
        else:
            problems.append(Problem(name, number, "cameo_code", f"'{code}' is not a CAMEO code in cameo_codes.csv; choose one from the codebook excerpt"))
    absent = [r for r in expected if r not in seen]
    if absent:
        problems.append(Problem(name, None, "reaction_id", f"rows for {', '.join(absent)} are missing; the sheet needs one row for each of the {len(expected)} reactions"))
    if problems:
        raise DataError(problems)
    return {r: coded[r] for r in expected}
