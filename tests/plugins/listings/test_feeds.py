"""Feeds for portals carry the listings on line only, parse back, and leave out a listing whose window closed."""

import datetime
import json
from xml.etree import ElementTree

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from plugins.listings import feeds, jobs
from plugins.listings.models import Listing, ListingPhoto

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def on_and_off(make_listing, make_image, today):
    on_line = make_listing(title="En ligne & <bien>")
    ListingPhoto.objects.create(listing=on_line, image=make_image(), alt_text="Séjour lumineux", sort_order=0)
    make_listing(title="Brouillon", status=Listing.Status.DRAFT)
    make_listing(title="Fini", visible_from=today - datetime.timedelta(days=9), visible_until=today - datetime.timedelta(days=1))
    return on_line


def test_rss_parses_back_with_the_listings_on_line_only(client, on_and_off):
    response = client.get("/annonces/flux/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    items = ElementTree.fromstring(response.content).findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["En ligne & <bien> — Lyon"]
    assert items[0].findtext("link").endswith(f"/annonces/{on_and_off.pk}/")


def test_atom_parses_back(client, on_and_off):
    root = ElementTree.fromstring(client.get("/annonces/flux/atom/").content)
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == ["En ligne & <bien> — Lyon"]


def test_trovit_xml_maps_the_fields_and_parses_back(client, on_and_off):
    root = ElementTree.fromstring(client.get("/annonces/flux/trovit/").content)
    ads = root.findall("ad")
    assert len(ads) == 1
    ad = ads[0]
    assert ad.findtext("id") == f"{on_and_off.organisation_id}-{on_and_off.reference}"
    assert ad.findtext("type") == "For Rent" and ad.findtext("price") == "490.00" and ad.find("price").get("period") == "monthly"
    assert ad.findtext("rooms") == "3" and ad.findtext("city") == "Lyon" and ad.findtext("energy_class") == "C"
    assert ad.findtext("expiration_date") == on_and_off.visible_until.strftime("%d/%m/%Y")
    assert ad.findtext("pictures/picture/picture_title") == "Séjour lumineux"


def test_a_listing_leaves_the_feeds_the_day_after_its_window_closes(on_and_off, today):
    assert "En ligne" in feeds.render("rss", "https://exemple.fr", today=on_and_off.visible_until)
    assert "En ligne" not in feeds.render("rss", "https://exemple.fr", today=on_and_off.visible_until + datetime.timedelta(days=1))


def test_an_unknown_feed_is_a_404(client):
    assert client.get("/annonces/flux/csv/").status_code == 404


def test_the_command_rewrites_the_feed_files_and_reports_in_json(on_and_off, capsys):
    call_command("listings", "feeds", "--json")
    written = json.loads(capsys.readouterr().out)
    assert set(written) == {"rss", "atom", "trovit"}
    with default_storage.open(written["trovit"]["path"]) as handle:
        assert len(ElementTree.parse(handle).getroot().findall("ad")) == 1


def test_the_daily_job_expires_closed_windows_and_rewrites_the_feeds(make_listing, today):
    ended = make_listing(visible_from=today - datetime.timedelta(days=9), visible_until=today - datetime.timedelta(days=1))
    result = jobs.daily(today)
    ended.refresh_from_db()
    assert result["expired"] == 1 and ended.status == Listing.Status.EXPIRED
    assert default_storage.exists(f"{jobs.FEEDS_DIR}/annonces.rss")
