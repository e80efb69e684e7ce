"""The anonymous visitors' page cache (issue 13): every change reaches the next anonymous request, and nobody else is ever served from it."""

import re
import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.utils import timezone
from wagtail.models import PageViewRestriction

from content import page_cache
from content.models import GuidePage, Menu, MenuItem, SectionPage, SiteBranding
from logis.jobs.publishing import publish_scheduled

LOGIN_URL = "/connexion/"  # a Django view of the site (with a form), not a Wagtail page


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.LOGIS_PAGE_CACHE = True


def fetch(client, url, **headers):
    client.logout()
    return client.get(url, **headers)


def cached(client, url):
    """The anonymous response for ``url`` once it is in the cache (second request), checked to be a hit."""
    fetch(client, url)
    response = fetch(client, url)
    assert response["X-Logis-Cache"] == "hit", url
    return response


PUBLIC = "public, max-age=60, s-maxage=60"


def private(response):
    """Whether neither a browser's disk nor a proxy may keep ``response``."""
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


def guide_template(settings, tmp_path, text):
    """Render guide pages with ``text`` as their template (both visual themes)."""
    for theme in ("dsfr", "neutre"):
        template = tmp_path / "content" / "themes" / theme / "pages" / "guide_page.html"
        template.parent.mkdir(parents=True)
        template.write_text(text)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]


