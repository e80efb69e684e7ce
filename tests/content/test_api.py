import pytest


def test_pages_api_lists_only_live_public_pages_with_streamfield_json(client, guide, pros_page):
    listing = client.get("/api/v2/pages/?type=content.GuidePage&fields=themes,section,audience,body").json()
    slugs = {item["meta"]["slug"] for item in listing["items"]}
    assert slugs == {"cotation-principes", "grille-de-cotation"}
    item = next(i for i in listing["items"] if i["meta"]["slug"] == "cotation-principes")
    assert item["section"] == "cotation" and item["audience"] == "public"
    assert {"name": "Cotation de la demande", "slug": "cotation-de-la-demande", "parent": None} in item["themes"]
    assert [block["type"] for block in item["body"]] == ["text", "callout", "text", "table", "callout"]
    assert item["body"][1]["value"]["kind"] == "note" and item["body"][3]["value"]["data"][0][0] == "Avant"


def test_private_page_is_absent_even_for_signed_in_callers(client, pros_page, person):
    assert client.get(f"/api/v2/pages/{pros_page.pk}/").status_code == 404
    client.force_login(person("connecte"))
    assert client.get(f"/api/v2/pages/{pros_page.pk}/").status_code == 404
    found = client.get("/api/v2/pages/?search=confidentielle").json()
    assert pros_page.pk not in [item["id"] for item in found["items"]]


def test_unpublished_page_is_absent(client, guide):
    guide.unpublish()
    assert client.get(f"/api/v2/pages/{guide.pk}/").status_code == 404


def test_openapi_describes_every_endpoint_and_the_fields_served(client, guide):
    schema = client.get("/api/v2/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    for path in schema["paths"]:
        url = path.replace("{id}", str(guide.pk)) if "pages" in path else path
        if "{id}" in url:
            continue
        assert client.get(url).status_code == 200, url
    documented = schema["components"]["schemas"]["content.GuidePage"]["allOf"][1]["properties"]
    served = client.get(f"/api/v2/pages/{guide.pk}/").json()
    assert set(documented) <= set(served)
    assert documented["audience"]["enum"] == ["public", "pros"]
    assert set(schema["components"]["schemas"]["StreamBlock"]["properties"]["type"]["enum"]) >= {"text", "callout", "table", "faq"}


def test_cors_header_for_allowed_origin(client, guide, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://front.example.org"]
    response = client.get("/api/v2/pages/", HTTP_ORIGIN="https://front.example.org")
    assert response["Access-Control-Allow-Origin"] == "https://front.example.org"
    assert "Access-Control-Allow-Origin" not in client.get("/api/v2/pages/", HTTP_ORIGIN="https://autre.example").headers


def test_drafts_never_leak(client, guide, sites):
    from content.models import GuidePage

    guide.title = "Brouillon non publié"
    guide.save_revision()
    served = client.get(f"/api/v2/pages/{guide.pk}/").json()
    assert served["title"] == "La cotation : principes"
    draft = GuidePage(title="Jamais publiée", slug="jamais-publiee", live=False)
    draft.themes = list(guide.themes.all())
    guide.get_parent().add_child(instance=draft)
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert "jamais-publiee" not in client.get("/api/v2/pages/?search=Jamais").content.decode()


def test_images_and_documents_endpoints(client, db, make_image):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.models import Collection, CollectionViewRestriction

    image = make_image("Schéma de la cotation")
    public = Document.objects.create(title="Guide du guichet", file=ContentFile(b"%PDF-1.4 guide", "guide.pdf"))
    internal = Collection.get_first_root_node().add_child(name="Interne")
    CollectionViewRestriction.objects.create(collection=internal, restriction_type=CollectionViewRestriction.LOGIN)
    hidden = Document.objects.create(title="Note interne", collection=internal,
                                     file=ContentFile(b"%PDF-1.4 note", "note.pdf"))
    images = client.get("/api/v2/images/?fields=width,height").json()
    assert [(i["title"], i["width"], i["height"]) for i in images["items"]] == [("Schéma de la cotation", 40, 30)]
    assert client.get(f"/api/v2/images/{image.pk}/").json()["meta"]["download_url"].endswith(".png")
    documents = client.get("/api/v2/documents/").json()
    assert [d["title"] for d in documents["items"]] == ["Guide du guichet"]
    assert client.get(f"/api/v2/documents/{public.pk}/").json()["meta"]["download_url"].endswith("guide.pdf")
    assert client.get(f"/api/v2/documents/{hidden.pk}/").status_code == 404


def test_one_description_holds_the_core_api_and_the_pages_api(client, guide, settings):
    """``/api/openapi.json`` describes ``/api/v2/`` too, every reference resolves, ``/api/docs`` loads nothing from outside."""
    import json
    import re

    settings.LOGIS_API_DOCS_PUBLIC = True
    schema = client.get("/api/openapi.json").json()
    assert {"/api/v2/pages/", "/api/v2/pages/{id}/", "/api/v2/images/", "/api/v2/documents/{id}/"} <= set(schema["paths"])
    assert any(path.startswith("/api/jobs/") for path in schema["paths"])   # the core's own routes are still there
    refs = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(schema)))
    assert refs and refs <= set(schema["components"]["schemas"]), refs - set(schema["components"]["schemas"])
    assert "content.GuidePage" in schema["components"]["schemas"]
    html = client.get("/api/docs").content.decode()
    assets = re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"', html)
    assert assets and all(url.startswith("/static/") for url in assets), assets


ENGLISH = ("must be", "doesn't exist", "cannot", "not supported", "unknown", "error", "Not found", "No ", "query parameter")


@pytest.mark.parametrize("query", ["?child_of=abc", "?child_of=987654", "?ancestor_of=x", "?descendant_of=-3", "?limit=5000",
                                   "?offset=abc", "?order=nimporte", "?order=random&offset=3", "?fields=_,inconnu",
                                   "?type=faux.Type", "?nimporte=1", "?search=%22ouvert", "?fields=title(x)",
                                   "?order=Method not allowed"])
def test_the_pages_api_refuses_in_french_naming_the_parameter(client, guide, query):
    from django.db import connection

    response = client.get(f"/api/v2/pages/{query}")
    if "search" in query and connection.vendor != "sqlite":
        assert response.status_code == 200  # PostgreSQL reads an unterminated quote as text
        return
    assert response.status_code == 400, query
    message = response.json()["message"]
    assert not any(english in message for english in ENGLISH), message


def test_an_unknown_page_is_a_french_404(client, guide):
    response = client.get("/api/v2/pages/987654/")
    assert response.status_code == 404
    assert response.json()["message"].startswith("Introuvable")


def test_every_page_type_served_has_its_schema_in_the_description(client, guide):
    """The detail answer is ``oneOf`` the page schemas: a served type without one (a legal notice, the sitemap) failed
    schemathesis on /api/v2/pages/{id}/."""
    described = set(client.get("/api/v2/openapi.json").json()["components"]["schemas"])
    served = {item["meta"]["type"] for item in client.get("/api/v2/pages/?limit=20&offset=0").json()["items"]}
    offset = 20
    while page := client.get(f"/api/v2/pages/?limit=20&offset={offset}").json()["items"]:
        served |= {item["meta"]["type"] for item in page}
        offset += 20
    assert served - {"content.GuidePage"}, "la démonstration sert plusieurs types de pages"
    assert served <= described, served - described
