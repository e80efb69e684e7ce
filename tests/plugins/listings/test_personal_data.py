"""Applicants' data: out of the history, erased after the retention period or on request; agents' data in the GDPR hook."""

import datetime

import pytest
from django.utils import timezone

from logis.audit.models import AuditEntry
from plugins.listings import contacts
from plugins.listings.agent_data import personal_data
from plugins.listings.models import Contact

pytestmark = pytest.mark.django_db


def test_the_history_never_holds_the_applicant_message(make_listing):
    contact = contacts.record_contact(make_listing(), "Awa Exemple", "awa@exemple.org", "0612345678", "Mon message secret")
    entries = AuditEntry.objects.filter(object_id=str(contact.pk), content_type__model="contact")
    assert entries.exists()
    assert all("secret" not in str(e.changes) and "awa@" not in str(e.changes) for e in entries)


def test_contacts_older_than_the_retention_period_are_erased(make_listing, settings):
    settings.LOGIS_LISTINGS_CONTACT_RETENTION_DAYS = 30
    listing = make_listing()
    old = contacts.record_contact(listing, "Awa Exemple", "awa@exemple.org", "", "Ancien")
    recent = contacts.record_contact(listing, "Jules Démo", "jules@exemple.org", "", "Récent")
    Contact.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=40))
    assert contacts.erase_expired() == 1
    old.refresh_from_db(), recent.refresh_from_db()
    assert old.email == "efface@invalid" and old.message == "" and old.personal_data_erased_at
    assert recent.email == "jules@exemple.org"
    assert contacts.erase_expired() == 0  # idempotent


def test_an_applicant_is_found_by_email_or_phone_and_erased_on_request(make_listing):
    listing = make_listing()
    contacts.record_contact(listing, "Awa Exemple", "Awa@Exemple.org", "0612345678", "Un")
    contacts.record_contact(listing, "Autre", "autre@exemple.org", "", "Deux")
    found = contacts.applicant_contacts(Contact.objects.all(), email="awa@exemple.org")
    assert found.count() == 1
    assert contacts.applicant_contacts(Contact.objects.all(), phone="0612345678").count() == 1
    assert contacts.applicant_contacts(Contact.objects.all()).count() == 0
    assert contacts.erase_applicant(found) == 1
    assert Contact.objects.filter(email="autre@exemple.org").exists()


def test_the_gdpr_hook_exports_then_unlinks_an_agent(make_listing, roles):
    publisher = roles["publisher_lyon"]
    listing = make_listing(published_by=publisher)
    contact = contacts.record_contact(listing, "Awa", "awa@exemple.org", "", "Bonjour")
    contacts.set_status(contact, Contact.Status.ANSWERED, publisher)
    exported = personal_data(publisher, erase=False)
    assert [row["reference"] for row in exported["Annonces publiées"]] == [listing.reference]
    assert personal_data(publisher, erase=False, organisations=listing.organisation.__class__.objects.none()) is None
    assert personal_data(publisher, erase=True) == {"listings_published": 1, "contacts_handled": 1}
    assert personal_data(publisher, erase=False) is None
