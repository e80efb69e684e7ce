"""Reminders before each checkpoint and after a missed one, sent through the core's notification channels.

The circular's calendar (annex 1, §1): a reminder five days before the
checkpoint to the referents whose sheet is not up to date, another from the
5th of the following month to those who missed it. Each reminder is logged as
a :class:`Reminder` row whose unique key (sheet, checkpoint, kind) caps it at
once; a run sends at most ``MAX_PER_RUN``, the rest go on the next run.
"""

import datetime
import logging
from dataclasses import dataclass

from django.utils.translation import gettext as _

from logis.accounts.models import RoleAssignment
from logis.notifications import Message, notify
from plugins.observatory.models import Checkpoint, Reminder, Sheet

logger = logging.getLogger(__name__)

BEFORE_DAYS = 5
AFTER_DAYS = 5
#: how long after a checkpoint the "missed" reminder may still go out when the campaign has no next checkpoint.
LAST_AFTER_WINDOW = 30
MAX_PER_RUN = 500
CHANNEL = "mail"
REFERENT_ROLE = "observatory.organisation"
UP_TO_DATE = (Sheet.Status.SUBMITTED, Sheet.Status.VALIDATED)


@dataclass(frozen=True)
class Due:
    sheet: Sheet
    checkpoint: Checkpoint
    kind: str


def _up_to_date(sheet, since, until):
    """The sheet was transmitted during the period (``since``, ``until``] and has not been reopened since."""
    if sheet.status not in UP_TO_DATE or sheet.submitted_at is None:
        return False
    day = sheet.submitted_at.date()
    return (since is None or day > since) and day <= until


def due_reminders(today):
    """The reminders to send on ``today``, oldest checkpoint first, not yet sent."""
    checkpoints = list(Checkpoint.objects.filter(campaign__is_open=True).select_related("campaign").order_by("campaign_id", "due_on"))
    windows = []
    for index, checkpoint in enumerate(checkpoints):
        same = index + 1 < len(checkpoints) and checkpoints[index + 1].campaign_id == checkpoint.campaign_id
        previous = checkpoints[index - 1].due_on if index and checkpoints[index - 1].campaign_id == checkpoint.campaign_id else None
        after_until = (checkpoints[index + 1].due_on - datetime.timedelta(days=BEFORE_DAYS + 1) if same
                       else checkpoint.due_on + datetime.timedelta(days=LAST_AFTER_WINDOW))
        if checkpoint.due_on - datetime.timedelta(days=BEFORE_DAYS) <= today <= checkpoint.due_on:
            windows.append((checkpoint, Reminder.Kind.BEFORE, previous, today))
        elif checkpoint.due_on + datetime.timedelta(days=AFTER_DAYS) <= today <= after_until:
            windows.append((checkpoint, Reminder.Kind.AFTER, previous, checkpoint.due_on))
    if not windows:
        return []
    campaigns = {c.campaign_id for c, *_rest in windows}
    sheets = list(Sheet.objects.filter(campaign_id__in=campaigns).select_related("organisation", "campaign", "department"))
    sent = set(Reminder.objects.filter(checkpoint__in=[w[0] for w in windows]).values_list("sheet_id", "checkpoint_id", "kind"))
    return [Due(sheet, checkpoint, kind)
            for checkpoint, kind, since, until in windows
            for sheet in sheets
            if sheet.campaign_id == checkpoint.campaign_id and (sheet.pk, checkpoint.pk, kind) not in sent
            and not _up_to_date(sheet, since, until)]


def _recipients(organisation_ids):
    """Each organisation's address and its referents' addresses (current role assignments only)."""
    found = {}
    for org_id, email in (RoleAssignment.objects.current().filter(role=REFERENT_ROLE, organisation_id__in=organisation_ids)
                          .exclude(user__email="").values_list("organisation_id", "user__email")):
        found.setdefault(org_id, set()).add(email)
    return found


def _message(due, recipient):
    values = {"campaign": due.sheet.campaign.title, "date": f"{due.checkpoint.due_on:%d/%m/%Y}",
              "organisation": due.sheet.organisation.name, "department": due.sheet.department.name}
    if due.kind == Reminder.Kind.BEFORE:
        subject = _("Observatoire : point d'étape du %(date)s") % values
        body = _("Bonjour,\n\nLe point d'étape du %(date)s de « %(campaign)s » approche : merci de mettre à jour et de "
                 "transmettre la fiche de %(organisation)s (lieu de dépôt : %(department)s).") % values
    else:
        subject = _("Observatoire : fiche non mise à jour au %(date)s") % values
        body = _("Bonjour,\n\nLa fiche de %(organisation)s (lieu de dépôt : %(department)s) n'a pas été transmise pour le "
                 "point d'étape du %(date)s de « %(campaign)s » : merci de la mettre à jour.") % values
    return Message(recipient=recipient, subject=subject, body=body)


def send_reminders(today, limit=MAX_PER_RUN):
    """Send the due reminders (at most ``limit``) and log each one; returns ``{"sent": n, "failed": n, "left": n}``.

    A reminder whose sending fails is not logged, so the next run tries again.
    """
    due = due_reminders(today)
    batch, left = due[:limit], max(0, len(due) - limit)
    recipients = _recipients({d.sheet.organisation_id for d in batch})
    logged, failed = [], 0
    for item in batch:
        addresses = set(recipients.get(item.sheet.organisation_id, ())) | ({item.sheet.organisation.email} - {""})
        try:
            for address in sorted(addresses):
                notify(CHANNEL, _message(item, address))
        except Exception:
            logger.exception("Relance de l'observatoire non envoyée : fiche %s", item.sheet.pk)
            failed += 1
            continue
        logged.append(Reminder(sheet=item.sheet, checkpoint=item.checkpoint, kind=item.kind, channel=CHANNEL, recipients=len(addresses)))
    Reminder.objects.bulk_create(logged, ignore_conflicts=True)
    logger.info("Relances de l'observatoire : %s envoyées, %s en échec, %s reportées", len(logged), failed, left)
    return {"sent": len(logged), "failed": failed, "left": left}
