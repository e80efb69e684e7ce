"""Revision comparison that never shows Python's ``None``: an empty value reads « (vide) », a date dd/mm/yyyy.

Wagtail compares dates, numbers and booleans with its generic comparison,
which prints ``None`` for an empty news date, an unset compliance rate or an
audit date not yet known; editors read the compare screen in French.
"""

import datetime

from django.db import models
from django.utils.html import escape
from django.utils.timezone import is_aware, localtime
from django.utils.translation import gettext
from wagtail.admin.compare import FieldComparison, TextDiff, register_comparison_class


def display(value):
    if value is None or value == "":
        return gettext("(vide)")
    if isinstance(value, bool):
        return gettext("oui") if value else gettext("non")
    if isinstance(value, datetime.datetime):
        return (localtime(value) if is_aware(value) else value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


class ReadableComparison(FieldComparison):
    def htmldiff(self):
        before, after = display(self.val_a), display(self.val_b)
        if self.val_a != self.val_b:
            return TextDiff([("deletion", before), ("addition", after)], separator=" ").to_html()
        return escape(before)


for field_class in (models.DateField, models.IntegerField, models.BooleanField, models.DecimalField,
                    models.FloatField, models.DurationField, models.TimeField):
    register_comparison_class(field_class, comparison_class=ReadableComparison)
