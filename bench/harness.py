"""What every benchmark script shares: Django set up as in production, a throw-away database, percentiles.

Import it first (``import harness``): it puts the project on the path and
configures Django with ``DEBUG=0`` (no SQL log kept in memory) and quiet logs.
"""

import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "logis.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()


@contextmanager
def throwaway_database():
    """A fresh, migrated database (SQLite in memory, or ``test_…`` beside DATABASE_URL), dropped afterwards."""
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def median_p95(samples):
    """Median and 95th percentile of ``samples`` (nearest rank)."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def sample_ms(action, repeat, warmup=0):
    """Milliseconds taken by ``action(i)`` for i in range(repeat), after ``warmup`` untimed calls."""
    for i in range(warmup):
        action(i)
    samples = []
    for i in range(repeat):
        start = time.perf_counter()
        action(i)
        samples.append((time.perf_counter() - start) * 1000)
    return samples
