"""Sends to many applicants as one background job with progress; the daily print batch."""

import pytest
from django.utils import timezone

from plugins.attestations.models import Delivery

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_send_to_many_runs_as_a_job_reporting_progress(client, roles, make_applicant, make_template, run_jobs):
    make_template()
    for index in range(3):
        make_applicant(number=f"LYON-000{index}", email="" if index == 2 else "a@example.org")
    client.force_login(roles["agent_lyon"])
    response = client.post("/api/attestations/sends", {"template": "attestation", "applicants": ["LYON-0000", "LYON-0001", "LYON-0002"]},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["count"] == 3
    run_jobs()
    progress = client.get(f"/api/jobs/{response.json()['job']}").json()
    assert progress["status"] == "finished", progress["error"]
    assert progress["percent"] == 100
    assert progress["result"] == {"sent": 3, "by_channel": {"mail": 2, "post": 1}}
    assert Delivery.objects.filter(sent_by=roles["agent_lyon"]).count() == 4   # the third: mail skipped, then post


def test_the_print_batch_job_prints_the_waiting_letters(make_applicant, make_template):
    from plugins.attestations.jobs import print_letters
    from plugins.attestations.sending import issue_and_send

    issue_and_send(make_template(), make_applicant(email=""), None, "post")
    assert print_letters() == {"batches": [f"{timezone.localdate():%d/%m/%Y} — Lyon — 1"]}
    assert print_letters() == {"batches": []}
