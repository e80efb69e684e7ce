"""Merge fields for document templates (attestations, letters, SMS).

Templates written by administrators use ``{{ name }}`` placeholders and are
rendered by plain substitution, never by the Django template engine, so a
template can neither run code nor read what it was not given. The core offers
a few fields; plugins add theirs with the ``logis_merge_fields`` hook.
"""

import re
from dataclasses import dataclass
from typing import Callable

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logis.plugins import collect

PLACEHOLDER = re.compile(r"{{\s*([\w.]+)\s*}}")


@dataclass(frozen=True)
class MergeField:
    name: str                     # e.g. "demande.numero_unique"
    label: str
    resolve: Callable             # (context dict) -> str


CORE_FIELDS = [
    MergeField("date_du_jour", gettext_lazy("Date du jour"), lambda ctx: date_format(timezone.localdate(), "d/m/Y")),
    MergeField("organisation.nom", gettext_lazy("Nom de l'organisation"), lambda ctx: str(ctx.get("organisation", ""))),
    MergeField("agent.nom", gettext_lazy("Nom de l'agent"), lambda ctx: ctx["user"].get_full_name() if ctx.get("user") else ""),
]


class TemplateError(ValueError):
    """A template names merge fields that do not exist."""


def merge_fields():
    return {field.name: field for field in [*CORE_FIELDS, *collect("logis_merge_fields")]}


def unknown_fields(text):
    known = merge_fields()
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in known})


def validate_template(text):
    unknown = unknown_fields(text)
    if unknown:
        raise TemplateError(_("Champs de fusion inconnus : %(fields)s.") % {"fields": ", ".join(unknown)})


def render_template(text, context):
    """Replace every ``{{ field }}`` with its value for ``context``."""
    validate_template(text)
    fields = merge_fields()
    return PLACEHOLDER.sub(lambda m: str(fields[m.group(1)].resolve(context)), text)
