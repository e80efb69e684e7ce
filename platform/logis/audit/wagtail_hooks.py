from wagtail import hooks
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet

from logis.audit.recorder import is_audited
from logis.audit.views import HistoryRedirectView
from logis.audit.viewsets import AuditEntryViewSet


@hooks.register("register_admin_viewset", order=1000)
def register_audit_viewset():
    """Called after every other viewset (the core's and the plugins') is registered, so that the
    "Historique" of each audited model's admin page shows its "Historique des modifications"."""
    for viewset in viewsets.viewsets:
        if isinstance(viewset, ModelViewSet) and viewset.history_view_class is HistoryView and is_audited(viewset.model):
            viewset.history_view_class = HistoryRedirectView
    return AuditEntryViewSet()
