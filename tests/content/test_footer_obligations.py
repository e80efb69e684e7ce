"""The DSFR footer obligations: the pages exist as page types, the footer links them, the theme and the admin insist."""

import pytest
from django.core.exceptions import ValidationError

from content import demo
from content.models import AccessibilityStatementPage, SiteBranding


@pytest.fixture
def dsfr_site(sites):
    site, home = sites["sne"]
    return site, home


def test_a_dsfr_site_cannot_be_set_without_the_footer_pages(dsfr_site, client, django_user_model):
    site, home = dsfr_site
    branding = SiteBranding.for_site(site)
    with pytest.raises(ValidationError, match="Déclaration d'accessibilité, Mentions légales, Données personnelles"):
        branding.full_clean()
    client.force_login(django_user_model.objects.create_superuser("admin-pied", password="x" * 14))
    assert "Pages obligatoires manquantes" in client.get("/admin/").content.decode()
    demo.create_footer_pages(home, "GIP SNE")
    branding.full_clean()
    assert "Pages obligatoires manquantes" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("host", ["localhost", "uvcw.localhost"])
def test_footer_links_the_obligations_with_the_compliance_level(sites, client, host):
    home = sites["sne" if host == "localhost" else "uvcw"][1]
    demo.create_footer_pages(home, "Éditeur")
    html = client.get("/", HTTP_HOST=host).content.decode()
    footer = html[html.index('id="pied-de-page"'):]
    for key in ("accessibilite", "mentions-legales", "donnees-personnelles", "cookies", "plan-du-site"):
        assert f'data-obligation="{key}"' in footer, key
    assert "Accessibilité : partiellement conforme" in footer
    statement = AccessibilityStatementPage.objects.child_of(home).get()
    page = client.get(statement.url if host == "localhost" else "/accessibilite/", HTTP_HOST=host).content.decode()
    assert "partiellement conforme" in page and "72 %" in page and "Défenseur des droits" in page
    sitemap = client.get("/plan-du-site/", HTTP_HOST=host).content.decode()
    assert "Mentions légales" in sitemap
