"""The dependency rules of the architecture, checked on the source.

Plugins reach the core only through hooks and core services (``logis``), never
another plugin nor the core's own apps (``content``, ``search``); the core
never imports a plugin. No two modules import each other, even through an
import hidden inside a function. Every plugin has the documented shape, and
``docs/plugins.md`` documents every hook. A broken rule names the file and
the import.
"""

import ast
import inspect
import re
from pathlib import Path

import pytest

from logis import hookspecs

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = sorted(p for p in (ROOT / "plugins").iterdir() if (p / "plugin.py").exists())
CORE_DIRS = [ROOT / "platform" / "logis", ROOT / "content", ROOT / "search"]
#: Folders whose modules form the import graph, with the prefix their module names drop (``platform/`` for ``logis``).
GRAPH_DIRS = [(ROOT / "platform" / "logis", ROOT / "platform"), (ROOT / "content", ROOT), (ROOT / "search", ROOT),
              (ROOT / "plugins", ROOT)]


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


def module_name(path, base):
    parts = list(path.relative_to(base).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_imports(path, name):
    """Every module ``path`` imports, at the top or inside a function: ``from a import b`` may name module ``a.b``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph():
    """``{module: {modules of ours it imports}}`` over the core, content, search and plugins (migrations aside).

    ``plugin.py`` is left out: its hook bodies import the plugin's modules by
    design (it is read before Django is configured) and nothing imports it.
    """
    files = {module_name(path, base): path for folder, base in GRAPH_DIRS for path in folder.rglob("*.py")
             if "migrations" not in path.parts and path.name != "plugin.py"}
    return {name: {m for m in all_imports(path, name) if m in files and m != name} for name, path in files.items()}


def import_cycles(graph):
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index, low, stack, on_stack, cycles, counter = {}, {}, [], set(), [], [0]
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    cycles.append(sorted(group))
    return cycles


def test_no_module_imports_itself_back_even_through_a_function_level_import():
    """A cycle hidden by an import inside a function breaks as soon as someone imports at the top: move the shared fact down."""
    graph = import_graph()
    assert len(graph) > 100 and "logis.api" in graph["logis.plugin_switch"]
    cycles = import_cycles(graph)
    assert cycles == [], "\n".join(" ↔ ".join(group) for group in cycles)


def test_the_cycle_check_finds_a_cycle_hidden_in_a_function():
    graph = {"a.rules": {"a.search"}, "a.search": {"a.rules"}, "a.models": set(), "a.jobs": {"a.rules", "a.models"}}
    assert import_cycles(graph) == [["a.rules", "a.search"]]
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


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


@pytest.mark.parametrize("plugin", PLUGINS, ids=lambda p: p.name)
def test_a_plugins_admin_screens_live_in_screens_modules_declared_by_admin(plugin):
    """A module building admin views is ``admin.py`` (declarations) or a screens module (``screens.py``, ``<topic>_screens.py``)."""
    builders = sorted(
        path.name for path in plugin.glob("*.py")
        if any(m.startswith(("wagtail.admin.views", "logis.screens")) for m in imported_modules(path))
        and path.name != "admin.py" and not path.name.endswith("screens.py")
    )
    assert builders == [], f"{plugin.name}: admin screens outside screens.py: {builders}"


HOOKS = sorted(name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("logis_"))


@pytest.mark.parametrize("hook", HOOKS)
def test_the_plugin_guide_documents_every_hook_with_its_signature(hook):
    """``docs/plugins.md`` stays in step with ``hookspecs.py``: each hook appears as ``name(arguments)``."""
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    signature = f"{hook}{inspect.signature(getattr(hookspecs, hook))}"
    assert f"`{signature}`" in guide, f"docs/plugins.md must document `{signature}`"


def test_the_plugin_guide_documents_no_hook_that_does_not_exist():
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert set(re.findall(r"`(logis_[a-z_]+)\(", guide)) <= set(HOOKS)
