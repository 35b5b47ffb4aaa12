"""Helpers for the media-literacy teaching kit.

Importing this package does nothing: no printing, no restyling, no data read.
Import the module you need:

    from helpers import data        # load and check the datasets
    from helpers import charts      # charts in the kit's house style
    from helpers import exercises   # one-line self-checks for the exercises
    from helpers import claimreview # export checked claims as ClaimReview JSON-LD
    from helpers import agreement   # kappa, alpha and bootstrap intervals (lesson 3)
    from helpers import rankings    # lesson 2's places for every combination at once

``helpers.checks`` holds the rules behind ``data``'s checking, and ``helpers.classroom``
the classroom commands of tasks.py (students' copies, bundle, collect).

Check a datasets folder from a terminal with ``python -m helpers validate [DIR]``.
"""
