"""Where an object's "Historique des modifications" lives (for plugin screens to link to)."""

from django.urls import reverse


def history_url(obj):
    """``/admin/logis/historique/<app_label>.<model>/<pk>/``; the page checks who may read it."""
    return reverse("logis_history:object", args=[obj._meta.label_lower, obj.pk])
