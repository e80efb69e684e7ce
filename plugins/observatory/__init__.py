"""Observatoire de la production et de la réhabilitation (circulaire USH 2006-09)."""
