from wagtail import hooks

from logis.accounts import gdpr_views
from logis.accounts.viewsets import AccessViewSetGroup


@hooks.register("register_admin_viewset")
def register_access_viewsets():
    return AccessViewSetGroup()


@hooks.register("register_admin_urls")
def register_personal_data_urls():
    return gdpr_views.urlpatterns
