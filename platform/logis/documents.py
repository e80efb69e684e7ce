"""Document templates: merge fields, conditional blocks, dates as the law counts them, verification codes.

Templates written by administrators use ``{{ name }}`` placeholders and
``{% si name %}…{% sinon %}…{% finsi %}`` blocks, rendered by our own small
interpreter, never by the Django template engine: a template can neither run
code nor read what it was not given. The core offers a few fields; plugins
add theirs with the ``logis_merge_fields`` hook. A template naming an unknown
field, or with an unbalanced block, is refused with the field and the line.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Callable

from django.core import signing
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logis.plugins import collect

PLACEHOLDER = re.compile(r"{{\s*([\w.]+)\s*(?:\|\s*(\w+)\s*)?}}")
TAG = re.compile(r"{%\s*(.*?)\s*%}")
TOKEN = re.compile(r"({{.*?}}|{%.*?%})", re.S)
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
#: Date styles a template may ask for: ``{{ champ|long }}`` → « 1er mars 2026 », ``|court`` → « 01/03/2026 ».
DATE_STYLES = ("court", "long")


@dataclass(frozen=True)
class MergeField:
    name: str                     # e.g. "demande.numero_unique"
    label: str
    resolve: Callable             # (context dict) -> str, date or bool
    sample: object = ""           # shown in previews, never a real person's data


CORE_FIELDS = [
    MergeField("date_du_jour", gettext_lazy("Date du jour"), lambda ctx: ctx.get("today") or timezone.localdate(),
               datetime.date(2026, 3, 12)),
    MergeField("organisation.nom", gettext_lazy("Nom de l'organisation"), lambda ctx: str(ctx.get("organisation", "")),
               "Ville de Lyon"),
    MergeField("agent.nom", gettext_lazy("Nom de l'agent"), lambda ctx: ctx["user"].get_full_name() if ctx.get("user") else "",
               "Camille Martin"),
]


class TemplateError(ValueError):
    """A template names merge fields that do not exist, or its blocks do not balance."""

    def __init__(self, message, line=None, field=None):
        super().__init__(message)
        self.line, self.field = line, field


def merge_fields():
    return {field.name: field for field in [*CORE_FIELDS, *collect("logis_merge_fields")]}


def unknown_fields(text):
    known = merge_fields()
    return sorted({name for name, _style in PLACEHOLDER.findall(text) if name not in known})


def _line(text, offset):
    return text.count("\n", 0, offset) + 1


def _parse(text, known):
    """The template as a tree: strings, ``("field", name, style)`` and ``("if", name, negated, then, else)``."""
    root, stack, pos = [], [], 0
    current = root
    for match in TOKEN.finditer(text):
        current.append(text[pos:match.start()])
        pos, token, line = match.end(), match.group(0), _line(text, match.start())
        if token.startswith("{{"):
            field = PLACEHOLDER.fullmatch(token)
            if not field:
                raise TemplateError(_("Ligne %(line)d : champ de fusion mal écrit « %(token)s ».") % {"line": line, "token": token[:60]}, line)
            name, style = field.groups()
            if name not in known:
                raise TemplateError(_("Champs de fusion inconnus : %(fields)s (ligne %(line)d).") % {"fields": name, "line": line}, line, name)
            if style and style not in DATE_STYLES:
                raise TemplateError(_("Ligne %(line)d : format de date inconnu « %(style)s » (court ou long).") % {"line": line, "style": style}, line, name)
            current.append(("field", name, style))
            continue
        words = TAG.fullmatch(token).group(1).split()
        if words[:1] == ["si"] and len(words) in (2, 3) and (len(words) == 2 or words[1] == "non"):
            name = words[-1]
            if name not in known:
                raise TemplateError(_("Champs de fusion inconnus : %(fields)s (ligne %(line)d).") % {"fields": name, "line": line}, line, name)
            block = ["if", name, len(words) == 3, [], None, line]
            current.append(block)
            stack.append(block)
            current = block[3]
        elif words == ["sinon"] and stack and stack[-1][4] is None:
            stack[-1][4] = current = []
        elif words == ["finsi"] and stack:
            stack.pop()
            current = (stack[-1][4] if stack[-1][4] is not None else stack[-1][3]) if stack else root
        else:
            raise TemplateError(_("Ligne %(line)d : bloc « %(token)s » inattendu (blocs permis : si, si non, sinon, finsi).")
                                % {"line": line, "token": token[:60]}, line)
    if stack:
        raise TemplateError(_("Ligne %(line)d : bloc « si » jamais fermé par « finsi ».") % {"line": stack[-1][5]}, stack[-1][5])
    current.append(text[pos:])
    return root


def validate_template(text):
    """Raise :class:`TemplateError` naming the field and line when ``text`` cannot be rendered."""
    _parse(text, merge_fields())


def format_date(value, style="court"):
    """« 12/03/2026 » (court) or « 12 mars 2026 », « 1er mars 2026 » (long), whatever the active language."""
    if style == "long":
        day = "1er" if value.day == 1 else str(value.day)
        return f"{day} {MONTHS[value.month - 1]} {value.year}"
    return value.strftime("%d/%m/%Y")


def _display(value, style):
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return format_date(value, style or "court")
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    return "" if value is None else str(value)


def _render(nodes, values, html):
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node[0] == "field":
            text = _display(values[node[1]], node[2])
            out.append(escape(text) if html else text)
        else:
            _tag, name, negated, then, otherwise, _line_no = node
            chosen = then if bool(values[name]) != negated else (otherwise or [])
            out.append(_render(chosen, values, html))
    return "".join(out)


def _names(nodes):
    for node in nodes:
        if isinstance(node, str):
            continue
        yield node[1]
        if node[0] == "if":
            yield from _names(node[3])
            yield from _names(node[4] or [])


def resolve_values(text, context):
    """The values of the fields ``text`` uses, for ``context``: what an issued document keeps to re-render identically."""
    fields = merge_fields()
    return {name: fields[name].resolve(context) for name in dict.fromkeys(_names(_parse(text, fields)))}


def sample_values(text):
    fields = merge_fields()
    return {name: fields[name].sample for name in dict.fromkeys(_names(_parse(text, fields)))}


def render_values(text, values, html=False):
    """Render with values already resolved (an issued document's snapshot, a preview's samples)."""
    return _render(_parse(text, merge_fields()), values, html)


def render_template(text, context, html=False):
    """Fill ``text`` for ``context``; ``html=True`` escapes every value (rich-text templates)."""
    return render_values(text, resolve_values(text, context), html)


def add_months(start, months):
    """``start`` moved ``months`` later; ``None`` when that month has no such day (31/01 + 1 month)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    if start.day > calendar.monthrange(year, month)[1]:
        return None
    return start.replace(year=year, month=month)


def expiry_date(start, months):
    """Last day of a period of ``months`` months from ``start``: start + N months − 1 day.

    When the target month has no day of the same number (31/01 + 1 month,
    29/02 + 12 months), the period ends on that month's last day: the civil
    rule for periods counted in months (article 641 of the code of civil
    procedure), never spilling into the next month.
    """
    moved = add_months(start, months)
    if moved is None:
        month_index = start.month - 1 + months
        year, month = start.year + month_index // 12, month_index % 12 + 1
        return datetime.date(year, month, calendar.monthrange(year, month)[1])
    return moved - datetime.timedelta(days=1)


def verification_code(key, salt):
    """A code for a public verification URL: ``key`` and its signature, so a forged code is told apart."""
    return signing.Signer(salt=salt, sep=".").sign(key)


def verified_key(code, salt):
    """The key of a genuine ``code``; ``None`` for a forged, truncated or garbled one."""
    try:
        return signing.Signer(salt=salt, sep=".").unsign(str(code)[:200])
    except signing.BadSignature:
        return None
