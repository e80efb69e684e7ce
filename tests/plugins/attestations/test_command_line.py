"""``logis attestations issue``: the same issuing as the API, with the verification code in JSON."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from plugins.attestations.models import Delivery

pytestmark = pytest.mark.django_db


def test_the_command_issues_writes_the_pdf_and_prints_the_verification_code(make_template, make_applicant, roles, tmp_path, client):
    make_template(), make_applicant(number="LYON-0001")
    out, pdf = io.StringIO(), tmp_path / "attestation.pdf"
    call_command("attestations", "issue", "--template", "attestation", "--applicant", "LYON-0001", "--channel", "mail",
                 "--out", str(pdf), "--user", "guichet.lyon", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert pdf.read_bytes()[:5] == b"%PDF-" and result["deliveries"] == [{"channel": "mail", "status": "sent"}]
    assert result["verification_url"].endswith(f"/verifier/{result['verification_code']}/")
    assert "Document valide" in client.get(f"/verifier/{result['verification_code']}/").content.decode()
    assert Delivery.objects.get().sent_by == roles["agent_lyon"]


def test_the_command_refuses_an_applicant_outside_the_users_territory(make_template, make_applicant, roles):
    make_template(), make_applicant("FR/84/38/38185", "Ville de Grenoble", number="GRENOBLE-0001")
    with pytest.raises(CommandError, match="introuvable"):
        call_command("attestations", "issue", "--template", "attestation", "--applicant", "GRENOBLE-0001", "--user", "guichet.lyon")
    with pytest.raises(CommandError, match="Modèle « nope » introuvable"):
        call_command("attestations", "issue", "--template", "nope", "--applicant", "GRENOBLE-0001")
    assert not Delivery.objects.exists()
