"""Each channel, the SNE fallback chain, bounces, the print batch, and a history entry for every attempt."""

import json

import pytest
from django.core import mail

from plugins.attestations.letters import BatchRefused, mark_posted, print_batches
from plugins.attestations.models import Delivery
from plugins.attestations.sending import BounceRefused, issue_and_send, record_bounce

pytestmark = pytest.mark.django_db


def chain(deliveries):
    return [(d.channel, d.status) for d in deliveries]


def test_an_attestation_goes_by_mail_with_its_pdf_whatever_the_filing_channel(make_template, make_applicant):
    document, deliveries = issue_and_send(make_template(), make_applicant(), None, "mail")
    assert chain(deliveries) == [("mail", "sent")]
    sent = mail.outbox[0]
    assert sent.to == ["camille@example.org"] and sent.subject == "Votre attestation"
    assert sent.attachments[0][2] == "application/pdf" and sent.attachments[0][1][:5] == b"%PDF-"
    assert "/verifier/" in sent.body


def test_without_an_email_address_the_attestation_goes_by_post(make_template, make_applicant):
    _document, deliveries = issue_and_send(make_template(), make_applicant(email=""), None, "mail")
    assert chain(deliveries) == [("mail", "skipped"), ("post", "queued")]
    assert deliveries[1].fallback_of == deliveries[0] and mail.outbox == []


def test_a_bounced_address_is_not_tried_again_and_a_bounce_falls_back_to_post(make_template, make_applicant):
    applicant = make_applicant()
    _document, deliveries = issue_and_send(make_template(), applicant, None, "mail")
    fallback = record_bounce(deliveries[0])
    assert (fallback.channel, fallback.status, fallback.fallback_of_id) == ("post", "queued", deliveries[0].pk)
    deliveries[0].refresh_from_db()
    applicant.refresh_from_db()
    assert deliveries[0].status == "bounced" and applicant.email_bounced_at is not None
    _document, again = issue_and_send(make_template("autre"), applicant, None, "mail")
    assert chain(again) == [("mail", "skipped"), ("post", "queued")]
    with pytest.raises(BounceRefused):
        record_bounce(deliveries[0])   # reported twice: no second letter
    with pytest.raises(BounceRefused):
        record_bounce(again[1])        # a letter is not a mail
    assert Delivery.objects.filter(channel="post").count() == 2


def test_an_accompanied_applicant_also_receives_it_by_post(make_template, make_applicant):
    _document, deliveries = issue_and_send(make_template(), make_applicant(accompanied=True), None, "mail")
    assert chain(deliveries) == [("mail", "sent"), ("post", "queued")]


def test_an_sms_is_counted_traced_and_falls_back_to_mail_when_the_provider_fails(make_template, make_applicant, settings, tmp_path):
    template = make_template("sms", kind="sms", subject="", body="Un nouveau courrier est disponible : {{ demandeur.numero_unique }}.")
    applicant = make_applicant()
    _document, deliveries = issue_and_send(template, applicant, None, "sms")
    assert chain(deliveries) == [("sms", "sent")] and deliveries[0].segments == 1
    line = json.loads((tmp_path / "sms" / "sms.jsonl").read_text(encoding="utf-8"))
    assert line["to"] == "+33612345678" and applicant.number in line["text"]
    settings.LOGIS_SMS = {**settings.LOGIS_SMS, "BACKEND": "brevo", "URL": "http://127.0.0.1:9/", "API_KEY": "x"}
    _document, deliveries = issue_and_send(template, applicant, None, "sms")
    assert chain(deliveries) == [("sms", "failed"), ("mail", "sent")]
    assert "injoignable" in deliveries[0].error and mail.outbox[0].body.startswith("Un nouveau courrier")


def test_a_download_at_the_counter_is_in_the_history_too(make_template, make_applicant, person):
    agent = person("agent")
    document, deliveries = issue_and_send(make_template(), make_applicant(), agent, "download")
    assert chain(deliveries) == [("download", "delivered")] and deliveries[0].sent_by == agent
    assert document.issued_by == agent


def test_the_daily_print_batch_is_one_pdf_per_territory_with_nf_z10_011_address_blocks(make_template, make_applicant):
    import pypdfium2

    template = make_template()
    for name in ("MARTIN", "DUPONT", "NGUYEN"):
        issue_and_send(template, make_applicant(email="", birth_name=name, usage_name=""), None, "mail")
    issue_and_send(template, make_applicant("FR/84/38/38185", "Ville de Grenoble", email="", postcode="38000", town="Grenoble"),
                   None, "mail")
    lyon, grenoble = print_batches()
    assert (lyon.territory.name, lyon.letters, grenoble.territory.name, grenoble.letters) == ("Lyon", 3, "Grenoble", 1)
    with lyon.pdf.open("rb") as batch:
        pdf = pypdfium2.PdfDocument(batch.read())
    assert len(pdf) == 3
    first = pdf[0].get_textpage().get_text_range()
    assert "CAMILLE LOUISE MARTIN" in first and "69002 LYON" in first and "12 RUE DE LA REPUBLIQUE" in first
    assert set(Delivery.objects.filter(channel="post").values_list("status", flat=True)) == {"queued"}   # printed, not posted
    assert print_batches() == []
    with pytest.raises(ValueError):
        lyon.pdf.url   # private storage: no public URL for addresses


def test_marking_a_batch_posted_sends_its_letters_once_and_is_audited(make_template, make_applicant, person):
    from logis.audit.models import AuditEntry
    from logis.middleware import acting_as

    issue_and_send(make_template(), make_applicant(email=""), None, "mail")
    batch, = print_batches()
    agent = person("poste")
    with acting_as(agent):
        mark_posted(batch, agent)
    assert set(batch.deliveries.values_list("status", flat=True)) == {"sent"}
    entry = AuditEntry.objects.for_object(batch).filter(action="update").get()
    assert entry.user == agent and "posted_at" in entry.changes
    with pytest.raises(BatchRefused):
        mark_posted(batch, agent)


def test_a_document_without_any_usable_address_fails_visibly(make_template, make_applicant):
    _document, deliveries = issue_and_send(make_template(), make_applicant(email="", street="", postcode="", town=""), None, "mail")
    assert chain(deliveries) == [("mail", "skipped"), ("post", "skipped")]
