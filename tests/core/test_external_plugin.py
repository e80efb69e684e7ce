"""A plugin that lives outside this repository, installed like any third-party package.

The plugin is written into a temporary folder with a ``dist-info`` declaring its
``logis`` entry point, exactly what ``pip install`` leaves behind, and a fresh
Logis process (a pytest run in a subprocess, so that Django starts from scratch)
discovers it. It adds a public page, an admin menu item, a search document and
— to prove that teams can bring existing ``wagtail-modeladmin`` code — a
ModelAdmin screen.
"""

import json
import os
import subprocess
import sys
import textwrap

PLUGIN = '''
"""Annuaire des communes: an external Logis plugin used by the test suite."""

from django.http import HttpResponse
from django.urls import path

from logis import hookimpl


def page(request):
    return HttpResponse("<h1>Annuaire des communes</h1>")


@hookimpl
def logis_urlpatterns():
    return [path("annuaire-communes/", page, name="annuaire-communes")]


@hookimpl
def logis_admin_menu_items(request):
    from wagtail.admin.menu import MenuItem

    return [MenuItem("Annuaire des communes", "/annuaire-communes/", name="annuaire-communes", icon_name="site")]


@hookimpl
def logis_django_apps():
    return ["logis_annuaire"]


@hookimpl
def logis_api_routers():
    from ninja import Router

    router = Router(tags=["annuaire"])

    @router.get("/communes", summary="Communes de l'annuaire")
    def communes(request):
        from logis.accounts.models import Territory

        return [{"code": t.code, "nom": t.name} for t in Territory.objects.filter(kind="commune").order_by("code")]

    return [("annuaire/", router)]


@hookimpl
def logis_audited_models():
    from django.contrib.auth.models import Group

    return [Group]


@hookimpl
def logis_demo_data(stdout):
    from django.contrib.auth.models import Group

    Group.objects.get_or_create(name="Agents de l'annuaire")
    stdout.write("Annuaire : groupe de démonstration prêt.")


@hookimpl
def logis_admin_viewsets():
    from logis_annuaire.modeladmin import TerritoryAdmin

    return [TerritoryAdmin]


@hookimpl
def logis_search_document_types():
    from logis.accounts.models import Territory
    from logis.search_documents import SearchDocument, SearchDocumentType

    def to_document(territory):
        return SearchDocument(
            id=f"annuaire.commune:{territory.pk}", type="annuaire.commune", plugin="logis_annuaire",
            title=f"Fiche commune {territory.name}", slug=f"commune-{territory.code}",
            body=f"Coordonnées du guichet enregistreur de {territory.name}.", url=f"/annuaire-communes/#{territory.code}",
        )

    return [SearchDocumentType(
        name="annuaire.commune", label="Commune", model=Territory,
        queryset=lambda: Territory.objects.filter(kind="commune"), to_document=to_document, plugin="logis_annuaire",
    )]
'''

MODELADMIN = '''
from wagtail_modeladmin.options import ModelAdmin

from logis.accounts.models import Territory


class TerritoryAdmin(ModelAdmin):
    model = Territory
    menu_label = "Territoires (modeladmin)"
    menu_icon = "site"
    list_display = ("name", "code", "kind")
    search_fields = ("name", "code")
'''

