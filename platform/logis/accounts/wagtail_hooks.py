from wagtail import hooks

from logis.accounts import gdpr_views
from logis.accounts.consent import pending_roles_panel
from logis.accounts.viewsets import AccessViewSetGroup


@hooks.register("register_admin_viewset")
def register_access_viewsets():
    return AccessViewSetGroup()


@hooks.register("register_admin_urls")
def register_personal_data_urls():
    return gdpr_views.urlpatterns


@hooks.register("construct_homepage_panels")
def add_pending_roles_panel(request, panels):
    panel = pending_roles_panel(request)
    if panel is not None:
        panels.append(panel)
