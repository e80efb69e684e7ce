"""Thin job functions of the spaces plugin (the scheduler runs them atomically)."""

from plugins.spaces.agenda import send_reminders


def reminders():
    return {"rappels": send_reminders()}
