"""The page types of a professionals' documentation site.

Every page is rendered with the visual theme chosen for its Wagtail Site
(``SiteBranding``); guide and news pages carry one to three themes and an
audience, and professionals-only pages are protected by a login restriction.
"""

import functools

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction, Workflow, WorkflowPage, get_page_models
from wagtail.url_routing import RouteResult
from wagtail.search import index

from content import chrome, navigation
from content.api_fields import ThemesField
from content.blocks import BodyBlock, body_text
from content.theme_picker import ThemePicker

AUDIENCE_PUBLIC = "public"
AUDIENCE_PROS = "pros"
AUDIENCES = [(AUDIENCE_PUBLIC, _("Tout public")), (AUDIENCE_PROS, _("Professionnels uniquement (connexion requise)"))]
MAX_THEMES = 3
REVIEW_WORKFLOW_NAME = "Relecture"


def check_theme_count(count):
    """One to three themes per page: the rule shared by the admin form and the importer."""
    if not 1 <= count <= MAX_THEMES:
        raise ValidationError(_("Une page porte de 1 à %(max)d thèmes (%(count)d choisis).") % {"max": MAX_THEMES, "count": count})


def classification_panel():
    """Audience and themes of a guide or news page, the themes in the grouped picker with its filter box."""
    return MultiFieldPanel([FieldPanel("audience"), FieldPanel("themes", widget=ThemePicker)], heading=_("Classement"))


@functools.cache
def pages_route_themselves():
    """Whether a page type other than the home page overrides ``route`` (routable pages, plugins' pages)."""
    return any(model.route is not Page.route for model in get_page_models() if model is not HomePage)


class SitePageForm(WagtailAdminPageForm):
    def clean_slug(self):
        """ASCII slugs whatever is typed (« hébergement » → « hebergement »): addresses anyone can type and share."""
        return slugify(self.cleaned_data.get("slug") or "")


class SitePage(Page):
    """A page rendered with its site's visual theme, with breadcrumbs and main navigation."""

    base_form_class = SitePageForm
    template_name = ""

    class Meta:
        abstract = True

    def branding(self, request):
        if request is not None and getattr(request, "_wagtail_site", None) is None:
            request._wagtail_site = self.get_site()
        return chrome.site_parts(navigation.page_site(self, request), request)["branding"]

    def get_view_restrictions(self):
        """Wagtail's answer, without a query when the cached restrictions show none above this page (``content.chrome``).

        Read once per instance: Wagtail's restriction check, the page cache and the
        professionals-only check all ask during one request.
        """
        if not hasattr(self, "_logis_view_restrictions"):
            ids = chrome.restriction_ids(self) if self.pk else None
            self._logis_view_restrictions = (super().get_view_restrictions() if ids is None
                                             else PageViewRestriction.objects.filter(pk__in=ids))
        return self._logis_view_restrictions

    def get_template(self, request, *args, **kwargs):
        return self.branding(request).theme.templates(f"pages/{self.template_name}.html")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        branding = self.branding(request)
        context.update(
            branding=branding,
            visual_theme=branding.theme,
            theme_base=branding.theme.base_template,
            content_language=settings.LANGUAGE_CODE,  # pages are written in French whatever the interface language
            **navigation.site_chrome(self, request),
        )
        return context


class HomeLeafPage(SitePage):
    """A page hung from the home page that holds no page (glossary, theme, footer pages): one per site unless said otherwise."""

    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        abstract = True


class HomePage(SitePage):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["content.SectionPage", "content.NewsIndexPage", "content.GlossaryPage", "content.ThemePage",
                     "content.AccessibilityStatementPage", "content.LegalPage", "content.SitemapPage"]
    template_name = "home_page"
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("page d'accueil")

    def route(self, request, path_components):
        """A page below the home page in one look-up by URL path, instead of one per level (issue 13).

        Equivalent to Wagtail's walk (which only asks the last page to be live)
        as long as no page type routes by itself; if one does, Wagtail's walk is used.
        The path's page id and type come from ``content.chrome`` (one row read
        instead of two); the row read is checked for its path and being live.
        """
        if not path_components or pages_route_themselves():
            return super().route(request, path_components)
        url_path = f"{self.url_path}{'/'.join(path_components)}/"
        target = chrome.route_target(self, url_path, self.depth + len(path_components))
        model = ContentType.objects.get_for_id(target[1]).model_class() if target else None
        page = model.objects.filter(pk=target[0], url_path=url_path).first() if model else None
        if page is None or not page.live:
            raise Http404
        return RouteResult(page)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = SectionPage.objects.child_of(self).live().in_menu()
        context["sections"] = navigation.visible(sections, request).order_by("path")
        latest = NewsPage.objects.descendant_of(self).live().defer("body")
        context["latest_news"] = navigation.visible(latest, request).order_by("-date")[:3]
        context["theme_pages"] = ThemePage.objects.child_of(self).live().select_related("theme").order_by("title")
        return context


