#!/usr/bin/env python
"""Django's manage.py; ``logis`` is the same thing installed on the PATH."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "platform"))

from logis.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
