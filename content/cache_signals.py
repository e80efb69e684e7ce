"""What puts the page cache and the cached site chrome out of use (issue 13).

Publishing, unpublishing, moving, creating or deleting a page (scheduled go-live and
expiry included: Wagtail's ``publish_scheduled`` publishes and unpublishes
through the same methods, which send these signals), and any saved or deleted
row of the content app's own models (menus and their items, branding, themes,
glossary, legal settings) or of Wagtail's sites. Drafts and revisions in review
do not reach visitors and leave the cache alone.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from content.page_cache import invalidate

DISPATCH = "logis-page-cache"


def page_created(sender, instance, created, raw=False, **kwargs):
    """A page created live (imports, ``add_child``) sends no ``page_published``: its row's creation counts."""
    if created and not raw and isinstance(instance, Page):
        invalidate()


page_published.connect(invalidate, dispatch_uid=f"{DISPATCH}-published")
page_unpublished.connect(invalidate, dispatch_uid=f"{DISPATCH}-unpublished")
post_page_move.connect(invalidate, dispatch_uid=f"{DISPATCH}-moved")
post_delete.connect(invalidate, sender=Page, dispatch_uid=f"{DISPATCH}-page-deleted")
post_save.connect(page_created, dispatch_uid=f"{DISPATCH}-page-created")

for model in (Site, PageViewRestriction, *(m for m in apps.get_app_config("content").get_models() if not issubclass(m, Page))):
    post_save.connect(invalidate, sender=model, dispatch_uid=f"{DISPATCH}-saved-{model._meta.label}")
    post_delete.connect(invalidate, sender=model, dispatch_uid=f"{DISPATCH}-deleted-{model._meta.label}")
