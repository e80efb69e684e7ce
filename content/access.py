"""Who may read professionals-only pages: the one rule behind pages, listings, the API, the sitemap and search.

A page is professionals-only when its *published* audience is « pros » (it
then carries a login restriction, see ``ArticlePage.sync_view_restriction``).
Such a page is read by holders of a current role granting one of
``PRIVATE_READERS``, whatever their territory: editors must see what they edit.
"""

from logis.accounts.scoping import Scope

PRIVATE_READERS = ("content.view_private", "content.edit")


def may_read_private(user):
    """Whether ``user`` holds a current role granting one of ``PRIVATE_READERS``."""
    return user is not None and any(Scope.for_user(user, permission) for permission in PRIVATE_READERS)
