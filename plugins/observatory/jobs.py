"""Background work of the observatory: the daily reminders (run as nobody, in one transaction)."""

from django.utils import timezone

from plugins.observatory import reminders


def send_reminders():
    """Reminders due today before a checkpoint or after a missed one, capped per run and logged."""
    return reminders.send_reminders(timezone.localdate())
