"""Where a result may lead the person searching: into the admin only for those who may use it.

Plugin records are indexed with the address of their admin screen. A visitor
of the public site who cannot enter the admin gets the result without a link
rather than a link to a login page or a refusal. The page, the JSON API and the
autocomplete all pass their results through here.
"""

from django.urls import get_script_prefix

#: Where ``logis.urls`` mounts Wagtail's admin, i.e. ``reverse("wagtailadmin_home")`` (a test holds them equal).
#: Not reversed on each search: the first ``reverse`` of a process loads every URL of the site, the whole
#: JSON API included, a quarter of what ``logis search --skip-checks query`` costs (issue 13).
ADMIN_PATH = "admin/"


def may_enter_admin(user):
    return user is not None and user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def link_for(url, user):
    """``url``, or "" when it leads into the admin and ``user`` may not enter it."""
    if url and url.startswith(get_script_prefix() + ADMIN_PATH) and not may_enter_admin(user):
        return ""
    return url