class SectionPage(SitePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.GuidePage", "content.NewsPage"]
    template_name = "section_page"
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("rubrique")
        verbose_name_plural = _("rubriques")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guides, news = (model.objects.child_of(self).live().defer("body") for model in (GuidePage, NewsPage))
        context["guides"] = navigation.visible(guides, request).order_by("path")  # lists show no body: left unread
        context["news"] = navigation.visible(news, request).order_by("-date")
        return context


class ArticleForm(SitePageForm):
    def clean(self):
        cleaned = super().clean()
        if "themes" in cleaned:
            try:
                check_theme_count(len(cleaned["themes"]))
            except ValidationError as error:
                self.add_error("themes", error)
        return cleaned


class ArticlePage(SitePage):
    """What guide and news pages share: summary, audience, themes, body."""

    summary = models.TextField(_("résumé"), max_length=500, blank=True)
    audience = models.CharField(_("public visé"), max_length=10, choices=AUDIENCES, default=AUDIENCE_PUBLIC,
                                help_text=_("« Professionnels uniquement » ajoute une restriction de connexion à la page."))
    themes = ParentalManyToManyField("content.Theme", verbose_name=_("thèmes"), related_name="%(class)s_pages",
                                     help_text=_("De 1 à 3 thèmes."))
    body = StreamField(BodyBlock(), verbose_name=_("contenu"), blank=True)

    base_form_class = ArticleForm
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body"),
                                          index.FilterField("audience")]
    api_fields = [APIField("summary"), APIField("audience"), APIField("themes", serializer=ThemesField()),
                  APIField("section"), APIField("body")]

    class Meta:
        abstract = True

    @property
    def section(self):
        """Slug of the rubrique holding the page (its parent)."""
        return navigation.section_slug(self)

    @property
    def body_text(self):
        return body_text(self.body)

    def save(self, *args, update_fields=None, **kwargs):
        super().save(*args, update_fields=update_fields, **kwargs)
        if update_fields is None or "audience" in update_fields:
            self.sync_view_restriction()

    def sync_view_restriction(self):
        """Keep the login restriction in step with the audience of the page's row (pros → login required).

        The row holds the published values: Wagtail writes it whole only when a
        revision is published, unpublished, copied or created, and a draft,
        a preview or a revision in review only touch its bookkeeping columns
        (``save(update_fields=[…])``), which leave who may read the live page alone.
        """
        restrictions = PageViewRestriction.objects.filter(page=self)
        if self.audience == AUDIENCE_PROS:
            if not restrictions.filter(restriction_type=PageViewRestriction.LOGIN).exists():
                restrictions.delete()
                PageViewRestriction.objects.create(page=self, restriction_type=PageViewRestriction.LOGIN)
        else:
            restrictions.filter(restriction_type=PageViewRestriction.LOGIN).delete()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        def neighbours():
            themes = list(self.themes.select_related("parent").order_by("name"))
            related = navigation.related_pages(self, request, context["site_root"], GuidePage,
                                               theme_ids=[theme.pk for theme in themes])
            return (themes, related, *navigation.previous_next(self, request))

        shared = (request is not None and not getattr(request, "is_preview", False) and self.live
                  and not navigation.can_view_private(request))  # what every anonymous-like visitor sees
        context["page_themes"], context["related_pages"], context["previous_page"], context["next_page"] = (
            chrome.page_neighbours(self, context["site_root"], neighbours) if shared else neighbours())
        if shared:  # a preview renders its draft body itself (``render_body`` in the template)
            theme = context["visual_theme"]
            context["body_html"] = chrome.page_body(self, theme, lambda: theme.render_body(self.body, request))
        return context


class GuidePage(ArticlePage):
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        classification_panel(),
        FieldPanel("body"),
    ]
    parent_page_types = ["content.SectionPage"]
    subpage_types = []
    template_name = "guide_page"

    class Meta:
        verbose_name = _("fiche guide")
        verbose_name_plural = _("fiches guides")

    def get_workflow(self):
        """A workflow assigned to the page or one of its site ancestors; otherwise « Relecture ».

        Wagtail assigns its own default workflow to the tree root: « Relecture »
        comes before that catch-all, an assignment made within a site comes first.
        """
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return None
        assigned = (WorkflowPage.objects.filter(workflow__active=True, page__depth__gt=1,
                                                page__in=self.get_ancestors(inclusive=True))
                    .select_related("workflow").order_by("-page__depth").first())
        if assigned is not None:
            return assigned.workflow
        return Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME, active=True).first() or super().get_workflow()


class NewsIndexPage(SitePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.NewsPage"]
    template_name = "news_index_page"

    class Meta:
        verbose_name = _("liste des actualités")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        root = context["site_root"]
        news = navigation.visible(NewsPage.objects.descendant_of(root).live().defer("body"), request).order_by("-date", "-pk")
        context["news_page"] = Paginator(news, 20).get_page(request.GET.get("page"))
        return context


class NewsPage(ArticlePage):
    date = models.DateField(_("date de l'actualité"))

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        classification_panel(),
        FieldPanel("body"),
    ]
    parent_page_types = ["content.SectionPage", "content.NewsIndexPage"]
    subpage_types = []
    template_name = "news_page"
    api_fields = ArticlePage.api_fields + [APIField("date")]

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")


class GlossaryPage(HomeLeafPage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    template_name = "glossary_page"

    class Meta:
        verbose_name = _("glossaire")

    def get_context(self, request, *args, **kwargs):
        from content.models.glossary import GlossaryTerm

        context = super().get_context(request, *args, **kwargs)
        context["letters"] = navigation.group_by_letter(GlossaryTerm.objects.all())
        return context


class ThemePage(HomeLeafPage):
    theme = models.ForeignKey("content.Theme", verbose_name=_("thème"), on_delete=models.PROTECT, related_name="+")
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("theme"), FieldPanel("intro")]
    max_count_per_parent = None  # one per theme
    template_name = "theme_page"
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("page de thème")
        verbose_name_plural = _("pages de thème")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        root = context["site_root"]
        guides = GuidePage.objects.descendant_of(root).live().defer("body").filter(
            models.Q(themes=self.theme) | models.Q(themes__parent=self.theme)
        ).distinct()
        context["guides"] = navigation.visible(guides, request).order_by("title")
        context["sub_themes"] = self.theme.children.order_by("name")
        return context
