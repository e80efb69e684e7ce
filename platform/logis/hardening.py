"""Defects of Django and Wagtail with hostile input, fixed in one place (applied by ``LogisConfig.ready``).

Each is a 500 the form fuzzer (``tests/reliability/test_form_fuzz.py``) or the
hostile query strings found on screens Logis does not own (redirects, sites,
groups, Wagtail's admin API); each is tested in ``tests/core/test_hardening.py``
or ``tests/core/test_hostile_input.py`` and goes when its library fixes it:

- Wagtail's choosers re-display a refused form by reading the posted id back
  with ``Model.objects.get(pk=value)``: a non-numeric or a 70-bit id raises
  ``ValueError`` / ``OverflowError`` instead of showing an empty chooser.
- Django's ``ModelMultipleChoiceField`` looks the posted ids up with
  ``pk__in``: SQLite cannot bind an integer beyond 64 bits (``OverflowError``)
  where PostgreSQL simply finds nothing; it is an invalid choice, said in French.
- Wagtail's API pagination (the pages API and the admin's ``/admin/api/main/``)
  passes any ``offset`` to the database: beyond 64 bits SQLite answers
  « datatype mismatch » (a 500). Offset and limit are bounded first, in French.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import ModelMultipleChoiceField
from django.utils.translation import gettext as _
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError

#: Deepest offset a Wagtail API serves: far beyond any real listing, far below 2**63.
MAX_OFFSET = 100_000
#: The largest page when ``WAGTAILAPI_LIMIT_MAX`` says none: still an integer the database can bind.
UNSET_LIMIT_MAX = 1_000

_UNREADABLE_ID = (ValueError, TypeError, OverflowError, ValidationError)


def _chooser_instance(get_instance):
    def get_instance_or_none(self, value):
        try:
            return get_instance(self, value)
        except _UNREADABLE_ID:
            return None

    return get_instance_or_none


def _checked_values(check_values):
    def check_values_within_range(self, value):
        try:
            return check_values(self, value)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                  params={"pk": next((v for v in value if len(str(v)) > 18), "")}) from None

    return check_values_within_range


class Refused(BadRequestError):
    """A Wagtail API 400 worded by Logis, in French (``content.api`` passes it on as it is)."""


def _bounded(request, name, default, maximum):
    raw = request.GET.get(name, default)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = -1
    if not 0 <= value <= maximum:
        raise Refused(_("« %(name)s » doit être un entier entre 0 et %(maximum)d.") % {"name": name, "maximum": maximum})
    return value


def _bounded_pagination(paginate_queryset):
    def paginate_bounded_queryset(self, queryset, request, view=None):
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or UNSET_LIMIT_MAX
        _bounded(request, "offset", 0, MAX_OFFSET)
        _bounded(request, "limit", min(20, limit_max), limit_max)
        return paginate_queryset(self, queryset, request, view)

    return paginate_bounded_queryset


def _patch(owner, name, wrapper):
    if not getattr(getattr(owner, name), "_logis", False):
        patched = wrapper(getattr(owner, name))
        patched._logis = True
        setattr(owner, name, patched)


def apply():
    _patch(BaseChooser, "get_instance", _chooser_instance)
    _patch(ModelMultipleChoiceField, "_check_values", _checked_values)
    _patch(WagtailPagination, "paginate_queryset", _bounded_pagination)
