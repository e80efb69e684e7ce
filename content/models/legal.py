"""The pages a State site must link from its footer: accessibility statement, legal notices, personal data, cookies, site map.

The DSFR footer (and French law for public websites: RGAA, RGPD) requires
them; ``content.obligations`` says which ones a site lacks, the DSFR theme
cannot be chosen without them and the admin warns while one is missing.
"""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from content import navigation
from content.models.pages import HomeLeafPage
from content.obligations import ACCESSIBILITY, LEGAL_KINDS, SITEMAP


class AccessibilityStatementPage(HomeLeafPage):
    """The RGAA accessibility statement: compliance level, rate, audit, what is not accessible, how to complain."""

    NOT_COMPLIANT, PARTIAL, COMPLIANT = "non", "partiellement", "totalement"
    COMPLIANCE = [(NOT_COMPLIANT, _("non conforme")), (PARTIAL, _("partiellement conforme")),
                  (COMPLIANT, _("totalement conforme"))]

    compliance = models.CharField(_("état de conformité"), max_length=20, choices=COMPLIANCE, default=NOT_COMPLIANT,
                                  help_text=_("Affiché dans le pied de page : « Accessibilité : partiellement conforme »."))
    compliance_rate = models.PositiveSmallIntegerField(_("taux de conformité (%)"), null=True, blank=True,
                                                       validators=[MaxValueValidator(100)])
    audit_date = models.DateField(_("date de l'audit"), null=True, blank=True)
    auditor = models.CharField(_("audit réalisé par"), max_length=200, blank=True)
    non_compliant = RichTextField(_("contenus non accessibles"), blank=True)
    contact = RichTextField(_("retour d'information et contact"), blank=True,
                            help_text=_("Comment signaler un défaut d'accessibilité ; voies de recours (Défenseur des droits)."))

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("compliance"), FieldPanel("compliance_rate"), FieldPanel("audit_date"),
                         FieldPanel("auditor")], heading=_("État de conformité (RGAA)")),
        FieldPanel("non_compliant"), FieldPanel("contact"),
    ]
    template_name = "accessibility_page"
    obligation = ACCESSIBILITY

    class Meta:
        verbose_name = _("déclaration d'accessibilité")


class LegalPage(HomeLeafPage):
    """Mentions légales, données personnelles or gestion des cookies: one page of each kind per site."""

    kind = models.CharField(_("type de page"), max_length=30, choices=LEGAL_KINDS)
    body = RichTextField(_("contenu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("kind"), FieldPanel("body")]
    max_count_per_parent = None  # one page of each kind
    template_name = "legal_page"

    class Meta:
        verbose_name = _("page légale")
        verbose_name_plural = _("pages légales")

    @property
    def obligation(self):
        return self.kind


class SitemapPage(HomeLeafPage):
    """The « Plan du site »: every page the visitor may open, in tree order."""

    template_name = "sitemap_page"
    obligation = SITEMAP

    class Meta:
        verbose_name = _("plan du site")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        root = context["site_root"]
        pages = Page.objects.descendant_of(root).live().filter(depth__lte=root.depth + 2).order_by("path")
        context["tree"] = navigation.visible(pages, request)  # rubriques and what they hold, as the visitor may read
        return context
