"""The print batches screen (scoped list, PDF, formula-safe CSV, marked posted and audited) and the « revenu en erreur » button;
every hostile path: another territory's batch or send, a lapsed role, a role without the permission, a GET on a write."""

import csv
import datetime

import pytest
from django.utils import timezone

from logis.audit.models import AuditEntry

from plugins.attestations.letters import print_batches
from plugins.attestations.models import Applicant, Delivery
from plugins.attestations.sending import issue_and_send

pytestmark = pytest.mark.django_db
BATCHES = "/admin/attestations/courriers/"


@pytest.fixture
def batches(make_template, make_applicant):
    template = make_template()
    issue_and_send(template, make_applicant(number="LYON-0001", email="", first_names="=HYPERLINK(\"http://x\")"), None, "mail")
    issue_and_send(template, make_applicant("FR/84/38/38185", "Ville de Grenoble", number="GRENOBLE-0001", email="",
                                            postcode="38000", town="Grenoble"), None, "mail")
    lyon, grenoble = print_batches()
    return lyon, grenoble


def csv_text(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_list_shows_only_the_batches_of_the_users_territory(client, roles, batches):
    lyon, grenoble = batches
    client.force_login(roles["gt_rhone"])
    page = client.get(BATCHES)
    assert page.status_code == 200
    assert f"{BATCHES}inspect/{lyon.pk}/" in page.content.decode() and f"inspect/{grenoble.pk}/" not in page.content.decode()
    client.force_login(roles["agent_grenoble"])
    page = client.get(BATCHES).content.decode()
    assert f"inspect/{grenoble.pk}/" in page and f"inspect/{lyon.pk}/" not in page


def test_a_counter_downloads_the_pdf_and_a_formula_safe_csv(client, roles, batches):
    lyon, _grenoble = batches
    client.force_login(roles["agent_lyon"])
    assert "Marquer le lot posté" in client.get(f"{BATCHES}inspect/{lyon.pk}/").content.decode()
    pdf = client.get(f"{BATCHES}pdf/{lyon.pk}/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content)[:5] == b"%PDF-"
    assert pdf["X-Content-Type-Options"] == "nosniff" and "attachment" in pdf["Content-Disposition"]
    header, row = csv.reader(csv_text(client.get(f"{BATCHES}csv/{lyon.pk}/")).splitlines(), delimiter=";")
    assert header[:3] == ["Numéro unique", "Modèle", "Ligne 1"]
    assert row[:3] == ["LYON-0001", "Modèle attestation", "'=HYPERLINK(\"HTTP://X\") DURAND"] and "69002 LYON" in row


def test_marking_a_batch_posted_sends_its_letters_and_is_audited_once(client, roles, batches):
    lyon, _grenoble = batches
    client.force_login(roles["agent_lyon"])
    assert client.get(f"{BATCHES}posted/{lyon.pk}/").status_code == 405
    response = client.post(f"{BATCHES}posted/{lyon.pk}/")
    assert response.status_code == 302
    lyon.refresh_from_db()
    assert lyon.posted_by == roles["agent_lyon"] and set(lyon.deliveries.values_list("status", flat=True)) == {"sent"}
    again = client.post(f"{BATCHES}posted/{lyon.pk}/", follow=True)
    assert "déjà été marqué posté" in again.content.decode()
    assert AuditEntry.objects.for_object(lyon).filter(action="update", user=roles["agent_lyon"]).count() == 1


def test_another_territorys_batch_is_not_found_and_stays_unposted(client, roles, batches):
    lyon, _grenoble = batches
    client.force_login(roles["agent_grenoble"])
    for url in (f"inspect/{lyon.pk}/", f"pdf/{lyon.pk}/", f"csv/{lyon.pk}/"):
        assert client.get(BATCHES + url).status_code == 404, url
    assert client.post(f"{BATCHES}posted/{lyon.pk}/").status_code == 404
    lyon.refresh_from_db()
    assert lyon.posted_at is None and set(lyon.deliveries.values_list("status", flat=True)) == {"queued"}


@pytest.mark.parametrize("state", ["expired", "revoked", "editor"])
def test_a_lapsed_role_or_one_without_the_permission_reaches_no_batch(client, agent, roles, batches, state):
    lyon, _grenoble = batches
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    if state == "editor":
        user = roles["editor_sne"]
    else:
        extra = ({"valid_from": yesterday - datetime.timedelta(days=365), "valid_until": yesterday} if state == "expired"
                 else {"revoked_at": timezone.now()})
        user = agent("ancien", "attestations.counter_agent", "Ville de Lyon", **extra)
    client.force_login(user)
    for url in ("", f"inspect/{lyon.pk}/", f"pdf/{lyon.pk}/", f"csv/{lyon.pk}/"):
        assert client.get(BATCHES + url).status_code in (302, 403), url
    assert client.post(f"{BATCHES}posted/{lyon.pk}/").status_code in (302, 403)
    lyon.refresh_from_db()
    assert lyon.posted_at is None


def test_the_bounced_button_falls_back_to_post_and_shows_in_the_history(client, roles, make_template, make_applicant):
    applicant = make_applicant(number="LYON-0001")
    _document, (mail,) = issue_and_send(make_template(), applicant, None, "mail")
    client.force_login(roles["agent_lyon"])
    page = client.get(f"/admin/attestations/demandeurs/inspect/{applicant.pk}/").content.decode()
    assert f"/bounce/{mail.pk}/" in page
    assert client.get(f"/admin/attestations/demandeurs/bounce/{mail.pk}/").status_code == 405
    client.post(f"/admin/attestations/demandeurs/bounce/{mail.pk}/")
    mail.refresh_from_db()
    fallback = Delivery.objects.get(fallback_of=mail)
    assert mail.status == "bounced" and (fallback.channel, fallback.status, fallback.sent_by) == ("post", "queued", roles["agent_lyon"])
    page = client.get(f"/admin/attestations/demandeurs/inspect/{applicant.pk}/").content.decode()
    assert "Revenu en erreur" in page and "(repli)" in page and f"/bounce/{mail.pk}/" not in page
    entry = AuditEntry.objects.for_object(Applicant.objects.get(pk=applicant.pk)).filter(action="update").get()
    assert entry.user == roles["agent_lyon"] and "email_bounced_at" in entry.changes
    refused = client.post(f"/admin/attestations/demandeurs/bounce/{mail.pk}/", follow=True)
    assert "Seul un courriel envoyé" in refused.content.decode() and Delivery.objects.filter(fallback_of=mail).count() == 1


def test_another_territorys_send_cannot_be_reported_bounced(client, agent, roles, make_template, make_applicant):
    other = make_applicant("FR/84/38/38185", "Ville de Grenoble", number="GRENOBLE-0001")
    _document, (mail,) = issue_and_send(make_template(), other, None, "mail")
    client.force_login(roles["agent_lyon"])
    assert client.post(f"/admin/attestations/demandeurs/bounce/{mail.pk}/").status_code == 404
    client.force_login(roles["editor_sne"])
    assert client.post(f"/admin/attestations/demandeurs/bounce/{mail.pk}/").status_code in (302, 403)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    client.force_login(agent("ancien", "attestations.counter_agent", "Ville de Grenoble",
                             valid_from=yesterday - datetime.timedelta(days=365), valid_until=yesterday))
    assert client.post(f"/admin/attestations/demandeurs/bounce/{mail.pk}/").status_code in (302, 403)
    mail.refresh_from_db()
    assert mail.status == "sent" and not Delivery.objects.filter(fallback_of=mail).exists()


def test_an_erased_applicants_letter_leaves_the_batch_pdf_and_its_address_list(client, roles, make_template, make_applicant,
                                                                               django_capture_on_commit_callbacks):
    """GDPR: a waiting batch is printed again without the letter (never sent); a posted one keeps no PDF at all."""
    from plugins.attestations.applicant_data import erase
    from plugins.attestations.letters import mark_posted
    from plugins.attestations.models import PrintBatch

    template = make_template()
    for number, first in (("LYON-0001", "Camille"), ("LYON-0002", "Dominique")):
        issue_and_send(template, make_applicant(number=number, email="", first_names=first), None, "mail")
    (waiting,) = print_batches()
    old_file, size_before = waiting.pdf.name, waiting.pdf.size
    assert waiting.letters == 2
    with django_capture_on_commit_callbacks(execute=True):  # the old file goes once the erasure commits
        counts = erase(Applicant.objects.get(number="LYON-0001"))
    assert counts["print_batches"] == 1
    waiting.refresh_from_db()
    assert waiting.letters == 1 and 0 < waiting.pdf.size < size_before  # printed again, one letter fewer
    assert not waiting.pdf.storage.exists(old_file)
    assert Delivery.objects.get(applicant__number="LYON-0001", channel="post").status == "failed"
    client.force_login(roles["agent_lyon"])
    assert "LYON-0001" not in csv_text(client.get(f"{BATCHES}csv/{waiting.pk}/"))

    mark_posted(waiting, roles["agent_lyon"])
    posted_file = waiting.pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        erase(Applicant.objects.get(number="LYON-0002"))
    posted = PrintBatch.objects.get(pk=waiting.pk)
    assert not posted.pdf and not waiting.pdf.storage.exists(posted_file)
    response = client.get(f"{BATCHES}pdf/{posted.pk}/")
    assert response.status_code == 404
    assert "Télécharger le PDF" not in client.get(f"{BATCHES}inspect/{posted.pk}/").content.decode()
