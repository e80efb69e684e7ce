"""A notification for one person and their preference for mail: immediate, daily digest or none.

Any plugin creates notifications through :func:`logis.notifications.notify_users`;
the centre lists them whatever the preference, which only governs mail.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Un courriel à chaque notification")
    DAILY = "daily", _("Un résumé quotidien par courriel")
    NONE = "none", _("Aucun courriel (centre de notifications seulement)")


class NotificationPreference(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("utilisateur"), on_delete=models.CASCADE,
                                related_name="notification_preference")
    frequency = models.CharField(_("courriels de notification"), max_length=10, choices=Frequency.choices,
                                 default=Frequency.IMMEDIATE)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self):
        return f"{self.user} — {self.get_frequency_display()}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def awaiting_digest(self):
        return self.filter(mailed_at__isnull=True, user__notification_preference__frequency=Frequency.DAILY)


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("destinataire"), on_delete=models.CASCADE,
                             related_name="notifications")
    source = models.CharField(_("origine"), max_length=40, help_text=_("L'extension qui a notifié, par exemple « spaces »."))
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte"), blank=True)
    url = models.CharField(_("lien"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("envoyée par courriel le"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="inbox_user_unread")]

    def __str__(self):
        return self.title
