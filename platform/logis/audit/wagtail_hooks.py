"""The history's admin list, and every audited model's "Historique" link turned towards it."""

from wagtail import hooks
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet

from logis.audit.recorder import is_audited
from logis.audit.views import HistoryRedirectView
from logis.audit.viewsets import AuditEntryViewSet


@hooks.register("register_admin_viewset", order=1000)
def register_audit_viewset():
    """Called after every other viewset (the core's and the plugins') is registered, so that the
    "Historique" of each audited model's admin page shows its "Historique des modifications", whatever
    history view class the viewset declared (Wagtail's, a subclass of it, or one of its own)."""
    for viewset in viewsets.viewsets:
        if isinstance(viewset, ModelViewSet) and is_audited(viewset.model):
            viewset.history_view_class = HistoryRedirectView
    return AuditEntryViewSet()
