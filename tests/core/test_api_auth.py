"""Role-bound API routes: an account without a role in force gets the same French 403 on every one, whatever it sends.

Enumerated from the generated OpenAPI description, so a plugin's new route is
covered without a test of its own: every operation whose security is the
core's professional authentication, called with no query and an empty body
by a lapsed, a revoked and a role-less account. Before the check, such an
account got a 422 describing the route's parameters (the observatory's
consolidation, found by the scoping matrix).
"""

import datetime
import re

import pytest
from django.utils import timezone

from logis.accounts.models import Organisation

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)
LAPSED = {
    "expiré": {"valid_from": YESTERDAY - datetime.timedelta(days=365), "valid_until": YESTERDAY},
    "révoqué": {"revoked_at": timezone.now()},
    "sans rôle": None,
}


def professional_operations():
    from logis.api import api

    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            if any("ProfessionalAuth" in requirement for requirement in operation.get("security", ())):
                yield method.upper(), re.sub(r"\{[^}]+\}", "1", path)


def test_every_plugin_router_asks_for_a_current_role():
    """The role-bound routers use it: a route of theirs without it would only check the session."""
    prefixes = {url.split("/")[2] for _, url in professional_operations()}
    assert {"offers", "attestations", "observatory", "spaces", "listings"} <= prefixes


@pytest.mark.parametrize("state", LAPSED)
def test_an_account_without_a_current_role_is_refused_before_its_request_is_read(client, person, demo_territories, state):
    organisation = Organisation.objects.first()
    if LAPSED[state] is None:
        user = person("sans.role")
    else:
        user = person(f"role.{state}", "offers.coordinator", organisation, **LAPSED[state])
    client.force_login(user)
    wrong = []
    for method, url in professional_operations():
        response = client.generic(method, url, "{}", content_type="application/json")
        if response.status_code != 403 or "rôle" not in response.json()["detail"]:
            wrong.append(f"{method} {url} : {response.status_code} {response.content[:120]!r}")
    assert not wrong, "\n".join(wrong)


def test_a_current_role_still_reaches_the_route(client, person, demo_territories):
    organisation = Organisation.objects.first()
    client.force_login(person("coordination", "offers.coordinator", organisation))
    assert client.get("/api/offers/").status_code == 200
