"""Issuing: versions re-render identically, the PDF matches its reference pages, the QR leads to the verification page."""

import datetime
import os
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageStat

from logis.documents import TemplateError

from plugins.attestations.issuing import document_pdf, issue, rendered_text, save_version
from plugins.attestations.models import IssuedDocument

pytestmark = pytest.mark.django_db
REFERENCE = Path(__file__).parent / "reference"
D = datetime.date


def pages(pdf, scale=1.0):
    document = pypdfium2.PdfDocument(pdf)
    return [page.render(scale=scale).to_pil().convert("L") for page in document]


def fixed_document(template, applicant):
    document = issue(template, applicant, None, today=D(2026, 3, 12))
    # A fixed key, so the QR code (hence the page) is the reference's.
    IssuedDocument.objects.filter(pk=document.pk).update(key="0123456789abcdef0123")
    document.refresh_from_db()
    return document


def test_saving_a_template_with_an_unknown_field_is_refused_with_field_and_line(make_template):
    template = make_template()
    with pytest.raises(TemplateError) as error:
        save_version(template, "", "<p>Bonjour</p>\n<p>{{ demandeur.nir }}</p>", None)
    assert error.value.field == "demandeur.nir" and error.value.line == 2
    assert template.versions.count() == 1


def test_each_document_keeps_its_version_and_re_renders_identically(make_template, make_applicant):
    template, applicant = make_template(), make_applicant(renewal_date=D(2026, 1, 31))
    first = issue(template, applicant, None, today=D(2026, 3, 12))
    save_version(template, "Nouvel objet", "<p>Autre texte {{ demandeur.numero_unique }}</p>", None)
    applicant.birth_name = "AUTRE"
    applicant.save()
    second = issue(template, applicant, None)
    assert (first.version.number, second.version.number) == (1, 2)
    subject, body = rendered_text(IssuedDocument.objects.get(pk=first.pk))
    assert "MARTIN" in body and "AUTRE" not in body and "Renouvelée" in body
    assert "Expiration : 30 janvier 2027" in body   # renewal 31/01/2026 + 12 months − 1 day
    assert document_pdf(first)[:5] == b"%PDF-"


def test_the_pdf_matches_its_reference_pages(make_template, make_applicant):
    template = make_template()
    document = fixed_document(template, make_applicant(number="069123-2025-00042", filing_date=D(2025, 3, 12)))
    rendered = pages(document_pdf(document))
    if os.environ.get("LOGIS_UPDATE_REFERENCES") == "1":
        REFERENCE.mkdir(exist_ok=True)
        for index, page in enumerate(rendered, 1):
            page.save(REFERENCE / f"attestation-{index}.png")
    references = sorted(REFERENCE.glob("attestation-*.png"))
    assert len(rendered) == len(references) == 1
    for page, path in zip(rendered, references):
        reference = Image.open(path).convert("L")
        assert page.size == reference.size
        # Tolerance: font hinting and anti-aliasing differ a little between FreeType builds.
        assert ImageStat.Stat(ImageChops.difference(page, reference)).mean[0] < 2.0


def test_the_state_layout_carries_the_marianne_block_and_a_neutral_one_does_not(make_template, make_applicant):
    from pypdfium2 import PdfDocument

    def text(template):
        pdf = document_pdf(issue(template, make_applicant(), None))
        return PdfDocument(pdf)[0].get_textpage().get_text_range()

    state = text(make_template("etat"))
    assert "Liberté" in state and "RÉPUBLIQUE" in state
    neutral = text(make_template("ville", org_name="Ville de Grenoble"))
    assert "Liberté" not in neutral and "Ville de Grenoble" in neutral


def test_the_qr_code_leads_to_a_verification_page_that_shows_initials_only(client, make_template, make_applicant):
    document = issue(make_template(), make_applicant(), None)
    decoded = zxingcpp.read_barcodes(pages(document_pdf(document), scale=3)[0])
    url = next(b.text for b in decoded if b.format == zxingcpp.BarcodeFormat.QRCode)
    assert url.startswith("http://testserver/verifier/")
    response = client.get(url.removeprefix("http://testserver"))
    html = response.content.decode()
    assert response.status_code == 200 and "Document valide" in html
    assert "C.M." in html and "Modèle attestation" in html and "GIP SNE" in html
    for personal in ("MARTIN", "Camille", "DURAND", "069123", "camille@example.org", "République"):
        assert personal not in html


def test_the_verification_page_says_expired_revoked_unknown_and_forged(client, make_template, make_applicant):
    from django.utils import timezone

    from plugins.attestations.issuing import code_for

    template = make_template()
    old = issue(template, make_applicant(filing_date=D(2020, 1, 1)), None)
    assert "Document expiré" in client.get(f"/verifier/{code_for(old.key)}/").content.decode()
    IssuedDocument.objects.filter(pk=old.pk).update(revoked_at=timezone.now())
    assert "Document révoqué" in client.get(f"/verifier/{code_for(old.key)}/").content.decode()
    unknown = client.get(f"/verifier/{code_for('ffffffffffffffffffff')}/")
    assert unknown.status_code == 404 and "aucun document" in unknown.content.decode()
    forged = client.get(f"/verifier/{old.key}.AAAAAAAAAAAAAAAAAAAAAAAAAAA/")
    assert forged.status_code == 404 and "aucun document" in forged.content.decode()
    assert client.get("/verifier/" + "x" * 5000 + "/").status_code == 404
