"""Publication checks the mandatory mentions and the energy decency, and explains in French what is missing."""

import datetime

import pytest

from plugins.listings import rules
from plugins.listings.models import Listing

pytestmark = pytest.mark.django_db


def test_a_complete_listing_is_published_with_who_and_when(make_listing, roles):
    listing = make_listing(status=Listing.Status.DRAFT, published_at=None)
    rules.publish(listing, roles["publisher_lyon"])
    listing.refresh_from_db()
    assert listing.status == Listing.Status.PUBLISHED and listing.published_by == roles["publisher_lyon"] and listing.published_at


@pytest.mark.parametrize("field, value, message", [
    ("rent", None, "loyer"), ("charges", None, "charges"), ("deposit", None, "dépôt de garantie"), ("surface", None, "surface"),
    ("energy_cost_min", None, "dépenses annuelles d'énergie"), ("visible_until", None, "fin de diffusion"),
])
def test_each_missing_mandatory_mention_refuses_publication_in_french(make_listing, field, value, message):
    listing = make_listing(status=Listing.Status.DRAFT, **{field: value})
    with pytest.raises(rules.PublicationRefused) as refused:
        rules.publish(listing)
    assert any(message in text for text in refused.value.check.refusals)
    listing.refresh_from_db()
    assert listing.status == Listing.Status.DRAFT


def test_missing_energy_classes_are_named(make_listing):
    listing = make_listing(status=Listing.Status.DRAFT, energy_kwh=None, ghg_kg=None, energy_class="", ghg_class="")
    refusals = rules.check_publication(listing).refusals
    assert any("classe énergie (DPE)" in r for r in refusals) and any("classe climat (GES)" in r for r in refusals)


def test_classes_are_derived_from_the_diagnostic_values(make_listing):
    listing = make_listing(status=Listing.Status.DRAFT, energy_kwh=120, ghg_kg=75, energy_class="A", ghg_class="A")
    rules.check_publication(listing)
    assert (listing.energy_class, listing.ghg_class) == ("F", "F")


def test_a_g_rated_home_is_refused_since_2025_citing_the_rule(make_listing):
    listing = make_listing(status=Listing.Status.DRAFT, energy_kwh=500, ghg_kg=20)
    check = rules.check_publication(listing, today=datetime.date(2026, 3, 1))
    assert not check.ok
    assert any("classé G" in r and "01/01/2025" in r and "décret n° 2002-120" in r for r in check.refusals)


def test_an_f_rated_home_is_published_with_the_excessive_mention_and_a_2028_warning(make_listing):
    listing = make_listing(status=Listing.Status.DRAFT, energy_kwh=400, ghg_kg=20,
                           visible_from=datetime.date(2027, 11, 1), visible_until=datetime.date(2028, 2, 1))
    check = rules.check_publication(listing, today=datetime.date(2027, 11, 1))
    assert check.ok
    assert any("01/01/2028" in w for w in check.warnings)
    assert any("consommation énergétique excessive" in w for w in check.warnings)


def test_an_f_rated_home_is_refused_once_2028_has_come(make_listing):
    listing = make_listing(status=Listing.Status.DRAFT, energy_kwh=400, ghg_kg=20,
                           visible_from=datetime.date(2028, 1, 3), visible_until=datetime.date(2028, 2, 1))
    assert not rules.check_publication(listing, today=datetime.date(2028, 1, 2)).ok


def test_a_window_already_over_or_too_long_is_refused(make_listing, today):
    over = make_listing(status=Listing.Status.DRAFT, visible_from=today - datetime.timedelta(days=9),
                        visible_until=today - datetime.timedelta(days=1))
    assert any("fin de diffusion est passée" in r for r in rules.check_publication(over).refusals)
    long = make_listing(status=Listing.Status.DRAFT, visible_until=today + datetime.timedelta(days=500))
    assert any("366 jours" in r for r in rules.check_publication(long).refusals)


def test_public_listings_are_published_and_inside_their_window_only(make_listing, today):
    on_line = make_listing()
    make_listing(status=Listing.Status.DRAFT)
    make_listing(visible_from=today + datetime.timedelta(days=1))
    make_listing(visible_from=today - datetime.timedelta(days=20), visible_until=today - datetime.timedelta(days=1))
    make_listing(status=Listing.Status.LET)
    make_listing(status=Listing.Status.EXPIRED)
    assert list(Listing.objects.public()) == [on_line]


def test_expiry_closes_listings_whose_window_ended(make_listing, today):
    ended = make_listing(visible_from=today - datetime.timedelta(days=20), visible_until=today - datetime.timedelta(days=1))
    running = make_listing()
    assert rules.expire_listings(today) == 1
    ended.refresh_from_db(), running.refresh_from_db()
    assert ended.status == Listing.Status.EXPIRED and running.status == Listing.Status.PUBLISHED


def test_unpublish_and_let_take_a_listing_off_line(make_listing):
    first, second = make_listing(), make_listing()
    rules.unpublish(first)
    rules.mark_let(second)
    assert not Listing.objects.public().exists()


def test_a_photo_without_alt_text_is_refused(make_listing, make_image):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    from plugins.listings.models import ListingPhoto

    photo = ListingPhoto(listing=make_listing(), image=make_image(), alt_text="")
    with pytest.raises(ValidationError):
        photo.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        photo.save()
