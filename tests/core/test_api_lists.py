"""The core's list tools for plugin APIs: bounded ``limit``/``offset`` with French 422s, and the scoped filter.

A test router lists organisations (a real, scoped core model) through
``LimitOffset`` and ``scoped_list``, as a plugin's list route does.
"""

from typing import Annotated

import pytest
from django.urls import path
from ninja import Field, FilterLookup, FilterSchema, NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from ninja.pagination import paginate

from logis.accounts.models import Organisation
from logis.api_errors import french_validation_error
from logis.api_lists import MAX_LIMIT, MAX_OFFSET, LimitOffset, scoped_list

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]
api = NinjaAPI(urls_namespace="essai-listes")
api.add_exception_handler(ValidationError, lambda request, exc: french_validation_error(request, exc, api))


class OrganisationOut(Schema):
    name: str


class Filters(FilterSchema):
    kind: Annotated[str | None, FilterLookup("kind")] = Field(None, max_length=24)


@api.get("/organisations", response=list[OrganisationOut])
@paginate(LimitOffset)
def organisations(request, filters: Query[Filters]):
    return scoped_list(request.user, "audit.view", Organisation.objects.order_by("name"), filters)


@api.get("/organisations/bare", response=list[OrganisationOut])
@paginate(LimitOffset, envelope=False)
def bare(request):
    return scoped_list(request.user, "audit.view", Organisation.objects.order_by("name"))


urlpatterns = [path("api/", api.urls)]  # after the routes: django-ninja freezes the API once its URLs are read


@pytest.fixture
def client_rhone(client, demo_territories, person):
    client.force_login(person("supervision.rhone", "core.supervisor", demo_territories.organisation("DDETS du Rhône")))
    return client


def test_a_list_is_paged_within_the_scope_and_filtered_with_its_count(client_rhone):
    everything = client_rhone.get("/api/organisations").json()
    assert set(everything) == {"count", "items"} and everything["count"] == len(everything["items"]) > 1
    assert "Ville de Grenoble" not in [o["name"] for o in everything["items"]]
    page = client_rhone.get("/api/organisations?limit=1&offset=1").json()
    assert page["count"] == everything["count"] and page["items"] == everything["items"][1:2]
    communes = client_rhone.get("/api/organisations?kind=commune").json()
    assert 0 < communes["count"] < everything["count"]
    assert client_rhone.get("/api/organisations/bare?limit=1").json() == everything["items"][:1]


@pytest.mark.parametrize("query,message", [
    (f"limit={MAX_LIMIT + 1}", f"La valeur doit être inférieure ou égale à {MAX_LIMIT}."),
    ("limit=0", "La valeur doit être supérieure ou égale à 1."),
    (f"offset={MAX_OFFSET + 1}", f"La valeur doit être inférieure ou égale à {MAX_OFFSET}."),
    ("offset=" + "9" * 30, f"La valeur doit être inférieure ou égale à {MAX_OFFSET}."),
    ("limit=beaucoup", "Un nombre entier est attendu."),
    ("kind=" + "x" * 100, "Au plus 24 caractères."),
])
def test_out_of_bounds_pages_and_filters_are_a_french_422_never_a_database_error(client_rhone, query, message):
    response = client_rhone.get(f"/api/organisations?{query}")
    assert response.status_code == 422 and [error["msg"] for error in response.json()["detail"]] == [message]
