"""Templates saved as versions; documents issued from a version, rendered to PDF and verified by their code.

A document keeps the merge values of the day it was issued (``values``): it
re-renders identically whatever the applicant's file becomes, and the values
an applicant still has while an identity change waits are the ones printed.
Rich text goes through the core's one whitelist (:mod:`logis.sanitiser`) when
a version is saved and again on every output (PDF, mail, preview).
"""

import datetime
import functools
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from logis.documents import render_values, resolve_values, sample_values, validate_template, verification_code, verified_key
from logis.pdf import qr_svg, render_pdf
from logis.sanitiser import clean_html
from logis.sms import count

from plugins.attestations.models import DocumentTemplate, IssuedDocument, TemplateVersion
from plugins.attestations.rules import expiry_for, validity_label, validity_months

SALT = "attestations.verification"
#: What an editor may put in a PDF or mail template: the Draftail editor's features, the sanitiser's whitelist for them.
RICH_TEXT_FEATURES = ("h2", "h3", "bold", "italic", "ol", "ul", "link")
_BLOCK_END = re.compile(r"(</(?:p|h2|h3|li|ul|ol)>|<(?:ul|ol)>)\s+")
_TAG_ONLY_PARAGRAPH = re.compile(r"<p>\s*({%[^%]*%})\s*</p>")
_LINE_END = re.compile(r"(</(?:p|h2|h3|ul|ol)>|</li>(?!</(?:ul|ol)>)|%}(?=<(?:p|h2|h3|ul|ol)>))")


def clean_body(kind, body):
    """The body as stored: an SMS as plain text; rich text through the sanitiser, one editor block per line.

    Draftail gives its blocks on one line; putting each on its own line makes
    « ligne N » of a template error the editor's N-th paragraph. A paragraph
    holding only a ``{% si %}`` tag is unwrapped, so a condition leaves no
    empty paragraph in the document.
    """
    if kind == DocumentTemplate.Kind.SMS:
        return strip_tags(body).strip()
    html = _BLOCK_END.sub(r"\1", clean_html(body, RICH_TEXT_FEATURES).strip())
    html = _TAG_ONLY_PARAGRAPH.sub(r"\1", html)
    return _LINE_END.sub("\\1\n", html).strip()


def render_body(kind, body, values):
    """``body`` filled with ``values``: plain text for an SMS, rich text through the sanitiser on the way out."""
    if kind == DocumentTemplate.Kind.SMS:
        return render_values(body, values)
    return clean_html(render_values(body, values, html=True), RICH_TEXT_FEATURES)


def preview(kind, subject, body):
    """Subject and body rendered on the merge fields' samples, with the SMS count; :class:`TemplateError` when invalid."""
    source = clean_body(kind, body)
    text = render_body(kind, source, sample_values(source))
    result = {"subject": render_values(subject, sample_values(subject)), "body": text, "error": None, "line": None, "field": None}
    if kind == DocumentTemplate.Kind.SMS:
        counted = count(text)
        result["sms"] = {"encoding": counted.encoding, "characters": counted.characters, "segments": counted.segments}
    return result


def save_version(template, subject, body, user):
    """A new version of ``template``; :class:`logis.documents.TemplateError` (field and line named) when invalid."""
    body = clean_body(template.kind, body)
    validate_template(subject)
    validate_template(body)
    with transaction.atomic():
        DocumentTemplate.objects.select_for_update().filter(pk=template.pk).first()
        number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        return TemplateVersion.objects.create(template=template, number=number, subject=subject, body=body, created_by=user)


def latest_version(template):
    return template.versions.order_by("-number").first()


def code_for(key):
    return verification_code(key, SALT)


def verification_url(key):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("attestations_verify", args=[code_for(key)])


def key_of(code):
    """The document key a verification code stands for; ``None`` when forged."""
    return verified_key(code, SALT)


def context_for(applicant, template, user, issue_date, key):
    months = validity_months(applicant, template)
    return {
        "applicant": applicant, "user": user, "organisation": template.organisation.name, "today": issue_date,
        "document": {"issue_date": issue_date, "expires_on": expiry_for(applicant, months),
                     "validity": validity_label(months), "verification_url": verification_url(key)},
    }


def _encode(values):
    return {name: {"date": value.isoformat()} if isinstance(value, datetime.date) else value for name, value in values.items()}


def decode(values):
    return {name: datetime.date.fromisoformat(value["date"]) if isinstance(value, dict) else value
            for name, value in values.items()}


def issue(template, applicant, user, version=None, today=None):
    """Issue one document of ``template`` (its latest version) for ``applicant``, keeping the merged values."""
    version = version or latest_version(template)
    today = today or timezone.localdate()
    key = secrets.token_hex(10)
    context = context_for(applicant, template, user, today, key)
    values = resolve_values(version.subject + "\n" + version.body, context)
    return IssuedDocument.objects.create(key=key, applicant=applicant, version=version, issued_by=user, issue_date=today,
                                         expires_on=context["document"]["expires_on"], values=_encode(values))


def rendered_text(document):
    """Subject and body of ``document`` as issued (HTML for rich-text kinds, plain text for an SMS)."""
    values, version = decode(document.values), document.version
    return render_values(version.subject, values), render_body(version.template.kind, version.body, values)


@functools.cache
def document_css():
    """The stylesheet of every printable page, with DSFR's Marianne (shipped with django-dsfr) when found.

    One text for all documents, so :func:`logis.pdf.stylesheet` parses it and loads its fonts once.
    """
    regular, bold = (finders.find(f"dsfr/dist/fonts/Marianne-{weight}.woff") for weight in ("Regular", "Bold"))
    fonts = {"regular": Path(regular).as_uri(), "bold": Path(bold).as_uri()} if regular and bold else None
    return render_to_string("attestations/pdf/document.css", {"fonts": fonts})


def document_html(template, body_html, verification, layout_organisation, address_lines=()):
    """The printable page: the State layout (Marianne block) for State publishers, neutral otherwise.

    ``address_lines``: the recipient's block, placed for a window envelope (letters of the print batch).
    """
    return render_to_string("attestations/pdf/document.html", {
        "template": template, "body": body_html, "verification_url": verification, "address_lines": address_lines,
        "qr": qr_svg(verification) if verification else "", "organisation": layout_organisation,
        "state_layout": layout_organisation.kind in DocumentTemplate.STATE_KINDS,
    })


def document_pdf(document, body=None):
    """The PDF of ``document``; ``body``: its rendered text when the caller already has it (rendered once per send)."""
    body = rendered_text(document)[1] if body is None else body
    template = document.version.template
    return render_pdf(document_html(template, body, verification_url(document.key), template.organisation), css=document_css())


def state_of(document, today=None):
    """``revoked``, ``expired`` or ``valid``: what the public verification page says."""
    today = today or timezone.localdate()
    if document.revoked_at:
        return "revoked"
    if document.expires_on and document.expires_on < today:
        return "expired"
    return "valid"
