from wagtail import hooks

from logis.accounts.viewsets import AccessViewSetGroup


@hooks.register("register_admin_viewset")
def register_access_viewsets():
    return AccessViewSetGroup()
