"""The dependency rules of the architecture, checked on the source.

Plugins reach the core only through hooks and core services (``logis``), never
another plugin nor the core's own apps (``content``, ``search``); the core
never imports a plugin. A broken rule names the file and the import.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = sorted(p for p in (ROOT / "plugins").iterdir() if (p / "plugin.py").exists())
CORE_DIRS = [ROOT / "platform" / "logis", ROOT / "content", ROOT / "search"]


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def offending_imports(folder, forbidden):
    return sorted(
        f"{path.relative_to(ROOT)}: {module}"
        for path in folder.rglob("*.py")
        for module in imported_modules(path)
        if any(module == prefix or module.startswith(prefix + ".") for prefix in forbidden)
    )


@pytest.mark.parametrize("plugin", PLUGINS, ids=lambda p: p.name)
def test_a_plugin_imports_neither_another_plugin_nor_the_core_apps(plugin):
    others = [f"plugins.{p.name}" for p in PLUGINS if p != plugin]
    assert offending_imports(plugin, [*others, "content", "search"]) == []


@pytest.mark.parametrize("folder", CORE_DIRS, ids=lambda p: p.name)
def test_the_core_never_imports_a_plugin(folder):
    assert offending_imports(folder, ["plugins"]) == []


def test_every_plugin_has_the_common_shape():
    for plugin in PLUGINS:
        present = {p.name for p in plugin.iterdir()}
        missing = {"plugin.py", "models.py", "api.py", "jobs.py", "search.py", "templates"} - present
        assert not missing and present & {"admin.py", "views.py"}, (plugin.name, missing)
        if (plugin / "screens.py").exists():
            assert (plugin / "admin.py").exists(), f"{plugin.name}: screens.py without admin.py to declare them"
        assert (ROOT / "tests" / "plugins" / plugin.name).is_dir(), plugin.name


@pytest.mark.parametrize("plugin", PLUGINS, ids=lambda p: p.name)
def test_a_plugin_keeps_admin_screens_out_of_its_public_views(plugin):
    """``views.py`` holds public pages only; admin screens belong in ``screens.py``."""
    views = plugin / "views.py"
    admin_imports = [m for m in imported_modules(views) if m.startswith("wagtail.admin")] if views.exists() else []
    assert admin_imports == [], f"{plugin.name}/views.py imports {admin_imports}: move admin screens to screens.py"
