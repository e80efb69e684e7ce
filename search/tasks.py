"""RQ jobs of the search service (run through ``logis.jobs.queue``: atomic, retried, with progress)."""

from logis.jobs.queue import report_progress
from search import service
from search.backends import get_backend


def sync_records(type_name, pks):
    """Bring the index in line with the database for these records of one type."""
    return service.sync(type_name, pks)


def reindex_all():
    """Rebuild the whole index; the progress bar follows through the job's meta."""
    total = service.reindex(progress=lambda done, total: report_progress(done, total, "Indexation"))
    return {"documents": total}


def apply_synonyms():
    """Hand the edited synonym list to an engine that bakes it into its analyzers."""
    get_backend().synonyms_changed()
    return {"ok": True}