def test_second_anonymous_request_is_a_hit_a_proxy_may_keep_and_revalidate(client, guide):
    first = fetch(client, guide.url)
    assert first.status_code == 200 and first["X-Logis-Cache"] == "miss"
    second = cached(client, guide.url)
    for response in (first, second):
        assert response["Cache-Control"] == PUBLIC and "Cookie" in response["Vary"]
        assert not response.cookies  # a proxy keeps no response that sets a cookie
    assert second["ETag"] == first["ETag"] and second.content == first.content  # the same bytes for everyone
    assert guide.title in second.content.decode()
    not_modified = fetch(client, guide.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and not not_modified.content and not_modified["Cache-Control"] == PUBLIC
    assert fetch(client, guide.url, HTTP_IF_NONE_MATCH='"autre"').status_code == 200
    other = fetch(client, guide.url + "?page=2")  # the query string is part of the key
    assert other["X-Logis-Cache"] == "miss"


def test_a_hit_carries_the_security_headers_of_the_rendered_page(client, guide):
    """A hit answers from the middleware: every header-setting middleware must sit above it (X-Frame-Options was missing)."""
    first = fetch(client, guide.url)
    hit = cached(client, guide.url)
    for header in ("X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy", "Content-Language"):
        assert hit.get(header) == first.get(header) and hit.get(header), header


def test_a_cached_page_and_its_304_name_the_nonce_the_page_carries(client, guide, settings, tmp_path):
    guide_template(settings, tmp_path, '<script nonce="{{ request.csp_nonce }}" src="/static/x.js"></script>')
    first = fetch(client, guide.url)
    nonce = re.search(r'nonce="([^"]+)"', first.content.decode()).group(1)
    hit = cached(client, guide.url)
    assert hit.content == first.content  # the same bytes as any proxy would give
    not_modified = fetch(client, guide.url, HTTP_IF_NONE_MATCH=hit["ETag"])
    for response in (first, hit, not_modified):
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_a_request_waits_for_the_one_rendering_the_same_page_instead_of_rendering_it_again(client, guide):
    """After a publish, readers ask for the same pages at once: one renders, the others get what it stored."""
    first = fetch(client, guide.url)
    key = page_cache.page_key(first.wsgi_request)
    stored = cache.get(key)
    cache.delete(key)
    cache.add(f"{key}:rendering", 1)  # another request is rendering the page
    threading.Timer(0.2, cache.set, (key, stored)).start()
    misses = page_cache.hit_rate()[1]
    waiting = fetch(client, guide.url)
    assert waiting["X-Logis-Cache"] == "hit" and waiting["ETag"] == first["ETag"]
    assert page_cache.hit_rate()[1] == misses  # not rendered a second time
    cache.delete(key)
    threading.Timer(0.2, cache.delete, (f"{key}:rendering",)).start()  # the renderer gave up storing (not a 200…)
    started = time.monotonic()
    assert fetch(client, guide.url)["X-Logis-Cache"] == "miss" and time.monotonic() - started < page_cache.RENDER_WAIT_SECONDS


def test_public_lifetime_follows_the_setting(client, guide, settings):
    settings.LOGIS_PAGE_CACHE_PUBLIC_SECONDS = 15
    assert cached(client, guide.url)["Cache-Control"] == "public, max-age=15, s-maxage=15"


def test_the_language_switch_of_a_cached_page_works_for_a_visitor_without_cookies(client, guide):
    from django.test import Client

    cached(client, guide.url)
    visitor = Client(enforce_csrf_checks=True)  # a new visitor, served from the cache (or a proxy)
    page = visitor.get(guide.url)
    assert page["X-Logis-Cache"] == "hit" and "csrfmiddlewaretoken" not in page.content.decode()
    response = visitor.post("/i18n/setlang/", {"language": "en", "next": guide.url})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"


def test_a_page_whose_rendering_holds_a_csrf_token_is_never_stored_and_stays_private(client, guide, settings,
                                                                                       tmp_path):
    guide_template(settings, tmp_path, '<form method="post">{% csrf_token %}</form>{{ page.title }}')
    for _ in range(2):
        response = fetch(client, guide.url)
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert private(response) and "X-Logis-Cache" not in response

def test_publishing_is_visible_to_the_next_anonymous_request(client, guide):
    cached(client, guide.url)
    page = GuidePage.objects.get(pk=guide.pk)
    page.title = "Titre changé à la publication"
    page.save_revision().publish()
    assert "Titre changé à la publication" in fetch(client, guide.url).content.decode()


def test_the_sitemap_is_stored_and_follows_publishing(client, guide):
    """Every reader and crawler asks for it, and it reads every page: it was rendered on each request."""
    assert "cotation-principes" in cached(client, "/sitemap.xml").content.decode()
    GuidePage.objects.get(pk=guide.pk).unpublish()
    assert "cotation-principes" not in fetch(client, "/sitemap.xml").content.decode()


def test_a_draft_leaves_the_cached_page_alone(client, guide):
    before = cached(client, guide.url)
    page = GuidePage.objects.get(pk=guide.pk)
    page.title = "Brouillon non publié"
    page.save_revision()
    response = fetch(client, guide.url)
    assert "Brouillon non publié" not in response.content.decode()
    assert response["ETag"] == before["ETag"]


def test_unpublishing_is_visible_to_the_next_anonymous_request(client, guide):
    cached(client, guide.url)
    GuidePage.objects.get(pk=guide.pk).unpublish()
    assert fetch(client, guide.url).status_code == 404


def test_moving_is_visible_to_the_next_anonymous_request(client, guide):
    old_url = guide.url
    cached(client, old_url)
    GuidePage.objects.get(pk=guide.pk).move(SectionPage.objects.get(slug="documentation"), pos="last-child")
    new_url = GuidePage.objects.get(pk=guide.pk).url
    moved = fetch(client, old_url)
    assert moved.status_code == 301 and moved["Location"] == new_url  # Wagtail's automatic redirect
    assert fetch(client, new_url).status_code == 200


def test_a_menu_change_is_visible_to_the_next_anonymous_request(client, guide, sites):
    site = sites["sne"][0]
    branding = SiteBranding.for_site(site)
    menu = branding.header_menu or Menu.objects.create(name="Accès rapides")
    if branding.header_menu_id is None:
        branding.header_menu = menu
        branding.save()
    cached(client, guide.url)
    MenuItem.objects.create(menu=menu, label="Lien ajouté au menu", link_url="https://example.org/")
    assert "Lien ajouté au menu" in fetch(client, guide.url).content.decode()


def test_a_branding_change_is_visible_to_the_next_anonymous_request(client, guide, sites):
    cached(client, guide.url)
    branding = SiteBranding.for_site(sites["sne"][0])
    branding.notice = "Bandeau ajouté après la mise en cache"
    branding.save()
    assert "Bandeau ajouté après la mise en cache" in fetch(client, guide.url).content.decode()


@pytest.mark.parametrize(("site_name", "theme"), [("sne", "dsfr"), ("uvcw", "neutre")])
def test_each_theme_keeps_its_frame_in_fragments_a_branding_change_replaces(client, sites, site_name, theme, settings):
    """The frame (head assets, brand, search, footer) is the same on every page of a site: each theme caches it."""
    settings.LOGIS_PAGE_CACHE = False  # the fragments alone
    site, home = sites[site_name]
    section = home.get_children().first()
    url = section.get_url(client.get("/").wsgi_request)  # relative on its own site, absolute on the other
    host = {"HTTP_HOST": site.hostname}
    assert client.get(url, **host).status_code == 200
    key = f"{page_cache.generation()}-{home.pk}"
    for name in ("tete", "marque", "recherche", "pied"):
        assert cache.get(make_template_fragment_key(f'"{theme}-{name}"', ["fr", key])) is not None, name
    branding = SiteBranding.for_site(site)
    branding.site_title = "Titre du site changé"
    branding.save()
    html = client.get(url, **host).content.decode()
    assert html.count("Titre du site changé") >= 2  # the title and the cached brand


def test_a_theme_change_is_visible_to_the_next_anonymous_request(client, guide):
    theme = GuidePage.objects.get(pk=guide.pk).themes.first()
    cached(client, guide.url)
    theme.name = "Thème renommé après la mise en cache"
    theme.save()
    assert "Thème renommé après la mise en cache" in fetch(client, guide.url).content.decode()


def test_scheduled_expiry_and_go_live_are_visible_to_the_next_anonymous_request(client, guide):
    cached(client, guide.url)
    page = GuidePage.objects.get(pk=guide.pk)
    page.expire_at = timezone.now() - timedelta(minutes=1)
    page.save(update_fields=["expire_at"])
    publish_scheduled()
    assert fetch(client, guide.url).status_code == 404
    page = GuidePage.objects.get(pk=guide.pk)
    page.expire_at, page.title = None, "Remise en ligne programmée"
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save(update_fields=["approved_go_live_at"])
    cached(client, "/")  # something else in the cache meanwhile
    publish_scheduled()
    assert "Remise en ligne programmée" in fetch(client, GuidePage.objects.get(pk=guide.pk).url).content.decode()


def test_a_logged_in_visitor_never_gets_a_cached_page(client, guide, django_user_model):
    cached(client, guide.url)
    user = django_user_model.objects.create_user("lecteur-cache", password="x" * 14)
    client.force_login(user)
    response = client.get(guide.url)
    assert "X-Logis-Cache" not in response and private(response)
    assert "Se déconnecter" in response.content.decode()  # their own header, not the anonymous one
    client.get(guide.url)  # nor is what they were served stored for others
    client.logout()
    assert "Se déconnecter" not in fetch(client, guide.url).content.decode()


def test_a_professionals_only_page_is_never_stored(client, pros_page, django_user_model):
    assert PageViewRestriction.objects.filter(page=pros_page).exists()
    for _ in range(2):
        response = fetch(client, pros_page.url)
        assert response.status_code == 302 and "X-Logis-Cache" not in response
        assert private(response)


def test_a_professional_reading_a_professionals_only_page_gets_a_private_response(client, pros_page, person,
                                                                                  demo_territories):
    from logis.accounts.models import Organisation

    client.force_login(person("pro", "core.professional", Organisation.objects.get(name="GIP SNE")))
    response = client.get(pros_page.url)
    assert response.status_code == 200 and "X-Logis-Cache" not in response
    assert private(response)


def test_a_page_turned_professionals_only_is_no_longer_served_from_the_cache(client, guide):
    cached(client, guide.url)
    page = GuidePage.objects.get(pk=guide.pk)
    page.audience = "pros"
    page.save_revision().publish()
    assert fetch(client, guide.url).status_code == 302  # to the login page, not the cached copy


def test_a_preview_is_never_stored(client, guide, django_user_model):
    admin = django_user_model.objects.create_superuser("admin-cache", password="x" * 14)
    client.force_login(admin)
    response = client.get(f"/admin/pages/{guide.pk}/view_draft/")
    assert response.status_code == 200 and "X-Logis-Cache" not in response
    assert private(response)


def test_pages_that_are_not_wagtail_pages_are_not_stored(client, imported):
    for _ in range(2):
        response = fetch(client, LOGIN_URL)
        assert "X-Logis-Cache" not in response

