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


class AcronymSuggestion(models.Model):
    """An acronym ↔ long form pair read in the glossary or a page, waiting for an editor's decision.

    Only accepted pairs reach the queries (as a synonym group, see :mod:`search.suggestions`); a
    rejected pair is kept so that reading the content again does not suggest it anew.
    """

    PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"
    STATUSES = [(PENDING, _("à examiner")), (ACCEPTED, _("acceptée")), (REJECTED, _("rejetée"))]
    GLOSSARY, PAGE = "glossary", "page"
    SOURCES = [(GLOSSARY, _("glossaire")), (PAGE, _("texte d'une page"))]

    acronym = models.CharField(_("sigle"), max_length=40)
    expansion = models.CharField(_("forme développée"), max_length=255)
    key = models.CharField(_("clé"), max_length=300, editable=False)
    source = models.CharField(_("source"), max_length=20, choices=SOURCES)
    origin = models.CharField(_("trouvée dans"), max_length=255, blank=True)
    origin_url = models.CharField(_("adresse de la source"), max_length=500, blank=True)
    status = models.CharField(_("état"), max_length=20, choices=STATUSES, default=PENDING, db_index=True)
    created_at = models.DateTimeField(_("trouvée le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("sigle suggéré")
        verbose_name_plural = _("sigles suggérés")
        ordering = ["acronym", "expansion"]
        constraints = [models.UniqueConstraint(
            fields=["key"], name="search_acronym_suggestion_unique_key",
            violation_error_message=_("Ce sigle est déjà suggéré avec cette forme développée."),
        )]

    def __str__(self):
        return f"{self.acronym} — {self.expansion}"
