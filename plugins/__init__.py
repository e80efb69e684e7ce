"""Logis plugins shipped with the platform (each one is declared as a ``logis`` entry point)."""
