"""The end of Django's start-up for the command line, as the last application of ``INSTALLED_APPS``.

Start-up (settings, models, admin views, plugin hooks, API schemas) builds objects that live as long as
the process: some 300,000 for ``logis check``. The cyclic garbage collector walks all of them again each
time the heap grows by a quarter, four or five full passes that found nothing to free and cost 20 to
40 % of the command's CPU (issue 13, ``bench/cli_startup.py``; more on a loaded machine, where those
passes miss the processor's caches). ``logis`` therefore pauses the collector while Django starts
(:func:`pause_collector`) and this application's ``ready()``, run after every other one's, starts it
again with what start-up built frozen out of later passes (``gc.freeze``): long commands (workers,
imports, the development server) collect their own garbage as usual. The few cycles left from start-up
stay in memory; measured: the same resident size.
"""

import gc

from django.apps import AppConfig, apps

_paused = False


def pause_collector():
    """Pause the collector until the apps are ready; nothing to do when they already are (a command run in-process)."""
    global _paused
    if not apps.ready and gc.isenabled():
        gc.disable()
        _paused = True


class StartupConfig(AppConfig):
    name = "logis.startup"
    label = "logis_startup"
    verbose_name = "Logis — fin du démarrage"

    def ready(self):
        global _paused
        if _paused:
            gc.freeze()
            gc.enable()
            _paused = False