INNER_TESTS = '''
import json

import pytest
from django.core.management import call_command


@pytest.fixture
def admin_client_logged(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "mot-de-passe-solide-42")
    client.force_login(admin)
    return client


@pytest.mark.django_db
def test_page(client):
    response = client.get("/annuaire-communes/")
    assert response.status_code == 200
    assert b"Annuaire des communes" in response.content


@pytest.mark.django_db
def test_menu_item_and_modeladmin(admin_client_logged, demo_territories):
    assert "Annuaire des communes" in admin_client_logged.get("/admin/").content.decode()
    listing = admin_client_logged.get("/admin/logis_accounts/territory/")
    assert listing.status_code == 200
    assert "Villeurbanne" in listing.content.decode()
    assert "Territoires (modeladmin)" in admin_client_logged.get("/admin/").content.decode()


@pytest.mark.django_db
def test_switched_off_on_a_site_its_menu_items_and_page_disappear(admin_client_logged):
    from wagtail.models import Site

    from logis.models import PluginSettings

    settings_for_site = PluginSettings.for_site(Site.objects.get(is_default_site=True))
    settings_for_site.disabled_plugins = ["logis_annuaire"]
    settings_for_site.save()
    dashboard = admin_client_logged.get("/admin/").content.decode()
    assert "Annuaire des communes" not in dashboard
    assert "Territoires (modeladmin)" not in dashboard
    assert admin_client_logged.get("/annuaire-communes/").status_code == 404
    assert admin_client_logged.get("/admin/logis_accounts/territory/").status_code == 404  # its screen too, by URL


@pytest.mark.django_db
def test_listed_by_logis_plugins(capsys):
    call_command("plugins", "--json")
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["logis_annuaire"]["status"] == "chargée"
    assert rows["logis_annuaire"]["version"] == "0.3.0"
    assert "logis_search_document_types" in rows["logis_annuaire"]["hooks"]


def test_installed_as_a_django_app():
    from django.apps import apps

    assert apps.is_installed("logis_annuaire")


@pytest.mark.django_db
def test_api_route_is_mounted_and_documented(client, demo_territories):
    communes = client.get("/api/annuaire/communes").json()
    assert {"code": "69266", "nom": "Villeurbanne"} in communes
    assert "/api/annuaire/communes" in client.get("/api/openapi.json").json()["paths"]


@pytest.mark.django_db
def test_audited_model_changes_are_recorded(django_user_model):
    from django.contrib.auth.models import Group

    from logis.audit.models import AuditEntry
    from logis.middleware import acting_as

    author = django_user_model.objects.create_user("auteur", "auteur@example.org", "mot-de-passe-solide-42")
    with acting_as(author):
        group = Group.objects.create(name="Guichets")
        group.name = "Guichets enregistreurs"
        group.save()
    entries = list(AuditEntry.objects.for_object(group).order_by("pk").values_list("action", "changes", "user_repr"))
    assert entries == [
        ("create", {"name": [None, "Guichets"]}, "auteur"),
        ("update", {"name": ["Guichets", "Guichets enregistreurs"]}, "auteur"),
    ]


@pytest.mark.django_db
def test_logis_demo_calls_the_plugin(capsys):
    from django.contrib.auth.models import Group

    call_command("demo")
    call_command("demo")
    assert Group.objects.filter(name="Agents de l'annuaire").count() == 1
    assert "Annuaire : groupe de démonstration prêt." in capsys.readouterr().out


@pytest.mark.django_db
def test_search_document(demo_territories):
    from search.service import reindex, search

    reindex()
    results = search("guichet Villeurbanne")
    assert [r.title for r in results.results][:1] == ["Fiche commune Villeurbanne"]
'''


def test_an_external_plugin_adds_a_page_a_menu_item_a_search_document_and_a_modeladmin(tmp_path):
    site = tmp_path / "site-packages"
    package = site / "logis_annuaire"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "plugin.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    (package / "modeladmin.py").write_text(textwrap.dedent(MODELADMIN), encoding="utf-8")
    dist_info = site / "logis_annuaire-0.3.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: logis-annuaire\nVersion: 0.3.0\n", encoding="utf-8")
    (dist_info / "entry_points.txt").write_text("[logis]\nlogis_annuaire = logis_annuaire.plugin\n", encoding="utf-8")
    tests_dir = tmp_path / "inner"
    tests_dir.mkdir()
    (tests_dir / "test_annuaire.py").write_text(textwrap.dedent(INNER_TESTS), encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTEST_ADDOPTS") and not k.startswith("PYTEST_XDIST")}
    env.update(PYTHONPATH=str(site), LOGIS_PLUGINS_STRICT="1", LOGIS_VAR_DIR=str(tmp_path / "var"))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", str(tests_dir), "-q", "-p", "logis.testing.pytest_plugin",
         "--ds", "logis.settings", "-p", "no:cacheprovider", "--rootdir", str(tests_dir)],
        env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "9 passed" in result.stdout, json.dumps(result.stdout[-2000:])
