"""Editor and visitor details: one French workflow label, ASCII slugs, a multi-line operator name, titles, « 0 résultat »."""

import re

import pytest
from wagtail.models import Workflow

from content.models import GuidePage, SectionPage, SiteBranding


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin-details", password="x" * 14))
    return client


def test_the_create_form_submits_to_relecture_in_french(admin_client, sites):
    section = SectionPage.objects.get(slug="cotation")
    html = admin_client.get(f"/admin/pages/add/content/guidepage/{section.pk}/").content.decode()
    assert "Relecture" in html and "Moderators approval" not in html
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()


def test_slugs_are_ascii(admin_client, guide):
    data = {"title": guide.title, "slug": "hébergement-d-urgence", "summary": "", "audience": "public",
            "themes": [t.pk for t in guide.themes.all()], "body-count": "0"}
    admin_client.post(f"/admin/pages/{guide.pk}/edit/", data)
    assert GuidePage.objects.get(pk=guide.pk).get_latest_revision_as_object().slug.isascii()
    page = GuidePage(title="Hébergement d'urgence : où s'adresser ?", themes=list(guide.themes.all()))
    SectionPage.objects.get(slug="cotation").add_child(instance=page)
    assert page.slug.isascii() and page.slug.startswith("hebergement")


def test_operator_name_keeps_its_lines(admin_client, sites, client):
    site = sites["sne"][0]
    html = admin_client.get(f"/admin/settings/content/sitebranding/{site.pk}/").content.decode()
    assert re.search(r'<textarea[^>]*name="operator_name"', html)
    branding = SiteBranding.for_site(site)
    branding.operator_name = "GIP SNE\nService national d'enregistrement"
    branding.save()
    client.logout()
    assert "GIP SNE<br>Service national d" in client.get("/").content.decode()


def test_titles_home_and_search_pages(client, sites, imported):
    from search.service import reindex

    reindex()
    home = client.get("/").content.decode()
    title = re.search(r"<title>(.*?)</title>", home, re.S).group(1)
    site_title = SiteBranding.for_site(sites["sne"][0]).site_title
    assert title.count(site_title) == 1
    empty = client.get("/recherche/?q=zzqxwv").content.decode()
    assert "0 résultat" in empty and "0 résultats" not in empty
    first = re.search(r"<title>(.*?)</title>", client.get("/recherche/?q=cotation").content.decode(), re.S).group(1)
    second = re.search(r"<title>(.*?)</title>", client.get("/recherche/?q=cotation&page=2").content.decode(), re.S).group(1)
    assert first != second and "page 2" in second
