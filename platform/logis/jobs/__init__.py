"""Background jobs: a thin layer over django-rq (see :mod:`logis.jobs.queue`)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicJob:
    """A job run on a schedule: ``func`` is a dotted path, ``cron`` a cron expression."""

    func: str
    cron: str
    queue: str = "default"
    name: str = ""
    description: str = ""
