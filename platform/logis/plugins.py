"""The plugin host: discovery, isolation and per-site switching of plugins.

Plugins are found through the ``logis`` entry-point group and loaded one at a
time in name order, so that one that fails to import, or implements a hook
that does not exist, is marked failed with its traceback while the others
still load. ``LOGIS_PLUGINS_STRICT=1`` (set in CI) turns such a failure into
an error at start-up.
"""

import importlib.metadata
import logging
import os
import traceback
from dataclasses import dataclass, field

import pluggy

from logis import hookspecs

logger = logging.getLogger("logis.plugins")

ENTRY_POINT_GROUP = "logis"


class PluginLoadError(RuntimeError):
    """A plugin could not be loaded and strict mode is on."""


class PluginHookError(RuntimeError):
    """A plugin's hook raised in a call made with ``raise_errors=True`` (the caller cannot go on without it)."""

    def __init__(self, plugin_name, hook_name):
        super().__init__(plugin_name)
        self.plugin_name = plugin_name
        self.hook_name = hook_name


@dataclass
class PluginInfo:
    name: str
    module: object = None
    version: str = ""
    source: str = ""
    error: str = ""
    hook_errors: list = field(default_factory=list)

    @property
    def failed(self):
        return bool(self.error)

    @property
    def hooks(self):
        if self.module is None:
            return []
        return sorted(n for n in dir(self.module) if n.startswith("logis_") and callable(getattr(self.module, n)))


class PluginManager:
    """pluggy's manager plus what Logis needs: failures, strictness, safe calls."""

    def __init__(self, strict=None):
        self.pm = pluggy.PluginManager("logis")
        self.pm.add_hookspecs(hookspecs)
        self.plugins = {}
        self.strict = strict if strict is not None else os.environ.get("LOGIS_PLUGINS_STRICT") == "1"

    # -- loading -----------------------------------------------------------
    def load_entry_points(self):
        eps = sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)
        for ep in eps:
            if ep.name in self.plugins:
                continue
            dist = getattr(ep, "dist", None)
            info = PluginInfo(ep.name, version=dist.version if dist else "", source=ep.value)
            try:
                module = ep.load()
            except Exception:
                self._fail(info, traceback.format_exc())
                continue
            self._register(info, module)

    def register(self, module, name=None, version=""):
        """Register a plugin module by hand (tests, embedding)."""
        source = getattr(module, "__name__", f"{type(module).__module__}.{type(module).__qualname__}")
        name = name or source
        info = PluginInfo(name, version=version, source=source)
        self._register(info, module)
        return info

    def unregister(self, name):
        info = self.plugins.pop(name, None)
        if info and info.module is not None and self.pm.is_registered(info.module):
            self.pm.unregister(info.module)

    def _register(self, info, module):
        try:
            self.pm.register(module, name=info.name)
            self.pm.check_pending()
        except Exception:
            if self.pm.is_registered(module):
                self.pm.unregister(module)
            self._fail(info, traceback.format_exc())
            return
        info.module = module
        self.plugins[info.name] = info

    def _fail(self, info, tb):
        info.error = tb
        self.plugins[info.name] = info
        logger.error("Extension %s non chargée :\n%s", info.name, tb)
        if self.strict:
            raise PluginLoadError(f"L'extension « {info.name} » n'a pas pu être chargée :\n{tb}")

    # -- calling -----------------------------------------------------------
    def active(self):
        return [info for info in self.plugins.values() if not info.failed]

    def failed(self):
        return [info for info in self.plugins.values() if info.failed]

    def report_hook_error(self, plugin_name, hook_name):
        """Log the exception being handled and remember it on the plugin, for the health panel."""
        logger.exception("L'extension %s a échoué dans %s", plugin_name, hook_name)
        info = self.plugins.get(plugin_name)
        if info is not None:
            info.hook_errors.append((hook_name, traceback.format_exc()))

    def call(self, hook_name, plugins=None, raise_errors=False, **kwargs):
        """Call a collected hook plugin by plugin; return ``[(plugin_name, result)]``.

        A plugin whose implementation raises is logged, remembered on its
        :class:`PluginInfo` and skipped — or, with ``raise_errors``, stops the
        call with :class:`PluginHookError` (all-or-nothing work such as an
        erasure). ``plugins`` restricts the call to those plugin names (for
        per-site switching).
        """
        results = []
        for impl in reversed(getattr(self.pm.hook, hook_name).get_hookimpls()):
            if plugins is not None and impl.plugin_name not in plugins:
                continue
            try:
                value = impl.function(**{arg: kwargs[arg] for arg in impl.argnames})
            except Exception as error:
                self.report_hook_error(impl.plugin_name, hook_name)
                if raise_errors:
                    raise PluginHookError(impl.plugin_name, hook_name) from error
                if self.strict and os.environ.get("LOGIS_HOOK_ERRORS_STRICT") == "1":
                    raise
                continue
            if value is not None:
                results.append((impl.plugin_name, value))
        return results

    def collect(self, hook_name, plugins=None, **kwargs):
        """Flatten the lists every plugin returned for ``hook_name``."""
        items = []
        for _name, value in self.call(hook_name, plugins=plugins, **kwargs):
            items.extend(value if isinstance(value, (list, tuple)) else [value])
        return items

    def django_apps(self):
        return self.collect("logis_django_apps")


plugin_manager = PluginManager()
plugin_manager.load_entry_points()


def call_hook(hook_name, **kwargs):
    return plugin_manager.call(hook_name, **kwargs)


def collect(hook_name, **kwargs):
    return plugin_manager.collect(hook_name, **kwargs)

