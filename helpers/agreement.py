"""How far two codings of the same items agree.

Two measures for nominal codes such as CAMEO event codes:

- Cohen's kappa, (p_o - p_e) / (1 - p_e): the share of items coded alike
  (p_o), corrected for the share two coders would match by chance given how
  often each used each code (p_e). Items either coding leaves blank are dropped.
- Krippendorff's alpha at the nominal level, from the ``krippendorff`` package;
  blanks count as missing.

Reading them (both conventions are rough guides, not standards):
LANDIS_KOCH gives Landis and Koch's (1977) bands for kappa; KRIPPENDORFF gives
the usual alpha thresholds, 0.800 for reliable data and 0.667 for tentative
conclusions (found only in secondary sources, see the kit's shared notes).
"""
from __future__ import annotations

LANDIS_KOCH = [(0.0, "poor"), (0.20, "slight"), (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial"), (1.0, "almost perfect")]
KRIPPENDORFF = {"reliable": 0.800, "tentative": 0.667}


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
    """Cohen's kappa between two codings of the same items, in the same order."""
    table = crosstab(first, second).to_numpy()
    n = table.sum()
    observed = table.trace() / n
    expected = float((table.sum(axis=1) * table.sum(axis=0)).sum()) / n**2
    return 1.0 if expected == 1 else float((observed - expected) / (1 - expected))


def landis_koch(kappa: float) -> str:
    """Landis and Koch's word for a kappa value."""
    if kappa < 0:
        return "poor"
    return next(word for upper, word in LANDIS_KOCH if kappa <= upper)


def krippendorff_alpha(*codings) -> float:
    """Krippendorff's alpha, nominal level, for any number of codings of the same items."""
    import krippendorff
    import numpy as np

    codes = sorted({str(v) for coding in codings for v in coding if not _blank(v)})
    data = [[np.nan if _blank(v) else codes.index(str(v)) for v in coding] for coding in codings]
    return float(krippendorff.alpha(reliability_data=np.array(data, dtype=float), level_of_measurement="nominal"))
