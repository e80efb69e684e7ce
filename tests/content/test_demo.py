"""The demo corpus loaded by ``logis demo``: two sites, enough pages, terms and themes, and idempotent."""

import re

from django.utils.html import escape
from wagtail.models import Page, Revision, Site

from content import demo
from content.models import GlossaryPage, GlossaryTerm, GuidePage, NewsPage, SiteBranding, Theme


def _counts():
    return {"pages": Page.objects.count(), "revisions": Revision.objects.count(), "themes": Theme.objects.count(),
            "terms": GlossaryTerm.objects.count(), "sites": Site.objects.count()}


def test_demo_loads_two_sites_and_the_corpus_idempotently(client, db):
    demo.load()
    assert GuidePage.objects.live().count() >= 40
    assert NewsPage.objects.live().exists()
    assert GlossaryTerm.objects.count() >= 15
    assert Theme.objects.filter(parent__isnull=True).count() >= 8 and Theme.objects.filter(parent__isnull=False).exists()
    assert all(1 <= page.themes.count() <= 3 for page in GuidePage.objects.all())

    sne, uvcw = Site.objects.get(hostname="localhost"), Site.objects.get(hostname="uvcw.localhost")
    assert sne.is_default_site and not uvcw.is_default_site
    assert SiteBranding.for_site(sne).visual_theme == "dsfr"
    assert SiteBranding.for_site(uvcw).visual_theme == "neutre"
    assert SiteBranding.for_site(sne).header_menu.items.count() >= 2
    assert GuidePage.objects.descendant_of(uvcw.root_page).count() >= 5

    before = _counts()
    demo.load()
    assert _counts() == before

    glossary = client.get(GlossaryPage.objects.get().url).content.decode()
    anchors = set(re.findall(r'<h2 id="lettre-([a-z#])"', glossary))
    assert len(anchors) >= 8 and all(f'href="#lettre-{letter}"' in glossary for letter in anchors)
    for term in GlossaryTerm.objects.all():
        assert f'id="{term.slug}"' in glossary
        if term.acronym:
            assert f'<abbr title="{escape(term.expansion or term.term)}">{escape(term.acronym)}</abbr>' in glossary
    home = client.get("/", HTTP_HOST="uvcw.localhost").content.decode()
    assert "content/neutre.css" in home and "République" not in home
