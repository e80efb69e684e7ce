"""The scoping matrix over every admin, API and export URL of listings: another organisation's drafts and contacts never exist."""

import pytest

from plugins.listings.models import Contact, Listing

pytestmark = pytest.mark.django_db


def contact_for(listing):
    return Contact.objects.create(listing=listing, name="Awa Exemple", email="awa@exemple.org", message="Bonjour",
                                  consent_at=listing.updated_at)


@pytest.fixture
def records(make_listing):
    lyon = make_listing(reference="LYON-EN-LIGNE")
    lyon_draft = make_listing(reference="LYON-BROUILLON", status=Listing.Status.DRAFT)
    grenoble = make_listing("Grenoble Habitat", "FR/84/38/38185", reference="GRE-EN-LIGNE")
    grenoble_draft = make_listing("Grenoble Habitat", "FR/84/38/38185", reference="GRE-BROUILLON", status=Listing.Status.DRAFT)
    return {"lyon": lyon, "lyon_draft": lyon_draft, "lyon_contact": contact_for(lyon), "grenoble": grenoble,
            "grenoble_draft": grenoble_draft, "grenoble_contact": contact_for(grenoble)}


@pytest.mark.parametrize("role, organisation, outside", [
    ("listings.landlord_publisher", "Lyon Métropole Habitat", ["grenoble_draft", "grenoble_contact"]),
    ("listings.landlord_publisher", "Grenoble Habitat", ["lyon_draft", "lyon_contact"]),
    ("listings.reservation_holder", "Ville de Lyon", ["lyon_draft", "lyon_contact", "grenoble_draft", "grenoble_contact"]),
    ("listings.territory_supervisor", "DDETS du Rhône", ["grenoble_draft", "grenoble_contact", "lyon_contact"]),
    ("listings.territory_supervisor", "DDETS de l'Isère", ["lyon_draft", "lyon_contact", "grenoble_contact"]),
])
def test_no_role_reaches_another_organisation_draft_or_contact(records, demo_territories, scoping_matrix, role, organisation, outside):
    """Every URL: the outside records are never shown (their references in no body), reached (404/403) nor changed."""
    scoping_matrix("listings", outside=[records[name] for name in outside]).check_role(role, demo_territories.organisation(organisation))


@pytest.mark.parametrize("role, organisation", [("listings.landlord_publisher", "Lyon Métropole Habitat"),
                                                ("listings.territory_supervisor", "DDETS du Rhône")])
def test_an_expired_or_revoked_role_gives_nothing(records, demo_territories, scoping_matrix, role, organisation):
    for answers in scoping_matrix("listings", inside=[records["lyon_draft"], records["lyon_contact"]]).check_lapsed(
            role, demo_territories.organisation(organisation)):
        assert answers.by_url["/api/listings/manage/"].status_code == 403


def test_the_national_role_sees_figures_and_never_a_listing(client, records, roles, demo_territories, scoping_matrix):
    scoping_matrix("listings", inside=[records["lyon_draft"], records["grenoble_draft"], records["lyon_contact"]]).check_aggregates_only(
        "listings.national", demo_territories.organisation("GIP SNE"))
    client.force_login(roles["national"])
    page = client.get("/admin/annonces/chiffres/")
    assert page.status_code == 200 and "LYON-BROUILLON" not in page.content.decode()
    assert client.get("/admin/listings/").status_code in (302, 403)
