"""Logis core. Plugins mark their hook implementations with :data:`hookimpl`."""

import pluggy

hookimpl = pluggy.HookimplMarker("logis")
