"""Lists run the same number of SQL queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plugins.attestations import identity
from plugins.attestations.models import IdentityChange
from plugins.attestations.sending import issue_and_send

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_applicant_list_and_history_do_not_grow_with_rows(client, roles, make_applicant, make_template):
    template = make_template("sms", kind="sms", subject="", body="Courrier disponible.")
    client.force_login(roles["gt_rhone"])
    first = make_applicant(number="LYON-0001")
    issue_and_send(template, first, roles["agent_lyon"], "sms")
    urls = ["/api/attestations/applicants?limit=100", "/api/attestations/applicants/LYON-0001/history"]
    [queries(client, url) for url in urls]  # warm caches (content types, site settings)
    few = [queries(client, url) for url in urls]
    for index in range(20):
        make_applicant("FR/84/69/69266" if index % 2 else "FR/84/69/69123")
        issue_and_send(template, first, roles["agent_lyon" if index % 2 else "manager_lyon"], "sms")
    assert [queries(client, url) for url in urls] == few


def test_monitoring_flags_take_three_queries_whatever_the_page(django_assert_max_num_queries, make_applicant, roles, world):
    lyon = world.organisation("Ville de Lyon")
    for index in range(15):
        identity.request_change(make_applicant(), "birth_name", f"NOM{index}X", roles["agent_lyon"], lyon)
    changes = list(IdentityChange.objects.select_related("applicant"))
    with django_assert_max_num_queries(3):
        identity.flags(changes)


def test_the_print_batches_and_validity_lists_do_not_grow_with_rows(client, roles, make_applicant, make_template, world, settings, tmp_path):
    from plugins.attestations.letters import print_batches
    from plugins.attestations.models import DocumentTemplate, TerritoryValidity

    settings.LOGIS_PRIVATE_FILES_ROOT = tmp_path
    template = make_template()
    client.force_login(roles["gt_rhone"])
    urls = ["/admin/attestations/courriers/", "/admin/attestations/validite/"]

    def add_rows(communes):
        for path in communes:
            issue_and_send(template, make_applicant(path, email=""), None, "post")
            TerritoryValidity.objects.create(template=DocumentTemplate.objects.create(
                slug=f"m-{path[-5:]}-{TerritoryValidity.objects.count()}", name="M", kind="attestation",
                organisation=template.organisation), territory=world.territory(path), months=6)
        print_batches()

    add_rows(["FR/84/69/69123"])
    [queries(client, url) for url in urls]  # warm caches
    few = [queries(client, url) for url in urls]
    add_rows(["FR/84/69/69266", "FR/84/69/69259", "FR/84/69/69123"])
    assert [queries(client, url) for url in urls] == few
