"""The offer form: who may file an offer for which organisation, and the checks user data and demo data both pass."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.forms.models import model_to_dict
from django.utils import timezone

from plugins.offers import demo
from plugins.offers.forms import OFFER_FIELDS, OfferForm
from plugins.offers.models import Offer

pytestmark = pytest.mark.django_db


def form_data(world, org_name="Ville de Lyon", commune_path="FR/84/69/69123", **overrides):
    today = timezone.localdate()
    data = {
        "organisation": world.organisation(org_name).pk, "reference": "F-1", "provider_kind": "citizen",
        "accommodation_kind": "flat", "postcode": "69003", "commune": world.territory(commune_path).pk, "places_max": "3",
        "places_available": "3", "available_from": today.strftime("%d/%m/%Y"),
        "available_until": (today + datetime.timedelta(days=30)).strftime("%d/%m/%Y"), "host_name": "Hélène Exemple",
        "host_email": "helene@exemple.org", "host_phone": "04 65 71 00 12", "coordinator_email": "crise@exemple.fr",
        "coordinator_phone": "04 72 10 00 00",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ["department_rhone", "association_rhone"])
def test_a_department_service_or_mandated_association_saves_a_communes_offer_through_the_admin(client, roles, world, role):
    world.organisation("Forum Réfugiés").mandated_territories.add(world.territory("FR/84/69"))
    user = roles["department_rhone"] if role == "department_rhone" else roles["association"]
    client.force_login(user)
    response = client.post("/admin/offers/new/", form_data(world, "Ville de Villeurbanne", "FR/84/69/69266"))
    assert response.status_code == 302, (response.status_code, response.content[:3000])
    offer = Offer.objects.get(reference="F-1")
    assert offer.organisation.name == "Ville de Villeurbanne"
    form = client.get(f"/admin/offers/edit/{offer.pk}/").context["form"]
    assert "Ville de Liège" not in {o.name for o in form.fields["organisation"].queryset}
    data = {name: form.initial.get(name) for name in form.fields if form.initial.get(name) is not None}
    data.update(places_available="1", available_from=offer.available_from.strftime("%d/%m/%Y"),
                available_until=offer.available_until.strftime("%d/%m/%Y"))
    response = client.post(f"/admin/offers/edit/{offer.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    offer.refresh_from_db()
    assert (offer.organisation.name, offer.places_available) == ("Ville de Villeurbanne", 1)


def test_editing_an_offer_keeps_its_organisation_even_when_it_is_not_the_users(roles, make_offer):
    offer = make_offer("DDETS du Rhône", "FR/84/69/69123")
    form = OfferForm(instance=offer, for_user=roles["coordinator_lyon"])
    assert offer.organisation in form.fields["organisation"].queryset
    assert "DDETS du Rhône" not in {o.name for o in OfferForm(for_user=roles["coordinator_lyon"]).fields["organisation"].queryset}


def test_a_postcode_in_the_wrong_format_for_the_commune_is_refused(roles, world):
    form = OfferForm(form_data(world, postcode="3500"), for_user=roles["coordinator_lyon"])
    assert form.errors["postcode"] == ["Le code postal « 3500 » n'a pas le format attendu pour cette commune (5 chiffres)."]
    assert OfferForm(form_data(world), for_user=roles["coordinator_lyon"]).is_valid()


def test_a_belgian_number_in_belgian_notation_on_a_french_commune_is_reported_not_guessed(roles, world):
    form = OfferForm(form_data(world, host_phone="0470/12.34.56"), for_user=roles["coordinator_lyon"])
    assert "peut être un numéro français ou belge" in form.errors["host_phone"][0]
    form = OfferForm(form_data(world, host_phone="+32 470 12 34 56"), for_user=roles["coordinator_lyon"])
    assert form.is_valid() and form.cleaned_data["host_phone"] == "+32470123456"


def test_every_demo_offer_saves_through_the_offer_form(world):
    demo.load()
    admin = get_user_model().objects.create_superuser("root.test", "root@exemple.org", "x")
    offers = list(Offer.objects.all())
    assert len(offers) == 24
    failures = {}
    for offer in offers:
        data = {name: value for name, value in model_to_dict(offer, fields=OFFER_FIELDS).items() if value is not None}
        form = OfferForm({**data, "version": offer.updated_at.isoformat()}, instance=offer, for_user=admin)
        if not form.is_valid():
            failures[offer.reference] = form.errors.as_data()
    assert failures == {}


def test_a_postcode_must_be_one_of_the_communes_once_reference_data_lists_them():
    from types import SimpleNamespace

    from plugins.offers.postcodes import postcode_problem

    lyon = SimpleNamespace(country_code="FR", postcodes="69001 69002 69003", name="Lyon")
    assert postcode_problem("69003", lyon) is None
    assert postcode_problem("38000", lyon) == "Le code postal « 38000 » n'est pas celui de Lyon (69001, 69002, 69003)."
    assert postcode_problem("38000", SimpleNamespace(country_code="FR", postcodes="", name="Lyon")) is None
    assert "4 chiffres" in postcode_problem("69003", SimpleNamespace(country_code="BE", postcodes="", name="Liège"))
