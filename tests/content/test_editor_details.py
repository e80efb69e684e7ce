"""Editor and visitor details: one French workflow label, ASCII slugs, a multi-line operator name, titles, « 0 résultat »."""

import datetime
import re

import pytest
from django.apps import apps
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


@pytest.mark.parametrize("url, message", [
    ("/admin/settings/content/sitebranding/{site}/", "Apparence du site mise à jour."),
    ("/admin/settings/logis/pluginsettings/{site}/", "Extensions du site mises à jour."),
    ("/admin/settings/offers/offerssettings/1/", "Réglages des offres d'hébergement mis à jour."),
])
def test_settings_messages_agree_in_gender_and_number(rf, sites, url, message):
    from django.urls import resolve

    match = resolve(url.format(site=sites["sne"][0].pk))
    view = match.func.view_class()
    view.model = apps.get_model(match.kwargs["app_name"], match.kwargs["model_name"])
    assert view.get_success_message() == message


def test_settings_screen_says_the_agreed_message(admin_client, sites):
    url = f"/admin/settings/logis/pluginsettings/{sites['sne'][0].pk}/"
    response = admin_client.post(url, {"disabled_plugins": []}, follow=True)
    assert [str(m).strip() for m in response.context["messages"]] == ["Extensions du site mises à jour."]


def test_revision_compare_never_shows_none(admin_client, sites):
    from content.models import AccessibilityStatementPage

    statement = AccessibilityStatementPage(title="Accessibilité", slug="accessibilite-compare")
    sites["uvcw"][1].add_child(instance=statement)
    first = statement.save_revision()
    statement.auditor, statement.audit_date = "Cabinet Audit", datetime.date(2026, 3, 2)
    second = statement.save_revision()
    html = admin_client.get(f"/admin/pages/{statement.pk}/revisions/compare/{first.pk}...{second.pk}/").content.decode()
    assert "Cabinet Audit" in html
    main = html[html.index("<main"):html.index("</main>")]
    assert not re.search(r">\s*None\s*<", main), re.findall(r".{80}None.{40}", main)
    assert "(vide)" in main and "02/03/2026" in main


def test_theme_tags_and_sub_themes_link_to_the_search_filtered_by_theme(client, sites, guide):
    from bs4 import BeautifulSoup
    from django.utils.http import urlencode

    from content.models import Theme, ThemePage
    from search.service import reindex

    reindex()
    soup = BeautifulSoup(client.get(guide.get_url()).content, "html.parser")
    links = soup.select('ul[aria-label="Thèmes"] a')
    names = sorted(t.name for t in guide.themes.all())
    assert sorted(a.get_text(strip=True) for a in links) == names
    assert [a["href"] for a in links] == [f"/recherche/?{urlencode({'theme': name})}" for name in names]
    results = client.get(links[0]["href"]).context["results"]
    assert results.filters["themes"] == [names[0]] and guide.slug in [hit.slug for hit in results.hits]
    parent = Theme.objects.create(name="Hébergement", slug="hebergement-parent")
    Theme.objects.create(name="Hébergement d'urgence", slug="hebergement-urgence", parent=parent)
    sites["uvcw"][1].add_child(instance=ThemePage(title="Hébergement", slug="theme-hebergement", theme=parent))
    page = client.get("/theme-hebergement/", HTTP_HOST="uvcw.localhost").content.decode()
    assert '<a class="tag" href="/recherche/?theme=H%C3%A9bergement+d%27urgence">' in page
