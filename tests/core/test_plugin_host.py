"""The plugin host: discovery through entry points, failures, strictness, isolation."""

import sys
import textwrap

import pytest
from django.urls import path

from logis import hookimpl
from logis.plugins import PluginLoadError, PluginManager


def write_distribution(root, name, modules):
    """Install a tiny distribution into ``root`` the way pip would (a dist-info with entry points)."""
    for module_name, source in modules.items():
        (root / f"{module_name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    dist_info = root / f"{name}-1.2.3.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.2.3\n", encoding="utf-8")
    entry_points = "\n".join(f"{m} = {m}" for m in modules)
    (dist_info / "entry_points.txt").write_text(f"[logis]\n{entry_points}\n", encoding="utf-8")


@pytest.fixture
def site_packages(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [m for m in sys.modules if m.startswith("zz_")]:
        del sys.modules[name]


GOOD = """
from logis import hookimpl

@hookimpl
def logis_roles():
    return []
"""

BROKEN_IMPORT = """
import a_module_that_does_not_exist
"""

MISSPELT_HOOK = """
from logis import hookimpl

@hookimpl
def logis_urlpaterns():
    return []
"""


def test_a_plugin_that_fails_to_import_is_marked_failed_and_the_others_load(site_packages):
    write_distribution(site_packages, "zz-plugins", {"zz_good": GOOD, "zz_broken": BROKEN_IMPORT, "zz_typo": MISSPELT_HOOK})
    manager = PluginManager(strict=False)
    manager.load_entry_points()

    assert not manager.plugins["zz_good"].failed
    assert manager.plugins["zz_good"].version == "1.2.3"
    assert manager.plugins["zz_good"].hooks == ["logis_roles"]
    assert "ModuleNotFoundError" in manager.plugins["zz_broken"].error
    assert "logis_urlpaterns" in manager.plugins["zz_typo"].error
    assert {info.name for info in manager.failed()} == {"zz_broken", "zz_typo"}
    assert "zz_good" in {info.name for info in manager.active()}


def test_strict_mode_turns_a_load_failure_into_an_error(site_packages):
    write_distribution(site_packages, "zz-strict", {"zz_broken_strict": BROKEN_IMPORT})
    with pytest.raises(PluginLoadError, match="zz_broken_strict"):
        PluginManager(strict=True).load_entry_points()


def test_plugins_load_in_a_repeatable_order(site_packages):
    write_distribution(site_packages, "zz-order", {"zz_b": GOOD, "zz_a": GOOD, "zz_c": GOOD})
    first, second = PluginManager(strict=False), PluginManager(strict=False)
    first.load_entry_points()
    second.load_entry_points()
    names = [n for n in first.plugins if n.startswith("zz_")]
    assert names == ["zz_a", "zz_b", "zz_c"]
    assert names == [n for n in second.plugins if n.startswith("zz_")]


class RaisingPlugin:
    """Every request-time hook raises."""

    @hookimpl
    def logis_admin_menu_items(self, request):
        raise RuntimeError("menu en panne")

    @hookimpl
    def logis_dashboard_panels(self, request):
        raise RuntimeError("tableau de bord en panne")

    @hookimpl
    def logis_roles(self):
        raise RuntimeError("rôles en panne")


def hello_view(request):
    from django.http import HttpResponse

    return HttpResponse("Bonjour depuis une extension saine")


class HealthyPlugin:
    @hookimpl
    def logis_urlpatterns(self):
        return [path("extension-saine/", hello_view)]

    @hookimpl
    def logis_admin_menu_items(self, request):
        from wagtail.admin.menu import MenuItem

        return [MenuItem("Extension saine", "/extension-saine/", name="extension-saine", icon_name="tick")]


@pytest.mark.django_db
def test_a_plugin_whose_hooks_raise_does_not_take_down_the_others(client, register_plugin, django_user_model):
    register_plugin(RaisingPlugin(), name="zz_raising")
    register_plugin(HealthyPlugin(), name="zz_healthy")
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "mot-de-passe-solide-42")
    client.force_login(admin)

    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    assert "Extension saine" in html
    assert "Extensions en erreur" in html
    assert "zz_raising" in html
    assert client.get("/extension-saine/").content == b"Bonjour depuis une extension saine"

    from logis.accounts.roles import role_registry

    assert "core.editor" in role_registry()


class BrokenPanel:
    """A dashboard panel that is returned fine but fails when the dashboard renders it."""

    name = "panneau_en_panne"
    order = 50

    def render_html(self, parent_context=None):
        raise RuntimeError("rendu en panne")


class BrokenPanelPlugin:
    @hookimpl
    def logis_dashboard_panels(self, request):
        return [BrokenPanel()]


@pytest.mark.django_db
def test_a_panel_that_fails_to_render_is_left_out_and_reported(client, register_plugin, django_user_model):
    register_plugin(BrokenPanelPlugin(), name="zz_broken_panel")
    register_plugin(HealthyPlugin(), name="zz_healthy")
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", "mot-de-passe-solide-42"))

    assert client.get("/admin/").status_code == 200
    html = client.get("/admin/").content.decode()  # the second rendering shows the error the first one recorded
    assert "Extension saine" in html
    assert "Extensions en erreur" in html and "zz_broken_panel" in html


@pytest.mark.django_db
def test_a_plugin_switched_off_on_a_site_disappears_from_it(client, register_plugin, django_user_model):
    from wagtail.models import Site

    from logis.models import PluginSettings

    register_plugin(HealthyPlugin(), name="zz_healthy")
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "mot-de-passe-solide-42")
    client.force_login(admin)
    assert client.get("/extension-saine/").status_code == 200

    settings_for_site = PluginSettings.for_site(Site.objects.get(is_default_site=True))
    settings_for_site.disabled_plugins = ["zz_healthy"]
    settings_for_site.save()

    assert client.get("/extension-saine/").status_code == 404
    assert "Extension saine" not in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_the_site_settings_screen_switches_a_plugin_off_with_checkboxes(client, register_plugin, django_user_model):
    from wagtail.models import Site

    from logis.models import PluginSettings

    register_plugin(HealthyPlugin(), name="zz_healthy")
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", "mot-de-passe-solide-42"))
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/logis/pluginsettings/{site.pk}/"
    form = client.get(url)
    assert form.status_code == 200
    assert 'value="zz_healthy"' in form.content.decode()

    response = client.post(url, {"disabled_plugins": ["zz_healthy"]})
    assert response.status_code == 302
    assert PluginSettings.for_site(site).disabled_plugins == ["zz_healthy"]
    assert client.get("/extension-saine/").status_code == 404
