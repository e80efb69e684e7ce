"""Two defects of Django and Wagtail with hostile form input, fixed in one place (applied by ``LogisConfig.ready``).

Both are 500s the form fuzzer (``tests/reliability/test_form_fuzz.py``) found
on screens Logis does not own (redirects, sites, groups); each is tested in
``tests/core/test_hardening.py`` and goes when its library fixes it:

- Wagtail's choosers re-display a refused form by reading the posted id back
  with ``Model.objects.get(pk=value)``: a non-numeric or a 70-bit id raises
  ``ValueError`` / ``OverflowError`` instead of showing an empty chooser.
- Django's ``ModelMultipleChoiceField`` looks the posted ids up with
  ``pk__in``: SQLite cannot bind an integer beyond 64 bits (``OverflowError``)
  where PostgreSQL simply finds nothing; it is an invalid choice, said in French.
"""

from django.core.exceptions import ValidationError
from django.forms import ModelMultipleChoiceField
from wagtail.admin.widgets.chooser import BaseChooser

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


def apply():
    if not getattr(BaseChooser.get_instance, "_logis", False):
        BaseChooser.get_instance = _chooser_instance(BaseChooser.get_instance)
        BaseChooser.get_instance._logis = True
    if not getattr(ModelMultipleChoiceField._check_values, "_logis", False):
        ModelMultipleChoiceField._check_values = _checked_values(ModelMultipleChoiceField._check_values)
        ModelMultipleChoiceField._check_values._logis = True
