"""The site's look around a plugin's public page, without the plugin (or the core) importing the site app.

A plugin's public view renders a template that ``{% extends theme_base %}`` with the context
:func:`chrome` returns. The site app names its own chrome function in the setting
``LOGIS_PUBLIC_CHROME`` (``(request, title) -> context``: the visual theme's base template in
``theme_base``, its menus, breadcrumbs and branding); without one, a plain accessible page.
"""

from django.conf import settings
from django.utils.module_loading import import_string

FALLBACK_BASE = "logis/public_base.html"


def chrome(request, title):
    provider = getattr(settings, "LOGIS_PUBLIC_CHROME", "")
    if provider:
        return import_string(provider)(request, title)
    return chrome_without_site(title)


def chrome_without_site(title):
    """The plain accessible page, for an install without a site app or before its first site exists."""
    return {"theme_base": FALLBACK_BASE, "page": {"title": title}}
