"""The synonym and acronym groups editors maintain in the admin."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from search.analysis import parse_synonym_line


class Synonym(models.Model):
    """One equivalence group, e.g. « dls, demande de logement social, demande hlm »."""

    terms = models.CharField(
        _("termes équivalents"), max_length=500, unique=True,
        help_text=_("Séparés par des virgules : « dls, demande de logement social ». Les accents et majuscules sont indifférents."),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    panels = [FieldPanel("terms")]

    class Meta:
        verbose_name = _("synonyme")
        verbose_name_plural = _("synonymes")
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def clean(self):
        group = parse_synonym_line(self.terms)
        if len(group) < 2:
            raise ValidationError({"terms": _("Indiquez au moins deux termes séparés par une virgule.")})
        self.terms = ", ".join(group)

    @property
    def group(self):
        return parse_synonym_line(self.terms)
