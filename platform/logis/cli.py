"""``logis``: the one command-line entry point, a thin wrapper over manage.py.

Every Django management command works (``logis migrate``, ``logis shell``);
Logis adds its own per area: ``logis serve``, ``logis demo``,
``logis plugins``, ``logis content``, ``logis search``, ``logis offers``...
"""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "logis.settings")
    from django.core.management import execute_from_command_line

    from logis.startup import pause_collector

    pause_collector()

    execute_from_command_line(["logis", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
