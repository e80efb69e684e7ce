"""Validity N by territory (the SNE's « dépôt + X mois (DELAI) − 1 jour »): the template's N unless the applicant's territory,
or the nearest one above it, sets its own; month ends; the screen is scoped and audited."""

import datetime

import pytest
from django.utils import timezone

from logis.audit.models import AuditEntry

from plugins.attestations.issuing import issue
from plugins.attestations.models import TerritoryValidity
from plugins.attestations.rules import validity_months

pytestmark = pytest.mark.django_db
D = datetime.date
SCREEN = "/admin/attestations/validite/"


@pytest.mark.parametrize("filing,months,expiry", [
    (D(2025, 1, 31), 1, D(2025, 2, 28)),     # 31/01 + 1 month: February has no 31st, the period ends on its last day
    (D(2024, 1, 31), 1, D(2024, 2, 29)),     # … in a leap year, the 29th
    (D(2024, 2, 29), 12, D(2025, 2, 28)),    # 29/02 + 12 months
    (D(2025, 12, 31), 12, D(2026, 12, 30)),  # 31/12 + 12 months − 1 day
    (D(2025, 12, 31), 2, D(2026, 2, 28)),    # 31/12 + 2 months: across the year, into a short month
    (D(2025, 8, 31), 6, D(2026, 2, 28)),
    (D(2025, 3, 31), 1, D(2025, 4, 30)),
    (D(2025, 3, 1), 18, D(2026, 8, 31)),
])
def test_a_territorys_own_validity_counts_month_ends_as_the_law_does(make_template, make_applicant, world, filing, months, expiry):
    template = make_template(validity_months=12)
    TerritoryValidity.objects.create(template=template, territory=world.territory("FR/84/69"), months=months)
    document = issue(template, make_applicant(filing_date=filing), None, today=D(2026, 1, 5))
    assert document.expires_on == expiry
    label = "1 an" if months == 12 else (f"{months} mois" if months % 12 else f"{months // 12} ans")
    assert document.values["document.validite"] == label


def test_the_nearest_territory_wins_and_the_templates_n_is_the_default(make_template, make_applicant, world):
    template, other = make_template(validity_months=12), make_template("autre", validity_months=24)
    TerritoryValidity.objects.create(template=template, territory=world.territory("FR/84/69"), months=6)
    TerritoryValidity.objects.create(template=template, territory=world.territory("FR/84/69/69123"), months=3)
    lyon = make_applicant()
    villeurbanne = make_applicant("FR/84/69/69266")
    grenoble = make_applicant("FR/84/38/38185", "Ville de Grenoble")
    assert [validity_months(a, template) for a in (lyon, villeurbanne, grenoble)] == [3, 6, 12]
    assert validity_months(lyon, other) == 24   # another template of the same territory keeps its own N


def test_a_document_keeps_the_n_of_its_day_when_the_territory_changes_it(make_template, make_applicant, world):
    from plugins.attestations.issuing import rendered_text

    template = make_template()
    applicant = make_applicant(filing_date=D(2025, 1, 31))
    first = issue(template, applicant, None, today=D(2025, 2, 1))
    TerritoryValidity.objects.create(template=template, territory=world.territory("FR/84/69"), months=6)
    second = issue(template, applicant, None, today=D(2025, 2, 1))
    assert (first.expires_on, second.expires_on) == (D(2026, 1, 30), D(2025, 7, 30))
    assert "Valable 1 an" in rendered_text(first)[1] and "Valable 6 mois" in rendered_text(second)[1]


def test_the_territorial_manager_sets_the_validity_of_the_departement_audited(client, roles, make_template, world):
    template = make_template()
    client.force_login(roles["gt_rhone"])
    assert client.get(SCREEN).status_code == 200
    response = client.post(SCREEN + "new/", {"template": template.pk, "territory": world.territory("FR/84/69").pk, "months": 6})
    assert response.status_code == 302, response.content.decode()[:2000]
    validity = TerritoryValidity.objects.get()
    entry = AuditEntry.objects.for_object(validity).get()
    assert entry.action == "create" and entry.user == roles["gt_rhone"] and entry.changes["months"] == [None, 6]
    assert client.post(SCREEN + f"edit/{validity.pk}/", {"template": template.pk, "territory": validity.territory_id,
                                                          "months": 9}).status_code == 302
    validity.refresh_from_db()
    assert validity.months == 9 and AuditEntry.objects.for_object(validity).filter(action="update").count() == 1


@pytest.mark.parametrize("months", ["0", "121", "-1", "abc", "99999999999999999999"])
def test_a_validity_out_of_bounds_is_refused_in_french(client, roles, make_template, world, months):
    template = make_template()
    client.force_login(roles["gt_rhone"])
    response = client.post(SCREEN + "new/", {"template": template.pk, "territory": world.territory("FR/84/69").pk, "months": months})
    assert response.status_code == 200 and not TerritoryValidity.objects.exists()


def test_another_territory_is_neither_a_choice_nor_reachable(client, roles, make_template, world):
    template = make_template()
    isere = TerritoryValidity.objects.create(template=template, territory=world.territory("FR/84/38"), months=6)
    client.force_login(roles["gt_rhone"])
    refused = client.post(SCREEN + "new/", {"template": template.pk, "territory": world.territory("FR/84/38").pk, "months": 3})
    assert refused.status_code == 200 and TerritoryValidity.objects.count() == 1
    assert f"edit/{isere.pk}/" not in client.get(SCREEN).content.decode()
    assert client.get(SCREEN + f"edit/{isere.pk}/").status_code == 404
    assert client.post(SCREEN + f"edit/{isere.pk}/", {"template": template.pk, "territory": isere.territory_id,
                                                     "months": 1}).status_code == 404
    isere.refresh_from_db()
    assert isere.months == 6


@pytest.mark.parametrize("who", ["agent_lyon", "editor_sne", "expired"])
def test_only_a_current_territorial_manager_sets_a_validity(client, agent, roles, make_template, world, who):
    template = make_template()
    rhone = TerritoryValidity.objects.create(template=template, territory=world.territory("FR/84/69"), months=6)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    user = roles.get(who) or agent("ancien.gt", "attestations.territorial_manager", "DDETS du Rhône",
                                   valid_from=yesterday - datetime.timedelta(days=365), valid_until=yesterday)
    client.force_login(user)
    assert client.get(SCREEN).status_code in (302, 403)
    assert client.post(SCREEN + f"edit/{rhone.pk}/", {"template": template.pk, "territory": rhone.territory_id,
                                                     "months": 1}).status_code in (302, 403)
    rhone.refresh_from_db()
    assert rhone.months == 6
