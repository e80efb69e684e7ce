"""The managed two-level theme taxonomy (theme → sub-theme) shared by all sites."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Theme(index.Indexed, models.Model):
    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True, allow_unicode=False)
    parent = models.ForeignKey(
        "self", verbose_name=_("thème parent"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children", limit_choices_to={"parent__isnull": True},
        help_text=_("Laisser vide pour un thème de premier niveau ; sinon ce thème est un sous-thème."),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("parent"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("description")]

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if not self.slug:
            self.slug = slugify(self.name)
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("Un thème ne peut pas être son propre parent.")})
            if self.parent.parent_id:
                raise ValidationError({"parent": _("La taxonomie n'a que deux niveaux : choisissez un thème de premier niveau.")})
            if self.pk and self.children.exists():
                raise ValidationError({"parent": _("Ce thème a des sous-thèmes : il doit rester de premier niveau.")})
