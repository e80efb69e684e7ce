"""Meta-tests: every hook is documented and exercised by at least one test."""

import inspect
from pathlib import Path

import pytest

from logis import hookspecs

HOOKS = sorted(name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("logis_"))
TESTS_DIR = Path(__file__).resolve().parent.parent


def test_the_hook_list_is_not_empty():
    assert len(HOOKS) >= 12


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hookspec_is_documented(hook):
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    assert len(doc.split()) >= 15, f"{hook} needs a docstring saying when it is called and what it returns"
    assert "Return" in doc or "return" in doc, f"{hook}'s docstring must say what it returns"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hookspec_is_implemented_in_a_test(hook):
    """A hook counts as tested when some test module implements it (``def <hook>(``)."""
    implemented = [
        path for path in TESTS_DIR.rglob("test_*.py")
        if path.name != "test_hookspecs.py" and f"def {hook}(" in path.read_text(encoding="utf-8")
    ]
    assert implemented, f"no test implements {hook}"
