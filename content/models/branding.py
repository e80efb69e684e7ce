"""Per-site look: the visual theme, the operator's brand, the notice banner and menus."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from content import visual_themes
from content.obligations import missing

DSFR_HELP = _(
    "Le thème DSFR (marque République française) est réservé aux éditeurs de l'État français, "
    "comme le GIP SNE : tout autre éditeur (commune belge, association…) doit choisir le thème neutre."
)


class Menu(ClusterableModel):
    """A list of links editors place in the header or the footer of a site."""

    name = models.CharField(_("nom"), max_length=120, unique=True)

    panels = [FieldPanel("name"), InlinePanel("items", label=_("liens"))]

    class Meta:
        verbose_name = _("menu")
        verbose_name_plural = _("menus")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MenuItem(Orderable):
    menu = ParentalKey(Menu, related_name="items", on_delete=models.CASCADE)
    label = models.CharField(_("libellé"), max_length=120)
    link_page = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="+")
    link_url = models.CharField(_("adresse"), max_length=500, blank=True)

    panels = [FieldPanel("label"), PageChooserPanel("link_page"), FieldPanel("link_url")]

    class Meta(Orderable.Meta):
        verbose_name = _("lien de menu")

    def clean(self):
        if bool(self.link_page_id) == bool(self.link_url):
            raise ValidationError(_("Choisissez une page ou saisissez une adresse, pas les deux."))

    def href(self, request=None):
        return self.link_page.get_url(request) if self.link_page_id else self.link_url


@register_setting(icon="view")
class SiteBranding(BaseSiteSetting):
    visual_theme = models.CharField(
        _("thème visuel"), max_length=40, default=visual_themes.FALLBACK, choices=visual_themes.choices,
        help_text=DSFR_HELP,
    )
    site_title = models.CharField(_("titre du site"), max_length=120, blank=True)
    tagline = models.CharField(_("sous-titre"), max_length=200, blank=True)
    operator_name = models.CharField(
        _("nom de l'opérateur"), max_length=200, blank=True,
        help_text=_("Pour le DSFR, le bloc-marque affiche « République française » suivi de ce nom (sur plusieurs lignes si besoin)."),
    )
    operator_logo = models.ForeignKey("wagtailimages.Image", verbose_name=_("logo de l'opérateur"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="+")
    notice = models.CharField(_("bandeau d'information"), max_length=300, blank=True)
    notice_link = models.CharField(_("lien du bandeau"), max_length=500, blank=True)
    header_menu = models.ForeignKey(Menu, verbose_name=_("menu d'en-tête (accès rapides)"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    footer_menu = models.ForeignKey(Menu, verbose_name=_("menu de pied de page"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    panels = [
        FieldPanel("visual_theme"),
        MultiFieldPanel([FieldPanel("site_title"), FieldPanel("tagline"),
                         FieldPanel("operator_name", widget=forms.Textarea(attrs={"rows": 3})),  # several lines
                         FieldPanel("operator_logo")], heading=_("Marque")),
        MultiFieldPanel([FieldPanel("notice"), FieldPanel("notice_link")], heading=_("Bandeau")),
        MultiFieldPanel([FieldPanel("header_menu"), FieldPanel("footer_menu")], heading=_("Menus")),
    ]

    saved_message = _("Apparence du site mise à jour.")  # the settings screen's message, agreed in gender and number

    class Meta:
        verbose_name = _("apparence du site")

    def clean(self):
        """The DSFR theme only once the site has the footer pages a State site must link (RGAA, RGPD…)."""
        super().clean()
        if self.visual_theme == "dsfr" and self.site_id:
            lacking = missing(self.site.root_page)
            if lacking:
                raise ValidationError({"visual_theme": _(
                    "Un site au DSFR doit publier d'abord ces pages du pied de page : %(pages)s.") % {"pages": ", ".join(lacking)}})

    @property
    def theme(self):
        return visual_themes.get(self.visual_theme)
