from wagtail import hooks

from logis.audit.viewsets import AuditEntryViewSet


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEntryViewSet()
