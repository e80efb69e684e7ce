"""An install without the demo: a Logis home page at the site root, then imports that are attributed and searchable."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from content.models import GuidePage, HomePage, SectionPage
from search import service

from .conftest import FIXTURES


def test_site_create_replaces_wagtails_welcome_page_and_is_idempotent(client, db, monkeypatch):
    site = Site.objects.get(is_default_site=True)
    assert not isinstance(site.root_page.specific, HomePage)   # what migrations leave: Wagtail's bare page
    with pytest.raises(CommandError, match="n'est pas une page d'accueil Logis"):
        call_command("content", "import", str(FIXTURES / "sne"))
    monkeypatch.setattr("builtins.input", lambda prompt: "Documentation du réseau")  # the French prompt's answer
    out = StringIO()
    call_command("site", "create", stdout=out)
    assert "créée à la racine du site localhost" in out.getvalue()
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage) and home.title == "Documentation du réseau" and home.live
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()   # the welcome page is gone
    response = client.get("/")
    assert response.status_code == 200 and "Documentation du réseau" in response.content.decode()
    again = StringIO()
    call_command("site", "create", "--no-input", stdout=again)
    assert "a déjà une page d'accueil Logis" in again.getvalue() and HomePage.objects.count() == 1


def test_import_after_site_create_is_attributed_and_searchable_at_once(db, person, sne):
    call_command("site", "create", "--no-input", stdout=StringIO())
    with pytest.raises(CommandError, match="n'a pas le droit de publier"):
        call_command("content", "import", str(FIXTURES / "sne"), "--user", person("sans-droit-import").username)
    editor = person("redactrice-import", "core.moderator", sne)
    out = StringIO()
    call_command("content", "import", str(FIXTURES / "sne"), "--user", "redactrice-import", stdout=out)
    assert "4 créée(s)" in out.getvalue() and "4 page(s) indexée(s)" in out.getvalue()
    page = GuidePage.objects.get(slug="cotation-principes")
    assert page.live and page.get_latest_revision().user == editor
    # no worker ran: the command indexed the pages itself
    assert "cotation-principes" in [hit.slug for hit in service.search("cotation").hits]
    with pytest.raises(CommandError, match="Utilisateur introuvable ou inactif : personne"):
        call_command("content", "import", str(FIXTURES / "sne"), "--user", "personne")


def test_export_skips_pages_never_published(imported, sites, tmp_path):
    section = SectionPage.objects.get(slug="cotation")
    draft = GuidePage(title="Brouillon jamais publié", slug="brouillon-jamais-publie", summary="", live=False)
    section.add_child(instance=draft)
    draft.themes.set(GuidePage.objects.get(slug="cotation-principes").themes.all())
    draft.save_revision()
    call_command("content", "export", str(tmp_path / "out"), "--site", "localhost", stdout=StringIO())
    written = {path.name for path in (tmp_path / "out").iterdir()}
    assert "cotation-principes.md" in written and "brouillon-jamais-publie.md" not in written
