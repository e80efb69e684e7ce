"""Reference data: the official French and Belgian territories, addresses and company numbers.

The compact copies of the official lists live in ``data/`` (see
``data/SOURCES.md``); :mod:`logis.territories.sources` rebuilds them from the
packages, :mod:`logis.territories.loader` writes them to the database.
"""
