"""Glossary terms, edited as snippets and listed A–Z by the glossary page."""

import unicodedata

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index


class GlossaryTerm(index.Indexed, models.Model):
    term = models.CharField(_("terme"), max_length=160, unique=True)
    slug = models.SlugField(_("ancre"), max_length=160, unique=True, help_text=_("Identifiant de l'ancre dans la page du glossaire."))
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    expansion = models.CharField(_("forme développée"), max_length=255, blank=True)
    definition = RichTextField(_("définition"), features=["bold", "italic", "link", "ul", "ol"])
    themes = models.ManyToManyField("content.Theme", verbose_name=_("thèmes"), blank=True, related_name="glossary_terms")

    panels = [FieldPanel("term"), FieldPanel("slug"), FieldPanel("acronym"), FieldPanel("expansion"),
              FieldPanel("definition"), FieldPanel("themes")]
    search_fields = [index.SearchField("term"), index.SearchField("acronym"), index.SearchField("expansion"),
                     index.SearchField("definition")]

    class Meta:
        verbose_name = _("terme du glossaire")
        verbose_name_plural = _("termes du glossaire")
        ordering = ["term"]

    def __str__(self):
        return f"{self.acronym} — {self.term}" if self.acronym else self.term

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.acronym or self.term)
        super().save(*args, **kwargs)

    @property
    def letter(self):
        """First letter without accent, the A–Z group the term belongs to."""
        first = unicodedata.normalize("NFD", (self.acronym or self.term)[:1])[:1].upper()
        return first if first.isalpha() else "#"
