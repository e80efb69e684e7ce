"""Who may find a space's records changes with its members, whichever screen changed them (pages, API, admin)."""

from django.db.models.signals import post_delete, post_save

from plugins.spaces.models import Membership
from plugins.spaces.search import reindex_space


def _membership_changed(sender, instance, **kwargs):
    reindex_space(instance.space)


def connect():
    post_save.connect(_membership_changed, sender=Membership, dispatch_uid="spaces-membership-saved")
    post_delete.connect(_membership_changed, sender=Membership, dispatch_uid="spaces-membership-deleted")
