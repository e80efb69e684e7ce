"""The append-only history of who changed what, field by field."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """The audit history is never rewritten."""


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk))

    def delete(self):
        raise AppendOnlyError("L'historique des modifications ne peut pas être supprimé.")

    def update(self, **kwargs):
        raise AppendOnlyError("L'historique des modifications ne peut pas être modifié.")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Création")
        UPDATE = "update", _("Modification")
        DELETE = "delete", _("Suppression")

    content_type = models.ForeignKey(ContentType, verbose_name=_("type d'objet"), on_delete=models.PROTECT)
    object_id = models.CharField(_("identifiant"), max_length=64, db_index=True)
    object_repr = models.CharField(_("objet"), max_length=255)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    changes = models.JSONField(_("changements"), default=dict, help_text=_("{champ: [avant, après]}"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    user_repr = models.CharField(_("auteur (libellé)"), max_length=150, blank=True)
    territory_path = models.CharField(max_length=80, blank=True, db_index=True)
    timestamp = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée d'historique")
        verbose_name_plural = _("historique des modifications")
        ordering = ["-timestamp", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_action_display()} — {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("L'historique des modifications ne peut pas être modifié.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("L'historique des modifications ne peut pas être supprimé.")
