"""Campaign codes in the API's filters are bounded by the schema: a NUL byte or stray character is a French 422,
never a 500 from the database (PostgreSQL refuses NUL in text), found by schemathesis on PostgreSQL."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["OBS\x00-2026", "x" * 41, "OBS 2026;--"])
def test_a_hostile_campaign_code_is_refused_by_the_schema_not_a_500(client, person, demo_territories, code):
    from logis.accounts.models import Organisation

    client.force_login(person("sonde.obs", "observatory.organisation", Organisation.objects.order_by("pk").first()))
    for path in ("/api/observatory/national", "/api/observatory/consolidation"):
        response = client.get(path, {"campaign": code})
        assert response.status_code == 422, (path, response.status_code)
