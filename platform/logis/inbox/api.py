"""``/api/notifications/``: one's notification centre for scripts and the page's badge."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.security import django_auth

from logis.inbox.models import Frequency, Notification, NotificationPreference

LIST_LIMIT = 100

router = Router(auth=django_auth, tags=["notifications"])


class NotificationOut(Schema):
    id: int
    source: str
    title: str
    body: str
    url: str
    created_at: datetime
    read: bool

    @staticmethod
    def resolve_read(obj):
        return obj.read_at is not None


class Centre(Schema):
    unread: int
    items: list[NotificationOut]


class PreferenceIn(Schema):
    frequency: Frequency


@router.get("/", response=Centre, summary="Mes notifications (les 100 plus récentes)")
def my_notifications(request, unread_only: bool = False):
    mine = Notification.objects.filter(user=request.user)
    shown = mine.unread() if unread_only else mine
    return {"unread": mine.unread().count(), "items": list(shown[:LIST_LIMIT])}


@router.post("/{notification_id}/lue", response=NotificationOut, summary="Marquer une notification comme lue")
def mark_read(request, notification_id: int):
    notification = get_object_or_404(Notification, pk=notification_id, user=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@router.put("/preference", response=PreferenceIn, summary="Choisir la fréquence des courriels")
def set_preference(request, payload: PreferenceIn):
    NotificationPreference.objects.update_or_create(user=request.user, defaults={"frequency": payload.frequency})
    return payload
