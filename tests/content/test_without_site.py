"""Views in the site's theme (search, sign-in, plugins' public pages) still answer on an install with no site yet."""

import pytest
from wagtail.models import Site

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/recherche/", "/connexion/"])
def test_a_view_in_the_sites_theme_answers_when_no_site_is_configured(client, path):
    Site.objects.all().delete()
    response = client.get(path)
    assert response.status_code == 200
    assert b'lang="fr"' in response.content   # the core's plain accessible page until a site exists
