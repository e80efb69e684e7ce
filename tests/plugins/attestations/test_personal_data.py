"""GDPR: an applicant's data exported and erased on request; an agent's through the core's hook."""

import pytest

from logis.accounts.gdpr import erase_person, export_person

from plugins.attestations import identity
from plugins.attestations.issuing import code_for
from plugins.attestations.models import Applicant, IdentityChange, IssuedDocument
from plugins.attestations.sending import issue_and_send

pytestmark = pytest.mark.django_db


def test_an_applicants_data_is_exported_then_erased_everywhere_it_was_copied(client, roles, make_applicant, make_template, world):
    applicant = make_applicant(number="LYON-0001")
    document, _deliveries = issue_and_send(make_template(), applicant, roles["agent_lyon"], "mail")
    identity.request_change(applicant, "birth_name", "DUPONT", roles["agent_lyon"], world.organisation("Ville de Lyon"))
    client.force_login(roles["manager_lyon"])
    exported = client.get("/api/attestations/applicants/LYON-0001/personal-data").json()
    assert exported["demandeur"]["birth_name"] == "MARTIN" and exported["documents"][0]["valeurs"]
    assert exported["modifications_identite"][0]["apres"] == "DUPONT"
    client.force_login(roles["agent_lyon"])
    assert client.post("/api/attestations/applicants/LYON-0001/erasure").status_code == 403
    client.force_login(roles["manager_lyon"])
    counts = client.post("/api/attestations/applicants/LYON-0001/erasure").json()
    assert counts == {"print_batches": 0, "documents": 1, "deliveries": 1, "identity_changes": 1}
    applicant.refresh_from_db()
    assert (applicant.birth_name, applicant.email, applicant.street, applicant.birth_date) == ("EFFACÉ", "", "", None)
    assert IssuedDocument.objects.get(pk=document.pk).values == {}
    assert IdentityChange.objects.get().new_value == ""
    assert "Document révoqué" in client.get(f"/verifier/{code_for(document.key)}/").content.decode()
    assert client.get(f"/api/attestations/documents/{document.pk}/pdf").status_code == 410


def test_the_history_never_holds_an_applicants_personal_data(make_applicant):
    from logis.audit.models import AuditEntry

    applicant = make_applicant(number="LYON-0001")
    applicant.birth_name = "SECRET"
    applicant.save()
    text = str(list(AuditEntry.objects.values_list("changes", "object_repr")))
    assert "SECRET" not in text and "MARTIN" not in text and "camille@example.org" not in text


def test_an_agents_documents_and_changes_are_in_the_core_export_and_unlinked_on_erasure(roles, make_applicant, make_template, world):
    agent = roles["agent_lyon"]
    applicant = make_applicant(number="LYON-0001")
    issue_and_send(make_template(), applicant, agent, "download")
    identity.request_change(applicant, "birth_name", "DUPONT", agent, world.organisation("Ville de Lyon"))
    exported = export_person(agent)
    text = str(exported)
    assert "Documents émis" in text and "LYON-0001" in text and "Modifications d'identité saisies" in text
    erase_person(agent, roles["gt_rhone"])
    assert IssuedDocument.objects.get().issued_by is None and IdentityChange.objects.get().requested_by is None
    assert Applicant.objects.filter(number="LYON-0001").exists()
