"""Lesson 2's places, for every combination of the reported versions at once.

Lesson 2 ranks the countries with its own ``ranks`` function, for one version of
each figure and one set of population counts at a time. Its first extension asks
the same question of every combination (1,440 with the shipped data). Calling
``ranks`` that many times keeps a class waiting for seconds, so ``every_ranking``
does the same sums for all the combinations in one go, then keeps each different
table of places once, with the number of combinations that give it. The kit's
tests check its places for every combination against places worked out from
the CSV files, and against the lesson's ``ranks`` on a sample of combinations.
"""
from __future__ import annotations


def every_ranking(choices, versions, counts, names, yardsticks):
    """[(places, how_many)]: each different table of places among all the combinations, in the
    order first met, with how many combinations give it; the numbers add up to the combinations.

    choices     lesson 2's table: one row per version of a figure, with its choice_id, its
                country_code and the columns named in ``yardsticks`` (except per_resident);
    versions    one list of choice_ids per country: a combination takes one from each list;
    counts      {country_code: [population, ...]}: a combination takes one count for each country
                that has versions (a country with no versions has no place to change);
    names       country_code -> the country's name, for the tables' rows (a code with no name stays);
    yardsticks  {label: column}: the tables' columns, in order; the column "per_resident" is
                worked out here, as ``ranks`` does, as in_30_days ÷ population.

    The combinations run as in two nested loops: every set of versions, and for each every set of
    population counts. Places are as in ``ranks``: 1 for the most records, equal values share the
    higher place, and a country with no value has no place (<NA>).
    """
    import itertools

    import numpy as np
    import pandas as pd

    by_id = choices.set_index("choice_id")
    unknown = [c for group in versions for c in group if c not in by_id.index]
    if unknown or not versions or not all(versions):
        raise ValueError(f"every list in `versions` needs at least one choice_id from `choices`; unknown: {unknown}")
    countries = []
    for group in versions:
        codes = set(by_id.loc[list(group), "country_code"])
        if len(codes) != 1 or codes <= set(countries):
            raise ValueError(f"each list in `versions` must hold the versions of one country, one list per country: {group}")
        countries += codes
    picks = np.array(list(itertools.product(*versions)), dtype=object)
    listed = [c for c in counts if c in countries]
    if not all(counts[c] for c in listed):
        raise ValueError("every list in `counts` needs at least one population")
    sets_of_counts = list(itertools.product(*(counts[c] for c in listed)))
    people = np.array(sets_of_counts, dtype=float).reshape(len(sets_of_counts), len(listed))
    population = np.stack([people[:, listed.index(c)] if c in listed else np.full(len(people), np.nan)
                           for c in countries], axis=1)

    def column(name):  # one value per (set of versions, set of counts, country)
        if name == "per_resident":
            return values("in_30_days")[:, None, :] / population[None, :, :]
        return np.broadcast_to(values(name)[:, None, :], (len(picks), len(people), len(countries)))

    def values(name):
        return pd.to_numeric(by_id[name]).reindex(picks.ravel()).to_numpy(dtype=float, na_value=np.nan).reshape(picks.shape)

    places = []
    for name in yardsticks.values():
        v = column(name).reshape(-1, len(countries))
        place = 1 + (v[:, None, :] > v[:, :, None]).sum(axis=2)  # 1 + how many have more; NaN compares as False
        places.append(np.where(np.isnan(v), 0, place))  # 0 stands for "no place"
    places = np.stack(places, axis=2)  # (combination, country, yardstick)

    tables, how_many = {}, {}
    for combination in places:
        key = combination.tobytes()
        if key not in tables:
            tables[key] = combination
        how_many[key] = how_many.get(key, 0) + 1
    codes = pd.Index(by_id.loc[list(picks[0]), "country_code"])  # as `ranks` has them, of the same type

    def as_ranks_gives(table):
        frame = pd.DataFrame(table, index=codes, columns=list(yardsticks)).astype("Int64").mask(lambda t: t == 0)
        return frame.rename(index=names).rename_axis(None)

    return [(as_ranks_gives(table), how_many[key]) for key, table in tables.items()]
