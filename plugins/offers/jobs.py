"""Background work of the offers plugin: file imports and the daily rules.

Each function runs through :func:`logis.jobs.queue.run`, i.e. inside one
transaction and as the user who asked for it (nobody for the daily job).
"""

import datetime

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from rq import get_current_job

from logis.accounts.models import Organisation
from logis.accounts.scoping import scope_for
from logis.jobs.queue import report_progress
from logis.middleware import get_current_user
from plugins.offers import availability, rules
from plugins.offers.importer import import_offers

IMPORT_DIR = "offers-imports"


def import_file(stored_name, original_name, organisation_id, mode, dry_run):
    """Import an uploaded file kept in the default storage; the file is deleted once the job commits.

    When the last attempt fails the file is deleted too: it holds hosts' personal data and nobody will read it.
    """
    try:
        return _import_stored(stored_name, original_name, organisation_id, mode, dry_run)
    except Exception:
        job = get_current_job()
        if not (job and job.retries_left):
            default_storage.delete(stored_name)
        raise


def _import_stored(stored_name, original_name, organisation_id, mode, dry_run):
    organisation = Organisation.objects.select_related("territory").get(pk=organisation_id)
    user = get_current_user()
    scope = scope_for(user, "offers.import", rows=True) if user is not None else None
    with default_storage.open(stored_name, "rb") as handle:  # read as it streams, never whole in memory
        report = import_offers(original_name, handle, organisation, mode=mode, dry_run=dry_run, scope=scope, progress=report_progress)
    if not report.problem_count:
        transaction.on_commit(lambda: default_storage.delete(stored_name))
    # A file with problems is kept (erased by the daily job) for its error file and for a column mapping.
    return {**report.as_dict(), "stored": stored_name if report.problem_count else "", "organisation": organisation_id}


def forget_old_imports(days=7):
    """Delete the kept import files older than ``days``: they hold hosts' personal data."""
    limit = timezone.now() - datetime.timedelta(days=days)
    try:
        _dirs, files = default_storage.listdir(IMPORT_DIR)
    except FileNotFoundError:
        return 0
    old = [name for name in files if default_storage.get_modified_time(f"{IMPORT_DIR}/{name}") < limit]
    for name in old:
        default_storage.delete(f"{IMPORT_DIR}/{name}")
    return len(old)


def daily():
    """Expire offers past their end date + 1 day, erase personal data past retention, write today's figures."""
    return {
        "expired": rules.expire_offers(),
        "erased": rules.erase_personal_data(),
        "snapshot_communes": rules.take_snapshot(),
        "import_files_erased": forget_old_imports(),
    }


def ask_availability():
    """Ask due hosts "still available?" and remind coordinators of offers ending soon or not confirmed."""
    return {"hosts_asked": availability.ask_hosts(), "coordinators_reminded": availability.remind_coordinators()}
